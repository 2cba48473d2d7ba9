//! The output table: one row per input row, signed and floating types only
//! (Spark has no unsigned integers).

use std::sync::Arc;

use arrow_array::builder::{Float64Builder, ListBuilder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use crampwise_rules::{Engine, InputErrors, Summary};

use crate::{BatchError, Options, Sink};

fn list_of_strings() -> DataType {
    DataType::List(Arc::new(Field::new("item", DataType::Utf8, true)))
}

/// The schema [`crate::evaluate_batch`] returns for these options.
pub fn output_schema(options: &Options) -> SchemaRef {
    let mut fields = vec![
        Field::new("triage_level", DataType::Utf8, true),
        Field::new("supplement_status", DataType::Utf8, true),
        Field::new("daily_max_mg", DataType::Float64, true),
        Field::new("schedule_total_mg", DataType::Float64, true),
        Field::new("forms", list_of_strings(), true),
        Field::new("rules", list_of_strings(), true),
    ];
    if options.full {
        fields.push(Field::new("plan_json", DataType::Utf8, true));
    }
    if options.collect_errors {
        fields.push(Field::new("error", DataType::Utf8, true));
    }
    Arc::new(Schema::new(fields))
}

/// Output columns under construction, one row per input row.
pub(crate) struct OutputBuilder<'e> {
    engine: &'e Engine,
    options: Options,
    triage: StringBuilder,
    status: StringBuilder,
    max: Float64Builder,
    total: Float64Builder,
    forms: ListBuilder<StringBuilder>,
    rules: ListBuilder<StringBuilder>,
    plan: StringBuilder,
    error: StringBuilder,
}

/// The room reserved for a plan's JSON.
const PLAN_BYTES: usize = 16 * 1024;

impl<'e> OutputBuilder<'e> {
    pub(crate) fn new(engine: &'e Engine, options: &Options, rows: usize) -> Self {
        OutputBuilder {
            engine,
            options: *options,
            triage: StringBuilder::with_capacity(rows, rows * 10),
            status: StringBuilder::with_capacity(rows, rows * 12),
            max: Float64Builder::with_capacity(rows),
            total: Float64Builder::with_capacity(rows),
            forms: ListBuilder::with_capacity(StringBuilder::with_capacity(rows, rows * 8), rows),
            rules: ListBuilder::with_capacity(
                StringBuilder::with_capacity(rows * 8, rows * 8 * 24),
                rows,
            ),
            // Plans are 10 to 20 KB: room for most without regrowing (pages
            // not written are not taken from the system).
            plan: if options.full {
                StringBuilder::with_capacity(rows, rows.saturating_mul(PLAN_BYTES))
            } else {
                StringBuilder::new()
            },
            error: StringBuilder::new(),
        }
    }
}

impl Sink for OutputBuilder<'_> {
    fn ok(&mut self, summary: &Summary, plan_json: Option<&str>) {
        let core = &summary.core;
        self.triage.append_value(core.level.as_str());
        self.status.append_value(core.status.as_str());
        self.max.append_value(core.cap_mg);
        self.total.append_value(core.schedule_total_mg());
        if let Some(form) = core.form.and_then(|f| self.engine.form_id(f)) {
            self.forms.values().append_value(form.as_str());
        }
        self.forms.append(true);
        for id in self.engine.fired_rule_ids(&summary.fired) {
            self.rules.values().append_value(id);
        }
        self.rules.append(true);
        if self.options.full {
            self.plan.append_option(plan_json);
        }
        if self.options.collect_errors {
            self.error.append_null();
        }
    }

    fn err(&mut self, errors: InputErrors) {
        self.triage.append_null();
        self.status.append_null();
        self.max.append_null();
        self.total.append_null();
        self.forms.append(false);
        self.rules.append(false);
        if self.options.full {
            self.plan.append_null();
        }
        self.error
            .append_value(errors.to_string().replace('\n', "; "));
    }
}

impl OutputBuilder<'_> {
    pub(crate) fn finish(mut self) -> Result<RecordBatch, BatchError> {
        let mut columns: Vec<ArrayRef> = vec![
            Arc::new(self.triage.finish()),
            Arc::new(self.status.finish()),
            Arc::new(self.max.finish()),
            Arc::new(self.total.finish()),
            Arc::new(self.forms.finish()),
            Arc::new(self.rules.finish()),
        ];
        if self.options.full {
            columns.push(Arc::new(self.plan.finish()));
        }
        if self.options.collect_errors {
            columns.push(Arc::new(self.error.finish()));
        }
        RecordBatch::try_new(output_schema(&self.options), columns)
            .map_err(|e| BatchError::Arrow(e.to_string()))
    }
}
