//! `recommend_batch`: Arrow in, Arrow out.
//!
//! The input is anything exporting the Arrow PyCapsule interface (pyarrow
//! tables and readers, polars, pandas, DuckDB results); it is read without
//! copying. Each batch goes through `crampwise_batch::shape` (pandas index
//! dropped, struct columns read as dotted paths, kept columns set aside) and
//! `Shaped::evaluate`. An in-memory table (`lazy=False`) is evaluated here,
//! so a bad row raises `ProfileError` from this call; a stream (`lazy=True`)
//! is evaluated a batch at a time as the consumer reads it, memory bounded by
//! one batch, and a bad row stops the stream when it is read.

use std::sync::Arc;

use arrow_array::{RecordBatch, RecordBatchReader};
use arrow_schema::{ArrowError, SchemaRef};
use crampwise::{Code, Diagnostics};
use crampwise_batch::{row_label, shape, BatchError, Options};
use crampwise_rules::Engine;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3_arrow::input::AnyRecordBatch;
use pyo3_arrow::{PyRecordBatchReader, PyTable};

/// What to do with each batch.
#[derive(Clone)]
struct Job {
    engine: Arc<Engine>,
    options: Options,
    keep: Vec<String>,
    /// Whether bad rows carry their position (not for Dask partitions, whose
    /// index says which row it is).
    positions: bool,
}

impl Job {
    /// The plans of `batch` as the parts they were built in: a table of
    /// many batches takes them without copying them into one.
    fn run(&self, batch: &RecordBatch, first_row: usize) -> Result<Vec<RecordBatch>, BatchError> {
        let first = self.positions.then_some(first_row);
        shape(batch, &self.keep)?.evaluate_parts(&self.engine, &self.options, first)
    }
}

struct PlanReader {
    input: Box<dyn RecordBatchReader + Send>,
    job: Job,
    schema: SchemaRef,
    rows_before: usize,
    /// The parts of the last input batch not yet read.
    pending: std::collections::VecDeque<RecordBatch>,
}

impl Iterator for PlanReader {
    type Item = Result<RecordBatch, ArrowError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(part) = self.pending.pop_front() {
                return Some(Ok(part));
            }
            let batch = match self.input.next()? {
                Ok(b) => b,
                Err(e) => return Some(Err(e)),
            };
            let first = self.rows_before;
            self.rows_before += batch.num_rows();
            match self.job.run(&batch, first) {
                Ok(parts) => self.pending.extend(parts),
                Err(BatchError::Row { row, errors }) => {
                    let message = format!("{}: {errors}", row_label(row));
                    return Some(Err(ArrowError::InvalidArgumentError(message)));
                }
                Err(other) => {
                    return Some(Err(ArrowError::InvalidArgumentError(other.to_string())))
                }
            }
        }
    }
}

impl RecordBatchReader for PlanReader {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }
}

/// A batch error raised from this call: a bad row as `ProfileError` with
/// its position, anything else as `ValueError`.
fn raise(py: Python<'_>, error: BatchError) -> PyErr {
    match error {
        BatchError::Row { row, errors } => crate::errors::row_diagnostics(
            py,
            row,
            &Diagnostics::from_input_errors(Code::InvalidProfile, &errors),
        ),
        other => PyValueError::new_err(other.to_string()),
    }
}

/// The result of `recommend_batch`: a table, or a lazy reader.
pub(crate) enum Plans {
    Table(PyTable),
    Reader(PyRecordBatchReader),
}

impl<'py> IntoPyObject<'py> for Plans {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        match self {
            Plans::Table(t) => Ok(t.into_pyobject(py)?.into_any()),
            Plans::Reader(r) => Ok(r.into_pyobject(py)?.into_any()),
        }
    }
}

/// How `recommend_batch` reads its table.
pub(crate) struct Request<'a> {
    pub(crate) full: bool,
    pub(crate) errors: &'a str,
    pub(crate) keep: Vec<String>,
    pub(crate) lazy: bool,
    pub(crate) positions: bool,
}

/// Evaluates every row of an Arrow table or stream of record batches.
pub(crate) fn recommend_batch(
    py: Python<'_>,
    engine: Arc<Engine>,
    table: AnyRecordBatch,
    request: Request<'_>,
) -> PyResult<Plans> {
    let collect_errors = match request.errors {
        "raise" => false,
        "collect" => true,
        other => {
            return Err(PyValueError::new_err(format!(
                "errors: expected `raise` or `collect`, got `{other}`"
            )))
        }
    };
    let job = Job {
        engine,
        options: Options {
            full: request.full,
            collect_errors,
        },
        keep: request.keep,
        positions: request.positions,
    };
    let mut input = table.into_reader()?;
    // Column names and types are checked before any row is read, and the
    // output schema (kept columns included) is known from the empty batch.
    let empty = RecordBatch::new_empty(input.schema());
    let schema = job
        .run(&empty, 0)
        .map_err(|e| raise(py, e))?
        .first()
        .map(RecordBatch::schema)
        .ok_or_else(|| PyValueError::new_err("no output schema for an empty batch"))?;
    if request.lazy {
        let reader = PlanReader {
            input,
            job,
            schema,
            rows_before: 0,
            pending: std::collections::VecDeque::new(),
        };
        return Ok(Plans::Reader(PyRecordBatchReader::new(Box::new(reader))));
    }
    let outcome = py.detach(
        || -> Result<Result<Vec<RecordBatch>, BatchError>, ArrowError> {
            let mut out = Vec::new();
            let mut first = 0;
            for batch in input.by_ref() {
                let batch = batch?;
                let rows = batch.num_rows();
                match job.run(&batch, first) {
                    Ok(plans) => out.extend(plans),
                    Err(e) => return Ok(Err(e)),
                }
                first += rows;
            }
            Ok(Ok(out))
        },
    );
    let batches = outcome
        .map_err(|e| PyValueError::new_err(e.to_string()))?
        .map_err(|e| raise(py, e))?;
    Ok(Plans::Table(PyTable::try_new(batches, schema)?))
}
