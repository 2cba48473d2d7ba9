//! Evaluate many crampwise profiles at once.
//!
//! What it is for: analysts scoring a cohort and services scoring many
//! requests. Profiles come as a slice ([`evaluate_all`], [`summarize_all`],
//! parallel with rayon) or as Arrow record batches whose columns are named by
//! the profile's dotted paths ([`evaluate_batch`]); the result is one output
//! row per input row. Cells are read straight into the engine's `Profile`
//! and checked by the same range checks as a JSON profile; a row with a cell
//! that is not plainly valid goes through the JSON parser itself, so its
//! errors read exactly as for a JSON request (a property test holds the two
//! paths equal). Rules are evaluated 64 rows at a time, column-wise, with the
//! same answers as one by one.
//!
//! What it is not: a file reader. Reading CSV, Parquet or JSON Lines belongs
//! to the caller (the command line, Python).
//!
//! ```
//! use std::sync::Arc;
//! use arrow_array::{Float64Array, RecordBatch, StringArray};
//! use crampwise_batch::{evaluate_batch, Options};
//! use crampwise_rules::Engine;
//!
//! let engine = Engine::embedded()?;
//! let batch = RecordBatch::try_from_iter([
//!     ("age", Arc::new(Float64Array::from(vec![45.0, 2.0])) as _),
//!     ("jurisdiction", Arc::new(StringArray::from(vec![Some("eu"), None])) as _),
//! ])?;
//! let out = evaluate_batch(&engine, &batch, &Options::default())?;
//! assert_eq!(out.num_rows(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod columns;
mod output;
mod shape;
mod typed;

use arrow_array::RecordBatch;
use crampwise_rules::{Engine, Facts, InputErrors, Plan, Profile, Summary, BLOCK_ROWS};
use rayon::prelude::*;

pub use output::output_schema;
pub use shape::{row_label, shape, Shaped};

/// What to compute for each row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// Also build the full plan (`plan_json` column); slower.
    pub full: bool,
    /// A bad row gives an `error` cell instead of failing the batch.
    pub collect_errors: bool,
}

/// Why a batch could not be evaluated.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BatchError {
    /// A column is not a profile field or has an unsupported type.
    #[error("column `{}`: {message}", crampwise_content::read::excerpt(.column))]
    Column {
        /// Column name.
        column: String,
        /// What is wrong.
        message: String,
    },
    /// A row is not a valid profile (only without `collect_errors`).
    #[error("row {row}: {errors}")]
    Row {
        /// Row index in the batch (0-based).
        row: usize,
        /// The profile errors.
        errors: InputErrors,
    },
    /// Arrow could not build the output.
    #[error("could not build the output table: {0}")]
    Arrow(String),
}

/// Full plans for many profiles, in parallel, in input order.
pub fn evaluate_all(engine: &Engine, profiles: &[Profile]) -> Vec<Plan> {
    profiles
        .par_iter()
        .map(|p| engine.evaluate(p).into_plan())
        .collect()
}

/// Summaries (no plan text) for many profiles, in parallel, in input order;
/// rules run 64 profiles at a time, as in [`evaluate_batch`].
pub fn summarize_all(engine: &Engine, profiles: &[Profile]) -> Vec<Summary> {
    let parts: Vec<Vec<Summary>> = profiles
        .par_chunks(CHUNK_ROWS)
        .map(|chunk| {
            let facts: Vec<_> = chunk.iter().map(|p| engine.facts(p)).collect();
            let mut out = Vec::with_capacity(chunk.len());
            engine.summarize_facts_each(&facts, |_, summary| out.push(summary));
            out
        })
        .collect();
    parts.concat()
}

/// Rows one parallel task evaluates: a multiple of the engine's block of 64.
const CHUNK_ROWS: usize = 4096;

/// Where row outcomes go, in row order.
pub(crate) trait Sink {
    /// A row's decisions, and its plan JSON with `full`.
    fn ok(&mut self, summary: &Summary, plan_json: Option<&str>);
    /// A row's profile errors (only with `collect_errors`).
    fn err(&mut self, errors: InputErrors);
}

/// Row `row` as a profile: the typed read when it can, else the JSON path
/// (which gives the error messages).
fn profile_at(
    columns: &columns::ProfileColumns,
    typed: Option<&typed::TypedColumns<'_>>,
    row: usize,
) -> Result<Profile, InputErrors> {
    if let Some(profile) = typed.and_then(|t| t.profile(row)) {
        if profile.check().is_ok() {
            return Ok(profile);
        }
    }
    Profile::from_value(&columns.row(row))
}

/// Evaluates the facts of the profiles `read` gives for `rows` into `sink`, in order.
/// Without `collect_errors` the first bad row stops it.
fn evaluate_range(
    engine: &Engine,
    rows: std::ops::Range<usize>,
    read: impl Fn(usize) -> Result<Facts, InputErrors>,
    options: &Options,
    sink: &mut impl Sink,
) -> Result<(), BatchError> {
    // One block of rows at a time, so its facts stay in the cache between
    // reading the rows and evaluating the rules over them.
    let mut block = BlockScratch {
        facts: Vec::with_capacity(BLOCK_ROWS),
        // Each plan's JSON is written here, then copied into the column:
        // one buffer for every row, not an allocation each.
        json: if options.full {
            String::with_capacity(24 * 1024)
        } else {
            String::new()
        },
    };
    for start in rows.clone().step_by(BLOCK_ROWS) {
        let rows = start..rows.end.min(start + BLOCK_ROWS);
        evaluate_block(engine, rows, &read, options, &mut block, sink)?;
    }
    Ok(())
}

/// Memory [`evaluate_block`] reuses from block to block.
struct BlockScratch {
    facts: Vec<Facts>,
    json: String,
}

/// The outcomes of at most [`BLOCK_ROWS`] rows, the rules evaluated for
/// all of them at once.
fn evaluate_block(
    engine: &Engine,
    rows: std::ops::Range<usize>,
    read: impl Fn(usize) -> Result<Facts, InputErrors>,
    options: &Options,
    scratch: &mut BlockScratch,
    sink: &mut impl Sink,
) -> Result<(), BatchError> {
    let start = rows.start;
    let BlockScratch { facts, json } = scratch;
    facts.clear();
    // Bad rows, by position in the block, to slot in between the good ones.
    let mut bad = Vec::new();
    for row in rows {
        match read(row) {
            Ok(row_facts) => facts.push(row_facts),
            Err(errors) if !options.collect_errors => {
                return Err(BatchError::Row { row, errors });
            }
            Err(errors) => bad.push((row - start, errors)),
        }
    }
    let mut bad = bad.into_iter().peekable();
    let mut position = 0;
    let mut ok = |sink: &mut _, summary: &Summary, plan_json: Option<&str>| {
        while let Some((_, errors)) = bad.next_if(|(at, _)| *at == position) {
            Sink::err(sink, errors);
            position += 1;
        }
        Sink::ok(sink, summary, plan_json);
        position += 1;
    };
    if options.full {
        engine.evaluate_facts_each(facts, |_, plan| {
            json.clear();
            plan.write_json(json);
            ok(sink, &plan.summary(), Some(json));
        });
    } else {
        engine.summarize_facts_each(facts, |_, summary| ok(sink, &summary, None));
    }
    for (_, errors) in bad {
        sink.err(errors);
    }
    Ok(())
}

/// The row ranges of the parallel tasks.
fn chunks(rows: usize) -> impl IndexedParallelIterator<Item = std::ops::Range<usize>> {
    (0..rows.div_ceil(CHUNK_ROWS))
        .into_par_iter()
        .map(move |i| i * CHUNK_ROWS..((i + 1) * CHUNK_ROWS).min(rows))
}

/// One output row per input row: `triage_level`, `supplement_status`,
/// `daily_max_mg`, `schedule_total_mg`, `forms`, `rules`, and `plan_json`
/// (with `full`) and `error` (with `collect_errors`). Rows are evaluated in
/// parallel, each task building its part of the output.
///
/// # Errors
///
/// [`BatchError::Column`] for a column that is not a profile field, appears
/// twice or has an unsupported type; [`BatchError::Row`] for the first row
/// that is not a valid profile, unless `collect_errors` makes it an `error`
/// row; [`BatchError::Arrow`] if Arrow cannot build the output.
pub fn evaluate_batch(
    engine: &Engine,
    batch: &RecordBatch,
    options: &Options,
) -> Result<RecordBatch, BatchError> {
    join(
        &output_schema(options),
        evaluate_batch_parts(engine, batch, options)?,
    )
}

/// [`evaluate_batch`]'s output as the parts the parallel tasks built, in
/// order: for a consumer that takes a table of many record batches (a
/// pyarrow `Table`, a stream), which saves copying every part into one
/// batch. Full plans are 10 to 20 KB a row, so that copy is most of the
/// memory traffic of a large batch. There is always at least one part (an
/// empty one for no rows), so the output schema is always there.
///
/// # Errors
///
/// As [`evaluate_batch`].
pub fn evaluate_batch_parts(
    engine: &Engine,
    batch: &RecordBatch,
    options: &Options,
) -> Result<Vec<RecordBatch>, BatchError> {
    let columns = columns::ProfileColumns::bind(batch)?;
    let typed = typed::TypedColumns::new(columns.bound());
    build_parts(engine, columns.rows(), options, |row| {
        profile_at(&columns, typed.as_ref(), row).map(|profile| engine.facts(&profile))
    })
}

/// One output row per item, laid out as [`evaluate_batch`] lays it out, for
/// callers that read profiles themselves (JSON Lines, CSV): a parse error is
/// an `error` row with `collect_errors`, else the first stops the batch as
/// [`BatchError::Row`].
///
/// # Errors
///
/// [`BatchError::Row`] for the first parse error in `profiles` unless
/// `collect_errors` is set, and [`BatchError::Arrow`] if Arrow cannot build
/// the output.
pub fn evaluate_profiles(
    engine: &Engine,
    profiles: &[Result<Profile, InputErrors>],
    options: &Options,
) -> Result<RecordBatch, BatchError> {
    build_output(engine, profiles.len(), options, |i| match profiles.get(i) {
        Some(Ok(profile)) => Ok(engine.facts(profile)),
        Some(Err(errors)) => Err(errors.clone()),
        None => Err(InputErrors(Vec::new())),
    })
}

/// Evaluates `rows` rows in parallel tasks, each building its part of the
/// output, and joins the parts.
fn build_output(
    engine: &Engine,
    rows: usize,
    options: &Options,
    read: impl Fn(usize) -> Result<Facts, InputErrors> + Sync,
) -> Result<RecordBatch, BatchError> {
    join(
        &output_schema(options),
        build_parts(engine, rows, options, read)?,
    )
}

/// Each task's part of the output, in order; one empty part for no rows.
fn build_parts(
    engine: &Engine,
    rows: usize,
    options: &Options,
    read: impl Fn(usize) -> Result<Facts, InputErrors> + Sync,
) -> Result<Vec<RecordBatch>, BatchError> {
    let parts: Vec<Result<RecordBatch, BatchError>> = chunks(rows)
        .map(|range| {
            let mut out = output::OutputBuilder::new(engine, options, range.len());
            evaluate_range(engine, range, &read, options, &mut out)?;
            out.finish()
        })
        .collect();
    let parts = parts.into_iter().collect::<Result<Vec<_>, _>>()?;
    if parts.is_empty() {
        return Ok(vec![
            output::OutputBuilder::new(engine, options, 0).finish()?
        ]);
    }
    Ok(parts)
}

/// The parts as one batch; `schema` is used when there are none.
pub(crate) fn join(
    schema: &arrow_schema::SchemaRef,
    parts: Vec<RecordBatch>,
) -> Result<RecordBatch, BatchError> {
    match <[RecordBatch; 1]>::try_from(parts) {
        Ok([one]) => Ok(one),
        Err(parts) => arrow_select::concat::concat_batches(schema, &parts)
            .map_err(|e| BatchError::Arrow(e.to_string())),
    }
}
