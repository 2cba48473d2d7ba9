//! What else is in the product: named artificial sweeteners and colours,
//! animal ingredients, and added companions (vitamin B6, taurine,
//! electrolytes, potassium) with their amounts.

use crampwise_content::Content;

use crate::model::ParsedLabel;
use crate::words::{has_term, norm, terms_in};

/// Words that make a `clean_fillers` term a colour rather than a sweetener.
const COLOUR_WORDS: &[&str] = &[
    "color",
    "colour",
    "fd",
    "red",
    "yellow",
    "blue",
    "green",
    "tartrazine",
    "titanium",
    "allura",
    "sunset",
    "lake",
    "erythrosine",
    "carmine",
    "caramel",
];

/// Artificial sweeteners by E-number and short name, as EU labels print
/// them, beside the content's `clean_fillers` terms (which name them in
/// full): acesulfame K (E950), aspartame (E951), cyclamate (E952),
/// saccharin (E954), sucralose (E955), neotame (E961), the
/// aspartame-acesulfame salt (E962) and advantame (E969).
const SWEETENER_CODES: &[&str] = &[
    "e950",
    "e951",
    "e952",
    "e954",
    "e955",
    "e961",
    "e962",
    "e969",
    "ace k",
    "acesulfame",
    "acesulfam k",
    "acesulfame kalium",
];

/// Synthetic colours by E-number: tartrazine (E102), quinoline yellow
/// (E104), sunset yellow (E110), azorubine (E122), ponceau 4R (E124),
/// erythrosine (E127), allura red (E129), patent blue (E131), indigo
/// carmine (E132), brilliant blue (E133), green S (E142), brilliant black
/// (E151), brown HT (E155) and titanium dioxide (E171).
const COLOUR_CODES: &[&str] = &[
    "e102", "e104", "e110", "e122", "e124", "e127", "e129", "e131", "e132", "e133", "e142", "e151",
    "e155", "e171",
];

/// Which of `codes` a normalised text names (`E955`, `E 955`, `e-955`).
fn codes_in(n: &str, codes: &[&str]) -> bool {
    codes.iter().any(|c| {
        has_term(n, c)
            || c.strip_prefix('e')
                .filter(|d| d.chars().all(|ch| ch.is_ascii_digit()))
                .is_some_and(|d| has_term(n, &format!("e {d}")))
    })
}

/// Animal-derived ingredients (for vegans and `animal_ingredients`).
pub(crate) const ANIMAL: &[&str] = &[
    "gelatin",
    "gelatine",
    "bovine",
    "porcine",
    "beef",
    "pork",
    "fish",
    "fish oil",
    "collagen",
    "shellac",
    "confectioner s glaze",
    "pharmaceutical glaze",
    "beeswax",
    "carmine",
    "cochineal",
    "lanolin",
    "milk",
    "whey",
    "casein",
    "lactose",
    "egg",
    "chitosan",
    "shellfish",
    "bone",
    "anchovy",
    "krill",
    "cod liver",
    "honey",
];

/// Of [`ANIMAL`], what vegetarians also avoid (dairy, eggs and honey are fine).
pub(crate) const MEAT_OR_FISH: &[&str] = &[
    "gelatin",
    "gelatine",
    "bovine",
    "porcine",
    "beef",
    "pork",
    "fish",
    "fish oil",
    "collagen",
    "carmine",
    "cochineal",
    "chitosan",
    "shellfish",
    "bone",
    "anchovy",
    "krill",
    "cod liver",
];

/// Every ingredient text a filler or animal term may hide in.
fn all_ingredient_text(label: &ParsedLabel) -> Vec<String> {
    let mut out: Vec<String> = label.other_ingredients.clone();
    for row in &label.ingredients {
        out.push(row.name.clone());
        out.extend(row.form.iter().cloned());
        out.extend(row.components.iter().cloned());
    }
    out
}

/// Ingredients (as printed) naming an artificial sweetener or colour, by
/// the content's `clean_fillers` terms.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Fillers {
    pub sweeteners: Vec<String>,
    pub colours: Vec<String>,
}

pub(crate) fn fillers(content: &Content, label: &ParsedLabel) -> Fillers {
    let terms = content
        .check("clean_fillers")
        .map(|c| c.terms.clone())
        .unwrap_or_default();
    let mut f = Fillers::default();
    for text in all_ingredient_text(label) {
        let found = terms_in(&text, &terms);
        let colour = |t: &&str| COLOUR_WORDS.iter().any(|w| has_term(&norm(t), w));
        // The ingredient as the label prints it, once per list.
        let text = text.trim().to_owned();
        let n = norm(&text);
        if (found.iter().any(colour) || codes_in(&n, COLOUR_CODES)) && !f.colours.contains(&text) {
            f.colours.push(text.clone());
        }
        let sweetener = found.iter().any(|t| !colour(t)) || codes_in(&n, SWEETENER_CODES);
        if sweetener && !f.sweeteners.contains(&text) {
            f.sweeteners.push(text);
        }
    }
    f
}

/// Which of `words` the ingredients name, as written in `words`.
pub(crate) fn named(label: &ParsedLabel, words: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for text in all_ingredient_text(label) {
        let n = norm(&text);
        for w in words {
            // `vegetable capsule (non-gelatin)` and `gelatin-free` are not gelatin.
            let negated = has_term(&n, &format!("non {w}"))
                || has_term(&n, &format!("{w} free"))
                || has_term(&n, &format!("no {w}"));
            if has_term(&n, w) && !negated && !out.iter().any(|o| o == w) {
                out.push((*w).to_owned());
            }
        }
    }
    out
}

/// A companion found on the panel.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Added {
    /// `vitamin_b6`, `taurine`, `electrolytes` or `potassium`.
    pub id: &'static str,
    /// The row or member as printed.
    pub text: String,
    /// Amount per serving, mg, when given.
    pub mg: Option<f64>,
}

fn companion_of(n: &str) -> Option<&'static str> {
    if has_term(n, "b6")
        || has_term(n, "vitamin b6")
        || n.split(' ').any(|w| w.starts_with("pyridox"))
        || has_term(n, "p5p")
        || has_term(n, "p 5 p")
    {
        Some("vitamin_b6")
    } else if has_term(n, "taurine") {
        Some("taurine")
    } else if has_term(n, "potassium") {
        Some("potassium")
    } else if has_term(n, "sodium")
        || has_term(n, "electrolyte")
        || has_term(n, "electrolytes")
        || has_term(n, "chloride")
    {
        Some("electrolytes")
    } else {
        None
    }
}

/// Added companions, by row name and blend member.
pub(crate) fn companions(label: &ParsedLabel) -> Vec<Added> {
    let mut out = Vec::new();
    for row in &label.ingredients {
        let n = norm(&row.name);
        if has_term(&n, "magnesium") {
            continue;
        }
        if let Some(id) = companion_of(&n) {
            out.push(Added {
                id,
                text: row.name.clone(),
                mg: row.amount.and_then(|a| a.mg()),
            });
        }
        for c in &row.components {
            let cn = norm(c);
            if has_term(&cn, "magnesium") {
                continue;
            }
            if let Some(id) = companion_of(&cn) {
                out.push(Added {
                    id,
                    text: c.clone(),
                    mg: None,
                });
            }
        }
    }
    out
}

/// Total mg of one companion per serving, when every row of it gives an amount.
pub(crate) fn total_mg(added: &[Added], id: &str) -> Option<f64> {
    let rows: Vec<&Added> = added.iter().filter(|a| a.id == id).collect();
    if rows.is_empty() {
        return None;
    }
    rows.iter().map(|a| a.mg).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::parse_text;

    #[test]
    fn finds_fillers_animal_and_companions() {
        let c = Content::embedded().unwrap();
        let l = parse_text(
            "Vitamin B6 (as pyridoxine HCl) 10 mg\nTaurine 500 mg\nSodium 100 mg\nOther ingredients: gelatin capsule, sucralose, FD&C Red No. 40.",
        );
        let f = fillers(&c, &l);
        assert_eq!(f.sweeteners, vec!["sucralose"]);
        assert_eq!(f.colours, vec!["FD&C Red No. 40"], "{f:?}");
        assert_eq!(named(&l, ANIMAL), vec!["gelatin"]);
        let a = companions(&l);
        assert_eq!(
            a.iter().map(|a| a.id).collect::<Vec<_>>(),
            vec!["vitamin_b6", "taurine", "electrolytes"]
        );
        assert_eq!(total_mg(&a, "vitamin_b6"), Some(10.0));
        for code in [
            "E950",
            "E951",
            "E954",
            "E955",
            "E962",
            "acesulfame K",
            "Ace-K",
            "sweetener (E 955)",
        ] {
            let l = parse_text(&format!("Ingredients: cellulose, {code}."));
            assert_eq!(fillers(&c, &l).sweeteners.len(), 1, "{code}");
        }
        for code in [
            "E102",
            "E110",
            "E122",
            "E124",
            "E129",
            "E133",
            "colour (e-133)",
        ] {
            let l = parse_text(&format!("Ingredients: cellulose, {code}."));
            assert_eq!(fillers(&c, &l).colours.len(), 1, "{code}");
        }
        let l = parse_text("Ingredients: E460, E470b, E330, E1200.");
        assert_eq!(fillers(&c, &l), Fillers::default());
        let l = parse_text("Other ingredients: vegetable capsule (non-gelatin), rice flour.");
        assert!(named(&l, ANIMAL).is_empty());
    }
}
