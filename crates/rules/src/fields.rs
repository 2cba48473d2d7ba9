//! The profile's field table: every key a profile may have, what it holds
//! (type, allowed values, numeric range), whether it is required, and the
//! question in plain words.
//!
//! It is the one place these are written. From it come the parser's checks
//! and messages (`profile_parse`), the types of the condition fields
//! that read a profile value (the condition schema), the `minimum`,
//! `maximum` and `enum` of the JSON Schema ([`crate::schema`]), the batch
//! columns (`crampwise-batch`), and through [`crate::catalog::fields`] the
//! Python test strategies and Dask column checks. The `Profile` structs in
//! [`crate::profile`] hold the same keys; a test checks the two agree.

use crate::number::Number;
use crate::profile::{
    Avoid, Condition, Diet, FormId, Format, Jurisdiction, Medication, Nutrient, Pregnancy, Profile,
    Sex, Site, Supplement, Symptom, Timing,
};

/// What a profile field holds. `P` is what number getters read: the
/// [`Profile`], or one [`Supplement`] in the `supplements` list.
pub(crate) enum Shape<P: 'static> {
    /// A number from `min` to `max`.
    Number {
        min: f64,
        max: f64,
        /// The value in a typed profile, for [`Profile::check`].
        get: fn(&P) -> Option<Number>,
    },
    /// `true` or `false`.
    Bool,
    /// One of `names` (or of `aliases`, listed first in messages, as serde does).
    Choice {
        names: &'static [&'static str],
        aliases: &'static [&'static str],
    },
    /// A list of values, each one of `names`.
    Choices(&'static [&'static str]),
    /// An object with these fields.
    Object(&'static [Field<P>]),
    /// The list of supplement objects, each with the fields of [`SUPPLEMENT`].
    Supplements,
}

/// One key of a profile object and what it holds.
pub(crate) struct Field<P: 'static> {
    /// Dotted path from the profile's root (`cramps.per_week`); an entry of
    /// the `supplements` list is `supplements[]` (`supplements[].form`).
    pub path: &'static str,
    pub shape: Shape<P>,
    pub required: bool,
    /// The question in plain words, for "not asked" lines in plans.
    pub words: &'static str,
}

impl<P> Field<P> {
    /// The key in its object (`per_week`).
    pub(crate) fn key(&self) -> &'static str {
        self.path.rsplit('.').next().unwrap_or(self.path)
    }

    const fn says(self, words: &'static str) -> Self {
        Field { words, ..self }
    }

    const fn required(self) -> Self {
        Field {
            required: true,
            ..self
        }
    }
}

const fn field<P>(path: &'static str, shape: Shape<P>) -> Field<P> {
    Field {
        path,
        shape,
        required: false,
        words: path,
    }
}

const fn number<P>(
    path: &'static str,
    min: f64,
    max: f64,
    get: fn(&P) -> Option<Number>,
) -> Field<P> {
    field(path, Shape::Number { min, max, get })
}

const fn flag<P>(path: &'static str) -> Field<P> {
    field(path, Shape::Bool)
}

const fn choice<P>(path: &'static str, names: &'static [&'static str]) -> Field<P> {
    field(
        path,
        Shape::Choice {
            names,
            aliases: &[],
        },
    )
}

const fn choices<P>(path: &'static str, names: &'static [&'static str]) -> Field<P> {
    field(path, Shape::Choices(names))
}

// The profile, one line a field, in the order of the `Profile` structs.

/// The top-level fields.
pub(crate) const PROFILE: &[Field<Profile>] = &[
    number("age", 0.0, 120.0, |p: &Profile| Some(p.age)).required(),
    choice("sex", Sex::NAMES),
    choice("pregnancy", Pregnancy::NAMES),
    flag("lactating").says("breastfeeding"),
    field("cramps", Shape::Object(CRAMPS)),
    choices("symptoms", Symptom::NAMES).says("other symptoms"),
    field("lifestyle", Shape::Object(LIFESTYLE)),
    choices("conditions", Condition::NAMES).says("health conditions"),
    choices("medications", Medication::NAMES).says("medicines"),
    field("supplements", Shape::Supplements).says("supplements you take"),
    number("diet_magnesium_mg", 0.0, 5000.0, |p: &Profile| {
        p.diet_magnesium_mg
    }),
    field("preferences", Shape::Object(PREFERENCES)),
    choice("jurisdiction", Jurisdiction::NAMES),
];

/// `cramps`.
pub(crate) const CRAMPS: &[Field<Profile>] = &[
    number("cramps.per_week", 0.0, 100.0, |p: &Profile| {
        p.cramps.as_ref()?.per_week
    })
    .says("how often the cramps come"),
    choices("cramps.timing", Timing::NAMES).says("when they come"),
    choices("cramps.sites", Site::NAMES).says("where they are"),
    number("cramps.severity", 0.0, 10.0, |p: &Profile| {
        p.cramps.as_ref()?.severity
    })
    .says("how bad they are"),
    flag("cramps.one_sided").says("whether they are always on one side"),
    number("cramps.weeks", 0.0, 6000.0, |p: &Profile| {
        p.cramps.as_ref()?.weeks
    })
    .says("how long they have been going on"),
    number("cramps.duration_minutes", 0.0, 1440.0, |p: &Profile| {
        p.cramps.as_ref()?.duration_minutes
    })
    .says("how long one cramp lasts"),
    flag("cramps.eases_with_stretching").says("whether a cramp eases with stretching"),
    flag("cramps.sudden_onset").says("whether they started suddenly"),
    flag("cramps.task_specific").says("whether they come only with one task"),
];

/// `lifestyle`.
pub(crate) const LIFESTYLE: &[Field<Profile>] = &[
    number("lifestyle.exercise_per_week", 0.0, 50.0, |p: &Profile| {
        p.lifestyle.as_ref()?.exercise_per_week
    })
    .says("exercise"),
    flag("lifestyle.heavy_sweating").says("daily habits"),
    number(
        "lifestyle.caffeine_cups_per_day",
        0.0,
        50.0,
        |p: &Profile| p.lifestyle.as_ref()?.caffeine_cups_per_day,
    )
    .says("daily habits"),
    number(
        "lifestyle.alcohol_drinks_per_week",
        0.0,
        200.0,
        |p: &Profile| p.lifestyle.as_ref()?.alcohol_drinks_per_week,
    )
    .says("alcohol"),
    number("lifestyle.stress", 0.0, 10.0, |p: &Profile| {
        p.lifestyle.as_ref()?.stress
    })
    .says("daily habits"),
    choice("lifestyle.diet", Diet::NAMES).says("daily habits"),
    number(
        "lifestyle.water_liters_per_day",
        0.0,
        20.0,
        |p: &Profile| p.lifestyle.as_ref()?.water_liters_per_day,
    )
    .says("how much you drink"),
    number(
        "lifestyle.sitting_hours_per_day",
        0.0,
        24.0,
        |p: &Profile| p.lifestyle.as_ref()?.sitting_hours_per_day,
    )
    .says("daily habits"),
];

/// `preferences`.
pub(crate) const PREFERENCES: &[Field<Profile>] = &[
    choice("preferences.format", Format::NAMES),
    choices("preferences.avoid", Avoid::NAMES),
];

/// Each entry of `supplements`.
pub(crate) const SUPPLEMENT: &[Field<Supplement>] = &[
    field(
        "supplements[].form",
        Shape::Choice {
            names: FormId::NAMES,
            aliases: &["bisglycinate"],
        },
    )
    .says("supplements you take"),
    number(
        "supplements[].elemental_mg",
        0.0,
        5000.0,
        |s: &Supplement| s.elemental_mg,
    )
    .says("supplements you take"),
    choice("supplements[].nutrient", Nutrient::NAMES).says("supplements you take"),
    number("supplements[].mg", 0.0, 100000.0, |s: &Supplement| s.mg).says("supplements you take"),
];

/// What an input field holds, in the table's flattened view.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldKind {
    /// A number from `min` to `max`, both included.
    Number {
        /// Smallest value accepted.
        min: f64,
        /// Largest value accepted.
        max: f64,
    },
    /// `true` or `false`.
    Bool,
    /// One of the field's values.
    Enum,
    /// A list of distinct values, each one of the field's values.
    Set,
    /// The list of supplement objects (`supplements`); their fields are the
    /// `supplements[].…` entries.
    Supplements,
}

impl FieldKind {
    /// `number`, `bool`, `enum`, `set` (as condition fields name them), or
    /// `list` for the supplements list.
    pub fn name(self) -> &'static str {
        match self {
            FieldKind::Number { .. } => "number",
            FieldKind::Bool => "bool",
            FieldKind::Enum => "enum",
            FieldKind::Set => "set",
            FieldKind::Supplements => "list",
        }
    }
}

/// One input field of the profile: a value a person gives (not an object
/// that only groups fields).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InputField {
    /// Dotted path (`cramps.per_week`); `supplements[].form` is the `form`
    /// of each entry of `supplements`.
    pub path: &'static str,
    /// What it holds.
    pub kind: FieldKind,
    /// The values allowed for an enum or set, as written; empty otherwise.
    pub values: &'static [&'static str],
    /// Other spellings also accepted (`bisglycinate` for `glycinate`).
    pub aliases: &'static [&'static str],
    /// Whether a profile must give it.
    pub required: bool,
    /// The question in plain words.
    pub words: &'static str,
}

impl InputField {
    /// Whether it is a column of a batch table (a top-level or nested field,
    /// not a field of a supplements entry).
    pub fn is_column(&self) -> bool {
        !self.path.contains("[]")
    }
}

fn flatten<P>(fields: &'static [Field<P>], out: &mut Vec<InputField>) {
    for f in fields {
        let (kind, values, aliases): (FieldKind, &'static [&'static str], &'static [&'static str]) =
            match &f.shape {
                Shape::Number { min, max, .. } => (
                    FieldKind::Number {
                        min: *min,
                        max: *max,
                    },
                    &[],
                    &[],
                ),
                Shape::Bool => (FieldKind::Bool, &[], &[]),
                Shape::Choice { names, aliases } => (FieldKind::Enum, names, aliases),
                Shape::Choices(names) => (FieldKind::Set, names, &[]),
                Shape::Object(inner) => {
                    flatten(inner, out);
                    continue;
                }
                Shape::Supplements => (FieldKind::Supplements, &[], &[]),
            };
        out.push(InputField {
            path: f.path,
            kind,
            values,
            aliases,
            required: f.required,
            words: f.words,
        });
        if matches!(f.shape, Shape::Supplements) {
            flatten(SUPPLEMENT, out);
        }
    }
}

/// Every input field, in profile order; the fields of a supplements entry
/// follow `supplements`.
pub fn inputs() -> Vec<InputField> {
    let mut out = Vec::with_capacity(40);
    flatten(PROFILE, &mut out);
    out
}

/// The input field at `path`, if there is one.
pub fn input(path: &str) -> Option<InputField> {
    inputs().into_iter().find(|f| f.path == path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_unique_and_nested_under_their_object() {
        let all = inputs();
        let mut paths: Vec<&str> = all.iter().map(|f| f.path).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), all.len());
        fn check<P>(fields: &[Field<P>], prefix: &str) {
            for f in fields {
                assert_eq!(f.path, format!("{prefix}{}", f.key()));
                if let Shape::Object(inner) = f.shape {
                    check(inner, &format!("{}.", f.path));
                }
            }
        }
        check(PROFILE, "");
        check(SUPPLEMENT, "supplements[].");
    }

    #[test]
    fn every_number_has_a_range() {
        for f in inputs() {
            if let FieldKind::Number { min, max } = f.kind {
                assert!(
                    min.is_finite() && max.is_finite() && min < max,
                    "{}",
                    f.path
                );
            }
        }
    }
}
