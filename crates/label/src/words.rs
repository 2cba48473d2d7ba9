//! Comparing label wording: normalised text, whole-word term search, and the
//! words that name a product format.

use crate::model::FormFactor;

/// Lowercase letters and digits separated by single spaces: punctuation,
/// `®`, `™`, `-`, `_`, `&` and apostrophes all become word breaks.
///
/// `"FD&C Red No. 40"` becomes `"fd c red no 40"`; `"pyridoxal-5'-phosphate"`
/// becomes `"pyridoxal 5 phosphate"`.
pub(crate) fn norm(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = true;
    for c in text.chars() {
        let c = if c == 'μ' { 'µ' } else { c };
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            gap = false;
        } else if !gap {
            out.push(' ');
            gap = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Byte position of `term` in `hay` as whole words; both already [`norm`]alised.
pub(crate) fn find_term(hay: &str, term: &str) -> Option<usize> {
    if term.is_empty() {
        return None;
    }
    let mut from = 0;
    while let Some(pos) = hay.get(from..).and_then(|rest| rest.find(term)) {
        let start = from + pos;
        let end = start + term.len();
        let before = start == 0 || hay[..start].ends_with(' ');
        let after = end == hay.len() || hay[end..].starts_with(' ');
        if before && after {
            return Some(start);
        }
        from = start + hay[start..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// Whether `term` occurs in `hay` as whole words; both already [`norm`]alised.
pub(crate) fn has_term(hay: &str, term: &str) -> bool {
    find_term(hay, term).is_some()
}

/// Every one of `terms` (raw) found in `text` (raw) as whole words, as written in `terms`.
pub(crate) fn terms_in<'t>(text: &str, terms: &'t [String]) -> Vec<&'t str> {
    let hay = norm(text);
    terms
        .iter()
        .filter(|t| has_term(&hay, &norm(t)))
        .map(String::as_str)
        .collect()
}

/// Words that name a format, checked in this order (`vegetarian capsule`
/// before `tablet`, since a capsule label may mention tablets nowhere).
const FORMAT_WORDS: &[(&str, FormFactor)] = &[
    ("capsule", FormFactor::Capsule),
    ("capsules", FormFactor::Capsule),
    ("caps", FormFactor::Capsule),
    ("cap", FormFactor::Capsule),
    ("vcaps", FormFactor::Capsule),
    ("vegcaps", FormFactor::Capsule),
    ("veggie caps", FormFactor::Capsule),
    ("softgel", FormFactor::Capsule),
    ("softgels", FormFactor::Capsule),
    ("soft gels", FormFactor::Capsule),
    ("gelcaps", FormFactor::Capsule),
    ("tablet", FormFactor::Tablet),
    ("tablets", FormFactor::Tablet),
    ("tabs", FormFactor::Tablet),
    ("caplet", FormFactor::Tablet),
    ("caplets", FormFactor::Tablet),
    ("chewable", FormFactor::Tablet),
    ("chewables", FormFactor::Tablet),
    ("lozenge", FormFactor::Tablet),
    ("lozenges", FormFactor::Tablet),
    ("pill", FormFactor::Tablet),
    ("pills", FormFactor::Tablet),
    ("gummy", FormFactor::Gummy),
    ("gummies", FormFactor::Gummy),
    ("chew", FormFactor::Gummy),
    ("chews", FormFactor::Gummy),
    ("jelly", FormFactor::Gummy),
    ("powder", FormFactor::Powder),
    ("scoop", FormFactor::Powder),
    ("scoops", FormFactor::Powder),
    ("stick", FormFactor::Powder),
    ("sticks", FormFactor::Powder),
    ("stick pack", FormFactor::Powder),
    ("sachet", FormFactor::Powder),
    ("sachets", FormFactor::Powder),
    ("packet", FormFactor::Powder),
    ("packets", FormFactor::Powder),
    ("liquid", FormFactor::Liquid),
    ("drops", FormFactor::Liquid),
    ("dropper", FormFactor::Liquid),
    ("droppers", FormFactor::Liquid),
    ("droppersful", FormFactor::Liquid),
    ("ml", FormFactor::Liquid),
    ("fl oz", FormFactor::Liquid),
];

/// Spoons measure powders and liquids alike: a powder unless a liquid word is present.
const SPOON_WORDS: &[&str] = &[
    "teaspoon",
    "teaspoons",
    "tsp",
    "tablespoon",
    "tablespoons",
    "tbsp",
];

/// The format a phrase names (`2 Vegetarian Capsules`, `1 scoop (5 g)`,
/// `Capsule(s)`, `Tablet or Pill`), if any.
pub(crate) fn form_factor_in(text: &str) -> Option<FormFactor> {
    let hay = norm(&text.replace("(s)", "s"));
    FORMAT_WORDS
        .iter()
        .filter_map(|(w, f)| find_term(&hay, w).map(|at| (at, *f)))
        .min_by_key(|(at, _)| *at)
        .map(|(_, f)| f)
        .or_else(|| {
            SPOON_WORDS
                .iter()
                .any(|w| has_term(&hay, w))
                .then_some(FormFactor::Powder)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_and_terms() {
        assert_eq!(norm("FD&C Red No. 40"), "fd c red no 40");
        assert_eq!(norm("Pyridoxal-5'-Phosphate"), "pyridoxal 5 phosphate");
        assert_eq!(norm("  Albion® TRAACS™  "), "albion traacs");
        assert!(has_term("usp verified", "usp"));
        assert!(!has_term("suspension", "usp"));
        assert!(has_term("a fd c red 40 b", "red 40"));
        assert!(!has_term("red 400", "red 40"));
    }

    #[test]
    fn formats() {
        assert_eq!(
            form_factor_in("2 Vegetarian Capsules"),
            Some(FormFactor::Capsule)
        );
        assert_eq!(form_factor_in("1 scoop (5 g)"), Some(FormFactor::Powder));
        assert_eq!(form_factor_in("Capsule(s)"), Some(FormFactor::Capsule));
        assert_eq!(form_factor_in("Tablet or Pill"), Some(FormFactor::Tablet));
        assert_eq!(form_factor_in("2 Gummies"), Some(FormFactor::Gummy));
        assert_eq!(form_factor_in("Magnesium"), None);
        assert_eq!(
            form_factor_in("1/2 teaspoon (2.5 mL)"),
            Some(FormFactor::Liquid)
        );
        assert_eq!(
            form_factor_in("1 level teaspoon (5 g)"),
            Some(FormFactor::Powder)
        );
    }
}
