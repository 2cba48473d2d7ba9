//! Turns source text into tokens with spans.

use crate::ast::Span;
use crate::error::ExprError;

/// A token's kind and payload.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok {
    Number(f64),
    Str(String),
    /// A field path or function name: `age`, `cramps.timing`, `known`.
    Path(String),
    And,
    Or,
    Not,
    In,
    True,
    False,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Cmp(crate::ast::CmpOp),
    Eof,
}

/// A token and where it is.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token {
    pub tok: Tok,
    pub span: Span,
}

/// The reserved words and their tokens.
fn keyword(word: &str) -> Option<Tok> {
    Some(match word {
        "and" => Tok::And,
        "or" => Tok::Or,
        "not" => Tok::Not,
        "in" => Tok::In,
        "true" => Tok::True,
        "false" => Tok::False,
        _ => return None,
    })
}

/// Whether `word` is reserved and so cannot be a field name segment.
pub(crate) fn is_reserved(word: &str) -> bool {
    keyword(word).is_some()
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_lowercase() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Whether `segment` is a valid name segment: `[a-z_][a-z0-9_]*`.
pub(crate) fn is_valid_segment(segment: &str) -> bool {
    let mut chars = segment.chars();
    chars.next().is_some_and(is_name_start)
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Shortens `text` for an error message.
pub(crate) fn excerpt(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        text.to_owned()
    } else {
        let short: String = text.chars().take(MAX).collect();
        format!("{short}...")
    }
}

struct Lexer<'a> {
    src: &'a str,
    /// Byte offset of the next character.
    pos: usize,
    line: u32,
    column: u32,
}

impl<'a> Lexer<'a> {
    fn peek(&self) -> Option<char> {
        self.src
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
    }

    fn peek_second(&self) -> Option<char> {
        self.src
            .get(self.pos..)
            .and_then(|rest| rest.chars().nth(1))
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn here(&self) -> Span {
        Span {
            start: self.pos,
            end: self.pos,
            line: self.line,
            column: self.column,
        }
    }

    fn text(&self, start: usize) -> &'a str {
        self.src.get(start..self.pos).unwrap_or_default()
    }

    fn skip_while(&mut self, keep: impl Fn(char) -> bool) {
        while self.peek().is_some_and(&keep) {
            self.bump();
        }
    }

    fn next_token(&mut self) -> Result<Token, ExprError> {
        self.skip_while(|c| matches!(c, ' ' | '\t' | '\r' | '\n'));
        let mut span = self.here();
        let Some(c) = self.peek() else {
            return Ok(Token {
                tok: Tok::Eof,
                span,
            });
        };
        let tok = match c {
            '(' | ')' | '[' | ']' | ',' => {
                self.bump();
                match c {
                    '(' => Tok::LParen,
                    ')' => Tok::RParen,
                    '[' => Tok::LBracket,
                    ']' => Tok::RBracket,
                    _ => Tok::Comma,
                }
            }
            '=' | '!' | '<' | '>' => self.operator(c, span)?,
            '"' => self.string(span)?,
            '-' if self.peek_second().is_some_and(|d| d.is_ascii_digit()) => self.number(span)?,
            c if c.is_ascii_digit() => self.number(span)?,
            c if is_name_char(c) => self.path()?,
            '&' | '|' => {
                let word = if c == '&' { "and" } else { "or" };
                return Err(ExprError::at(
                    span,
                    format!("unexpected character `{c}`; use `{word}`"),
                ));
            }
            c => {
                return Err(ExprError::at(
                    span,
                    format!("unexpected character `{}`", c.escape_debug()),
                ))
            }
        };
        span.end = self.pos;
        Ok(Token { tok, span })
    }

    fn operator(&mut self, c: char, span: Span) -> Result<Tok, ExprError> {
        use crate::ast::CmpOp;
        self.bump();
        let followed_by_eq = self.peek() == Some('=');
        if followed_by_eq {
            self.bump();
        }
        Ok(Tok::Cmp(match (c, followed_by_eq) {
            ('=', true) => CmpOp::Eq,
            ('!', true) => CmpOp::Ne,
            ('<', false) => CmpOp::Lt,
            ('<', true) => CmpOp::Le,
            ('>', false) => CmpOp::Gt,
            ('>', true) => CmpOp::Ge,
            ('=', false) => {
                return Err(ExprError::at(span, "unexpected `=`; use `==` to compare"));
            }
            _ => {
                return Err(ExprError::at(span, "unexpected `!`; use `not` or `!=`"));
            }
        }))
    }

    fn string(&mut self, span: Span) -> Result<Tok, ExprError> {
        self.bump();
        let mut value = String::new();
        loop {
            let escape_span = self.here();
            match self.bump() {
                None => return Err(ExprError::at(span, "unterminated string")),
                Some('"') => return Ok(Tok::Str(value)),
                Some('\\') => match self.bump() {
                    Some(c @ ('"' | '\\')) => value.push(c),
                    Some(c) => {
                        return Err(ExprError::at(
                            escape_span,
                            format!(
                            "unknown escape `\\{}` in string; only `\\\"` and `\\\\` are allowed",
                            c.escape_debug()
                        ),
                        ))
                    }
                    None => return Err(ExprError::at(span, "unterminated string")),
                },
                Some(c) => value.push(c),
            }
        }
    }

    fn number(&mut self, span: Span) -> Result<Tok, ExprError> {
        let start = self.pos;
        if self.peek() == Some('-') {
            self.bump();
        }
        self.skip_while(|c| c.is_ascii_digit());
        if self.peek() == Some('.') && self.peek_second().is_some_and(|c| c.is_ascii_digit()) {
            self.bump();
            self.skip_while(|c| c.is_ascii_digit());
        }
        if self.peek().is_some_and(|c| is_name_char(c) || c == '.') {
            self.skip_while(|c| is_name_char(c) || c == '.');
            return Err(ExprError::at(
                span,
                format!("invalid number `{}`", excerpt(self.text(start))),
            ));
        }
        let text = self.text(start);
        match text.parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(Tok::Number(n)),
            _ => Err(ExprError::at(
                span,
                format!("number `{}` is out of range", excerpt(text)),
            )),
        }
    }

    fn path(&mut self) -> Result<Tok, ExprError> {
        let start = self.pos;
        loop {
            let segment_span = self.here();
            let segment_start = self.pos;
            self.skip_while(is_name_char);
            let segment = self.text(segment_start);
            if segment.is_empty() {
                let got = self.peek().map_or_else(
                    || "end of input".to_owned(),
                    |c| format!("`{}`", c.escape_debug()),
                );
                return Err(ExprError::at(
                    segment_span,
                    format!("expected a name after `.`, got {got}"),
                ));
            }
            if !is_valid_segment(segment) {
                return Err(ExprError::at(
                    segment_span,
                    format!(
                        "invalid name `{}`; names use lowercase letters, digits and `_` and start with a letter or `_`",
                        excerpt(segment)
                    ),
                ));
            }
            let whole = self.text(start);
            if whole.len() != segment.len() && is_reserved(segment) {
                return Err(ExprError::at(
                    segment_span,
                    format!("`{segment}` is a reserved word and cannot be part of a field name"),
                ));
            }
            if self.peek() != Some('.') {
                break;
            }
            if is_reserved(segment) {
                return Err(ExprError::at(
                    segment_span,
                    format!("`{segment}` is a reserved word and cannot be part of a field name"),
                ));
            }
            self.bump();
        }
        let text = self.text(start);
        Ok(keyword(text).unwrap_or_else(|| Tok::Path(text.to_owned())))
    }
}

/// Splits `src` into tokens, ending with [`Tok::Eof`].
pub(crate) fn lex(src: &str) -> Result<Vec<Token>, ExprError> {
    let mut lexer = Lexer {
        src,
        pos: 0,
        line: 1,
        column: 1,
    };
    let mut tokens = Vec::new();
    loop {
        let token = lexer.next_token()?;
        let end = token.tok == Tok::Eof;
        tokens.push(token);
        if end {
            return Ok(tokens);
        }
    }
}

#[cfg(test)]
#[allow(
    clippy::indexing_slicing,
    reason = "tests may index and slice, as the integration tests do: a panic is a failed test"
)]
mod tests {
    use super::*;
    use crate::ast::CmpOp;

    fn kinds(src: &str) -> Vec<Tok> {
        lex(src).unwrap().into_iter().map(|t| t.tok).collect()
    }

    fn err(src: &str) -> String {
        lex(src).unwrap_err().to_string()
    }

    #[test]
    fn tokens() {
        assert_eq!(
            kinds(r#"age >= 65 and "a\"b" in cramps.timing"#),
            vec![
                Tok::Path("age".into()),
                Tok::Cmp(CmpOp::Ge),
                Tok::Number(65.0),
                Tok::And,
                Tok::Str("a\"b".into()),
                Tok::In,
                Tok::Path("cramps.timing".into()),
                Tok::Eof
            ]
        );
        assert_eq!(kinds("-1.5"), vec![Tok::Number(-1.5), Tok::Eof]);
        assert_eq!(
            kinds("[x,]"),
            vec![
                Tok::LBracket,
                Tok::Path("x".into()),
                Tok::Comma,
                Tok::RBracket,
                Tok::Eof
            ]
        );
    }

    #[test]
    fn positions_count_lines_and_characters() {
        let tokens = lex("\"é\" ==\n  x").unwrap();
        assert_eq!((tokens[1].span.line, tokens[1].span.column), (1, 5));
        assert_eq!((tokens[2].span.line, tokens[2].span.column), (2, 3));
        assert_eq!(err("é"), "1:1: unexpected character `é`");
    }

    #[test]
    fn errors() {
        assert_eq!(err("a = 1"), "1:3: unexpected `=`; use `==` to compare");
        assert_eq!(err("\"abc"), "1:1: unterminated string");
        assert_eq!(err("65abc"), "1:1: invalid number `65abc`");
        assert_eq!(
            err("a.in"),
            "1:3: `in` is a reserved word and cannot be part of a field name"
        );
        assert_eq!(
            err("a."),
            "1:3: expected a name after `.`, got end of input"
        );
        assert_eq!(err("a && b"), "1:3: unexpected character `&`; use `and`");
    }
}
