//! `crampwise foods estimate FOODS.json|-` and `crampwise foods list`:
//! magnesium from food against the recommended intake.
//!
//! The estimate is made by `crampwise_rules::diet`; this module reads the
//! food list and prints the estimate. `--format json` prints the
//! `DietEstimate` as Python's `estimate_foods` returns it.

use std::process::ExitCode;

use crampwise_content::IntakeKind;
use crampwise_rules::diet::{self, DietEstimate, DietInput};

use crate::app::Ctx;
use crate::cli::{FoodsCommand, Format, OutputArgs};
use crate::error::CliError;
use crate::input::Input;
use crate::output::table::{Column, Table};
use crate::output::{wrap, HEADER};

/// Help for a food list that does not validate.
const HELP: &str = "a food list is `{\"age\": 40, \"sex\": \"female\", \"foods\": \
     [{\"id\": \"almonds\", \"servings\": 1, \"per\": \"day\"}]}`; \
     `crampwise foods list` lists the food ids";

/// Runs a `foods` subcommand.
pub fn run(ctx: &mut Ctx<'_>, command: FoodsCommand) -> Result<ExitCode, CliError> {
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
    let content = ctx.content()?;
    let value = input.parse_json(&text, HELP)?;
    let foods =
        DietInput::from_value(&value, &content).map_err(|errors| input.invalid(&errors, HELP))?;
    let estimate = diet::estimate(&foods, &content);
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
        Format::Text => write_text(ctx, &estimate)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// A number for people: `80`, `9.14`.
fn num(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        value.to_string()
    }
}

fn write_text(ctx: &mut Ctx<'_>, estimate: &DietEstimate) -> Result<(), CliError> {
    let total = num(estimate.total_mg_per_day);
    let reference = match estimate.rda_kind {
        Some(IntakeKind::Ai) => "adequate intake (AI)",
        _ => "RDA",
    };
    let headline = match (estimate.rda_mg, estimate.percent_of_rda) {
        (Some(rda), Some(percent)) => format!(
            "Magnesium from food: {total} mg a day, {}% of the {reference} of {} mg",
            num(percent),
            num(rda)
        ),
        _ => format!("Magnesium from food: {total} mg a day"),
    };
    writeln!(ctx.out, "{HEADER}{headline}{HEADER:#}")?;
    if estimate.foods.is_empty() {
        writeln!(ctx.out, "No foods listed.")?;
    } else {
        let mut table = Table::new(vec![
            Column::flexible("food"),
            Column::text("serving"),
            Column::number("servings a day"),
            Column::number("mg a serving"),
            Column::number("mg a day"),
        ]);
        for food in &estimate.foods {
            table.push(vec![
                food.name.clone(),
                food.serving.clone(),
                num(food.servings_per_day),
                num(food.mg_per_serving),
                num(food.mg_per_day),
            ]);
        }
        table.write(ctx.out, ctx.width)?;
    }
    if estimate.rda_mg.is_some() {
        writeln!(ctx.out)?;
        if estimate.gap_mg > 0.0 {
            writeln!(
                ctx.out,
                "{HEADER}Gap to the {reference}: {} mg a day{HEADER:#}",
                num(estimate.gap_mg)
            )?;
        } else {
            writeln!(ctx.out, "{HEADER}Gap to the {reference}: none{HEADER:#}")?;
        }
    }
    if !estimate.suggestions.is_empty() {
        writeln!(ctx.out, "Any one of these foods would close it:")?;
        let mut table = Table::new(vec![
            Column::flexible("food"),
            Column::text("serving"),
            Column::number("servings a day"),
            Column::number("mg a day"),
        ]);
        for s in &estimate.suggestions {
            table.push(vec![
                s.name.clone(),
                s.serving.clone(),
                num(s.servings_per_day),
                num(s.mg_per_day),
            ]);
        }
        table.write(ctx.out, ctx.width)?;
    }
    if !estimate.notes.is_empty() {
        writeln!(ctx.out)?;
        writeln!(ctx.out, "{HEADER}Notes{HEADER:#}")?;
        for note in &estimate.notes {
            for (i, line) in wrap(note, ctx.width.saturating_sub(4)).iter().enumerate() {
                let bullet = if i == 0 { "  - " } else { "    " };
                writeln!(ctx.out, "{bullet}{line}")?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(num(80.0), "80");
        assert_eq!(num(9.14), "9.14");
        assert_eq!(num(0.29), "0.29");
    }
}
