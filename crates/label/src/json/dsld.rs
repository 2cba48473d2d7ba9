//! NIH Dietary Supplement Label Database (DSLD) v9 label records.
//!
//! DSLD is an external format that grows new keys, so unknown keys are
//! ignored; the keys read here must have the right type when present, and
//! `fullName` and `ingredientRows` (each with a `name`) are required.
//! Read: `fullName`, `brandName`, `servingSizes[0]` (`minQuantity`,
//! `maxQuantity`, `unit`, `maxDailyServings`), `physicalState`
//! (`langualCodeDescription`), `ingredientRows[]` (`name`, `category`,
//! `forms[].name`, `quantity[]` with `quantity`, `unit`, `servingSizeOrder`,
//! `dailyValueTargetGroup[].percent`, and `nestedRows[]` alike),
//! `otheringredients` (`ingredients[].name`, `ingredients[].forms[].name`,
//! `text`), `statements[]` (`type`, `notes`) and `targetGroups[]`.

use serde_json::Value;

use crate::error::LabelError;
use crate::json::short;
use crate::limits::MAX_INGREDIENTS;
use crate::model::{Amount, Ingredient, LabelSource, ParsedLabel, Serving, Unit};
use crate::text::{is_blend_name, split_list};
use crate::words::form_factor_in;

/// A value and its JSON path, for errors that name where they are.
#[derive(Clone, Copy)]
struct At<'a> {
    value: &'a Value,
    path: &'a str,
}

fn child_path(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn wrong(path: &str, expected: &str, value: &Value) -> LabelError {
    LabelError::field(path, format!("expected {expected}, got `{}`", short(value)))
}

/// `key` of an object when present and not null.
fn get<'a>(at: At<'a>, key: &str) -> Option<&'a Value> {
    at.value.get(key).filter(|v| !v.is_null())
}

fn opt_str(at: At<'_>, key: &str) -> Result<Option<String>, LabelError> {
    match get(at, key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_owned()).filter(|s| !s.is_empty())),
        Some(v) => Err(wrong(&child_path(at.path, key), "a string", v)),
    }
}

fn req_str(at: At<'_>, key: &str) -> Result<String, LabelError> {
    opt_str(at, key)?.ok_or_else(|| {
        LabelError::field(child_path(at.path, key), format!("missing field `{key}`"))
    })
}

fn opt_num(at: At<'_>, key: &str) -> Result<Option<f64>, LabelError> {
    match get(at, key) {
        None => Ok(None),
        Some(Value::Number(n)) => Ok(n.as_f64()),
        // DSLD writes some numbers as strings (`"servingsPerContainer": "30"`).
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(v @ Value::String(s)) => match s.trim().parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(Some(n)),
            _ => Err(wrong(&child_path(at.path, key), "a number", v)),
        },
        Some(v) => Err(wrong(&child_path(at.path, key), "a number", v)),
    }
}

fn opt_array<'a>(at: At<'a>, key: &str) -> Result<&'a [Value], LabelError> {
    match get(at, key) {
        None => Ok(&[]),
        Some(Value::Array(a)) => Ok(a),
        Some(v) => Err(wrong(&child_path(at.path, key), "a list", v)),
    }
}

fn object<'a>(value: &'a Value, path: &'a str) -> Result<At<'a>, LabelError> {
    if value.is_object() {
        Ok(At { value, path })
    } else {
        Err(wrong(path, "an object", value))
    }
}

/// Reads a DSLD label record.
pub(crate) fn parse(value: &Value) -> Result<ParsedLabel, LabelError> {
    let root = object(value, "")?;
    let mut label = ParsedLabel::new(LabelSource::Dsld);
    label.name = Some(req_str(root, "fullName")?);
    label.brand = opt_str(root, "brandName")?;
    let rows = match root.value.get("ingredientRows") {
        Some(Value::Array(a)) => a.as_slice(),
        Some(v) => return Err(wrong("ingredientRows", "a list", v)),
        None => return Err(LabelError::field("", "missing field `ingredientRows`")),
    };
    let mut count = 0;
    for (i, row) in rows.iter().enumerate() {
        let path = format!("ingredientRows[{i}]");
        read_row(row, &path, None, &mut label, &mut count)?;
    }
    serving(root, &mut label)?;
    if let Some(state) = get(root, "physicalState") {
        let state = object(state, "physicalState")?;
        if let Some(text) = opt_str(state, "langualCodeDescription")? {
            label.form_factor = form_factor_in(&text).or(label.form_factor);
        }
    }
    other_ingredients(root, &mut label, &mut count)?;
    statements(root, &mut label)?;
    for (i, g) in opt_array(root, "targetGroups")?.iter().enumerate() {
        match g {
            Value::String(s) => label.claims.push(s.clone()),
            Value::Null => {}
            v => return Err(wrong(&format!("targetGroups[{i}]"), "a string", v)),
        }
    }
    Ok(label)
}

fn counted(count: &mut usize) -> Result<(), LabelError> {
    *count += 1;
    if *count > MAX_INGREDIENTS {
        return Err(LabelError::TooManyIngredients {
            path: "ingredientRows".to_owned(),
            count: *count,
            max: MAX_INGREDIENTS,
        });
    }
    Ok(())
}

/// Names of `forms[]`, joined with ` and `.
fn forms(at: At<'_>) -> Result<Option<String>, LabelError> {
    let mut names = Vec::new();
    for (j, f) in opt_array(at, "forms")?.iter().enumerate() {
        let path = format!("{}.forms[{j}]", at.path);
        names.push(req_str(object(f, &path)?, "name")?);
    }
    Ok((!names.is_empty()).then(|| names.join(" and ")))
}

/// The amount per serving: the `quantity[]` entry for the first serving size.
fn quantity(
    at: At<'_>,
    label: &mut ParsedLabel,
) -> Result<(Option<Amount>, Option<f64>), LabelError> {
    let list = opt_array(at, "quantity")?;
    let mut chosen = None;
    for (j, q) in list.iter().enumerate() {
        let path = format!("{}.quantity[{j}]", at.path);
        let order = opt_num(object(q, &path)?, "servingSizeOrder")?;
        if chosen.is_none() || order == Some(1.0) {
            chosen = Some(j);
        }
        if order == Some(1.0) {
            break;
        }
    }
    let Some(j) = chosen else {
        return Ok((None, None));
    };
    let path = format!("{}.quantity[{j}]", at.path);
    let Some(q) = list.get(j) else {
        return Ok((None, None));
    };
    let q = object(q, &path)?;
    let value = opt_num(q, "quantity")?;
    let unit_text = opt_str(q, "unit")?.unwrap_or_default();
    let mut percent = None;
    for (k, g) in opt_array(q, "dailyValueTargetGroup")?.iter().enumerate() {
        let gpath = format!("{path}.dailyValueTargetGroup[{k}]");
        if percent.is_none() {
            percent = opt_num(object(g, &gpath)?, "percent")?;
        }
    }
    let unit = unit_text
        .split_whitespace()
        .next()
        .and_then(Unit::from_word);
    let amount = match (value, unit) {
        (Some(v), Some(unit)) if v > 0.0 && v.is_finite() => Some(Amount { value: v, unit }),
        (Some(v), None) if v > 0.0 => {
            label.unread_lines.push(format!(
                "{path}: amount `{v} {unit_text}` in a unit not understood"
            ));
            None
        }
        _ => None,
    };
    Ok((amount, percent))
}

fn read_row(
    value: &Value,
    path: &str,
    blend: Option<&str>,
    label: &mut ParsedLabel,
    count: &mut usize,
) -> Result<String, LabelError> {
    counted(count)?;
    let at = object(value, path)?;
    let name = req_str(at, "name")?;
    let category = opt_str(at, "category")?.unwrap_or_default();
    let is_blend = is_blend_name(&name) || category.to_lowercase().contains("blend");
    let form = forms(at)?;
    let (amount, percent) = quantity(at, label)?;
    let display = match &form {
        Some(f) => format!("{name} ({f})"),
        None => name.clone(),
    };
    let index = label.ingredients.len();
    label.ingredients.push(Ingredient {
        name: name.clone(),
        form,
        amount,
        daily_value_percent: percent,
        blend: is_blend,
        in_blend: blend.map(str::to_owned),
        ..Ingredient::default()
    });
    let mut members = Vec::new();
    for (j, nested) in opt_array(at, "nestedRows")?.iter().enumerate() {
        let npath = format!("{path}.nestedRows[{j}]");
        let parent = if is_blend { Some(name.as_str()) } else { blend };
        let before = label.ingredients.len();
        let member = read_row(nested, &npath, parent, label, count)?;
        // A member without its own amount is only a name in its parent.
        if label
            .ingredients
            .get(before)
            .is_some_and(|m| m.amount.is_none())
        {
            label.ingredients.remove(before);
        }
        members.push(member);
    }
    if let Some(row) = label.ingredients.get_mut(index) {
        if is_blend {
            row.components = members;
        } else if !members.is_empty() && row.form.is_none() {
            row.form = Some(members.join(" and "));
        }
    }
    Ok(display)
}

fn serving(root: At<'_>, label: &mut ParsedLabel) -> Result<(), LabelError> {
    let Some(first) = opt_array(root, "servingSizes")?.first() else {
        return Ok(());
    };
    let s = object(first, "servingSizes[0]")?;
    let min = opt_num(s, "minQuantity")?;
    let max = opt_num(s, "maxQuantity")?;
    let unit = opt_str(s, "unit")?;
    let number = |v: f64| {
        if v.fract() == 0.0 {
            format!("{v:.0}")
        } else {
            format!("{v}")
        }
    };
    let amount = match (min, max) {
        (Some(a), Some(b)) if a != b => format!("{}-{}", number(a), number(b)),
        (Some(a), _) | (None, Some(a)) => number(a),
        (None, None) => String::new(),
    };
    let text = [amount, unit.clone().unwrap_or_default()]
        .join(" ")
        .trim()
        .to_owned();
    if let Some(u) = &unit {
        label.form_factor = label.form_factor.or(form_factor_in(u));
    }
    label.serving = Some(Serving {
        text,
        quantity: min.or(max),
        unit: unit.map(|u| u.to_lowercase()),
        max_daily_servings: opt_num(s, "maxDailyServings")?,
    });
    Ok(())
}

fn other_ingredients(
    root: At<'_>,
    label: &mut ParsedLabel,
    count: &mut usize,
) -> Result<(), LabelError> {
    let key = if root.value.get("otheringredients").is_some() {
        "otheringredients"
    } else {
        "otherIngredients"
    };
    let Some(other) = get(root, key) else {
        return Ok(());
    };
    let other = object(other, key)?;
    let list = opt_array(other, "ingredients")?;
    for (i, item) in list.iter().enumerate() {
        counted(count)?;
        let path = format!("{key}.ingredients[{i}]");
        let at = object(item, &path)?;
        let name = req_str(at, "name")?;
        label.other_ingredients.push(match forms(at)? {
            Some(f) => format!("{name} ({f})"),
            None => name,
        });
    }
    if list.is_empty() {
        if let Some(text) = opt_str(other, "text")? {
            label.other_ingredients.extend(split_list(&text));
        }
    }
    Ok(())
}

fn statements(root: At<'_>, label: &mut ParsedLabel) -> Result<(), LabelError> {
    for (i, s) in opt_array(root, "statements")?.iter().enumerate() {
        let path = format!("statements[{i}]");
        let at = object(s, &path)?;
        let kind = opt_str(at, "type")?.unwrap_or_default().to_lowercase();
        let Some(notes) = opt_str(at, "notes")? else {
            continue;
        };
        if kind.contains("seal") || kind.contains("symbol") {
            label.marks.push(notes.clone());
        }
        label.statements.push(notes);
    }
    Ok(())
}
