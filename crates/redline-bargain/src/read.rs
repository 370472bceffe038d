//! Readers for bargaining inputs: KTAB's CSV, the one-dimension CSV of the
//! BDM replications, and redline's TOML form. Every problem comes back as a
//! [`InputError`] with the file, line and column.
//!
//! These functions take the text, not a path: the caller reads the file.
//!
//! **KTAB CSV** (as KTAB's `SMPModel::csvRead` reads it): line 1 is
//! `name,description,actors,dimensions,…`; line 2 holds column labels, which
//! are free (only the dimension names are taken from them, from the
//! `<dim> Position` columns); then one row per actor:
//! `name,description,influence,position₁,salience₁,position₂,…`. Positions and
//! saliences lie in 0–100 and an actor's saliences add up to at most 100.
//!
//! **BDM CSV**: a header line, then `actor,capability,position,salience` per
//! row (read by position, whatever the labels say: the replications use
//! `Actor,Capability,Position,Salience` and `Stakeholder,Resources,…`).
//!
//! **TOML**:
//! ```toml
//! name = "example"
//! description = "what is at stake"
//! dimensions = ["enrichment", "sanctions relief"]
//! scale = [0, 100]          # optional; positions must lie inside it
//! status_quo = [50, 0]      # optional: the outcome without agreement (Nash)
//! [[actor]]
//! name = "A"
//! description = "optional"
//! influence = 100
//! position = [20, 80]
//! salience = [60, 30]        # 0–100 each, sum at most 100
//! source = "optional: where these values come from"
//! ```

use crate::problem::{Actor, BargainingProblem};

/// The most actors a bargaining input may have, in any format. SMP's step
/// compares every pair of actors over every option (cubic in the actors),
/// and KTAB's own studies have tens; a thousand keeps a run within minutes.
pub const MAX_ACTORS: usize = 1_000;

/// The most dimensions (issues) a bargaining input may have.
pub const MAX_DIMENSIONS: usize = 100;
use redline_core::InputError;
use redline_core::input_error::did_you_mean;

/// The input formats this module reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// KTAB's CSV.
    Ktab,
    /// The BDM replications' one-dimension CSV.
    Bdm,
    /// redline's TOML form.
    Toml,
}

/// Reads `text` (the content of `origin`), choosing the format from the
/// file name (`.toml`) or, for CSV, from the second line: a data row with a
/// number in its third column means the BDM form, labels mean KTAB's.
pub fn read_any(origin: &str, text: &str) -> Result<BargainingProblem, InputError> {
    match detect(origin, text) {
        Format::Toml => read_toml(origin, text),
        Format::Bdm => read_bdm_csv(origin, text),
        Format::Ktab => read_ktab_csv(origin, text),
    }
}

/// The format [`read_any`] would use for this input.
pub fn detect(origin: &str, text: &str) -> Format {
    if origin.to_ascii_lowercase().ends_with(".toml") {
        return Format::Toml;
    }
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next().unwrap_or("");
    let second = lines.next().unwrap_or("");
    let first_fields = split_csv(first);
    let second_fields = split_csv(second);
    let numeric =
        |fields: &[Field], k: usize| fields.get(k).is_some_and(|f| f.text.parse::<f64>().is_ok());
    if !numeric(&first_fields, 2) && numeric(&second_fields, 2) {
        Format::Bdm
    } else {
        Format::Ktab
    }
}

/// One CSV field: its text (trimmed, quotes removed) and 1-based column.
#[derive(Debug)]
struct Field {
    text: String,
    column: usize,
}

/// Splits a CSV line on commas outside double quotes; trims spaces and
/// removes surrounding quotes, as KTAB's reader does.
fn split_csv(line: &str) -> Vec<Field> {
    let mut fields = Vec::new();
    let mut current = String::new();
    let leading = |s: &str| s.chars().take_while(|c| c.is_whitespace()).count();
    let mut start_column = 1;
    let mut in_quotes = false;
    for (k, c) in line.chars().enumerate() {
        match c {
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => {
                fields.push(Field {
                    text: current.trim().to_string(),
                    column: start_column + leading(&current),
                });
                current.clear();
                start_column = k + 2;
            }
            '\r' => {}
            _ => current.push(c),
        }
    }
    fields.push(Field {
        text: current.trim().to_string(),
        column: start_column + leading(&current),
    });
    fields
}

/// Numbered non-blank lines (1-based line numbers).
fn numbered_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(k, l)| (k + 1, l))
        .filter(|(_, l)| !l.trim().trim_matches(',').trim().is_empty())
}

struct Row<'a> {
    origin: &'a str,
    line: usize,
    fields: Vec<Field>,
    line_len: usize,
}

impl Row<'_> {
    fn text(&self, k: usize, what: &str) -> Result<&str, InputError> {
        match self.fields.get(k) {
            Some(f) => Ok(&f.text),
            None => Err(
                InputError::new(self.origin, format!("missing column {} ({what})", k + 1))
                    .at(self.line, self.line_len + 1)
                    .hint(format!(
                        "this row has {} columns",
                        self.fields.iter().filter(|f| !f.text.is_empty()).count()
                    )),
            ),
        }
    }

    fn number(&self, k: usize, what: &str) -> Result<f64, InputError> {
        let text = self.text(k, what)?;
        let column = self.fields[k].column;
        if text.is_empty() {
            return Err(InputError::new(self.origin, format!("{what} is empty"))
                .at(self.line, column)
                .hint(format!("column {} must be a number", k + 1)));
        }
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            _ => Err(
                InputError::new(self.origin, format!("{what} `{text}` is not a number"))
                    .at(self.line, column),
            ),
        }
    }

    fn at(&self, k: usize) -> (usize, usize) {
        (
            self.line,
            self.fields.get(k).map_or(self.line_len + 1, |f| f.column),
        )
    }
}

fn row<'a>(origin: &'a str, line: usize, text: &str) -> Row<'a> {
    Row {
        origin,
        line,
        fields: split_csv(text),
        line_len: text.chars().count(),
    }
}

/// Checks one actor's position and salience (0–100 each, saliences adding up
/// to at most 100), as KTAB's reader does.
fn check_range(
    r: &Row<'_>,
    k: usize,
    value: f64,
    lo: f64,
    hi: f64,
    what: &str,
) -> Result<(), InputError> {
    if value < lo || value > hi {
        let (line, column) = r.at(k);
        return Err(
            InputError::new(r.origin, format!("{what} {value} is outside [{lo}, {hi}]"))
                .at(line, column),
        );
    }
    Ok(())
}

/// Reads KTAB's CSV form (see the module docs).
pub fn read_ktab_csv(origin: &str, text: &str) -> Result<BargainingProblem, InputError> {
    let mut lines = numbered_lines(text);
    let (line, header) = lines
        .next()
        .ok_or_else(|| InputError::new(origin, "the file is empty"))?;
    let head = row(origin, line, header);
    let name = head.text(0, "scenario name")?.to_string();
    let description = head.text(1, "scenario description")?.to_string();
    let count = |k: usize, what: &str| -> Result<usize, InputError> {
        let v = head.number(k, what)?;
        if v < 1.0 || v.fract() != 0.0 {
            let (l, c) = head.at(k);
            return Err(InputError::new(
                origin,
                format!("{what} must be a positive whole number, not {v}"),
            )
            .at(l, c)
            .hint("line 1 is `name,description,actors,dimensions`"));
        }
        Ok(v as usize)
    };
    let num_actors = count(2, "number of actors")?;
    let num_dims = count(3, "number of dimensions")?;
    // Checked before anything is allocated for them: line 1 is a few bytes
    // whatever it declares.
    for (k, value, limit, what) in [
        (2, num_actors, MAX_ACTORS, "actors"),
        (3, num_dims, MAX_DIMENSIONS, "dimensions"),
    ] {
        if value > limit {
            let (l, c) = head.at(k);
            return Err(InputError::new(
                origin,
                format!("line 1 declares {value} {what}, more than the {limit} redline reads"),
            )
            .at(l, c)
            .hint(format!(
                "at most {MAX_ACTORS} actors and {MAX_DIMENSIONS} dimensions"
            )));
        }
    }
    if num_actors < 2 {
        return Err(InputError::new(origin, "a scenario needs at least 2 actors").at(line, 1));
    }
    let (line, labels) = lines.next().ok_or_else(|| {
        InputError::new(origin, "missing the line of column labels").at(line + 1, 1)
    })?;
    let labels = row(origin, line, labels);
    let mut dimensions = Vec::with_capacity(num_dims);
    for d in 0..num_dims {
        let label = labels.text(3 + 2 * d, "the label of a position column")?;
        let label = label
            .strip_suffix(" Position")
            .or_else(|| label.strip_suffix(" position"))
            .unwrap_or(label);
        dimensions.push(label.to_string());
    }
    labels.text(4 + 2 * (num_dims - 1), "the label of a salience column")?;

    let mut actors: Vec<Actor> = Vec::with_capacity(num_actors);
    let mut last_line = line;
    for a in 0..num_actors {
        let Some((line, text)) = lines.next() else {
            return Err(InputError::new(
                origin,
                format!("line 1 declares {num_actors} actors but the file has {a} actor rows"),
            )
            .at(last_line + 1, 1));
        };
        last_line = line;
        let r = row(origin, line, text);
        let name = r.text(0, "actor name")?.to_string();
        if name.is_empty() {
            return Err(InputError::new(origin, "actor name is empty").at(line, 1));
        }
        if let Some(prev) = actors.iter().position(|x| x.name == name) {
            return Err(
                InputError::new(origin, format!("actor `{name}` appears twice"))
                    .at(line, 1)
                    .hint(format!("first on actor row {}", prev + 1)),
            );
        }
        let description = r.text(1, "actor description")?.to_string();
        let influence = r.number(2, "influence")?;
        check_range(&r, 2, influence, 0.0, 1e8, "influence")?;
        let mut positions = Vec::with_capacity(num_dims);
        let mut saliences = Vec::with_capacity(num_dims);
        let mut total = 0.0;
        for d in 0..num_dims {
            let p = r.number(3 + 2 * d, "position")?;
            check_range(&r, 3 + 2 * d, p, 0.0, 100.0, "position")?;
            let s = r.number(4 + 2 * d, "salience")?;
            check_range(&r, 4 + 2 * d, s, 0.0, 100.0, "salience")?;
            total += s;
            if total > 100.0 {
                let (l, c) = r.at(4 + 2 * d);
                return Err(InputError::new(
                    origin,
                    format!("actor `{name}`: saliences add up to {total}, over 100"),
                )
                .at(l, c)
                .hint("an actor's attention to all dimensions is at most 100%"));
            }
            positions.push(p);
            saliences.push(s);
        }
        actors.push(Actor {
            name,
            description,
            influence,
            positions,
            saliences,
        });
    }
    if let Some((line, _)) = lines.next() {
        return Err(InputError::new(
            origin,
            format!("more actor rows than the {num_actors} that line 1 declares"),
        )
        .at(line, 1)
        .hint("correct the count on line 1"));
    }
    Ok(BargainingProblem {
        name,
        description,
        dimensions,
        actors,
        scale: Some((0.0, 100.0)),
        status_quo: None,
    })
}

/// Reads the BDM replications' CSV (`actor,capability,position,salience`).
pub fn read_bdm_csv(origin: &str, text: &str) -> Result<BargainingProblem, InputError> {
    let mut lines = numbered_lines(text);
    let (_, header) = lines
        .next()
        .ok_or_else(|| InputError::new(origin, "the file is empty"))?;
    let dimension = split_csv(header)
        .get(2)
        .map_or("position".to_string(), |f| f.text.clone());
    let mut actors: Vec<Actor> = Vec::new();
    for (line, text) in lines {
        if actors.len() == MAX_ACTORS {
            return Err(InputError::new(
                origin,
                format!("more than {MAX_ACTORS} actors, the most redline reads"),
            )
            .at(line, 1));
        }
        let r = row(origin, line, text);
        let name = r.text(0, "actor name")?.to_string();
        if name.is_empty() {
            return Err(InputError::new(origin, "actor name is empty").at(line, 1));
        }
        if actors.iter().any(|x| x.name == name) {
            return Err(
                InputError::new(origin, format!("actor `{name}` appears twice")).at(line, 1),
            );
        }
        let influence = r.number(1, "capability")?;
        check_range(&r, 1, influence, 0.0, 1e8, "capability")?;
        let position = r.number(2, "position")?;
        let salience = r.number(3, "salience")?;
        check_range(&r, 3, salience, 0.0, 100.0, "salience")?;
        if r.fields.len() > 4 && r.fields[4..].iter().any(|f| !f.text.is_empty()) {
            let (l, c) = r.at(4);
            return Err(InputError::new(origin, "more than 4 columns")
                .at(l, c)
                .hint("the BDM form is `actor,capability,position,salience`"));
        }
        actors.push(Actor {
            name,
            description: String::new(),
            influence,
            positions: vec![position],
            saliences: vec![salience],
        });
    }
    if actors.len() < 2 {
        return Err(InputError::new(
            origin,
            "a scenario needs at least 2 actors",
        ));
    }
    let name = origin
        .rsplit('/')
        .next()
        .unwrap_or(origin)
        .trim_end_matches(".csv")
        .to_string();
    Ok(BargainingProblem {
        name,
        description: String::new(),
        dimensions: vec![dimension],
        actors,
        scale: None,
        status_quo: None,
    })
}

const TOP_KEYS: [&str; 6] = [
    "name",
    "description",
    "dimensions",
    "scale",
    "status_quo",
    "actor",
];
const ACTOR_KEYS: [&str; 6] = [
    "name",
    "description",
    "influence",
    "position",
    "salience",
    "source",
];

/// Reads redline's TOML form (see the module docs).
pub fn read_toml(origin: &str, text: &str) -> Result<BargainingProblem, InputError> {
    let table: toml::Spanned<toml::Table> = toml::from_str(text).map_err(|e| {
        let err = InputError::new(origin, e.message().to_string());
        match e.span() {
            Some(span) => err.at_offset(text, span.start),
            None => err,
        }
    })?;
    let at = |span: std::ops::Range<usize>, key: &str, message: String| {
        InputError::new(origin, message)
            .at_offset(text, span.start)
            .key(key.to_string())
    };
    let whole = table.span();
    let table = table.into_inner();
    for key in table.keys() {
        if !TOP_KEYS.contains(&key.as_str()) {
            let mut e = InputError::new(origin, format!("unknown key `{key}`")).key(key.clone());
            if let Some(offset) = text.find(key.as_str()) {
                e = e.at_offset(text, offset);
            }
            if let Some(m) = did_you_mean(key, TOP_KEYS) {
                e = e.hint(format!("did you mean `{m}`?"));
            }
            return Err(e);
        }
    }
    let string = |key: &str| -> Result<String, InputError> {
        match table.get(key) {
            None => Ok(String::new()),
            Some(toml::Value::String(s)) => Ok(s.clone()),
            Some(_) => Err(at(whole.clone(), key, format!("`{key}` must be a string"))),
        }
    };
    let name = string("name")?;
    let description = string("description")?;
    let numbers = |value: &toml::Value, key: &str, span: std::ops::Range<usize>| {
        let list = value
            .as_array()
            .ok_or_else(|| at(span.clone(), key, "expected a list of numbers".into()))?;
        list.iter()
            .map(|v| {
                v.as_float()
                    .or_else(|| v.as_integer().map(|i| i as f64))
                    .filter(|x| x.is_finite())
                    .ok_or_else(|| at(span.clone(), key, format!("`{v:?}` is not a number")))
            })
            .collect::<Result<Vec<f64>, InputError>>()
    };
    let dimensions: Vec<String> = match table.get("dimensions") {
        Some(toml::Value::Array(list)) if !list.is_empty() => list
            .iter()
            .map(|v| {
                v.as_str().map(str::to_string).ok_or_else(|| {
                    at(
                        whole.clone(),
                        "dimensions",
                        "dimension names must be strings".into(),
                    )
                })
            })
            .collect::<Result<_, _>>()?,
        _ => {
            return Err(
                InputError::new(origin, "missing `dimensions`: a list of dimension names")
                    .key("dimensions"),
            );
        }
    };
    let scale = match table.get("scale") {
        None => None,
        Some(v) => {
            let s = numbers(v, "scale", whole.clone())?;
            if s.len() != 2 || s[0] >= s[1] {
                return Err(
                    InputError::new(origin, "`scale` must be [lowest, highest]").key("scale")
                );
            }
            Some((s[0], s[1]))
        }
    };
    // Re-read the actor tables with their spans, for line numbers.
    #[derive(serde::Deserialize)]
    struct Spans {
        #[serde(default)]
        actor: Vec<toml::Spanned<toml::Table>>,
    }
    let spans: Spans =
        toml::from_str(text).map_err(|e| InputError::new(origin, e.message().to_string()))?;
    if spans.actor.len() < 2 {
        return Err(
            InputError::new(origin, "a scenario needs at least 2 `[[actor]]` tables").key("actor"),
        );
    }
    if spans.actor.len() > MAX_ACTORS || dimensions.len() > MAX_DIMENSIONS {
        return Err(InputError::new(
            origin,
            format!(
                "{} actors and {} dimensions: redline reads at most {MAX_ACTORS} actors and {MAX_DIMENSIONS} dimensions",
                spans.actor.len(),
                dimensions.len()
            ),
        )
        .key(if dimensions.len() > MAX_DIMENSIONS { "dimensions" } else { "actor" }));
    }
    let mut actors: Vec<Actor> = Vec::new();
    for (k, spanned) in spans.actor.iter().enumerate() {
        let span = spanned.span();
        let actor = spanned.get_ref();
        let path = |key: &str| format!("actor[{k}].{key}");
        for key in actor.keys() {
            if !ACTOR_KEYS.contains(&key.as_str()) {
                let mut e = at(span.clone(), &path(key), format!("unknown key `{key}`"));
                if let Some(m) = did_you_mean(key, ACTOR_KEYS) {
                    e = e.hint(format!("did you mean `{m}`?"));
                }
                return Err(e);
            }
        }
        let name = match actor.get("name") {
            Some(toml::Value::String(s)) if !s.is_empty() => s.clone(),
            _ => {
                return Err(at(
                    span.clone(),
                    &path("name"),
                    "every actor needs a `name`".into(),
                ));
            }
        };
        if actors.iter().any(|a| a.name == name) {
            return Err(at(
                span.clone(),
                &path("name"),
                format!("actor `{name}` appears twice"),
            ));
        }
        let description = match actor.get("description") {
            Some(toml::Value::String(s)) => s.clone(),
            _ => String::new(),
        };
        let influence = match actor.get("influence") {
            Some(v) => v
                .as_float()
                .or_else(|| v.as_integer().map(|i| i as f64))
                .filter(|x| x.is_finite() && *x >= 0.0)
                .ok_or_else(|| {
                    at(
                        span.clone(),
                        &path("influence"),
                        "must be a number ≥ 0".into(),
                    )
                })?,
            None => {
                return Err(at(
                    span.clone(),
                    &path("influence"),
                    "missing `influence`".into(),
                ));
            }
        };
        let list = |key: &str| -> Result<Vec<f64>, InputError> {
            let v = actor
                .get(key)
                .ok_or_else(|| at(span.clone(), &path(key), format!("missing `{key}`")))?;
            let xs = numbers(v, &path(key), span.clone())?;
            if xs.len() != dimensions.len() {
                return Err(at(
                    span.clone(),
                    &path(key),
                    format!("{} values for {} dimensions", xs.len(), dimensions.len()),
                ));
            }
            Ok(xs)
        };
        let positions = list("position")?;
        let saliences = list("salience")?;
        if let Some((lo, hi)) = scale
            && let Some(p) = positions.iter().find(|p| **p < lo || **p > hi)
        {
            return Err(at(
                span.clone(),
                &path("position"),
                format!("{p} is outside the scale [{lo}, {hi}]"),
            ));
        }
        if let Some(s) = saliences.iter().find(|s| !(0.0..=100.0).contains(*s)) {
            return Err(at(
                span.clone(),
                &path("salience"),
                format!("{s} is outside [0, 100]"),
            ));
        }
        let total: f64 = saliences.iter().sum();
        if total > 100.0 + 1e-9 {
            return Err(at(
                span.clone(),
                &path("salience"),
                format!("saliences add up to {total}, over 100"),
            ));
        }
        actors.push(Actor {
            name,
            description,
            influence,
            positions,
            saliences,
        });
    }
    let status_quo = match table.get("status_quo") {
        None => None,
        Some(v) => {
            let sq = numbers(v, "status_quo", whole.clone())?;
            if sq.len() != dimensions.len() {
                return Err(InputError::new(
                    origin,
                    format!("{} values for {} dimensions", sq.len(), dimensions.len()),
                )
                .key("status_quo"));
            }
            if let Some((lo, hi)) = scale
                && let Some(x) = sq.iter().find(|x| **x < lo || **x > hi)
            {
                return Err(InputError::new(
                    origin,
                    format!("{x} is outside the scale [{lo}, {hi}]"),
                )
                .key("status_quo"));
            }
            Some(sq)
        }
    };
    Ok(BargainingProblem {
        name,
        description,
        dimensions,
        actors,
        scale,
        status_quo,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const KTAB: &str = "Test; scen,\"A description, with a comma\", 3, 2, \n\
Actor,Description,Power,Pstn1,Sal1,Pstn2,Sal2,\n\
A, first, 100, 10, 50, 20, 30,\n\
B, second, 50.5, 90, 40, 80, 60,\n\
C,,  1, 50, 0, 50, 0,\n";

    #[test]
    fn reads_ktab_by_position() {
        let s = read_any("x.csv", KTAB).unwrap();
        assert_eq!(s.name, "Test; scen");
        assert_eq!(s.description, "A description, with a comma");
        assert_eq!(s.dimensions, vec!["Pstn1", "Pstn2"]);
        assert_eq!(s.actors.len(), 3);
        assert_eq!(s.actors[1].influence, 50.5);
        assert_eq!(s.actors[1].positions, vec![90.0, 80.0]);
        assert_eq!(s.actors[1].saliences, vec![40.0, 60.0]);
        assert_eq!(s.scale, Some((0.0, 100.0)));
    }

    fn error(text: &str) -> InputError {
        read_any("f.csv", text).unwrap_err()
    }

    #[test]
    fn ktab_errors_are_located() {
        let over = KTAB.replace(
            "B, second, 50.5, 90, 40, 80, 60",
            "B, second, 50.5, 90, 40, 80, 61",
        );
        let e = error(&over);
        assert_eq!(e.line, Some(4));
        assert!(e.message.contains("over 100"), "{e}");

        let nan = KTAB.replace("A, first, 100", "A, first, lots");
        let e = error(&nan);
        assert_eq!((e.line, e.column), (Some(3), Some(11)));
        assert!(e.message.contains("`lots` is not a number"), "{e}");

        let short = KTAB.replace("C,,  1, 50, 0, 50, 0,", "C,,  1, 50, 0");
        let e = error(&short);
        assert_eq!(e.line, Some(5));
        assert!(e.message.contains("missing column 6"), "{e}");

        let few = KTAB.replace(" 3, 2,", " 4, 2,");
        let e = error(&few);
        assert!(e.message.contains("declares 4 actors"), "{e}");

        let out = KTAB.replace("90, 40", "190, 40");
        assert!(error(&out).message.contains("outside [0, 100]"));
    }

    const BDM: &str = "Actor,Capability,Position,Salience\nNL,0.08,4,80\nBE,0.08,7,40\n";

    #[test]
    fn reads_bdm_csv() {
        let s = read_any("emission.csv", BDM).unwrap();
        assert_eq!(detect("emission.csv", BDM), Format::Bdm);
        assert_eq!(s.actors.len(), 2);
        assert_eq!(s.actors[1].positions, vec![7.0]);
        assert_eq!(s.actors[0].saliences, vec![80.0]);
        assert_eq!(s.bounds(0), (4.0, 7.0));
        let e = read_any("e.csv", &BDM.replace("BE,0.08,7,40", "BE,0.08,x,40")).unwrap_err();
        assert_eq!((e.line, e.column), (Some(3), Some(9)));
    }

    const TOML: &str = r#"name = "t"
dimensions = ["enrichment", "relief"]
scale = [0, 100]

[[actor]]
name = "US"
influence = 100
position = [0, 20]
salience = [60, 30]

[[actor]]
name = "Iran"
influence = 40
position = [60, 100]
salience = [50, 50]
"#;

    #[test]
    fn reads_toml() {
        let s = read_any("s.toml", TOML).unwrap();
        assert_eq!(s.dimensions, vec!["enrichment", "relief"]);
        assert_eq!(s.actors[1].positions, vec![60.0, 100.0]);
        assert_eq!(s.scale, Some((0.0, 100.0)));
    }

    #[test]
    fn toml_errors_are_located() {
        let e = read_any(
            "s.toml",
            &TOML.replace("salience = [50, 50]", "salience = [50, 51]"),
        )
        .unwrap_err();
        assert_eq!(e.key.as_deref(), Some("actor[1].salience"));
        assert_eq!(e.line, Some(11));
        let e = read_any("s.toml", &TOML.replace("influence = 40", "influense = 40")).unwrap_err();
        assert_eq!(e.hint.as_deref(), Some("did you mean `influence`?"));
        let e = read_any("s.toml", &TOML.replace("[0, 20]", "[0]")).unwrap_err();
        assert!(e.message.contains("1 values for 2 dimensions"), "{e}");
        let sq = TOML.replace("scale = [0, 100]", "scale = [0, 100]\nstatus_quo = [50, 0]");
        assert_eq!(
            read_any("s.toml", &sq).unwrap().status_quo,
            Some(vec![50.0, 0.0])
        );
        let sq = TOML.replace("scale = [0, 100]", "scale = [0, 100]\nstatus_quo = [50]");
        let e = read_any("s.toml", &sq).unwrap_err();
        assert_eq!(e.key.as_deref(), Some("status_quo"));
        let e = read_any("s.toml", "name = \n").unwrap_err();
        assert_eq!(e.line, Some(1));
    }
}
