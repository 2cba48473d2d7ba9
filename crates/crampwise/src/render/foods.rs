//! The food estimate for people: the total against the recommended intake,
//! the foods, the gap and what would close it.

use std::io::Write;

use crampwise_content::IntakeKind;
use crampwise_rules::foods::FoodEstimate;

use super::table::{Column, Table};
use super::{number, wrap, HEADER};

pub(crate) fn text_report(estimate: &FoodEstimate, width: usize) -> String {
    let mut out: Vec<u8> = Vec::new();
    // Writing into a `Vec` cannot fail.
    let _ = write_text(&mut out, estimate, width);
    String::from_utf8_lossy(&out).into_owned()
}

fn write_text(out: &mut Vec<u8>, estimate: &FoodEstimate, width: usize) -> std::io::Result<()> {
    let total = number(estimate.total_mg_per_day);
    let reference = match estimate.rda_kind {
        Some(IntakeKind::Ai) => "adequate intake (AI)",
        _ => "RDA",
    };
    let headline = match (estimate.rda_mg, estimate.percent_of_rda) {
        (Some(rda), Some(percent)) => format!(
            "Magnesium from food: {total} mg a day, {}% of the {reference} of {} mg",
            number(percent),
            number(rda)
        ),
        _ => format!("Magnesium from food: {total} mg a day"),
    };
    for line in wrap(&headline, width) {
        writeln!(out, "{HEADER}{line}{HEADER:#}")?;
    }
    if estimate.foods.is_empty() {
        writeln!(out, "No foods listed.")?;
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
                number(food.servings_per_day),
                number(food.mg_per_serving),
                number(food.mg_per_day),
            ]);
        }
        table.write(&mut *out, width)?;
    }
    if estimate.rda_mg.is_some() {
        writeln!(out)?;
        let gap = if estimate.gap_mg > 0.0 {
            format!(
                "Gap to the {reference}: {} mg a day",
                number(estimate.gap_mg)
            )
        } else {
            format!("Gap to the {reference}: none")
        };
        for line in wrap(&gap, width) {
            writeln!(out, "{HEADER}{line}{HEADER:#}")?;
        }
    }
    if !estimate.suggestions.is_empty() {
        for line in wrap("Any one of these foods would close it:", width) {
            writeln!(out, "{line}")?;
        }
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
                number(s.servings_per_day),
                number(s.mg_per_day),
            ]);
        }
        table.write(&mut *out, width)?;
    }
    if !estimate.notes.is_empty() {
        writeln!(out)?;
        writeln!(out, "{HEADER}Notes{HEADER:#}")?;
        for note in &estimate.notes {
            for (i, line) in wrap(note, width.saturating_sub(4)).iter().enumerate() {
                let bullet = if i == 0 { "  - " } else { "    " };
                writeln!(out, "{bullet}{line}")?;
            }
        }
    }
    Ok(())
}
