//! The embedded content: it validates, its chemistry is right and its tables cover every age.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use crampwise_content::{Content, Jurisdiction, Sex};

fn content() -> Content {
    Content::embedded().unwrap_or_else(|e| panic!("embedded content is invalid:\n{e}"))
}

#[test]
fn embedded_content_validates() {
    let c = content();
    assert_eq!(c.forms().len(), 14);
    assert!(c.version().contains('+'));
}

#[test]
fn every_fraction_matches_atomic_weights() {
    let c = content();
    for form in c.forms() {
        let mut all = vec![(form.id.clone(), &form.formula, form.elemental_fraction)];
        for v in &form.variants {
            all.push((
                format!("{}/{}", form.id, v.name),
                &v.formula,
                v.elemental_fraction,
            ));
        }
        for (name, formula, stated) in all {
            let computed = common::recompute_fraction(formula);
            assert!(
                (computed - stated).abs() <= 0.0006,
                "{name}: stated {stated}, {formula} gives {computed:.4}"
            );
            let crate_value = crampwise_content::elemental_fraction(formula).unwrap();
            assert!((computed - crate_value).abs() < 1e-12, "{name}");
        }
    }
}

#[test]
fn intake_tables_cover_every_age_once() {
    let c = content();
    let intakes = c.intakes();
    for step in 0..=480 {
        let age = f64::from(step) * 0.25;
        let rda = intakes
            .rda
            .iter()
            .filter(|b| b.from <= age && age < b.to)
            .count();
        let ul = intakes
            .upper_limit
            .iter()
            .filter(|b| b.from <= age && age < b.to)
            .count();
        assert_eq!(rda, 1, "rda bands at age {age}");
        assert_eq!(ul, 1, "upper limit bands at age {age}");
        for sex in [Sex::Female, Sex::Male, Sex::Unspecified] {
            assert!(c.rda_mg(age, sex, false, false).is_some());
        }
    }
    assert!(c.supplemental_ul_mg(40.0, Jurisdiction::Us).is_some());
}

#[test]
fn every_id_is_found() {
    let c = content();
    for name in Content::COLLECTIONS {
        let items = c.collection_json(name).unwrap();
        let Some(items) = items.as_array() else {
            assert_eq!(*name, "intakes");
            continue;
        };
        for item in items {
            let id = item["id"].as_str().unwrap();
            let (found, json) = c.find_json(id).unwrap();
            assert_eq!(found, *name);
            assert_eq!(&json, item);
        }
    }
}
