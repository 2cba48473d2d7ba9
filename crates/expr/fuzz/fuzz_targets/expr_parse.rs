//! Compiles arbitrary UTF-8 against a fixed schema and evaluates what
//! compiles on fixed facts, checking the invariants that must hold for any
//! input: no panic, errors carry a position, `because` is empty unless the
//! result is true, and the canonical printing compiles to an equal condition.
#![no_main]

use std::sync::OnceLock;

use crampwise_expr::{parse, Condition, FieldType, Schema, Truth, Value, MAX_SOURCE_LEN};
use libfuzzer_sys::fuzz_target;

fn values(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        Schema::new()
            .field("age", FieldType::Number)
            .field("sex", FieldType::Enum(values(&["female", "male", "unspecified"])))
            .field("pregnancy", FieldType::Enum(values(&["none", "pregnant", "unsure"])))
            .field("lactating", FieldType::Bool)
            .field(
                "cramps.timing",
                FieldType::Set(values(&["night", "during_exercise", "after_exercise", "sitting"])),
            )
            .field("cramps.per_week", FieldType::Number)
            .field("cramps.one_sided", FieldType::Bool)
            .field("symptoms", FieldType::Set(values(&["leg_swelling", "numbness", "weakness"])))
            .field("conditions", FieldType::Set(values(&["diabetes", "thyroid"])))
    })
}

fn facts() -> &'static [Vec<Value>] {
    static FACTS: OnceLock<Vec<Vec<Value>>> = OnceLock::new();
    FACTS.get_or_init(|| {
        vec![
            // Nothing asked.
            vec![],
            vec![
                Value::Number(67.0),
                Value::Enum(0),
                Value::Enum(1),
                Value::Bool(true),
                Value::set_of(&[0, 3]),
                Value::Number(7.0),
                Value::Bool(false),
                Value::Set(0),
                Value::Unknown,
            ],
            // NaN, wrong types, out-of-range indices and stray set bits.
            vec![
                Value::Number(f64::NAN),
                Value::Enum(9),
                Value::Bool(true),
                Value::Number(1.0),
                Value::Set(u64::MAX),
                Value::Unknown,
                Value::Bool(true),
                Value::set_of(&[1, 2]),
                Value::Set(0b11),
            ],
        ]
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = parse(src);
    let condition = match Condition::compile(src, schema()) {
        Ok(condition) => condition,
        Err(error) => {
            assert!(error.line >= 1 && error.column >= 1, "{error:?}");
            let lines = u32::try_from(src.lines().count()).unwrap_or(u32::MAX);
            assert!(error.line <= lines.saturating_add(1), "{error:?}");
            assert!(!error.message.is_empty() && !error.message.ends_with('.'));
            return;
        }
    };
    let ast = parsed.expect("what compiles parses");
    let truths: Vec<Truth> = facts()
        .iter()
        .map(|facts| {
            let truth = condition.eval(facts);
            let because = condition.because(facts, schema());
            assert!(truth == Truth::True || because.is_empty());
            let unknown = condition.unknown_fields(facts);
            assert!(unknown.iter().all(|f| condition.fields().contains(f)));
            truth
        })
        .collect();
    let canonical = ast.to_string();
    if canonical.len() <= MAX_SOURCE_LEN {
        let again = Condition::compile(&canonical, schema()).expect("canonical form compiles");
        assert_eq!(parse(&canonical).expect("parses").to_string(), canonical);
        assert_eq!(again.fields(), condition.fields());
        for (facts, truth) in facts().iter().zip(truths) {
            assert_eq!(again.eval(facts), truth, "{canonical}");
        }
    }
});
