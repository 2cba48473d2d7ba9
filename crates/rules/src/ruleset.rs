//! Rules as reviewable data: TOML files parsed, type-checked against the
//! profile fields and the content ids, and compiled once at load.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use crampwise_content::{Content, NoteKind, TimeOfDay};
use crampwise_expr::{Condition, Schema};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::number::usize_from;
use crate::plan::Status;

/// Largest rule file accepted, in bytes.
pub const MAX_RULE_FILE_BYTES: usize = 1 << 20;
/// Most rule files in one directory.
pub const MAX_RULE_FILES: usize = 64;
/// Most rules in one ruleset: every summary carries a bitset of this many
/// fired rules, so it is kept to what a reviewed ruleset could need (the
/// default has under 100).
pub const MAX_RULES: usize = 512;

/// The embedded default ruleset, file name and text: `ruleset.toml` first,
/// then by name, exactly the order [`Ruleset::from_dir`] reads a directory in,
/// so an exported copy loads to the same ruleset and version.
const EMBEDDED: &[(&str, &str)] = &[
    ("ruleset.toml", include_str!("../rules/ruleset.toml")),
    (
        "assumptions.toml",
        include_str!("../rules/assumptions.toml"),
    ),
    ("companions.toml", include_str!("../rules/companions.toml")),
    ("dose.toml", include_str!("../rules/dose.toml")),
    (
        "expectations.toml",
        include_str!("../rules/expectations.toml"),
    ),
    ("forms.toml", include_str!("../rules/forms.toml")),
    ("indication.toml", include_str!("../rules/indication.toml")),
    (
        "interactions.toml",
        include_str!("../rules/interactions.toml"),
    ),
    ("lifestyle.toml", include_str!("../rules/lifestyle.toml")),
    ("safety.toml", include_str!("../rules/safety.toml")),
    (
        "supplements_taken.toml",
        include_str!("../rules/supplements_taken.toml"),
    ),
    ("triage.toml", include_str!("../rules/triage.toml")),
];

/// What a rule is about; triage and safety rules are evaluated first and are
/// the only ones that may raise triage or restrict the supplement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Warning signs: raise the triage level.
    Triage,
    /// Who must not take a supplement, or only after a clinician.
    Safety,
    /// No reason for a supplement (no cramps, a gut complaint, diarrhoea):
    /// may make the supplement `not_advised` without raising triage.
    Indication,
    /// Which magnesium form.
    Form,
    /// When to take it.
    Timing,
    /// How much.
    Dose,
    /// Companion nutrients.
    Companion,
    /// Lifestyle measures.
    Lifestyle,
    /// Foods.
    Food,
    /// Cautions and stated assumptions.
    Caution,
    /// What to expect.
    Expectation,
}

impl Category {
    /// Triage and safety rules outrank the rest.
    pub fn is_safety(self) -> bool {
        matches!(self, Category::Triage | Category::Safety)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesetMeta {
    version: String,
    policy: RawPolicy,
}

/// [`Policy`] as written, with where each number is.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    split_above_mg: Spanned<f64>,
    round_to_mg: Spanned<f64>,
    min_dose_mg: Spanned<f64>,
    foods_listed: Spanned<usize>,
    forms_listed: Spanned<usize>,
}

impl RawPolicy {
    /// Each number with its key, value, span and allowed range, one a line.
    fn numbers(&self) -> [(&'static str, f64, std::ops::Range<usize>, f64, f64); 5] {
        let f = |s: &Spanned<f64>| (*s.get_ref(), s.span());
        // A count past u32::MAX is far outside every range here; infinity
        // keeps it outside.
        let n = |s: &Spanned<usize>| {
            let count = u32::try_from(*s.get_ref()).map_or(f64::INFINITY, f64::from);
            (count, s.span())
        };
        let row = |key, (value, span), min, max| (key, value, span, min, max);
        [
            row("split_above_mg", f(&self.split_above_mg), 0.0, 1000.0),
            row("round_to_mg", f(&self.round_to_mg), 1.0, 100.0),
            row("min_dose_mg", f(&self.min_dose_mg), 1.0, 100.0),
            row("foods_listed", n(&self.foods_listed), 0.0, 50.0),
            row("forms_listed", n(&self.forms_listed), 0.0, 50.0),
        ]
    }

    /// The policy, or an error for each number out of its range.
    fn check(&self, file: &str, text: &str) -> Result<Policy, Vec<RuleError>> {
        let mut errors = Vec::new();
        for (key, value, span, min, max) in self.numbers() {
            if !(min..=max).contains(&value) {
                let (line, column) = line_col(text, span.start);
                let written = text.get(span).unwrap_or("?");
                errors.push(RuleError {
                    file: file.to_owned(),
                    line,
                    column,
                    rule: None,
                    position: None,
                    message: format!(
                        "policy.{key}: expected a number from {min} to {max}, got {}",
                        crampwise_content::read::quoted(written)
                    ),
                });
            }
        }
        let policy = Policy {
            split_above_mg: *self.split_above_mg.get_ref(),
            round_to_mg: *self.round_to_mg.get_ref(),
            min_dose_mg: *self.min_dose_mg.get_ref(),
            foods_listed: *self.foods_listed.get_ref(),
            forms_listed: *self.forms_listed.get_ref(),
        };
        if errors.is_empty() && policy.min_dose_mg < policy.round_to_mg {
            let (line, column) = line_col(text, self.min_dose_mg.span().start);
            errors.push(RuleError {
                file: file.to_owned(),
                line,
                column,
                rule: None,
                position: None,
                message: format!(
                    "policy.min_dose_mg: expected at least `round_to_mg` ({}), got `{}`",
                    policy.round_to_mg, policy.min_dose_mg
                ),
            });
        }
        if errors.is_empty() {
            Ok(policy)
        } else {
            Err(errors)
        }
    }
}

/// Numbers the engine applies to every plan, reviewable with the rules.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Split the daily target into two doses above this many mg.
    pub split_above_mg: f64,
    /// Doses are rounded down to a multiple of this many mg.
    pub round_to_mg: f64,
    /// Below this many mg a day no supplement is scheduled.
    pub min_dose_mg: f64,
    /// How many foods to list.
    pub foods_listed: usize,
    /// How many forms to list.
    pub forms_listed: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    title: String,
    category: Category,
    when: Spanned<String>,
    claims: Vec<Spanned<String>>,
    #[serde(default)]
    rationale: Option<String>,
    #[serde(default)]
    red_flag: Option<Spanned<String>>,
    #[serde(default)]
    status: Option<Spanned<Status>>,
    #[serde(default)]
    status_note: Option<Spanned<String>>,
    #[serde(default)]
    suggested_note: Option<Spanned<String>>,
    #[serde(default)]
    prefer: BTreeMap<String, Spanned<i32>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    time: BTreeMap<String, TimeOfDay>,
    #[serde(default)]
    target_mg: Option<Spanned<f64>>,
    #[serde(default)]
    start_mg: Option<Spanned<f64>>,
    #[serde(default)]
    split: bool,
    #[serde(default)]
    avoid_morning: bool,
    #[serde(default)]
    interactions: Vec<Spanned<String>>,
    #[serde(default)]
    companions: Vec<Spanned<String>>,
    #[serde(default)]
    lifestyle: Vec<Spanned<String>>,
    #[serde(default)]
    foods: bool,
    #[serde(default)]
    cautions: Vec<Spanned<String>>,
    #[serde(default)]
    expectations: Vec<Spanned<String>>,
    #[serde(default)]
    assumes: Vec<Spanned<String>>,
}

/// What a rule does when its condition is true.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Effects {
    /// Raise triage to this warning sign's level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub red_flag: Option<String>,
    /// Restrict the supplement (never loosen).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<(Status, String)>,
    /// The status note to give as the reason while a supplement is still
    /// suggested (an honest headline); the first fired wins.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggested_note: Option<String>,
    /// Add to form scores.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub prefer: Vec<(String, i32)>,
    /// Remove forms.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
    /// Preferred time for a form.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub time: Vec<(String, TimeOfDay)>,
    /// Cap the daily target, mg (the lowest wins).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_mg: Option<f64>,
    /// Cap the starting dose, mg (the lowest wins).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_mg: Option<f64>,
    /// Split the daily amount into two doses.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub split: bool,
    /// Keep doses away from the morning (medicines taken on waking).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub avoid_morning: bool,
    /// Medication ids whose interaction advice applies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub interactions: Vec<String>,
    /// Companion ids.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub companions: Vec<String>,
    /// Lifestyle measure ids.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lifestyle: Vec<String>,
    /// List foods that close the gap.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub foods: bool,
    /// Caution note ids.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cautions: Vec<String>,
    /// Expectation note ids.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expectations: Vec<String>,
    /// Assumption note ids.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assumes: Vec<String>,
}

/// One compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Unique id.
    pub id: String,
    /// Short title for reviewers.
    pub title: String,
    /// What it is about.
    pub category: Category,
    /// The condition as written.
    pub when: String,
    /// The compiled condition.
    pub condition: Condition,
    /// Claim ids that back it.
    pub claims: Vec<String>,
    /// Why the rule exists, for reviewers.
    pub rationale: Option<String>,
    /// What it does.
    pub effects: Effects,
    /// File it came from.
    pub file: String,
    /// Line of its `id`.
    pub line: usize,
}

/// A loaded, checked ruleset.
#[derive(Debug, Clone)]
pub struct Ruleset {
    rules: Vec<Rule>,
    policy: Policy,
    version: String,
}

/// One problem in a rule file: where, which rule, what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// File name.
    pub file: String,
    /// 1-based line, 0 when unknown.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub column: usize,
    /// Rule id, when known.
    pub rule: Option<String>,
    /// Which `[[rule]]` of the file (1-based), when the problem is in one:
    /// how a rule without a readable `id` is named.
    pub position: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        match (&self.rule, self.position) {
            (Some(rule), _) => write!(f, ": rule `{rule}`")?,
            (None, Some(n)) => write!(f, ": rule {n} (no id)")?,
            (None, None) => {}
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found while loading rules.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct RuleErrors(pub Vec<RuleError>);

impl std::fmt::Display for RuleErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

/// Where each line of a file starts, to find the lines of many rules
/// without scanning the file from the start for each.
struct LineStarts(Vec<usize>);

impl LineStarts {
    fn new(text: &str) -> LineStarts {
        LineStarts(text.match_indices('\n').map(|(i, _)| i).collect())
    }

    /// The line (from 1) holding byte `offset`, as [`line_col`] counts it.
    fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&newline| newline < offset) + 1
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rfind('\n').map_or(offset, |nl| offset - nl - 1) + 1;
    (line, column)
}

/// Where the text of a TOML string value starts, given the span of the value.
fn string_content_start(text: &str, span_start: usize) -> usize {
    let rest = text.get(span_start..).unwrap_or("");
    let quote = if rest.starts_with("'''") || rest.starts_with("\"\"\"") {
        3
    } else {
        1
    };
    let mut start = span_start + quote;
    if quote == 3 {
        if text.get(start..).is_some_and(|r| r.starts_with("\r\n")) {
            start += 2;
        } else if text.get(start..).is_some_and(|r| r.starts_with('\n')) {
            start += 1;
        }
    }
    start
}

struct FileCheck<'a> {
    file: &'a str,
    text: &'a str,
    rule: String,
    position: usize,
    errors: &'a mut Vec<RuleError>,
}

impl FileCheck<'_> {
    fn at(&mut self, offset: usize, message: String) {
        let (line, column) = line_col(self.text, offset);
        self.errors.push(RuleError {
            file: self.file.to_owned(),
            line,
            column,
            rule: Some(self.rule.clone()),
            position: Some(self.position),
            message,
        });
    }

    fn ids(
        &mut self,
        what: &str,
        ids: &[Spanned<String>],
        exists: impl Fn(&str) -> Result<(), String>,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for id in ids {
            match exists(id.get_ref()) {
                Ok(()) => out.push(id.get_ref().clone()),
                Err(why) => self.at(id.span().start, format!("{what}: `{}` {why}", id.get_ref())),
            }
        }
        out
    }
}

fn found(ok: bool, collection: &str) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(format!("is not an id in the content's {collection}"))
    }
}

fn note_of(content: &Content, id: &str, kind: NoteKind) -> Result<(), String> {
    match content.note(id) {
        Some(n) if n.kind == kind => Ok(()),
        Some(n) => Err(format!(
            "is a note of kind `{}`; expected kind `{}`",
            n.kind.as_str(),
            kind.as_str()
        )),
        None => Err("is not an id in the content's notes".to_owned()),
    }
}

/// A rule as read, with what needs no content done: its condition compiled
/// against the profile fields, and its line.
struct ReadRule {
    position: usize,
    raw: RawRule,
    condition: Result<Condition, RuleError>,
    line: usize,
}

impl ReadRule {
    fn new(
        (position, raw): (usize, RawRule),
        file: &str,
        text: &str,
        lines: &LineStarts,
        schema: &Schema,
    ) -> ReadRule {
        let condition = Condition::compile(raw.when.get_ref(), schema).map_err(|e| {
            let when_start = string_content_start(text, raw.when.span().start);
            let (line, column) = line_col(text, when_start);
            let (e_line, e_column) = (usize_from(e.line), usize_from(e.column));
            let (line, column) = if e_line <= 1 {
                (line, column + e_column - 1)
            } else {
                (line + e_line - 1, e_column)
            };
            RuleError {
                file: file.to_owned(),
                line,
                column,
                rule: Some(raw.id.get_ref().clone()),
                position: Some(position),
                message: format!("when: {}", e.message),
            }
        });
        let line = lines.line(raw.id.span().start);
        ReadRule {
            position,
            raw,
            condition,
            line,
        }
    }
}

fn compile_rule(
    read: ReadRule,
    file: &str,
    text: &str,
    content: &Content,
    errors: &mut Vec<RuleError>,
) -> Option<Rule> {
    let ReadRule {
        position,
        raw,
        condition,
        line,
    } = read;
    let before = errors.len();
    let id = raw.id.get_ref().clone();
    let id_offset = raw.id.span().start;
    let mut check = FileCheck {
        file,
        text,
        rule: id.clone(),
        position,
        errors,
    };
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        check.at(id_offset, format!("id `{id}` must be lowercase snake_case"));
    }
    let condition = match condition {
        Ok(c) => Some(c),
        Err(e) => {
            check.errors.push(e);
            None
        }
    };
    if raw.claims.is_empty() {
        check.at(id_offset, "needs at least one claim in `claims`".to_owned());
    }
    let claims = check.ids("claims", &raw.claims, |c| {
        found(content.claim(c).is_some(), "claims")
    });
    let red_flag = raw.red_flag.as_ref().and_then(|r| {
        check
            .ids("red_flag", std::slice::from_ref(r), |c| {
                found(content.red_flag(c).is_some(), "red flags")
            })
            .into_iter()
            .next()
    });
    let status = match (&raw.status, &raw.status_note) {
        (Some(s), Some(note)) => {
            if *s.get_ref() == Status::Suggested {
                check.at(s.span().start, "status: rules may only restrict the supplement (`clinician_first` or `not_advised`)".to_owned());
            }
            let note = check.ids("status_note", std::slice::from_ref(note), |n| {
                note_of(content, n, NoteKind::Status)
            });
            note.into_iter().next().map(|n| (*s.get_ref(), n))
        }
        (Some(s), None) => {
            check.at(s.span().start, "status needs a `status_note`".to_owned());
            None
        }
        (None, Some(n)) => {
            check.at(n.span().start, "status_note needs a `status`".to_owned());
            None
        }
        (None, None) => None,
    };
    let indication = raw.category == Category::Indication;
    let not_advised_only = matches!(status, Some((Status::NotAdvised, _)));
    if red_flag.is_some() && !raw.category.is_safety() {
        check.at(
            id_offset,
            format!(
                "only `triage` and `safety` rules may raise triage; this one is `{}`",
                raw.category.as_str()
            ),
        );
    }
    if status.is_some() && !raw.category.is_safety() && !(indication && not_advised_only) {
        check.at(
            id_offset,
            format!(
                "only `triage` and `safety` rules may restrict the supplement, and `indication` rules only to `not_advised`; this one is `{}`",
                raw.category.as_str()
            ),
        );
    }
    let suggested_note = raw.suggested_note.as_ref().and_then(|n| {
        check
            .ids("suggested_note", std::slice::from_ref(n), |n| {
                note_of(content, n, NoteKind::Status)
            })
            .into_iter()
            .next()
    });
    if status.is_some() && red_flag.is_none() && !indication {
        check.at(
            id_offset,
            "a rule that restricts the supplement must also name a `red_flag`, so triage rises to at least `clinician` with the reason named".to_owned(),
        );
    }
    let form_ok = |f: &str| found(content.form(f).is_some(), "forms");
    let mut prefer = Vec::new();
    for (form, score) in &raw.prefer {
        match form_ok(form) {
            Ok(()) => prefer.push((form.clone(), *score.get_ref())),
            Err(why) => check.at(score.span().start, format!("prefer: `{form}` {why}")),
        }
    }
    let exclude = check.ids("exclude", &raw.exclude, form_ok);
    let mut time = Vec::new();
    for (form, t) in &raw.time {
        match form_ok(form) {
            Ok(()) => time.push((form.clone(), *t)),
            Err(why) => check.at(id_offset, format!("time: `{form}` {why}")),
        }
    }
    for (what, v) in [("target_mg", &raw.target_mg), ("start_mg", &raw.start_mg)] {
        if let Some(v) = v {
            if !(v.get_ref().is_finite() && *v.get_ref() >= 0.0) {
                check.at(
                    v.span().start,
                    format!(
                        "{what}: expected a number of mg from 0 up, got `{}`",
                        v.get_ref()
                    ),
                );
            }
        }
    }
    let interactions = check.ids("interactions", &raw.interactions, |m| {
        found(content.medication(m).is_some(), "medications")
    });
    let companions = check.ids("companions", &raw.companions, |c| {
        match content.companion(c) {
            Some(comp) if !comp.suggest => Err("is never suggested".to_owned()),
            Some(_) => Ok(()),
            None => Err("is not an id in the content's companions".to_owned()),
        }
    });
    let lifestyle = check.ids("lifestyle", &raw.lifestyle, |m| {
        found(content.measure(m).is_some(), "lifestyle measures")
    });
    let cautions = check.ids("cautions", &raw.cautions, |n| {
        note_of(content, n, NoteKind::Caution)
    });
    let expectations = check.ids("expectations", &raw.expectations, |n| {
        note_of(content, n, NoteKind::Expectation)
    });
    let assumes = check.ids("assumes", &raw.assumes, |n| {
        note_of(content, n, NoteKind::Assumption)
    });
    let effects = Effects {
        red_flag,
        status,
        suggested_note,
        prefer,
        exclude,
        time,
        target_mg: raw.target_mg.map(|v| *v.get_ref()),
        start_mg: raw.start_mg.map(|v| *v.get_ref()),
        split: raw.split,
        avoid_morning: raw.avoid_morning,
        interactions,
        companions,
        lifestyle,
        foods: raw.foods,
        cautions,
        expectations,
        assumes,
    };
    if effects == Effects::default() {
        check.at(id_offset, "has no effect".to_owned());
    }
    if errors.len() > before {
        return None;
    }
    Some(Rule {
        id,
        title: raw.title,
        category: raw.category,
        when: raw.when.into_inner(),
        condition: condition?,
        claims,
        rationale: raw.rationale,
        effects,
        file: file.to_owned(),
        line,
    })
}

/// A TOML syntax error: the file fails as a whole, no rule is read.
fn toml_error(file: &str, text: &str, e: &toml::de::Error) -> RuleError {
    let (line, column) = e.span().map_or((0, 0), |s| line_col(text, s.start));
    RuleError {
        file: file.to_owned(),
        line,
        column,
        rule: None,
        position: None,
        message: match e.message().trim_end_matches('.') {
            "duplicate key" => format!(
                "duplicate key {}: each key may appear once in a table",
                crampwise_content::read::quoted(e.span().and_then(|s| text.get(s)).unwrap_or("?"))
            ),
            m => m.to_owned(),
        },
    }
}

/// The key path serde was reading (`prefer.glycinate`, `claims[0]`; empty
/// at the top), without the private keys of `Spanned`.
fn key_path(path: &serde_path_to_error::Path) -> String {
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            serde_path_to_error::Segment::Map { key } if !key.starts_with("$__") => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&crampwise_content::read::excerpt(key));
            }
            serde_path_to_error::Segment::Enum { variant } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&crampwise_content::read::excerpt(variant));
            }
            _ => {}
        }
    }
    out
}

/// Where a value does not fit its key, in a rule editor's words:
/// `target_mg: expected a number, got `"150"``, the key path first (an
/// unknown or missing key is named in the message, after the table that
/// holds it).
fn structure_error(
    file: &str,
    text: &str,
    e: serde_path_to_error::Error<toml::de::Error>,
    rule: Option<String>,
    position: Option<usize>,
) -> RuleError {
    let mut path = key_path(e.path());
    let e = e.into_inner();
    let span = e.span();
    let (line, column) = span.clone().map_or((0, 0), |s| line_col(text, s.start));
    let message = e.message().trim().trim_end_matches('.');
    let message = match message {
        // toml's words for an enum given something other than a string.
        "wanted string or table" => format!(
            "expected a string, got {}",
            crampwise_content::read::quoted(span.and_then(|s| text.get(s)).unwrap_or("?"))
        ),
        m => crate::messages::humanize_toml(m),
    };
    for prefix in ["unknown field `", "missing field `"] {
        if let Some(name) = message
            .strip_prefix(prefix)
            .and_then(|r| r.split('`').next())
        {
            if let Some(parent) = path.strip_suffix(name) {
                path = parent.trim_end_matches('.').to_owned();
            }
        }
    }
    RuleError {
        file: file.to_owned(),
        line,
        column,
        rule,
        position,
        message: if path.is_empty() {
            message
        } else {
            format!("{path}: {message}")
        },
    }
}

/// The `[[rule]]` tables of a rule file, each read on its own with its
/// position in the file: a problem in one names that rule (its id, or its
/// position when it has none), and the other rules are still checked.
fn read_rules(file: &str, text: &str, errors: &mut Vec<RuleError>) -> Vec<(usize, RawRule)> {
    let (root, syntax) = DeTable::parse_recoverable(text);
    if let Some(e) = syntax.first() {
        // What was read up to the error tells which rule holds it.
        let mut error = toml_error(file, text, e);
        if let Some(offset) = e.span().map(|s| s.start) {
            let tables = root.get_ref().get("rule").map(|r| r.get_ref());
            if let Some(DeValue::Array(tables)) = tables {
                let holder = tables
                    .iter()
                    .enumerate()
                    .rfind(|(_, t)| t.span().start <= offset);
                if let Some((i, table)) = holder {
                    error.position = Some(i + 1);
                    error.rule = table
                        .get_ref()
                        .get("id")
                        .and_then(|id| id.get_ref().as_str())
                        .map(str::to_owned);
                }
            }
        }
        errors.push(error);
        return Vec::new();
    }
    let root = root.into_inner();
    let at = |offset: usize, message: String| {
        let (line, column) = line_col(text, offset);
        RuleError {
            file: file.to_owned(),
            line,
            column,
            rule: None,
            position: None,
            message,
        }
    };
    let mut rules = Vec::new();
    for (key, value) in root {
        if key.get_ref() != "rule" {
            errors.push(at(
                key.span().start,
                format!(
                    "unknown field {}; a rule file holds only `[[rule]]` tables",
                    crampwise_content::read::quoted(key.get_ref())
                ),
            ));
            continue;
        }
        let span = value.span();
        let tables = match value.into_inner() {
            DeValue::Array(tables) => tables,
            DeValue::Table(_) => {
                errors.push(at(
                    span.start,
                    "rule: expected `[[rule]]` tables, got a single `[rule]` table".to_owned(),
                ));
                continue;
            }
            _ => {
                let written = text.get(span.clone()).unwrap_or("?");
                errors.push(at(
                    span.start,
                    format!(
                        "rule: expected `[[rule]]` tables, got {}",
                        crampwise_content::read::quoted(written)
                    ),
                ));
                continue;
            }
        };
        for (i, table) in tables.iter().enumerate() {
            let position = i + 1;
            let id = table
                .get_ref()
                .get("id")
                .and_then(|id| id.get_ref().as_str())
                .map(str::to_owned);
            let de = toml::de::ValueDeserializer::from(table.clone());
            match serde_path_to_error::deserialize::<_, RawRule>(de) {
                Ok(raw) => rules.push((position, raw)),
                Err(e) => errors.push(structure_error(file, text, e, id, Some(position))),
            }
        }
    }
    rules
}

fn file_error(file: &str, message: String) -> RuleError {
    RuleError {
        file: file.to_owned(),
        line: 0,
        column: 0,
        rule: None,
        position: None,
        message,
    }
}

impl Ruleset {
    /// The built-in rule files as (file name, text), in load order.
    pub fn embedded_sources() -> Vec<(String, String)> {
        EMBEDDED
            .iter()
            .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
            .collect()
    }

    /// The default rules shipped with crampwise.
    ///
    /// # Errors
    ///
    /// [`RuleErrors`] when the built-in rules do not load against `content`
    /// (as [`Ruleset::from_sources`]); with the embedded content, a build
    /// whose tests pass has none.
    pub fn embedded(content: &Content) -> Result<Ruleset, RuleErrors> {
        Ruleset::from_sources(&Ruleset::embedded_sources(), content)
    }

    /// Every `*.toml` file of a directory (which must hold `ruleset.toml`), in name order.
    ///
    /// # Errors
    ///
    /// [`RuleErrors`]: one error when the directory cannot be read or holds
    /// more than [`MAX_RULE_FILES`] rule files; every rule file that cannot
    /// be read or is larger than [`MAX_RULE_FILE_BYTES`]; otherwise as
    /// [`Ruleset::from_sources`].
    pub fn from_dir(dir: impl AsRef<Path>, content: &Content) -> Result<Ruleset, RuleErrors> {
        Ruleset::from_sources(&Ruleset::read_dir(dir.as_ref())?, content)
    }

    /// The rule files of a directory as (file name, text), `ruleset.toml`
    /// first, as [`Ruleset::from_dir`] reads them.
    pub(crate) fn read_dir(dir: &Path) -> Result<Vec<(String, String)>, RuleErrors> {
        let shown = dir.display().to_string();
        let entries = std::fs::read_dir(dir).map_err(|e| {
            RuleErrors(vec![file_error(
                &shown,
                format!("cannot read directory: {e}"),
            )])
        })?;
        let mut paths: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        if paths.len() > MAX_RULE_FILES {
            return Err(RuleErrors(vec![file_error(
                &shown,
                format!(
                    "{} rule files; at most {MAX_RULE_FILES} are read",
                    paths.len()
                ),
            )]));
        }
        let mut files = Vec::new();
        let mut errors = Vec::new();
        for path in paths {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            match read_limited(&path) {
                Ok(text) => files.push((name, text)),
                Err(message) => errors.push(file_error(&name, message)),
            }
        }
        if !errors.is_empty() {
            return Err(RuleErrors(errors));
        }
        // ruleset.toml first so its version and policy are read before the rules.
        files.sort_by_key(|(name, _)| name != "ruleset.toml");
        Ok(files)
    }

    /// Rules from (file name, text) pairs; `ruleset.toml` carries the version and policy.
    ///
    /// # Errors
    ///
    /// [`RuleErrors`] with every problem found, each with its file, line
    /// and column: a missing or invalid `ruleset.toml`, a file larger than
    /// [`MAX_RULE_FILE_BYTES`], a rule that does not read or compile
    /// against `content` and the condition schema, a duplicate rule id,
    /// more than [`MAX_RULES`] rules.
    pub fn from_sources(
        files: &[(String, String)],
        content: &Content,
    ) -> Result<Ruleset, RuleErrors> {
        ReadRules::read(files).compile(content)
    }

    /// The rules in evaluation order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// A rule by id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The engine-wide numbers.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// `<semver>+<12 hex of sha256 over the files>`.
    pub fn version(&self) -> &str {
        &self.version
    }
}

/// Rule files read (TOML parsed, each rule's structure checked) but not
/// yet compiled against the content: the part of a load that needs no
/// content, so it can run while the content loads.
pub(crate) struct ReadRules<'a> {
    files: Vec<ReadFile<'a>>,
    meta: Option<(String, Policy)>,
    seen_meta: bool,
    hash: String,
}

/// One rule file's rules, and the errors reading it gave.
struct ReadFile<'a> {
    file: &'a str,
    text: &'a str,
    errors: Vec<RuleError>,
    rules: Vec<ReadRule>,
}

impl<'a> ReadRules<'a> {
    /// Reads (file name, text) pairs; `ruleset.toml` carries the version and policy.
    pub(crate) fn read(files: &'a [(String, String)]) -> ReadRules<'a> {
        let schema = crate::facts::schema();
        let mut read = Vec::with_capacity(files.len());
        let mut meta = None;
        let mut seen_meta = false;
        let mut hasher = Sha256::new();
        for (file, text) in files {
            hasher.update(file.as_bytes());
            hasher.update([0]);
            hasher.update(text.as_bytes());
            hasher.update([0]);
            let mut errors = Vec::new();
            let mut rules = Vec::new();
            if text.len() > MAX_RULE_FILE_BYTES {
                errors.push(file_error(
                    file,
                    format!(
                        "file is {} bytes; at most {MAX_RULE_FILE_BYTES} are read",
                        text.len()
                    ),
                ));
            } else if file == "ruleset.toml" {
                seen_meta = true;
                let parsed = toml::de::Deserializer::parse(text)
                    .map_err(|e| toml_error(file, text, &e))
                    .and_then(|de| {
                        serde_path_to_error::deserialize::<_, RulesetMeta>(de)
                            .map_err(|e| structure_error(file, text, e, None, None))
                    });
                match parsed {
                    Ok(m) => match m.policy.check(file, text) {
                        Ok(policy) => meta = Some((m.version, policy)),
                        Err(e) => {
                            errors.extend(e);
                            meta = Some((m.version, Policy::default()));
                        }
                    },
                    Err(e) => errors.push(e),
                }
            } else {
                let lines = LineStarts::new(text);
                rules = read_rules(file, text, &mut errors)
                    .into_iter()
                    .map(|raw| ReadRule::new(raw, file, text, &lines, &schema))
                    .collect();
            }
            read.push(ReadFile {
                file,
                text,
                errors,
                rules,
            });
        }
        let digest = hasher.finalize();
        ReadRules {
            files: read,
            meta,
            seen_meta,
            hash: digest.iter().take(6).map(|b| format!("{b:02x}")).collect(),
        }
    }

    /// Compiles the rules against `content`; every problem of the files,
    /// in file order, as [`Ruleset::from_sources`] reports them.
    pub(crate) fn compile(self, content: &Content) -> Result<Ruleset, RuleErrors> {
        let mut errors = Vec::new();
        let mut rules: Vec<Rule> = Vec::new();
        for file in self.files {
            errors.extend(file.errors);
            for raw in file.rules {
                if let Some(rule) = compile_rule(raw, file.file, file.text, content, &mut errors) {
                    rules.push(rule);
                }
            }
        }
        let Some(meta) = self.meta else {
            // A ruleset.toml that failed to read has said why.
            if !self.seen_meta {
                errors.push(file_error(
                    "ruleset.toml",
                    "missing: it holds the ruleset `version` and `policy`".to_owned(),
                ));
            }
            return Err(RuleErrors(errors));
        };
        let mut seen = HashSet::new();
        for rule in &rules {
            if !seen.insert(rule.id.clone()) {
                errors.push(RuleError {
                    file: rule.file.clone(),
                    line: rule.line,
                    column: 1,
                    rule: Some(rule.id.clone()),
                    position: None,
                    message: format!("duplicate rule id `{}`", rule.id),
                });
            }
        }
        if rules.len() > MAX_RULES {
            errors.push(file_error(
                "ruleset.toml",
                format!("{} rules; at most {MAX_RULES} are loaded", rules.len()),
            ));
        }
        if !errors.is_empty() {
            return Err(RuleErrors(errors));
        }
        // Triage, then safety, then the rest; the sort is stable, so file order
        // holds within each group.
        rules.sort_by_key(|r| match r.category {
            Category::Triage => 0,
            Category::Safety => 1,
            Category::Indication => 2,
            _ => 3,
        });
        Ok(Ruleset {
            rules,
            policy: meta.1,
            version: format!("{}+{}", meta.0, self.hash),
        })
    }
}

fn read_limited(path: &Path) -> Result<String, String> {
    crampwise_content::read::read_bounded(path, MAX_RULE_FILE_BYTES).map_err(|e| match e {
        crampwise_content::read::ReadError::TooLarge { .. } => {
            format!("file is larger than {MAX_RULE_FILE_BYTES} bytes; at most {MAX_RULE_FILE_BYTES} are read")
        }
        e => format!("cannot read `{}`: {e}", path.display()),
    })
}

#[cfg(test)]
mod tests {
    use super::{line_col, LineStarts};

    #[test]
    fn line_starts_count_lines_as_line_col_does() {
        for text in ["", "a", "\n", "ab\ncd\n\nef", "\n\nx\n"] {
            let lines = LineStarts::new(text);
            for offset in 0..=text.len() + 1 {
                assert_eq!(
                    lines.line(offset),
                    line_col(text, offset).0,
                    "{text:?} {offset}"
                );
            }
        }
    }
}
