//! From a [`ParsedLabel`] to a [`LabelReport`]: magnesium, checklist,
//! warnings, fit with a plan, verdict.

pub(crate) mod checks;
pub(crate) mod extras;
pub(crate) mod fit;
pub(crate) mod forms;
pub(crate) mod magnesium;
pub(crate) mod verdict;
pub(crate) mod warnings;

use crampwise_content::Content;
use crampwise_rules::{Plan, Profile};

use crate::model::ParsedLabel;
use crate::report::LabelReport;

/// Judges a parsed label, for a person's plan when given.
pub(crate) fn report(
    label: ParsedLabel,
    content: &Content,
    person: Option<(&Profile, &Plan)>,
) -> LabelReport {
    let matcher = forms::Matcher::new(content);
    let mg = magnesium::analyze(content, &matcher, &label);
    let fillers = extras::fillers(content, &label);
    let added = extras::companions(&label);
    let checks = checks::checks(&checks::Inputs {
        content,
        label: &label,
        mg: &mg,
        fillers: &fillers,
        added: &added,
    });
    let limits = warnings::Limits::of(person.map(|(p, _)| p), label.eu_layout);
    let warnings = warnings::warnings(content, &label, &mg, &added, &limits);
    let fit = person.map(|(profile, plan)| {
        fit::fit(&fit::Inputs {
            content,
            label: &label,
            mg: &mg,
            fillers: &fillers,
            added: &added,
            profile,
            plan,
        })
    });
    let (verdict, verdict_reasons) = verdict::verdict(&verdict::Inputs {
        content,
        mg: &mg,
        checks: &checks,
        warnings: &warnings,
        fit: fit.as_ref(),
        personal: person.is_some(),
        label: &label,
    });
    let oral = label.not_oral.is_none();
    LabelReport {
        forms: mg.forms.clone(),
        elemental_mg_per_serving: mg.total_mg.filter(|_| oral),
        elemental_is_estimate: mg.is_estimate,
        elemental_is_lower_bound: mg.lower_bound,
        checks,
        warnings,
        unread_lines: label.unread_lines,
        ignored_lines: label.ignored_lines,
        corrections: label.corrections,
        taken_by_mouth: oral,
        forms_from_ingredients: mg.sources.iter().any(|s| s.forms_from_ingredients),
        eu_layout: label.eu_layout,
        drug_facts: label.drug_facts,
        verdict,
        verdict_reasons,
        fit,
        magnesium: mg.sources,
        name: label.name,
        brand: label.brand,
        source: label.source,
        form_factor: label.form_factor,
        serving: label.serving,
        ingredients: label.ingredients,
        other_ingredients: label.other_ingredients,
        marks: label.marks,
        claims: label.claims,
    }
}
