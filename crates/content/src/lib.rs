//! The crampwise knowledge base: magnesium forms, reference intakes, foods,
//! medication and condition interactions, red flags, notes and the graded
//! claims and sources behind them, as validated, typed data.
//!
//! The data lives in reviewable TOML files (`crates/content/data/`, described
//! in its `README.md`) that are embedded at compile time. [`Content::embedded`]
//! parses and validates them once: unknown fields, dangling claim or source
//! references, duplicate ids, elemental fractions that disagree with their
//! chemical formula, and gaps in age tables are all load errors, reported
//! together with file, item and field ([`ContentErrors`]).
//!
//! What it is not: this crate makes no decisions. It does not triage, choose a
//! form or compute a dose; the rules engine does that on top of this data.
//! It performs no I/O beyond [`Content::from_dir`].
//!
//! ```
//! use crampwise_content::{Content, Jurisdiction, Sex};
//!
//! let c = Content::embedded()?;
//! let citrate = c.form_by_alias("Magnesium Citrate").expect("a known form");
//! assert_eq!(citrate.id, "citrate");
//! assert!(c.rda_mg(40.0, Sex::Female, false, false).is_some());
//! let _ul = c.supplemental_ul_mg(40.0, Jurisdiction::Us);
//! assert!(c.version().contains('+'));
//! # Ok::<(), crampwise_content::ContentErrors>(())
//! ```

pub mod cds;
pub mod chemistry;
pub mod demographics;
mod enums;
mod error;
mod model;

mod collection;
mod content;
mod index;
mod load;
mod lookup;
mod parse;
pub mod read;
pub mod reference;
pub use crampwise_suggest as suggest;
mod validate;
mod version;

pub use chemistry::{elemental_fraction, FormulaError};
pub use content::Content;
pub use demographics::{Jurisdiction, Sex};
pub use enums::{
    parse_name, GiTolerance, Grade, IntakeKind, Interaction, LimitKind, NoteKind, ParseNameError,
    SourceKind, SupplementAdvice, TimeOfDay, TriageLevel,
};
pub use error::{ContentError, ContentErrors};

/// The `{placeholders}` a note's text may hold; the plan fills them from its
/// own numbers (what is taken, the limit that applies, by how much it is passed).
pub const NOTE_PLACEHOLDERS: &[&str] = &[
    "taken_mg",
    "upper_limit_mg",
    "excess_mg",
    "jurisdiction",
    "b6_taken_mg",
    "b6_limit_mg",
    "taurine_taken_mg",
];
pub use model::{
    Check, Claim, Companion, CompanionLimit, Condition, Faq, Food, Form, FormVariant, Intakes,
    Measure, Mechanism, Medication, Note, RdaBand, RedFlag, Source, UpperLimitBand,
};
