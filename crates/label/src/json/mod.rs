//! JSON labels: crampwise's own shape ([`own`]) or an NIH DSLD v9 label
//! record ([`dsld`]), told apart by `ingredientRows`.

mod dsld;
mod own;

use serde_json::Value;

use crate::error::LabelError;
use crate::limits::{check_json_depth, check_size, check_value_depth};
use crate::model::ParsedLabel;

/// Parses JSON text (size and depth checked first) and reads it as a label.
pub(crate) fn parse_json(text: &str) -> Result<ParsedLabel, LabelError> {
    check_size(text)?;
    check_json_depth(text)?;
    let value: Value = crampwise_rules::json::parse(text).map_err(|e| LabelError::Json {
        line: e.line(),
        column: e.column(),
        message: strip_position(&e.to_string()).to_owned(),
    })?;
    parse_value(&value)
}

/// Reads a JSON value as a label: DSLD when it has `ingredientRows`, else our shape.
pub(crate) fn parse_value(value: &Value) -> Result<ParsedLabel, LabelError> {
    check_value_depth(value)?;
    let Some(object) = value.as_object() else {
        return Err(LabelError::field(
            "",
            format!("expected a label object, got `{}`", short(value)),
        ));
    };
    let mut label = if object.contains_key("ingredientRows") {
        dsld::parse(value)?
    } else {
        own::parse(value)?
    };
    // A product for the skin or the bath says so in its name or statements.
    label.not_oral = label
        .name
        .iter()
        .chain(label.statements.iter())
        .chain(label.claims.iter())
        .find_map(|t| crate::text::not_oral(t));
    Ok(label)
}

/// A value as compact JSON, cut to 60 characters for messages.
pub(crate) fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(57).collect();
        format!("{cut}...")
    } else {
        text
    }
}

pub(crate) use crampwise_rules::json::{humanize, strip_position};
