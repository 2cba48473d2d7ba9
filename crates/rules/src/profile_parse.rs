//! Reading a profile from JSON: structural errors with their JSON path, then
//! range and shape checks, all reported together.

use serde::Serialize;

use crate::number::Number;
use crate::profile::{Profile, Supplement};

/// Largest profile document accepted, in bytes.
pub const MAX_PROFILE_BYTES: usize = 1 << 20;

/// One problem with a profile: where, what, and the offending value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileError {
    /// JSON path of the bad value (`cramps.per_week`, `supplements[0].form`); empty for the whole document.
    pub path: String,
    /// What was expected, lowercase, input in backticks.
    pub message: String,
    /// The offending value, when there is one.
    pub input: Option<serde_json::Value>,
}

impl std::fmt::Display for ProfileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Every problem found in one profile.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct ProfileErrors(pub Vec<ProfileError>);

impl std::fmt::Display for ProfileErrors {
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

impl ProfileErrors {
    fn one(path: &str, message: String, input: Option<serde_json::Value>) -> Self {
        ProfileErrors(vec![ProfileError {
            path: path.to_owned(),
            message,
            input,
        }])
    }
}

impl Profile {
    /// Parses and checks a profile from JSON text.
    pub fn from_json(text: &str) -> Result<Profile, ProfileErrors> {
        if text.len() > MAX_PROFILE_BYTES {
            return Err(ProfileErrors::one(
                "",
                format!(
                    "profile is {} bytes; at most {MAX_PROFILE_BYTES} are accepted",
                    text.len()
                ),
                None,
            ));
        }
        let value: serde_json::Value = crate::strict_json::parse(text).map_err(|e| {
            ProfileErrors::one(
                "",
                format!(
                    "not valid JSON at line {} column {}: {}",
                    e.line(),
                    e.column(),
                    crate::strict_json::strip_position(&e.to_string())
                ),
                None,
            )
        })?;
        Profile::from_value(&value)
    }

    /// Parses and checks a profile from a JSON value.
    pub fn from_value(value: &serde_json::Value) -> Result<Profile, ProfileErrors> {
        objects_are_objects(value)?;
        let profile: Profile = serde_path_to_error::deserialize(value).map_err(|e| {
            let path = clean_path(&e.path().to_string());
            let input = lookup(value, &path).cloned();
            ProfileErrors::one(
                &path,
                crate::strict_json::humanize(&e.inner().to_string()),
                input,
            )
        })?;
        profile.check()?;
        Ok(profile)
    }

    /// Range and shape checks that types alone cannot express. A valid
    /// profile costs no allocation (batch jobs check every row).
    pub fn check(&self) -> Result<(), ProfileErrors> {
        let mut errors = Vec::new();
        for (path, value, min, max) in self.numbers() {
            if let Some(v) = value {
                if !(min..=max).contains(&v.get()) {
                    errors.push(ProfileError {
                        path: path.to_string(),
                        message: format!(
                            "expected a number from {min} to {max}, got `{}`",
                            v.get()
                        ),
                        input: serde_json::to_value(v).ok(),
                    });
                }
            }
        }
        if let Some(list) = &self.supplements {
            for (i, s) in list.iter().enumerate() {
                if let Some(e) = supplement_shape(i, s) {
                    errors.push(e);
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ProfileErrors(errors))
        }
    }

    /// Every number field with its path and allowed range.
    fn numbers(&self) -> impl Iterator<Item = (NumberPath, Option<Number>, f64, f64)> + '_ {
        let c = self.cramps.as_ref();
        let l = self.lifestyle.as_ref();
        let field = NumberPath::Field;
        let fixed = [
            (field("age"), Some(self.age), 0.0, 120.0),
            (
                field("cramps.per_week"),
                c.and_then(|c| c.per_week),
                0.0,
                100.0,
            ),
            (
                field("cramps.severity"),
                c.and_then(|c| c.severity),
                0.0,
                10.0,
            ),
            (field("cramps.weeks"), c.and_then(|c| c.weeks), 0.0, 6000.0),
            (
                field("cramps.duration_minutes"),
                c.and_then(|c| c.duration_minutes),
                0.0,
                1440.0,
            ),
            (
                field("lifestyle.exercise_per_week"),
                l.and_then(|l| l.exercise_per_week),
                0.0,
                50.0,
            ),
            (
                field("lifestyle.caffeine_cups_per_day"),
                l.and_then(|l| l.caffeine_cups_per_day),
                0.0,
                50.0,
            ),
            (
                field("lifestyle.alcohol_drinks_per_week"),
                l.and_then(|l| l.alcohol_drinks_per_week),
                0.0,
                200.0,
            ),
            (
                field("lifestyle.stress"),
                l.and_then(|l| l.stress),
                0.0,
                10.0,
            ),
            (
                field("lifestyle.water_liters_per_day"),
                l.and_then(|l| l.water_liters_per_day),
                0.0,
                20.0,
            ),
            (
                field("lifestyle.sitting_hours_per_day"),
                l.and_then(|l| l.sitting_hours_per_day),
                0.0,
                24.0,
            ),
            (
                field("diet_magnesium_mg"),
                self.diet_magnesium_mg,
                0.0,
                5000.0,
            ),
        ];
        let supplements = self
            .supplements
            .iter()
            .flatten()
            .enumerate()
            .flat_map(|(i, s)| {
                [
                    (
                        NumberPath::Supplement(i, "elemental_mg"),
                        s.elemental_mg,
                        0.0,
                        5000.0,
                    ),
                    (NumberPath::Supplement(i, "mg"), s.mg, 0.0, 100000.0),
                ]
            });
        fixed.into_iter().chain(supplements)
    }
}

/// Where a number is, written out only for an error message.
#[derive(Debug, Clone, Copy)]
enum NumberPath {
    Field(&'static str),
    Supplement(usize, &'static str),
}

impl std::fmt::Display for NumberPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NumberPath::Field(path) => f.write_str(path),
            NumberPath::Supplement(i, key) => write!(f, "supplements[{i}].{key}"),
        }
    }
}

fn supplement_shape(i: usize, s: &Supplement) -> Option<ProfileError> {
    let message = match (s.form, s.elemental_mg, s.nutrient, s.mg) {
        (Some(_), Some(_), None, None) | (None, None, Some(_), Some(_)) => return None,
        (Some(_), None, None, None) => "magnesium needs `elemental_mg`",
        (None, None, Some(_), None) => "a nutrient needs `mg`",
        (Some(_), _, _, Some(_)) | (Some(_), _, Some(_), _) => {
            "give either `form` with `elemental_mg` (magnesium) or `nutrient` with `mg`, not both"
        }
        (None, Some(_), _, _) => "`elemental_mg` needs a magnesium `form`",
        (None, None, None, Some(_)) => "`mg` needs a `nutrient`",
        (None, None, None, None) => {
            "expected `form` with `elemental_mg` (magnesium) or `nutrient` with `mg`"
        }
    };
    Some(ProfileError {
        path: format!("supplements[{i}]"),
        message: message.to_owned(),
        input: serde_json::to_value(s).ok(),
    })
}

/// serde reads a struct from an array too (`"cramps": [3]`); the contract
/// wants objects, so every object position is checked first.
fn objects_are_objects(value: &serde_json::Value) -> Result<(), ProfileErrors> {
    let not_object = |path: &str, v: &serde_json::Value| {
        Err(ProfileErrors::one(
            path,
            format!("expected an object, got `{v}`"),
            Some(v.clone()),
        ))
    };
    let Some(root) = value.as_object() else {
        return not_object("", value);
    };
    for key in ["cramps", "lifestyle", "preferences"] {
        match root.get(key) {
            Some(v) if !v.is_object() => return not_object(key, v),
            _ => {}
        }
    }
    if let Some(list) = root.get("supplements").and_then(|v| v.as_array()) {
        for (i, v) in list.iter().enumerate() {
            if !v.is_object() {
                return not_object(&format!("supplements[{i}]"), v);
            }
        }
    }
    Ok(())
}

fn clean_path(path: &str) -> String {
    if path == "." {
        String::new()
    } else {
        path.to_owned()
    }
}

fn lookup<'a>(value: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    let mut current = value;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, indices) = match part.find('[') {
            Some(at) => (&part[..at], &part[at..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            current = current.get(key)?;
        }
        for index in indices.split('[').filter(|s| !s.is_empty()) {
            let n: usize = index.trim_end_matches(']').parse().ok()?;
            current = current.get(n)?;
        }
    }
    Some(current)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        match Profile::from_json(text) {
            Ok(_) => vec![],
            Err(e) => e.0.iter().map(|e| e.to_string()).collect(),
        }
    }

    #[test]
    fn unknown_key_is_named_with_its_path() {
        let e = errors(r#"{"age": 40, "conditons": ["kidney_disease"]}"#);
        assert_eq!(e.len(), 1);
        assert!(
            e[0].starts_with("conditons: unknown field `conditons`"),
            "{e:?}"
        );
    }

    #[test]
    fn range_errors_name_path_value_and_range() {
        let e = errors(r#"{"age": 40, "cramps": {"per_week": -3}}"#);
        assert_eq!(
            e,
            vec!["cramps.per_week: expected a number from 0 to 100, got `-3`"]
        );
    }

    #[test]
    fn all_range_errors_are_reported_together() {
        let e = errors(r#"{"age": 400, "lifestyle": {"stress": 11}}"#);
        assert_eq!(e.len(), 2, "{e:?}");
    }

    #[test]
    fn wrong_types_read_without_rust_names() {
        let e = errors(r#"{"age": "forty"}"#);
        assert_eq!(e, vec!["age: expected a number, got `\"forty\"`"]);
        let e = errors(r#"[1]"#);
        assert_eq!(e, vec!["expected an object, got `[1]`"]);
        let e = errors(r#"{"age": 3, "cramps": [3]}"#);
        assert_eq!(e, vec!["cramps: expected an object, got `[3]`"]);
        let e = errors(r#"{"age": 3, "supplements": [[1, 2]]}"#);
        assert_eq!(e.len(), 1);
        assert!(!e[0].contains("Profile"), "{e:?}");
        let e = errors(r#"{"age": 3, "lactating": "yes"}"#);
        assert_eq!(
            e,
            vec!["lactating: expected `true` or `false`, got `\"yes\"`"]
        );
    }

    #[test]
    fn bad_enum_value_lists_the_choices() {
        let e = errors(r#"{"age": 30, "cramps": {"timing": ["nigth"]}}"#);
        assert_eq!(e.len(), 1);
        assert!(
            e[0].starts_with("cramps.timing[0]: unknown variant `nigth`"),
            "{e:?}"
        );
        assert!(e[0].contains("`night`"), "{e:?}");
    }

    #[test]
    fn missing_age_and_bad_json() {
        assert_eq!(errors("{}"), vec!["missing field `age`"]);
        assert!(errors("{")
            .first()
            .is_some_and(|e| e.starts_with("not valid JSON")));
    }

    #[test]
    fn supplement_shape_is_checked() {
        let e = errors(r#"{"age": 30, "supplements": [{"form": "citrate"}]}"#);
        assert_eq!(e, vec!["supplements[0]: magnesium needs `elemental_mg`"]);
        let ok = Profile::from_json(
            r#"{"age": 30, "supplements": [{"form": "bisglycinate", "elemental_mg": 100}, {"nutrient": "taurine", "mg": 500}]}"#,
        );
        assert!(ok.is_ok());
    }

    #[test]
    fn absent_differs_from_empty() {
        let a = Profile::from_json(r#"{"age": 30}"#).unwrap();
        let b = Profile::from_json(r#"{"age": 30, "conditions": []}"#).unwrap();
        assert_eq!(a.conditions, None);
        assert_eq!(b.conditions, Some(vec![]));
    }

    #[test]
    fn input_is_reported() {
        let err = Profile::from_json(
            r#"{"age": 30, "supplements": [{"form": "citrte", "elemental_mg": 1}]}"#,
        )
        .unwrap_err();
        assert_eq!(err.0[0].path, "supplements[0].form");
        assert_eq!(err.0[0].input, Some(serde_json::json!("citrte")));
    }
}
