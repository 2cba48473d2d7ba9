//! One Supplement Facts row: `NAME [(as FORM)] AMOUNT UNIT [%DV] [marks]`,
//! including blends (`Proprietary Blend 750 mg: a, b`).

use crate::model::Ingredient;
use crate::text::amount::{amounts, group_at, tail};
use crate::words::{has_term, norm};

/// Rows whose name has more words than this are sentences, not rows.
const MAX_NAME_WORDS: usize = 9;

/// Characters trimmed from the ends of a name (footnote marks, dot leaders, colons).
const NAME_TRIM: &[char] = &[
    ' ', '.', ':', '*', '†', '‡', '§', '^', '#', ',', ';', '-', '–', '—', '=', '/', '¹', '²', '³',
];

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
    let t = tail(&line[found.end..], blend)?;
    let mut groups = head_groups;
    groups.extend(t.groups);
    let mut row = Ingredient {
        name,
        amount: Some(found.amount),
        daily_value_percent: t.percent,
        blend,
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
        let forms: Vec<String> = groups
            .iter()
            .map(|g| strip_form_prefix(g))
            .filter(|g| !g.is_empty())
            .collect();
        if !forms.is_empty() {
            let form = forms.join("; ");
            row.form_amount = amounts(&form).first().map(|f| f.amount);
            row.form = Some(form);
        }
    }
    Some(row)
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
