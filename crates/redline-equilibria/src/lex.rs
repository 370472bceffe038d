//! The tokenizer shared by the `.nfg` and `.efg` readers.
//!
//! Gambit files are sequences of quoted strings (with `\"` escapes), numbers,
//! bare words (`NFG`, `R`, `c`, `p`, `t`) and the punctuation `{`, `}`, `,`.
//! Every token keeps its byte offset so that errors carry line and column.

use crate::number::{MAX_DIGITS, NumberError, Q, read_number};
use redline_core::InputError;

/// What a token is.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok {
    Str(String),
    Num(Q, String),
    Word(String),
    Open,
    Close,
    Comma,
}

impl Tok {
    pub(crate) fn describe(&self) -> String {
        match self {
            Tok::Str(s) if s.chars().count() > 40 => {
                let cut: String = s.chars().take(39).collect();
                format!("the string \"{cut}…\"")
            }
            Tok::Str(s) => format!("the string \"{s}\""),
            Tok::Num(_, text) => format!("the number {text}"),
            Tok::Word(w) => format!("`{w}`"),
            Tok::Open => "`{`".into(),
            Tok::Close => "`}`".into(),
            Tok::Comma => "`,`".into(),
        }
    }
}

/// A cursor over the tokens of one file, producing located errors.
pub(crate) struct Lexer<'a> {
    text: &'a str,
    origin: &'a str,
    tokens: Vec<(Tok, usize)>,
    pos: usize,
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(origin: &'a str, text: &'a str) -> Result<Self, InputError> {
        let mut tokens = Vec::new();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii_whitespace() {
                i += 1;
            } else if b == b'{' {
                tokens.push((Tok::Open, i));
                i += 1;
            } else if b == b'}' {
                tokens.push((Tok::Close, i));
                i += 1;
            } else if b == b',' {
                tokens.push((Tok::Comma, i));
                i += 1;
            } else if b == b'"' {
                let start = i;
                i += 1;
                let mut s = String::new();
                loop {
                    let Some(c) = text[i..].chars().next() else {
                        return Err(InputError::new(origin, "unterminated string")
                            .at_offset(text, start)
                            .hint("a string starts here and never ends with `\"`"));
                    };
                    i += c.len_utf8();
                    match c {
                        '"' => break,
                        '\\' => {
                            if let Some(next) = text[i..].chars().next() {
                                i += next.len_utf8();
                                s.push(next);
                            }
                        }
                        _ => s.push(c),
                    }
                }
                tokens.push((Tok::Str(s), start));
            } else {
                let start = i;
                while i < bytes.len()
                    && !bytes[i].is_ascii_whitespace()
                    && !matches!(bytes[i], b'{' | b'}' | b',' | b'"')
                {
                    i += 1;
                }
                let word = &text[start..i];
                let first = word.as_bytes()[0];
                if first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.') {
                    match read_number(word) {
                        Ok(q) => tokens.push((Tok::Num(q, word.to_string()), start)),
                        Err(NumberError::TooLong(digits)) => {
                            let shown: String = word.chars().take(24).collect();
                            let more = if word.len() > shown.len() { "…" } else { "" };
                            return Err(InputError::new(
                                origin,
                                format!(
                                    "`{shown}{more}` needs {} digits to be read exactly, more than the {MAX_DIGITS} accepted",
                                    if digits == usize::MAX { "too many".to_string() } else { digits.to_string() }
                                ),
                            )
                            .at_offset(text, start)
                            .hint("numbers are read exactly, as written; round it (a payoff of 2.2e-308 is 0 for any purpose)"));
                        }
                        Err(NumberError::Invalid) => {
                            let shown: String = word.chars().take(24).collect();
                            let more = if word.len() > shown.len() { "…" } else { "" };
                            return Err(InputError::new(
                                origin,
                                format!("`{shown}{more}` is not a number"),
                            )
                            .at_offset(text, start)
                            .hint("numbers are integers (3), decimals (0.25) or fractions (1/3)"));
                        }
                    }
                } else {
                    tokens.push((Tok::Word(word.to_string()), start));
                }
            }
        }
        Ok(Lexer {
            text,
            origin,
            tokens,
            pos: 0,
        })
    }

    pub(crate) fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|(t, _)| t)
    }

    /// An error located at the current token (or at the end of the file).
    pub(crate) fn error(&self, message: impl Into<String>) -> InputError {
        let offset = self
            .tokens
            .get(self.pos)
            .map_or(self.text.len(), |(_, o)| *o);
        InputError::new(self.origin, message).at_offset(self.text, offset)
    }

    /// An error located at the end of the file.
    pub(crate) fn error_at_end(&self, message: impl Into<String>) -> InputError {
        InputError::new(self.origin, message).at_offset(self.text, self.text.len())
    }

    /// An error located at the previous token.
    pub(crate) fn error_before(&self, message: impl Into<String>) -> InputError {
        let offset = self
            .tokens
            .get(self.pos.saturating_sub(1))
            .map_or(self.text.len(), |(_, o)| *o);
        InputError::new(self.origin, message).at_offset(self.text, offset)
    }

    fn unexpected(&self, wanted: &str) -> InputError {
        match self.peek() {
            Some(t) => self.error(format!("expected {wanted}, found {}", t.describe())),
            None => self.error(format!("expected {wanted}, found the end of the file")),
        }
    }

    pub(crate) fn next(&mut self) -> Option<Tok> {
        let t = self.tokens.get(self.pos).map(|(t, _)| t.clone());
        if t.is_some() {
            self.pos += 1;
        }
        t
    }

    pub(crate) fn expect_open(&mut self) -> Result<(), InputError> {
        match self.peek() {
            Some(Tok::Open) => {
                self.pos += 1;
                Ok(())
            }
            _ => Err(self.unexpected("`{`")),
        }
    }

    pub(crate) fn eat_close(&mut self) -> bool {
        if self.peek() == Some(&Tok::Close) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    pub(crate) fn eat_comma(&mut self) {
        if self.peek() == Some(&Tok::Comma) {
            self.pos += 1;
        }
    }

    pub(crate) fn expect_word(&mut self, word: &str) -> Result<(), InputError> {
        match self.peek() {
            Some(Tok::Word(w)) if w == word => {
                self.pos += 1;
                Ok(())
            }
            _ => Err(self.unexpected(&format!("`{word}`"))),
        }
    }

    pub(crate) fn expect_str(&mut self, what: &str) -> Result<String, InputError> {
        match self.peek() {
            Some(Tok::Str(s)) => {
                let s = s.clone();
                self.pos += 1;
                Ok(s)
            }
            _ => Err(self.unexpected(what)),
        }
    }

    pub(crate) fn peek_is_str(&self) -> bool {
        matches!(self.peek(), Some(Tok::Str(_)))
    }

    pub(crate) fn expect_number(&mut self, what: &str) -> Result<Q, InputError> {
        match self.peek() {
            Some(Tok::Num(q, _)) => {
                let q = q.clone();
                self.pos += 1;
                Ok(q)
            }
            _ => Err(self.unexpected(what)),
        }
    }

    /// A non-negative integer that fits in `usize`.
    pub(crate) fn expect_index(&mut self, what: &str) -> Result<usize, InputError> {
        match self.peek() {
            Some(Tok::Num(q, text)) => {
                let value = if q.is_integer() && !crate::number::is_negative(q) {
                    num_traits::ToPrimitive::to_usize(q.numer())
                } else {
                    None
                };
                match value {
                    Some(v) => {
                        self.pos += 1;
                        Ok(v)
                    }
                    None => Err(self.error(format!("expected {what}, found {text}"))),
                }
            }
            _ => Err(self.unexpected(what)),
        }
    }

    pub(crate) fn expect_end(&self) -> Result<(), InputError> {
        match self.peek() {
            None => Ok(()),
            Some(t) => Err(self.error(format!(
                "unexpected {} after the end of the game",
                t.describe()
            ))),
        }
    }
}

/// Reads the header every Gambit file starts with — `MAGIC version R|D
/// "title" { "player" … }` — and returns the title and the player names.
/// `what` names the kind of file in the hint for a wrong magic word.
pub(crate) fn gambit_header(
    lx: &mut Lexer<'_>,
    magic: &str,
    version: usize,
    what: &str,
) -> Result<(String, Vec<String>), InputError> {
    lx.expect_word(magic).map_err(|e| {
        e.hint(format!(
            "a Gambit {what} file starts with `{magic} {version} R`"
        ))
    })?;
    let found = lx.expect_index(&format!("the format version {version}"))?;
    if found != version {
        return Err(lx
            .error_before(format!(
                "unsupported .{} version {found}",
                magic.to_lowercase()
            ))
            .hint(format!("only version {version} is read")));
    }
    match lx.next() {
        Some(Tok::Word(w)) if w == "R" || w == "D" => {}
        _ => return Err(lx.error_before("expected `R` or `D` after the version")),
    }
    let title = lx.expect_str("the game's title (a quoted string)")?;
    lx.expect_open()?;
    let mut players = Vec::new();
    while !lx.eat_close() {
        players.push(lx.expect_str("a player name or `}`")?);
    }
    Ok((title, players))
}

/// Quotes a string for a Gambit file.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}
