//! Reading the documents commands take: a file, or standard input for `-`,
//! with the size limit of what it holds and messages that name it.

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;

use crampwise_content::read::{open_bounded, read_limited, utf8, ReadError};
use serde_json::Value;

use crate::error::{io_reason, CliError};
use crampwise::indent;
use crampwise::jsonl::LineBuffer;

/// One input document: where it comes from, which command reads it and what it is.
pub(crate) struct Input<'a> {
    path: Option<&'a Path>,
    /// The command, first in every message (`recommend`, `label check`).
    command: &'static str,
    /// What the document is (`profile`, `label`, `food list`).
    what: &'static str,
    /// The most bytes it may have.
    max: usize,
}

impl<'a> Input<'a> {
    /// The document at `path` (`-`: standard input) that `command` reads as a `what`.
    pub(crate) fn new(
        path: &'a Path,
        command: &'static str,
        what: &'static str,
        max: usize,
    ) -> Self {
        Input {
            path: (path != Path::new("-")).then_some(path),
            command,
            what,
            max,
        }
    }

    /// Whether it is standard input.
    pub(crate) fn is_stdin(&self) -> bool {
        self.path.is_none()
    }

    /// The file's extension in lowercase (`json`, `txt`), if it has one.
    pub(crate) fn extension(&self) -> Option<String> {
        self.path
            .and_then(Path::extension)
            .map(|e| e.to_string_lossy().to_lowercase())
    }

    /// How messages name the input.
    pub(crate) fn name(&self) -> String {
        match self.path {
            Some(path) => format!("`{}`", path.display()),
            None => "standard input".to_owned(),
        }
    }

    /// Where the document is: "in `FILE`" or "on standard input".
    pub(crate) fn place(&self) -> String {
        match self.path {
            Some(_) => format!("in {}", self.name()),
            None => "on standard input".to_owned(),
        }
    }

    /// Opens the document for [`Input::read_all`]: standard input, or a
    /// regular file of at most `max` bytes (a FIFO, a socket or a device is
    /// refused before it is opened).
    pub(crate) fn open(&self) -> Result<Box<dyn BufRead>, CliError> {
        let Some(path) = self.path else {
            return Ok(Box::new(BufReader::new(io::stdin())));
        };
        let file = open_bounded(path, self.max).map_err(|e| self.read_error(e))?;
        Ok(Box::new(BufReader::new(file)))
    }

    /// Opens the input as a stream of records (JSON Lines, CSV), each read
    /// with its own bound: any file but a directory, so a pipe works too.
    pub(crate) fn open_stream(&self) -> Result<Box<dyn BufRead>, CliError> {
        let Some(path) = self.path else {
            return Ok(Box::new(BufReader::new(io::stdin())));
        };
        if path.is_dir() {
            return Err(self.unreadable("it is a directory"));
        }
        let file = File::open(path).map_err(|e| self.unreadable(&io_reason(&e)))?;
        Ok(Box::new(BufReader::new(file)))
    }

    /// `COMMAND: cannot read NAME: REASON`.
    pub(crate) fn unreadable(&self, reason: &str) -> CliError {
        CliError::input(format!(
            "{}: cannot read {}: {reason}",
            self.command,
            self.name()
        ))
    }

    /// The whole input as text, refusing more than `max` bytes.
    pub(crate) fn read_all(&self, reader: Box<dyn BufRead>) -> Result<String, CliError> {
        let bytes = read_limited(reader, self.max).map_err(|e| self.read_error(e))?;
        utf8(bytes).map_err(|e| self.read_error(e))
    }

    fn read_error(&self, e: ReadError) -> CliError {
        match e {
            ReadError::TooLarge { .. } => CliError::input(format!(
                "{}: {} is larger than {} bytes, the most a {} may be",
                self.command,
                self.name(),
                self.max,
                self.what
            )),
            ReadError::NotUtf8 { offset } => CliError::input(format!(
                "{}: {} is not UTF-8 text (invalid byte at offset {offset})",
                self.command,
                self.name(),
            )),
            e => self.unreadable(&e.to_string()),
        }
    }

    /// Reads the whole input: standard input, or a regular file (a FIFO, a
    /// socket or a device is refused before it is opened).
    pub(crate) fn read(&self) -> Result<String, CliError> {
        let reader = self.open()?;
        self.read_all(reader)
    }

    /// Parses the input's text as a JSON value (repeated keys are errors).
    pub(crate) fn parse_json(&self, text: &str, help: &str) -> Result<Value, CliError> {
        crampwise_rules::json::parse_document(text)
            .map_err(|e| self.invalid_message(&e.to_string(), help))
    }

    /// `COMMAND: the WHAT in FILE is not valid:` and every error, one a line.
    pub(crate) fn invalid(&self, errors: &dyn std::fmt::Display, help: &str) -> CliError {
        self.invalid_message(&errors.to_string(), help)
    }

    /// `COMMAND: the WHAT in FILE is not valid:` and `problems`, indented.
    pub(crate) fn invalid_message(&self, problems: &str, help: &str) -> CliError {
        CliError::input_with_help(
            format!(
                "{}: the {} {} is not valid:\n{}",
                self.command,
                self.what,
                self.place(),
                indent(problems)
            ),
            help,
        )
    }
}

/// Reads the next line into `buf` without its line ending (`\n` or `\r\n`),
/// keeping at most `max + 1` bytes of it; returns its full length, or `None`
/// at the end of the input. Lines split as everywhere else
/// ([`crampwise::jsonl::LineBuffer`]).
pub(crate) fn next_line(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<Option<usize>> {
    let mut line = LineBuffer::with_buffer(max, std::mem::take(buf));
    let ended = loop {
        let available = match reader.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break false;
        }
        let (used, ended) = line.push(available);
        reader.consume(used);
        if ended {
            break true;
        }
    };
    if !ended {
        if !line.is_open() {
            *buf = line.into_bytes();
            return Ok(None);
        }
        line.finish();
    }
    let length = line.length();
    *buf = line.into_bytes();
    Ok(Some(length))
}

/// Help for a profile that does not validate.
pub(crate) const PROFILE_HELP: &str =
    "`crampwise schema profile` describes every field and its allowed values";

/// Help for a food list that does not validate.
pub(crate) const FOODS_HELP: &str =
    "a food list is `{\"foods\": [{\"id\": \"almonds\", \"servings\": 1, \"per\": \"day\"}]}`; \
     `crampwise foods list` lists the food ids";

/// The profile at `path` (`-`: standard input), read by `command`.
pub(crate) fn profile_input<'a>(path: &'a Path, command: &'static str) -> Input<'a> {
    Input::new(path, command, "profile", crampwise::MAX_PROFILE_BYTES)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<(usize, String)> {
        let mut reader: Box<dyn BufRead> = Box::new(BufReader::with_capacity(4, text.as_bytes()));
        let mut buf = Vec::new();
        let mut out = Vec::new();
        while let Some(n) = next_line(&mut reader, &mut buf, 1000).unwrap() {
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

    #[test]
    fn long_lines_are_cut_but_measured() {
        let mut reader: Box<dyn BufRead> = Box::new(BufReader::new("abcdef\nx".as_bytes()));
        let mut buf = Vec::new();
        assert_eq!(next_line(&mut reader, &mut buf, 3).unwrap(), Some(6));
        assert_eq!(buf, b"abcd");
        assert_eq!(next_line(&mut reader, &mut buf, 3).unwrap(), Some(1));
    }

    #[test]
    fn messages_name_the_input() {
        let input = Input::new(Path::new("p.json"), "recommend", "profile", 10);
        assert_eq!(input.place(), "in `p.json`");
        assert_eq!(
            input.unreadable("no such file").to_string(),
            "error: recommend: cannot read `p.json`: no such file"
        );
        let stdin = Input::new(Path::new("-"), "label check", "label", 10);
        assert!(stdin.is_stdin());
        assert_eq!(stdin.place(), "on standard input");
        assert_eq!(input.extension().as_deref(), Some("json"));
    }
}
