//! Does this product fit this person's plan? Status, dose within the cap,
//! form, format, ingredients they avoid, companions within their limits,
//! and the plan's spacing from medicines.
//!
//! The plan lists only its top forms, not the ones it excluded; so a form
//! missing from the list does not fit when it is laxative, when the person
//! reported loose stools and the form is not gentle, or when it is oxide
//! (which the plan never ranks first); any other unlisted form fits with a note.

use crampwise_content::{Content, GiTolerance};
use crampwise_rules::plan::Status;
use crampwise_rules::profile::{Avoid, Condition, Diet, Format, Medication, Nutrient, Symptom};
use crampwise_rules::{Plan, Profile};

use crate::analyze::checks::{form_name, trim_mg};
use crate::analyze::extras::{named, total_mg, Added, Fillers, ANIMAL, MEAT_OR_FISH};
use crate::analyze::magnesium::Magnesium;
use crate::model::{FormFactor, ParsedLabel};
use crate::report::{Fit, FitReason};
use crate::words::{has_term, norm};

/// What the fit looks at.
pub(crate) struct Inputs<'a> {
    pub content: &'a Content,
    pub label: &'a ParsedLabel,
    pub mg: &'a Magnesium,
    pub fillers: &'a Fillers,
    pub added: &'a [Added],
    pub profile: &'a Profile,
    pub plan: &'a Plan,
}

fn reason(id: &str, ok: bool, safety: bool, text: String) -> FitReason {
    FitReason {
        id: id.to_owned(),
        ok,
        safety,
        text,
    }
}

/// The fit, mismatches first.
pub(crate) fn fit(i: &Inputs<'_>) -> Fit {
    if let Some(phrase) = &i.label.not_oral {
        let reasons = vec![
            reason(
                "route",
                false,
                false,
                format!("`{phrase}`: it goes on the skin or in a bath, not by mouth, so it is not the supplement your plan means and its magnesium is not counted against your cap"),
            ),
            status(i),
        ];
        return Fit {
            fits: false,
            reasons,
        };
    }
    let mut reasons = vec![status(i), dose(i), form(i)];
    reasons.extend(format(i));
    reasons.extend(avoid(i));
    reasons.extend(companions(i));
    for s in &i.plan.supplement.spacing {
        reasons.push(reason(
            "spacing",
            true,
            false,
            format!("{}: {}", s.medication.as_str().replace('_', " "), s.text),
        ));
    }
    reasons.sort_by_key(|r| (r.ok, !r.safety));
    Fit {
        fits: reasons.iter().all(|r| r.ok),
        reasons,
    }
}

fn status(i: &Inputs<'_>) -> FitReason {
    let s = &i.plan.supplement;
    if s.status == Status::Suggested {
        reason(
            "status",
            true,
            true,
            "your plan suggests a magnesium trial".into(),
        )
    } else {
        reason(
            "status",
            false,
            true,
            format!(
                "your plan does not suggest a magnesium supplement now (`{}`): {}",
                s.status.as_str(),
                s.reason
            ),
        )
    }
}

fn dose(i: &Inputs<'_>) -> FitReason {
    let d = &i.plan.supplement.daily_elemental_mg;
    let cap = &i.plan.supplement.cap;
    let cap_text = match cap.upper_limit_mg {
        Some(ul) if cap.already_taken_mg > 0.0 => format!(
            "your cap of {} a day ({} upper limit {} minus {} you already take)",
            trim_mg(d.max),
            cap.jurisdiction.as_str().to_uppercase(),
            trim_mg(ul),
            trim_mg(cap.already_taken_mg)
        ),
        Some(ul) => format!(
            "your cap of {} a day (the {} upper limit for your age is {})",
            trim_mg(d.max),
            cap.jurisdiction.as_str().to_uppercase(),
            trim_mg(ul)
        ),
        None => "your cap of 0 mg (no supplemental upper limit is set for your age)".to_owned(),
    };
    let Some(total) = i.mg.total_mg else {
        return reason(
            "dose",
            false,
            false,
            format!("the label does not say how much magnesium a serving gives, so it cannot be checked against {cap_text}"),
        );
    };
    let about = if i.mg.is_estimate { "about " } else { "" };
    if total > d.max + 1e-9 {
        let at_least = if i.mg.lower_bound { "at least " } else { "" };
        return reason(
            "dose",
            false,
            true,
            format!(
                "{at_least}{about}{} of magnesium per serving is more than {cap_text}",
                trim_mg(total)
            ),
        );
    }
    if i.mg.lower_bound {
        return reason(
            "dose",
            false,
            false,
            format!("at least {} per serving, and the rest is hidden, so it cannot be checked against {cap_text}", trim_mg(total)),
        );
    }
    let mut text = format!(
        "{about}{} of magnesium per serving is within {cap_text}",
        trim_mg(total)
    );
    if d.target > 0.0 && total > d.target + 1e-9 {
        text.push_str(&format!(
            "; it is more than your plan's daily target of {}, so take part of a serving if the format allows",
            trim_mg(d.target)
        ));
    }
    if let Some(n) = i
        .label
        .serving
        .as_ref()
        .and_then(|s| s.max_daily_servings)
        .filter(|n| *n > 1.0)
    {
        let most = total * n;
        if most > d.max + 1e-9 {
            text.push_str(&format!(
                "; the label allows {n} servings a day ({}), more than your cap: take one",
                trim_mg(most)
            ));
        }
    }
    reason("dose", true, true, text)
}

fn loose_stools(p: &Profile) -> bool {
    p.symptoms
        .as_ref()
        .is_some_and(|s| s.contains(&Symptom::LooseStools))
}

fn form(i: &Inputs<'_>) -> FitReason {
    let c = i.content;
    let Some(main_id) = i.mg.forms.first() else {
        return reason(
            "form",
            false,
            false,
            "the label does not name the magnesium form, so it cannot be matched to your plan"
                .into(),
        );
    };
    if loose_stools(i.profile) {
        let rough: Vec<&str> =
            i.mg.forms
                .iter()
                .filter_map(|f| c.form(f))
                .filter(|f| f.laxative || f.gi_tolerance != GiTolerance::Gentle)
                .map(|f| f.id.as_str())
                .collect();
        if !rough.is_empty() {
            return reason(
                "form",
                false,
                false,
                format!("you reported loose stools, and {} can loosen stools; your plan leaves such forms out", rough.join(", ")),
            );
        }
    }
    let listed: Vec<&str> = i
        .plan
        .supplement
        .forms
        .iter()
        .map(|f| f.form.as_str())
        .collect();
    let name = form_name(c, main_id);
    match listed.iter().position(|f| f == main_id) {
        Some(0) => reason(
            "form",
            true,
            false,
            format!("{name} is your plan's first choice"),
        ),
        Some(_) => reason(
            "form",
            true,
            false,
            format!(
                "{name} is among the forms your plan lists ({})",
                listed.join(", ")
            ),
        ),
        None => {
            let laxative = c.form(main_id).is_some_and(|f| f.laxative);
            if main_id == "oxide" || laxative {
                reason(
                    "form",
                    false,
                    false,
                    format!("{name} is not among the forms your plan lists ({}): it is less suited to daily use against cramps", listed.join(", ")),
                )
            } else {
                reason(
                    "form",
                    true,
                    false,
                    format!("{name} is not among the forms your plan lists first ({}), though nothing in your answers rules it out", listed.join(", ")),
                )
            }
        }
    }
}

fn format(i: &Inputs<'_>) -> Option<FitReason> {
    let want = i.profile.preferences.as_ref()?.format?;
    let wanted = match want {
        Format::Any => return None,
        Format::Capsule => FormFactor::Capsule,
        Format::Tablet => FormFactor::Tablet,
        Format::Powder => FormFactor::Powder,
    };
    Some(match i.label.form_factor {
        None => reason(
            "format",
            true,
            false,
            format!(
                "you prefer {}s; the label does not state its format",
                wanted.as_str()
            ),
        ),
        Some(f) if f == wanted => reason(
            "format",
            true,
            false,
            format!("a {}, as you prefer", f.as_str()),
        ),
        Some(f) => reason(
            "format",
            false,
            false,
            format!("you prefer {}s; this is a {}", wanted.as_str(), f.as_str()),
        ),
    })
}

fn avoid(i: &Inputs<'_>) -> Vec<FitReason> {
    let mut out = Vec::new();
    let avoid: Vec<Avoid> = i
        .profile
        .preferences
        .as_ref()
        .and_then(|p| p.avoid.clone())
        .unwrap_or_default();
    let diet = i.profile.lifestyle.as_ref().and_then(|l| l.diet);
    if avoid.contains(&Avoid::ArtificialSweeteners) {
        let f = &i.fillers.sweeteners;
        out.push(if f.is_empty() {
            reason(
                "artificial_sweeteners",
                true,
                false,
                "no named artificial sweetener".into(),
            )
        } else {
            reason(
                "artificial_sweeteners",
                false,
                false,
                format!("contains {}, which you avoid", f.join(", ")),
            )
        });
    }
    if avoid.contains(&Avoid::ArtificialColors) {
        let f = &i.fillers.colours;
        out.push(if f.is_empty() {
            reason(
                "artificial_colors",
                true,
                false,
                "no named artificial colour".into(),
            )
        } else {
            reason(
                "artificial_colors",
                false,
                false,
                format!("contains {}, which you avoid", f.join(", ")),
            )
        });
    }
    let (words, who): (&[&str], &str) =
        if avoid.contains(&Avoid::AnimalIngredients) || diet == Some(Diet::Vegan) {
            (
                ANIMAL,
                if diet == Some(Diet::Vegan) {
                    "you eat vegan"
                } else {
                    "you avoid animal ingredients"
                },
            )
        } else if diet == Some(Diet::Vegetarian) {
            (MEAT_OR_FISH, "you eat vegetarian")
        } else {
            return out;
        };
    let found = named(i.label, words);
    let vegan_claim = i.label.claims.iter().any(|c| has_term(&norm(c), "vegan"));
    out.push(if !found.is_empty() {
        reason("animal_ingredients", false, false, format!("contains {}, and {who}", found.join(", ")))
    } else if i.label.other_ingredients.is_empty() && !vegan_claim {
        reason(
            "animal_ingredients",
            true,
            false,
            format!("{who}; the label lists no other ingredients, and capsules are often gelatin: check the pack"),
        )
    } else {
        reason("animal_ingredients", true, false, "no animal ingredient named".into())
    });
    out
}

fn companions(i: &Inputs<'_>) -> Vec<FitReason> {
    let p = i.profile;
    let c = i.content;
    let mut out = Vec::new();
    let age = p.age.get();
    if let Some(b6) = total_mg(i.added, "vitamin_b6") {
        let taken = p.nutrient_mg(Nutrient::VitaminB6).unwrap_or(0.0);
        let total = b6 + taken;
        match c.companion_limit_mg("vitamin_b6", age, p.jurisdiction()) {
            Some(limit) if total > limit => out.push(reason(
                "vitamin_b6",
                false,
                true,
                format!("{} of B6 a day with what you already take is above your limit of {}", trim_mg(total), trim_mg(limit)),
            )),
            _ if total > 10.0 => out.push(reason(
                "vitamin_b6",
                true,
                false,
                format!("{} of B6 a day in all: within the limit, but more than the 10 mg a day this guide suggests", trim_mg(total)),
            )),
            _ => out.push(reason("vitamin_b6", true, true, format!("{} of B6 a day in all, within the limit", trim_mg(total)))),
        }
    }
    if let Some(t) = total_mg(i.added, "taurine") {
        let total = t + p.nutrient_mg(Nutrient::Taurine).unwrap_or(0.0);
        let limit = c
            .companion_limit_mg("taurine", age, p.jurisdiction())
            .unwrap_or(3000.0);
        out.push(reason(
            "taurine",
            total <= limit,
            true,
            format!(
                "{} of taurine a day in all, against {} studied without harm",
                trim_mg(total),
                trim_mg(limit)
            ),
        ));
    }
    if i.added.iter().any(|a| a.id == "potassium") {
        let kidney = p
            .conditions
            .as_ref()
            .is_some_and(|c| c.contains(&Condition::KidneyDisease));
        let sparing = p
            .medications
            .as_ref()
            .is_some_and(|m| m.contains(&Medication::PotassiumSparingDiuretic));
        out.push(if kidney || sparing {
            reason(
                "potassium",
                false,
                true,
                "it contains added potassium, which can build up with kidney disease or potassium-sparing diuretics".into(),
            )
        } else {
            reason("potassium", true, false, "it contains added potassium: not needed, and not advised without a clinician".into())
        });
    }
    out
}
