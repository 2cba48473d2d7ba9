//! The label as read, before any judgement: what every input shape (text,
//! our JSON, a DSLD record) is turned into.

use serde::{Deserialize, Serialize};

/// Which input shape a label came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelSource {
    /// Supplement Facts text as printed.
    Text,
    /// crampwise's own JSON label shape.
    Json,
    /// An NIH Dietary Supplement Label Database (v9) label record.
    Dsld,
}

/// The product's physical format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormFactor {
    /// Capsules, veggie caps and softgels.
    Capsule,
    /// Tablets, caplets and chewables.
    Tablet,
    /// Powders, scoops, sticks and sachets.
    Powder,
    /// Liquids and drops.
    Liquid,
    /// Gummies and chews.
    Gummy,
}

impl FormFactor {
    /// The value as written in reports (`capsule`, `tablet`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            FormFactor::Capsule => "capsule",
            FormFactor::Tablet => "tablet",
            FormFactor::Powder => "powder",
            FormFactor::Liquid => "liquid",
            FormFactor::Gummy => "gummy",
        }
    }
}

/// A unit of amount as printed on labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    /// Milligrams.
    #[serde(rename = "mg")]
    Mg,
    /// Micrograms (`mcg`, `µg`, `ug`).
    #[serde(rename = "mcg", alias = "µg", alias = "μg", alias = "ug")]
    Mcg,
    /// Grams.
    #[serde(rename = "g")]
    G,
    /// International units; not convertible to a mass without the nutrient.
    #[serde(rename = "iu", alias = "IU")]
    Iu,
    /// Kilocalories.
    #[serde(rename = "kcal")]
    Kcal,
}

impl Unit {
    /// The unit for a word as printed (`mg`, `Milligrams`, `µg`, `Gram(s)`, `IU`, ...).
    pub fn from_word(word: &str) -> Option<Unit> {
        let w = word
            .trim()
            .trim_end_matches('.')
            .trim_end_matches("(s)")
            .to_lowercase()
            .replace('μ', "µ");
        Some(match w.as_str() {
            "mg" | "mgs" | "milligram" | "milligrams" => Unit::Mg,
            "mcg" | "mcgs" | "µg" | "ug" | "microgram" | "micrograms" => Unit::Mcg,
            "g" | "gm" | "gram" | "grams" => Unit::G,
            "iu" | "i.u" | "ius" => Unit::Iu,
            "kcal" | "calorie" | "calories" => Unit::Kcal,
            _ => return None,
        })
    }

    /// The unit as written in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Mg => "mg",
            Unit::Mcg => "mcg",
            Unit::G => "g",
            Unit::Iu => "iu",
            Unit::Kcal => "kcal",
        }
    }
}

/// An amount with its unit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Amount {
    /// The number as printed (commas removed).
    pub value: f64,
    /// Its unit.
    pub unit: Unit,
}

impl Amount {
    /// The amount in milligrams; `None` for units that are not a mass.
    pub fn mg(&self) -> Option<f64> {
        match self.unit {
            Unit::Mg => Some(self.value),
            Unit::Mcg => Some(self.value / 1000.0),
            Unit::G => Some(self.value * 1000.0),
            Unit::Iu | Unit::Kcal => None,
        }
    }
}

/// The serving size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Serving {
    /// As printed (`2 Capsules`).
    pub text: String,
    /// How many units make a serving, when readable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<f64>,
    /// The unit word (`capsules`, `scoop`), lowercase.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Servings a day the label allows at most, when it says (DSLD `maxDailyServings`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_daily_servings: Option<f64>,
}

/// One row of the Supplement Facts panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Ingredient {
    /// The name as printed, without footnote marks (`Magnesium`, `Magnesium Citrate`).
    pub name: String,
    /// The source or form text (`magnesium bisglycinate chelate and magnesium oxide`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
    /// The amount per serving; `None` when hidden (blend members) or unreadable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// An amount printed inside the form text (`from 1,000 mg magnesium citrate`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form_amount: Option<Amount>,
    /// The elemental magnesium the label states for this compound, printed
    /// with it (`of which magnesium 300 mg`, `providing 144 mg elemental
    /// magnesium`, `(300 mg elemental)`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elemental: Option<Amount>,
    /// What a Drug Facts panel gives as the row's purpose (`Saline laxative`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// % Daily Value, when printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub daily_value_percent: Option<f64>,
    /// Whether this row is a (proprietary) blend whose members' amounts are hidden.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub blend: bool,
    /// The blend's members, as printed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<String>,
    /// The blend this row belongs to, when it is a member with its own amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_blend: Option<String>,
    /// 1-based line of the text where the row starts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

/// A label as read from any input shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParsedLabel {
    /// The input shape.
    pub source: LabelSource,
    /// Product name, when given.
    pub name: Option<String>,
    /// Brand, when given.
    pub brand: Option<String>,
    /// Physical format, when stated or implied by the serving size.
    pub form_factor: Option<FormFactor>,
    /// Serving size.
    pub serving: Option<Serving>,
    /// Supplement Facts rows, in label order.
    pub ingredients: Vec<Ingredient>,
    /// Other (inactive) ingredients, in label order.
    pub other_ingredients: Vec<String>,
    /// Testing and quality marks (`NSF Certified for Sport`, `USP Verified`, `GMP`).
    pub marks: Vec<String>,
    /// Claims such as `Vegan` or `Gluten free`.
    pub claims: Vec<String>,
    /// Directions, warnings, allergen and manufacturer statements.
    pub statements: Vec<String>,
    /// Every non-empty line (or JSON item) that was not understood, as printed.
    pub unread_lines: Vec<String>,
    /// Lines recognised as harmless to the verdict (claims, marketing,
    /// trademark footnotes, directions), kept apart from `unread_lines`.
    #[serde(default)]
    pub ignored_lines: Vec<IgnoredLine>,
    /// Lines read only after correcting an evident typo or OCR error
    /// (`Magnesiurn 200 rng` read as `Magnesium 200 mg`), each said in full.
    #[serde(default)]
    pub corrections: Vec<String>,
    /// The panel gives % NRV or % RI columns: an EU or UK label.
    #[serde(default)]
    pub eu_layout: bool,
    /// The words that mark the product as applied to the skin or used in a
    /// bath, not taken by mouth (`For external use only`, `bath flakes`).
    #[serde(default)]
    pub not_oral: Option<String>,
    /// The label is a Drug Facts panel (an over-the-counter medicine).
    #[serde(default)]
    pub drug_facts: bool,
}

/// A line that was understood to be harmless to the verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IgnoredLine {
    /// The line as printed.
    pub line: String,
    /// What it is: `claim`, `marketing`, `trademark`, `footnote` or `statement`.
    pub kind: String,
}

impl ParsedLabel {
    /// An empty label of this source.
    pub fn new(source: LabelSource) -> ParsedLabel {
        ParsedLabel {
            source,
            name: None,
            brand: None,
            form_factor: None,
            serving: None,
            ingredients: Vec::new(),
            other_ingredients: Vec::new(),
            marks: Vec::new(),
            claims: Vec::new(),
            statements: Vec::new(),
            unread_lines: Vec::new(),
            ignored_lines: Vec::new(),
            corrections: Vec::new(),
            eu_layout: false,
            not_oral: None,
            drug_facts: false,
        }
    }
}
