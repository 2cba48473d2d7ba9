//! Parsing the TOML text of each file into typed items, one item at a time.
//!
//! Each item is deserialized separately, so one bad item does not hide the
//! others and every error names its file, item and field.

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::collection::Collection;
use crate::content::Content;
use crate::error::ContentError;
use crate::load::{check_size, RawFile, META_FILE};
use crate::model::Intakes;

/// `content.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Meta {
    version: String,
}

/// Parses every file; the result has an empty index and a version without hash.
pub(crate) fn parse(files: &[RawFile]) -> Result<Content, Vec<ContentError>> {
    let mut errors = Vec::new();
    let mut content = Content::empty();
    for (name, text) in files {
        let Some(mut table) = table(name, text, &mut errors) else {
            continue;
        };
        let file = &mut File {
            name,
            table: &mut table,
            errors: &mut errors,
        };
        match *name {
            META_FILE => {
                if let Some(meta) = file.whole::<Meta>() {
                    content.semver = meta.version;
                }
            }
            _ => parse_collection(file, &mut content),
        }
        for key in table.keys() {
            errors.push(ContentError {
                file: (*name).to_owned(),
                item: None,
                field: Some(key.clone()),
                message: format!("unknown field `{key}`"),
                line: None,
            });
        }
    }
    if errors.is_empty() {
        Ok(content)
    } else {
        Err(errors)
    }
}

fn parse_collection(file: &mut File<'_>, content: &mut Content) {
    let Some(collection) = Collection::ALL.into_iter().find(|c| c.file() == file.name) else {
        return;
    };
    let key = collection.key();
    match collection {
        Collection::Sources => content.sources = file.items(key),
        Collection::Claims => content.claims = file.items(key),
        Collection::Forms => content.forms = file.items(key),
        Collection::Intakes => {
            content.intakes = Intakes {
                rda: file.items("rda"),
                upper_limit: file.items("upper_limit"),
            }
        }
        Collection::Foods => content.foods = file.items(key),
        Collection::Medications => content.medications = file.items(key),
        Collection::Conditions => content.conditions = file.items(key),
        Collection::RedFlags => content.red_flags = file.items(key),
        Collection::Notes => content.notes = file.items(key),
        Collection::Companions => content.companions = file.items(key),
        Collection::Lifestyle => content.lifestyle = file.items(key),
        Collection::Mechanisms => content.mechanisms = file.items(key),
        Collection::Faq => content.faq = file.items(key),
        Collection::LabelChecklist => content.label_checklist = file.items(key),
    }
}

/// Checks the size, then parses the TOML document.
fn table(name: &str, text: &str, errors: &mut Vec<ContentError>) -> Option<toml::Table> {
    if let Err(message) = check_size(text.len()) {
        errors.push(ContentError::file(name, message));
        return None;
    }
    match text.parse::<toml::Table>() {
        Ok(table) => Some(table),
        Err(e) => {
            let at = e
                .span()
                .map(|span| {
                    let before = text.get(..span.start).unwrap_or(text);
                    let line = before.matches('\n').count() + 1;
                    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
                    format!(" at line {line}, column {column}")
                })
                .unwrap_or_default();
            errors.push(ContentError::file(
                name,
                format!("invalid toml{at}: {}", one_line(e.message())),
            ));
            None
        }
    }
}

/// One file being parsed: the keys left in `table` afterwards are unknown.
struct File<'a> {
    name: &'a str,
    table: &'a mut toml::Table,
    errors: &'a mut Vec<ContentError>,
}

impl File<'_> {
    /// Deserializes the whole file (consuming every key).
    fn whole<T: DeserializeOwned>(&mut self) -> Option<T> {
        let value = toml::Value::Table(std::mem::take(self.table));
        match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(v) => Some(v),
            Err(e) => {
                let error = item_error(self.name, None, e);
                self.errors.push(error);
                None
            }
        }
    }

    /// Removes `[[key]]` from the file and deserializes each of its items.
    fn items<T: DeserializeOwned>(&mut self, key: &str) -> Vec<T> {
        let Some(value) = self.table.remove(key) else {
            return Vec::new();
        };
        let toml::Value::Array(values) = value else {
            self.errors.push(ContentError {
                file: self.name.to_owned(),
                item: None,
                field: Some(key.to_owned()),
                message: format!("expected an array of tables `[[{key}]]`"),
                line: None,
            });
            return Vec::new();
        };
        let mut items = Vec::with_capacity(values.len());
        for (i, value) in values.into_iter().enumerate() {
            let label = match value.get("id").and_then(toml::Value::as_str) {
                Some(id) => id.to_owned(),
                None => format!("{key}[{i}]"),
            };
            match serde_path_to_error::deserialize::<_, T>(value) {
                Ok(item) => items.push(item),
                Err(e) => self.errors.push(item_error(self.name, Some(label), e)),
            }
        }
        items
    }
}

/// Turns a serde error into a [`ContentError`] with the field path.
fn item_error(
    file: &str,
    item: Option<String>,
    e: serde_path_to_error::Error<toml::de::Error>,
) -> ContentError {
    let path = e.path().to_string();
    let mut field = (path != ".").then_some(path);
    let message = one_line(e.inner().message());
    // serde reports unknown and missing fields at the enclosing table: name the field itself.
    let mut short = message.clone();
    for prefix in ["unknown field `", "missing field `"] {
        if let Some(rest) = message.strip_prefix(prefix) {
            if let Some((name, _)) = rest.split_once('`') {
                // The path already ends with an unknown field, not with a missing one.
                field = Some(match field {
                    Some(path) if path == name || path.ends_with(&format!(".{name}")) => path,
                    Some(parent) => format!("{parent}.{name}"),
                    None => name.to_owned(),
                });
                short = format!("{prefix}{name}`");
            }
        }
    }
    ContentError {
        file: file.to_owned(),
        item,
        field,
        message: short,
        line: None,
    }
}

fn one_line(message: &str) -> String {
    message
        .trim()
        .trim_end_matches('.')
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
#[allow(
    clippy::indexing_slicing,
    reason = "tests may index and slice, as the integration tests do: a panic is a failed test"
)]
mod tests {
    use super::*;

    fn errors(name: &'static str, text: &str) -> Vec<ContentError> {
        parse(&[(name, text.to_owned())]).unwrap_err()
    }

    #[test]
    fn unknown_and_missing_fields_name_the_field() {
        let e = errors(
            "forms.toml",
            "[[form]]\nid = \"x\"\nname = \"X\"\nformula = \"MgO\"\nelemental_fraction = 0.603\nchelated = false\nabsorption = \"a\"\ngi_tolerance = \"gentle\"\nlaxative = false\ntiming = \"evening\"\nformats = []\nclaims = []\ncolour = \"red\"\n",
        );
        assert_eq!(
            e,
            vec![ContentError::at(
                "forms.toml",
                "x",
                "colour",
                "unknown field `colour`"
            )]
        );
        let e = errors(
            "notes.toml",
            "[[note]]\nid = \"n\"\nkind = \"assumption\"\nclaims = []\n",
        );
        assert_eq!(
            e,
            vec![ContentError::at(
                "notes.toml",
                "n",
                "text",
                "missing field `text`"
            )]
        );
    }

    #[test]
    fn nested_paths() {
        let e = errors(
            "companions.toml",
            "[[companion]]\nid = \"b6\"\nname = \"B6\"\nsuggest = true\ntext = \"t\"\nclaims = []\n[[companion.limit]]\nfrom = 0.0\nto = 1.0\nkind = \"ul\"\nmax = 3\n",
        );
        assert_eq!(
            e,
            vec![ContentError::at(
                "companions.toml",
                "b6",
                "limit[0].max",
                "unknown field `max`"
            )]
        );
        let e = errors(
            "red_flags.toml",
            "[[red_flag]]\nid = \"r\"\nname = \"R\"\nlevel = \"soon\"\ntext = \"t\"\nclaims = []\n",
        );
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].field.as_deref(), Some("level"));
        assert!(e[0].message.contains("`soon`"), "{}", e[0].message);
    }

    #[test]
    fn top_level_and_syntax_errors() {
        let e = errors("faq.toml", "[[faqs]]\nid = \"f\"\n");
        assert_eq!(e[0].field.as_deref(), Some("faqs"));
        assert_eq!(e[0].message, "unknown field `faqs`");
        let e = errors("faq.toml", "[[faq]\n");
        assert_eq!(e.len(), 1);
        assert!(
            e[0].message.starts_with("invalid toml at line 1"),
            "{}",
            e[0].message
        );
        let e = errors("content.toml", "version = 1\n");
        assert_eq!(e[0].field.as_deref(), Some("version"));
    }

    #[test]
    fn rows_without_id_are_labelled_by_index() {
        let e = errors(
            "intakes.toml",
            "[[rda]]\nfrom = 0.0\nto = 1.0\nkind = \"ai\"\nmale = 30\nsources = []\n",
        );
        assert_eq!(
            e,
            vec![ContentError::at(
                "intakes.toml",
                "rda[0]",
                "female",
                "missing field `female`"
            )]
        );
    }
}
