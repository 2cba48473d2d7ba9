//! Fuzzes the Supplement Facts text reader and the whole check on top of it:
//! any input must give a report or an error, never a panic, and the report
//! must keep its promises (estimates within the compound weight, unread and
//! ignored lines taken from the input after HTML decoding, no oral dose for
//! a product not taken by mouth, a compound that supplies a stated row not
//! counted twice). Inputs are also run with pasted-HTML, EU-table, Drug
//! Facts and topical wrappings, to reach those readers.
#![no_main]

use std::sync::OnceLock;

use crampwise_content::Content;
use libfuzzer_sys::fuzz_target;

fn content() -> Option<&'static Content> {
    static C: OnceLock<Option<Content>> = OnceLock::new();
    C.get_or_init(|| Content::embedded().ok()).as_ref()
}

fn check(text: &str) {
    let label = crampwise_label::parse_text(text);
    let html = text.contains(['&', '<']);
    for line in label.unread_lines.iter().chain(label.ignored_lines.iter().map(|l| &l.line)) {
        // Pasted HTML is decoded first, so only plain text is compared.
        assert!(
            html || text.contains(line.as_str()),
            "line not from the input: {line:?}"
        );
        assert!(!line.is_empty(), "an empty line reported");
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
        if !report.taken_by_mouth {
            assert!(report.elemental_mg_per_serving.is_none());
            assert!(!report.has_warning("above_upper_limit"));
        }
        // The total is the sum of the rows that count; a compound that supplies a stated row adds nothing.
        let counted: f64 = report.magnesium.iter().filter_map(|s| s.elemental_mg).sum();
        if let Some(total) = report.elemental_mg_per_serving {
            assert!((total - counted).abs() < 1e-6 * counted.max(1.0), "{total} vs {counted}");
        }
        let _ = report.to_json();
    }
    let _ = crampwise_label::check_json(text, content, None);
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    check(text);
    // The same text in the layouts with their own readers.
    check(&format!("<p>Supplement&nbsp;Facts</p><tr><td>{text}</td><td>200&nbsp;mg</td></tr>"));
    check(&format!("Nutrition information | Per 2 tablets | %NRV*\n{text} | 375 mg | 100%\nof which magnesium {text}"));
    check(&format!("Drug Facts\nActive ingredient (in each tablet) Purpose\n{text} 311 mg Saline laxative\nUses\n{text}"));
    check(&format!("For external use only\n{text}\rMagnesium (as {text}) 1 200 mg\rMagnesium L-Threonate {text} 2,000 mg"));
});
