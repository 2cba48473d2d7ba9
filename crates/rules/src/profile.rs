//! The intake profile: what a person answered, and what they were not asked.
//!
//! Every key is optional except `age`. An absent key means "not asked", which
//! the engine treats as unknown, never as "no": `conditions: []` says the
//! person has none of the listed conditions, while a missing `conditions` says
//! nobody asked. Unknown keys are errors, so a typo such as `conditons` can
//! never silently drop a kidney-disease flag.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use crampwise_content::{Jurisdiction, Sex};

use crate::number::Number;

macro_rules! id_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* #[doc = concat!("`", $text, "`")] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Every value as written, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The value as written in profiles and rules.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The position of this value in [`Self::ALL`].
            #[expect(
                clippy::as_conversions,
                reason = "a fieldless enum without explicit discriminants is its declaration position, the same as in ALL; there is no From"
            )]
            pub fn index(self) -> usize {
                self as usize
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = crampwise_content::ParseNameError;

            fn from_str(input: &str) -> Result<Self, Self::Err> {
                crampwise_content::parse_name(stringify!($name), input, Self::ALL, Self::as_str)
            }
        }
    };
}

id_enum!(
    /// Pregnancy status.
    Pregnancy {
        None => "none",
        Trimester1 => "trimester1",
        Trimester2 => "trimester2",
        Trimester3 => "trimester3",
    }
);

id_enum!(
    /// When cramps happen.
    Timing {
        Night => "night",
        DuringExercise => "during_exercise",
        AfterExercise => "after_exercise",
        DaytimeRest => "daytime_rest",
        Sitting => "sitting",
    }
);

id_enum!(
    /// Where cramps happen.
    Site {
        Calf => "calf",
        Foot => "foot",
        Hamstring => "hamstring",
        Quadriceps => "quadriceps",
        Hand => "hand",
        Neck => "neck",
        Shoulder => "shoulder",
        Jaw => "jaw",
        Back => "back",
        Abdomen => "abdomen",
        Eyelid => "eyelid",
    }
);

id_enum!(
    /// Symptoms besides the cramps themselves.
    Symptom {
        Twitching => "twitching",
        PersistentTightness => "persistent_tightness",
        PoorSleep => "poor_sleep",
        RestlessLegs => "restless_legs",
        Constipation => "constipation",
        LooseStools => "loose_stools",
        Palpitations => "palpitations",
        Numbness => "numbness",
        MuscleWeakness => "muscle_weakness",
        LegSwelling => "leg_swelling",
        LegRednessWarmth => "leg_redness_warmth",
        DarkUrine => "dark_urine",
        PainWalkingRelievedByRest => "pain_walking_relieved_by_rest",
        ChestPain => "chest_pain",
        ShortnessOfBreath => "shortness_of_breath",
        Confusion => "confusion",
        Headache => "headache",
        VisionChanges => "vision_changes",
        VaginalBleeding => "vaginal_bleeding",
        Vomiting => "vomiting",
        TendonPain => "tendon_pain",
    }
);

id_enum!(
    /// Diet pattern.
    Diet {
        Standard => "standard",
        LowCarb => "low_carb",
        Keto => "keto",
        HighProtein => "high_protein",
        Vegetarian => "vegetarian",
        Vegan => "vegan",
    }
);

id_enum!(
    /// Diagnosed conditions that matter for cramps or for magnesium.
    Condition {
        KidneyDisease => "kidney_disease",
        HeartBlock => "heart_block",
        MyastheniaGravis => "myasthenia_gravis",
        Diabetes => "diabetes",
        Malabsorption => "malabsorption",
        PeripheralArteryDisease => "peripheral_artery_disease",
        Neuropathy => "neuropathy",
        Hypothyroidism => "hypothyroidism",
        LiverDisease => "liver_disease",
    }
);

id_enum!(
    /// Medicine classes that interact with magnesium or cause cramps.
    Medication {
        Bisphosphonate => "bisphosphonate",
        Tetracycline => "tetracycline",
        Fluoroquinolone => "fluoroquinolone",
        Levothyroxine => "levothyroxine",
        LoopDiuretic => "loop_diuretic",
        ThiazideDiuretic => "thiazide_diuretic",
        PotassiumSparingDiuretic => "potassium_sparing_diuretic",
        Ppi => "ppi",
        Statin => "statin",
        BetaAgonist => "beta_agonist",
        Digoxin => "digoxin",
        CalciumChannelBlocker => "calcium_channel_blocker",
        Gabapentinoid => "gabapentinoid",
    }
);

id_enum!(
    /// Magnesium forms a person may already take (`bisglycinate` is read as `glycinate`).
    FormId {
        #[serde(alias = "bisglycinate")]
        Glycinate => "glycinate",
        Malate => "malate",
        Citrate => "citrate",
        Oxide => "oxide",
        Chloride => "chloride",
        Sulfate => "sulfate",
        Taurate => "taurate",
        LThreonate => "l_threonate",
        Lactate => "lactate",
        Aspartate => "aspartate",
        Carbonate => "carbonate",
        Hydroxide => "hydroxide",
        Orotate => "orotate",
        Gluconate => "gluconate",
    }
);

id_enum!(
    /// Other nutrients a person may already take.
    Nutrient {
        VitaminB6 => "vitamin_b6",
        Taurine => "taurine",
        Potassium => "potassium",
    }
);

id_enum!(
    /// Preferred product format.
    Format {
        Capsule => "capsule",
        Tablet => "tablet",
        Powder => "powder",
        Any => "any",
    }
);

id_enum!(
    /// Ingredients a person wants to avoid.
    Avoid {
        ArtificialSweeteners => "artificial_sweeteners",
        ArtificialColors => "artificial_colors",
        AnimalIngredients => "animal_ingredients",
    }
);

/// One intake profile (contract v1, section 1).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Age in years, 0 to 120.
    pub age: Number,
    /// Sex; absent means not asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// Pregnancy; absent means not asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pregnancy: Option<Pregnancy>,
    /// Breastfeeding; absent means not asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lactating: Option<bool>,
    /// The cramps themselves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cramps: Option<Cramps>,
    /// Other symptoms; `[]` means none, absent means not asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symptoms: Option<Vec<Symptom>>,
    /// Daily habits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifestyle: Option<Lifestyle>,
    /// Diagnosed conditions; `[]` means none, absent means not asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<Vec<Condition>>,
    /// Medicines taken; `[]` means none, absent means not asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medications: Option<Vec<Medication>>,
    /// Supplements already taken; `[]` means none, absent means not asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplements: Option<Vec<Supplement>>,
    /// Estimated magnesium from food, mg a day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diet_magnesium_mg: Option<Number>,
    /// Product preferences.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferences: Option<Preferences>,
    /// Whose upper limits apply; absent means `us`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<Jurisdiction>,
}

/// The cramp pattern.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cramps {
    /// Episodes a week, 0 to 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_week: Option<Number>,
    /// When they happen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timing: Option<Vec<Timing>>,
    /// Where they happen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sites: Option<Vec<Site>>,
    /// How bad, 0 to 10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Number>,
    /// Always the same single side.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub one_sided: Option<bool>,
    /// How many weeks it has been happening.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weeks: Option<Number>,
    /// How long a typical cramp lasts, minutes (0 to 1440).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_minutes: Option<Number>,
    /// Whether a cramp eases with stretching or massage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eases_with_stretching: Option<bool>,
    /// The cramps started suddenly or became much worse in the last few weeks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sudden_onset: Option<bool>,
    /// Cramps come only with one particular task (writing, typing, an instrument).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_specific: Option<bool>,
}

/// Daily habits.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lifestyle {
    /// Exercise sessions a week.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exercise_per_week: Option<Number>,
    /// Sweats heavily (training, heat, work).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heavy_sweating: Option<bool>,
    /// Cups of coffee or other caffeinated drinks a day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caffeine_cups_per_day: Option<Number>,
    /// Alcoholic drinks a week.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alcohol_drinks_per_week: Option<Number>,
    /// Stress, 0 to 10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stress: Option<Number>,
    /// Diet pattern.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diet: Option<Diet>,
    /// Water and other drinks, litres a day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub water_liters_per_day: Option<Number>,
    /// Hours spent sitting a day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sitting_hours_per_day: Option<Number>,
}

/// Product preferences.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Preferences {
    /// Preferred format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// Ingredients to avoid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avoid: Option<Vec<Avoid>>,
}

/// A supplement already taken: magnesium (`form` and `elemental_mg`) or
/// another nutrient (`nutrient` and `mg`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Supplement {
    /// Magnesium form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<FormId>,
    /// Elemental magnesium a day, mg.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elemental_mg: Option<Number>,
    /// Another nutrient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nutrient: Option<Nutrient>,
    /// Amount of that nutrient a day, mg.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mg: Option<Number>,
}

impl Profile {
    /// Magnesium already taken as supplements, mg a day; `None` when not asked.
    pub fn supplemental_magnesium_mg(&self) -> Option<f64> {
        self.supplements.as_ref().map(|list| {
            list.iter()
                .filter(|s| s.form.is_some())
                .filter_map(|s| s.elemental_mg.map(Number::get))
                .fold(0.0, |a, b| a + b)
        })
    }

    /// Amount of `nutrient` already taken, mg a day; `None` when not asked.
    pub fn nutrient_mg(&self, nutrient: Nutrient) -> Option<f64> {
        self.supplements.as_ref().map(|list| {
            list.iter()
                .filter(|s| s.nutrient == Some(nutrient))
                .filter_map(|s| s.mg.map(Number::get))
                .fold(0.0, |a, b| a + b)
        })
    }

    /// The jurisdiction whose limits apply (`us` when not given).
    pub fn jurisdiction(&self) -> Jurisdiction {
        self.jurisdiction.unwrap_or_default()
    }

    /// Whether the profile says the person is pregnant (`None`: not asked).
    pub fn is_pregnant(&self) -> Option<bool> {
        self.pregnancy.map(|p| p != Pregnancy::None)
    }
}
