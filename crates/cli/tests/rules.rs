//! `crampwise rules list|explain|lint|fields|export` and `crampwise schema`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use common::{bad_input, ok, repo_path, temp_dir};
use crampwise_content::Content;
use crampwise_rules::{catalog, schema, Engine};
use serde_json::Value;

fn engine() -> Engine {
    Engine::embedded().unwrap()
}

/// A rule file with one unknown field and one unknown claim.
const BAD_RULE: &str = r#"[[rule]]
id = "bad_rule"
title = "Bad"
category = "lifestyle"
when = '''agee >= 3'''
claims = ["no_such_claim"]
lifestyle = ["stretch_gently"]
"#;

#[test]
fn list_text_is_an_aligned_table_of_every_rule() {
    let out = ok(&["rules", "list"]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("id  "), "{out}");
    let category_at = lines[0].find("category").unwrap();
    let title_at = lines[0].find("title").unwrap();
    let engine = engine();
    assert_eq!(lines.len(), engine.ruleset().rules().len() + 1);
    for (line, rule) in lines[1..].iter().zip(engine.ruleset().rules()) {
        assert!(line.starts_with(&format!("{} ", rule.id)), "{line}");
        assert_eq!(
            &line[category_at..title_at].trim_end(),
            &rule.category.as_str()
        );
        assert!(line.chars().count() <= 100, "{line}");
    }
}

#[test]
fn list_json_is_the_catalog() {
    let out = ok(&["rules", "list", "--format", "json"]);
    assert_eq!(out, catalog::rules_json(engine().ruleset()) + "\n");
    let pretty = ok(&["rules", "list", "--format", "json", "--pretty"]);
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap(),
        serde_json::from_str::<Value>(&pretty).unwrap()
    );
}

#[test]
fn explain_shows_the_rule_and_its_claims() {
    let engine = engine();
    let rule = engine.ruleset().rule("dvt_signs").unwrap();
    let out = ok(&["rules", "explain", "dvt_signs"]);
    assert_eq!(out, catalog::explain(rule, engine.content()));
    assert!(out.starts_with("dvt_signs (triage, triage.toml:"), "{out}");
    assert!(out.contains("\nclaims:\n  red_flag_dvt ["), "{out}");
}

#[test]
fn explain_suggests_a_near_id() {
    assert_eq!(
        bad_input(&["rules", "explain", "dvt_sign"]),
        "error: rules explain: unknown rule `dvt_sign`\n\nhelp: did you mean `dvt_signs`?\n"
    );
    assert_eq!(
        bad_input(&["rules", "explain", "zzzzzzzz"]),
        "error: rules explain: unknown rule `zzzzzzzz`\n\nhelp: `crampwise rules list` lists the rules\n"
    );
}

#[test]
fn lint_accepts_the_built_in_rules() {
    let n = engine().ruleset().rules().len();
    assert_eq!(
        ok(&["rules", "lint", &repo_path("crates/rules/rules")]),
        format!("ok: {n} rules\n")
    );
    let triage = engine()
        .ruleset()
        .rules()
        .iter()
        .filter(|r| r.file == "triage.toml")
        .count();
    assert_eq!(
        ok(&[
            "rules",
            "lint",
            &repo_path("crates/rules/rules/triage.toml")
        ]),
        format!("ok: {triage} rules\n")
    );
}

#[test]
fn lint_checks_a_new_file_with_the_built_in_rules() {
    let dir = temp_dir("lint-file");
    let file = dir.join("extra.toml");
    std::fs::write(
        &file,
        "[[rule]]\nid = \"extra_stretch\"\ntitle = \"Stretch\"\ncategory = \"lifestyle\"\n\
         when = '''true'''\nclaims = [\"stretch_acute_cramp\"]\nlifestyle = [\"stretch_gently\"]\n",
    )
    .unwrap();
    assert_eq!(
        ok(&["rules", "lint", &file.display().to_string()]),
        "ok: 1 rule\n"
    );
    // A rule id that the built-in rules already use is a duplicate.
    std::fs::write(
        &file,
        "[[rule]]\nid = \"life_stretch\"\ntitle = \"Stretch\"\ncategory = \"lifestyle\"\n\
         when = '''true'''\nclaims = [\"stretch_acute_cramp\"]\nlifestyle = [\"stretch_gently\"]\n",
    )
    .unwrap();
    let shown = file.display().to_string();
    assert_eq!(
        bad_input(&["rules", "lint", &shown]),
        format!(
            "error: rules lint: 1 problem in `{shown}`\n\
             {shown}:2:1: rule `life_stretch`: duplicate rule id `life_stretch`\n"
        )
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn lint_prints_every_problem_with_file_line_and_column() {
    let dir = temp_dir("lint-bad");
    let file = dir.join("bad.toml");
    std::fs::write(&file, BAD_RULE).unwrap();
    let shown = file.display().to_string();
    assert_eq!(
        bad_input(&["rules", "lint", &shown]),
        format!(
            "error: rules lint: 2 problems in `{shown}`\n\
             {shown}:5:11: rule `bad_rule`: when: unknown field `agee`; did you mean `age`?\n\
             {shown}:6:11: rule `bad_rule`: claims: `no_such_claim` is not an id in the content's claims\n"
        )
    );
    // In a directory, the paths point into it.
    let rules = dir.join("rules");
    let rules_shown = rules.display().to_string();
    ok(&["rules", "export", &rules_shown]);
    std::fs::write(rules.join("zz.toml"), BAD_RULE).unwrap();
    let message = bad_input(&["rules", "lint", &rules_shown]);
    assert!(
        message.starts_with(&format!(
            "error: rules lint: 2 problems in `{rules_shown}`\n{}:5:11: rule `bad_rule`: ",
            rules.join("zz.toml").display()
        )),
        "{message}"
    );
    // TOML syntax errors too.
    std::fs::write(&file, "[[rule]\n").unwrap();
    let message = bad_input(&["rules", "lint", &shown]);
    assert!(
        message.starts_with(&format!(
            "error: rules lint: 1 problem in `{shown}`\n{shown}:1:"
        )),
        "{message}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn lint_names_a_missing_file() {
    assert_eq!(
        bad_input(&["rules", "lint", "no/such/rules.toml"]),
        "error: rules lint: cannot read `no/such/rules.toml`: no such file\n"
    );
}

#[test]
fn fields_list_every_condition_field() {
    let out = ok(&["rules", "fields", "--format", "json"]);
    assert_eq!(
        out,
        serde_json::to_string(&catalog::fields()).unwrap() + "\n"
    );
    let text = ok(&["rules", "fields"]);
    assert!(text.starts_with("field "), "{text}");
    for field in catalog::fields().into_iter().filter(|f| f.condition) {
        assert!(
            text.lines()
                .any(|l| l.starts_with(&format!("{} ", field.path))),
            "{}",
            field.path
        );
    }
    // Numbers of the profile show their range; inputs no condition reads are left out.
    assert!(
        text.lines()
            .any(|l| l.starts_with("age ") && l.ends_with(" 0 to 120")),
        "{text}"
    );
    assert!(!text.contains("supplements[]"), "{text}");
    // Values wrap instead of being cut.
    assert!(text.contains("shortness_of_breath"), "{text}");
    assert!(!text.contains('…'), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");
}

#[test]
fn export_writes_the_built_in_rules_and_refuses_to_overwrite() {
    let dir = temp_dir("export");
    let target = dir.join("rules");
    let shown = target.display().to_string();
    assert_eq!(
        ok(&["rules", "export", &shown]),
        format!("wrote 12 rule files to `{shown}`\n")
    );
    for entry in std::fs::read_dir(repo_path("crates/rules/rules")).unwrap() {
        let path = entry.unwrap().path();
        let copy = target.join(path.file_name().unwrap());
        assert_eq!(
            std::fs::read_to_string(&copy).unwrap(),
            std::fs::read_to_string(&path).unwrap()
        );
    }
    assert_eq!(
        bad_input(&["rules", "export", &shown]),
        format!(
            "error: rules export: `{}` already exists\n\n\
             help: pass `--force` to overwrite the rule files in that directory\n",
            target.join("ruleset.toml").display()
        )
    );
    ok(&["rules", "export", &shown, "--force"]);
    // The copy loads; its rules are the built-in ones.
    let copy = Engine::from_dir(&target).unwrap();
    let mut ids: Vec<&str> = copy
        .ruleset()
        .rules()
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    let built_in = engine();
    let mut expected: Vec<&str> = built_in
        .ruleset()
        .rules()
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    ids.sort_unstable();
    expected.sort_unstable();
    assert_eq!(ids, expected);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn rules_dir_and_content_dir_are_honoured() {
    let data = repo_path("crates/content/data");
    let rules = repo_path("crates/rules/rules");
    let out = ok(&[
        "--content-dir",
        &data,
        "rules",
        "list",
        "--rules-dir",
        &rules,
        "--format",
        "json",
    ]);
    let list: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        list.as_array().unwrap().len(),
        engine().ruleset().rules().len()
    );
    let content = Content::from_dir(&data).unwrap();
    assert_eq!(content.version(), engine().content().version());
}

#[test]
fn schema_prints_the_json_schemas() {
    assert_eq!(ok(&["schema", "profile"]), schema::profile_schema() + "\n");
    assert_eq!(ok(&["schema", "plan"]), schema::plan_schema() + "\n");
    let profile: Value = serde_json::from_str(&ok(&["schema", "profile"])).unwrap();
    assert!(profile["required"]
        .as_array()
        .unwrap()
        .contains(&Value::from("age")));
    let message = bad_input(&["schema", "plans"]);
    assert!(message.contains("'plans'"), "{message}");
}

#[test]
fn lint_warns_when_the_rules_no_longer_cover_a_contract_condition() {
    let dir = temp_dir("lint-coverage");
    let rules = dir.join("rules");
    let shown = rules.display().to_string();
    ok(&["rules", "export", &shown]);
    std::fs::write(rules.join("safety.toml"), "").unwrap();
    std::fs::write(rules.join("triage.toml"), "").unwrap();
    let output = common::run(&["rules", "lint", &shown]);
    assert_eq!(output.status.code(), Some(0));
    let err = common::stderr(&output);
    for condition in [
        "kidney_disease",
        "heart_block",
        "myasthenia_gravis",
        "pregnancy",
        "lactation",
        "age under 9",
        "chest pain",
    ] {
        assert!(
            err.contains(&format!("warning: the rules no longer cover {condition}: ")),
            "{condition}: {err}"
        );
    }
    assert!(common::stdout(&output).starts_with("ok: "));
    // The plans stay safe: the kernel restricts and says so in the trace.
    let profile = dir.join("kidney.json");
    std::fs::write(
        &profile,
        r#"{"age": 50, "cramps": {"per_week": 3}, "conditions": ["kidney_disease"]}"#,
    )
    .unwrap();
    let plan: Value = serde_json::from_str(&ok(&[
        "recommend",
        &profile.display().to_string(),
        "--format",
        "json",
        "--rules-dir",
        &shown,
    ]))
    .unwrap();
    assert_eq!(plan["supplement"]["status"], "not_advised");
    assert_eq!(plan["triage"]["level"], "clinician");
    assert!(plan["trace"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["rule"] == "kernel"));
    std::fs::remove_dir_all(dir).unwrap();
}

/// Export the built-in rules, break one rule in the middle of a file: lint
/// names exactly that rule, with its line, in a rule editor's words.
#[test]
fn lint_names_the_broken_rule_of_an_exported_directory() {
    let dir = temp_dir("lint-export");
    let rules = dir.join("rules");
    let shown = rules.display().to_string();
    ok(&["rules", "export", &shown]);
    let dose = rules.join("dose.toml");
    let text = std::fs::read_to_string(&dose).unwrap();
    // The middle rule loses its claims; the one before gets a string for a number.
    let broken = text
        .replacen("claims = [\"kidney_hypermagnesemia\"]\n", "", 1)
        .replacen(
            "target_mg = 150\nstart_mg = 50",
            "target_mg = \"150\"\nstart_mg = 50",
            1,
        );
    std::fs::write(&dose, &broken).unwrap();
    let line = |needle: &str| broken[..broken.find(needle).unwrap()].matches('\n').count() + 1;
    let header = line("id = \"dose_older_adult\"") - 1;
    let number = line("target_mg = \"150\"");
    assert_eq!(
        bad_input(&["rules", "lint", &shown]),
        format!(
            "error: rules lint: 2 problems in `{shown}`\n\
             {file}:{number}:13: rule `dose_young_teen`: target_mg: expected a number, got `\"150\"`\n\
             {file}:{header}:1: rule `dose_older_adult`: missing field `claims`\n",
            file = dose.display()
        )
    );
    std::fs::remove_dir_all(dir).unwrap();
}
