//! JSON Lines as every front end reads and writes them (`recommend --jsonl`,
//! `label check --jsonl`, the service's batch endpoint): lines split the one
//! way, with a bound on what is kept of a line, and one error object for a
//! bad line.
//!
//! ```
//! use crampwise::jsonl::{error_line, LineBuffer};
//!
//! let engine = crampwise::Engine::shared()?;
//! let mut line = LineBuffer::new(crampwise::MAX_PROFILE_BYTES);
//! let mut out = Vec::new();
//! let mut rest: &[u8] = b"{\"age\": 40}\r\n{\"age\": -1}";
//! let mut number = 0;
//! loop {
//!     let (used, ended) = line.push(rest);
//!     rest = rest.get(used..).unwrap_or_default();
//!     if !ended {
//!         // All of `rest` was taken: the input is over.
//!         if !line.is_open() {
//!             break;
//!         }
//!         line.finish();
//!     }
//!     number += 1;
//!     match engine.profile_line(line.bytes(), line.length()) {
//!         Ok(profile) => out.push(engine.rules_engine().evaluate(&profile).to_json()),
//!         Err(errors) => out.push(error_line(number, &errors, true)),
//!     }
//!     line.clear();
//! }
//! assert_eq!(out.len(), 2);
//! assert!(out[1].starts_with(r#"{"error":{"line":2,"errors":[{"path":"age","#));
//! # Ok::<(), crampwise::LoadError>(())
//! ```

use serde::Serialize;

use crate::diagnostic::Diagnostics;

/// One line being read: its first bytes (at most `max + 1` are kept, so a
/// reader's memory stays bounded however long the line) and its whole length.
#[derive(Debug, Clone)]
pub struct LineBuffer {
    max: usize,
    kept: Vec<u8>,
    length: usize,
    open: bool,
}

impl LineBuffer {
    /// An empty line of which at most `max + 1` bytes are kept.
    pub fn new(max: usize) -> LineBuffer {
        LineBuffer {
            max,
            kept: Vec::new(),
            length: 0,
            open: false,
        }
    }

    /// An empty line that keeps its bytes in `buffer` (cleared first), to
    /// reuse one allocation for every line.
    pub fn with_buffer(max: usize, mut buffer: Vec<u8>) -> LineBuffer {
        buffer.clear();
        LineBuffer {
            kept: buffer,
            ..LineBuffer::new(max)
        }
    }

    /// The kept bytes, to reuse their allocation.
    pub fn into_bytes(self) -> Vec<u8> {
        self.kept
    }

    /// Takes the bytes of `data` up to and including the first line break:
    /// returns how many it took and whether the line ended there. Without a
    /// line break it takes all of `data` and the line goes on.
    pub fn push(&mut self, data: &[u8]) -> (usize, bool) {
        if data.is_empty() {
            return (0, false);
        }
        self.open = true;
        // The bytes before the first line break, all of them when there is
        // none (`split` always gives a first piece).
        let chunk = data.split(|&b| b == b'\n').next().unwrap_or(data);
        let ended = chunk.len() < data.len();
        let room = (self.max + 1).saturating_sub(self.kept.len());
        self.kept
            .extend_from_slice(chunk.get(..room).unwrap_or(chunk));
        self.length += chunk.len();
        if ended {
            self.strip_carriage_return();
        }
        (chunk.len() + usize::from(ended), ended)
    }

    /// Whether the line has begun (some byte, a line break included, was
    /// pushed since the last [`LineBuffer::clear`]): at the end of the
    /// input, an open line that did not end is the last line.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Ends the line at the end of the input (no line break after it).
    pub fn finish(&mut self) {
        self.strip_carriage_return();
    }

    /// The line's first bytes, without its line ending.
    pub fn bytes(&self) -> &[u8] {
        &self.kept
    }

    /// The line's whole length in bytes, without its line ending.
    pub fn length(&self) -> usize {
        self.length
    }

    /// Starts the next line.
    pub fn clear(&mut self) {
        self.kept.clear();
        self.length = 0;
        self.open = false;
    }

    fn strip_carriage_return(&mut self) {
        if self.kept.last() == Some(&b'\r') && self.length <= self.max {
            self.kept.pop();
            self.length -= 1;
        }
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
    path: String,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    input: Option<&'a serde_json::Value>,
}

/// The JSON object written in place of a bad line:
/// `{"error": {"line": N, "errors": [{"path", "message"}]}}`, each problem
/// with its offending value as `input` (`null` when there is none) when
/// `with_input` (profiles carry one; labels do not).
pub fn error_line(line: usize, errors: &Diagnostics, with_input: bool) -> String {
    const NULL: &serde_json::Value = &serde_json::Value::Null;
    let line = ErrorLine {
        error: LineErrors {
            line,
            errors: errors
                .iter()
                .map(|d| PathMessage {
                    path: d.path_text(),
                    message: &d.message,
                    input: with_input.then(|| d.input.as_ref().unwrap_or(NULL)),
                })
                .collect(),
        },
    };
    serde_json::to_string(&line).unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn lines(text: &[u8], max: usize, step: usize) -> Vec<(usize, Vec<u8>)> {
        let mut line = LineBuffer::new(max);
        let mut out = Vec::new();
        for piece in text.chunks(step) {
            let mut rest = piece;
            while !rest.is_empty() {
                let (used, ended) = line.push(rest);
                rest = &rest[used..];
                if ended {
                    out.push((line.length(), line.bytes().to_vec()));
                    line.clear();
                }
            }
        }
        if line.is_open() {
            line.finish();
            out.push((line.length(), line.bytes().to_vec()));
        }
        out
    }

    #[test]
    fn lines_split_at_newlines_across_chunks() {
        for step in [1, 2, 3, 100] {
            assert_eq!(
                lines(b"{\"a\": 1}\r\n\nxyz", 1000, step),
                vec![
                    (8, b"{\"a\": 1}".to_vec()),
                    (0, vec![]),
                    (3, b"xyz".to_vec())
                ],
                "{step}"
            );
            assert_eq!(lines(b"one\n", 1000, step), vec![(3, b"one".to_vec())]);
            assert!(lines(b"", 1000, step).is_empty());
        }
    }

    #[test]
    fn long_lines_are_cut_but_measured() {
        assert_eq!(
            lines(b"abcdef\nx", 3, 2),
            vec![(6, b"abcd".to_vec()), (1, b"x".to_vec())]
        );
    }

    #[test]
    fn error_lines_name_the_line_path_and_input() {
        let engine = crate::Engine::shared().unwrap();
        let errors = engine.profile_line(b"{\"age\": -1}", 11).unwrap_err();
        let line = error_line(3, &errors, true);
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(value["error"]["line"], 3);
        assert_eq!(value["error"]["errors"][0]["path"], "age");
        assert_eq!(value["error"]["errors"][0]["input"], -1);
        let empty = engine.profile_line(b"", 0).unwrap_err();
        let line = error_line(1, &empty, true);
        assert!(line.contains(r#""path":"","#) && line.contains(r#""input":null"#));
        assert!(!error_line(1, &empty, false).contains("input"));
    }
}
