//! 100,000 profiles: summaries and full plans from a slice, and summaries
//! and full plans from an Arrow record batch (columns in, columns out).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

/// The allocator the CLI and the Python module ship with, so the benchmarks
/// measure what users run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::sync::Arc;

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{Array, ArrayRef, Float64Array, RecordBatch, StringArray};
use crampwise_batch::{evaluate_all, evaluate_batch, evaluate_batch_parts, summarize_all, Options};
use crampwise_rules::{Engine, Profile};
use criterion::{criterion_group, criterion_main, Criterion};

const N: usize = 100_000;
const TIMING: &[&str] = &["night", "during_exercise", "after_exercise", "sitting"];
const SYMPTOMS: &[&str] = &[
    "poor_sleep",
    "constipation",
    "loose_stools",
    "twitching",
    "numbness",
];

/// Age, sex, cramp timing, symptom and cramps per week.
type Row = (f64, &'static str, &'static str, &'static str, f64);

fn rows() -> Vec<Row> {
    (0u32..)
        .zip(TIMING.iter().cycle().zip(SYMPTOMS.iter().cycle()))
        .take(N)
        .map(|(i, (&timing, &symptom))| {
            let age = f64::from(i * 7919 % 100) + 0.5;
            let sex = if i % 2 == 0 { "female" } else { "male" };
            (age, sex, timing, symptom, f64::from(i % 8))
        })
        .collect()
}

fn array(array: impl Array + 'static) -> ArrayRef {
    Arc::new(array)
}

fn profiles() -> Vec<Profile> {
    rows()
        .into_iter()
        .map(|(age, sex, timing, symptom, per_week)| {
            let v = serde_json::json!({"age": age, "sex": sex, "cramps": {"per_week": per_week, "timing": [timing]},
                "symptoms": [symptom], "conditions": [], "medications": []});
            Profile::from_value(&v).unwrap()
        })
        .collect()
}

fn record_batch() -> RecordBatch {
    let rows = rows();
    let list = |pick: fn(&Row) -> &'static str| {
        let mut b = ListBuilder::new(StringBuilder::new());
        for r in &rows {
            b.values().append_value(pick(r));
            b.append(true);
        }
        array(b.finish())
    };
    let empty = || {
        let mut b = ListBuilder::new(StringBuilder::new());
        for _ in &rows {
            b.append(true);
        }
        array(b.finish())
    };
    RecordBatch::try_from_iter([
        (
            "age",
            array(Float64Array::from_iter_values(rows.iter().map(|r| r.0))),
        ),
        (
            "sex",
            array(StringArray::from_iter_values(rows.iter().map(|r| r.1))),
        ),
        (
            "cramps.per_week",
            array(Float64Array::from_iter_values(rows.iter().map(|r| r.4))),
        ),
        ("cramps.timing", list(|r| r.2)),
        ("symptoms", list(|r| r.3)),
        ("conditions", empty()),
        ("medications", empty()),
    ])
    .unwrap()
}

fn bench(c: &mut Criterion) {
    let engine = Engine::embedded().unwrap();
    let profiles = profiles();
    let batch = record_batch();
    let mut group = c.benchmark_group("batch_100k");
    group.sample_size(10);
    group.bench_function("summarize_all (slice, parallel)", |b| {
        b.iter(|| black_box(summarize_all(&engine, &profiles)))
    });
    group.bench_function("evaluate_all (slice, full plans, parallel)", |b| {
        b.iter(|| black_box(evaluate_all(&engine, &profiles)))
    });
    group.bench_function("evaluate_batch (arrow in/out, summary)", |b| {
        b.iter(|| black_box(evaluate_batch(&engine, &batch, &Options::default()).unwrap()))
    });
    // What `recommend_batch(full=True)` computes: the plan's JSON for every row.
    let full = Options {
        full: true,
        ..Options::default()
    };
    group.bench_function("evaluate_batch (arrow in/out, full plans)", |b| {
        b.iter(|| black_box(evaluate_batch(&engine, &batch, &full).unwrap()))
    });
    // What `recommend_batch(full=True)` returns since the parts are not
    // joined: the tasks' batches as they are.
    group.bench_function("evaluate_batch_parts (arrow in/out, full plans)", |b| {
        b.iter(|| black_box(evaluate_batch_parts(&engine, &batch, &full).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
