//! `crampwise batch IN -o OUT`: many profiles at once. JSON Lines, CSV or
//! Parquet in; one result row per input row out, in the same order.
//!
//! The input is read a chunk at a time (at most [`CHUNK_ROWS`] rows), each
//! chunk is evaluated in parallel and written before the next one is read, so
//! memory stays bounded whatever the size of the input:
//!
//! - JSON Lines: each line goes through the parser of `recommend --jsonl`
//!   (same messages), then `Engine::summarize`;
//! - CSV: each row becomes the profile JSON its cells describe (see
//!   [`csv_in`]), checked by the same profile parser;
//! - Parquet: each record batch goes straight to
//!   `crampwise_batch::evaluate_batch`.
//!
//! Every chunk becomes the same output table, `row` followed by
//! `crampwise_batch::output_schema`, which [`write`](mod@write) writes as JSON Lines, CSV
//! or Parquet.

mod csv_in;
mod evaluate;
mod read;
mod summary;
mod write;

use std::fs::File;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Instant;

use crampwise_batch::Options;
use crampwise_rules::InputErrors;

use crate::cli::{BatchArgs, TableFormat};
use crate::ctx::Ctx;
use crate::error::{io_reason, CliError};
use crate::input::Input;
use crate::input::PROFILE_HELP;
use crampwise::indent;

use self::evaluate::Evaluated;
use self::read::Reader;
use self::summary::{Progress, Tally};
use self::write::Sink;

/// The most rows evaluated (and held) at once.
pub(crate) const CHUNK_ROWS: usize = 8192;

/// Evaluated chunks waiting to be written, at most.
const QUEUED: usize = 2;

/// The most bytes of JSON Lines or CSV text held at once (a chunk ends early
/// when its lines are long).
const CHUNK_BYTES: usize = 16 << 20;

/// `n` as a `u64`. (Rust has no target whose `usize` is wider than 64 bits,
/// so the saturation is never reached.)
fn to_u64(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// Runs `crampwise batch`.
pub(crate) fn run(ctx: &mut Ctx<'_>, args: BatchArgs) -> Result<ExitCode, CliError> {
    let start = Instant::now();
    let input = Input::new(
        &args.input,
        "batch",
        "profile",
        crampwise_rules::MAX_PROFILE_BYTES,
    );
    let to_stdout = args.output == Path::new("-");
    if !to_stdout && !input.is_stdin() && same_file(&args.input, &args.output) {
        return Err(CliError::input(format!(
            "batch: the output `{}` is the input; write the results to another file",
            args.output.display()
        )));
    }
    let input_format = match args.input_format {
        Some(format) => format,
        None if input.is_stdin() => TableFormat::Jsonl,
        None => format_of(&args.input, "--input-format")?,
    };
    let output_format = match args.output_format {
        Some(format) => format,
        None if to_stdout => input_format,
        None => format_of(&args.output, "--output-format")?,
    };
    if to_stdout && output_format == TableFormat::Parquet && std::io::stdout().is_terminal() {
        return Err(CliError::input_with_help(
            "batch: Parquet output is binary and standard output is a terminal",
            "give `-o FILE.parquet`, or pipe the output into a file or a program",
        ));
    }
    // Open the input before loading the engine, so a typo in a name is reported first.
    let mut reader = Reader::open(&input, &args.input, input_format)?;
    let engine = ctx.engine(args.rules.rules_dir.as_deref())?;
    let engine = engine.rules_engine();
    reader.check_columns(engine)?;
    let options = Options {
        full: args.full,
        collect_errors: !args.fail_fast,
    };
    let out: Box<dyn Write + Send> = if to_stdout {
        Box::new(stdout_file()?)
    } else {
        let file = File::create(&args.output).map_err(|e| {
            CliError::input(format!(
                "batch: cannot write `{}`: {}",
                args.output.display(),
                io_reason(&e)
            ))
        })?;
        Box::new(file)
    };
    let output_name = if to_stdout {
        "standard output".to_owned()
    } else {
        format!("`{}`", args.output.display())
    };
    let sink = Sink::new(output_format, out, &options).map_err(|e| write_error(&output_name, e))?;
    let show = !args.quiet && std::io::stderr().is_terminal();
    let progress = Progress::new(show, reader.total());
    // Chunks are written (and counted) on a thread of their own while the
    // next one is read and evaluated; at most `QUEUED` wait in between.
    let (sender, receiver) = mpsc::sync_channel::<Evaluated>(QUEUED);
    let (read, written) = std::thread::scope(|scope| {
        let output_name = &output_name;
        let writer = scope
            .spawn(move || write_all(sink, &receiver).map_err(|e| write_error(output_name, e)));
        let mut read = || -> Result<Option<(String, InputErrors)>, CliError> {
            let mut rows = 0;
            while let Some(chunk) = reader.next_chunk()? {
                let mut evaluated = evaluate::chunk(engine, chunk, &options, &input)?;
                let failed = evaluated.failed.take();
                rows += to_u64(evaluated.rows.len());
                if sender.send(evaluated).is_err() {
                    // The writer stopped: its error is the one to report.
                    break;
                }
                progress.update(reader.done(), rows);
                if failed.is_some() {
                    return Ok(failed);
                }
            }
            Ok(None)
        };
        let read = read();
        drop(sender);
        let written = writer.join().unwrap_or_else(|_| {
            Err(CliError::Internal(
                "batch: the output writer stopped unexpectedly".to_owned(),
            ))
        });
        (read, written)
    });
    progress.finish();
    let tally = written?;
    let failed = read?;
    let elapsed = start.elapsed();
    let mut stderr = anstream::stderr();
    write!(stderr, "{}", tally.text(elapsed))?;
    if let Some(path) = &args.summary_json {
        write_summary(path, &tally, elapsed)?;
    }
    if let Some((place, errors)) = failed {
        return Err(CliError::input_with_help(
            format!(
                "batch: {} {place}: not a valid profile (stopped there: `--fail-fast`):\n{}",
                input.name(),
                indent(&errors.to_string())
            ),
            PROFILE_HELP,
        ));
    }
    if tally.errors == 0 {
        return Ok(ExitCode::SUCCESS);
    }
    Err(CliError::input(format!(
        "batch: {}: {} of {} rows are not valid profiles (see `error` in the output):\n{}",
        input.name(),
        tally.errors,
        tally.rows,
        indent(&tally.listed())
    )))
}

/// The format a file's extension names.
fn format_of(path: &Path, flag: &str) -> Result<TableFormat, CliError> {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "jsonl" | "ndjson" => Ok(TableFormat::Jsonl),
        "csv" => Ok(TableFormat::Csv),
        "parquet" | "pq" => Ok(TableFormat::Parquet),
        _ => Err(CliError::input_with_help(
            format!(
                "batch: cannot tell the format of `{}` from its extension",
                path.display()
            ),
            format!(
                "name it `.jsonl`, `.ndjson`, `.csv` or `.parquet`, or give `{flag} jsonl|csv|parquet`"
            ),
        )),
    }
}

/// Whether `a` and `b` are the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Standard output as a file of its own: the output is written on another
/// thread, and the main thread holds the lock of `std::io::stdout()` for the
/// whole run.
fn stdout_file() -> Result<File, CliError> {
    #[cfg(unix)]
    let handle = std::os::fd::AsFd::as_fd(&std::io::stdout()).try_clone_to_owned();
    #[cfg(windows)]
    let handle = std::os::windows::io::AsHandle::as_handle(&std::io::stdout()).try_clone_to_owned();
    handle.map(File::from).map_err(|e| {
        CliError::Internal(format!(
            "batch: cannot write to standard output: {}",
            io_reason(&e)
        ))
    })
}

/// A failure writing the output (a full disk, a closed device) as bad
/// input naming the output: the user chose where it goes. A reader that went
/// away (`| head`) stays silent.
fn write_error(output: &str, e: CliError) -> CliError {
    match e {
        CliError::Io(io) if io.kind() != std::io::ErrorKind::BrokenPipe => {
            CliError::input(format!("batch: cannot write {output}: {}", io_reason(&io)))
        }
        e => e,
    }
}

/// Writes every chunk `receiver` gets, then finishes the output.
fn write_all(mut sink: Sink, receiver: &mpsc::Receiver<Evaluated>) -> Result<Tally, CliError> {
    let mut tally = Tally::default();
    for evaluated in receiver {
        sink.write(&evaluated)?;
        tally.add(&evaluated)?;
    }
    sink.finish()?;
    Ok(tally)
}

fn write_summary(path: &Path, tally: &Tally, elapsed: std::time::Duration) -> Result<(), CliError> {
    let cannot = |e: std::io::Error| {
        CliError::input(format!(
            "batch: --summary-json: cannot write `{}`: {}",
            path.display(),
            io_reason(&e)
        ))
    };
    let mut text = serde_json::to_string_pretty(&tally.json(elapsed))?;
    text.push('\n');
    std::fs::write(path, text).map_err(cannot)
}
