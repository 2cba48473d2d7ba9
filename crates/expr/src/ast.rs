//! The syntax tree produced by [`parse`](crate::parse), with source spans.
//!
//! [`Expr`] implements [`Display`](std::fmt::Display), printing a canonical
//! form of the condition (single spaces, only the parentheses precedence
//! needs) that parses back to the same tree.

use std::fmt;

/// Where a token or node sits in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset just past the last byte.
    pub end: usize,
    /// 1-based line of the first character.
    pub line: u32,
    /// 1-based column, in characters, of the first character.
    pub column: u32,
}

impl Span {
    /// The span from the start of `self` to the end of `other`.
    #[must_use]
    pub fn to(self, other: Span) -> Span {
        Span {
            end: other.end,
            ..self
        }
    }
}

/// A parsed condition: syntax only, not yet checked against a schema.
#[derive(Clone, Debug, PartialEq)]
pub struct Ast {
    /// The top-level expression.
    pub root: Expr,
    /// How many nodes the tree has (list items included).
    pub node_count: usize,
}

impl fmt::Display for Ast {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.root.fmt(f)
    }
}

/// An expression node and its span.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// What the node is.
    pub kind: ExprKind,
    /// The source the node covers; errors point at its start.
    pub span: Span,
}

/// The kinds of expression nodes.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A number literal such as `65` or `0.5`.
    Number(f64),
    /// A string literal, escapes already resolved.
    Str(String),
    /// `true` or `false`.
    Bool(bool),
    /// A field path such as `cramps.timing`.
    Path(String),
    /// A list of string literals: `["a", "b"]`.
    List(Vec<StrLit>),
    /// `not x`.
    Not(Box<Expr>),
    /// `a and b and ...` (two or more operands).
    And(Vec<Expr>),
    /// `a or b or ...` (two or more operands).
    Or(Vec<Expr>),
    /// `lhs op rhs` with one of the six comparison operators.
    Compare {
        /// The operator.
        op: CmpOp,
        /// The operator's span.
        op_span: Span,
        /// Left operand.
        lhs: Box<Expr>,
        /// Right operand.
        rhs: Box<Expr>,
    },
    /// `lhs in rhs`.
    In {
        /// The span of `in`.
        op_span: Span,
        /// Left operand.
        lhs: Box<Expr>,
        /// Right operand.
        rhs: Box<Expr>,
    },
    /// A call of a built-in function.
    Call {
        /// Which function.
        func: Func,
        /// The field argument.
        field: PathLit,
        /// The list argument, present exactly for `any_of` and `all_of`.
        list: Option<Vec<StrLit>>,
    },
}

/// A string literal and its span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrLit {
    /// The string, escapes resolved.
    pub value: String,
    /// Its span, quotes included.
    pub span: Span,
}

/// A field path used as a function argument, and its span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathLit {
    /// The dotted path.
    pub name: String,
    /// Its span.
    pub span: Span,
}

/// The comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// The operator as written.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    /// The operator that holds exactly when this one does not
    /// (for numbers other than NaN): `<` gives `>=`.
    #[must_use]
    pub fn negated(self) -> CmpOp {
        match self {
            CmpOp::Eq => CmpOp::Ne,
            CmpOp::Ne => CmpOp::Eq,
            CmpOp::Lt => CmpOp::Ge,
            CmpOp::Le => CmpOp::Gt,
            CmpOp::Gt => CmpOp::Le,
            CmpOp::Ge => CmpOp::Lt,
        }
    }

    /// The operator with its operands swapped: `a < b` is `b > a`.
    #[must_use]
    pub fn swapped(self) -> CmpOp {
        match self {
            CmpOp::Eq => CmpOp::Eq,
            CmpOp::Ne => CmpOp::Ne,
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Ge => CmpOp::Le,
        }
    }

    /// Applies the operator to two numbers; any comparison with NaN is
    /// false except `!=`.
    #[must_use]
    pub fn apply(self, a: f64, b: f64) -> bool {
        match self {
            CmpOp::Eq => a == b,
            CmpOp::Ne => a != b,
            CmpOp::Lt => a < b,
            CmpOp::Le => a <= b,
            CmpOp::Gt => a > b,
            CmpOp::Ge => a >= b,
        }
    }
}

impl fmt::Display for CmpOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The built-in functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Func {
    /// `known(field)`: the field has a value.
    Known,
    /// `unknown(field)`: the field has no value.
    Unknown,
    /// `any_of(set, [values])`: the set holds at least one of the values.
    AnyOf,
    /// `all_of(set, [values])`: the set holds every one of the values.
    AllOf,
    /// `count(set)`: how many values the set holds, a number.
    Count,
}

impl Func {
    /// Every function, in the order error messages list them.
    pub const ALL: [Func; 5] = [
        Func::Known,
        Func::Unknown,
        Func::AnyOf,
        Func::AllOf,
        Func::Count,
    ];

    /// The function's name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Func::Known => "known",
            Func::Unknown => "unknown",
            Func::AnyOf => "any_of",
            Func::AllOf => "all_of",
            Func::Count => "count",
        }
    }

    /// The function with this name, if any.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Func> {
        Func::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Whether the function takes a list after the field.
    #[must_use]
    pub fn takes_list(self) -> bool {
        matches!(self, Func::AnyOf | Func::AllOf)
    }
}

/// Binding strength, loosest first; an operand binds tighter than all.
fn precedence(kind: &ExprKind) -> u8 {
    match kind {
        ExprKind::Or(_) => 1,
        ExprKind::And(_) => 2,
        ExprKind::Not(_) => 3,
        ExprKind::Compare { .. } | ExprKind::In { .. } => 4,
        _ => 5,
    }
}

/// Writes `s` as a string literal, escaping `"` and `\`.
pub(crate) fn write_str_lit(f: &mut impl fmt::Write, s: &str) -> fmt::Result {
    f.write_char('"')?;
    for c in s.chars() {
        if c == '"' || c == '\\' {
            f.write_char('\\')?;
        }
        f.write_char(c)?;
    }
    f.write_char('"')
}

fn write_list(f: &mut fmt::Formatter<'_>, items: &[StrLit]) -> fmt::Result {
    f.write_str("[")?;
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write_str_lit(f, &item.value)?;
    }
    f.write_str("]")
}

impl Expr {
    /// Writes the expression, in parentheses when it binds looser than
    /// `min` requires.
    fn write(&self, f: &mut fmt::Formatter<'_>, min: u8) -> fmt::Result {
        let parens = precedence(&self.kind) < min;
        if parens {
            f.write_str("(")?;
        }
        match &self.kind {
            ExprKind::Number(n) => write!(f, "{n}")?,
            ExprKind::Str(s) => write_str_lit(f, s)?,
            ExprKind::Bool(b) => write!(f, "{b}")?,
            ExprKind::Path(p) => f.write_str(p)?,
            ExprKind::List(items) => write_list(f, items)?,
            ExprKind::Not(inner) => {
                f.write_str("not ")?;
                inner.write(f, 3)?;
            }
            ExprKind::And(items) | ExprKind::Or(items) => {
                let (word, child_min) = match &self.kind {
                    ExprKind::And(_) => (" and ", 3),
                    _ => (" or ", 2),
                };
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(word)?;
                    }
                    item.write(f, child_min)?;
                }
            }
            ExprKind::Compare { op, lhs, rhs, .. } => {
                lhs.write(f, 5)?;
                write!(f, " {op} ")?;
                rhs.write(f, 5)?;
            }
            ExprKind::In { lhs, rhs, .. } => {
                lhs.write(f, 5)?;
                f.write_str(" in ")?;
                rhs.write(f, 5)?;
            }
            ExprKind::Call { func, field, list } => {
                write!(f, "{}({}", func.name(), field.name)?;
                if let Some(items) = list {
                    f.write_str(", ")?;
                    write_list(f, items)?;
                }
                f.write_str(")")?;
            }
        }
        if parens {
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, 0)
    }
}
