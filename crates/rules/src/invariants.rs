//! The contract's hard rules, checkable on any (profile, plan) pair.
//!
//! The engine is built to keep them; this module lets tests, batch jobs and
//! users verify it independently, the way `polars.testing` ships assertions.

use crampwise_content::{Content, TriageLevel};

use crate::plan::{Plan, Status};
use crate::profile::{Condition, Profile, Symptom};

/// Every hard rule the plan breaks for this profile; empty when it keeps them all.
pub fn violations(profile: &Profile, plan: &Plan, content: &Content) -> Vec<String> {
    let mut out = Vec::new();
    let age = profile.age.get();
    // The kernel's limit: the content's, never above the reference value.
    let upper = crate::kernel::upper_limit_mg(
        content.supplemental_ul_mg(age, profile.jurisdiction()),
        age,
        profile.jurisdiction(),
    )
    .unwrap_or(0.0);
    let taken = profile.supplemental_magnesium_mg().unwrap_or(0.0);
    let cap = (upper - taken).max(0.0);
    let total = plan.schedule_total_mg();
    let s = &plan.supplement;
    if total > cap + 1e-9 {
        out.push(format!(
            "schedule total {total} mg exceeds the cap {cap} mg"
        ));
    }
    if s.daily_elemental_mg.max > cap + 1e-9 {
        out.push(format!(
            "daily_elemental_mg.max {} exceeds the cap {cap}",
            s.daily_elemental_mg.max
        ));
    }
    if s.daily_elemental_mg.target > s.daily_elemental_mg.max + 1e-9
        || s.daily_elemental_mg.start > s.daily_elemental_mg.target + 1e-9
    {
        out.push("daily start <= target <= max does not hold".to_owned());
    }
    if s.status != Status::Suggested && !s.schedule.is_empty() {
        out.push("schedule is not empty but status is not `suggested`".to_owned());
    }
    if s.schedule.iter().any(|d| d.elemental_mg <= 0.0) {
        out.push("a scheduled dose is not positive".to_owned());
    }
    let has = |c: Condition| profile.conditions.as_ref().is_some_and(|l| l.contains(&c));
    let unsafe_condition = has(Condition::KidneyDisease)
        || has(Condition::HeartBlock)
        || has(Condition::MyastheniaGravis);
    let life_stage =
        profile.is_pregnant() == Some(true) || profile.lactating == Some(true) || age < 9.0;
    if unsafe_condition && s.status == Status::Suggested {
        out.push(
            "status is `suggested` despite kidney disease, heart block or myasthenia gravis"
                .to_owned(),
        );
    }
    if life_stage && s.status == Status::Suggested {
        out.push("status is `suggested` in pregnancy, lactation or under 9".to_owned());
    }
    let level = plan.triage.level;
    if (s.status == Status::ClinicianFirst || unsafe_condition || life_stage)
        && level < TriageLevel::Clinician
    {
        out.push("triage is below `clinician` though the contract requires it".to_owned());
    }
    if level > TriageLevel::SelfCare && plan.triage.reasons.is_empty() {
        out.push("triage is raised without a reason".to_owned());
    }
    let symptom = |x: Symptom| profile.symptoms.as_ref().is_some_and(|l| l.contains(&x));
    let red_flag = [
        Symptom::ChestPain,
        Symptom::ShortnessOfBreath,
        Symptom::DarkUrine,
        Symptom::LegSwelling,
        Symptom::PainWalkingRelievedByRest,
        Symptom::MuscleWeakness,
        Symptom::Numbness,
        Symptom::Confusion,
    ]
    .into_iter()
    .any(symptom);
    if red_flag && level < TriageLevel::Clinician {
        out.push("a red-flag symptom did not raise triage".to_owned());
    }
    if symptom(Symptom::ChestPain) && level < TriageLevel::Emergency {
        out.push("chest pain is not triaged as an emergency".to_owned());
    }
    if plan.disclaimer.is_empty() {
        out.push("the plan has no disclaimer".to_owned());
    }
    if plan.safety_net.is_empty() {
        out.push("the plan has no safety net".to_owned());
    }
    if s.status == Status::NotAdvised && s.daily_elemental_mg.max != 0.0 {
        out.push("an allowance is shown though magnesium is not advised".to_owned());
    }
    let facts = crate::facts::facts(profile, content);
    for sign in crate::kernel::SIGNS {
        if !sign.present(&facts) {
            continue;
        }
        if level < sign.level {
            out.push(format!(
                "warning sign `{}` calls for at least `{}`; triage is `{}`",
                sign.id,
                sign.level.as_str(),
                level.as_str()
            ));
        }
        if !plan.triage.reasons.iter().any(|r| r.id == sign.id) {
            out.push(format!(
                "warning sign `{}` is not named in the reasons",
                sign.id
            ));
        }
    }
    for c in &plan.companions {
        let Some(daily) = c.daily_mg else { continue };
        let taken = match c.id.as_str() {
            "vitamin_b6" => profile.nutrient_mg(crate::profile::Nutrient::VitaminB6),
            "taurine" => profile.nutrient_mg(crate::profile::Nutrient::Taurine),
            _ => None,
        }
        .unwrap_or(0.0);
        let limit =
            crampwise_content::reference::companion_limit_mg(&c.id, age, profile.jurisdiction());
        if limit.is_some_and(|l| daily + taken > l + 1e-9) {
            out.push(format!(
                "companion `{}` goes above its limit with what is taken",
                c.id
            ));
        }
    }
    if plan.versions.contract != "1"
        || plan.versions.content.is_empty()
        || plan.versions.rules.is_empty()
    {
        out.push("versions are incomplete".to_owned());
    }
    if plan.companions.iter().any(|c| c.id == "potassium") {
        out.push("potassium is suggested".to_owned());
    }
    out
}
