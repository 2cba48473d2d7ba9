//! The closed vocabularies the content files use (grades, kinds, levels).

use std::fmt;

use serde::{Deserialize, Serialize};

/// A name that is not one of an enum's values (from `FromStr`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} `{input}`; expected one of {}{}", expected(names), crampwise_suggest::did_you_mean(input, names.iter().copied()))]
pub struct ParseNameError {
    /// What the enum names, in words (`sex`, `triage level`).
    pub what: String,
    /// The name given, cut to a bounded excerpt.
    pub input: String,
    /// Every name the enum accepts.
    pub names: Vec<&'static str>,
}

impl ParseNameError {
    /// The error for `input`, not one of `names`; `what` is the enum's
    /// name (`TriageLevel` reads `triage level`).
    pub fn new(what: &str, input: &str, names: Vec<&'static str>) -> Self {
        let mut words = String::new();
        for c in what.chars() {
            if c.is_uppercase() && !words.is_empty() {
                words.push(' ');
            }
            words.extend(c.to_lowercase());
        }
        ParseNameError {
            what: words,
            input: crate::read::excerpt(input).into_owned(),
            names,
        }
    }
}

fn expected(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The value of `T` named `input` among `all` (by `name`), or the error.
///
/// # Errors
///
/// [`ParseNameError`] when no value of `all` is named `input`; it lists the
/// names there are.
pub fn parse_name<T: Copy>(
    what: &str,
    input: &str,
    all: &[T],
    name: fn(T) -> &'static str,
) -> Result<T, ParseNameError> {
    all.iter()
        .copied()
        .find(|v| name(*v) == input)
        .ok_or_else(|| ParseNameError::new(what, input, all.iter().map(|v| name(*v)).collect()))
}

/// `Display` (the name as written) and `FromStr` (its inverse, with a
/// [`ParseNameError`]) for an enum with `as_str(self)`.
#[macro_export]
macro_rules! display_from_str {
    ($ty:ident { $($variant:ident),+ $(,)? }) => {
        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = $crate::ParseNameError;

            fn from_str(input: &str) -> Result<Self, Self::Err> {
                $crate::parse_name(stringify!($ty), input, &[$($ty::$variant),+], $ty::as_str)
            }
        }
    };
}

/// `as_str(self)` (each variant's name as JSON writes it), `Display` and
/// `FromStr` for an enum.
#[macro_export]
macro_rules! text_names {
    ($ty:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $ty {
            /// The value as written in JSON.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $text),+
                }
            }
        }

        $crate::display_from_str!($ty { $($variant),+ });
    };
}

/// Defines a content enum: snake_case serde names, `as_str`, `ALL`,
/// `NAMES`, `Display` and `FromStr`.
macro_rules! content_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
        )]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Every value as written, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The value as written in the content files.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $text, )+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = ParseNameError;

            fn from_str(input: &str) -> Result<Self, ParseNameError> {
                parse_name(stringify!($name), input, Self::ALL, Self::as_str)
            }
        }
    };
}

content_enum! {
    /// How strong the evidence behind a claim is.
    Grade {
        /// Consistent high-certainty evidence, or an official reference value.
        Strong => "strong",
        /// Reasonable evidence with some limitations.
        Moderate => "moderate",
        /// Small or indirect studies.
        Limited => "limited",
        /// No real evidence either way.
        Insufficient => "insufficient",
        /// Sensible practical guidance, not trial evidence.
        Practice => "practice",
        /// The evidence points the other way.
        Contradicted => "contradicted",
    }
}

content_enum! {
    /// What kind of publication a source is.
    SourceKind {
        /// A clinical practice guideline.
        Guideline => "guideline",
        /// A systematic review or meta-analysis.
        SystematicReview => "systematic_review",
        /// A narrative review.
        Review => "review",
        /// A single trial or study.
        Trial => "trial",
        /// A fact sheet (for example NIH ODS).
        FactSheet => "fact_sheet",
        /// A regulator's opinion or decision.
        Regulatory => "regulatory",
        /// A drug or product label.
        Label => "label",
        /// Expert opinion.
        Expert => "expert",
    }
}

content_enum! {
    /// How well the gut usually tolerates a magnesium form.
    GiTolerance {
        /// Rarely upsets the stomach.
        Gentle => "gentle",
        /// Loose stools at higher doses.
        Moderate => "moderate",
        /// Acts as a laxative.
        Laxative => "laxative",
    }
}

content_enum! {
    /// A usual time of day to take something; ordered through the day.
    #[derive(PartialOrd, Ord)]
    TimeOfDay {
        /// Morning.
        Morning => "morning",
        /// Around midday.
        Midday => "midday",
        /// Evening.
        Evening => "evening",
        /// At bedtime.
        Bedtime => "bedtime",
    }
}

content_enum! {
    /// How a medication interacts with magnesium or cramps.
    Interaction {
        /// Doses must be spaced apart (absorption is blocked).
        Spacing => "spacing",
        /// The medication depletes magnesium.
        Depletes => "depletes",
        /// The medication makes the body retain magnesium.
        Retains => "retains",
        /// Use caution; ask a clinician or pharmacist.
        Caution => "caution",
        /// The medication itself can cause cramps.
        CrampCause => "cramp_cause",
        /// No relevant interaction is known.
        None => "none",
    }
}

content_enum! {
    /// Whether a magnesium supplement is reasonable with a condition.
    SupplementAdvice {
        /// Do not take a supplement with this condition.
        NotAdvised => "not_advised",
        /// Ask a clinician before taking one.
        ClinicianFirst => "clinician_first",
        /// A supplement is allowed.
        Allowed => "allowed",
    }
}

content_enum! {
    /// How urgently someone should seek care; ordered by urgency.
    #[derive(PartialOrd, Ord)]
    TriageLevel {
        /// Self-care is appropriate (never used by red flags).
        SelfCare => "self_care",
        /// See a clinician.
        Clinician => "clinician",
        /// Seek care today.
        Urgent => "urgent",
        /// Call emergency services.
        Emergency => "emergency",
    }
}

content_enum! {
    /// What a note is for.
    NoteKind {
        /// A caution shown with advice.
        Caution => "caution",
        /// The reason for a status (for example why no supplement is suggested).
        Status => "status",
        /// What to expect (timelines, effects).
        Expectation => "expectation",
        /// An assumption the engine makes.
        Assumption => "assumption",
        /// The disclaimer.
        Disclaimer => "disclaimer",
    }
}

content_enum! {
    /// Whether an intake band is a Recommended Dietary Allowance or an Adequate Intake.
    IntakeKind {
        /// Adequate Intake (infants).
        Ai => "ai",
        /// Recommended Dietary Allowance.
        Rda => "rda",
    }
}

content_enum! {
    /// What kind of upper limit a companion nutrient's band is.
    LimitKind {
        /// A tolerable upper intake level.
        Ul => "ul",
        /// An observed safe level (no formal UL).
        ObservedSafeLevel => "observed_safe_level",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check<T: Serialize + Copy>(all: &[T], as_str: fn(T) -> &'static str) {
        for &v in all {
            assert_eq!(
                serde_json::to_value(v).unwrap(),
                serde_json::Value::String(as_str(v).to_owned())
            );
        }
    }

    #[test]
    fn as_str_matches_serde() {
        check(Grade::ALL, Grade::as_str);
        check(SourceKind::ALL, SourceKind::as_str);
        check(GiTolerance::ALL, GiTolerance::as_str);
        check(TimeOfDay::ALL, TimeOfDay::as_str);
        check(Interaction::ALL, Interaction::as_str);
        check(SupplementAdvice::ALL, SupplementAdvice::as_str);
        check(TriageLevel::ALL, TriageLevel::as_str);
        check(NoteKind::ALL, NoteKind::as_str);
        check(IntakeKind::ALL, IntakeKind::as_str);
        check(LimitKind::ALL, LimitKind::as_str);
    }

    #[test]
    fn orders() {
        assert!(TimeOfDay::Morning < TimeOfDay::Midday);
        assert!(TimeOfDay::Evening < TimeOfDay::Bedtime);
        assert!(TriageLevel::SelfCare < TriageLevel::Clinician);
        assert!(TriageLevel::Urgent < TriageLevel::Emergency);
    }
}
