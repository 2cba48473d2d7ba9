//! `crampwise label check LABEL|- [--profile PROFILE.json]`: a supplement
//! label's forms, real magnesium dose, checklist, warnings and verdict.
//!
//! The label is judged by `crampwise-label`; this module reads the inputs,
//! evaluates the profile (when given) with the engine, and prints the report.
//! `--format json` prints exactly `LabelReport::to_json()`, what Python's
//! `check_label_json` returns too.

use std::io::BufRead;
use std::process::ExitCode;

use crampwise::render::TextOptions;
use crampwise::{LabelChecker, LabelInput, LabelReport, ProfileInput};

use crate::cli::{Format, LabelCheckArgs, LabelCommand};
use crate::ctx::Ctx;
use crate::error::CliError;
use crate::input::{profile_input, Input, PROFILE_HELP};

/// The largest label read, in bytes (the checker's own limit).
const MAX_BYTES: usize = crampwise_label::MAX_LABEL_BYTES;

/// Runs a `label` subcommand.
pub(crate) fn run(ctx: &mut Ctx<'_>, command: LabelCommand) -> Result<ExitCode, CliError> {
    match command {
        LabelCommand::Check(args) => check(ctx, &args),
    }
}

/// How the label's text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReadAs {
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
        Some("txt") => ReadAs::Text,
        Some("json") => ReadAs::Json,
        _ => ReadAs::Any,
    };
    // Open the label before anything else, so a typo in its name is reported first.
    let reader = if args.jsonl {
        input.open_stream()?
    } else {
        input.open()?
    };
    let profile_text = profile_input.as_ref().map(Input::read).transpose()?;
    // With a profile the engine evaluates it (with `--rules-dir` when given).
    let engine = ctx.engine(args.rules_dir.as_deref())?;
    let profile = match (&profile_input, &profile_text) {
        (Some(p), Some(text)) => Some(
            engine
                .profile(ProfileInput::Json(text))
                .map_err(|errors| p.invalid(&errors, PROFILE_HELP))?,
        ),
        _ => None,
    };
    if args.jsonl {
        return jsonl(ctx, &engine.label_checker(profile.as_ref()), &input, reader);
    }
    let text = input.read_all(reader)?;
    let label = match kind {
        ReadAs::Text => LabelInput::Text(&text),
        ReadAs::Json => LabelInput::Json(&text),
        ReadAs::Any => LabelInput::Any(&text),
    };
    let report = engine.check_label(label, profile.as_ref()).map_err(|e| {
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
        Format::Text => write!(ctx.out, "{}", label_text(&report, ctx.width))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `--jsonl`: one label a line in, one report (or error object) a line out.
fn jsonl(
    ctx: &mut Ctx<'_>,
    checker: &LabelChecker<'_>,
    input: &Input<'_>,
    reader: Box<dyn BufRead>,
) -> Result<ExitCode, CliError> {
    let each = |line: &[u8], length| match checker.check(LabelInput::JsonLine { line, length }) {
        Ok(report) => Ok(report.to_json()),
        Err(errors) => Err(crate::jsonl::Problems::new(errors, false)),
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

/// The report as text for a terminal of `width` characters (colour written;
/// the output stream strips it unless stdout is a terminal).
pub(crate) fn label_text(report: &LabelReport, width: usize) -> String {
    crampwise::render::label_text(
        report,
        TextOptions {
            width,
            color: true,
            ..TextOptions::default()
        },
    )
}
