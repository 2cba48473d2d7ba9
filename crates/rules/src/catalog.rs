//! The loaded rules and the condition fields, for people and programs:
//! `crampwise rules list|explain|fields` and Python's `crampwise.rules()`.

use crampwise_content::Content;
use serde::Serialize;

use crate::fields::{FieldKind, InputField};
use crate::ruleset::{Effects, Rule, Ruleset};

/// One rule as data.
#[derive(Debug, Clone, Serialize)]
pub struct RuleInfo<'a> {
    /// Rule id.
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// Category.
    pub category: &'a str,
    /// The condition as written.
    pub when: &'a str,
    /// Claim ids.
    pub claims: &'a [String],
    /// Note for reviewers.
    pub rationale: Option<&'a str>,
    /// What it does.
    pub effects: &'a Effects,
    /// Source file.
    pub file: &'a str,
    /// Line of its id in that file.
    pub line: usize,
}

impl<'a> From<&'a Rule> for RuleInfo<'a> {
    fn from(r: &'a Rule) -> Self {
        RuleInfo {
            id: &r.id,
            title: &r.title,
            category: r.category.as_str(),
            when: &r.when,
            claims: &r.claims,
            rationale: r.rationale.as_deref(),
            effects: &r.effects,
            file: &r.file,
            line: r.line,
        }
    }
}

/// Every rule, in evaluation order, as a JSON array.
pub fn rules_json(rules: &Ruleset) -> String {
    let list: Vec<RuleInfo<'_>> = rules.rules().iter().map(RuleInfo::from).collect();
    serde_json::to_string(&list).unwrap_or_default()
}

/// One field: a condition field, a profile input, or both.
#[derive(Debug, Clone, Serialize)]
pub struct FieldInfo {
    /// Dotted path; `supplements[].form` is the `form` of each supplements entry.
    pub path: String,
    /// `number`, `bool`, `enum` or `set`; `list` for the supplements list.
    pub kind: String,
    /// Allowed values (enums and sets); for a profile input, every value
    /// accepted, other spellings (`bisglycinate`) last.
    pub values: Vec<String>,
    /// Smallest value accepted (numbers of the profile); `None` otherwise.
    #[serde(serialize_with = "whole")]
    pub minimum: Option<f64>,
    /// Largest value accepted (numbers of the profile); `None` otherwise.
    #[serde(serialize_with = "whole")]
    pub maximum: Option<f64>,
    /// `profile`: a key of the intake profile; `derived`: a fact computed
    /// from the profile.
    pub source: &'static str,
    /// Whether a rule condition may read it.
    pub condition: bool,
    /// Whether a profile must give it.
    pub required: bool,
}

/// A whole number as an integer (`120`, not `120.0`).
fn whole<S: serde::Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(f) => match crate::number::whole(*f) {
            Some(i) => s.serialize_i64(i),
            None => s.serialize_f64(*f),
        },
        None => s.serialize_none(),
    }
}

impl FieldInfo {
    fn input(f: &InputField, condition: bool) -> FieldInfo {
        let (minimum, maximum) = match f.kind {
            FieldKind::Number { min, max } => (Some(min), Some(max)),
            _ => (None, None),
        };
        FieldInfo {
            path: f.path.to_owned(),
            kind: f.kind.name().to_owned(),
            values: f
                .values
                .iter()
                .chain(f.aliases)
                .map(|v| (*v).to_owned())
                .collect(),
            minimum,
            maximum,
            source: "profile",
            condition,
            required: f.required,
        }
    }
}

/// Every field a condition may read, in condition-field order, then the
/// profile inputs no condition reads directly (`supplements` and the
/// fields of its entries). Numbers of the profile carry their range.
pub fn fields() -> Vec<FieldInfo> {
    let inputs = crate::fields::inputs();
    let mut out: Vec<FieldInfo> = crate::facts::schema()
        .iter()
        .map(
            |(_, path, t)| match inputs.iter().find(|f| f.path == path) {
                Some(f) => FieldInfo::input(f, true),
                None => FieldInfo {
                    path: path.to_owned(),
                    kind: t.kind_name().to_owned(),
                    values: t.values().to_vec(),
                    minimum: None,
                    maximum: None,
                    source: "derived",
                    condition: true,
                    required: false,
                },
            },
        )
        .collect();
    for f in &inputs {
        if !out.iter().any(|o| o.path == f.path) {
            out.push(FieldInfo::input(f, false));
        }
    }
    out
}

/// A rule explained for a reviewer: what it checks, what it does, and the
/// claims behind it with their grades and sources.
pub fn explain(rule: &Rule, content: &Content) -> String {
    let mut out = format!(
        "{} ({}, {}:{})\n{}\n\nwhen: {}\n",
        rule.id,
        rule.category.as_str(),
        rule.file,
        rule.line,
        rule.title,
        rule.when
    );
    if let Some(r) = &rule.rationale {
        out.push_str(&format!("why: {r}\n"));
    }
    let effects = serde_json::to_value(&rule.effects).unwrap_or_default();
    if let Some(map) = effects.as_object() {
        out.push_str("\nthen:\n");
        for (key, value) in map {
            // Whole milligrams read as written in the rule file: 300, not 300.0.
            let written = value.as_f64().filter(|_| value.is_f64());
            match written.and_then(crate::number::whole) {
                Some(i) => out.push_str(&format!("  {key} = {i}\n")),
                None => out.push_str(&format!("  {key} = {value}\n")),
            }
        }
    }
    out.push_str("\nclaims:\n");
    for id in &rule.claims {
        let Some(claim) = content.claim(id) else {
            continue;
        };
        out.push_str(&format!(
            "  {id} [{}]\n    {}\n",
            claim.grade.as_str(),
            claim.statement
        ));
        for s in &claim.sources {
            if let Some(source) = content.source(s) {
                out.push_str(&format!(
                    "    - {} ({}, {}) {}\n",
                    source.title, source.publisher, source.year, source.url
                ));
            }
        }
    }
    out
}
