//! Reading a profile from JSON: structural errors with their JSON path, then
//! range and shape checks, all reported together.

use serde::{Deserialize as _, Serialize};

use crate::profile::Profile;

/// Largest profile document accepted, in bytes.
pub const MAX_PROFILE_BYTES: usize = 1 << 20;

/// One problem with a profile: where, what, and the offending value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputError {
    /// JSON path of the bad value (`cramps.per_week`, `supplements[0].form`); empty for the whole document.
    pub path: String,
    /// What was expected, lowercase, input in backticks.
    pub message: String,
    /// The offending value, when there is one.
    pub input: Option<serde_json::Value>,
}

impl std::fmt::Display for InputError {
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
pub struct InputErrors(pub Vec<InputError>);

impl std::fmt::Display for InputErrors {
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

impl InputErrors {
    fn one(path: &str, message: String, input: Option<serde_json::Value>) -> Self {
        InputErrors(vec![InputError {
            path: path.to_owned(),
            message,
            input,
        }])
    }
}

use crate::fields::{Field, Shape, PROFILE, SUPPLEMENT};

/// A profile of `length` bytes is too long.
fn too_long(length: usize) -> InputErrors {
    InputErrors::one(
        "",
        format!("profile is {length} bytes; at most {MAX_PROFILE_BYTES} are accepted"),
        None,
    )
}

impl Profile {
    /// Parses and checks a profile from JSON text: every problem is reported,
    /// in document order, each with its path.
    ///
    /// # Errors
    /// [`InputErrors`]: one error when the text is longer than
    /// [`MAX_PROFILE_BYTES`], is not JSON or repeats a key; otherwise every
    /// unknown or missing field, value of the wrong type and number out of
    /// range.
    pub fn from_json(text: &str) -> Result<Profile, InputErrors> {
        if text.len() > MAX_PROFILE_BYTES {
            return Err(too_long(text.len()));
        }
        let node = crate::strict_json::parse_node_with_big_numbers(text)
            .map_err(|e| not_json(text, &e))?;
        walk(&node)?;
        // The walk has checked every key and value, so this rarely fails;
        // the path is tracked only to explain a failure (it doubles the cost).
        serde_json::from_str(text).or_else(|_| {
            let mut de = serde_json::Deserializer::from_str(text);
            serde_path_to_error::deserialize(&mut de).map_err(|e| serde_error(&e, None))
        })
    }

    /// The profile on one line of a JSON Lines stream (`recommend --jsonl`,
    /// `batch`): the line was `length` bytes, of which `line` holds the
    /// first ones (a reader need keep no more than [`MAX_PROFILE_BYTES`] + 1).
    ///
    /// # Errors
    /// As [`Profile::from_json`]; a line that is too long, not UTF-8 or
    /// empty is one error for the whole line.
    pub fn from_json_line(line: &[u8], length: usize) -> Result<Profile, InputErrors> {
        if length > MAX_PROFILE_BYTES {
            return Err(too_long(length));
        }
        let text = std::str::from_utf8(line).map_err(|e| {
            InputErrors::one(
                "",
                format!(
                    "not UTF-8 text (invalid byte at offset {})",
                    e.valid_up_to()
                ),
                None,
            )
        })?;
        if text.trim().is_empty() {
            return Err(InputErrors::one(
                "",
                "empty line; expected a profile, one JSON object a line".to_owned(),
                None,
            ));
        }
        Profile::from_json(text)
    }

    /// Parses and checks a profile from a JSON value: every problem is
    /// reported, in the order of the value's keys, each with its path.
    ///
    /// # Errors
    ///
    /// [`InputErrors`] with every unknown or missing field, value of the
    /// wrong type and number out of range.
    pub fn from_value(value: &serde_json::Value) -> Result<Profile, InputErrors> {
        walk(&Node::from_value(value))?;
        typed(value)
    }

    /// Parses and checks a profile from a [`Node`] (keys in the order the
    /// caller wrote them, as a Python dict keeps them): every problem is
    /// reported in that order, each with its path.
    ///
    /// # Errors
    ///
    /// [`InputErrors`] with every unknown or missing field, value of the
    /// wrong type and number out of range.
    pub fn from_node(node: &Node) -> Result<Profile, InputErrors> {
        walk(node)?;
        typed(&node.to_value())
    }

    /// Range and shape checks that types alone cannot express, on a typed
    /// profile. A valid profile costs no allocation (batch jobs check every row).
    ///
    /// # Errors
    ///
    /// [`InputErrors`] with every number out of its range and every
    /// supplement that does not give `form` with `elemental_mg` or
    /// `nutrient` with `mg`.
    pub fn check(&self) -> Result<(), InputErrors> {
        let mut errors = Vec::new();
        check_numbers(PROFILE, self, At::Root, &mut errors);
        if let Some(list) = &self.supplements {
            for (i, s) in list.iter().enumerate() {
                check_numbers(SUPPLEMENT, s, At::Supplement(i), &mut errors);
                let given = (
                    s.form.is_some(),
                    s.elemental_mg.is_some(),
                    s.nutrient.is_some(),
                    s.mg.is_some(),
                );
                if let Some(message) = supplement_shape(given) {
                    errors.push(InputError {
                        path: format!("supplements[{i}]"),
                        message: message.to_owned(),
                        input: serde_json::to_value(s).ok(),
                    });
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(InputErrors(errors))
        }
    }
}

use crate::strict_json::Node;
use crampwise_content::read::{excerpt, quoted};

/// Where the fields of a table are, written out only for an error message.
#[derive(Debug, Clone, Copy)]
enum At {
    Root,
    In(&'static str),
    Supplement(usize),
}

impl At {
    fn path(self, key: &str) -> String {
        match self {
            At::Root => key.to_owned(),
            At::In(parent) => format!("{parent}.{key}"),
            At::Supplement(i) => format!("supplements[{i}].{key}"),
        }
    }
}

fn check_numbers<P>(fields: &[Field<P>], p: &P, at: At, errors: &mut Vec<InputError>) {
    for f in fields {
        match &f.shape {
            Shape::Number { min, max, get } => {
                if let Some(v) = get(p) {
                    if !(*min..=*max).contains(&v.get()) {
                        errors.push(out_of_range(
                            at.path(f.key()),
                            *min,
                            *max,
                            v.get(),
                            serde_json::to_value(v).ok(),
                        ));
                    }
                }
            }
            Shape::Object(inner) => check_numbers(inner, p, At::In(f.path), errors),
            _ => {}
        }
    }
}

fn out_of_range(
    path: String,
    min: f64,
    max: f64,
    v: f64,
    input: Option<serde_json::Value>,
) -> InputError {
    InputError {
        path,
        message: format!(
            "expected a number from {min} to {max}, got `{}`",
            short_number(v)
        ),
        input,
    }
}

/// A number as a message shows it: `{v}` as Rust writes it, but in
/// exponent form when that would run to many digits (`1e300`, `1e-12`).
fn short_number(v: f64) -> String {
    if v != 0.0 && !(1e-6..1e21).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// What is wrong with a supplement that gives (`form`, `elemental_mg`,
/// `nutrient`, `mg`), if anything.
fn supplement_shape(given: (bool, bool, bool, bool)) -> Option<&'static str> {
    Some(match given {
        (true, true, false, false) | (false, false, true, true) => return None,
        (true, false, false, false) => "magnesium needs `elemental_mg`",
        (false, false, true, false) => "a nutrient needs `mg`",
        (true, _, _, true) | (true, _, true, _) => {
            "give either `form` with `elemental_mg` (magnesium) or `nutrient` with `mg`, not both"
        }
        (false, true, _, _) => "`elemental_mg` needs a magnesium `form`",
        (false, false, false, true) => "`mg` needs a `nutrient`",
        (false, false, false, false) => {
            "expected `form` with `elemental_mg` (magnesium) or `nutrient` with `mg`"
        }
    })
}

/// Every problem of a profile document, in document order.
/// A walked value as a typed profile. The walk has checked every key and
/// value, so this rarely fails; the path is tracked only to explain a
/// failure (it doubles the cost).
fn typed(value: &serde_json::Value) -> Result<Profile, InputErrors> {
    Profile::deserialize(value).or_else(|_| {
        serde_path_to_error::deserialize(value).map_err(|e| serde_error(&e, Some(value)))
    })
}

fn walk(node: &Node) -> Result<(), InputErrors> {
    let mut errors = Vec::new();
    match node {
        Node::Object(entries) => object(PROFILE, entries, Path::Root, &mut errors),
        other => errors.push(not_object(Path::Root, other)),
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(InputErrors(errors))
    }
}

/// Where a value is, written out only for an error: a valid profile's walk
/// makes no path string.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    fn render(&self) -> String {
        match self {
            Path::Root => String::new(),
            Path::Key(parent, key) => {
                let parent = parent.render();
                if parent.is_empty() {
                    excerpt(key).into_owned()
                } else {
                    format!("{parent}.{}", excerpt(key))
                }
            }
            Path::Index(parent, i) => format!("{}[{i}]", parent.render()),
        }
    }
}

fn error(path: String, message: String, input: &Node) -> InputError {
    InputError {
        path,
        message,
        // A number too large for a double has no JSON value to show.
        input: (!matches!(input, Node::OutOfRange(_))).then(|| input.to_value()),
    }
}

/// The message for a number literal too large for a double.
fn too_large(literal: &str) -> String {
    format!(
        "number {} is out of range; expected a number a double can hold (at most about 1.8e308)",
        quoted(literal)
    )
}

/// A value as a message shows it: compact JSON in backticks, cut when long.
fn shown(node: &Node) -> String {
    quoted(&node.to_value().to_string())
}

/// What a value of the wrong type is, as serde words it.
fn got(node: &Node) -> String {
    match node {
        Node::Object(_) => "an object".to_owned(),
        Node::Array(_) => "a list".to_owned(),
        Node::OutOfRange(literal) => format!("the number {}", quoted(literal)),
        other => shown(other),
    }
}

fn not_object(path: Path<'_>, node: &Node) -> InputError {
    error(
        path.render(),
        format!("expected an object, got {}", shown(node)),
        node,
    )
}

/// `expected one of `a`, `b`` as serde lists names (`expected `a` or `b``).
fn expected(names: impl Iterator<Item = &'static str> + Clone) -> String {
    let quoted: Vec<String> = names.map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [] => "expected nothing".to_owned(),
        [one] => format!("expected {one}"),
        [a, b] => format!("expected {a} or {b}"),
        all => format!("expected one of {}", all.join(", ")),
    }
}

/// `; did you mean `x`?` when a name is close to `word`.
fn did_you_mean(word: &str, names: impl Iterator<Item = &'static str>) -> String {
    crampwise_content::suggest::closest(word, names)
        .map_or_else(String::new, |c| format!("; did you mean `{c}`?"))
}

fn object<P>(
    fields: &'static [Field<P>],
    entries: &[(String, Node)],
    path: Path<'_>,
    errors: &mut Vec<InputError>,
) {
    let keys = || fields.iter().map(|f| f.key());
    for (key, value) in entries {
        let child = Path::Key(&path, key);
        match fields.iter().find(|f| f.is_key(key)) {
            None => errors.push(error(
                child.render(),
                format!(
                    "unknown field {}; {}{}",
                    quoted(key),
                    expected(keys()),
                    did_you_mean(key, keys())
                ),
                value,
            )),
            Some(f) => check_value(f, value, child, errors),
        }
    }
    for f in fields.iter().filter(|f| f.required) {
        if !entries.iter().any(|(k, _)| k == f.key()) {
            errors.push(InputError {
                path: path.render(),
                message: format!("missing field `{}`", f.key()),
                input: Some(Node::Object(entries.to_vec()).to_value()),
            });
        }
    }
}

fn check_value<P>(
    f: &'static Field<P>,
    value: &Node,
    path: Path<'_>,
    errors: &mut Vec<InputError>,
) {
    // `null` is "not asked" for an optional value; an object must be one.
    if matches!(value, Node::Null) && !f.required && !matches!(f.shape, Shape::Object(_)) {
        return;
    }
    let wrong = |what: &str| {
        error(
            path.render(),
            format!("expected {what}, got {}", got(value)),
            value,
        )
    };
    match &f.shape {
        Shape::Number { min, max, .. } => match value {
            Node::Number(n) => {
                let v = n.as_f64().unwrap_or(f64::NAN);
                if !(*min..=*max).contains(&v) {
                    errors.push(out_of_range(
                        path.render(),
                        *min,
                        *max,
                        v,
                        Some(value.to_value()),
                    ));
                }
            }
            Node::OutOfRange(literal) => {
                errors.push(error(path.render(), too_large(literal), value));
            }
            _ => errors.push(wrong("a number")),
        },
        Shape::Bool => {
            if !matches!(value, Node::Bool(_)) {
                errors.push(wrong("`true` or `false`"));
            }
        }
        Shape::Choice { names, aliases } => {
            if let Some(e) = variant(value, path, names, aliases) {
                errors.push(e);
            }
        }
        Shape::Choices(names) => match value {
            Node::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if let Some(e) = variant(item, Path::Index(&path, i), names, &[]) {
                        errors.push(e);
                    }
                }
            }
            _ => errors.push(wrong("a list")),
        },
        Shape::Object(inner) => match value {
            Node::Object(entries) => object(inner, entries, path, errors),
            _ => errors.push(not_object(path, value)),
        },
        Shape::Supplements => match value {
            Node::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    supplement(item, Path::Index(&path, i), errors);
                }
            }
            _ => errors.push(wrong("a list")),
        },
    }
}

fn supplement(node: &Node, path: Path<'_>, errors: &mut Vec<InputError>) {
    let Node::Object(entries) = node else {
        errors.push(not_object(path, node));
        return;
    };
    object(SUPPLEMENT, entries, path, errors);
    let given = |key: &str| {
        entries
            .iter()
            .any(|(k, v)| k == key && !matches!(v, Node::Null))
    };
    let shape = (
        given("form"),
        given("elemental_mg"),
        given("nutrient"),
        given("mg"),
    );
    if let Some(message) = supplement_shape(shape) {
        errors.push(error(path.render(), message.to_owned(), node));
    }
}

/// The problem with `node` as one of `names` (or `aliases`), if any.
fn variant(
    node: &Node,
    path: Path<'_>,
    names: &'static [&'static str],
    aliases: &'static [&'static str],
) -> Option<InputError> {
    let Node::String(text) = node else {
        return Some(error(
            path.render(),
            format!("expected a string, got {}", got(node)),
            node,
        ));
    };
    if names.contains(&text.as_str()) || aliases.contains(&text.as_str()) {
        return None;
    }
    let all = || aliases.iter().chain(names.iter()).copied();
    Some(error(
        path.render(),
        format!(
            "unknown variant {}; {}{}",
            quoted(text),
            expected(all()),
            did_you_mean(text, all())
        ),
        node,
    ))
}

/// Text that is not JSON; a number too large for a double is named by its path.
fn not_json(text: &str, e: &crate::strict_json::NodeError) -> InputErrors {
    if crate::strict_json::strip_position(&e.error.to_string()) == "number out of range"
        && !e.path.is_empty()
    {
        let literal = number_before(text, e.error.line(), e.error.column());
        return InputErrors::one(&e.path, too_large(literal), None);
    }
    InputErrors::one(
        "",
        crate::strict_json::JsonError::from(&e.error).to_string(),
        None,
    )
}

/// The number literal that ends near `line` and `column` (1-based) of `text`.
fn number_before(text: &str, line: usize, column: usize) -> &str {
    let Some(line_text) = text.split('\n').nth(line.saturating_sub(1)) else {
        return "";
    };
    let mut end = column.min(line_text.len());
    while !line_text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &line_text[..end];
    let is_number = |c: char| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E');
    let tail = head.trim_end_matches(|c: char| !is_number(c) && c != '"' && !c.is_whitespace());
    let start = tail
        .char_indices()
        .rev()
        .find(|(_, c)| !is_number(*c))
        .map_or(0, |(at, c)| at + c.len_utf8());
    &tail[start..]
}

/// serde's error, should the typed profile refuse what the walk accepted.
fn serde_error<E: std::fmt::Display>(
    e: &serde_path_to_error::Error<E>,
    value: Option<&serde_json::Value>,
) -> InputErrors {
    let path = clean_path(&e.path().to_string());
    let input = value.and_then(|v| lookup(v, &path)).cloned();
    InputErrors::one(
        &path,
        crate::strict_json::humanize(&e.inner().to_string()),
        input,
    )
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
    use crate::fields::{CRAMPS, LIFESTYLE, PREFERENCES};

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

    /// The field tables against the JSON schema derived from the `Profile`
    /// structs: a field added to one must be added to the other.
    #[test]
    fn field_tables_match_the_profile_structs() {
        let schema = serde_json::to_value(schemars::schema_for!(Profile)).unwrap();
        fn check<P>(fields: &[Field<P>], schema: &serde_json::Value, name: &str) {
            let properties = schema["properties"].as_object().unwrap();
            let mut want: Vec<&str> = properties.keys().map(String::as_str).collect();
            let mut got: Vec<&str> = fields.iter().map(|f| f.key()).collect();
            want.sort_unstable();
            got.sort_unstable();
            assert_eq!(got, want, "{name}");
            for f in fields {
                let types = properties[f.key()]["type"].to_string();
                match f.shape {
                    Shape::Number { .. } => assert!(types.contains("number"), "{}", f.key()),
                    Shape::Bool => assert!(types.contains("boolean"), "{}", f.key()),
                    Shape::Choices(_) | Shape::Supplements => {
                        assert!(types.contains("array"), "{}", f.key())
                    }
                    _ => {}
                }
            }
            let required: Vec<&str> = schema["required"]
                .as_array()
                .map(|r| r.iter().filter_map(|v| v.as_str()).collect())
                .unwrap_or_default();
            let ours: Vec<&str> = fields
                .iter()
                .filter(|f| f.required)
                .map(|f| f.key())
                .collect();
            assert_eq!(ours, required, "{name}");
        }
        let defs = &schema["$defs"];
        check(PROFILE, &schema, "Profile");
        check(CRAMPS, &defs["Cramps"], "Cramps");
        check(LIFESTYLE, &defs["Lifestyle"], "Lifestyle");
        check(PREFERENCES, &defs["Preferences"], "Preferences");
        check(SUPPLEMENT, &defs["Supplement"], "Supplement");
    }

    /// The names the walk accepts are exactly those serde reads.
    #[test]
    fn choice_names_are_what_serde_reads() {
        fn all<P>(fields: &[Field<P>], out: &mut Vec<(&'static str, &'static [&'static str])>) {
            for f in fields {
                match &f.shape {
                    Shape::Choice { names, .. } | Shape::Choices(names) => {
                        out.push((f.key(), names))
                    }
                    Shape::Object(inner) => all(inner, out),
                    _ => {}
                }
            }
        }
        let mut lists = Vec::new();
        all(PROFILE, &mut lists);
        assert_eq!(lists.len(), 11);
        let profile = |key: &str, value: serde_json::Value| {
            let v = match key {
                "per_week" | "timing" | "sites" | "severity" | "one_sided" | "weeks" => {
                    serde_json::json!({"age": 30, "cramps": {key: value}})
                }
                "diet" => serde_json::json!({"age": 30, "lifestyle": {key: value}}),
                "format" | "avoid" => serde_json::json!({"age": 30, "preferences": {key: value}}),
                _ => serde_json::json!({"age": 30, key: value}),
            };
            serde_path_to_error::deserialize::<_, Profile>(&v).is_ok()
        };
        for (key, names) in lists {
            let list = matches!(
                key,
                "timing" | "sites" | "symptoms" | "conditions" | "medications" | "avoid"
            );
            let wrap = |n: &str| {
                if list {
                    serde_json::json!([n])
                } else {
                    serde_json::json!(n)
                }
            };
            for name in names {
                assert!(profile(key, wrap(name)), "{key}: {name}");
            }
            assert!(!profile(key, wrap("not_a_name")), "{key}");
        }
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
