//! Writing the output as it comes: JSON Lines, CSV or Parquet.
//!
//! Every format has the same columns: `row`, then
//! `crampwise_batch::output_schema` (`triage_level`, `supplement_status`,
//! `daily_max_mg`, `schedule_total_mg`, `forms`, `rules`, `plan_json` with
//! `--full`, `error` unless `--fail-fast`).
//!
//! - JSON Lines: one object a row; null values are left out, so a bad row is
//!   `{"row": N, "error": "..."}`; `plan_json` is the plan object itself.
//! - CSV: a header row; a null is an empty cell; lists are `;`-separated and
//!   an empty list is `[]` (as in the input); `plan_json` is the plan's JSON
//!   text.
//! - Parquet: Snappy-compressed, row groups of at most [`ROW_GROUP_ROWS`].

use std::io::{self, BufWriter, Write};
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, Float64Array, Int64Array, ListArray, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use crampwise_batch::{output_schema, Options};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;

use super::evaluate::Evaluated;
use crate::cli::TableFormat;
use crate::error::CliError;

/// Rows per Parquet row group: the writer holds one row group in memory.
const ROW_GROUP_ROWS: usize = 128 * 1024;

/// The most bytes a Parquet row group may have before it is written out.
const ROW_GROUP_BYTES: usize = 64 << 20;

/// The output table's columns, typed.
pub(super) struct Columns<'a> {
    /// `triage_level`.
    pub(super) triage: &'a StringArray,
    /// `supplement_status`.
    pub(super) status: &'a StringArray,
    max: &'a Float64Array,
    total: &'a Float64Array,
    forms: &'a ListArray,
    rules: &'a ListArray,
    plan: Option<&'a StringArray>,
    /// `error`, unless `--fail-fast`.
    pub(super) error: Option<&'a StringArray>,
}

impl<'a> Columns<'a> {
    /// The columns of an output table.
    pub(super) fn of(batch: &'a RecordBatch) -> Result<Self, CliError> {
        let missing =
            |name: &str| CliError::Internal(format!("batch: the output has no `{name}` column"));
        let string = |name: &str| {
            batch
                .column_by_name(name)
                .and_then(|a| a.as_string_opt::<i32>())
                .ok_or_else(|| missing(name))
        };
        let float = |name: &str| {
            batch
                .column_by_name(name)
                .and_then(|a| a.as_primitive_opt())
                .ok_or_else(|| missing(name))
        };
        let list = |name: &str| {
            batch
                .column_by_name(name)
                .and_then(|a| a.as_list_opt::<i32>())
                .filter(|l| l.values().as_string_opt::<i32>().is_some())
                .ok_or_else(|| missing(name))
        };
        Ok(Columns {
            triage: string("triage_level")?,
            status: string("supplement_status")?,
            max: float("daily_max_mg")?,
            total: float("schedule_total_mg")?,
            forms: list("forms")?,
            rules: list("rules")?,
            plan: batch
                .column_by_name("plan_json")
                .and_then(|a| a.as_string_opt::<i32>()),
            error: batch
                .column_by_name("error")
                .and_then(|a| a.as_string_opt::<i32>()),
        })
    }
}

/// The items of list `list` at row `i` (none when null).
fn items(list: &ListArray, i: usize) -> impl Iterator<Item = &str> {
    let range = if list.is_null(i) {
        0..0
    } else {
        // A list array has one offset more than rows, none negative (Arrow
        // checks this when the array is built): the empty fallbacks are
        // never taken.
        match list.value_offsets().get(i..) {
            Some([start, end, ..]) => {
                usize::try_from(*start).unwrap_or(0)..usize::try_from(*end).unwrap_or(0)
            }
            _ => 0..0,
        }
    };
    let values = list.values().as_string::<i32>();
    range.map(move |j| values.value(j))
}

/// The schema of every output: `row`, then `crampwise_batch::output_schema`.
pub(super) fn schema(options: &Options) -> SchemaRef {
    let mut fields = vec![Arc::new(Field::new("row", DataType::Int64, false))];
    fields.extend(output_schema(options).fields().iter().cloned());
    Arc::new(Schema::new(fields))
}

/// Where the output goes, in its format.
pub(super) enum Sink {
    /// JSON Lines.
    Jsonl(BufWriter<Box<dyn Write + Send>>),
    /// CSV, with a record reused for every row.
    Csv(Box<csv::Writer<Box<dyn Write + Send>>>, csv::ByteRecord),
    /// Parquet.
    Parquet(Box<ArrowWriter<Box<dyn Write + Send>>>, SchemaRef),
}

fn parquet_error(e: ParquetError) -> CliError {
    match e {
        ParquetError::External(inner) => match inner.downcast::<io::Error>() {
            Ok(io) => CliError::Io(*io),
            Err(other) => CliError::Internal(format!("could not write Parquet: {other}")),
        },
        e => CliError::Internal(format!("could not write Parquet: {e}")),
    }
}

fn csv_error(e: csv::Error) -> CliError {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => CliError::Io(io),
        other => CliError::Internal(format!("could not write CSV: {other:?}")),
    }
}

impl Sink {
    /// A sink writing `format` to `out`.
    pub(super) fn new(
        format: TableFormat,
        out: Box<dyn Write + Send>,
        options: &Options,
    ) -> Result<Sink, CliError> {
        let schema = schema(options);
        Ok(match format {
            TableFormat::Jsonl => Sink::Jsonl(BufWriter::with_capacity(1 << 16, out)),
            TableFormat::Csv => {
                let mut writer = csv::WriterBuilder::new()
                    .buffer_capacity(1 << 16)
                    .from_writer(out);
                writer
                    .write_record(schema.fields().iter().map(|f| f.name()))
                    .map_err(csv_error)?;
                Sink::Csv(Box::new(writer), csv::ByteRecord::new())
            }
            TableFormat::Parquet => {
                let properties = WriterProperties::builder()
                    .set_compression(Compression::SNAPPY)
                    .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
                    .set_max_row_group_bytes(Some(ROW_GROUP_BYTES))
                    .build();
                let writer = ArrowWriter::try_new(out, Arc::clone(&schema), Some(properties))
                    .map_err(parquet_error)?;
                Sink::Parquet(Box::new(writer), schema)
            }
        })
    }

    /// Writes the rows of `evaluated`.
    pub(super) fn write(&mut self, evaluated: &Evaluated) -> Result<(), CliError> {
        let columns = Columns::of(&evaluated.batch)?;
        match self {
            Sink::Jsonl(out) => {
                for (i, row) in evaluated.rows.iter().enumerate() {
                    jsonl_row(out, &columns, *row, i)?;
                }
            }
            Sink::Csv(writer, record) => {
                let mut buffer = String::new();
                for (i, row) in evaluated.rows.iter().enumerate() {
                    csv_row(record, &mut buffer, &columns, *row, i);
                    writer.write_byte_record(record).map_err(csv_error)?;
                }
            }
            Sink::Parquet(writer, schema) => {
                let mut arrays: Vec<ArrayRef> =
                    vec![Arc::new(Int64Array::from(evaluated.rows.clone()))];
                arrays.extend(evaluated.batch.columns().iter().cloned());
                let batch = RecordBatch::try_new(Arc::clone(schema), arrays).map_err(|e| {
                    CliError::Internal(format!("batch: could not build the output table: {e}"))
                })?;
                writer.write(&batch).map_err(parquet_error)?;
            }
        }
        Ok(())
    }

    /// Finishes the output (Parquet's footer) and flushes it.
    pub(super) fn finish(self) -> Result<(), CliError> {
        match self {
            Sink::Jsonl(mut out) => out.flush()?,
            Sink::Csv(mut writer, _) => writer.flush()?,
            Sink::Parquet(writer, _) => writer.into_inner().map_err(parquet_error)?.flush()?,
        }
        Ok(())
    }
}

fn json_str(out: &mut impl Write, text: &str) -> io::Result<()> {
    serde_json::to_writer(out, text).map_err(io::Error::from)
}

fn json_f64(out: &mut impl Write, value: f64) -> io::Result<()> {
    serde_json::to_writer(out, &value).map_err(io::Error::from)
}

fn json_list(out: &mut impl Write, key: &str, list: &ListArray, i: usize) -> io::Result<()> {
    if list.is_null(i) {
        return Ok(());
    }
    write!(out, ",\"{key}\":[")?;
    for (j, item) in items(list, i).enumerate() {
        if j > 0 {
            out.write_all(b",")?;
        }
        json_str(out, item)?;
    }
    out.write_all(b"]")
}

/// One JSON Lines row; nulls are left out.
fn jsonl_row(out: &mut impl Write, c: &Columns<'_>, row: i64, i: usize) -> io::Result<()> {
    write!(out, "{{\"row\":{row}")?;
    for (key, column) in [("triage_level", c.triage), ("supplement_status", c.status)] {
        if column.is_valid(i) {
            write!(out, ",\"{key}\":")?;
            json_str(out, column.value(i))?;
        }
    }
    for (key, column) in [("daily_max_mg", c.max), ("schedule_total_mg", c.total)] {
        if column.is_valid(i) {
            write!(out, ",\"{key}\":")?;
            json_f64(out, column.value(i))?;
        }
    }
    json_list(out, "forms", c.forms, i)?;
    json_list(out, "rules", c.rules, i)?;
    if let Some(plan) = c.plan.filter(|p| p.is_valid(i)) {
        // The plan's own compact JSON (`Plan::to_json`), as an object.
        out.write_all(b",\"plan_json\":")?;
        out.write_all(plan.value(i).as_bytes())?;
    }
    if let Some(error) = c.error.filter(|e| e.is_valid(i)) {
        out.write_all(b",\"error\":")?;
        json_str(out, error.value(i))?;
    }
    out.write_all(b"}\n")
}

/// One CSV row into `record`: nulls are empty cells, lists `;`-separated,
/// `[]` for an empty one.
fn csv_row(record: &mut csv::ByteRecord, buffer: &mut String, c: &Columns<'_>, row: i64, i: usize) {
    use std::fmt::Write as _;
    record.clear();
    buffer.clear();
    let _ = write!(buffer, "{row}");
    record.push_field(buffer.as_bytes());
    for column in [c.triage, c.status] {
        record.push_field(if column.is_valid(i) {
            column.value(i).as_bytes()
        } else {
            b""
        });
    }
    for column in [c.max, c.total] {
        buffer.clear();
        if column.is_valid(i) {
            let _ = write!(buffer, "{}", column.value(i));
        }
        record.push_field(buffer.as_bytes());
    }
    for list in [c.forms, c.rules] {
        buffer.clear();
        if list.is_valid(i) {
            for (j, item) in items(list, i).enumerate() {
                if j > 0 {
                    buffer.push(';');
                }
                buffer.push_str(item);
            }
            if buffer.is_empty() {
                buffer.push_str("[]");
            }
        }
        record.push_field(buffer.as_bytes());
    }
    for column in [c.plan, c.error].into_iter().flatten() {
        record.push_field(if column.is_valid(i) {
            column.value(i).as_bytes()
        } else {
            b""
        });
    }
}
