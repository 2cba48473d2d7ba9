//! What a coded concept on the record means: by a listed code first, then
//! (for magnesium products and medicine classes only) by name from the
//! content. Anything else is not recognised, never guessed.

use crampwise_content::cds::{CdsData, Concept};
use crampwise_content::{Content, Form};

use crate::fhir::CodeableConcept;

/// Every listed meaning of a concept's codings.
pub fn coded<'d>(concept: &CodeableConcept, data: &'d CdsData) -> Vec<&'d Concept> {
    concept
        .coding
        .iter()
        .filter_map(|c| data.code(c.system.as_deref()?, c.code.as_deref()?))
        .map(|row| &row.means)
        .collect()
}

/// The concept's words, lowercase, with every non-alphanumeric run as one
/// space and a space at both ends, so ` word ` finds whole words.
fn words(concept: &CodeableConcept) -> Vec<String> {
    concept
        .names()
        .map(|name| {
            let mut out = String::from(" ");
            for part in name
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric() && c != '.')
                .map(|p| p.trim_matches('.'))
                .filter(|p| !p.is_empty())
            {
                out.push_str(part);
                out.push(' ');
            }
            out
        })
        .collect()
}

fn contains_words(haystack: &str, phrase: &str) -> bool {
    let needle: Vec<String> = phrase
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric() && c != '.')
        .map(|p| p.trim_matches('.'))
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect();
    !needle.is_empty() && haystack.contains(&format!(" {} ", needle.join(" ")))
}

/// The magnesium product: by a listed code, else by the longest form alias
/// (`forms.toml`) found as whole words in its text or displays.
pub fn magnesium_form<'c>(
    concept: &CodeableConcept,
    content: &'c Content,
    data: &CdsData,
) -> Option<&'c Form> {
    let by_code = coded(concept, data).into_iter().find_map(|m| match m {
        Concept::Form(id) => content.form(id),
        _ => None,
    });
    if by_code.is_some() {
        return by_code;
    }
    let texts = words(concept);
    content
        .forms()
        .iter()
        .flat_map(|form| {
            form.aliases
                .iter()
                .chain(std::iter::once(&form.name))
                .map(move |alias| (form, alias))
        })
        .filter(|(_, alias)| texts.iter().any(|t| contains_words(t, alias)))
        .max_by_key(|(_, alias)| alias.len())
        .map(|(form, _)| form)
}

/// The fraction of magnesium in the product: a named hydrate or salt
/// variant's (`forms.toml` variants) when its name is in the text, else the
/// form's.
pub fn elemental_fraction(concept: &CodeableConcept, form: &Form) -> f64 {
    let texts = words(concept);
    form.variants
        .iter()
        .filter(|v| {
            let name = v.name.split('(').next().unwrap_or(&v.name);
            texts.iter().any(|t| contains_words(t, name))
        })
        .max_by_key(|v| v.name.len())
        .map_or(form.elemental_fraction, |v| v.elemental_fraction)
}

/// The medicine class: by a listed code, else by an example name
/// (`medications.toml`) found as a whole word.
pub fn medicine_class<'c>(
    concept: &CodeableConcept,
    content: &'c Content,
    data: &CdsData,
) -> Option<&'c crampwise_content::Medication> {
    let by_code = coded(concept, data).into_iter().find_map(|m| match m {
        Concept::Medication(id) => content.medication(id),
        _ => None,
    });
    if by_code.is_some() {
        return by_code;
    }
    let texts = words(concept);
    content.medications().iter().find(|m| {
        m.examples
            .iter()
            .any(|e| texts.iter().any(|t| contains_words(t, e)))
    })
}

/// The first `<number> mg` in the concept's words (a product's strength).
pub fn strength_mg(concept: &CodeableConcept) -> Option<f64> {
    words(concept).iter().find_map(|t| {
        let parts: Vec<&str> = t.split(' ').filter(|p| !p.is_empty()).collect();
        let positive = |n: &str| n.parse::<f64>().ok().filter(|n| n.is_finite() && *n > 0.0);
        parts
            .iter()
            .zip(parts.iter().skip(1).chain(std::iter::once(&"")))
            .find_map(|(part, next)| match (part.strip_suffix("mg"), *next) {
                (Some(number), _) if !number.is_empty() => positive(number),
                (None, "mg") => positive(part),
                _ => None,
            })
    })
}

/// Whether the concept's words say its strength is elemental magnesium.
pub fn says_elemental(concept: &CodeableConcept) -> bool {
    words(concept)
        .iter()
        .any(|t| contains_words(t, "elemental"))
}
