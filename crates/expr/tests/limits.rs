//! Size, depth and node limits, and robustness of evaluation.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use crampwise_expr::{
    parse, Condition, FieldType, Schema, Truth, Value, MAX_DEPTH, MAX_NODES, MAX_SOURCE_LEN,
};

fn compile(src: &str) -> Result<Condition, String> {
    Condition::compile(src, &common::schema()).map_err(|e| e.to_string())
}

fn nested(depth: usize) -> String {
    format!("{}a{}", "(".repeat(depth), ")".repeat(depth))
}

#[test]
fn depth_bomb_of_ten_thousand_parentheses_is_an_error() {
    let bomb = "(".repeat(10_000);
    assert_eq!(
        parse(&bomb).unwrap_err().to_string(),
        "1:1: condition is too long: 10000 bytes (limit 4096)"
    );
    let closed = nested(10_000);
    assert!(compile(&closed).is_err());
    // Within the size limit, the depth guard stops it.
    let bomb = "(".repeat(MAX_SOURCE_LEN);
    assert_eq!(
        parse(&bomb).unwrap_err().to_string(),
        "1:65: condition is nested too deeply (limit 64)"
    );
    let nots = "not ".repeat(1000) + "a";
    assert_eq!(
        parse(&nots).unwrap_err().to_string(),
        "1:257: condition is nested too deeply (limit 64)"
    );
    let lists = "[".repeat(MAX_SOURCE_LEN);
    assert!(parse(&lists).is_err());
}

#[test]
fn depth_limit_is_exact() {
    assert!(compile(&nested(MAX_DEPTH)).is_ok());
    assert!(compile(&nested(MAX_DEPTH + 1)).is_err());
    assert!(compile(&("not ".repeat(MAX_DEPTH) + "a")).is_ok());
    assert!(compile(&("not ".repeat(MAX_DEPTH + 1) + "a")).is_err());
}

#[test]
fn deepest_conditions_run_on_a_small_stack() {
    // The deepest inputs need well under 1 MiB of stack even in a debug
    // build (about 200 KiB in release); default threads have 2 MiB.
    let sources = [
        nested(MAX_DEPTH),
        format!(
            "{}a{}",
            "not (".repeat(MAX_DEPTH / 2),
            ")".repeat(MAX_DEPTH / 2)
        ),
        "not ".repeat(MAX_DEPTH) + "a",
    ];
    let handle = std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(move || {
            let schema = common::schema();
            let facts = common::facts(&schema, "a=true");
            sources
                .iter()
                .map(|src| {
                    let c = Condition::compile(src, &schema).unwrap();
                    (c.eval(&facts), c.because(&facts, &schema).len())
                })
                .collect::<Vec<_>>()
        })
        .unwrap();
    assert_eq!(
        handle.join().unwrap(),
        [(Truth::True, 1), (Truth::True, 1), (Truth::True, 1)]
    );
}

#[test]
fn source_length_limit_is_exact() {
    let fits = format!("a{}", " ".repeat(MAX_SOURCE_LEN - 1));
    assert!(compile(&fits).is_ok());
    let over = format!("a{}", " ".repeat(MAX_SOURCE_LEN));
    assert_eq!(
        compile(&over).unwrap_err(),
        "1:1: condition is too long: 4097 bytes (limit 4096)"
    );
}

#[test]
fn node_limit() {
    // `a or a or ...` with n operands has n + 1 nodes.
    let within = vec!["a"; MAX_NODES - 1].join(" or ");
    assert!(compile(&within).is_ok());
    let over = vec!["a"; MAX_NODES].join(" or ");
    assert_eq!(
        compile(&over).unwrap_err(),
        "1:1: condition is too large (limit 512 nodes)"
    );
    let items = vec!["\"x\""; MAX_NODES].join(",");
    let err = compile(&format!("sex in [{items}]")).unwrap_err();
    assert!(
        err.ends_with("condition is too large (limit 512 nodes)"),
        "{err}"
    );
}

#[test]
fn nan_and_wrongly_typed_facts_do_not_panic() {
    let schema = common::schema();
    let mut facts = vec![Value::Unknown; schema.len()];
    facts[0] = Value::Number(f64::NAN);
    for (src, expected) in [
        ("age >= 65", Truth::False),
        ("age < 65", Truth::False),
        ("age == age", Truth::False),
        ("age != 65", Truth::True),
        ("known(age)", Truth::True),
    ] {
        let c = Condition::compile(src, &schema).unwrap();
        assert_eq!(c.eval(&facts), expected, "{src}");
    }
    // A value of the wrong type counts as unknown.
    facts[0] = Value::Bool(true);
    let c = Condition::compile("age >= 65 or known(age)", &schema).unwrap();
    assert_eq!(c.eval(&facts), Truth::Unknown);
    assert_eq!(
        c.unknown_fields(&facts),
        vec![schema.lookup("age").unwrap().0]
    );
    // Ids past the end of the facts are unknown.
    let c = Condition::compile("c", &schema).unwrap();
    assert_eq!(c.eval(&[] as &[Value]), Truth::Unknown);
    assert_eq!(c.eval(&Vec::<Value>::new()), Truth::Unknown);
}

#[test]
fn invalid_schema_is_reported() {
    let schema = Schema::new()
        .field("age", FieldType::Number)
        .field("age", FieldType::Number);
    assert_eq!(
        Condition::compile("age > 1", &schema)
            .unwrap_err()
            .to_string(),
        "1:1: invalid schema: field `age` is declared twice"
    );
}

#[test]
fn condition_accessors() {
    let schema = common::schema();
    let src = "age >= 65 and (sex == \"female\" or age < 3 or \"night\" in cramps.timing)";
    let c = Condition::compile(src, &schema).unwrap();
    assert_eq!(c.source(), src);
    let names: Vec<&str> = c.fields().iter().map(|&f| schema.field_name(f)).collect();
    assert_eq!(names, ["age", "sex", "cramps.timing"]);
    let facts = common::facts(&schema, "age=70; cramps.timing=[night]");
    assert_eq!(c.eval(&facts), Truth::True);
    assert_eq!(
        c.unknown_fields(&facts),
        vec![schema.lookup("sex").unwrap().0]
    );
    assert_eq!(
        c.because(&facts, &schema),
        [
            "age >= 65 (age = 70)",
            "\"night\" in cramps.timing (cramps.timing = [night])"
        ]
    );
    // Clones are independent and threads can share conditions.
    let shared = std::sync::Arc::new(c.clone());
    let t = std::thread::spawn(move || shared.eval(&facts));
    assert_eq!(t.join().unwrap(), Truth::True);
}

#[test]
fn ast_prints_canonically() {
    let ast = parse("not(a)and(b or c)and\n\"x\\\"y\"in symptoms or age>=-1.50").unwrap();
    assert_eq!(
        ast.to_string(),
        "not a and (b or c) and \"x\\\"y\" in symptoms or age >= -1.5"
    );
    assert_eq!(ast.node_count, 13);
}
