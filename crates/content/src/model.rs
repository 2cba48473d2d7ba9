//! The typed items of every content file; field names are exactly the TOML keys.
//!
//! See `data/README.md` for the meaning of each field. Every struct denies
//! unknown fields, so a misspelt key is a load error.

use serde::{Deserialize, Serialize};

use crate::enums::{
    GiTolerance, Grade, IntakeKind, Interaction, LimitKind, NoteKind, SourceKind, SupplementAdvice,
    TimeOfDay, TriageLevel,
};

/// A publication a claim or number rests on (`sources.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Unique id.
    pub id: String,
    /// Title of the publication.
    pub title: String,
    /// Publisher or journal.
    pub publisher: String,
    /// Year of publication (or of the version consulted).
    pub year: u16,
    /// Where to read it; always `https://`.
    pub url: String,
    /// What kind of publication it is.
    pub kind: SourceKind,
}

/// A graded statement backed by sources (`claims.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// Unique id.
    pub id: String,
    /// The statement, in our own words.
    pub statement: String,
    /// How strong the evidence is.
    pub grade: Grade,
    /// Source ids; at least one.
    pub sources: Vec<String>,
    /// Why this grade, when worth saying.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A magnesium form (`forms.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Form {
    /// Unique id (for example `glycinate`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Lowercase names as found on labels.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Chemical formula of the salt `elemental_fraction` refers to.
    pub formula: String,
    /// Magnesium mass fraction of `formula`, 3 decimals.
    pub elemental_fraction: f64,
    /// Whether it is an amino-acid chelate.
    pub chelated: bool,
    /// What is known about absorption.
    pub absorption: String,
    /// Usual gut tolerance.
    pub gi_tolerance: GiTolerance,
    /// Whether it acts as a laxative.
    pub laxative: bool,
    /// The usual time of day to take it.
    pub timing: TimeOfDay,
    /// Available formats: `capsule`, `tablet`, `powder`, `liquid`.
    pub formats: Vec<String>,
    /// Situations it suits.
    #[serde(default)]
    pub suits: Vec<String>,
    /// Cautions specific to this form.
    #[serde(default)]
    pub cautions: Vec<String>,
    /// Claim ids.
    pub claims: Vec<String>,
    /// Hydrates and alternative salts.
    #[serde(default)]
    pub variants: Vec<FormVariant>,
}

/// A hydrate or alternative salt of a form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormVariant {
    /// Short name (for example `dihydrate`).
    pub name: String,
    /// Chemical formula.
    pub formula: String,
    /// Magnesium mass fraction of `formula`, 3 decimals.
    pub elemental_fraction: f64,
}

/// Reference intakes (`intakes.toml`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Intakes {
    /// RDA (AI for infants) by age band: total intake from food and supplements.
    #[serde(default)]
    pub rda: Vec<RdaBand>,
    /// Tolerable upper intake of supplemental magnesium by age band.
    #[serde(default)]
    pub upper_limit: Vec<UpperLimitBand>,
}

/// One age band `[from, to)` of the RDA table, mg/day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RdaBand {
    /// First age in years (inclusive).
    pub from: f64,
    /// End age in years (exclusive).
    pub to: f64,
    /// RDA or AI.
    pub kind: IntakeKind,
    /// Value for males.
    pub male: f64,
    /// Value for females.
    pub female: f64,
    /// Value in pregnancy; absent: the female value applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pregnancy: Option<f64>,
    /// Value when breastfeeding; absent: the female value applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lactation: Option<f64>,
    /// Source ids.
    pub sources: Vec<String>,
}

/// One age band `[from, to)` of the supplemental upper limit table, mg/day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpperLimitBand {
    /// First age in years (inclusive).
    pub from: f64,
    /// End age in years (exclusive).
    pub to: f64,
    /// US limit; absent = not established.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub us: Option<f64>,
    /// EU limit; absent = not established.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eu: Option<f64>,
    /// Source ids.
    pub sources: Vec<String>,
}

/// A food and its magnesium content (`foods.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Food {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Serving size as text.
    pub serving: String,
    /// Magnesium per serving, mg.
    pub mg_per_serving: f64,
    /// Suitable for vegans.
    pub vegan: bool,
    /// Suitable for vegetarians.
    pub vegetarian: bool,
    /// Whether the figure was checked against the reference table.
    pub verified: bool,
    /// Source ids.
    pub sources: Vec<String>,
}

/// A medication class and its interaction (`medications.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Medication {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Example drug names (lowercase).
    #[serde(default)]
    pub examples: Vec<String>,
    /// Kind of interaction.
    pub interaction: Interaction,
    /// What to do.
    pub text: String,
    /// Take the medicine at least this many hours before magnesium.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours_before: Option<f64>,
    /// Or at least this many hours after magnesium.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours_after: Option<f64>,
    /// Claim ids.
    pub claims: Vec<String>,
}

/// A health condition and whether supplements suit it (`conditions.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Whether a supplement is advised.
    pub supplement: SupplementAdvice,
    /// What to do.
    pub text: String,
    /// Claim ids.
    pub claims: Vec<String>,
}

/// A warning sign that needs care beyond self-help (`red_flags.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RedFlag {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// How urgently to seek care; never `self_care`.
    pub level: TriageLevel,
    /// What it may mean and what to do now.
    pub text: String,
    /// Claim ids.
    pub claims: Vec<String>,
}

/// A caution, status reason, expectation, assumption or the disclaimer (`notes.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// Unique id.
    pub id: String,
    /// What the note is for.
    pub kind: NoteKind,
    /// The text.
    pub text: String,
    /// Claim ids; empty only for assumptions and the disclaimer.
    pub claims: Vec<String>,
}

/// A nutrient often combined with magnesium (`companions.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Companion {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Whether it is ever suggested.
    pub suggest: bool,
    /// Daily amount suggested before limits, mg; only when `suggest`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggested_mg: Option<f64>,
    /// Explanation.
    pub text: String,
    /// Claim ids.
    pub claims: Vec<String>,
    /// Upper limits by age band (`[[companion.limit]]`), sorted and adjacent.
    #[serde(default)]
    pub limit: Vec<CompanionLimit>,
}

/// An age band `[from, to)` of a companion's upper limits, mg/day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompanionLimit {
    /// First age in years (inclusive).
    pub from: f64,
    /// End age in years (exclusive).
    pub to: f64,
    /// US limit; absent = none known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub us: Option<f64>,
    /// EU limit; absent = none known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eu: Option<f64>,
    /// UL or observed safe level.
    pub kind: LimitKind,
}

/// A non-supplement measure against cramps (`lifestyle.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// Unique id.
    pub id: String,
    /// 1 is most useful; unique.
    pub rank: u32,
    /// The advice.
    pub text: String,
    /// Claim ids.
    pub claims: Vec<String>,
}

/// An explanation of how things work (`mechanisms.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mechanism {
    /// Unique id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Explanation.
    pub text: String,
    /// Claim ids.
    pub claims: Vec<String>,
}

/// A frequently asked question (`faq.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Faq {
    /// Unique id.
    pub id: String,
    /// The question.
    pub question: String,
    /// The answer.
    pub answer: String,
    /// Claim ids.
    pub claims: Vec<String>,
}

/// A point of the supplement label checklist (`label_checklist.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// Unique id (for example `chelated_form`).
    pub id: String,
    /// Title.
    pub title: String,
    /// Explanation.
    pub text: String,
    /// Words a label checker looks for.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Claim ids.
    pub claims: Vec<String>,
}
