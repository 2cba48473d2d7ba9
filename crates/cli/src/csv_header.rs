//! The header of `crampwise batch`'s CSV input, read with a bound.
//!
//! [`Bounded`] sits between the input and the CSV reader: it allows a
//! budget of bytes between two records, so a header or a row without end
//! (as from `/dev/zero`) is an error instead of filling memory, and it notes
//! where each line starts, so messages give the physical line (blank lines
//! and line breaks inside quotes counted).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::{self, Read};
use std::rc::Rc;

/// The most bytes of the CSV header.
pub const MAX_HEADER_BYTES: usize = 64 * 1024;

/// The CSV reader's buffer; a budget allows this much twice on top (what
/// was read ahead of a record, and the read that ends it).
pub const BUFFER: usize = 1 << 16;

/// The input as the CSV reader reads it. See the module documentation.
pub struct Bounded<R> {
    inner: R,
    state: Rc<RefCell<Lines>>,
}

/// What [`Bounded`] shares with the CSV reader's owner.
#[derive(Debug, Default)]
pub struct Lines {
    /// Bytes that may still be read before the current record must end.
    left: usize,
    /// Bytes read so far.
    read: u64,
    /// Offsets of the line breaks (`\n`, or a `\r` alone) read but not yet
    /// passed by [`Lines::line_at`].
    breaks: VecDeque<u64>,
    /// Line breaks before the first of `breaks`.
    passed: u64,
    /// Runs of line-end bytes (`\r`, `\n`), start and end, read but not yet
    /// passed by [`Lines::record_line`]: a record starts after such a run.
    runs: VecDeque<(u64, u64)>,
    /// Where the run of line-end bytes the last read ended in started.
    open_run: Option<u64>,
    /// A `\r` last read: a line break of its own unless a `\n` follows.
    open_cr: Option<u64>,
}

impl Lines {
    /// The 1-based line a record starts on, given the reader's position
    /// before it was read (`after`, the end of the record before): the line
    /// of the first byte from there on that is not a line end. (The CSV
    /// reader's own start of a record is before the blank lines it skipped;
    /// counting back from the record's end would need its raw bytes, as
    /// quoted cells and `\r` line ends change what its cells hold.)
    pub fn record_line(&mut self, after: u64) -> u64 {
        let mut start = after;
        while let Some(&(run_start, run_end)) = self.runs.front() {
            if run_end <= after {
                self.runs.pop_front();
                continue;
            }
            if run_start <= after {
                start = run_end;
            }
            break;
        }
        self.line_at(start)
    }

    /// The 1-based line holding byte `offset` (asked in increasing order).
    pub fn line_at(&mut self, offset: u64) -> u64 {
        while self.breaks.front().is_some_and(|&b| b < offset) {
            self.breaks.pop_front();
            self.passed += 1;
        }
        self.passed + 1
    }

    /// Allows the next record `bytes` (and the reader's buffer).
    pub fn allow(&mut self, bytes: usize) {
        self.left = bytes + 2 * BUFFER;
    }
}

/// The error [`Bounded`] reads with once its budget is spent.
#[derive(Debug)]
struct TooLong;

impl std::fmt::Display for TooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("record too long")
    }
}

impl std::error::Error for TooLong {}

/// Whether `e` is [`Bounded`] refusing to read past its budget.
pub fn is_too_long(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<TooLong>())
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut state = self.state.borrow_mut();
        if state.left == 0 {
            return Err(io::Error::other(TooLong));
        }
        // At most `buf.len()`, so the split is in range.
        let room = buf.len().min(state.left);
        let (head, _) = buf.split_at_mut(room);
        let n = self.inner.read(head)?;
        let Some(bytes) = head.get(..n) else {
            return Err(io::Error::other(format!(
                "the input read {n} bytes into a buffer of {room}"
            )));
        };
        state.left -= n;
        let mut offset = state.read;
        for &b in bytes {
            // A line ends at `\n`, `\r\n` or a lone `\r` (old Mac files).
            if let Some(cr) = state.open_cr.take() {
                if b != b'\n' {
                    state.breaks.push_back(cr);
                }
            }
            match b {
                b'\n' => state.breaks.push_back(offset),
                b'\r' => state.open_cr = Some(offset),
                _ => {}
            }
            if b == b'\n' || b == b'\r' {
                state.open_run.get_or_insert(offset);
            } else if let Some(run_start) = state.open_run.take() {
                state.runs.push_back((run_start, offset));
            }
            offset += 1;
        }
        state.read = offset;
        Ok(n)
    }
}

/// A CSV reader over `inner` (rows may have fewer or more cells than the
/// header), and the line state it shares, allowing the header
/// [`MAX_HEADER_BYTES`].
pub fn reader<R: Read>(inner: R) -> (csv::Reader<Bounded<R>>, Rc<RefCell<Lines>>) {
    let mut lines = Lines::default();
    lines.allow(MAX_HEADER_BYTES);
    let state = Rc::new(RefCell::new(lines));
    let bounded = Bounded {
        inner,
        state: Rc::clone(&state),
    };
    let reader = csv::ReaderBuilder::new()
        .flexible(true)
        .buffer_capacity(BUFFER)
        .from_reader(bounded);
    (reader, state)
}

/// Why the header could not be read.
#[derive(Debug)]
pub enum HeaderError {
    /// Longer than [`MAX_HEADER_BYTES`].
    TooLong,
    /// Column `column` (1-based) is not UTF-8.
    NotUtf8 {
        /// Its position, 1-based.
        column: usize,
    },
    /// A name given twice.
    Twice(String),
    /// Not CSV.
    Csv {
        /// The physical line, 1-based.
        line: u64,
        /// What is wrong, lowercase.
        message: String,
    },
    /// The input could not be read.
    Io(io::Error),
}

/// Reads the header: its column names, trimmed, without a byte-order mark,
/// each once. Then allows the first row [`MAX_HEADER_BYTES`] too; the
/// reader's owner allows each row what it will.
///
/// # Errors
///
/// [`HeaderError`]: the header cannot be read (an I/O error, or not CSV),
/// is longer than [`MAX_HEADER_BYTES`], has a name that is not UTF-8, or
/// names a column twice.
pub fn read<R: Read>(
    reader: &mut csv::Reader<Bounded<R>>,
    lines: &RefCell<Lines>,
) -> Result<Vec<String>, HeaderError> {
    let headers = match reader.byte_headers() {
        Ok(headers) => headers.clone(),
        Err(e) => {
            let line = e
                .position()
                .map_or(1, |p| lines.borrow_mut().line_at(p.byte()));
            let message = lowercase_first(&e.to_string());
            return Err(match e.into_kind() {
                csv::ErrorKind::Io(io) if is_too_long(&io) => HeaderError::TooLong,
                csv::ErrorKind::Io(io) => HeaderError::Io(io),
                _ => HeaderError::Csv { line, message },
            });
        }
    };
    // The cells and the commas between them.
    if headers.as_slice().len() + headers.len().saturating_sub(1) > MAX_HEADER_BYTES {
        return Err(HeaderError::TooLong);
    }
    lines.borrow_mut().allow(MAX_HEADER_BYTES);
    let mut names: Vec<String> = Vec::with_capacity(headers.len());
    for (i, header) in headers.iter().enumerate() {
        let name = std::str::from_utf8(header)
            .map_err(|_| HeaderError::NotUtf8 { column: i + 1 })?
            .trim()
            .trim_start_matches('\u{feff}');
        if names.iter().any(|n| n == name) {
            return Err(HeaderError::Twice(name.to_owned()));
        }
        names.push(name.to_owned());
    }
    Ok(names)
}

/// `text` with its first letter in lowercase.
pub fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(bytes: &[u8]) -> Result<Vec<String>, HeaderError> {
        let (mut reader, lines) = super::reader(bytes);
        read(&mut reader, &lines)
    }

    #[test]
    fn names_are_trimmed_and_unique() {
        assert_eq!(
            header(b"\xef\xbb\xbfage , sex\n40,male\n").unwrap(),
            ["age", "sex"]
        );
        assert!(matches!(header(b"age,age\n"), Err(HeaderError::Twice(n)) if n == "age"));
        assert!(matches!(
            header(b"age,\xff\n"),
            Err(HeaderError::NotUtf8 { column: 2 })
        ));
    }

    #[test]
    fn an_endless_header_stops_at_the_limit() {
        let start = std::time::Instant::now();
        let (mut reader, lines) = super::reader(io::repeat(0));
        assert!(matches!(
            read(&mut reader, &lines),
            Err(HeaderError::TooLong)
        ));
        let (mut reader, lines) = super::reader(io::repeat(b'a'));
        assert!(matches!(
            read(&mut reader, &lines),
            Err(HeaderError::TooLong)
        ));
        // Many short columns, no line end.
        let (mut reader, lines) = super::reader(io::Cursor::new(b"a,".repeat(MAX_HEADER_BYTES)));
        assert!(matches!(
            read(&mut reader, &lines),
            Err(HeaderError::TooLong)
        ));
        assert!(start.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn just_under_the_limit_is_read() {
        let name = "x".repeat(MAX_HEADER_BYTES - 1);
        assert_eq!(header(format!("{name}\n1\n").as_bytes()).unwrap(), [name]);
    }

    #[test]
    fn lines_count_every_line_break() {
        let text = b"age\n\n\n40\n\"a\nb\"\n50\n";
        let (mut reader, lines) = super::reader(&text[..]);
        read(&mut reader, &lines).unwrap();
        assert_eq!(record_lines(&mut reader, &lines), [4, 5, 7]);
        // No line break at the end, and `\r\n` line ends.
        let text = b"age\r\n\r\n40\r\n\r\n50";
        let (mut reader, lines) = super::reader(&text[..]);
        read(&mut reader, &lines).unwrap();
        assert_eq!(record_lines(&mut reader, &lines), [3, 5]);
        // `\r` line ends, and a quote left open to the end (found by fuzzing:
        // counting back from the record's end gave a line before the last).
        let text = b"age\r40\r\r\"a\nb\n\n";
        let (mut reader, lines) = super::reader(&text[..]);
        read(&mut reader, &lines).unwrap();
        assert_eq!(record_lines(&mut reader, &lines), [2, 4]);
        let text = b"age\n40\r\n\n\"a\rb\"\r\n\n50\n";
        let (mut reader, lines) = super::reader(&text[..]);
        read(&mut reader, &lines).unwrap();
        assert_eq!(record_lines(&mut reader, &lines), [2, 4, 7]);
    }

    fn record_lines(reader: &mut csv::Reader<Bounded<&[u8]>>, lines: &RefCell<Lines>) -> Vec<u64> {
        let mut got = Vec::new();
        let mut record = csv::ByteRecord::new();
        loop {
            let after = reader.position().byte();
            if !reader.read_byte_record(&mut record).unwrap() {
                return got;
            }
            got.push(lines.borrow_mut().record_line(after));
        }
    }
}
