//! Explanations: which atoms made a condition true, with their values.

use crate::condition::{Atom, Node, Program};
use crate::schema::Schema;
use crate::types::{render_value, Facts, Truth, Value};

/// The reasons `program` is true for `facts`; empty unless it is true.
pub(crate) fn because<F: Facts + ?Sized>(
    program: &Program,
    facts: &F,
    schema: &Schema,
) -> Vec<String> {
    let mut out = Vec::new();
    if program.eval(facts) == Truth::True {
        let explainer = Explainer {
            program,
            facts,
            schema,
        };
        explainer.explain(program.root, true, &mut out);
    }
    out
}

struct Explainer<'a, F: ?Sized> {
    program: &'a Program,
    facts: &'a F,
    schema: &'a Schema,
}

impl<F: Facts + ?Sized> Explainer<'_, F> {
    /// Adds the reasons node `id` evaluates to `want` (which it does).
    fn explain(&self, id: u32, want: bool, out: &mut Vec<String>) {
        let Some(node) = self.program.node(id) else {
            return;
        };
        match node {
            Node::Atom(atom, text) => self.atom(atom, text, want, out),
            Node::Not(inner) => self.explain(inner, !want, out),
            Node::And { start, end } | Node::Or { start, end } => {
                // An `and` that holds needs all children, an `or` that
                // fails has all children false; otherwise only the children
                // with the deciding value count.
                let all = matches!(node, Node::And { .. }) == want;
                for &child in self.program.children(start, end) {
                    if all || self.program.eval_node(child, self.facts) == Truth::from(want) {
                        self.explain(child, want, out);
                    }
                }
            }
        }
    }

    fn atom(&self, atom: Atom, text: u32, want: bool, out: &mut Vec<String>) {
        if matches!(atom, Atom::Const(_)) {
            return;
        }
        let Some(texts) = self.program.texts.get(text as usize) else {
            return;
        };
        let text = if want { &texts.text } else { &texts.negated };
        let values: Vec<String> = atom
            .fields()
            .into_iter()
            .flatten()
            .map(|field| {
                let name = self.schema.field_name(field);
                match (self.facts.get(field), self.schema.field_type(field)) {
                    (Value::Unknown, _) => format!("{name} not asked"),
                    (value, Some(field_type)) => {
                        format!("{name} = {}", render_value(field_type, value))
                    }
                    (value, None) => format!("{name} = {value:?}"),
                }
            })
            .collect();
        let line = if values.is_empty() {
            text.clone()
        } else {
            format!("{text} ({})", values.join(", "))
        };
        if !out.contains(&line) {
            out.push(line);
        }
    }
}
