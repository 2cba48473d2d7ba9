//! [`Condition`]: a compiled condition, and the program it runs.

use crate::ast::CmpOp;
use crate::error::ExprError;
use crate::schema::{FieldId, FieldType, Schema};
use crate::types::{Facts, Truth, Value};

/// Scratch space for [`Condition::because_joined_with`]: where each reason
/// written so far is, to write a repeated one once.
#[derive(Debug, Default)]
pub struct Explaining {
    lines: Vec<(usize, usize)>,
}

/// How [`Condition::because_into`] writes an explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escaping {
    /// As it reads.
    Plain,
    /// As the inside of a JSON string: the same characters, escaped as
    /// JSON escapes them.
    Json,
}

/// A condition compiled against a [`Schema`]: type-checked, with fields
/// resolved to [`FieldId`]s and values to indices and bit masks.
///
/// ```
/// use crampwise_expr::{Condition, FieldType, Schema, Truth, Value};
/// let schema = Schema::new().field("age", FieldType::Number);
/// let adult = Condition::compile("age >= 18", &schema)?;
/// assert_eq!(adult.eval(&[Value::Number(30.0)]), Truth::True);
/// assert_eq!(adult.eval(&[Value::Unknown]), Truth::Unknown);
/// # Ok::<(), crampwise_expr::ExprError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Condition {
    pub(crate) source: String,
    pub(crate) program: Program,
}

impl Condition {
    /// Parses `src`, type-checks it against `schema` and compiles it.
    ///
    /// # Errors
    ///
    /// An [`ExprError`] naming the line and column of the offending token:
    /// a syntax error, an unknown field or value, a type error, or a
    /// condition over the size limits. An invalid schema (see
    /// [`Schema::validate`]) is reported at 1:1 as `invalid schema: ...`.
    pub fn compile(src: &str, schema: &Schema) -> Result<Condition, ExprError> {
        crate::compile::compile(src, schema)
    }

    /// Evaluates the condition with three-valued logic. Does not allocate.
    #[must_use]
    pub fn eval<F: Facts + ?Sized>(&self, facts: &F) -> Truth {
        self.program.eval(facts)
    }

    /// The distinct fields the condition reads, in first-seen order.
    #[must_use]
    pub fn fields(&self) -> &[FieldId] {
        &self.program.fields
    }

    /// Why the condition is true for `facts`: each atom that made it true,
    /// rendered with the values it read, like
    /// `age >= 65 (age = 67)` or `not known(conditions) (conditions not asked)`.
    ///
    /// For `or` only the true branches count, for `and` all of them; under
    /// `not` an atom is rendered negated (`age < 65`, `not "x" in s`).
    /// Literal `true`/`false` add nothing. Empty unless the condition
    /// evaluates to [`Truth::True`]. `schema` must be the one the condition
    /// was compiled against.
    #[must_use]
    pub fn because<F: Facts + ?Sized>(&self, facts: &F, schema: &Schema) -> Vec<String> {
        crate::explain::because(&self.program, facts, schema)
    }

    /// [`Condition::because`] joined by `separator`, built in one string.
    #[must_use]
    pub fn because_joined<F: Facts + ?Sized>(
        &self,
        facts: &F,
        schema: &Schema,
        separator: &str,
    ) -> String {
        self.because_joined_with(facts, schema, separator, &mut Explaining::default())
    }

    /// [`Condition::because_joined`], with the bookkeeping of `scratch`
    /// reused: for explaining many conditions one after another.
    #[must_use]
    pub fn because_joined_with<F: Facts + ?Sized>(
        &self,
        facts: &F,
        schema: &Schema,
        separator: &str,
        scratch: &mut Explaining,
    ) -> String {
        // Most explanations are one or two atoms with their values.
        let mut out = String::with_capacity(96);
        self.because_into(facts, schema, separator, Escaping::Plain, scratch, &mut out);
        out
    }

    /// [`Condition::because_joined_with`], appended to `out`: for writing
    /// many explanations without a string each, as they read or (with
    /// [`Escaping::Json`]) as the inside of a JSON string.
    pub fn because_into<F: Facts + ?Sized>(
        &self,
        facts: &F,
        schema: &Schema,
        separator: &str,
        escaping: Escaping,
        scratch: &mut Explaining,
        out: &mut String,
    ) {
        scratch.lines.clear();
        let json = escaping == Escaping::Json;
        let (program, lines) = (&self.program, &mut scratch.lines);
        crate::explain::because_into(program, facts, schema, separator, json, out, lines);
    }

    /// The fields among [`Condition::fields`] that are unknown in `facts`
    /// (including values of the wrong type, which evaluate as unknown).
    #[must_use]
    pub fn unknown_fields<F: Facts + ?Sized>(&self, facts: &F) -> Vec<FieldId> {
        self.program
            .fields
            .iter()
            .zip(&self.program.kinds)
            .filter(|(&field, &kind)| !kind.holds(facts.get(field)))
            .map(|(&field, _)| field)
            .collect()
    }

    /// The source the condition was compiled from.
    #[must_use]
    pub fn source(&self) -> &str {
        &self.source
    }
}

/// The compiled form: a flat list of nodes whose `and`/`or` children are
/// ranges of `children`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Program {
    pub nodes: Vec<Node>,
    pub children: Vec<u32>,
    /// The index lists of `enum in [...]` atoms.
    pub enum_lists: Vec<u16>,
    /// For each atom, how it reads and how it reads negated.
    pub texts: Vec<AtomText>,
    pub root: u32,
    pub fields: Vec<FieldId>,
    /// The kind of each of `fields`.
    pub kinds: Vec<ValueKind>,
}

impl Program {
    pub(crate) fn node(&self, id: u32) -> Option<Node> {
        self.nodes.get(usize::try_from(id).ok()?).copied()
    }

    pub(crate) fn children(&self, start: u32, end: u32) -> &[u32] {
        range(&self.children, start, end)
    }

    pub(crate) fn enum_list(&self, start: u32, end: u32) -> &[u16] {
        range(&self.enum_lists, start, end)
    }

    /// The [`AtomText`] of index `text`.
    pub(crate) fn text(&self, text: u32) -> Option<&AtomText> {
        self.texts.get(usize::try_from(text).ok()?)
    }
}

/// `items[start..end]`, or nothing when that is out of range.
fn range<T>(items: &[T], start: u32, end: u32) -> &[T] {
    match (usize::try_from(start), usize::try_from(end)) {
        (Ok(start), Ok(end)) => items.get(start..end).unwrap_or_default(),
        _ => &[],
    }
}

/// One node of a [`Program`].
#[derive(Clone, Copy, Debug)]
pub(crate) enum Node {
    /// A leaf test and the index of its [`AtomText`].
    Atom(Atom, u32),
    Not(u32),
    And {
        start: u32,
        end: u32,
    },
    Or {
        start: u32,
        end: u32,
    },
}

/// A leaf test, resolved to field ids, value indices and bit masks.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Atom {
    Const(bool),
    Compare {
        lhs: Num,
        op: CmpOp,
        rhs: Num,
    },
    /// `field == value`
    BoolIs {
        field: FieldId,
        value: bool,
    },
    /// `field == index` (or `!=` when `equal` is false)
    EnumIs {
        field: FieldId,
        index: u16,
        equal: bool,
    },
    /// `field in [...]`, the indices being `enum_lists[start..end]`
    EnumIn {
        field: FieldId,
        start: u32,
        end: u32,
    },
    /// The set shares a value with `mask`.
    SetAny {
        field: FieldId,
        mask: u64,
    },
    /// The set holds every value of `mask`.
    SetAll {
        field: FieldId,
        mask: u64,
    },
    /// `known(field)`, or `unknown(field)` when `known` is false.
    Known {
        field: FieldId,
        kind: ValueKind,
        known: bool,
    },
}

impl Atom {
    /// The fields the atom reads, in order, without repeats.
    pub(crate) fn fields(self) -> [Option<FieldId>; 2] {
        match self {
            Atom::Const(_) => [None, None],
            Atom::Compare { lhs, rhs, .. } => {
                let (a, b) = (lhs.field(), rhs.field());
                if a == b {
                    [a, None]
                } else {
                    [a, b]
                }
            }
            Atom::BoolIs { field, .. }
            | Atom::EnumIs { field, .. }
            | Atom::EnumIn { field, .. }
            | Atom::SetAny { field, .. }
            | Atom::SetAll { field, .. }
            | Atom::Known { field, .. } => [Some(field), None],
        }
    }
}

/// A number operand.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Num {
    Const(f64),
    Field(FieldId),
    /// `count(field)`, counting only the bits of declared values.
    Count(FieldId, u64),
}

impl Num {
    pub(crate) fn field(self) -> Option<FieldId> {
        match self {
            Num::Const(_) => None,
            Num::Field(field) | Num::Count(field, _) => Some(field),
        }
    }
}

/// The kind of value a field holds, to tell values of the wrong type from real ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ValueKind {
    Number,
    Bool,
    Enum,
    Set,
}

impl ValueKind {
    pub(crate) fn of(field_type: &FieldType) -> ValueKind {
        match field_type {
            FieldType::Number => ValueKind::Number,
            FieldType::Bool => ValueKind::Bool,
            FieldType::Enum(_) => ValueKind::Enum,
            FieldType::Set(_) => ValueKind::Set,
        }
    }

    /// Whether `value` is a known value of this kind.
    pub(crate) fn holds(self, value: Value) -> bool {
        matches!(
            (self, value),
            (ValueKind::Number, Value::Number(_))
                | (ValueKind::Bool, Value::Bool(_))
                | (ValueKind::Enum, Value::Enum(_))
                | (ValueKind::Set, Value::Set(_))
        )
    }
}

/// How an atom reads, plain and negated.
#[derive(Clone, Debug)]
pub(crate) struct AtomText {
    pub text: String,
    pub negated: String,
    /// `text` and `negated` as the inside of JSON strings.
    pub text_json: String,
    pub negated_json: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_traits<T: Send + Sync + Clone + std::fmt::Debug + 'static>() {}

    #[test]
    fn condition_is_send_sync_clone_debug() {
        assert_traits::<Condition>();
        assert_traits::<crate::ExprError>();
    }
}
