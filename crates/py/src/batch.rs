//! `recommend_batch`: Arrow in, Arrow out, one batch at a time.
//!
//! The input is anything exporting the Arrow PyCapsule interface (pyarrow
//! tables and readers, polars, pandas through pyarrow, DuckDB results); it is
//! read without copying. The result is a lazy record batch reader: each input
//! batch is evaluated (in parallel, in Rust) only when the consumer asks for
//! it, so memory stays bounded by one batch whatever the table's size.

use std::sync::Arc;

use arrow_array::{RecordBatch, RecordBatchReader};
use arrow_schema::{ArrowError, SchemaRef};
use crampwise_batch::{evaluate_batch, output_schema, BatchError, Options};
use crampwise_rules::Engine;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3_arrow::input::AnyRecordBatch;
use pyo3_arrow::PyRecordBatchReader;

struct PlanReader {
    input: Box<dyn RecordBatchReader + Send>,
    engine: Arc<Engine>,
    options: Options,
    schema: SchemaRef,
    rows_before: usize,
}

impl Iterator for PlanReader {
    type Item = Result<RecordBatch, ArrowError>;

    fn next(&mut self) -> Option<Self::Item> {
        let batch = match self.input.next()? {
            Ok(b) => b,
            Err(e) => return Some(Err(e)),
        };
        let offset = self.rows_before;
        self.rows_before += batch.num_rows();
        Some(
            evaluate_batch(&self.engine, &batch, &self.options).map_err(|e| match e {
                BatchError::Row { row, errors } => {
                    ArrowError::InvalidArgumentError(format!("row {}: {errors}", row + offset))
                }
                other => ArrowError::InvalidArgumentError(other.to_string()),
            }),
        )
    }
}

impl RecordBatchReader for PlanReader {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }
}

/// Evaluates every row of an Arrow table or stream of record batches.
pub(crate) fn recommend_batch(
    engine: Arc<Engine>,
    table: AnyRecordBatch,
    full: bool,
    errors: &str,
) -> PyResult<PyRecordBatchReader> {
    let collect_errors = match errors {
        "raise" => false,
        "collect" => true,
        other => {
            return Err(PyValueError::new_err(format!(
                "errors: expected `raise` or `collect`, got `{other}`"
            )))
        }
    };
    let options = Options {
        full,
        collect_errors,
    };
    let input = table.into_reader()?;
    // Column names and types are checked before any row is read.
    let empty = RecordBatch::new_empty(input.schema());
    if let Err(e) = evaluate_batch(&engine, &empty, &options) {
        return Err(PyValueError::new_err(e.to_string()));
    }
    let reader = PlanReader {
        input,
        engine,
        options,
        schema: output_schema(&options),
        rows_before: 0,
    };
    Ok(PyRecordBatchReader::new(Box::new(reader)))
}
