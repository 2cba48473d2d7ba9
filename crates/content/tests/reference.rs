//! Hostile content directories: limits raised past the reference values and
//! warning signs lowered below their reference level fail to load, naming
//! the file, the line and the value.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use std::path::{Path, PathBuf};

use crampwise_content::Content;

/// A copy of the embedded data with `edit` applied to `file`.
fn edited(name: &str, file: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("hostile-content")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    let target = dir.join(file);
    let text = std::fs::read_to_string(&target).unwrap();
    let changed = edit(&text);
    assert_ne!(changed, text, "{name}: the edit changed nothing");
    std::fs::write(&target, changed).unwrap();
    dir
}

fn errors(dir: &Path) -> String {
    match Content::from_dir(dir) {
        Ok(_) => panic!("{}: loaded without error", dir.display()),
        Err(e) => e.to_string(),
    }
}

fn line_of(dir: &Path, file: &str, needle: &str, nth: usize) -> usize {
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.contains(needle))
        .nth(nth)
        .map(|(i, _)| i + 1)
        .unwrap()
}

#[test]
fn the_embedded_data_keeps_the_reference() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    Content::from_dir(src).unwrap();
}

#[test]
fn a_raised_magnesium_limit_is_a_load_error_with_its_line() {
    let dir = edited("ul-raised", "intakes.toml", |t| {
        t.replace("us = 350", "us = 1000000")
    });
    let e = errors(&dir);
    let line = line_of(&dir, "intakes.toml", "us = 1000000", 0);
    assert!(
        e.contains(&format!("intakes.toml:{line}: upper_limit[3].us: `1000000` mg is above the reference upper limit for supplemental magnesium at age 9 (US: 350 mg)")),
        "{e}"
    );
    assert!(e.contains("upper_limit[4].us"), "{e}");
}

#[test]
fn a_limit_where_none_is_established_is_a_load_error() {
    let dir = edited("ul-infant", "intakes.toml", |t| {
        t.replacen(
            "# no US or EU value: not established, food or formula only",
            "us = 50",
            1,
        )
    });
    let e = errors(&dir);
    assert!(e.contains("upper_limit[0].us: `50` mg is above the reference upper limit for supplemental magnesium at age 0 (US: none established)"), "{e}");
}

#[test]
fn a_raised_b6_limit_is_a_load_error() {
    let dir = edited("b6-raised", "companions.toml", |t| {
        t.replace("eu = 12", "eu = 50")
    });
    let e = errors(&dir);
    assert!(e.contains("companions.toml:"), "{e}");
    assert!(
        e.contains(
            "vitamin_b6.limit[7].eu: `50` mg is above the reference limit at age 18 (EU: 12 mg)"
        ),
        "{e}"
    );
}

#[test]
fn a_lowered_warning_sign_is_a_load_error_with_its_line() {
    let dir = edited("flag-lowered", "red_flags.toml", |t| {
        t.replacen(
            "id = \"chest_pain\"\nname = \"Chest pain\"\nlevel = \"emergency\"",
            "id = \"chest_pain\"\nname = \"Chest pain\"\nlevel = \"clinician\"",
            1,
        )
    });
    let e = errors(&dir);
    let text = std::fs::read_to_string(dir.join("red_flags.toml")).unwrap();
    let id_line = text
        .lines()
        .position(|l| l == "id = \"chest_pain\"")
        .unwrap()
        + 1;
    assert!(
        e.contains(&format!("red_flags.toml:{}: chest_pain.level: level `clinician` is below this warning sign's reference level `emergency`", id_line + 2)),
        "{e}"
    );
}

#[test]
fn a_lower_limit_and_a_higher_level_are_allowed() {
    let dir = edited("stricter", "intakes.toml", |t| {
        t.replace("us = 350", "us = 300")
    });
    Content::from_dir(&dir).unwrap();
    let dir = edited("stricter-flag", "red_flags.toml", |t| {
        t.replacen(
            "id = \"numbness\"\nname = \"Numbness\"\nlevel = \"clinician\"",
            "id = \"numbness\"\nname = \"Numbness\"\nlevel = \"urgent\"",
            1,
        )
    });
    Content::from_dir(&dir).unwrap();
}

#[test]
fn an_unknown_placeholder_is_a_load_error() {
    let dir = edited("placeholder", "notes.toml", |t| {
        t.replace("{excess_mg}", "{excess}")
    });
    let e = errors(&dir);
    assert!(
        e.contains("above_upper_limit_cut_down.text: unknown placeholder `{excess}`"),
        "{e}"
    );
}
