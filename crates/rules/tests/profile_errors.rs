//! Bad profiles: every error names the JSON path first, then what is wrong
//! and what was expected; unknown keys are errors at every level; nothing
//! panics, however odd the input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use crampwise_rules::{Profile, MAX_PROFILE_BYTES};
use proptest::prelude::*;
use serde_json::{json, Value};

fn errors(text: &str) -> Vec<String> {
    match Profile::from_json(text) {
        Ok(p) => panic!("{text} parsed as {p:?}"),
        Err(e) => e.0.iter().map(ToString::to_string).collect(),
    }
}

/// (profile JSON, every error it must give, in order).
const TABLE: &[(&str, &[&str])] = &[
    // --- unknown keys, at every level -------------------------------------
    (
        r#"{"age": 30, "conditons": ["kidney_disease"]}"#,
        &["conditons: unknown field `conditons`; expected one of `age`, `sex`, `pregnancy`, `lactating`, `cramps`, `symptoms`, `lifestyle`, `conditions`, `medications`, `supplements`, `diet_magnesium_mg`, `preferences`, `jurisdiction`; did you mean `conditions`?"],
    ),
    (
        r#"{"age": 30, "cramps": {"per_wek": 3}}"#,
        &["cramps.per_wek: unknown field `per_wek`; expected one of `per_week`, `timing`, `sites`, `severity`, `one_sided`, `weeks`, `duration_minutes`, `eases_with_stretching`, `sudden_onset`, `task_specific`; did you mean `per_week`?"],
    ),
    (
        r#"{"age": 30, "lifestyle": {"diett": "keto"}}"#,
        &["lifestyle.diett: unknown field `diett`; expected one of `exercise_per_week`, `heavy_sweating`, `caffeine_cups_per_day`, `alcohol_drinks_per_week`, `stress`, `diet`, `water_liters_per_day`, `sitting_hours_per_day`; did you mean `diet`?"],
    ),
    (
        r#"{"age": 30, "preferences": {"formats": "any"}}"#,
        &["preferences.formats: unknown field `formats`; expected `format` or `avoid`; did you mean `format`?"],
    ),
    (
        r#"{"age": 30, "supplements": [{"form": "citrate", "elemental_mg": 1}, {"form": "citrate", "elemental_mg": 1, "brand": "x"}]}"#,
        &["supplements[1].brand: unknown field `brand`; expected one of `form`, `elemental_mg`, `nutrient`, `mg`"],
    ),
    // --- wrong types -------------------------------------------------------
    (r#"{"age": "30"}"#, &["age: expected a number, got `\"30\"`"]),
    (r#"{"age": null}"#, &["age: expected a number, got `null`"]),
    (r#"{"age": true}"#, &["age: expected a number, got `true`"]),
    (r#"{"age": 30, "sex": 1}"#, &["sex: expected a string, got `1`"]),
    (r#"{"age": 30, "lactating": "yes"}"#, &["lactating: expected `true` or `false`, got `\"yes\"`"]),
    (r#"{"age": 30, "cramps": {"one_sided": 1}}"#, &["cramps.one_sided: expected `true` or `false`, got `1`"]),
    (r#"{"age": 30, "cramps": {"per_week": "3"}}"#, &["cramps.per_week: expected a number, got `\"3\"`"]),
    (r#"{"age": 30, "cramps": {"timing": "night"}}"#, &["cramps.timing: expected a list, got `\"night\"`"]),
    (r#"{"age": 30, "symptoms": "cramps"}"#, &["symptoms: expected a list, got `\"cramps\"`"]),
    (r#"{"age": 30, "symptoms": [1]}"#, &["symptoms[0]: expected a string, got `1`"]),
    (r#"{"age": 30, "supplements": {"form": "citrate"}}"#, &["supplements: expected a list, got an object"]),
    (
        r#"{"age": 30, "supplements": [{"form": "citrate", "elemental_mg": "100"}]}"#,
        &["supplements[0].elemental_mg: expected a number, got `\"100\"`"],
    ),
    // --- arrays (or anything else) where objects are expected ---------------
    (r#"[1]"#, &["expected an object, got `[1]`"]),
    (r#"null"#, &["expected an object, got `null`"]),
    (r#"{"age": 30, "cramps": [3]}"#, &["cramps: expected an object, got `[3]`"]),
    (r#"{"age": 30, "lifestyle": []}"#, &["lifestyle: expected an object, got `[]`"]),
    (r#"{"age": 30, "preferences": "any"}"#, &["preferences: expected an object, got `\"any\"`"]),
    (r#"{"age": 30, "supplements": [["citrate", 100]]}"#, &["supplements[0]: expected an object, got `[\"citrate\",100]`"]),
    (r#"{"age": 30, "cramps": null}"#, &["cramps: expected an object, got `null`"]),
    // --- out of range, one per range --------------------------------------
    (r#"{"age": -1}"#, &["age: expected a number from 0 to 120, got `-1`"]),
    (r#"{"age": 120.5}"#, &["age: expected a number from 0 to 120, got `120.5`"]),
    (r#"{"age": 30, "cramps": {"per_week": -3}}"#, &["cramps.per_week: expected a number from 0 to 100, got `-3`"]),
    (r#"{"age": 30, "cramps": {"per_week": 100.5}}"#, &["cramps.per_week: expected a number from 0 to 100, got `100.5`"]),
    (r#"{"age": 30, "cramps": {"severity": 11}}"#, &["cramps.severity: expected a number from 0 to 10, got `11`"]),
    (r#"{"age": 30, "cramps": {"weeks": 6001}}"#, &["cramps.weeks: expected a number from 0 to 6000, got `6001`"]),
    (
        r#"{"age": 30, "lifestyle": {"exercise_per_week": 51}}"#,
        &["lifestyle.exercise_per_week: expected a number from 0 to 50, got `51`"],
    ),
    (
        r#"{"age": 30, "lifestyle": {"caffeine_cups_per_day": -0.5}}"#,
        &["lifestyle.caffeine_cups_per_day: expected a number from 0 to 50, got `-0.5`"],
    ),
    (
        r#"{"age": 30, "lifestyle": {"alcohol_drinks_per_week": 201}}"#,
        &["lifestyle.alcohol_drinks_per_week: expected a number from 0 to 200, got `201`"],
    ),
    (r#"{"age": 30, "lifestyle": {"stress": 10.01}}"#, &["lifestyle.stress: expected a number from 0 to 10, got `10.01`"]),
    (
        r#"{"age": 30, "lifestyle": {"water_liters_per_day": 21}}"#,
        &["lifestyle.water_liters_per_day: expected a number from 0 to 20, got `21`"],
    ),
    (
        r#"{"age": 30, "lifestyle": {"sitting_hours_per_day": 25}}"#,
        &["lifestyle.sitting_hours_per_day: expected a number from 0 to 24, got `25`"],
    ),
    (r#"{"age": 30, "diet_magnesium_mg": 5001}"#, &["diet_magnesium_mg: expected a number from 0 to 5000, got `5001`"]),
    (
        r#"{"age": 30, "supplements": [{"form": "citrate", "elemental_mg": 5001}]}"#,
        &["supplements[0].elemental_mg: expected a number from 0 to 5000, got `5001`"],
    ),
    (
        r#"{"age": 30, "supplements": [{"nutrient": "taurine", "mg": -1}]}"#,
        &["supplements[0].mg: expected a number from 0 to 100000, got `-1`"],
    ),
    (
        r#"{"age": 30, "supplements": [{"nutrient": "taurine", "mg": 100001}]}"#,
        &["supplements[0].mg: expected a number from 0 to 100000, got `100001`"],
    ),
    (
        r#"{"age": 30, "cramps": {"per_week": 18446744073709551616}}"#,
        &["cramps.per_week: expected a number from 0 to 100, got `18446744073709552000`"],
    ),
    // every range problem at once, with a supplement shape problem
    (
        r#"{"age": 400, "cramps": {"per_week": -3, "severity": 11}, "supplements": [{"form": "citrate"}]}"#,
        &[
            "age: expected a number from 0 to 120, got `400`",
            "cramps.per_week: expected a number from 0 to 100, got `-3`",
            "cramps.severity: expected a number from 0 to 10, got `11`",
            "supplements[0]: magnesium needs `elemental_mg`",
        ],
    ),
    // --- bad enum values ---------------------------------------------------
    (r#"{"age": 30, "sex": "other"}"#, &["sex: unknown variant `other`; expected one of `female`, `male`, `unspecified`"]),
    (
        r#"{"age": 30, "pregnancy": "yes"}"#,
        &["pregnancy: unknown variant `yes`; expected one of `none`, `trimester1`, `trimester2`, `trimester3`"],
    ),
    (
        r#"{"age": 30, "cramps": {"timing": ["night", "nightly"]}}"#,
        &["cramps.timing[1]: unknown variant `nightly`; expected one of `night`, `during_exercise`, `after_exercise`, `daytime_rest`, `sitting`; did you mean `night`?"],
    ),
    (
        r#"{"age": 30, "cramps": {"sites": ["leg"]}}"#,
        &["cramps.sites[0]: unknown variant `leg`; expected one of `calf`, `foot`, `hamstring`, `quadriceps`, `hand`, `neck`, `shoulder`, `jaw`, `back`, `abdomen`, `eyelid`"],
    ),
    (
        r#"{"age": 30, "symptoms": ["cramp"]}"#,
        &["symptoms[0]: unknown variant `cramp`; expected one of `twitching`, `persistent_tightness`, `poor_sleep`, `restless_legs`, `constipation`, `loose_stools`, `palpitations`, `numbness`, `muscle_weakness`, `leg_swelling`, `leg_redness_warmth`, `dark_urine`, `pain_walking_relieved_by_rest`, `chest_pain`, `shortness_of_breath`, `confusion`, `headache`, `vision_changes`, `vaginal_bleeding`, `vomiting`, `tendon_pain`"],
    ),
    (
        r#"{"age": 30, "lifestyle": {"diet": "paleo"}}"#,
        &["lifestyle.diet: unknown variant `paleo`; expected one of `standard`, `low_carb`, `keto`, `high_protein`, `vegetarian`, `vegan`"],
    ),
    (
        r#"{"age": 30, "conditions": ["kidney"]}"#,
        &["conditions[0]: unknown variant `kidney`; expected one of `kidney_disease`, `heart_block`, `myasthenia_gravis`, `diabetes`, `malabsorption`, `peripheral_artery_disease`, `neuropathy`, `hypothyroidism`, `liver_disease`"],
    ),
    (
        r#"{"age": 30, "medications": ["aspirin"]}"#,
        &["medications[0]: unknown variant `aspirin`; expected one of `bisphosphonate`, `tetracycline`, `fluoroquinolone`, `levothyroxine`, `loop_diuretic`, `thiazide_diuretic`, `potassium_sparing_diuretic`, `ppi`, `statin`, `beta_agonist`, `digoxin`, `calcium_channel_blocker`, `gabapentinoid`"],
    ),
    (
        r#"{"age": 30, "supplements": [{"form": "citrte", "elemental_mg": 1}]}"#,
        &["supplements[0].form: unknown variant `citrte`; expected one of `bisglycinate`, `glycinate`, `malate`, `citrate`, `oxide`, `chloride`, `sulfate`, `taurate`, `l_threonate`, `lactate`, `aspartate`, `carbonate`, `hydroxide`, `orotate`, `gluconate`; did you mean `citrate`?"],
    ),
    (
        r#"{"age": 30, "supplements": [{"nutrient": "zinc", "mg": 1}]}"#,
        &["supplements[0].nutrient: unknown variant `zinc`; expected one of `vitamin_b6`, `taurine`, `potassium`"],
    ),
    (
        r#"{"age": 30, "preferences": {"format": "gummy"}}"#,
        &["preferences.format: unknown variant `gummy`; expected one of `capsule`, `tablet`, `powder`, `any`"],
    ),
    (
        r#"{"age": 30, "preferences": {"avoid": ["gluten"]}}"#,
        &["preferences.avoid[0]: unknown variant `gluten`; expected one of `artificial_sweeteners`, `artificial_colors`, `animal_ingredients`"],
    ),
    (r#"{"age": 30, "jurisdiction": "uk"}"#, &["jurisdiction: unknown variant `uk`; expected `us` or `eu`"]),
    // --- supplement shape ----------------------------------------------------
    (r#"{"age": 30, "supplements": [{"nutrient": "taurine"}]}"#, &["supplements[0]: a nutrient needs `mg`"]),
    (
        r#"{"age": 30, "supplements": [{"form": "citrate", "elemental_mg": 1, "nutrient": "taurine", "mg": 1}]}"#,
        &["supplements[0]: give either `form` with `elemental_mg` (magnesium) or `nutrient` with `mg`, not both"],
    ),
    (r#"{"age": 30, "supplements": [{"elemental_mg": 1}]}"#, &["supplements[0]: `elemental_mg` needs a magnesium `form`"]),
    (r#"{"age": 30, "supplements": [{"mg": 1}]}"#, &["supplements[0]: `mg` needs a `nutrient`"]),
    (
        r#"{"age": 30, "supplements": [{}]}"#,
        &["supplements[0]: expected `form` with `elemental_mg` (magnesium) or `nutrient` with `mg`"],
    ),
    // --- missing and malformed ---------------------------------------------
    (r#"{}"#, &["missing field `age`"]),
    (r#"{"sex": "male"}"#, &["missing field `age`"]),
    ("", &["not valid JSON at line 1 column 0: EOF while parsing a value"]),
    (r#"{"age": 30} x"#, &["not valid JSON at line 1 column 13: trailing characters"]),
    (
        r#"{"age": 1e400}"#,
        &["age: number `1e400` is out of range; expected a number a double can hold (at most about 1.8e308)"],
    ),
    (
        r#"{"age": 30, "cramps": {"severity": -2.5e999}}"#,
        &["cramps.severity: number `-2.5e999` is out of range; expected a number a double can hold (at most about 1.8e308)"],
    ),
    (r#"{"age": NaN}"#, &["not valid JSON at line 1 column 9: expected value"]),
    (r#"{"age": 30,}"#, &["not valid JSON at line 1 column 12: trailing comma"]),
];

#[test]
fn bad_profiles_give_exact_errors() {
    let mut wrong = Vec::new();
    for (text, want) in TABLE {
        let got = errors(text);
        if got != *want {
            wrong.push(format!("{text}\n    got:  {got:?}\n    want: {want:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} rows differ:\n{}",
        wrong.len(),
        TABLE.len(),
        wrong.join("\n")
    );
}

/// (profile JSON, every error it must give, in document order): problems of
/// every kind reported together, with "did you mean" where a name is close.
const TOGETHER: &[(&str, &[&str])] = &[
    (
        r#"{"age": 400, "sex": "x"}"#,
        &[
            "age: expected a number from 0 to 120, got `400`",
            "sex: unknown variant `x`; expected one of `female`, `male`, `unspecified`",
        ],
    ),
    (
        r#"{"age": 60, "conditons": ["kidney_disease"], "cramps": {"per_week": -3}}"#,
        &[
            "conditons: unknown field `conditons`; expected one of `age`, `sex`, `pregnancy`, `lactating`, `cramps`, `symptoms`, `lifestyle`, `conditions`, `medications`, `supplements`, `diet_magnesium_mg`, `preferences`, `jurisdiction`; did you mean `conditions`?",
            "cramps.per_week: expected a number from 0 to 100, got `-3`",
        ],
    ),
    // Document order, not alphabetical order.
    (
        r#"{"sex": "femal", "age": "old", "cramps": {"timing": ["nigth", 3], "severty": 2}, "lactating": 1}"#,
        &[
            "sex: unknown variant `femal`; expected one of `female`, `male`, `unspecified`; did you mean `female`?",
            "age: expected a number, got `\"old\"`",
            "cramps.timing[0]: unknown variant `nigth`; expected one of `night`, `during_exercise`, `after_exercise`, `daytime_rest`, `sitting`; did you mean `night`?",
            "cramps.timing[1]: expected a string, got `3`",
            "cramps.severty: unknown field `severty`; expected one of `per_week`, `timing`, `sites`, `severity`, `one_sided`, `weeks`, `duration_minutes`, `eases_with_stretching`, `sudden_onset`, `task_specific`; did you mean `severity`?",
            "lactating: expected `true` or `false`, got `1`",
        ],
    ),
    // A missing `age` comes after the problems of the keys given.
    (
        r#"{"sex": "x", "lifestyle": {"stress": 11}}"#,
        &[
            "sex: unknown variant `x`; expected one of `female`, `male`, `unspecified`",
            "lifestyle.stress: expected a number from 0 to 10, got `11`",
            "missing field `age`",
        ],
    ),
    // Supplements: each entry's fields, then its shape.
    (
        r#"{"age": 30, "supplements": [{"form": "citrte"}, 3, {"nutrient": "taurine", "mg": -1, "brand": "x"}]}"#,
        &[
            "supplements[0].form: unknown variant `citrte`; expected one of `bisglycinate`, `glycinate`, `malate`, `citrate`, `oxide`, `chloride`, `sulfate`, `taurate`, `l_threonate`, `lactate`, `aspartate`, `carbonate`, `hydroxide`, `orotate`, `gluconate`; did you mean `citrate`?",
            "supplements[0]: magnesium needs `elemental_mg`",
            "supplements[1]: expected an object, got `3`",
            "supplements[2].mg: expected a number from 0 to 100000, got `-1`",
            "supplements[2].brand: unknown field `brand`; expected one of `form`, `elemental_mg`, `nutrient`, `mg`",
        ],
    ),
    // A number too large for a double is one problem among the others.
    (
        r#"{"sex": "x", "age": 1e999, "cramps": {"per_week": -3, "weeks": -1e400}, "lactating": 2e308}"#,
        &[
            "sex: unknown variant `x`; expected one of `female`, `male`, `unspecified`",
            "age: number `1e999` is out of range; expected a number a double can hold (at most about 1.8e308)",
            "cramps.per_week: expected a number from 0 to 100, got `-3`",
            "cramps.weeks: number `-1e400` is out of range; expected a number a double can hold (at most about 1.8e308)",
            "lactating: expected `true` or `false`, got the number `2e308`",
        ],
    ),
    // A huge integer, a number with many digits, and a big number inside a
    // string or a list.
    (
        r#"{"age": 40, "symptoms": [1e999, "cramp\" 1e999"], "diet_magnesium_mg": 1e300, "cramps": {"per_week": 10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000}}"#,
        &[
            "symptoms[0]: expected a string, got the number `1e999`",
            "symptoms[1]: unknown variant `cramp\" 1e999`; expected one of `twitching`, `persistent_tightness`, `poor_sleep`, `restless_legs`, `constipation`, `loose_stools`, `palpitations`, `numbness`, `muscle_weakness`, `leg_swelling`, `leg_redness_warmth`, `dark_urine`, `pain_walking_relieved_by_rest`, `chest_pain`, `shortness_of_breath`, `confusion`, `headache`, `vision_changes`, `vaginal_bleeding`, `vomiting`, `tendon_pain`",
            "diet_magnesium_mg: expected a number from 0 to 5000, got `1e300`",
            "cramps.per_week: number `1000000000000000000000000000000000000000000000000000000000000000000000000000000…` is out of range; expected a number a double can hold (at most about 1.8e308)",
        ],
    ),
];

#[test]
fn every_problem_is_reported_at_once() {
    let mut wrong = Vec::new();
    for (text, want) in TOGETHER {
        let got = errors(text);
        if got != *want {
            wrong.push(format!("{text}\n    got:  {got:#?}\n    want: {want:#?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn long_inputs_are_quoted_cut_short() {
    let long = "x".repeat(100_000);
    let text = format!(r#"{{"age": 30, "sex": "{long}", "{long}": 1}}"#);
    let e = errors(&text);
    assert_eq!(e.len(), 2, "{e:?}");
    for message in &e {
        assert!(message.len() < 600, "{} bytes", message.len());
        assert!(message.contains('…'), "{message}");
    }
}

/// One bad entry of a profile: its key, its value as JSON text, and the
/// (path, start of the message) of every error it gives.
type Bad = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

const BAD: &[Bad] = &[
    (
        "age",
        "400",
        &[("age", "expected a number from 0 to 120, got `400`")],
    ),
    (
        "sex",
        r#""x""#,
        &[("sex", "unknown variant `x`; expected one of")],
    ),
    (
        "conditons",
        "[]",
        &[("conditons", "unknown field `conditons`; expected one of")],
    ),
    (
        "cramps",
        r#"{"per_week": -3, "timng": ["night"], "one_sided": "no"}"#,
        &[
            ("cramps.per_week", "expected a number from 0 to 100"),
            ("cramps.timng", "unknown field `timng`"),
            ("cramps.one_sided", "expected `true` or `false`"),
        ],
    ),
    (
        "lactating",
        r#""yes""#,
        &[("lactating", "expected `true` or `false`")],
    ),
    (
        "symptoms",
        r#"["cramp", 1]"#,
        &[
            ("symptoms[0]", "unknown variant `cramp`"),
            ("symptoms[1]", "expected a string"),
        ],
    ),
    (
        "jurisdiction",
        r#""uk""#,
        &[("jurisdiction", "unknown variant `uk`")],
    ),
    (
        "supplements",
        r#"[{"form": "citrte"}, 3]"#,
        &[
            ("supplements[0].form", "unknown variant `citrte`"),
            ("supplements[0]", "magnesium needs `elemental_mg`"),
            ("supplements[1]", "expected an object"),
        ],
    ),
    (
        "lifestyle",
        r#"{"stress": 11, "diet": 3}"#,
        &[
            ("lifestyle.stress", "expected a number from 0 to 10"),
            ("lifestyle.diet", "expected a string"),
        ],
    ),
    (
        "preferences",
        r#""any""#,
        &[("preferences", "expected an object")],
    ),
    (
        "diet_magnesium_mg",
        "-1",
        &[("diet_magnesium_mg", "expected a number from 0 to 5000")],
    ),
    (
        "medications",
        "{}",
        &[("medications", "expected a list, got an object")],
    ),
];

proptest! {
    /// Any set of bad entries, in any order (with a good `age` somewhere
    /// when `age` itself is not one of them): every error of every entry,
    /// in the order the entries are written.
    #[test]
    fn random_bad_fields_are_all_reported_in_document_order(
        chosen in prop::sample::subsequence(BAD.to_vec(), 1..=BAD.len()).prop_shuffle(),
        age_at in 0usize..=BAD.len(),
    ) {
        let mut entries: Vec<String> = chosen.iter().map(|(k, v, _)| format!("\"{k}\": {v}")).collect();
        if !chosen.iter().any(|(k, _, _)| *k == "age") {
            entries.insert(age_at.min(entries.len()), "\"age\": 30".to_owned());
        }
        let text = format!("{{{}}}", entries.join(", "));
        let got = Profile::from_json(&text).unwrap_err().0;
        let want: Vec<&(&str, &str)> = chosen.iter().flat_map(|(_, _, e)| e.iter()).collect();
        prop_assert_eq!(got.len(), want.len(), "{}: {:#?}", text, got);
        for (g, (path, start)) in got.iter().zip(want) {
            prop_assert_eq!(&g.path, path, "{}", text);
            prop_assert!(g.message.starts_with(start), "{}: {}", text, g.message);
        }
        // The same errors from a value (keys in the map's order there).
        let value: Value = serde_json::from_str(&text).unwrap();
        let mut from_value: Vec<String> = Profile::from_value(&value).unwrap_err().0.iter().map(ToString::to_string).collect();
        let mut from_text: Vec<String> = got.iter().map(ToString::to_string).collect();
        from_value.sort();
        from_text.sort();
        prop_assert_eq!(from_value, from_text);
    }
}

#[test]
fn errors_carry_path_and_input() {
    let e = Profile::from_json(r#"{"age": 30, "cramps": {"timing": ["night", "nightly"]}}"#)
        .unwrap_err();
    assert_eq!(e.0[0].path, "cramps.timing[1]");
    assert_eq!(e.0[0].input, Some(json!("nightly")));
    let e = Profile::from_json(
        r#"{"age": 30, "supplements": [{"nutrient": "taurine", "mg": 100001}]}"#,
    )
    .unwrap_err();
    assert_eq!(e.0[0].path, "supplements[0].mg");
    assert_eq!(e.0[0].input, Some(json!(100001)));
    let e =
        Profile::from_json(r#"{"age": 30, "lifestyle": {"typo": {"deep": [1, 2]}}}"#).unwrap_err();
    assert_eq!(e.0[0].path, "lifestyle.typo");
    assert_eq!(e.0[0].input, Some(json!({"deep": [1, 2]})));
    let e = Profile::from_json("").unwrap_err();
    assert_eq!((e.0[0].path.as_str(), &e.0[0].input), ("", &None));
}

#[test]
fn oversize_input_is_refused_before_parsing() {
    let filler = " ".repeat(MAX_PROFILE_BYTES);
    let text = format!("{{\"age\": 30}}{filler}");
    assert_eq!(
        errors(&text),
        vec![format!(
            "profile is {} bytes; at most {MAX_PROFILE_BYTES} are accepted",
            text.len()
        )]
    );
    // At the limit is fine (trailing whitespace is valid JSON).
    let text = format!("{{\"age\": 30}}{}", " ".repeat(MAX_PROFILE_BYTES - 11));
    assert_eq!(text.len(), MAX_PROFILE_BYTES);
    Profile::from_json(&text).unwrap();
}

#[test]
fn deeply_nested_json_hits_the_recursion_limit_not_the_stack() {
    for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
        let n = 100_000;
        let text = format!(
            "{{\"age\": 30, \"cramps\": {}1{}}}",
            open.repeat(n),
            close.repeat(n)
        );
        let e = errors(&text);
        assert_eq!(e.len(), 1);
        assert!(
            e[0].starts_with("not valid JSON at line 1 column "),
            "{e:?}"
        );
        assert!(e[0].ends_with(": recursion limit exceeded"), "{e:?}");
    }
    // Inside an unknown key, and nested just under serde_json's limit of 128.
    let text = format!(
        "{{\"age\": 30, \"x\": {}1{}}}",
        "[".repeat(120),
        "]".repeat(120)
    );
    let e = errors(&text);
    assert!(e[0].starts_with("x: unknown field `x`"), "{e:?}");
}

#[test]
fn deep_values_built_in_memory_are_rejected_cleanly() {
    // `from_value` has no text to limit; a deep value must still be an error.
    let mut deep = json!(1);
    for _ in 0..1000 {
        deep = Value::Array(vec![deep]);
    }
    let e = Profile::from_value(&json!({"age": 30, "symptoms": deep})).unwrap_err();
    assert_eq!(e.0[0].path, "symptoms[0]");
    assert_eq!(e.0[0].message, "expected a string, got a list");
}

#[test]
fn null_for_an_optional_scalar_or_list_means_not_asked() {
    let p =
        Profile::from_json(r#"{"age": 30, "lactating": null, "sex": null, "conditions": null}"#)
            .unwrap();
    assert_eq!((p.lactating, p.sex, p.conditions), (None, None, None));
}

/// A repeated key would keep only its last value, so a kidney-disease answer
/// could be silently dropped: `{"conditions": ["kidney_disease"], "conditions": []}`.
#[test]
fn duplicate_keys_are_rejected() {
    let e =
        Profile::from_json(r#"{"age": 40, "conditions": ["kidney_disease"], "conditions": []}"#);
    assert!(e.is_err(), "a duplicate key was accepted: {e:?}");
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        (-1e3..1e6f64).prop_map(|n| json!(n)),
        prop::sample::select(
            &[
                "age",
                "night",
                "citrate",
                "kidney_disease",
                "vitamin_b6",
                "eu",
                "",
                "bisglycinate",
            ][..]
        )
        .prop_map(|s| json!(s)),
    ];
    let keys = prop::sample::select(
        &[
            "age",
            "sex",
            "cramps",
            "per_week",
            "timing",
            "symptoms",
            "lifestyle",
            "stress",
            "conditions",
            "supplements",
            "form",
            "elemental_mg",
            "nutrient",
            "mg",
            "preferences",
            "format",
            "avoid",
            "jurisdiction",
            "x",
        ][..],
    );
    leaf.prop_recursive(4, 32, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(keys.clone(), inner, 0..5).prop_map(|m| Value::Object(
                m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
            )),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5_000))]

    /// Arbitrary JSON values (biased toward profile keys): an error or a
    /// profile, never a panic, and every error has a message.
    #[test]
    fn any_json_value_parses_or_errors(value in arb_json(), age in prop::option::of(-10.0..130.0f64)) {
        let mut value = value;
        if let (Some(age), Value::Object(map)) = (age, &mut value) {
            map.insert("age".to_owned(), json!(age));
        }
        match Profile::from_value(&value) {
            Ok(p) => prop_assert!((0.0..=120.0).contains(&p.age.get())),
            Err(e) => {
                prop_assert!(!e.0.is_empty());
                prop_assert!(e.0.iter().all(|x| !x.message.is_empty()));
            }
        }
        let _ = Profile::from_json(&value.to_string());
    }

    /// Arbitrary text never panics.
    #[test]
    fn any_text_parses_or_errors(text in "\\PC{0,200}") {
        let _ = Profile::from_json(&text);
    }
}
