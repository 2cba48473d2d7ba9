//! `crampwise recommend PROFILE.json|-`: from an intake profile to a plan.
//!
//! The plan is decided by `crampwise-rules`; this module only reads the
//! input, reports profile errors and prints the plan in the asked format.
//! `--format json` prints exactly `Plan::to_json()`, the contract's
//! byte-for-byte form that Python's `recommend_json` returns too.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::process::ExitCode;

use crampwise_rules::{render, Engine, Plan, Profile, ProfileError, ProfileErrors};
use serde::Serialize;

use crate::app::{indent, Ctx};
use crate::cli::{PlanFormat, RecommendArgs};
use crate::error::{io_reason, CliError};

/// The largest profile read, in bytes (the engine's own limit).
const MAX_BYTES: usize = crampwise_rules::MAX_PROFILE_BYTES;

/// At most this many bad lines of a `--jsonl` input are listed on stderr.
const MAX_LISTED: usize = 20;

/// Runs `crampwise recommend`.
pub fn run(ctx: &mut Ctx<'_>, args: RecommendArgs) -> Result<ExitCode, CliError> {
    if args.jsonl && matches!(args.format, Some(f) if f != PlanFormat::Json) {
        return Err(CliError::input(
            "recommend: `--jsonl` writes one plan JSON a line; it cannot be combined with \
             `--format text` or `--format markdown`",
        ));
    }
    let input = Input::new(&args.profile);
    // Open the input before loading the engine, so a typo in the name is reported first.
    let reader = input.open()?;
    let engine = ctx.engine(args.rules.rules_dir.as_deref())?;
    if args.jsonl {
        return jsonl(ctx, &engine, &input, reader);
    }
    let text = input.read_all(reader)?;
    let profile = Profile::from_json(&text).map_err(|errors| invalid(&input, &errors))?;
    let plan = engine.evaluate(&profile);
    match args.format.unwrap_or(PlanFormat::Text) {
        PlanFormat::Json if args.pretty => {
            serde_json::to_writer_pretty(&mut *ctx.out, &plan)?;
            writeln!(ctx.out)?;
        }
        PlanFormat::Json => writeln!(ctx.out, "{}", plan.to_json())?,
        // Colour is always written; the output stream strips it unless stdout is a terminal.
        PlanFormat::Text => write!(
            ctx.out,
            "{}",
            render::text(&plan, render::Style { color: true })
        )?,
        PlanFormat::Markdown => write!(ctx.out, "{}", render::markdown(&plan))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Where the profile comes from: a file, or standard input for `-`.
struct Input<'a> {
    path: Option<&'a Path>,
}

impl<'a> Input<'a> {
    fn new(path: &'a Path) -> Self {
        Input {
            path: (path != Path::new("-")).then_some(path),
        }
    }

    /// How messages name the input.
    fn name(&self) -> String {
        match self.path {
            Some(path) => format!("`{}`", path.display()),
            None => "standard input".to_owned(),
        }
    }

    /// Where the profile is: "in `FILE`" or "on standard input".
    fn place(&self) -> String {
        match self.path {
            Some(_) => format!("in {}", self.name()),
            None => "on standard input".to_owned(),
        }
    }

    fn open(&self) -> Result<Box<dyn BufRead>, CliError> {
        let Some(path) = self.path else {
            return Ok(Box::new(BufReader::new(io::stdin())));
        };
        if path.is_dir() {
            return Err(self.unreadable("it is a directory"));
        }
        let file = File::open(path).map_err(|e| self.unreadable(&io_reason(&e)))?;
        Ok(Box::new(BufReader::new(file)))
    }

    fn unreadable(&self, reason: &str) -> CliError {
        CliError::input(format!("recommend: cannot read {}: {reason}", self.name()))
    }

    /// The whole input as text, refusing more than the engine accepts.
    fn read_all(&self, reader: Box<dyn BufRead>) -> Result<String, CliError> {
        let mut bytes = Vec::new();
        reader
            .take(MAX_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| self.unreadable(&io_reason(&e)))?;
        if bytes.len() > MAX_BYTES {
            return Err(CliError::input(format!(
                "recommend: {} is larger than {MAX_BYTES} bytes, the most a profile may be",
                self.name()
            )));
        }
        String::from_utf8(bytes).map_err(|e| {
            CliError::input(format!(
                "recommend: {} is not UTF-8 text (invalid byte at offset {})",
                self.name(),
                e.utf8_error().valid_up_to()
            ))
        })
    }
}

/// The message for a profile that does not validate: every error, one a line.
fn invalid(input: &Input<'_>, errors: &ProfileErrors) -> CliError {
    CliError::input_with_help(
        format!(
            "recommend: the profile {} is not valid:\n{}",
            input.place(),
            indent(&errors.to_string())
        ),
        "`crampwise schema profile` describes every field and its allowed values",
    )
}

/// One output line for a bad `--jsonl` input line.
#[derive(Serialize)]
struct ErrorLine<'a> {
    error: LineErrors<'a>,
}

#[derive(Serialize)]
struct LineErrors<'a> {
    line: usize,
    errors: &'a [ProfileError],
}

/// `--jsonl`: one profile a line in, one plan (or error object) a line out.
fn jsonl(
    ctx: &mut Ctx<'_>,
    engine: &Engine,
    input: &Input<'_>,
    mut reader: Box<dyn BufRead>,
) -> Result<ExitCode, CliError> {
    let mut buf = Vec::new();
    let mut number = 0;
    let mut bad: Vec<String> = Vec::new();
    let mut bad_lines = 0;
    while let Some(length) =
        next_line(&mut reader, &mut buf).map_err(|e| input.unreadable(&io_reason(&e)))?
    {
        number += 1;
        match evaluate_line(engine, &buf, length) {
            Ok(plan) => writeln!(ctx.out, "{}", plan.to_json())?,
            Err(errors) => {
                bad_lines += 1;
                let line = ErrorLine {
                    error: LineErrors {
                        line: number,
                        errors: &errors.0,
                    },
                };
                serde_json::to_writer(&mut *ctx.out, &line)?;
                writeln!(ctx.out)?;
                bad.extend(
                    errors
                        .0
                        .iter()
                        .take((MAX_LISTED + 1).saturating_sub(bad.len()))
                        .map(|e| format!("line {number}: {e}")),
                );
            }
        }
    }
    if bad_lines == 0 {
        return Ok(ExitCode::SUCCESS);
    }
    // The plans already written stay written; the error goes to stderr, exit code 2.
    let mut listed = bad;
    if listed.len() > MAX_LISTED {
        listed.truncate(MAX_LISTED);
        listed.push("...".to_owned());
    }
    Err(CliError::input(format!(
        "recommend: {bad_lines} of {number} lines {} are not valid profiles:\n{}",
        input.place(),
        indent(&listed.join("\n"))
    )))
}

/// The plan for one `--jsonl` line of `length` bytes (of which `buf` holds at
/// most `MAX_BYTES + 1`), or why it is not a valid profile.
fn evaluate_line(engine: &Engine, buf: &[u8], length: usize) -> Result<Plan, ProfileErrors> {
    let whole = |message: String| {
        ProfileErrors(vec![ProfileError {
            path: String::new(),
            message,
            input: None,
        }])
    };
    if length > MAX_BYTES {
        return Err(whole(format!(
            "profile is {length} bytes; at most {MAX_BYTES} are accepted"
        )));
    }
    let text = std::str::from_utf8(buf).map_err(|e| {
        whole(format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.valid_up_to()
        ))
    })?;
    if text.trim().is_empty() {
        return Err(whole(
            "empty line; expected a profile, one JSON object a line".to_owned(),
        ));
    }
    Profile::from_json(text).map(|profile| engine.evaluate(&profile))
}

/// Reads the next line into `buf` without its line ending (`\n` or `\r\n`),
/// keeping at most `MAX_BYTES + 1` bytes of it; returns its full length, or
/// `None` at the end of the input.
fn next_line(reader: &mut dyn BufRead, buf: &mut Vec<u8>) -> io::Result<Option<usize>> {
    buf.clear();
    let mut length = 0;
    let mut started = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        started = true;
        let newline = available.iter().position(|&b| b == b'\n');
        let chunk = &available[..newline.unwrap_or(available.len())];
        let room = (MAX_BYTES + 1).saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..room.min(chunk.len())]);
        length += chunk.len();
        let used = chunk.len() + usize::from(newline.is_some());
        reader.consume(used);
        if newline.is_some() {
            break;
        }
    }
    if !started {
        return Ok(None);
    }
    if buf.last() == Some(&b'\r') && length <= MAX_BYTES {
        buf.pop();
        length -= 1;
    }
    Ok(Some(length))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<(usize, String)> {
        let mut reader: Box<dyn BufRead> = Box::new(BufReader::with_capacity(4, text.as_bytes()));
        let mut buf = Vec::new();
        let mut out = Vec::new();
        while let Some(n) = next_line(&mut reader, &mut buf).unwrap() {
            out.push((n, String::from_utf8(buf.clone()).unwrap()));
        }
        out
    }

    #[test]
    fn lines_split_at_newlines_across_buffer_refills() {
        assert_eq!(
            lines("{\"a\": 1}\r\n\nxyz"),
            vec![
                (8, "{\"a\": 1}".into()),
                (0, String::new()),
                (3, "xyz".into())
            ]
        );
        assert_eq!(lines("one\n"), vec![(3, "one".into())]);
        assert!(lines("").is_empty());
    }
}
