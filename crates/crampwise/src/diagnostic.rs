//! One type for every input error: profiles, food lists, labels, rule ids,
//! rule and content directories.
//!
//! A [`Diagnostic`] has a [`Code`] (what kind of input was wrong), the path
//! of the bad value as [`Segment`]s, the message, the offending input and an
//! optional help line. The command line prints them; the Python binding maps
//! them onto its exception tree (the code picks the class).

use std::fmt;

use serde::Serialize;
use serde_json::Value;

/// What kind of input a [`Diagnostic`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    /// An intake profile that is not valid JSON or does not validate.
    InvalidProfile,
    /// A food list that does not validate.
    InvalidFoods,
    /// A supplement label that cannot be read.
    InvalidLabel,
    /// A rule id that is not in the rule set.
    UnknownRule,
    /// A plan (given back for checking) that is not a crampwise plan.
    InvalidPlan,
}

impl Code {
    /// The code as written in JSON (`invalid_profile`).
    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidProfile => "invalid_profile",
            Code::InvalidFoods => "invalid_foods",
            Code::InvalidLabel => "invalid_label",
            Code::UnknownRule => "unknown_rule",
            Code::InvalidPlan => "invalid_plan",
        }
    }
}

crampwise_content::display_from_str!(Code {
    InvalidProfile,
    InvalidFoods,
    InvalidLabel,
    UnknownRule,
    InvalidPlan,
});

/// One step of the path to a bad value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum Segment {
    /// An object key.
    Key(String),
    /// A list index.
    Index(usize),
}

/// One problem with an input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// What kind of input it is about.
    pub code: Code,
    /// Where the bad value is (empty: the whole input).
    pub path: Vec<Segment>,
    /// What is wrong: lowercase, the offending input in backticks.
    pub message: String,
    /// The offending value, when there is one to show.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<Value>,
    /// What to do about it, when there is something to say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem with `code` at the dotted `path` (`supplements[0].form`).
    pub fn new(code: Code, path: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            path: segments(path),
            message: message.into(),
            input: None,
            help: None,
        }
    }

    /// The same problem with a help line.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// The path as the messages write it: `cramps.timing[1]`; empty for the
    /// whole input.
    pub fn path_text(&self) -> String {
        let mut out = String::new();
        for segment in &self.path {
            match segment {
                Segment::Key(key) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(key);
                }
                Segment::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
            }
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path_text();
        if path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{path}: {}", self.message)
        }
    }
}

/// Every problem found in one input, in the order they were found (document
/// order for JSON). Never empty when returned as an error.
#[derive(Debug, Clone, PartialEq, Serialize, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// The problems.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// The code of the first problem (all share one in practice).
    pub fn code(&self) -> Option<Code> {
        self.0.first().map(|d| d.code)
    }

    /// The profile errors as diagnostics with `code`.
    pub fn from_input_errors(code: Code, errors: &crampwise_rules::InputErrors) -> Diagnostics {
        Diagnostics(
            errors
                .0
                .iter()
                .map(|e| Diagnostic {
                    code,
                    path: segments(&e.path),
                    message: e.message.clone(),
                    input: e.input.clone(),
                    help: None,
                })
                .collect(),
        )
    }

    /// A label error as a diagnostic.
    pub fn from_label_error(error: &crampwise_label::LabelError) -> Diagnostic {
        let (path, message) = error.parts();
        Diagnostic::new(Code::InvalidLabel, &path, message)
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Diagnostics {
        Diagnostics(vec![d])
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

/// The segments of a dotted path (`supplements[0].form`): keys split at
/// `.`, indices in brackets; [`Diagnostic::path_text`] writes it back
/// unchanged.
pub fn segments(path: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    if path.is_empty() {
        return out;
    }
    for part in path.split('.') {
        let (key, mut rest) = match index_start(part) {
            Some(at) => part.split_at(at),
            None => (part, ""),
        };
        if !key.is_empty() || rest.is_empty() {
            out.push(Segment::Key(key.to_owned()));
        }
        while let Some((index, after)) = leading_index(rest) {
            out.push(Segment::Index(index));
            rest = after;
        }
    }
    out
}

/// Where the trailing `[n][m]…` of a path part starts, if it has one.
fn index_start(part: &str) -> Option<usize> {
    let mut start = part.len();
    let mut rest = part;
    while rest.ends_with(']') {
        let open = rest.rfind('[')?;
        let digits = rest.get(open + 1..rest.len() - 1)?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            break;
        }
        start = open;
        rest = rest.get(..open)?;
    }
    (start < part.len()).then_some(start)
}

fn leading_index(text: &str) -> Option<(usize, &str)> {
    let inner = text.strip_prefix('[')?;
    let close = inner.find(']')?;
    let index = inner.get(..close)?.parse().ok()?;
    Some((index, inner.get(close + 1..)?))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_and_join_back() {
        for path in [
            "",
            "age",
            "cramps.timing[1]",
            "supplements[0].form",
            "[2].ingredients[0].unit",
            "a[b",
            "x[1][2].y",
            "odd]key",
        ] {
            let d = Diagnostic::new(Code::InvalidProfile, path, "m");
            assert_eq!(d.path_text(), path, "{:?}", d.path);
        }
        assert_eq!(
            segments("supplements[0].form"),
            [
                Segment::Key("supplements".into()),
                Segment::Index(0),
                Segment::Key("form".into())
            ]
        );
    }
}
