//! Reference intake lookups by age, sex and jurisdiction.

use crate::content::Content;
use crate::demographics::{Jurisdiction, Sex};

/// The band `[from, to)` containing `age`; `None` for NaN or an age outside every band.
fn band<T>(bands: &[T], age: f64, range: fn(&T) -> (f64, f64)) -> Option<&T> {
    bands.iter().find(|b| {
        let (from, to) = range(b);
        from <= age && age < to
    })
}

impl Content {
    /// The RDA (AI for infants) in mg/day of total magnesium for this person.
    ///
    /// `Unspecified` sex uses the higher of the male and female values.
    /// Pregnancy or lactation uses that column (the female value when absent),
    /// whatever `sex` says; with both, the higher. `None` only for an age
    /// outside the table or NaN.
    pub fn rda_mg(&self, age: f64, sex: Sex, pregnant: bool, lactating: bool) -> Option<f64> {
        let b = band(&self.intakes.rda, age, |b| (b.from, b.to))?;
        let by_sex = match sex {
            Sex::Female => b.female,
            Sex::Male => b.male,
            Sex::Unspecified => b.male.max(b.female),
        };
        let pregnancy = pregnant.then(|| b.pregnancy.unwrap_or(b.female));
        let lactation = lactating.then(|| b.lactation.unwrap_or(b.female));
        Some(match (pregnancy, lactation) {
            (Some(p), Some(l)) => p.max(l),
            (Some(v), None) | (None, Some(v)) => v,
            (None, None) => by_sex,
        })
    }

    /// The tolerable upper intake of supplemental magnesium in mg/day;
    /// `None` when not established for this age (or the age is outside the table).
    pub fn supplemental_ul_mg(&self, age: f64, jurisdiction: Jurisdiction) -> Option<f64> {
        let b = band(&self.intakes.upper_limit, age, |b| (b.from, b.to))?;
        match jurisdiction {
            Jurisdiction::Us => b.us,
            Jurisdiction::Eu => b.eu,
        }
    }

    /// A companion nutrient's upper limit in mg/day; `None` when no limit is
    /// known for that age and jurisdiction (or the companion is unknown).
    pub fn companion_limit_mg(
        &self,
        companion_id: &str,
        age: f64,
        jurisdiction: Jurisdiction,
    ) -> Option<f64> {
        let companion = self.companion(companion_id)?;
        let b = band(&companion.limit, age, |b| (b.from, b.to))?;
        match jurisdiction {
            Jurisdiction::Us => b.us,
            Jurisdiction::Eu => b.eu,
        }
    }
}
