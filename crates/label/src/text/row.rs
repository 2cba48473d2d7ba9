//! One Supplement Facts row: `NAME [(as FORM)] AMOUNT UNIT [%DV] [marks]`,
//! including blends (`Proprietary Blend 750 mg: a, b`).

use crate::model::{Amount, Ingredient};
use crate::text::amount::{amounts, group_at, tail};
use crate::words::{has_term, norm};

/// Rows whose name has more words than this are sentences, not rows.
const MAX_NAME_WORDS: usize = 9;

/// Characters trimmed from the ends of a name (footnote marks, dot leaders, colons).
const NAME_TRIM: &[char] = &[
    ' ', '.', ':', '*', '†', '‡', '§', '^', '#', ',', ';', '-', '–', '—', '=', '/', '¹', '²', '³',
    '|',
];

/// Words that introduce the elemental magnesium a compound supplies
/// (`of which magnesium 300 mg`, `providing 144 mg elemental magnesium`).
const CONNECTORS: &[&str] = &[
    "of which",
    "which provides",
    "which supplies",
    "providing",
    "provides",
    "supplying",
    "supplies",
    "yielding",
    "yields",
    "delivering",
    "delivers",
    "giving",
    "equivalent to",
    "equal to",
    "equals",
    "containing",
    "contains",
    "elemental",
    "=",
];

/// Words allowed around the amount of an elemental clause.
const CLAUSE_WORDS: &[&str] = &[
    "of",
    "which",
    "magnesium",
    "elemental",
    "mg",
    "approx",
    "approximately",
    "about",
    "ca",
    "min",
    "at",
    "least",
    "as",
    "pure",
    "ion",
    "ions",
    "to",
];

/// Reads an elemental clause at the start of `s`: connector words, one
/// amount, and `magnesium` or `elemental` somewhere in it. Returns the
/// amount and the bytes used (up to the end of its last word). Inside
/// brackets (`bracketed`) the connector may be left out: `(200 mg elemental)`.
pub(crate) fn elemental_clause(s: &str, bracketed: bool) -> Option<(Amount, usize)> {
    let lead = s.trim_start_matches([',', ';', ' ', '-', '–', '—', ':']);
    let skipped = s.len() - lead.len();
    let lower = lead.to_lowercase();
    let connector = CONNECTORS
        .iter()
        .find(|c| {
            lower.starts_with(*c)
                && lower[c.len()..]
                    .chars()
                    .next()
                    .is_none_or(|n| !n.is_alphanumeric())
        })
        .copied()
        .or(bracketed.then_some(""))?;
    let found = amounts(lead).into_iter().next()?;
    if !found.clear {
        return None;
    }
    let before = norm(&lead[..found.start]);
    let words_ok = |text: &str| {
        norm(text)
            .split(' ')
            .filter(|w| !w.is_empty())
            .all(|w| CLAUSE_WORDS.contains(&w) || norm(connector).split(' ').any(|c| c == w))
    };
    if !words_ok(&lead[..found.start]) {
        return None;
    }
    // Trailing words: `magnesium`, `elemental magnesium`, `of magnesium`.
    let mut end = found.end;
    let mut trail = String::new();
    loop {
        let rest = &lead[end..];
        let word_start = rest.len() - rest.trim_start().len();
        let word: String = rest[word_start..]
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect();
        if word.is_empty() || !CLAUSE_WORDS.contains(&word.to_lowercase().as_str()) {
            break;
        }
        trail.push(' ');
        trail.push_str(&word.to_lowercase());
        end += word_start + word.len();
    }
    let all = format!("{before} {trail} {}", norm(connector));
    if !(has_term(&all, "magnesium") || has_term(&all, "elemental")) {
        return None;
    }
    Some((found.amount, skipped + end))
}

/// Whether a row name announces a blend.
pub(crate) fn is_blend_name(name: &str) -> bool {
    let n = norm(name);
    has_term(&n, "blend") || has_term(&n, "proprietary") || has_term(&n, "proprietary blend")
}

/// Splits a list at commas and semicolons outside brackets; trims `and`,
/// full stops and surrounding brackets.
pub(crate) fn split_list(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ => {}
        }
        if (c == ',' || c == ';') && depth <= 0 {
            parts.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    parts.push(current);
    parts
        .into_iter()
        .map(|p| {
            let p = p.trim().trim_end_matches(['.', ' ']).trim();
            let p = p
                .strip_prefix("and ")
                .or_else(|| p.strip_prefix("And "))
                .or_else(|| p.strip_prefix("& "))
                .unwrap_or(p)
                .trim();
            p.to_owned()
        })
        .filter(|p| p.chars().any(char::is_alphabetic))
        .collect()
}

/// Removes a leading `as`, `as:`, `from` or `providing` from form text.
pub(crate) fn strip_form_prefix(text: &str) -> String {
    let t = text.trim();
    let lower = t.to_lowercase();
    for prefix in ["as:", "as ", "from ", "providing ", "source:", "source "] {
        if lower.starts_with(prefix) {
            return t[prefix.len()..].trim().to_owned();
        }
    }
    t.to_owned()
}

/// Cuts `head` into the text outside brackets and the bracket groups; `None`
/// when brackets do not balance.
fn outside_and_groups(head: &str) -> Option<(String, Vec<String>)> {
    let mut outside = String::new();
    let mut groups = Vec::new();
    let mut rest = head;
    while let Some(at) = rest.find(['(', '[']) {
        outside.push_str(&rest[..at]);
        outside.push(' ');
        let (inner, used) = group_at(&rest[at..])?;
        groups.push(inner.trim().to_owned());
        rest = &rest[at + used..];
    }
    if rest.contains([')', ']']) {
        return None;
    }
    outside.push_str(rest);
    Some((outside, groups))
}

/// Change in bracket depth across `text`.
fn depth_at(text: &str) -> i32 {
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ => {}
        }
    }
    depth
}

/// Whether brackets open in `line` are left unclosed.
pub(crate) fn unbalanced(line: &str) -> bool {
    depth_at(line) > 0
}

/// Reads `line` as a Supplement Facts row; `None` when it is not one.
pub(crate) fn parse_row(line: &str) -> Option<Ingredient> {
    // The first amount outside brackets, with the depth tracked in one pass.
    let mut depth = 0i32;
    let mut at = 0;
    let found = amounts(line).into_iter().find(|f| {
        depth += depth_at(&line[at..f.start]);
        at = f.start;
        depth == 0
    })?;
    if !found.clear {
        return None;
    }
    let head = &line[..found.start];
    let (outside, head_groups) = outside_and_groups(head)?;
    let name = outside
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(NAME_TRIM)
        .trim()
        .to_owned();
    if !name.chars().any(char::is_alphabetic)
        || name.split_whitespace().count() > MAX_NAME_WORDS
        || name.chars().count() > 120
    {
        return None;
    }
    let blend = is_blend_name(&name);
    let mut after = &line[found.end..];
    // `Magnesium citrate 1850 mg, of which magnesium 300 mg`.
    let mut elemental = None;
    if let Some((amount, used)) = elemental_clause(after, false).filter(|_| !blend) {
        elemental = Some(amount);
        after = &after[used..];
    }
    let (after, purpose) = purpose_split(after);
    let t = tail(after, blend)?;
    let mut groups = head_groups;
    groups.extend(t.groups);
    let mut row = Ingredient {
        name,
        amount: Some(found.amount),
        daily_value_percent: t.percent,
        blend,
        elemental,
        purpose,
        ..Ingredient::default()
    };
    if blend {
        for g in &groups {
            row.components.extend(split_list(&strip_form_prefix(g)));
        }
        if let Some(list) = &t.list {
            row.components.extend(split_list(list));
        }
    } else {
        let mut kept = Vec::new();
        for g in &groups {
            match elemental_clause(g, true) {
                Some((amount, used)) if g[used..].trim().is_empty() && row.elemental.is_none() => {
                    row.elemental = Some(amount);
                }
                _ => kept.push(g.clone()),
            }
        }
        let forms: Vec<String> = kept
            .iter()
            .map(|g| strip_form_prefix(g))
            .filter(|g| !g.is_empty())
            .collect();
        if !forms.is_empty() {
            let form = forms.join("; ");
            row.form_amount = amounts(&form)
                .into_iter()
                .find(|f| f.clear)
                .map(|f| f.amount);
            row.form = Some(form);
        }
    }
    Some(row)
}

/// Purposes a Drug Facts panel prints after the active ingredient.
const PURPOSES: &[&str] = &[
    "saline laxative",
    "laxative",
    "antacid",
    "antacid laxative",
    "antacid and laxative",
    "osmotic laxative",
    "stool softener",
];

/// Cuts a Drug Facts purpose (`Saline laxative`) off the end of what follows an amount.
fn purpose_split(after: &str) -> (&str, Option<String>) {
    let lower = after.to_lowercase();
    for p in PURPOSES {
        if let Some(at) = lower.rfind(p) {
            let rest = norm(&after[at..]);
            let prefix_ok = at == 0 || !lower[..at].ends_with(|c: char| c.is_alphanumeric());
            if prefix_ok && (rest == norm(p) || rest.starts_with(&format!("{} ", norm(p)))) {
                let tail_words = rest[norm(p).len()..].trim();
                if tail_words.is_empty() {
                    return (&after[..at], Some(after[at..].trim().to_owned()));
                }
            }
        }
    }
    (after, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Unit;

    #[test]
    fn plain_rows() {
        let r = parse_row("Magnesium (as magnesium bisglycinate chelate) 200 mg 48%").unwrap();
        assert_eq!(r.name, "Magnesium");
        assert_eq!(r.form.as_deref(), Some("magnesium bisglycinate chelate"));
        assert_eq!(r.amount.unwrap().value, 200.0);
        assert_eq!(r.daily_value_percent, Some(48.0));

        let r = parse_row("Magnesium Citrate 1,000 mg").unwrap();
        assert_eq!(r.name, "Magnesium Citrate");
        assert_eq!(r.amount.unwrap().value, 1000.0);

        let r = parse_row("Vitamin B6 (as pyridoxal-5'-phosphate) 10 mg 588%").unwrap();
        assert_eq!(r.name, "Vitamin B6");
        assert_eq!(r.amount.unwrap().unit, Unit::Mg);

        let r = parse_row("Taurine 500 mg **").unwrap();
        assert_eq!(r.daily_value_percent, None);

        let r = parse_row("Magnesium (from 1,250 mg Magnesium Citrate) 200 mg 48%").unwrap();
        assert_eq!(r.form_amount.unwrap().value, 1250.0);
        assert_eq!(r.amount.unwrap().value, 200.0);

        let r = parse_row("Magnesium 200 mg 48% (as magnesium glycinate)").unwrap();
        assert_eq!(r.form.as_deref(), Some("magnesium glycinate"));
    }

    #[test]
    fn blends() {
        let r =
            parse_row("Proprietary Blend 750 mg: magnesium glycinate, magnesium oxide").unwrap();
        assert!(r.blend);
        assert_eq!(r.components, vec!["magnesium glycinate", "magnesium oxide"]);
        let r = parse_row("Relax Blend† (magnesium glycinate, L-theanine) 500 mg *").unwrap();
        assert!(r.blend);
        assert_eq!(r.components.len(), 2);
    }

    #[test]
    fn elemental_clauses() {
        let r = parse_row("Magnesium citrate 1850 mg, of which magnesium 300 mg").unwrap();
        assert_eq!(
            (r.amount.unwrap().value, r.elemental.unwrap().value),
            (1850.0, 300.0)
        );
        let r =
            parse_row("Magnesium citrate 1,850 mg (providing 300 mg magnesium) 80% NRV").unwrap();
        assert_eq!(r.elemental.unwrap().value, 300.0);
        assert_eq!((r.form, r.daily_value_percent), (None, Some(80.0)));
        let r = parse_row("Magnesium Glycinate 1,000 mg (200 mg elemental)").unwrap();
        assert_eq!(r.elemental.unwrap().value, 200.0);
        // A form with an amount in it is not an elemental clause.
        let r = parse_row("Magnesium (from 1,250 mg Magnesium Citrate) 200 mg").unwrap();
        assert_eq!(r.elemental, None);
        assert!(parse_row("Magnesium citrate 1850 mg, of which zinc stuff 300 mg").is_none());
    }

    #[test]
    fn drug_facts_purpose_and_columns() {
        let r = parse_row("Magnesium hydroxide 1200 mg Saline laxative").unwrap();
        assert_eq!(r.purpose.as_deref(), Some("Saline laxative"));
        let r = parse_row("Magnesium | 375 mg | 100%").unwrap();
        assert_eq!(
            (r.name.as_str(), r.daily_value_percent),
            ("Magnesium", Some(100.0))
        );
        assert!(parse_row("Magnesium 1 20 mg").is_none());
    }

    #[test]
    fn not_rows() {
        assert!(parse_row("Serving Size 2 Capsules").is_none());
        assert!(parse_row("Magnesium (as magnesium").is_none());
        assert!(parse_row("(as magnesium citrate) 200 mg").is_none());
        assert!(parse_row("Calcium 100 mg Magnesium 50 mg").is_none());
        assert!(parse_row("Magnesium Citrate 1,000 mg: extra").is_none());
    }

    #[test]
    fn lists() {
        assert_eq!(
            split_list("Hypromellose (capsule, vegetable), rice flour, and silica."),
            vec!["Hypromellose (capsule, vegetable)", "rice flour", "silica"]
        );
    }
}
