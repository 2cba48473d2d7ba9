//! Elemental fractions: known values and robustness on arbitrary input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use crampwise_content::elemental_fraction;
use proptest::prelude::*;

#[test]
fn known_values() {
    for (formula, expected) in [
        ("MgO", 0.603),
        ("MgCl2·6H2O", 0.120),
        ("Mg3(C6H5O7)2", 0.162),
    ] {
        let got = elemental_fraction(formula).unwrap();
        assert!((got - expected).abs() < 0.0005, "{formula}: {got}");
    }
}

proptest! {
    #[test]
    fn never_panics_on_any_string(s in any::<String>()) {
        if let Ok(f) = elemental_fraction(&s) {
            prop_assert!(f > 0.0 && f <= 1.0, "{s:?} gave {f}");
        }
    }

    #[test]
    fn never_panics_on_formula_like_strings(s in "[0-9MgOHCNClSaKP()\\[\\]·. ]{0,40}") {
        if let Ok(f) = elemental_fraction(&s) {
            prop_assert!(f > 0.0 && f <= 1.0, "{s:?} gave {f}");
        }
    }
}
