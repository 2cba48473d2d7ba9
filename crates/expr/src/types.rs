//! Runtime values, three-valued truth, and the [`Facts`] a condition reads.

use std::ops::Not;

use crate::schema::{FieldId, FieldType};

/// The value of one field.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value {
    /// Not asked: the field has no value.
    Unknown,
    /// A [`FieldType::Number`] value.
    Number(f64),
    /// A [`FieldType::Bool`] value.
    Bool(bool),
    /// A [`FieldType::Enum`] value: the index of the value in the field's
    /// declared list.
    Enum(u16),
    /// A [`FieldType::Set`] value: bit `i` is set when the field holds the
    /// value at index `i` of its declared list.
    Set(u64),
}

impl Value {
    /// A set value holding the values at `indices`; indices of 64 or more
    /// are ignored.
    #[must_use]
    pub fn set_of(indices: &[u16]) -> Value {
        Value::Set(
            indices
                .iter()
                .filter_map(|&i| 1u64.checked_shl(u32::from(i)))
                .fold(0, |bits, bit| bits | bit),
        )
    }
}

/// A three-valued (Kleene) truth value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Truth {
    /// Holds.
    True,
    /// Does not hold.
    False,
    /// Cannot tell: it depends on a field that was not asked.
    Unknown,
}

impl Truth {
    /// Kleene conjunction: false if either is false, else unknown if either
    /// is unknown, else true.
    #[must_use]
    pub fn and(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::False, _) | (_, Truth::False) => Truth::False,
            (Truth::True, Truth::True) => Truth::True,
            _ => Truth::Unknown,
        }
    }

    /// Kleene disjunction: true if either is true, else unknown if either
    /// is unknown, else false.
    #[must_use]
    pub fn or(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::True, _) | (_, Truth::True) => Truth::True,
            (Truth::False, Truth::False) => Truth::False,
            _ => Truth::Unknown,
        }
    }

    /// Whether this is [`Truth::True`].
    #[must_use]
    pub fn is_true(self) -> bool {
        self == Truth::True
    }

    /// The word for it: `true`, `false` or `unknown`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Truth::True => "true",
            Truth::False => "false",
            Truth::Unknown => "unknown",
        }
    }
}

impl Not for Truth {
    type Output = Truth;

    /// Kleene negation: swaps true and false, keeps unknown.
    fn not(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        }
    }
}

impl From<bool> for Truth {
    fn from(b: bool) -> Truth {
        if b {
            Truth::True
        } else {
            Truth::False
        }
    }
}

/// The field values a condition is evaluated against.
///
/// A value of the wrong type for its field (say [`Value::Bool`] for a number
/// field) is treated as [`Value::Unknown`].
pub trait Facts {
    /// The value of `field`, [`Value::Unknown`] when not asked.
    fn get(&self, field: FieldId) -> Value;
}

/// Values indexed by [`FieldId`]; ids past the end are unknown.
impl Facts for [Value] {
    fn get(&self, field: FieldId) -> Value {
        <[Value]>::get(self, field.index())
            .copied()
            .unwrap_or(Value::Unknown)
    }
}

/// Values indexed by [`FieldId`]; ids past the end are unknown.
impl Facts for Vec<Value> {
    fn get(&self, field: FieldId) -> Value {
        Facts::get(self.as_slice(), field)
    }
}

/// Values indexed by [`FieldId`]; ids past the end are unknown.
impl<const N: usize> Facts for [Value; N] {
    fn get(&self, field: FieldId) -> Value {
        Facts::get(self.as_slice(), field)
    }
}

impl<T: Facts + ?Sized> Facts for &T {
    fn get(&self, field: FieldId) -> Value {
        (**self).get(field)
    }
}

/// Renders a value of a field of type `field_type` for people: `67`,
/// `true`, `night`, `[night, sitting]` (in declared order), or `not asked`
/// for [`Value::Unknown`]. A value that does not fit the type is rendered
/// as `invalid ...`.
#[must_use]
pub fn render_value(field_type: &FieldType, value: Value) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_value(&mut out, field_type, value);
    out
}

/// Writes what [`render_value`] returns, without building a string of its own.
/// `value` as an integer when it is a whole number below 9e15 in
/// magnitude, which an `i64` holds exactly: whole milligrams and bounds are
/// written `300`, not `300.0`.
#[expect(
    clippy::as_conversions,
    reason = "f64 to i64 has no TryFrom; a whole number below 2^53 converts exactly"
)]
#[must_use]
pub fn whole_number(value: f64) -> Option<i64> {
    (value.fract() == 0.0 && value.abs() < 9.0e15).then_some(value as i64)
}

pub(crate) fn write_value(
    out: &mut impl std::fmt::Write,
    field_type: &FieldType,
    value: Value,
) -> std::fmt::Result {
    match (field_type, value) {
        (_, Value::Unknown) => out.write_str("not asked"),
        // A whole number as an integer: the digits `{n}` writes, faster
        // (`-0` keeps its sign the float way).
        (FieldType::Number, Value::Number(n)) => {
            match whole_number(n).filter(|_| n.is_sign_positive()) {
                Some(whole) => out.write_str(itoa::Buffer::new().format(whole)),
                None => write!(out, "{n}"),
            }
        }
        (FieldType::Bool, Value::Bool(b)) => write!(out, "{b}"),
        (FieldType::Enum(values), Value::Enum(i)) => match values.get(usize::from(i)) {
            Some(v) => out.write_str(v),
            None => write!(out, "invalid value #{i}"),
        },
        (FieldType::Set(values), Value::Set(bits)) => {
            if bits & !crate::schema::value_mask(values.len()) != 0 {
                return write!(out, "invalid set {bits:#x}");
            }
            out.write_char('[')?;
            let names = values
                .iter()
                .enumerate()
                .filter(|(i, _)| i < &64 && bits & (1u64 << i) != 0);
            for (n, (_, v)) in names.enumerate() {
                if n > 0 {
                    out.write_str(", ")?;
                }
                out.write_str(v)?;
            }
            out.write_char(']')
        }
        (_, other) => write!(out, "invalid {other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Truth; 3] = [Truth::True, Truth::False, Truth::Unknown];

    #[test]
    fn kleene_laws() {
        for a in ALL {
            assert_eq!(!!a, a);
            for b in ALL {
                assert_eq!(a.and(b), b.and(a));
                assert_eq!(a.or(b), b.or(a));
                assert_eq!(!(a.and(b)), (!a).or(!b));
            }
        }
        assert_eq!(Truth::False.and(Truth::Unknown), Truth::False);
        assert_eq!(Truth::True.and(Truth::Unknown), Truth::Unknown);
        assert_eq!(Truth::True.or(Truth::Unknown), Truth::True);
        assert_eq!(Truth::False.or(Truth::Unknown), Truth::Unknown);
    }

    #[test]
    fn facts_from_slices() {
        let facts = vec![Value::Number(1.0), Value::Bool(true)];
        assert_eq!(Facts::get(&facts, FieldId(1)), Value::Bool(true));
        assert_eq!(Facts::get(&facts, FieldId(7)), Value::Unknown);
        let array = [Value::Enum(2)];
        assert_eq!(Facts::get(&array, FieldId(0)), Value::Enum(2));
    }

    #[test]
    fn rendering() {
        let set = FieldType::Set(vec!["night".into(), "day".into(), "sitting".into()]);
        assert_eq!(
            render_value(&set, Value::set_of(&[2, 0])),
            "[night, sitting]"
        );
        assert_eq!(render_value(&set, Value::Set(0)), "[]");
        assert_eq!(render_value(&set, Value::Set(0b1000)), "invalid set 0x8");
        assert_eq!(render_value(&FieldType::Number, Value::Number(67.0)), "67");
        assert_eq!(render_value(&FieldType::Number, Value::Number(0.5)), "0.5");
        assert_eq!(render_value(&FieldType::Bool, Value::Unknown), "not asked");
        assert_eq!(
            render_value(&FieldType::Number, Value::Bool(true)),
            "invalid Bool(true)"
        );
    }
}
