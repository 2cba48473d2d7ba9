//! What a whole label says about itself (an EU panel, a product for the
//! skin or the bath, a Drug Facts panel), lines that are harmless to the
//! verdict (marketing, trademark footnotes), and the repair of evident
//! typos and OCR errors (`Magnesiurn`, `200 rng`, `capsu1es`).

use crampwise_content::suggest::edit_distance;

use crate::words::{has_term, norm};

/// Whether a normalised line marks an EU or UK panel (% NRV, % RI).
pub(crate) fn eu_marker(n: &str) -> bool {
    has_term(n, "nrv")
        || has_term(n, "nrvs")
        || n.contains("nutrient reference value")
        || n.contains("reference intake")
        || (has_term(n, "ri") && (has_term(n, "ri per") || n.split(' ').count() <= 4))
}

/// Phrases of products applied to the skin or used in a bath, normalised.
const NOT_ORAL: &[&str] = &[
    "for external use only",
    "external use only",
    "for external use",
    "not for internal use",
    "for topical use",
    "topical use only",
    "topical spray",
    "topical",
    "do not ingest",
    "not to be taken internally",
    "not for oral use",
    "magnesium oil",
    "magnesium spray",
    "transdermal",
    "bath flakes",
    "bath flake",
    "bath salt",
    "bath salts",
    "bath soak",
    "foot soak",
    "add to bath",
    "add to a warm bath",
    "add to warm bath",
    "to your bath",
    "dissolve in bath",
    "dissolve in a warm bath",
    "in a warm bath",
    "apply to skin",
    "apply to the skin",
    "spray onto skin",
    "spray onto the skin",
    "spray directly onto",
    "spray on skin",
    "massage into skin",
    "massage into the skin",
    "body lotion",
    "body butter",
    "magnesium lotion",
    "magnesium gel",
    "magnesium cream",
    "roll on",
];

/// The words, as printed, that mark a product as not taken by mouth.
pub(crate) fn not_oral(line: &str) -> Option<String> {
    let n = norm(line);
    let negated = |p: &str| has_term(&n, &format!("not {p}")) || has_term(&n, &format!("no {p}"));
    NOT_ORAL
        .iter()
        .find(|p| has_term(&n, p) && !negated(p))
        .map(|_| line.trim().to_owned())
}

/// A Drug Facts section heading at the start of a line, normalised.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum DrugSection {
    /// `Active ingredient (in each 15 mL tablespoon) Purpose`: rows follow.
    Active,
    /// `Inactive ingredients`: the list follows.
    Inactive,
    /// Uses, warnings, directions and the like: statements follow.
    Text,
}

const DRUG_TEXT_HEADINGS: &[&str] = &[
    "uses",
    "use",
    "warnings",
    "warning",
    "ask a doctor",
    "ask a doctor before use",
    "ask a doctor or pharmacist",
    "stop use",
    "when using this product",
    "do not use",
    "directions",
    "other information",
    "keep out of reach",
    "if pregnant",
    "questions",
    "questions or comments",
    "allergy alert",
    "laxative warning",
    "purpose",
];

/// The Drug Facts heading a line starts with, if any.
pub(crate) fn drug_section(line: &str) -> Option<DrugSection> {
    let n = norm(line);
    let starts = |w: &str| n == w || n.starts_with(&format!("{w} "));
    if starts("active ingredient") || starts("active ingredients") {
        return Some(DrugSection::Active);
    }
    if starts("inactive ingredient") || starts("inactive ingredients") {
        return Some(DrugSection::Inactive);
    }
    DRUG_TEXT_HEADINGS
        .iter()
        .any(|h| starts(h))
        .then_some(DrugSection::Text)
}

/// The serving a Drug Facts `Active ingredient (in each 15 mL tablespoon)`
/// heading names (`15 mL tablespoon`), if any.
pub(crate) fn drug_serving(line: &str) -> Option<String> {
    let open = line.find('(')?;
    let close = line[open..].find(')')? + open;
    let inner = line[open + 1..close].trim();
    let lower = inner.to_lowercase();
    let rest = ["in each", "per", "each"]
        .iter()
        .find_map(|p| lower.strip_prefix(p).map(|r| r.len()))
        .map(|len| inner[inner.len() - len..].trim())?;
    (!rest.is_empty()).then(|| rest.to_owned())
}

/// Words and phrases of harmless marketing, normalised (a line made only of
/// these, separated by `-`, `•`, `|` and the like, is marketing).
const MARKETING: &[&str] = &[
    "chelated",
    "fully chelated",
    "100 chelated",
    "fully reacted",
    "premium",
    "premium quality",
    "high strength",
    "extra strength",
    "maximum strength",
    "high potency",
    "max potency",
    "highly absorbable",
    "highly bioavailable",
    "bioavailable",
    "superior absorption",
    "maximum absorption",
    "gentle on the stomach",
    "gentle on stomach",
    "non laxative",
    "suitable for vegans",
    "suitable for vegetarians",
    "suitable for vegans and vegetarians",
    "vegan friendly",
    "vegan society approved",
    "vegans",
    "vegetarians",
    "non gmo",
    "gmo free",
    "no gmos",
    "preservative free",
    "gelatin free",
    "lactose free",
    "yeast free",
    "wheat free",
    "no additives",
    "no binders",
    "cruelty free",
    "hypoallergenic",
    "pharmaceutical grade",
    "made in the uk",
    "made in the usa",
    "made in germany",
    "family owned",
    "science based",
    "doctor formulated",
    "clinically studied",
    "clinically proven form",
    "easy to swallow",
    "small tablets",
    "one a day",
    "once a day",
    "once daily",
    "fast acting",
    "sugar free",
    "no sugar",
    "zero sugar",
    "natural",
    "all natural",
    "pure",
    "unflavored",
    "unflavoured",
    "vegan",
    "vegetarian",
    "gluten free",
    "dairy free",
    "soy free",
    "nut free",
    "kosher",
    "halal",
    "organic",
    "keto",
    "keto friendly",
    "paleo",
    "plant based",
    "high absorption",
    "lab tested",
];

/// Words of a shop page around the label (ratings, cart, stock).
const SHOP_CHROME: &[&str] = &[
    "reviews",
    "review",
    "ratings",
    "rating",
    "add to cart",
    "add to basket",
    "buy now",
    "in stock",
    "out of stock",
    "free shipping",
    "free delivery",
    "subscribe save",
    "sold by",
    "ships from",
];

/// Whether a line is shop-page chrome (`★★★★★ 2,341 reviews`, `Add to cart`).
pub(crate) fn is_shop_chrome(line: &str) -> bool {
    let n = norm(line);
    n.split(' ').count() <= 8 && SHOP_CHROME.iter().any(|w| has_term(&n, w))
}

/// Whether a line is only harmless marketing (`100% Chelated - Suitable for
/// Vegans - Non-GMO`).
pub(crate) fn is_marketing(line: &str) -> bool {
    let parts: Vec<String> = line
        .replace([' ', ' '], " ")
        .split(['•', '·', '|', ',', ';', '✓', '✔', '★', '✦', '/', '+'])
        .flat_map(|p| {
            p.split(" - ")
                .flat_map(|q| q.split(" – "))
                .flat_map(|q| q.split(" — "))
                .map(norm)
                .collect::<Vec<_>>()
        })
        .filter(|p| !p.is_empty())
        .collect();
    !parts.is_empty() && parts.iter().all(|p| MARKETING.contains(&p.as_str()))
}

/// Whether a line is a trademark or patent footnote (`Magtein® is a
/// registered trademark of AIDP, Inc.`, `TRAACS™ is a trademark of Balchem`).
pub(crate) fn is_trademark(line: &str) -> bool {
    let n = norm(line);
    has_term(&n, "trademark")
        || has_term(&n, "trademarks")
        || has_term(&n, "registered trademark")
        || has_term(&n, "trade mark")
        || has_term(&n, "patent")
        || has_term(&n, "patents")
        || has_term(&n, "patented")
        || has_term(&n, "licensed from")
        || has_term(&n, "under license")
}

/// Label words an OCR error or typo may hide, lowercase.
const DICTIONARY: &[&str] = &[
    "magnesium",
    "mg",
    "mcg",
    "capsule",
    "capsules",
    "tablet",
    "tablets",
    "softgels",
    "gummies",
    "serving",
    "servings",
    "size",
    "glycinate",
    "bisglycinate",
    "citrate",
    "oxide",
    "malate",
    "taurate",
    "threonate",
    "chelate",
    "chloride",
    "lactate",
    "carbonate",
    "hydroxide",
    "sulfate",
    "orotate",
    "aspartate",
    "gluconate",
    "elemental",
    "vitamin",
    "supplement",
    "facts",
    "amount",
    "daily",
    "value",
    "ingredients",
    "other",
    "scoop",
    "scoops",
    "per",
    "container",
];

/// Real words close to `magnesium` that are not misspellings of it.
const NOT_MISSPELT: &[&str] = &[
    "magnesia",
    "magnesian",
    "magnesite",
    "magnesias",
    "manganese",
];

/// Rewrites of an OCR reading, tried one kind at a time over the whole word.
const OCR_SWAPS: &[(&str, &str)] = &[
    ("rn", "m"),
    ("1", "l"),
    ("1", "i"),
    ("0", "o"),
    ("l", "i"),
    ("vv", "w"),
    ("cl", "d"),
];

/// Edit distance with adjacent transpositions ([`edit_distance`]), or
/// `max + 1` at once when the lengths alone differ by more than `max`.
fn distance(a: &str, b: &str, max: usize) -> usize {
    if a.chars().count().abs_diff(b.chars().count()) > max {
        return max + 1;
    }
    edit_distance(a, b)
}

/// The dictionary word an unknown word stands for, when only one fits.
fn repair_word(word: &str) -> Option<String> {
    let lower = word.to_lowercase();
    if DICTIONARY.contains(&lower.as_str()) || !lower.chars().any(char::is_alphabetic) {
        return None;
    }
    let mut fits: Vec<&str> = Vec::new();
    for (from, to) in OCR_SWAPS {
        if lower.contains(from) {
            let fixed = lower.replace(from, to);
            if let Some(w) = DICTIONARY.iter().find(|w| **w == fixed) {
                if !fits.contains(w) {
                    fits.push(w);
                }
            }
        }
    }
    // A misspelt `magnesium` (one letter off: `Magnseium`, `Magnesum`), never `manganese`.
    if fits.is_empty()
        && !NOT_MISSPELT.contains(&lower.as_str())
        && lower.len() >= 7
        && lower.chars().all(char::is_alphabetic)
        && distance(&lower, "magnesium", 1) <= 1
        && distance(&lower, "manganese", 3) > 3
    {
        fits.push("magnesium");
    }
    match fits.as_slice() {
        [one] => Some(with_case_of(word, one)),
        _ => None,
    }
}

fn with_case_of(original: &str, word: &str) -> String {
    let letters: Vec<char> = original.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return word.to_uppercase();
    }
    if original.chars().next().is_some_and(char::is_uppercase) {
        let mut c = word.chars();
        return c
            .next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default();
    }
    word.to_owned()
}

/// The line with evident typos and OCR errors corrected, or `None` when no
/// word needed it. Only whole words that match no label word, and turn
/// into exactly one by a single kind of OCR swap (`rn`→`m`, `1`→`l`,
/// `0`→`o`, ...) or are `magnesium` misspelt, are changed. A number glued
/// to the word (`200rng`) is kept.
pub(crate) fn repair(line: &str) -> Option<String> {
    let mut out = String::with_capacity(line.len());
    let mut changed = false;
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String, changed: &mut bool| {
        if word.is_empty() {
            return;
        }
        let digits = word.chars().take_while(char::is_ascii_digit).count();
        let (num, rest) = word.split_at(digits);
        match repair_word(rest).filter(|_| rest.len() > 1) {
            Some(fixed) => {
                out.push_str(num);
                out.push_str(&fixed);
                *changed = true;
            }
            None => out.push_str(word),
        }
        word.clear();
    };
    for c in line.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out, &mut changed);
            out.push(c);
        }
    }
    flush(&mut word, &mut out, &mut changed);
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_evident_errors_only() {
        assert_eq!(
            repair("Magnesiurn (as magnesium citrate) 200 rng").as_deref(),
            Some("Magnesium (as magnesium citrate) 200 mg")
        );
        assert_eq!(
            repair("Serving Size 2 capsu1es").as_deref(),
            Some("Serving Size 2 capsules")
        );
        assert_eq!(
            repair("MAGNESIURN 200rng").as_deref(),
            Some("MAGNESIUM 200mg")
        );
        assert_eq!(
            repair("Magnseium 100 mg").as_deref(),
            Some("Magnesium 100 mg")
        );
        assert_eq!(repair("Magnesium 200 mg"), None);
        assert_eq!(repair("Manganese 2 mg"), None);
        assert_eq!(repair("Milk of Magnesia"), None);
        assert_eq!(repair("Dimagnesium malate"), None);
        assert_eq!(repair("Corn starch, modern pattern"), None);
        assert_eq!(repair("Vitamin B6 and D3"), None);
    }

    #[test]
    fn recognises_layouts_and_harmless_lines() {
        assert!(eu_marker(&norm(
            "Nutrition information | Per 2 tablets | %NRV*"
        )));
        assert!(eu_marker(&norm("*NRV = Nutrient Reference Value")));
        assert!(!eu_marker(&norm("Magnesium 200 mg 48%")));
        assert!(not_oral("For external use only.").is_some());
        assert!(not_oral("Magnesium Oil Spray").is_some());
        assert!(not_oral("Epsom Salt Bath Flakes").is_some());
        assert!(not_oral("Magnesium (as magnesium citrate) 200 mg").is_none());
        assert!(is_marketing(
            "100% Chelated - Suitable for Vegans - Non-GMO"
        ));
        assert!(!is_marketing("Best for sleep!!"));
        assert!(!is_marketing("Buffered"));
        assert!(is_trademark(
            "Magtein® is a registered trademark of AIDP, Inc."
        ));
        assert_eq!(
            drug_serving("Active ingredient (in each 15 mL tablespoon) Purpose").as_deref(),
            Some("15 mL tablespoon")
        );
        assert_eq!(drug_section("Uses"), Some(DrugSection::Text));
        assert_eq!(
            drug_section("Ask a doctor before use if you have"),
            Some(DrugSection::Text)
        );
    }
}
