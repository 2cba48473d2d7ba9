//! What every command shares: where output goes, how content is loaded, and
//! the dispatch from parsed arguments to a command module.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crampwise_content::Content;
use crampwise_rules::{Engine, Ruleset};

use crate::cli::{Cli, Command};
use crate::commands;
use crate::error::CliError;

/// The environment a command runs in.
pub struct Ctx<'a> {
    /// Where results go (stdout, colour stripped unless it is a terminal).
    pub out: &'a mut dyn Write,
    /// The width text output is laid out for.
    pub width: usize,
    /// `--content-dir`, when given.
    content_dir: Option<PathBuf>,
}

impl<'a> Ctx<'a> {
    /// A context writing to `out`, laying text out for `width` characters.
    pub fn new(out: &'a mut dyn Write, width: usize, content_dir: Option<PathBuf>) -> Self {
        Ctx {
            out,
            width,
            content_dir,
        }
    }

    /// Loads the knowledge base: from `--content-dir` when given (its errors
    /// are bad input), else the one built into the binary.
    pub fn content(&self) -> Result<Content, CliError> {
        match &self.content_dir {
            Some(dir) => load_dir(dir),
            None => Content::embedded().map_err(|errors| {
                CliError::Internal(format!(
                    "the built-in content does not validate:\n{}",
                    indent(&errors.to_string())
                ))
            }),
        }
    }
}

impl Ctx<'_> {
    /// Loads the rules: from `rules_dir` when given (its errors are bad
    /// input), else the ones built into the binary, checked against `content`.
    pub fn rules(&self, content: &Content, rules_dir: Option<&Path>) -> Result<Ruleset, CliError> {
        match rules_dir {
            Some(dir) => {
                if !dir.is_dir() {
                    return Err(CliError::input(format!(
                        "--rules-dir: `{}` is not a directory",
                        dir.display()
                    )));
                }
                Ruleset::from_dir(dir, content).map_err(|errors| {
                    CliError::input(format!(
                        "--rules-dir: the rules in `{}` do not validate:\n{}",
                        dir.display(),
                        indent(&errors.to_string())
                    ))
                })
            }
            None => Ruleset::embedded(content).map_err(|errors| {
                let message = format!(
                    "the built-in rules do not validate:\n{}",
                    indent(&errors.to_string())
                );
                match &self.content_dir {
                    // Rules that name content missing from `--content-dir` are the user's input.
                    Some(dir) => CliError::input(format!(
                        "--content-dir: the content in `{}` does not fit the rules: {message}",
                        dir.display()
                    )),
                    None => CliError::Internal(message),
                }
            }),
        }
    }

    /// Loads the content and the rules (see [`Ctx::content`] and [`Ctx::rules`]).
    pub fn engine(&self, rules_dir: Option<&Path>) -> Result<Engine, CliError> {
        let content = self.content()?;
        let rules = self.rules(&content, rules_dir)?;
        Ok(Engine::new(content, rules))
    }
}

fn load_dir(dir: &Path) -> Result<Content, CliError> {
    if !dir.is_dir() {
        return Err(CliError::input(format!(
            "--content-dir: `{}` is not a directory",
            dir.display()
        )));
    }
    Content::from_dir(dir).map_err(|errors| {
        CliError::input(format!(
            "--content-dir: the content in `{}` does not validate:\n{}",
            dir.display(),
            indent(&errors.to_string())
        ))
    })
}

/// Indents every line of `text` by two spaces.
pub fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs the command `cli` describes.
pub fn run(cli: Cli, ctx: &mut Ctx<'_>) -> Result<ExitCode, CliError> {
    match cli.command {
        Command::Content(command) => commands::content::run(ctx, command),
        Command::Recommend(args) => commands::recommend::run(ctx, args),
        Command::Batch(args) => commands::batch::run(ctx, args),
        Command::Schema { kind } => commands::schema::run(ctx, kind),
        Command::Rules(command) => commands::rules::run(ctx, command),
        Command::Label(command) => commands::label::run(ctx, command),
        Command::Foods(command) => commands::foods::run(ctx, command),
    }
}
