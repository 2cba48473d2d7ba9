//! [`Conditions`]: many conditions in one program, evaluated one after
//! another without leaving one block of memory.

use crate::condition::{Atom, Condition, Node, Program};
use crate::types::{Facts, Truth};

/// Conditions compiled into one program, their nodes side by side: for
/// evaluating them all for one profile, where following each condition's
/// own allocation would cost a cache miss a condition.
///
/// ```
/// use crampwise_expr::{Condition, Conditions, FieldType, Schema, Truth, Value};
/// let schema = Schema::new().field("age", FieldType::Number);
/// let adult = Condition::compile("age >= 18", &schema)?;
/// let child = Condition::compile("not (age >= 18)", &schema)?;
/// let set = Conditions::new([&adult, &child]);
/// assert_eq!(set.eval(0, &[Value::Number(30.0)]), Truth::True);
/// assert_eq!(set.eval(1, &[Value::Number(30.0)]), Truth::False);
/// assert_eq!(set.eval(2, &[Value::Number(30.0)]), Truth::Unknown);
/// # Ok::<(), crampwise_expr::ExprError>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct Conditions {
    program: Program,
    roots: Vec<u32>,
}

fn offset(value: u32, by: usize) -> u32 {
    u32::try_from(by)
        .ok()
        .and_then(|by| value.checked_add(by))
        .unwrap_or(u32::MAX)
}

impl Conditions {
    /// The conditions, in order; [`Conditions::eval`] of `i` equals the
    /// `i`-th condition's [`Condition::eval`].
    pub fn new<'a>(conditions: impl IntoIterator<Item = &'a Condition>) -> Conditions {
        let mut set = Conditions::default();
        for condition in conditions {
            let from = &condition.program;
            let (nodes, children, enums) = (
                set.program.nodes.len(),
                set.program.children.len(),
                set.program.enum_lists.len(),
            );
            set.program
                .nodes
                .extend(from.nodes.iter().map(|&node| match node {
                    Node::Atom(Atom::EnumIn { field, start, end }, text) => Node::Atom(
                        Atom::EnumIn {
                            field,
                            start: offset(start, enums),
                            end: offset(end, enums),
                        },
                        text,
                    ),
                    Node::Atom(atom, text) => Node::Atom(atom, text),
                    Node::Not(inner) => Node::Not(offset(inner, nodes)),
                    Node::And { start, end } => Node::And {
                        start: offset(start, children),
                        end: offset(end, children),
                    },
                    Node::Or { start, end } => Node::Or {
                        start: offset(start, children),
                        end: offset(end, children),
                    },
                }));
            set.program
                .children
                .extend(from.children.iter().map(|&child| offset(child, nodes)));
            set.program.enum_lists.extend_from_slice(&from.enum_lists);
            set.roots.push(offset(from.root, nodes));
        }
        set
    }

    /// How many conditions.
    pub fn len(&self) -> usize {
        self.roots.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.roots.is_empty()
    }

    /// Evaluates condition `i` (unknown past the end).
    pub fn eval<F: Facts + ?Sized>(&self, i: usize, facts: &F) -> Truth {
        match self.roots.get(i) {
            Some(&root) => self.program.eval_child(root, facts),
            None => Truth::Unknown,
        }
    }

    /// Evaluates every condition in order, calling `each` with its index and truth.
    pub fn eval_each<F: Facts + ?Sized>(&self, facts: &F, mut each: impl FnMut(usize, Truth)) {
        for (i, &root) in self.roots.iter().enumerate() {
            each(i, self.program.eval_child(root, facts));
        }
    }
}
