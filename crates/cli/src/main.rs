//! The crampwise command line: evidence-aware guidance for muscle cramps and
//! magnesium. This file only wires the parts together:
//!
//! - `cli`: the arguments (clap derive);
//! - `app`: the dispatch from arguments to a command;
//! - `ctx`: the shared context (output, engine and content loading);
//! - `commands`: one module per command group (`content`, `recommend`, `batch`, `schema`,
//!   `rules`, `label`, `foods`);
//! - `input`: reading a document from a file or standard input;
//! - `jsonl`: `--jsonl`, one document a line in and one JSON line out;
//! - `output`: tables, key-value lists and JSON;
//! - `error`: errors and exit codes (0 success, 2 bad input, 1 internal error).

/// Plans are many small strings: mimalloc builds them about twice as fast
/// as the system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod app;
mod cli;
mod commands;
mod ctx;
mod error;
mod input;
mod jsonl;
mod output;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // clap prints help and version (exit 0) and usage errors (exit 2) itself.
    let cli = cli::Cli::try_parse().unwrap_or_else(|e| e.exit());
    let mut out = anstream::stdout().lock();
    let mut ctx = ctx::Ctx::new(&mut out, output::width(), cli.content_dir.clone());
    let result = app::run(cli, &mut ctx).and_then(|code| {
        ctx.out.flush()?;
        Ok(code)
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            if !e.is_silent() {
                let _ = ctx.out.flush();
                let _ = writeln!(anstream::stderr(), "{e}");
            }
            e.exit_code()
        }
    }
}
