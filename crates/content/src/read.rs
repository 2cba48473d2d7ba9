//! Reading untrusted files with a bound, and quoting untrusted text in
//! messages with a bound: the one place every crampwise crate does either.
//!
//! [`read_bounded`] looks at what a path is (after following symlinks)
//! before opening it: only a regular file is read, and at most `limit + 1`
//! bytes of it, so a FIFO, a socket, `/dev/zero` or a symlink to one is
//! refused at once instead of being waited on or read without end.

use std::borrow::Cow;
use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Why a file was not read. Its [`Display`](fmt::Display) is the reason
/// alone, lowercase, for a message that names the path first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Nothing is at the path.
    Missing,
    /// The path is not a regular file: what it is (`a directory`, `a FIFO (named pipe)`).
    NotRegular(&'static str),
    /// The file has more than `limit` bytes.
    TooLarge {
        /// The most bytes accepted.
        limit: usize,
    },
    /// The bytes are not UTF-8; the first invalid one is at `offset`.
    NotUtf8 {
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// Another I/O error, in lowercase words.
    Io(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Missing => f.write_str("no such file"),
            ReadError::NotRegular(what) if *what == DIRECTORY => f.write_str("it is a directory"),
            ReadError::NotRegular(what) => {
                write!(f, "it is {what}; only regular files are read")
            }
            ReadError::TooLarge { limit } => {
                write!(f, "it is larger than {limit} bytes, the most that are read")
            }
            ReadError::NotUtf8 { offset } => {
                write!(f, "it is not UTF-8 text (invalid byte at offset {offset})")
            }
            ReadError::Io(reason) => f.write_str(reason),
        }
    }
}

impl std::error::Error for ReadError {}

const DIRECTORY: &str = "a directory";

/// What a non-regular file is, in words.
fn kind(file_type: std::fs::FileType) -> &'static str {
    if file_type.is_dir() {
        return DIRECTORY;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
    }
    "not a regular file"
}

/// An I/O error in lowercase words, without the OS error number.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::IsADirectory => "it is a directory".to_owned(),
        _ => {
            let text = e.to_string();
            let text = text.split(" (os error").next().unwrap_or(&text);
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => "unknown error".to_owned(),
            }
        }
    }
}

fn io_error(e: &std::io::Error) -> ReadError {
    match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::Missing,
        _ => ReadError::Io(io_reason(e)),
    }
}

/// Checks that `path`, symlinks followed, is a regular file of at most
/// `limit` bytes, without opening it.
///
/// # Errors
///
/// [`ReadError::Missing`] or [`ReadError::Io`] when its metadata cannot be
/// read, [`ReadError::NotRegular`] when it is not a regular file and
/// [`ReadError::TooLarge`] when it has more than `limit` bytes.
pub fn check_regular(path: &Path, limit: usize) -> Result<(), ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(&e))?;
    regular(&meta, limit)
}

fn regular(meta: &std::fs::Metadata, limit: usize) -> Result<(), ReadError> {
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind(meta.file_type())));
    }
    // A limit too large for a u64 is more than any file's length.
    if u64::try_from(limit).is_ok_and(|limit| meta.len() > limit) {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(())
}

/// Opens the regular file at `path` of at most `limit` bytes; read it with
/// [`read_limited`].
///
/// # Errors
///
/// As [`check_regular`], before opening and again on what was opened, and
/// [`ReadError::Io`] (or [`ReadError::Missing`]) when it cannot be opened.
pub fn open_bounded(path: &Path, limit: usize) -> Result<File, ReadError> {
    // Looked at before opening: opening a FIFO would wait for a writer.
    check_regular(path, limit)?;
    let file = File::open(path).map_err(|e| io_error(&e))?;
    // And again on what was opened, in case the path changed in between.
    regular(&file.metadata().map_err(|e| io_error(&e))?, limit)?;
    Ok(file)
}

/// The bytes of the regular file at `path`, at most `limit` of them.
///
/// # Errors
///
/// As [`open_bounded`], [`ReadError::Io`] when reading fails and
/// [`ReadError::TooLarge`] when more than `limit` bytes are read.
pub fn read_bounded_bytes(path: &Path, limit: usize) -> Result<Vec<u8>, ReadError> {
    read_limited(open_bounded(path, limit)?, limit)
}

/// At most `limit` bytes from `reader`; more is [`ReadError::TooLarge`].
///
/// # Errors
///
/// [`ReadError::TooLarge`] when `reader` has more than `limit` bytes, and
/// [`ReadError::Io`] (or [`ReadError::Missing`]) when reading fails.
pub fn read_limited(reader: impl Read, limit: usize) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    reader
        .take(u64::try_from(limit).map_or(u64::MAX, |limit| limit.saturating_add(1)))
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(&e))?;
    if bytes.len() > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// Bytes as UTF-8 text.
///
/// # Errors
///
/// [`ReadError::NotUtf8`], with the offset of the first invalid byte, when
/// the bytes are not UTF-8.
pub fn utf8(bytes: Vec<u8>) -> Result<String, ReadError> {
    String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
        offset: e.utf8_error().valid_up_to(),
    })
}

/// The text of the regular file at `path`: at most `limit` bytes of UTF-8.
///
/// # Errors
///
/// As [`read_bounded_bytes`], and [`ReadError::NotUtf8`] when the bytes
/// are not UTF-8.
pub fn read_bounded(path: &Path, limit: usize) -> Result<String, ReadError> {
    utf8(read_bounded_bytes(path, limit)?)
}

/// The most characters of an input quoted in a message.
pub const MAX_QUOTED_CHARS: usize = 80;

/// `text` as quoted in a message: at most [`MAX_QUOTED_CHARS`] characters,
/// cut with `…` when longer.
pub fn excerpt(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(MAX_QUOTED_CHARS) {
        None => Cow::Borrowed(text),
        Some(_) => {
            let end = text
                .char_indices()
                .nth(MAX_QUOTED_CHARS - 1)
                .map_or(text.len(), |(at, _)| at);
            Cow::Owned(format!("{}…", &text[..end]))
        }
    }
}

/// `text` in backticks, cut by [`excerpt`].
pub fn quoted(text: &str) -> String {
    format!("`{}`", excerpt(text))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn excerpts_are_bounded() {
        assert_eq!(excerpt("short"), "short");
        let exact = "x".repeat(MAX_QUOTED_CHARS);
        assert_eq!(excerpt(&exact), exact.as_str());
        let long = "é".repeat(10_000);
        let cut = excerpt(&long);
        assert_eq!(cut.chars().count(), MAX_QUOTED_CHARS);
        assert!(cut.ends_with('…'));
        assert_eq!(quoted("a"), "`a`");
    }

    #[test]
    fn limits_hold_for_readers() {
        assert_eq!(read_limited(&b"abc"[..], 3).unwrap(), b"abc");
        assert_eq!(
            read_limited(std::io::repeat(0), 10),
            Err(ReadError::TooLarge { limit: 10 })
        );
        assert_eq!(
            utf8(vec![b'a', 0xff]),
            Err(ReadError::NotUtf8 { offset: 1 })
        );
    }
}
