//! Why a label could not be read at all. Messages are lowercase, put the
//! path or line first and quote the offending input in backticks.

/// A label that could not be read. Everything short of this is reported in
/// the [`LabelReport`](crate::LabelReport) instead (unread lines, warnings).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LabelError {
    /// The input is larger than [`MAX_LABEL_BYTES`](crate::MAX_LABEL_BYTES).
    #[error("label is {bytes} bytes; at most {max} are read")]
    TooLarge {
        /// Size of the input.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// The text has more than [`MAX_LINES`](crate::MAX_LINES) lines.
    #[error("label has {lines} lines; at most {max} are read")]
    TooManyLines {
        /// Lines in the input.
        lines: usize,
        /// The limit.
        max: usize,
    },
    /// The label lists more than [`MAX_INGREDIENTS`](crate::MAX_INGREDIENTS) ingredients.
    #[error("{path}: {count} ingredients; at most {max} are read")]
    TooManyIngredients {
        /// Where the list is.
        path: String,
        /// Ingredients found.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// JSON nested deeper than [`MAX_DEPTH`](crate::MAX_DEPTH).
    #[error("{at}: nested deeper than {max} levels")]
    TooDeep {
        /// `line L column C` of the input, or the JSON path.
        at: String,
        /// The limit.
        max: usize,
    },
    /// The input is not valid JSON.
    #[error("line {line} column {column}: not valid JSON: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser expected.
        message: String,
    },
    /// A value of the JSON label is missing, of the wrong type or out of range.
    #[error("{}", field_message(.path, .message))]
    Field {
        /// JSON path of the value (`ingredients[0].unit`); empty for the whole document.
        path: String,
        /// What was expected, with the offending input in backticks.
        message: String,
    },
}

fn field_message(path: &str, message: &str) -> String {
    if path.is_empty() {
        message.to_owned()
    } else {
        format!("{path}: {message}")
    }
}

impl LabelError {
    /// The error as `(path, message)`: the JSON path of the bad value (empty
    /// when the error is about the whole label or has no path) and what is
    /// wrong; joined with `: ` they read as the error's message.
    pub fn parts(&self) -> (String, String) {
        match self {
            LabelError::Field { path, message } => (path.clone(), message.clone()),
            LabelError::TooManyIngredients { path, count, max } => (
                path.clone(),
                format!("{count} ingredients; at most {max} are read"),
            ),
            other => (String::new(), other.to_string()),
        }
    }

    /// A [`LabelError::Field`] error.
    pub(crate) fn field(path: impl Into<String>, message: impl Into<String>) -> LabelError {
        LabelError::Field {
            path: path.into(),
            message: message.into(),
        }
    }
}
