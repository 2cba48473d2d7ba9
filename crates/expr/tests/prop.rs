//! Property tests: random well-typed conditions printed to source, compiled
//! and evaluated, against a straightforward reference interpreter; and
//! parsing arbitrary input never panics.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use crampwise_expr::{parse, Block, CmpOp, Condition, FieldId, Schema, Truth, Value, BLOCK_ROWS};
use proptest::prelude::*;

const BOOLS: [&str; 5] = ["a", "b", "c", "lactating", "cramps.one_sided"];
const NUMBERS: [&str; 3] = ["age", "cramps.per_week", "lifestyle.exercise_per_week"];
const ENUMS: [&str; 2] = ["sex", "pregnancy"];
const SETS: [&str; 3] = ["cramps.timing", "symptoms", "conditions"];
const POOL: [f64; 8] = [-1.5, 0.0, 1.0, 2.0, 3.0, 7.0, 12.5, 65.0];
const OPS: [CmpOp; 6] = [
    CmpOp::Eq,
    CmpOp::Ne,
    CmpOp::Lt,
    CmpOp::Le,
    CmpOp::Gt,
    CmpOp::Ge,
];

/// A number operand.
#[derive(Clone, Debug)]
enum Num {
    Lit(f64),
    Field(&'static str),
    Count(&'static str),
}

/// A well-typed condition, independent of the crate's own syntax tree.
#[derive(Clone, Debug)]
enum Cond {
    Const(bool),
    /// A bool field, bare (`None`) or compared: (`==`?, literal, literal first?).
    Bool(&'static str, Option<(bool, bool, bool)>),
    Compare(Num, CmpOp, Num),
    /// enum field, value index, `==`?, literal first?
    EnumIs(&'static str, usize, bool, bool),
    EnumIn(&'static str, Vec<usize>),
    SetHas(&'static str, usize),
    AnyOf(&'static str, Vec<usize>),
    AllOf(&'static str, Vec<usize>),
    Known(&'static str, bool),
    Paren(Box<Cond>),
    Not(Box<Cond>),
    And(Vec<Cond>),
    Or(Vec<Cond>),
}

fn values(schema: &Schema, field: &str) -> Vec<String> {
    schema.lookup(field).unwrap().1.values().to_vec()
}

fn num_strategy() -> impl Strategy<Value = Num> {
    prop_oneof![
        prop::sample::select(POOL.to_vec()).prop_map(Num::Lit),
        prop::sample::select(NUMBERS.to_vec()).prop_map(Num::Field),
        prop::sample::select(SETS.to_vec()).prop_map(Num::Count),
    ]
}

fn field_strategy() -> impl Strategy<Value = &'static str> {
    let all: Vec<&'static str> = BOOLS
        .iter()
        .chain(&NUMBERS)
        .chain(&ENUMS)
        .chain(&SETS)
        .copied()
        .collect();
    prop::sample::select(all)
}

fn leaf() -> impl Strategy<Value = Cond> {
    let enums = prop::sample::select(ENUMS.to_vec());
    let sets = prop::sample::select(SETS.to_vec());
    let indices = prop::collection::vec(0usize..3, 1..4);
    let set_indices = prop::collection::vec(0usize..4, 1..4);
    prop_oneof![
        1 => any::<bool>().prop_map(Cond::Const),
        3 => (prop::sample::select(BOOLS.to_vec()), prop::option::of(any::<(bool, bool, bool)>()))
            .prop_map(|(f, cmp)| Cond::Bool(f, cmp)),
        4 => (num_strategy(), prop::sample::select(OPS.to_vec()), num_strategy())
            .prop_map(|(l, op, r)| match (&l, &r) {
                // A comparison needs a field on one side.
                (Num::Lit(_), Num::Lit(_)) => Cond::Compare(Num::Field("age"), op, r),
                _ => Cond::Compare(l, op, r),
            }),
        3 => (enums.clone(), 0usize..3, any::<bool>(), any::<bool>())
            .prop_map(|(f, i, eq, lit_first)| Cond::EnumIs(f, i, eq, lit_first)),
        2 => (enums, indices).prop_map(|(f, v)| Cond::EnumIn(f, v)),
        3 => (sets.clone(), 0usize..4).prop_map(|(f, i)| Cond::SetHas(f, i)),
        2 => (sets.clone(), set_indices.clone()).prop_map(|(f, v)| Cond::AnyOf(f, v)),
        2 => (sets, set_indices).prop_map(|(f, v)| Cond::AllOf(f, v)),
        2 => (field_strategy(), any::<bool>()).prop_map(|(f, k)| Cond::Known(f, k)),
    ]
}

fn cond_strategy() -> impl Strategy<Value = Cond> {
    leaf().prop_recursive(6, 48, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(|c| Cond::Not(Box::new(c))),
            inner.clone().prop_map(|c| Cond::Paren(Box::new(c))),
            prop::collection::vec(inner.clone(), 2..4).prop_map(Cond::And),
            prop::collection::vec(inner, 2..4).prop_map(Cond::Or),
        ]
    })
}

fn quote(s: &str) -> String {
    format!("\"{s}\"")
}

fn print_num(n: &Num) -> String {
    match n {
        Num::Lit(x) => format!("{x}"),
        Num::Field(f) => (*f).to_owned(),
        Num::Count(f) => format!("count({f})"),
    }
}

fn print_list(schema: &Schema, field: &str, indices: &[usize]) -> String {
    let vals = values(schema, field);
    let items: Vec<String> = indices.iter().map(|&i| quote(&vals[i])).collect();
    format!("[{}]", items.join(", "))
}

fn precedence(c: &Cond) -> u8 {
    match c {
        Cond::Or(_) => 1,
        Cond::And(_) => 2,
        Cond::Not(_) => 3,
        _ => 4,
    }
}

/// Prints with the fewest parentheses the grammar needs (plus `Paren`s).
fn print(schema: &Schema, c: &Cond) -> String {
    let child = |c: &Cond, min: u8| {
        let s = print(schema, c);
        if precedence(c) < min {
            format!("({s})")
        } else {
            s
        }
    };
    match c {
        Cond::Const(b) => format!("{b}"),
        Cond::Bool(f, None) => (*f).to_owned(),
        Cond::Bool(f, Some((eq, lit, lit_first))) => {
            let op = if *eq { "==" } else { "!=" };
            if *lit_first {
                format!("{lit} {op} {f}")
            } else {
                format!("{f} {op} {lit}")
            }
        }
        Cond::Compare(l, op, r) => format!("{} {op} {}", print_num(l), print_num(r)),
        Cond::EnumIs(f, i, eq, lit_first) => {
            let lit = quote(&values(schema, f)[*i]);
            let op = if *eq { "==" } else { "!=" };
            if *lit_first {
                format!("{lit} {op} {f}")
            } else {
                format!("{f} {op} {lit}")
            }
        }
        Cond::EnumIn(f, v) => format!("{f} in {}", print_list(schema, f, v)),
        Cond::SetHas(f, i) => format!("{} in {f}", quote(&values(schema, f)[*i])),
        Cond::AnyOf(f, v) => format!("any_of({f}, {})", print_list(schema, f, v)),
        Cond::AllOf(f, v) => format!("all_of({f}, {})", print_list(schema, f, v)),
        Cond::Known(f, true) => format!("known({f})"),
        Cond::Known(f, false) => format!("unknown({f})"),
        Cond::Paren(inner) => format!("({})", print(schema, inner)),
        Cond::Not(inner) => format!("not {}", child(inner, 3)),
        // Nested `and`s and `or`s without parentheses flatten, which is
        // the same by associativity.
        Cond::And(items) => items
            .iter()
            .map(|i| child(i, 2))
            .collect::<Vec<_>>()
            .join(" and "),
        Cond::Or(items) => items
            .iter()
            .map(|i| child(i, 1))
            .collect::<Vec<_>>()
            .join(" or "),
    }
}

fn id(schema: &Schema, field: &str) -> FieldId {
    schema.lookup(field).unwrap().0
}

/// The reference interpreter: `None` is unknown.
fn reference(schema: &Schema, c: &Cond, facts: &[Value]) -> Option<bool> {
    let get = |f: &str| facts[id(schema, f).index()];
    let num = |n: &Num| match n {
        Num::Lit(x) => Some(*x),
        Num::Field(f) => match get(f) {
            Value::Number(x) => Some(x),
            _ => None,
        },
        Num::Count(f) => match get(f) {
            Value::Set(bits) => {
                let declared = values(schema, f).len();
                Some((0..declared).filter(|i| bits >> i & 1 == 1).count() as f64)
            }
            _ => None,
        },
    };
    let set_has = |f: &str, i: usize| match get(f) {
        Value::Set(bits) => Some(bits >> i & 1 == 1),
        _ => None,
    };
    match c {
        Cond::Const(b) => Some(*b),
        Cond::Bool(f, cmp) => match get(f) {
            Value::Bool(v) => Some(match cmp {
                None => v,
                Some((eq, lit, _)) => (v == *lit) == *eq,
            }),
            _ => None,
        },
        Cond::Compare(l, op, r) => {
            let (a, b) = (num(l)?, num(r)?);
            Some(match op {
                CmpOp::Eq => a == b,
                CmpOp::Ne => a != b,
                CmpOp::Lt => a < b,
                CmpOp::Le => a <= b,
                CmpOp::Gt => a > b,
                CmpOp::Ge => a >= b,
            })
        }
        Cond::EnumIs(f, i, eq, _) => match get(f) {
            Value::Enum(v) => Some((usize::from(v) == *i) == *eq),
            _ => None,
        },
        Cond::EnumIn(f, list) => match get(f) {
            Value::Enum(v) => Some(list.contains(&usize::from(v))),
            _ => None,
        },
        Cond::SetHas(f, i) => set_has(f, *i),
        Cond::AnyOf(f, list) => {
            let hits: Option<Vec<bool>> = list.iter().map(|&i| set_has(f, i)).collect();
            hits.map(|h| h.contains(&true))
        }
        Cond::AllOf(f, list) => {
            let hits: Option<Vec<bool>> = list.iter().map(|&i| set_has(f, i)).collect();
            hits.map(|h| h.iter().all(|&x| x))
        }
        Cond::Known(f, want) => {
            let kind_ok = matches!(
                (schema.lookup(f).unwrap().1, get(f)),
                (crampwise_expr::FieldType::Number, Value::Number(_))
                    | (crampwise_expr::FieldType::Bool, Value::Bool(_))
                    | (crampwise_expr::FieldType::Enum(_), Value::Enum(_))
                    | (crampwise_expr::FieldType::Set(_), Value::Set(_))
            );
            Some(kind_ok == *want)
        }
        Cond::Paren(inner) => reference(schema, inner, facts),
        Cond::Not(inner) => reference(schema, inner, facts).map(|b| !b),
        Cond::And(items) => {
            let results: Vec<Option<bool>> =
                items.iter().map(|i| reference(schema, i, facts)).collect();
            if results.contains(&Some(false)) {
                Some(false)
            } else if results.contains(&None) {
                None
            } else {
                Some(true)
            }
        }
        Cond::Or(items) => {
            let results: Vec<Option<bool>> =
                items.iter().map(|i| reference(schema, i, facts)).collect();
            if results.contains(&Some(true)) {
                Some(true)
            } else if results.contains(&None) {
                None
            } else {
                Some(false)
            }
        }
    }
}

/// The fields `c` reads, in the order they appear in the printed source.
fn ref_fields(c: &Cond, out: &mut Vec<&'static str>) {
    let mut add = |f: &'static str| {
        if !out.contains(&f) {
            out.push(f);
        }
    };
    match c {
        Cond::Const(_) => {}
        Cond::Bool(f, _)
        | Cond::EnumIs(f, ..)
        | Cond::EnumIn(f, _)
        | Cond::SetHas(f, _)
        | Cond::AnyOf(f, _)
        | Cond::AllOf(f, _)
        | Cond::Known(f, _) => add(f),
        Cond::Compare(l, _, r) => {
            for n in [l, r] {
                if let Num::Field(f) | Num::Count(f) = n {
                    add(f);
                }
            }
        }
        Cond::Paren(inner) | Cond::Not(inner) => ref_fields(inner, out),
        Cond::And(items) | Cond::Or(items) => {
            for i in items {
                ref_fields(i, out);
            }
        }
    }
}

/// A random value for each schema field: mostly of its type, sometimes
/// unknown, rarely of the wrong type (which counts as unknown).
fn facts_strategy() -> impl Strategy<Value = Vec<Value>> {
    let schema = common::schema();
    let per_field: Vec<BoxedStrategy<Value>> = schema
        .iter()
        .map(|(_, _, field_type)| {
            let typed: BoxedStrategy<Value> = match field_type {
                crampwise_expr::FieldType::Number => prop_oneof![
                    prop::sample::select(POOL.to_vec()).prop_map(Value::Number),
                    Just(Value::Number(f64::NAN)),
                ]
                .boxed(),
                crampwise_expr::FieldType::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
                crampwise_expr::FieldType::Enum(v) => {
                    (0..v.len() as u16).prop_map(Value::Enum).boxed()
                }
                crampwise_expr::FieldType::Set(v) => {
                    (0..1u64 << v.len()).prop_map(Value::Set).boxed()
                }
            };
            prop_oneof![
                6 => typed,
                3 => Just(Value::Unknown),
                1 => Just(Value::Bool(true)),
            ]
            .boxed()
        })
        .collect();
    per_field
}

fn to_truth(b: Option<bool>) -> Truth {
    match b {
        Some(true) => Truth::True,
        Some(false) => Truth::False,
        None => Truth::Unknown,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn compiled_eval_matches_reference(cond in cond_strategy(), facts in facts_strategy(), newlines in any::<bool>()) {
        let schema = common::schema();
        let mut src = print(&schema, &cond);
        if newlines {
            // No string value contains a space, so this only moves tokens.
            src = src.replace(' ', "\n\t");
        }
        let condition = Condition::compile(&src, &schema)
            .unwrap_or_else(|e| panic!("{src:?} does not compile: {e}"));
        let expected = to_truth(reference(&schema, &cond, &facts));
        let got = condition.eval(&facts);
        prop_assert_eq!(got, expected, "source: {}", src);

        let mut fields = Vec::new();
        ref_fields(&cond, &mut fields);
        let names: Vec<&str> = condition.fields().iter().map(|&f| schema.field_name(f)).collect();
        prop_assert_eq!(&names, &fields);

        let unknown: Vec<&str> = condition
            .unknown_fields(&facts)
            .iter()
            .map(|&f| schema.field_name(f))
            .collect();
        let expected_unknown: Vec<&str> = fields
            .iter()
            .copied()
            .filter(|f| reference(&schema, &Cond::Known(f, true), &facts) == Some(false))
            .collect();
        prop_assert_eq!(unknown, expected_unknown);

        let because = condition.because(&facts, &schema);
        prop_assert_eq!(condition.because_joined(&facts, &schema, "; "), because.join("; "));
        // Written into JSON: the same text, escaped as serde_json escapes it.
        let mut json = String::new();
        let mut scratch = crampwise_expr::Explaining::default();
        condition.because_into(&facts, &schema, "; ", crampwise_expr::Escaping::Json, &mut scratch, &mut json);
        prop_assert_eq!(format!("\"{json}\""), serde_json::to_string(&because.join("; ")).unwrap());
        // In a set of conditions, the same truth.
        let set = crampwise_expr::Conditions::new([&condition, &condition]);
        prop_assert_eq!(set.eval(1, &facts), got);
        if got != Truth::True {
            prop_assert!(because.is_empty());
        }

        // The canonical printing parses back to a condition that agrees.
        let canonical = parse(&src).unwrap().to_string();
        prop_assert_eq!(parse(&canonical).unwrap().to_string(), canonical.clone());
        let again = Condition::compile(&canonical, &schema).unwrap();
        prop_assert_eq!(again.eval(&facts), got, "canonical: {}", canonical);
        prop_assert_eq!(again.fields(), condition.fields());
    }

    #[test]
    fn block_eval_matches_row_eval(
        cond in cond_strategy(),
        rows in prop::collection::vec(facts_strategy(), 1..=BLOCK_ROWS),
    ) {
        let schema = common::schema();
        let src = print(&schema, &cond);
        let condition = Condition::compile(&src, &schema).unwrap();
        let mut block = Block::new(schema.len());
        for facts in &rows {
            prop_assert!(block.push(facts));
        }
        prop_assert_eq!(block.push(&rows[0]), rows.len() < BLOCK_ROWS);
        let truth = condition.eval_block(&block);
        for (r, facts) in rows.iter().enumerate() {
            prop_assert_eq!(truth.row(r), condition.eval(facts), "row {} of {}", r, src);
        }
        // Rows past the end are neither true nor false.
        let used = if block.len() == BLOCK_ROWS { u64::MAX } else { (1u64 << block.len()) - 1 };
        prop_assert_eq!((truth.true_rows | truth.false_rows) & !used, 0);
        prop_assert_eq!(truth.true_rows & truth.false_rows, 0);
        // A cleared block reused for fewer rows forgets the old ones.
        block.clear();
        prop_assert!(block.push(&rows[rows.len() - 1]));
        let again = condition.eval_block(&block);
        prop_assert_eq!(again.row(0), condition.eval(&rows[rows.len() - 1]));
        prop_assert_eq!((again.true_rows | again.false_rows) & !1, 0);
    }

    #[test]
    fn parse_never_panics_on_strings(src in any::<String>()) {
        let _ = parse(&src);
        let _ = Condition::compile(&src, &common::schema());
    }

    #[test]
    fn parse_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let src = String::from_utf8_lossy(&bytes);
        let _ = parse(&src);
        let _ = Condition::compile(&src, &common::schema());
    }

    #[test]
    fn compile_never_panics_on_token_soup(tokens in prop::collection::vec(prop::sample::select(vec![
        "(", ")", "[", "]", ",", " and ", " or ", "not ", " in ", "==", "!=", "<", ">=", "=",
        "true", "false", "\"night\"", "\"female\"", "\"", "\\", "age", "sex", "symptoms",
        "cramps.timing", "cramps.", "count(", "known(", "any_of(", "all_of(", "1", "-2.5",
        "65", " ", "\n", "a", "lactating", "é", "1.", ".",
    ]), 0..60), facts in facts_strategy()) {
        let src: String = tokens.concat();
        let schema = common::schema();
        if let Ok(condition) = Condition::compile(&src, &schema) {
            let truth = condition.eval(&facts);
            let because = condition.because(&facts, &schema);
        prop_assert_eq!(condition.because_joined(&facts, &schema, "; "), because.join("; "));
            if truth != Truth::True {
                prop_assert!(because.is_empty());
            }
            let canonical = parse(&src).unwrap().to_string();
            let again = Condition::compile(&canonical, &schema).unwrap();
            prop_assert_eq!(again.eval(&facts), truth);
        }
    }
}
