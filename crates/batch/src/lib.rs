//! Evaluate many crampwise profiles at once.
//!
//! What it is for: analysts scoring a cohort and services scoring many
//! requests. Profiles come as a slice ([`evaluate_all`], [`summarize_all`],
//! parallel with rayon) or as Arrow record batches whose columns are named by
//! the profile's dotted paths ([`evaluate_batch`]); the result is one output
//! row per input row. Every row is checked by the same parser as a JSON
//! profile, and evaluated by the same engine, so a table and a JSON request
//! can never disagree.
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

use arrow_array::RecordBatch;
use crampwise_rules::{Engine, Plan, Profile, ProfileErrors, Summary};
use rayon::prelude::*;

pub use output::output_schema;

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
    #[error("column `{column}`: {message}")]
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
        errors: ProfileErrors,
    },
    /// Arrow could not build the output.
    #[error("could not build the output table: {0}")]
    Arrow(String),
}

/// The result for one row.
#[derive(Debug, Clone)]
pub enum RowResult {
    /// The decisions, and the plan JSON when asked for.
    Ok(Box<(Summary, Option<String>)>),
    /// The row's profile errors.
    Err(ProfileErrors),
}

/// Full plans for many profiles, in parallel, in input order.
pub fn evaluate_all(engine: &Engine, profiles: &[Profile]) -> Vec<Plan> {
    profiles.par_iter().map(|p| engine.evaluate(p)).collect()
}

/// Summaries (no plan text) for many profiles, in parallel, in input order.
pub fn summarize_all(engine: &Engine, profiles: &[Profile]) -> Vec<Summary> {
    profiles.par_iter().map(|p| engine.summarize(p)).collect()
}

fn evaluate_row(engine: &Engine, value: &serde_json::Value, full: bool) -> RowResult {
    match Profile::from_value(value) {
        Ok(profile) => {
            let summary = engine.summarize(&profile);
            let json = full.then(|| engine.evaluate(&profile).to_json());
            RowResult::Ok(Box::new((summary, json)))
        }
        Err(e) => RowResult::Err(e),
    }
}

/// Results for every row of a record batch, in parallel, in row order.
pub fn evaluate_rows(
    engine: &Engine,
    batch: &RecordBatch,
    options: &Options,
) -> Result<Vec<RowResult>, BatchError> {
    let columns = columns::ProfileColumns::bind(batch)?;
    let results: Vec<RowResult> = (0..columns.rows())
        .into_par_iter()
        .with_min_len(256)
        .map(|row| evaluate_row(engine, &columns.row(row), options.full))
        .collect();
    if !options.collect_errors {
        if let Some((row, RowResult::Err(errors))) = results
            .iter()
            .enumerate()
            .find(|(_, r)| matches!(r, RowResult::Err(_)))
        {
            return Err(BatchError::Row {
                row,
                errors: errors.clone(),
            });
        }
    }
    Ok(results)
}

/// One output row per input row: `triage_level`, `supplement_status`,
/// `daily_max_mg`, `schedule_total_mg`, `forms`, `rules`, and `plan_json`
/// (with `full`) and `error` (with `collect_errors`).
pub fn evaluate_batch(
    engine: &Engine,
    batch: &RecordBatch,
    options: &Options,
) -> Result<RecordBatch, BatchError> {
    let results = evaluate_rows(engine, batch, options)?;
    output::build(engine, &results, options)
}
