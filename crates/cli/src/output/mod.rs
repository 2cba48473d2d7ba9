//! Rendering for people (aligned tables, key-value lists) and for programs (JSON).

pub(crate) mod item;
pub(crate) use crampwise::render::table;

use std::io::Write;

use clap::builder::styling::{AnsiColor, Style};
use serde_json::Value;

use crate::error::CliError;

/// Style of table headers and item titles. Stripped when stdout is not a terminal.
pub(crate) use crampwise::render::HEADER;
/// Style of field names in key-value lists.
pub(crate) const KEY: Style =
    Style::new().fg_color(Some(clap::builder::styling::Color::Ansi(AnsiColor::Cyan)));

/// Default line width when the terminal width is unknown.
pub(crate) const DEFAULT_WIDTH: usize = 100;
/// Narrowest width we lay out for; a smaller `COLUMNS` is ignored.
const MIN_WIDTH: usize = 40;

/// The width to lay text out for: `COLUMNS` when set to a sensible number, else 100.
pub(crate) fn width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&w| w >= MIN_WIDTH)
        .unwrap_or(DEFAULT_WIDTH)
}

/// Writes `value` as JSON: compact on one line (for programs) or indented, then a newline.
pub(crate) fn write_json(out: &mut dyn Write, value: &Value, pretty: bool) -> Result<(), CliError> {
    if pretty {
        serde_json::to_writer_pretty(&mut *out, value)?;
    } else {
        serde_json::to_writer(&mut *out, value)?;
    }
    writeln!(out)?;
    Ok(())
}

/// One JSON value as short text for a table cell or a list: strings as they
/// are (whitespace runs collapsed), numbers as JSON writes them, booleans as
/// `yes`/`no`, lists joined with commas, absent or null as `-`.
pub(crate) fn cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "-".to_owned(),
        Some(Value::String(s)) => collapse_whitespace(s),
        Some(Value::Number(n)) => number(n),
        Some(Value::Bool(true)) => "yes".to_owned(),
        Some(Value::Bool(false)) => "no".to_owned(),
        Some(Value::Array(items)) if items.is_empty() => "-".to_owned(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| cell(Some(v)))
            .collect::<Vec<_>>()
            .join(", "),
        Some(v @ Value::Object(_)) => v.to_string(),
    }
}

/// A number for people: whole numbers without a trailing `.0` (`156`, not `156.0`).
fn number(n: &serde_json::Number) -> String {
    match n.as_f64() {
        Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        _ => n.to_string(),
    }
}

/// Replaces every run of whitespace (including newlines) with one space.
pub(crate) fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(crate) use crampwise::render::{display_len, wrap};

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cells_render_json_values() {
        assert_eq!(cell(None), "-");
        assert_eq!(cell(Some(&json!(null))), "-");
        assert_eq!(cell(Some(&json!("a\n  b"))), "a b");
        assert_eq!(cell(Some(&json!(0.141))), "0.141");
        assert_eq!(cell(Some(&json!(156))), "156");
        assert_eq!(cell(Some(&json!(156.0))), "156");
        assert_eq!(cell(Some(&json!(-0.5))), "-0.5");
        assert_eq!(cell(Some(&json!(true))), "yes");
        assert_eq!(cell(Some(&json!(["x", "y"]))), "x, y");
        assert_eq!(cell(Some(&json!([]))), "-");
    }
}
