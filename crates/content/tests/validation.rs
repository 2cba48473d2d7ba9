//! Negative tests: each broken fixture gives exactly the expected error.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use crampwise_content::{Content, ContentError};

fn errors(case: &str) -> Vec<ContentError> {
    match Content::from_dir(common::fixture_dir(case)) {
        Ok(_) => panic!("{case}: loaded without error"),
        Err(e) => e.0,
    }
}

fn error(file: &str, item: &str, field: &str, message: &str) -> ContentError {
    ContentError {
        file: file.to_owned(),
        item: Some(item.to_owned()),
        field: Some(field.to_owned()),
        message: message.to_owned(),
        line: None,
    }
}

#[test]
fn valid_fixture_loads() {
    Content::from_dir(common::fixtures().join("valid")).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn duplicate_id_names_both_files() {
    assert_eq!(
        errors("duplicate_id"),
        vec![error(
            "faq.toml",
            "stretch_gently",
            "id",
            "duplicate id `stretch_gently`, already used in `lifestyle.toml`"
        )]
    );
}

#[test]
fn dangling_claim() {
    assert_eq!(
        errors("dangling_claim"),
        vec![error(
            "mechanisms.toml",
            "contraction_and_release",
            "claims",
            "unknown claim `no_such_claim`"
        )]
    );
}

#[test]
fn claim_without_source() {
    assert_eq!(
        errors("claim_without_source"),
        vec![error(
            "claims.toml",
            "second_claim",
            "sources",
            "claim has no source"
        )]
    );
}

#[test]
fn fraction_mismatch() {
    let errors = errors("fraction_mismatch");
    assert_eq!(
        errors,
        vec![
            error(
                "forms.toml",
                "citrate",
                "elemental_fraction",
                "stated `0.2` but formula `Mg3(C6H5O7)2` gives `0.162`"
            ),
            error(
                "forms.toml",
                "chloride",
                "variants[0].elemental_fraction",
                "stated `0.2` but formula `MgCl2·6H2O` gives `0.120`"
            ),
        ]
    );
    assert_eq!(
        errors[0].to_string(),
        "forms.toml: citrate.elemental_fraction: stated `0.2` but formula `Mg3(C6H5O7)2` gives `0.162`"
    );
}

#[test]
fn table_gap() {
    assert_eq!(
        errors("table_gap"),
        vec![error(
            "intakes.toml",
            "rda[2]",
            "from",
            "gap: band starts at `20` but the previous band ends at `19`"
        )]
    );
}

#[test]
fn unknown_field() {
    assert_eq!(
        errors("unknown_field"),
        vec![error(
            "foods.toml",
            "pumpkin_seeds",
            "colour",
            "unknown field `colour`"
        )]
    );
}

#[test]
fn all_errors_are_collected() {
    // Several broken files at once: every error is reported, one per line.
    let dir = common::fixture_dir("several");
    for case in ["dangling_claim", "claim_without_source", "table_gap"] {
        for entry in std::fs::read_dir(common::fixtures().join(case)).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    let e = Content::from_dir(&dir).unwrap_err();
    assert_eq!(e.0.len(), 3);
    assert_eq!(e.to_string().lines().count(), 3);
}

#[test]
fn a_form_the_profile_cannot_name_is_refused() {
    let errors = errors("unknown_form");
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(
        messages.iter().any(|m| m
            .contains("`glukonate` is not a form the engine knows (a profile could not name it)")
            && m.contains("did you mean `gluconate`?")),
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("required form `gluconate` is missing")),
        "{messages:#?}"
    );
}
