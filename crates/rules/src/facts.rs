//! The profile as facts for conditions: one typed value per field, where an
//! unasked question is `Unknown`.
//!
//! The field table here is the one list of names a rule condition may use.

use crampwise_content::{Content, Jurisdiction, Sex};
use crampwise_expr::{FieldId, FieldType, Schema, Value};

use crate::number::Number;
use crate::profile::{
    Avoid, Condition, Diet, FormId, Format, Medication, Nutrient, Pregnancy, Profile, Site,
    Symptom, Timing,
};

macro_rules! fields {
    ($($konst:ident = $path:literal : $ty:expr),+ $(,)?) => {
        /// Field indices, in declaration order.
        #[allow(missing_docs)]
        pub mod field {
            use crampwise_expr::FieldId;
            fields!(@consts 0u16; $($konst),+);
        }

        /// Every field a condition may read, with its type.
        pub fn schema() -> Schema {
            let mut schema = Schema::new();
            $(schema = schema.field($path, $ty);)+
            schema
        }

        /// Number of fields.
        pub const FIELD_COUNT: usize = [$($path),+].len();
    };
    (@consts $n:expr; $konst:ident $(, $rest:ident)*) => {
        pub const $konst: FieldId = FieldId($n);
        fields!(@consts $n + 1u16; $($rest),*);
    };
    (@consts $n:expr;) => {};
}

fn names<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|v| name(*v).to_owned()).collect()
}

fields! {
    AGE = "age": FieldType::Number,
    SEX = "sex": FieldType::Enum(names(&[Sex::Female, Sex::Male, Sex::Unspecified], Sex::as_str)),
    PREGNANCY = "pregnancy": FieldType::Enum(names(Pregnancy::ALL, Pregnancy::as_str)),
    LACTATING = "lactating": FieldType::Bool,
    PER_WEEK = "cramps.per_week": FieldType::Number,
    TIMING = "cramps.timing": FieldType::Set(names(Timing::ALL, Timing::as_str)),
    SITES = "cramps.sites": FieldType::Set(names(Site::ALL, Site::as_str)),
    SEVERITY = "cramps.severity": FieldType::Number,
    ONE_SIDED = "cramps.one_sided": FieldType::Bool,
    WEEKS = "cramps.weeks": FieldType::Number,
    DURATION = "cramps.duration_minutes": FieldType::Number,
    EASES = "cramps.eases_with_stretching": FieldType::Bool,
    SUDDEN = "cramps.sudden_onset": FieldType::Bool,
    TASK = "cramps.task_specific": FieldType::Bool,
    SYMPTOMS = "symptoms": FieldType::Set(names(Symptom::ALL, Symptom::as_str)),
    EXERCISE = "lifestyle.exercise_per_week": FieldType::Number,
    SWEATING = "lifestyle.heavy_sweating": FieldType::Bool,
    CAFFEINE = "lifestyle.caffeine_cups_per_day": FieldType::Number,
    ALCOHOL = "lifestyle.alcohol_drinks_per_week": FieldType::Number,
    STRESS = "lifestyle.stress": FieldType::Number,
    DIET = "lifestyle.diet": FieldType::Enum(names(Diet::ALL, Diet::as_str)),
    WATER = "lifestyle.water_liters_per_day": FieldType::Number,
    SITTING = "lifestyle.sitting_hours_per_day": FieldType::Number,
    CONDITIONS = "conditions": FieldType::Set(names(Condition::ALL, Condition::as_str)),
    MEDICATIONS = "medications": FieldType::Set(names(Medication::ALL, Medication::as_str)),
    SUPP_MAGNESIUM = "supplements.magnesium_mg": FieldType::Number,
    SUPP_FORMS = "supplements.forms": FieldType::Set(names(FormId::ALL, FormId::as_str)),
    SUPP_B6 = "supplements.vitamin_b6_mg": FieldType::Number,
    SUPP_TAURINE = "supplements.taurine_mg": FieldType::Number,
    SUPP_POTASSIUM = "supplements.potassium_mg": FieldType::Number,
    MG_OVER = "supplements.magnesium_over_limit_mg": FieldType::Number,
    B6_OVER = "supplements.vitamin_b6_over_limit_mg": FieldType::Number,
    TAURINE_OVER = "supplements.taurine_over_limit_mg": FieldType::Number,
    DIET_MG = "diet_magnesium_mg": FieldType::Number,
    DIET_GAP = "diet_gap_mg": FieldType::Number,
    FORMAT = "preferences.format": FieldType::Enum(names(Format::ALL, Format::as_str)),
    AVOID = "preferences.avoid": FieldType::Set(names(Avoid::ALL, Avoid::as_str)),
    JURISDICTION = "jurisdiction": FieldType::Enum(names(&[Jurisdiction::Us, Jurisdiction::Eu], Jurisdiction::as_str)),
}

/// A field as a question in plain words, for "not asked" lines in plans.
pub fn plain_words(path: &str) -> &str {
    match path {
        "age" => "age",
        "sex" => "sex",
        "pregnancy" => "pregnancy",
        "lactating" => "breastfeeding",
        "cramps.per_week" => "how often the cramps come",
        "cramps.timing" => "when they come",
        "cramps.sites" => "where they are",
        "cramps.severity" => "how bad they are",
        "cramps.one_sided" => "whether they are always on one side",
        "cramps.weeks" => "how long they have been going on",
        "cramps.duration_minutes" => "how long one cramp lasts",
        "cramps.eases_with_stretching" => "whether a cramp eases with stretching",
        "cramps.sudden_onset" => "whether they started suddenly",
        "cramps.task_specific" => "whether they come only with one task",
        "symptoms" => "other symptoms",
        "conditions" => "health conditions",
        "medications" => "medicines",
        "lifestyle.exercise_per_week" => "exercise",
        "lifestyle.alcohol_drinks_per_week" => "alcohol",
        "lifestyle.water_liters_per_day" => "how much you drink",
        p if p.starts_with("supplements.") => "supplements you take",
        p if p.starts_with("lifestyle.") => "daily habits",
        other => other,
    }
}

/// One value per field, indexed by [`FieldId`].
pub type Facts = [Value; FIELD_COUNT];

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
    v.map_or(Value::Unknown, |x| Value::Enum(index(x) as u16))
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
pub fn facts(profile: &Profile, content: &Content) -> Facts {
    let mut f = [Value::Unknown; FIELD_COUNT];
    let set_field = |f: &mut Facts, id: FieldId, v: Value| f[usize::from(id.0)] = v;
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
        Value::Enum(jurisdiction_index(profile.jurisdiction()) as u16),
    );
    f
}
