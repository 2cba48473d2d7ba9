//! `--jsonl` for the commands that read one document a line (`recommend`,
//! `label check`): one JSON line out for each line in, an error object for a
//! bad line, and at the end one message listing the bad lines (exit code 2).

use std::io::BufRead;
use std::process::ExitCode;

use crate::ctx::Ctx;
use crate::error::{io_reason, CliError};
use crate::input::{next_line, Input};
use crampwise::indent;
use crampwise::jsonl::error_line;

/// Bad lines listed in the closing message, at most.
const MAX_LISTED: usize = 20;

/// Every problem with a bad line, as its error object shows them and as the
/// closing message lists them.
pub(crate) struct Problems {
    /// The line's diagnostics.
    pub errors: crampwise::Diagnostics,
    /// Whether each problem shows its offending value (`null` when there is
    /// none), as profile errors do.
    pub input: bool,
}

impl Problems {
    /// The diagnostics of a bad line; with `input`, each shows its value.
    pub(crate) fn new(errors: crampwise::Diagnostics, input: bool) -> Problems {
        Problems { errors, input }
    }
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
    mut each: impl FnMut(&[u8], usize) -> Result<String, Problems>,
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
                writeln!(
                    ctx.out,
                    "{}",
                    error_line(number, &problems.errors, problems.input)
                )?;
                let room = (MAX_LISTED + 1).saturating_sub(listed.len());
                listed.extend(
                    problems
                        .errors
                        .iter()
                        .take(room)
                        .map(|d| format!("line {number}: {d}")),
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
