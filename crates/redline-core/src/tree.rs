//! A TOML document as an owned tree that remembers where every key and value
//! came from, so that overlays (`--set`, `--with FRAGMENT.toml`) can be merged
//! onto a scenario and every later error still points at the right file, line
//! and column.
//!
//! Parsing uses the `toml` crate's span-preserving `DeTable`; this module only
//! converts it into plain owned data and implements the merge rules.

use crate::date::Date;
use crate::input_error::{InputError, line_column};
use toml::de::{DeTable, DeValue};

/// Which input a node came from: an index into [`Origins`].
pub type OriginId = u16;

/// Where a node is: the input and the byte offset in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Loc {
    /// The input (file, `--set` argument, fragment).
    pub origin: OriginId,
    /// Byte offset of the node's first character in that input.
    pub offset: usize,
}

/// The texts of all inputs, so a [`Loc`] can be turned into a line and column.
#[derive(Clone, Debug, Default)]
pub struct Origins {
    inputs: Vec<(String, String)>,
}

impl Origins {
    /// Registers an input named `name` with its full `text`.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> OriginId {
        self.inputs.push((name.into(), text.into()));
        OriginId::try_from(self.inputs.len() - 1).unwrap_or(OriginId::MAX)
    }

    /// Number of inputs registered.
    pub fn len(&self) -> usize {
        self.inputs.len()
    }

    /// True when no input is registered.
    pub fn is_empty(&self) -> bool {
        self.inputs.is_empty()
    }

    /// The name of an input.
    pub fn name(&self, origin: OriginId) -> &str {
        self.inputs
            .get(usize::from(origin))
            .map_or("<input>", |(n, _)| n.as_str())
    }

    /// An error located at `loc`, about `key`.
    pub fn error(&self, loc: Loc, key: &str, message: impl Into<String>) -> InputError {
        let (name, text) = self
            .inputs
            .get(usize::from(loc.origin))
            .map_or(("<input>", ""), |(n, t)| (n.as_str(), t.as_str()));
        let (line, column) = line_column(text, loc.offset);
        let error = InputError::new(name, message).at(line, column);
        if key.is_empty() {
            error
        } else {
            error.key(key)
        }
    }
}

/// A TOML value with its location.
#[derive(Clone, Debug)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where the value starts.
    pub loc: Loc,
}

/// One key of a table, with where the key was written.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The key (one segment, not a dotted path).
    pub key: String,
    /// Where the key was written.
    pub key_loc: Loc,
    /// The value.
    pub node: Node,
}

/// A TOML value.
#[derive(Clone, Debug)]
pub enum Value {
    /// A string.
    String(String),
    /// An integer (kept apart from floats only for messages; read as f64).
    Integer(i64),
    /// A float, possibly NaN or infinite (validation rejects those).
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// A local date (`2025-02-07`).
    Date(Date),
    /// Any other datetime, kept as text so that it can be reported.
    OtherDatetime(String),
    /// An array.
    Array(Vec<Node>),
    /// A table, in the order the keys were written.
    Table(Vec<Entry>),
}

impl Value {
    /// The TOML type name, for "expected …, found …" messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::String(_) => "a string",
            Value::Integer(_) => "an integer",
            Value::Float(_) => "a float",
            Value::Bool(_) => "a boolean",
            Value::Date(_) => "a date",
            Value::OtherDatetime(_) => "a date-time",
            Value::Array(_) => "an array",
            Value::Table(_) => "a table",
        }
    }

    /// The value as a number, when it is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Integer(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// The table's entries, when it is a table.
    pub fn as_table(&self) -> Option<&[Entry]> {
        match self {
            Value::Table(entries) => Some(entries),
            _ => None,
        }
    }
}

impl Node {
    /// The entry `key` of this table node, if any.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.value.as_table()?.iter().find(|e| e.key == key)
    }
}

/// Parses a TOML document into a tree whose locations refer to `origin`.
pub fn parse_document(origins: &Origins, origin: OriginId, text: &str) -> Result<Node, InputError> {
    let table = DeTable::parse(text).map_err(|e| toml_error(origins, origin, &e))?;
    let span = table.span();
    Ok(Node {
        value: convert_table(origins, origin, table.into_inner())?,
        loc: Loc {
            origin,
            offset: span.start,
        },
    })
}

/// Parses a single TOML value (as given after `=` in `--set key=VALUE`).
pub fn parse_value(
    origins: &Origins,
    origin: OriginId,
    text: &str,
    offset: usize,
) -> Result<Node, InputError> {
    let value = DeValue::parse(text).map_err(|e| {
        let mut error = toml_error(origins, origin, &e);
        if let Some(span) = e.span() {
            let (line, column) = line_column(text, span.start);
            error.line = Some(line);
            error.column = Some(column + offset);
        }
        error
    })?;
    let start = value.span().start + offset;
    convert(origins, origin, value.into_inner(), start)
}

fn toml_error(origins: &Origins, origin: OriginId, error: &toml::de::Error) -> InputError {
    let loc = Loc {
        origin,
        offset: error.span().map_or(0, |s| s.start),
    };
    let message = error.message().trim().to_string();
    origins.error(loc, "", format!("TOML syntax: {message}"))
}

fn convert_table(
    origins: &Origins,
    origin: OriginId,
    table: DeTable<'_>,
) -> Result<Value, InputError> {
    let mut entries = Vec::with_capacity(table.len());
    for (key, value) in table {
        let key_loc = Loc {
            origin,
            offset: key.span().start,
        };
        let start = value.span().start;
        let node = convert(origins, origin, value.into_inner(), start)?;
        entries.push(Entry {
            key: key.into_inner().into_owned(),
            key_loc,
            node,
        });
    }
    // The parser's map is sorted by key; restore the order the user wrote.
    entries.sort_by_key(|e| e.key_loc.offset);
    Ok(Value::Table(entries))
}

fn convert(
    origins: &Origins,
    origin: OriginId,
    value: DeValue<'_>,
    start: usize,
) -> Result<Node, InputError> {
    let loc = Loc {
        origin,
        offset: start,
    };
    let value = match value {
        DeValue::String(s) => Value::String(s.into_owned()),
        DeValue::Integer(i) => match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
            Ok(v) => Value::Integer(v),
            Err(_) => return Err(origins.error(loc, "", format!("integer `{i}` is out of range"))),
        },
        DeValue::Float(f) => match f.as_str().replace('_', "").parse::<f64>() {
            Ok(v) => Value::Float(v),
            Err(_) => return Err(origins.error(loc, "", format!("`{f}` is not a number"))),
        },
        DeValue::Boolean(b) => Value::Bool(b),
        DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => {
                match Date::from_ymd(i32::from(d.year), u32::from(d.month), u32::from(d.day)) {
                    Some(date) => Value::Date(date),
                    None => {
                        return Err(origins.error(
                            loc,
                            "",
                            format!("`{dt}` is not a day of the calendar"),
                        ));
                    }
                }
            }
            _ => Value::OtherDatetime(dt.to_string()),
        },
        DeValue::Array(items) => {
            let mut nodes = Vec::with_capacity(items.len());
            for item in items {
                let item_start = item.span().start;
                nodes.push(convert(origins, origin, item.into_inner(), item_start)?);
            }
            Value::Array(nodes)
        }
        DeValue::Table(table) => convert_table(origins, origin, table)?,
    };
    Ok(Node { value, loc })
}

/// True when a table is a model parameter: it has a `value` or a `dist` key,
/// or it describes a parameter (`unit`, `range`, `default`, `source`) with
/// some field of a value (`mean`, `alpha`, …) but without `value` or `dist`:
/// what is left when an overlay writes `{ mean = 0.5 }` over a parameter.
/// It is then read as a parameter, and reported as one that lacks its
/// `value` or `dist`, where the overlay wrote it; not taken apart into
/// unknown keys of the file underneath.
pub fn is_parameter(node: &Node) -> bool {
    let Some(entries) = node.value.as_table() else {
        return false;
    };
    let has = |keys: &[&str]| entries.iter().any(|e| keys.contains(&e.key.as_str()));
    has(&["value", "dist"]) || (has(&VALUE_KEYS) && has(&META_KEYS))
}

/// Keys of a parameter table that describe the parameter itself.
pub const META_KEYS: [&str; 4] = ["unit", "range", "default", "source"];

/// Keys of a parameter table that describe its value or distribution (the
/// rest — unit, range, default, source, inert — describe the parameter itself).
pub const VALUE_KEYS: [&str; 10] = [
    "value", "dist", "low", "high", "mode", "alpha", "beta", "mean", "sd", "weights",
];

/// Merges `overlay` onto `base`: tables merge key by key; a parameter in the
/// base keeps its unit, range, default and source when the overlay gives only
/// a new value (a bare value, or a table with `value`/`dist`) and takes the
/// overlay's own when it gives them; anything else is replaced.
pub fn merge(base: &mut Node, overlay: Node) {
    if is_parameter(base) {
        merge_into_parameter(base, overlay);
        return;
    }
    match (&mut base.value, overlay.value) {
        (Value::Table(base_entries), Value::Table(overlay_entries)) => {
            merge_entries(base_entries, overlay_entries, |existing, entry| {
                merge(&mut existing.node, entry.node)
            });
        }
        (_, value) => {
            *base = Node {
                value,
                loc: overlay.loc,
            }
        }
    }
}

/// Lays `overlay` entries over `base` ones: an entry whose key the base has
/// is combined with it by `combine`; a new one is appended, in the
/// overlay's order. Keys are found through an index, not by scanning the
/// base for each overlay key: a table of 50,000 keys took seconds that way.
fn merge_entries(
    base: &mut Vec<Entry>,
    overlay: Vec<Entry>,
    mut combine: impl FnMut(&mut Entry, Entry),
) {
    // One or two keys (a `--set`, a small fragment): a scan costs less.
    if overlay.len() <= 2 {
        for entry in overlay {
            match base.iter_mut().find(|e| e.key == entry.key) {
                Some(existing) => combine(existing, entry),
                None => base.push(entry),
            }
        }
        return;
    }
    let mut index: std::collections::HashMap<String, usize> = base
        .iter()
        .enumerate()
        .map(|(i, e)| (e.key.clone(), i))
        .collect();
    for entry in overlay {
        match index.get(&entry.key) {
            Some(&i) => combine(&mut base[i], entry),
            None => {
                index.insert(entry.key.clone(), base.len());
                base.push(entry);
            }
        }
    }
}

fn merge_into_parameter(base: &mut Node, overlay: Node) {
    let Value::Table(base_entries) = &mut base.value else {
        return;
    };
    let overlay_loc = overlay.loc;
    let overlay_entries = match overlay.value {
        Value::Table(entries) => entries,
        scalar => vec![Entry {
            key: "value".into(),
            key_loc: overlay_loc,
            node: Node {
                value: scalar,
                loc: overlay_loc,
            },
        }],
    };
    if overlay_entries
        .iter()
        .any(|e| VALUE_KEYS.contains(&e.key.as_str()))
    {
        base_entries.retain(|e| !VALUE_KEYS.contains(&e.key.as_str()));
        // The overlay now says what the value is: an error about the value as
        // a whole (a `dist` without its fields, no `value` or `dist` at all)
        // points at the overlay, not at the table it was laid over.
        base.loc = overlay_loc;
    }
    merge_entries(base_entries, overlay_entries, |existing, entry| {
        *existing = entry
    });
}

/// Applies `--set KEY=VALUE` to `root`. VALUE is read as a TOML value; when it
/// is not one, as a bare string (`--set counterpart.strategy=grit`).
/// Missing tables on the path are created, so that a misspelt key is reported
/// by validation with "did you mean".
pub fn apply_set(
    root: &mut Node,
    origins: &mut Origins,
    assignment: &str,
) -> Result<(), InputError> {
    let origin = origins.add(format!("--set {assignment}"), assignment.to_string());
    let Some((path, raw)) = assignment.split_once('=') else {
        return Err(origins.error(Loc { origin, offset: 0 }, "", "expected KEY=VALUE"));
    };
    let key_path = path.trim();
    let value_offset = path.len() + 1;
    if key_path.is_empty() || key_path.split('.').any(|s| s.trim().is_empty()) {
        return Err(origins.error(
            Loc { origin, offset: 0 },
            key_path,
            "the key path is empty or has an empty segment",
        ));
    }
    let value = match parse_value(origins, origin, raw.trim(), value_offset) {
        Ok(node) => node,
        Err(_) if is_bare_word(raw.trim()) => Node {
            value: Value::String(raw.trim().to_string()),
            loc: Loc {
                origin,
                offset: value_offset,
            },
        },
        Err(error) => return Err(error),
    };
    let mut overlay = value;
    // Each segment is located where it is written, so that an error about a
    // key (unknown, or a parameter left without its value) points at it.
    let leading = path.len() - path.trim_start().len();
    let mut ends = key_path.len();
    for segment in key_path.rsplit('.') {
        let start = ends - segment.len();
        ends = start.saturating_sub(1);
        let written = start + segment.len() - segment.trim_start().len();
        let loc = Loc {
            origin,
            offset: leading + written,
        };
        overlay = Node {
            value: Value::Table(vec![Entry {
                key: segment.trim().to_string(),
                key_loc: loc,
                node: overlay,
            }]),
            loc,
        };
    }
    merge(root, overlay);
    Ok(())
}

fn is_bare_word(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' ' | ':' | '/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> (Origins, Node) {
        let mut origins = Origins::default();
        let origin = origins.add("test.toml", text);
        let node = parse_document(&origins, origin, text).expect("valid TOML");
        (origins, node)
    }

    #[test]
    fn keeps_written_order_and_locations() {
        let (origins, node) = doc("[b]\nz = 1\na = 2.5\n");
        let b = &node.get("b").expect("b").node;
        let keys: Vec<&str> = b
            .value
            .as_table()
            .expect("table")
            .iter()
            .map(|e| e.key.as_str())
            .collect();
        assert_eq!(keys, ["z", "a"]);
        let a = b.get("a").expect("a");
        let err = origins.error(a.node.loc, "b.a", "x");
        assert_eq!((err.line, err.column), (Some(3), Some(5)));
    }

    #[test]
    fn syntax_errors_are_located() {
        let mut origins = Origins::default();
        let text = "a = 1\nb = [1, 2\n";
        let origin = origins.add("bad.toml", text);
        let err = parse_document(&origins, origin, text).expect_err("unclosed array");
        assert_eq!(err.origin, "bad.toml");
        assert!(err.line.is_some(), "{err}");
    }

    #[test]
    fn set_replaces_a_parameter_value_and_keeps_its_metadata() {
        let (mut origins, mut node) = doc(
            "[leader]\ndeniability = { value = 0.7, unit = \"share\", source = \"judgment\" }\n",
        );
        apply_set(&mut node, &mut origins, "leader.deniability=0").expect("valid");
        let p = &node
            .get("leader")
            .expect("leader")
            .node
            .get("deniability")
            .expect("param")
            .node;
        assert_eq!(
            p.get("value").and_then(|e| e.node.value.as_f64()),
            Some(0.0)
        );
        assert!(p.get("source").is_some());
    }

    #[test]
    fn set_reads_bare_words_as_strings_and_distributions_as_tables() {
        let (mut origins, mut node) = doc(
            "[c]\nstrategy = { value = \"max-pressure\", source = \"x\" }\nk = { dist = \"uniform\", low = 0, high = 1, source = \"y\" }\n",
        );
        apply_set(&mut node, &mut origins, "c.strategy=grit").expect("bare word");
        apply_set(&mut node, &mut origins, "c.k=0.25").expect("scalar");
        let c = &node.get("c").expect("c").node;
        let strategy = &c.get("strategy").expect("s").node;
        assert!(
            matches!(&strategy.get("value").expect("v").node.value, Value::String(s) if s == "grit")
        );
        let k = &c.get("k").expect("k").node;
        assert!(k.get("dist").is_none() && k.get("low").is_none());
        assert_eq!(
            k.get("value").and_then(|e| e.node.value.as_f64()),
            Some(0.25)
        );
        apply_set(
            &mut node,
            &mut origins,
            "c.k={ dist = \"beta\", alpha = 2, beta = 3 }",
        )
        .expect("table");
        let k = &node.get("c").expect("c").node.get("k").expect("k").node;
        assert!(k.get("value").is_none() && k.get("alpha").is_some() && k.get("source").is_some());
    }

    #[test]
    fn set_errors_point_into_the_argument() {
        let (mut origins, mut node) = doc("a = 1\n");
        let err = apply_set(&mut node, &mut origins, "a=[1,").expect_err("bad value");
        assert_eq!(err.origin, "--set a=[1,");
        let err = apply_set(&mut node, &mut origins, "novalue").expect_err("no =");
        assert!(err.message.contains("KEY=VALUE"));
    }

    #[test]
    fn a_large_table_merges_key_by_key_in_written_order() {
        // Enough keys that the merge goes through its index, not a scan.
        let base: String = (0..1000).map(|i| format!("k{i} = {i}\n")).collect();
        let over: String = (500..1500).map(|i| format!("k{i} = -{i}\n")).collect();
        let (mut origins, mut node) = doc(&format!("[t]\n{base}"));
        let origin = origins.add("over.toml", format!("[t]\n{over}"));
        let overlay = parse_document(&origins, origin, &format!("[t]\n{over}")).expect("TOML");
        merge(&mut node, overlay);
        let t = node
            .get("t")
            .expect("t")
            .node
            .value
            .as_table()
            .expect("table");
        assert_eq!(t.len(), 1500);
        for (i, entry) in t.iter().enumerate() {
            assert_eq!(entry.key, format!("k{i}"));
            let expected = if i < 500 { i as f64 } else { -(i as f64) };
            assert_eq!(entry.node.value.as_f64(), Some(expected), "k{i}");
            // Each key stays located where it was last written.
            assert_eq!(entry.node.loc.origin, u16::from(i >= 500));
        }
    }

    #[test]
    fn an_overlay_that_leaves_a_parameter_without_its_value_is_located_in_it() {
        let (mut origins, mut node) = doc(
            "[leader]\nfirmness = { dist = \"beta\", alpha = 2, beta = 3, unit = \"share\", range = [0, 1], default = 0.4, source = \"s\" }\n",
        );
        let text = "[leader]\nfirmness = { mean = 0.5 }\n";
        let origin = origins.add("fragment.toml", text);
        merge(
            &mut node,
            parse_document(&origins, origin, text).expect("TOML"),
        );
        let firmness = &node
            .get("leader")
            .expect("leader")
            .node
            .get("firmness")
            .expect("firmness")
            .node;
        // Still a parameter (to be reported as one without `value` or `dist`),
        // placed where the fragment wrote its table.
        assert!(is_parameter(firmness));
        assert!(firmness.get("dist").is_none() && firmness.get("alpha").is_none());
        let error = origins.error(firmness.loc, "leader.firmness", "x");
        assert_eq!(error.origin, "fragment.toml");
        assert_eq!((error.line, error.column), (Some(2), Some(12)));
        // A table of other things with a `source` is not a parameter.
        let (_, plain) = doc("[t]\nsource = \"s\"\nnote = 1\n");
        assert!(!is_parameter(&plain.get("t").expect("t").node));
    }

    #[test]
    fn set_locates_each_key_where_it_is_written() {
        let (mut origins, mut node) = doc("[leader]\nx = 1\n");
        apply_set(&mut node, &mut origins, " leader. extra .deep=2").expect("valid");
        let extra = node
            .get("leader")
            .expect("leader")
            .node
            .get("extra")
            .expect("extra");
        let error = origins.error(extra.key_loc, "leader.extra", "x");
        assert_eq!(error.origin, "--set  leader. extra .deep=2");
        assert_eq!(error.column, Some(10));
        let deep = extra.node.get("deep").expect("deep");
        assert_eq!(origins.error(deep.key_loc, "", "x").column, Some(17));
        assert_eq!(origins.error(extra.node.loc, "", "x").column, Some(17));
    }
}
