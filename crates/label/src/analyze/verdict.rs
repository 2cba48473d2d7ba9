//! The overall verdict, with its reasons.
//!
//! - `unknown`: no magnesium could be read.
//! - `unsafe for you` (with a profile): the fit fails on a safety point.
//! - `poor`: mainly oxide or a laxative salt, the dose hidden or unreadable,
//!   or magnesium or B6 per serving above the (US adult, or the person's) limit.
//! - `good`: a chelated or gentle main form, no oxide, no named artificial
//!   sweetener or colour, an independent testing mark, a readable dose and
//!   no limit warning.
//! - `acceptable`: anything in between.

use crampwise_content::{Content, GiTolerance};

use crate::analyze::checks::{form_name, trim_mg};
use crate::analyze::magnesium::Magnesium;
use crate::model::ParsedLabel;
use crate::report::{CheckResult, CheckStatus, Fit, Verdict, Warning};

/// Salts used as laxatives, not daily supplements (the rules rank them last with oxide).
const LAXATIVE_SALTS: &[&str] = &["sulfate", "hydroxide"];

/// What the verdict looks at.
pub(crate) struct Inputs<'a> {
    pub content: &'a Content,
    pub mg: &'a Magnesium,
    pub checks: &'a [CheckResult],
    pub warnings: &'a [Warning],
    pub fit: Option<&'a Fit>,
    /// Whether the limits applied are a person's (else adult US and EU).
    pub personal: bool,
    /// The label as read (route, layout, Drug Facts purposes).
    pub label: &'a ParsedLabel,
}

fn status(checks: &[CheckResult], id: &str) -> CheckStatus {
    checks
        .iter()
        .find(|c| c.id == id)
        .map_or(CheckStatus::Unknown, |c| c.status)
}

fn has<'w>(warnings: &'w [Warning], id: &str) -> Option<&'w Warning> {
    warnings.iter().find(|w| w.id == id)
}

/// The verdict and why.
pub(crate) fn verdict(i: &Inputs<'_>) -> (Verdict, Vec<String>) {
    let c = i.content;
    if i.mg.sources.is_empty() {
        return (
            Verdict::Unknown,
            vec!["no magnesium ingredient could be read from this label".into()],
        );
    }
    if let Some(phrase) = &i.label.not_oral {
        let mut reasons = vec![format!(
            "`{phrase}`: it goes on the skin or in a bath and is not taken by mouth, so it is not a magnesium supplement"
        )];
        if let Some(total) = i.mg.total_mg {
            let about = if i.mg.is_estimate { "about " } else { "" };
            reasons.push(format!(
                "it holds {about}{} of magnesium per serving as labelled, which is not a dose taken by mouth",
                trim_mg(total)
            ));
        }
        if let Some(claim) = c.claims().iter().find(|c| c.id == "transdermal_unproven") {
            reasons.push(claim.statement.clone());
        }
        return (Verdict::NotTakenByMouth, reasons);
    }
    if let Some(fit) = i.fit {
        let unsafe_reasons: Vec<String> = fit
            .reasons
            .iter()
            .filter(|r| !r.ok && r.safety)
            .map(|r| r.text.clone())
            .collect();
        if !unsafe_reasons.is_empty() {
            return (Verdict::UnsafeForYou, unsafe_reasons);
        }
    }
    let main = i.mg.forms.first().and_then(|f| c.form(f));
    let mut poor = Vec::new();
    let laxative_drug = i
        .label
        .ingredients
        .iter()
        .filter_map(|r| r.purpose.as_deref())
        .find(|p| p.to_lowercase().contains("laxative"));
    if let Some(purpose) = laxative_drug {
        poor.push(format!(
            "a Drug Facts medicine whose purpose is `{purpose}`: a laxative salt for occasional constipation, a poor choice for cramps"
        ));
    }
    if let Some(m) = main.filter(|_| laxative_drug.is_none()) {
        if m.id == "oxide" {
            poor.push("mainly magnesium oxide: less of it is absorbed, it often loosens stools, and a bedtime trial found no benefit for night cramps".to_owned());
        } else if LAXATIVE_SALTS.contains(&m.id.as_str()) {
            poor.push(format!(
                "mainly {}, which acts as a laxative and is not suited to daily use against cramps",
                form_name(c, &m.id)
            ));
        }
    }
    match i.mg.total_mg {
        None => poor.push("the label does not say how much magnesium a serving gives".to_owned()),
        Some(_) if i.mg.lower_bound => poor.push(
            "part of the magnesium is hidden or unreadable, so the dose is not known".to_owned(),
        ),
        Some(_) => {}
    }
    for id in ["above_upper_limit", "b6_above_limit"] {
        if let Some(w) = has(i.warnings, id) {
            // Without a profile, only the higher (US adult) limit makes it poor.
            if i.personal || i.label.eu_layout || w.text.contains("adult upper limits") {
                poor.push(w.text.clone());
            }
        }
    }
    if !poor.is_empty() {
        return (Verdict::Poor, poor);
    }
    let mut good = Vec::new();
    let mut short = Vec::new();
    match main {
        Some(m) if m.chelated => good.push(format!(
            "{} is an amino-acid chelate, usually gentle on the gut",
            form_name(c, &m.id)
        )),
        Some(m) if m.gi_tolerance == GiTolerance::Gentle => good.push(format!(
            "{} is usually gentle on the gut",
            form_name(c, &m.id)
        )),
        Some(m) => short.push(format!("{} can loosen stools", form_name(c, &m.id))),
        None => short.push("the magnesium form is not named".to_owned()),
    }
    match status(i.checks, "avoids_oxide") {
        CheckStatus::Pass => {}
        _ => short.push("part of the magnesium may come from oxide".to_owned()),
    }
    match status(i.checks, "clean_fillers") {
        CheckStatus::Pass => good.push("no named artificial sweeteners or colours".to_owned()),
        CheckStatus::Fail => short.push("it names artificial sweeteners or colours".to_owned()),
        CheckStatus::Unknown => short.push("the other ingredients are not listed".to_owned()),
    }
    match status(i.checks, "third_party_tested") {
        CheckStatus::Pass => good.push("independently tested".to_owned()),
        _ => short.push("no independent testing mark found".to_owned()),
    }
    if let Some(total) = i.mg.total_mg {
        let about = if i.mg.is_estimate { "about " } else { "" };
        good.push(format!(
            "{about}{} of magnesium per serving",
            trim_mg(total)
        ));
    }
    for id in ["above_upper_limit", "b6_above_limit"] {
        if let Some(w) = has(i.warnings, id) {
            short.push(w.text.clone());
        }
    }
    if short.is_empty() {
        (Verdict::Good, good)
    } else {
        short.extend(good);
        (Verdict::Acceptable, short)
    }
}
