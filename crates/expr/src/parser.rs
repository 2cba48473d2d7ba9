//! Recursive-descent parser with limits on size, depth and node count.

use crate::ast::{Ast, Expr, ExprKind, Func, PathLit, Span, StrLit};
use crate::error::ExprError;
use crate::lexer::{excerpt, lex, Tok, Token};
use crampwise_suggest::did_you_mean;

/// The longest source accepted, in bytes.
pub const MAX_SOURCE_LEN: usize = 4096;
/// The deepest nesting accepted, counting each `(` group and each `not`.
pub const MAX_DEPTH: usize = 64;
/// The most syntax nodes accepted (list items included).
pub const MAX_NODES: usize = 512;

/// Parses `src` into a syntax tree. Only syntax is checked: field names,
/// values and types are checked by [`Condition::compile`](crate::Condition::compile).
///
/// # Errors
///
/// An [`ExprError`] naming the line and column of the offending token, also
/// when `src` exceeds [`MAX_SOURCE_LEN`], [`MAX_DEPTH`] or [`MAX_NODES`].
pub fn parse(src: &str) -> Result<Ast, ExprError> {
    if src.len() > MAX_SOURCE_LEN {
        let start = Span {
            start: 0,
            end: 0,
            line: 1,
            column: 1,
        };
        return Err(ExprError::at(
            start,
            format!(
                "condition is too long: {} bytes (limit {MAX_SOURCE_LEN})",
                src.len()
            ),
        ));
    }
    let tokens = lex(src)?;
    let mut parser = Parser {
        src,
        tokens,
        pos: 0,
        depth: 0,
        nodes: 0,
    };
    let root = parser.expr()?;
    let next = parser.peek();
    if next.tok != Tok::Eof {
        return Err(parser.unexpected(next, "`and`, `or` or end of input"));
    }
    Ok(Ast {
        root,
        node_count: parser.nodes,
    })
}

struct Parser<'a> {
    src: &'a str,
    /// Ends with [`Tok::Eof`]; tokens before `pos` have been taken.
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
    nodes: usize,
}

/// Stands in for the end of input past the last token.
static EOF: Token = Token {
    tok: Tok::Eof,
    span: Span {
        start: 0,
        end: 0,
        line: 1,
        column: 1,
    },
};

// The parser recurses once per `(` group: `expr` -> `unary` -> `operand`
// -> `expr`. Error messages are built in separate functions to keep those
// frames small, so that the deepest input fits in a small stack.
impl Parser<'_> {
    fn peek(&self) -> &Token {
        self.tokens
            .get(self.pos)
            .or_else(|| self.tokens.last())
            .unwrap_or(&EOF)
    }

    fn peek_is(&self, tok: &Tok) -> bool {
        &self.peek().tok == tok
    }

    /// Takes the next token; at the end, keeps returning [`Tok::Eof`].
    fn next(&mut self) -> Token {
        match self.tokens.get_mut(self.pos) {
            Some(token) if token.tok != Tok::Eof => {
                self.pos += 1;
                Token {
                    tok: std::mem::replace(&mut token.tok, Tok::Eof),
                    span: token.span,
                }
            }
            _ => self.peek().clone(),
        }
    }

    /// How a token reads in an error message.
    fn describe(&self, token: &Token) -> String {
        if token.tok == Tok::Eof {
            return "end of input".to_owned();
        }
        let text = self
            .src
            .get(token.span.start..token.span.end)
            .unwrap_or_default();
        format!("`{}`", excerpt(text))
    }

    #[cold]
    #[inline(never)]
    fn unexpected(&self, token: &Token, expected: &str) -> ExprError {
        ExprError::at(
            token.span,
            format!("expected {expected}, got {}", self.describe(token)),
        )
    }

    #[cold]
    #[inline(never)]
    fn unclosed(&self, token: &Token, expected: &str, open: char, at: Span) -> ExprError {
        let expected = format!(
            "{expected} to close the `{open}` at {}:{}",
            at.line, at.column
        );
        self.unexpected(token, &expected)
    }

    #[cold]
    #[inline(never)]
    fn chained(&self, token: &Token) -> ExprError {
        ExprError::at(
            token.span,
            format!(
                "comparisons cannot be chained, got {}; combine them with `and`",
                self.describe(token)
            ),
        )
    }

    fn node(&mut self, kind: ExprKind, span: Span) -> Result<Expr, ExprError> {
        self.count(span)?;
        Ok(Expr { kind, span })
    }

    fn count(&mut self, span: Span) -> Result<(), ExprError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(limit_error(span, true));
        }
        Ok(())
    }

    fn enter(&mut self, span: Span) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(limit_error(span, false));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// `or := and ("or" and)*` and `and := not ("and" not)*`
    fn expr(&mut self) -> Result<Expr, ExprError> {
        let mut ors = Vec::new();
        loop {
            let mut ands = vec![self.unary()?];
            while self.peek_is(&Tok::And) {
                self.next();
                ands.push(self.unary()?);
            }
            ors.push(self.group(ands, ExprKind::And)?);
            if !self.peek_is(&Tok::Or) {
                return self.group(ors, ExprKind::Or);
            }
            self.next();
        }
    }

    /// One operand as is, or two or more joined by `make`.
    fn group(
        &mut self,
        mut items: Vec<Expr>,
        make: fn(Vec<Expr>) -> ExprKind,
    ) -> Result<Expr, ExprError> {
        if items.len() == 1 {
            if let Some(only) = items.pop() {
                return Ok(only);
            }
        }
        let span = match (items.first(), items.last()) {
            (Some(first), Some(last)) => first.span.to(last.span),
            _ => Span::default(),
        };
        self.node(make(items), span)
    }

    /// `not := "not" not | cmp`, with `cmp := operand (op operand | "in" operand)?`
    fn unary(&mut self) -> Result<Expr, ExprError> {
        let mut nots = Vec::new();
        while self.peek_is(&Tok::Not) {
            let span = self.next().span;
            self.enter(span)?;
            nots.push(span);
        }
        let lhs = self.operand()?;
        let op = match self.peek().tok {
            Tok::Cmp(op) => Some(op),
            Tok::In => None,
            _ => return self.wrap_nots(lhs, nots),
        };
        let op_span = self.next().span;
        let rhs = self.operand()?;
        if matches!(self.peek().tok, Tok::Cmp(_) | Tok::In) {
            return Err(self.chained(self.peek()));
        }
        let span = lhs.span.to(rhs.span);
        let (lhs, rhs) = (Box::new(lhs), Box::new(rhs));
        let kind = match op {
            Some(op) => ExprKind::Compare {
                op,
                op_span,
                lhs,
                rhs,
            },
            None => ExprKind::In { op_span, lhs, rhs },
        };
        let cmp = self.node(kind, span)?;
        self.wrap_nots(cmp, nots)
    }

    fn wrap_nots(&mut self, mut expr: Expr, mut nots: Vec<Span>) -> Result<Expr, ExprError> {
        while let Some(span) = nots.pop() {
            self.leave();
            let span = span.to(expr.span);
            expr = self.node(ExprKind::Not(Box::new(expr)), span)?;
        }
        Ok(expr)
    }

    /// `operand := number | string | true | false | path | "(" or ")" | list | call`
    fn operand(&mut self) -> Result<Expr, ExprError> {
        let token = self.next();
        let span = token.span;
        let kind = match token.tok {
            Tok::Number(n) => ExprKind::Number(n),
            Tok::Str(s) => ExprKind::Str(s),
            Tok::True => ExprKind::Bool(true),
            Tok::False => ExprKind::Bool(false),
            Tok::Path(name) => {
                if self.peek_is(&Tok::LParen) {
                    return self.call(name, span);
                }
                ExprKind::Path(name)
            }
            Tok::LParen => return self.paren(span),
            Tok::LBracket => {
                let (items, end) = self.list_rest(span)?;
                return self.node(ExprKind::List(items), span_end(span, end));
            }
            _ => return Err(self.unexpected(&token, "a value or condition")),
        };
        self.node(kind, span)
    }

    /// After `(`: `or ")"`.
    fn paren(&mut self, open: Span) -> Result<Expr, ExprError> {
        self.enter(open)?;
        let inner = self.expr()?;
        self.leave();
        let close = self.next();
        if close.tok != Tok::RParen {
            return Err(self.unclosed(&close, "`)`", '(', open));
        }
        // The group stands for its contents; errors about it point at `(`.
        Ok(Expr {
            span: span_end(open, close.span.end),
            ..inner
        })
    }

    /// After `[`: `string ("," string)* ","? "]"`.
    fn list_rest(&mut self, open: Span) -> Result<(Vec<StrLit>, usize), ExprError> {
        let mut items = Vec::new();
        loop {
            let token = self.next();
            match token.tok {
                Tok::Str(value) => {
                    self.count(token.span)?;
                    items.push(StrLit {
                        value,
                        span: token.span,
                    });
                }
                Tok::RBracket if !items.is_empty() => return Ok((items, token.span.end)),
                Tok::RBracket => {
                    return Err(ExprError::at(
                        token.span,
                        "expected a string, got `]`; a list needs at least one value",
                    ))
                }
                _ => return Err(self.unexpected(&token, "a string in the list")),
            }
            let token = self.next();
            match token.tok {
                Tok::Comma => {}
                Tok::RBracket => return Ok((items, token.span.end)),
                _ => return Err(self.unclosed(&token, "`,` or `]`", '[', open)),
            }
        }
    }

    /// `func "(" path ("," list)? ")"`, after the name.
    fn call(&mut self, name: String, name_span: Span) -> Result<Expr, ExprError> {
        let Some(func) = Func::from_name(&name) else {
            return Err(unknown_function(&name, name_span));
        };
        self.next(); // `(`
        let token = self.next();
        let Tok::Path(path) = token.tok else {
            return Err(self.unexpected(&token, &format!("a field name in `{name}(...)`")));
        };
        let field = PathLit {
            name: path,
            span: token.span,
        };
        let list = if func.takes_list() {
            let comma = self.next();
            if comma.tok != Tok::Comma {
                return Err(self.unexpected(&comma, "`,` then a list of values"));
            }
            let open = self.next();
            if open.tok != Tok::LBracket {
                return Err(self.unexpected(&open, &format!("a list of strings in `{name}(...)`")));
            }
            Some(self.list_rest(open.span)?.0)
        } else {
            None
        };
        let close = self.next();
        if close.tok != Tok::RParen {
            let mut error = self.unexpected(&close, "`)`");
            if !func.takes_list() {
                error
                    .message
                    .push_str(&format!("; `{name}` takes one field"));
            }
            return Err(error);
        }
        let span = span_end(name_span, close.span.end);
        self.node(ExprKind::Call { func, field, list }, span)
    }
}

#[cold]
#[inline(never)]
fn limit_error(span: Span, too_large: bool) -> ExprError {
    let message = if too_large {
        format!("condition is too large (limit {MAX_NODES} nodes)")
    } else {
        format!("condition is nested too deeply (limit {MAX_DEPTH})")
    };
    ExprError::at(span, message)
}

#[cold]
#[inline(never)]
fn unknown_function(name: &str, span: Span) -> ExprError {
    let names = Func::ALL.map(Func::name);
    ExprError::at(
        span,
        format!(
            "unknown function `{name}`; expected one of `known`, `unknown`, `any_of`, `all_of`, `count`{}",
            did_you_mean(name, names)
        ),
    )
}

fn span_end(span: Span, end: usize) -> Span {
    Span { end, ..span }
}
