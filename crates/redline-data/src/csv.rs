//! Splitting one line of a delimited file into fields.
//!
//! Event files are read line by line so that a file larger than memory can
//! be streamed and a broken row cannot swallow the rows after it: a record
//! never spans lines here. A quoted field may contain the delimiter and
//! doubled quotes (`"a ""b"""` → `a "b"`, RFC 4180); a quote left open at the
//! end of the line makes the row malformed. Raw GDELT files are not quoted;
//! the splitter then only cuts at tabs.

/// Why a line could not be split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplitError {
    /// 1-based column (in characters) where the problem starts.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// The fields of one line, stored in one reusable buffer (no allocation per
/// field once the buffers have grown).
#[derive(Clone, Debug, Default)]
pub struct Record {
    text: String,
    starts: Vec<usize>,
    ends: Vec<usize>,
}

impl Record {
    /// An empty record.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are no fields.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Field `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<&str> {
        Some(&self.text[*self.starts.get(i)?..self.ends[i]])
    }

    /// Splits `line` into this record (see [`split_line`]); ASCII delimiter only.
    pub fn split(&mut self, line: &str, delimiter: u8, quoted: bool) -> Result<(), SplitError> {
        self.text.clear();
        self.starts.clear();
        self.ends.clear();
        let bytes = line.as_bytes();
        if !quoted {
            self.starts.push(0);
            for (i, &b) in bytes.iter().enumerate() {
                if b == delimiter {
                    self.ends.push(i);
                    self.starts.push(i + 1);
                }
            }
            self.ends.push(bytes.len());
            self.text.push_str(line);
            return Ok(());
        }
        let column = |at: usize| line[..at].chars().count() + 1;
        let mut i = 0;
        loop {
            self.starts.push(self.text.len());
            if bytes.get(i) == Some(&b'"') {
                let open = i;
                i += 1;
                loop {
                    // Copy up to the next quote in one piece.
                    let rest = &bytes[i..];
                    let Some(q) = rest.iter().position(|&b| b == b'"') else {
                        return Err(SplitError {
                            column: column(open),
                            message: "a quoted field is not closed on this line".into(),
                        });
                    };
                    self.text.push_str(&line[i..i + q]);
                    i += q + 1;
                    if bytes.get(i) == Some(&b'"') {
                        self.text.push('"');
                        i += 1;
                    } else {
                        break;
                    }
                }
                self.ends.push(self.text.len());
                match bytes.get(i) {
                    None => return Ok(()),
                    Some(&b) if b == delimiter => i += 1,
                    Some(_) => {
                        let c = line[i..].chars().next().unwrap_or('?');
                        return Err(SplitError {
                            column: column(i),
                            message: format!("`{c}` after a closing quote"),
                        });
                    }
                }
            } else {
                let rest = &bytes[i..];
                match rest.iter().position(|&b| b == delimiter) {
                    Some(d) => {
                        self.text.push_str(&line[i..i + d]);
                        self.ends.push(self.text.len());
                        i += d + 1;
                    }
                    None => {
                        self.text.push_str(&line[i..]);
                        self.ends.push(self.text.len());
                        return Ok(());
                    }
                }
            }
        }
    }
}

impl std::ops::Index<usize> for Record {
    type Output = str;
    fn index(&self, i: usize) -> &str {
        self.get(i).expect("field index within the record")
    }
}

/// Splits `line` (without its line ending) at `delimiter` into `fields`,
/// which is cleared first. Quotes are honoured when `quoted` is true.
pub fn split_line(
    line: &str,
    delimiter: char,
    quoted: bool,
    fields: &mut Vec<String>,
) -> Result<(), SplitError> {
    fields.clear();
    if !quoted {
        fields.extend(line.split(delimiter).map(str::to_string));
        return Ok(());
    }
    let mut chars = line.char_indices().peekable();
    let mut field = String::new();
    loop {
        // At the start of a field.
        match chars.peek().copied() {
            Some((start, '"')) => {
                chars.next();
                loop {
                    match chars.next() {
                        Some((_, '"')) => {
                            if matches!(chars.peek(), Some((_, '"'))) {
                                chars.next();
                                field.push('"');
                            } else {
                                break;
                            }
                        }
                        Some((_, c)) => field.push(c),
                        None => {
                            return Err(SplitError {
                                column: line[..start].chars().count() + 1,
                                message: "a quoted field is not closed on this line".into(),
                            });
                        }
                    }
                }
                match chars.next() {
                    None => {
                        fields.push(std::mem::take(&mut field));
                        return Ok(());
                    }
                    Some((_, c)) if c == delimiter => fields.push(std::mem::take(&mut field)),
                    Some((at, c)) => {
                        return Err(SplitError {
                            column: line[..at].chars().count() + 1,
                            message: format!("`{c}` after a closing quote"),
                        });
                    }
                }
            }
            _ => loop {
                match chars.next() {
                    None => {
                        fields.push(std::mem::take(&mut field));
                        return Ok(());
                    }
                    Some((_, c)) if c == delimiter => {
                        fields.push(std::mem::take(&mut field));
                        break;
                    }
                    Some((_, c)) => field.push(c),
                }
            },
        }
    }
}

/// Whether a field means "missing": empty, or `NA` as R writes it.
pub fn is_missing(field: &str) -> bool {
    let f = field.trim();
    f.is_empty() || f == "NA"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(line: &str) -> Result<Vec<String>, SplitError> {
        let mut v = Vec::new();
        split_line(line, ',', true, &mut v).map(|()| v)
    }

    #[test]
    fn splits_quoted_and_plain_fields() {
        assert_eq!(split("a,b,,c").unwrap(), ["a", "b", "", "c"]);
        assert_eq!(split(r#""a,b","c""d",NA"#).unwrap(), ["a,b", "c\"d", "NA"]);
        assert_eq!(split(r#""""#).unwrap(), [""]);
        assert_eq!(split("").unwrap(), [""]);
        assert_eq!(split("a,").unwrap(), ["a", ""]);
    }

    #[test]
    fn reports_unclosed_and_stray_quotes_with_columns() {
        let e = split(r#"a,"b,c"#).unwrap_err();
        assert_eq!(e.column, 3);
        assert!(e.message.contains("not closed"));
        let e = split(r#""a"x,b"#).unwrap_err();
        assert_eq!(e.column, 4);
    }

    #[test]
    fn tabs_without_quotes_cut_only_at_tabs() {
        let mut v = Vec::new();
        split_line("a\t\"b\tc", '\t', false, &mut v).unwrap();
        assert_eq!(v, ["a", "\"b", "c"]);
    }

    #[test]
    fn record_splits_like_split_line() {
        let mut r = Record::new();
        for line in [
            "a,b,,c",
            r#""a,b","c""d",NA"#,
            r#""""#,
            "",
            "a,",
            r#"é,"ü,ß""#,
            r#"a,"b,c"#,
            r#""a"x,b"#,
        ] {
            let mut v = Vec::new();
            let expected = split_line(line, ',', true, &mut v).map(|()| v);
            let got = r
                .split(line, b',', true)
                .map(|()| (0..r.len()).map(|i| r[i].to_string()).collect::<Vec<_>>());
            assert_eq!(got, expected, "{line}");
        }
        r.split("a\t\"b\tc", b'\t', false).unwrap();
        assert_eq!((r.len(), &r[1]), (3, "\"b"));
    }

    #[test]
    fn missing_values() {
        assert!(is_missing(""));
        assert!(is_missing(" NA "));
        assert!(!is_missing("0"));
    }
}
