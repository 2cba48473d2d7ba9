//! The schema and fact helpers shared by the integration tests.
#![allow(dead_code)]

use crampwise_expr::{FieldType, Schema, Value};

fn values(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

/// The schema every integration test compiles against.
pub(crate) fn schema() -> Schema {
    Schema::new()
        .field("age", FieldType::Number)
        .field(
            "sex",
            FieldType::Enum(values(&["female", "male", "unspecified"])),
        )
        .field(
            "pregnancy",
            FieldType::Enum(values(&["none", "pregnant", "unsure"])),
        )
        .field("lactating", FieldType::Bool)
        .field(
            "cramps.timing",
            FieldType::Set(values(&[
                "night",
                "during_exercise",
                "after_exercise",
                "sitting",
                "morning",
            ])),
        )
        .field("cramps.per_week", FieldType::Number)
        .field("cramps.one_sided", FieldType::Bool)
        .field(
            "symptoms",
            FieldType::Set(values(&[
                "leg_swelling",
                "leg_redness_warmth",
                "numbness",
                "weakness",
                "dark_urine",
            ])),
        )
        .field(
            "conditions",
            FieldType::Set(values(&[
                "diabetes",
                "kidney_disease",
                "thyroid",
                "vascular",
            ])),
        )
        .field("lifestyle.exercise_per_week", FieldType::Number)
        .field("a", FieldType::Bool)
        .field("b", FieldType::Bool)
        .field("c", FieldType::Bool)
}

/// Parses facts written `field=value; field=value`; fields not mentioned
/// are not asked.
pub(crate) fn facts(schema: &Schema, text: &str) -> Vec<Value> {
    let mut facts = vec![Value::Unknown; schema.len()];
    for item in text.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        let (name, value) = item
            .split_once('=')
            .unwrap_or_else(|| panic!("fact `{item}` has no `=`"));
        let (id, field_type) = schema
            .lookup(name.trim())
            .unwrap_or_else(|| panic!("unknown field in fact `{item}`"));
        facts[id.index()] = field_type
            .parse_value(value)
            .unwrap_or_else(|| panic!("bad value in fact `{item}`"));
    }
    facts
}
