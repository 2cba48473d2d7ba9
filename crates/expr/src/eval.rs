//! Three-valued evaluation of a [`Program`]; never allocates.

use crate::condition::{Atom, Node, Num, Program};
use crate::types::{Facts, Truth, Value};

impl Program {
    /// Evaluates the whole program.
    pub(crate) fn eval<F: Facts + ?Sized>(&self, facts: &F) -> Truth {
        self.eval_child(self.root, facts)
    }

    /// [`Program::eval_node`], with a leaf evaluated here rather than by a
    /// call: most conditions and most children are leaves.
    #[inline(always)]
    pub(crate) fn eval_child<F: Facts + ?Sized>(&self, id: u32, facts: &F) -> Truth {
        match self.node(id) {
            Some(Node::Atom(atom, _)) => self.eval_atom(atom, facts),
            _ => self.eval_node(id, facts),
        }
    }

    /// Evaluates one node. Recursion is bounded by the parser's depth limit.
    pub(crate) fn eval_node<F: Facts + ?Sized>(&self, id: u32, facts: &F) -> Truth {
        let Some(node) = self.node(id) else {
            return Truth::Unknown;
        };
        match node {
            Node::Atom(atom, _) => self.eval_atom(atom, facts),
            Node::Not(inner) => !self.eval_child(inner, facts),
            Node::And { start, end } => {
                let mut result = Truth::True;
                for &child in self.children(start, end) {
                    match self.eval_child(child, facts) {
                        Truth::False => return Truth::False,
                        Truth::Unknown => result = Truth::Unknown,
                        Truth::True => {}
                    }
                }
                result
            }
            Node::Or { start, end } => {
                let mut result = Truth::False;
                for &child in self.children(start, end) {
                    match self.eval_child(child, facts) {
                        Truth::True => return Truth::True,
                        Truth::Unknown => result = Truth::Unknown,
                        Truth::False => {}
                    }
                }
                result
            }
        }
    }

    /// Evaluates a leaf test: unknown when a field it reads is unknown.
    pub(crate) fn eval_atom<F: Facts + ?Sized>(&self, atom: Atom, facts: &F) -> Truth {
        let known = |b: Option<bool>| b.map_or(Truth::Unknown, Truth::from);
        match atom {
            Atom::Const(b) => Truth::from(b),
            Atom::Compare { lhs, op, rhs } => match (number(lhs, facts), number(rhs, facts)) {
                (Some(a), Some(b)) => Truth::from(op.apply(a, b)),
                _ => Truth::Unknown,
            },
            Atom::BoolIs { field, value } => known(match facts.get(field) {
                Value::Bool(b) => Some(b == value),
                _ => None,
            }),
            Atom::EnumIs {
                field,
                index,
                equal,
            } => known(match facts.get(field) {
                Value::Enum(i) => Some((i == index) == equal),
                _ => None,
            }),
            Atom::EnumIn { field, start, end } => known(match facts.get(field) {
                Value::Enum(i) => Some(self.enum_list(start, end).contains(&i)),
                _ => None,
            }),
            Atom::SetAny { field, mask } => known(match facts.get(field) {
                Value::Set(bits) => Some(bits & mask != 0),
                _ => None,
            }),
            Atom::SetAll { field, mask } => known(match facts.get(field) {
                Value::Set(bits) => Some(bits & mask == mask),
                _ => None,
            }),
            Atom::Known { field, kind, known } => {
                Truth::from(kind.holds(facts.get(field)) == known)
            }
        }
    }
}

/// The value of a number operand, `None` when unknown.
fn number<F: Facts + ?Sized>(num: Num, facts: &F) -> Option<f64> {
    match num {
        Num::Const(n) => Some(n),
        Num::Field(field) => match facts.get(field) {
            Value::Number(n) => Some(n),
            _ => None,
        },
        Num::Count(field, mask) => match facts.get(field) {
            Value::Set(bits) => Some(f64::from((bits & mask).count_ones())),
            _ => None,
        },
    }
}
