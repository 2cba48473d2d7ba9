//! Error types: [`ExprError`] for conditions, [`SchemaError`] for schemas.

use crate::ast::Span;

/// An error in a condition's source, with the 1-based line and column of
/// the offending token.
///
/// It displays as `line:column: message`, for example
/// `1:5: unknown field `cramps.timng`; did you mean `cramps.timing`?`.
/// Messages are lowercase, quote offending input in backticks and have no
/// trailing period.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct ExprError {
    /// 1-based line of the offending token.
    pub line: u32,
    /// 1-based column (in characters) of the offending token.
    pub column: u32,
    /// What went wrong and what was expected.
    pub message: String,
}

impl ExprError {
    /// An error at the start of `span`.
    pub(crate) fn at(span: Span, message: impl Into<String>) -> Self {
        ExprError {
            line: span.line,
            column: span.column,
            message: message.into(),
        }
    }
}

/// A defect in a [`Schema`](crate::Schema) definition, such as a field
/// declared twice or a set with more than 64 values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SchemaError {
    /// What is wrong with the schema.
    pub message: String,
}
