//! Loading a directory: the API on the valid fixture, versions, file-level errors.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use crampwise_content::{Content, ContentError, Jurisdiction, Sex, TimeOfDay};

fn valid() -> Content {
    Content::from_dir(common::fixtures().join("valid")).unwrap_or_else(|e| panic!("{e}"))
}

fn only_error(case: &str, dir: &std::path::Path) -> ContentError {
    let errors = Content::from_dir(dir).unwrap_err().0;
    assert_eq!(errors.len(), 1, "{case}: {errors:?}");
    errors.into_iter().next().unwrap()
}

#[test]
fn collections_and_lookups() {
    let c = valid();
    assert_eq!(c.forms().len(), 14);
    assert_eq!(c.forms()[0].id, "glycinate");
    assert_eq!(c.forms()[0].timing, TimeOfDay::Evening);
    assert_eq!(c.medications().len(), 13);
    assert_eq!(c.conditions().len(), 9);
    assert_eq!(c.label_checklist().len(), 6);
    assert_eq!(c.source("fixture_source").unwrap().year, 2022);
    assert_eq!(
        c.claim("second_claim").unwrap().note.as_deref(),
        Some("fixture")
    );
    assert_eq!(c.form("citrate").unwrap().elemental_fraction, 0.162);
    assert_eq!(c.form("chloride").unwrap().variants.len(), 1);
    assert!(c.food("pumpkin_seeds").is_some());
    assert!(c.medication("ppi").is_some());
    assert!(c.condition("diabetes").is_some());
    assert!(c.red_flag("possible_dvt").is_some());
    assert!(c.note("expect_weeks").is_some());
    assert!(c.companion("vitamin_b6").is_some());
    assert_eq!(c.measure("hydrate").unwrap().rank, 2);
    assert!(c.mechanism("contraction_and_release").is_some());
    assert!(c.faq_item("faq_every_day").is_some());
    assert!(c.check("avoids_oxide").is_some());
    // An id of another collection is not found.
    assert!(c.form("ppi").is_none());
    assert!(c.source("nope").is_none());
}

#[test]
fn form_aliases() {
    let c = valid();
    for text in [
        "citrate",
        "CITRATE",
        "Magnesium Citrate",
        "  mg   citrate ",
        "mg citrate",
    ] {
        assert_eq!(
            c.form_by_alias(text).map(|f| f.id.as_str()),
            Some("citrate"),
            "{text}"
        );
    }
    assert_eq!(c.form_by_alias("L-Threonate").unwrap().id, "l_threonate");
    assert!(c.form_by_alias("unobtainium").is_none());
}

#[test]
fn intake_lookups() {
    let c = valid();
    assert_eq!(c.rda_mg(0.0, Sex::Male, false, false), Some(30.0));
    assert_eq!(c.rda_mg(25.0, Sex::Female, false, false), Some(310.0));
    assert_eq!(c.rda_mg(25.0, Sex::Male, false, false), Some(400.0));
    assert_eq!(c.rda_mg(25.0, Sex::Unspecified, false, false), Some(400.0));
    assert_eq!(c.rda_mg(25.0, Sex::Female, true, false), Some(350.0));
    assert_eq!(c.rda_mg(25.0, Sex::Female, false, true), Some(310.0));
    // No pregnancy column: the female value applies.
    assert_eq!(c.rda_mg(50.0, Sex::Female, true, false), Some(320.0));
    assert_eq!(c.rda_mg(19.0, Sex::Female, false, false), Some(310.0));
    assert_eq!(c.rda_mg(121.0, Sex::Female, false, false), None);
    assert_eq!(c.rda_mg(-1.0, Sex::Female, false, false), None);
    assert_eq!(c.rda_mg(f64::NAN, Sex::Female, false, false), None);

    assert_eq!(c.supplemental_ul_mg(0.5, Jurisdiction::Us), None);
    assert_eq!(c.supplemental_ul_mg(0.5, Jurisdiction::Eu), None);
    assert_eq!(c.supplemental_ul_mg(5.0, Jurisdiction::Eu), Some(250.0));
    assert_eq!(c.supplemental_ul_mg(40.0, Jurisdiction::Us), Some(350.0));
    assert_eq!(c.supplemental_ul_mg(f64::NAN, Jurisdiction::Us), None);

    assert_eq!(
        c.companion_limit_mg("vitamin_b6", 40.0, Jurisdiction::Us),
        Some(100.0)
    );
    assert_eq!(
        c.companion_limit_mg("vitamin_b6", 40.0, Jurisdiction::Eu),
        Some(12.0)
    );
    assert_eq!(
        c.companion_limit_mg("vitamin_b6", 10.0, Jurisdiction::Eu),
        Some(3.2)
    );
    assert_eq!(
        c.companion_limit_mg("vitamin_b6", 0.5, Jurisdiction::Us),
        None
    );
    assert_eq!(
        c.companion_limit_mg("potassium", 40.0, Jurisdiction::Us),
        None
    );
    assert_eq!(c.companion_limit_mg("nope", 40.0, Jurisdiction::Us), None);
}

#[test]
fn json_views() {
    let c = valid();
    assert_eq!(Content::COLLECTIONS.len(), 14);
    for name in Content::COLLECTIONS {
        assert!(c.collection_json(name).is_some(), "{name}");
    }
    assert!(c.collection_json("nope").is_none());
    let forms = c.collection_json("forms").unwrap();
    assert_eq!(forms.as_array().unwrap().len(), 14);
    assert_eq!(forms[3]["id"], "oxide");
    assert_eq!(forms[3]["gi_tolerance"], "gentle");
    let intakes = c.collection_json("intakes").unwrap();
    assert_eq!(intakes["rda"].as_array().unwrap().len(), 4);
    assert!(intakes["upper_limit"][0].get("us").is_none());
    let companions = c.collection_json("companions").unwrap();
    assert_eq!(companions[0]["limit"][1]["kind"], "ul");

    let (collection, item) = c.find_json("possible_dvt").unwrap();
    assert_eq!(collection, "red_flags");
    assert_eq!(item["level"], "urgent");
    let (collection, _) = c.find_json("fixture_source").unwrap();
    assert_eq!(collection, "sources");
    assert!(c.find_json("nope").is_none());

    let whole = serde_json::to_value(&c).unwrap();
    assert_eq!(whole["version"], c.version());
    assert_eq!(whole["label_checklist"].as_array().unwrap().len(), 6);
}

#[test]
fn version_is_stable_and_tracks_changes() {
    let a = valid();
    let b = valid();
    assert_eq!(a.version(), b.version());
    let (semver, hash) = a.version().split_once('+').unwrap();
    assert_eq!(semver, "1.0.0");
    assert_eq!(hash.len(), 12);
    assert!(hash
        .bytes()
        .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));

    let dir = common::fixture_dir("version_change");
    let path = dir.join("faq.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("Fixture?", "Fixture changed?")).unwrap();
    let changed = Content::from_dir(&dir).unwrap();
    assert_ne!(changed.version(), a.version());
    assert!(changed.version().starts_with("1.0.0+"));
}

#[test]
fn missing_file() {
    let dir = common::fixture_dir("missing_file");
    std::fs::remove_file(dir.join("faq.toml")).unwrap();
    let e = only_error("missing", &dir);
    assert_eq!(
        (e.file.as_str(), e.item.as_deref(), e.field.as_deref()),
        ("faq.toml", None, None)
    );
    assert!(e.message.starts_with("missing file `"), "{}", e.message);
}

#[test]
fn oversize_file() {
    let dir = common::fixture_dir("oversize_file");
    let mut text = std::fs::read_to_string(dir.join("foods.toml")).unwrap();
    text.push_str(&format!("# {}\n", "x".repeat(1024 * 1024)));
    std::fs::write(dir.join("foods.toml"), text).unwrap();
    let e = only_error("oversize", &dir);
    assert_eq!(
        (e.file.as_str(), e.item.as_deref(), e.field.as_deref()),
        ("foods.toml", None, None)
    );
    assert_eq!(
        e.message,
        "file too large: more than `1048576` bytes (1 MiB)"
    );
}

#[test]
fn invalid_toml() {
    let dir = common::fixture_dir("invalid_toml");
    std::fs::write(dir.join("sources.toml"), "[[source]\nid = 1\n").unwrap();
    let e = only_error("invalid toml", &dir);
    assert_eq!(
        (e.file.as_str(), e.item.as_deref(), e.field.as_deref()),
        ("sources.toml", None, None)
    );
    assert!(
        e.message.starts_with("invalid toml at line 1, column"),
        "{}",
        e.message
    );
    assert!(!e.to_string().contains('\n'));
}
