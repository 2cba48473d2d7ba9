//! Engine load, one full plan, one summary, and plan JSON, on the example profiles.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

/// The allocator the CLI and the Python module ship with, so the benchmarks
/// measure what users run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;

use crampwise_content::Content;
use crampwise_rules::{Engine, Profile, Ruleset};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};

fn profiles() -> Vec<(String, Profile)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
    let mut out: Vec<(String, Profile)> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (
                name,
                Profile::from_json(&std::fs::read_to_string(&p).unwrap()).unwrap(),
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn bench(c: &mut Criterion) {
    c.bench_function("engine_load", |b| {
        b.iter(|| black_box(Engine::embedded().unwrap()))
    });
    // The parts of a load: reading and validating the content, then the
    // rules, then compiling both into an engine (rule effects resolved,
    // text shared and escaped).
    c.bench_function("engine_load/content", |b| {
        b.iter(|| black_box(Content::embedded().unwrap()))
    });
    let content = Content::embedded().unwrap();
    c.bench_function("engine_load/rules", |b| {
        b.iter(|| black_box(Ruleset::embedded(&content).unwrap()))
    });
    let rules = Ruleset::embedded(&content).unwrap();
    c.bench_function("engine_load/compile", |b| {
        b.iter_batched(
            || (content.clone(), rules.clone()),
            |(content, rules)| black_box(Engine::new(content, rules)),
            BatchSize::SmallInput,
        )
    });
    let engine = Engine::embedded().unwrap();
    let night = profiles()
        .into_iter()
        .find(|(n, _)| n == "night-cramps")
        .unwrap()
        .1;
    // Every decision, the text left to be written when read.
    c.bench_function("evaluate_full_plan/night-cramps", |b| {
        b.iter(|| black_box(engine.evaluate(black_box(&night))))
    });
    // The same, with the text written into an owned `Plan`.
    c.bench_function("evaluate_built_plan/night-cramps", |b| {
        b.iter(|| black_box(engine.evaluate(black_box(&night)).into_plan()))
    });
    c.bench_function("evaluate_plan_json/night-cramps", |b| {
        b.iter(|| black_box(engine.evaluate(black_box(&night)).to_json()))
    });
    // JSON from the decisions (summary, trace and all), then from a built plan.
    let evaluation = engine.evaluate(&night);
    c.bench_function("plan_json/night-cramps", |b| {
        b.iter(|| black_box(black_box(&evaluation).to_json()))
    });
    let plan = engine.evaluate(&night).into_plan();
    c.bench_function("plan_json/built-plan/night-cramps", |b| {
        b.iter(|| black_box(black_box(&plan).to_json()))
    });
    c.bench_function("summarize/night-cramps", |b| {
        b.iter(|| black_box(engine.summarize(black_box(&night))))
    });
    let facts = engine.facts(&night);
    c.bench_function("summarize_facts/night-cramps", |b| {
        b.iter(|| black_box(engine.summarize_facts(black_box(&facts))))
    });
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/night-cramps.json"
    ))
    .unwrap();
    c.bench_function("profile_from_json/night-cramps", |b| {
        b.iter(|| black_box(Profile::from_json(black_box(&text)).unwrap()))
    });
    let all = profiles();
    c.bench_function("evaluate_full_plan/all-examples", |b| {
        b.iter(|| {
            for (_, p) in &all {
                black_box(engine.evaluate(p));
            }
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
