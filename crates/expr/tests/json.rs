//! Explanations written into JSON escape what JSON escapes, wherever it is:
//! in the condition's text or in a value's name.
#![allow(clippy::unwrap_used, missing_docs)]

use crampwise_expr::{Condition, Escaping, Explaining, FieldType, Schema, Value};

fn json_of(condition: &Condition, facts: &[Value], schema: &Schema) -> String {
    let mut out = String::new();
    let scratch = &mut Explaining::default();
    condition.because_into(facts, schema, "; ", Escaping::Json, scratch, &mut out);
    out
}

#[test]
fn values_that_need_escapes_are_escaped() {
    // Field names are plain by the schema's rules; values' names are not checked.
    let schema = Schema::new().field(
        "s",
        FieldType::Set(vec![
            "plain".into(),
            "q\"uote".into(),
            "back\\slash\n".into(),
        ]),
    );
    let condition = Condition::compile(r#""plain" in s"#, &schema).unwrap();
    let facts = [Value::Set(0b111)];
    let joined = condition.because_joined(&facts, &schema, "; ");
    assert!(joined.contains("q\"uote"), "{joined}");
    let json = json_of(&condition, &facts, &schema);
    assert_eq!(
        format!("\"{json}\""),
        serde_json::to_string(&joined).unwrap()
    );
}

#[test]
fn a_repeated_reason_is_written_once_in_json_too() {
    let schema = Schema::new().field("age", FieldType::Number);
    let condition = Condition::compile("age >= 18 and age >= 18", &schema).unwrap();
    let facts = [Value::Number(30.0)];
    let joined = condition.because_joined(&facts, &schema, "; ");
    assert_eq!(joined, "age >= 18 (age = 30)");
    assert_eq!(json_of(&condition, &facts, &schema), joined);
}

#[test]
fn not_true_writes_nothing() {
    let schema = Schema::new().field("age", FieldType::Number);
    let condition = Condition::compile("age >= 18", &schema).unwrap();
    assert_eq!(json_of(&condition, &[Value::Number(3.0)], &schema), "");
    assert_eq!(json_of(&condition, &[Value::Unknown], &schema), "");
}
