//! The elemental magnesium an order gives a day, from the product's form and
//! strength and the dosage instruction, with the content's elemental
//! fractions (400 mg of oxide a dose is about 241 mg of magnesium).

use crampwise_content::cds::CdsData;
use crampwise_content::{Content, Form};

use crate::fhir::{Bundle, Medication, MedicationUse, Quantity};
use crate::recognise;

/// A magnesium product on an order or on the record.
#[derive(Debug, Clone, PartialEq)]
pub struct Product<'c> {
    /// Its form in the content.
    pub form: &'c Form,
    /// Magnesium mass / compound mass.
    pub fraction: f64,
    /// The product's name as written (text or first display).
    pub name: String,
    /// Compound strength of one unit (tablet, capsule), mg.
    pub strength_mg: Option<f64>,
}

/// How one dose is measured.
#[derive(Debug, Clone, PartialEq)]
pub enum DoseUnit {
    /// In mg of the compound.
    Mass,
    /// In units (tablets, capsules) of `strength_mg`, named as the order names them.
    Count(String),
}

/// An ordered dose, worked out.
#[derive(Debug, Clone, PartialEq)]
pub struct Dose {
    /// The amount of one dose as ordered (mg or units).
    pub amount: f64,
    /// Its unit.
    pub unit: DoseUnit,
    /// Compound mg in one dose.
    pub compound_mg: f64,
    /// Doses a day.
    pub per_day: f64,
    /// Whether the order gives its timing (if not, one dose a day is counted,
    /// a lower bound).
    pub timed: bool,
    /// Elemental magnesium a day, mg.
    pub elemental_mg_per_day: f64,
}

/// The magnesium product of a medication use, if it is one
/// (`medicationCodeableConcept`, or a `medicationReference` to a contained
/// Medication; [`product_in`] also looks in bundles).
pub fn product<'c>(
    medication: &MedicationUse,
    content: &'c Content,
    data: &CdsData,
) -> Option<Product<'c>> {
    product_in(medication, &[], content, data)
}

/// The magnesium product of a medication use, its `medicationReference`
/// resolved among the contained resources, then in `bundles`
/// ([`MedicationUse::medicine`]). A reference that does not resolve is not
/// recognised: `None`.
pub fn product_in<'c>(
    medication: &MedicationUse,
    bundles: &[&Bundle],
    content: &'c Content,
    data: &CdsData,
) -> Option<Product<'c>> {
    let medicine = medication.medicine(bundles)?;
    let concept = medicine.concept;
    let form = recognise::magnesium_form(concept, content, data)?;
    // A strength stated as elemental ("120 mg elemental") is magnesium
    // itself; otherwise it is the compound, as RxNorm and labels of salts write it.
    let named = recognise::strength_mg(concept);
    let (strength_mg, elemental) = match named {
        Some(mg) => (Some(mg), recognise::says_elemental(concept)),
        None => match medicine
            .medication
            .and_then(|m| ingredient_strength(m, form, content, data))
        {
            Some((mg, elemental)) => (Some(mg), elemental),
            None => (None, recognise::says_elemental(concept)),
        },
    };
    let fraction = if elemental {
        1.0
    } else {
        recognise::elemental_fraction(concept, form)
    };
    Some(Product {
        form,
        fraction,
        name: concept
            .names()
            .next()
            .map_or_else(|| form.name.clone(), str::to_owned),
        strength_mg,
    })
}

/// The strength of one unit from the Medication's ingredient of the same
/// magnesium form (`400 mg` per `1 tablet`), and whether the ingredient
/// says it is elemental magnesium. Only mg per one counted unit is read.
fn ingredient_strength(
    medication: &Medication,
    form: &Form,
    content: &Content,
    data: &CdsData,
) -> Option<(f64, bool)> {
    medication
        .ingredient
        .iter()
        .filter(|i| i.is_active != Some(false))
        .find_map(|i| {
            let item = i.item.as_ref()?;
            let same =
                recognise::magnesium_form(item, content, data).is_some_and(|f| f.id == form.id);
            if !same {
                return None;
            }
            let ratio = i.strength.as_ref()?;
            let numerator = ratio.numerator.as_ref()?;
            if unit_of(numerator).as_deref() != Some("mg") {
                return None;
            }
            let mg = positive(numerator)?;
            let per = match &ratio.denominator {
                None => 1.0,
                Some(d) => {
                    let unit = unit_of(d);
                    if !unit.as_deref().is_none_or(|u| COUNT_UNITS.contains(&u)) {
                        return None;
                    }
                    positive(d)?
                }
            };
            let strength = mg / per;
            strength
                .is_finite()
                .then(|| (strength, recognise::says_elemental(item)))
        })
}

fn positive(q: &Quantity) -> Option<f64> {
    q.value
        .as_ref()
        .and_then(serde_json::Number::as_f64)
        .filter(|v| v.is_finite() && *v > 0.0)
}

const COUNT_UNITS: &[&str] = &[
    "tablet",
    "tablets",
    "tab",
    "tabs",
    "{tablet}",
    "{tbl}",
    "capsule",
    "capsules",
    "cap",
    "caps",
    "{capsule}",
    "{cap}",
    "1",
    "{count}",
    "each",
];

fn unit_of(q: &Quantity) -> Option<String> {
    q.code
        .as_deref()
        .or(q.unit.as_deref())
        .map(|u| u.trim().to_lowercase())
}

/// The dose an order gives a day; `None` when it cannot be read (no dose
/// quantity, a unit other than mg or a count, a count without strength, a
/// timing that is not a plain repeat).
pub fn ordered(medication: &MedicationUse, product: &Product<'_>) -> Option<Dose> {
    let dosage = medication.dosages().first()?;
    let quantity = dosage
        .dose_and_rate
        .first()
        .and_then(|d| d.dose_quantity.as_ref())?;
    let amount = quantity
        .value
        .as_ref()
        .and_then(serde_json::Number::as_f64)
        .filter(|v| v.is_finite() && *v > 0.0)?;
    let unit_text = unit_of(quantity)?;
    let (unit, compound_mg) = if unit_text == "mg" {
        (DoseUnit::Mass, amount)
    } else if COUNT_UNITS.contains(&unit_text.as_str()) {
        let name = quantity.unit.clone().unwrap_or_else(|| unit_text.clone());
        (DoseUnit::Count(name), amount * product.strength_mg?)
    } else {
        return None;
    };
    let (per_day, timed) = match dosage.timing.as_ref().and_then(|t| t.repeat.as_ref()) {
        None => (1.0, false),
        Some(r) => {
            let frequency = r
                .frequency
                .as_ref()
                .map_or(Some(1.0), serde_json::Number::as_f64)?;
            let period = r
                .period
                .as_ref()
                .map_or(Some(1.0), serde_json::Number::as_f64)?;
            let days = match r.period_unit.as_deref() {
                Some("d") | None => 1.0,
                Some("h") => 1.0 / 24.0,
                Some("wk") => 7.0,
                Some("mo") => 30.0,
                _ => return None,
            };
            if !(frequency > 0.0 && period > 0.0) {
                return None;
            }
            (frequency / (period * days), true)
        }
    };
    let elemental = compound_mg * per_day * product.fraction;
    elemental.is_finite().then_some(Dose {
        amount,
        unit,
        compound_mg,
        per_day,
        timed,
        elemental_mg_per_day: elemental,
    })
}

/// A lower dose: the amount of one dose, doses a day, elemental mg a day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lowered {
    /// One dose, in the order's unit (whole units, or whole mg).
    pub amount: f64,
    /// Doses a day.
    pub per_day: f64,
    /// Elemental magnesium a day, mg; never above the limit it was made for.
    pub elemental_mg_per_day: f64,
}

/// The largest dose of the same kind whose elemental magnesium a day is at
/// most `limit_mg`: at the order's timing if one whole unit (or 1 mg) fits,
/// else once a day. `None` when not even that fits.
pub fn lowered(dose: &Dose, product: &Product<'_>, limit_mg: f64) -> Option<Lowered> {
    let per_unit = match dose.unit {
        DoseUnit::Mass => product.fraction,
        DoseUnit::Count(_) => product.strength_mg? * product.fraction,
    };
    if !(per_unit > 0.0 && limit_mg.is_finite() && limit_mg > 0.0) {
        return None;
    }
    let fit = |per_day: f64| {
        let per_amount = per_unit * per_day;
        let mut amount = (limit_mg / per_amount).floor().min(dose.amount);
        // Floating rounding can put the product a hair over the limit.
        while amount >= 1.0 && amount * per_amount > limit_mg {
            amount -= 1.0;
        }
        (amount >= 1.0).then_some(Lowered {
            amount,
            per_day,
            elemental_mg_per_day: amount * per_amount,
        })
    };
    let lower = fit(dose.per_day).or_else(|| if dose.per_day > 1.0 { fit(1.0) } else { None })?;
    (lower.elemental_mg_per_day < dose.elemental_mg_per_day).then_some(lower)
}
