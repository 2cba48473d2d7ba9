//! Explanations: which atoms made a condition true, with their values.

use crate::condition::{Atom, Node, Program};
use crate::schema::Schema;
use std::fmt::Write;

use crate::types::{write_value, Facts, Truth, Value};

/// The reasons `program` is true for `facts`; empty unless it is true.
pub(crate) fn because<F: Facts + ?Sized>(
    program: &Program,
    facts: &F,
    schema: &Schema,
) -> Vec<String> {
    let mut joined = String::new();
    let mut lines = Vec::new();
    because_into(program, facts, schema, "", false, &mut joined, &mut lines);
    lines
        .into_iter()
        .filter_map(|(start, end)| joined.get(start..end).map(str::to_owned))
        .collect()
}

/// Writes the reasons into `out`, `separator` between them, recording where
/// each one is in `lines` (a repeated reason is written once); with `json`,
/// as the inside of a JSON string.
pub(crate) fn because_into<F: Facts + ?Sized>(
    program: &Program,
    facts: &F,
    schema: &Schema,
    separator: &str,
    json: bool,
    out: &mut String,
    lines: &mut Vec<(usize, usize)>,
) {
    if program.eval(facts) == Truth::True {
        let explainer = Explainer {
            program,
            facts,
            schema,
            separator,
            json,
        };
        explainer.explain(program.root, true, out, lines);
    }
}

struct Explainer<'a, F: ?Sized> {
    program: &'a Program,
    facts: &'a F,
    schema: &'a Schema,
    separator: &'a str,
    /// Written as the inside of a JSON string.
    json: bool,
}

impl<F: Facts + ?Sized> Explainer<'_, F> {
    /// Adds the reasons node `id` evaluates to `want` (which it does).
    fn explain(&self, id: u32, want: bool, out: &mut String, lines: &mut Vec<(usize, usize)>) {
        let Some(node) = self.program.node(id) else {
            return;
        };
        match node {
            Node::Atom(atom, text) => self.atom(atom, text, want, out, lines),
            Node::Not(inner) => self.explain(inner, !want, out, lines),
            Node::And { start, end } | Node::Or { start, end } => {
                // An `and` that holds needs all children, an `or` that
                // fails has all children false; otherwise only the children
                // with the deciding value count.
                let all = matches!(node, Node::And { .. }) == want;
                for &child in self.program.children(start, end) {
                    if all || self.program.eval_node(child, self.facts) == Truth::from(want) {
                        self.explain(child, want, out, lines);
                    }
                }
            }
        }
    }

    fn atom(
        &self,
        atom: Atom,
        text: u32,
        want: bool,
        out: &mut String,
        lines: &mut Vec<(usize, usize)>,
    ) {
        if matches!(atom, Atom::Const(_)) {
            return;
        }
        let Some(texts) = self.program.text(text) else {
            return;
        };
        let mark = out.len();
        if !lines.is_empty() {
            if self.json {
                crate::json::write_json_escaped(out, self.separator);
            } else {
                out.push_str(self.separator);
            }
        }
        let start = out.len();
        out.push_str(match (want, self.json) {
            (true, false) => &texts.text,
            (false, false) => &texts.negated,
            (true, true) => &texts.text_json,
            (false, true) => &texts.negated_json,
        });
        // Field names and values are written as they are, then escaped
        // in the rare case they need it.
        let values = out.len();
        let fields = atom.fields();
        let count = fields.iter().flatten().count();
        for (i, field) in fields.into_iter().flatten().enumerate() {
            out.push_str(if i == 0 { " (" } else { ", " });
            out.push_str(self.schema.field_name(field));
            // Writing to a String cannot fail.
            let _ = match (self.facts.get(field), self.schema.field_type(field)) {
                (Value::Unknown, _) => out.write_str(" not asked"),
                (value, Some(field_type)) => {
                    out.push_str(" = ");
                    write_value(out, field_type, value)
                }
                (value, None) => write!(out, " = {value:?}"),
            };
            if i + 1 == count {
                out.push(')');
            }
        }
        if self.json && crate::json::next_escape(out.as_bytes(), values) < out.len() {
            let raw = out.split_off(values);
            crate::json::write_json_escaped(out, &raw);
        }
        let end = out.len();
        let line = &out[start..end];
        if lines.iter().any(|&(s, e)| out.get(s..e) == Some(line)) {
            out.truncate(mark);
        } else {
            lines.push((start, end));
        }
    }
}
