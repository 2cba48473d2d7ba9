//! The food intake estimator: magnesium a day from foods and servings,
//! against the person's RDA, with foods that would close the gap.
//!
//! Input (unknown keys are errors, with their JSON path):
//!
//! ```json
//! {"age": 35, "sex": "female", "pregnancy": "none", "lactating": false, "diet": "vegan",
//!  "foods": [{"id": "almonds", "servings": 1, "per": "day"},
//!            {"id": "banana", "servings": 2, "per": "week"}]}
//! ```
//!
//! `per` defaults to `day`; `servings` is 0 to 50; `sex`, `pregnancy`,
//! `lactating` and `diet` take the profile's values. Food ids are the
//! content's (`crampwise content list foods`); an unknown id is an error that
//! names it and suggests close ids.
//!
//! To use the foods in a plan, set the profile's `diet_magnesium_mg` from the estimate; the plan
//! then sees the gap (`diet_gap_mg`) and can favour food first:
//!
//! ```
//! use crampwise_rules::foods::{estimate, magnesium_from_foods, FoodList};
//! use crampwise_rules::{Engine, Number, Profile};
//!
//! let engine = Engine::embedded()?;
//! let input = FoodList::from_json_with(
//!     r#"{"age": 40, "foods": [{"id": "almonds", "servings": 1, "per": "day"}]}"#,
//!     engine.content(),
//! )?;
//! let mg = magnesium_from_foods(&input.foods, engine.content());
//! assert_eq!(mg, 80.0);
//! let mut profile = Profile::from_json(r#"{"age": 40}"#)?;
//! profile.diet_magnesium_mg = Number::new(mg);
//! let _plan = engine.evaluate(&profile);
//! assert_eq!(estimate(&input, engine.content()).total_mg_per_day, 80.0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::sync::OnceLock;

use crampwise_content::suggest::edit_distance;
use crampwise_content::{Content, IntakeKind, Sex};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::number::Number;
use crate::profile::{Diet, Pregnancy, Profile};
use crate::profile_parse::{InputError, InputErrors, MAX_PROFILE_BYTES};

/// Most servings of one food accepted, per day or per week.
pub const MAX_SERVINGS: f64 = 50.0;
/// Most food entries accepted.
pub const MAX_FOODS: usize = 500;
/// Foods suggested at most.
const SUGGESTIONS: usize = 5;
/// A food needing more servings than this a day to close the gap is not suggested.
const MAX_SUGGESTED_SERVINGS: f64 = 6.0;

/// How often the servings are eaten.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Per {
    /// Servings a day.
    #[default]
    Day,
    /// Servings a week.
    Week,
}

crampwise_content::text_names!(Per {
    Day => "day",
    Week => "week",
});

/// One food and how much of it is eaten.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FoodServing {
    /// A content food id (`almonds`).
    pub id: String,
    /// Servings (the content's serving size), 0 to 50.
    pub servings: Number,
    /// Per day (default) or per week.
    #[serde(default)]
    pub per: Per,
}

impl FoodServing {
    /// Servings a day.
    pub fn servings_per_day(&self) -> f64 {
        match self.per {
            Per::Day => self.servings.get(),
            Per::Week => self.servings.get() / 7.0,
        }
    }
}

/// What a person eats, and who they are (for the RDA).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FoodList {
    /// Age in years, 0 to 120.
    pub age: Number,
    /// Sex; absent: the higher of the male and female RDA.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// Pregnancy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pregnancy: Option<Pregnancy>,
    /// Breastfeeding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lactating: Option<bool>,
    /// Diet pattern: `vegan` and `vegetarian` limit the suggestions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diet: Option<Diet>,
    /// Foods eaten.
    pub foods: Vec<FoodServing>,
}

/// One food eaten, with its magnesium.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FoodLine {
    /// Food id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The serving size.
    pub serving: String,
    /// Servings a day (weekly servings divided by 7), 2 decimals.
    pub servings_per_day: f64,
    /// Magnesium per serving, mg.
    pub mg_per_serving: f64,
    /// Magnesium a day from this food, mg, 2 decimals.
    pub mg_per_day: f64,
    /// Whether the figure was checked against the reference table.
    pub verified: bool,
}

/// A food that would close the gap on its own.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FoodSuggestion {
    /// Food id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The serving size.
    pub serving: String,
    /// Magnesium per serving, mg.
    pub mg_per_serving: f64,
    /// Servings a day that close the gap, in half servings.
    pub servings_per_day: f64,
    /// Magnesium a day from those servings, mg.
    pub mg_per_day: f64,
}

/// Magnesium from food against the RDA.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FoodEstimate {
    /// Each food eaten.
    pub foods: Vec<FoodLine>,
    /// Magnesium a day from all of them, mg, 2 decimals.
    pub total_mg_per_day: f64,
    /// The person's RDA (AI for infants), mg a day; `null` outside the table.
    pub rda_mg: Option<f64>,
    /// `rda` or `ai`.
    pub rda_kind: Option<IntakeKind>,
    /// RDA minus the total, never below 0, mg, 2 decimals.
    pub gap_mg: f64,
    /// Total as a percentage of the RDA, 1 decimal.
    pub percent_of_rda: Option<f64>,
    /// Foods not already eaten that would close the gap on their own, richest first.
    pub suggestions: Vec<FoodSuggestion>,
    /// What to keep in mind (no upper limit for food, unverified figures).
    pub notes: Vec<String>,
    /// Ids not in the content, left out of the total (only when built without checking).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unknown_foods: Vec<String>,
}

fn round_to(v: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (v * f).round() / f
}

/// Magnesium a day from `foods`, mg. Ids not in the content count as 0
/// (input read with [`FoodList::from_json`] has none). Set a profile's
/// `diet_magnesium_mg` to this for the plan to use it.
pub fn magnesium_from_foods(foods: &[FoodServing], content: &Content) -> f64 {
    foods
        .iter()
        .filter_map(|f| {
            content
                .food(&f.id)
                .map(|food| food.mg_per_serving * f.servings_per_day())
        })
        .sum()
}

/// Estimates magnesium a day from food, compares it with the RDA and
/// suggests foods for the gap.
pub fn estimate(input: &FoodList, content: &Content) -> FoodEstimate {
    let mut lines = Vec::new();
    let mut unknown = Vec::new();
    for f in &input.foods {
        match content.food(&f.id) {
            Some(food) => lines.push(FoodLine {
                id: food.id.clone(),
                name: food.name.clone(),
                serving: food.serving.clone(),
                servings_per_day: round_to(f.servings_per_day(), 2),
                mg_per_serving: food.mg_per_serving,
                mg_per_day: round_to(food.mg_per_serving * f.servings_per_day(), 2),
                verified: food.verified,
            }),
            None => unknown.push(f.id.clone()),
        }
    }
    let total = magnesium_from_foods(&input.foods, content);
    let age = input.age.get();
    let pregnant = input.pregnancy.is_some_and(|p| p != Pregnancy::None);
    let rda = content.rda_mg(
        age,
        input.sex.unwrap_or_default(),
        pregnant,
        input.lactating.unwrap_or(false),
    );
    let kind = content
        .intakes()
        .rda
        .iter()
        .find(|b| b.from <= age && age < b.to)
        .map(|b| b.kind);
    let gap = rda.map_or(0.0, |r| (r - total).max(0.0));
    let mut notes = vec![
        "Magnesium in food has no upper limit; the upper limit applies to supplements and medicines only.".to_owned(),
    ];
    if kind == Some(IntakeKind::Ai) {
        notes.push("Under 1 year the reference is an adequate intake (AI) from breast milk, formula and food.".to_owned());
    }
    for line in lines.iter().filter(|l| !l.verified) {
        notes.push(format!(
            "The figure for {} is not checked against the reference table.",
            line.name.to_lowercase()
        ));
    }
    match rda {
        None => notes.push("No reference intake is set for this age.".to_owned()),
        Some(_) if gap <= 0.0 => notes.push("Food already meets the RDA.".to_owned()),
        Some(_) => {}
    }
    FoodEstimate {
        suggestions: suggestions(input, content, gap),
        foods: lines,
        total_mg_per_day: round_to(total, 2),
        rda_mg: rda,
        rda_kind: kind,
        gap_mg: round_to(gap, 2),
        percent_of_rda: rda
            .filter(|r| *r > 0.0)
            .map(|r| round_to(total / r * 100.0, 1)),
        notes,
        unknown_foods: unknown,
    }
}

fn suggestions(input: &FoodList, content: &Content, gap: f64) -> Vec<FoodSuggestion> {
    if gap <= 0.0 {
        return Vec::new();
    }
    let mut foods: Vec<_> = content
        .foods()
        .iter()
        .filter(|f| f.verified && f.mg_per_serving > 0.0)
        .filter(|f| !input.foods.iter().any(|e| e.id == f.id))
        .filter(|f| match input.diet {
            Some(Diet::Vegan) => f.vegan,
            Some(Diet::Vegetarian) => f.vegetarian,
            _ => true,
        })
        .collect();
    foods.sort_by(|a, b| b.mg_per_serving.total_cmp(&a.mg_per_serving));
    foods
        .into_iter()
        .map(|f| {
            let servings = (gap / f.mg_per_serving * 2.0).ceil() / 2.0;
            FoodSuggestion {
                id: f.id.clone(),
                name: f.name.clone(),
                serving: f.serving.clone(),
                mg_per_serving: f.mg_per_serving,
                servings_per_day: servings,
                mg_per_day: round_to(servings * f.mg_per_serving, 2),
            }
        })
        .filter(|s| s.servings_per_day <= MAX_SUGGESTED_SERVINGS)
        .take(SUGGESTIONS)
        .collect()
}

fn error(path: &str, message: String, input: Option<serde_json::Value>) -> InputErrors {
    InputErrors(vec![InputError {
        path: path.to_owned(),
        message,
        input,
    }])
}

fn embedded() -> Result<&'static Content, InputErrors> {
    static CONTENT: OnceLock<Option<Content>> = OnceLock::new();
    CONTENT
        .get_or_init(|| Content::embedded().ok())
        .as_ref()
        .ok_or_else(|| error("", "the embedded content did not load".to_owned(), None))
}

impl FoodList {
    /// Parses and checks food intake JSON against the embedded content's foods.
    ///
    /// # Errors
    ///
    /// [`InputErrors`] as [`FoodList::from_json_with`] reports them, or one
    /// error when the embedded content does not load.
    pub fn from_json(text: &str) -> Result<FoodList, InputErrors> {
        FoodList::from_json_with(text, embedded()?)
    }

    /// Parses and checks food intake JSON against `content`'s foods.
    ///
    /// # Errors
    ///
    /// [`InputErrors`]: one error when the text is longer than
    /// [`MAX_PROFILE_BYTES`], is not JSON or repeats a key; otherwise as
    /// [`FoodList::from_value`].
    pub fn from_json_with(text: &str, content: &Content) -> Result<FoodList, InputErrors> {
        if text.len() > MAX_PROFILE_BYTES {
            return Err(error(
                "",
                format!(
                    "food list is {} bytes; at most {MAX_PROFILE_BYTES} are accepted",
                    text.len()
                ),
                None,
            ));
        }
        let value =
            crate::strict_json::parse_document(text).map_err(|e| error("", e.to_string(), None))?;
        FoodList::from_value(&value, content)
    }

    /// Reads and checks food intake from a JSON value against `content`'s foods.
    ///
    /// # Errors
    ///
    /// [`InputErrors`]: one error, with its path, when the value or a
    /// `foods` entry is not an object or a field is unknown, missing or of
    /// the wrong type; otherwise every problem [`FoodList::check`] finds.
    pub fn from_value(
        value: &serde_json::Value,
        content: &Content,
    ) -> Result<FoodList, InputErrors> {
        shape(value)?;
        let input: FoodList = serde_path_to_error::deserialize(value).map_err(|e| {
            let path = e.path().to_string();
            let path = if path == "." { String::new() } else { path };
            let input = pointer(value, &path).cloned();
            error(
                &path,
                crate::strict_json::humanize(&e.inner().to_string()),
                input,
            )
        })?;
        input.check(content)?;
        Ok(input)
    }

    /// Range checks and food ids, all problems together.
    ///
    /// # Errors
    ///
    /// [`InputErrors`] with every problem: an age outside 0 to 120, more
    /// than [`MAX_FOODS`] foods, servings outside 0 to [`MAX_SERVINGS`], a
    /// food id the content does not have.
    pub fn check(&self, content: &Content) -> Result<(), InputErrors> {
        let mut errors = Vec::new();
        let age = self.age.get();
        if !(0.0..=120.0).contains(&age) {
            errors.push(InputError {
                path: "age".to_owned(),
                message: format!("expected a number from 0 to 120, got `{age}`"),
                input: serde_json::to_value(self.age).ok(),
            });
        }
        if self.foods.len() > MAX_FOODS {
            errors.push(InputError {
                path: "foods".to_owned(),
                message: format!(
                    "{} foods; at most {MAX_FOODS} are accepted",
                    self.foods.len()
                ),
                input: None,
            });
        }
        for (i, f) in self.foods.iter().enumerate() {
            let servings = f.servings.get();
            if !(0.0..=MAX_SERVINGS).contains(&servings) {
                errors.push(InputError {
                    path: format!("foods[{i}].servings"),
                    message: format!(
                        "expected a number from 0 to {MAX_SERVINGS}, got `{servings}`"
                    ),
                    input: serde_json::to_value(f.servings).ok(),
                });
            }
            if content.food(&f.id).is_none() {
                errors.push(InputError {
                    path: format!("foods[{i}].id"),
                    message: unknown_food(&f.id, content),
                    input: Some(serde_json::Value::String(f.id.clone())),
                });
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(InputErrors(errors))
        }
    }
}

/// Most magnesium from food a profile's `diet_magnesium_mg` accepts, mg a day.
pub const MAX_DIET_MG: f64 = 5000.0;

impl FoodList {
    /// Reads a food list that feeds `profile`: `{"foods": [...]}` (or the
    /// list alone) is enough. `age`, `sex`, `pregnancy`, `lactating` and
    /// `diet` it leaves out are the profile's (`diet` from `lifestyle.diet`);
    /// any it gives must agree with the profile.
    ///
    /// # Errors
    ///
    /// [`InputErrors`] as [`FoodList::from_value`] reports them; otherwise
    /// one for each of those five the food list gives differently from the
    /// profile.
    pub fn for_profile(
        value: &serde_json::Value,
        profile: &Profile,
        content: &Content,
    ) -> Result<FoodList, InputErrors> {
        let mut value = match value {
            serde_json::Value::Array(_) => serde_json::json!({ "foods": value }),
            other => other.clone(),
        };
        let diet = profile.lifestyle.as_ref().and_then(|l| l.diet);
        let from_profile = [
            ("age", json(Some(profile.age))),
            ("sex", json(profile.sex)),
            ("pregnancy", json(profile.pregnancy)),
            ("lactating", json(profile.lactating)),
            ("diet", json(diet)),
        ];
        if let Some(object) = value.as_object_mut() {
            for (key, theirs) in &from_profile {
                if let (false, Some(theirs)) = (object.contains_key(*key), theirs) {
                    object.insert((*key).to_owned(), theirs.clone());
                }
            }
        }
        let input = FoodList::from_value(&value, content)?;
        let ours = [
            json(Some(input.age)),
            json(input.sex),
            json(input.pregnancy),
            json(input.lactating),
            json(input.diet),
        ];
        let errors: Vec<InputError> = from_profile
            .into_iter()
            .zip(ours)
            .filter_map(|((key, theirs), ours)| match (ours, theirs) {
                (Some(ours), Some(theirs)) if ours != theirs => Some(InputError {
                    path: key.to_owned(),
                    message: format!(
                        "the food list says `{ours}` but the profile says `{theirs}`; \
                         leave it out of the food list to use the profile's"
                    ),
                    input: Some(ours),
                }),
                _ => None,
            })
            .collect();
        if errors.is_empty() {
            Ok(input)
        } else {
            Err(InputErrors(errors))
        }
    }
}

/// A value as JSON, `None` when absent.
fn json<T: Serialize>(value: Option<T>) -> Option<serde_json::Value> {
    value.and_then(|v| serde_json::to_value(v).ok())
}

/// Sets `profile.diet_magnesium_mg` to the magnesium a day from `input`'s
/// foods (2 decimals, as [`estimate`] totals it) and returns it. An error
/// when the profile already has `diet_magnesium_mg`, or when the foods give
/// more than [`MAX_DIET_MG`].
///
/// # Errors
///
/// [`InputErrors`] with one error when `profile` already has
/// `diet_magnesium_mg` or the foods give more than [`MAX_DIET_MG`]; the
/// profile is left unchanged.
pub fn set_diet_magnesium(
    profile: &mut Profile,
    input: &FoodList,
    content: &Content,
) -> Result<f64, InputErrors> {
    if let Some(given) = profile.diet_magnesium_mg {
        return Err(error(
            "diet_magnesium_mg",
            "the profile already gives its magnesium from food; give either `diet_magnesium_mg` or a food list, not both".to_owned(),
            serde_json::to_value(given).ok(),
        ));
    }
    let mg = round_to(magnesium_from_foods(&input.foods, content), 2);
    if mg > MAX_DIET_MG {
        return Err(error(
            "foods",
            format!("the foods give {mg} mg of magnesium a day; a profile accepts at most {MAX_DIET_MG}"),
            None,
        ));
    }
    profile.diet_magnesium_mg = Number::new(mg);
    Ok(mg)
}

/// `unknown food `x`; did you mean `a` or `b`?`, else the list of ids.
fn unknown_food(id: &str, content: &Content) -> String {
    let close = close_ids(id, content);
    if close.is_empty() {
        let all: Vec<String> = content
            .foods()
            .iter()
            .map(|f| format!("`{}`", f.id))
            .collect();
        format!("unknown food `{id}`; expected one of {}", all.join(", "))
    } else {
        let quoted: Vec<String> = close.iter().map(|c| format!("`{c}`")).collect();
        format!("unknown food `{id}`; did you mean {}?", quoted.join(" or "))
    }
}

/// Up to three food ids close to `input`: by spelling, or sharing a word with it.
pub fn close_ids(input: &str, content: &Content) -> Vec<String> {
    let key: String = input
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect();
    let words: Vec<&str> = key.split('_').filter(|w| w.len() >= 3).collect();
    let mut scored: Vec<(usize, &str)> = content
        .foods()
        .iter()
        .filter_map(|f| {
            let limit = (key.chars().count() / 3).max(2);
            let d = edit_distance(&key, &f.id);
            let shares_word =
                f.id.split('_')
                    .chain(f.name.split(|c: char| !c.is_alphanumeric()))
                    .map(str::to_lowercase)
                    .any(|w| {
                        w.len() >= 3
                            && words
                                .iter()
                                .any(|k| *k == w || k.starts_with(&w) || w.starts_with(*k))
                    });
            if d <= limit {
                Some((d, f.id.as_str()))
            } else if shares_word {
                Some((limit + 1, f.id.as_str()))
            } else {
                None
            }
        })
        .collect();
    scored.sort();
    scored
        .into_iter()
        .take(3)
        .map(|(_, id)| id.to_owned())
        .collect()
}

/// The root must be an object and every `foods` entry too (serde reads
/// structs from arrays as well).
fn shape(value: &serde_json::Value) -> Result<(), InputErrors> {
    let not_object = |path: &str, v: &serde_json::Value| {
        Err(error(
            path,
            format!("expected an object, got `{v}`"),
            Some(v.clone()),
        ))
    };
    let Some(root) = value.as_object() else {
        return not_object("", value);
    };
    if let Some(list) = root.get("foods").and_then(|v| v.as_array()) {
        for (i, v) in list.iter().enumerate() {
            if !v.is_object() {
                return not_object(&format!("foods[{i}]"), v);
            }
        }
    }
    Ok(())
}

/// The value at a path such as `foods[2].servings`.
fn pointer<'a>(value: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    let mut current = value;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, indices) = part.split_at(part.find('[').unwrap_or(part.len()));
        if !key.is_empty() {
            current = current.get(key)?;
        }
        for index in indices.split('[').filter(|s| !s.is_empty()) {
            current = current.get(index.trim_end_matches(']').parse::<usize>().ok()?)?;
        }
    }
    Some(current)
}
