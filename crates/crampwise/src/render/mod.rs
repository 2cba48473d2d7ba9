//! Plans, label reports and food estimates for people: terminal text (with
//! or without ANSI colour) laid out for a given width, Markdown and HTML.
//!
//! ```
//! use crampwise::render::{self, TextOptions};
//! let engine = crampwise::Engine::shared()?;
//! let plan = engine.recommend_json(r#"{"age": 40}"#)?;
//! let text = render::plan_text(&plan, TextOptions { width: 60, ..TextOptions::default() });
//! assert!(text.lines().all(|l| l.chars().count() <= 60 || !l.contains(' ')));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod foods;
mod label;
pub mod table;

use anstyle::Style;
use crampwise_label::LabelReport;
use crampwise_rules::foods::FoodEstimate;
use crampwise_rules::Plan;

pub use crampwise_rules::render::{escape_html, Detail, HtmlOptions, DEFAULT_WIDTH, MIN_WIDTH};

/// Style of headings. Written only when colour is asked for.
pub const HEADER: Style = Style::new().bold();

/// How text views are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextOptions {
    /// The widest a line may be, in characters.
    pub width: usize,
    /// Whether to write ANSI colour and bold.
    pub color: bool,
    /// How much of a plan to show.
    pub detail: Detail,
}

impl Default for TextOptions {
    /// [`DEFAULT_WIDTH`] characters, no colour, the short view.
    fn default() -> TextOptions {
        TextOptions {
            width: DEFAULT_WIDTH,
            color: false,
            detail: Detail::Short,
        }
    }
}

/// The plan as terminal text: headed sections and short bullets.
pub fn plan_text(plan: &Plan, options: TextOptions) -> String {
    crampwise_rules::render::text(
        plan,
        crampwise_rules::render::Style {
            color: options.color,
            detail: options.detail,
            width: options.width,
        },
    )
}

/// The plan as GitHub-flavoured Markdown.
pub fn plan_markdown(plan: &Plan, detail: Detail) -> String {
    crampwise_rules::render::markdown_with(plan, detail)
}

/// The plan as an HTML fragment (for notebooks), in full.
pub fn plan_html(plan: &Plan) -> String {
    crampwise_rules::render::html(plan)
}

/// The plan as an HTML fragment, in full, with the heading level and the
/// evidence's sources as `options` say (the web pages use `<h2>` and link
/// every source). Urgent and emergency warning signs come first, in words.
///
/// ```
/// use crampwise::render::{self, HtmlOptions};
/// let engine = crampwise::Engine::shared()?;
/// let plan = engine.recommend_json(r#"{"age": 48, "symptoms": ["leg_swelling", "leg_redness_warmth"]}"#)?;
/// let options = HtmlOptions { heading_level: 2, content: Some(engine.content()) };
/// let html = render::plan_html_with(&plan, options);
/// assert!(html.contains("<div class=\"crampwise-alert\" role=\"alert\"><p><strong>Warning signs: get urgent care today."));
/// assert!(html.contains("<h2>In short</h2>") && html.contains("<a href=\"https://"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn plan_html_with(plan: &Plan, options: HtmlOptions<'_>) -> String {
    crampwise_rules::render::html_with(plan, options)
}

/// The label report as terminal text: the verdict first, then the
/// magnesium, the fit with the person's plan, the checklist, warnings and
/// the lines not understood. (`options.detail` does not apply.)
pub fn label_text(report: &LabelReport, options: TextOptions) -> String {
    styled(
        label::text_report(report, options.width.max(MIN_WIDTH)),
        options.color,
    )
}

/// The label report as an HTML fragment (`<div class="crampwise-label">`),
/// in the order of [`label_text`], its headings at `heading_level` (2 to 6).
/// Every status is in words as well as in a class to style.
pub fn label_html(report: &LabelReport, heading_level: u8) -> String {
    label::html_report(report, heading_level)
}

/// The food estimate as terminal text: the total against the recommended
/// intake, a table of the foods, the gap and what would close it.
pub fn foods_text(estimate: &FoodEstimate, options: TextOptions) -> String {
    styled(
        foods::text_report(estimate, options.width.max(MIN_WIDTH)),
        options.color,
    )
}

fn styled(text: String, color: bool) -> String {
    if color {
        text
    } else {
        strip_styles(&text)
    }
}

/// `text` without ANSI escape sequences.
pub fn strip_styles(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: ESC [ parameters final-byte (`@` to `~`).
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// A number for people: whole numbers without a trailing `.0` (`80`, not
/// `80.0`), others as Rust writes them (`9.14`).
pub fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        value.to_string()
    }
}

/// The number of characters `s` takes on screen (one per `char`; enough for
/// the content, which is Latin text and symbols).
pub fn display_len(s: &str) -> usize {
    s.chars().count()
}

/// Cuts `s` to at most `max` characters, ending with `…` when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if display_len(s) <= max {
        return s.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut cut: String = s.chars().take(max - 1).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

/// Splits `text` into lines of at most `max` characters at spaces (a longer
/// word gets a line of its own).
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && display_len(&line) + 1 + display_len(word) > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(number(80.0), "80");
        assert_eq!(number(9.14), "9.14");
        assert_eq!(number(0.29), "0.29");
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate("abcdef", 6), "abcdef");
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("ab cdef", 4), "ab…");
        assert_eq!(truncate("ab", 0), "");
    }

    #[test]
    fn wrapping_keeps_words_whole() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
        assert_eq!(wrap("", 5), vec![""]);
        assert_eq!(wrap("abcdefgh x", 4), vec!["abcdefgh", "x"]);
    }

    #[test]
    fn styles_are_stripped() {
        assert_eq!(strip_styles("\u{1b}[1;31mred\u{1b}[0m plain"), "red plain");
        assert_eq!(strip_styles("no escapes"), "no escapes");
    }
}
