//! One module per command group.

pub mod batch;
pub mod content;
pub mod foods;
pub mod label;
pub mod recommend;
pub mod rules;
pub mod schema;
