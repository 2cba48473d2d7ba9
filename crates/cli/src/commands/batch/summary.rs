//! The progress bar (on a terminal) and the summary at the end.

use std::time::Duration;

use arrow_array::Array;
use crampwise_content::TriageLevel;
use crampwise_rules::Status;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{json, Map, Value};

use super::evaluate::Evaluated;
use super::write::Columns;
use crate::error::CliError;

/// At most this many bad rows are listed on stderr.
const MAX_LISTED: usize = 20;

const STATUSES: [Status; 3] = [
    Status::Suggested,
    Status::ClinicianFirst,
    Status::NotAdvised,
];

/// Rows per value: `(value, rows)`.
type Counts = Vec<(&'static str, u64)>;

/// What the rows came to.
#[derive(Debug, Default)]
pub(super) struct Tally {
    /// Rows written.
    pub(super) rows: u64,
    /// Rows that are not valid profiles.
    pub(super) errors: u64,
    /// Rows per triage level, in the order of `TriageLevel::ALL`.
    triage: [u64; TriageLevel::ALL.len()],
    /// Rows per supplement status, in the order of `STATUSES`.
    status: [u64; 3],
    /// The first bad rows, `PLACE: ERRORS`.
    listed: Vec<String>,
}

impl Tally {
    /// Counts the rows of `evaluated`.
    pub(super) fn add(&mut self, evaluated: &Evaluated) -> Result<(), CliError> {
        let columns = Columns::of(&evaluated.batch)?;
        for i in 0..evaluated.batch.num_rows() {
            self.rows += 1;
            if let Some(error) = columns.error.filter(|e| e.is_valid(i)) {
                self.errors += 1;
                if self.listed.len() <= MAX_LISTED {
                    self.listed
                        .push(format!("{}: {}", evaluated.place(i), error.value(i)));
                }
                continue;
            }
            let level = columns.triage.value(i);
            if let Some((_, n)) = TriageLevel::ALL
                .iter()
                .zip(&mut self.triage)
                .find(|(l, _)| l.as_str() == level)
            {
                *n += 1;
            }
            let status = columns.status.value(i);
            if let Some((_, n)) = STATUSES
                .iter()
                .zip(&mut self.status)
                .find(|(s, _)| s.as_str() == status)
            {
                *n += 1;
            }
        }
        Ok(())
    }

    /// The bad rows, one a line (`...` when there are more).
    pub(super) fn listed(&self) -> String {
        let mut lines: Vec<&str> = self
            .listed
            .iter()
            .take(MAX_LISTED)
            .map(String::as_str)
            .collect();
        if self.listed.len() > MAX_LISTED {
            lines.push("...");
        }
        lines.join("\n")
    }

    fn counts(&self) -> (Counts, Counts) {
        let triage = TriageLevel::ALL
            .iter()
            .zip(self.triage)
            .map(|(l, n)| (l.as_str(), n))
            .collect();
        let status = STATUSES
            .iter()
            .zip(self.status)
            .map(|(s, n)| (s.as_str(), n))
            .collect();
        (triage, status)
    }

    fn rate(&self, elapsed: Duration) -> f64 {
        let seconds = elapsed.as_secs_f64();
        if seconds > 0.0 {
            as_f64(self.rows) / seconds
        } else {
            0.0
        }
    }

    /// The summary for people, three lines.
    pub(super) fn text(&self, elapsed: Duration) -> String {
        let (triage, status) = self.counts();
        let join = |counts: Counts| {
            counts
                .iter()
                .map(|(name, n)| format!("{name} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!(
            "batch: {} rows, {} with errors, {:.2} s ({:.0} rows/s)\n  triage: {}\n  status: {}\n",
            self.rows,
            self.errors,
            elapsed.as_secs_f64(),
            self.rate(elapsed),
            join(triage),
            join(status)
        )
    }

    /// The summary for programs (`--summary-json`).
    pub(super) fn json(&self, elapsed: Duration) -> Value {
        let (triage, status) = self.counts();
        let object = |counts: Counts| {
            Value::Object(
                counts
                    .into_iter()
                    .map(|(name, n)| (name.to_owned(), Value::from(n)))
                    .collect::<Map<_, _>>(),
            )
        };
        json!({
            "rows": self.rows,
            "errors": self.errors,
            "triage": object(triage),
            "status": object(status),
            "seconds": elapsed.as_secs_f64(),
            "rows_per_second": self.rate(elapsed),
        })
    }
}

/// A count as a float, for a rate.
#[expect(
    clippy::as_conversions,
    reason = "u64 to f64 on purpose: exact below 2^53, the nearest float above"
)]
fn as_f64(n: u64) -> f64 {
    n as f64
}

/// A progress bar on stderr, or nothing.
pub(super) struct Progress(Option<ProgressBar>);

impl Progress {
    /// A bar out of `total` (bytes or rows) when known, else a spinner; none
    /// unless `show`.
    pub(super) fn new(show: bool, total: Option<u64>) -> Progress {
        if !show {
            return Progress(None);
        }
        let (bar, template) = match total {
            Some(total) => (
                ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr()),
                "{spinner} [{elapsed_precise}] {wide_bar} {percent}% {msg} (eta {eta})",
            ),
            None => (
                ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
                "{spinner} [{elapsed_precise}] {msg}",
            ),
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress(Some(bar))
    }

    /// `done` of the total read, `rows` rows written.
    pub(super) fn update(&self, done: u64, rows: u64) {
        if let Some(bar) = &self.0 {
            bar.set_position(done);
            bar.set_message(format!("{rows} rows"));
        }
    }

    /// Removes the bar.
    pub(super) fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
