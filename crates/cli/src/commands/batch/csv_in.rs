//! CSV input: a header row of the profile's dotted paths (`age`,
//! `cramps.per_week`, ...), then one profile a row.
//!
//! Each cell is typed by its column's profile field:
//!
//! - numbers (`45`, `2.5`), booleans (`true` or `false`) and text as written;
//! - lists (`cramps.timing`, `symptoms`, `conditions`, ...): values separated
//!   by `;` (`night;during_exercise`); `[]` is an explicit empty list;
//! - `supplements`: a JSON array, as in a JSON profile
//!   (`[{"form": "glycinate", "elemental_mg": 200}]`);
//! - an empty cell: not asked (the key is left out).
//!
//! Which kind a column is comes from `crampwise-batch` itself (its column
//! binding is asked which Arrow type the column takes), so the two can never
//! disagree, and an unknown column name gets its did-you-mean hint.

use std::sync::Arc;

use arrow_array::{new_empty_array, RecordBatch};
use arrow_schema::{DataType, Field, Fields, Schema};
use crampwise_batch::{evaluate_batch, BatchError, Options};
use crampwise_rules::{Engine, Profile, ProfileError, ProfileErrors};
use csv::ByteRecord;
use serde_json::{Map, Value};

use super::{CHUNK_BYTES, CHUNK_ROWS};
use crate::error::{io_reason, CliError};
use crate::input::Input;

/// How a column's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A number.
    Number,
    /// `true` or `false`.
    Bool,
    /// Text as written.
    Text,
    /// Values separated by `;`, `[]` for none.
    TextList,
    /// A JSON value (`supplements`).
    Json,
}

/// One header column.
#[derive(Debug)]
pub struct Column {
    /// The dotted path, as in the header.
    pub name: String,
    /// Its parts (`cramps`, `per_week`).
    path: Vec<String>,
    /// How its cells are read.
    kind: Kind,
}

/// One data row of the CSV input.
pub struct CsvRecord {
    /// Its number, 1-based, the header not counted.
    pub row: u64,
    /// The line it starts on, 1-based, the header being line 1.
    pub line: u64,
    /// Its cells.
    pub record: ByteRecord,
}

/// Rows of the CSV input, with the columns they are read by.
pub struct CsvChunk {
    /// The header's columns.
    pub columns: Arc<[Column]>,
    /// The rows.
    pub records: Vec<CsvRecord>,
}

/// Reads the CSV input a chunk at a time.
pub struct CsvReader {
    reader: csv::Reader<Box<dyn std::io::Read>>,
    /// How messages name the input.
    name: String,
    columns: Option<Arc<[Column]>>,
    row: u64,
}

impl CsvReader {
    /// A CSV reader over `reader`, which is `input`.
    pub fn new(reader: impl std::io::Read + 'static, input: &Input<'_>) -> Result<Self, CliError> {
        let reader = csv::ReaderBuilder::new()
            .flexible(true)
            .buffer_capacity(1 << 16)
            .from_reader(Box::new(reader) as Box<dyn std::io::Read>);
        Ok(CsvReader {
            reader,
            name: input.name(),
            columns: None,
            row: 0,
        })
    }

    fn error(&self, e: &csv::Error) -> CliError {
        if let csv::ErrorKind::Io(io) = e.kind() {
            return CliError::input(format!(
                "batch: cannot read {}: {}",
                self.name,
                io_reason(io)
            ));
        }
        let line = e.position().map_or(0, csv::Position::line);
        CliError::input(format!(
            "batch: {} line {line}: not valid CSV: {}",
            self.name,
            lowercase_first(&e.to_string())
        ))
    }

    /// Reads the header and binds every column to a profile field.
    pub fn bind(&mut self, engine: &Engine) -> Result<(), CliError> {
        let headers = match self.reader.byte_headers() {
            Ok(headers) => headers.clone(),
            Err(e) => return Err(self.error(&e)),
        };
        let mut columns: Vec<Column> = Vec::with_capacity(headers.len());
        for (i, header) in headers.iter().enumerate() {
            let name = std::str::from_utf8(header)
                .map_err(|_| {
                    CliError::input(format!(
                        "batch: {} line 1, column {}: the name is not UTF-8 text",
                        self.name,
                        i + 1
                    ))
                })?
                .trim()
                .trim_start_matches('\u{feff}');
            if columns.iter().any(|c| c.name == name) {
                return Err(CliError::input(format!(
                    "batch: {} line 1, column `{name}`: named twice in the header",
                    self.name
                )));
            }
            let kind = kind_of(engine, name)
                .map_err(|e| CliError::input(format!("batch: {} line 1, {e}", self.name)))?;
            columns.push(Column {
                name: name.to_owned(),
                path: name.split('.').map(str::to_owned).collect(),
                kind,
            });
        }
        self.columns = Some(columns.into());
        Ok(())
    }

    /// Up to [`CHUNK_ROWS`] rows, or `None` at the end.
    pub fn next_chunk(&mut self) -> Result<Option<CsvChunk>, CliError> {
        let Some(columns) = self.columns.clone() else {
            return Err(CliError::Internal(
                "batch: the CSV header was not read".to_owned(),
            ));
        };
        let mut records = Vec::with_capacity(CHUNK_ROWS);
        let mut bytes = 0;
        while records.len() < CHUNK_ROWS && bytes < CHUNK_BYTES {
            let mut record = ByteRecord::new();
            match self.reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => return Err(self.error(&e)),
            }
            self.row += 1;
            bytes += record.as_slice().len();
            records.push(CsvRecord {
                row: self.row,
                line: record.position().map_or(0, csv::Position::line),
                record,
            });
        }
        Ok((!records.is_empty()).then_some(CsvChunk { columns, records }))
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The kind of the profile column `name`: the first Arrow type
/// `crampwise-batch` accepts for it. An unknown name is its error, with a
/// did-you-mean hint.
fn kind_of(engine: &Engine, name: &str) -> Result<Kind, BatchError> {
    let accepts = |data_type: DataType| {
        let schema = Schema::new(vec![Field::new(name, data_type.clone(), true)]);
        let batch = RecordBatch::try_new(Arc::new(schema), vec![new_empty_array(&data_type)])
            .map_err(|e| BatchError::Arrow(e.to_string()))?;
        evaluate_batch(engine, &batch, &Options::default()).map(|_| ())
    };
    // A null column fits every field: only an unknown name fails here.
    accepts(DataType::Null)?;
    let list = |item: DataType| DataType::List(Arc::new(Field::new("item", item, true)));
    let kinds = [
        (DataType::Float64, Kind::Number),
        (DataType::Boolean, Kind::Bool),
        (DataType::Utf8, Kind::Text),
        (list(DataType::Utf8), Kind::TextList),
        (list(DataType::Struct(Fields::empty())), Kind::Json),
    ];
    kinds
        .into_iter()
        .find(|(data_type, _)| accepts(data_type.clone()).is_ok())
        .map(|(_, kind)| kind)
        .ok_or_else(|| BatchError::Column {
            column: name.to_owned(),
            message: "no CSV cell can hold this field".to_owned(),
        })
}

/// The profile in one CSV row: its cells, typed by their columns, then the
/// profile parser's checks. Cells that cannot be read are errors naming the
/// column and the cell.
pub fn profile(columns: &[Column], record: &ByteRecord) -> Result<Profile, ProfileErrors> {
    if record.len() != columns.len() {
        return Err(ProfileErrors(vec![ProfileError {
            path: String::new(),
            message: format!(
                "expected {} cells as in the header, got {}",
                columns.len(),
                record.len()
            ),
            input: None,
        }]));
    }
    let mut root = Map::new();
    let mut errors = Vec::new();
    for (column, bytes) in columns.iter().zip(record.iter()) {
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text.trim(),
            Err(e) => {
                errors.push(ProfileError {
                    path: column.name.clone(),
                    message: format!(
                        "not UTF-8 text (invalid byte at offset {})",
                        e.valid_up_to()
                    ),
                    input: None,
                });
                continue;
            }
        };
        match cell(column.kind, text) {
            Ok(None) => {}
            Ok(Some(value)) => insert(&mut root, &column.path, value),
            Err(message) => errors.push(ProfileError {
                path: column.name.clone(),
                message,
                input: Some(Value::String(text.to_owned())),
            }),
        }
    }
    if !errors.is_empty() {
        return Err(ProfileErrors(errors));
    }
    Profile::from_value(&Value::Object(root))
}

fn insert(root: &mut Map<String, Value>, path: &[String], value: Value) {
    match path {
        [key] => {
            root.insert(key.clone(), value);
        }
        [parent, key] => {
            let entry = root
                .entry(parent.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(m) = entry {
                m.insert(key.clone(), value);
            }
        }
        _ => {}
    }
}

/// One (trimmed) cell as the JSON value it stands for; `None` when empty.
fn cell(kind: Kind, text: &str) -> Result<Option<Value>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    match kind {
        Kind::Number => number(text)
            .map(Some)
            .ok_or_else(|| format!("expected a number, got `{text}`")),
        Kind::Bool => {
            if text.eq_ignore_ascii_case("true") {
                Ok(Some(Value::Bool(true)))
            } else if text.eq_ignore_ascii_case("false") {
                Ok(Some(Value::Bool(false)))
            } else {
                Err(format!("expected `true` or `false`, got `{text}`"))
            }
        }
        Kind::Text => Ok(Some(Value::String(text.to_owned()))),
        Kind::TextList => list(text).map(Some),
        Kind::Json => crampwise_rules::strict_json::parse(text)
            .map(Some)
            .map_err(|e| {
                format!(
                    "expected a JSON array, got `{text}`: not valid JSON at column {}: {}",
                    e.column(),
                    crampwise_rules::strict_json::strip_position(&e.to_string())
                )
            }),
    }
}

/// A number cell as the profile parser expects it (whole numbers as integers,
/// as `crampwise-batch` passes them).
fn number(text: &str) -> Option<Value> {
    let f: f64 = text.parse().ok()?;
    if !f.is_finite() {
        return None;
    }
    if f.fract() == 0.0 && f.abs() < 9.0e15 {
        return Some(Value::from(f as i64));
    }
    serde_json::Number::from_f64(f).map(Value::Number)
}

/// `a;b;c` as a list of strings; `[]` is the empty list.
fn list(text: &str) -> Result<Value, String> {
    if text == "[]" {
        return Ok(Value::Array(Vec::new()));
    }
    let items: Vec<&str> = text.split(';').map(str::trim).collect();
    if items.iter().any(|item| item.is_empty()) {
        return Err(format!(
            "expected values separated by `;` (`[]` for none), got an empty value in `{text}`"
        ));
    }
    Ok(Value::Array(
        items
            .into_iter()
            .map(|item| Value::String(item.to_owned()))
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn cells_are_typed_by_their_column() {
        assert_eq!(cell(Kind::Number, "45").unwrap(), Some(Value::from(45)));
        assert_eq!(cell(Kind::Number, "2.5").unwrap(), Some(Value::from(2.5)));
        assert_eq!(
            cell(Kind::Number, "NaN").unwrap_err(),
            "expected a number, got `NaN`"
        );
        assert_eq!(cell(Kind::Bool, "TRUE").unwrap(), Some(Value::Bool(true)));
        assert!(cell(Kind::Bool, "yes").is_err());
        assert_eq!(cell(Kind::Text, "").unwrap(), None);
        assert_eq!(
            cell(Kind::TextList, "night; sitting").unwrap(),
            Some(serde_json::json!(["night", "sitting"]))
        );
        assert_eq!(
            cell(Kind::TextList, "[]").unwrap(),
            Some(serde_json::json!([]))
        );
        assert!(cell(Kind::TextList, "night;;sitting").is_err());
        assert_eq!(
            cell(
                Kind::Json,
                r#"[{"form": "glycinate", "elemental_mg": 100}]"#
            )
            .unwrap(),
            Some(serde_json::json!([{"form": "glycinate", "elemental_mg": 100}]))
        );
        assert!(cell(Kind::Json, "glycinate").is_err());
    }

    #[test]
    fn kinds_come_from_the_batch_columns() {
        let engine = Engine::embedded().unwrap();
        assert_eq!(kind_of(&engine, "age").unwrap(), Kind::Number);
        assert_eq!(kind_of(&engine, "lactating").unwrap(), Kind::Bool);
        assert_eq!(kind_of(&engine, "lifestyle.diet").unwrap(), Kind::Text);
        assert_eq!(kind_of(&engine, "cramps.timing").unwrap(), Kind::TextList);
        assert_eq!(kind_of(&engine, "supplements").unwrap(), Kind::Json);
        let e = kind_of(&engine, "agee").unwrap_err().to_string();
        assert!(e.contains("did you mean `age`?"), "{e}");
    }
}
