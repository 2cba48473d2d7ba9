//! Reading the data files: the embedded copies, or a directory; size limit.

use std::path::Path;

use crate::error::ContentError;
use crate::read::ReadError;

/// Largest data file accepted, in bytes (1 MiB).
pub(crate) const MAX_FILE_BYTES: usize = 1024 * 1024;

/// The metadata file holding the content semver.
pub(crate) const META_FILE: &str = "content.toml";

/// Embeds each data file as `(name, text)`, in the fixed order used for hashing.
macro_rules! embed {
    ($($name:literal),+ $(,)?) => {
        [$(($name, include_str!(concat!("../data/", $name)))),+]
    };
}

/// Every data file, in the fixed order used for the version hash.
pub(crate) const EMBEDDED: [(&str, &str); 15] = embed!(
    "content.toml",
    "sources.toml",
    "claims.toml",
    "forms.toml",
    "intakes.toml",
    "foods.toml",
    "medications.toml",
    "conditions.toml",
    "red_flags.toml",
    "notes.toml",
    "companions.toml",
    "lifestyle.toml",
    "mechanisms.toml",
    "faq.toml",
    "label_checklist.toml",
);

/// A data file's name and text.
pub(crate) type RawFile = (&'static str, String);

/// The embedded data files.
/// The line of `field` within `item` of a content file: `item` is an id
/// (`id = "..."`) or a table row (`upper_limit[3]`); `field` may be a path
/// (`limit[2].us`), whose last table index and key are followed.
pub(crate) fn line_of(text: &str, item: Option<&str>, field: Option<&str>) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let header = |name: &str, nth: usize| {
        let want = format!("[[{name}]]");
        lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.trim() == want)
            .nth(nth)
            .map(|(i, _)| i)
    };
    let indexed = |s: &str| -> Option<(String, usize)> {
        let (name, rest) = s.split_once('[')?;
        Some((name.to_owned(), rest.strip_suffix(']')?.parse().ok()?))
    };
    let mut start = match item {
        Some(item) => match indexed(item) {
            Some((name, n)) => header(&name, n)?,
            None => lines.iter().position(|l| {
                let l = l.trim();
                l.strip_prefix("id")
                    .map(str::trim_start)
                    .and_then(|r| r.strip_prefix('='))
                    .is_some_and(|r| r.trim().trim_matches('"') == item)
            })?,
        },
        None => 0,
    };
    let mut key = field.unwrap_or("");
    if let Some((table, rest)) = key.split_once('.') {
        if let Some((name, n)) = indexed(table) {
            let parent_name = lines
                .get(..=start)
                .and_then(|ls| ls.iter().rev().find(|l| l.trim().starts_with("[[")))
                .map(|l| l.trim().trim_matches(|c| c == '[' || c == ']').to_owned())?;
            let want = format!("[[{parent_name}.{name}]]");
            start = lines
                .iter()
                .enumerate()
                .skip(start)
                .filter(|(_, l)| l.trim() == want)
                .nth(n)
                .map(|(i, _)| i)?;
            key = rest;
        }
    }
    lines
        .iter()
        .enumerate()
        .skip(start)
        .find(|(_, l)| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with('='))
        })
        .map(|(i, _)| i + 1)
}

pub(crate) fn embedded() -> Vec<RawFile> {
    EMBEDDED
        .iter()
        .map(|(name, text)| (*name, (*text).to_owned()))
        .collect()
}

/// Reads every data file from `dir`; all read errors are collected.
pub(crate) fn from_dir(dir: &Path) -> Result<Vec<RawFile>, Vec<ContentError>> {
    let mut files = Vec::with_capacity(EMBEDDED.len());
    let mut errors = Vec::new();
    for (name, _) in EMBEDDED {
        match read_limited(&dir.join(name)) {
            Ok(text) => files.push((name, text)),
            Err(message) => errors.push(ContentError::file(name, message)),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

/// Reads a regular file of at most [`MAX_FILE_BYTES`] as UTF-8.
fn read_limited(path: &Path) -> Result<String, String> {
    crate::read::read_bounded(path, MAX_FILE_BYTES).map_err(|e| match e {
        ReadError::Missing => format!("missing file `{}`", path.display()),
        ReadError::TooLarge { .. } => too_large(),
        ReadError::NotUtf8 { offset } => format!("not valid utf-8 (at byte `{offset}`)"),
        e => format!("cannot read `{}`: {e}", path.display()),
    })
}

/// An error message when `len` bytes exceed the limit.
pub(crate) fn check_size(len: usize) -> Result<(), String> {
    if len > MAX_FILE_BYTES {
        Err(too_large())
    } else {
        Ok(())
    }
}

fn too_large() -> String {
    format!("file too large: more than `{MAX_FILE_BYTES}` bytes (1 MiB)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collection::Collection;

    #[test]
    fn every_collection_has_its_file() {
        for c in Collection::ALL {
            assert!(EMBEDDED.iter().any(|(n, _)| *n == c.file()), "{}", c.file());
        }
        assert_eq!(EMBEDDED[0].0, META_FILE);
    }

    #[test]
    fn embedded_files_fit() {
        for (name, text) in EMBEDDED {
            assert!(check_size(text.len()).is_ok(), "{name}");
        }
    }
}
