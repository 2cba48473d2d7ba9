//! The output table: one row per input row, signed and floating types only
//! (Spark has no unsigned integers).

use std::sync::Arc;

use arrow_array::builder::{Float64Builder, ListBuilder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use crampwise_rules::Engine;

use crate::{BatchError, Options, RowResult};

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

pub(crate) fn build(
    engine: &Engine,
    results: &[RowResult],
    options: &Options,
) -> Result<RecordBatch, BatchError> {
    let n = results.len();
    let mut triage = StringBuilder::with_capacity(n, n * 10);
    let mut status = StringBuilder::with_capacity(n, n * 12);
    let mut max = Float64Builder::with_capacity(n);
    let mut total = Float64Builder::with_capacity(n);
    let mut forms = ListBuilder::new(StringBuilder::new());
    let mut rules = ListBuilder::new(StringBuilder::new());
    let mut plan = StringBuilder::new();
    let mut error = StringBuilder::new();
    for r in results {
        match r {
            RowResult::Ok(ok) => {
                let (summary, json) = ok.as_ref();
                let core = &summary.core;
                triage.append_value(core.level.as_str());
                status.append_value(core.status.as_str());
                max.append_value(core.cap_mg);
                total.append_value(core.schedule_total_mg());
                if let Some(form) = core.form.and_then(|f| engine.form_id(f)) {
                    forms.values().append_value(form);
                }
                forms.append(true);
                for id in engine.fired_rule_ids(&summary.fired) {
                    rules.values().append_value(id);
                }
                rules.append(true);
                plan.append_option(json.as_deref());
                error.append_null();
            }
            RowResult::Err(e) => {
                triage.append_null();
                status.append_null();
                max.append_null();
                total.append_null();
                forms.append(false);
                rules.append(false);
                plan.append_null();
                error.append_value(e.to_string().replace('\n', "; "));
            }
        }
    }
    let mut columns: Vec<ArrayRef> = vec![
        Arc::new(triage.finish()),
        Arc::new(status.finish()),
        Arc::new(max.finish()),
        Arc::new(total.finish()),
        Arc::new(forms.finish()),
        Arc::new(rules.finish()),
    ];
    if options.full {
        columns.push(Arc::new(plan.finish()));
    }
    if options.collect_errors {
        columns.push(Arc::new(error.finish()));
    }
    RecordBatch::try_new(output_schema(options), columns)
        .map_err(|e| BatchError::Arrow(e.to_string()))
}
