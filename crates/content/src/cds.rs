//! The data of the CDS Hooks service: which terminology codes mean which
//! profile concept (`cds_codes.toml`) and the words of its cards
//! (`cds_cards.toml`), parsed and checked against the rest of the content.
//!
//! ```
//! use crampwise_content::{cds::{CdsData, Concept}, Content};
//!
//! let content = Content::embedded()?;
//! let data = CdsData::embedded(&content)?;
//! let row = data.code("http://snomed.info/sct", "709044004").expect("listed");
//! assert_eq!(row.means, Concept::Condition("kidney_disease".into()));
//! assert!(data.code("http://snomed.info/sct", "0").is_none());
//! # Ok::<(), crampwise_content::ContentErrors>(())
//! ```

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::content::Content;
use crate::error::{ContentError, ContentErrors};

/// The code table's file name.
pub const CODES_FILE: &str = "cds_codes.toml";
/// The card words' file name.
pub const CARDS_FILE: &str = "cds_cards.toml";

const CODES_TEXT: &str = include_str!("../data/cds_codes.toml");
const CARDS_TEXT: &str = include_str!("../data/cds_cards.toml");

/// The code systems a row may name.
pub const SYSTEMS: &[&str] = &[
    "http://snomed.info/sct",
    "http://hl7.org/fhir/sid/icd-10-cm",
    "http://hl7.org/fhir/sid/icd-10",
    "http://loinc.org",
    "http://www.nlm.nih.gov/research/umls/rxnorm",
    "http://www.whocc.no/atc",
];

/// What a code means for the profile.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum Concept {
    /// A `conditions.toml` id.
    Condition(String),
    /// A `medications.toml` id.
    Medication(String),
    /// A `forms.toml` id: a magnesium product.
    Form(String),
    /// A finding on the record.
    Finding(Finding),
    /// A laboratory result.
    Lab(Lab),
}

/// Findings the service reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Finding {
    /// Muscle cramps.
    Cramps,
    /// A current pregnancy.
    Pregnancy,
}

/// Laboratory results the service reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Lab {
    /// Serum magnesium.
    Magnesium,
    /// Serum potassium.
    Potassium,
    /// Estimated glomerular filtration rate, mL/min/1.73 m².
    Egfr,
}

/// One row of the code table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodeRow {
    /// The FHIR code system URI.
    pub system: String,
    /// The code.
    pub code: String,
    /// The concept's name, for reviewers.
    pub display: String,
    /// What it means.
    pub means: Concept,
    /// Where the code and its meaning were checked.
    pub source: String,
    /// The code's page or canonical identifier.
    pub url: String,
}

/// A card's level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    /// For information.
    Info,
    /// Needs attention.
    Warning,
    /// Needs attention before going on.
    Critical,
}

impl Indicator {
    /// The value as CDS Hooks writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Indicator::Info => "info",
            Indicator::Warning => "warning",
            Indicator::Critical => "critical",
        }
    }
}

/// The words of one card.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardText {
    /// Card id.
    pub id: String,
    /// Its level.
    pub indicator: Indicator,
    /// One line, under 140 characters once filled.
    pub summary: String,
    /// Markdown.
    pub detail: String,
}

/// A suggestion's or link's label.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labelled {
    /// Id.
    pub id: String,
    /// The label.
    pub label: String,
}

/// The words for a plan's supplement decision.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decisions {
    /// `suggested`.
    pub suggested: String,
    /// `clinician_first`.
    pub clinician_first: String,
    /// `not_advised`.
    pub not_advised: String,
}

/// The words for a triage level.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Triages {
    /// `self_care`.
    pub self_care: String,
    /// `clinician`.
    pub clinician: String,
    /// `urgent`.
    pub urgent: String,
    /// `emergency`.
    pub emergency: String,
}

/// How spacing hours are written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hours {
    /// Both figures.
    pub both: String,
    /// Only before.
    pub before: String,
    /// Only after.
    pub after: String,
}

/// How doses are written in details.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DoseWords {
    /// An ordered dose with its timing.
    pub text: String,
    /// An ordered dose without timing.
    pub no_timing: String,
    /// One magnesium product already taken.
    pub taken_item: String,
    /// One whose amount is not given.
    pub taken_unknown: String,
    /// A suggested dose's timing: once a day.
    pub once_a_day: String,
    /// A suggested dose's timing: more often.
    pub times_a_day: String,
}

/// Every card's words, by card.
#[derive(Debug, Clone, PartialEq)]
pub struct Cards {
    /// A contract condition on the record.
    pub contract_condition: CardText,
    /// A pregnancy on the record.
    pub pregnancy: CardText,
    /// The plan says to ask a clinician first.
    pub clinician_first: CardText,
    /// The ordered dose passes what may be added.
    pub dose_above_limit: CardText,
    /// Magnesium is already taken.
    pub dose_adds_to_taken: CardText,
    /// The ordered dose cannot be worked out.
    pub dose_unknown: CardText,
    /// Spacing from an interacting medicine.
    pub spacing: CardText,
    /// A medicine that lowers magnesium.
    pub depletion: CardText,
    /// No birth date.
    pub age_unknown: CardText,
    /// The patient-view card.
    pub patient_view: CardText,
    /// Lower the dose.
    pub lower_dose: Labelled,
    /// Remove the order.
    pub remove_order: Labelled,
    /// The intake page.
    pub intake_link: Labelled,
}

/// The placeholders each card (and suggestion, link and hours text) accepts.
pub const PLACEHOLDERS: &[(&str, &[&str])] = &[
    (
        "contract_condition",
        &["condition", "condition_text", "plan_reason"],
    ),
    ("pregnancy", &["plan_reason"]),
    ("clinician_first", &["plan_reason"]),
    (
        "dose_above_limit",
        &[
            "ordered_mg",
            "limit_mg",
            "dose_text",
            "upper_limit_mg",
            "jurisdiction",
            "taken_mg",
        ],
    ),
    (
        "dose_adds_to_taken",
        &[
            "taken_mg",
            "ordered_mg",
            "taken_text",
            "total_mg",
            "upper_limit_mg",
            "jurisdiction",
        ],
    ),
    (
        "dose_unknown",
        &["product", "upper_limit_mg", "jurisdiction", "taken_mg"],
    ),
    ("spacing", &["medication", "hours", "spacing_text"]),
    ("depletion", &["medication", "medication_text"]),
    ("age_unknown", &[]),
    (
        "patient_view",
        &["triage", "decision", "plan_summary", "disclaimer"],
    ),
    ("lower_dose", &["dose", "elemental_mg"]),
    ("remove_order", &[]),
    ("intake", &[]),
    ("hours", &["hours_before", "hours_after"]),
    (
        "dose",
        &[
            "product",
            "compound_mg",
            "form",
            "elemental_mg",
            "doses_per_day",
        ],
    ),
    ("taken", &["form", "elemental_mg"]),
];

/// The longest a filled number is taken to be when summaries are checked
/// (`99999.5`); longer values are cut at fill time.
const NUMBER_CHARS: usize = 7;

/// A summary's length limit (CDS Hooks: under 140 characters).
pub const SUMMARY_MAX_CHARS: usize = 139;

/// The service's data, checked.
#[derive(Debug, Clone)]
pub struct CdsData {
    codes: Vec<CodeRow>,
    by_code: HashMap<(String, String), usize>,
    /// The label of every card's source.
    pub source_label: String,
    /// Decision words.
    pub decision: Decisions,
    /// Triage words.
    pub triage: Triages,
    /// Spacing hours.
    pub hours: Hours,
    /// Dose words.
    pub dose: DoseWords,
    /// Every card's words.
    pub cards: Cards,
    version: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CodesFile {
    code: Vec<RawCode>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCode {
    system: String,
    code: String,
    display: String,
    means: String,
    source: String,
    url: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CardsFile {
    source_label: String,
    decision: Decisions,
    triage: Triages,
    card: Vec<CardText>,
    hours: Hours,
    dose: DoseWords,
    suggestion: Vec<Labelled>,
    link: Vec<Labelled>,
}

impl CdsData {
    /// The built-in tables, checked against `content`.
    ///
    /// # Errors
    /// Every problem in either file, each with its file, row and field.
    pub fn embedded(content: &Content) -> Result<CdsData, ContentErrors> {
        CdsData::parse(CODES_TEXT, CARDS_TEXT, content)
    }

    /// Tables from text, checked against `content`.
    ///
    /// # Errors
    /// A TOML or shape error naming the file and position, or else every
    /// validation problem (an unknown system, a malformed code, a duplicate,
    /// a `means` that names nothing in the content, a missing source, a
    /// missing or unknown card, an unknown placeholder, a summary that can
    /// pass 139 characters).
    pub fn parse(codes: &str, cards: &str, content: &Content) -> Result<CdsData, ContentErrors> {
        let (codes_text, cards_text) = (codes, cards);
        let codes_file: Result<CodesFile, _> = toml::from_str(codes);
        let cards_file: Result<CardsFile, _> = toml::from_str(cards);
        let (codes_file, cards_file) = match (codes_file, cards_file) {
            (Ok(a), Ok(b)) => (a, b),
            (a, b) => {
                let mut errors = Vec::new();
                if let Err(e) = a {
                    errors.push(ContentError::file(CODES_FILE, toml_message(&e)));
                }
                if let Err(e) = b {
                    errors.push(ContentError::file(CARDS_FILE, toml_message(&e)));
                }
                return Err(ContentErrors(errors));
            }
        };
        let mut errors = Vec::new();
        let codes = check_codes(codes_file.code, content, &mut errors);
        let cards = check_cards(&cards_file, content, &mut errors);
        match cards {
            Some(cards) if errors.is_empty() => {
                let by_code = codes
                    .iter()
                    .enumerate()
                    .map(|(i, r)| ((r.system.clone(), r.code.clone()), i))
                    .collect();
                Ok(CdsData {
                    codes,
                    by_code,
                    source_label: cards_file.source_label,
                    decision: cards_file.decision,
                    triage: cards_file.triage,
                    hours: cards_file.hours,
                    dose: cards_file.dose,
                    cards,
                    version: cds_version(content.version(), codes_text, cards_text),
                })
            }
            _ => Err(ContentErrors(errors)),
        }
    }

    /// The version of what the cards are made from: the content version and
    /// both CDS tables, hashed as the content version hashes its files
    /// (`"<content semver>+<12 hex digits>"`). The content version itself
    /// does not cover the CDS tables: plans do not read them, so editing a
    /// card's words or a code row changes this version and not every plan's.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The row for a code in a system, if listed.
    pub fn code(&self, system: &str, code: &str) -> Option<&CodeRow> {
        self.by_code
            .get(&(system.to_owned(), code.to_owned()))
            .and_then(|&i| self.codes.get(i))
    }

    /// Every row, in file order.
    pub fn codes(&self) -> &[CodeRow] {
        &self.codes
    }
}

fn toml_message(e: &toml::de::Error) -> String {
    e.message().to_owned()
        + &e.span()
            .map(|s| format!(" (at byte `{}`)", s.start))
            .unwrap_or_default()
}

fn row_item(i: usize) -> String {
    format!("code[{i}]")
}

fn check_codes(
    rows: Vec<RawCode>,
    content: &Content,
    errors: &mut Vec<ContentError>,
) -> Vec<CodeRow> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(rows.len());
    for (i, row) in rows.into_iter().enumerate() {
        let at = |field: &str, message: String| {
            ContentError::at(CODES_FILE, row_item(i), field, message)
        };
        let before = errors.len();
        if !SYSTEMS.contains(&row.system.as_str()) {
            errors.push(at(
                "system",
                format!(
                    "unknown system `{}`, expected one of {}",
                    row.system,
                    SYSTEMS.join(", ")
                ),
            ));
        } else if let Err(expected) = code_shape(&row.system, &row.code) {
            errors.push(at(
                "code",
                format!(
                    "`{}` is not a code of `{}`: expected {expected}",
                    row.code, row.system
                ),
            ));
        }
        if !seen.insert((row.system.clone(), row.code.clone())) {
            errors.push(at(
                "code",
                format!("duplicate code `{}` in `{}`", row.code, row.system),
            ));
        }
        for (field, value) in [("display", &row.display), ("source", &row.source)] {
            if value.trim().is_empty() {
                errors.push(at(field, "must not be empty".to_owned()));
            }
        }
        if !(row.url.starts_with("https://") || row.url.starts_with("http://")) {
            errors.push(at("url", format!("`{}` is not an http(s) url", row.url)));
        }
        let means = concept(&row.means, content).map_err(|m| errors.push(at("means", m)));
        if let (Ok(means), true) = (means, errors.len() == before) {
            out.push(CodeRow {
                system: row.system,
                code: row.code,
                display: row.display,
                means,
                source: row.source,
                url: row.url,
            });
        }
    }
    out
}

/// What a code of `system` looks like.
fn code_shape(system: &str, code: &str) -> Result<(), &'static str> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let ok = match system {
        "http://snomed.info/sct" => {
            digits(code) && (6..=18).contains(&code.len()) && !code.starts_with('0')
        }
        "http://loinc.org" => code.split_once('-').is_some_and(|(n, check)| {
            digits(n) && n.len() <= 6 && check.len() == 1 && digits(check)
        }),
        "http://www.nlm.nih.gov/research/umls/rxnorm" => digits(code) && code.len() <= 8,
        "http://www.whocc.no/atc" => {
            let b = code.as_bytes();
            code.len() == 7
                && b.iter().enumerate().all(|(i, c)| match i {
                    0 | 3 | 4 => c.is_ascii_uppercase(),
                    _ => c.is_ascii_digit(),
                })
        }
        _ => {
            let (head, tail) = code.split_once('.').unwrap_or((code, ""));
            let h = head.as_bytes();
            head.len() == 3
                && h.first().is_some_and(u8::is_ascii_uppercase)
                && h.iter().skip(1).all(u8::is_ascii_digit)
                && tail.len() <= 4
                && tail.bytes().all(|b| b.is_ascii_alphanumeric())
        }
    };
    if ok {
        return Ok(());
    }
    Err(match system {
        "http://snomed.info/sct" => "6 to 18 digits, not starting with 0",
        "http://loinc.org" => "digits, a hyphen and one check digit (`19123-9`)",
        "http://www.nlm.nih.gov/research/umls/rxnorm" => "up to 8 digits",
        "http://www.whocc.no/atc" => "a level-5 code such as `A12CC10`",
        _ => "a letter, two digits and an optional dotted part (`N18.4`)",
    })
}

fn concept(means: &str, content: &Content) -> Result<Concept, String> {
    let expected = "expected `condition:ID`, `medication:ID`, `form:ID`, `finding:cramps`, `finding:pregnancy`, `lab:magnesium`, `lab:potassium` or `lab:egfr`";
    let Some((kind, id)) = means.split_once(':') else {
        return Err(format!("`{means}`: {expected}"));
    };
    let known = |found: bool, file: &str| {
        if found {
            Ok(())
        } else {
            Err(format!("`{means}`: no `{id}` in {file}"))
        }
    };
    match kind {
        "condition" => known(content.condition(id).is_some(), "conditions.toml")
            .map(|()| Concept::Condition(id.to_owned())),
        "medication" => known(content.medication(id).is_some(), "medications.toml")
            .map(|()| Concept::Medication(id.to_owned())),
        "form" => {
            known(content.form(id).is_some(), "forms.toml").map(|()| Concept::Form(id.to_owned()))
        }
        "finding" => match id {
            "cramps" => Ok(Concept::Finding(Finding::Cramps)),
            "pregnancy" => Ok(Concept::Finding(Finding::Pregnancy)),
            _ => Err(format!("`{means}`: {expected}")),
        },
        "lab" => match id {
            "magnesium" => Ok(Concept::Lab(Lab::Magnesium)),
            "potassium" => Ok(Concept::Lab(Lab::Potassium)),
            "egfr" => Ok(Concept::Lab(Lab::Egfr)),
            _ => Err(format!("`{means}`: {expected}")),
        },
        _ => Err(format!("`{means}`: {expected}")),
    }
}

/// The `{name}` placeholders of a template, in order.
///
/// # Errors
/// A message naming the template when a `{` is not closed.
pub fn placeholders(template: &str) -> Result<Vec<&str>, String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = rest.get(open + 1..).unwrap_or("");
        let Some(close) = after.find('}') else {
            return Err(format!("unclosed `{{` in `{template}`"));
        };
        out.push(after.get(..close).unwrap_or(""));
        rest = after.get(close + 1..).unwrap_or("");
    }
    Ok(out)
}

/// Fills `{name}` placeholders from `values`; a name without a value stays
/// as written (load checks make that impossible for the built-in words).
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(rest.get(..open).unwrap_or(""));
        let after = rest.get(open + 1..).unwrap_or("");
        let Some(close) = after.find('}') else {
            break;
        };
        let name = after.get(..close).unwrap_or("");
        match values.iter().find(|(n, _)| *n == name) {
            Some((_, v)) => out.push_str(v),
            None => {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
        }
        rest = after.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

fn allowed(id: &str) -> &'static [&'static str] {
    PLACEHOLDERS
        .iter()
        .find(|(k, _)| *k == id)
        .map_or(&[], |(_, v)| *v)
}

/// The longest value a summary placeholder can take.
fn longest(name: &str, file: &CardsFile, content: &Content) -> usize {
    let max = |it: &mut dyn Iterator<Item = usize>| it.max().unwrap_or(0);
    match name {
        "condition" => max(&mut content.conditions().iter().map(|c| c.name.chars().count())),
        "medication" => max(&mut content.medications().iter().map(|m| m.name.chars().count())),
        "triage" => {
            let t = &file.triage;
            max(&mut [&t.self_care, &t.clinician, &t.urgent, &t.emergency]
                .iter()
                .map(|s| s.chars().count()))
        }
        "decision" => {
            let d = &file.decision;
            max(&mut [&d.suggested, &d.clinician_first, &d.not_advised]
                .iter()
                .map(|s| s.chars().count()))
        }
        "hours" => {
            let h = &file.hours;
            let two = [("hours_before", "24"), ("hours_after", "24")];
            max(&mut [&h.both, &h.before, &h.after]
                .iter()
                .map(|s| fill(s, &two).chars().count()))
        }
        "jurisdiction" => 2,
        _ => NUMBER_CHARS,
    }
}

fn check_template(
    file_data: &CardsFile,
    content: &Content,
    item: &str,
    field: &str,
    template: &str,
    is_summary: bool,
    errors: &mut Vec<ContentError>,
) {
    let names = match placeholders(template) {
        Ok(names) => names,
        Err(m) => {
            errors.push(ContentError::at(CARDS_FILE, item, field, m));
            return;
        }
    };
    let accepted = allowed(item);
    for name in &names {
        if !accepted.contains(name) {
            errors.push(ContentError::at(
                CARDS_FILE,
                item,
                field,
                format!(
                    "unknown placeholder `{{{name}}}`, expected one of: {}",
                    if accepted.is_empty() {
                        "none".to_owned()
                    } else {
                        accepted.join(", ")
                    }
                ),
            ));
        }
    }
    if is_summary {
        let filled: Vec<(&str, String)> = names
            .iter()
            .map(|n| (*n, "x".repeat(longest(n, file_data, content))))
            .collect();
        let pairs: Vec<(&str, &str)> = filled.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let len = fill(template, &pairs).chars().count();
        if len > SUMMARY_MAX_CHARS {
            errors.push(ContentError::at(
                CARDS_FILE,
                item,
                field,
                format!("can reach `{len}` characters with its longest values, more than `{SUMMARY_MAX_CHARS}`"),
            ));
        }
    }
}

fn check_cards(
    file: &CardsFile,
    content: &Content,
    errors: &mut Vec<ContentError>,
) -> Option<Cards> {
    let mut ids = HashSet::new();
    for card in &file.card {
        if !ids.insert(card.id.as_str()) {
            errors.push(ContentError::at(
                CARDS_FILE,
                card.id.as_str(),
                "id",
                format!("duplicate card `{}`", card.id),
            ));
        }
        if !PLACEHOLDERS.iter().any(|(k, _)| *k == card.id) {
            errors.push(ContentError::at(
                CARDS_FILE,
                card.id.as_str(),
                "id",
                format!("unknown card `{}`", card.id),
            ));
            continue;
        }
        check_template(
            file,
            content,
            &card.id,
            "summary",
            &card.summary,
            true,
            errors,
        );
        check_template(
            file,
            content,
            &card.id,
            "detail",
            &card.detail,
            false,
            errors,
        );
    }
    for l in file.suggestion.iter().chain(&file.link) {
        check_template(file, content, &l.id, "label", &l.label, true, errors);
    }
    for (field, text) in [
        ("both", &file.hours.both),
        ("before", &file.hours.before),
        ("after", &file.hours.after),
    ] {
        check_template(file, content, "hours", field, text, false, errors);
    }
    let d = &file.dose;
    for (item, field, text) in [
        ("dose", "text", &d.text),
        ("dose", "no_timing", &d.no_timing),
        ("taken", "taken_item", &d.taken_item),
        ("taken", "taken_unknown", &d.taken_unknown),
        ("dose", "once_a_day", &d.once_a_day),
        ("dose", "times_a_day", &d.times_a_day),
    ] {
        check_template(file, content, item, field, text, false, errors);
    }
    if file.source_label.trim().is_empty() {
        errors.push(ContentError::file(
            CARDS_FILE,
            "source_label: must not be empty",
        ));
    }
    let card = |id: &str, errors: &mut Vec<ContentError>| {
        let found = file.card.iter().find(|c| c.id == id).cloned();
        if found.is_none() {
            errors.push(ContentError::file(
                CARDS_FILE,
                format!("missing card `{id}`"),
            ));
        }
        found
    };
    let labelled = |list: &[Labelled], kind: &str, id: &str, errors: &mut Vec<ContentError>| {
        let found = list.iter().find(|c| c.id == id).cloned();
        if found.is_none() {
            errors.push(ContentError::file(
                CARDS_FILE,
                format!("missing {kind} `{id}`"),
            ));
        }
        found
    };
    let cards = (
        card("contract_condition", errors),
        card("pregnancy", errors),
        card("clinician_first", errors),
        card("dose_above_limit", errors),
        card("dose_adds_to_taken", errors),
        card("dose_unknown", errors),
        card("spacing", errors),
        card("depletion", errors),
        card("age_unknown", errors),
        card("patient_view", errors),
        labelled(&file.suggestion, "suggestion", "lower_dose", errors),
        labelled(&file.suggestion, "suggestion", "remove_order", errors),
        labelled(&file.link, "link", "intake", errors),
    );
    match cards {
        (
            Some(contract_condition),
            Some(pregnancy),
            Some(clinician_first),
            Some(dose_above_limit),
            Some(dose_adds_to_taken),
            Some(dose_unknown),
            Some(spacing),
            Some(depletion),
            Some(age_unknown),
            Some(patient_view),
            Some(lower_dose),
            Some(remove_order),
            Some(intake_link),
        ) => Some(Cards {
            contract_condition,
            pregnancy,
            clinician_first,
            dose_above_limit,
            dose_adds_to_taken,
            dose_unknown,
            spacing,
            depletion,
            age_unknown,
            patient_view,
            lower_dose,
            remove_order,
            intake_link,
        }),
        _ => None,
    }
}

/// [`CdsData::version`] of the tables' texts over `content_version`.
fn cds_version(content_version: &str, codes: &str, cards: &str) -> String {
    let semver = content_version.split('+').next().unwrap_or(content_version);
    crate::version::version(
        semver,
        &[
            ("content", content_version.to_owned()),
            (CODES_FILE, codes.to_owned()),
            (CARDS_FILE, cards.to_owned()),
        ],
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    fn content() -> Content {
        Content::embedded().unwrap()
    }

    fn errors(codes: &str, cards: &str) -> Vec<String> {
        CdsData::parse(codes, cards, &content())
            .unwrap_err()
            .0
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn built_in_tables_load() {
        let data = CdsData::embedded(&content()).unwrap();
        assert!(data.codes().len() > 20);
        let egfr = data.code("http://loinc.org", "62238-1").unwrap();
        assert_eq!(egfr.means, Concept::Lab(Lab::Egfr));
        assert_eq!(data.cards.contract_condition.indicator, Indicator::Critical);
    }

    #[test]
    fn the_cds_version_covers_both_tables_and_the_content() {
        let content = content();
        let data = CdsData::embedded(&content).unwrap();
        let v = data.version();
        let semver = content.version().split('+').next().unwrap();
        assert!(v.starts_with(&format!("{semver}+")), "{v}");
        assert_ne!(v, content.version());
        // A change to either table (a comment, even) is a new version.
        let codes = format!("{CODES_TEXT}\n# edited\n");
        let cards = format!("{CARDS_TEXT}\n# edited\n");
        let edited_codes = CdsData::parse(&codes, CARDS_TEXT, &content).unwrap();
        let edited_cards = CdsData::parse(CODES_TEXT, &cards, &content).unwrap();
        assert_ne!(edited_codes.version(), v);
        assert_ne!(edited_cards.version(), v);
        assert_ne!(edited_codes.version(), edited_cards.version());
        assert_eq!(
            CdsData::parse(CODES_TEXT, CARDS_TEXT, &content)
                .unwrap()
                .version(),
            v
        );
        // And so is other content under the same tables.
        assert_ne!(cds_version("1.0.0+000000000000", CODES_TEXT, CARDS_TEXT), v);
    }

    #[test]
    fn bad_rows_are_named() {
        let codes = r#"
[[code]]
system = "http://snomed.info/sct"
code = "12ab"
display = "x"
means = "condition:kidney"
source = ""
url = "ftp://x"

[[code]]
system = "urn:local"
code = "1"
display = "x"
means = "lab:sodium"
source = "s"
url = "https://x"
"#;
        let got = errors(codes, CARDS_TEXT);
        assert_eq!(
            got,
            [
                "cds_codes.toml: code[0].code: `12ab` is not a code of `http://snomed.info/sct`: expected 6 to 18 digits, not starting with 0",
                "cds_codes.toml: code[0].source: must not be empty",
                "cds_codes.toml: code[0].url: `ftp://x` is not an http(s) url",
                "cds_codes.toml: code[0].means: `condition:kidney`: no `kidney` in conditions.toml",
                "cds_codes.toml: code[1].system: unknown system `urn:local`, expected one of http://snomed.info/sct, http://hl7.org/fhir/sid/icd-10-cm, http://hl7.org/fhir/sid/icd-10, http://loinc.org, http://www.nlm.nih.gov/research/umls/rxnorm, http://www.whocc.no/atc",
                "cds_codes.toml: code[1].means: `lab:sodium`: expected `condition:ID`, `medication:ID`, `form:ID`, `finding:cramps`, `finding:pregnancy`, `lab:magnesium`, `lab:potassium` or `lab:egfr`",
            ]
        );
    }

    #[test]
    fn duplicates_and_unknown_fields() {
        let row = "[[code]]\nsystem = \"http://loinc.org\"\ncode = \"19123-9\"\ndisplay = \"x\"\nmeans = \"lab:magnesium\"\nsource = \"s\"\nurl = \"https://x\"\n";
        let got = errors(&format!("{row}{row}"), CARDS_TEXT);
        assert_eq!(
            got,
            ["cds_codes.toml: code[1].code: duplicate code `19123-9` in `http://loinc.org`"]
        );
        let got = errors(&format!("{row}colour = 1\n"), CARDS_TEXT);
        assert!(
            got[0].starts_with("cds_codes.toml: unknown field `colour`"),
            "{got:?}"
        );
    }

    #[test]
    fn card_words_are_checked() {
        let long = "x".repeat(130);
        let cards = CARDS_TEXT
            .replace(
                "Magnesium order in pregnancy: a clinician-first decision",
                &"y".repeat(140),
            )
            .replace(
                "Space magnesium from {medication}: {hours}",
                &format!("{long} {{medication}}"),
            )
            .replace("id = \"age_unknown\"", "id = \"age_unknwn\"");
        let got = errors(CODES_TEXT, &cards);
        assert!(got.contains(&"cds_cards.toml: pregnancy.summary: can reach `140` characters with its longest values, more than `139`".to_owned()), "{got:?}");
        assert!(
            got.iter()
                .any(|e| e.starts_with("cds_cards.toml: spacing.summary: can reach")),
            "{got:?}"
        );
        assert!(
            got.contains(&"cds_cards.toml: age_unknwn.id: unknown card `age_unknwn`".to_owned()),
            "{got:?}"
        );
        assert!(
            got.contains(&"cds_cards.toml: missing card `age_unknown`".to_owned()),
            "{got:?}"
        );
        let cards = CARDS_TEXT.replace("{condition_text}", "{condition_txt}");
        let got = errors(CODES_TEXT, &cards);
        assert_eq!(got, ["cds_cards.toml: contract_condition.detail: unknown placeholder `{condition_txt}`, expected one of: condition, condition_text, plan_reason"]);
    }

    #[test]
    fn fill_and_placeholders() {
        assert_eq!(placeholders("a {b} c {d}").unwrap(), ["b", "d"]);
        assert!(placeholders("a {b").is_err());
        assert_eq!(fill("a {b} {c}", &[("b", "1")]), "a 1 {c}");
    }
}
