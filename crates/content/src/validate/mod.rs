//! Validation of parsed content: every rule, every error collected.
//!
//! Parsing (`parse`) only checks shapes and types; this module checks ids,
//! references, required items, chemistry, age tables and value ranges.

mod items;
mod tables;

use std::collections::{HashMap, HashSet};

use crate::collection::Collection;
use crate::content::Content;
use crate::error::ContentError;
use crate::index::ids;
use crate::load::META_FILE;

/// The 14 magnesium forms the engine relies on.
pub(crate) const REQUIRED_FORMS: &[&str] = &[
    "glycinate",
    "malate",
    "citrate",
    "oxide",
    "chloride",
    "sulfate",
    "taurate",
    "l_threonate",
    "lactate",
    "aspartate",
    "carbonate",
    "hydroxide",
    "orotate",
    "gluconate",
];

/// The 9 conditions the engine relies on.
pub(crate) const REQUIRED_CONDITIONS: &[&str] = &[
    "kidney_disease",
    "heart_block",
    "myasthenia_gravis",
    "diabetes",
    "malabsorption",
    "peripheral_artery_disease",
    "neuropathy",
    "hypothyroidism",
    "liver_disease",
];

/// The 13 medication classes the engine relies on.
pub(crate) const REQUIRED_MEDICATIONS: &[&str] = &[
    "bisphosphonate",
    "tetracycline",
    "fluoroquinolone",
    "levothyroxine",
    "loop_diuretic",
    "thiazide_diuretic",
    "potassium_sparing_diuretic",
    "ppi",
    "statin",
    "beta_agonist",
    "digoxin",
    "calcium_channel_blocker",
    "gabapentinoid",
];

/// The 6 label checklist points the engine relies on.
pub(crate) const REQUIRED_CHECKS: &[&str] = &[
    "chelated_form",
    "avoids_oxide",
    "clean_fillers",
    "third_party_tested",
    "combination",
    "form_factor",
];

/// Every validation error of `content`, in a stable order.
pub(crate) fn validate(content: &Content) -> Vec<ContentError> {
    let mut errors = Vec::new();
    if !crate::version::is_semver(&content.semver) {
        errors.push(ContentError {
            file: META_FILE.to_owned(),
            item: None,
            field: Some("version".to_owned()),
            message: format!("`{}` is not a semver version like `1.0.0`", content.semver),
            line: None,
        });
    }
    check_ids(content, &mut errors);
    check_references(content, &mut errors);
    check_required(content, &mut errors);
    items::check(content, &mut errors);
    tables::check(content, &mut errors);
    errors
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Id syntax, uniqueness across all collections, and non-empty collections.
fn check_ids(content: &Content, errors: &mut Vec<ContentError>) {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for collection in Collection::ALL {
        let file = collection.file();
        let ids = ids(content, collection);
        if ids.is_empty() && collection != Collection::Intakes {
            errors.push(ContentError::file(
                file,
                format!("no items (expected `[[{}]]` tables)", collection.key()),
            ));
        }
        for id in ids {
            if !is_valid_id(id) {
                errors.push(ContentError::at(
                    file,
                    id,
                    "id",
                    format!("id `{id}` must match `[a-z0-9_]+`"),
                ));
            }
            if let Some(first) = seen.insert(id, file) {
                seen.insert(id, first);
                errors.push(ContentError::at(
                    file,
                    id,
                    "id",
                    format!("duplicate id `{id}`, already used in `{first}`"),
                ));
            }
        }
    }
}

/// An item's outgoing references.
struct Refs<'a> {
    file: &'static str,
    item: String,
    claims: &'a [String],
    sources: &'a [String],
}

fn with_claims<'a>(c: Collection, id: &str, claims: &'a [String]) -> Refs<'a> {
    Refs {
        file: c.file(),
        item: id.to_owned(),
        claims,
        sources: &[],
    }
}

fn with_sources(c: Collection, item: String, sources: &[String]) -> Refs<'_> {
    Refs {
        file: c.file(),
        item,
        claims: &[],
        sources,
    }
}

fn refs(content: &Content) -> Vec<Refs<'_>> {
    use Collection as C;
    let mut out = Vec::new();
    out.extend(
        content
            .forms
            .iter()
            .map(|x| with_claims(C::Forms, &x.id, &x.claims)),
    );
    out.extend(
        content
            .medications
            .iter()
            .map(|x| with_claims(C::Medications, &x.id, &x.claims)),
    );
    out.extend(
        content
            .conditions
            .iter()
            .map(|x| with_claims(C::Conditions, &x.id, &x.claims)),
    );
    out.extend(
        content
            .red_flags
            .iter()
            .map(|x| with_claims(C::RedFlags, &x.id, &x.claims)),
    );
    out.extend(
        content
            .notes
            .iter()
            .map(|x| with_claims(C::Notes, &x.id, &x.claims)),
    );
    out.extend(
        content
            .companions
            .iter()
            .map(|x| with_claims(C::Companions, &x.id, &x.claims)),
    );
    out.extend(
        content
            .lifestyle
            .iter()
            .map(|x| with_claims(C::Lifestyle, &x.id, &x.claims)),
    );
    out.extend(
        content
            .mechanisms
            .iter()
            .map(|x| with_claims(C::Mechanisms, &x.id, &x.claims)),
    );
    out.extend(
        content
            .faq
            .iter()
            .map(|x| with_claims(C::Faq, &x.id, &x.claims)),
    );
    out.extend(
        content
            .label_checklist
            .iter()
            .map(|x| with_claims(C::LabelChecklist, &x.id, &x.claims)),
    );
    out.extend(
        content
            .claims
            .iter()
            .map(|x| with_sources(C::Claims, x.id.clone(), &x.sources)),
    );
    out.extend(
        content
            .foods
            .iter()
            .map(|x| with_sources(C::Foods, x.id.clone(), &x.sources)),
    );
    out.extend(
        content
            .intakes
            .rda
            .iter()
            .enumerate()
            .map(|(i, x)| with_sources(C::Intakes, format!("rda[{i}]"), &x.sources)),
    );
    out.extend(
        content
            .intakes
            .upper_limit
            .iter()
            .enumerate()
            .map(|(i, x)| with_sources(C::Intakes, format!("upper_limit[{i}]"), &x.sources)),
    );
    out
}

/// Every claim and source id referenced exists; no id is listed twice.
fn check_references(content: &Content, errors: &mut Vec<ContentError>) {
    let claims: HashSet<&str> = content.claims.iter().map(|c| c.id.as_str()).collect();
    let sources: HashSet<&str> = content.sources.iter().map(|s| s.id.as_str()).collect();
    for r in refs(content) {
        for (field, list, known, what) in [
            ("claims", r.claims, &claims, "claim"),
            ("sources", r.sources, &sources, "source"),
        ] {
            let mut listed = HashSet::new();
            for id in list {
                if !known.contains(id.as_str()) {
                    errors.push(ContentError::at(
                        r.file,
                        r.item.clone(),
                        field,
                        format!("unknown {what} `{id}`"),
                    ));
                } else if !listed.insert(id.as_str()) {
                    errors.push(ContentError::at(
                        r.file,
                        r.item.clone(),
                        field,
                        format!("{what} `{id}` listed twice"),
                    ));
                }
            }
        }
    }
}

/// The forms, conditions, medications and checks the engine relies on exist.
fn check_required(content: &Content, errors: &mut Vec<ContentError>) {
    for (collection, required, what) in [
        (Collection::Forms, REQUIRED_FORMS, "form"),
        (Collection::Conditions, REQUIRED_CONDITIONS, "condition"),
        (Collection::Medications, REQUIRED_MEDICATIONS, "medication"),
        (Collection::LabelChecklist, REQUIRED_CHECKS, "label check"),
    ] {
        let present: HashSet<&str> = ids(content, collection).into_iter().collect();
        for id in required {
            if !present.contains(id) {
                errors.push(ContentError {
                    file: collection.file().to_owned(),
                    item: Some((*id).to_owned()),
                    field: None,
                    message: format!("required {what} `{id}` is missing"),
                    line: None,
                });
            }
        }
    }
    // Forms and medication classes are the engine's vocabulary: a plan names
    // them as the profile does (`supplements[].form`, `medications`), so one
    // the profile cannot name would be a plan the contract cannot describe.
    for (collection, known, what) in [
        (Collection::Forms, REQUIRED_FORMS, "form"),
        (
            Collection::Medications,
            REQUIRED_MEDICATIONS,
            "medication class",
        ),
    ] {
        for id in ids(content, collection) {
            if !known.contains(&id) {
                errors.push(ContentError {
                    file: collection.file().to_owned(),
                    item: Some(id.to_owned()),
                    field: Some("id".to_owned()),
                    message: format!(
                        "`{id}` is not a {what} the engine knows (a profile could not name it); \
                         expected one of {}{}",
                        known
                            .iter()
                            .map(|n| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(", "),
                        crate::suggest::did_you_mean(id, known.iter().copied())
                    ),
                    line: None,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_syntax() {
        assert!(is_valid_id("mg_2024"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("Mg"));
        assert!(!is_valid_id("a-b"));
        assert!(!is_valid_id("a b"));
    }
}
