//! The facade's entry points as a Rust user calls them: batches over text
//! and values, labels for one person, rule files linted, the one diagnostic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use crampwise::prelude::*;
use serde_json::json;

#[test]
fn lines_and_values_give_each_profile_its_own_result_in_order() {
    let engine = Engine::shared().unwrap();
    let text = "{\"age\": 52, \"cramps\": {\"timing\": [\"night\"]}}\n\n{\"age\": 52, \"sex\": \"x\"}\n\u{FF}\n";
    let results = engine.recommend_lines(text);
    assert_eq!(results.len(), 4);
    let single = engine
        .recommend_json(r#"{"age": 52, "cramps": {"timing": ["night"]}}"#)
        .unwrap();
    assert_eq!(results[0].as_ref().unwrap().to_json(), single.to_json());
    let empty = results[1].as_ref().unwrap_err();
    assert_eq!(empty.code(), Some(Code::InvalidProfile));
    assert!(empty.to_string().starts_with("empty line"), "{empty}");
    assert_eq!(
        results[2]
            .as_ref()
            .unwrap_err()
            .iter()
            .next()
            .unwrap()
            .path_text(),
        "sex"
    );
    assert!(results[3].is_err());

    let values = [json!({"age": 40}), json!({"age": "forty"}), json!([1])];
    let results = engine.recommend_values(&values);
    assert!(results[0].is_ok());
    assert_eq!(
        results[1]
            .as_ref()
            .unwrap_err()
            .iter()
            .next()
            .unwrap()
            .path_text(),
        "age"
    );
    assert!(results[2].is_err());
}

#[test]
fn a_line_too_long_is_refused_by_its_length_not_its_kept_bytes() {
    let engine = Engine::shared().unwrap();
    let errors = engine
        .profile_line(b"{\"age\": 40}", crampwise::MAX_PROFILE_BYTES + 1)
        .unwrap_err();
    assert!(errors.to_string().contains("at most"), "{errors}");
    assert!(engine.profile_line(b"{\"age\": 40}", 11).is_ok());
}

#[test]
fn a_label_checker_evaluates_the_person_once_and_agrees_with_check_label() {
    let engine = Engine::shared().unwrap();
    let profile = engine
        .profile(ProfileInput::Json(
            r#"{"age": 60, "conditions": ["kidney_disease"]}"#,
        ))
        .unwrap();
    let checker = engine.label_checker(Some(&profile));
    let label = "Magnesium (as magnesium glycinate) 200 mg";
    let via_checker = checker.check(LabelInput::Text(label)).unwrap();
    let direct = engine
        .check_label(LabelInput::Text(label), Some(&profile))
        .unwrap();
    assert_eq!(via_checker.to_json(), direct.to_json());
    assert!(via_checker.fit.is_some());
    let line = br#""Magnesium (as magnesium glycinate) 200 mg""#;
    let from_line = checker
        .check(LabelInput::JsonLine {
            line,
            length: line.len(),
        })
        .unwrap();
    assert_eq!(from_line.to_json(), direct.to_json());
    let bad = checker
        .check(LabelInput::JsonLine {
            line: b"  ",
            length: 2,
        })
        .unwrap_err();
    assert_eq!(bad.code(), Some(Code::InvalidLabel));
    let many = engine
        .check_labels(
            &[
                LabelInput::Text(label),
                LabelInput::Json("{\"ingredients\": 3}"),
            ],
            None,
        )
        .unwrap_err();
    assert!(
        many.iter().all(|d| d.path_text().starts_with("[1]")),
        "{many}"
    );
}

#[test]
fn rule_files_are_linted_with_every_problem_named_by_file() {
    let engine = Engine::shared().unwrap();
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("lint-entry");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("zz_extra.toml");
    std::fs::write(
        &file,
        "[[rule]]\nid = \"extra\"\ntitle = \"t\"\ncategory = \"lifestyle\"\nwhen = \"agee > 3\"\n",
    )
    .unwrap();
    let error = crampwise::lint_rules(&file, engine.content()).unwrap_err();
    let text = error.to_string();
    assert!(text.contains(&file.display().to_string()), "{text}");
    assert!(
        text.contains("rule `extra`: missing field `claims`"),
        "{text}"
    );
    assert!(text.starts_with("1 problem in"), "{text}");
    let missing = crampwise::lint_rules(&dir.join("nope.toml"), engine.content()).unwrap_err();
    assert!(
        matches!(missing, crampwise::LintError::Unreadable { .. }),
        "{missing}"
    );
}
