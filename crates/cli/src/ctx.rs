//! What every command shares: where output goes and how the engine and
//! content are loaded (`--content-dir`, `--rules-dir`).

use std::io::Write;
use std::path::{Path, PathBuf};

use crampwise::{Directory, Engine, LoadError, Sources};
use crampwise_content::Content;

use crate::error::CliError;

/// The environment a command runs in.
pub(crate) struct Ctx<'a> {
    /// Where results go (stdout, colour stripped unless it is a terminal).
    pub out: &'a mut dyn Write,
    /// The width text output is laid out for.
    pub width: usize,
    /// `--content-dir`, when given.
    content_dir: Option<PathBuf>,
}

impl<'a> Ctx<'a> {
    /// A context writing to `out`, laying text out for `width` characters.
    pub(crate) fn new(out: &'a mut dyn Write, width: usize, content_dir: Option<PathBuf>) -> Self {
        Ctx {
            out,
            width,
            content_dir,
        }
    }

    /// Loads the knowledge base: from `--content-dir` when given (its errors
    /// are bad input), else the one built into the binary.
    pub(crate) fn content(&self) -> Result<Content, CliError> {
        match &self.content_dir {
            Some(dir) => crampwise::load_content(dir).map_err(load_error),
            None => Ok(self.engine(None)?.content().clone()),
        }
    }
}

impl Ctx<'_> {
    /// Loads the engine: `--content-dir` and `rules_dir` when given, else
    /// the shared built-in one (see [`crampwise::Engine::load`]).
    pub(crate) fn engine(&self, rules_dir: Option<&Path>) -> Result<Engine, CliError> {
        Engine::load(&Sources {
            rules_dir: rules_dir.map(Path::to_owned),
            content_dir: self.content_dir.clone(),
        })
        .map_err(load_error)
    }
}

/// A load error as the command line words it: the option first.
fn load_error(error: LoadError) -> CliError {
    match error.directory() {
        Some(Directory::Rules) => CliError::input(format!("--rules-dir: {error}")),
        Some(Directory::Content) => CliError::input(format!("--content-dir: {error}")),
        None => CliError::Internal(error.to_string()),
    }
}
