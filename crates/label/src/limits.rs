//! Size limits, checked before any parsing, so that hostile input fails
//! fast with an error instead of exhausting memory or the stack.

use serde_json::Value;

use crate::error::LabelError;

/// Largest label accepted, in bytes (text or JSON).
pub const MAX_LABEL_BYTES: usize = 256 * 1024;
/// Most lines read from a text label.
pub const MAX_LINES: usize = 500;
/// Most ingredients (rows, nested rows, other ingredients) read from a label.
pub const MAX_INGREDIENTS: usize = 500;
/// Deepest JSON nesting accepted (objects and arrays).
pub const MAX_DEPTH: usize = 64;

/// Checks the byte size.
pub(crate) fn check_size(text: &str) -> Result<(), LabelError> {
    if text.len() > MAX_LABEL_BYTES {
        return Err(LabelError::TooLarge {
            bytes: text.len(),
            max: MAX_LABEL_BYTES,
        });
    }
    Ok(())
}

/// Checks the line count of a text label, counted as the reader splits it
/// (every line ending, and the line breaks of pasted HTML).
pub(crate) fn check_lines(text: &str) -> Result<(), LabelError> {
    let lines = crate::text::normalize::lines(text).len();
    if lines > MAX_LINES {
        return Err(LabelError::TooManyLines {
            lines,
            max: MAX_LINES,
        });
    }
    Ok(())
}

/// Checks JSON text nesting without parsing it, so serde never recurses deeper.
pub(crate) fn check_json_depth(text: &str) -> Result<(), LabelError> {
    let (mut depth, mut line, mut column) = (0usize, 1usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        column += 1;
        if c == '\n' {
            line += 1;
            column = 0;
        }
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(LabelError::TooDeep {
                        at: format!("line {line} column {column}"),
                        max: MAX_DEPTH,
                    });
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// Checks the nesting of an already built value (from Python, say).
pub(crate) fn check_value_depth(value: &Value) -> Result<(), LabelError> {
    fn deeper_than(value: &Value, left: usize) -> bool {
        let children: Box<dyn Iterator<Item = &Value>> = match value {
            Value::Array(a) => Box::new(a.iter()),
            Value::Object(o) => Box::new(o.values()),
            _ => return false,
        };
        if left == 0 {
            return true;
        }
        children.into_iter().any(|v| deeper_than(v, left - 1))
    }
    if deeper_than(value, MAX_DEPTH) {
        return Err(LabelError::TooDeep {
            at: "label".to_owned(),
            max: MAX_DEPTH,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth() {
        let ok = format!("{}{}", "[".repeat(64), "]".repeat(64));
        assert!(check_json_depth(&ok).is_ok());
        let deep = format!("{}{}", "[".repeat(65), "]".repeat(65));
        assert_eq!(
            check_json_depth(&deep).unwrap_err().to_string(),
            "line 1 column 65: nested deeper than 64 levels"
        );
        assert!(check_json_depth(
            r#"{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"["}"#
        )
        .is_ok());
        let v: Value = serde_json::from_str(&ok).unwrap();
        assert!(check_value_depth(&v).is_ok());
        let v: Value = serde_json::from_str(&deep).unwrap();
        assert!(check_value_depth(&v).is_err());
    }
}
