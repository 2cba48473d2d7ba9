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

use std::cell::RefCell;
use std::io::Read;
use std::rc::Rc;
use std::sync::Arc;

use arrow_array::{new_empty_array, RecordBatch};
use arrow_schema::{DataType, Field, Fields, Schema};
use crampwise_batch::{evaluate_batch, BatchError, Options};
use crampwise_cli::csv_header::{self, Bounded, HeaderError, Lines, MAX_HEADER_BYTES};
use crampwise_rules::{Engine, InputError, InputErrors, Profile};

use crampwise_content::read::quoted;
use csv::ByteRecord;
use serde_json::{Map, Value};

use super::{CHUNK_BYTES, CHUNK_ROWS};
use crate::error::{io_reason, CliError};
use crate::input::Input;

/// How a column's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CellType {
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
pub(super) struct Column {
    /// The dotted path, as in the header.
    pub(super) name: String,
    /// Its parts (`cramps`, `per_week`).
    path: Vec<String>,
    /// How its cells are read.
    kind: CellType,
}

/// One data row of the CSV input.
pub(super) struct CsvRecord {
    /// Its number, 1-based, the header not counted.
    pub(super) row: u64,
    /// The line it starts on, 1-based, the header being line 1.
    pub(super) line: u64,
    /// Its cells.
    pub(super) record: ByteRecord,
}

/// Rows of the CSV input, with the columns they are read by.
pub(super) struct CsvChunk {
    /// The header's columns.
    pub(super) columns: Arc<[Column]>,
    /// The rows.
    pub(super) records: Vec<CsvRecord>,
}

/// The most bytes of one CSV row (the engine's limit for one profile).
pub(super) const MAX_ROW_BYTES: usize = crampwise_rules::MAX_PROFILE_BYTES;

/// Reads the CSV input a chunk at a time.
pub(super) struct CsvReader {
    reader: csv::Reader<Bounded<Box<dyn Read>>>,
    lines: Rc<RefCell<Lines>>,
    /// How messages name the input.
    name: String,
    columns: Option<Arc<[Column]>>,
    row: u64,
}

impl CsvReader {
    /// A CSV reader over `reader`, which is `input`.
    pub(super) fn new(reader: impl Read + 'static, input: &Input<'_>) -> Result<Self, CliError> {
        let reader: Box<dyn Read> = Box::new(reader);
        let (reader, lines) = csv_header::reader(reader);
        Ok(CsvReader {
            reader,
            lines,
            name: input.name(),
            columns: None,
            row: 0,
        })
    }

    /// The line of byte `offset` of the input.
    fn line_at(&self, offset: u64) -> u64 {
        self.lines.borrow_mut().line_at(offset)
    }

    /// Allows the next record [`MAX_ROW_BYTES`] (and the reader's buffer).
    fn next_record(&self) {
        self.lines.borrow_mut().allow(MAX_ROW_BYTES);
    }

    fn error(&self, e: &csv::Error) -> CliError {
        if let csv::ErrorKind::Io(io) = e.kind() {
            if csv_header::is_too_long(io) {
                return CliError::input(format!(
                    "batch: {} row {}: longer than {MAX_ROW_BYTES} bytes, the most read",
                    self.name,
                    self.row + 1
                ));
            }
            return CliError::input(format!(
                "batch: cannot read {}: {}",
                self.name,
                io_reason(io)
            ));
        }
        let line = e.position().map_or(0, |p| self.line_at(p.byte()));
        CliError::input(format!(
            "batch: {} line {line}: not valid CSV: {}",
            self.name,
            csv_header::lowercase_first(&e.to_string())
        ))
    }

    fn header_error(&self, e: HeaderError) -> CliError {
        let name = &self.name;
        CliError::input(match e {
            HeaderError::TooLong => format!(
                "batch: {name} line 1: the header is longer than {MAX_HEADER_BYTES} bytes, the most read"
            ),
            HeaderError::NotUtf8 { column } => {
                format!("batch: {name} line 1, column {column}: the name is not UTF-8 text")
            }
            HeaderError::Twice(column) => format!(
                "batch: {name} line 1, column {}: named twice in the header",
                quoted(&column)
            ),
            HeaderError::Csv { line, message } => {
                format!("batch: {name} line {line}: not valid CSV: {message}")
            }
            HeaderError::Io(io) => format!("batch: cannot read {name}: {}", io_reason(&io)),
        })
    }

    /// Reads the header and binds every column to a profile field.
    pub(super) fn bind(&mut self, engine: &Engine) -> Result<(), CliError> {
        let names =
            csv_header::read(&mut self.reader, &self.lines).map_err(|e| self.header_error(e))?;
        self.next_record();
        let mut columns: Vec<Column> = Vec::with_capacity(names.len());
        for name in &names {
            let kind = kind_of(engine, name)
                .map_err(|e| CliError::input(format!("batch: {} line 1, {e}", self.name)))?;
            columns.push(Column {
                name: name.clone(),
                path: name.split('.').map(str::to_owned).collect(),
                kind,
            });
        }
        self.columns = Some(columns.into());
        Ok(())
    }

    /// Up to [`CHUNK_ROWS`] rows, or `None` at the end.
    pub(super) fn next_chunk(&mut self) -> Result<Option<CsvChunk>, CliError> {
        let Some(columns) = self.columns.clone() else {
            return Err(CliError::Internal(
                "batch: the CSV header was not read".to_owned(),
            ));
        };
        let mut records = Vec::with_capacity(CHUNK_ROWS);
        let mut bytes = 0;
        while records.len() < CHUNK_ROWS && bytes < CHUNK_BYTES {
            let mut record = ByteRecord::new();
            let after = self.reader.position().byte();
            match self.reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => return Err(self.error(&e)),
            }
            self.next_record();
            self.row += 1;
            bytes += record.as_slice().len();
            let line = self.lines.borrow_mut().record_line(after);
            records.push(CsvRecord {
                row: self.row,
                line,
                record,
            });
        }
        Ok((!records.is_empty()).then_some(CsvChunk { columns, records }))
    }
}

/// The kind of the profile column `name`: the first Arrow type
/// `crampwise-batch` accepts for it, most specific first. An unknown name is its error, with a
/// did-you-mean hint.
fn kind_of(engine: &Engine, name: &str) -> Result<CellType, BatchError> {
    let accepts = |data_type: DataType| {
        let schema = Schema::new(vec![Field::new(name, data_type.clone(), true)]);
        let batch = RecordBatch::try_new(Arc::new(schema), vec![new_empty_array(&data_type)])
            .map_err(|e| BatchError::Arrow(e.to_string()))?;
        evaluate_batch(engine, &batch, &Options::default()).map(|_| ())
    };
    // A null column fits every field: only an unknown name fails here.
    accepts(DataType::Null)?;
    let list = |item: DataType| DataType::List(Arc::new(Field::new("item", item, true)));
    // Lists before text: a list field also takes `;`-joined text (as pandas
    // and polars read a CSV), but its CSV cells are read as this reader's lists.
    let kinds = [
        (DataType::Float64, CellType::Number),
        (DataType::Boolean, CellType::Bool),
        (list(DataType::Utf8), CellType::TextList),
        (list(DataType::Struct(Fields::empty())), CellType::Json),
        (DataType::Utf8, CellType::Text),
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
pub(super) fn profile(columns: &[Column], record: &ByteRecord) -> Result<Profile, InputErrors> {
    if record.len() != columns.len() {
        return Err(InputErrors(vec![InputError {
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
                errors.push(InputError {
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
            Err(message) => errors.push(InputError {
                path: column.name.clone(),
                message,
                input: Some(Value::String(text.to_owned())),
            }),
        }
    }
    if !errors.is_empty() {
        return Err(InputErrors(errors));
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
fn cell(kind: CellType, text: &str) -> Result<Option<Value>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    match kind {
        CellType::Number => number(text)
            .map(Some)
            .ok_or_else(|| format!("expected a number, got {}", quoted(text))),
        CellType::Bool => {
            if text.eq_ignore_ascii_case("true") {
                Ok(Some(Value::Bool(true)))
            } else if text.eq_ignore_ascii_case("false") {
                Ok(Some(Value::Bool(false)))
            } else {
                Err(format!("expected `true` or `false`, got {}", quoted(text)))
            }
        }
        CellType::Text => Ok(Some(Value::String(text.to_owned()))),
        CellType::TextList => list(text).map(Some),
        CellType::Json => crampwise_rules::json::parse(text).map(Some).map_err(|e| {
            format!(
                "expected a JSON array, got {}: not valid JSON at column {}: {}",
                quoted(text),
                e.column(),
                crampwise_rules::json::strip_position(&e.to_string())
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
    if let Some(i) = crampwise_rules::whole_number(f) {
        return Some(Value::from(i));
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
            "expected values separated by `;` (`[]` for none), got an empty value in {}",
            quoted(text)
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
        assert_eq!(cell(CellType::Number, "45").unwrap(), Some(Value::from(45)));
        assert_eq!(
            cell(CellType::Number, "2.5").unwrap(),
            Some(Value::from(2.5))
        );
        assert_eq!(
            cell(CellType::Number, "NaN").unwrap_err(),
            "expected a number, got `NaN`"
        );
        assert_eq!(
            cell(CellType::Bool, "TRUE").unwrap(),
            Some(Value::Bool(true))
        );
        assert!(cell(CellType::Bool, "yes").is_err());
        assert_eq!(cell(CellType::Text, "").unwrap(), None);
        assert_eq!(
            cell(CellType::TextList, "night; sitting").unwrap(),
            Some(serde_json::json!(["night", "sitting"]))
        );
        assert_eq!(
            cell(CellType::TextList, "[]").unwrap(),
            Some(serde_json::json!([]))
        );
        assert!(cell(CellType::TextList, "night;;sitting").is_err());
        assert_eq!(
            cell(
                CellType::Json,
                r#"[{"form": "glycinate", "elemental_mg": 100}]"#
            )
            .unwrap(),
            Some(serde_json::json!([{"form": "glycinate", "elemental_mg": 100}]))
        );
        assert!(cell(CellType::Json, "glycinate").is_err());
    }

    #[test]
    fn kinds_come_from_the_batch_columns() {
        let engine = Engine::embedded().unwrap();
        assert_eq!(kind_of(&engine, "age").unwrap(), CellType::Number);
        assert_eq!(kind_of(&engine, "lactating").unwrap(), CellType::Bool);
        assert_eq!(kind_of(&engine, "lifestyle.diet").unwrap(), CellType::Text);
        assert_eq!(
            kind_of(&engine, "cramps.timing").unwrap(),
            CellType::TextList
        );
        assert_eq!(kind_of(&engine, "supplements").unwrap(), CellType::Json);
        let e = kind_of(&engine, "agee").unwrap_err().to_string();
        assert!(e.contains("did you mean `age`?"), "{e}");
    }
}
