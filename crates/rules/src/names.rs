//! `as_str`, `Display` and `FromStr` for the rule crate's enums that have
//! no generated ones: each name as the rule files and plans write it.

use crate::ruleset::Category;

crampwise_content::text_names!(Category {
    Triage => "triage",
    Safety => "safety",
    Indication => "indication",
    Form => "form",
    Timing => "timing",
    Dose => "dose",
    Companion => "companion",
    Lifestyle => "lifestyle",
    Food => "food",
    Caution => "caution",
    Expectation => "expectation",
});
