//! Fuzzes the Supplement Facts text reader and the whole check on top of it:
//! any input must give a report or an error, never a panic, and the report
//! must keep its promises (estimates within the compound weight, unread
//! lines taken from the input).
#![no_main]

use std::sync::OnceLock;

use crampwise_content::Content;
use libfuzzer_sys::fuzz_target;

fn content() -> Option<&'static Content> {
    static C: OnceLock<Option<Content>> = OnceLock::new();
    C.get_or_init(|| Content::embedded().ok()).as_ref()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let label = crampwise_label::parse_text(text);
    for line in &label.unread_lines {
        assert!(text.contains(line.as_str()), "unread line not from the input: {line:?}");
    }
    let Some(content) = content() else {
        return;
    };
    if let Ok(report) = crampwise_label::check_text(text, content, None) {
        for s in &report.magnesium {
            if let (Some(e), Some(c)) = (s.elemental_mg, s.compound_mg) {
                assert!(e <= c, "estimate {e} above compound {c}");
            }
        }
        let _ = report.to_json();
    }
    let _ = crampwise_label::check_json(text, content, None);
});
