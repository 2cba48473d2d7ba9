//! A filled-in intake form as a profile: each form control is named by the
//! field table's path, and what a person left at "not sure / rather not say"
//! is left out of the profile (not asked, never "no").

use crampwise::intake::{self, FieldKind, InputField};
use crampwise::{Code, Diagnostic, Diagnostics, Engine, Profile, ProfileInput};
use serde_json::{Map, Value};

/// The rows the form offers for magnesium supplements, then for other ones.
pub(crate) const MAGNESIUM_ROWS: usize = 3;
/// The rows for supplements other than magnesium (after the magnesium rows).
pub(crate) const OTHER_ROWS: usize = 2;

/// The value of the "none of these" box of a set question (a box of the
/// same name, so that the question's boxes form one group).
pub(crate) const NONE_OF_THESE: &str = "none_of_these";

/// The name of a supplement row's control: `supplements[2].form`.
pub(crate) fn row_name(row: usize, key: &str) -> String {
    format!("supplements[{row}].{key}")
}

/// The answer to "do you take any supplements now?" that says none.
pub(crate) const SUPPLEMENTS_NONE: &str = "none";
/// ... and the one that says some (listed in the rows).
pub(crate) const SUPPLEMENTS_SOME: &str = "some";

/// The form's answers as posted, in order (a set question posts one pair a
/// ticked box).
#[derive(Debug, Clone, Default)]
pub(crate) struct Answers {
    pairs: Vec<(String, String)>,
}

impl Answers {
    pub(crate) fn new(pairs: Vec<(String, String)>) -> Answers {
        Answers { pairs }
    }

    /// Every pair with a value, to post again (hidden controls).
    pub(crate) fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The first non-empty value of `name`, trimmed.
    pub(crate) fn value(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .find(|v| !v.is_empty())
    }

    /// Every non-empty value of `name`.
    pub(crate) fn values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.pairs
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// Whether any answer was given at all.
    pub(crate) fn is_empty(&self) -> bool {
        self.pairs().next().is_none()
    }

    /// The answers without the controls that are not questions (`label`,
    /// `with_answers`).
    pub(crate) fn without(&self, names: &[&str]) -> Answers {
        Answers {
            pairs: self
                .pairs
                .iter()
                .filter(|(k, _)| !names.contains(&k.as_str()))
                .cloned()
                .collect(),
        }
    }
}

/// What a form's answers make: the profile's JSON as far as it could be
/// read, and the problems the engine cannot see (text in a number box, an
/// unknown control, a question answered both "none of these" and with some).
#[derive(Debug)]
pub(crate) struct Reading {
    /// The profile as JSON, without the answers that could not be read.
    pub(crate) json: Value,
    /// The form row of each entry of the profile's `supplements` list.
    rows: Vec<usize>,
    problems: Vec<Diagnostic>,
}

impl Reading {
    /// The profile, checked by the engine; the diagnostics (the form's own
    /// problems first, then the engine's) name the form's controls
    /// (`supplements[3].mg` is the form's row 3).
    ///
    /// # Errors
    /// Every problem with the answers.
    pub(crate) fn profile(&self, engine: &Engine) -> Result<Profile, Diagnostics> {
        let checked = engine.profile(ProfileInput::Value(&self.json));
        let mut problems = self.problems.clone();
        match checked {
            Ok(profile) if problems.is_empty() => return Ok(profile),
            Ok(_) => {}
            Err(errors) => {
                // A required answer the form could not read is one problem,
                // not also "missing" to the engine.
                let unread: Vec<String> = problems
                    .iter()
                    .map(|d| format!("missing field `{}`", d.path_text()))
                    .collect();
                problems.extend(
                    errors
                        .0
                        .into_iter()
                        .filter(|d| !(d.path.is_empty() && unread.contains(&d.message)))
                        .map(|d| self.to_row(d)),
                );
            }
        }
        Err(Diagnostics(problems))
    }

    fn to_row(&self, mut d: Diagnostic) -> Diagnostic {
        if let [crampwise::Segment::Key(key), crampwise::Segment::Index(i), ..] =
            d.path.as_mut_slice()
        {
            if key == "supplements" {
                if let Some(row) = self.rows.get(*i) {
                    *i = *row;
                }
            }
        }
        d
    }
}

/// Reads the answers into a profile's JSON and the problems found on the
/// way (see [`Reading`]).
pub(crate) fn read(answers: &Answers) -> Reading {
    let mut problems = Vec::new();
    let known = known_names();
    for (name, value) in answers.pairs() {
        if !known.iter().any(|k| k == name) {
            problems.push(Diagnostic::new(
                Code::InvalidProfile,
                "",
                format!("the form has no question `{name}` (answered `{value}`)"),
            ));
        }
    }
    let mut root = Map::new();
    for field in intake::inputs() {
        if field.path.starts_with("supplements") {
            continue;
        }
        match answer(answers, &field) {
            Ok(Some(value)) => insert(&mut root, field.path, value),
            Ok(None) => {}
            Err(d) => problems.push(d),
        }
    }
    let rows = match supplements(answers) {
        Ok(Some((list, rows))) => {
            root.insert("supplements".to_owned(), Value::Array(list));
            rows
        }
        Ok(None) => Vec::new(),
        Err(d) => {
            problems.extend(d);
            Vec::new()
        }
    };
    Reading {
        json: Value::Object(root),
        rows,
        problems,
    }
}

/// Every control name the form has.
fn known_names() -> Vec<String> {
    let mut out = Vec::new();
    for field in intake::inputs() {
        match field.kind {
            _ if field.path.starts_with("supplements[]") => {}
            _ => out.push(field.path.to_owned()),
        }
    }
    for row in 0..MAGNESIUM_ROWS {
        out.push(row_name(row, "form"));
        out.push(row_name(row, "elemental_mg"));
    }
    for row in MAGNESIUM_ROWS..MAGNESIUM_ROWS + OTHER_ROWS {
        out.push(row_name(row, "nutrient"));
        out.push(row_name(row, "mg"));
    }
    out
}

/// One question's answer as a JSON value; `None` when not answered.
fn answer(answers: &Answers, field: &InputField) -> Result<Option<Value>, Diagnostic> {
    let name = field.path;
    match field.kind {
        FieldKind::Number { min, max } => answers
            .value(name)
            .map(|text| number(name, text, min, max))
            .transpose(),
        FieldKind::Bool => match answers.value(name) {
            None => Ok(None),
            Some("true") => Ok(Some(Value::Bool(true))),
            Some("false") => Ok(Some(Value::Bool(false))),
            Some(other) => Err(Diagnostic::new(
                Code::InvalidProfile,
                name,
                format!("expected `true` or `false`, got `{other}`"),
            )),
        },
        FieldKind::Enum => Ok(answers.value(name).map(|v| Value::String(v.to_owned()))),
        FieldKind::Set => {
            let ticked: Vec<Value> = answers
                .values(name)
                .filter(|v| *v != NONE_OF_THESE)
                .map(|v| Value::String(v.to_owned()))
                .collect();
            let none = answers.values(name).any(|v| v == NONE_OF_THESE);
            match (none, ticked.is_empty()) {
                (true, false) => Err(Diagnostic::new(
                    Code::InvalidProfile,
                    name,
                    "choose `none of these` or some of them, not both",
                )),
                (true, true) => Ok(Some(Value::Array(Vec::new()))),
                (false, true) => Ok(None),
                (false, false) => Ok(Some(Value::Array(ticked))),
            }
        }
        FieldKind::Supplements => Ok(None),
    }
}

/// A number as typed: `52`, `1.5` or `1,5`; whole numbers stay whole.
fn number(path: &str, text: &str, min: f64, max: f64) -> Result<Value, Diagnostic> {
    let wrong = || {
        Diagnostic::new(
            Code::InvalidProfile,
            path,
            format!(
                "expected a number from {} to {}, got `{text}`",
                crampwise::render::number(min),
                crampwise::render::number(max)
            ),
        )
    };
    if let Ok(whole) = text.parse::<i64>() {
        return Ok(Value::from(whole));
    }
    let value: f64 = text.replace(',', ".").parse().map_err(|_| wrong())?;
    serde_json::Number::from_f64(value)
        .map(Value::Number)
        .ok_or_else(wrong)
}

/// Puts `value` at the dotted `path` (`cramps.per_week`) of `root`.
fn insert(root: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        Some((object, key)) => {
            let entry = root
                .entry(object.to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(inner) = entry {
                inner.insert(key.to_owned(), value);
            }
        }
        None => {
            root.insert(path.to_owned(), value);
        }
    }
}

type SupplementList = (Vec<Value>, Vec<usize>);

/// The supplements list from its rows, with the form row of each entry;
/// `None` when not asked.
fn supplements(answers: &Answers) -> Result<Option<SupplementList>, Vec<Diagnostic>> {
    let mut list = Vec::new();
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let fields = |kind: &str, amount: &str| {
        let amount_field = intake::input(&format!("supplements[].{amount}"));
        (kind.to_owned(), amount.to_owned(), amount_field)
    };
    let magnesium = fields("form", "elemental_mg");
    let other = fields("nutrient", "mg");
    for row in 0..MAGNESIUM_ROWS + OTHER_ROWS {
        let (kind, amount, amount_field) = if row < MAGNESIUM_ROWS {
            &magnesium
        } else {
            &other
        };
        let mut entry = Map::new();
        if let Some(v) = answers.value(&row_name(row, kind)) {
            entry.insert(kind.clone(), Value::String(v.to_owned()));
        }
        let amount_name = row_name(row, amount);
        if let (Some(text), Some(field)) = (answers.value(&amount_name), amount_field) {
            let FieldKind::Number { min, max } = field.kind else {
                continue;
            };
            match number(&amount_name, text, min, max) {
                Ok(v) => {
                    entry.insert(amount.clone(), v);
                }
                Err(d) => problems.push(d),
            }
        }
        if !entry.is_empty() {
            list.push(Value::Object(entry));
            rows.push(row);
        }
    }
    let said = answers.value("supplements");
    match said {
        Some(SUPPLEMENTS_NONE) if !list.is_empty() => problems.push(Diagnostic::new(
            Code::InvalidProfile,
            "supplements",
            "you answered that you take none, but listed some: clear them or answer yes",
        )),
        Some(SUPPLEMENTS_SOME) if list.is_empty() && problems.is_empty() => {
            problems.push(Diagnostic::new(
                Code::InvalidProfile,
                "supplements",
                "you answered yes: say which supplements you take, or answer not sure",
            ));
        }
        Some(SUPPLEMENTS_NONE | SUPPLEMENTS_SOME) | None => {}
        Some(other) => problems.push(Diagnostic::new(
            Code::InvalidProfile,
            "supplements",
            format!("expected `{SUPPLEMENTS_NONE}` or `{SUPPLEMENTS_SOME}`, got `{other}`"),
        )),
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    match said {
        None if list.is_empty() => Ok(None),
        _ => Ok(Some((list, rows))),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        Answers::new(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn unanswered_questions_are_left_out() {
        let r = read(&answers(&[
            ("age", "63"),
            ("sex", ""),
            ("cramps.one_sided", ""),
            ("cramps.per_week", "3"),
            ("cramps.timing", "night"),
            ("symptoms", "none_of_these"),
            ("lifestyle.water_liters_per_day", "1,5"),
        ]));
        assert!(r.problems.is_empty());
        assert_eq!(
            r.json.to_string(),
            r#"{"age":63,"cramps":{"per_week":3,"timing":["night"]},"lifestyle":{"water_liters_per_day":1.5},"symptoms":[]}"#
        );
    }

    #[test]
    fn supplements_come_from_their_rows_and_errors_name_the_row() {
        let r = read(&answers(&[
            ("age", "40"),
            ("supplements", "some"),
            ("supplements[1].form", "citrate"),
            ("supplements[1].elemental_mg", "9000"),
            ("supplements[3].nutrient", "taurine"),
            ("supplements[3].mg", "500"),
        ]));
        assert_eq!(
            r.json["supplements"].to_string(),
            r#"[{"elemental_mg":9000,"form":"citrate"},{"mg":500,"nutrient":"taurine"}]"#
        );
        let engine = Engine::shared().unwrap();
        let errors = r.profile(&engine).unwrap_err();
        let paths: Vec<String> = errors.iter().map(Diagnostic::path_text).collect();
        assert_eq!(paths, ["supplements[1].elemental_mg"]);
        let none = read(&answers(&[("age", "40"), ("supplements", "none")]));
        assert_eq!(none.json["supplements"].to_string(), "[]");
    }

    #[test]
    fn contradictions_and_text_in_numbers_are_errors() {
        let engine = Engine::shared().unwrap();
        let errors = read(&answers(&[
            ("age", "sixty"),
            ("cramps.severity", "11"),
            ("symptoms", "chest_pain"),
            ("symptoms", "none_of_these"),
            ("supplements", "none"),
            ("supplements[0].form", "oxide"),
            ("favourite_colour", "blue"),
        ]))
        .profile(&engine)
        .unwrap_err();
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "the form has no question `favourite_colour` (answered `blue`)",
                "age: expected a number from 0 to 120, got `sixty`",
                "symptoms: choose `none of these` or some of them, not both",
                "supplements: you answered that you take none, but listed some: clear them or answer yes",
                "cramps.severity: expected a number from 0 to 10, got `11`",
            ]
        );
    }
}
