//! `Display` and `FromStr` for the rule crate's enums that have no
//! generated ones: each name as the rule files and plans write it.

use crate::ruleset::Category;

crampwise_content::display_from_str!(Category {
    Triage,
    Safety,
    Indication,
    Form,
    Timing,
    Dose,
    Companion,
    Lifestyle,
    Food,
    Caution,
    Expectation,
});
