//! `--jsonl` for the commands that read one document a line (`recommend`,
//! `label check`): one JSON line out for each line in, an error object for a
//! bad line, and at the end one message listing the bad lines (exit code 2).

use std::io::BufRead;
use std::process::ExitCode;

use serde::Serialize;

use crate::ctx::Ctx;
use crate::error::{io_reason, CliError};
use crate::input::{next_line, Input};
use crampwise::indent;

/// Bad lines listed in the closing message, at most.
const MAX_LISTED: usize = 20;

/// One problem with a line, as the error object shows it and as the closing
/// message lists it.
pub(crate) struct Problem {
    /// JSON path in the line's document (`""` for the whole line).
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// How the closing message lists it (usually `path: message`).
    pub shown: String,
    /// The offending value, for documents whose errors carry one (profiles:
    /// `null` when there is none); `None` leaves the key out.
    pub input: Option<serde_json::Value>,
}

impl Problem {
    /// Every diagnostic of a bad line; with `input`, each carries its
    /// offending value (`null` when there is none), as profile errors do.
    pub(crate) fn all(errors: &crampwise::Diagnostics, input: bool) -> Vec<Problem> {
        errors
            .iter()
            .map(|d| Problem {
                path: d.path_text(),
                message: d.message.clone(),
                shown: d.to_string(),
                input: input.then(|| d.input.clone().unwrap_or_default()),
            })
            .collect()
    }
}

#[derive(Serialize)]
struct ErrorLine<'a> {
    error: LineErrors<'a>,
}

#[derive(Serialize)]
struct LineErrors<'a> {
    line: usize,
    errors: Vec<PathMessage<'a>>,
}

#[derive(Serialize)]
struct PathMessage<'a> {
    path: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    input: Option<&'a serde_json::Value>,
}

/// Reads `reader` a line at a time (at most `max_bytes` kept of a line) and
/// writes what `each` makes of it: its JSON, or an error object
/// `{"error": {"line": N, "errors": [{"path", "message"}]}}`. Lines already
/// written stay written; bad lines end in an error naming `command` and
/// saying they are not `what` (`valid profiles`).
pub(crate) fn run(
    ctx: &mut Ctx<'_>,
    input: &Input<'_>,
    mut reader: Box<dyn BufRead>,
    max_bytes: usize,
    command: &str,
    what: &str,
    mut each: impl FnMut(&[u8], usize) -> Result<String, Vec<Problem>>,
) -> Result<ExitCode, CliError> {
    let mut buf = Vec::new();
    let mut number = 0;
    let mut listed: Vec<String> = Vec::new();
    let mut bad_lines = 0;
    while let Some(length) =
        next_line(&mut reader, &mut buf, max_bytes).map_err(|e| input.unreadable(&io_reason(&e)))?
    {
        number += 1;
        match each(&buf, length) {
            Ok(json) => writeln!(ctx.out, "{json}")?,
            Err(problems) => {
                bad_lines += 1;
                let line = ErrorLine {
                    error: LineErrors {
                        line: number,
                        errors: problems
                            .iter()
                            .map(|p| PathMessage {
                                path: &p.path,
                                message: &p.message,
                                input: p.input.as_ref(),
                            })
                            .collect(),
                    },
                };
                serde_json::to_writer(&mut *ctx.out, &line)?;
                writeln!(ctx.out)?;
                let room = (MAX_LISTED + 1).saturating_sub(listed.len());
                listed.extend(
                    problems
                        .iter()
                        .take(room)
                        .map(|p| format!("line {number}: {}", p.shown)),
                );
            }
        }
    }
    if bad_lines == 0 {
        return Ok(ExitCode::SUCCESS);
    }
    if listed.len() > MAX_LISTED {
        listed.truncate(MAX_LISTED);
        listed.push("...".to_owned());
    }
    Err(CliError::input(format!(
        "{command}: {bad_lines} of {number} lines {} are not {what}:\n{}",
        input.place(),
        indent(&listed.join("\n"))
    )))
}
