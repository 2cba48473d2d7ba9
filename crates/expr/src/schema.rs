//! The fields a condition may read, and their types.

use std::collections::HashMap;

use crate::error::SchemaError;
use crate::lexer::{is_reserved, is_valid_segment};
use crate::types::Value;

/// The most values a [`FieldType::Set`] may have (one bit each in a `u64`).
pub const MAX_SET_VALUES: usize = 64;

/// The type of a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// A number (`f64`); compared with `==`, `!=`, `<`, `<=`, `>`, `>=`.
    Number,
    /// `true` or `false`; compared with `==`/`!=` or used bare as a condition.
    Bool,
    /// One of the listed values; compared with `==`/`!=` against a string,
    /// or tested with `field in ["a", "b"]`.
    Enum(Vec<String>),
    /// Any subset of the listed values (at most [`MAX_SET_VALUES`]); tested
    /// with `"a" in field`, `any_of`, `all_of` and `count`.
    Set(Vec<String>),
}

impl FieldType {
    /// The declared values of an enum or set, empty for other types.
    #[must_use]
    pub fn values(&self) -> &[String] {
        match self {
            FieldType::Enum(values) | FieldType::Set(values) => values,
            FieldType::Number | FieldType::Bool => &[],
        }
    }

    /// The index of `value` among the declared values of an enum or set.
    #[must_use]
    pub fn index_of(&self, value: &str) -> Option<u16> {
        let index = self.values().iter().position(|v| v == value)?;
        u16::try_from(index).ok()
    }

    /// A short name of the type for messages: `number`, `bool`, `enum`, `set`.
    #[must_use]
    pub fn kind_name(&self) -> &'static str {
        match self {
            FieldType::Number => "number",
            FieldType::Bool => "bool",
            FieldType::Enum(_) => "enum",
            FieldType::Set(_) => "set",
        }
    }

    /// Whether `value` has this type ([`Value::Unknown`] has every type).
    #[must_use]
    pub fn accepts(&self, value: Value) -> bool {
        match (self, value) {
            (_, Value::Unknown)
            | (FieldType::Number, Value::Number(_))
            | (FieldType::Bool, Value::Bool(_)) => true,
            (FieldType::Enum(values), Value::Enum(i)) => usize::from(i) < values.len(),
            (FieldType::Set(values), Value::Set(bits)) => bits & value_mask(values.len()) == bits,
            _ => false,
        }
    }

    /// Parses a value written as [`render_value`](crate::render_value)
    /// writes it: `67`, `true`, `night`, `[night, sitting]`, or `not asked`
    /// for [`Value::Unknown`]. Enum and set values may also be quoted.
    #[must_use]
    pub fn parse_value(&self, text: &str) -> Option<Value> {
        let text = text.trim();
        if text == "not asked" {
            return Some(Value::Unknown);
        }
        let unquote = |s: &str| {
            let s = s.trim();
            s.strip_prefix('"')
                .and_then(|s| s.strip_suffix('"'))
                .unwrap_or(s)
                .to_owned()
        };
        match self {
            FieldType::Number => text
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .map(Value::Number),
            FieldType::Bool => match text {
                "true" => Some(Value::Bool(true)),
                "false" => Some(Value::Bool(false)),
                _ => None,
            },
            FieldType::Enum(_) => self.index_of(&unquote(text)).map(Value::Enum),
            FieldType::Set(_) => {
                let inner = text.strip_prefix('[')?.strip_suffix(']')?.trim();
                let mut bits = 0u64;
                if !inner.is_empty() {
                    for item in inner.split(',') {
                        bits |= 1u64.checked_shl(u32::from(self.index_of(&unquote(item))?))?;
                    }
                }
                Some(Value::Set(bits))
            }
        }
    }
}

/// The bits of the first `len` values of a set (all 64 when `len >= 64`).
pub(crate) fn value_mask(len: usize) -> u64 {
    if len >= 64 {
        u64::MAX
    } else {
        (1u64 << len) - 1
    }
}

/// A field's dense index in its [`Schema`], in declaration order; also the
/// index of its value in a `[Value]` used as [`Facts`](crate::Facts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldId(pub u16);

impl FieldId {
    /// The id as an index.
    #[must_use]
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// The fields conditions may read, built with [`Schema::field`]:
///
/// ```
/// use crampwise_expr::{FieldType, Schema};
/// let schema = Schema::new()
///     .field("age", FieldType::Number)
///     .field("sex", FieldType::Enum(vec!["female".into(), "male".into()]));
/// assert!(schema.validate().is_ok());
/// assert_eq!(schema.lookup("sex").map(|(id, _)| id.0), Some(1));
/// ```
#[derive(Clone, Debug, Default)]
pub struct Schema {
    fields: Vec<(String, FieldType)>,
    by_name: HashMap<String, FieldId>,
    error: Option<SchemaError>,
}

impl Schema {
    /// An empty schema.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Declares a field; it gets the next [`FieldId`].
    ///
    /// A bad declaration (an invalid or duplicate name, a duplicate value,
    /// a set of more than [`MAX_SET_VALUES`] values, too many fields) is not
    /// added; the first such problem is reported by [`Schema::validate`] and
    /// makes [`Condition::compile`](crate::Condition::compile) fail.
    #[must_use]
    pub fn field(mut self, name: impl Into<String>, field_type: FieldType) -> Self {
        let name = name.into();
        match self.check(&name, &field_type) {
            Ok(id) => {
                self.by_name.insert(name.clone(), id);
                self.fields.push((name, field_type));
            }
            Err(message) => {
                if self.error.is_none() {
                    self.error = Some(SchemaError { message });
                }
            }
        }
        self
    }

    fn check(&self, name: &str, field_type: &FieldType) -> Result<FieldId, String> {
        let valid = !name.is_empty()
            && name
                .split('.')
                .all(|segment| is_valid_segment(segment) && !is_reserved(segment));
        if !valid {
            return Err(format!(
                "invalid field name `{name}`; use lowercase names like `cramps.per_week`, without reserved words"
            ));
        }
        if self.by_name.contains_key(name) {
            return Err(format!("field `{name}` is declared twice"));
        }
        let values = field_type.values();
        if let Some(dup) = values
            .iter()
            .enumerate()
            .find(|(i, v)| values.get(..*i).is_some_and(|before| before.contains(v)))
        {
            return Err(format!(
                "value `{}` is listed twice in field `{name}`",
                dup.1
            ));
        }
        match field_type {
            FieldType::Set(values) if values.len() > MAX_SET_VALUES => {
                return Err(format!(
                    "set field `{name}` has {} values (limit {MAX_SET_VALUES})",
                    values.len()
                ));
            }
            FieldType::Enum(values) if values.len() > usize::from(u16::MAX) => {
                return Err(format!("enum field `{name}` has too many values"));
            }
            _ => {}
        }
        u16::try_from(self.fields.len())
            .map(FieldId)
            .map_err(|_| format!("too many fields (limit {})", u16::MAX))
    }

    /// The first problem met while declaring fields, if any.
    ///
    /// # Errors
    ///
    /// The [`SchemaError`] of the first bad [`Schema::field`] call.
    pub fn validate(&self) -> Result<(), SchemaError> {
        self.error.clone().map_or(Ok(()), Err)
    }

    /// The id and type of the field named `path`.
    #[must_use]
    pub fn lookup(&self, path: &str) -> Option<(FieldId, &FieldType)> {
        let id = *self.by_name.get(path)?;
        self.field_type(id).map(|field_type| (id, field_type))
    }

    /// The name of field `id`, or `""` for an id not from this schema.
    #[must_use]
    pub fn field_name(&self, id: FieldId) -> &str {
        self.fields.get(id.index()).map_or("", |(name, _)| name)
    }

    /// The type of field `id`, if it is from this schema.
    #[must_use]
    pub fn field_type(&self, id: FieldId) -> Option<&FieldType> {
        self.fields
            .get(id.index())
            .map(|(_, field_type)| field_type)
    }

    /// How many fields are declared.
    #[must_use]
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Whether no field is declared.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// The fields in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = (FieldId, &str, &FieldType)> {
        self.fields
            .iter()
            .zip(0u16..)
            .map(|((name, field_type), i)| (FieldId(i), name.as_str(), field_type))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn bad_declarations_are_reported() {
        let s = Schema::new().field("Age", FieldType::Number);
        assert!(s
            .validate()
            .unwrap_err()
            .message
            .contains("invalid field name `Age`"));
        let s = Schema::new().field("a.in", FieldType::Number);
        assert!(s.validate().is_err());
        let s = Schema::new()
            .field("a", FieldType::Number)
            .field("a", FieldType::Bool);
        assert_eq!(
            s.validate().unwrap_err().message,
            "field `a` is declared twice"
        );
        assert_eq!(s.len(), 1);
        let s = Schema::new().field("s", FieldType::Set(values(&["x", "x"])));
        assert_eq!(
            s.validate().unwrap_err().message,
            "value `x` is listed twice in field `s`"
        );
        let many: Vec<String> = (0..65).map(|i| format!("v{i}")).collect();
        let s = Schema::new().field("s", FieldType::Set(many));
        assert_eq!(
            s.validate().unwrap_err().message,
            "set field `s` has 65 values (limit 64)"
        );
    }

    #[test]
    fn lookup_and_names() {
        let s = Schema::new()
            .field("age", FieldType::Number)
            .field("cramps.timing", FieldType::Set(values(&["night", "day"])));
        let (id, ty) = s.lookup("cramps.timing").unwrap();
        assert_eq!(id, FieldId(1));
        assert_eq!(ty.index_of("day"), Some(1));
        assert_eq!(s.field_name(id), "cramps.timing");
        assert_eq!(s.field_name(FieldId(9)), "");
        assert!(s.lookup("cramps").is_none());
        assert_eq!(s.iter().count(), 2);
    }

    #[test]
    fn parse_values() {
        let set = FieldType::Set(values(&["night", "day"]));
        assert_eq!(set.parse_value("[night, day]"), Some(Value::Set(0b11)));
        assert_eq!(set.parse_value("[]"), Some(Value::Set(0)));
        assert_eq!(set.parse_value("[dusk]"), None);
        assert_eq!(
            FieldType::Number.parse_value("67"),
            Some(Value::Number(67.0))
        );
        assert_eq!(
            FieldType::Bool.parse_value("not asked"),
            Some(Value::Unknown)
        );
        let e = FieldType::Enum(values(&["a", "b"]));
        assert_eq!(e.parse_value("\"b\""), Some(Value::Enum(1)));
        assert!(e.accepts(Value::Enum(1)) && !e.accepts(Value::Enum(2)));
        assert!(!set.accepts(Value::Set(0b100)));
    }
}
