//! Fuzzes the label number reader (`1 200`, `1'000`, `1,000.5`, `0,5`, a
//! no-break or thin space, a soft hyphen): any input gives a number, an
//! unclear figure or no number, never a panic; a number covers only bytes of
//! the input and never leaves digits of the same figure behind it, and it is
//! never smaller than the first run of digits it starts with.
#![no_main]

use crampwise_label::{read_label_number, LabelNumber};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match read_label_number(text) {
        LabelNumber::Value { value, len, .. } => {
            assert!(len <= text.len() && text.is_char_boundary(len), "{text:?}: {len}");
            assert!(value.is_finite() && value >= 0.0, "{text:?}: {value}");
            let read = &text[..len];
            let first: String = read.chars().take_while(char::is_ascii_digit).collect();
            if let Ok(first) = first.parse::<f64>() {
                let decimal = read.contains(['.', ',']) && !read.contains(['\'', '’', ' ']);
                assert!(
                    value >= first || decimal,
                    "{text:?}: {value} is smaller than its first digits {first}"
                );
            }
            let rest = text[len..].trim_start_matches(
                [' ', '\u{a0}', '\u{2009}', '\u{202f}', '\'', '’', '\u{ad}'],
            );
            assert!(
                !(rest.len() < text[len..].len() && rest.starts_with(|c: char| c.is_ascii_digit())),
                "{text:?}: digits of the same figure left after {value}"
            );
        }
        LabelNumber::Unclear { len } => {
            assert!(len <= text.len() && text.is_char_boundary(len), "{text:?}: {len}");
        }
        LabelNumber::NotANumber => {}
    }
    // The same text as a magnesium row: read as a row, or kept where the
    // report shows it (unread, ignored, a mark, a claim, the title), never dropped.
    let row = format!("Magnesium (as magnesium glycinate) {text} mg");
    let label = crampwise_label::parse_text(&row);
    if label.ingredients.is_empty() {
        assert!(
            !label.unread_lines.is_empty()
                || !label.ignored_lines.is_empty()
                || !label.marks.is_empty()
                || !label.claims.is_empty()
                || !label.statements.is_empty()
                || label.serving.is_some()
                || label.name.is_some(),
            "{row:?} dropped"
        );
    }
});
