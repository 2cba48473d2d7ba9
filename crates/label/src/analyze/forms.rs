//! Which magnesium forms a piece of label text names, via the content's form
//! ids, names and aliases.
//!
//! Full aliases (`magnesium bisglycinate chelate`) are found anywhere in a
//! magnesium row. Bare salt words (`glycinate`, `oxide`, the alias without
//! its leading `magnesium`) only count in text about magnesium, and never
//! in a piece that names another mineral, so `Iron (as ferrous
//! bisglycinate)` or `potassium citrate` is never read as magnesium.

use crampwise_content::Content;

use crate::words::{find_term, has_term, norm};

/// Words that mark text as being about magnesium.
const MAGNESIUM_WORDS: &[&str] = &["magnesium", "magtein", "epsom", "magnesia"];

/// Other minerals: a piece naming one of these (and not magnesium) is about it.
const OTHER_MINERALS: &[&str] = &[
    "calcium",
    "zinc",
    "iron",
    "ferrous",
    "ferric",
    "potassium",
    "sodium",
    "copper",
    "cupric",
    "manganese",
    "chromium",
    "selenium",
    "boron",
    "lithium",
    "strontium",
    "molybdenum",
    "iodine",
    "cobalt",
    "nickel",
    "vanadium",
];

/// Whether `text` is about magnesium.
pub(crate) fn is_magnesium(text: &str) -> bool {
    let n = norm(text);
    // `Mg` at the start of a row name is the element, not the unit.
    MAGNESIUM_WORDS.iter().any(|w| has_term(&n, w)) || n == "mg" || n.starts_with("mg ")
}

/// The forms' search terms, normalised.
pub(crate) struct Matcher {
    /// (form id, full terms, bare terms)
    forms: Vec<(String, Vec<String>, Vec<String>)>,
}

impl Matcher {
    /// Terms from the content's forms.
    pub(crate) fn new(content: &Content) -> Matcher {
        let forms = content
            .forms()
            .iter()
            .map(|f| {
                let mut full: Vec<String> = f.aliases.iter().map(|a| norm(a)).collect();
                full.push(norm(&f.name));
                full.push(format!("magnesium {}", norm(&f.id)));
                let mut bare: Vec<String> = full
                    .iter()
                    .filter_map(|t| t.strip_prefix("magnesium ").map(str::to_owned))
                    .collect();
                bare.push(norm(&f.id));
                full.retain(|t| !t.is_empty());
                bare.retain(|t| !t.is_empty());
                (f.id.clone(), full, bare)
            })
            .collect();
        Matcher { forms }
    }

    /// Form ids named in `text`, in order of appearance, without repeats.
    ///
    /// `about_magnesium`: the text sits in a magnesium row or blend, so bare
    /// salt words count.
    pub(crate) fn find(&self, text: &str, about_magnesium: bool) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for piece in pieces(text) {
            let n = norm(&piece);
            let mentions_mg = MAGNESIUM_WORDS.iter().any(|w| has_term(&n, w));
            if !mentions_mg && OTHER_MINERALS.iter().any(|m| has_term(&n, m)) {
                continue;
            }
            let bare = about_magnesium || mentions_mg;
            let mut hits: Vec<(usize, usize, &str)> = Vec::new();
            for (id, full, bare_terms) in &self.forms {
                let terms = full.iter().chain(bare_terms.iter().filter(|_| bare));
                for t in terms {
                    if let Some(at) = find_term(&n, t) {
                        hits.push((at, t.len(), id));
                    }
                }
            }
            // Longest match first at each position; no overlaps.
            hits.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
            let mut covered = 0;
            for (at, len, id) in hits {
                if at < covered {
                    continue;
                }
                covered = at + len;
                if !out.iter().any(|o| o == id) {
                    out.push(id.to_owned());
                }
            }
        }
        out
    }
}

/// Splits form text at list separators (`,`, `;`, `and`, `&`, `/`, `+`, `with`).
fn pieces(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in text.split([',', ';', '&', '/', '+', '(', ')', '[', ']']) {
        let lower = part.to_lowercase();
        let mut rest = part;
        let mut lower_rest = lower.as_str();
        while let Some(at) = [" and ", " with ", " plus "]
            .iter()
            .filter_map(|sep| lower_rest.find(sep).map(|i| (i, sep.len())))
            .min()
        {
            out.push(rest[..at.0].to_owned());
            rest = &rest[at.0 + at.1..];
            lower_rest = &lower_rest[at.0 + at.1..];
        }
        out.push(rest.to_owned());
    }
    out.retain(|p| !p.trim().is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher() -> Matcher {
        Matcher::new(&Content::embedded().unwrap())
    }

    #[test]
    fn finds_forms() {
        let m = matcher();
        assert_eq!(
            m.find("magnesium bisglycinate chelate and magnesium oxide", true),
            vec!["glycinate", "oxide"]
        );
        assert_eq!(m.find("Magnesium Citrate", true), vec!["citrate"]);
        assert_eq!(m.find("oxide, citrate", true), vec!["oxide", "citrate"]);
        assert_eq!(
            m.find("Albion® TRAACS® Magnesium Glycinate Chelate", true),
            vec!["glycinate"]
        );
        assert_eq!(
            m.find("Magtein® magnesium L-threonate", true),
            vec!["l_threonate"]
        );
        assert_eq!(m.find("ferrous bisglycinate", true), Vec::<String>::new());
        assert_eq!(m.find("potassium citrate", true), Vec::<String>::new());
        assert_eq!(m.find("bisglycinate", false), vec!["glycinate"]);
        assert_eq!(m.find("glycinate", false), Vec::<String>::new());
        assert_eq!(m.find("zinc citrate 50 mg", true), Vec::<String>::new());
        assert_eq!(m.find("citrate", false), Vec::<String>::new());
        assert_eq!(m.find("magnesium stearate", true), Vec::<String>::new());
    }

    #[test]
    fn magnesium_text() {
        assert!(is_magnesium("Magnesium"));
        assert!(is_magnesium("Elemental Magnesium"));
        assert!(!is_magnesium("Vitamin B6"));
        assert!(!is_magnesium("Manganese"));
    }
}
