//! `Display` and `FromStr` for the label checker's enums: each name as the
//! JSON report writes it.

use crate::analyze::magnesium::Basis;
use crate::model::{FormFactor, LabelSource, Unit};
use crate::report::{CheckStatus, Verdict};

crampwise_content::display_from_str!(Verdict {
    Good,
    Acceptable,
    Poor,
    UnsafeForYou,
    Unknown,
    NotTakenByMouth,
});

crampwise_content::display_from_str!(FormFactor {
    Capsule,
    Tablet,
    Powder,
    Liquid,
    Gummy
});

crampwise_content::display_from_str!(Unit {
    Mg,
    Mcg,
    G,
    Iu,
    Kcal
});

crampwise_content::text_names!(CheckStatus {
    Pass => "pass",
    Fail => "fail",
    Unknown => "unknown",
});

crampwise_content::text_names!(LabelSource {
    Text => "text",
    Json => "json",
    Dsld => "dsld",
});

crampwise_content::text_names!(Basis {
    Label => "label",
    Compound => "compound",
    Hidden => "hidden",
    Unreadable => "unreadable",
    SourceOfStated => "source_of_stated",
});
