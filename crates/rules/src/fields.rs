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
    /// The question as an intake form asks it, in full; empty for a field
    /// no form asks on its own (an object that only groups fields).
    pub question: &'static str,
    /// A line under the question that helps answer it; may be empty.
    pub hint: &'static str,
    /// Where an intake form asks it.
    pub group: Option<Group>,
}

impl<P> Field<P> {
    /// The key in its object (`per_week`).
    pub(crate) fn key(&self) -> &'static str {
        self.path.rsplit('.').next().unwrap_or(self.path)
    }

    /// Whether `key` is this field's key: [`Field::key`] without searching
    /// the path, as reading a profile asks it of every field for every key.
    pub(crate) fn is_key(&self, key: &str) -> bool {
        self.path
            .strip_suffix(key)
            .is_some_and(|head| head.is_empty() || head.ends_with('.'))
    }

    const fn says(self, words: &'static str) -> Self {
        Field { words, ..self }
    }

    /// The question an intake form asks, in its group.
    const fn asks(self, group: Group, question: &'static str) -> Self {
        Field {
            group: Some(group),
            question,
            ..self
        }
    }

    const fn hint(self, hint: &'static str) -> Self {
        Field { hint, ..self }
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
        question: "",
        hint: "",
        group: None,
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

// The profile, one entry a field, in the order of the `Profile` structs.
// `asks` is the question an intake form (the `GET /` page of `crampwise
// serve`) asks, in the group it shows it in; `hint` helps answer it. The
// words of enum and set values are in `VALUE_WORDS` below (conditions,
// medicines and magnesium forms take their names from the content).

use Group::{Cramps as G_CRAMPS, Health, Lifestyle as G_LIFE, Preferences as G_PREFS};
use Group::{Supplements as G_SUPPS, Symptoms as G_SYMPTOMS, You};

/// The top-level fields.
pub(crate) const PROFILE: &[Field<Profile>] = &[
    number("age", 0.0, 120.0, |p: &Profile| Some(p.age))
        .required()
        .asks(You, "How old are you?")
        .hint("In years. The only question you must answer: safe amounts depend on age."),
    choice("sex", Sex::NAMES)
        .asks(You, "What is your sex?")
        .hint("Recommended amounts differ for women and men."),
    choice("pregnancy", Pregnancy::NAMES).asks(You, "Are you pregnant?"),
    flag("lactating")
        .says("breastfeeding")
        .asks(You, "Are you breastfeeding?"),
    field("cramps", Shape::Object(CRAMPS)),
    choices("symptoms", Symptom::NAMES)
        .says("other symptoms")
        .asks(G_SYMPTOMS, "Do you have any of these as well?")
        .hint("Some of them are warning signs that need a doctor, so this question matters most after your age."),
    field("lifestyle", Shape::Object(LIFESTYLE)),
    choices("conditions", Condition::NAMES)
        .says("health conditions")
        .asks(Health, "Has a doctor told you that you have any of these?"),
    choices("medications", Medication::NAMES)
        .says("medicines")
        .asks(Health, "Do you take any of these medicines?"),
    field("supplements", Shape::Supplements)
        .says("supplements you take")
        .asks(G_SUPPS, "Do you take any supplements now?")
        .hint("Magnesium you already take counts towards the safe limit."),
    number("diet_magnesium_mg", 0.0, 5000.0, |p: &Profile| {
        p.diet_magnesium_mg
    })
    .asks(G_LIFE, "If you know it: how much magnesium do you get from food a day, in mg?")
    .hint("Leave it empty if you do not know; most people do not."),
    field("preferences", Shape::Object(PREFERENCES)),
    choice("jurisdiction", Jurisdiction::NAMES)
        .asks(G_PREFS, "Whose safety limits should the plan use?"),
];

/// `cramps`.
pub(crate) const CRAMPS: &[Field<Profile>] = &[
    number("cramps.per_week", 0.0, 100.0, |p: &Profile| {
        p.cramps.as_ref()?.per_week
    })
    .says("how often the cramps come")
    .asks(G_CRAMPS, "About how many cramps do you get a week?"),
    choices("cramps.timing", Timing::NAMES)
        .says("when they come")
        .asks(G_CRAMPS, "When do they come?"),
    choices("cramps.sites", Site::NAMES)
        .says("where they are")
        .asks(G_CRAMPS, "Where do you get them?"),
    number("cramps.severity", 0.0, 10.0, |p: &Profile| {
        p.cramps.as_ref()?.severity
    })
    .says("how bad they are")
    .asks(G_CRAMPS, "How bad are they?")
    .hint("From 0 (barely noticeable) to 10 (the worst pain you can imagine)."),
    flag("cramps.one_sided")
        .says("whether they are always on one side")
        .asks(G_CRAMPS, "Are they always on the same side of your body?"),
    number("cramps.weeks", 0.0, 6000.0, |p: &Profile| {
        p.cramps.as_ref()?.weeks
    })
    .says("how long they have been going on")
    .asks(G_CRAMPS, "For how many weeks have you had them?"),
    number("cramps.duration_minutes", 0.0, 1440.0, |p: &Profile| {
        p.cramps.as_ref()?.duration_minutes
    })
    .says("how long one cramp lasts")
    .asks(G_CRAMPS, "How many minutes does one cramp usually last?"),
    flag("cramps.eases_with_stretching")
        .says("whether a cramp eases with stretching")
        .asks(G_CRAMPS, "Does a cramp ease when you stretch the muscle?"),
    flag("cramps.sudden_onset")
        .says("whether they started suddenly")
        .asks(
            G_CRAMPS,
            "Did the cramps start suddenly, over a day or two?",
        ),
    flag("cramps.task_specific")
        .says("whether they come only with one task")
        .asks(
            G_CRAMPS,
            "Do they come only with one task, such as writing or playing an instrument?",
        ),
];

/// `lifestyle`.
pub(crate) const LIFESTYLE: &[Field<Profile>] = &[
    number("lifestyle.exercise_per_week", 0.0, 50.0, |p: &Profile| {
        p.lifestyle.as_ref()?.exercise_per_week
    })
    .says("exercise")
    .asks(G_LIFE, "How many times a week do you exercise?"),
    flag("lifestyle.heavy_sweating").says("daily habits").asks(
        G_LIFE,
        "Do you sweat heavily most days (hard work, heat or sport)?",
    ),
    number(
        "lifestyle.caffeine_cups_per_day",
        0.0,
        50.0,
        |p: &Profile| p.lifestyle.as_ref()?.caffeine_cups_per_day,
    )
    .says("daily habits")
    .asks(
        G_LIFE,
        "How many cups of coffee, tea or energy drinks do you have a day?",
    ),
    number(
        "lifestyle.alcohol_drinks_per_week",
        0.0,
        200.0,
        |p: &Profile| p.lifestyle.as_ref()?.alcohol_drinks_per_week,
    )
    .says("alcohol")
    .asks(G_LIFE, "How many alcoholic drinks do you have a week?"),
    number("lifestyle.stress", 0.0, 10.0, |p: &Profile| {
        p.lifestyle.as_ref()?.stress
    })
    .says("daily habits")
    .asks(G_LIFE, "How stressed do you feel?")
    .hint("From 0 (not at all) to 10 (extremely)."),
    choice("lifestyle.diet", Diet::NAMES)
        .says("daily habits")
        .asks(G_LIFE, "Which best describes how you eat?"),
    number(
        "lifestyle.water_liters_per_day",
        0.0,
        20.0,
        |p: &Profile| p.lifestyle.as_ref()?.water_liters_per_day,
    )
    .says("how much you drink")
    .asks(
        G_LIFE,
        "About how many litres of water and other drinks do you have a day?",
    ),
    number(
        "lifestyle.sitting_hours_per_day",
        0.0,
        24.0,
        |p: &Profile| p.lifestyle.as_ref()?.sitting_hours_per_day,
    )
    .says("daily habits")
    .asks(G_LIFE, "How many hours a day do you sit?"),
];

/// `preferences`.
pub(crate) const PREFERENCES: &[Field<Profile>] = &[
    choice("preferences.format", Format::NAMES).asks(G_PREFS, "Which do you prefer to take?"),
    choices("preferences.avoid", Avoid::NAMES).asks(
        G_PREFS,
        "Is there anything you want a supplement to be free of?",
    ),
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
    .says("supplements you take")
    .asks(G_SUPPS, "Magnesium: which form?"),
    number(
        "supplements[].elemental_mg",
        0.0,
        5000.0,
        |s: &Supplement| s.elemental_mg,
    )
    .says("supplements you take")
    .asks(G_SUPPS, "How much magnesium a day, in mg?")
    .hint("The label's amount of magnesium itself (elemental), not of the whole compound."),
    choice("supplements[].nutrient", Nutrient::NAMES)
        .says("supplements you take")
        .asks(G_SUPPS, "Another supplement: which one?"),
    number("supplements[].mg", 0.0, 100000.0, |s: &Supplement| s.mg)
        .says("supplements you take")
        .asks(G_SUPPS, "How much of it a day, in mg?"),
];

/// Where an intake form asks a question, in the order it shows the groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    /// Age, sex, pregnancy.
    You,
    /// How often, when, where and how the cramps come.
    Cramps,
    /// Other symptoms, warning signs among them.
    Symptoms,
    /// Conditions and medicines.
    Health,
    /// The supplements a person takes now.
    Supplements,
    /// Exercise, drinks, diet, sitting.
    Lifestyle,
    /// What to take and whose limits apply.
    Preferences,
}

impl Group {
    /// Every group, in the order a form shows them.
    pub const ALL: &'static [Group] = &[
        Group::You,
        Group::Cramps,
        Group::Symptoms,
        Group::Health,
        Group::Supplements,
        Group::Lifestyle,
        Group::Preferences,
    ];

    /// The group's heading.
    pub fn title(self) -> &'static str {
        match self {
            Group::You => "You",
            Group::Cramps => "Your cramps",
            Group::Symptoms => "Symptoms",
            Group::Health => "Health and medicines",
            Group::Supplements => "Supplements you take",
            Group::Lifestyle => "Lifestyle",
            Group::Preferences => "Preferences",
        }
    }

    /// A stable name for the group (`you`, `cramps`, ...), for ids.
    pub fn as_str(self) -> &'static str {
        match self {
            Group::You => "you",
            Group::Cramps => "cramps",
            Group::Symptoms => "symptoms",
            Group::Health => "health",
            Group::Supplements => "supplements",
            Group::Lifestyle => "lifestyle",
            Group::Preferences => "preferences",
        }
    }
}

/// The words an intake form shows for the values of enum and set fields,
/// by field path. The values of `conditions`, `medications` and
/// `supplements[].form` are named by the content (its `name`s), so they are
/// not here.
pub const VALUE_WORDS: &[(&str, &[(&str, &str)])] = &[
    (
        "sex",
        &[
            ("female", "Female"),
            ("male", "Male"),
            ("unspecified", "Neither of these fits"),
        ],
    ),
    (
        "pregnancy",
        &[
            ("none", "No"),
            ("trimester1", "Yes, up to week 13 (first trimester)"),
            ("trimester2", "Yes, weeks 14 to 27 (second trimester)"),
            ("trimester3", "Yes, week 28 or later (third trimester)"),
        ],
    ),
    (
        "cramps.timing",
        &[
            ("night", "At night or in bed"),
            ("during_exercise", "During exercise"),
            ("after_exercise", "After exercise"),
            ("daytime_rest", "While resting in the day"),
            ("sitting", "After sitting for a long time"),
        ],
    ),
    (
        "cramps.sites",
        &[
            ("calf", "Calf"),
            ("foot", "Foot or toes"),
            ("hamstring", "Back of the thigh"),
            ("quadriceps", "Front of the thigh"),
            ("hand", "Hand or fingers"),
            ("neck", "Neck"),
            ("shoulder", "Shoulder"),
            ("jaw", "Jaw"),
            ("back", "Back"),
            ("abdomen", "Belly"),
            ("eyelid", "Eyelid"),
        ],
    ),
    (
        "symptoms",
        &[
            ("twitching", "Muscle twitching"),
            (
                "persistent_tightness",
                "Muscles that stay tight between cramps",
            ),
            ("poor_sleep", "Poor sleep"),
            (
                "restless_legs",
                "An urge to move your legs when resting (restless legs)",
            ),
            ("constipation", "Constipation"),
            ("loose_stools", "Loose stools or diarrhoea"),
            ("palpitations", "A racing, pounding or irregular heartbeat"),
            ("numbness", "Numbness or tingling"),
            ("muscle_weakness", "Muscle weakness"),
            ("leg_swelling", "A swollen leg"),
            ("leg_redness_warmth", "A leg that is red or warm"),
            ("dark_urine", "Dark or reddish urine"),
            (
                "pain_walking_relieved_by_rest",
                "Leg pain when walking that goes away when you rest",
            ),
            ("chest_pain", "Chest pain"),
            ("shortness_of_breath", "Shortness of breath"),
            ("confusion", "Confusion"),
            ("headache", "Headache"),
            ("vision_changes", "Changes in your eyesight"),
            ("vaginal_bleeding", "Vaginal bleeding"),
            ("vomiting", "Vomiting"),
            ("tendon_pain", "Pain in a tendon"),
        ],
    ),
    (
        "lifestyle.diet",
        &[
            ("standard", "A mixed diet"),
            ("low_carb", "Low in carbohydrates"),
            ("keto", "Keto"),
            ("high_protein", "High in protein"),
            ("vegetarian", "Vegetarian"),
            ("vegan", "Vegan"),
        ],
    ),
    (
        "supplements[].nutrient",
        &[
            ("vitamin_b6", "Vitamin B6"),
            ("taurine", "Taurine"),
            ("potassium", "Potassium"),
        ],
    ),
    (
        "preferences.format",
        &[
            ("capsule", "Capsules"),
            ("tablet", "Tablets"),
            ("powder", "Powder"),
            ("any", "No preference"),
        ],
    ),
    (
        "preferences.avoid",
        &[
            ("artificial_sweeteners", "Artificial sweeteners"),
            ("artificial_colors", "Artificial colours"),
            ("animal_ingredients", "Animal ingredients"),
        ],
    ),
    (
        "jurisdiction",
        &[
            ("us", "United States (NIH)"),
            ("eu", "European Union (EFSA)"),
        ],
    ),
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
    /// The question as an intake form asks it; empty for none.
    pub question: &'static str,
    /// A line that helps answer the question; may be empty.
    pub hint: &'static str,
    /// The group an intake form asks it in.
    pub group: Option<Group>,
}

impl InputField {
    /// The words for one of the field's values, from [`VALUE_WORDS`]
    /// (`None` for a value named by the content, or not a value of it).
    pub fn value_words(&self, value: &str) -> Option<&'static str> {
        VALUE_WORDS
            .iter()
            .find(|(path, _)| *path == self.path)
            .and_then(|(_, words)| words.iter().find(|(v, _)| *v == value))
            .map(|(_, words)| *words)
    }

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
            question: f.question,
            hint: f.hint,
            group: f.group,
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
    fn is_key_agrees_with_key_for_every_pair_of_fields() {
        fn check<P>(fields: &[Field<P>]) {
            for f in fields {
                for g in fields {
                    assert_eq!(
                        f.is_key(g.key()),
                        f.key() == g.key(),
                        "{} / {}",
                        f.path,
                        g.path
                    );
                }
                for near in ["", ".", "x", "per_week.x"] {
                    assert!(!f.is_key(near), "{} / {near}", f.path);
                }
                let tail = &f.key()[1..];
                assert!(tail.is_empty() || !f.is_key(tail), "{} / {tail}", f.path);
            }
        }
        check(PROFILE);
        check(SUPPLEMENT);
    }

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

    /// Values the content names (conditions, medicines, magnesium forms).
    const NAMED_BY_CONTENT: &[&str] = &["conditions", "medications", "supplements[].form"];

    #[test]
    fn every_input_is_asked_in_a_group_with_words_for_every_value() {
        for f in inputs() {
            assert!(f.group.is_some(), "{} has no group", f.path);
            assert!(!f.question.is_empty(), "{} has no question", f.path);
            if matches!(f.kind, FieldKind::Enum | FieldKind::Set)
                && !NAMED_BY_CONTENT.contains(&f.path)
            {
                for v in f.values {
                    assert!(f.value_words(v).is_some(), "{}: `{v}` has no words", f.path);
                }
            }
        }
        for (path, words) in VALUE_WORDS {
            let field = input(path).unwrap_or_else(|| panic!("`{path}` is not a field"));
            assert!(!NAMED_BY_CONTENT.contains(path), "{path}");
            for (value, _) in *words {
                assert!(
                    field.values.contains(value),
                    "{path}: `{value}` is not a value"
                );
            }
        }
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
