//! The crampwise condition language: small, typed and three-valued.
//!
//! A rule's condition is a string such as
//!
//! ```text
//! age >= 65 and "night" in cramps.timing and cramps.per_week >= 7
//! sex in ["female", "unspecified"] and age >= 12 and age < 56 and unknown(pregnancy)
//! any_of(cramps.timing, ["during_exercise", "after_exercise"]) or lifestyle.exercise_per_week >= 4
//! ```
//!
//! It is compiled once against a [`Schema`] of typed fields with
//! [`Condition::compile`], then evaluated many times against [`Facts`] with
//! [`Condition::eval`], which gives a [`Truth`]: true, false or unknown.
//!
//! ```
//! use crampwise_expr::{Condition, FieldType, Schema, Truth, Value};
//!
//! let timing = FieldType::Set(vec!["night".into(), "during_exercise".into()]);
//! let schema = Schema::new()
//!     .field("age", FieldType::Number)
//!     .field("cramps.timing", timing);
//! let night_cramps = Condition::compile(r#"age >= 65 and "night" in cramps.timing"#, &schema)?;
//!
//! // Facts are indexed by field id, in declaration order.
//! let facts = [Value::Number(67.0), Value::set_of(&[0])];
//! assert_eq!(night_cramps.eval(&facts), Truth::True);
//! assert_eq!(
//!     night_cramps.because(&facts, &schema),
//!     ["age >= 65 (age = 67)", r#""night" in cramps.timing (cramps.timing = [night])"#]
//! );
//!
//! // A field that was not asked makes what depends on it unknown.
//! assert_eq!(night_cramps.eval(&[Value::Number(67.0), Value::Unknown]), Truth::Unknown);
//! assert_eq!(night_cramps.eval(&[Value::Number(30.0), Value::Unknown]), Truth::False);
//!
//! // Errors point at the offending token.
//! let err = Condition::compile("age >= 65 and cramps.timng", &schema).unwrap_err();
//! assert_eq!(err.to_string(), "1:15: unknown field `cramps.timng`; did you mean `cramps.timing`?");
//! # Ok::<(), crampwise_expr::ExprError>(())
//! ```
//!
//! # Grammar
//!
//! ```text
//! or      := and ("or" and)*
//! and     := not ("and" not)*
//! not     := "not" not | cmp
//! cmp     := operand (("==" | "!=" | "<" | "<=" | ">" | ">=") operand | "in" operand)?
//! operand := number | string | "true" | "false" | path
//!          | "(" or ")"
//!          | "[" string ("," string)* ","? "]"
//!          | func "(" path ("," list)? ")"
//! func    := "known" | "unknown" | "any_of" | "all_of" | "count"
//! ```
//!
//! - A number is `[0-9]+(\.[0-9]+)?`, optionally preceded by `-`.
//! - A string is `"..."`; inside it `\"` is a quote and `\\` a backslash.
//! - A path is names `[a-z_][a-z0-9_]*` joined by `.` without spaces.
//! - `and`, `or`, `not`, `in`, `true` and `false` are reserved.
//! - Comparisons do not chain: `a < b < c` is an error.
//! - Spaces, tabs and newlines separate tokens.
//!
//! # Types
//!
//! Fields are declared by the [`Schema`] as one of the [`FieldType`]s.
//!
//! | form | meaning |
//! | --- | --- |
//! | `age >= 65`, `65 <= age`, `a < b` | number field against a number or number field; all six operators |
//! | `sex == "female"`, `sex != "male"` | enum field against one of its values |
//! | `sex in ["female", "unspecified"]` | enum field is one of the listed values |
//! | `lactating`, `lactating == true`, `lactating != false` | bool field |
//! | `"night" in cramps.timing` | set field holds the value |
//! | `any_of(s, ["a", "b"])`, `all_of(s, ["a", "b"])` | set field holds any / all of the values |
//! | `count(symptoms) >= 3` | `count(set)` is a number |
//! | `known(x)`, `unknown(x)` | whether field `x` (of any type) has a value |
//!
//! Every string must be a declared value of the field it is tested against.
//! A comparison needs a field on at least one side. The whole condition and
//! each operand of `and`, `or` and `not` must be a condition: a number, a
//! string or a non-bool field there is a type error.
//!
//! # Three-valued semantics
//!
//! A field with [`Value::Unknown`] (not asked) makes any comparison,
//! membership, `any_of`, `all_of` or `count` reading it unknown; a value of
//! the wrong type for its field counts as unknown. `known(x)` and
//! `unknown(x)` are never unknown. `and`, `or` and `not` follow Kleene's
//! logic (`T` true, `F` false, `U` unknown):
//!
//! | `a` | `b` | `a and b` | `a or b` | `not a` |
//! | --- | --- | --- | --- | --- |
//! | T | T | T | T | F |
//! | T | F | F | T | F |
//! | T | U | U | T | F |
//! | F | F | F | F | T |
//! | F | U | F | U | T |
//! | U | U | U | U | U |
//!
//! Numbers are `f64`; a NaN compares false with everything (and `!=` true).
//!
//! # Errors
//!
//! An [`ExprError`] displays as `line:column: message`, with the 1-based
//! line and column (in characters) of the offending token, a lowercase
//! message quoting input in backticks, and a suggestion for a misspelt
//! field or value.
//!
//! # Limits
//!
//! So that any input is safe to compile, a source is at most
//! [`MAX_SOURCE_LEN`] (4096) bytes, nests at most [`MAX_DEPTH`] (64)
//! parentheses and `not`s deep, and has at most [`MAX_NODES`] (512) nodes;
//! beyond that compiling returns an error.

mod ast;
mod block;
mod compile;
mod condition;
mod error;
mod eval;
mod explain;
mod json;
mod lexer;
mod parser;
mod schema;
mod set;
mod types;

pub use ast::{Ast, CmpOp, Expr, ExprKind, Func, PathLit, Span, StrLit};
pub use block::{Block, BlockTruth, BLOCK_ROWS};
pub use condition::{Condition, Escaping, Explaining};
pub use error::{ExprError, SchemaError};
pub use json::write_json_escaped;
pub use parser::{parse, MAX_DEPTH, MAX_NODES, MAX_SOURCE_LEN};
pub use schema::{FieldId, FieldType, Schema, MAX_SET_VALUES};
pub use set::Conditions;
pub use types::{render_value, whole_number, Facts, Truth, Value};
