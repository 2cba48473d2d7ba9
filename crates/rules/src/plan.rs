//! The plan: what the engine returns (contract v1, section 2).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize, Serializer};

use crampwise_content::Jurisdiction;
pub use crampwise_content::{Grade, TimeOfDay, TriageLevel};

use crate::profile::{FormId, Medication};
pub use crate::text::{Text, TextList};

/// The contract version every plan carries.
pub const CONTRACT_VERSION: &str = "1";

/// An explained, safe plan for one profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// What to do now, in a few short lines: the triage and why, what was not
    /// asked, the supplement decision and the one or two most useful actions.
    pub summary: Vec<Text>,
    /// Whether to see a clinician first, and why.
    pub triage: Triage,
    /// Whether magnesium is suggested, which form, when and how much.
    pub supplement: SupplementPlan,
    /// Companion nutrients, within their limits.
    pub companions: Vec<Companion>,
    /// Lifestyle measures, most useful first.
    pub lifestyle: Vec<Measure>,
    /// Foods that add magnesium.
    pub foods: Vec<Food>,
    /// Cautions that apply to this person.
    pub cautions: Vec<Note>,
    /// What to expect, honestly: evidence, when to reassess, when to stop.
    pub expectations: Vec<Note>,
    /// Questions not asked that mattered, and what the plan assumed.
    pub assumptions: Vec<Assumption>,
    /// Safety rules that could not be decided because a question was not asked.
    pub undecided: Vec<Undecided>,
    /// The claims behind this plan, with their evidence grade.
    pub evidence: Vec<Evidence>,
    /// This is guidance, not a diagnosis.
    pub disclaimer: Text,
    /// What every plan says whatever the answers: when a cramp needs urgent advice.
    pub safety_net: Text,
    /// Every rule that fired, in order, and the profile values that made it fire.
    pub trace: Vec<TraceEntry>,
    /// Versions of the content, the rules and the contract.
    pub versions: Versions,
}

/// The triage decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Triage {
    /// `self_care` < `clinician` < `urgent` < `emergency`.
    pub level: TriageLevel,
    /// Why the level is above `self_care`.
    pub reasons: Vec<Reason>,
}

/// One reason for the triage level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reason {
    /// Content id of the warning sign.
    pub id: Text,
    /// The level this reason alone calls for.
    pub level: TriageLevel,
    /// What it may mean and what to do.
    pub text: Text,
}

/// Whether a supplement is suggested.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// A magnesium trial is reasonable, as scheduled.
    Suggested,
    /// Ask a clinician before taking any.
    ClinicianFirst,
    /// Do not take a supplement (or no more than now).
    NotAdvised,
}

crampwise_content::display_from_str!(Status {
    Suggested,
    ClinicianFirst,
    NotAdvised
});

impl Status {
    /// The value as written in plans.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Suggested => "suggested",
            Status::ClinicianFirst => "clinician_first",
            Status::NotAdvised => "not_advised",
        }
    }
}

/// The supplement part of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SupplementPlan {
    /// The decision.
    pub status: Status,
    /// Why, in plain words.
    pub reason: Text,
    /// Content id of the reason.
    pub reason_id: Text,
    /// Doses a day; empty unless `status` is `suggested`.
    pub schedule: Vec<Dose>,
    /// Start, target and the cap applied, mg of elemental magnesium a day.
    pub daily_elemental_mg: DailyDose,
    /// How the cap was worked out.
    pub cap: Cap,
    /// Forms considered, best first, with why.
    pub forms: Vec<RankedForm>,
    /// Spacing from interacting medicines.
    pub spacing: Vec<Spacing>,
}

/// One dose in the day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dose {
    /// Magnesium form.
    pub form: FormId,
    /// When to take it.
    pub time: TimeOfDay,
    /// Elemental magnesium, mg.
    #[serde(serialize_with = "serialize_mg")]
    pub elemental_mg: f64,
}

/// Start, target and maximum, mg of elemental magnesium a day.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DailyDose {
    /// The first one to two weeks.
    #[serde(serialize_with = "serialize_mg")]
    pub start: f64,
    /// After titration.
    #[serde(serialize_with = "serialize_mg")]
    pub target: f64,
    /// The cap applied: the supplemental upper limit minus what is already taken.
    #[serde(serialize_with = "serialize_mg")]
    pub max: f64,
}

/// How the cap was derived.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cap {
    /// Whose upper limits apply (`us` or `eu`).
    pub jurisdiction: Jurisdiction,
    /// The supplemental upper limit for this age; `null` where none is established.
    #[serde(serialize_with = "serialize_opt_mg")]
    pub upper_limit_mg: Option<f64>,
    /// Magnesium already taken as supplements, mg a day.
    #[serde(serialize_with = "serialize_mg")]
    pub already_taken_mg: f64,
    /// Lower caps set by rules, if any.
    #[serde(serialize_with = "serialize_opt_mg")]
    pub rule_cap_mg: Option<f64>,
}

/// A form the engine considered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RankedForm {
    /// The form.
    pub form: FormId,
    /// Its name.
    pub name: Text,
    /// Sum of rule scores.
    pub score: i32,
    /// Ids of the rules that scored it.
    pub because: Vec<Text>,
}

/// Spacing advice for an interacting medicine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Spacing {
    /// The medicine class.
    pub medication: Medication,
    /// What to do.
    pub text: Text,
    /// Take the medicine at least this many hours before magnesium.
    #[serde(serialize_with = "serialize_opt_mg")]
    pub hours_before: Option<f64>,
    /// Or at least this many hours after magnesium.
    #[serde(serialize_with = "serialize_opt_mg")]
    pub hours_after: Option<f64>,
}

/// A companion nutrient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Companion {
    /// Companion id.
    pub id: Text,
    /// Its name.
    pub name: Text,
    /// What to do.
    pub text: Text,
    /// Suggested amount a day, within the limit minus what is already taken.
    #[serde(serialize_with = "serialize_opt_mg")]
    pub daily_mg: Option<f64>,
    /// The limit applied, if any.
    #[serde(serialize_with = "serialize_opt_mg")]
    pub limit_mg: Option<f64>,
}

/// A lifestyle measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// Measure id.
    pub id: Text,
    /// Rank, 1 is most useful.
    pub rank: u32,
    /// What to do.
    pub text: Text,
}

/// A food that adds magnesium.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Food {
    /// Food id.
    pub id: Text,
    /// Its name.
    pub name: Text,
    /// Magnesium per serving, mg.
    #[serde(serialize_with = "serialize_mg")]
    pub mg_per_serving: f64,
    /// The serving.
    pub serving: Text,
}

/// A caution or an expectation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// Content id.
    pub id: Text,
    /// The text.
    pub text: Text,
}

/// A question that was not asked, and what the plan assumed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assumption {
    /// Content id of the note.
    pub id: Text,
    /// Profile fields that were not asked.
    pub fields: Vec<Text>,
    /// What was assumed, and what to do if it is wrong.
    pub text: Text,
}

/// A safety or triage rule that could not be decided.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Undecided {
    /// Rule id.
    pub rule: Text,
    /// The fields that were not asked.
    pub unknown: Vec<Text>,
}

/// A claim behind the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Claim id.
    pub claim: Text,
    /// Evidence grade.
    pub grade: Grade,
    /// The claim, in plain words.
    pub statement: Text,
    /// Source ids.
    pub sources: TextList,
}

/// One rule that fired.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TraceEntry {
    /// Rule id.
    pub rule: Text,
    /// The profile values that made its condition true.
    pub because: Text,
}

/// Versions behind a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Versions {
    /// Content version.
    pub content: Text,
    /// Rules version.
    pub rules: Text,
    /// Contract version, `"1"`.
    pub contract: Text,
}

/// Writes whole numbers without a fraction (`300`, not `300.0`).
pub(crate) fn serialize_mg<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    match crate::number::whole(*value) {
        Some(i) => serializer.serialize_i64(i),
        None => serializer.serialize_f64(*value),
    }
}

fn serialize_opt_mg<S: Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => serialize_mg(v, serializer),
        None => serializer.serialize_none(),
    }
}

impl Plan {
    /// The plan as compact JSON (the contract's byte-for-byte form: the
    /// bytes `serde_json` writes from its `Serialize`, written faster).
    pub fn to_json(&self) -> String {
        // A plan is 10 to 20 KB: one allocation instead of a dozen regrowths.
        let mut out = String::with_capacity(24 * 1024);
        crate::plan_json::write_plan(self, &mut out);
        out
    }

    /// Sum of the scheduled elemental magnesium, mg a day.
    pub fn schedule_total_mg(&self) -> f64 {
        self.supplement
            .schedule
            .iter()
            .map(|d| d.elemental_mg)
            .sum()
    }
}

impl std::fmt::Display for Plan {
    /// The plan as plain text for people (the short view, no colour, 88
    /// characters wide); [`crate::render::text`] chooses otherwise.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::render::text(self, crate::render::Style::default()))
    }
}
