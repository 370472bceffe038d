//! Errors in user input, located in the file that caused them.
//!
//! Every reader in redline (scenario TOML, KTAB CSV, Gambit files, event
//! data) reports bad input as an [`InputError`]: what is wrong, and where
//! (file, line, column, and for structured files the dotted key path). The
//! CLI prints it and exits with code 2; nothing panics on user input.

use std::fmt;

/// A problem in a user's input file or argument, with its location.
#[derive(Clone, Debug, PartialEq)]
pub struct InputError {
    /// The file (or `--set`, `<embedded>`, an argument name) the input came from.
    pub origin: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column (in characters), when known.
    pub column: Option<usize>,
    /// Dotted key path inside a structured file (`leader.red_line`), when known.
    pub key: Option<String>,
    /// What is wrong.
    pub message: String,
    /// A suggestion ("did you mean `deniability`?"), when there is one.
    pub hint: Option<String>,
}

impl InputError {
    /// An error about `origin` as a whole.
    pub fn new(origin: impl Into<String>, message: impl Into<String>) -> Self {
        InputError {
            origin: origin.into(),
            line: None,
            column: None,
            key: None,
            message: message.into(),
            hint: None,
        }
    }

    /// Places the error at a 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Places the error at the byte offset `offset` of `text`.
    pub fn at_offset(self, text: &str, offset: usize) -> Self {
        let (line, column) = line_column(text, offset);
        self.at(line, column)
    }

    /// Names the key path the error is about.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// Adds a suggestion.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// The most characters of one name (a key, an origin, a word quoted in a
/// message) that a message shows; a longer one is cut, saying how long it
/// was. A file may hold a key of a megabyte; a message of a megabyte helps
/// no one.
pub const SHOWN_CHARS: usize = 120;

/// `text` as a message shows it: whole when it has at most [`SHOWN_CHARS`]
/// characters, else its start and its length (`kkkk…` (1048576 characters)).
pub fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(SHOWN_CHARS) {
        None => std::borrow::Cow::Borrowed(text),
        Some((cut, _)) => std::borrow::Cow::Owned(format!(
            "{}… ({} characters)",
            &text[..cut],
            text.chars().count()
        )),
    }
}

/// A message as shown: each word in backquotes (how every message quotes
/// what the input wrote) cut by [`shown`]. [`InputError`] shows its message
/// and hint so; so do the warnings that quote an input.
pub fn shown_message(message: &str) -> std::borrow::Cow<'_, str> {
    let mut parts = message.split('`');
    if message.len() <= SHOWN_CHARS || !parts.any(|p| p.chars().nth(SHOWN_CHARS).is_some()) {
        return std::borrow::Cow::Borrowed(message);
    }
    let pieces: Vec<&str> = message.split('`').collect();
    let last = pieces.len() - 1;
    let mut out = String::new();
    for (i, piece) in pieces.iter().enumerate() {
        if i > 0 {
            out.push('`');
        }
        // Odd pieces are between backquotes; an unclosed last one is not.
        if i % 2 == 1 && (i < last || pieces.len() % 2 == 1) {
            out.push_str(&shown(piece));
        } else {
            out.push_str(piece);
        }
    }
    std::borrow::Cow::Owned(out)
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", shown(&self.origin))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        if let Some(key) = &self.key {
            write!(f, ": key `{}`", shown(key))?;
        }
        write!(f, ": {}", shown_message(&self.message))?;
        if let Some(hint) = &self.hint {
            write!(f, " ({})", shown_message(hint))?;
        }
        Ok(())
    }
}

impl std::error::Error for InputError {}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The candidate closest to `word` by edit distance, if it is close enough to
/// be a plausible misspelling (at most a third of the word's length, and ≤ 3).
/// A candidate whose length differs by more than that cannot be close enough
/// and is not compared, so a huge unknown word costs nothing; nor is a word
/// longer than [`SUGGEST_CHARS`], so that two long words of about the same
/// length (an edit distance costs the product of their lengths) cost
/// nothing either.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // Counting stops past the limit: the length of a huge word is not needed.
    let length = word.chars().take(SUGGEST_CHARS + 1).count();
    if length > SUGGEST_CHARS {
        return None;
    }
    let limit = (length / 3).clamp(1, 3);
    candidates
        .into_iter()
        .filter(|c| c.chars().take(length + limit + 1).count().abs_diff(length) <= limit)
        .map(|c| (edit_distance(word, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// The longest word [`did_you_mean`] finds a suggestion for: longer than
/// any key path a model reads, so no misspelling of one is missed.
pub const SUGGEST_CHARS: usize = 200;

/// Edit distance between two strings, by characters, counting insertions,
/// deletions, substitutions and transpositions of neighbours (the optimal
/// string alignment distance, `strsim::osa_distance`), since `nmae` for
/// `name` is one slip, not two.
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_offsets() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        assert_eq!(line_column(text, 9), (2, 3)); // after the two-byte é
    }

    #[test]
    fn suggests_close_names_only() {
        let keys = ["deniability", "red_line", "firmness"];
        assert_eq!(did_you_mean("deniabilty", keys), Some("deniability"));
        assert_eq!(did_you_mean("redline", keys), Some("red_line"));
        assert_eq!(did_you_mean("horizon", keys), None);
        assert_eq!(edit_distance("nmae", "name"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        // A megabyte of unknown key is never compared with short candidates,
        // nor with long ones.
        let huge = "k".repeat(1 << 20);
        assert_eq!(did_you_mean(&huge, ["key", "kk"]), None);
        let other = format!("{huge}x");
        assert_eq!(did_you_mean(&huge, [other.as_str()]), None);
        let long = "k".repeat(SUGGEST_CHARS - 1);
        let near = format!("{long}x");
        assert_eq!(did_you_mean(&long, [near.as_str()]), Some(near.as_str()));
    }

    #[test]
    fn long_names_are_shown_by_their_start_and_length() {
        let key = "k".repeat(1 << 20);
        let e = InputError::new(format!("--set {key}=1"), format!("unknown value `{key}`"))
            .at(1, 7)
            .key(format!("leader.{key}"))
            .hint(format!("did you mean `{}`?", "x".repeat(300)));
        let text = e.to_string();
        assert!(text.len() < 1000, "{} bytes shown", text.len());
        assert!(text.starts_with(&format!(
            "--set {}… (1048584 characters):1:7",
            "k".repeat(114)
        )));
        assert!(text.contains(&format!(
            "key `leader.{}… (1048583 characters)`",
            "k".repeat(113)
        )));
        assert!(text.contains("unknown value `kkk"), "{text}");
        assert!(text.contains("… (1048576 characters)` ("), "{text}");
        assert!(text.ends_with("… (300 characters)`?)"), "{text}");
        // The error keeps the whole key; only its display is cut.
        assert_eq!(e.key.as_deref().map(str::len), Some(7 + (1 << 20)));
        // Short names and unbalanced backquotes are shown as written.
        let e = InputError::new("s.toml", format!("a `b` and `{}", "c".repeat(200)));
        assert_eq!(
            e.to_string(),
            format!("s.toml: a `b` and `{}", "c".repeat(200))
        );
        assert_eq!(
            shown("é".repeat(SHOWN_CHARS).as_str()),
            "é".repeat(SHOWN_CHARS)
        );
    }

    #[test]
    fn formats_location() {
        let e = InputError::new("s.toml", "wrong type")
            .at(3, 5)
            .key("leader.firmness")
            .hint("expected a number");
        assert_eq!(
            e.to_string(),
            "s.toml:3:5: key `leader.firmness`: wrong type (expected a number)"
        );
    }
}
