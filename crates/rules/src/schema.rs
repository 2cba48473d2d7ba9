//! JSON Schema of the contract's profile and plan.
//!
//! The profile's schema is derived from the `Profile` structs (schemars),
//! then given each field's `minimum`, `maximum` and `enum` from the field
//! table ([`crate::fields`]), the ones the parser enforces.

use serde_json::Value;

use crate::fields::{FieldKind, InputField};
use crate::plan::Plan;
use crate::profile::Profile;

/// JSON Schema of the intake profile, pretty-printed.
pub fn profile_schema() -> String {
    let mut schema = serde_json::to_value(schemars::schema_for!(Profile)).unwrap_or_default();
    for f in crate::fields::inputs() {
        constrain(&mut schema, &f);
    }
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

/// JSON Schema of the plan, pretty-printed.
pub fn plan_schema() -> String {
    serde_json::to_string_pretty(&schemars::schema_for!(Plan)).unwrap_or_default()
}

/// A whole number as an integer (`120`, not `120.0`).
fn number(v: f64) -> Value {
    match crate::number::whole(v) {
        Some(i) => Value::from(i),
        None => Value::from(v),
    }
}

/// Adds the table's constraints of `f` to its property in `schema`.
fn constrain(schema: &mut Value, f: &InputField) {
    let Some(pointer) = property_pointer(schema, f.path) else {
        return;
    };
    let Some(Value::Object(property)) = schema.pointer_mut(&pointer) else {
        return;
    };
    let values = || -> Vec<Value> {
        f.values
            .iter()
            .chain(f.aliases)
            .map(|v| Value::from(*v))
            .collect()
    };
    match f.kind {
        FieldKind::Number { min, max } => {
            property.insert("minimum".to_owned(), number(min));
            property.insert("maximum".to_owned(), number(max));
        }
        FieldKind::Enum => {
            let mut allowed = values();
            if !f.required {
                // `null` is "not asked", as the parser reads it.
                allowed.push(Value::Null);
            }
            property.insert("enum".to_owned(), Value::Array(allowed));
        }
        FieldKind::Set => {
            if let Some(Value::Object(items)) = property.get_mut("items") {
                items.insert("enum".to_owned(), Value::Array(values()));
            }
        }
        FieldKind::Bool | FieldKind::Supplements => {}
    }
    if !f.aliases.is_empty() {
        accept_aliases(schema, &pointer, f.aliases);
    }
}

/// Lists `aliases` (other spellings the parser accepts) in the definition
/// the property at `pointer` refers to: its `enum` admits them, and the
/// definition's `oneOf` must too, or a validator rejects what the parser reads.
fn accept_aliases(schema: &mut Value, pointer: &str, aliases: &[&str]) {
    let Some(definition) = schema
        .pointer(pointer)
        .and_then(|p| reference(p).or_else(|| reference(p.get("items")?)))
        .map(str::to_owned)
    else {
        return;
    };
    if let Some(Value::Array(choices)) = schema.pointer_mut(&format!("{definition}/oneOf")) {
        for alias in aliases {
            choices.push(serde_json::json!({
                "type": "string",
                "const": alias,
                "description": format!("`{alias}`, another spelling accepted"),
            }));
        }
    }
}

/// The definition a property refers to (`#/$defs/Cramps`), directly or as
/// one alternative of an `anyOf` (an optional object).
fn reference(node: &Value) -> Option<&str> {
    let direct = node.get("$ref").and_then(Value::as_str);
    let alternative = || {
        node.get("anyOf")?
            .as_array()?
            .iter()
            .find_map(|n| n.get("$ref").and_then(Value::as_str))
    };
    direct.or_else(alternative)?.strip_prefix('#')
}

/// JSON pointer of the property schema of the field at dotted `path`
/// (`supplements[].form`: the `form` of the `supplements` items).
fn property_pointer(schema: &Value, path: &str) -> Option<String> {
    let mut object = String::new();
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        let (key, list) = match part.strip_suffix("[]") {
            Some(key) => (key, true),
            None => (part, false),
        };
        let mut pointer = format!("{object}/properties/{key}");
        if parts.peek().is_none() {
            return Some(pointer);
        }
        if list {
            pointer.push_str("/items");
        }
        object = reference(schema.pointer(&pointer)?)?.to_owned();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::inputs;

    fn schema() -> Value {
        serde_json::from_str(&profile_schema()).unwrap()
    }

    /// A profile with `value` at `path` (a supplements entry made whole).
    fn with(path: &str, value: Value) -> Value {
        let mut profile = serde_json::json!({"age": 30});
        if let Some(key) = path.strip_prefix("supplements[].") {
            let mut entry = match key {
                "form" | "elemental_mg" => {
                    serde_json::json!({"form": "citrate", "elemental_mg": 1})
                }
                _ => serde_json::json!({"nutrient": "taurine", "mg": 1}),
            };
            entry[key] = value;
            profile["supplements"] = serde_json::json!([entry]);
            return profile;
        }
        match path.split_once('.') {
            Some((parent, key)) => profile[parent] = serde_json::json!({ key: value }),
            None => profile[path] = value,
        }
        profile
    }

    fn accepted(profile: &Value) -> bool {
        crate::Profile::from_json(&profile.to_string()).is_ok()
            && crate::Profile::from_value(profile).is_ok_and(|p| p.check().is_ok())
    }

    /// Every number of the schema has the range the parser enforces: its
    /// bounds are accepted, the numbers just past them are not.
    #[test]
    fn schema_ranges_are_the_ranges_the_parser_enforces() {
        let schema = schema();
        let mut numbers = 0;
        for f in inputs() {
            let pointer = property_pointer(&schema, f.path).unwrap();
            let property = schema
                .pointer(&pointer)
                .unwrap_or_else(|| panic!("{}", f.path));
            let FieldKind::Number { min, max } = f.kind else {
                assert!(property.get("minimum").is_none(), "{}", f.path);
                continue;
            };
            numbers += 1;
            assert_eq!(property["minimum"].as_f64(), Some(min), "{}", f.path);
            assert_eq!(property["maximum"].as_f64(), Some(max), "{}", f.path);
            assert!(accepted(&with(f.path, number(min))), "{} = {min}", f.path);
            assert!(accepted(&with(f.path, number(max))), "{} = {max}", f.path);
            assert!(
                !accepted(&with(f.path, Value::from(max + 0.001))),
                "{} above",
                f.path
            );
            assert!(
                !accepted(&with(f.path, Value::from(min - 0.001))),
                "{} below",
                f.path
            );
            let above =
                crate::Profile::from_json(&with(f.path, Value::from(max + 1.0)).to_string());
            let message = above.unwrap_err().to_string();
            assert!(
                message.contains(&format!("expected a number from {min} to {max}")),
                "{message}"
            );
        }
        assert_eq!(numbers, 14);
    }

    /// Every enum and set of the schema lists the values the parser accepts.
    #[test]
    fn schema_enums_are_the_values_the_parser_accepts() {
        let schema = schema();
        for f in inputs() {
            let pointer = property_pointer(&schema, f.path).unwrap();
            let property = &schema.pointer(&pointer).unwrap();
            let listed = match f.kind {
                FieldKind::Enum => &property["enum"],
                FieldKind::Set => &property["items"]["enum"],
                _ => continue,
            };
            let listed: Vec<&str> = listed
                .as_array()
                .unwrap_or_else(|| panic!("{}", f.path))
                .iter()
                .filter_map(Value::as_str)
                .collect();
            assert!(!listed.is_empty(), "{}", f.path);
            for value in &listed {
                let v = if f.kind == FieldKind::Set {
                    serde_json::json!([value])
                } else {
                    Value::from(*value)
                };
                assert!(accepted(&with(f.path, v)), "{}: {value}", f.path);
            }
            let wrong = if f.kind == FieldKind::Set {
                serde_json::json!(["not_a_value"])
            } else {
                Value::from("not_a_value")
            };
            assert!(!accepted(&with(f.path, wrong)), "{}", f.path);
        }
    }
}
