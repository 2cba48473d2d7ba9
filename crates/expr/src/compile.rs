//! Type-checking and lowering of a syntax tree to a [`Program`].

use crate::ast::{CmpOp, Expr, ExprKind, Func, PathLit, Span, StrLit};
use crate::condition::{Atom, AtomText, Condition, Node, Num, Program, ValueKind};
use crate::error::ExprError;
use crate::parser::parse;
use crate::schema::{value_mask, FieldId, FieldType, Schema};
use crampwise_suggest::did_you_mean;

/// Parses, checks and compiles `src` against `schema`.
pub(crate) fn compile(src: &str, schema: &Schema) -> Result<Condition, ExprError> {
    schema.validate().map_err(|e| ExprError {
        line: 1,
        column: 1,
        message: format!("invalid schema: {}", e.message),
    })?;
    let ast = parse(src)?;
    let mut compiler = Compiler {
        schema,
        program: Program::default(),
    };
    let root = compiler.condition(&ast.root)?;
    compiler.program.root = root;
    Ok(Condition {
        source: src.to_owned(),
        program: compiler.program,
    })
}

/// What a comparison operand turned out to be.
#[derive(Clone, Copy)]
enum Side<'e, 's> {
    /// A number literal, number field or `count(...)`.
    Num(Num),
    Str(&'e str, Span),
    BoolLit(bool),
    Bool(FieldId),
    Enum(FieldId, &'s [String], &'e str),
    Set(FieldId, &'s [String], &'e str),
    List(&'e [StrLit]),
    /// Anything that is itself a condition.
    Cond,
}

impl Side<'_, '_> {
    /// Whether the side reads a field (as opposed to being a literal).
    fn is_field(self) -> bool {
        match self {
            Side::Num(num) => num.field().is_some(),
            Side::Bool(_) | Side::Enum(..) | Side::Set(..) => true,
            _ => false,
        }
    }
}

struct Compiler<'s> {
    schema: &'s Schema,
    program: Program,
}

fn index(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Lists values for an error message: `` `a`, `b`, ... ``.
fn list_values(values: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut out: Vec<String> = values
        .iter()
        .take(SHOWN)
        .map(|v| format!("`{v}`"))
        .collect();
    if values.len() > SHOWN {
        out.push("...".to_owned());
    }
    out.join(", ")
}

impl<'s> Compiler<'s> {
    fn push(&mut self, node: Node) -> u32 {
        self.program.nodes.push(node);
        index(self.program.nodes.len() - 1)
    }

    fn atom(&mut self, atom: Atom, text: String, negated: String) -> u32 {
        let json = |s: &str| {
            let mut out = String::with_capacity(s.len() + 4);
            crate::json::write_json_escaped(&mut out, s);
            out
        };
        self.program.texts.push(AtomText {
            text_json: json(&text),
            negated_json: json(&negated),
            text,
            negated,
        });
        let text_id = index(self.program.texts.len() - 1);
        self.push(Node::Atom(atom, text_id))
    }

    /// An atom whose negation reads `not <text>`.
    fn plain_atom(&mut self, atom: Atom, expr: &Expr) -> u32 {
        let text = expr.to_string();
        let negated = format!("not {text}");
        self.atom(atom, text, negated)
    }

    /// Resolves a field path, recording it among the fields read.
    fn resolve(&mut self, name: &str, span: Span) -> Result<(FieldId, &'s FieldType), ExprError> {
        let schema = self.schema;
        let Some((id, field_type)) = schema.lookup(name) else {
            let names = schema.iter().map(|(_, n, _)| n);
            return Err(ExprError::at(
                span,
                format!("unknown field `{name}`{}", did_you_mean(name, names)),
            ));
        };
        if !self.program.fields.contains(&id) {
            self.program.fields.push(id);
            self.program.kinds.push(ValueKind::of(field_type));
        }
        Ok((id, field_type))
    }

    /// The index of string literal `value` among a field's `values`.
    fn value_index(
        field: &str,
        values: &[String],
        value: &str,
        span: Span,
    ) -> Result<u16, ExprError> {
        values
            .iter()
            .position(|v| v == value)
            .and_then(|i| u16::try_from(i).ok())
            .ok_or_else(|| {
                ExprError::at(
                    span,
                    format!(
                        "`{value}` is not a value of `{field}`; expected one of {}{}",
                        list_values(values),
                        did_you_mean(value, values.iter().map(String::as_str))
                    ),
                )
            })
    }

    /// The bit mask of a list of set values.
    fn set_mask(field: &str, values: &[String], items: &[StrLit]) -> Result<u64, ExprError> {
        let mut mask = 0u64;
        for item in items {
            let i = Self::value_index(field, values, &item.value, item.span)?;
            mask |= 1u64.checked_shl(u32::from(i)).unwrap_or(0);
        }
        Ok(mask)
    }

    /// How an expression reads in a type error.
    fn describe(&self, expr: &Expr) -> String {
        match &expr.kind {
            ExprKind::Number(_) => "a number".to_owned(),
            ExprKind::Str(_) => "a string".to_owned(),
            ExprKind::Bool(b) => format!("`{b}`"),
            ExprKind::List(_) => "a list".to_owned(),
            ExprKind::Path(name) => match self.schema.lookup(name) {
                Some((_, field_type)) => {
                    format!("the {} field `{name}`", field_type.kind_name())
                }
                None => format!("`{name}`"),
            },
            ExprKind::Call {
                func: Func::Count, ..
            } => "a number".to_owned(),
            _ => "a condition".to_owned(),
        }
    }

    fn not_a_condition(&self, expr: &Expr) -> ExprError {
        ExprError::at(
            expr.span,
            format!(
                "expected a condition (true or false), got {}",
                self.describe(expr)
            ),
        )
    }

    /// Compiles an expression that must be a condition; returns its node.
    fn condition(&mut self, expr: &Expr) -> Result<u32, ExprError> {
        match &expr.kind {
            ExprKind::Bool(b) => Ok(self.plain_atom(Atom::Const(*b), expr)),
            ExprKind::Path(name) => {
                let (field, field_type) = self.resolve(name, expr.span)?;
                if *field_type != FieldType::Bool {
                    return Err(self.not_a_condition(expr));
                }
                Ok(self.plain_atom(Atom::BoolIs { field, value: true }, expr))
            }
            ExprKind::Number(_)
            | ExprKind::Str(_)
            | ExprKind::List(_)
            | ExprKind::Call {
                func: Func::Count, ..
            } => Err(self.not_a_condition(expr)),
            ExprKind::Not(inner) => {
                let inner = self.condition(inner)?;
                Ok(self.push(Node::Not(inner)))
            }
            ExprKind::And(items) | ExprKind::Or(items) => {
                let ids = items
                    .iter()
                    .map(|item| self.condition(item))
                    .collect::<Result<Vec<_>, _>>()?;
                let start = index(self.program.children.len());
                self.program.children.extend(ids);
                let end = index(self.program.children.len());
                Ok(self.push(match expr.kind {
                    ExprKind::And(_) => Node::And { start, end },
                    _ => Node::Or { start, end },
                }))
            }
            ExprKind::Compare {
                op,
                op_span,
                lhs,
                rhs,
            } => self.compare(expr, *op, *op_span, lhs, rhs),
            ExprKind::In { op_span, lhs, rhs } => self.membership(expr, *op_span, lhs, rhs),
            ExprKind::Call { func, field, list } => self.call(expr, *func, field, list.as_deref()),
        }
    }

    /// Classifies a comparison operand, resolving fields.
    fn side<'e>(&mut self, expr: &'e Expr) -> Result<Side<'e, 's>, ExprError> {
        Ok(match &expr.kind {
            ExprKind::Number(n) => Side::Num(Num::Const(*n)),
            ExprKind::Str(s) => Side::Str(s, expr.span),
            ExprKind::Bool(b) => Side::BoolLit(*b),
            ExprKind::List(items) => Side::List(items),
            ExprKind::Path(name) => {
                let (id, field_type) = self.resolve(name, expr.span)?;
                match field_type {
                    FieldType::Number => Side::Num(Num::Field(id)),
                    FieldType::Bool => Side::Bool(id),
                    FieldType::Enum(values) => Side::Enum(id, values, name),
                    FieldType::Set(values) => Side::Set(id, values, name),
                }
            }
            ExprKind::Call {
                func: Func::Count,
                field,
                ..
            } => {
                let (id, values) = self.set_field(Func::Count, field)?;
                Side::Num(Num::Count(id, value_mask(values.len())))
            }
            _ => Side::Cond,
        })
    }

    /// Resolves the field argument of a function that needs a set field.
    fn set_field(
        &mut self,
        func: Func,
        field: &PathLit,
    ) -> Result<(FieldId, &'s [String]), ExprError> {
        let (id, field_type) = self.resolve(&field.name, field.span)?;
        match field_type {
            FieldType::Set(values) => Ok((id, values)),
            other => {
                let hint = if matches!(other, FieldType::Enum(_)) && func != Func::Count {
                    format!("; use `{} in [...]`", field.name)
                } else {
                    String::new()
                };
                Err(ExprError::at(
                    field.span,
                    format!(
                        "`{}` expects a set field, got the {} field `{}`{hint}",
                        func.name(),
                        other.kind_name(),
                        field.name
                    ),
                ))
            }
        }
    }

    fn compare(
        &mut self,
        expr: &Expr,
        op: CmpOp,
        op_span: Span,
        lhs: &Expr,
        rhs: &Expr,
    ) -> Result<u32, ExprError> {
        let l = self.side(lhs)?;
        let r = self.side(rhs)?;
        for (side, e) in [(l, lhs), (r, rhs)] {
            match side {
                Side::Set(_, _, name) => {
                    return Err(ExprError::at(
                        op_span,
                        format!(
                            "`{op}` does not apply to the set field `{name}`; use `\"value\" in {name}`, `any_of` or `all_of`"
                        ),
                    ))
                }
                Side::List(_) => {
                    return Err(ExprError::at(
                        e.span,
                        "cannot compare a list; lists go after `in` or in `any_of` and `all_of`",
                    ))
                }
                Side::Cond => {
                    return Err(ExprError::at(
                        e.span,
                        format!(
                            "cannot compare a condition with `{op}`; combine conditions with `and`, `or` and `not`"
                        ),
                    ))
                }
                _ => {}
            }
        }
        if !l.is_field() && !r.is_field() {
            return Err(ExprError::at(
                lhs.span,
                "comparison of two constants; one side must be a field",
            ));
        }
        let equality = matches!(op, CmpOp::Eq | CmpOp::Ne);
        let atom = match (l, r) {
            (Side::Num(a), Side::Num(b)) => Atom::Compare { lhs: a, op, rhs: b },
            (Side::Enum(field, values, name), Side::Str(value, span))
            | (Side::Str(value, span), Side::Enum(field, values, name)) => {
                if !equality {
                    return Err(ExprError::at(
                        op_span,
                        format!("`{op}` does not apply to the enum field `{name}`; use `==`, `!=` or `in`"),
                    ));
                }
                let index = Self::value_index(name, values, value, span)?;
                Atom::EnumIs {
                    field,
                    index,
                    equal: op == CmpOp::Eq,
                }
            }
            (Side::Bool(field), Side::BoolLit(b)) | (Side::BoolLit(b), Side::Bool(field)) => {
                if !equality {
                    let name = self.schema.field_name(field);
                    return Err(ExprError::at(
                        op_span,
                        format!(
                            "`{op}` does not apply to the bool field `{name}`; use `==` or `!=`"
                        ),
                    ));
                }
                Atom::BoolIs {
                    field,
                    value: b == (op == CmpOp::Eq),
                }
            }
            _ => {
                // Point at the side that does not fit the field on the other.
                let (field_side, field_expr, other) = if l.is_field() {
                    (l, lhs, rhs)
                } else {
                    (r, rhs, lhs)
                };
                let hint = match field_side {
                    Side::Num(_) => "; expected a number".to_owned(),
                    Side::Bool(_) => "; expected `true` or `false`".to_owned(),
                    Side::Enum(_, values, _) => {
                        format!("; expected a string, one of {}", list_values(values))
                    }
                    _ => String::new(),
                };
                return Err(ExprError::at(
                    other.span,
                    format!(
                        "cannot compare {} with {}{hint}",
                        self.describe(field_expr),
                        self.describe(other)
                    ),
                ));
            }
        };
        let text = expr.to_string();
        let mut flipped = expr.clone();
        if let ExprKind::Compare { op, .. } = &mut flipped.kind {
            *op = op.negated();
        }
        Ok(self.atom(atom, text, flipped.to_string()))
    }

    fn membership(
        &mut self,
        expr: &Expr,
        op_span: Span,
        lhs: &Expr,
        rhs: &Expr,
    ) -> Result<u32, ExprError> {
        let l = self.side(lhs)?;
        let r = self.side(rhs)?;
        let atom = match (l, r) {
            (Side::Str(value, span), Side::Set(field, values, name)) => {
                let i = Self::value_index(name, values, value, span)?;
                Atom::SetAny {
                    field,
                    mask: 1u64.checked_shl(u32::from(i)).unwrap_or(0),
                }
            }
            (Side::Enum(field, values, name), Side::List(items)) => {
                let mut indices = Vec::with_capacity(items.len());
                for item in items {
                    let i = Self::value_index(name, values, &item.value, item.span)?;
                    if !indices.contains(&i) {
                        indices.push(i);
                    }
                }
                let start = index(self.program.enum_lists.len());
                self.program.enum_lists.extend(indices);
                let end = index(self.program.enum_lists.len());
                Atom::EnumIn { field, start, end }
            }
            (Side::Set(_, _, name), Side::List(_)) => {
                return Err(ExprError::at(
                    op_span,
                    format!(
                        "`in` cannot test the set field `{name}` against a list; use `any_of({name}, [...])` or `all_of({name}, [...])`"
                    ),
                ))
            }
            (_, Side::Set(_, _, name)) => {
                return Err(ExprError::at(
                    lhs.span,
                    format!(
                        "expected a string before `in {name}`, got {}",
                        self.describe(lhs)
                    ),
                ))
            }
            (_, Side::List(_)) => {
                return Err(ExprError::at(
                    lhs.span,
                    format!(
                        "expected an enum field before `in [...]`, got {}",
                        self.describe(lhs)
                    ),
                ))
            }
            (_, other) => {
                let hint = match other {
                    Side::Enum(_, _, name) => format!("; to test an enum field use `{name} == \"...\"`"),
                    _ => String::new(),
                };
                return Err(ExprError::at(
                    rhs.span,
                    format!(
                        "expected a set field or a list after `in`, got {}{hint}",
                        self.describe(rhs)
                    ),
                ));
            }
        };
        Ok(self.plain_atom(atom, expr))
    }

    fn call(
        &mut self,
        expr: &Expr,
        func: Func,
        field: &PathLit,
        list: Option<&[StrLit]>,
    ) -> Result<u32, ExprError> {
        let atom = match func {
            Func::Known | Func::Unknown => {
                let (id, field_type) = self.resolve(&field.name, field.span)?;
                Atom::Known {
                    field: id,
                    kind: ValueKind::of(field_type),
                    known: func == Func::Known,
                }
            }
            Func::AnyOf | Func::AllOf => {
                let (id, values) = self.set_field(func, field)?;
                let mask = Self::set_mask(&field.name, values, list.unwrap_or_default())?;
                if func == Func::AnyOf {
                    Atom::SetAny { field: id, mask }
                } else {
                    Atom::SetAll { field: id, mask }
                }
            }
            Func::Count => return Err(self.not_a_condition(expr)),
        };
        Ok(self.plain_atom(atom, expr))
    }
}
