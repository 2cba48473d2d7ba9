//! Magnesium per serving: which rows carry it, in which forms, and how much
//! is elemental magnesium.
//!
//! `Magnesium (as X) 200 mg` states elemental magnesium (the labelling
//! convention), so 200 mg is taken as printed. `Magnesium Citrate 1,000 mg`
//! states the weight of the whole compound; it is converted with the
//! content's elemental fraction, for the hydrate named on the label or else
//! the formula the content gives, and flagged as an estimate. The estimate
//! never exceeds the compound weight.

use crampwise_content::{Content, Form};
use serde::Serialize;

use crate::analyze::checks::trim_mg;
use crate::analyze::forms::{is_magnesium, Matcher};
use crate::model::{Ingredient, ParsedLabel};
use crate::report::mg;
use crate::words::{has_term, norm};

/// Magnesium salts that are excipients, not a source on the panel.
const NOT_A_SOURCE: &[&str] = &["stearate", "silicate", "trisilicate"];

/// How a row's elemental magnesium was worked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// As printed: the label states elemental magnesium.
    Label,
    /// Converted from the weight of the compound.
    Compound,
    /// Inside a proprietary blend: not disclosed.
    Hidden,
    /// An amount that could not be read or converted.
    Unreadable,
    /// The weight of the compound that supplies a stated elemental row
    /// (`Magnesium L-Threonate 2,000 mg` under `Magnesium (as magnesium
    /// L-threonate) 144 mg`): its magnesium is that row's, not added again.
    SourceOfStated,
}

/// One source of magnesium on the label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MagnesiumSource {
    /// The row as printed (`Magnesium (magnesium citrate)`).
    pub row: String,
    /// Form ids named in it, in label order.
    pub forms: Vec<String>,
    /// Elemental magnesium per serving from this row, mg.
    #[serde(serialize_with = "mg")]
    pub elemental_mg: Option<f64>,
    /// How `elemental_mg` was found.
    pub basis: Basis,
    /// The compound weight converted, mg (`basis: compound`).
    #[serde(serialize_with = "mg", skip_serializing_if = "Option::is_none")]
    pub compound_mg: Option<f64>,
    /// The elemental fraction used (`basis: compound`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fraction: Option<f64>,
    /// The salt or hydrate assumed (`basis: compound`), or why the amount is unreadable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assumed: Option<String>,
    /// Other hydrates or salts the label may mean, with the magnesium each would give.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<String>,
    /// The stated row this compound supplies (`basis: source_of_stated`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supplies: Option<String>,
    /// The forms were taken from the `Ingredients:` list, not the row.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub forms_from_ingredients: bool,
}

/// Everything known about the magnesium in a label.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Magnesium {
    /// Every source, in label order.
    pub sources: Vec<MagnesiumSource>,
    /// Form ids, the main form first.
    pub forms: Vec<String>,
    /// Sum of the known elemental amounts; `None` when none is known.
    pub total_mg: Option<f64>,
    /// Some of the total was converted from a compound weight.
    pub is_estimate: bool,
    /// Some magnesium is hidden or unreadable: the total is a lower bound.
    pub lower_bound: bool,
    /// Compound rows naming the same form as a stated row whose figures do
    /// not match, so both were counted: (compound row, stated row).
    pub double_listings: Vec<(String, String)>,
}

impl Magnesium {
    /// The sources whose form list includes `id`.
    pub(crate) fn sources_with<'a>(
        &'a self,
        id: &'a str,
    ) -> impl Iterator<Item = &'a MagnesiumSource> + 'a {
        self.sources
            .iter()
            .filter(move |s| s.forms.iter().any(|f| f == id))
    }
}

fn display(row: &Ingredient) -> String {
    let mut s = row.name.clone();
    if let Some(f) = &row.form {
        s.push_str(&format!(" ({f})"));
    }
    if let Some(a) = &row.amount {
        s.push_str(&format!(" {} {}", a.value, a.unit.as_str()));
    }
    s
}

/// The variant of `form` named in `text`, if any.
fn variant_named<'f>(form: &'f Form, text: &str) -> Option<&'f crampwise_content::FormVariant> {
    let n = norm(text);
    form.variants.iter().find(|v| {
        v.name
            .split(['(', ')'])
            .map(norm)
            .filter(|k| !k.is_empty())
            .any(|k| has_term(&n, &k) || k.split(' ').any(|w| w == "epsom" && has_term(&n, w)))
    })
}

/// Converts a compound weight of `form` to elemental magnesium.
fn convert(
    content: &Content,
    form_id: &str,
    compound: f64,
    text: &str,
    source: &mut MagnesiumSource,
) {
    let Some(form) = content.form(form_id) else {
        return;
    };
    let (fraction, assumed) = match variant_named(form, text) {
        Some(v) => (
            v.elemental_fraction,
            format!(
                "{} {} ({:.1} % magnesium), as the label names it",
                v.name,
                v.formula,
                v.elemental_fraction * 100.0
            ),
        ),
        None => (
            form.elemental_fraction,
            format!(
                "{} ({:.1} % magnesium)",
                form.formula,
                form.elemental_fraction * 100.0
            ),
        ),
    };
    let fraction = fraction.clamp(0.0, 1.0);
    let elemental = (compound * fraction).min(compound);
    source.alternatives = std::iter::once((
        form.formula.as_str(),
        "the formula",
        form.elemental_fraction,
    ))
    .chain(
        form.variants
            .iter()
            .map(|v| (v.formula.as_str(), v.name.as_str(), v.elemental_fraction)),
    )
    .filter(|(_, _, f)| (*f - fraction).abs() > 1e-9)
    .map(|(formula, name, f)| {
        format!(
            "{name} {formula} ({:.1} %): {} mg",
            f * 100.0,
            round1((compound * f).min(compound))
        )
    })
    .collect();
    source.elemental_mg = Some(elemental);
    source.basis = Basis::Compound;
    source.compound_mg = Some(compound);
    source.fraction = Some(fraction);
    source.assumed = Some(assumed);
}

pub(crate) fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn source(row: &Ingredient, forms: Vec<String>, basis: Basis) -> MagnesiumSource {
    MagnesiumSource {
        row: display(row),
        forms,
        elemental_mg: None,
        basis,
        compound_mg: None,
        fraction: None,
        assumed: None,
        alternatives: Vec::new(),
        supplies: None,
        forms_from_ingredients: false,
    }
}

/// One non-blend magnesium row.
fn row_source(content: &Content, matcher: &Matcher, row: &Ingredient) -> MagnesiumSource {
    let in_name = matcher.find(&row.name, true);
    let mut forms = in_name.clone();
    if let Some(f) = &row.form {
        for id in matcher.find(f, true) {
            if !forms.contains(&id) {
                forms.push(id);
            }
        }
    }
    let all_text = format!("{} {}", row.name, row.form.as_deref().unwrap_or(""));
    let says_elemental = has_term(&norm(&all_text), "elemental");
    let compound_named = !in_name.is_empty() || has_term(&norm(&row.name), "chelate");
    let mut s = source(row, forms, Basis::Label);
    let Some(amount) = row.amount else {
        s.basis = if row.in_blend.is_some() {
            Basis::Hidden
        } else {
            Basis::Unreadable
        };
        s.assumed = Some("no amount per serving is given".to_owned());
        return s;
    };
    let Some(amount_mg) = amount.mg() else {
        s.basis = Basis::Unreadable;
        s.assumed = Some(format!(
            "`{} {}` is not a weight",
            amount.value,
            amount.unit.as_str()
        ));
        return s;
    };
    if !compound_named {
        s.elemental_mg = Some(amount_mg);
        return s;
    }
    // `of which magnesium 300 mg`: the label states the elemental figure.
    if let Some(stated) = row.elemental.and_then(|a| a.mg()) {
        if stated <= amount_mg {
            s.elemental_mg = Some(stated);
            s.compound_mg = Some(amount_mg);
            return s;
        }
    }
    // The name is a compound; `elemental` in the brackets gives the figure,
    // or says the row's own amount is elemental.
    if says_elemental {
        match row.form_amount.and_then(|a| a.mg()) {
            Some(inner) if inner <= amount_mg => {
                s.elemental_mg = Some(inner);
                return s;
            }
            None => {
                s.elemental_mg = Some(amount_mg);
                return s;
            }
            Some(_) => {}
        }
    }
    match s.forms.first().cloned() {
        Some(id) => convert(content, &id, amount_mg, &all_text, &mut s),
        None => {
            s.basis = Basis::Unreadable;
            s.assumed = Some(format!(
                "`{}` is the weight of a compound whose form is not named, so its magnesium cannot be worked out",
                row.name
            ));
        }
    }
    s
}

/// The lowest and highest share of magnesium a form may have (its formula
/// and every hydrate or salt the content lists).
fn fraction_range(content: &Content, id: &str) -> Option<(f64, f64)> {
    let form = content.form(id)?;
    let all = std::iter::once(form.elemental_fraction)
        .chain(form.variants.iter().map(|v| v.elemental_fraction));
    let (lo, hi) = all.fold((f64::INFINITY, 0.0f64), |(lo, hi), f| {
        (lo.min(f), hi.max(f))
    });
    (lo.is_finite() && hi > 0.0).then_some((lo, hi))
}

/// How far a stated figure may sit from the formula's: labels round, and
/// branded salts carry water or excess acid (Magtein: 2,000 mg gives 144 mg,
/// 7.2 % against the formula's 8.3 %).
const BELOW: f64 = 0.8;
const ABOVE: f64 = 1.1;

/// A compound row listed beside the stated elemental row it supplies
/// (`Magnesium (as magnesium L-threonate) 144 mg` and `Magnesium
/// L-Threonate 2,000 mg`) is not a second source. For each stated row, the
/// compound rows of its forms are its source when the magnesium they can
/// hold brackets the stated figure: from the lowest fraction of the form
/// times [`BELOW`] to the highest times [`ABOVE`]. They are then marked
/// [`Basis::SourceOfStated`] and not added. Compound rows of a stated form
/// whose figures do not fit are counted and reported.
fn resolve_double_listing(
    content: &Content,
    sources: &mut [MagnesiumSource],
) -> Vec<(String, String)> {
    let mut unclear = Vec::new();
    for k in 0..sources.len() {
        let Some(stated) = sources
            .get(k)
            .filter(|s| s.basis == Basis::Label && s.compound_mg.is_none() && !s.forms.is_empty())
        else {
            continue;
        };
        let (Some(e), forms, row) = (
            stated.elemental_mg,
            stated.forms.clone(),
            stated.row.clone(),
        ) else {
            continue;
        };
        let candidates: Vec<usize> = sources
            .iter()
            .enumerate()
            .filter(|(j, c)| {
                *j != k
                    && c.basis == Basis::Compound
                    && c.forms.first().is_some_and(|f| forms.contains(f))
            })
            .map(|(j, _)| j)
            .collect();
        if candidates.is_empty() {
            continue;
        }
        let (mut lo, mut hi) = (0.0, 0.0);
        for &j in &candidates {
            let Some(c) = sources.get(j) else { continue };
            let id = c.forms.first().map(String::as_str).unwrap_or_default();
            let (flo, fhi) = fraction_range(content, id).unwrap_or((0.0, 1.0));
            let w = c.compound_mg.unwrap_or_default();
            lo += w * flo * BELOW;
            hi += (w * fhi * ABOVE).min(w);
        }
        let consistent = e >= lo && e <= hi;
        for &j in &candidates {
            let Some(c) = sources.get_mut(j) else {
                continue;
            };
            if consistent {
                let estimate = c.elemental_mg.take().unwrap_or_default();
                c.basis = Basis::SourceOfStated;
                c.assumed = Some(format!(
                    "the compound that supplies `{row}`: about {} of magnesium by the formula, consistent with the {} stated, so it is not added again",
                    trim_mg(estimate),
                    trim_mg(e)
                ));
                c.alternatives.clear();
                c.supplies = Some(row.clone());
            } else {
                unclear.push((c.row.clone(), row.clone()));
            }
        }
    }
    unclear
}

/// Forms named only in the `Ingredients:` list (`Magnesium Citrate,
/// Magnesium Oxide, ...`, as EU labels print them) are the forms of
/// magnesium rows that name none, in list order.
fn forms_from_ingredients(
    matcher: &Matcher,
    label: &ParsedLabel,
    sources: &mut Vec<MagnesiumSource>,
) {
    if sources.iter().any(|s| !s.forms.is_empty()) {
        return;
    }
    let mut found: Vec<String> = Vec::new();
    let mut items: Vec<&str> = Vec::new();
    for item in &label.other_ingredients {
        if !is_magnesium(item) {
            continue;
        }
        for id in matcher.find(item, false) {
            if !found.contains(&id) {
                found.push(id);
                items.push(item);
            }
        }
    }
    if found.is_empty() {
        return;
    }
    // No magnesium row at all: the list names the magnesium, without an amount.
    if sources.is_empty() {
        sources.push(MagnesiumSource {
            row: format!("Ingredients: {}", items.join(", ")),
            forms: found,
            elemental_mg: None,
            basis: Basis::Unreadable,
            compound_mg: None,
            fraction: None,
            assumed: Some(
                "named only in the ingredients list, with no amount per serving".to_owned(),
            ),
            alternatives: Vec::new(),
            supplies: None,
            forms_from_ingredients: true,
        });
        return;
    }
    for s in sources.iter_mut().filter(|s| s.basis != Basis::Hidden) {
        s.forms.clone_from(&found);
        s.forms_from_ingredients = true;
    }
}

/// Finds every magnesium source of `label`.
pub(crate) fn analyze(content: &Content, matcher: &Matcher, label: &ParsedLabel) -> Magnesium {
    let mut m = Magnesium::default();
    // (elemental mg, label order, forms) for ordering the main form first.
    // (label order) of each source, for ordering the main form first.
    let mut order: Vec<usize> = Vec::new();
    for (i, row) in label.ingredients.iter().enumerate() {
        if row.blend {
            let about_mg = is_magnesium(&row.name);
            let forms: Vec<String> = row
                .components
                .iter()
                .flat_map(|c| matcher.find(c, about_mg || is_magnesium(c)))
                .fold(Vec::new(), |mut acc, id| {
                    if !acc.contains(&id) {
                        acc.push(id);
                    }
                    acc
                });
            if forms.is_empty() && !about_mg {
                continue;
            }
            let mut s = source(row, forms.clone(), Basis::Hidden);
            s.assumed = Some(
                "a proprietary blend does not say how much of each member it holds".to_owned(),
            );
            m.sources.push(s);
            order.push(i + 10_000);
            continue;
        }
        let text = format!("{} {}", row.name, row.form.as_deref().unwrap_or(""));
        let name_n = norm(&row.name);
        if !is_magnesium(&text) || NOT_A_SOURCE.iter().any(|w| has_term(&name_n, w)) {
            continue;
        }
        // A row named for another nutrient is about that nutrient, even when
        // its source is a magnesium salt (`Chloride (as magnesium chloride)`).
        if !is_magnesium(&row.name) && matcher.find(&row.name, false).is_empty() {
            continue;
        }
        let s = row_source(content, matcher, row);
        order.push(i);
        m.sources.push(s);
    }
    forms_from_ingredients(matcher, label, &mut m.sources);
    order.resize(m.sources.len(), 20_000);
    m.double_listings = resolve_double_listing(content, &mut m.sources);
    let mut ranked: Vec<(Option<f64>, usize, Vec<String>)> = m
        .sources
        .iter()
        .zip(order)
        .map(|(s, i)| (s.elemental_mg, i, s.forms.clone()))
        .collect();
    ranked.sort_by(|a, b| {
        let (x, y) = (a.0.unwrap_or(-1.0), b.0.unwrap_or(-1.0));
        y.total_cmp(&x).then(a.1.cmp(&b.1))
    });
    for (_, _, forms) in ranked {
        for id in forms {
            if !m.forms.contains(&id) {
                m.forms.push(id);
            }
        }
    }
    let known: Vec<f64> = m.sources.iter().filter_map(|s| s.elemental_mg).collect();
    m.total_mg = (!known.is_empty()).then(|| known.iter().sum());
    m.is_estimate = m.sources.iter().any(|s| s.basis == Basis::Compound);
    m.lower_bound = m.total_mg.is_some()
        && m.sources
            .iter()
            .any(|s| matches!(s.basis, Basis::Hidden | Basis::Unreadable));
    m
}

#[cfg(test)]
#[allow(
    clippy::indexing_slicing,
    reason = "tests may index and slice, as the integration tests do: a panic is a failed test"
)]
mod tests {
    use super::*;
    use crate::text::parse_text;

    fn run(text: &str) -> Magnesium {
        let c = Content::embedded().unwrap();
        analyze(&c, &Matcher::new(&c), &parse_text(text))
    }

    #[test]
    fn elemental_as_printed() {
        let m = run("Magnesium (as magnesium bisglycinate chelate) 200 mg 48%");
        assert_eq!(m.total_mg, Some(200.0));
        assert!(!m.is_estimate);
        assert_eq!(m.forms, vec!["glycinate"]);
    }

    #[test]
    fn compound_weight_is_converted() {
        let m = run("Magnesium Citrate 1,000 mg");
        assert!(m.is_estimate);
        let t = m.total_mg.unwrap();
        assert!((t - 162.0).abs() < 0.01, "{t}");
        assert!(m.sources[0]
            .alternatives
            .iter()
            .any(|a| a.contains("nonahydrate")));
        let m = run("Magnesium Citrate Nonahydrate 1,000 mg");
        assert!((m.total_mg.unwrap() - 119.0).abs() < 0.01);
        let m = run("Magnesium Glycinate 1,000 mg (providing 200 mg elemental magnesium)");
        assert_eq!(m.total_mg, Some(200.0));
        assert!(!m.is_estimate);
    }

    #[test]
    fn main_form_is_the_largest() {
        let m =
            run("Magnesium (as magnesium oxide) 50 mg\nMagnesium (as magnesium glycinate) 150 mg");
        assert_eq!(m.forms, vec!["glycinate", "oxide"]);
        assert_eq!(m.total_mg, Some(200.0));
    }

    #[test]
    fn blends_hide_amounts() {
        let m = run("Proprietary Blend 750 mg: magnesium glycinate, magnesium oxide");
        assert_eq!(m.total_mg, None);
        assert_eq!(m.forms, vec!["glycinate", "oxide"]);
        assert_eq!(m.sources[0].basis, Basis::Hidden);
    }

    #[test]
    fn not_magnesium() {
        let m = run("Zinc (as zinc citrate) 15 mg\nMagnesium Stearate 5 mg\nIron (as ferrous bisglycinate) 18 mg\nChloride (as magnesium chloride) 350 mg");
        assert!(m.sources.is_empty(), "{m:?}");
    }
}
