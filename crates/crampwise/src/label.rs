//! Supplement labels as front ends have them.

use crampwise_content::Content;
use crampwise_label::{LabelError, LabelReport, Person, MAX_LABEL_BYTES};
use crampwise_rules::{Plan, Profile};
use serde_json::Value;

use crate::diagnostic::Diagnostics;

/// A supplement label in one of the shapes the checker reads.
#[derive(Debug, Clone, Copy)]
pub enum LabelInput<'a> {
    /// Supplement Facts text, or JSON text when it starts with `{`.
    Any(&'a str),
    /// Supplement Facts text as printed (never read as JSON).
    Text(&'a str),
    /// crampwise's JSON label shape or an NIH DSLD record, as JSON text.
    Json(&'a str),
    /// crampwise's JSON label shape or an NIH DSLD record, parsed.
    Value(&'a Value),
    /// One line of a JSON Lines stream: a label object, or label text as a
    /// JSON string. The line was `length` bytes, of which `line` holds the
    /// first ones (a reader need keep no more than [`MAX_LABEL_BYTES`] + 1).
    JsonLine {
        /// The line's bytes (at most [`MAX_LABEL_BYTES`] + 1 of them).
        line: &'a [u8],
        /// The line's whole length.
        length: usize,
    },
}

impl LabelInput<'_> {
    pub(crate) fn check(
        &self,
        content: &Content,
        person: Option<Person<'_>>,
    ) -> Result<LabelReport, LabelError> {
        match *self {
            LabelInput::Any(text) => crampwise_label::check_any(text, content, person),
            LabelInput::Text(text) => crampwise_label::check_text(text, content, person),
            LabelInput::Json(text) => crampwise_label::check_json(text, content, person),
            LabelInput::Value(value) => crampwise_label::check_value(value, content, person),
            LabelInput::JsonLine { line, length } => check_line(line, length, content, person),
        }
    }
}

fn check_line(
    line: &[u8],
    length: usize,
    content: &Content,
    person: Option<Person<'_>>,
) -> Result<LabelReport, LabelError> {
    let whole = |message: String| LabelError::Field {
        path: String::new(),
        message,
    };
    if length > MAX_LABEL_BYTES {
        return Err(LabelError::TooLarge {
            bytes: length,
            max: MAX_LABEL_BYTES,
        });
    }
    let text = std::str::from_utf8(line).map_err(|e| {
        whole(format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.valid_up_to()
        ))
    })?;
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Err(whole(
            "empty line; expected a label, one JSON object or JSON string a line".to_owned(),
        ));
    }
    if trimmed.starts_with('"') {
        let label: String = serde_json::from_str(text).map_err(|e| {
            let e = crampwise_rules::json::JsonError::from(&e);
            LabelError::Json {
                line: e.line,
                column: e.column,
                message: e.message,
            }
        })?;
        crampwise_label::check_text(&label, content, person)
    } else {
        crampwise_label::check_json(text, content, person)
    }
}

/// Labels checked for one person, whose plan is evaluated once
/// ([`Engine::label_checker`](crate::Engine::label_checker)).
#[derive(Debug)]
pub struct LabelChecker<'e> {
    pub(crate) content: &'e Content,
    pub(crate) person: Option<(&'e Profile, Plan)>,
}

impl LabelChecker<'_> {
    /// The report for one label.
    ///
    /// # Errors
    /// [`Code::InvalidLabel`](crate::Code::InvalidLabel) for a label that cannot be read.
    pub fn check(&self, label: LabelInput<'_>) -> Result<LabelReport, Diagnostics> {
        let person = self.person.as_ref().map(|(profile, plan)| (*profile, plan));
        label
            .check(self.content, person)
            .map_err(|e| Diagnostics::from_label_error(&e).into())
    }
}
