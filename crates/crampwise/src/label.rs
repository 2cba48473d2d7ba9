//! Supplement labels as front ends have them.

use crampwise_content::Content;
use crampwise_label::{LabelError, LabelReport, Person};
use serde_json::Value;

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
        }
    }
}
