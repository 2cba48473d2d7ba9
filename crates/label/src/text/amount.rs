//! Numbers and amounts as printed: `1,000 mg`, `200mg`, `0.5 g`, `25 µg`,
//! `1000 IU`, and the `%DV` column after them (`48%`, `<1%`, `*`, `†`).

use crate::model::{Amount, Unit};

/// An amount found in a line, with its byte span.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Found {
    /// First byte of the number.
    pub start: usize,
    /// Byte after the unit.
    pub end: usize,
    /// The amount.
    pub amount: Amount,
    /// Whether the figure reads with certainty; when not, `amount` is not to be used.
    pub clear: bool,
}

/// Separators printed between groups of three digits: `1,000`, `1 000`
/// (a space, after tabs, no-break and thin spaces are cleaned to one),
/// `1'000` and `1’000`.
const GROUP_SEPARATORS: &[char] = &[',', ' ', '\'', '’'];

/// A number as printed, read at the start of a string.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Number {
    /// Not a number.
    None,
    /// A number: its value, the bytes used, and whether it has the shape
    /// `1.200` (one to three digits, a point, three digits), which is a
    /// decimal in the US and a thousands group in much of Europe.
    Value(f64, usize, bool),
    /// Digits that cannot be read with certainty (`1 20`, `1 2000`,
    /// `1,000 000`): the bytes the unclear figure covers.
    Unclear(usize),
}

/// Reads the number at the start of `s`: digits, groups of three after one
/// kind of [`GROUP_SEPARATORS`], and a decimal part after `.` (or after `,`
/// when `,` is not the group separator and is not followed by exactly three
/// digits: `0,5`, `1 200,5`). A separator followed by digits that do not
/// make a group of three is [`Number::Unclear`], never a smaller number.
pub(crate) fn read_number(s: &str) -> Number {
    let b = s.as_bytes();
    let digits = |from: usize| {
        b.get(from..)
            .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count())
    };
    let mut end = digits(0);
    if end == 0 || end > 12 {
        return Number::None;
    }
    let mut text: String = s[..end].to_owned();
    let mut sep: Option<char> = None;
    while let Some(c) = s[end..].chars().next() {
        if !GROUP_SEPARATORS.contains(&c) || sep.is_some_and(|p| p != c) {
            break;
        }
        let after = end + c.len_utf8();
        let n = digits(after);
        if n == 0 {
            break;
        }
        // `1,5` and `12,34` are decimals (handled below), not groups.
        if c == ',' && sep.is_none() && n != 3 {
            break;
        }
        let first_group = sep.is_none();
        if n != 3 || (first_group && text.len() > 3) || text.len() >= 12 {
            if c == ',' && !first_group {
                // `1,000,5`: the decimal part after the groups.
                break;
            }
            return Number::Unclear(after + n);
        }
        sep = Some(c);
        text.push_str(&s[after..after + 3]);
        end = after + 3;
    }
    let mut dot_group = false;
    match b.get(end) {
        Some(b'.') => {
            let n = digits(end + 1);
            if n > 0 && n <= 6 {
                dot_group = sep.is_none() && n == 3 && text.len() <= 3 && !text.starts_with('0');
                text.push('.');
                text.push_str(&s[end + 1..end + 1 + n]);
                end += 1 + n;
            }
        }
        Some(b',') if sep != Some(',') => {
            let n = digits(end + 1);
            if n > 0 && n <= 6 {
                text.push('.');
                text.push_str(&s[end + 1..end + 1 + n]);
                end += 1 + n;
            }
        }
        _ => {}
    }
    // Separators and more digits after a complete number (`1,000 000`,
    // `1.5 000`, `1''200`): not one clear figure.
    let gap = s[end..]
        .chars()
        .take_while(|c| matches!(c, ' ' | '\'' | '’') || sep == Some(*c))
        .map(char::len_utf8)
        .sum::<usize>();
    if gap > 0 && digits(end + gap) > 0 {
        return Number::Unclear(end + gap + digits(end + gap));
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => Number::Value(v, end, dot_group),
        _ => Number::None,
    }
}

/// A number as the label reader reads it (see [`read_label_number`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LabelNumber {
    /// Not a number: `s` does not start with a digit (or has more than 12 in a row).
    NotANumber,
    /// A number read with certainty: its value and the bytes it covers.
    Value {
        /// The value (`1 200` is 1200).
        value: f64,
        /// Bytes of the input the number covers.
        len: usize,
        /// `1.200`: a decimal in the US, a thousands group in much of
        /// Europe; the checker does not use it for mg, mcg or IU.
        dot_group: bool,
    },
    /// Digits that cannot be read with certainty (`1 20`, `1 2000`): the bytes covered.
    Unclear {
        /// Bytes of the input the unclear figure covers.
        len: usize,
    },
}

/// Reads the number at the start of `s` as a label prints it: `1,000`,
/// `1 000` (a space, no-break or thin space), `1'000`, `1’000`, decimals
/// after `.` or `,`. A separator followed by digits that do not make a
/// group of three is unclear, never read as a smaller number.
///
/// ```
/// use crampwise_label::{read_label_number, LabelNumber};
/// assert!(matches!(read_label_number("1 200 mg"), LabelNumber::Value { value, .. } if value == 1200.0));
/// assert!(matches!(read_label_number("1 20 mg"), LabelNumber::Unclear { .. }));
/// ```
pub fn read_label_number(s: &str) -> LabelNumber {
    // The reader sees lines after cleaning: every kind of space is one
    // space and soft hyphens are gone. `at[i]` is where byte `i` of the
    // cleaned text starts in `s`.
    let mut cleaned = String::with_capacity(s.len());
    let mut at = Vec::with_capacity(s.len() + 1);
    for (i, c) in s.char_indices() {
        let c = match c {
            '\u{ad}' => continue,
            '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' => ' ',
            c => c,
        };
        for _ in 0..c.len_utf8() {
            at.push(i);
        }
        cleaned.push(c);
    }
    at.push(s.len());
    let back = |len: usize| at.get(len).copied().unwrap_or(s.len());
    match read_number(&cleaned) {
        Number::None => LabelNumber::NotANumber,
        Number::Value(value, len, dot_group) => LabelNumber::Value {
            value,
            len: back(len),
            dot_group,
        },
        Number::Unclear(len) => LabelNumber::Unclear { len: back(len) },
    }
}

/// The number at the start of `s` and the bytes used, when it reads clearly.
pub(crate) fn number_at(s: &str) -> Option<(f64, usize)> {
    match read_number(s) {
        Number::Value(v, n, _) => Some((v, n)),
        Number::None | Number::Unclear(_) => None,
    }
}

/// Suffix words that qualify a unit (`mcg DFE`, `mg NE`, `mcg RAE`).
const UNIT_QUALIFIERS: &[&str] = &["dfe", "rae", "ne", "ate", "te"];

/// Reads a unit word at the start of `s` (after optional spaces), with a
/// word break after it. Returns the unit and the bytes used.
fn unit_at(s: &str) -> Option<(Unit, usize)> {
    let skipped = s.len() - s.trim_start_matches([' ', '\t']).len();
    if skipped > 2 {
        return None;
    }
    let rest = &s[skipped..];
    let word_len: usize = rest
        .char_indices()
        .find(|(_, c)| !(c.is_alphabetic() || *c == '.'))
        .map_or(rest.len(), |(i, _)| i);
    let mut word = &rest[..word_len];
    let mut used = skipped + word_len;
    // `Gram(s)`, as DSLD writes units.
    if rest[word_len..].starts_with("(s)") {
        used += 3;
    }
    // A trailing full stop belongs to the sentence, not the unit (`mg.`), but `I.U.` keeps its own.
    while word.ends_with('.') && !word.eq_ignore_ascii_case("i.u.") {
        word = &word[..word.len() - 1];
        used -= 1;
    }
    let unit = Unit::from_word(word)?;
    let after = &s[used..];
    if after.chars().next().is_some_and(char::is_alphanumeric) {
        return None;
    }
    // Skip a qualifier such as `DFE`.
    let trimmed = after.trim_start();
    let qual_len = trimmed
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(trimmed.len(), |(i, _)| i);
    if qual_len > 0
        && UNIT_QUALIFIERS.contains(&trimmed[..qual_len].to_lowercase().as_str())
        && !trimmed[qual_len..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
    {
        used += (after.len() - trimmed.len()) + qual_len;
    }
    Some((unit, used))
}

/// Every amount in `line`, left to right. A number glued to a letter before
/// it (`B6`, `D3`) is not an amount. An amount whose figure cannot be read
/// with certainty (`1 20 mg`, `1.200 mg`) is kept with `clear: false`.
pub(crate) fn amounts(line: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    let mut skip_to = 0;
    for (i, c) in line.char_indices() {
        let p = prev;
        prev = Some(c);
        if i < skip_to || !c.is_ascii_digit() {
            continue;
        }
        if p.is_some_and(|p| p.is_alphanumeric() || p == '.' || p == ',') {
            continue;
        }
        let (value, n, clear) = match read_number(&line[i..]) {
            Number::None => continue,
            Number::Unclear(n) => (f64::NAN, n, false),
            Number::Value(v, n, dot_group) => (v, n, !dot_group),
        };
        skip_to = i + n;
        if let Some((unit, u)) = unit_at(&line[i + n..]) {
            // `1.200 g` is a decimal; `1.200 mg` may be 1,200 mg.
            let clear = clear || (value.is_finite() && matches!(unit, Unit::G | Unit::Kcal));
            out.push(Found {
                start: i,
                end: i + n + u,
                amount: Amount {
                    value: if value.is_finite() { value } else { 0.0 },
                    unit,
                },
                clear,
            });
            skip_to = i + n + u;
        }
    }
    out
}

/// What follows an amount on an ingredient row.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Tail {
    /// The first `%` figure.
    pub percent: Option<f64>,
    /// Parenthesised text without an amount (`(as magnesium citrate)`).
    pub groups: Vec<String>,
    /// Text after a `:` (a blend's members).
    pub list: Option<String>,
}

/// Reads the `%DV` column and footnote marks after an amount; `None` when
/// anything else follows (the row is then not understood).
pub(crate) fn tail(s: &str, allow_list: bool) -> Option<Tail> {
    let mut t = Tail::default();
    let mut rest = s;
    loop {
        rest = rest.trim_start();
        let Some(c) = rest.chars().next() else {
            return Some(t);
        };
        match c {
            '(' | '[' => {
                let (inner, used) = group_at(rest)?;
                // `(100 % NRV)`: the %DV column in brackets (never nested, so no recursion).
                let percent = if inner.contains(['(', '[']) {
                    None
                } else {
                    tail(inner, false).and_then(|g| g.percent)
                };
                if let Some(p) = percent {
                    t.percent.get_or_insert(p);
                } else if !only_amount(inner) {
                    t.groups.push(inner.trim().to_owned());
                }
                rest = &rest[used..];
            }
            ':' if allow_list => {
                t.list = Some(rest[1..].trim().to_owned());
                return Some(t);
            }
            '*' | '†' | '‡' | '§' | '^' | '#' | '¹' | '²' | '³' | '<' | '>' | '~' | '≈' | '='
            | '/' => {
                rest = &rest[c.len_utf8()..];
            }
            '|' => {
                rest = &rest[1..];
            }
            _ if c.is_ascii_digit() => {
                let (value, n) = number_at(rest)?;
                let after = rest[n..].trim_start();
                let after = after.strip_prefix('%')?;
                t.percent.get_or_insert(value);
                rest = after;
            }
            _ => {
                let len = rest
                    .char_indices()
                    .find(|(_, c)| !(c.is_alphabetic() || *c == '%' || *c == '.'))
                    .map_or(rest.len(), |(i, _)| i);
                if len == 0 {
                    return None;
                }
                let word = rest[..len].to_lowercase();
                let word = word.trim_end_matches('.');
                if !matches!(
                    word,
                    "%" | "dv"
                        | "%dv"
                        | "daily"
                        | "value"
                        | "nrv"
                        | "%nrv"
                        | "ri"
                        | "%ri"
                        | "rda"
                        | "%rda"
                        | "dfe"
                        | "rae"
                        | "ne"
                        | "te"
                        | "ate"
                ) {
                    return None;
                }
                rest = &rest[len..];
            }
        }
    }
}

/// Whether `text` is nothing but amounts (`1,000 IU`, `5 g`): another unit
/// for the same figure, not a form.
pub(crate) fn only_amount(text: &str) -> bool {
    let found = amounts(text);
    if found.is_empty() {
        return false;
    }
    let mut rest = String::new();
    let mut from = 0;
    for f in &found {
        rest.push_str(&text[from..f.start]);
        from = f.end;
    }
    rest.push_str(&text[from..]);
    !rest.chars().any(char::is_alphabetic)
}

/// The text inside the bracket group that `s` starts with, and the bytes
/// used including the closing bracket; `None` when it is not closed.
pub(crate) fn group_at(s: &str) -> Option<(&str, usize)> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some((&s[1..i], i + 1));
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
#[allow(
    clippy::indexing_slicing,
    reason = "tests may index and slice, as the integration tests do: a panic is a failed test"
)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(number_at("1,000 mg"), Some((1000.0, 5)));
        assert_eq!(number_at("1,250.5mg"), Some((1250.5, 7)));
        assert_eq!(number_at("0,5 g"), Some((0.5, 3)));
        assert_eq!(number_at("12,34"), Some((12.34, 5)));
        assert_eq!(number_at("200"), Some((200.0, 3)));
        assert_eq!(number_at("x"), None);
    }

    #[test]
    fn grouped_numbers_are_whole_or_unclear() {
        for (text, want) in [
            ("1 200 mg", 1200.0),
            ("1'000 mg", 1000.0),
            ("1’000 mg", 1000.0),
            ("12 500 mg", 12500.0),
            ("1 000 000 IU", 1_000_000.0),
            ("1 200,5 mg", 1200.5),
            ("1,000,000 IU", 1_000_000.0),
        ] {
            assert!(
                matches!(read_number(text), Number::Value(v, _, false) if v == want),
                "{text}"
            );
        }
        for text in [
            "1 20 mg",
            "1 2000 mg",
            "1000 000 mg",
            "1,000 000 mg",
            "1'00 mg",
            "2.5'000",
        ] {
            assert!(matches!(read_number(text), Number::Unclear(_)), "{text}");
        }
        assert!(matches!(read_number("1.200 mg"), Number::Value(v, 5, true) if v == 1.2));
        assert!(matches!(
            read_number("0.500 mg"),
            Number::Value(_, 5, false)
        ));
    }

    #[test]
    fn unclear_amounts_are_kept_as_unclear() {
        let a = amounts("Magnesium 1 200 mg");
        assert_eq!((a.len(), a[0].amount.value, a[0].clear), (1, 1200.0, true));
        let a = amounts("Magnesium 1 20 mg");
        assert_eq!((a.len(), a[0].clear), (1, false));
        assert!(!amounts("Magnesium 1.200 mg")[0].clear);
        assert!(amounts("Creatine 1.250 g")[0].clear);
        assert!(amounts("Vitamin B6 2 mg")[0].clear);
        assert_eq!(amounts("Vitamin B6 2 mg")[0].amount.value, 2.0);
    }

    #[test]
    fn finds_amounts() {
        let a = amounts("Magnesium Citrate 1,000 mg");
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].amount.value, 1000.0);
        assert_eq!(a[0].amount.unit, Unit::Mg);
        assert!(amounts("Vitamin B6 (as pyridoxal-5'-phosphate)").is_empty());
        assert_eq!(amounts("Vitamin D3 25 mcg (1,000 IU)").len(), 2);
        assert_eq!(amounts("Folate 400 mcg DFE 100%")[0].end, 18);
        assert_eq!(amounts("Zinc 15mg")[0].amount.value, 15.0);
        assert_eq!(amounts("Selenium 55 µg")[0].amount.unit, Unit::Mcg);
        assert_eq!(amounts("Creatine 5 Gram(s)")[0].amount.unit, Unit::G);
        assert!(amounts("2 Capsules").is_empty());
        assert!(amounts("48%").is_empty());
    }

    #[test]
    fn tails() {
        assert_eq!(tail(" 48%", false).unwrap().percent, Some(48.0));
        assert_eq!(tail(" <1% *", false).unwrap().percent, Some(1.0));
        assert_eq!(tail(" **", false).unwrap().percent, None);
        assert_eq!(tail(" 588 % DV", false).unwrap().percent, Some(588.0));
        assert!(tail(" (1,000 IU)", false).unwrap().groups.is_empty());
        let t = tail(" (100 % NRV)*", false).unwrap();
        assert_eq!((t.percent, t.groups.len()), (Some(100.0), 0));
        assert_eq!(
            tail(" (providing 200 mg elemental magnesium)", false)
                .unwrap()
                .groups,
            vec!["providing 200 mg elemental magnesium".to_owned()]
        );
        assert_eq!(
            tail(" (as magnesium citrate) 50%", false).unwrap().groups,
            vec!["as magnesium citrate".to_owned()]
        );
        assert_eq!(
            tail(": magnesium glycinate, magnesium oxide", true)
                .unwrap()
                .list
                .as_deref(),
            Some("magnesium glycinate, magnesium oxide")
        );
        assert!(tail(" Calcium 100 mg", false).is_none());
        assert!(tail(": x", false).is_none());
    }
}
