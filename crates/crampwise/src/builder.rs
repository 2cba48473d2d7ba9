//! [`ProfileBuilder`]: a typed profile built in Rust, checked like one read
//! from JSON.

use crampwise_content::{Jurisdiction, Sex};
use crampwise_rules::profile::{
    Condition, Cramps, FormId, Lifestyle, Medication, Nutrient, Preferences, Pregnancy, Profile,
    Supplement, Symptom,
};
use crampwise_rules::Number;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};

/// Builds a [`Profile`] in Rust. Anything left out is "not asked", as an
/// absent JSON key is; [`ProfileBuilder::build`] checks every range and
/// shape as [`crate::Engine::profile`] does for JSON, so an invalid typed
/// profile never reaches the engine.
///
/// ```
/// use crampwise::prelude::*;
/// let profile = ProfileBuilder::new(67.0)
///     .sex(Sex::Female)
///     .cramp_timing([Timing::Night])
///     .conditions([])
///     .medications([Medication::ThiazideDiuretic])
///     .build()?;
/// assert_eq!(profile.age.get(), 67.0);
/// assert!(ProfileBuilder::new(400.0).build().is_err());
/// # Ok::<(), crampwise::Diagnostics>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct ProfileBuilder {
    profile: Profile,
    errors: Vec<Diagnostic>,
}

impl ProfileBuilder {
    /// A profile of a person of `age` years (0 to 120), nothing else asked.
    pub fn new(age: f64) -> ProfileBuilder {
        let mut builder = ProfileBuilder {
            profile: Profile::default(),
            errors: Vec::new(),
        };
        if let Some(age) = builder.number("age", age) {
            builder.profile.age = age;
        }
        builder
    }

    /// A finite number, or an error at `path`.
    fn number(&mut self, path: &str, value: f64) -> Option<Number> {
        let number = Number::new(value);
        if number.is_none() {
            self.errors.push(Diagnostic::new(
                Code::InvalidProfile,
                path,
                format!("expected a finite number, got `{value}`"),
            ));
        }
        number
    }

    /// Sex.
    pub fn sex(mut self, sex: Sex) -> Self {
        self.profile.sex = Some(sex);
        self
    }

    /// Pregnancy status.
    pub fn pregnancy(mut self, pregnancy: Pregnancy) -> Self {
        self.profile.pregnancy = Some(pregnancy);
        self
    }

    /// Whether breastfeeding.
    pub fn lactating(mut self, lactating: bool) -> Self {
        self.profile.lactating = Some(lactating);
        self
    }

    /// Whose upper limits apply (US by default).
    pub fn jurisdiction(mut self, jurisdiction: Jurisdiction) -> Self {
        self.profile.jurisdiction = Some(jurisdiction);
        self
    }

    /// Every answer about the cramps at once.
    pub fn cramps(mut self, cramps: Cramps) -> Self {
        self.profile.cramps = Some(cramps);
        self
    }

    /// When the cramps happen (the rest of `cramps` unchanged).
    pub fn cramp_timing(
        mut self,
        timing: impl IntoIterator<Item = crampwise_rules::profile::Timing>,
    ) -> Self {
        self.profile
            .cramps
            .get_or_insert_with(Cramps::default)
            .timing = Some(timing.into_iter().collect());
        self
    }

    /// Cramp episodes a week, 0 to 100 (the rest of `cramps` unchanged).
    pub fn cramps_per_week(mut self, per_week: f64) -> Self {
        let value = self.number("cramps.per_week", per_week);
        self.profile
            .cramps
            .get_or_insert_with(Cramps::default)
            .per_week = value;
        self
    }

    /// Symptoms besides the cramps (an empty list: none of them).
    pub fn symptoms(mut self, symptoms: impl IntoIterator<Item = Symptom>) -> Self {
        self.profile.symptoms = Some(symptoms.into_iter().collect());
        self
    }

    /// Conditions (an empty list: none of them).
    pub fn conditions(mut self, conditions: impl IntoIterator<Item = Condition>) -> Self {
        self.profile.conditions = Some(conditions.into_iter().collect());
        self
    }

    /// Medicines (an empty list: none of them).
    pub fn medications(mut self, medications: impl IntoIterator<Item = Medication>) -> Self {
        self.profile.medications = Some(medications.into_iter().collect());
        self
    }

    /// Lifestyle answers.
    pub fn lifestyle(mut self, lifestyle: Lifestyle) -> Self {
        self.profile.lifestyle = Some(lifestyle);
        self
    }

    /// Preferences for a product.
    pub fn preferences(mut self, preferences: Preferences) -> Self {
        self.profile.preferences = Some(preferences);
        self
    }

    /// Magnesium from food, mg a day (0 to 5000).
    pub fn diet_magnesium_mg(mut self, mg: f64) -> Self {
        self.profile.diet_magnesium_mg = self.number("diet_magnesium_mg", mg);
        self
    }

    /// Says that no supplements are taken (without it, nobody asked).
    pub fn no_supplements(mut self) -> Self {
        self.profile.supplements.get_or_insert_with(Vec::new);
        self
    }

    /// A magnesium supplement already taken: its form and elemental mg a day.
    pub fn magnesium_taken(mut self, form: FormId, elemental_mg: f64) -> Self {
        let at = self.supplement_path("elemental_mg");
        let elemental_mg = self.number(&at, elemental_mg);
        self.profile
            .supplements
            .get_or_insert_with(Vec::new)
            .push(Supplement {
                form: Some(form),
                elemental_mg,
                ..Supplement::default()
            });
        self
    }

    /// Another supplement already taken: the nutrient and mg a day.
    pub fn nutrient_taken(mut self, nutrient: Nutrient, mg: f64) -> Self {
        let at = self.supplement_path("mg");
        let mg = self.number(&at, mg);
        self.profile
            .supplements
            .get_or_insert_with(Vec::new)
            .push(Supplement {
                nutrient: Some(nutrient),
                mg,
                ..Supplement::default()
            });
        self
    }

    fn supplement_path(&self, key: &str) -> String {
        let next = self.profile.supplements.as_ref().map_or(0, Vec::len);
        format!("supplements[{next}].{key}")
    }

    /// The checked profile.
    ///
    /// # Errors
    /// Every value out of its range or not finite, as
    /// [`Code::InvalidProfile`] diagnostics with their paths.
    pub fn build(self) -> Result<Profile, Diagnostics> {
        let mut errors = self.errors;
        if let Err(e) = self.profile.check() {
            let paths: Vec<String> = errors.iter().map(Diagnostic::path_text).collect();
            errors.extend(
                Diagnostics::from_input_errors(Code::InvalidProfile, &e)
                    .0
                    .into_iter()
                    .filter(|d| !paths.contains(&d.path_text())),
            );
        }
        if errors.is_empty() {
            Ok(self.profile)
        } else {
            Err(Diagnostics(errors))
        }
    }
}
