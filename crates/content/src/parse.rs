//! Parsing the TOML text of each file into typed items, one item at a time.
//!
//! Each item is deserialized separately, so one bad item does not hide the
//! others and every error names its file, item and field.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use toml::de::{DeTable, DeValue, ValueDeserializer};
use toml::Spanned;

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

/// Moves one file's parsed items into the content.
type Fill = Box<dyn FnOnce(&mut Content) + Send>;

/// Parses every file; the result has an empty index and a version without hash.
///
/// Files are independent, so two threads parse about half the bytes each;
/// the errors keep the files' order.
pub(crate) fn parse(files: &[RawFile]) -> Result<Content, Vec<ContentError>> {
    let total: usize = files.iter().map(|(_, text)| text.len()).sum();
    let mut bytes = 0;
    let half = files
        .iter()
        .position(|(_, text)| {
            bytes += text.len();
            bytes * 2 >= total
        })
        .map_or(files.len(), |i| i + 1);
    let (first, second) = files.split_at(half);
    let (mut parts, rest) = if second.is_empty() {
        (parse_files(first), Vec::new())
    } else {
        std::thread::scope(|s| {
            let rest = s.spawn(|| parse_files(second));
            let parts = parse_files(first);
            (
                parts,
                rest.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
            )
        })
    };
    parts.extend(rest);
    let mut errors = Vec::new();
    let mut content = Content::empty();
    for (fill, file_errors) in parts {
        if let Some(fill) = fill {
            fill(&mut content);
        }
        errors.extend(file_errors);
    }
    if errors.is_empty() {
        Ok(content)
    } else {
        Err(errors)
    }
}

fn parse_files(files: &[RawFile]) -> Vec<(Option<Fill>, Vec<ContentError>)> {
    files
        .iter()
        .map(|(name, text)| parse_file(name, text))
        .collect()
}

/// One file's items (to move into the content) and its errors.
fn parse_file(name: &'static str, text: &str) -> (Option<Fill>, Vec<ContentError>) {
    let mut errors = Vec::new();
    let Some(mut table) = table(name, text, &mut errors) else {
        return (None, errors);
    };
    let file = &mut File {
        name,
        table: &mut table,
        errors: &mut errors,
    };
    let fill = match name {
        META_FILE => file.whole::<Meta>().map(|meta| -> Fill {
            Box::new(move |content: &mut Content| content.semver = meta.version)
        }),
        _ => parse_collection(file),
    };
    for key in table.get_ref().keys() {
        let key = key.get_ref();
        errors.push(ContentError {
            file: name.to_owned(),
            item: None,
            field: Some(key.to_string()),
            message: format!("unknown field `{key}`"),
            line: None,
        });
    }
    (fill, errors)
}

fn parse_collection(file: &mut File<'_, '_>) -> Option<Fill> {
    let collection = Collection::ALL
        .into_iter()
        .find(|c| c.file() == file.name)?;
    let key = collection.key();
    macro_rules! fill {
        ($field:ident) => {{
            let items = file.items(key);
            Box::new(move |content: &mut Content| content.$field = items)
        }};
    }
    Some(match collection {
        Collection::Sources => fill!(sources),
        Collection::Claims => fill!(claims),
        Collection::Forms => fill!(forms),
        Collection::Intakes => {
            let intakes = Intakes {
                rda: file.items("rda"),
                upper_limit: file.items("upper_limit"),
            };
            Box::new(move |content: &mut Content| content.intakes = intakes)
        }
        Collection::Foods => fill!(foods),
        Collection::Medications => fill!(medications),
        Collection::Conditions => fill!(conditions),
        Collection::RedFlags => fill!(red_flags),
        Collection::Notes => fill!(notes),
        Collection::Companions => fill!(companions),
        Collection::Lifestyle => fill!(lifestyle),
        Collection::Mechanisms => fill!(mechanisms),
        Collection::Faq => fill!(faq),
        Collection::LabelChecklist => fill!(label_checklist),
    })
}

/// Checks the size, then parses the TOML document.
fn table<'t>(
    name: &str,
    text: &'t str,
    errors: &mut Vec<ContentError>,
) -> Option<Spanned<DeTable<'t>>> {
    if let Err(message) = check_size(text.len()) {
        errors.push(ContentError::file(name, message));
        return None;
    }
    // The borrowed document: items are deserialized from it directly, with no
    // owned `toml::Table` built in between.
    match DeTable::parse(text) {
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
struct File<'a, 't> {
    name: &'a str,
    table: &'a mut Spanned<DeTable<'t>>,
    errors: &'a mut Vec<ContentError>,
}

impl File<'_, '_> {
    /// Deserializes the whole file (consuming every key).
    fn whole<T: DeserializeOwned>(&mut self) -> Option<T> {
        let span = self.table.span();
        let table = std::mem::take(self.table.get_mut());
        let value = ValueDeserializer::from(Spanned::new(span, DeValue::Table(table)));
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
        let Some(value) = self.table.get_mut().remove(key) else {
            return Vec::new();
        };
        let DeValue::Array(values) = value.into_inner() else {
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
            let id = match value.get_ref() {
                DeValue::Table(t) => t.get("id").and_then(|id| id.get_ref().as_str()),
                _ => None,
            };
            let label = match id {
                Some(id) => id.to_owned(),
                None => format!("{key}[{i}]"),
            };
            match serde_path_to_error::deserialize::<_, T>(ValueDeserializer::from(value)) {
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

    /// A form with every field, valid.
    const FORM: &str = "[[form]]\nid = \"x\"\nname = \"X\"\nformula = \"MgO\"\nelemental_fraction = 0.603\nchelated = false\nabsorption = \"a\"\ngi_tolerance = \"gentle\"\nlaxative = false\ntiming = \"evening\"\nformats = []\nclaims = []\n";

    fn errors(name: &'static str, text: &str) -> Vec<ContentError> {
        parse(&[(name, text.to_owned())]).unwrap_err()
    }

    #[test]
    fn unknown_and_missing_fields_name_the_field() {
        let e = errors("forms.toml", &format!("{FORM}colour = \"red\"\n"));
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
    fn wrong_types_name_the_field_and_the_value() {
        let e = errors(
            "forms.toml",
            &FORM.replace(
                "elemental_fraction = 0.603",
                "elemental_fraction = \"most\"",
            ),
        );
        assert_eq!(
            e,
            vec![ContentError::at(
                "forms.toml",
                "x",
                "elemental_fraction",
                "invalid type: string \"most\", expected f64"
            )]
        );
        let e = errors("notes.toml", "note = 3\n");
        assert_eq!(e[0].message, "expected an array of tables `[[note]]`");
        let e = errors("content.toml", "version = \"1.0.0\"\nextra = 1\n");
        assert_eq!(e[0].message, "unknown field `extra`");
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
