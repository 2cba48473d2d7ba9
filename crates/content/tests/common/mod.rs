//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub(crate) fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A fresh directory holding the valid fixture with the files of `fixtures/<case>/` on top.
pub(crate) fn fixture_dir(case: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("content-fixtures")
        .join(case);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for layer in ["valid", case] {
        let Ok(entries) = std::fs::read_dir(fixtures().join(layer)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    dir
}

/// Mg mass fraction, computed here independently of the crate's parser.
pub(crate) fn recompute_fraction(formula: &str) -> f64 {
    let weights: HashMap<&str, f64> = [
        ("Mg", 24.305),
        ("O", 15.999),
        ("H", 1.008),
        ("C", 12.011),
        ("N", 14.007),
        ("Cl", 35.45),
        ("S", 32.06),
        ("Ca", 40.078),
        ("K", 39.098),
        ("Na", 22.990),
        ("P", 30.974),
    ]
    .into_iter()
    .collect();
    let mut counts: HashMap<String, f64> = HashMap::new();
    for part in formula.split(['·', '.']) {
        let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
        let multiplier: f64 = if digits.is_empty() {
            1.0
        } else {
            digits.parse().unwrap()
        };
        let chars: Vec<char> = part[digits.len()..].chars().collect();
        let (group, end) = group(&chars, 0);
        assert_eq!(end, chars.len(), "unparsed rest in {formula}");
        for (element, n) in group {
            *counts.entry(element).or_default() += n * multiplier;
        }
    }
    let total: f64 = counts
        .iter()
        .map(|(e, n)| {
            weights
                .get(e.as_str())
                .unwrap_or_else(|| panic!("element {e}"))
                * n
        })
        .sum();
    counts["Mg"] * weights["Mg"] / total
}

fn count(chars: &[char], mut i: usize) -> (f64, usize) {
    let start = i;
    while i < chars.len() && chars[i].is_ascii_digit() {
        i += 1;
    }
    let text: String = chars[start..i].iter().collect();
    (
        if text.is_empty() {
            1.0
        } else {
            text.parse().unwrap()
        },
        i,
    )
}

fn group(chars: &[char], mut i: usize) -> (HashMap<String, f64>, usize) {
    let mut counts: HashMap<String, f64> = HashMap::new();
    while i < chars.len() {
        match chars[i] {
            '(' => {
                let (inner, close) = group(chars, i + 1);
                assert_eq!(chars[close], ')');
                let (n, next) = count(chars, close + 1);
                for (e, c) in inner {
                    *counts.entry(e).or_default() += c * n;
                }
                i = next;
            }
            ')' => return (counts, i),
            c if c.is_ascii_uppercase() => {
                let mut symbol = c.to_string();
                i += 1;
                if i < chars.len() && chars[i].is_ascii_lowercase() {
                    symbol.push(chars[i]);
                    i += 1;
                }
                let (n, next) = count(chars, i);
                *counts.entry(symbol).or_default() += n;
                i = next;
            }
            c => panic!("unexpected {c}"),
        }
    }
    (counts, i)
}
