//! Supplement Facts text as printed, line by line, into a [`ParsedLabel`].
//!
//! Each line is, in this order: a panel header, serving size, ingredient
//! list or statement; a Supplement Facts row; the continuation of the list,
//! statement, blend or row above it; a mark, claim or count line; the first
//! part of a row printed over two or three lines; or else unread. Nothing
//! non-empty is dropped: what is not understood is kept in `unread_lines`.

mod amount;
mod classify;
pub(crate) mod normalize;
mod row;
mod scan;

pub(crate) use amount::amounts;
pub use amount::{read_label_number, LabelNumber};
pub(crate) use classify::{serving, MARK_WORDS};
pub(crate) use row::{is_blend_name, split_list, strip_form_prefix};
pub(crate) use scan::not_oral;

use crate::model::{FormFactor, Ingredient, LabelSource, ParsedLabel};
use crate::words::{has_term, norm};
use classify::{classify, LineKind};
use row::{parse_row, unbalanced};

/// One line: its 1-based number, the text as printed (trimmed) and cleaned
/// (with evident typos and OCR errors corrected).
struct Line {
    no: usize,
    raw: String,
    clean: String,
}

/// Tabs, no-break spaces and dot leaders to spaces, bullets removed, spaces collapsed.
fn clean(raw: &str) -> String {
    fn flush(s: &mut String, dots: &mut usize) {
        if *dots >= 3 {
            s.push(' ');
        } else {
            s.extend(std::iter::repeat_n('.', *dots));
        }
        *dots = 0;
    }
    let mut s = String::with_capacity(raw.len());
    let mut dots = 0;
    for c in raw.chars() {
        if c == '.' {
            dots += 1;
            continue;
        }
        flush(&mut s, &mut dots);
        match c {
            // Zero-width characters and soft hyphens (`Magne\u{ad}sium`, `1\u{ad}000`).
            '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{ad}' => {}
            '\t'
            | '\u{a0}'
            | '\u{2000}'..='\u{200a}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
            | '…' => s.push(' '),
            c if c.is_control() => s.push(' '),
            c => s.push(c),
        }
    }
    flush(&mut s, &mut dots);
    let mut t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    while let Some(rest) = ["• ", "· ", "▪ ", "◦ ", "‣ ", "- ", "– ", "— "]
        .iter()
        .find_map(|b| t.strip_prefix(b))
    {
        t = rest.trim_start().to_owned();
    }
    t
}

/// Where the parser is: what a following line may continue.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    Idle,
    Other,
    Statement,
    Blend(usize),
    Row(usize),
}

/// How sure a format is: an explicit `Form:` beats the serving size, which beats a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Sure {
    None,
    Count,
    Serving,
    Stated,
}

struct Parser {
    label: ParsedLabel,
    mode: Mode,
    /// The list text of the current `Other ingredients` block.
    other: String,
    /// The current statement.
    statement: String,
    /// The cleaned text of the previous line.
    prev: String,
    format_sure: Sure,
    /// Rows before this line are the product title, not the panel.
    facts_from: usize,
    /// The Drug Facts section the parser is in.
    drug: Option<scan::DrugSection>,
}

/// Reads Supplement Facts text. Never fails: lines it does not understand
/// are kept in [`ParsedLabel::unread_lines`].
///
/// ```
/// let label = crampwise_label::parse_text(
///     "Serving Size 2 Capsules\nMagnesium (as magnesium glycinate) 200 mg 48%\nBest magnesium ever!!!",
/// );
/// assert_eq!(label.ingredients[0].name, "Magnesium");
/// assert_eq!(label.unread_lines, ["Best magnesium ever!!!"]);
/// ```
pub fn parse_text(text: &str) -> ParsedLabel {
    let mut label = ParsedLabel::new(LabelSource::Text);
    let lines: Vec<Line> = normalize::lines(text)
        .iter()
        .enumerate()
        .map(|(i, raw)| {
            let cleaned = clean(raw);
            let clean = match scan::repair(&cleaned) {
                Some(fixed) => {
                    label
                        .corrections
                        .push(format!("`{}` read as `{fixed}`", raw.trim()));
                    fixed
                }
                None => cleaned,
            };
            Line {
                no: i + 1,
                raw: raw.trim().to_owned(),
                clean,
            }
        })
        .collect();
    for l in &lines {
        let n = norm(&l.clean);
        label.eu_layout |= scan::eu_marker(&n);
        label.drug_facts |= n == "drug facts" || n.starts_with("drug facts ");
        if label.not_oral.is_none() {
            label.not_oral = scan::not_oral(&l.clean);
        }
    }
    let facts_from = lines
        .iter()
        .position(|l| {
            let n = norm(&l.clean);
            n == "supplement facts" || n == "nutrition facts" || n == "drug facts"
        })
        .unwrap_or(0);
    let mut p = Parser {
        label,
        drug: None,
        mode: Mode::Idle,
        other: String::new(),
        statement: String::new(),
        prev: String::new(),
        format_sure: Sure::None,
        facts_from,
    };
    let mut i = 0;
    while i < lines.len() {
        let used = p.step(&lines, i).max(1);
        p.prev = lines
            .get(i + used - 1)
            .map(|l| l.clean.clone())
            .unwrap_or_default();
        i += used;
    }
    p.set_mode(Mode::Idle);
    p.label
}

fn is_structural(kind: &LineKind) -> bool {
    !matches!(kind, LineKind::Marks(_) | LineKind::Claims(_))
        && !matches!(kind, LineKind::Format(_, text) if text.starts_with(|c: char| c.is_ascii_digit()))
}

fn starts_lowercase(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_lowercase)
}

fn ends_open(s: &str) -> bool {
    let lower = s.to_lowercase();
    s.ends_with([',', '/', '&', '-'])
        || lower.ends_with(" and")
        || lower.ends_with(" or")
        || lower.ends_with(" as")
        || lower.ends_with("(as")
        || lower.ends_with(" with")
        || unbalanced(s)
}

impl Parser {
    fn step(&mut self, lines: &[Line], i: usize) -> usize {
        let Some(line) = lines.get(i) else {
            return 1;
        };
        if line.clean.is_empty() {
            self.set_mode(Mode::Idle);
            return 1;
        }
        if self.label.drug_facts && self.drug_step(line) {
            return 1;
        }
        let kind = classify(&line.clean);
        if let Some(k) = kind.clone().filter(is_structural) {
            if matches!(k, LineKind::Statement(_)) {
                self.ignore(line, "statement");
            } else if k == LineKind::Header
                && line.clean.starts_with(['*', '†', '‡', '§', '^', '#'])
            {
                self.ignore(line, "footnote");
            }
            self.apply(k);
            return 1;
        }
        if let Some(row) = parse_row(&line.clean) {
            self.push_row(row, line);
            return 1;
        }
        let mode = self.mode;
        if self.continues(line) {
            if mode == Mode::Statement {
                self.ignore(line, "statement");
            }
            return 1;
        }
        if let Some(k) = kind {
            if matches!(k, LineKind::Claims(_)) {
                self.ignore(line, "claim");
            }
            self.apply(k);
            return 1;
        }
        if let Some((row, used)) = merge(lines, i) {
            self.push_row(row, line);
            return used;
        }
        self.set_mode(Mode::Idle);
        let about_mg = crate::analyze::forms::is_magnesium(&line.clean);
        // A line about magnesium with a figure in it is never set aside unread.
        let mg_figure = about_mg && line.clean.contains(|c: char| c.is_ascii_digit());
        if line.no <= self.facts_from && self.label.name.is_none() && about_mg {
            // The product title above the panel (`Magnesium Glycinate 400mg | 120 Capsules`).
            self.label.name = Some(line.clean.clone());
        } else if about_mg && !amounts(&line.clean).is_empty() {
            // An amount of magnesium, even in a trademark line, is never set aside.
            self.label.unread_lines.push(line.raw.clone());
        } else if scan::is_trademark(&line.clean) {
            self.ignore(line, "trademark");
        } else if mg_figure {
            self.label.unread_lines.push(line.raw.clone());
        } else if scan::not_oral(&line.clean).is_some() {
            // `Magnesium Oil Spray` as the title, `For external use only` below.
            if line.no <= self.facts_from.max(1) && self.label.name.is_none() {
                self.label.name = Some(line.clean.clone());
            } else {
                self.label.statements.push(line.clean.clone());
                self.ignore(line, "statement");
            }
        } else if scan::is_marketing(&line.clean) || scan::is_shop_chrome(&line.clean) {
            self.ignore(line, "marketing");
        } else {
            self.label.unread_lines.push(line.raw.clone());
        }
        1
    }

    fn ignore(&mut self, line: &Line, kind: &str) {
        self.label.ignored_lines.push(crate::model::IgnoredLine {
            line: line.raw.clone(),
            kind: kind.to_owned(),
        });
    }

    /// A line of a Drug Facts panel: section headings, and the text of the
    /// sections that are not rows or lists. `true` when the line is used.
    fn drug_step(&mut self, line: &Line) -> bool {
        use scan::DrugSection;
        match scan::drug_section(&line.clean) {
            Some(DrugSection::Active) => {
                self.set_mode(Mode::Idle);
                self.drug = Some(DrugSection::Active);
                if let Some(text) = scan::drug_serving(&line.clean) {
                    let s = serving(&text);
                    self.set_format(crate::words::form_factor_in(&s.text), Sure::Serving);
                    self.label.serving = Some(s);
                }
                true
            }
            Some(DrugSection::Inactive) => {
                self.drug = Some(DrugSection::Inactive);
                false
            }
            Some(DrugSection::Text) => {
                self.set_mode(Mode::Idle);
                self.drug = Some(DrugSection::Text);
                self.drug_text(line);
                true
            }
            None if self.drug == Some(DrugSection::Text) => {
                self.drug_text(line);
                true
            }
            None => false,
        }
    }

    /// A statement of a Drug Facts section; `each tablespoon contains:
    /// magnesium 500 mg` states the elemental magnesium of the active row.
    fn drug_text(&mut self, line: &Line) {
        let lower = line.clean.to_lowercase();
        if let Some(at) = lower.find("magnesium") {
            let after = &line.clean[at + "magnesium".len()..];
            let amount = amounts(after)
                .into_iter()
                .next()
                .filter(|f| f.clear && after[..f.start].trim().trim_matches([':', ',']).is_empty());
            if let Some(found) = amount {
                let active = self.label.ingredients.iter_mut().find(|r| {
                    crate::analyze::forms::is_magnesium(&r.name)
                        && r.name.split_whitespace().count() > 1
                });
                if let Some(row) = active.filter(|r| r.elemental.is_none()) {
                    row.elemental = Some(found.amount);
                }
            }
        }
        self.label.statements.push(line.clean.clone());
        self.ignore(line, "statement");
    }

    /// Leaves the current mode, filing a finished list or statement.
    fn set_mode(&mut self, mode: Mode) {
        if self.mode == Mode::Other && mode != Mode::Other {
            let text = std::mem::take(&mut self.other);
            self.label.other_ingredients.extend(split_list(&text));
        }
        if self.mode == Mode::Statement && mode != Mode::Statement {
            let text = std::mem::take(&mut self.statement);
            if !text.is_empty() {
                self.label.statements.push(text);
            }
        }
        self.mode = mode;
    }

    fn set_format(&mut self, format: Option<FormFactor>, sure: Sure) {
        if let Some(f) = format {
            if sure >= self.format_sure {
                self.label.form_factor = Some(f);
                self.format_sure = sure;
            }
        }
    }

    fn apply(&mut self, kind: LineKind) {
        match kind {
            LineKind::Header => self.set_mode(Mode::Idle),
            LineKind::Serving(s) => {
                self.set_mode(Mode::Idle);
                self.set_format(crate::words::form_factor_in(&s.text), Sure::Serving);
                self.label.serving = Some(s);
            }
            LineKind::OtherIngredients(list) => {
                self.set_mode(Mode::Idle);
                self.set_mode(Mode::Other);
                self.other = list;
            }
            LineKind::Name(name) => {
                self.set_mode(Mode::Idle);
                self.label.name = Some(name);
            }
            LineKind::Brand(brand) => {
                self.set_mode(Mode::Idle);
                self.label.brand = Some(brand);
            }
            LineKind::Format(format, text) => {
                self.set_mode(Mode::Idle);
                let sure = if text.starts_with(|c: char| c.is_ascii_digit()) {
                    Sure::Count
                } else {
                    Sure::Stated
                };
                self.set_format(format, sure);
                self.label.statements.push(text);
            }
            LineKind::Statement(text) => {
                self.set_mode(Mode::Idle);
                self.set_mode(Mode::Statement);
                self.statement = text;
            }
            LineKind::Marks(text) => {
                self.set_mode(Mode::Idle);
                self.label.marks.push(text);
            }
            LineKind::Claims(parts) => {
                self.set_mode(Mode::Idle);
                self.label.claims.extend(parts);
            }
        }
    }

    fn push_row(&mut self, mut row: Ingredient, line: &Line) {
        // `of which magnesium 300 mg` under `Magnesium citrate 1,850 mg`:
        // the elemental figure of the row above, not a row of its own.
        if let Mode::Row(idx) = self.mode {
            if is_elemental_follow(&row) {
                if let Some(above) = self.label.ingredients.get_mut(idx) {
                    if above.elemental.is_none() && !row.blend {
                        above.elemental = row.amount;
                        self.mode = Mode::Idle;
                        return;
                    }
                }
            }
        }
        self.set_mode(Mode::Idle);
        if line.no <= self.facts_from {
            // A dose in the product title above the panel (`Magnesium Glycinate 400 mg`).
            if self.label.name.is_none() {
                self.label.name = Some(line.clean.clone());
            } else {
                self.label.statements.push(line.clean.clone());
            }
            return;
        }
        row.line = Some(line.no);
        let blend = row.blend;
        self.label.ingredients.push(row);
        let idx = self.label.ingredients.len() - 1;
        self.mode = if blend {
            Mode::Blend(idx)
        } else {
            Mode::Row(idx)
        };
    }

    /// Continues the list, statement, blend or row above; `true` when it did.
    fn continues(&mut self, line: &Line) -> bool {
        let text = &line.clean;
        match self.mode {
            Mode::Idle => false,
            Mode::Other => {
                let open = self.other.trim().is_empty()
                    || ends_open(&self.prev)
                    || (starts_lowercase(text) && !self.prev.ends_with('.'));
                if open {
                    self.other.push(' ');
                    self.other.push_str(text);
                }
                open
            }
            Mode::Statement => {
                let open = !self.statement.ends_with(['.', '!', '?'])
                    && (starts_lowercase(text) || ends_open(&self.prev));
                if open {
                    self.statement.push(' ');
                    self.statement.push_str(text);
                }
                open
            }
            Mode::Blend(idx) => {
                let Some(blend) = self.label.ingredients.get_mut(idx) else {
                    return false;
                };
                let open =
                    blend.components.is_empty() || ends_open(&self.prev) || starts_lowercase(text);
                if open && amounts(text).is_empty() {
                    let inner = text
                        .trim_start_matches(['(', '['])
                        .trim_end_matches([')', ']', '.']);
                    blend
                        .components
                        .extend(split_list(&strip_form_prefix(inner)));
                    return true;
                }
                false
            }
            Mode::Row(idx) => {
                let Some(row) = self.label.ingredients.get_mut(idx) else {
                    return false;
                };
                let closed = text.starts_with('(') && text.ends_with(')') && !unbalanced(text);
                // `(from Magnesium Citrate 1,850 mg)` under `Magnesium 300 mg`: the source.
                let source_with_amount = amounts(text).len() == 1
                    && text
                        .get(1..6)
                        .is_some_and(|p| p.eq_ignore_ascii_case("from "));
                if closed && (amounts(text).is_empty() || source_with_amount) {
                    let inner = strip_form_prefix(&text[1..text.len() - 1]);
                    if row.form_amount.is_none() {
                        row.form_amount = amounts(&inner)
                            .into_iter()
                            .find(|f| f.clear)
                            .map(|f| f.amount);
                    }
                    row.form = Some(match row.form.take() {
                        Some(f) => format!("{f}; {inner}"),
                        None => inner,
                    });
                    self.mode = Mode::Idle;
                    return true;
                }
                false
            }
        }
    }
}

/// Whether a row only states the elemental magnesium of the row above
/// (`of which magnesium 300 mg`, `providing elemental magnesium 144 mg`).
fn is_elemental_follow(row: &Ingredient) -> bool {
    let n = norm(&row.name);
    let about = has_term(&n, "magnesium") || has_term(&n, "elemental");
    let connector = [
        "of which",
        "which provides",
        "providing",
        "provides",
        "supplying",
        "yielding",
        "equivalent to",
        "elemental",
    ]
    .iter()
    .any(|c| n == *c || n.starts_with(&format!("{c} ")));
    about && connector && row.form.is_none()
}

/// A row printed over two or three lines: a name with an unclosed bracket,
/// then the rest; a name, then `(as ...) 200 mg`; a name, then `200 mg 48%`.
fn merge(lines: &[Line], i: usize) -> Option<(Ingredient, usize)> {
    let mut joined = lines.get(i)?.clean.clone();
    for k in 1..=2 {
        let next = &lines.get(i + k)?.clean;
        if next.is_empty() || classify(next).is_some_and(|kind| is_structural(&kind)) {
            return None;
        }
        let amount_first = amounts(next).first().is_some_and(|f| f.start == 0);
        let justified = ends_open(&joined) || next.starts_with(['(', '[']) || amount_first;
        if !justified {
            return None;
        }
        joined.push(' ');
        joined.push_str(next);
        if let Some(row) = parse_row(&joined) {
            return Some((row, k + 1));
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
    fn cleans_lines() {
        assert_eq!(clean("  • Magnesium\t200 mg "), "Magnesium 200 mg");
        assert_eq!(clean("Magnesium ........ 200 mg"), "Magnesium 200 mg");
        assert_eq!(clean("\u{feff}Supplement Facts"), "Supplement Facts");
    }

    #[test]
    fn multi_line_rows() {
        let l = parse_text("Magnesium (as magnesium\nbisglycinate chelate) 200 mg 48%\nVitamin B6\n(as P-5-P) 5 mg\nMagnesium (as magnesium citrate)\n150 mg 36%");
        assert_eq!(l.ingredients.len(), 3, "{l:?}");
        assert!(l.unread_lines.is_empty(), "{:?}", l.unread_lines);
        assert_eq!(
            l.ingredients[0].form.as_deref(),
            Some("magnesium bisglycinate chelate")
        );
        assert_eq!(l.ingredients[1].line, Some(3));
    }

    #[test]
    fn lists_and_statements() {
        let l = parse_text(
            "Other ingredients: hypromellose (vegetable\ncapsule), rice flour,\nsilica.\nWarning: if pregnant or\nnursing, ask a doctor.\nZzz unknown",
        );
        assert_eq!(
            l.other_ingredients,
            vec!["hypromellose (vegetable capsule)", "rice flour", "silica"]
        );
        assert_eq!(l.statements.len(), 1);
        assert_eq!(l.unread_lines, vec!["Zzz unknown"]);
    }

    #[test]
    fn blend_members_on_following_lines() {
        let l = parse_text("Proprietary Blend 500 mg *\nMagnesium glycinate, magnesium malate,\nmagnesium taurate\nTitle Case Line");
        assert_eq!(l.ingredients[0].components.len(), 3);
        assert_eq!(l.unread_lines, vec!["Title Case Line"]);
    }

    #[test]
    fn title_dose_above_the_panel_is_the_name() {
        let l = parse_text("Magnesium Glycinate 400 mg\nSupplement Facts\nMagnesium (as magnesium glycinate) 200 mg");
        assert_eq!(l.name.as_deref(), Some("Magnesium Glycinate 400 mg"));
        assert_eq!(l.ingredients.len(), 1);
    }
}
