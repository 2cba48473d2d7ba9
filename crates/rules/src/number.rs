//! A finite JSON number, so that profile errors read "expected a number",
//! and the few conversions between number types the crate makes, each in
//! one place that says why it is exact (or how it rounds).

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A finite number from a profile (JSON has no NaN or infinity).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Number(f64);

impl Number {
    /// Wraps a finite value; `None` for NaN or infinity.
    pub fn new(value: f64) -> Option<Number> {
        value.is_finite().then_some(Number(value))
    }

    /// The value.
    pub fn get(self) -> f64 {
        self.0
    }
}

impl From<u8> for Number {
    fn from(value: u8) -> Self {
        Number(f64::from(value))
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::plan::serialize_mg(&self.0, serializer)
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Number;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Number, E> {
                Ok(Number(f64_from_i64(v)))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Number, E> {
                Ok(Number(f64_from_u64(v)))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Number, E> {
                Number::new(v).ok_or_else(|| E::custom("expected a finite number"))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// `v` as the nearest double, as JSON readers take an integer literal.
#[expect(
    clippy::as_conversions,
    reason = "i64 to f64 has no From; rounding to the nearest double is the meaning"
)]
fn f64_from_i64(v: i64) -> f64 {
    v as f64
}

/// `v` as the nearest double, as JSON readers take an integer literal.
#[expect(
    clippy::as_conversions,
    reason = "u64 to f64 has no From; rounding to the nearest double is the meaning"
)]
fn f64_from_u64(v: u64) -> f64 {
    v as f64
}

/// `value` as an integer when it is a whole number below 9e15 in
/// magnitude, which an `i64` holds exactly: whole milligrams and bounds are
/// written `300`, not `300.0` (as [`crampwise_expr::whole_number`]).
pub fn whole(value: f64) -> Option<i64> {
    crampwise_expr::whole_number(value)
}

/// `n` as a `usize`, which has at least 32 bits on every target this crate
/// builds for (the assertion below stops a build for any other).
pub(crate) fn usize_from(n: u32) -> usize {
    // Unreachable: with 32 bits or more every u32 fits.
    usize::try_from(n).unwrap_or(usize::MAX)
}

const _: () = assert!(usize::BITS >= u32::BITS);

impl JsonSchema for Number {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Number".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "number" })
    }
    fn inline_schema() -> bool {
        true
    }
}
