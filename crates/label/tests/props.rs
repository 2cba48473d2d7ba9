//! Properties: reading never panics, an estimate never exceeds the compound
//! weight, every line not understood is reported, and a number printed with
//! group separators (`1 200`, `1'000`, a thin or no-break space, a soft
//! hyphen) is read whole or reported, never as a smaller number.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use std::sync::OnceLock;

use crampwise_content::Content;
use crampwise_label::{
    check_json, check_text, check_value, parse_text, read_label_number, Basis, LabelNumber,
};
use proptest::prelude::*;
use serde_json::Value;

fn content() -> &'static Content {
    static C: OnceLock<Content> = OnceLock::new();
    C.get_or_init(|| Content::embedded().unwrap())
}

/// Pieces real labels are made of, to reach deeper than random bytes do.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Supplement Facts".to_owned()),
        Just("Serving Size 2 Capsules".to_owned()),
        Just("Magnesium (as magnesium".to_owned()),
        Just("bisglycinate chelate) 200 mg 48%".to_owned()),
        Just("(as pyridoxal-5'-phosphate) 10 mg".to_owned()),
        Just("Proprietary Blend 750 mg: magnesium glycinate, magnesium oxide".to_owned()),
        Just("Other ingredients: gelatin,".to_owned()),
        Just("Magnesium Citrate 1,000 mg".to_owned()),
        Just("** Daily Value not established".to_owned()),
        "[A-Za-z0-9 ,.%()\\[\\]*†µμ:;/&'-]{0,40}",
        "[0-9]{1,6}([.,][0-9]{1,4})? ?(mg|mcg|µg|g|IU|%)",
        any::<String>(),
    ]
}

fn label_text() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..25).prop_map(|lines| lines.join("\n"))
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "[a-zA-Z ]{0,12}".prop_map(Value::String),
        Just(Value::String("mg".into())),
        Just(Value::String("Magnesium".into())),
    ];
    let keys = prop_oneof![
        Just("fullName".to_owned()),
        Just("ingredientRows".to_owned()),
        Just("ingredients".to_owned()),
        Just("name".to_owned()),
        Just("forms".to_owned()),
        Just("quantity".to_owned()),
        Just("unit".to_owned()),
        Just("amount".to_owned()),
        Just("nestedRows".to_owned()),
        Just("servingSizes".to_owned()),
        Just("otheringredients".to_owned()),
        "[a-z]{1,6}",
    ];
    leaf.prop_recursive(5, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(keys.clone(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn reading_text_never_panics(text in label_text()) {
        let label = parse_text(&text);
        let _ = check_text(&text, content(), None);
        // Nothing grows out of nowhere.
        prop_assert!(label.unread_lines.len() <= text.lines().count());
    }

    #[test]
    fn reading_any_string_never_panics(text in any::<String>()) {
        let _ = parse_text(&text);
        let _ = check_text(&text, content(), None);
        let _ = check_json(&text, content(), None);
    }

    #[test]
    fn reading_any_json_never_panics(value in json_value()) {
        let _ = check_value(&value, content(), None);
        let _ = check_json(&value.to_string(), content(), None);
        let mut dsld = value.clone();
        if let Value::Object(m) = &mut dsld {
            m.insert("ingredientRows".into(), Value::Array(vec![value.clone()]));
            m.insert("fullName".into(), Value::String("x".into()));
        }
        let _ = check_value(&dsld, content(), None);
    }

    #[test]
    fn the_estimate_never_exceeds_the_compound_weight(
        rows in prop::collection::vec(
            (0usize..1000, prop::sample::select(vec!["", " trihydrate", " nonahydrate", " dihydrate", " hexahydrate", " heptahydrate"]),
             0.0f64..100_000.0, prop::sample::select(vec!["mg", "g", "mcg", "MG", "Gram(s)"])),
            1..4,
        )
    ) {
        let forms = content().forms();
        let mut lines = Vec::new();
        let mut compound_total = 0.0;
        for (pick, hydrate, amount, unit) in &rows {
            let form = &forms[pick % forms.len()];
            let alias = form.aliases.iter().find(|a| a.starts_with("magnesium ")).unwrap();
            let amount = (amount * 100.0).round() / 100.0;
            lines.push(format!("{alias}{hydrate} {amount} {unit}"));
            compound_total += match unit.to_lowercase().as_str() {
                "g" | "gram(s)" => amount * 1000.0,
                "mcg" => amount / 1000.0,
                _ => amount,
            };
        }
        let report = check_text(&lines.join("\n"), content(), None).unwrap();
        for s in &report.magnesium {
            if s.basis == Basis::Compound {
                prop_assert!(s.elemental_mg.unwrap() <= s.compound_mg.unwrap() + 1e-9, "{s:?}");
            }
        }
        if let Some(total) = report.elemental_mg_per_serving {
            prop_assert!(total <= compound_total + 1e-6, "{total} > {compound_total}: {lines:?}");
        }
    }

    #[test]
    fn every_line_not_understood_is_reported(
        gibberish in prop::collection::vec("Zz[a-z]{2,8}( zz[a-z]{2,8}){0,4}", 1..6),
        at in prop::collection::vec(0usize..100, 1..6),
    ) {
        let mut lines: Vec<String> = [
            "Supplement Facts",
            "Serving Size 2 Capsules",
            "Amount Per Serving % Daily Value",
            "Magnesium (as magnesium bisglycinate chelate) 200 mg 48%",
            "Vitamin B6 (as pyridoxine HCl) 10 mg 588%",
            "Proprietary Blend 300 mg: L-theanine, magnesium taurate",
            "** Daily Value not established",
            "Other ingredients: hypromellose, rice flour.",
            "Warning: keep out of reach of children.",
            "NSF Certified for Sport",
            "",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        for (g, a) in gibberish.iter().zip(at.iter().cycle()) {
            let pos = a % (lines.len() + 1);
            lines.insert(pos, g.clone());
        }
        let label = parse_text(&lines.join("\n"));
        for g in &gibberish {
            prop_assert!(label.unread_lines.contains(g), "`{g}` not in {:?}", label.unread_lines);
        }
        prop_assert_eq!(label.unread_lines.len(), gibberish.len());
        prop_assert_eq!(label.ingredients.len(), 3);
    }
}

/// Separators a label may print inside a number.
fn separator() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        ",", " ", "\u{a0}", "\u{2009}", "\u{202f}", "'", "’", "\u{ad}", "",
    ])
}

/// The whole number `digits` (as a string of ASCII digits) as a label prints it,
/// with `sep` between groups of three from the right.
fn grouped(digits: &str, sep: &str) -> String {
    let mut out = String::new();
    let n = digits.len();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// Any digits and separators: the value read is never smaller than the
    /// first run of digits (so `1 200` is never 1, and never 200 when the
    /// row goes on to be read), and a clear value covers only what it read.
    #[test]
    fn a_number_reads_whole_or_unclear(
        parts in prop::collection::vec(("[0-9]{1,4}", separator()), 1..5),
        unit in prop::sample::select(vec![" mg", "mg", " mcg", " g", "%", ""]),
    ) {
        let mut text = String::new();
        for (i, (d, sep)) in parts.iter().enumerate() {
            if i > 0 {
                text.push_str(sep);
            }
            text.push_str(d);
        }
        text.push_str(unit);
        let first: f64 = parts[0].0.parse().unwrap();
        match read_label_number(&text) {
            LabelNumber::Value { value, len, .. } => {
                prop_assert!(len <= text.len() && text.is_char_boundary(len));
                prop_assert!(value >= first.min(999.0) || text[..len].contains(['.', ',']),
                    "{text:?} read as {value}");
                // Nothing that looks like more digits of the same number is left over.
                let rest = &text[len..];
                let next_digit = rest
                    .trim_start_matches([' ', '\u{a0}', '\u{2009}', '\u{202f}', '\'', '’', '\u{ad}'])
                    .starts_with(|c: char| c.is_ascii_digit());
                prop_assert!(!next_digit, "{text:?}: digits left after {value}");
            }
            LabelNumber::Unclear { len } => prop_assert!(len <= text.len()),
            LabelNumber::NotANumber => {
                // Only a run of more than 12 digits (soft hyphens join runs) is not a number.
                let run = text.replace('\u{ad}', "").chars().take_while(char::is_ascii_digit).count();
                prop_assert!(run > 12, "{text:?}");
            }
        }
    }

    /// A whole number printed with any one group separator is read as
    /// exactly that number, through the whole checker (the row's magnesium),
    /// or the row is unread; it is never a smaller figure.
    #[test]
    fn a_grouped_magnesium_figure_is_never_read_smaller(
        value in 1u32..100_000,
        sep in separator(),
        line_end in prop::sample::select(vec!["\n", "\r\n", "\r"]),
    ) {
        let digits = value.to_string();
        let printed = grouped(&digits, sep);
        let text = format!(
            "Supplement Facts{line_end}Magnesium (as magnesium glycinate) {printed} mg{line_end}Other ingredients: cellulose.{line_end}"
        );
        let report = check_text(&text, content(), None).unwrap();
        match report.elemental_mg_per_serving {
            Some(mg) => prop_assert!((mg - f64::from(value)).abs() < 1e-6, "{printed:?} read as {mg}"),
            None => prop_assert!(
                report.unread_lines.iter().any(|l| l.contains("Magnesium")),
                "{printed:?}: neither read nor reported: {:?}", report.unread_lines
            ),
        }
        // A comma, space, apostrophe or soft hyphen is always understood.
        if [",", " ", "'", "’", "\u{ad}", "", "\u{a0}", "\u{2009}", "\u{202f}"].contains(&sep) {
            prop_assert_eq!(report.elemental_mg_per_serving.map(|m| m.round() as u32), Some(value));
        }
    }
}
