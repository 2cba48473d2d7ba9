//! `crampwise foods estimate FOODS.json|-` and `crampwise foods list`:
//! magnesium from food against the recommended intake.
//!
//! The estimate is made by `crampwise_rules::foods`; this module reads the
//! food list and prints the estimate. `--format json` prints the
//! `FoodEstimate` as Python's `estimate_foods` returns it.

use std::process::ExitCode;

use crampwise::render::{self, TextOptions};
use crampwise::FoodsInput;

use crate::cli::{FoodsCommand, Format, OutputArgs};
use crate::ctx::Ctx;
use crate::error::CliError;
use crate::input::Input;

/// Help for a food list that does not validate.
const HELP: &str = "a food list is `{\"age\": 40, \"sex\": \"female\", \"foods\": \
     [{\"id\": \"almonds\", \"servings\": 1, \"per\": \"day\"}]}`; \
     `crampwise foods list` lists the food ids";

/// Runs a `foods` subcommand.
pub(crate) fn run(ctx: &mut Ctx<'_>, command: FoodsCommand) -> Result<ExitCode, CliError> {
    match command {
        FoodsCommand::Estimate { file, output } => {
            let input = Input::new(
                &file,
                "foods estimate",
                "food list",
                crampwise_rules::MAX_PROFILE_BYTES,
            );
            estimate(ctx, &input, output)
        }
        FoodsCommand::List { output } => super::content::list(ctx, "foods", output),
    }
}

fn estimate(
    ctx: &mut Ctx<'_>,
    input: &Input<'_>,
    output: OutputArgs,
) -> Result<ExitCode, CliError> {
    // Read the input before loading the content, so a typo in the name is reported first.
    let text = input.read()?;
    let engine = ctx.engine(None)?;
    let value = input.parse_json(&text, HELP)?;
    let estimate = engine
        .estimate_foods(FoodsInput::Value(&value))
        .map_err(|errors| input.invalid(&errors, HELP))?;
    match output.format {
        // The estimate itself, not a `Value` (which would sort the keys): the
        // same bytes as Python's `estimate_foods_json`.
        Format::Json if output.pretty => {
            serde_json::to_writer_pretty(&mut *ctx.out, &estimate)?;
            writeln!(ctx.out)?;
        }
        Format::Json => {
            serde_json::to_writer(&mut *ctx.out, &estimate)?;
            writeln!(ctx.out)?;
        }
        Format::Text => write!(
            ctx.out,
            "{}",
            render::foods_text(
                &estimate,
                TextOptions {
                    width: ctx.width,
                    color: true,
                    ..TextOptions::default()
                }
            )
        )?,
    }
    Ok(ExitCode::SUCCESS)
}
