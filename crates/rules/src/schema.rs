//! JSON Schema of the contract's profile and plan.

use crate::plan::Plan;
use crate::profile::Profile;

/// JSON Schema of the intake profile, pretty-printed.
pub fn profile_schema() -> String {
    pretty(&schemars::schema_for!(Profile))
}

/// JSON Schema of the plan, pretty-printed.
pub fn plan_schema() -> String {
    pretty(&schemars::schema_for!(Plan))
}

fn pretty(schema: &schemars::Schema) -> String {
    serde_json::to_string_pretty(schema).unwrap_or_default()
}
