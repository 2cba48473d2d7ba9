//! The label report: what `crampwise label check --format json` prints
//! (contract v1, section 4), plus the parsed label and details.

use serde::{Serialize, Serializer};

use crate::analyze::magnesium::MagnesiumSource;
use crate::model::{FormFactor, IgnoredLine, Ingredient, LabelSource, Serving};

/// Outcome of one checklist item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    /// The label meets it.
    Pass,
    /// The label does not.
    Fail,
    /// The label does not say enough to tell.
    Unknown,
}

/// One item of the buying checklist.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckResult {
    /// `chelated_form`, `avoids_oxide`, `clean_fillers`, `third_party_tested`, `combination` or `form_factor`.
    pub id: String,
    /// Pass, fail or unknown.
    pub status: CheckStatus,
    /// What was found, in plain words.
    pub note: String,
    /// The checklist item's title from the content.
    pub title: String,
}

/// Something the reader should know before buying or taking it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    /// `above_upper_limit`, `estimate_from_compound`, `proprietary_blend`,
    /// `b6_above_limit`, `unreadable_amount`, `no_magnesium`,
    /// `taurine_above_observed_safe_level` or `added_potassium`.
    pub id: String,
    /// The warning.
    pub text: String,
}

/// The overall judgement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Verdict {
    /// A gentle form, no oxide, clean fillers, independently tested, a readable dose within limits.
    #[serde(rename = "good")]
    Good,
    /// Usable, with the shortcomings the reasons name.
    #[serde(rename = "acceptable")]
    Acceptable,
    /// Mainly oxide or a laxative salt, a hidden dose, or a dose above the upper limit.
    #[serde(rename = "poor")]
    Poor,
    /// With a profile: the plan rules it out for safety (status, dose above the cap, B6).
    #[serde(rename = "unsafe for you")]
    UnsafeForYou,
    /// No magnesium could be read from the label.
    #[serde(rename = "unknown")]
    Unknown,
    /// Applied to the skin or used in a bath (a magnesium oil, spray or
    /// lotion, bath flakes or salts): not a supplement taken by mouth.
    #[serde(rename = "not taken by mouth")]
    NotTakenByMouth,
}

impl Verdict {
    /// The verdict as written in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Good => "good",
            Verdict::Acceptable => "acceptable",
            Verdict::Poor => "poor",
            Verdict::UnsafeForYou => "unsafe for you",
            Verdict::Unknown => "unknown",
            Verdict::NotTakenByMouth => "not taken by mouth",
        }
    }
}

/// One point of fit with a person's plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FitReason {
    /// `status`, `dose`, `form`, `format`, `artificial_sweeteners`,
    /// `artificial_colors`, `animal_ingredients`, `vitamin_b6`, `taurine`,
    /// `potassium` or `spacing`.
    pub id: String,
    /// Whether the product fits on this point.
    pub ok: bool,
    /// Whether a mismatch on this point is a safety matter (not a preference).
    pub safety: bool,
    /// Why.
    pub text: String,
}

/// Whether the product fits a person's plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fit {
    /// True when every reason is `ok`.
    pub fits: bool,
    /// Every point checked, mismatches first.
    pub reasons: Vec<FitReason>,
}

/// The full report on one label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelReport {
    /// Magnesium form ids found, the main form first.
    pub forms: Vec<String>,
    /// Elemental magnesium per serving, mg; `null` when the label does not disclose it.
    #[serde(serialize_with = "mg")]
    pub elemental_mg_per_serving: Option<f64>,
    /// Part of the figure was converted from a compound weight (see `estimate_from_compound`).
    pub elemental_is_estimate: bool,
    /// Some magnesium is hidden or unreadable, so the figure is a lower bound.
    pub elemental_is_lower_bound: bool,
    /// The buying checklist, item by item.
    pub checks: Vec<CheckResult>,
    /// Warnings.
    pub warnings: Vec<Warning>,
    /// Every non-empty line (or JSON item) that was not understood.
    pub unread_lines: Vec<String>,
    /// Lines recognised as harmless to the verdict (claims, marketing,
    /// trademark footnotes, directions and other statements), kept apart
    /// from `unread_lines`.
    pub ignored_lines: Vec<IgnoredLine>,
    /// Lines read only after correcting an evident typo or OCR error.
    pub corrections: Vec<String>,
    /// Whether the product is taken by mouth; `false` for products applied
    /// to the skin or used in a bath, whose magnesium is shown in
    /// `magnesium` but is not a dose (`elemental_mg_per_serving` is `null`).
    pub taken_by_mouth: bool,
    /// The forms were taken from the `Ingredients:` list, not the panel rows.
    pub forms_from_ingredients: bool,
    /// The panel gives % NRV or % RI columns: read as an EU or UK product.
    pub eu_layout: bool,
    /// The label is a Drug Facts panel (an over-the-counter medicine).
    pub drug_facts: bool,
    /// `good`, `acceptable`, `poor`, `unsafe for you`, `not taken by mouth` or `unknown`.
    pub verdict: Verdict,
    /// Why.
    pub verdict_reasons: Vec<String>,
    /// Fit with the person's plan; `null` without a profile.
    pub fit: Option<Fit>,
    /// Where the magnesium comes from, row by row.
    pub magnesium: Vec<MagnesiumSource>,
    /// Product name, when given.
    pub name: Option<String>,
    /// Brand, when given.
    pub brand: Option<String>,
    /// Input shape.
    pub source: LabelSource,
    /// Physical format.
    pub form_factor: Option<FormFactor>,
    /// Serving size.
    pub serving: Option<Serving>,
    /// The Supplement Facts rows as read.
    pub ingredients: Vec<Ingredient>,
    /// Other ingredients as read.
    pub other_ingredients: Vec<String>,
    /// Testing and quality marks as read.
    pub marks: Vec<String>,
    /// Claims as read.
    pub claims: Vec<String>,
}

impl LabelReport {
    /// The report as compact JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }

    /// The checklist item with this id.
    pub fn check(&self, id: &str) -> Option<&CheckResult> {
        self.checks.iter().find(|c| c.id == id)
    }

    /// Whether a warning with this id was raised.
    pub fn has_warning(&self, id: &str) -> bool {
        self.warnings.iter().any(|w| w.id == id)
    }
}

/// Milligrams to one decimal, whole numbers without a fraction (`200`, `161.9`).
pub(crate) fn mg<S: Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        None => serializer.serialize_none(),
        Some(v) => {
            let r = (v * 10.0).round() / 10.0;
            match crampwise_rules::whole_number(r) {
                Some(i) => serializer.serialize_i64(i),
                None => serializer.serialize_f64(r),
            }
        }
    }
}
