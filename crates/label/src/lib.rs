//! The crampwise supplement label checker.
//!
//! What it is for: reading a magnesium supplement's label as people meet it
//! (Supplement Facts text pasted from a pack or a web page, a simple JSON
//! label, or a record of the NIH Dietary Supplement Label Database) and
//! saying, in a [`LabelReport`]: which magnesium forms it holds (main form
//! first), how much elemental magnesium a serving really gives (converted
//! from a compound weight with the content's elemental fractions when that
//! is all the label gives, and flagged as an estimate), the seed article's
//! buying checklist item by item, warnings (upper limits, proprietary blends,
//! vitamin B6), every line it could not read, and an overall verdict. Given a
//! person's profile and plan it also says whether the product fits them.
//!
//! What it is not: a parser that guesses. Lines it does not understand are
//! listed in `unread_lines`, never silently dropped, and an amount it cannot
//! read is a warning, not a number. It does no I/O and keeps no state.
//!
//! ```
//! use crampwise_content::Content;
//!
//! let content = Content::embedded()?;
//! let report = crampwise_label::check_text(
//!     "Supplement Facts\n\
//!      Serving Size 2 Capsules\n\
//!      Magnesium Citrate 1,000 mg\n\
//!      Other ingredients: cellulose, sucralose.",
//!     &content,
//!     None,
//! )?;
//! assert_eq!(report.forms, ["citrate"]);
//! // 1,000 mg of trimagnesium dicitrate is about 162 mg of magnesium.
//! let mg = report.elemental_mg_per_serving.unwrap_or_default();
//! assert!((mg - 162.0).abs() < 0.5 && report.elemental_is_estimate);
//! assert!(report.has_warning("estimate_from_compound"));
//! assert_eq!(report.check("clean_fillers").map(|c| c.status),
//!            Some(crampwise_label::CheckStatus::Fail));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Inputs are bounded: at most [`MAX_LABEL_BYTES`] bytes, [`MAX_LINES`]
//! lines, [`MAX_INGREDIENTS`] ingredients and JSON nested at most
//! [`MAX_DEPTH`] deep; anything larger is a [`LabelError`], never a panic.

mod analyze;
mod error;
mod json;
mod limits;
mod model;
mod names;
mod report;
mod text;
mod words;

use crampwise_content::Content;
use crampwise_rules::{Plan, Profile};
use serde_json::Value;

pub use analyze::magnesium::{Basis, MagnesiumSource};
pub use error::LabelError;
pub use limits::{MAX_DEPTH, MAX_INGREDIENTS, MAX_LABEL_BYTES, MAX_LINES};
pub use model::{
    Amount, FormFactor, IgnoredLine, Ingredient, LabelSource, ParsedLabel, Serving, Unit,
};
pub use report::{CheckResult, CheckStatus, Fit, FitReason, LabelReport, Verdict, Warning};
pub use text::{parse_text, read_label_number, LabelNumber};

/// A person to check the product against: their profile and the plan the engine made for it.
pub type Person<'a> = (&'a Profile, &'a Plan);

/// Checks Supplement Facts text as printed.
///
/// # Errors
///
/// [`LabelError::TooLarge`] over [`MAX_LABEL_BYTES`],
/// [`LabelError::TooManyLines`] over [`MAX_LINES`] and
/// [`LabelError::TooManyIngredients`] over [`MAX_INGREDIENTS`]; text that
/// is merely unreadable is a report, not an error.
pub fn check_text(
    text: &str,
    content: &Content,
    person: Option<Person<'_>>,
) -> Result<LabelReport, LabelError> {
    limits::check_size(text)?;
    limits::check_lines(text)?;
    let label = parse_text(text);
    if label.ingredients.len() > MAX_INGREDIENTS {
        return Err(LabelError::TooManyIngredients {
            path: "label".to_owned(),
            count: label.ingredients.len(),
            max: MAX_INGREDIENTS,
        });
    }
    Ok(analyze::report(label, content, person))
}

/// Checks a JSON label: an NIH DSLD v9 label record when the object has
/// `ingredientRows`, else crampwise's own shape (see [`ParsedLabel`] and the
/// crate README).
///
/// # Errors
///
/// As [`parse_json`]: input too large or nested too deeply, invalid JSON,
/// or a value missing, of the wrong type or out of range.
pub fn check_json(
    json: &str,
    content: &Content,
    person: Option<Person<'_>>,
) -> Result<LabelReport, LabelError> {
    let label = json::parse_json(json)?;
    Ok(analyze::report(label, content, person))
}

/// Checks a JSON label already parsed into a value (from Python, say).
///
/// # Errors
///
/// [`LabelError::TooDeep`] for a value nested too deeply, and
/// [`LabelError::Field`] (or [`LabelError::TooManyIngredients`]) for one
/// that is not a label: not an object, or a value missing, of the wrong
/// type or out of range.
pub fn check_value(
    value: &Value,
    content: &Content,
    person: Option<Person<'_>>,
) -> Result<LabelReport, LabelError> {
    let label = json::parse_value(value)?;
    Ok(analyze::report(label, content, person))
}

/// Checks a label of either kind: JSON when the input starts with `{`, else text.
///
/// # Errors
///
/// As [`check_json`] for JSON and [`check_text`] for text.
pub fn check_any(
    input: &str,
    content: &Content,
    person: Option<Person<'_>>,
) -> Result<LabelReport, LabelError> {
    if input.trim_start().starts_with('{') {
        check_json(input, content, person)
    } else {
        check_text(input, content, person)
    }
}

/// Reads a JSON label (either shape) into a [`ParsedLabel`] without judging it.
///
/// # Errors
///
/// [`LabelError::TooLarge`] over [`MAX_LABEL_BYTES`], [`LabelError::TooDeep`]
/// when nested deeper than [`MAX_DEPTH`], [`LabelError::Json`] for invalid
/// JSON, and [`LabelError::Field`] (or [`LabelError::TooManyIngredients`])
/// when it is not a label: not an object, or a value missing, of the wrong
/// type or out of range.
pub fn parse_json(json: &str) -> Result<ParsedLabel, LabelError> {
    json::parse_json(json)
}
