//! Errors of the command line and their exit codes.
//!
//! Exit codes (contract v1, section 4): 0 success, 2 bad input, 1 internal error.
//! Messages are lowercase, name the offending input in backticks and have no
//! trailing period; extra guidance goes in a separate help line.

use std::fmt;
use std::io;
use std::process::ExitCode;

/// Exit code for success.
pub(crate) const EXIT_OK: u8 = 0;
/// Exit code for an internal error (a bug, or an I/O failure writing output).
pub(crate) const EXIT_INTERNAL: u8 = 1;
/// Exit code for bad input: an unknown name, a file that does not validate, ...
pub(crate) const EXIT_INPUT: u8 = 2;

/// Why a command failed.
#[derive(Debug)]
pub(crate) enum CliError {
    /// The user gave something we cannot use (exit code 2).
    Input {
        /// What is wrong, naming the input.
        message: String,
        /// Optional guidance: what would work instead.
        help: Option<String>,
    },
    /// Something failed that is not the user's fault (exit code 1).
    Internal(String),
    /// Writing the output failed.
    Io(io::Error),
}

impl CliError {
    /// A bad-input error without help text.
    pub(crate) fn input(message: impl Into<String>) -> Self {
        CliError::Input {
            message: message.into(),
            help: None,
        }
    }

    /// A bad-input error with a help line.
    pub(crate) fn input_with_help(message: impl Into<String>, help: impl Into<String>) -> Self {
        CliError::Input {
            message: message.into(),
            help: Some(help.into()),
        }
    }

    /// The process exit code for this error.
    pub(crate) fn exit_code(&self) -> ExitCode {
        match self {
            // The reader went away (`crampwise ... | head`): nothing more to say.
            CliError::Io(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(EXIT_OK),
            CliError::Input { .. } => ExitCode::from(EXIT_INPUT),
            CliError::Internal(_) | CliError::Io(_) => ExitCode::from(EXIT_INTERNAL),
        }
    }

    /// Whether anything should be printed for this error.
    pub(crate) fn is_silent(&self) -> bool {
        matches!(self, CliError::Io(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Input { message, help } => {
                write!(f, "error: {message}")?;
                if let Some(help) = help {
                    write!(f, "\n\nhelp: {help}")?;
                }
                Ok(())
            }
            CliError::Internal(message) => write!(f, "internal error: {message}"),
            CliError::Io(e) => write!(f, "internal error: could not write the output: {e}"),
        }
    }
}

impl From<io::Error> for CliError {
    fn from(e: io::Error) -> Self {
        CliError::Io(e)
    }
}

impl From<serde_json::Error> for CliError {
    fn from(e: serde_json::Error) -> Self {
        if e.is_io() {
            CliError::Io(io::Error::from(e))
        } else {
            CliError::Internal(format!("could not write JSON: {e}"))
        }
    }
}

/// Formats `items` as "`a`, `b`, `c`" for messages.
pub(crate) fn backticked_list<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|s| format!("`{}`", s.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An I/O error in words: lowercase, without the OS error number.
pub(crate) fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::InvalidData => "it is not UTF-8 text".to_owned(),
        _ => crampwise_content::read::io_reason(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_error_has_help_on_its_own_line() {
        let e = CliError::input_with_help("unknown id `x`", "try `crampwise content list forms`");
        assert_eq!(
            e.to_string(),
            "error: unknown id `x`\n\nhelp: try `crampwise content list forms`"
        );
        assert_eq!(e.exit_code(), ExitCode::from(EXIT_INPUT));
    }

    #[test]
    fn broken_pipe_is_silent_success() {
        let e = CliError::from(io::Error::from(io::ErrorKind::BrokenPipe));
        assert!(e.is_silent());
        assert_eq!(e.exit_code(), ExitCode::from(EXIT_OK));
    }

    #[test]
    fn io_errors_read_as_lowercase_words() {
        let e = io::Error::from(io::ErrorKind::NotFound);
        assert_eq!(io_reason(&e), "no such file");
        let e = io::Error::other("Something Broke (os error 99)");
        assert_eq!(io_reason(&e), "something Broke");
    }

    #[test]
    fn lists_are_backticked() {
        assert_eq!(backticked_list(&["a", "b"]), "`a`, `b`");
    }
}
