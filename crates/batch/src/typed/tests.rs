//! The typed read must agree with the JSON path on every row it reads, and
//! read every row the JSON path accepts: random tables with every Arrow type
//! the columns allow, valid and invalid cells.
#![allow(
    clippy::indexing_slicing,
    clippy::as_conversions,
    reason = "tests may index, slice and cast, as the integration tests do: a panic is a failed test"
)]

use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Float32Builder, Float64Builder, Int64Builder, Int8Builder, LargeStringBuilder,
    ListBuilder, StringBuilder, StringViewBuilder, StructBuilder, UInt64Builder,
};
use arrow_array::{ArrayRef, NullArray, RecordBatch};
use arrow_schema::{DataType, Field};
use crampwise_rules::Profile;
use proptest::prelude::*;

use crate::columns::{columns, ColumnType, ProfileColumns};
use crate::typed::{Slot, TypedColumns};

/// A small deterministic generator, seeded by proptest.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// One of the first `valid` items, or, in a dirty column, any.
    fn value<'a, T>(&mut self, items: &'a [T], valid: usize, dirty: bool) -> &'a T {
        if dirty {
            self.pick(items)
        } else {
            self.pick(&items[..valid.min(items.len())])
        }
    }
}

/// The columns of one kind, from the column table itself.
fn columns_of(kind: ColumnType) -> impl Iterator<Item = &'static str> {
    columns()
        .filter(move |(_, k)| *k == kind)
        .map(|(name, _)| name)
}

/// Every column of the field table has a place in the typed profile, and
/// the table has every column the typed read knows.
#[test]
fn every_column_has_a_slot() {
    let names: Vec<&str> = columns().map(|(name, _)| name).collect();
    assert_eq!(names.len(), 30);
    for name in &names {
        assert!(Slot::of(name).is_some(), "{name}");
    }
}
const TEXTS: &[(&str, &[&str])] = &[
    ("sex", &["female", "male", "unspecified", "Female", ""]),
    ("pregnancy", &["none", "trimester1", "trimester3", "yes"]),
    ("lifestyle.diet", &["standard", "keto", "vegan", "paleo"]),
    ("preferences.format", &["capsule", "powder", "any", "gummy"]),
    ("jurisdiction", &["us", "eu", "uk"]),
];
const LISTS: &[(&str, &[&str])] = &[
    (
        "cramps.timing",
        &["night", "during_exercise", "sitting", "nigth"],
    ),
    ("cramps.sites", &["calf", "foot", "eyelid", "toe"]),
    (
        "symptoms",
        &["twitching", "leg_swelling", "chest_pain", "itch"],
    ),
    (
        "conditions",
        &["kidney_disease", "diabetes", "heart_block", "gout"],
    ),
    ("medications", &["ppi", "digoxin", "statin", "aspirin"]),
    ("preferences.avoid", &["artificial_colors", "gluten"]),
];
/// The first `VALID_FLOATS` are in range for every number field.
const FLOATS: &[f64] = &[
    0.0,
    -0.0,
    1.0,
    2.5,
    3.0,
    7.0,
    9.25,
    45.0,
    45.5,
    130.0,
    -3.0,
    99.999,
    1e300,
    4000.0,
    12000.0,
    f64::NAN,
    f64::INFINITY,
];
const VALID_FLOATS: usize = 7;
const FORMS: &[&str] = &["citrate", "bisglycinate", "glycinate", "oxide", "citrte"];
const NUTRIENTS: &[&str] = &["taurine", "vitamin_b6", "potassium", "zinc"];

fn number_column(rng: &mut Rng, rows: usize) -> ArrayRef {
    let null = |rng: &mut Rng| rng.chance(20);
    let dirty = rng.chance(25);
    let bound = if dirty { 300 } else { 10 };
    match rng.below(5) {
        0 => {
            let mut b = Int8Builder::new();
            for _ in 0..rows {
                let v = i8::try_from(rng.below(bound) as i64 - i64::from(dirty) * 10).unwrap_or(0);
                if null(rng) {
                    b.append_null()
                } else {
                    b.append_value(v)
                }
            }
            Arc::new(b.finish())
        }
        1 => {
            let mut b = Int64Builder::new();
            for _ in 0..rows {
                let v = rng.below(bound) as i64 - i64::from(dirty) * 20;
                if null(rng) {
                    b.append_null()
                } else {
                    b.append_value(v)
                }
            }
            Arc::new(b.finish())
        }
        2 => {
            let mut b = UInt64Builder::new();
            for _ in 0..rows {
                let v = rng.below(bound) as u64;
                if null(rng) {
                    b.append_null()
                } else {
                    b.append_value(v)
                }
            }
            Arc::new(b.finish())
        }
        3 => {
            let mut b = Float32Builder::new();
            for _ in 0..rows {
                let v = *rng.value(FLOATS, VALID_FLOATS, dirty) as f32;
                if null(rng) {
                    b.append_null()
                } else {
                    b.append_value(v)
                }
            }
            Arc::new(b.finish())
        }
        _ => {
            let mut b = Float64Builder::new();
            for _ in 0..rows {
                let v = *rng.value(FLOATS, VALID_FLOATS, dirty);
                if null(rng) {
                    b.append_null()
                } else {
                    b.append_value(v)
                }
            }
            Arc::new(b.finish())
        }
    }
}

/// The last value of each list is invalid.
fn text_column(rng: &mut Rng, rows: usize, values: &[&str]) -> ArrayRef {
    let dirty = rng.chance(25);
    let cells: Vec<Option<&str>> = (0..rows)
        .map(|_| (!rng.chance(20)).then(|| *rng.value(values, values.len() - 1, dirty)))
        .collect();
    match rng.below(3) {
        0 => Arc::new(cells.iter().collect::<arrow_array::StringArray>()),
        1 => {
            let mut b = LargeStringBuilder::new();
            cells.iter().for_each(|c| b.append_option(*c));
            Arc::new(b.finish())
        }
        _ => {
            let mut b = StringViewBuilder::new();
            cells.iter().for_each(|c| b.append_option(*c));
            Arc::new(b.finish())
        }
    }
}

fn list_column(rng: &mut Rng, rows: usize, values: &[&str]) -> ArrayRef {
    let dirty = rng.chance(25);
    let mut b = ListBuilder::new(StringBuilder::new());
    for _ in 0..rows {
        if rng.chance(15) {
            b.append(false);
            continue;
        }
        for _ in 0..rng.below(3) {
            if dirty && rng.chance(10) {
                b.values().append_null();
            } else {
                b.values()
                    .append_value(*rng.value(values, values.len() - 1, dirty));
            }
        }
        b.append(true);
    }
    Arc::new(b.finish())
}

fn supplements_column(rng: &mut Rng, rows: usize, extra_field: bool) -> ArrayRef {
    let mut fields = vec![
        Field::new("form", DataType::Utf8, true),
        Field::new("elemental_mg", DataType::Float64, true),
        Field::new("nutrient", DataType::Utf8, true),
        Field::new("mg", DataType::Float64, true),
    ];
    if extra_field {
        fields.push(Field::new("brand", DataType::Utf8, true));
    }
    let n_fields = fields.len();
    let dirty = rng.chance(25);
    let mut b = ListBuilder::new(StructBuilder::from_fields(fields, 0));
    for _ in 0..rows {
        if rng.chance(20) {
            b.append(false);
            continue;
        }
        for _ in 0..rng.below(3) {
            let s = b.values();
            let magnesium = rng.chance(60);
            let sometimes =
                |rng: &mut Rng, wanted: bool| if rng.chance(10) { !wanted } else { wanted };
            let form = sometimes(rng, magnesium).then(|| *rng.pick(FORMS));
            let elemental = sometimes(rng, magnesium).then(|| *rng.pick(FLOATS));
            let nutrient = sometimes(rng, !magnesium).then(|| *rng.pick(NUTRIENTS));
            let mg = sometimes(rng, !magnesium).then(|| *rng.pick(FLOATS));
            s.field_builder::<StringBuilder>(0)
                .unwrap()
                .append_option(form);
            s.field_builder::<Float64Builder>(1)
                .unwrap()
                .append_option(elemental);
            s.field_builder::<StringBuilder>(2)
                .unwrap()
                .append_option(nutrient);
            s.field_builder::<Float64Builder>(3)
                .unwrap()
                .append_option(mg);
            if n_fields == 5 {
                let brand = rng.chance(50).then_some("acme");
                s.field_builder::<StringBuilder>(4)
                    .unwrap()
                    .append_option(brand);
            }
            s.append(!(dirty && rng.chance(5)));
        }
        b.append(true);
    }
    Arc::new(b.finish())
}

fn random_batch(rng: &mut Rng, rows: usize) -> RecordBatch {
    let mut columns: Vec<(String, ArrayRef)> = Vec::new();
    let include = |rng: &mut Rng, name: &str| name == "age" && !rng.chance(3) || rng.chance(60);
    for name in columns_of(ColumnType::Number) {
        if include(rng, name) {
            let column = if rng.chance(3) {
                Arc::new(NullArray::new(rows)) as ArrayRef
            } else {
                number_column(rng, rows)
            };
            columns.push((name.to_owned(), column));
        }
    }
    for name in columns_of(ColumnType::Bool) {
        if include(rng, name) {
            let cells: Vec<Option<bool>> = (0..rows)
                .map(|_| (!rng.chance(20)).then(|| rng.chance(50)))
                .collect();
            let mut b = BooleanBuilder::new();
            cells.iter().for_each(|c| b.append_option(*c));
            columns.push((name.to_owned(), Arc::new(b.finish())));
        }
    }
    for (name, values) in TEXTS {
        if include(rng, name) {
            columns.push(((*name).to_owned(), text_column(rng, rows, values)));
        }
    }
    for (name, values) in LISTS {
        if include(rng, name) {
            columns.push(((*name).to_owned(), list_column(rng, rows, values)));
        }
    }
    if include(rng, "supplements") {
        let extra = rng.chance(10);
        columns.push((
            "supplements".to_owned(),
            supplements_column(rng, rows, extra),
        ));
    }
    // Column order must not matter.
    for i in (1..columns.len()).rev() {
        columns.swap(i, rng.below(i + 1));
    }
    RecordBatch::try_from_iter(columns).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn typed_read_equals_the_json_path(seed in 1u64..u64::MAX) {
        let mut rng = Rng(seed);
        let rows = 1 + rng.below(200);
        let batch = random_batch(&mut rng, rows);
        let columns = ProfileColumns::bind(&batch).unwrap();
        let typed = TypedColumns::new(columns.bound());
        for row in 0..rows {
            let json = Profile::from_value(&columns.row(row));
            let fast = typed
                .as_ref()
                .and_then(|t| t.profile(row))
                .filter(|p| p.check().is_ok());
            match (&json, fast) {
                (Ok(expected), Some(got)) => {
                    // Compared as Debug text too: -0.0 == 0.0, but they differ.
                    prop_assert_eq!(expected, &got, "row {}", row);
                    prop_assert_eq!(format!("{expected:?}"), format!("{got:?}"));
                }
                (Err(e), Some(got)) => {
                    prop_assert!(false, "row {row}: typed read {got:?}, JSON path {e}")
                }
                (Ok(expected), None) => {
                    // Only a struct field the contract does not name stops the typed read.
                    let extra = batch
                        .schema()
                        .field_with_name("supplements")
                        .is_ok_and(|f| format!("{:?}", f.data_type()).contains("brand"));
                    prop_assert!(extra, "row {row}: JSON path reads {expected:?}, typed read gave up");
                }
                (Err(_), None) => {}
            }
        }
    }
}
