//! Load and validation errors, each naming the file, item and field.

use std::fmt;

/// One problem found while loading or validating the content.
///
/// Displays as `file: item.field: message`, for example
/// ``forms.toml: citrate.elemental_fraction: stated `0.2` but formula `Mg3(C6H5O7)2` gives `0.162` ``.
#[derive(Debug, Clone, PartialEq)]
pub struct ContentError {
    /// The file name, for example `forms.toml`.
    pub file: String,
    /// The item id (or `rda[3]` for a table row without id), when the problem is in one item.
    pub item: Option<String>,
    /// The field (or path like `variants[0].formula`) within the item or file.
    pub field: Option<String>,
    /// Lowercase message; offending input in backticks; no trailing period.
    pub message: String,
    /// The line in `file` (1-based), for values a reviewer must find (limits
    /// and levels loosened past the reference); validation marks those with
    /// `Some(0)` and the loader looks the line up.
    pub line: Option<usize>,
}

impl ContentError {
    /// An error about a whole file.
    pub(crate) fn file(file: &str, message: impl Into<String>) -> Self {
        ContentError {
            file: file.to_owned(),
            item: None,
            field: None,
            message: message.into(),
            line: None,
        }
    }

    /// An error about a field of an item.
    pub(crate) fn at(
        file: &str,
        item: impl Into<String>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        ContentError {
            file: file.to_owned(),
            item: Some(item.into()),
            field: Some(field.into()),
            message: message.into(),
            line: None,
        }
    }
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: ", self.file)?,
            None => write!(f, "{}: ", self.file)?,
        }
        match (&self.item, &self.field) {
            (Some(item), Some(field)) => write!(f, "{item}.{field}: ")?,
            (Some(item), None) => write!(f, "{item}: ")?,
            (None, Some(field)) => write!(f, "{field}: ")?,
            (None, None) => {}
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ContentError {}

/// Every problem found while loading the content; displays one error per line.
#[derive(Debug, thiserror::Error)]
#[error("{}", lines(.0))]
pub struct ContentErrors(pub Vec<ContentError>);

fn lines(errors: &[ContentError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

impl ContentErrors {
    /// The errors, in the order found.
    pub fn errors(&self) -> &[ContentError] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_forms() {
        let e = ContentError::at(
            "forms.toml",
            "citrate",
            "elemental_fraction",
            "stated `0.2` but formula `Mg3(C6H5O7)2` gives `0.162`",
        );
        assert_eq!(
            e.to_string(),
            "forms.toml: citrate.elemental_fraction: stated `0.2` but formula `Mg3(C6H5O7)2` gives `0.162`"
        );
        let f = ContentError::file("faq.toml", "missing file");
        assert_eq!(f.to_string(), "faq.toml: missing file");
        let all = ContentErrors(vec![e, f]);
        assert_eq!(all.to_string().lines().count(), 2);
    }
}
