//! The food intake estimator against hand arithmetic from the reference
//! table (clinical-facts section 3; NIH ODS magnesium food table).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use crampwise_content::Content;
use crampwise_rules::foods::{estimate, magnesium_from_foods, FoodEstimate, FoodList};
use crampwise_rules::{Engine, Number, Profile};

fn content() -> Content {
    Content::embedded().unwrap()
}

fn run(json: &str) -> FoodEstimate {
    let c = content();
    estimate(&FoodList::from_json_with(json, &c).unwrap(), &c)
}

fn errors(json: &str) -> Vec<String> {
    match FoodList::from_json(json) {
        Ok(_) => panic!("accepted {json}"),
        Err(e) => e.0.iter().map(|e| e.to_string()).collect(),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 0.01
}

#[test]
fn almonds_spinach_and_bananas() {
    // 1 oz almonds (80) + 1/2 cup spinach (78) a day + 2 bananas (32 each) a week
    // = 80 + 78 + 64/7 = 158 + 9.142857 = 167.14 mg a day.
    // Woman of 40: RDA 320 (31-50 years); gap 320 - 167.14 = 152.86; 52.2 %.
    let e = run(r#"{"age": 40, "sex": "female", "foods": [
        {"id": "almonds", "servings": 1, "per": "day"},
        {"id": "spinach", "servings": 1, "per": "day"},
        {"id": "banana", "servings": 2, "per": "week"}]}"#);
    assert!(close(e.total_mg_per_day, 167.14), "{}", e.total_mg_per_day);
    assert_eq!(e.rda_mg, Some(320.0));
    assert!(close(e.gap_mg, 152.86), "{}", e.gap_mg);
    assert_eq!(e.percent_of_rda, Some(52.2));
    assert!(close(e.foods[2].mg_per_day, 9.14));
    assert!(close(e.foods[2].servings_per_day, 0.29));
}

#[test]
fn a_man_eating_seeds_and_beans() {
    // 1 oz pumpkin seeds (156) + 1 cup black beans = 2 x 1/2 cup (2 x 60 = 120)
    // + 3 slices whole-wheat bread a day (3 x 23 = 69) = 345 mg a day.
    // Man of 45: RDA 420; gap 75; 82.1 %.
    let e = run(r#"{"age": 45, "sex": "male", "foods": [
        {"id": "pumpkin_seeds", "servings": 1},
        {"id": "black_beans", "servings": 2, "per": "day"},
        {"id": "whole_wheat_bread", "servings": 3, "per": "day"}]}"#);
    assert!(close(e.total_mg_per_day, 345.0));
    assert_eq!(e.rda_mg, Some(420.0));
    assert!(close(e.gap_mg, 75.0));
    assert_eq!(e.percent_of_rda, Some(82.1));
    // Suggestions close the 75 mg gap alone, in half servings, richest first,
    // and never repeat a food already eaten: chia 111 -> 1 serving (111 mg);
    // almonds 80 -> 1 serving; spinach 78 -> 1 serving; cashews 74 -> 1.5 servings (111 mg).
    let ids: Vec<&str> = e.suggestions.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        ["chia_seeds", "almonds", "spinach", "cashews", "peanuts"]
    );
    assert_eq!(e.suggestions[0].servings_per_day, 1.0);
    assert_eq!(e.suggestions[3].servings_per_day, 1.5);
    assert!(close(e.suggestions[3].mg_per_day, 111.0));
}

#[test]
fn weekly_servings_and_pregnancy() {
    // 7 servings of oatmeal a week (7 x 36 / 7 = 36) + 14 glasses of milk a week
    // (14 x 24 / 7 = 48) + 3 yogurts a week (3 x 42 / 7 = 18) = 102 mg a day.
    // Pregnant at 25: RDA 350 (19-30 years); gap 248; 29.1 %.
    let e = run(
        r#"{"age": 25, "sex": "female", "pregnancy": "trimester2", "foods": [
        {"id": "instant_oatmeal", "servings": 7, "per": "week"},
        {"id": "milk", "servings": 14, "per": "week"},
        {"id": "yogurt", "servings": 3, "per": "week"}]}"#,
    );
    assert!(close(e.total_mg_per_day, 102.0), "{}", e.total_mg_per_day);
    assert_eq!(e.rda_mg, Some(350.0));
    assert!(close(e.gap_mg, 248.0));
    assert_eq!(e.percent_of_rda, Some(29.1));
}

#[test]
fn rda_by_age_sex_pregnancy_and_lactation() {
    let rda = |who: &str| run(&format!(r#"{{{who}, "foods": []}}"#)).rda_mg.unwrap();
    assert_eq!(rda(r#""age": 40, "sex": "female""#), 320.0);
    assert_eq!(rda(r#""age": 40, "sex": "male""#), 420.0);
    // Sex not given: the higher value.
    assert_eq!(rda(r#""age": 40"#), 420.0);
    assert_eq!(rda(r#""age": 16, "sex": "female""#), 360.0);
    assert_eq!(
        rda(r#""age": 16, "sex": "female", "pregnancy": "trimester1""#),
        400.0
    );
    assert_eq!(
        rda(r#""age": 35, "sex": "female", "pregnancy": "trimester3""#),
        360.0
    );
    assert_eq!(
        rda(r#""age": 28, "sex": "female", "lactating": true"#),
        310.0
    );
    assert_eq!(
        rda(r#""age": 28, "sex": "female", "pregnancy": "none""#),
        310.0
    );
    assert_eq!(rda(r#""age": 6"#), 130.0);
    let infant = run(r#"{"age": 0.3, "foods": []}"#);
    assert_eq!(infant.rda_mg, Some(30.0));
    assert_eq!(infant.rda_kind, Some(crampwise_content::IntakeKind::Ai));
}

#[test]
fn no_gap_no_suggestions_and_food_has_no_limit() {
    // 3 oz pumpkin seeds (3 x 156 = 468) for a woman of 40 (RDA 320): no gap, 146.3 %.
    let e =
        run(r#"{"age": 40, "sex": "female", "foods": [{"id": "pumpkin_seeds", "servings": 3}]}"#);
    assert!(close(e.total_mg_per_day, 468.0));
    assert_eq!(e.gap_mg, 0.0);
    assert_eq!(e.percent_of_rda, Some(146.3));
    assert!(e.suggestions.is_empty());
    assert!(
        e.notes.iter().any(|n| n.contains("no upper limit")),
        "{:?}",
        e.notes
    );
}

#[test]
fn vegan_suggestions_are_vegan() {
    let e = run(
        r#"{"age": 30, "sex": "male", "diet": "vegan", "foods": [{"id": "banana", "servings": 1}]}"#,
    );
    let c = content();
    assert!(!e.suggestions.is_empty());
    assert!(e.suggestions.iter().all(|s| c.food(&s.id).unwrap().vegan));
    let e = run(r#"{"age": 30, "diet": "vegetarian", "foods": []}"#);
    assert!(e
        .suggestions
        .iter()
        .all(|s| c.food(&s.id).unwrap().vegetarian));
}

#[test]
fn unverified_figures_are_noted() {
    // Dark chocolate (65, unverified): 2 oz a week = 130 / 7 = 18.57 mg a day.
    let e =
        run(r#"{"age": 30, "foods": [{"id": "dark_chocolate", "servings": 2, "per": "week"}]}"#);
    assert!(close(e.total_mg_per_day, 18.57));
    assert!(
        e.notes.iter().any(|n| n.contains("dark chocolate")),
        "{:?}",
        e.notes
    );
    assert!(!e.suggestions.iter().any(|s| s.id == "dark_chocolate"));
}

#[test]
fn unknown_foods_are_named_with_close_ids() {
    let e = errors(
        r#"{"age": 30, "foods": [{"id": "almnds", "servings": 1}, {"id": "banana", "servings": 1}, {"id": "pumpkin", "servings": 1}]}"#,
    );
    assert_eq!(e.len(), 2, "{e:?}");
    assert_eq!(
        e[0],
        "foods[0].id: unknown food `almnds`; did you mean `almonds`?"
    );
    assert!(
        e[1].starts_with("foods[2].id: unknown food `pumpkin`; did you mean `pumpkin_seeds`"),
        "{}",
        e[1]
    );
    let e = errors(r#"{"age": 30, "foods": [{"id": "pizza", "servings": 1}]}"#);
    assert!(
        e[0].starts_with("foods[0].id: unknown food `pizza`; expected one of `pumpkin_seeds`"),
        "{}",
        e[0]
    );
    let e = errors(r#"{"age": 30, "foods": [{"id": "Peanut Butter", "servings": 1}]}"#);
    assert!(e[0].contains("did you mean `peanut_butter`"), "{}", e[0]);
}

#[test]
fn shape_and_range_errors_name_the_path() {
    assert_eq!(
        errors(r#"{"age": 30, "foods": [{"id": "banana", "servings": 60}]}"#),
        ["foods[0].servings: expected a number from 0 to 50, got `60`"]
    );
    assert_eq!(
        errors(r#"{"age": 30, "foods": [{"id": "banana", "servings": -1}]}"#),
        ["foods[0].servings: expected a number from 0 to 50, got `-1`"]
    );
    let e = errors(r#"{"age": 30, "foods": [{"id": "banana", "servings": 1, "per": "month"}]}"#);
    assert!(
        e[0].starts_with("foods[0].per: unknown variant `month`"),
        "{e:?}"
    );
    let e = errors(r#"{"age": 30, "foods": [{"id": "banana", "servigns": 1}]}"#);
    assert!(
        e[0].starts_with("foods[0].servigns: unknown field `servigns`"),
        "{e:?}"
    );
    let e = errors(r#"{"age": 30, "food": []}"#);
    assert!(e[0].starts_with("food: unknown field `food`"), "{e:?}");
    assert_eq!(errors(r#"{"age": 30}"#), ["missing field `foods`"]);
    assert_eq!(
        errors(r#"{"age": 30, "foods": [3]}"#),
        ["foods[0]: expected an object, got `3`"]
    );
    assert_eq!(
        errors(r#"{"age": 130, "foods": []}"#),
        ["age: expected a number from 0 to 120, got `130`"]
    );
    assert!(errors("{")
        .first()
        .unwrap()
        .starts_with("not valid JSON at line 1"));
    let e = FoodList::from_json(r#"{"age": 30, "foods": [{"id": "banana", "servings": "two"}]}"#)
        .unwrap_err();
    assert_eq!(e.0[0].path, "foods[0].servings");
    assert_eq!(e.0[0].input, Some(serde_json::json!("two")));
}

#[test]
fn the_estimate_feeds_a_profile() {
    let engine = Engine::embedded().unwrap();
    let c = engine.content();
    // 1 oz almonds + 1 oz cashews a day = 80 + 74 = 154 mg.
    let input = FoodList::from_json_with(
        r#"{"age": 50, "sex": "female", "foods": [{"id": "almonds", "servings": 1}, {"id": "cashews", "servings": 1}]}"#,
        c,
    )
    .unwrap();
    let mg = magnesium_from_foods(&input.foods, c);
    assert!(close(mg, 154.0));
    let mut profile = Profile::from_json(r#"{"age": 50, "sex": "female"}"#).unwrap();
    profile.diet_magnesium_mg = Number::new(mg);
    let plan = engine.evaluate(&profile);
    assert!(plan.trace.iter().all(|t| !t.rule.is_empty()));
    // The output serializes with the documented keys.
    let v = serde_json::to_value(estimate(&input, c)).unwrap();
    for key in [
        "foods",
        "total_mg_per_day",
        "rda_mg",
        "gap_mg",
        "percent_of_rda",
        "suggestions",
        "notes",
    ] {
        assert!(v.get(key).is_some(), "no `{key}`");
    }
    assert!(v.get("unknown_foods").is_none());
}
