//! The loaded rules and the condition fields, for people and programs:
//! `crampwise rules list|explain|fields` and Python's `crampwise.rules()`.

use crampwise_content::Content;
use serde::Serialize;

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

/// One condition field.
#[derive(Debug, Clone, Serialize)]
pub struct FieldInfo {
    /// Dotted path.
    pub path: String,
    /// `number`, `bool`, `enum` or `set`.
    pub kind: String,
    /// Allowed values (enums and sets).
    pub values: Vec<String>,
}

/// Every field a condition may read.
pub fn fields() -> Vec<FieldInfo> {
    crate::facts::schema()
        .iter()
        .map(|(_, path, t)| FieldInfo {
            path: path.to_owned(),
            kind: t.kind_name().to_owned(),
            values: t.values().to_vec(),
        })
        .collect()
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
            match value.as_f64() {
                Some(f) if value.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15 => {
                    out.push_str(&format!("  {key} = {}\n", f as i64));
                }
                _ => out.push_str(&format!("  {key} = {value}\n")),
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
