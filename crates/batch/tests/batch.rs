//! A table gives exactly what the same profiles give as JSON: the fixture's
//! 1,000 random profiles and the public vignettes, built into Arrow columns.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Float64Builder, LargeStringBuilder, ListBuilder, StringBuilder,
    StringViewBuilder, StructBuilder,
};
use arrow_array::cast::AsArray;
use arrow_array::types::Float64Type;
use arrow_array::{Array, ArrayRef, Int64Array, RecordBatch, UInt8Array};
use arrow_schema::{DataType, Field};
use crampwise_batch::{evaluate_batch, BatchError, Options};
use crampwise_rules::{Engine, Profile};
use serde_json::Value;

const NUMBERS: &[&str] = &[
    "age",
    "cramps.per_week",
    "cramps.severity",
    "cramps.weeks",
    "lifestyle.exercise_per_week",
    "lifestyle.caffeine_cups_per_day",
    "lifestyle.alcohol_drinks_per_week",
    "lifestyle.stress",
    "lifestyle.water_liters_per_day",
    "lifestyle.sitting_hours_per_day",
    "diet_magnesium_mg",
];
const BOOLS: &[&str] = &["lactating", "cramps.one_sided", "lifestyle.heavy_sweating"];
const TEXTS: &[&str] = &[
    "sex",
    "pregnancy",
    "lifestyle.diet",
    "preferences.format",
    "jurisdiction",
];
const LISTS: &[&str] = &[
    "cramps.timing",
    "cramps.sites",
    "symptoms",
    "conditions",
    "medications",
    "preferences.avoid",
];

fn get<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

fn profiles() -> Vec<Value> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures");
    let mut out: Vec<Value> =
        std::fs::read_to_string(format!("{root}/cross_language_profiles.jsonl"))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
    let vignettes: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(format!("{root}/vignettes.json")).unwrap())
            .unwrap();
    out.extend(vignettes.into_iter().map(|c| c["profile"].clone()));
    out
}

/// Profiles as Arrow columns; `text_kind` picks Utf8, LargeUtf8 or Utf8View.
fn to_batch(profiles: &[Value], text_kind: u8) -> RecordBatch {
    let mut columns: Vec<(String, ArrayRef)> = Vec::new();
    for name in NUMBERS {
        let mut b = Float64Builder::new();
        for p in profiles {
            b.append_option(get(p, name).and_then(Value::as_f64));
        }
        columns.push(((*name).to_owned(), Arc::new(b.finish())));
    }
    for name in BOOLS {
        let mut b = BooleanBuilder::new();
        for p in profiles {
            b.append_option(get(p, name).and_then(Value::as_bool));
        }
        columns.push(((*name).to_owned(), Arc::new(b.finish())));
    }
    for name in TEXTS {
        let cells = profiles
            .iter()
            .map(|p| get(p, name).and_then(Value::as_str));
        let array: ArrayRef = match text_kind {
            0 => Arc::new(cells.collect::<arrow_array::StringArray>()),
            1 => {
                let mut b = LargeStringBuilder::new();
                cells.for_each(|c| b.append_option(c));
                Arc::new(b.finish())
            }
            _ => {
                let mut b = StringViewBuilder::new();
                cells.for_each(|c| b.append_option(c));
                Arc::new(b.finish())
            }
        };
        columns.push(((*name).to_owned(), array));
    }
    for name in LISTS {
        let mut b = ListBuilder::new(StringBuilder::new());
        for p in profiles {
            match get(p, name).and_then(Value::as_array) {
                Some(items) => {
                    for i in items {
                        b.values().append_option(i.as_str());
                    }
                    b.append(true);
                }
                None => b.append(false),
            }
        }
        columns.push(((*name).to_owned(), Arc::new(b.finish())));
    }
    let fields = vec![
        Field::new("form", DataType::Utf8, true),
        Field::new("elemental_mg", DataType::Float64, true),
        Field::new("nutrient", DataType::Utf8, true),
        Field::new("mg", DataType::Float64, true),
    ];
    let mut b = ListBuilder::new(StructBuilder::from_fields(fields, 0));
    for p in profiles {
        match p.get("supplements").and_then(Value::as_array) {
            Some(items) => {
                for s in items {
                    let st = b.values();
                    let text = |k: &str| s.get(k).and_then(Value::as_str).map(str::to_owned);
                    let num = |k: &str| s.get(k).and_then(Value::as_f64);
                    st.field_builder::<StringBuilder>(0)
                        .unwrap()
                        .append_option(text("form"));
                    st.field_builder::<Float64Builder>(1)
                        .unwrap()
                        .append_option(num("elemental_mg"));
                    st.field_builder::<StringBuilder>(2)
                        .unwrap()
                        .append_option(text("nutrient"));
                    st.field_builder::<Float64Builder>(3)
                        .unwrap()
                        .append_option(num("mg"));
                    st.append(true);
                }
                b.append(true);
            }
            None => b.append(false),
        }
    }
    columns.push(("supplements".to_owned(), Arc::new(b.finish())));
    RecordBatch::try_from_iter(columns).unwrap()
}

fn strings(a: &dyn Array, row: usize) -> Vec<String> {
    let list = a.as_list::<i32>().value(row);
    let s = list.as_string::<i32>();
    (0..s.len()).map(|i| s.value(i).to_owned()).collect()
}

#[test]
fn a_table_gives_what_json_gives() {
    let engine = Engine::embedded().unwrap();
    let distinct = profiles();
    assert!(distinct.len() >= 1000);
    // Five copies: more rows than one parallel task takes (4096).
    let values: Vec<Value> = distinct
        .iter()
        .cycle()
        .take(distinct.len() * 5)
        .cloned()
        .collect();
    let plans: Vec<_> = distinct
        .iter()
        .map(|v| engine.evaluate(&Profile::from_value(v).unwrap()))
        .collect();
    for (text_kind, full) in [(0, true), (1, false), (2, false), (0, false)] {
        let batch = to_batch(&values, text_kind);
        let options = Options {
            full,
            collect_errors: false,
        };
        let out = evaluate_batch(&engine, &batch, &options).unwrap();
        assert_eq!(out.num_rows(), values.len());
        let column = |name: &str| out.column_by_name(name).unwrap();
        let triage = column("triage_level").as_string::<i32>();
        let status = column("supplement_status").as_string::<i32>();
        let max = column("daily_max_mg").as_primitive::<Float64Type>();
        let total = column("schedule_total_mg").as_primitive::<Float64Type>();
        for row in 0..values.len() {
            let expected = &plans[row % plans.len()];
            if full {
                let plan = column("plan_json").as_string::<i32>();
                assert_eq!(plan.value(row), expected.to_json(), "row {row}");
            } else {
                assert!(out.column_by_name("plan_json").is_none());
            }
            assert_eq!(
                triage.value(row),
                expected.triage.level.as_str(),
                "row {row}"
            );
            assert_eq!(status.value(row), expected.supplement.status.as_str());
            assert_eq!(max.value(row), expected.supplement.daily_elemental_mg.max);
            assert_eq!(total.value(row), expected.schedule_total_mg());
            let forms: Vec<String> = expected
                .supplement
                .schedule
                .iter()
                .take(1)
                .map(|d| d.form.to_string())
                .collect();
            assert_eq!(strings(column("forms").as_ref(), row), forms);
            let rules: Vec<String> = expected.trace.iter().map(|t| t.rule.to_string()).collect();
            assert_eq!(strings(column("rules").as_ref(), row), rules, "row {row}");
        }
    }
}

/// With errors collected, bad rows keep their place among good ones, in
/// every parallel task.
#[test]
fn collected_errors_keep_row_order() {
    let engine = Engine::embedded().unwrap();
    let good = profiles();
    let mut values = Vec::new();
    for i in 0..9000 {
        let mut v = good[i % good.len()].clone();
        if i % 7 == 3 || (4090..4100).contains(&i) {
            v["age"] = Value::from(150 + i % 50);
        }
        values.push(v);
    }
    let batch = to_batch(&values, 0);
    for full in [false, true] {
        let options = Options {
            full,
            collect_errors: true,
        };
        let out = evaluate_batch(&engine, &batch, &options).unwrap();
        assert_eq!(out.num_rows(), values.len());
        let error = out.column_by_name("error").unwrap().as_string::<i32>();
        let triage = out
            .column_by_name("triage_level")
            .unwrap()
            .as_string::<i32>();
        for (row, v) in values.iter().enumerate() {
            match Profile::from_value(v) {
                Ok(p) => {
                    assert!(error.is_null(row), "row {row}");
                    assert_eq!(
                        triage.value(row),
                        engine.summarize(&p).core.level.as_str(),
                        "row {row}"
                    );
                }
                Err(e) => assert_eq!(error.value(row), e.to_string(), "row {row}"),
            }
        }
        let first_bad = evaluate_batch(
            &engine,
            &batch,
            &Options {
                full,
                collect_errors: false,
            },
        )
        .unwrap_err();
        assert!(
            matches!(first_bad, BatchError::Row { row: 3, .. }),
            "{first_bad}"
        );
    }
}

#[test]
fn unknown_columns_and_types_are_named() {
    let engine = Engine::embedded().unwrap();
    let batch = RecordBatch::try_from_iter([(
        "conditons",
        Arc::new(Int64Array::from(vec![1])) as ArrayRef,
    )])
    .unwrap();
    let e = evaluate_batch(&engine, &batch, &Options::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "column `conditons`: not a profile field; did you mean `conditions`?"
    );
    let batch = RecordBatch::try_from_iter([(
        "age",
        Arc::new(arrow_array::StringArray::from(vec!["40"])) as ArrayRef,
    )])
    .unwrap();
    let e = evaluate_batch(&engine, &batch, &Options::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "column `age`: type `Utf8` is not supported; expected a number column"
    );
}

#[test]
fn bad_rows_fail_or_are_collected_one_row_each() {
    let engine = Engine::embedded().unwrap();
    let batch = RecordBatch::try_from_iter([
        (
            "age",
            Arc::new(UInt8Array::from(vec![Some(40), None, Some(200), Some(3)])) as ArrayRef,
        ),
        (
            "sex",
            Arc::new(arrow_array::StringArray::from(vec![
                Some("female"),
                Some("male"),
                None,
                Some("other"),
            ])) as ArrayRef,
        ),
    ])
    .unwrap();
    let e = evaluate_batch(&engine, &batch, &Options::default()).unwrap_err();
    assert!(matches!(e, BatchError::Row { row: 1, .. }), "{e}");
    assert_eq!(e.to_string(), "row 1: missing field `age`");
    let out = evaluate_batch(
        &engine,
        &batch,
        &Options {
            full: false,
            collect_errors: true,
        },
    )
    .unwrap();
    assert_eq!(out.num_rows(), 4);
    let error = out.column_by_name("error").unwrap().as_string::<i32>();
    assert!(error.is_null(0));
    assert_eq!(error.value(1), "missing field `age`");
    assert_eq!(
        error.value(2),
        "age: expected a number from 0 to 120, got `200`"
    );
    assert!(
        error.value(3).starts_with("sex: unknown variant `other`"),
        "{}",
        error.value(3)
    );
    let triage = out.column_by_name("triage_level").unwrap();
    assert!(!triage.is_null(0) && triage.is_null(1));
    for f in out.schema().fields() {
        assert!(
            !matches!(
                f.data_type(),
                DataType::UInt8 | DataType::UInt16 | DataType::UInt32 | DataType::UInt64
            ),
            "unsigned output column {}",
            f.name()
        );
    }
}

/// Profiles read by the caller give the same table as the same rows in columns.
#[test]
fn evaluate_profiles_lays_out_what_evaluate_batch_does() {
    let engine = Engine::embedded().unwrap();
    let mut values: Vec<Value> = profiles().into_iter().take(300).collect();
    values[5]["age"] = Value::from(400);
    let parsed: Vec<_> = values.iter().map(Profile::from_value).collect();
    for full in [false, true] {
        let options = Options {
            full,
            collect_errors: true,
        };
        let from_columns = evaluate_batch(&engine, &to_batch(&values, 0), &options).unwrap();
        let from_profiles = crampwise_batch::evaluate_profiles(&engine, &parsed, &options).unwrap();
        assert_eq!(from_columns, from_profiles);
    }
    let first_bad = crampwise_batch::evaluate_profiles(&engine, &parsed, &Options::default());
    assert!(matches!(first_bad, Err(BatchError::Row { row: 5, .. })));
}

/// Categorical text columns (dictionary-encoded, as pandas and polars write
/// them) read as their strings; keys of any integer type, nulls kept.
#[test]
fn dictionary_encoded_text_columns_read_as_strings() {
    use arrow_array::types::{Int8Type, UInt32Type};
    use arrow_array::{DictionaryArray, Float64Array, StringArray};
    let engine = Engine::embedded().unwrap();
    let ages = Arc::new(Float64Array::from(vec![40.0, 40.0, 70.0, 30.0])) as ArrayRef;
    let sexes = vec![Some("female"), None, Some("male"), Some("female")];
    let plain = RecordBatch::try_from_iter([
        ("age", ages.clone()),
        (
            "sex",
            Arc::new(StringArray::from(sexes.clone())) as ArrayRef,
        ),
    ])
    .unwrap();
    let expected = evaluate_batch(&engine, &plain, &Options::default()).unwrap();
    let int8: DictionaryArray<Int8Type> = sexes.iter().copied().collect();
    let uint32: DictionaryArray<UInt32Type> = sexes.iter().copied().collect();
    for sex in [Arc::new(int8) as ArrayRef, Arc::new(uint32) as ArrayRef] {
        let batch = RecordBatch::try_from_iter([("age", ages.clone()), ("sex", sex)]).unwrap();
        assert_eq!(
            evaluate_batch(&engine, &batch, &Options::default()).unwrap(),
            expected
        );
    }
    // A categorical of an unknown value is a row error like any other.
    let bad: DictionaryArray<Int8Type> = vec![Some("female"), Some("other")].into_iter().collect();
    let batch = RecordBatch::try_from_iter([
        (
            "age",
            Arc::new(Float64Array::from(vec![40.0, 40.0])) as ArrayRef,
        ),
        ("sex", Arc::new(bad) as ArrayRef),
    ])
    .unwrap();
    let e = evaluate_batch(&engine, &batch, &Options::default()).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("row 1: sex: unknown variant `other`"),
        "{e}"
    );
}

/// The slice entry point decides what one profile at a time does, across
/// parallel tasks.
#[test]
fn summarize_all_equals_one_by_one() {
    let engine = Engine::embedded().unwrap();
    let distinct: Vec<Profile> = profiles()
        .iter()
        .map(|v| Profile::from_value(v).unwrap())
        .collect();
    let many: Vec<Profile> = distinct.iter().cycle().take(9000).cloned().collect();
    let summaries = crampwise_batch::summarize_all(&engine, &many);
    assert_eq!(summaries.len(), many.len());
    for (i, (summary, profile)) in summaries.iter().zip(&many).enumerate() {
        assert_eq!(*summary, engine.summarize(profile), "profile {i}");
    }
}

#[test]
fn parts_are_the_batch_in_pieces() {
    let engine = Engine::embedded().unwrap();
    let good = profiles();
    // Over two tasks' worth of rows, some bad, so parts and error cells
    // cross the boundary between tasks.
    let values: Vec<Value> = (0..9000)
        .map(|i| {
            let mut v = good[i % good.len()].clone();
            if i % 11 == 5 || (4094..4098).contains(&i) {
                v["age"] = Value::from(200);
            }
            v
        })
        .collect();
    let batch = to_batch(&values, 0);
    let options = Options {
        full: true,
        collect_errors: true,
    };
    let whole = evaluate_batch(&engine, &batch, &options).unwrap();
    let parts = crampwise_batch::evaluate_batch_parts(&engine, &batch, &options).unwrap();
    assert!(parts.len() > 1, "{} parts", parts.len());
    let joined = arrow_select::concat::concat_batches(&whole.schema(), &parts).unwrap();
    assert_eq!(joined, whole);

    // Through `shape`, with a kept column and positions from row 100 on:
    // each part carries its own rows of the kept column and error numbers.
    let ids: ArrayRef = Arc::new(Int64Array::from_iter_values(0..values.len() as i64));
    let mut fields: Vec<_> = batch.schema().fields().iter().cloned().collect();
    fields.push(Arc::new(Field::new("id", DataType::Int64, false)));
    let mut columns = batch.columns().to_vec();
    columns.push(ids);
    let with_id =
        RecordBatch::try_new(Arc::new(arrow_schema::Schema::new(fields)), columns).unwrap();
    let shaped = crampwise_batch::shape(&with_id, &["id".to_string()]).unwrap();
    let whole = shaped.evaluate(&engine, &options, Some(100)).unwrap();
    let parts = shaped.evaluate_parts(&engine, &options, Some(100)).unwrap();
    assert!(parts.len() > 1);
    let joined = arrow_select::concat::concat_batches(&whole.schema(), &parts).unwrap();
    assert_eq!(joined, whole);
    let id = whole.column_by_name("id").unwrap();
    let id = id.as_any().downcast_ref::<Int64Array>().unwrap();
    assert!((0..values.len()).all(|r| id.value(r) == r as i64));
    let error = whole.column_by_name("error").unwrap().as_string::<i32>();
    assert!(
        error.value(4095).starts_with("row 4195 (counted from 0): "),
        "{}",
        error.value(4095)
    );

    // No rows: one empty part, with the output's columns.
    let empty = RecordBatch::new_empty(batch.schema());
    let parts = crampwise_batch::evaluate_batch_parts(&engine, &empty, &options).unwrap();
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].num_rows(), 0);
    assert_eq!(parts[0].schema(), crampwise_batch::output_schema(&options));
}
