//! Evaluating a chunk into the output table, in parallel.

use arrow_array::RecordBatch;
use crampwise_batch::{evaluate_batch, evaluate_profiles, BatchError, Options};
use crampwise_rules::{Engine, InputErrors, Profile};
use rayon::prelude::*;

use super::read::{batch_error, Chunk};
use super::{csv_in, to_u64};

use crate::error::CliError;
use crate::input::Input;

/// Where the rows of a chunk are in the input, for messages.
enum Places {
    /// JSON Lines: the row number is the line number.
    Lines,
    /// CSV: the line each row starts on.
    Csv(Vec<u64>),
    /// Parquet: the row number.
    Rows,
}

/// One evaluated chunk.
pub(super) struct Evaluated {
    /// The input row of each output row (1-based; the line for JSON Lines).
    pub(super) rows: Vec<i64>,
    places: Places,
    /// The results, as `crampwise_batch::output_schema` lays them out.
    pub(super) batch: RecordBatch,
    /// With `--fail-fast`: where the first bad row is and why; `batch` holds
    /// the rows before it.
    pub(super) failed: Option<(String, InputErrors)>,
}

impl Evaluated {
    /// Where output row `i` is in the input: `line 3`, `row 2 (line 3)`, `row 3`.
    pub(super) fn place(&self, i: usize) -> String {
        place(&self.places, &self.rows, i)
    }
}

fn place(places: &Places, rows: &[i64], i: usize) -> String {
    let row = rows.get(i).copied().unwrap_or_default();
    match places {
        Places::Lines => format!("line {row}"),
        Places::Csv(lines) => format!(
            "row {row} (line {})",
            lines.get(i).copied().unwrap_or_default()
        ),
        Places::Rows => format!("row {row}"),
    }
}

/// A row's profile, or why it is not a valid profile.
type Outcome = Result<Profile, InputErrors>;

/// Evaluates `chunk` of `input`.
pub(super) fn chunk(
    engine: &Engine,
    chunk: Chunk,
    options: &Options,
    input: &Input<'_>,
) -> Result<Evaluated, CliError> {
    match chunk {
        Chunk::Lines(c) => {
            let outcomes = profiles(&c.lines, |l| Profile::from_json_line(c.bytes(l), l.length));
            let rows = c.lines.iter().map(|l| to_i64(l.number)).collect();
            from_outcomes(engine, outcomes, rows, Places::Lines, options)
        }
        Chunk::Csv(c) => {
            let outcomes = profiles(&c.records, |r| csv_in::profile(&c.columns, &r.record));
            let rows = c.records.iter().map(|r| to_i64(r.row)).collect();
            let lines = c.records.iter().map(|r| r.line).collect();
            from_outcomes(engine, outcomes, rows, Places::Csv(lines), options)
        }
        Chunk::Arrow { first, batch } => arrow(engine, first, &batch, options, input),
    }
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Parses every item, in parallel, in order.
fn profiles<T: Sync>(items: &[T], parse: impl Fn(&T) -> Outcome + Sync + Send) -> Vec<Outcome> {
    items.par_iter().with_min_len(64).map(parse).collect()
}

fn from_outcomes(
    engine: &Engine,
    mut outcomes: Vec<Outcome>,
    mut rows: Vec<i64>,
    mut places: Places,
    options: &Options,
) -> Result<Evaluated, CliError> {
    let mut failed = None;
    if !options.collect_errors {
        if let Some(i) = outcomes.iter().position(Result::is_err) {
            let at = place(&places, &rows, i);
            if let Some(Err(errors)) = outcomes.drain(i..).next() {
                failed = Some((at, errors));
            }
            rows.truncate(i);
            if let Places::Csv(lines) = &mut places {
                lines.truncate(i);
            }
        }
    }
    Ok(Evaluated {
        batch: table(engine, &outcomes, options)?,
        rows,
        places,
        failed,
    })
}

/// A Parquet record batch, straight through `crampwise_batch::evaluate_batch`.
fn arrow(
    engine: &Engine,
    first: u64,
    batch: &RecordBatch,
    options: &Options,
    input: &Input<'_>,
) -> Result<Evaluated, CliError> {
    let mut rows: Vec<i64> = (1..=to_u64(batch.num_rows()))
        .map(|r| to_i64(first + r))
        .collect();
    match evaluate_batch(engine, batch, options) {
        Ok(out) => Ok(Evaluated {
            rows,
            places: Places::Rows,
            batch: out,
            failed: None,
        }),
        // `--fail-fast`: keep the rows before the bad one.
        Err(BatchError::Row { row, errors }) => {
            let out = evaluate_batch(engine, &batch.slice(0, row), options)
                .map_err(|e| batch_error(input, &e))?;
            let at = place(&Places::Rows, &rows, row);
            rows.truncate(row);
            Ok(Evaluated {
                rows,
                places: Places::Rows,
                batch: out,
                failed: Some((at, errors)),
            })
        }
        Err(e) => Err(batch_error(input, &e)),
    }
}

/// The output table for `outcomes`: `crampwise_batch` evaluates them (rules
/// 64 rows at a time, in parallel) and lays the table out as for Arrow input.
fn table(
    engine: &Engine,
    outcomes: &[Outcome],
    options: &Options,
) -> Result<RecordBatch, CliError> {
    evaluate_profiles(engine, outcomes, options)
        .map_err(|e| CliError::Internal(format!("batch: could not build the output table: {e}")))
}
