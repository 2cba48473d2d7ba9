//! The profile as facts for conditions: one typed value per field, where an
//! unasked question is `Unknown`.
//!
//! The list here is the one list of names a rule condition may use; the
//! types of those read from the profile come from [`crate::fields`].

use crampwise_content::{Content, Jurisdiction, Sex};
use crampwise_expr::{FieldId, FieldType, Schema, Value};

use crate::fields::FieldKind;
use crate::number::Number;
use crate::profile::{
    Avoid, Condition, Diet, FormId, Format, Medication, Nutrient, Pregnancy, Profile, Site,
    Symptom, Timing,
};

macro_rules! fields {
    ($($konst:ident = $path:literal $(=> $ty:expr)?),+ $(,)?) => {
        /// Field indices, in declaration order.
        #[allow(missing_docs)]
        pub(crate) mod field {
            use crampwise_expr::FieldId;
            fields!(@consts 0u16; $($konst),+);
        }

        /// Every field a condition may read, with its type: a derived fact's
        /// as declared here, a profile field's from its entry in the field
        /// table ([`crate::fields`]).
        pub(crate) fn schema() -> Schema {
            let mut schema = Schema::new();
            $(schema = schema.field($path, fields!(@type $path $(, $ty)?));)+
            schema
        }

        /// Every field's path, and whether it is a derived fact (computed
        /// from the profile, not a key of it), in declaration order.
        #[cfg(test)]
        pub(crate) const PATHS: &[(&str, bool)] = &[$(($path, fields!(@derived $(, $ty)?))),+];

        /// Number of fields.
        pub(crate) const FIELD_COUNT: usize = [$($path),+].len();
    };
    (@type $path:literal, $ty:expr) => { $ty };
    (@type $path:literal) => { input_type($path) };
    (@derived , $ty:expr) => { true };
    (@derived) => { false };
    (@consts $n:expr; $konst:ident $(, $rest:ident)*) => {
        pub(crate) const $konst: FieldId = FieldId($n);
        fields!(@consts $n + 1u16; $($rest),*);
    };
    (@consts $n:expr;) => {};
}

/// The condition type of the profile field at `path`, from the field table.
/// Every path below is in the table (a test checks it); `Bool` would only
/// be the answer for one that is not.
fn input_type(path: &str) -> FieldType {
    let owned = |values: &[&str]| values.iter().map(|v| (*v).to_owned()).collect();
    match crate::fields::input(path) {
        Some(f) => match f.kind {
            FieldKind::Number { .. } => FieldType::Number,
            FieldKind::Enum => FieldType::Enum(owned(f.values)),
            FieldKind::Set => FieldType::Set(owned(f.values)),
            FieldKind::Bool | FieldKind::Supplements => FieldType::Bool,
        },
        None => FieldType::Bool,
    }
}

fn names<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|v| name(*v).to_owned()).collect()
}

// The profile's fields in profile order, each derived fact where it is
// computed from: the profile fields' types come from the field table.
fields! {
    AGE = "age",
    SEX = "sex",
    PREGNANCY = "pregnancy",
    LACTATING = "lactating",
    PER_WEEK = "cramps.per_week",
    TIMING = "cramps.timing",
    SITES = "cramps.sites",
    SEVERITY = "cramps.severity",
    ONE_SIDED = "cramps.one_sided",
    WEEKS = "cramps.weeks",
    DURATION = "cramps.duration_minutes",
    EASES = "cramps.eases_with_stretching",
    SUDDEN = "cramps.sudden_onset",
    TASK = "cramps.task_specific",
    SYMPTOMS = "symptoms",
    EXERCISE = "lifestyle.exercise_per_week",
    SWEATING = "lifestyle.heavy_sweating",
    CAFFEINE = "lifestyle.caffeine_cups_per_day",
    ALCOHOL = "lifestyle.alcohol_drinks_per_week",
    STRESS = "lifestyle.stress",
    DIET = "lifestyle.diet",
    WATER = "lifestyle.water_liters_per_day",
    SITTING = "lifestyle.sitting_hours_per_day",
    CONDITIONS = "conditions",
    MEDICATIONS = "medications",
    SUPP_MAGNESIUM = "supplements.magnesium_mg" => FieldType::Number,
    SUPP_FORMS = "supplements.forms" => FieldType::Set(names(FormId::ALL, FormId::as_str)),
    SUPP_B6 = "supplements.vitamin_b6_mg" => FieldType::Number,
    SUPP_TAURINE = "supplements.taurine_mg" => FieldType::Number,
    SUPP_POTASSIUM = "supplements.potassium_mg" => FieldType::Number,
    MG_OVER = "supplements.magnesium_over_limit_mg" => FieldType::Number,
    B6_OVER = "supplements.vitamin_b6_over_limit_mg" => FieldType::Number,
    TAURINE_OVER = "supplements.taurine_over_limit_mg" => FieldType::Number,
    DIET_MG = "diet_magnesium_mg",
    DIET_GAP = "diet_gap_mg" => FieldType::Number,
    FORMAT = "preferences.format",
    AVOID = "preferences.avoid",
    JURISDICTION = "jurisdiction",
}

/// Whether the condition field at `path` is computed from the profile
/// rather than read from it.
#[cfg(test)]
pub(crate) fn is_derived(path: &str) -> bool {
    PATHS.iter().any(|&(p, derived)| derived && p == path)
}

/// A field as a question in plain words, for "not asked" lines in plans:
/// a profile field's words from the field table.
pub(crate) fn plain_words(path: &str) -> &str {
    match crate::fields::input(path) {
        Some(f) => f.words,
        None if path.starts_with("supplements.") => "supplements you take",
        None => path,
    }
}

/// One value per field a condition may read, indexed by [`FieldId`]: what
/// [`crate::Engine::facts`] gives and [`crate::Engine::summarize_facts`] reads.
pub type Facts = [Value; FIELD_COUNT];

/// The number of field `id`; `None` when it is unknown (or past the end,
/// which no `field::` id is: each is below FIELD_COUNT, the length of `Facts`).
pub(crate) fn number(facts: &Facts, id: FieldId) -> Option<f64> {
    match facts.get(id.index()) {
        Some(Value::Number(n)) => Some(*n),
        _ => None,
    }
}

/// Whose reference values apply: the EU's when the profile says so,
/// otherwise the US's.
pub(crate) fn jurisdiction(facts: &Facts) -> Jurisdiction {
    match facts.get(field::JURISDICTION.index()) {
        Some(Value::Enum(1)) => Jurisdiction::Eu,
        _ => Jurisdiction::Us,
    }
}

fn num(v: Option<Number>) -> Value {
    v.map_or(Value::Unknown, |n| Value::Number(n.get()))
}

fn flag(v: Option<bool>) -> Value {
    v.map_or(Value::Unknown, Value::Bool)
}

fn set<T: Copy>(v: Option<&Vec<T>>, index: fn(T) -> usize) -> Value {
    v.map_or(Value::Unknown, |list| {
        Value::Set(list.iter().fold(0u64, |bits, x| bits | (1u64 << index(*x))))
    })
}

fn one<T: Copy>(v: Option<T>, index: fn(T) -> usize) -> Value {
    // Unknown only past u16::MAX, which no enum read here comes near: each
    // has a handful of values.
    v.and_then(|x| u16::try_from(index(x)).ok())
        .map_or(Value::Unknown, Value::Enum)
}

fn sex_index(s: Sex) -> usize {
    match s {
        Sex::Female => 0,
        Sex::Male => 1,
        Sex::Unspecified => 2,
    }
}

fn jurisdiction_index(j: Jurisdiction) -> usize {
    match j {
        Jurisdiction::Us => 0,
        Jurisdiction::Eu => 1,
    }
}

/// Computes the facts of one profile. `content` supplies the RDA for the
/// derived `diet_gap_mg`.
pub(crate) fn facts(profile: &Profile, content: &Content) -> Facts {
    let mut f = [Value::Unknown; FIELD_COUNT];
    // Every `field::` id is below FIELD_COUNT (the macro numbers them from
    // 0), so each has its slot and nothing is skipped.
    let set_field = |f: &mut Facts, id: FieldId, v: Value| {
        if let Some(slot) = f.get_mut(usize::from(id.0)) {
            *slot = v;
        }
    };
    let cramps = profile.cramps.as_ref();
    let life = profile.lifestyle.as_ref();
    set_field(&mut f, field::AGE, Value::Number(profile.age.get()));
    set_field(&mut f, field::SEX, one(profile.sex, sex_index));
    set_field(
        &mut f,
        field::PREGNANCY,
        one(profile.pregnancy, Pregnancy::index),
    );
    set_field(&mut f, field::LACTATING, flag(profile.lactating));
    set_field(
        &mut f,
        field::PER_WEEK,
        num(cramps.and_then(|c| c.per_week)),
    );
    set_field(
        &mut f,
        field::TIMING,
        set(cramps.and_then(|c| c.timing.as_ref()), Timing::index),
    );
    set_field(
        &mut f,
        field::SITES,
        set(cramps.and_then(|c| c.sites.as_ref()), Site::index),
    );
    set_field(
        &mut f,
        field::SEVERITY,
        num(cramps.and_then(|c| c.severity)),
    );
    set_field(
        &mut f,
        field::ONE_SIDED,
        flag(cramps.and_then(|c| c.one_sided)),
    );
    set_field(&mut f, field::WEEKS, num(cramps.and_then(|c| c.weeks)));
    set_field(
        &mut f,
        field::DURATION,
        num(cramps.and_then(|c| c.duration_minutes)),
    );
    set_field(
        &mut f,
        field::EASES,
        flag(cramps.and_then(|c| c.eases_with_stretching)),
    );
    set_field(
        &mut f,
        field::SUDDEN,
        flag(cramps.and_then(|c| c.sudden_onset)),
    );
    set_field(
        &mut f,
        field::TASK,
        flag(cramps.and_then(|c| c.task_specific)),
    );
    set_field(
        &mut f,
        field::SYMPTOMS,
        set(profile.symptoms.as_ref(), Symptom::index),
    );
    set_field(
        &mut f,
        field::EXERCISE,
        num(life.and_then(|l| l.exercise_per_week)),
    );
    set_field(
        &mut f,
        field::SWEATING,
        flag(life.and_then(|l| l.heavy_sweating)),
    );
    set_field(
        &mut f,
        field::CAFFEINE,
        num(life.and_then(|l| l.caffeine_cups_per_day)),
    );
    set_field(
        &mut f,
        field::ALCOHOL,
        num(life.and_then(|l| l.alcohol_drinks_per_week)),
    );
    set_field(&mut f, field::STRESS, num(life.and_then(|l| l.stress)));
    set_field(
        &mut f,
        field::DIET,
        one(life.and_then(|l| l.diet), Diet::index),
    );
    set_field(
        &mut f,
        field::WATER,
        num(life.and_then(|l| l.water_liters_per_day)),
    );
    set_field(
        &mut f,
        field::SITTING,
        num(life.and_then(|l| l.sitting_hours_per_day)),
    );
    set_field(
        &mut f,
        field::CONDITIONS,
        set(profile.conditions.as_ref(), Condition::index),
    );
    set_field(
        &mut f,
        field::MEDICATIONS,
        set(profile.medications.as_ref(), Medication::index),
    );
    let mg = |n: Option<f64>| n.map_or(Value::Unknown, Value::Number);
    set_field(
        &mut f,
        field::SUPP_MAGNESIUM,
        mg(profile.supplemental_magnesium_mg()),
    );
    let forms: Option<Vec<FormId>> = profile
        .supplements
        .as_ref()
        .map(|list| list.iter().filter_map(|s| s.form).collect());
    set_field(
        &mut f,
        field::SUPP_FORMS,
        set(forms.as_ref(), FormId::index),
    );
    set_field(
        &mut f,
        field::SUPP_B6,
        mg(profile.nutrient_mg(Nutrient::VitaminB6)),
    );
    set_field(
        &mut f,
        field::SUPP_TAURINE,
        mg(profile.nutrient_mg(Nutrient::Taurine)),
    );
    set_field(
        &mut f,
        field::SUPP_POTASSIUM,
        mg(profile.nutrient_mg(Nutrient::Potassium)),
    );
    // How far what is already taken is above the limit for this age and
    // jurisdiction (negative: below it). No established limit counts as 0,
    // so any amount taken is above it.
    let age = profile.age.get();
    let jurisdiction = profile.jurisdiction();
    let over = |taken: Option<f64>, limit: Option<f64>| {
        taken.map_or(Value::Unknown, |t| Value::Number(t - limit.unwrap_or(0.0)))
    };
    set_field(
        &mut f,
        field::MG_OVER,
        over(
            profile.supplemental_magnesium_mg(),
            content.supplemental_ul_mg(age, jurisdiction),
        ),
    );
    set_field(
        &mut f,
        field::B6_OVER,
        over(
            profile.nutrient_mg(Nutrient::VitaminB6),
            content.companion_limit_mg("vitamin_b6", age, jurisdiction),
        ),
    );
    set_field(
        &mut f,
        field::TAURINE_OVER,
        over(
            profile.nutrient_mg(Nutrient::Taurine),
            content.companion_limit_mg("taurine", age, jurisdiction),
        ),
    );
    set_field(&mut f, field::DIET_MG, num(profile.diet_magnesium_mg));
    let gap = profile.diet_magnesium_mg.and_then(|diet| {
        let rda = content.rda_mg(
            profile.age.get(),
            profile.sex.unwrap_or_default(),
            profile.is_pregnant().unwrap_or(false),
            profile.lactating.unwrap_or(false),
        )?;
        // To 0.01 mg: food sums carry float noise (32.29000000000002) that
        // would otherwise show in explanations.
        Some(((rda - diet.get()).max(0.0) * 100.0).round() / 100.0)
    });
    set_field(&mut f, field::DIET_GAP, mg(gap));
    let prefs = profile.preferences.as_ref();
    set_field(
        &mut f,
        field::FORMAT,
        one(prefs.and_then(|p| p.format), Format::index),
    );
    set_field(
        &mut f,
        field::AVOID,
        set(prefs.and_then(|p| p.avoid.as_ref()), Avoid::index),
    );
    set_field(
        &mut f,
        field::JURISDICTION,
        one(Some(profile.jurisdiction()), jurisdiction_index),
    );
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::inputs;

    /// The condition fields read from the profile are the table's fields,
    /// in its order (`supplements` itself is read through derived facts).
    #[test]
    fn profile_fields_are_the_tables_in_its_order() {
        let table: Vec<&str> = inputs()
            .iter()
            .filter(|f| f.is_column() && f.kind != FieldKind::Supplements)
            .map(|f| f.path)
            .collect();
        let read: Vec<&str> = PATHS
            .iter()
            .filter(|(_, derived)| !derived)
            .map(|(p, _)| *p)
            .collect();
        assert_eq!(read, table);
        for (path, derived) in PATHS {
            assert_eq!(crate::fields::input(path).is_some(), !derived, "{path}");
            assert_eq!(is_derived(path), *derived, "{path}");
        }
    }

    #[test]
    fn plain_words_are_as_before() {
        assert_eq!(plain_words("lactating"), "breastfeeding");
        assert_eq!(plain_words("lifestyle.stress"), "daily habits");
        assert_eq!(plain_words("lifestyle.exercise_per_week"), "exercise");
        assert_eq!(
            plain_words("supplements.magnesium_mg"),
            "supplements you take"
        );
        assert_eq!(plain_words("preferences.format"), "preferences.format");
        assert_eq!(plain_words("diet_gap_mg"), "diet_gap_mg");
    }
}
