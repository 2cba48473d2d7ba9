//! One content item as an indented key-value list.

use std::io::Write;

use serde_json::{Map, Value};

use super::{cell, display_len, wrap, HEADER, KEY};

/// Keys shown first, in this order, when an item has them; the rest follow in
/// the item's own order.
const LEADING_KEYS: &[&str] = &[
    "id",
    "name",
    "title",
    "question",
    "statement",
    "rank",
    "from",
    "to",
];

/// Writes `item` of `collection` for a person: a title line, then its fields,
/// long text wrapped to `width`.
pub(crate) fn write(
    out: &mut dyn Write,
    collection: &str,
    item: &Value,
    width: usize,
) -> std::io::Result<()> {
    let id = item
        .get("id")
        .map_or_else(|| "-".to_owned(), |v| cell(Some(v)));
    writeln!(out, "{HEADER}{id}{HEADER:#}  ({collection})")?;
    writeln!(out)?;
    let lines = match item {
        Value::Object(map) => object_lines(map, width),
        other => vec![cell(Some(other))],
    };
    for line in lines {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

fn ordered(map: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut fields: Vec<(&String, &Value)> = LEADING_KEYS
        .iter()
        .filter_map(|k| map.get_key_value(*k))
        .collect();
    fields.extend(
        map.iter()
            .filter(|(k, _)| !LEADING_KEYS.contains(&k.as_str())),
    );
    fields
}

fn is_list_of_objects(value: &Value) -> bool {
    matches!(value, Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object))
}

/// Whether a list holds sentences (shown one per line) rather than names
/// (shown joined with commas).
fn is_list_of_sentences(items: &[Value]) -> bool {
    items.iter().any(|item| {
        item.as_str()
            .is_some_and(|s| s.trim_end().ends_with('.') || display_len(s) > 40)
    })
}

/// The lines of an object's fields laid out within `width` characters.
fn object_lines(map: &Map<String, Value>, width: usize) -> Vec<String> {
    let key_width = map.keys().map(|k| display_len(k)).max().unwrap_or(0);
    let value_width = width.saturating_sub(key_width + 2).max(20);
    let mut lines = Vec::new();
    for (key, value) in ordered(map) {
        let pad = " ".repeat(key_width - display_len(key));
        match value {
            Value::Array(items) if is_list_of_objects(value) => {
                lines.push(format!("{KEY}{key}{KEY:#}"));
                for object in items.iter().filter_map(Value::as_object) {
                    for (i, line) in object_lines(object, width.saturating_sub(4))
                        .into_iter()
                        .enumerate()
                    {
                        let prefix = if i == 0 { "  - " } else { "    " };
                        lines.push(format!("{prefix}{line}"));
                    }
                }
            }
            Value::Object(object) if !object.is_empty() => {
                lines.push(format!("{KEY}{key}{KEY:#}"));
                for line in object_lines(object, width.saturating_sub(4)) {
                    lines.push(format!("    {line}"));
                }
            }
            Value::Array(items) if is_list_of_sentences(items) => {
                for (i, item) in items.iter().enumerate() {
                    let wrapped = wrap(&cell(Some(item)), value_width.saturating_sub(2));
                    for (j, text) in wrapped.into_iter().enumerate() {
                        let bullet = if j == 0 { "- " } else { "  " };
                        if i == 0 && j == 0 {
                            lines.push(format!("{KEY}{key}{KEY:#}{pad}  {bullet}{text}"));
                        } else {
                            lines.push(format!("{}  {bullet}{text}", " ".repeat(key_width)));
                        }
                    }
                }
            }
            _ => {
                let wrapped = wrap(&cell(Some(value)), value_width);
                for (i, text) in wrapped.into_iter().enumerate() {
                    if i == 0 {
                        lines.push(format!("{KEY}{key}{KEY:#}{pad}  {text}"));
                    } else {
                        lines.push(format!("{}  {text}", " ".repeat(key_width)));
                    }
                }
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn items_render_as_aligned_fields() {
        let item = json!({
            "text": "one two three four five six seven eight nine ten eleven twelve",
            "id": "glycinate",
            "variants": [{"name": "dihydrate", "elemental_fraction": 0.123}],
            "aliases": ["a", "b"],
            "cautions": ["First caution.", "A second caution that is long enough to wrap."],
        });
        let mut out = Vec::new();
        write(&mut out, "forms", &item, 40).unwrap();
        let text = anstream::adapter::strip_str(&String::from_utf8(out).unwrap()).to_string();
        let expected = "glycinate  (forms)\n\
                        \n\
                        id        glycinate\n\
                        aliases   a, b\n\
                        cautions  - First caution.\n\
                        \x20         - A second caution that is\n\
                        \x20           long enough to wrap.\n\
                        text      one two three four five six\n\
                        \x20         seven eight nine ten eleven\n\
                        \x20         twelve\n\
                        variants\n\
                        \x20 - name                dihydrate\n\
                        \x20   elemental_fraction  0.123\n";
        assert_eq!(text, expected);
    }
}
