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

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.origin)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        if let Some(key) = &self.key {
            write!(f, ": key `{key}`")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
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
/// and is not compared, so a huge unknown word costs nothing.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let length = word.chars().count();
    let limit = (length / 3).clamp(1, 3);
    candidates
        .into_iter()
        .filter(|c| c.chars().count().abs_diff(length) <= limit)
        .map(|c| (edit_distance(word, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

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
        // A megabyte of unknown key is never compared with short candidates.
        let huge = "k".repeat(1 << 20);
        assert_eq!(did_you_mean(&huge, ["key", "kk"]), None);
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
