//! Fit with a person's plan: status, dose within the cap, form, format,
//! ingredients they avoid, companions, spacing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use crampwise_label::{check_text, FitReason, LabelReport, Verdict};
use crampwise_rules::{Engine, Profile};

const GLYCINATE_200: &str = "Supplement Facts\nServing Size 2 Capsules\n\
    Magnesium (as magnesium bisglycinate chelate) 200 mg 48%\n\
    Other ingredients: hypromellose (vegetable capsule), rice flour.\nNSF Certified for Sport";

fn check(label: &str, profile: &str) -> LabelReport {
    let engine = Engine::embedded().unwrap();
    let profile = Profile::from_json(profile).unwrap();
    let plan = engine.evaluate(&profile);
    check_text(label, engine.content(), Some((&profile, &plan))).unwrap()
}

fn reason<'r>(r: &'r LabelReport, id: &str) -> &'r FitReason {
    let fit = r.fit.as_ref().unwrap();
    fit.reasons
        .iter()
        .find(|x| x.id == id)
        .unwrap_or_else(|| panic!("no `{id}` in {:?}", fit.reasons))
}

const ADULT: &str = r#"{"age": 45, "sex": "female", "cramps": {"per_week": 3, "timing": ["night"]},
    "conditions": [], "medications": [], "symptoms": [], "supplements": []"#;

#[test]
fn a_plain_adult_fits_a_clean_glycinate() {
    let r = check(GLYCINATE_200, &format!("{ADULT}}}"));
    let fit = r.fit.as_ref().unwrap();
    assert!(fit.fits, "{:?}", fit.reasons);
    assert!(reason(&r, "form").text.contains("first choice"));
    assert_eq!(r.verdict, Verdict::Good);
}

#[test]
fn kidney_disease_does_not_fit() {
    let r = check(
        GLYCINATE_200,
        r#"{"age": 60, "conditions": ["kidney_disease"], "medications": [], "symptoms": []}"#,
    );
    let fit = r.fit.as_ref().unwrap();
    assert!(!fit.fits);
    let status = reason(&r, "status");
    assert!(!status.ok && status.safety);
    assert!(status.text.contains("not_advised"), "{}", status.text);
    assert_eq!(r.verdict, Verdict::UnsafeForYou);
    // Mismatches come first.
    assert!(!fit.reasons[0].ok);
}

#[test]
fn an_eu_adult_with_a_300_mg_label_is_above_the_limit() {
    let label = "Magnesium (as magnesium bisglycinate chelate) 300 mg 71%";
    let r = check(label, &format!(r#"{ADULT}, "jurisdiction": "eu"}}"#));
    assert!(r.has_warning("above_upper_limit"));
    let w = r
        .warnings
        .iter()
        .find(|w| w.id == "above_upper_limit")
        .unwrap();
    assert!(
        w.text.contains("EU (EFSA)") && w.text.contains("250 mg"),
        "{}",
        w.text
    );
    let dose = reason(&r, "dose");
    assert!(!dose.ok && dose.safety, "{dose:?}");
    assert!(!r.fit.as_ref().unwrap().fits);
    assert_eq!(r.verdict, Verdict::UnsafeForYou);
    // The same label for a US adult: within 350, no warning; the dose fits.
    let r = check(label, &format!("{ADULT}}}"));
    assert!(!r.has_warning("above_upper_limit"));
    assert!(reason(&r, "dose").ok);
}

#[test]
fn someone_already_taking_300_mg_exceeds_the_cap() {
    let profile = r#"{"age": 45, "conditions": [], "medications": [], "symptoms": [],
        "supplements": [{"form": "citrate", "elemental_mg": 300}]}"#;
    let r = check(GLYCINATE_200, profile);
    let dose = reason(&r, "dose");
    assert!(!dose.ok && dose.safety, "{dose:?}");
    assert!(dose.text.contains("50 mg"), "{}", dose.text);
    assert!(
        dose.text.contains("300 mg you already take"),
        "{}",
        dose.text
    );
    assert!(!r.fit.as_ref().unwrap().fits);
}

#[test]
fn a_vegan_does_not_fit_a_gelatin_capsule() {
    let label = "Serving Size 2 Capsules\nMagnesium (as magnesium glycinate) 200 mg\n\
        Other ingredients: gelatin capsule, rice flour.";
    let vegan = format!(r#"{ADULT}, "lifestyle": {{"diet": "vegan"}}}}"#);
    let r = check(label, &vegan);
    let animal = reason(&r, "animal_ingredients");
    assert!(!animal.ok && !animal.safety, "{animal:?}");
    assert!(animal.text.contains("gelatin"));
    assert!(!r.fit.as_ref().unwrap().fits);
    // A preference, not a safety matter: the verdict stays on the product.
    assert_ne!(r.verdict, Verdict::UnsafeForYou);
    // The same person, a vegetable capsule: fits.
    let r = check(GLYCINATE_200, &vegan);
    assert!(reason(&r, "animal_ingredients").ok);
    // Animal ingredients as a preference, not a diet.
    let avoid = format!(r#"{ADULT}, "preferences": {{"avoid": ["animal_ingredients"]}}}}"#);
    assert!(!reason(&check(label, &avoid), "animal_ingredients").ok);
}

#[test]
fn preferences_for_format_sweeteners_and_colours() {
    let label = "Serving Size 1 scoop (5 g)\nMagnesium (as magnesium glycinate) 200 mg\n\
        Other ingredients: citric acid, sucralose, FD&C Red No. 40.";
    let p = format!(
        r#"{ADULT}, "preferences": {{"format": "capsule", "avoid": ["artificial_sweeteners", "artificial_colors"]}}}}"#
    );
    let r = check(label, &p);
    assert!(!reason(&r, "format").ok);
    assert!(reason(&r, "format").text.contains("powder"));
    assert!(reason(&r, "artificial_sweeteners")
        .text
        .contains("sucralose"));
    assert!(!reason(&r, "artificial_colors").ok);
}

#[test]
fn loose_stools_rule_out_laxative_forms() {
    let label = "Magnesium (as magnesium citrate) 150 mg";
    let p = r#"{"age": 45, "conditions": [], "medications": [], "symptoms": ["loose_stools"], "supplements": []}"#;
    let form = reason(&check(label, p), "form").clone();
    assert!(!form.ok, "{form:?}");
    assert!(form.text.contains("loose stools"));
}

#[test]
fn b6_with_what_is_already_taken_is_checked_against_the_limit() {
    let label = "Magnesium (as magnesium glycinate) 100 mg\nVitamin B6 (as pyridoxine HCl) 10 mg";
    let p = r#"{"age": 45, "jurisdiction": "eu", "conditions": [], "medications": [], "symptoms": [],
            "supplements": [{"nutrient": "vitamin_b6", "mg": 5}]}"#;
    let b6 = reason(&check(label, p), "vitamin_b6").clone();
    assert!(!b6.ok && b6.safety, "{b6:?}");
}

#[test]
fn medicines_that_need_spacing_are_named() {
    let p = r#"{"age": 45, "conditions": [], "medications": ["levothyroxine"], "symptoms": [], "supplements": []}"#;
    let r = check(GLYCINATE_200, p);
    let spacing = reason(&r, "spacing");
    assert!(
        spacing.ok && spacing.text.contains("levothyroxine"),
        "{spacing:?}"
    );
}

#[test]
fn no_profile_no_fit() {
    let content = crampwise_content::Content::embedded().unwrap();
    let r = check_text(GLYCINATE_200, &content, None).unwrap();
    assert!(r.fit.is_none());
    assert!(r.to_json().contains("\"fit\":null"));
}
