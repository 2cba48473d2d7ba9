//! The label report for people: the verdict first, then the magnesium, the
//! fit with the person's plan, the checklist, warnings and unread lines.

use anstyle::{AnsiColor, Color, Style};
use crampwise_label::{CheckStatus, LabelReport, Verdict};

use super::{display_len, escape_html, number, wrap, HEADER};

const GOOD: Style = Style::new()
    .bold()
    .fg_color(Some(Color::Ansi(AnsiColor::Green)));
const MIXED: Style = Style::new()
    .bold()
    .fg_color(Some(Color::Ansi(AnsiColor::Yellow)));
const BAD: Style = Style::new()
    .bold()
    .fg_color(Some(Color::Ansi(AnsiColor::Red)));

/// How a verdict or a mark reads: the text view colours it, the HTML view
/// names it in a class. Both also write the word itself.
#[derive(Clone, Copy)]
enum Tone {
    Good,
    Mixed,
    Bad,
    Plain,
}

impl Tone {
    fn style(self) -> Style {
        match self {
            Tone::Good => GOOD,
            Tone::Mixed => MIXED,
            Tone::Bad => BAD,
            Tone::Plain => HEADER,
        }
    }

    fn class(self) -> &'static str {
        match self {
            Tone::Good => "good",
            Tone::Mixed => "mixed",
            Tone::Bad => "bad",
            Tone::Plain => "unknown",
        }
    }
}

fn verdict_tone(verdict: Verdict) -> Tone {
    match verdict {
        Verdict::Good => Tone::Good,
        Verdict::Acceptable | Verdict::NotTakenByMouth => Tone::Mixed,
        Verdict::Poor | Verdict::UnsafeForYou => Tone::Bad,
        Verdict::Unknown => Tone::Plain,
    }
}

/// A yes/no mark of the fit with the plan.
fn yes_no(ok: bool) -> (&'static str, Tone) {
    if ok {
        ("yes", Tone::Good)
    } else {
        ("no", Tone::Bad)
    }
}

/// The mark of a checklist item.
fn check_mark(status: CheckStatus) -> (&'static str, Tone) {
    match status {
        CheckStatus::Pass => ("pass", Tone::Good),
        CheckStatus::Fail => ("fail", Tone::Bad),
        CheckStatus::Unknown => ("unknown", Tone::Mixed),
    }
}

/// Appends `text` after a `prefix` (which may hold styles) of `prefix_len`
/// characters, wrapped to `width` with the continuation lines indented to match.
fn hanging(out: &mut String, prefix: &str, prefix_len: usize, text: &str, width: usize) {
    let room = width.saturating_sub(prefix_len).max(20);
    for (i, line) in wrap(text, room).into_iter().enumerate() {
        if i == 0 {
            out.push_str(prefix);
        } else {
            out.push_str(&" ".repeat(prefix_len));
        }
        out.push_str(&line);
        out.push('\n');
    }
}

/// The magnesium line: how much a serving gives, and how sure that is.
fn magnesium_line(report: &LabelReport) -> String {
    let serving = report
        .serving
        .as_ref()
        .map(|s| format!(" ({})", s.text))
        .unwrap_or_default();
    match report.elemental_mg_per_serving {
        None if report.forms.is_empty() => "none found on the label".to_owned(),
        None => {
            "not disclosed: the label does not say how much magnesium a serving gives".to_owned()
        }
        Some(value) => {
            let value = number((value * 10.0).round() / 10.0);
            let mut line = if report.elemental_is_estimate {
                format!("about {value} mg per serving{serving}")
            } else {
                format!("{value} mg per serving{serving}")
            };
            if report.elemental_is_estimate {
                line.push_str(", an estimate from the compound weight (see the warnings)");
            } else {
                line.push_str(", as the label gives it");
            }
            if report.elemental_is_lower_bound {
                line = format!("at least {line}; more is hidden or unreadable");
            }
            line
        }
    }
}

/// The report for people: the verdict first, then the magnesium, the fit
/// with the person's plan, the checklist, warnings and unread lines.
pub(crate) fn text_report(report: &LabelReport, width: usize) -> String {
    let mut out = String::new();
    let style = verdict_tone(report.verdict).style();
    out.push_str(&format!(
        "{HEADER}Verdict:{HEADER:#} {style}{}{style:#}\n",
        report.verdict.as_str()
    ));
    for reason in &report.verdict_reasons {
        hanging(&mut out, "  - ", 4, reason, width);
    }
    let product: Vec<&str> = [report.name.as_deref(), report.brand.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !product.is_empty() {
        out.push('\n');
        hanging(
            &mut out,
            &format!("{HEADER}Product:{HEADER:#} "),
            9,
            &product.join(", by "),
            width,
        );
    }
    out.push('\n');
    hanging(
        &mut out,
        &format!("{HEADER}Magnesium:{HEADER:#} "),
        11,
        &magnesium_line(report),
        width,
    );
    if !report.forms.is_empty() {
        let mut forms = report.forms.join(", ");
        if report.forms.len() > 1 {
            forms.push_str(" (main form first)");
        }
        hanging(
            &mut out,
            &format!("{HEADER}Forms:{HEADER:#} "),
            7,
            &forms,
            width,
        );
    }
    if let Some(fit) = &report.fit {
        let (word, tone) = yes_no(fit.fits);
        let style = tone.style();
        out.push('\n');
        out.push_str(&format!(
            "{HEADER}Fits your plan:{HEADER:#} {style}{word}{style:#}\n"
        ));
        for reason in &fit.reasons {
            let (mark, tone) = yes_no(reason.ok);
            let style = tone.style();
            let prefix = format!("  {style}{mark:<4}{style:#}");
            hanging(
                &mut out,
                &prefix,
                6,
                &format!("{}: {}", reason.id.replace('_', " "), reason.text),
                width,
            );
        }
    }
    out.push('\n');
    out.push_str(&format!("{HEADER}Checklist{HEADER:#}\n"));
    for check in &report.checks {
        let (mark, tone) = check_mark(check.status);
        let style = tone.style();
        let prefix = format!(
            "  {style}{mark}{style:#}{}",
            " ".repeat(9 - display_len(mark))
        );
        hanging(
            &mut out,
            &prefix,
            11,
            &format!("{}: {}", check.title, check.note),
            width,
        );
    }
    out.push('\n');
    if report.warnings.is_empty() {
        out.push_str(&format!("{HEADER}Warnings:{HEADER:#} none\n"));
    } else {
        out.push_str(&format!("{HEADER}Warnings{HEADER:#}\n"));
        for warning in &report.warnings {
            hanging(
                &mut out,
                &format!("  {BAD}!{BAD:#} "),
                4,
                &warning.text,
                width,
            );
        }
    }
    out.push('\n');
    if report.unread_lines.is_empty() {
        out.push_str(&format!("{HEADER}Unread lines:{HEADER:#} none\n"));
    } else {
        out.push_str(&format!(
            "{HEADER}Unread lines{HEADER:#} (not understood; check them yourself)\n"
        ));
        for line in &report.unread_lines {
            hanging(&mut out, "  | ", 4, line, width);
        }
    }
    out
}

/// The report as an HTML fragment, in the order of [`text_report`]; each
/// status is written in words, never by colour alone. Headings are at
/// `level` (2 to 6).
pub(crate) fn html_report(report: &LabelReport, level: u8) -> String {
    use std::fmt::Write as _;
    let h = level.clamp(2, 6);
    let e = escape_html;
    let mut out = String::from("<div class=\"crampwise-label\">");
    let _ = write!(
        out,
        "<p class=\"verdict verdict-{}\"><strong>Verdict:</strong> {}</p>",
        verdict_tone(report.verdict).class(),
        e(report.verdict.as_str())
    );
    list(
        &mut out,
        "reasons",
        report.verdict_reasons.iter().map(|r| e(r)),
    );
    out.push_str("<dl class=\"facts\">");
    let product: Vec<&str> = [report.name.as_deref(), report.brand.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !product.is_empty() {
        let _ = write!(
            out,
            "<dt>Product</dt><dd>{}</dd>",
            e(&product.join(", by "))
        );
    }
    let _ = write!(
        out,
        "<dt>Magnesium</dt><dd>{}</dd>",
        e(&magnesium_line(report))
    );
    if !report.forms.is_empty() {
        let mut forms = report.forms.join(", ");
        if report.forms.len() > 1 {
            forms.push_str(" (main form first)");
        }
        let _ = write!(out, "<dt>Forms</dt><dd>{}</dd>", e(&forms));
    }
    out.push_str("</dl>");
    if let Some(fit) = &report.fit {
        let _ = write!(
            out,
            "<h{h}>Fits your plan: {}</h{h}>",
            if fit.fits { "yes" } else { "no" }
        );
        list(
            &mut out,
            "marks",
            fit.reasons
                .iter()
                .map(|r| mark_html(yes_no(r.ok), &r.id.replace('_', " "), &r.text)),
        );
    }
    let _ = write!(out, "<h{h}>Checklist</h{h}>");
    list(
        &mut out,
        "marks",
        report
            .checks
            .iter()
            .map(|c| mark_html(check_mark(c.status), &c.title, &c.note)),
    );
    if report.warnings.is_empty() {
        let _ = write!(out, "<h{h}>Warnings</h{h}><p>None.</p>");
    } else {
        let _ = write!(out, "<h{h}>Warnings</h{h}>");
        list(
            &mut out,
            "warnings",
            report
                .warnings
                .iter()
                .map(|w| format!("<strong>Warning:</strong> {}", e(&w.text))),
        );
    }
    if report.unread_lines.is_empty() {
        let _ = write!(out, "<h{h}>Lines not understood</h{h}><p>None.</p>");
    } else {
        let _ = write!(
            out,
            "<h{h}>Lines not understood</h{h}><p>Check these yourself: the checker could not read them.</p>"
        );
        list(
            &mut out,
            "unread",
            report
                .unread_lines
                .iter()
                .map(|l| format!("<code>{}</code>", e(l))),
        );
    }
    out.push_str("</div>");
    out
}

/// A marked line: the mark's word in a box, then what it is about.
fn mark_html((word, tone): (&str, Tone), title: &str, text: &str) -> String {
    format!(
        "<span class=\"mark mark-{}\">{word}</span> <strong>{}:</strong> {}",
        tone.class(),
        escape_html(title),
        escape_html(text)
    )
}

/// A `<ul>` of items already in HTML; nothing when there are none.
fn list(out: &mut String, class: &str, items: impl Iterator<Item = String>) {
    let mut items = items.peekable();
    if items.peek().is_none() {
        return;
    }
    out.push_str("<ul class=\"");
    out.push_str(class);
    out.push_str("\">");
    for item in items {
        out.push_str("<li>");
        out.push_str(&item);
        out.push_str("</li>");
    }
    out.push_str("</ul>");
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::render::display_len;

    fn report(text: &str) -> LabelReport {
        let content = crampwise_content::Content::embedded().unwrap();
        crampwise_label::check_text(text, &content, None).unwrap()
    }

    fn plain(text: &str) -> String {
        super::super::strip_styles(text)
    }

    #[test]
    fn the_verdict_comes_first_and_estimates_say_so() {
        let r = report("Supplement Facts\nMagnesium Citrate 1,000 mg\nBest for sleep!");
        let text = plain(&text_report(&r, 100));
        assert!(text.starts_with("Verdict: "), "{text}");
        assert!(
            text.contains("Magnesium: about 162 mg per serving, an estimate"),
            "{text}"
        );
        assert!(text.contains("Unread lines (not understood"), "{text}");
        assert!(text.contains("  | Best for sleep!\n"), "{text}");
    }

    #[test]
    fn a_lower_bound_says_so_last() {
        let r = report(
            "Magnesium (as magnesium glycinate) 100 mg\n\
             Proprietary Blend 300 mg: magnesium taurate, L-theanine",
        );
        assert_eq!(
            magnesium_line(&r),
            "at least 100 mg per serving, as the label gives it; more is hidden or unreadable"
        );
    }

    #[test]
    fn the_html_report_says_each_status_in_words_and_escapes_the_label() {
        let r = report(
            "Supplement Facts\nMagnesium Citrate 1,000 mg\nBest for <script>sleep</script> & \"calm\" 5 < 6!\nOther ingredients: sucralose.",
        );
        let html = html_report(&r, 3);
        assert!(
            html.starts_with("<div class=\"crampwise-label\"><p class=\"verdict verdict-"),
            "{html}"
        );
        assert!(html.contains("<strong>Verdict:</strong> "), "{html}");
        assert!(
            html.contains("<dt>Magnesium</dt><dd>about 162 mg per serving"),
            "{html}"
        );
        assert!(
            html.contains("<h3>Checklist</h3><ul class=\"marks\"><li><span class=\"mark mark-"),
            "{html}"
        );
        for check in &r.checks {
            assert!(html.contains(&escape_html(&check.title)), "{}", check.title);
        }
        assert!(!html.contains("<script>"), "{html}");
        assert!(
            html.contains("&amp; &quot;calm&quot; 5 &lt; 6!</code>"),
            "{html}"
        );
        assert_eq!(html.matches("<h3>").count(), html.matches("</h3>").count());
        assert_eq!(html.matches("<ul").count(), html.matches("</ul>").count());
    }

    #[test]
    fn lines_fit_the_width() {
        let r = report("Magnesium Citrate 1,000 mg\nOther ingredients: sucralose.");
        let text = plain(&text_report(&r, 60));
        for line in text.lines() {
            assert!(display_len(line) <= 60 || !line.contains(' '), "{line}");
        }
    }
}
