//! Our own JSON label shape, DSLD detection, and every input error: path or
//! line first, offending input in backticks, never a panic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use crampwise_content::Content;
use crampwise_label::{
    check_any, check_json, check_text, check_value, parse_json, LabelError, LabelSource, MAX_DEPTH,
    MAX_LABEL_BYTES, MAX_LINES,
};
use serde_json::json;

fn content() -> Content {
    Content::embedded().unwrap()
}

fn err_json(text: &str) -> String {
    check_json(text, &content(), None).unwrap_err().to_string()
}

#[test]
fn our_shape_reads_like_the_text() {
    let label = json!({
        "name": "Calm Magnesium", "brand": "Acme", "form_factor": "capsule",
        "serving_size": "2 capsules",
        "ingredients": [
            {"name": "Magnesium", "form": "magnesium bisglycinate chelate and magnesium oxide", "amount": 200, "unit": "mg", "daily_value_percent": 48},
            {"name": "Vitamin B6", "form": "pyridoxal 5'-phosphate", "amount": 5000, "unit": "mcg"},
            {"name": "Proprietary blend", "amount": 300, "unit": "mg", "components": ["L-theanine", "magnesium taurate"]}
        ],
        "other_ingredients": ["hypromellose", "gelatin"],
        "marks": ["USP Verified"],
        "claims": ["Gluten free"]
    });
    let r = check_value(&label, &content(), None).unwrap();
    assert_eq!(r.source, LabelSource::Json);
    assert_eq!(r.forms, ["glycinate", "oxide", "taurate"]);
    assert_eq!(r.elemental_mg_per_serving, Some(200.0));
    assert!(r.elemental_is_lower_bound, "taurate hides in the blend");
    assert!(r.has_warning("proprietary_blend"));
    assert_eq!(r.name.as_deref(), Some("Calm Magnesium"));
    assert_eq!(
        r.check("third_party_tested").unwrap().status,
        crampwise_label::CheckStatus::Pass
    );
    // check_json and check_any give the same report as check_value.
    let text = label.to_string();
    assert_eq!(check_json(&text, &content(), None).unwrap(), r);
    assert_eq!(check_any(&text, &content(), None).unwrap(), r);
}

#[test]
fn unknown_keys_are_named_with_their_path() {
    let e = err_json(
        r#"{"ingredients": [{"name": "Magnesium", "amount": 1, "unit": "mg", "frm": "oxide"}]}"#,
    );
    assert!(
        e.starts_with("ingredients[0].frm: unknown field `frm`"),
        "{e}"
    );
    let e = err_json(r#"{"ingredients": [], "brnd": "x"}"#);
    assert!(e.starts_with("brnd: unknown field `brnd`"), "{e}");
}

#[test]
fn wrong_values_are_named() {
    let e = err_json(r#"{"ingredients": [{"name": "Magnesium", "amount": 1, "unit": "mgg"}]}"#);
    assert!(
        e.starts_with("ingredients[0].unit: unknown variant `mgg`"),
        "{e}"
    );
    let e = err_json(r#"{"ingredients": [{"name": "Magnesium", "amount": -5, "unit": "mg"}]}"#);
    assert_eq!(
        e,
        "ingredients[0].amount: expected a number from 0 to 10000000, got `-5`"
    );
    let e = err_json(r#"{"ingredients": [{"name": "Magnesium", "amount": "200", "unit": "mg"}]}"#);
    assert!(
        e.starts_with("ingredients[0].amount: expected a number, got `\"200\"`"),
        "{e}"
    );
    let e = err_json(r#"{"name": "x"}"#);
    assert_eq!(e, "missing field `ingredients`");
    let e = err_json("[1, 2]");
    assert_eq!(e, "expected a label object, got `[1,2]`");
    let e = err_json("{\"ingredients\": [\n}");
    assert!(e.starts_with("line 2 column 1: not valid JSON"), "{e}");
}

#[test]
fn dsld_is_detected_and_checked() {
    let r = parse_json(r#"{"fullName": "X", "ingredientRows": [], "anything": {"new": true}}"#)
        .unwrap();
    assert_eq!(r.source, LabelSource::Dsld);
    let e = err_json(r#"{"ingredientRows": []}"#);
    assert_eq!(e, "fullName: missing field `fullName`");
    let e = err_json(
        r#"{"fullName": "X", "ingredientRows": [{"name": "Magnesium", "quantity": [{"quantity": "lots", "unit": "mg"}]}]}"#,
    );
    assert_eq!(
        e,
        "ingredientRows[0].quantity[0].quantity: expected a number, got `\"lots\"`"
    );
    let e = err_json(r#"{"fullName": "X", "ingredientRows": [{"forms": []}]}"#);
    assert_eq!(e, "ingredientRows[0].name: missing field `name`");
    let e = err_json(r#"{"fullName": "X", "ingredientRows": {"name": "Magnesium"}}"#);
    assert_eq!(
        e,
        r#"ingredientRows: expected a list, got `{"name":"Magnesium"}`"#
    );
    // A quantity in a unit not understood is listed, not dropped.
    let r = check_json(
        r#"{"fullName": "X", "ingredientRows": [{"name": "Magnesium", "quantity": [{"quantity": 2, "unit": "Tbsp(s)"}]}]}"#,
        &content(),
        None,
    )
    .unwrap();
    assert_eq!(r.unread_lines.len(), 1, "{:?}", r.unread_lines);
    assert!(r.unread_lines[0].starts_with("ingredientRows[0].quantity[0]: amount `2 Tbsp(s)`"));
    assert!(r.has_warning("unreadable_amount"));
}

#[test]
fn size_limits_are_errors() {
    let big = "Magnesium 200 mg\n".repeat(MAX_LABEL_BYTES / 10);
    assert!(matches!(
        check_text(&big, &content(), None),
        Err(LabelError::TooLarge { .. })
    ));
    let many = "x\n".repeat(MAX_LINES + 1);
    let e = check_text(&many, &content(), None).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "label has {} lines; at most {MAX_LINES} are read",
            MAX_LINES + 1
        )
    );
    let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
    let e = err_json(&deep);
    assert!(e.contains("nested deeper than 64 levels"), "{e}");
    // Deeper than serde_json's own recursion limit: still our error, no stack overflow.
    let deeper = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(matches!(
        check_json(&deeper, &content(), None),
        Err(LabelError::TooDeep { .. })
    ));
    let mut value = json!(1);
    for _ in 0..=MAX_DEPTH {
        value = json!([value]);
    }
    assert!(matches!(
        check_value(&value, &content(), None),
        Err(LabelError::TooDeep { .. })
    ));
    let rows: Vec<_> = (0..501)
        .map(|_| json!({"name": "Zinc", "amount": 1, "unit": "mg"}))
        .collect();
    let e = check_value(&json!({"ingredients": rows}), &content(), None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "ingredients: 501 ingredients; at most 500 are read"
    );
}

#[test]
fn empty_and_odd_inputs_are_reports_not_errors() {
    let r = check_text("", &content(), None).unwrap();
    assert!(r.has_warning("no_magnesium"));
    assert_eq!(r.verdict.as_str(), "unknown");
    let r = check_text("\u{0}\u{feff}(((((\n)))))", &content(), None).unwrap();
    assert_eq!(r.unread_lines.len(), 2);
}

#[test]
fn hostile_text_is_read_in_linear_time() {
    let c = content();
    let half = MAX_LABEL_BYTES / 2 - 8;
    for text in [
        format!("{}{}", "(".repeat(half), ")".repeat(half)),
        format!("Magnesium ({}", "1 mg ".repeat(half / 5)),
        format!("Magnesium 1 mg {}", "(1 mg)".repeat(half / 6)),
        "1".repeat(MAX_LABEL_BYTES - 1),
        format!("{}\n", "a, ".repeat(half / 3)).repeat(2),
        format!("Other ingredients: {}", "x (y, z), ".repeat(half / 10)),
        format!("Magnesium 200 mg {}", "(".repeat(half / 2)),
        format!("Magnesium 200 mg (({}))", "[".repeat(half / 2)),
    ] {
        let start = std::time::Instant::now();
        let _ = check_text(&text, &c, None);
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "took {:?} on {}...",
            start.elapsed(),
            &text[..40]
        );
    }
}
