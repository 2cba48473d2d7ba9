//! crampwise's own JSON label shape. Unknown keys are errors, named with
//! their path, so a typo never silently drops an ingredient.
//!
//! ```json
//! {"name": "Calm Magnesium", "brand": "Acme", "form_factor": "capsule",
//!  "serving_size": "2 capsules",
//!  "ingredients": [{"name": "Magnesium", "form": "magnesium bisglycinate chelate",
//!                   "amount": 200, "unit": "mg", "daily_value_percent": 48},
//!                  {"name": "Proprietary blend", "amount": 300, "unit": "mg",
//!                   "components": ["magnesium glycinate", "magnesium oxide"]}],
//!  "other_ingredients": ["hypromellose"], "marks": ["NSF Certified for Sport"],
//!  "claims": ["Vegan"], "statements": ["Keep out of reach of children."]}
//! ```

use serde::Deserialize;
use serde_json::Value;

use crate::error::LabelError;
use crate::json::{humanize, short};
use crate::limits::MAX_INGREDIENTS;
use crate::model::{Amount, FormFactor, Ingredient, LabelSource, ParsedLabel, Unit};
use crate::text::{amounts, is_blend_name, serving};

/// The largest amount accepted, in any unit.
const MAX_AMOUNT: f64 = 1.0e7;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OwnLabel {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    brand: Option<String>,
    #[serde(default)]
    form_factor: Option<FormFactor>,
    #[serde(default)]
    serving_size: Option<String>,
    ingredients: Vec<OwnIngredient>,
    #[serde(default)]
    other_ingredients: Vec<String>,
    #[serde(default)]
    marks: Vec<String>,
    #[serde(default)]
    claims: Vec<String>,
    #[serde(default)]
    statements: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OwnIngredient {
    name: String,
    #[serde(default)]
    form: Option<String>,
    amount: f64,
    unit: Unit,
    #[serde(default)]
    daily_value_percent: Option<f64>,
    #[serde(default)]
    components: Vec<String>,
}

/// Reads our shape from a JSON value.
pub(crate) fn parse(value: &Value) -> Result<ParsedLabel, LabelError> {
    let own: OwnLabel = serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        LabelError::field(path, humanize(&e.inner().to_string()))
    })?;
    let count = own.ingredients.len() + own.other_ingredients.len();
    if count > MAX_INGREDIENTS {
        return Err(LabelError::TooManyIngredients {
            path: "ingredients".to_owned(),
            count,
            max: MAX_INGREDIENTS,
        });
    }
    let mut label = ParsedLabel::new(LabelSource::Json);
    for (i, ing) in own.ingredients.into_iter().enumerate() {
        label.ingredients.push(ingredient(i, ing, value)?);
    }
    label.name = own.name;
    label.brand = own.brand;
    label.form_factor = own.form_factor.or_else(|| {
        own.serving_size
            .as_deref()
            .and_then(crate::words::form_factor_in)
    });
    label.serving = own.serving_size.as_deref().map(serving);
    label.other_ingredients = own.other_ingredients;
    label.marks = own.marks;
    label.claims = own.claims;
    label.statements = own.statements;
    Ok(label)
}

fn ingredient(i: usize, ing: OwnIngredient, value: &Value) -> Result<Ingredient, LabelError> {
    let input = |key: &str| {
        value
            .get("ingredients")
            .and_then(|v| v.get(i))
            .and_then(|v| v.get(key))
            .map_or_else(String::new, short)
    };
    if !(0.0..=MAX_AMOUNT).contains(&ing.amount) {
        return Err(LabelError::field(
            format!("ingredients[{i}].amount"),
            format!(
                "expected a number from 0 to {MAX_AMOUNT}, got `{}`",
                input("amount")
            ),
        ));
    }
    if let Some(p) = ing.daily_value_percent {
        if !(0.0..=MAX_AMOUNT).contains(&p) {
            return Err(LabelError::field(
                format!("ingredients[{i}].daily_value_percent"),
                format!(
                    "expected a number from 0 to {MAX_AMOUNT}, got `{}`",
                    input("daily_value_percent")
                ),
            ));
        }
    }
    if ing.name.trim().is_empty() {
        return Err(LabelError::field(
            format!("ingredients[{i}].name"),
            "expected a name, got `\"\"`",
        ));
    }
    let blend = !ing.components.is_empty() || is_blend_name(&ing.name);
    let form_amount = ing
        .form
        .as_deref()
        .and_then(|f| amounts(f).into_iter().find(|f| f.clear).map(|f| f.amount));
    Ok(Ingredient {
        name: ing.name,
        form: ing.form.filter(|f| !f.trim().is_empty()),
        amount: Some(Amount {
            value: ing.amount,
            unit: ing.unit,
        }),
        form_amount,
        daily_value_percent: ing.daily_value_percent,
        blend,
        components: ing.components,
        in_blend: None,
        line: None,
        ..Ingredient::default()
    })
}
