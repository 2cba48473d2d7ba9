"""crampwise Python tests (run with `./dev test` or `pytest`)."""
