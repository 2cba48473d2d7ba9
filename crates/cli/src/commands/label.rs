//! `crampwise label check LABEL|- [--profile PROFILE.json]`: a supplement
//! label's forms, real magnesium dose, checklist, warnings and verdict.
//!
//! The label is judged by `crampwise-label`; this module reads the inputs,
//! evaluates the profile (when given) with the engine, and prints the report.
//! `--format json` prints exactly `LabelReport::to_json()`, what Python's
//! `check_label_json` returns too.

use std::io::BufRead;
use std::process::ExitCode;

use clap::builder::styling::{AnsiColor, Color, Style};
use crampwise_content::Content;
use crampwise_label::{CheckStatus, LabelError, LabelReport, Person, Verdict};
use crampwise_rules::{Plan, Profile};

use crate::app::Ctx;
use crate::cli::{Format, LabelCheckArgs, LabelCommand};
use crate::commands::recommend::{profile_input, PROFILE_HELP};
use crate::error::CliError;
use crate::input::Input;
use crate::output::{display_len, wrap, HEADER};

/// The largest label read, in bytes (the checker's own limit).
const MAX_BYTES: usize = crampwise_label::MAX_LABEL_BYTES;

const GOOD: Style = Style::new()
    .bold()
    .fg_color(Some(Color::Ansi(AnsiColor::Green)));
const MIXED: Style = Style::new()
    .bold()
    .fg_color(Some(Color::Ansi(AnsiColor::Yellow)));
const BAD: Style = Style::new()
    .bold()
    .fg_color(Some(Color::Ansi(AnsiColor::Red)));

/// Runs a `label` subcommand.
pub fn run(ctx: &mut Ctx<'_>, command: LabelCommand) -> Result<ExitCode, CliError> {
    match command {
        LabelCommand::Check(args) => check(ctx, &args),
    }
}

/// How the label's text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Supplement Facts text (`.txt`).
    Text,
    /// Our JSON shape or a DSLD record (`.json`).
    Json,
    /// JSON when it starts with `{`, else text (standard input, other names).
    Any,
}

fn check(ctx: &mut Ctx<'_>, args: &LabelCheckArgs) -> Result<ExitCode, CliError> {
    if args.jsonl && matches!(args.format, Some(f) if f != Format::Json) {
        return Err(CliError::input(
            "label check: `--jsonl` writes one report JSON a line; it cannot be combined with \
             `--format text`",
        ));
    }
    let input = Input::new(&args.label, "label check", "label", MAX_BYTES);
    let profile_input = args
        .profile
        .as_deref()
        .map(|p| profile_input(p, "label check"));
    if input.is_stdin() && profile_input.as_ref().is_some_and(Input::is_stdin) {
        return Err(CliError::input(
            "label check: the label and `--profile` cannot both be read from standard input (`-`)",
        ));
    }
    let kind = match input.extension().as_deref() {
        Some("txt") => Kind::Text,
        Some("json") => Kind::Json,
        _ => Kind::Any,
    };
    // Open the label before anything else, so a typo in its name is reported first.
    let reader = if args.jsonl {
        input.open_stream()?
    } else {
        input.open()?
    };
    let profile = match &profile_input {
        Some(p) => {
            let text = p.read()?;
            Some(Profile::from_json(&text).map_err(|errors| p.invalid(&errors, PROFILE_HELP))?)
        }
        None => None,
    };
    // With a profile the engine evaluates it (with `--rules-dir` when given);
    // without one only the content is needed.
    let engine = match &profile {
        Some(_) => Some(ctx.engine(args.rules_dir.as_deref())?),
        None => None,
    };
    let loaded;
    let content: &Content = match &engine {
        Some(engine) => engine.content(),
        None => {
            loaded = ctx.content()?;
            &loaded
        }
    };
    let plan: Option<Plan> = engine
        .as_ref()
        .zip(profile.as_ref())
        .map(|(e, p)| e.evaluate(p));
    let person: Option<Person<'_>> = profile.as_ref().zip(plan.as_ref());
    if args.jsonl {
        return jsonl(ctx, content, person, &input, reader);
    }
    let text = input.read_all(reader)?;
    let result = match kind {
        Kind::Text => crampwise_label::check_text(&text, content, person),
        Kind::Json => crampwise_label::check_json(&text, content, person),
        Kind::Any => crampwise_label::check_any(&text, content, person),
    };
    let report = result.map_err(|e| {
        CliError::input(format!(
            "label check: the label {} is not valid: {e}",
            input.place()
        ))
    })?;
    match args.format.unwrap_or(Format::Text) {
        Format::Json if args.pretty => {
            serde_json::to_writer_pretty(&mut *ctx.out, &report)?;
            writeln!(ctx.out)?;
        }
        Format::Json => writeln!(ctx.out, "{}", report.to_json())?,
        // Colour is always written; the output stream strips it unless stdout is a terminal.
        Format::Text => write!(ctx.out, "{}", text_report(&report, ctx.width))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The report for one `--jsonl` line of `length` bytes (of which `buf` holds
/// at most `MAX_BYTES + 1`).
fn check_line(
    content: &Content,
    person: Option<Person<'_>>,
    buf: &[u8],
    length: usize,
) -> Result<LabelReport, LabelError> {
    let whole = |message: String| LabelError::Field {
        path: String::new(),
        message,
    };
    if length > MAX_BYTES {
        return Err(LabelError::TooLarge {
            bytes: length,
            max: MAX_BYTES,
        });
    }
    let text = std::str::from_utf8(buf).map_err(|e| {
        whole(format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.valid_up_to()
        ))
    })?;
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Err(whole(
            "empty line; expected a label, one JSON object or JSON string a line".to_owned(),
        ));
    }
    if trimmed.starts_with('"') {
        let label: String = serde_json::from_str(text).map_err(|e| LabelError::Json {
            line: e.line(),
            column: e.column(),
            message: crampwise_rules::strict_json::strip_position(&e.to_string()).to_owned(),
        })?;
        crampwise_label::check_text(&label, content, person)
    } else {
        crampwise_label::check_json(text, content, person)
    }
}

/// `--jsonl`: one label a line in, one report (or error object) a line out.
fn jsonl(
    ctx: &mut Ctx<'_>,
    content: &Content,
    person: Option<Person<'_>>,
    input: &Input<'_>,
    reader: Box<dyn BufRead>,
) -> Result<ExitCode, CliError> {
    let each = |buf: &[u8], length| match check_line(content, person, buf, length) {
        Ok(report) => Ok(report.to_json()),
        Err(error) => {
            let (path, message) = error.parts();
            let shown = error.to_string();
            Err(vec![crate::jsonl::Problem {
                path,
                message,
                shown,
                input: None,
            }])
        }
    };
    crate::jsonl::run(
        ctx,
        input,
        reader,
        MAX_BYTES,
        "label check",
        "valid labels",
        each,
    )
}

/// The style of a verdict.
fn verdict_style(verdict: Verdict) -> Style {
    match verdict {
        Verdict::Good => GOOD,
        Verdict::Acceptable | Verdict::NotTakenByMouth => MIXED,
        Verdict::Poor | Verdict::UnsafeForYou => BAD,
        Verdict::Unknown => HEADER,
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

fn mg(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        format!("{value}")
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
            let value = mg((value * 10.0).round() / 10.0);
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
pub fn text_report(report: &LabelReport, width: usize) -> String {
    let mut out = String::new();
    let style = verdict_style(report.verdict);
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
        let (word, style) = if fit.fits { ("yes", GOOD) } else { ("no", BAD) };
        out.push('\n');
        out.push_str(&format!(
            "{HEADER}Fits your plan:{HEADER:#} {style}{word}{style:#}\n"
        ));
        for reason in &fit.reasons {
            let (mark, style) = if reason.ok {
                ("yes", GOOD)
            } else {
                ("no", BAD)
            };
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
        let (mark, style) = match check.status {
            CheckStatus::Pass => ("pass", GOOD),
            CheckStatus::Fail => ("fail", BAD),
            CheckStatus::Unknown => ("unknown", MIXED),
        };
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

#[cfg(test)]
mod tests {
    use super::*;

    fn report(text: &str) -> LabelReport {
        let content = Content::embedded().unwrap();
        crampwise_label::check_text(text, &content, None).unwrap()
    }

    fn plain(text: &str) -> String {
        anstream::adapter::strip_str(text).to_string()
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
    fn lines_fit_the_width() {
        let r = report("Magnesium Citrate 1,000 mg\nOther ingredients: sucralose.");
        let text = plain(&text_report(&r, 60));
        for line in text.lines() {
            assert!(display_len(line) <= 60 || !line.contains(' '), "{line}");
        }
    }
}
