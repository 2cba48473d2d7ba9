//! Lines of a label that are not Supplement Facts rows: panel headers and
//! footnotes, the serving size, ingredient lists, statements, marks, claims
//! and net contents.

use crate::model::{FormFactor, Serving};
use crate::text::amount::number_at;
use crate::words::{form_factor_in, has_term, norm};

/// What a non-row line is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum LineKind {
    /// A panel header or footnote (`Supplement Facts`, `% Daily Value`, `** Daily Value not established`).
    Header,
    /// `Serving Size ...`.
    Serving(Serving),
    /// `Other ingredients: ...`, with the list text after the colon.
    OtherIngredients(String),
    /// `Product: ...` / `Name: ...`.
    Name(String),
    /// `Brand: ...`.
    Brand(String),
    /// `Form: capsule`, or net contents such as `60 Vegetarian Capsules`.
    Format(Option<FormFactor>, String),
    /// Directions, warnings, allergen and manufacturer statements.
    Statement(String),
    /// A line naming a testing or quality mark (`NSF Certified for Sport`).
    Marks(String),
    /// Claims such as `Vegan • Gluten Free • Non-GMO`.
    Claims(Vec<String>),
}

/// Words of panel headers, compared after [`norm`].
const HEADERS: &[&str] = &[
    "supplement facts",
    "nutrition facts",
    "nutrition information",
    "nutritional information",
    "supplement information",
    "dietary supplement",
    "amount per serving",
    "amount per serving daily value",
    "amount per serving dv",
    "amount per serving daily value dv",
    "daily value",
    "dv",
    "daily value dv",
    "per serving",
    "amount",
    "each serving contains",
    "each serving provides",
    "food supplement",
    "food supplements",
    "typical values",
    "average values",
    "per 100 g",
    "per 100g",
    "per 100 ml",
    "per 100ml",
    "nrv",
    "ri",
    "nutrient",
    "nutrients",
    "ingredient",
    "ingredients",
    "drug facts",
    "drug facts continued",
    "purpose",
    "purposes",
];

/// Beginnings of statements, lowercase.
const STATEMENTS: &[&str] = &[
    "suggested use",
    "suggested usage",
    "directions",
    "recommended use",
    "recommended dose",
    "dosage",
    "use:",
    "take ",
    "adults:",
    "adults take",
    "warning",
    "caution",
    "keep out of",
    "keep this",
    "store ",
    "storage",
    "contains:",
    "contains no",
    "allergen",
    "free of",
    "free from",
    "does not contain",
    "no artificial",
    "no added",
    "these statements",
    "this product is not intended",
    "this product has not",
    "manufactured",
    "distributed",
    "made in",
    "made for",
    "packaged",
    "produced",
    "do not",
    "consult",
    "if you are",
    "if pregnant",
    "not for use",
    "not intended",
    "best by",
    "best before",
    "exp:",
    "exp.",
    "expiration",
    "lot:",
    "lot #",
    "lot no",
    "questions",
    "www.",
    "http",
    "note:",
    "notice",
    "tamper",
    "sealed for",
    "discontinue",
    "phenylketonurics",
    "for adults",
    "as a dietary supplement",
    "©",
];

/// Marks of independent testing or manufacturing quality, compared after [`norm`].
pub(crate) const MARK_WORDS: &[&str] = &[
    "nsf",
    "usp",
    "usp verified",
    "informed sport",
    "informed choice",
    "bscg",
    "gmp",
    "cgmp",
    "third party tested",
    "third party verified",
    "independently tested",
    "banned substance",
    "certified for sport",
];

/// Words of product claims, compared after [`norm`].
const CLAIM_WORDS: &[&str] = &[
    "vegan",
    "vegetarian",
    "gluten free",
    "non gmo",
    "gmo free",
    "dairy free",
    "soy free",
    "sugar free",
    "nut free",
    "egg free",
    "allergen free",
    "kosher",
    "halal",
    "organic",
    "keto",
    "keto friendly",
    "paleo",
    "plant based",
    "no fillers",
    "lab tested",
    "high absorption",
    "easy to swallow",
];

/// Classifies a cleaned, non-empty line that is not a Supplement Facts row
/// with an amount. `None`: not recognised here.
pub(crate) fn classify(line: &str) -> Option<LineKind> {
    let n = norm(line);
    let lower = line.to_lowercase();
    if n.is_empty() && line.chars().all(|c| "-_=*†‡•·~. ".contains(c)) {
        // Only rules and footnote marks (`**`, `†`, `---`).
        return Some(LineKind::Header);
    }
    if n.starts_with("serving size") {
        return Some(LineKind::Serving(serving(after_words(line, 2))));
    }
    // `Supplement Facts Serving Size 2 Capsules Servings Per Container 60`, flattened.
    for header in ["supplement facts", "nutrition facts", "drug facts"] {
        if n.starts_with(&format!("{header} serving size")) {
            let words = header.split(' ').count();
            return Some(LineKind::Serving(serving(after_words(line, words + 2))));
        }
    }
    // `Each capsule provides:`, `Each tablet contains:`.
    if n.starts_with("each ")
        && n.split(' ').count() <= 4
        && ["provides", "contains", "supplies"]
            .iter()
            .any(|w| n.ends_with(w))
    {
        if let Some(format) = n.split(' ').nth(1).filter(|w| form_factor_in(w).is_some()) {
            return Some(LineKind::Serving(serving(&format!("1 {format}"))));
        }
    }
    if is_header(&n, line) {
        return Some(LineKind::Header);
    }
    if line.contains('|') {
        return table_header(line);
    }
    // European panels: `Per daily dose (2 capsules)`, `Per 2 capsules`.
    for (prefix, words) in [("per daily dose", 3), ("daily dose", 2), ("per serving", 2)] {
        if starts_word(&n, prefix) && n.split(' ').count() > words {
            let rest = after_words(line, words);
            // `Per daily dose (2 capsules) %NRV*`: the serving is in the brackets.
            let rest = match crate::text::amount::group_at(rest) {
                Some((inner, _)) if rest.starts_with('(') => inner,
                _ => rest
                    .trim_start_matches(['(', ':'])
                    .trim_end_matches([')', ':']),
            };
            return Some(LineKind::Serving(serving(rest)));
        }
    }
    let before_bracket = norm(line.split(['(', '[']).next().unwrap_or(line));
    if n.starts_with("per ")
        && before_bracket.split(' ').count() <= 4
        && crate::words::form_factor_in(&before_bracket).is_some()
    {
        return Some(LineKind::Serving(serving(after_words(line, 1))));
    }
    if let Some(list) = other_ingredients(&lower, line) {
        return Some(LineKind::OtherIngredients(list));
    }
    for prefix in ["product name", "product", "name"] {
        if starts_word(&n, prefix) && line.contains(':') && !after_colon(line).is_empty() {
            return Some(LineKind::Name(after_colon(line)));
        }
    }
    if starts_word(&n, "brand") && line.contains(':') {
        return Some(LineKind::Brand(after_colon(line)));
    }
    for prefix in ["form", "format", "dosage form", "product form"] {
        if starts_word(&n, prefix) && line.contains(':') {
            let rest = after_colon(line);
            return Some(LineKind::Format(form_factor_in(&rest), line.to_owned()));
        }
    }
    if STATEMENTS.iter().any(|p| lower.starts_with(p)) {
        return Some(LineKind::Statement(line.to_owned()));
    }
    if let Some(k) = net_contents(&n, line) {
        return Some(k);
    }
    if MARK_WORDS.iter().any(|m| has_term(&n, m)) && n.split(' ').count() <= 16 {
        return Some(LineKind::Marks(line.to_owned()));
    }
    claims(line).map(LineKind::Claims)
}

/// A table header with `|` columns (`Nutrition information | Per 2 tablets
/// (2.6 g) | %NRV*`): every cell a header or a serving size. The serving, if
/// a cell gives one, else a header.
fn table_header(line: &str) -> Option<LineKind> {
    let mut serving_kind = None;
    for cell in line.split('|').map(str::trim).filter(|c| !c.is_empty()) {
        match classify(cell)? {
            LineKind::Header => {}
            k @ LineKind::Serving(_) => {
                serving_kind.get_or_insert(k);
            }
            _ => return None,
        }
    }
    Some(serving_kind.unwrap_or(LineKind::Header))
}

/// Whether normalised `n` starts with the whole word(s) `prefix`.
fn starts_word(n: &str, prefix: &str) -> bool {
    n == prefix || n.starts_with(&format!("{prefix} "))
}

fn is_header(n: &str, line: &str) -> bool {
    if HEADERS.contains(&n) {
        return true;
    }
    if n.starts_with("amount per ") && n.split(' ').count() <= 6 {
        return true;
    }
    if n.starts_with("includes") && n.contains("added sugar") {
        return true;
    }
    if n.starts_with("servings per")
        || n.ends_with("servings per container")
        || n.contains("servings per container")
        || n.starts_with("calories")
    {
        return true;
    }
    if n.contains("nutrient reference value")
        || n.contains("reference intake")
        || n == "nrv"
        || n.starts_with("nrv ")
    {
        return true;
    }
    let footnote = line.starts_with(['*', '†', '‡', '§', '^', '#']);
    n.contains("daily value")
        && (footnote || n.contains("not established") || n.contains("based on"))
}

/// The text after the first `n` words of `line`, without a leading colon.
fn after_words(line: &str, n: usize) -> &str {
    let mut rest = line.trim_start();
    for _ in 0..n {
        let end = rest.find([' ', ':']).unwrap_or(rest.len());
        rest = rest[end..].trim_start_matches([' ', ':']);
    }
    rest.trim()
}

fn after_colon(line: &str) -> String {
    line.split_once(':')
        .map_or(line, |(_, rest)| rest)
        .trim()
        .to_owned()
}

/// Reads a serving size such as `2 Capsules`, `1 scoop (5 g)`, `½ tsp`.
pub(crate) fn serving(text: &str) -> Serving {
    // `2 Capsules Servings Per Container 60`, `2 capsules, Servings per container: 60`.
    let lower = text.to_lowercase();
    let cut = ["servings per", "servings:", "serving per container"]
        .iter()
        .filter_map(|w| lower.find(w))
        .min()
        .unwrap_or(text.len());
    let text = text
        .get(..cut)
        .unwrap_or(text)
        .trim()
        .trim_end_matches([',', ';', '|', '-', '–'])
        .trim();
    let (quantity, rest) = match number_at(text) {
        // `1/2 teaspoon`
        Some((a, n)) if text[n..].starts_with('/') => match number_at(&text[n + 1..]) {
            Some((b, m)) if b > 0.0 => (Some(a / b), text[n + 1 + m..].trim()),
            _ => (Some(a), text[n..].trim()),
        },
        Some((v, n)) => (Some(v), text[n..].trim()),
        None if text.starts_with('½') => (Some(0.5), text['½'.len_utf8()..].trim()),
        None => (None, text),
    };
    let unit_text = rest.split(['(', ',']).next().unwrap_or("").trim();
    Serving {
        text: text.to_owned(),
        quantity,
        unit: (!unit_text.is_empty()).then(|| unit_text.to_lowercase()),
        max_daily_servings: None,
    }
}

/// `Other ingredients: a, b`; `Inactive ingredients:`; `Ingredients:`; `Capsule: gelatin`.
fn other_ingredients(lower: &str, line: &str) -> Option<String> {
    const OPEN: &[&str] = &[
        "other ingredients",
        "other ingredient",
        "inactive ingredients",
        "inactive ingredient",
        "non-medicinal ingredients",
        "excipients",
    ];
    const COLON: &[&str] = &["ingredients:", "capsule:", "capsule shell:", "shell:"];
    let rest = OPEN
        .iter()
        .find(|p| lower.starts_with(*p))
        .or_else(|| COLON.iter().find(|p| lower.starts_with(*p)))
        .map(|p| &line[p.len()..])?;
    let rest = rest.trim_start_matches([' ', ':', '-']).trim();
    Some(rest.to_owned())
}

/// `60 Vegetarian Capsules`, `Net Wt. 8 oz (227 g)`, `90 Tablets`.
fn net_contents(n: &str, line: &str) -> Option<LineKind> {
    if n.starts_with("net wt") || n.starts_with("net weight") || n.starts_with("net content") {
        return Some(LineKind::Format(form_factor_in(line), line.to_owned()));
    }
    let first = n.split(' ').next()?;
    if first.chars().all(|c| c.is_ascii_digit()) && n.split(' ').count() <= 5 {
        if let Some(f) = form_factor_in(line) {
            return Some(LineKind::Format(Some(f), line.to_owned()));
        }
    }
    None
}

/// A line made only of claims (`Vegan • Gluten Free | Non-GMO`).
fn claims(line: &str) -> Option<Vec<String>> {
    let parts: Vec<String> = line
        .split(['•', '·', '|', '/', ',', ';', '✓', '✔', '★'])
        .map(|p| p.trim().trim_end_matches('.').trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect();
    let all_claims = !parts.is_empty()
        && parts.iter().all(|p| {
            let n = norm(p);
            n.split(' ').count() <= 5 && CLAIM_WORDS.iter().any(|w| has_term(&n, w))
        });
    all_claims.then_some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        for h in [
            "Supplement Facts",
            "Amount Per Serving",
            "% Daily Value",
            "Amount Per Serving   %DV",
            "**Daily Value not established",
            "† Daily Value not established.",
            "Servings Per Container 60",
            "About 30 Servings Per Container",
            "Amount Per 2 Capsules",
            "*Percent Daily Values are based on a 2,000 calorie diet.",
            "Calories 10",
            "*NRV = Nutrient Reference Value",
            "% NRV",
            "---",
        ] {
            assert_eq!(classify(h), Some(LineKind::Header), "{h}");
        }
    }

    #[test]
    fn serving_sizes() {
        let Some(LineKind::Serving(s)) = classify("Serving Size: 1 scoop (5 g)") else {
            panic!("not a serving");
        };
        assert_eq!(s.quantity, Some(1.0));
        assert_eq!(s.unit.as_deref(), Some("scoop"));
        let Some(LineKind::Serving(s)) = classify("Serving Size 1/2 teaspoon (2.5 mL)") else {
            panic!("not a serving");
        };
        assert_eq!(
            (s.quantity, s.unit.as_deref()),
            (Some(0.5), Some("teaspoon"))
        );
        for line in [
            "Serving size: 2 capsules, Servings per container: 60",
            "Serving Size 2 Capsules Servings Per Container 60",
            "Supplement Facts Serving Size 2 Capsules Servings Per Container 60",
        ] {
            let Some(LineKind::Serving(s)) = classify(line) else {
                panic!("not a serving: {line}");
            };
            assert_eq!(
                (
                    s.text.to_lowercase().as_str(),
                    s.quantity,
                    s.unit.as_deref()
                ),
                ("2 capsules", Some(2.0), Some("capsules")),
                "{line}"
            );
        }
        let Some(LineKind::Serving(s)) = classify("Each capsule provides:") else {
            panic!("not a serving");
        };
        assert_eq!(s.text, "1 capsule");
        let Some(LineKind::Serving(s)) =
            classify("Nutrition information | Per 2 tablets (2.6 g) | %NRV*")
        else {
            panic!("not a serving");
        };
        assert_eq!(s.text, "2 tablets (2.6 g)");
        let Some(LineKind::Serving(s)) = classify("SERVING SIZE 2 Capsules") else {
            panic!("not a serving");
        };
        assert_eq!(s.text, "2 Capsules");
    }

    #[test]
    fn other_kinds() {
        assert_eq!(
            classify("Other ingredients: cellulose, silica."),
            Some(LineKind::OtherIngredients("cellulose, silica.".into()))
        );
        assert!(matches!(
            classify("NSF Certified for Sport®"),
            Some(LineKind::Marks(_))
        ));
        assert!(matches!(
            classify("Suggested use: take 2 capsules daily."),
            Some(LineKind::Statement(_))
        ));
        assert_eq!(
            classify("Vegan • Gluten Free • Non-GMO"),
            Some(LineKind::Claims(vec![
                "Vegan".into(),
                "Gluten Free".into(),
                "Non-GMO".into()
            ]))
        );
        assert!(matches!(
            classify("120 Vegetarian Capsules"),
            Some(LineKind::Format(Some(FormFactor::Capsule), _))
        ));
        assert_eq!(classify("Magnesium Glycinate"), None);
        assert_eq!(classify("zz qq"), None);
    }
}
