//! Shared test helpers: the embedded engine, and a proptest strategy for
//! valid intake profiles that covers the whole contract (section 1).
//!
//! The strategy builds the profile as JSON and parses it with
//! [`Profile::from_value`], so every generated case also exercises the parser.
#![allow(dead_code)]

use std::sync::LazyLock;

use crampwise_rules::profile::{
    Avoid, Condition, Diet, FormId, Format, Medication, Pregnancy, Site, Symptom, Timing,
};
use crampwise_rules::{Engine, Profile};
use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use serde_json::{json, Map, Value};

/// The embedded engine, built once per test binary.
pub(crate) fn engine() -> &'static Engine {
    static ENGINE: LazyLock<Engine> =
        LazyLock::new(|| Engine::embedded().expect("embedded engine loads"));
    &ENGINE
}

/// Ages where a rule, a reference band or a limit changes.
pub(crate) const BOUNDARY_AGES: &[f64] = &[
    0.0, 0.5, 0.99, 1.0, 3.99, 4.0, 8.99, 9.0, 11.99, 12.0, 13.99, 14.0, 17.99, 18.0, 18.5, 19.0,
    30.0, 31.0, 50.0, 51.0, 55.99, 56.0, 59.99, 60.0, 64.0, 65.0, 69.9, 70.0, 120.0,
];

/// Symptoms that are red flags (the contract's warning signs).
pub(crate) const RED_FLAG_SYMPTOMS: &[Symptom] = &[
    Symptom::ChestPain,
    Symptom::ShortnessOfBreath,
    Symptom::DarkUrine,
    Symptom::LegSwelling,
    Symptom::LegRednessWarmth,
    Symptom::PainWalkingRelievedByRest,
    Symptom::MuscleWeakness,
    Symptom::Numbness,
    Symptom::Confusion,
    Symptom::Palpitations,
];

const BENIGN_SYMPTOMS: &[Symptom] = &[
    Symptom::Twitching,
    Symptom::PersistentTightness,
    Symptom::PoorSleep,
    Symptom::RestlessLegs,
    Symptom::Constipation,
    Symptom::LooseStools,
];

const BENIGN_CONDITIONS: &[Condition] = &[
    Condition::Diabetes,
    Condition::Malabsorption,
    Condition::PeripheralArteryDisease,
    Condition::Neuropathy,
    Condition::Hypothyroidism,
];

const BENIGN_MEDICATIONS: &[Medication] = &[
    Medication::Bisphosphonate,
    Medication::Tetracycline,
    Medication::Fluoroquinolone,
    Medication::Levothyroxine,
    Medication::Ppi,
    Medication::BetaAgonist,
    Medication::Digoxin,
    Medication::CalciumChannelBlocker,
    Medication::Gabapentinoid,
];

/// Magnesium amounts near the 250 mg (EU, "already supplementing") and
/// 350 mg (US) limits, and near the rounding step.
const MAGNESIUM_MG: &[f64] = &[
    0.0, 0.5, 24.9, 25.0, 50.0, 99.5, 100.0, 124.9, 125.0, 150.0, 200.0, 224.9, 225.0, 237.5,
    249.0, 249.9, 250.0, 250.1, 251.0, 275.0, 300.0, 325.0, 349.0, 349.9, 350.0, 350.1, 351.0,
    400.0, 600.0,
];

const B6_MG: &[f64] = &[
    0.0, 1.0, 2.0, 5.0, 9.5, 10.0, 11.0, 11.9, 12.0, 12.5, 20.0, 50.0, 89.9, 90.0, 95.0, 99.0,
    100.0, 101.0, 150.0,
];

const TAURINE_MG: &[f64] = &[
    0.0, 250.0, 500.0, 1000.0, 2500.0, 2600.0, 2999.0, 3000.0, 3001.0, 4000.0,
];

/// A number as JSON: whole values usually as integers, sometimes as floats
/// (`30.0`), fractional values as floats.
fn to_json(value: f64, as_float: bool) -> Value {
    if value.fract() == 0.0 && !as_float && value.abs() < 1e15 {
        json!(value as i64)
    } else {
        json!(value)
    }
}

/// A JSON number in `lo..=hi`: boundary values, whole numbers and fractions.
fn number(lo: f64, hi: f64, specials: &'static [f64]) -> BoxedStrategy<Value> {
    let lo_i = lo.ceil() as i64;
    let hi_i = hi.floor() as i64;
    prop_oneof![
        3 => (select(specials), any::<bool>()).prop_map(|(v, f)| to_json(v, f)),
        3 => (lo_i..=hi_i).prop_map(|v| json!(v)),
        2 => (lo..=hi).prop_map(|v| json!(v)),
        1 => Just(to_json(lo, false)),
        1 => Just(to_json(hi, false)),
    ]
    .boxed()
}

/// The key is sometimes absent (not asked).
fn maybe<S: Strategy + 'static>(s: S, present: f64) -> BoxedStrategy<Option<S::Value>>
where
    S::Value: std::fmt::Debug,
{
    proptest::option::weighted(present, s).boxed()
}

/// A list of enum values as JSON strings: mostly from `usual`, sometimes any
/// value at all, sometimes with repeats; empty lists included.
fn list<T: Copy + std::fmt::Debug + 'static>(
    usual: &'static [T],
    all: &'static [T],
    name: fn(T) -> &'static str,
) -> BoxedStrategy<Value> {
    let strings = move |v: Vec<T>| Value::Array(v.into_iter().map(|x| json!(name(x))).collect());
    prop_oneof![
        1 => Just(Vec::new()),
        4 => subsequence(usual, 0..=usual.len().min(4)),
        2 => subsequence(all, 0..=all.len().min(5)),
        1 => proptest::collection::vec(select(all), 0..5),
    ]
    .prop_map(strings)
    .boxed()
}

fn one_of<T: Copy + std::fmt::Debug + 'static>(
    all: &'static [T],
    name: fn(T) -> &'static str,
) -> BoxedStrategy<Value> {
    select(all).prop_map(move |x| json!(name(x))).boxed()
}

fn object(entries: Vec<(&str, Option<Value>)>) -> Value {
    let mut map = Map::new();
    for (key, value) in entries {
        if let Some(v) = value {
            map.insert(key.to_owned(), v);
        }
    }
    Value::Object(map)
}

fn arb_age() -> BoxedStrategy<Value> {
    prop_oneof![
        3 => (select(BOUNDARY_AGES), any::<bool>()).prop_map(|(v, f)| to_json(v, f)),
        3 => (18i64..=80).prop_map(|v| json!(v)),
        2 => (0i64..=120).prop_map(|v| json!(v)),
        2 => (0.0..=120.0f64).prop_map(|v| json!(v)),
    ]
    .boxed()
}

fn arb_cramps() -> BoxedStrategy<Value> {
    (
        maybe(
            number(
                0.0,
                100.0,
                &[0.0, 1.0, 2.0, 3.0, 4.0, 6.9, 7.0, 14.0, 100.0],
            ),
            0.85,
        ),
        maybe(list(Timing::ALL, Timing::ALL, Timing::as_str), 0.8),
        maybe(list(Site::ALL, Site::ALL, Site::as_str), 0.6),
        maybe(number(0.0, 10.0, &[0.0, 6.9, 7.0, 7.9, 8.0, 10.0]), 0.6),
        maybe(any::<bool>().prop_map(Value::Bool), 0.5),
        maybe(number(0.0, 6000.0, &[0.0, 1.0, 4.0, 12.0, 52.0]), 0.4),
        maybe(number(0.0, 1440.0, &[0.0, 2.0, 10.0, 10.5, 30.0]), 0.3),
        maybe(any::<bool>().prop_map(Value::Bool), 0.3),
        maybe(any::<bool>().prop_map(Value::Bool), 0.3),
        maybe(any::<bool>().prop_map(Value::Bool), 0.2),
    )
        .prop_map(
            |(
                per_week,
                timing,
                sites,
                severity,
                one_sided,
                weeks,
                minutes,
                eases,
                sudden,
                task,
            )| {
                object(vec![
                    ("per_week", per_week),
                    ("timing", timing),
                    ("sites", sites),
                    ("severity", severity),
                    ("one_sided", one_sided),
                    ("weeks", weeks),
                    ("duration_minutes", minutes),
                    ("eases_with_stretching", eases),
                    ("sudden_onset", sudden),
                    ("task_specific", task),
                ])
            },
        )
        .boxed()
}

fn arb_lifestyle() -> BoxedStrategy<Value> {
    (
        maybe(number(0.0, 50.0, &[0.0, 1.0, 2.0, 5.0, 50.0]), 0.6),
        maybe(any::<bool>().prop_map(Value::Bool), 0.5),
        maybe(number(0.0, 50.0, &[0.0, 3.0, 3.9, 4.0, 10.0]), 0.5),
        maybe(number(0.0, 200.0, &[0.0, 7.0, 7.5, 8.0, 30.0]), 0.5),
        maybe(number(0.0, 10.0, &[0.0, 5.9, 6.0, 10.0]), 0.5),
        maybe(one_of(Diet::ALL, Diet::as_str), 0.5),
        maybe(number(0.0, 20.0, &[0.0, 1.5, 2.5, 20.0]), 0.4),
        maybe(number(0.0, 24.0, &[0.0, 5.9, 6.0, 9.0, 24.0]), 0.5),
    )
        .prop_map(
            |(exercise, sweating, caffeine, alcohol, stress, diet, water, sitting)| {
                object(vec![
                    ("exercise_per_week", exercise),
                    ("heavy_sweating", sweating),
                    ("caffeine_cups_per_day", caffeine),
                    ("alcohol_drinks_per_week", alcohol),
                    ("stress", stress),
                    ("diet", diet),
                    ("water_liters_per_day", water),
                    ("sitting_hours_per_day", sitting),
                ])
            },
        )
        .boxed()
}

/// Magnesium form names as a profile may write them (`bisglycinate` is an alias).
fn arb_form_name() -> BoxedStrategy<Value> {
    prop_oneof![
        8 => one_of(FormId::ALL, FormId::as_str),
        1 => Just(json!("bisglycinate")),
    ]
    .boxed()
}

fn arb_supplement() -> BoxedStrategy<Value> {
    prop_oneof![
        4 => (arb_form_name(), number(0.0, 600.0, MAGNESIUM_MG))
            .prop_map(|(form, mg)| json!({"form": form, "elemental_mg": mg})),
        2 => number(0.0, 150.0, B6_MG).prop_map(|mg| json!({"nutrient": "vitamin_b6", "mg": mg})),
        1 => number(0.0, 4000.0, TAURINE_MG).prop_map(|mg| json!({"nutrient": "taurine", "mg": mg})),
        1 => number(0.0, 3000.0, &[0.0, 99.0, 1000.0])
            .prop_map(|mg| json!({"nutrient": "potassium", "mg": mg})),
    ]
    .boxed()
}

fn arb_preferences() -> BoxedStrategy<Value> {
    (
        maybe(one_of(Format::ALL, Format::as_str), 0.6),
        maybe(list(Avoid::ALL, Avoid::ALL, Avoid::as_str), 0.5),
    )
        .prop_map(|(format, avoid)| object(vec![("format", format), ("avoid", avoid)]))
        .boxed()
}

/// A valid profile as JSON (every key sometimes absent, sometimes present
/// with an empty list or `false`), with the profile parsed from it.
pub(crate) fn arb_profile() -> impl Strategy<Value = (Value, Profile)> {
    let who = (
        arb_age(),
        maybe(one_of(&["female", "male", "unspecified"], |s| s), 0.7),
        maybe(
            prop_oneof![
                6 => Just(json!("none")),
                1 => one_of(Pregnancy::ALL, Pregnancy::as_str),
            ],
            0.6,
        ),
        maybe(
            prop_oneof![5 => Just(Value::Bool(false)), 1 => Just(Value::Bool(true))],
            0.6,
        ),
        maybe(one_of(&["us", "eu"], |s| s), 0.7),
    );
    let health = (
        maybe(arb_cramps(), 0.9),
        maybe(list(BENIGN_SYMPTOMS, Symptom::ALL, Symptom::as_str), 0.8),
        maybe(arb_lifestyle(), 0.6),
        maybe(
            list(BENIGN_CONDITIONS, Condition::ALL, Condition::as_str),
            0.75,
        ),
        maybe(
            list(BENIGN_MEDICATIONS, Medication::ALL, Medication::as_str),
            0.75,
        ),
    );
    let intake = (
        maybe(
            proptest::collection::vec(arb_supplement(), 0..4).prop_map(Value::Array),
            0.75,
        ),
        maybe(
            number(
                0.0,
                5000.0,
                &[
                    0.0, 100.0, 199.0, 200.0, 230.0, 240.0, 300.0, 310.0, 320.0, 400.0, 420.0,
                ],
            ),
            0.4,
        ),
        maybe(arb_preferences(), 0.4),
    );
    (who, health, intake).prop_map(
        |(
            (age, sex, pregnancy, lactating, jurisdiction),
            (cramps, symptoms, lifestyle, conditions, medications),
            (supplements, diet, preferences),
        )| {
            let value = object(vec![
                ("age", Some(age)),
                ("sex", sex),
                ("pregnancy", pregnancy),
                ("lactating", lactating),
                ("cramps", cramps),
                ("symptoms", symptoms),
                ("lifestyle", lifestyle),
                ("conditions", conditions),
                ("medications", medications),
                ("supplements", supplements),
                ("diet_magnesium_mg", diet),
                ("preferences", preferences),
                ("jurisdiction", jurisdiction),
            ]);
            let profile = Profile::from_value(&value)
                .unwrap_or_else(|e| panic!("generated profile {value} is invalid: {e}"));
            (value, profile)
        },
    )
}

/// `value` with `item` appended to the list at `key` (created when absent).
pub(crate) fn with_item(value: &Value, key: &str, item: Value) -> Value {
    let mut v = value.clone();
    let map = v.as_object_mut().expect("profile is an object");
    let list = map.entry(key.to_owned()).or_insert_with(|| json!([]));
    list.as_array_mut().expect("a list").push(item);
    v
}

/// Parses a profile that must be valid.
pub(crate) fn parse(value: &Value) -> Profile {
    Profile::from_value(value).unwrap_or_else(|e| panic!("{value}: {e}"))
}
