//! `crampwise foods estimate|list` and `crampwise recommend --foods`: the
//! estimate against hand arithmetic, its JSON and text, feeding a plan, and
//! bad input with its exact messages.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use common::{bad_input, expect_bad_input, expect_ok, ok, repo_path, run_with_stdin, temp_dir};
use crampwise_rules::foods::{estimate, FoodList};
use crampwise_rules::{Engine, Number, Profile};
use serde_json::Value;

const WEEK: &str = "examples/foods/week.json";
const SEEDS: &str = "examples/foods/seeds-and-greens.json";

fn write_temp(name: &str, text: &str) -> (std::path::PathBuf, String) {
    let dir = temp_dir(name);
    let path = dir.join("input.json");
    std::fs::write(&path, text).unwrap();
    let shown = path.display().to_string();
    (dir, shown)
}

#[test]
fn the_estimate_matches_hand_arithmetic() {
    let out = ok(&["foods", "estimate", &repo_path(WEEK), "--format", "json"]);
    let value: Value = serde_json::from_str(&out).unwrap();
    // 1 oz almonds (80 mg) and 1/2 cup spinach (78 mg) a day, 2 bananas (32 mg) a week.
    let total = 80.0 + 78.0 + 2.0 * 32.0 / 7.0;
    assert_eq!(value["total_mg_per_day"], 167.14);
    assert!((value["total_mg_per_day"].as_f64().unwrap() - total).abs() < 0.005);
    // RDA for a 40-year-old woman.
    assert_eq!(value["rda_mg"], 320.0);
    assert_eq!(value["rda_kind"], "rda");
    assert_eq!(value["gap_mg"], 152.86);
    assert_eq!(value["percent_of_rda"], 52.2);
    let banana = &value["foods"][2];
    assert_eq!(banana["id"], "banana");
    assert_eq!(banana["servings_per_day"], 0.29);
    assert_eq!(banana["mg_per_day"], 9.14);
    let first = &value["suggestions"][0];
    assert_eq!(first["id"], "pumpkin_seeds");
    assert_eq!(first["servings_per_day"], 1.0);
}

#[test]
fn json_is_exactly_the_estimate() {
    let path = repo_path(WEEK);
    let out = ok(&["foods", "estimate", &path, "--format", "json"]);
    let engine = Engine::embedded().unwrap();
    let input =
        FoodList::from_json_with(&std::fs::read_to_string(&path).unwrap(), engine.content())
            .unwrap();
    let expected = serde_json::to_string(&estimate(&input, engine.content())).unwrap();
    assert_eq!(out, expected + "\n");
    let pretty = ok(&["foods", "estimate", &path, "--format", "json", "--pretty"]);
    assert!(pretty.starts_with("{\n  \"foods\": [\n"), "{pretty}");
    let a: Value = serde_json::from_str(&out).unwrap();
    let b: Value = serde_json::from_str(&pretty).unwrap();
    assert_eq!(a, b);
}

#[test]
fn text_is_a_table_with_the_gap_and_suggestions() {
    let text = ok(&["foods", "estimate", &repo_path(WEEK)]);
    let expected_start = "\
Magnesium from food: 167.14 mg a day, 52.2% of the RDA of 320 mg
food                  serving      servings a day  mg a serving  mg a day
Almonds, dry roasted  1 oz (28 g)               1            80        80
Spinach, boiled       1/2 cup                   1            78        78
Banana                1 medium               0.29            32      9.14

Gap to the RDA: 152.86 mg a day
Any one of these foods would close it:
food                    serving           servings a day  mg a day
Pumpkin seeds, roasted  1 oz (28 g)                    1       156
";
    assert!(text.starts_with(expected_start), "{text}");
    assert!(text.contains("\nNotes\n  - Magnesium in food has no upper limit;"));
    assert!(!text.contains('\x1b'));
}

#[test]
fn enough_food_has_no_gap_and_no_suggestions() {
    let args = ["foods", "estimate", "-"];
    let input =
        br#"{"age": 30, "sex": "female", "foods": [{"id": "pumpkin_seeds", "servings": 3}]}"#;
    let text = expect_ok(&args, &run_with_stdin(&args, input));
    assert!(
        text.starts_with("Magnesium from food: 468 mg a day, 151% of the RDA of 310 mg\n"),
        "{text}"
    );
    assert!(text.contains("\nGap to the RDA: none\n"), "{text}");
    assert!(!text.contains("would close it"), "{text}");
    assert!(text.contains("  - Food already meets the RDA.\n"), "{text}");
}

#[test]
fn an_unknown_food_is_named_with_close_ids() {
    let (dir, shown) = write_temp(
        "unknown-food",
        r#"{"age": 40, "foods": [{"id": "almond", "servings": 1}, {"id": "spinach", "servings": 60}]}"#,
    );
    assert_eq!(
        bad_input(&["foods", "estimate", &shown]),
        format!(
            "error: foods estimate: the food list in `{shown}` is not valid:\n\
             \x20 foods[0].id: unknown food `almond`; did you mean `almonds` or `salmon`?\n\
             \x20 foods[1].servings: expected a number from 0 to 50, got `60`\n\
             \n\
             help: a food list is `{{\"age\": 40, \"sex\": \"female\", \"foods\": [{{\"id\": \
             \"almonds\", \"servings\": 1, \"per\": \"day\"}}]}}`; `crampwise foods list` lists \
             the food ids\n"
        )
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn missing_age_bad_json_and_unreadable_files_are_bad_input() {
    let args = ["foods", "estimate", "-"];
    let message = expect_bad_input(&args, &run_with_stdin(&args, br#"{"foods": []}"#));
    assert!(
        message.starts_with(
            "error: foods estimate: the food list on standard input is not valid:\n  missing field `age`\n"
        ),
        "{message}"
    );
    let message = expect_bad_input(&args, &run_with_stdin(&args, b"{\"age\": 40,"));
    assert!(
        message.starts_with(
            "error: foods estimate: the food list on standard input is not valid:\n  \
             not valid JSON at line 1 column 11: "
        ),
        "{message}"
    );
    let message = expect_bad_input(
        &args,
        &run_with_stdin(&args, br#"{"age": 40, "foods": [], "drinks": []}"#),
    );
    assert!(
        message.contains("\n  drinks: unknown field `drinks`"),
        "{message}"
    );
    assert_eq!(
        bad_input(&["foods", "estimate", "no/such/foods.json"]),
        "error: foods estimate: cannot read `no/such/foods.json`: no such file\n"
    );
}

#[test]
fn foods_list_is_content_list_foods() {
    assert_eq!(ok(&["foods", "list"]), ok(&["content", "list", "foods"]));
    assert_eq!(
        ok(&["foods", "list", "--format", "json"]),
        ok(&["content", "list", "foods", "--format", "json"])
    );
}

fn night_cramps() -> Profile {
    let text = std::fs::read_to_string(repo_path("examples/night-cramps.json")).unwrap();
    Profile::from_json(&text).unwrap()
}

#[test]
fn recommend_with_foods_sets_the_diet_and_the_plan_sees_the_gap() {
    let args = [
        "recommend",
        &repo_path("examples/night-cramps.json"),
        "--foods",
        &repo_path(SEEDS),
        "--format",
        "json",
    ];
    let out = ok(&args);
    // 156 + 80 + 78 + 60 a day and 3 bananas (32 mg) a week.
    let diet = 156.0 + 80.0 + 78.0 + 60.0 + 3.0 * 32.0 / 7.0;
    assert!((diet - 387.71_f64).abs() < 0.005);
    let mut profile = night_cramps();
    profile.diet_magnesium_mg = Number::new(387.71);
    let engine = Engine::embedded().unwrap();
    assert_eq!(out, engine.evaluate(&profile).to_json() + "\n");
    let plan: Value = serde_json::from_str(&out).unwrap();
    let rules: Vec<&str> = plan["trace"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["rule"].as_str().unwrap())
        .collect();
    // The RDA for a 63-year-old man is 420 mg: a gap of 32.29 mg, under 100.
    assert!(rules.contains(&"dose_food_nearly_enough"), "{rules:?}");
    let without = ok(&[
        "recommend",
        &repo_path("examples/night-cramps.json"),
        "--format",
        "json",
    ]);
    assert!(!without.contains("dose_food_nearly_enough"));
}

#[test]
fn recommend_foods_from_stdin_and_as_a_bare_list() {
    let args = [
        "recommend",
        &repo_path("examples/night-cramps.json"),
        "--foods",
        "-",
        "--format",
        "json",
    ];
    let list = br#"[{"id": "almonds", "servings": 1, "per": "day"}]"#;
    let out = expect_ok(&args, &run_with_stdin(&args, list));
    let mut profile = night_cramps();
    profile.diet_magnesium_mg = Number::new(80.0);
    let engine = Engine::embedded().unwrap();
    assert_eq!(out, engine.evaluate(&profile).to_json() + "\n");
    // The person may be repeated when it agrees with the profile.
    let agreeing = br#"{"age": 63, "sex": "male", "diet": "standard", "foods": [{"id": "almonds", "servings": 1}]}"#;
    assert_eq!(expect_ok(&args, &run_with_stdin(&args, agreeing)), out);
}

#[test]
fn recommend_foods_errors_are_exact() {
    let profile = repo_path("examples/night-cramps.json");
    // The profile already gives its magnesium from food.
    let medicines = repo_path("examples/medicines.json");
    assert_eq!(
        bad_input(&["recommend", &medicines, "--foods", &repo_path(SEEDS)]),
        format!(
            "error: recommend: the profile in `{medicines}` already gives `diet_magnesium_mg`; \
             give either it or `--foods`, not both\n"
        )
    );
    // A person who is not the profile's.
    let args = ["recommend", &profile, "--foods", "-"];
    let output = run_with_stdin(
        &args,
        br#"{"age": 40, "sex": "female", "foods": [{"id": "almonds", "servings": 1}]}"#,
    );
    assert_eq!(
        expect_bad_input(&args, &output),
        "error: recommend: the food list on standard input is not valid:\n\
         \x20 age: the food list says `40` but the profile says `63`; leave it out of the food \
         list to use the profile's\n\
         \x20 sex: the food list says `\"female\"` but the profile says `\"male\"`; leave it out \
         of the food list to use the profile's\n\
         \n\
         help: a food list is `{\"foods\": [{\"id\": \"almonds\", \"servings\": 1, \"per\": \
         \"day\"}]}`; `crampwise foods list` lists the food ids\n"
    );
    // An unknown food.
    let output = run_with_stdin(&args, br#"{"foods": [{"id": "kale", "servings": 1}]}"#);
    let message = expect_bad_input(&args, &output);
    assert!(
        message.starts_with(
            "error: recommend: the food list on standard input is not valid:\n  \
             foods[0].id: unknown food `kale`; expected one of `pumpkin_seeds`, "
        ),
        "{message}"
    );
    // More than a profile accepts.
    let output = run_with_stdin(
        &args,
        br#"{"foods": [{"id": "pumpkin_seeds", "servings": 40}]}"#,
    );
    assert_eq!(
        expect_bad_input(&args, &output),
        "error: recommend: the food list on standard input is not valid:\n\
         \x20 foods: the foods give 6240 mg of magnesium a day; a profile accepts at most 5000\n\
         \n\
         help: a food list is `{\"foods\": [{\"id\": \"almonds\", \"servings\": 1, \"per\": \
         \"day\"}]}`; `crampwise foods list` lists the food ids\n"
    );
    // Missing file, both on stdin, and --jsonl.
    assert_eq!(
        bad_input(&["recommend", &profile, "--foods", "no/such/foods.json"]),
        "error: recommend: cannot read `no/such/foods.json`: no such file\n"
    );
    assert_eq!(
        bad_input(&["recommend", "-", "--foods", "-"]),
        "error: recommend: the profile and `--foods` cannot both be read from standard input (`-`)\n"
    );
    let message = bad_input(&[
        "recommend",
        "--jsonl",
        &profile,
        "--foods",
        &repo_path(SEEDS),
    ]);
    assert!(
        message.contains("'--jsonl' cannot be used with '--foods <FOODS.json>'"),
        "{message}"
    );
}
