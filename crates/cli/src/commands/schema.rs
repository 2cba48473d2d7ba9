//! `crampwise schema profile|plan`: the JSON Schema of the contract's documents.

use std::process::ExitCode;

use crampwise_rules::schema;

use crate::cli::SchemaKind;
use crate::ctx::Ctx;
use crate::error::CliError;

/// Prints the JSON Schema of `kind`, indented, then a newline.
pub(crate) fn run(ctx: &mut Ctx<'_>, kind: SchemaKind) -> Result<ExitCode, CliError> {
    let text = match kind {
        SchemaKind::Profile => schema::profile_schema(),
        SchemaKind::Plan => schema::plan_schema(),
    };
    if text.is_empty() {
        return Err(CliError::Internal(
            "could not write the JSON Schema".to_owned(),
        ));
    }
    writeln!(ctx.out, "{text}")?;
    Ok(ExitCode::SUCCESS)
}
