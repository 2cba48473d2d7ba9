//! The seed article's buying checklist, item by item, judged with the
//! content's forms and checklist terms.

use crampwise_content::{Content, GiTolerance};

use crate::analyze::extras::{total_mg, Added, Fillers};
use crate::analyze::magnesium::{Basis, Magnesium};
use crate::model::ParsedLabel;
use crate::report::{CheckResult, CheckStatus};
use crate::text::MARK_WORDS;
use crate::words::{has_term, norm, terms_in};

/// What the checks look at.
pub(crate) struct Inputs<'a> {
    pub content: &'a Content,
    pub label: &'a ParsedLabel,
    pub mg: &'a Magnesium,
    pub fillers: &'a Fillers,
    pub added: &'a [Added],
}

fn result(content: &Content, id: &str, status: CheckStatus, note: String) -> CheckResult {
    CheckResult {
        id: id.to_owned(),
        status,
        note,
        title: content
            .check(id)
            .map_or_else(|| id.replace('_', " "), |c| c.title.clone()),
    }
}

/// A form's name for sentences: lowercase, without its bracketed synonym
/// (`magnesium glycinate`, `magnesium sulfate`).
pub(crate) fn form_name(content: &Content, id: &str) -> String {
    let name = content.form(id).map_or(id, |f| f.name.as_str());
    let name = name.split(" (").next().unwrap_or(name);
    name.to_lowercase()
}

/// All six checks, in contract order.
pub(crate) fn checks(i: &Inputs<'_>) -> Vec<CheckResult> {
    vec![
        chelated(i),
        oxide(i),
        fillers(i),
        tested(i),
        combination(i),
        form_factor(i),
    ]
}

/// The note of a form check on a product that is not taken by mouth.
const NOT_ORAL_NOTE: &str =
    "not taken by mouth: how well a form is absorbed and tolerated matters only for supplements swallowed";

fn chelated(i: &Inputs<'_>) -> CheckResult {
    let c = i.content;
    let id = "chelated_form";
    if i.label.not_oral.is_some() {
        return result(c, id, CheckStatus::Unknown, NOT_ORAL_NOTE.into());
    }
    let Some(main) = i.mg.forms.first().and_then(|f| c.form(f)) else {
        let terms = c.check(id).map(|c| c.terms.clone()).unwrap_or_default();
        let says_chelate =
            i.mg.sources
                .iter()
                .any(|s| !terms_in(&s.row, &terms).is_empty());
        return if says_chelate {
            result(
                c,
                id,
                CheckStatus::Pass,
                "the label calls it a chelate but does not name the amino acid".into(),
            )
        } else {
            result(
                c,
                id,
                CheckStatus::Unknown,
                "the label does not name the magnesium form".into(),
            )
        };
    };
    if main.chelated {
        result(
            c,
            id,
            CheckStatus::Pass,
            format!(
                "the main form, {}, is an amino-acid chelate",
                form_name(c, &main.id)
            ),
        )
    } else {
        let gentle = if main.gi_tolerance == GiTolerance::Gentle {
            "; it is usually gentle on the gut all the same"
        } else {
            ""
        };
        result(
            c,
            id,
            CheckStatus::Fail,
            format!(
                "the main form, {}, is a salt, not an amino-acid chelate{gentle}",
                form_name(c, &main.id)
            ),
        )
    }
}

/// Whether the label calls its magnesium `buffered`.
fn buffered(i: &Inputs<'_>) -> bool {
    let mut texts: Vec<&str> = i.mg.sources.iter().map(|s| s.row.as_str()).collect();
    texts.extend(i.label.name.as_deref());
    texts.iter().any(|t| has_term(&norm(t), "buffered"))
}

fn oxide(i: &Inputs<'_>) -> CheckResult {
    let c = i.content;
    let id = "avoids_oxide";
    if i.label.not_oral.is_some() {
        return result(c, id, CheckStatus::Unknown, NOT_ORAL_NOTE.into());
    }
    let Some(pos) = i.mg.forms.iter().position(|f| f == "oxide") else {
        if buffered(i) {
            return result(
                c,
                id,
                CheckStatus::Unknown,
                "the label calls it buffered: a buffered chelate is usually blended with magnesium oxide (or another inorganic salt), and the label does not say which or how much".into(),
            );
        }
        return if i.mg.forms.is_empty() {
            result(
                c,
                id,
                CheckStatus::Unknown,
                "the label does not name the magnesium form".into(),
            )
        } else {
            result(c, id, CheckStatus::Pass, "no magnesium oxide".into())
        };
    };
    if pos == 0 {
        return result(
            c,
            id,
            CheckStatus::Fail,
            "magnesium oxide is the main form: less of it is absorbed and it often loosens stools"
                .into(),
        );
    }
    let main =
        i.mg.forms
            .first()
            .map(|m| form_name(c, m))
            .unwrap_or_default();
    // Oxide in its own row with its own amount: its share is known.
    let own_rows: Vec<_> = i.mg.sources_with("oxide").collect();
    let separate = own_rows
        .iter()
        .all(|s| s.forms.len() == 1 && s.elemental_mg.is_some());
    if separate {
        let oxide_mg: f64 = own_rows.iter().filter_map(|s| s.elemental_mg).sum();
        let total = i.mg.total_mg.unwrap_or(oxide_mg);
        return result(
            c,
            id,
            CheckStatus::Pass,
            format!(
                "magnesium oxide is a minor part ({oxide_mg:.0} of {total:.0} mg), after {main}"
            ),
        );
    }
    let hidden = own_rows.iter().any(|s| s.basis == Basis::Hidden);
    let listed = own_rows.iter().any(|s| s.forms_from_ingredients);
    let how = if hidden {
        "a blend"
    } else if listed {
        "an ingredients list naming a mix"
    } else {
        "a buffered mix"
    };
    result(
        c,
        id,
        CheckStatus::Unknown,
        format!(
            "{how} of {main} with magnesium oxide, listed after it: the label does not say how much of the magnesium comes from oxide, and buffered products often get much of it there"
        ),
    )
}

fn fillers(i: &Inputs<'_>) -> CheckResult {
    let c = i.content;
    let id = "clean_fillers";
    let f = i.fillers;
    if !f.sweeteners.is_empty() || !f.colours.is_empty() {
        let mut named: Vec<String> = f.sweeteners.clone();
        named.extend(f.colours.iter().cloned());
        return result(
            c,
            id,
            CheckStatus::Fail,
            format!("names {}", named.join(", ")),
        );
    }
    if i.label.other_ingredients.is_empty() {
        return result(
            c,
            id,
            CheckStatus::Unknown,
            "the label lists no other ingredients".into(),
        );
    }
    result(
        c,
        id,
        CheckStatus::Pass,
        format!(
            "no named artificial sweetener or colour among {} other ingredient(s)",
            i.label.other_ingredients.len()
        ),
    )
}

/// Independent marks and manufacturing-practice claims found.
pub(crate) fn marks(label: &ParsedLabel) -> (Vec<&'static str>, bool) {
    let mut independent = Vec::new();
    let mut gmp = false;
    for text in label
        .marks
        .iter()
        .chain(label.statements.iter())
        .chain(label.claims.iter())
    {
        let n = norm(text);
        for (mark, words) in [
            (
                "NSF",
                &[
                    "nsf certified",
                    "nsf certified for sport",
                    "certified for sport",
                    "nsf contents certified",
                    "nsf",
                ][..],
            ),
            (
                "USP Verified",
                &["usp verified", "usp dietary supplement verification"][..],
            ),
            ("Informed Sport", &["informed sport"][..]),
            ("Informed Choice", &["informed choice"][..]),
            ("BSCG", &["bscg", "banned substances control group"][..]),
        ] {
            let found = words.iter().any(|w| {
                has_term(&n, w)
                    // `NSF GMP registered` is a facility audit, not a product test.
                    && !(*w == "nsf" && (has_term(&n, "nsf gmp") || has_term(&n, "nsf registered")))
            });
            if found && !independent.contains(&mark) {
                independent.push(mark);
            }
        }
        gmp |= has_term(&n, "gmp")
            || has_term(&n, "cgmp")
            || has_term(&n, "good manufacturing practice")
            || has_term(&n, "good manufacturing practices");
    }
    (independent, gmp)
}

fn tested(i: &Inputs<'_>) -> CheckResult {
    let c = i.content;
    let id = "third_party_tested";
    let (independent, gmp) = marks(i.label);
    if !independent.is_empty() {
        return result(
            c,
            id,
            CheckStatus::Pass,
            format!("independent testing mark: {}", independent.join(", ")),
        );
    }
    if gmp {
        return result(
            c,
            id,
            CheckStatus::Unknown,
            "only a GMP claim: the maker's statement that it follows manufacturing rules, not independent testing of the product".into(),
        );
    }
    let other: Vec<&str> = MARK_WORDS
        .iter()
        .copied()
        .filter(|w| i.label.marks.iter().any(|m| has_term(&norm(m), w)))
        .collect();
    let note = if other.is_empty() {
        "no independent testing mark found in the text given (seals are often printed as images: check the pack)".to_owned()
    } else {
        format!(
            "a testing claim ({}) without a named independent programme",
            other.join(", ")
        )
    };
    result(c, id, CheckStatus::Fail, note)
}

fn combination(i: &Inputs<'_>) -> CheckResult {
    let c = i.content;
    let id = "combination";
    let mut parts = Vec::new();
    for (key, label) in [
        ("vitamin_b6", "vitamin B6"),
        ("taurine", "taurine"),
        ("electrolytes", "electrolytes (sodium)"),
        ("potassium", "potassium"),
    ] {
        if i.added.iter().any(|a| a.id == key) {
            match total_mg(i.added, key) {
                Some(mg) => parts.push(format!("{label} {}", trim_mg(mg))),
                None => parts.push(format!("{label} (amount not given)")),
            }
        }
    }
    let taurate = i.mg.forms.iter().any(|f| f == "taurate");
    if taurate && !i.added.iter().any(|a| a.id == "taurine") {
        parts.push("taurine bound in magnesium taurate".to_owned());
    }
    if parts.is_empty() {
        return result(
            c,
            id,
            CheckStatus::Fail,
            "no taurine, vitamin B6 or electrolytes added; none is needed".into(),
        );
    }
    let mut note = format!("adds {}", parts.join(", "));
    if total_mg(i.added, "vitamin_b6").is_some_and(|b6| b6 > 10.0) {
        note.push_str("; more than 10 mg of B6 a day from all supplements is not advised");
    }
    if i.added.iter().any(|a| a.id == "potassium") {
        note.push_str("; avoid added potassium unless a clinician advises it");
    }
    result(c, id, CheckStatus::Pass, note)
}

fn form_factor(i: &Inputs<'_>) -> CheckResult {
    let c = i.content;
    let id = "form_factor";
    match i.label.form_factor {
        None => result(
            c,
            id,
            CheckStatus::Unknown,
            "the label does not state the format".into(),
        ),
        Some(f) => {
            let why = match f.as_str() {
                "capsule" | "tablet" => "convenient; check the elemental magnesium per serving",
                "powder" | "liquid" => "easy to take small or split doses",
                _ => "gummies often carry little magnesium and added sugar; check the dose",
            };
            result(c, id, CheckStatus::Pass, format!("{}: {why}", f.as_str()))
        }
    }
}

/// `10 mg`, `0.5 mg`, `1500 mg`.
pub(crate) fn trim_mg(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0} mg")
    } else {
        format!("{r:.1} mg")
    }
}
