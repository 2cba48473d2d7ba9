//! One module per command group.

pub mod content;
pub mod recommend;
pub mod rules;
pub mod schema;
