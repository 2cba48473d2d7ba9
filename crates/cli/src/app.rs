//! The dispatch from parsed arguments to a command module.

use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::commands;
use crate::ctx::Ctx;
use crate::error::CliError;

/// Runs the command `cli` describes.
pub(crate) fn run(cli: Cli, ctx: &mut Ctx<'_>) -> Result<ExitCode, CliError> {
    match cli.command {
        Command::Content(command) => commands::content::run(ctx, command),
        Command::Recommend(args) => commands::recommend::run(ctx, args),
        Command::Batch(args) => commands::batch::run(ctx, args),
        Command::Schema { kind } => commands::schema::run(ctx, kind),
        Command::Rules(command) => commands::rules::run(ctx, command),
        Command::Label(command) => commands::label::run(ctx, command),
        Command::Foods(command) => commands::foods::run(ctx, command),
        Command::Serve(args) => commands::serve::run(ctx, &args),
    }
}
