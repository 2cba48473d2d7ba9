//! Who a reference value applies to: sex and the jurisdiction whose limits are used.

use serde::{Deserialize, Serialize};

/// Sex as the intake profile records it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// Female reference values apply.
    Female,
    /// Male reference values apply.
    Male,
    /// Not given; the content documents which reference value it then uses.
    #[default]
    Unspecified,
}

/// Whose tolerable upper intake levels apply.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Jurisdiction {
    /// US Institute of Medicine / NIH Office of Dietary Supplements.
    #[default]
    Us,
    /// European Food Safety Authority.
    Eu,
}

impl Sex {
    /// Every value as written, in declaration order.
    pub const NAMES: &'static [&'static str] = &["female", "male", "unspecified"];

    /// The value as written in profiles and content files.
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Female => "female",
            Sex::Male => "male",
            Sex::Unspecified => "unspecified",
        }
    }
}

impl Jurisdiction {
    /// Every value as written, in declaration order.
    pub const NAMES: &'static [&'static str] = &["us", "eu"];

    /// The value as written in profiles and content files.
    pub fn as_str(self) -> &'static str {
        match self {
            Jurisdiction::Us => "us",
            Jurisdiction::Eu => "eu",
        }
    }
}

impl std::fmt::Display for Sex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for Jurisdiction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Sex {
    type Err = crate::ParseNameError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let all = [Sex::Female, Sex::Male, Sex::Unspecified];
        crate::parse_name("Sex", input, &all, Self::as_str)
    }
}

impl std::str::FromStr for Jurisdiction {
    type Err = crate::ParseNameError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let all = [Jurisdiction::Us, Jurisdiction::Eu];
        crate::parse_name("Jurisdiction", input, &all, Self::as_str)
    }
}
