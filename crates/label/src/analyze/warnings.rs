//! Warnings: magnesium or vitamin B6 per serving above the upper limit, an
//! elemental figure estimated from a compound weight, a proprietary blend
//! hiding amounts, unreadable amounts, and a label with no magnesium.

use crampwise_content::{Content, Jurisdiction};
use crampwise_rules::Profile;

use crate::analyze::checks::trim_mg;
use crate::analyze::extras::{total_mg, Added};
use crate::analyze::magnesium::{Basis, Magnesium};
use crate::model::ParsedLabel;
use crate::report::Warning;

/// Adult age used for the limits when no profile is given.
const ADULT_AGE: f64 = 30.0;
/// Adult limits if the content has none (it always does): supplemental magnesium, vitamin B6.
const FALLBACK_MG: (f64, f64) = (350.0, 250.0);
const FALLBACK_B6: (f64, f64) = (100.0, 12.0);

/// Taurine's observed safe level, mg a day, when the content has none.
const TAURINE_OSL: f64 = 3000.0;

/// Whose limit applies: one jurisdiction for a person, or both for adults in general.
pub(crate) enum Limits {
    /// A person: their age and jurisdiction.
    Person {
        age: f64,
        jurisdiction: Jurisdiction,
    },
    /// No profile: adult US and EU.
    Adults,
    /// No profile, and the label has % NRV or % RI columns: an EU or UK
    /// product, so the adult EU limit applies.
    EuAdults,
}

impl Limits {
    pub(crate) fn of(profile: Option<&Profile>, eu_layout: bool) -> Limits {
        match profile {
            Some(p) => Limits::Person {
                age: p.age.get(),
                jurisdiction: p.jurisdiction(),
            },
            None if eu_layout => Limits::EuAdults,
            None => Limits::Adults,
        }
    }
}

fn warn(id: &str, text: String) -> Warning {
    Warning {
        id: id.to_owned(),
        text,
    }
}

fn label_of(j: Jurisdiction) -> &'static str {
    match j {
        Jurisdiction::Us => "US (IOM)",
        Jurisdiction::Eu => "EU (EFSA)",
    }
}

/// `amount` per serving against a limit (`(us, eu)` for adults, or the person's), or `None`.
fn over_limit(
    what: &str,
    amount: f64,
    limits: &Limits,
    person: impl Fn(f64, Jurisdiction) -> Option<f64>,
    adults: (f64, f64),
) -> Option<String> {
    let qualifier = "per serving";
    match *limits {
        Limits::Person { age, jurisdiction } => match person(age, jurisdiction) {
            Some(limit) if amount > limit => Some(format!(
                "{} of {what} {qualifier} is above the {} upper limit of {} a day for your age",
                trim_mg(amount),
                label_of(jurisdiction),
                trim_mg(limit)
            )),
            Some(_) => None,
            None if what == "magnesium" => Some(format!(
                "no supplemental upper limit is set for your age under {} rules: magnesium supplements are not advised without a doctor",
                label_of(jurisdiction)
            )),
            None => None,
        },
        Limits::EuAdults => {
            let eu = person(ADULT_AGE, Jurisdiction::Eu).unwrap_or(adults.1);
            (amount > eu).then(|| {
                format!(
                    "{} of {what} {qualifier} is above the EU (EFSA) adult upper limit of {} a day (the label's % NRV column marks an EU product)",
                    trim_mg(amount),
                    trim_mg(eu)
                )
            })
        }
        Limits::Adults => {
            let us = person(ADULT_AGE, Jurisdiction::Us).unwrap_or(adults.0);
            let eu = person(ADULT_AGE, Jurisdiction::Eu).unwrap_or(adults.1);
            if amount > us.max(eu) {
                Some(format!(
                    "{} of {what} {qualifier} is above the adult upper limits: US (IOM) {} and EU (EFSA) {} a day",
                    trim_mg(amount),
                    trim_mg(us),
                    trim_mg(eu)
                ))
            } else if amount > us.min(eu) {
                let (lower, lower_at, higher, higher_at) = if eu < us {
                    ("EU (EFSA)", eu, "US (IOM)", us)
                } else {
                    ("US (IOM)", us, "EU (EFSA)", eu)
                };
                Some(format!(
                    "{} of {what} {qualifier} is above the {lower} adult upper limit of {} a day, though within the {higher} limit of {}",
                    trim_mg(amount),
                    trim_mg(lower_at),
                    trim_mg(higher_at)
                ))
            } else {
                None
            }
        }
    }
}

/// Every warning, in a fixed order.
pub(crate) fn warnings(
    content: &Content,
    label: &ParsedLabel,
    mg: &Magnesium,
    added: &[Added],
    limits: &Limits,
) -> Vec<Warning> {
    let mut out = Vec::new();
    if mg.sources.is_empty() {
        out.push(warn(
            "no_magnesium",
            "no magnesium ingredient could be read from this label".to_owned(),
        ));
    }
    if let Some(phrase) = &label.not_oral {
        let evidence = content
            .claims()
            .iter()
            .find(|c| c.id == "transdermal_unproven")
            .map(|c| format!(" {}", c.statement))
            .unwrap_or_default();
        out.push(warn(
            "not_taken_by_mouth",
            format!("`{phrase}`: this product goes on the skin or in a bath and is not taken by mouth; do not swallow it. Its magnesium is not a dose and does not count toward the upper limit.{evidence}"),
        ));
    }
    if let Some(total) = mg.total_mg.filter(|_| label.not_oral.is_none()) {
        let estimate = if mg.is_estimate { "an estimated " } else { "" };
        let at_least = if mg.lower_bound { "at least " } else { "" };
        let ul = |age: f64, j: Jurisdiction| content.supplemental_ul_mg(age, j);
        if let Some(text) = over_limit("magnesium", total, limits, ul, FALLBACK_MG) {
            out.push(warn(
                "above_upper_limit",
                format!(
                    "{estimate}{at_least}{text}. The limit is for supplements only; magnesium in food does not count. Taking more than one serving a day multiplies it"
                ),
            ));
        }
    }
    for s in mg.sources.iter().filter(|s| s.basis == Basis::Compound) {
        let (Some(compound), Some(elemental), Some(assumed)) =
            (s.compound_mg, s.elemental_mg, &s.assumed)
        else {
            continue;
        };
        let mut text = format!(
            "`{}` gives the weight of the whole compound, not of magnesium: {} of compound is about {} of magnesium, assuming {assumed}",
            s.row,
            trim_mg(compound),
            trim_mg(elemental)
        );
        if !s.alternatives.is_empty() {
            text.push_str(&format!(
                "; if the label means another salt or hydrate: {}",
                s.alternatives.join("; ")
            ));
        }
        out.push(warn("estimate_from_compound", text));
    }
    for blend in label.ingredients.iter().filter(|r| r.blend) {
        let members = if blend.components.is_empty() {
            "members not listed".to_owned()
        } else {
            blend.components.join(", ")
        };
        let total = blend
            .amount
            .map(|a| format!(" {} {}", a.value, a.unit.as_str()))
            .unwrap_or_default();
        let magnesium = mg
            .sources
            .iter()
            .any(|s| s.basis == Basis::Hidden && s.row.starts_with(&blend.name));
        let what = if magnesium {
            "so the magnesium it holds, and its form, cannot be known"
        } else {
            "so the amount of each member is hidden"
        };
        out.push(warn(
            "proprietary_blend",
            format!("`{}`{total} is a proprietary blend ({members}): the label gives only the total, {what}", blend.name),
        ));
    }
    if let Some(b6) = total_mg(added, "vitamin_b6") {
        let limit = |age: f64, j: Jurisdiction| content.companion_limit_mg("vitamin_b6", age, j);
        if let Some(text) = over_limit("vitamin B6", b6, limits, limit, FALLBACK_B6) {
            out.push(warn(
                "b6_above_limit",
                format!("{text}. Too much B6 over months can damage nerves; keep B6 from all supplements at or below 10 mg a day"),
            ));
        }
    }
    if let Some(taurine) = total_mg(added, "taurine") {
        let osl = content
            .companion_limit_mg("taurine", ADULT_AGE, Jurisdiction::Us)
            .unwrap_or(TAURINE_OSL);
        if taurine > osl {
            out.push(warn(
                "taurine_above_observed_safe_level",
                format!("{} of taurine per serving is above {} a day, the highest intake studied without harm", trim_mg(taurine), trim_mg(osl)),
            ));
        }
    }
    if added.iter().any(|a| a.id == "potassium") {
        out.push(warn(
            "added_potassium",
            "contains added potassium: avoid it with kidney disease, ACE inhibitors, ARBs or potassium-sparing diuretics unless a clinician advises it".to_owned(),
        ));
    }
    for (compound, stated) in &mg.double_listings {
        out.push(warn(
            "possible_double_listing",
            format!("`{compound}` names the same form as `{stated}`, but its weight does not match the magnesium stated there, so both were counted; check whether the label lists the same magnesium twice"),
        ));
    }
    for c in &label.corrections {
        out.push(warn(
            "corrected_reading",
            format!("{c}: an evident typo or OCR error was corrected; check it against the pack"),
        ));
    }
    for s in mg.sources.iter().filter(|s| s.basis == Basis::Unreadable) {
        let why = s.assumed.clone().unwrap_or_default();
        out.push(warn("unreadable_amount", format!("`{}`: {why}", s.row)));
    }
    for line in &label.unread_lines {
        if crate::analyze::forms::is_magnesium(line) {
            out.push(warn(
                "unreadable_amount",
                format!("a line about magnesium could not be read: `{line}`"),
            ));
        }
    }
    out
}
