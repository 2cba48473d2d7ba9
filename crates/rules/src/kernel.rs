//! The safety kernel: the contract's hard rules in code, applied to every
//! plan after the rules, on every path (plans, batch summaries, label fit).
//!
//! Rule and content directories are user input, so the rules alone cannot be
//! trusted to keep a plan safe. The kernel reads only the profile's facts and
//! the reference values of [`crampwise_content::reference`]; no file can
//! switch it off. It enforces, in this order:
//!
//! 1. **Warning signs**: each contract red flag raises triage to at least its
//!    reference level ([`SIGNS`]) and is named in the reasons.
//! 2. **Unsafe conditions**: kidney disease, heart block or myasthenia gravis
//!    make the supplement `not_advised`.
//! 3. **Life stages**: pregnancy, breastfeeding and age under 9 need a
//!    clinician first; under 1, `not_advised` (no limit is established).
//! 4. **Clinician first** implies triage of at least `clinician`, and triage
//!    of `clinician` or above implies at least `clinician_first`.
//! 5. **The cap**: the lower of the content's and the reference upper limit
//!    for supplemental magnesium, minus what is already taken; the daily
//!    maximum, target, start and every dose stay within it, in whole mg.
//! 6. **No allowance without a suggestion**: not suggested means an empty
//!    schedule; not advised means a daily maximum of 0.
//!
//! With the built-in rules the kernel never has to correct anything (the
//! property tests check it); where it does, the plan's trace gets a `kernel`
//! step that says what was corrected and why, so a broken rule file shows.

use crampwise_content::{reference, Jurisdiction, TriageLevel};
use crampwise_expr::Value;

use crate::decide::{PlanDecisions, StatusReason};
use crate::facts::{field, jurisdiction, number, Facts};
use crate::plan::Status;
use crate::profile::{Condition, Medication, Pregnancy, Symptom};

/// The trace's rule id for a kernel correction.
pub const KERNEL_RULE: &str = "kernel";

/// The text every plan ends with when the content's own is missing.
pub(crate) const FALLBACK_DISCLAIMER: &str =
    "This is general guidance, not a diagnosis or medical advice.";

/// The safety net when the content's own is missing.
pub(crate) const FALLBACK_SAFETY_NET: &str = "A cramp that lasts more than 10 minutes, or does not ease with stretching, needs urgent medical advice.";

/// A contract warning sign: a test over the facts and the least level it calls for.
pub(crate) struct Sign {
    /// The content red flag id that names it.
    pub id: &'static str,
    /// The least triage level.
    pub level: TriageLevel,
    /// What the plan says when the content has no red flag of this id.
    pub text: &'static str,
    test: fn(&Facts) -> bool,
}

impl Sign {
    /// Whether the facts show this sign.
    pub(crate) fn present(&self, facts: &Facts) -> bool {
        (self.test)(facts)
    }
}

fn bits(facts: &Facts, id: crampwise_expr::FieldId) -> u64 {
    match facts.get(id.index()) {
        Some(Value::Set(b)) => *b,
        _ => 0,
    }
}

fn symptom(facts: &Facts, s: Symptom) -> bool {
    bits(facts, field::SYMPTOMS) & (1 << s.index()) != 0
}

fn condition(facts: &Facts, c: Condition) -> bool {
    bits(facts, field::CONDITIONS) & (1 << c.index()) != 0
}

fn medication(facts: &Facts, m: Medication) -> bool {
    bits(facts, field::MEDICATIONS) & (1 << m.index()) != 0
}

fn has_cramps(facts: &Facts) -> bool {
    number(facts, field::PER_WEEK).is_some_and(|n| n > 0.0)
}

fn leg_sign(f: &Facts) -> bool {
    symptom(f, Symptom::LegSwelling) || symptom(f, Symptom::LegRednessWarmth)
}

fn age(f: &Facts) -> f64 {
    number(f, field::AGE).unwrap_or(0.0)
}

/// Pregnant: a trimester is given.
fn pregnant(f: &Facts) -> bool {
    matches!(f.get(field::PREGNANCY.index()), Some(Value::Enum(i)) if usize::from(*i) != Pregnancy::None.index())
}

fn lactating(f: &Facts) -> bool {
    matches!(f.get(field::LACTATING.index()), Some(Value::Bool(true)))
}

/// The contract's warning signs (contract section 2; NHS, NI Direct, CDC,
/// MedlinePlus), with the least level each calls for.
pub(crate) const SIGNS: &[Sign] = &[
    Sign {
        id: "possible_pulmonary_embolism",
        level: TriageLevel::Emergency,
        text: "A swollen or red leg with chest pain or breathlessness can be a blood clot in the lung. Call emergency services now.",
        test: |f| leg_sign(f) && (symptom(f, Symptom::ChestPain) || symptom(f, Symptom::ShortnessOfBreath)),
    },
    Sign {
        id: "chest_pain",
        level: TriageLevel::Emergency,
        text: "Chest pain needs emergency care. Call emergency services now.",
        test: |f| symptom(f, Symptom::ChestPain),
    },
    Sign {
        id: "shortness_of_breath",
        level: TriageLevel::Urgent,
        text: "Breathlessness with cramps needs a medical check today.",
        test: |f| symptom(f, Symptom::ShortnessOfBreath),
    },
    Sign {
        id: "possible_dvt",
        level: TriageLevel::Urgent,
        text: "A swollen leg that is red or warm, or swollen on one side, can be a blood clot in a deep vein. Get medical care today.",
        test: |f| {
            symptom(f, Symptom::LegSwelling)
                && (symptom(f, Symptom::LegRednessWarmth)
                    || matches!(f.get(field::ONE_SIDED.index()), Some(Value::Bool(true))))
        },
    },
    Sign {
        id: "red_warm_leg",
        level: TriageLevel::Urgent,
        text: "A red or warm leg can be a blood clot or an infection. Get it checked today.",
        test: |f| symptom(f, Symptom::LegRednessWarmth),
    },
    Sign {
        id: "possible_rhabdomyolysis",
        level: TriageLevel::Urgent,
        text: "Dark urine with muscle weakness or severe pain can mean muscle breakdown. Get urgent care today.",
        test: |f| {
            symptom(f, Symptom::DarkUrine)
                && (symptom(f, Symptom::MuscleWeakness)
                    || number(f, field::SEVERITY).is_some_and(|s| s >= 7.0))
        },
    },
    Sign {
        id: "confusion",
        level: TriageLevel::Urgent,
        text: "Confusion with cramps can mean low blood sodium. Get urgent care today.",
        test: |f| symptom(f, Symptom::Confusion),
    },
    Sign {
        id: "cramp_over_10_minutes",
        level: TriageLevel::Urgent,
        text: "A cramp that lasts over 10 minutes needs urgent medical advice today.",
        test: |f| number(f, field::DURATION).is_some_and(|m| m > 10.0),
    },
    Sign {
        id: "dark_urine",
        level: TriageLevel::Clinician,
        text: "Dark urine should be checked by a clinician.",
        test: |f| symptom(f, Symptom::DarkUrine),
    },
    Sign {
        id: "claudication",
        level: TriageLevel::Clinician,
        text: "Leg pain on walking that eases with rest can be narrowed arteries. See a clinician.",
        test: |f| symptom(f, Symptom::PainWalkingRelievedByRest),
    },
    Sign {
        id: "muscle_weakness_or_wasting",
        level: TriageLevel::Clinician,
        text: "Muscle weakness points to a nerve or muscle problem. See a clinician.",
        test: |f| symptom(f, Symptom::MuscleWeakness),
    },
    Sign {
        id: "numbness",
        level: TriageLevel::Clinician,
        text: "Numbness with cramps should be checked by a clinician.",
        test: |f| symptom(f, Symptom::Numbness),
    },
    Sign {
        id: "leg_swelling",
        level: TriageLevel::Clinician,
        text: "Leg swelling with cramps should be checked by a clinician.",
        test: |f| symptom(f, Symptom::LegSwelling),
    },
    Sign {
        id: "palpitations",
        level: TriageLevel::Clinician,
        text: "Palpitations with cramps should be checked by a clinician before any supplement.",
        test: |f| symptom(f, Symptom::Palpitations),
    },
    Sign {
        id: "new_cramps_on_statin",
        level: TriageLevel::Clinician,
        text: "Statins can cause cramps. Tell your prescriber.",
        test: |f| medication(f, Medication::Statin) && has_cramps(f),
    },
    Sign {
        id: "new_cramps_on_diuretic",
        level: TriageLevel::Clinician,
        text: "Diuretics can cause cramps and change magnesium and potassium. Ask your prescriber for a blood test.",
        test: |f| {
            (medication(f, Medication::LoopDiuretic)
                || medication(f, Medication::ThiazideDiuretic)
                || medication(f, Medication::PotassiumSparingDiuretic))
                && has_cramps(f)
        },
    },
    Sign {
        id: "kidney_disease_review",
        level: TriageLevel::Clinician,
        text: "With kidney disease, ask your kidney team before taking any magnesium.",
        test: |f| condition(f, Condition::KidneyDisease),
    },
    Sign {
        id: "heart_block_review",
        level: TriageLevel::Clinician,
        text: "With heart block, ask your cardiologist before taking any magnesium.",
        test: |f| condition(f, Condition::HeartBlock),
    },
    Sign {
        id: "myasthenia_gravis_review",
        level: TriageLevel::Clinician,
        text: "With myasthenia gravis, ask your neurologist before taking any magnesium.",
        test: |f| condition(f, Condition::MyastheniaGravis),
    },
    Sign {
        id: "pregnancy_review",
        level: TriageLevel::Clinician,
        text: "In pregnancy, ask your midwife or doctor before taking a supplement.",
        test: pregnant,
    },
    Sign {
        id: "lactation_review",
        level: TriageLevel::Clinician,
        text: "While breastfeeding, check with a clinician before taking a supplement.",
        test: lactating,
    },
    Sign {
        id: "child_review",
        level: TriageLevel::Clinician,
        text: "Children under 9 need a doctor's advice before any magnesium supplement.",
        test: |f| (1.0..9.0).contains(&age(f)),
    },
    Sign {
        id: "infant_review",
        level: TriageLevel::Clinician,
        text: "Babies under 1 get magnesium from milk or food only. See a doctor about cramps or spasms.",
        test: |f| age(f) < 1.0,
    },
];

/// What the kernel corrected in one plan, as bits (see [`Corrections::reasons`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Corrections(u16);

impl Corrections {
    const LEVEL: u16 = 1;
    const UNSAFE_CONDITION: u16 = 1 << 1;
    const LIFE_STAGE: u16 = 1 << 2;
    const CLINICIAN_FIRST: u16 = 1 << 3;
    const CAP: u16 = 1 << 4;
    const DOSES: u16 = 1 << 5;
    const NO_ALLOWANCE: u16 = 1 << 6;
    const NO_LIMIT: u16 = 1 << 7;
    const WARNING_SIGN_FIRST: u16 = 1 << 8;

    /// Whether the kernel corrected nothing.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// One sentence per correction, for the plan's trace.
    pub fn reasons(self) -> impl Iterator<Item = &'static str> {
        const TEXT: &[(u16, &str)] = &[
            (Corrections::LEVEL, "a warning sign called for a higher triage level than the rules gave; raised to its reference level"),
            (Corrections::UNSAFE_CONDITION, "kidney disease, heart block or myasthenia gravis: the rules suggested a supplement; made `not_advised`"),
            (Corrections::LIFE_STAGE, "pregnancy, breastfeeding or age under 9: the rules suggested a supplement without a clinician first; made `clinician_first`"),
            (Corrections::CLINICIAN_FIRST, "`clinician_first` with triage below `clinician`; raised to `clinician`"),
            (Corrections::CAP, "the daily maximum was above the reference upper limit minus what is taken; lowered to it"),
            (Corrections::DOSES, "the target, start or doses were above the cap; lowered to it in whole mg"),
            (Corrections::NO_ALLOWANCE, "a schedule or allowance without a suggestion; removed"),
            (Corrections::NO_LIMIT, "no upper limit is established at this age; no supplement"),
            (Corrections::WARNING_SIGN_FIRST, "a warning sign calls for a clinician, but the rules suggested a supplement; made `clinician_first`"),
        ];
        TEXT.iter()
            .filter(move |(bit, _)| self.0 & bit != 0)
            .map(|(_, text)| *text)
    }
}

/// The supplemental upper limit the kernel applies: the content's value,
/// but never above the reference (`None`: not established by either).
pub(crate) fn upper_limit_mg(
    content_ul: Option<f64>,
    age: f64,
    jurisdiction: Jurisdiction,
) -> Option<f64> {
    let reference = reference::supplemental_magnesium_ul_mg(age, jurisdiction)?;
    Some(match content_ul {
        Some(ul) if ul.is_finite() => ul.clamp(0.0, reference),
        _ => reference,
    })
}

/// The most of a companion nutrient a plan may suggest: its limit (the
/// content's, never above the reference) minus what is already taken.
/// `None`: never suggest it (potassium, or no limit known).
pub(crate) fn companion_allowance_mg(
    id: &str,
    content_limit: Option<f64>,
    taken_mg: f64,
    age: f64,
    jurisdiction: Jurisdiction,
) -> Option<f64> {
    if id == "potassium" {
        return None;
    }
    let limit = match (
        content_limit,
        reference::companion_limit_mg(id, age, jurisdiction),
    ) {
        (Some(c), Some(r)) => c.min(r),
        (Some(c), None) => c,
        (None, _) => return None,
    };
    let room = limit - taken_mg.max(0.0);
    (room.is_finite() && room > 0.0).then_some(room)
}

/// `a <= b`, false when either is NaN: a NaN anywhere counts as a breach.
fn at_most(a: f64, b: f64) -> bool {
    a <= b
}

fn restrict(core: &mut PlanDecisions, to: Status, why: &'static str) -> bool {
    if core.status < to {
        core.status = to;
        core.reason = StatusReason::Engine(why);
        true
    } else {
        false
    }
}

/// Applies the kernel to the rules' decisions; returns what it corrected.
pub(crate) fn enforce(
    core: &mut PlanDecisions,
    facts: &Facts,
    content_ul: Option<f64>,
) -> Corrections {
    let mut fixed = 0u16;
    for sign in SIGNS {
        if core.level < sign.level && sign.present(facts) {
            core.level = sign.level;
            fixed |= Corrections::LEVEL;
        }
    }

    let unsafe_condition = condition(facts, Condition::KidneyDisease)
        || condition(facts, Condition::HeartBlock)
        || condition(facts, Condition::MyastheniaGravis);
    if unsafe_condition {
        let note = if condition(facts, Condition::KidneyDisease) {
            "kidney_disease_not_advised"
        } else if condition(facts, Condition::HeartBlock) {
            "heart_block_not_advised"
        } else {
            "myasthenia_not_advised"
        };
        if restrict(core, Status::NotAdvised, note) {
            fixed |= Corrections::UNSAFE_CONDITION;
        }
    }
    let years = age(facts);
    if years < 1.0 {
        if restrict(core, Status::NotAdvised, "infant_not_advised") {
            fixed |= Corrections::LIFE_STAGE;
        }
    } else if pregnant(facts) || lactating(facts) || years < 9.0 {
        let note = if pregnant(facts) {
            "pregnancy_clinician_first"
        } else if lactating(facts) {
            "lactation_clinician_first"
        } else {
            "child_clinician_first"
        };
        if restrict(core, Status::ClinicianFirst, note) {
            fixed |= Corrections::LIFE_STAGE;
        }
    }
    // A warning sign at clinician level or above: a clinician before any supplement.
    if core.level >= TriageLevel::Clinician
        && restrict(core, Status::ClinicianFirst, "red_flag_first")
    {
        fixed |= Corrections::WARNING_SIGN_FIRST;
    }
    if core.status == Status::ClinicianFirst && core.level < TriageLevel::Clinician {
        core.level = TriageLevel::Clinician;
        fixed |= Corrections::CLINICIAN_FIRST;
    }

    let jurisdiction = jurisdiction(facts);
    let upper = upper_limit_mg(content_ul, years, jurisdiction);
    core.upper_limit_mg = upper;
    let taken = if core.taken_mg.is_finite() {
        core.taken_mg.max(0.0)
    } else {
        f64::MAX
    };
    // Whole mg, rounded down: a schedule can never pass the cap by a rounding step.
    let cap = upper.map_or(0.0, |ul| (ul - taken).max(0.0).floor());
    if upper.is_none()
        && core.status == Status::Suggested
        && restrict(core, Status::NotAdvised, "upper_limit_not_established")
    {
        fixed |= Corrections::NO_LIMIT;
    }
    if !at_most(core.cap_mg, cap) {
        core.cap_mg = cap;
        fixed |= Corrections::CAP;
    }

    if core.status == Status::Suggested {
        let total: f64 = core.doses().iter().map(|(_, mg)| mg).sum();
        let over = !at_most(core.target_mg, core.cap_mg)
            || !at_most(total, core.cap_mg)
            || !at_most(core.start_mg, core.target_mg)
            || core
                .doses()
                .iter()
                .any(|(_, mg)| !at_most(f64::MIN_POSITIVE, *mg));
        if over {
            fixed |= Corrections::DOSES;
            let target = core.target_mg.min(core.cap_mg).floor().max(0.0);
            let target = if target.is_finite() { target } else { 0.0 };
            core.target_mg = target;
            core.start_mg = core.start_mg.min(target).floor().max(0.0);
            if !core.start_mg.is_finite() {
                core.start_mg = target;
            }
            if core.dose_count == 2 {
                let first = (target / 2.0).floor();
                core.doses[0].1 = first;
                core.doses[1].1 = target - first;
                if first <= 0.0 {
                    core.dose_count = 1;
                    core.doses[0].1 = target;
                }
            } else {
                core.dose_count = 1;
                core.doses[0].1 = target;
            }
            if target <= 0.0 {
                restrict(core, Status::NotAdvised, "at_upper_limit");
            }
        }
    }

    if core.status != Status::Suggested
        && (core.dose_count != 0
            || core.form.is_some()
            || core.target_mg != 0.0
            || core.start_mg != 0.0)
    {
        fixed |= Corrections::NO_ALLOWANCE;
        core.dose_count = 0;
        core.form = None;
        core.target_mg = 0.0;
        core.start_mg = 0.0;
    }
    if core.status == Status::NotAdvised && core.cap_mg != 0.0 {
        fixed |= Corrections::NO_ALLOWANCE;
        core.cap_mg = 0.0;
    }
    Corrections(fixed)
}
