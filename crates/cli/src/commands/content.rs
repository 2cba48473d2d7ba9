//! `crampwise content list|show|version`: browse the knowledge base.

use std::process::ExitCode;

use crampwise_content::Content;
use serde_json::Value;

use crate::cli::{ContentCommand, Format, OutputArgs};
use crate::ctx::Ctx;
use crate::error::{backticked_list, CliError};
use crate::output::table::{Column, Table};
use crate::output::{self, cell, HEADER};
use crampwise::suggest;

/// Runs a `content` subcommand.
pub(crate) fn run(ctx: &mut Ctx<'_>, command: ContentCommand) -> Result<ExitCode, CliError> {
    match command {
        ContentCommand::List { collection, output } => list(ctx, &collection, output),
        ContentCommand::Show { id, output } => show(ctx, &id, output),
        ContentCommand::Version => version(ctx),
    }
}

/// `crampwise content list COLLECTION` (also `crampwise foods list`).
pub(crate) fn list(
    ctx: &mut Ctx<'_>,
    collection: &str,
    output: OutputArgs,
) -> Result<ExitCode, CliError> {
    // Check the name before loading, so a typo is reported even when the content is broken.
    if !Content::COLLECTIONS.contains(&collection) {
        return Err(unknown_collection(collection));
    }
    let content = ctx.content()?;
    let value = content
        .collection_json(collection)
        .ok_or_else(|| unknown_collection(collection))?;
    match output.format {
        Format::Json => output::write_json(ctx.out, &value, output.pretty)?,
        Format::Text => write_collection(ctx, collection, &value)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn unknown_collection(name: &str) -> CliError {
    let message = format!(
        "content list: unknown collection `{name}`; expected one of {}",
        backticked_list(Content::COLLECTIONS)
    );
    match suggest::closest(name, Content::COLLECTIONS.iter().copied()) {
        Some(near) => CliError::input_with_help(message, format!("did you mean `{near}`?")),
        None => CliError::input(message),
    }
}

fn show(ctx: &mut Ctx<'_>, id: &str, output: OutputArgs) -> Result<ExitCode, CliError> {
    let content = ctx.content()?;
    let Some((collection, item)) = content.find_json(id) else {
        return Err(unknown_id(&content, id));
    };
    match output.format {
        Format::Json => output::write_json(ctx.out, &item, output.pretty)?,
        Format::Text => output::item::write(ctx.out, collection, &item, ctx.width)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn unknown_id(content: &Content, id: &str) -> CliError {
    let message = format!("content show: unknown id `{id}`; no item in any collection has it");
    let ids = all_ids(content);
    let help = match suggest::closest(id, ids.iter().map(String::as_str)) {
        Some(near) => format!("did you mean `{near}`?"),
        None => "`crampwise content list COLLECTION` lists the ids of a collection".to_owned(),
    };
    CliError::input_with_help(message, help)
}

/// The id of every item in every collection.
fn all_ids(content: &Content) -> Vec<String> {
    Content::COLLECTIONS
        .iter()
        .filter_map(|name| content.collection_json(name))
        .filter_map(|value| match value {
            Value::Array(items) => Some(items),
            _ => None,
        })
        .flatten()
        .filter_map(|item| item.get("id").and_then(Value::as_str).map(str::to_owned))
        .collect()
}

fn version(ctx: &mut Ctx<'_>) -> Result<ExitCode, CliError> {
    let content = ctx.content()?;
    writeln!(ctx.out, "{}", content.version())?;
    Ok(ExitCode::SUCCESS)
}

/// Writes a collection as one table, or, when it is an object of lists (intakes),
/// one titled table per list.
fn write_collection(ctx: &mut Ctx<'_>, collection: &str, value: &Value) -> Result<(), CliError> {
    match value {
        Value::Object(parts) => {
            for (i, (part, items)) in parts.iter().enumerate() {
                if i > 0 {
                    writeln!(ctx.out)?;
                }
                let key = format!("{collection}.{part}");
                writeln!(ctx.out, "{HEADER}{}{HEADER:#}", part_title(&key, part))?;
                table(&key, items).write(ctx.out, ctx.width)?;
            }
        }
        items => table(collection, items).write(ctx.out, ctx.width)?,
    }
    Ok(())
}

fn part_title(key: &str, part: &str) -> String {
    match key {
        "intakes.rda" => {
            "Recommended intake (RDA; AI for infants), mg a day from food and supplements"
                .to_owned()
        }
        "intakes.upper_limit" => {
            "Tolerable upper intake level, mg a day of supplemental magnesium (not food)".to_owned()
        }
        _ => part.to_owned(),
    }
}

/// How a column gets its cell from an item.
enum Field {
    /// The value of a key, as [`cell`] writes it.
    Key(&'static str),
    /// A fraction from 0 to 1 as a percentage with one decimal.
    Percent(&'static str),
    /// An age band `[from, to)` in years, e.g. `1-4`, `19+`.
    AgeBand,
}

impl Field {
    fn render(&self, item: &Value) -> String {
        match self {
            Field::Key(key) => cell(item.get(key)),
            Field::Percent(key) => match item.get(key).and_then(Value::as_f64) {
                Some(f) => format!("{:.1}", f * 100.0),
                None => cell(item.get(key)),
            },
            Field::AgeBand => {
                let from = item.get("from").and_then(Value::as_f64);
                let to = item.get("to").and_then(Value::as_f64);
                match (from, to) {
                    (Some(from), Some(to)) if to > 120.0 => format!("{}+", years(from)),
                    (Some(from), Some(to)) => format!("{}-{}", years(from), years(to)),
                    _ => "-".to_owned(),
                }
            }
        }
    }
}

/// Years without a needless `.0`.
fn years(y: f64) -> String {
    if y.fract() == 0.0 {
        format!("{y:.0}")
    } else {
        y.to_string()
    }
}

/// The columns shown for a collection (or a part of one, `intakes.rda`).
fn columns(collection: &str) -> Vec<(Column, Field)> {
    use Field::{AgeBand, Key, Percent};
    let text = Column::text;
    let number = Column::number;
    let flexible = Column::flexible;
    match collection {
        "forms" => vec![
            (text("id"), Key("id")),
            (flexible("name"), Key("name")),
            (number("elemental %"), Percent("elemental_fraction")),
            (text("tolerance"), Key("gi_tolerance")),
            (text("timing"), Key("timing")),
        ],
        "foods" => vec![
            (text("id"), Key("id")),
            (flexible("name"), Key("name")),
            (text("serving"), Key("serving")),
            (number("mg"), Key("mg_per_serving")),
        ],
        "sources" => vec![
            (text("id"), Key("id")),
            (number("year"), Key("year")),
            (text("kind"), Key("kind")),
            (flexible("title"), Key("title")),
        ],
        "claims" => vec![
            (text("id"), Key("id")),
            (text("grade"), Key("grade")),
            (flexible("statement"), Key("statement")),
        ],
        "intakes.rda" => vec![
            (text("age (years)"), AgeBand),
            (text("kind"), Key("kind")),
            (number("male"), Key("male")),
            (number("female"), Key("female")),
            (number("pregnancy"), Key("pregnancy")),
            (number("lactation"), Key("lactation")),
        ],
        "intakes.upper_limit" => vec![
            (text("age (years)"), AgeBand),
            (number("us"), Key("us")),
            (number("eu"), Key("eu")),
        ],
        "medications" => vec![
            (text("id"), Key("id")),
            (text("interaction"), Key("interaction")),
            (flexible("name"), Key("name")),
        ],
        "conditions" => vec![
            (text("id"), Key("id")),
            (text("supplement"), Key("supplement")),
            (flexible("name"), Key("name")),
        ],
        "red_flags" => vec![
            (text("id"), Key("id")),
            (text("level"), Key("level")),
            (flexible("name"), Key("name")),
        ],
        "notes" => vec![
            (text("id"), Key("id")),
            (text("kind"), Key("kind")),
            (flexible("text"), Key("text")),
        ],
        "companions" => vec![
            (text("id"), Key("id")),
            (text("suggest"), Key("suggest")),
            (number("mg"), Key("suggested_mg")),
            (flexible("name"), Key("name")),
        ],
        "lifestyle" => vec![
            (number("rank"), Key("rank")),
            (text("id"), Key("id")),
            (flexible("text"), Key("text")),
        ],
        "mechanisms" | "label_checklist" => {
            vec![(text("id"), Key("id")), (flexible("title"), Key("title"))]
        }
        "faq" => vec![
            (text("id"), Key("id")),
            (flexible("question"), Key("question")),
        ],
        _ => vec![(text("id"), Key("id")), (flexible("name"), Key("name"))],
    }
}

/// A table of `items` with the columns of `collection`.
fn table(collection: &str, items: &Value) -> Table {
    let columns = columns(collection);
    let fields: Vec<&Field> = columns.iter().map(|(_, f)| f).collect();
    let mut table = Table::new(columns.iter().map(|(c, _)| c.clone()).collect());
    let items: &[Value] = match items {
        Value::Array(items) => items,
        other => std::slice::from_ref(other),
    };
    for item in items {
        table.push(fields.iter().map(|f| f.render(item)).collect());
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_collection_has_columns_starting_with_its_id_or_rank() {
        for name in Content::COLLECTIONS.iter().filter(|n| **n != "intakes") {
            let headers: Vec<String> = columns(name).into_iter().map(|(c, _)| c.header).collect();
            assert!(
                headers[0] == "id" || headers[1] == "id",
                "{name}: {headers:?}"
            );
        }
    }

    #[test]
    fn age_bands_read_naturally() {
        let band = |from: f64, to: f64| Field::AgeBand.render(&json!({"from": from, "to": to}));
        assert_eq!(band(0.0, 0.5), "0-0.5");
        assert_eq!(band(1.0, 4.0), "1-4");
        assert_eq!(band(71.0, 121.0), "71+");
    }

    #[test]
    fn fractions_show_as_percentages() {
        let item = json!({"elemental_fraction": 0.141});
        assert_eq!(Field::Percent("elemental_fraction").render(&item), "14.1");
    }
}
