//! Reading profiles out of Arrow columns named by the profile's dotted paths.
//!
//! Each row becomes the same JSON value a caller would have sent, and goes
//! through `Profile::from_value`, so a table and a JSON profile are checked by
//! one parser with one set of messages. A null cell or a missing column means
//! "not asked".

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type, UInt32Type,
    UInt64Type, UInt8Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::DataType;
use serde_json::{Map, Number, Value};

use crampwise_rules::fields::FieldKind;

use crate::BatchError;

/// Every profile column: dotted path and kind, from the profile's field
/// table (every input field but those of a supplements entry).
pub(crate) fn columns() -> impl Iterator<Item = (&'static str, ColumnType)> {
    crampwise_rules::fields::inputs()
        .into_iter()
        .filter(|f| f.is_column())
        .map(|f| (f.path, ColumnType::of(f.kind)))
}

/// The type of column a profile field is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ColumnType {
    Number,
    Bool,
    Text,
    TextList,
    Supplements,
}

impl ColumnType {
    fn of(kind: FieldKind) -> ColumnType {
        match kind {
            FieldKind::Number { .. } => ColumnType::Number,
            FieldKind::Bool => ColumnType::Bool,
            FieldKind::Enum => ColumnType::Text,
            FieldKind::Set => ColumnType::TextList,
            FieldKind::Supplements => ColumnType::Supplements,
        }
    }

    fn expected(self) -> &'static str {
        match self {
            ColumnType::Number => "a number column",
            ColumnType::Bool => "a boolean column",
            ColumnType::Text => "a string column (plain or dictionary-encoded)",
            ColumnType::TextList => "a list of strings, or text with the values separated by `;`",
            ColumnType::Supplements => {
                "a list of structs with `form`, `elemental_mg`, `nutrient` and `mg`, or JSON text"
            }
        }
    }
}

/// One input column bound to its place in the profile.
pub(crate) struct Bound {
    /// The dotted path, as in the column table.
    pub name: &'static str,
    path: Vec<&'static str>,
    pub kind: ColumnType,
    pub array: ArrayRef,
}

/// The profile columns of one batch, checked once.
pub(crate) struct ProfileColumns {
    bound: Vec<Bound>,
    rows: usize,
}

fn closest(name: &str) -> Option<&'static str> {
    crampwise_content::suggest::closest(name, columns().map(|(p, _)| p))
}

fn is_number(t: &DataType) -> bool {
    t.is_integer() || matches!(t, DataType::Float32 | DataType::Float64)
}

fn is_text(t: &DataType) -> bool {
    matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)
}

fn fits(kind: ColumnType, t: &DataType) -> bool {
    match (kind, t) {
        (_, DataType::Null) => true,
        (ColumnType::Number, t) => is_number(t),
        (ColumnType::Bool, t) => *t == DataType::Boolean,
        (ColumnType::Text, t) => is_text(t),
        (ColumnType::TextList, DataType::List(f) | DataType::LargeList(f)) => {
            is_text(f.data_type()) || *f.data_type() == DataType::Null
        }
        // A CSV's cells, as pandas or polars read them: `night;sitting`, a JSON array.
        (ColumnType::TextList | ColumnType::Supplements, t) if is_text(t) => true,
        (ColumnType::Supplements, DataType::List(f) | DataType::LargeList(f)) => {
            matches!(f.data_type(), DataType::Struct(_) | DataType::Null)
        }
        _ => false,
    }
}

/// A dictionary-encoded string column (a pandas or polars categorical) as
/// plain strings, so it is read like any other text column; other columns
/// as they are.
fn decode_dictionary(kind: ColumnType, array: &ArrayRef) -> Result<ArrayRef, String> {
    match array.data_type() {
        DataType::Dictionary(_, values) if kind == ColumnType::Text && is_text(values) => {
            let Some(dictionary) = array.as_any_dictionary_opt() else {
                return Ok(array.clone());
            };
            arrow_select::take::take(dictionary.values().as_ref(), dictionary.keys(), None)
                .map_err(|e| format!("could not decode the dictionary: {e}"))
        }
        _ => Ok(array.clone()),
    }
}

impl ProfileColumns {
    /// Binds every column of `batch` to a profile field; an unknown column
    /// name or an unsupported type is an error naming the column.
    pub(crate) fn bind(batch: &RecordBatch) -> Result<ProfileColumns, BatchError> {
        let schema = batch.schema();
        let mut bound = Vec::new();
        for (field, array) in schema.fields().iter().zip(batch.columns()) {
            let name = field.name();
            let Some((path, kind)) = columns().find(|(p, _)| p == name) else {
                let hint = closest(name)
                    .map(|c| format!("; did you mean `{c}`?"))
                    .unwrap_or_default();
                return Err(BatchError::Column {
                    column: name.clone(),
                    message: format!("not a profile field{hint}"),
                });
            };
            if bound.iter().any(|b: &Bound| b.name == path) {
                return Err(BatchError::Column {
                    column: name.clone(),
                    message: "appears twice; keep one column per profile field".to_owned(),
                });
            }
            let array = decode_dictionary(kind, array).map_err(|message| BatchError::Column {
                column: name.clone(),
                message,
            })?;
            if !fits(kind, array.data_type()) {
                return Err(BatchError::Column {
                    column: name.clone(),
                    message: format!(
                        "type `{}` is not supported; expected {}",
                        field.data_type(),
                        kind.expected()
                    ),
                });
            }
            bound.push(Bound {
                name: path,
                path: path.split('.').collect(),
                kind,
                array,
            });
        }
        Ok(ProfileColumns {
            bound,
            rows: batch.num_rows(),
        })
    }

    /// Number of rows.
    pub(crate) fn rows(&self) -> usize {
        self.rows
    }

    /// The bound columns.
    pub(crate) fn bound(&self) -> &[Bound] {
        &self.bound
    }

    /// Row `row` as a profile JSON value (null cells left out).
    pub(crate) fn row(&self, row: usize) -> Value {
        let mut root = Map::new();
        for b in &self.bound {
            let Some(value) = cell(&b.array, b.kind, row) else {
                continue;
            };
            match b.path.as_slice() {
                [key] => {
                    root.insert((*key).to_owned(), value);
                }
                [parent, key] => {
                    let entry = root
                        .entry((*parent).to_owned())
                        .or_insert_with(|| Value::Object(Map::new()));
                    if let Value::Object(m) = entry {
                        m.insert((*key).to_owned(), value);
                    }
                }
                _ => {}
            }
        }
        Value::Object(root)
    }
}

fn number(array: &dyn Array, row: usize) -> Option<Value> {
    let f = match array.data_type() {
        DataType::Int8 => f64::from(array.as_primitive::<Int8Type>().value(row)),
        DataType::Int16 => f64::from(array.as_primitive::<Int16Type>().value(row)),
        DataType::Int32 => f64::from(array.as_primitive::<Int32Type>().value(row)),
        DataType::Int64 => return Some(Value::from(array.as_primitive::<Int64Type>().value(row))),
        DataType::UInt8 => f64::from(array.as_primitive::<UInt8Type>().value(row)),
        DataType::UInt16 => f64::from(array.as_primitive::<UInt16Type>().value(row)),
        DataType::UInt32 => f64::from(array.as_primitive::<UInt32Type>().value(row)),
        DataType::UInt64 => {
            return Some(Value::from(array.as_primitive::<UInt64Type>().value(row)))
        }
        DataType::Float32 => f64::from(array.as_primitive::<Float32Type>().value(row)),
        DataType::Float64 => array.as_primitive::<Float64Type>().value(row),
        _ => return None,
    };
    if let Some(i) = crampwise_rules::whole_number(f) {
        return Some(Value::from(i));
    }
    // NaN or infinity: passed as a string so the profile parser names it.
    Some(Number::from_f64(f).map_or_else(|| Value::String(f.to_string()), Value::Number))
}

fn text(array: &dyn Array, row: usize) -> Option<String> {
    match array.data_type() {
        DataType::Utf8 => Some(array.as_string::<i32>().value(row).to_owned()),
        DataType::LargeUtf8 => Some(array.as_string::<i64>().value(row).to_owned()),
        DataType::Utf8View => Some(array.as_string_view().value(row).to_owned()),
        _ => None,
    }
}

fn list_item(array: &dyn Array, row: usize) -> Option<ArrayRef> {
    match array.data_type() {
        DataType::List(_) => Some(array.as_list::<i32>().value(row)),
        DataType::LargeList(_) => Some(array.as_list::<i64>().value(row)),
        _ => None,
    }
}

fn text_list(items: &dyn Array) -> Value {
    Value::Array(
        (0..items.len())
            .map(|i| {
                if items.is_null(i) {
                    Value::Null
                } else {
                    text(items, i).map_or(Value::Null, Value::String)
                }
            })
            .collect(),
    )
}

fn supplements(items: &dyn Array) -> Value {
    let Some(structs) = items.as_struct_opt() else {
        return Value::Array(Vec::new());
    };
    let names = structs.column_names();
    let out = (0..structs.len())
        .map(|i| {
            if structs.is_null(i) {
                return Value::Null;
            }
            let mut m = Map::new();
            for (name, col) in names.iter().zip(structs.columns()) {
                if col.is_null(i) {
                    continue;
                }
                let v = if is_text(col.data_type()) {
                    text(col.as_ref(), i).map(Value::String)
                } else {
                    number(col.as_ref(), i)
                };
                if let Some(v) = v {
                    m.insert((*name).to_owned(), v);
                }
            }
            Value::Object(m)
        })
        .collect();
    Value::Array(out)
}

fn cell(array: &ArrayRef, kind: ColumnType, row: usize) -> Option<Value> {
    if array.is_null(row) || *array.data_type() == DataType::Null {
        return None;
    }
    match kind {
        ColumnType::Number => number(array.as_ref(), row),
        ColumnType::Bool => Some(Value::Bool(array.as_boolean().value(row))),
        ColumnType::Text => text(array.as_ref(), row).map(Value::String),
        ColumnType::TextList => match text(array.as_ref(), row) {
            Some(joined) => joined_list(&joined),
            None => list_item(array.as_ref(), row).map(|items| text_list(items.as_ref())),
        },
        ColumnType::Supplements => match text(array.as_ref(), row) {
            Some(json) => json_cell(&json),
            None => list_item(array.as_ref(), row).map(|items| supplements(items.as_ref())),
        },
    }
}

/// A list cell of text, as the command line's CSV writes it: values
/// separated by `;`, `[]` for the empty list; an empty cell is "not asked".
fn joined_list(joined: &str) -> Option<Value> {
    let joined = joined.trim();
    if joined.is_empty() {
        return None;
    }
    if joined == "[]" {
        return Some(Value::Array(Vec::new()));
    }
    Some(Value::Array(
        joined
            .split(';')
            .map(|item| Value::String(item.trim().to_owned()))
            .collect(),
    ))
}

/// A JSON cell (`supplements` in a CSV); text that is not JSON is passed on
/// as a string, so the profile parser names the cell and what it expected.
fn json_cell(text: &str) -> Option<Value> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    Some(crampwise_rules::json::parse(text).unwrap_or_else(|_| Value::String(text.to_owned())))
}
