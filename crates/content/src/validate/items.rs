//! Per-item rules: texts, urls, years, formats, chemistry, claims of notes, ranks.

use std::collections::HashMap;

use crate::chemistry::elemental_fraction;
use crate::collection::Collection;
use crate::content::Content;
use crate::enums::{NoteKind, TriageLevel};
use crate::error::ContentError;
use crate::index::{form_names, normalize};
use crate::validate::tables::number;

/// Largest accepted difference between a stated and a computed elemental fraction.
pub(crate) const FRACTION_TOLERANCE: f64 = 0.0006;
/// Formats a form may come in.
pub(crate) const FORMATS: &[&str] = &["capsule", "tablet", "powder", "liquid"];
/// Plausible publication years.
const YEARS: std::ops::RangeInclusive<u16> = 1950..=2026;

pub(super) fn check(content: &Content, errors: &mut Vec<ContentError>) {
    sources(content, errors);
    claims(content, errors);
    forms(content, errors);
    others(content, errors);
}

/// A required text field must not be blank.
fn text(errors: &mut Vec<ContentError>, file: &str, item: &str, field: &str, value: &str) {
    if value.trim().is_empty() {
        errors.push(ContentError::at(file, item, field, "must not be empty"));
    }
}

fn sources(content: &Content, errors: &mut Vec<ContentError>) {
    let file = Collection::Sources.file();
    for s in &content.sources {
        text(errors, file, &s.id, "title", &s.title);
        text(errors, file, &s.id, "publisher", &s.publisher);
        let host = s.url.strip_prefix("https://").unwrap_or("");
        if host.is_empty() || s.url.chars().any(char::is_whitespace) {
            let message = format!("url `{}` must start with `https://`", s.url);
            errors.push(ContentError::at(file, &s.id, "url", message));
        }
        if !YEARS.contains(&s.year) {
            let message = format!("year `{}` is not between 1950 and 2026", s.year);
            errors.push(ContentError::at(file, &s.id, "year", message));
        }
    }
}

fn claims(content: &Content, errors: &mut Vec<ContentError>) {
    let file = Collection::Claims.file();
    for c in &content.claims {
        text(errors, file, &c.id, "statement", &c.statement);
        if c.sources.is_empty() {
            errors.push(ContentError::at(
                file,
                &c.id,
                "sources",
                "claim has no source",
            ));
        }
    }
}

/// Checks a stated fraction against its formula.
fn fraction(errors: &mut Vec<ContentError>, item: &str, path: &str, formula: &str, stated: f64) {
    let file = Collection::Forms.file();
    match elemental_fraction(formula) {
        Err(e) => errors.push(ContentError::at(
            file,
            item,
            format!("{path}formula"),
            format!("cannot read formula `{formula}`: {e}"),
        )),
        Ok(computed) if stated.is_nan() || (stated - computed).abs() > FRACTION_TOLERANCE => errors
            .push(ContentError::at(
                file,
                item,
                format!("{path}elemental_fraction"),
                format!("stated `{stated}` but formula `{formula}` gives `{computed:.3}`"),
            )),
        Ok(_) => {}
    }
}

fn forms(content: &Content, errors: &mut Vec<ContentError>) {
    let file = Collection::Forms.file();
    let mut names: HashMap<String, &str> = HashMap::new();
    for f in &content.forms {
        text(errors, file, &f.id, "name", &f.name);
        text(errors, file, &f.id, "absorption", &f.absorption);
        fraction(errors, &f.id, "", &f.formula, f.elemental_fraction);
        for (i, v) in f.variants.iter().enumerate() {
            text(errors, file, &f.id, &format!("variants[{i}].name"), &v.name);
            let path = format!("variants[{i}].");
            fraction(errors, &f.id, &path, &v.formula, v.elemental_fraction);
        }
        if f.formats.is_empty() {
            errors.push(ContentError::at(file, &f.id, "formats", "no format listed"));
        }
        for format in &f.formats {
            if !FORMATS.contains(&format.as_str()) {
                let message =
                    format!("unknown format `{format}` (capsule, tablet, powder or liquid)");
                errors.push(ContentError::at(file, &f.id, "formats", message));
            }
        }
        for alias in &f.aliases {
            if *alias != alias.to_lowercase() || alias.trim().is_empty() {
                let message = format!("alias `{alias}` must be lowercase and not empty");
                errors.push(ContentError::at(file, &f.id, "aliases", message));
            }
        }
        for name in form_names(f) {
            let key = normalize(name);
            match names.get(key.as_str()) {
                Some(other) if *other != f.id => {
                    let message = format!("`{name}` also names form `{other}`");
                    errors.push(ContentError::at(file, &f.id, "aliases", message));
                }
                _ => {
                    names.insert(key, &f.id);
                }
            }
        }
    }
}

fn others(content: &Content, errors: &mut Vec<ContentError>) {
    let file = Collection::Foods.file();
    for f in &content.foods {
        text(errors, file, &f.id, "name", &f.name);
        text(errors, file, &f.id, "serving", &f.serving);
        number(errors, file, &f.id, "mg_per_serving", f.mg_per_serving);
    }
    let file = Collection::Medications.file();
    for m in &content.medications {
        text(errors, file, &m.id, "name", &m.name);
        text(errors, file, &m.id, "text", &m.text);
        for (field, value) in [
            ("hours_before", m.hours_before),
            ("hours_after", m.hours_after),
        ] {
            if let Some(v) = value {
                number(errors, file, &m.id, field, v);
            }
        }
    }
    let file = Collection::Conditions.file();
    for c in &content.conditions {
        text(errors, file, &c.id, "name", &c.name);
        text(errors, file, &c.id, "text", &c.text);
    }
    let file = Collection::RedFlags.file();
    for r in &content.red_flags {
        text(errors, file, &r.id, "name", &r.name);
        text(errors, file, &r.id, "text", &r.text);
        if r.level == TriageLevel::SelfCare {
            let message = "level `self_care` is not allowed for a red flag";
            errors.push(ContentError::at(file, &r.id, "level", message));
        } else if let Some(least) = crate::reference::red_flag_level(&r.id) {
            if r.level < least {
                let message = format!(
                    "level `{}` is below this warning sign's reference level `{}`; a content file may raise a level, never lower it",
                    r.level.as_str(),
                    least.as_str()
                );
                let mut e = ContentError::at(file, &r.id, "level", message);
                e.line = Some(0);
                errors.push(e);
            }
        }
    }
    let file = Collection::Notes.file();
    for n in &content.notes {
        text(errors, file, &n.id, "text", &n.text);
        for name in placeholders(&n.text) {
            if !crate::NOTE_PLACEHOLDERS.contains(&name) {
                let message = format!(
                    "unknown placeholder `{{{name}}}`; expected one of {}",
                    crate::NOTE_PLACEHOLDERS.join(", ")
                );
                errors.push(ContentError::at(file, &n.id, "text", message));
            }
        }
        let needs_claims = matches!(
            n.kind,
            NoteKind::Caution | NoteKind::Status | NoteKind::Expectation
        );
        if needs_claims && n.claims.is_empty() {
            let message = format!("a `{}` note needs at least one claim", n.kind);
            errors.push(ContentError::at(file, &n.id, "claims", message));
        }
    }
    let file = Collection::Companions.file();
    for c in &content.companions {
        text(errors, file, &c.id, "name", &c.name);
        text(errors, file, &c.id, "text", &c.text);
        if let Some(mg) = c.suggested_mg {
            number(errors, file, &c.id, "suggested_mg", mg);
            if !c.suggest {
                let message = "`suggested_mg` is set but `suggest` is false";
                errors.push(ContentError::at(file, &c.id, "suggested_mg", message));
            }
        }
    }
    let file = Collection::Lifestyle.file();
    let mut ranks: HashMap<u32, &str> = HashMap::new();
    for m in &content.lifestyle {
        text(errors, file, &m.id, "text", &m.text);
        if m.rank == 0 {
            errors.push(ContentError::at(
                file,
                &m.id,
                "rank",
                "rank `0`: ranks start at 1",
            ));
        } else if let Some(other) = ranks.insert(m.rank, &m.id) {
            let message = format!("rank `{}` is also used by `{other}`", m.rank);
            errors.push(ContentError::at(file, &m.id, "rank", message));
        }
    }
    let file = Collection::Mechanisms.file();
    for m in &content.mechanisms {
        text(errors, file, &m.id, "title", &m.title);
        text(errors, file, &m.id, "text", &m.text);
    }
    let file = Collection::Faq.file();
    for q in &content.faq {
        text(errors, file, &q.id, "question", &q.question);
        text(errors, file, &q.id, "answer", &q.answer);
    }
    let file = Collection::LabelChecklist.file();
    for c in &content.label_checklist {
        text(errors, file, &c.id, "title", &c.title);
        text(errors, file, &c.id, "text", &c.text);
    }
}

/// The `{name}` placeholders of a note's text.
fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    text.split('{')
        .skip(1)
        .map(|part| part.split('}').next().unwrap_or(part))
}
