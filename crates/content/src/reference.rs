//! Reference values that no data file may loosen.
//!
//! Content and rule directories are user input (`--content-dir`,
//! `--rules-dir`). The figures here are written in code, from the primary
//! sources, so that a content file can lower an upper limit or raise a
//! warning sign's level, but never the other way: a loosened value is a load
//! error, and the rules crate's safety kernel applies these figures to every
//! plan whatever the files say.
//!
//! Sources: IOM 1997 Dietary Reference Intakes (as in the NIH ODS magnesium
//! and vitamin B6 fact sheets); EFSA 2006 tolerable upper intake levels
//! (magnesium) and EFSA Journal 2023;21(5):8006 (vitamin B6); Shao and
//! Hathcock 2008 (taurine observed safe level); NHS, NI Direct and CDC pages
//! on the warning signs (see `sources.toml`).

use crate::demographics::Jurisdiction;
use crate::enums::TriageLevel;

/// `(from age, to age, mg)` bands, ascending; an age outside every band has
/// no established limit.
type Bands = &'static [(f64, f64, f64)];

const MAGNESIUM_US: Bands = &[(1.0, 4.0, 65.0), (4.0, 9.0, 110.0), (9.0, 121.0, 350.0)];
const MAGNESIUM_EU: Bands = &[(4.0, 121.0, 250.0)];
const B6_US: Bands = &[
    (1.0, 4.0, 30.0),
    (4.0, 9.0, 40.0),
    (9.0, 14.0, 60.0),
    (14.0, 19.0, 80.0),
    (19.0, 121.0, 100.0),
];
const B6_EU: Bands = &[
    (1.0, 4.0, 3.2),
    (4.0, 7.0, 4.5),
    (7.0, 11.0, 6.1),
    (11.0, 15.0, 8.6),
    (15.0, 18.0, 10.7),
    (18.0, 121.0, 12.0),
];

/// Taurine: the highest intake studied without harm (Shao and Hathcock 2008),
/// mg a day; an observed safe level, not a regulatory limit.
pub const TAURINE_OBSERVED_SAFE_MG: f64 = 3000.0;

fn band(bands: Bands, age: f64) -> Option<f64> {
    bands
        .iter()
        .find(|(from, to, _)| age >= *from && age < *to)
        .map(|(_, _, mg)| *mg)
}

/// The reference tolerable upper intake level for SUPPLEMENTAL magnesium,
/// mg a day (US IOM 1997; EU EFSA); `None`: not established (food only).
pub fn supplemental_magnesium_ul_mg(age: f64, jurisdiction: Jurisdiction) -> Option<f64> {
    match jurisdiction {
        Jurisdiction::Us => band(MAGNESIUM_US, age),
        Jurisdiction::Eu => band(MAGNESIUM_EU, age),
    }
}

/// The reference upper limit for vitamin B6, mg a day (US IOM 1997; EU EFSA
/// 2023, by age); `None`: not established.
pub fn vitamin_b6_ul_mg(age: f64, jurisdiction: Jurisdiction) -> Option<f64> {
    match jurisdiction {
        Jurisdiction::Us => band(B6_US, age),
        Jurisdiction::Eu => band(B6_EU, age),
    }
}

/// The reference limit of a companion nutrient by content id, if it has one.
pub fn companion_limit_mg(id: &str, age: f64, jurisdiction: Jurisdiction) -> Option<f64> {
    match id {
        "vitamin_b6" => vitamin_b6_ul_mg(age, jurisdiction),
        "taurine" => Some(TAURINE_OBSERVED_SAFE_MG),
        _ => None,
    }
}

/// Ages at which a reference band starts or ends: a content band is checked
/// at each of these that falls inside it, and at its own ends.
pub(crate) fn band_edges() -> impl Iterator<Item = f64> + Clone {
    [MAGNESIUM_US, MAGNESIUM_EU, B6_US, B6_EU]
        .into_iter()
        .flat_map(|b| b.iter().flat_map(|(from, to, _)| [*from, *to]))
}

/// The warning signs of the contract and the least triage level each calls
/// for. A content red flag with one of these ids may not set a lower level.
pub const RED_FLAG_LEVELS: &[(&str, TriageLevel)] = &[
    ("possible_pulmonary_embolism", TriageLevel::Emergency),
    ("chest_pain", TriageLevel::Emergency),
    ("possible_dvt", TriageLevel::Urgent),
    ("red_warm_leg", TriageLevel::Urgent),
    ("shortness_of_breath", TriageLevel::Urgent),
    ("possible_rhabdomyolysis", TriageLevel::Urgent),
    ("confusion", TriageLevel::Urgent),
    ("cramp_over_10_minutes", TriageLevel::Urgent),
    ("exercise_hyponatraemia", TriageLevel::Emergency),
    ("dark_urine", TriageLevel::Clinician),
    ("claudication", TriageLevel::Clinician),
    ("muscle_weakness_or_wasting", TriageLevel::Clinician),
    ("numbness", TriageLevel::Clinician),
    ("leg_swelling", TriageLevel::Clinician),
    ("palpitations", TriageLevel::Clinician),
    ("new_cramps_on_statin", TriageLevel::Clinician),
    ("new_cramps_on_diuretic", TriageLevel::Clinician),
    ("kidney_disease_review", TriageLevel::Clinician),
    ("heart_block_review", TriageLevel::Clinician),
    ("myasthenia_gravis_review", TriageLevel::Clinician),
    ("pregnancy_review", TriageLevel::Clinician),
    ("lactation_review", TriageLevel::Clinician),
    ("child_review", TriageLevel::Clinician),
    ("infant_review", TriageLevel::Clinician),
];

/// The reference level of a red flag id, if it is one of the contract's.
pub fn red_flag_level(id: &str) -> Option<TriageLevel> {
    RED_FLAG_LEVELS
        .iter()
        .find(|(flag, _)| *flag == id)
        .map(|(_, level)| *level)
}

#[cfg(test)]
#[allow(
    clippy::indexing_slicing,
    reason = "tests may index and slice, as the integration tests do: a panic is a failed test"
)]
mod tests {
    use super::*;

    #[test]
    fn magnesium_limits_match_iom_and_efsa() {
        let us = |age| supplemental_magnesium_ul_mg(age, Jurisdiction::Us);
        let eu = |age| supplemental_magnesium_ul_mg(age, Jurisdiction::Eu);
        assert_eq!(us(0.5), None);
        assert_eq!(us(1.0), Some(65.0));
        assert_eq!(us(8.99), Some(110.0));
        assert_eq!(us(9.0), Some(350.0));
        assert_eq!(us(120.0), Some(350.0));
        assert_eq!(eu(3.99), None);
        assert_eq!(eu(4.0), Some(250.0));
    }

    #[test]
    fn b6_limits_follow_the_age_bands() {
        let eu = |age| vitamin_b6_ul_mg(age, Jurisdiction::Eu);
        assert_eq!(eu(2.0), Some(3.2));
        assert_eq!(eu(6.0), Some(4.5));
        assert_eq!(eu(10.0), Some(6.1));
        assert_eq!(eu(14.0), Some(8.6));
        assert_eq!(eu(17.0), Some(10.7));
        assert_eq!(eu(40.0), Some(12.0));
        assert_eq!(vitamin_b6_ul_mg(18.5, Jurisdiction::Us), Some(80.0));
        assert_eq!(vitamin_b6_ul_mg(19.0, Jurisdiction::Us), Some(100.0));
    }

    #[test]
    fn red_flag_ids_are_unique() {
        for (i, (id, _)) in RED_FLAG_LEVELS.iter().enumerate() {
            assert!(RED_FLAG_LEVELS[..i].iter().all(|(other, _)| other != id));
        }
    }
}
