//! One module per command group.

pub(crate) mod batch;
pub(crate) mod content;
pub(crate) mod foods;
pub(crate) mod label;
pub(crate) mod recommend;
pub(crate) mod rules;
pub(crate) mod schema;
pub(crate) mod serve;
