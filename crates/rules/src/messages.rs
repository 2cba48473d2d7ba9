//! serde's error messages in the words of the person who wrote the input:
//! no Rust type names, "expected X, got `Y`". Profiles and labels are JSON
//! (objects); rule files are TOML (tables).

/// The words of one input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Toml,
}

impl Format {
    fn table(self) -> &'static str {
        match self {
            Format::Json => "an object",
            Format::Toml => "a table",
        }
    }
}

/// serde's message without its position suffix (` at line 1 column 9`).
pub fn strip_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .map_or(message, |at| &message[..at])
}

/// The offending value of an `invalid type` message, in backticks.
fn unexpected(what: &str, format: Format) -> String {
    if let Some(s) = what.strip_prefix("string ") {
        return format!("`{s}`");
    }
    for prefix in ["integer ", "floating point ", "boolean "] {
        if let Some(v) = what.strip_prefix(prefix) {
            return v.to_owned();
        }
    }
    match what {
        "map" => format.table().to_owned(),
        "sequence" => "a list".to_owned(),
        "null" | "unit value" => "`null`".to_owned(),
        other => other.to_owned(),
    }
}

/// The range of an integer type, for a value outside it.
fn range(what: &str) -> Option<(i128, i128)> {
    Some(match what {
        "i8" => (i8::MIN.into(), i8::MAX.into()),
        "i16" => (i16::MIN.into(), i16::MAX.into()),
        "i32" => (i32::MIN.into(), i32::MAX.into()),
        "i64" | "isize" => (i64::MIN.into(), i64::MAX.into()),
        "u8" => (0, u8::MAX.into()),
        "u16" => (0, u16::MAX.into()),
        "u32" => (0, u32::MAX.into()),
        _ => return None,
    })
}

fn expected(what: &str, format: Format) -> String {
    if what.starts_with("struct ") || what == "a map" {
        return format.table().to_owned();
    }
    if what.starts_with("enum ") || what == "variant identifier" || what == "string or map" {
        return "a string".to_owned();
    }
    let whole = |unsigned: bool| match (format, unsigned) {
        (Format::Json, _) => "a number",
        (Format::Toml, false) => "a whole number",
        (Format::Toml, true) => "a whole number from 0 up",
    };
    match what {
        "f64" | "f32" => "a number".to_owned(),
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => whole(false).to_owned(),
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => whole(true).to_owned(),
        "a sequence" => "a list".to_owned(),
        "a boolean" => "`true` or `false`".to_owned(),
        other => other.to_owned(),
    }
}

fn humanize_as(message: &str, format: Format) -> String {
    let message = strip_position(message);
    for kind in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(kind) {
            if let Some((got, want)) = rest.split_once(", expected ") {
                if let (Format::Toml, "invalid value: ", Some((min, max))) =
                    (format, kind, range(want))
                {
                    let got = unexpected(got, format);
                    return format!("expected a whole number from {min} to {max}, got {got}");
                }
                return format!(
                    "expected {}, got {}",
                    expected(want, format),
                    unexpected(got, format)
                );
            }
        }
    }
    let message = match (format, message.strip_prefix("unknown variant ")) {
        (Format::Toml, Some(rest)) => format!("unknown value {rest}"),
        _ => message.to_owned(),
    };
    match message.split_once(", expected ") {
        Some((head, want)) => format!("{head}; expected {}", expected(want, format)),
        None => message,
    }
}

/// A serde message about JSON as crampwise words it: no Rust type names, no
/// position, "expected X, got `Y`", and `; expected` after unknown names.
pub fn humanize(message: &str) -> String {
    humanize_as(message, Format::Json)
}

/// Like [`humanize`], in the words of a TOML file: tables instead of
/// objects, whole numbers named as such, and `unknown value` for a word not
/// among those allowed.
pub(crate) fn humanize_toml(message: &str) -> String {
    humanize_as(message, Format::Toml)
}

#[cfg(test)]
mod tests {
    use super::{humanize, humanize_toml};

    #[test]
    fn messages_read_without_rust_names() {
        assert_eq!(
            humanize(r#"invalid type: string "30", expected a number at line 1 column 12"#),
            r#"expected a number, got `"30"`"#
        );
        assert_eq!(
            humanize("invalid type: integer `1`, expected enum Sex"),
            "expected a string, got `1`"
        );
        assert_eq!(
            humanize("invalid type: sequence, expected struct Cramps"),
            "expected an object, got a list"
        );
        assert_eq!(
            humanize("invalid type: null, expected a boolean"),
            "expected `true` or `false`, got `null`"
        );
        assert_eq!(
            humanize("unknown variant `nigth`, expected one of `night`, `sitting`"),
            "unknown variant `nigth`; expected one of `night`, `sitting`"
        );
        assert_eq!(humanize("missing field `age`"), "missing field `age`");
    }

    #[test]
    fn toml_messages_say_table_and_whole_number() {
        let cases = [
            (
                r#"invalid type: string "150", expected f64"#,
                r#"expected a number, got `"150"`"#,
            ),
            (
                r#"invalid type: string "x", expected i32"#,
                r#"expected a whole number, got `"x"`"#,
            ),
            (
                "invalid value: integer `-6`, expected usize",
                "expected a whole number from 0 up, got `-6`",
            ),
            (
                "invalid value: integer `9999999999`, expected i32",
                "expected a whole number from -2147483648 to 2147483647, got `9999999999`",
            ),
            (
                "invalid type: sequence, expected a map",
                "expected a table, got a list",
            ),
            (
                "invalid type: integer `3`, expected struct RawPolicy",
                "expected a table, got `3`",
            ),
            (
                r#"invalid type: string "a", expected a sequence"#,
                r#"expected a list, got `"a"`"#,
            ),
            (
                "unknown variant `noon`, expected one of `morning`, `midday`",
                "unknown value `noon`; expected one of `morning`, `midday`",
            ),
            (
                "unknown field `foo`, expected one of `id`, `title`",
                "unknown field `foo`; expected one of `id`, `title`",
            ),
        ];
        for (serde, words) in cases {
            assert_eq!(humanize_toml(serde), words, "{serde}");
        }
    }
}
