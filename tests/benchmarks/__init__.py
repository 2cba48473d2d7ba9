"""Benchmarks (run by hand, never by pytest): see compare.py and BENCHMARKS.md."""
