//! Tables as analysts have them: index columns, struct columns, joined text
//! lists and kept columns give the plans the dotted-path table gives.
#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::as_conversions,
    reason = "tests may index and unwrap (a panic is a failed test) and coerce arrays to `ArrayRef`"
)]

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::{ArrayRef, Float64Array, Int64Array, ListArray, StringArray, StructArray};
use arrow_buffer::NullBuffer;
use arrow_schema::{DataType, Field, Fields, Schema};

use super::*;

fn engine() -> Engine {
    Engine::embedded().unwrap()
}

fn timing_lists() -> ArrayRef {
    let values = StringArray::from(vec!["night", "night", "during_exercise"]);
    let offsets = arrow_buffer::OffsetBuffer::new(vec![0, 1, 1, 3].into());
    Arc::new(ListArray::new(
        Arc::new(Field::new("item", DataType::Utf8, true)),
        offsets,
        Arc::new(values),
        Some(NullBuffer::from(vec![true, false, true])),
    ))
}

fn flat() -> RecordBatch {
    RecordBatch::try_from_iter([
        (
            "age",
            Arc::new(Float64Array::from(vec![63.0, 40.0, 30.0])) as ArrayRef,
        ),
        (
            "cramps.per_week",
            Arc::new(Float64Array::from(vec![Some(3.0), None, Some(2.0)])) as ArrayRef,
        ),
        ("cramps.timing", timing_lists()),
    ])
    .unwrap()
}

fn plans(batch: &RecordBatch) -> RecordBatch {
    let options = Options {
        full: true,
        collect_errors: true,
    };
    shape(batch, &[])
        .unwrap()
        .evaluate(&engine(), &options, None)
        .unwrap()
}

#[test]
fn a_struct_column_reads_as_its_dotted_paths() {
    let per_week: ArrayRef = Arc::new(Float64Array::from(vec![Some(3.0), Some(9.0), Some(2.0)]));
    let fields = Fields::from(vec![
        Field::new("per_week", DataType::Float64, true),
        Field::new("timing", timing_lists().data_type().clone(), true),
    ]);
    // Row 1's struct is null: its children's values (9) are "not asked".
    let cramps = StructArray::new(
        fields,
        vec![per_week, timing_lists()],
        Some(NullBuffer::from(vec![true, false, true])),
    );
    let nested = RecordBatch::try_from_iter([
        (
            "age",
            Arc::new(Float64Array::from(vec![63.0, 40.0, 30.0])) as ArrayRef,
        ),
        ("cramps", Arc::new(cramps) as ArrayRef),
    ])
    .unwrap();
    // In the flat table row 1 has no per_week and no timing either.
    assert_eq!(plans(&nested), plans(&flat()));
}

#[test]
fn an_unknown_struct_field_is_named_by_its_path() {
    let fields = Fields::from(vec![Field::new("per_wek", DataType::Float64, true)]);
    let cramps = StructArray::new(
        fields,
        vec![Arc::new(Float64Array::from(vec![1.0])) as ArrayRef],
        None,
    );
    let batch = RecordBatch::try_from_iter([("cramps", Arc::new(cramps) as ArrayRef)]).unwrap();
    let err = shape(&batch, &[]).unwrap_err().to_string();
    assert_eq!(
        err,
        "column `cramps.per_wek`: not a profile field; did you mean `cramps.per_week`?"
    );
}

#[test]
fn joined_text_lists_read_as_lists() {
    let joined = RecordBatch::try_from_iter([
        (
            "age",
            Arc::new(Float64Array::from(vec![63.0, 40.0, 30.0])) as ArrayRef,
        ),
        (
            "cramps.per_week",
            Arc::new(Float64Array::from(vec![Some(3.0), None, Some(2.0)])) as ArrayRef,
        ),
        (
            "cramps.timing",
            Arc::new(StringArray::from(vec![
                Some("night"),
                None,
                Some("night; during_exercise"),
            ])) as ArrayRef,
        ),
    ])
    .unwrap();
    assert_eq!(plans(&joined), plans(&flat()));
}

#[test]
fn pandas_index_columns_are_dropped_and_kept_columns_come_back_in_order() {
    let mut batch = flat();
    let ids: ArrayRef = Arc::new(Int64Array::from(vec![7, 8, 9]));
    let dates: ArrayRef = Arc::new(StringArray::from(vec!["2026-01-01", "2026-01-02", "x"]));
    let index: ArrayRef = Arc::new(Int64Array::from(vec![4, 5, 6]));
    let mut fields: Vec<Field> = batch
        .schema()
        .fields()
        .iter()
        .map(|f| f.as_ref().clone())
        .collect();
    let mut columns = batch.columns().to_vec();
    for (name, array) in [
        ("date", &dates),
        ("__index_level_0__", &index),
        ("user_id", &ids),
    ] {
        fields.push(Field::new(name, array.data_type().clone(), true));
        columns.push(array.clone());
    }
    let meta = HashMap::from([(
        "pandas".to_owned(),
        r#"{"index_columns": ["__index_level_0__"]}"#.to_owned(),
    )]);
    batch =
        RecordBatch::try_new(Arc::new(Schema::new_with_metadata(fields, meta)), columns).unwrap();
    let keep = ["user_id".to_owned(), "date".to_owned()];
    let out = shape(&batch, &keep)
        .unwrap()
        .evaluate(&engine(), &Options::default(), Some(0))
        .unwrap();
    let names: Vec<String> = out
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    assert_eq!(names[names.len() - 2..], ["user_id", "date"]);
    assert_eq!(out.column(names.len() - 2), &ids);
    assert_eq!(out.column(names.len() - 1), &dates);

    let missing = shape(&batch, &["user_idd".to_owned()])
        .unwrap_err()
        .to_string();
    assert_eq!(
        missing,
        "column `user_idd`: is in `keep` but not in the input; did you mean `user_id`?"
    );
    let unknown = shape(&batch, &[]).unwrap_err().to_string();
    assert!(
        unknown.starts_with("column `date`: not a profile field"),
        "{unknown}"
    );
}

#[test]
fn bad_rows_are_counted_from_the_first_row_given() {
    let batch = RecordBatch::try_from_iter([(
        "age",
        Arc::new(Float64Array::from(vec![40.0, 400.0])) as ArrayRef,
    )])
    .unwrap();
    let shaped = shape(&batch, &[]).unwrap();
    match shaped.evaluate(&engine(), &Options::default(), Some(10)) {
        Err(BatchError::Row { row, .. }) => assert_eq!(row, 11),
        other => panic!("expected a row error, got {other:?}"),
    }
    let options = Options {
        full: false,
        collect_errors: true,
    };
    let out = shaped.evaluate(&engine(), &options, Some(10)).unwrap();
    let errors = out.column_by_name("error").unwrap().as_string::<i32>();
    assert!(errors.is_null(0));
    assert_eq!(
        errors.value(1),
        "row 11 (counted from 0): age: expected a number from 0 to 120, got `400`"
    );
}
