//! Scenario files: a crisis as an analyst writes it down.
//!
//! A scenario is a TOML file with these parts:
//!
//! * `[scenario]`: `id`, `name`, `as_of` (the date whose knowledge the file
//!   holds, and nothing after it), `horizon`, `step = "week"`, `description`,
//!   and optionally `extends = "shared/parameters.toml"`: a file of parameters
//!   shared across scenarios, laid under this one;
//! * `[actors.<id>]`: the actors, each with a `role` (`target`, `coercer`,
//!   `ally`, `guarantor`, `mediator`), a `name` and a `description`; the
//!   target also names its `leader`, `negotiator`, `hardliners` and the
//!   `treaty` it could leave. Tables inside an actor's table are that actor's
//!   parameters (`[actors.israel.strike]`);
//! * `[outcomes.<id>]` (optional): the outcomes the scenario forecasts, each a
//!   generic `kind` (and the `actor`, for a strike) with an optional `label`
//!   and `definition`; without the table the model names them itself;
//! * `[[calendar]]`: dated scripted events (`date`, `event`, `note`, `source`);
//! * `[playbooks.<id>]` (optional): the coercer's own strategies, each a
//!   `start` state and `[playbooks.<id>.states.<state>]` tables with a
//!   `play`, an optional offer (`until`, `deadline_weeks`) and transitions
//!   `on_<event> = "<state>"` ([`PlaybookDecl`]; the crisis model says which
//!   plays, rungs and events exist);
//! * everything else: **parameters**. A parameter is a table with a `value`
//!   (or a `dist` distribution), and its `unit`, valid `range`, `default` and
//!   `source` (a citation, or "judgment: why"), and optionally `inert`: why
//!   the parameter moves no outcome of this scenario (a screening test checks
//!   that every parameter without an effect says so):
//!
//! ```toml
//! [leader]
//! deniability = { value = 0.7, unit = "share", range = [0, 1], default = 0.5, source = "judgment: …" }
//! firmness = { dist = "beta", alpha = 3, beta = 5, unit = "share", range = [0, 1], default = 0.4, source = "…" }
//! ```
//!
//! Which parameters exist is decided by the model that reads them (through a
//! [`ParamReader`]); a key the model never reads is reported as unknown, with
//! "did you mean". Overlays (`--with FRAGMENT.toml`, `--set KEY=VALUE`) are
//! merged before validation, so their errors point into them.

use crate::date::Date;
use crate::distribution::Distribution;
use crate::input_error::{InputError, did_you_mean};
use crate::outcome::Kind;
use crate::tree::{self, Entry, Loc, Node, OriginId, Origins, Value};

// The parameter side lives in its own module; these names stay reachable
// from here for the callers that import them with the scenario.
pub use crate::parameters::{Bounds, ParamReader, ParamSampler, ParamSource, Replay};

/// The part an actor plays in a crisis of coercive diplomacy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// The state whose red lines are modelled: a leader with a public stance
    /// and a private permission, a negotiating government that carries blame,
    /// hardliners.
    Target,
    /// The principal counterpart: it has a strategy and can strike.
    Coercer,
    /// An ally of the coercer, with a strike decision of its own.
    Ally,
    /// A holder of a sanctions route (a snapback, a UN Security Council route).
    Guarantor,
    /// A back channel between the target and the coercer.
    Mediator,
}

impl Role {
    /// Every role, in the order a scenario lists them.
    pub const ALL: [Role; 5] = [
        Role::Target,
        Role::Coercer,
        Role::Ally,
        Role::Guarantor,
        Role::Mediator,
    ];

    /// The role's name in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            Role::Target => "target",
            Role::Coercer => "coercer",
            Role::Ally => "ally",
            Role::Guarantor => "guarantor",
            Role::Mediator => "mediator",
        }
    }

    /// The role with this name.
    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == name)
    }
}

/// An actor of the scenario: an id, a role and who plays it.
#[derive(Clone, Debug, PartialEq)]
pub struct Actor {
    /// The id parameter keys and outcomes use (`israel`).
    pub id: String,
    /// The part it plays.
    pub role: Role,
    /// Who plays it ("Israel").
    pub name: String,
    /// A line on the actor's part in the crisis.
    pub description: String,
    /// The target's leader, with the public stance and private permission.
    pub leader: Option<String>,
    /// The target's negotiating government, which carries the blame.
    pub negotiator: Option<String>,
    /// The target's hardliners.
    pub hardliners: Option<String>,
    /// The treaty the target could leave ("the NPT").
    pub treaty: Option<String>,
    /// Where the actor's table was written.
    pub loc: Loc,
}

/// An outcome as a scenario declares it in `[outcomes.<id>]`.
#[derive(Clone, Debug, PartialEq)]
pub struct OutcomeDecl {
    /// The id outputs and records use.
    pub id: String,
    /// Its generic kind.
    pub kind: Kind,
    /// For a strike: who strikes (an actor id).
    pub actor: Option<String>,
    /// A label, if the scenario gives one.
    pub label: Option<String>,
    /// A definition, if the scenario gives one.
    pub definition: Option<String>,
    /// Where it was written.
    pub loc: Loc,
}

/// A playbook as a scenario writes it in `[playbooks.<id>]`: the coercer's
/// strategy as a small state machine. The core reads its shape; the crisis
/// model checks what the words mean (which plays, rungs and events exist).
#[derive(Clone, Debug, PartialEq)]
pub struct PlaybookDecl {
    /// The name the counterpart's strategy and `--compare` use.
    pub id: String,
    /// A sentence for people.
    pub description: Option<String>,
    /// The state it starts in, and where that was written.
    pub start: (String, Loc),
    /// Its states, in file order.
    pub states: Vec<PlaybookStateDecl>,
    /// Where it was written.
    pub loc: Loc,
}

/// One state of a playbook (`[playbooks.<id>.states.<state>]`).
#[derive(Clone, Debug, PartialEq)]
pub struct PlaybookStateDecl {
    /// The state's name.
    pub id: String,
    /// The behaviour played in it (a named strategy), and where.
    pub play: (String, Loc),
    /// The deadline of an offer made on entering it, in weeks.
    pub deadline_weeks: Option<(f64, Loc)>,
    /// The rung talks must reach by the deadline.
    pub until: Option<(String, Loc)>,
    /// Transitions `on_<event> = "<state>"`: (event, state, where).
    pub on: Vec<(String, String, Loc)>,
    /// Where it was written.
    pub loc: Loc,
}

/// Parameter keys renamed when scenarios came to name actors by role (and
/// the coercer's enrichment cap when it became its enrichment demand): the
/// old key is read as the new one wherever it is written (a file, a
/// `--with` fragment or a `--set`), so that older files and scripts keep
/// working. Besides these, `strikes.<actor>.<key>` is read as
/// `actors.<actor>.strike.<key>`.
pub const KEY_ALIASES: [(&str, &str); 7] = [
    ("reciprocity.iran_baseline", "reciprocity.target_baseline"),
    ("reciprocity.iran_response", "reciprocity.target_response"),
    ("reciprocity.us_response", "reciprocity.coercer_response"),
    (
        "initial.goldstein_iran_to_us",
        "initial.goldstein_target_to_coercer",
    ),
    (
        "initial.goldstein_us_to_iran",
        "initial.goldstein_coercer_to_target",
    ),
    ("initial.stockpile_60_kg", "initial.stockpile_kg"),
    (
        "issues.enrichment.counterpart_cap",
        "issues.enrichment.coercer_demand",
    ),
];

/// The key a possibly old key is read as (`None`: it is current).
pub fn canonical_key(key: &str) -> Option<String> {
    if let Some((_, new)) = KEY_ALIASES.iter().find(|(old, _)| *old == key) {
        return Some((*new).to_string());
    }
    let mut parts = key.split('.');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some("strikes"), Some(actor), Some(field), None) => {
            Some(format!("actors.{actor}.strike.{field}"))
        }
        _ => None,
    }
}

/// Moves every value written under an old key to its current key, merging
/// it there (so a layer that writes the old key overrides the layers under
/// it exactly as if it had written the new one).
fn canonicalize(root: &mut Node) {
    fn detach(node: &mut Node, prefix: &str, moved: &mut Vec<(String, Node)>) {
        if tree::is_parameter(node) {
            return;
        }
        let Value::Table(entries) = &mut node.value else {
            return;
        };
        let mut i = 0;
        while i < entries.len() {
            let path = if prefix.is_empty() {
                entries[i].key.clone()
            } else {
                format!("{prefix}.{}", entries[i].key)
            };
            if let Some(new) = canonical_key(&path) {
                moved.push((new, entries.remove(i).node));
                continue;
            }
            detach(&mut entries[i].node, &path, moved);
            i += 1;
        }
    }
    let mut moved = Vec::new();
    detach(root, "", &mut moved);
    for (path, node) in moved {
        let loc = node.loc;
        let mut overlay = node;
        for segment in path.rsplit('.') {
            overlay = Node {
                value: Value::Table(vec![Entry {
                    key: segment.to_string(),
                    key_loc: loc,
                    node: overlay,
                }]),
                loc,
            };
        }
        tree::merge(root, overlay);
    }
}

/// A dated, scripted event.
#[derive(Clone, Debug, PartialEq)]
pub struct CalendarEntry {
    /// When.
    pub date: Date,
    /// What kind of event (the model decides which kinds it knows).
    pub event: String,
    /// A line for people.
    pub note: String,
    /// Where the date comes from.
    pub source: String,
    /// Where the entry was written.
    pub loc: Loc,
}

/// A parameter's value as written.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamValue {
    /// A number or a distribution over numbers.
    Number(Distribution),
    /// A word (a strategy name, "negotiable").
    Text(String),
    /// A switch.
    Bool(bool),
    /// A date.
    Date(Date),
}

impl std::fmt::Display for ParamValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParamValue::Number(d) => write!(f, "{d}"),
            ParamValue::Text(s) => write!(f, "{s}"),
            ParamValue::Bool(b) => write!(f, "{b}"),
            ParamValue::Date(d) => write!(f, "{d}"),
        }
    }
}

/// One model parameter with its metadata.
#[derive(Clone, Debug)]
pub struct Parameter {
    /// Dotted key path (`leader.deniability`).
    pub key: String,
    /// The value or distribution.
    pub value: ParamValue,
    /// Unit ("share", "probability per year", "kg", "logit"…), if given.
    pub unit: Option<String>,
    /// Valid range `[low, high]`, if given.
    pub range: Option<(f64, f64)>,
    /// The default, as written (a number, word, boolean or date).
    pub default: Option<ParamValue>,
    /// Where the value comes from.
    pub source: Option<String>,
    /// Why the parameter moves no outcome of this scenario, when it does not
    /// (`inert = "why"`; shown by `redline scenario params`).
    pub inert: Option<String>,
    /// True when an overlay (`--set`, `--with`) changed it.
    pub overridden: bool,
    /// Where its value was written.
    pub loc: Loc,
    /// Where its key was written.
    pub key_loc: Loc,
}

/// A loaded scenario: metadata, actors, calendar and parameters.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// Short id (`iran-2025-02-07`).
    pub id: String,
    /// Display name ("Iran, as of 7 February 2025").
    pub name: String,
    /// What the file knows is what was known on this date.
    pub as_of: Date,
    /// Last day forecast.
    pub horizon: Date,
    /// Days per step (7: weekly).
    pub step_days: i32,
    /// A paragraph for people.
    pub description: String,
    /// Actors, in file order.
    pub actors: Vec<Actor>,
    /// Outcomes the file declares, in file order (empty: the model's own).
    pub outcomes: Vec<OutcomeDecl>,
    /// Scripted events, in date order.
    pub calendar: Vec<CalendarEntry>,
    /// The coercer's strategies the scenario defines, in file order.
    pub playbooks: Vec<PlaybookDecl>,
    /// Parameters, in file order.
    pub parameters: Vec<Parameter>,
    origins: Origins,
    scenario_loc: Loc,
    first_user_origin: OriginId,
}

/// An input to a scenario: a name for messages and its text.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    /// File name (or `<embedded: …>`).
    pub name: &'a str,
    /// The TOML text.
    pub text: &'a str,
}

/// Finds the file a scenario `extends`: given the path as written and the
/// name of the input that wrote it, returns that file's name and text. The
/// CLI reads from disk; tests and the embedded scenarios read from memory.
pub type Resolve<'r> = dyn Fn(&str, &str) -> Result<(String, String), InputError> + 'r;

/// How many files a scenario may extend in a chain (`a` extends `b` extends …).
const MAX_EXTENDS: usize = 4;

/// The most steps a scenario may have: 20 years of weeks. The ensemble's
/// memory and time grow with the steps; beyond this, a horizon is a typo
/// (`--set scenario.horizon=9999-12-31` would ask for 416,110 weeks).
pub const MAX_STEPS: usize = 1_043;

impl Scenario {
    /// Loads a scenario from `base`, merging each fragment of `overlays` in
    /// order and then each `--set KEY=VALUE` of `sets`.
    pub fn load(
        base: Input<'_>,
        overlays: &[Input<'_>],
        sets: &[String],
    ) -> Result<Scenario, InputError> {
        Scenario::load_layers(&[base], overlays, sets)
    }

    /// Loads a scenario file that may name, in `[scenario] extends`, a file of
    /// shared parameters to build on (itself possibly extending another):
    /// the shared layers first, then the file, then `overlays` and `sets`.
    pub fn load_extending(
        file: Input<'_>,
        resolve: &Resolve<'_>,
        overlays: &[Input<'_>],
        sets: &[String],
    ) -> Result<Scenario, InputError> {
        // Each file is parsed once: the chain is read file first, then merged base first.
        let mut origins = Origins::default();
        let mut layers: Vec<Node> = Vec::new();
        let (mut name, mut text) = (file.name.to_string(), file.text.to_string());
        loop {
            let origin = origins.add(name.as_str(), text.as_str());
            let node = tree::parse_document(&origins, origin, &text)?;
            let extends = match node.get("scenario").and_then(|m| m.node.get("extends")) {
                None => None,
                Some(Entry {
                    node:
                        Node {
                            value: Value::String(path),
                            loc,
                        },
                    ..
                }) => Some((path.clone(), *loc)),
                Some(entry) => {
                    return Err(origins.error(
                        entry.node.loc,
                        "scenario.extends",
                        "expected the path of a scenario file",
                    ));
                }
            };
            layers.push(node);
            let Some((path, loc)) = extends else { break };
            if layers.len() > MAX_EXTENDS {
                return Err(origins.error(
                    loc,
                    "scenario.extends",
                    "too many files extend each other",
                ));
            }
            (name, text) = resolve(&path, &name).map_err(|mut e| {
                if e.line.is_none() {
                    let located = origins.error(loc, "scenario.extends", e.message.clone());
                    e.origin = located.origin;
                    e.line = located.line;
                    e.column = located.column;
                    e.key = located.key;
                }
                e
            })?;
        }
        layers.reverse();
        Scenario::assemble(origins, layers, overlays, sets)
    }

    /// Loads layers in order (later ones override earlier ones), then the
    /// user's overlays and sets, which mark what they change as overridden.
    fn load_layers(
        layers: &[Input<'_>],
        overlays: &[Input<'_>],
        sets: &[String],
    ) -> Result<Scenario, InputError> {
        let mut origins = Origins::default();
        let mut nodes = Vec::with_capacity(layers.len());
        for layer in layers {
            let origin = origins.add(layer.name, layer.text);
            nodes.push(tree::parse_document(&origins, origin, layer.text)?);
        }
        Scenario::assemble(origins, nodes, overlays, sets)
    }

    /// Merges parsed layers (base first; their origins are the first ones
    /// registered), then the user's overlays and sets.
    fn assemble(
        mut origins: Origins,
        layers: Vec<Node>,
        overlays: &[Input<'_>],
        sets: &[String],
    ) -> Result<Scenario, InputError> {
        let first_user_origin = OriginId::try_from(origins.len()).unwrap_or(OriginId::MAX);
        let mut layers = layers.into_iter();
        let Some(mut root) = layers.next() else {
            return Err(InputError::new("<scenario>", "no scenario given"));
        };
        canonicalize(&mut root);
        for mut layer in layers {
            canonicalize(&mut layer);
            tree::merge(&mut root, layer);
        }
        for overlay in overlays {
            let origin = origins.add(overlay.name, overlay.text);
            let mut node = tree::parse_document(&origins, origin, overlay.text)?;
            canonicalize(&mut node);
            tree::merge(&mut root, node);
        }
        for set in sets {
            // Each --set is built on its own, its key made current, then merged.
            let mut node = Node {
                value: Value::Table(Vec::new()),
                loc: root.loc,
            };
            tree::apply_set(&mut node, &mut origins, set)?;
            canonicalize(&mut node);
            tree::merge(&mut root, node);
        }
        Scenario::from_tree(root, origins, first_user_origin)
    }

    /// Loads a scenario from one text with no overlays.
    pub fn parse(name: &str, text: &str) -> Result<Scenario, InputError> {
        Scenario::load(Input { name, text }, &[], &[])
    }

    fn from_tree(
        root: Node,
        origins: Origins,
        first_user_origin: OriginId,
    ) -> Result<Scenario, InputError> {
        let Value::Table(entries) = &root.value else {
            return Err(origins.error(root.loc, "", "a scenario is a TOML table"));
        };
        let Some(meta) = entries.iter().find(|e| e.key == "scenario") else {
            return Err(origins.error(
                root.loc,
                "scenario",
                "missing the [scenario] table (id, name, as_of, horizon, step)",
            ));
        };
        let mut scenario = Scenario {
            id: String::new(),
            name: String::new(),
            as_of: Date::from_days(0),
            horizon: Date::from_days(0),
            step_days: 7,
            description: String::new(),
            actors: Vec::new(),
            outcomes: Vec::new(),
            calendar: Vec::new(),
            playbooks: Vec::new(),
            parameters: Vec::new(),
            scenario_loc: meta.node.loc,
            origins,
            first_user_origin,
        };
        scenario.read_metadata(&meta.node)?;
        for entry in entries {
            match entry.key.as_str() {
                "scenario" => {}
                "actors" => scenario.read_actors(&entry.node)?,
                "outcomes" => scenario.read_outcomes(&entry.node)?,
                "calendar" => scenario.read_calendar(&entry.node)?,
                "playbooks" => scenario.read_playbooks(&entry.node)?,
                _ => scenario.collect_parameters(&entry.key, entry.key_loc, &entry.node)?,
            }
        }
        scenario.calendar.sort_by_key(|c| c.date);
        Ok(scenario)
    }

    fn read_metadata(&mut self, meta: &Node) -> Result<(), InputError> {
        let Some(fields) = meta.value.as_table() else {
            return Err(self.origins.error(meta.loc, "scenario", "expected a table"));
        };
        const KNOWN: [&str; 7] = [
            "id",
            "name",
            "as_of",
            "horizon",
            "step",
            "description",
            "extends",
        ];
        for field in fields {
            if !KNOWN.contains(&field.key.as_str()) {
                return Err(self.unknown_key(field, "scenario.", &KNOWN));
            }
        }
        self.id = self.string_field(meta, "scenario", "id")?;
        self.name = self.string_field(meta, "scenario", "name")?;
        self.description = self
            .optional_string(meta, "scenario", "description")?
            .unwrap_or_default();
        self.as_of = self.date_field(meta, "scenario.as_of")?;
        self.horizon = self.date_field(meta, "scenario.horizon")?;
        if self.horizon <= self.as_of {
            let loc = meta.get("horizon").map_or(meta.loc, |e| e.node.loc);
            return Err(self.origins.error(
                loc,
                "scenario.horizon",
                format!(
                    "the horizon {} is not after as_of {}",
                    self.horizon, self.as_of
                ),
            ));
        }
        let step = self.string_field(meta, "scenario", "step")?;
        self.step_days = match step.as_str() {
            "week" => 7,
            other => {
                let loc = meta.get("step").map_or(meta.loc, |e| e.node.loc);
                return Err(self
                    .origins
                    .error(loc, "scenario.step", format!("unknown step `{other}`"))
                    .hint("the crisis model steps by `week`"));
            }
        };
        if self.steps() == 0 {
            let loc = meta.get("horizon").map_or(meta.loc, |e| e.node.loc);
            return Err(self.origins.error(
                loc,
                "scenario.horizon",
                format!(
                    "the horizon {} is less than one step ({} days) after as_of {}",
                    self.horizon, self.step_days, self.as_of
                ),
            ));
        }
        if self.steps() > MAX_STEPS {
            let loc = meta.get("horizon").map_or(meta.loc, |e| e.node.loc);
            return Err(self
                .origins
                .error(
                    loc,
                    "scenario.horizon",
                    format!(
                        "the horizon {} is {} steps after as_of {}; a forecast has at most {MAX_STEPS} (20 years of weeks)",
                        self.horizon,
                        self.steps(),
                        self.as_of
                    ),
                )
                .hint("crisis forecasts beyond a few years say little; choose a nearer horizon"));
        }
        Ok(())
    }

    fn unknown_key(&self, entry: &Entry, prefix: &str, known: &[&str]) -> InputError {
        let error = self.origins.error(
            entry.key_loc,
            &format!("{prefix}{}", entry.key),
            "unknown key",
        );
        match did_you_mean(&entry.key, known.iter().copied()) {
            Some(near) => error.hint(format!("did you mean `{prefix}{near}`?")),
            None => error.hint(format!("expected one of: {}", known.join(", "))),
        }
    }

    fn string_field(&self, table: &Node, section: &str, key: &str) -> Result<String, InputError> {
        self.optional_string(table, section, key)?.ok_or_else(|| {
            self.origins.error(
                table.loc,
                &format!("{section}.{key}"),
                format!("missing `{key}`"),
            )
        })
    }

    fn optional_string(
        &self,
        table: &Node,
        section: &str,
        key: &str,
    ) -> Result<Option<String>, InputError> {
        match table.get(key) {
            None => Ok(None),
            Some(Entry {
                node:
                    Node {
                        value: Value::String(s),
                        ..
                    },
                ..
            }) => Ok(Some(s.clone())),
            Some(entry) => Err(self.origins.error(
                entry.node.loc,
                &format!("{section}.{key}"),
                format!("expected a string, found {}", entry.node.value.type_name()),
            )),
        }
    }

    fn date_field(&self, table: &Node, path: &str) -> Result<Date, InputError> {
        let key = path.rsplit('.').next().unwrap_or(path);
        match table.get(key) {
            None => Err(self
                .origins
                .error(table.loc, path, format!("missing `{key}`"))),
            Some(entry) => self.date_value(&entry.node, path),
        }
    }

    fn date_value(&self, node: &Node, path: &str) -> Result<Date, InputError> {
        match &node.value {
            Value::Date(d) => Ok(*d),
            Value::String(s) => {
                Date::parse(s).map_err(|e| self.origins.error(node.loc, path, e.to_string()))
            }
            other => Err(self.origins.error(
                node.loc,
                path,
                format!("expected a date (YYYY-MM-DD), found {}", other.type_name()),
            )),
        }
    }

    fn read_actors(&mut self, node: &Node) -> Result<(), InputError> {
        let Some(actors) = node.value.as_table() else {
            return Err(self
                .origins
                .error(node.loc, "actors", "expected a table of actors"));
        };
        const FIELDS: [&str; 7] = [
            "role",
            "name",
            "description",
            "leader",
            "negotiator",
            "hardliners",
            "treaty",
        ];
        const TARGET_ONLY: [&str; 4] = ["leader", "negotiator", "hardliners", "treaty"];
        for actor in actors {
            let path = format!("actors.{}", actor.key);
            let Some(fields) = actor.node.value.as_table() else {
                return Err(self.origins.error(
                    actor.node.loc,
                    &path,
                    "expected a table with `role`, `name` and `description`",
                ));
            };
            for field in fields {
                let key = field.key.as_str();
                if FIELDS.contains(&key) {
                    continue;
                }
                if field.node.value.as_table().is_some() {
                    // The actor's own parameters (`[actors.israel.strike]`).
                    self.collect_parameters(&format!("{path}.{key}"), field.key_loc, &field.node)?;
                } else {
                    return Err(self.unknown_key(field, &format!("{path}."), &FIELDS));
                }
            }
            let role_name = self.optional_string(&actor.node, &path, "role")?;
            let role = match role_name.as_deref().map(|r| (r, Role::from_name(r))) {
                Some((_, Some(role))) => role,
                Some((other, None)) => {
                    let loc = actor
                        .node
                        .get("role")
                        .map_or(actor.node.loc, |e| e.node.loc);
                    let names: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
                    let error = self.origins.error(
                        loc,
                        &format!("{path}.role"),
                        format!("unknown role `{other}`"),
                    );
                    return Err(match did_you_mean(other, names.iter().copied()) {
                        Some(near) => error.hint(format!("did you mean `{near}`?")),
                        None => error.hint(format!("expected one of: {}", names.join(", "))),
                    });
                }
                None => {
                    let hint = match actor.key.as_str() {
                        "leader" | "negotiator" => "actors are keyed by an id and give their role: the leader and the negotiator are fields of the target (`[actors.iran]` with `role = \"target\"`, `leader = \"…\"`, `negotiator = \"…\"`)".to_string(),
                        "counterpart" => "write the counterpart as `role = \"coercer\"` under its own id (`[actors.us]`)".to_string(),
                        "striker" => "write a third-party striker as `role = \"ally\"` under its own id (`[actors.israel]`)".to_string(),
                        "deadline_holder" => "write the holder of the sanctions route as `role = \"guarantor\"` under its own id (`[actors.e3]`)".to_string(),
                        _ => format!(
                            "one of: {}",
                            Role::ALL.iter().map(|r| r.name()).collect::<Vec<_>>().join(", ")
                        ),
                    };
                    return Err(self
                        .origins
                        .error(actor.node.loc, &format!("{path}.role"), "missing `role`")
                        .hint(hint));
                }
            };
            if role != Role::Target
                && let Some(field) = fields
                    .iter()
                    .find(|f| TARGET_ONLY.contains(&f.key.as_str()))
            {
                return Err(self.origins.error(
                    field.key_loc,
                    &format!("{path}.{}", field.key),
                    format!(
                        "`{}` belongs to the target, not to a {}",
                        field.key,
                        role.name()
                    ),
                ));
            }
            let name = self.string_field(&actor.node, &path, "name")?;
            let description = self
                .optional_string(&actor.node, &path, "description")?
                .unwrap_or_default();
            self.actors.push(Actor {
                id: actor.key.clone(),
                role,
                name,
                description,
                leader: self.optional_string(&actor.node, &path, "leader")?,
                negotiator: self.optional_string(&actor.node, &path, "negotiator")?,
                hardliners: self.optional_string(&actor.node, &path, "hardliners")?,
                treaty: self.optional_string(&actor.node, &path, "treaty")?,
                loc: actor.key_loc,
            });
        }
        Ok(())
    }

    fn read_outcomes(&mut self, node: &Node) -> Result<(), InputError> {
        let Some(outcomes) = node.value.as_table() else {
            return Err(self
                .origins
                .error(node.loc, "outcomes", "expected a table of outcomes"));
        };
        const FIELDS: [&str; 4] = ["kind", "actor", "label", "definition"];
        for outcome in outcomes {
            let path = format!("outcomes.{}", outcome.key);
            let Some(fields) = outcome.node.value.as_table() else {
                return Err(self.origins.error(
                    outcome.node.loc,
                    &path,
                    "expected a table with `kind` (and `actor` for a strike), `label`, `definition`",
                ));
            };
            for field in fields {
                if !FIELDS.contains(&field.key.as_str()) {
                    return Err(self.unknown_key(field, &format!("{path}."), &FIELDS));
                }
            }
            let kind_name = self.string_field(&outcome.node, &path, "kind")?;
            let kind_loc = outcome
                .node
                .get("kind")
                .map_or(outcome.node.loc, |e| e.node.loc);
            let Some(kind) = Kind::from_name(&kind_name) else {
                let error = self.origins.error(
                    kind_loc,
                    &format!("{path}.kind"),
                    format!("unknown outcome kind `{kind_name}`"),
                );
                return Err(match did_you_mean(&kind_name, Kind::names()) {
                    Some(near) => error.hint(format!("did you mean `{near}`?")),
                    None => error.hint(format!(
                        "expected one of: {}",
                        Kind::names().collect::<Vec<_>>().join(", ")
                    )),
                });
            };
            let actor = self.optional_string(&outcome.node, &path, "actor")?;
            if kind.needs_actor() != actor.is_some() {
                let message = if kind.needs_actor() {
                    format!("a `{kind}` outcome names its `actor` (who strikes)")
                } else {
                    format!("a `{kind}` outcome has no `actor`")
                };
                return Err(self.origins.error(outcome.node.loc, &path, message));
            }
            if self
                .outcomes
                .iter()
                .any(|o| o.kind == kind && o.actor == actor)
            {
                return Err(self.origins.error(
                    outcome.key_loc,
                    &path,
                    format!("a second `{kind}` outcome: each kind is forecast once"),
                ));
            }
            self.outcomes.push(OutcomeDecl {
                id: outcome.key.clone(),
                kind,
                actor,
                label: self.optional_string(&outcome.node, &path, "label")?,
                definition: self.optional_string(&outcome.node, &path, "definition")?,
                loc: outcome.key_loc,
            });
        }
        Ok(())
    }

    fn read_playbooks(&mut self, node: &Node) -> Result<(), InputError> {
        let Some(playbooks) = node.value.as_table() else {
            return Err(self
                .origins
                .error(node.loc, "playbooks", "expected a table of playbooks"));
        };
        const FIELDS: [&str; 3] = ["description", "start", "states"];
        const STATE_FIELDS: [&str; 3] = ["play", "deadline_weeks", "until"];
        for playbook in playbooks {
            let path = format!("playbooks.{}", playbook.key);
            let Some(fields) = playbook.node.value.as_table() else {
                return Err(self.origins.error(
                    playbook.node.loc,
                    &path,
                    "expected a table with `start` and `states`",
                ));
            };
            for field in fields {
                if !FIELDS.contains(&field.key.as_str()) {
                    return Err(self.unknown_key(field, &format!("{path}."), &FIELDS));
                }
            }
            let start = self.string_field(&playbook.node, &path, "start")?;
            let start_loc = playbook
                .node
                .get("start")
                .map_or(playbook.node.loc, |e| e.node.loc);
            let states_path = format!("{path}.states");
            let states_node = playbook.node.get("states").ok_or_else(|| {
                self.origins
                    .error(playbook.node.loc, &states_path, "missing `states`")
            })?;
            let Some(state_entries) = states_node.node.value.as_table() else {
                return Err(self.origins.error(
                    states_node.node.loc,
                    &states_path,
                    "expected a table of states",
                ));
            };
            let mut states = Vec::new();
            for state in state_entries {
                let state_path = format!("{states_path}.{}", state.key);
                let Some(fields) = state.node.value.as_table() else {
                    return Err(self.origins.error(
                        state.node.loc,
                        &state_path,
                        "expected a table with `play` and transitions `on_<event>`",
                    ));
                };
                let mut on = Vec::new();
                for field in fields {
                    let key = field.key.as_str();
                    if let Some(event) = key.strip_prefix("on_") {
                        let Value::String(target) = &field.node.value else {
                            return Err(self.origins.error(
                                field.node.loc,
                                &format!("{state_path}.{key}"),
                                format!(
                                    "expected the name of a state, found {}",
                                    field.node.value.type_name()
                                ),
                            ));
                        };
                        on.push((event.to_string(), target.clone(), field.node.loc));
                    } else if !STATE_FIELDS.contains(&key) {
                        return Err(self
                            .unknown_key(field, &format!("{state_path}."), &STATE_FIELDS)
                            .hint("or a transition `on_<event> = \"<state>\"`"));
                    }
                }
                let play = self.string_field(&state.node, &state_path, "play")?;
                let play_loc = state
                    .node
                    .get("play")
                    .map_or(state.node.loc, |e| e.node.loc);
                let deadline_weeks = match state.node.get("deadline_weeks") {
                    None => None,
                    Some(entry) => {
                        let weeks =
                            self.number_field(&state.node, &state_path, "deadline_weeks")?;
                        if !(1.0..=520.0).contains(&weeks) {
                            return Err(self.origins.error(
                                entry.node.loc,
                                &format!("{state_path}.deadline_weeks"),
                                format!("{weeks} is not a number of weeks in [1, 520]"),
                            ));
                        }
                        Some((weeks, entry.node.loc))
                    }
                };
                let until = self
                    .optional_string(&state.node, &state_path, "until")?
                    .map(|u| {
                        let loc = state
                            .node
                            .get("until")
                            .map_or(state.node.loc, |e| e.node.loc);
                        (u, loc)
                    });
                states.push(PlaybookStateDecl {
                    id: state.key.clone(),
                    play: (play, play_loc),
                    deadline_weeks,
                    until,
                    on,
                    loc: state.key_loc,
                });
            }
            self.playbooks.push(PlaybookDecl {
                id: playbook.key.clone(),
                description: self.optional_string(&playbook.node, &path, "description")?,
                start: (start, start_loc),
                states,
                loc: playbook.key_loc,
            });
        }
        Ok(())
    }

    fn read_calendar(&mut self, node: &Node) -> Result<(), InputError> {
        let Value::Array(items) = &node.value else {
            return Err(self.origins.error(
                node.loc,
                "calendar",
                "expected an array of tables ([[calendar]])",
            ));
        };
        const KNOWN: [&str; 4] = ["date", "event", "note", "source"];
        for (i, item) in items.iter().enumerate() {
            let path = format!("calendar[{i}]");
            let Some(fields) = item.value.as_table() else {
                return Err(self.origins.error(item.loc, &path, "expected a table"));
            };
            for field in fields {
                if !KNOWN.contains(&field.key.as_str()) {
                    return Err(self.unknown_key(field, &format!("{path}."), &KNOWN));
                }
            }
            let date = self.date_field(item, &format!("{path}.date"))?;
            let event = self.string_field(item, &path, "event")?;
            let note = self
                .optional_string(item, &path, "note")?
                .unwrap_or_default();
            let source = self.string_field(item, &path, "source")?;
            self.calendar.push(CalendarEntry {
                date,
                event,
                note,
                source,
                loc: item.loc,
            });
        }
        Ok(())
    }

    fn collect_parameters(
        &mut self,
        path: &str,
        key_loc: Loc,
        node: &Node,
    ) -> Result<(), InputError> {
        if tree::is_parameter(node) {
            let mut parameter = self.read_parameter(path, node)?;
            parameter.key_loc = key_loc;
            self.parameters.push(parameter);
            return Ok(());
        }
        match &node.value {
            Value::Table(entries) => {
                for entry in entries {
                    self.collect_parameters(
                        &format!("{path}.{}", entry.key),
                        entry.key_loc,
                        &entry.node,
                    )?;
                }
                Ok(())
            }
            // A bare value where a parameter table belongs: keep it as a parameter
            // without metadata, so that the model reports an unknown key first
            // (with "did you mean") and missing metadata on a known one.
            _ => {
                let value = self.read_value(path, node)?;
                self.parameters.push(Parameter {
                    key: path.to_string(),
                    value,
                    unit: None,
                    range: None,
                    default: None,
                    source: None,
                    inert: None,
                    overridden: node.loc.origin >= self.first_user_origin,
                    loc: node.loc,
                    key_loc,
                });
                Ok(())
            }
        }
    }

    fn read_value(&self, path: &str, node: &Node) -> Result<ParamValue, InputError> {
        match &node.value {
            Value::Integer(_) | Value::Float(_) => {
                let v = node.value.as_f64().unwrap_or(f64::NAN);
                self.finite(v, node, path)?;
                Ok(ParamValue::Number(Distribution::Fixed(v)))
            }
            Value::String(s) => Ok(ParamValue::Text(s.clone())),
            Value::Bool(b) => Ok(ParamValue::Bool(*b)),
            Value::Date(d) => Ok(ParamValue::Date(*d)),
            other => Err(self.origins.error(
                node.loc,
                path,
                format!(
                    "expected a number, word, boolean or date, found {}",
                    other.type_name()
                ),
            )),
        }
    }

    fn finite(&self, v: f64, node: &Node, path: &str) -> Result<f64, InputError> {
        if v.is_finite() {
            Ok(v)
        } else {
            Err(self
                .origins
                .error(node.loc, path, format!("{v} is not a finite number")))
        }
    }

    fn number_field(&self, table: &Node, path: &str, key: &str) -> Result<f64, InputError> {
        let full = format!("{path}.{key}");
        match table.get(key) {
            None => Err(self
                .origins
                .error(table.loc, &full, format!("missing `{key}`"))),
            Some(entry) => match entry.node.value.as_f64() {
                Some(v) => self.finite(v, &entry.node, &full),
                None => Err(self.origins.error(
                    entry.node.loc,
                    &full,
                    format!("expected a number, found {}", entry.node.value.type_name()),
                )),
            },
        }
    }

    fn read_parameter(&self, path: &str, node: &Node) -> Result<Parameter, InputError> {
        const META: [&str; 5] = ["unit", "range", "default", "source", "inert"];
        let fields = node.value.as_table().unwrap_or_default();
        for field in fields {
            let key = field.key.as_str();
            if !META.contains(&key) && !tree::VALUE_KEYS.contains(&key) {
                let known: Vec<&str> = META
                    .iter()
                    .chain(tree::VALUE_KEYS.iter())
                    .copied()
                    .collect();
                return Err(self.unknown_key(field, &format!("{path}."), &known));
            }
        }
        let value = match node.get("dist") {
            Some(dist) => ParamValue::Number(self.read_distribution(path, node, &dist.node)?),
            None => match node.get("value") {
                Some(entry) => self.read_value(&format!("{path}.value"), &entry.node)?,
                None => {
                    return Err(self
                        .origins
                        .error(node.loc, path, "missing `value` or `dist`"));
                }
            },
        };
        let unit = self.optional_string(node, path, "unit")?;
        let source = self.optional_string(node, path, "source")?;
        let inert = self.optional_string(node, path, "inert")?;
        let range = match node.get("range") {
            None => None,
            Some(entry) => {
                let full = format!("{path}.range");
                let bad = || {
                    self.origins.error(
                        entry.node.loc,
                        &full,
                        "expected `[low, high]` with low ≤ high",
                    )
                };
                let Value::Array(items) = &entry.node.value else {
                    return Err(bad());
                };
                let bounds: Vec<f64> = items.iter().filter_map(|n| n.value.as_f64()).collect();
                if items.len() != 2
                    || bounds.len() != 2
                    || bounds.iter().any(|b| b.is_nan())
                    || bounds[0] > bounds[1]
                {
                    return Err(bad());
                }
                Some((bounds[0], bounds[1]))
            }
        };
        // A normal is truncated to the parameter's range: the distribution
        // that is sampled and shown carries the truncation points.
        let value = match (value, range) {
            (
                ParamValue::Number(Distribution::TruncatedNormal { mean, sd, .. }),
                Some((low, high)),
            ) => ParamValue::Number(Distribution::TruncatedNormal {
                mean,
                sd,
                low,
                high,
            }),
            (value, _) => value,
        };
        let default = match node.get("default") {
            None => None,
            Some(entry) => Some(self.read_value(&format!("{path}.default"), &entry.node)?),
        };
        let parameter = Parameter {
            key: path.to_string(),
            value,
            unit,
            range,
            default,
            source,
            inert,
            overridden: fields
                .iter()
                .any(|e| e.node.loc.origin >= self.first_user_origin),
            loc: node
                .get("value")
                .or(node.get("dist"))
                .map_or(node.loc, |e| e.node.loc),
            key_loc: node.loc,
        };
        self.check_range(&parameter)?;
        Ok(parameter)
    }

    fn read_distribution(
        &self,
        path: &str,
        node: &Node,
        dist: &Node,
    ) -> Result<Distribution, InputError> {
        let full = format!("{path}.dist");
        let Value::String(kind) = &dist.value else {
            return Err(self
                .origins
                .error(dist.loc, &full, "expected the name of a distribution"));
        };
        let num = |key: &str| self.number_field(node, path, key);
        let bad = |message: String| self.origins.error(dist.loc, &full, message);
        const KINDS: [&str; 5] = ["fixed", "uniform", "triangular", "beta", "normal"];
        let distribution = match kind.as_str() {
            "fixed" => Distribution::Fixed(num("value")?),
            "uniform" => {
                let (low, high) = (num("low")?, num("high")?);
                if low >= high {
                    return Err(bad(format!(
                        "uniform needs low < high, got {low} and {high}"
                    )));
                }
                Distribution::Uniform { low, high }
            }
            "triangular" => {
                let (low, mode, high) = (num("low")?, num("mode")?, num("high")?);
                if !(low <= mode && mode <= high && low < high) {
                    return Err(bad(format!(
                        "triangular needs low ≤ mode ≤ high, got {low}, {mode}, {high}"
                    )));
                }
                Distribution::Triangular { low, mode, high }
            }
            "beta" => {
                let (alpha, beta) = (num("alpha")?, num("beta")?);
                if !(alpha > 0.0 && beta > 0.0) {
                    return Err(bad(format!(
                        "beta needs alpha > 0 and beta > 0, got {alpha} and {beta}"
                    )));
                }
                let low = if node.get("low").is_some() {
                    num("low")?
                } else {
                    0.0
                };
                let high = if node.get("high").is_some() {
                    num("high")?
                } else {
                    1.0
                };
                if low >= high {
                    return Err(bad(format!(
                        "beta's low must be below its high, got {low} and {high}"
                    )));
                }
                Distribution::Beta {
                    alpha,
                    beta,
                    low,
                    high,
                }
            }
            "normal" => {
                let (mean, sd) = (num("mean")?, num("sd")?);
                if sd <= 0.0 {
                    return Err(bad(format!("normal needs sd > 0, got {sd}")));
                }
                let (low, high) = match node.get("range") {
                    Some(_) => (f64::NEG_INFINITY, f64::INFINITY), // replaced by the range below
                    None => return Err(bad("a normal distribution is truncated to the parameter's `range`, which is missing".into())),
                };
                Distribution::TruncatedNormal {
                    mean,
                    sd,
                    low,
                    high,
                }
            }
            other => {
                let error = bad(format!("unknown distribution `{other}`"));
                return Err(match did_you_mean(other, KINDS) {
                    Some(near) => error.hint(format!("did you mean `{near}`?")),
                    None => error.hint(format!("expected one of: {}", KINDS.join(", "))),
                });
            }
        };
        Ok(distribution)
    }

    fn check_range(&self, parameter: &Parameter) -> Result<(), InputError> {
        let Some((low, high)) = parameter.range else {
            return Ok(());
        };
        let ParamValue::Number(dist) = &parameter.value else {
            return Ok(());
        };
        let (lo, hi) = dist.support();
        // A normal is truncated to the range rather than checked against it.
        if let Distribution::TruncatedNormal { mean, .. } = dist {
            if !(low..=high).contains(mean) {
                return Err(self.origins.error(
                    parameter.loc,
                    &parameter.key,
                    format!("the normal's mean {mean} is outside the valid range [{low}, {high}]"),
                ));
            }
            return Ok(());
        }
        if lo < low || hi > high {
            let what = if dist.is_fixed() {
                format!("value {lo}")
            } else {
                format!("{dist}")
            };
            return Err(self.origins.error(
                parameter.loc,
                &parameter.key,
                format!("{what} is outside the valid range [{low}, {high}]"),
            ));
        }
        Ok(())
    }

    /// The parameter at `key`, if the scenario has it.
    pub fn parameter(&self, key: &str) -> Option<&Parameter> {
        self.parameters.iter().find(|p| p.key == key)
    }

    /// An error located at `loc`, about `key`.
    pub fn error_at(&self, loc: Loc, key: &str, message: impl Into<String>) -> InputError {
        self.origins.error(loc, key, message)
    }

    /// An error about the scenario as a whole (located at its `[scenario]` table).
    pub fn error(&self, key: &str, message: impl Into<String>) -> InputError {
        self.origins.error(self.scenario_loc, key, message)
    }

    /// The name of the base input (the file).
    pub fn file_name(&self) -> &str {
        self.origins.name(0)
    }

    /// Number of whole steps from `as_of` to `horizon`.
    pub fn steps(&self) -> usize {
        usize::try_from(self.horizon.days_since(self.as_of) / self.step_days).unwrap_or(0)
    }

    /// The end of the forecast: the day after its last whole step. The
    /// horizon a file declares is rounded down to whole steps; every
    /// probability is "by" this date, and every output names this one date
    /// as the horizon.
    pub fn forecast_end(&self) -> Date {
        self.step_date(self.steps())
    }

    /// The resolved scenario (after `extends`, overlays and `--set`) as
    /// canonical text: every field that can change a forecast, one per line,
    /// in a fixed order, without the places values were written. Two
    /// scenarios with the same canonical text give the same forecasts.
    pub fn canonical_text(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let _ = writeln!(out, "id = {:?}", self.id);
        let _ = writeln!(out, "name = {:?}", self.name);
        let _ = writeln!(out, "as_of = {}", self.as_of);
        let _ = writeln!(out, "horizon = {}", self.horizon);
        let _ = writeln!(out, "step_days = {}", self.step_days);
        let _ = writeln!(out, "description = {:?}", self.description);
        for a in &self.actors {
            let _ = writeln!(
                out,
                "actor {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
                a.id, a.role, a.name, a.description, a.leader, a.negotiator, a.hardliners, a.treaty
            );
        }
        for o in &self.outcomes {
            let _ = writeln!(
                out,
                "outcome {:?} {:?} {:?} {:?} {:?}",
                o.id, o.kind, o.actor, o.label, o.definition
            );
        }
        for c in &self.calendar {
            let _ = writeln!(
                out,
                "calendar {} {:?} {:?} {:?}",
                c.date, c.event, c.note, c.source
            );
        }
        for p in &self.parameters {
            let _ = writeln!(
                out,
                "param {:?} = {:?} unit {:?} range {:?} default {:?} source {:?}",
                p.key, p.value, p.unit, p.range, p.default, p.source
            );
            if let Some(inert) = &p.inert {
                let _ = writeln!(out, "inert {:?} {inert:?}", p.key);
            }
        }
        // Playbooks are strategies the forecast plays (and the own one may
        // be one): a scenario without any writes nothing here.
        for b in &self.playbooks {
            let _ = writeln!(
                out,
                "playbook {:?} {:?} start {:?}",
                b.id, b.description, b.start.0
            );
            for state in &b.states {
                let on: Vec<(&str, &str)> = state
                    .on
                    .iter()
                    .map(|(event, to, _)| (event.as_str(), to.as_str()))
                    .collect();
                let _ = writeln!(
                    out,
                    "playbook_state {:?} {:?} play {:?} deadline {:?} until {:?} on {on:?}",
                    b.id,
                    state.id,
                    state.play.0,
                    state.deadline_weeks.map(|(weeks, _)| weeks),
                    state.until.as_ref().map(|(rung, _)| rung),
                );
            }
        }
        out
    }

    /// SHA-256 of [`Scenario::canonical_text`], in lower-case hex: the
    /// resolved scenario's identity in every output's provenance.
    pub fn sha256(&self) -> String {
        sha256_hex(&self.canonical_text())
    }

    /// The date a step starts on.
    pub fn step_date(&self, step: usize) -> Date {
        self.as_of
            .add_days(self.step_days * i32::try_from(step).unwrap_or(i32::MAX / 8))
    }

    /// The step that contains `date` (`None` before as_of or after the horizon).
    pub fn step_of(&self, date: Date) -> Option<usize> {
        let days = date.days_since(self.as_of);
        let step = usize::try_from(days.div_euclid(self.step_days)).ok()?;
        (days >= 0 && step < self.steps()).then_some(step)
    }
}

/// SHA-256 of `text`, in lower-case hex: the one digest of provenance
/// (scenarios, and the inputs of a sharded job).
pub fn sha256_hex(text: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = r#"
[scenario]
id = "t"
name = "Test"
as_of = 2025-02-07
horizon = 2026-02-07
step = "week"

[actors]
leader = { role = "target", name = "L" }

[leader]
deniability = { value = 0.7, unit = "share", range = [0, 1], default = 0.5, source = "judgment" }
red_line = { value = "negotiable", default = "negotiable", source = "seed" }
rate = { dist = "uniform", low = 1, high = 3, unit = "kg/week", range = [0, 10], default = 2, source = "s" }

[[calendar]]
date = 2025-10-18
event = "termination_day"
source = "UNSCR 2231"
"#;

    fn read(text: &str, sets: &[&str]) -> Result<(f64, String, f64, ParamSampler), InputError> {
        let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
        let scenario = Scenario::load(
            Input {
                name: "t.toml",
                text,
            },
            &[],
            &sets,
        )?;
        let mut reader = ParamReader::new(&scenario);
        let d = reader.number("leader.deniability", Bounds::SHARE);
        let r = reader.choice("leader.red_line", &["negotiable", "absolute"]);
        let rate = reader.number("leader.rate", Bounds::NON_NEGATIVE);
        let sampler = reader.finish()?;
        Ok((d, r, rate, sampler))
    }

    #[test]
    fn reads_values_distributions_and_steps() {
        let (d, r, rate, sampler) = read(BASE, &[]).expect("valid");
        assert_eq!((d, r.as_str(), rate), (0.7, "negotiable", 2.0));
        let scenario = Scenario::parse("t.toml", BASE).expect("valid");
        assert_eq!(scenario.steps(), 52);
        assert_eq!(
            scenario.step_of(Date::parse("2025-05-01").expect("date")),
            Some(11)
        );
        assert_eq!(scenario.calendar[0].event, "termination_day");
        let mut a = Vec::new();
        let mut b = Vec::new();
        sampler.sample_into(1, 5, &mut a);
        sampler.sample_into(1, 5, &mut b);
        assert_eq!(a, b);
        assert_eq!(a[0], 0.7);
        assert!((1.0..=3.0).contains(&a[1]));
    }

    #[test]
    fn a_normal_is_sampled_within_the_parameters_range() {
        let (_, _, rate, sampler) =
            read(BASE, &["leader.rate={dist = \"normal\", mean = 2, sd = 5}"]).expect("valid");
        let scenario = Scenario::load(
            Input {
                name: "t.toml",
                text: BASE,
            },
            &[],
            &["leader.rate={dist = \"normal\", mean = 2, sd = 5}".to_string()],
        )
        .expect("valid");
        let p = scenario.parameter("leader.rate").expect("present");
        assert_eq!(p.value.to_string(), "normal(2, 5) in [0, 10]");
        assert!((0.0..=10.0).contains(&rate), "{rate}");
        let mut values = Vec::new();
        for draw in 0..2_000 {
            sampler.sample_into(3, draw, &mut values);
            assert!((0.0..=10.0).contains(&values[1]), "{}", values[1]);
        }
    }

    /// Each bad input and the words its message must contain, with its line.
    #[test]
    fn bad_inputs_are_located() {
        // (scenario text, --set clauses, words the message must contain, line of the error)
        type Case<'a> = (&'a str, &'a [&'a str], &'a [&'a str], Option<usize>);
        let cases: &[Case<'_>] = &[
            (
                BASE,
                &["leader.deniabilty=0.2"],
                &["unknown key", "did you mean `leader.deniability`"],
                None,
            ),
            (
                BASE,
                &["leader.deniability=1.5"],
                &["outside the valid range"],
                None,
            ),
            (
                BASE,
                &["leader.deniability=nan"],
                &["not a finite number"],
                None,
            ),
            (
                BASE,
                &["leader.deniability=inf"],
                &["not a finite number"],
                None,
            ),
            (
                BASE,
                &["leader.deniability=\"high\""],
                &["expected a number"],
                None,
            ),
            (
                BASE,
                &["leader.red_line=absolut"],
                &["unknown value `absolut`", "did you mean `absolute`"],
                None,
            ),
            (
                BASE,
                &["scenario.horizon=2024-01-01"],
                &["not after as_of"],
                None,
            ),
            (
                BASE,
                &["scenario.as_of=\"2025-02-30\""],
                &["not a day of the calendar"],
                None,
            ),
            (
                BASE,
                &["leader.rate={dist = \"unifrom\", low = 0, high = 1}"],
                &["did you mean `uniform`"],
                None,
            ),
            (
                BASE,
                &["leader.rate={dist = \"uniform\", low = 5, high = 11}"],
                &["outside the valid range [0, 10]"],
                None,
            ),
            (
                &BASE.replace(
                    "range = [0, 1], default = 0.5",
                    "range = [0, 2], default = 0.5",
                ),
                &[],
                &["is not a share"],
                Some(13),
            ),
            (
                &BASE.replace("source = \"judgment\" ", ""),
                &[],
                &["needs source"],
                Some(13),
            ),
            (
                &BASE.replace("step = \"week\"", "step = \"fortnight\""),
                &[],
                &["unknown step"],
                Some(7),
            ),
            (
                &BASE.replace("horizon = 2026-02-07", "horizon = \"next year\""),
                &[],
                &["not a date"],
                Some(6),
            ),
            (
                &BASE.replace("name = \"L\"", "nmae = \"L\""),
                &[],
                &["did you mean `actors.leader.name`"],
                Some(10),
            ),
            (
                &BASE.replace("role = \"target\"", "role = \"targte\""),
                &[],
                &["unknown role `targte`", "did you mean `target`"],
                Some(10),
            ),
            (
                &BASE.replace("role = \"target\", ", ""),
                &[],
                &[
                    "missing `role`",
                    "the leader and the negotiator are fields of the target",
                ],
                Some(10),
            ),
        ];
        for (text, sets, words, line) in cases {
            let error = read(text, sets).expect_err(&format!("{sets:?} should fail"));
            let shown = error.to_string();
            for word in *words {
                assert!(shown.contains(word), "{sets:?}: `{shown}` lacks `{word}`");
            }
            assert!(error.line.is_some() && error.column.is_some(), "{shown}");
            if let Some(line) = line {
                assert_eq!(error.line, Some(*line), "{shown}");
            }
            if !sets.is_empty() {
                assert!(
                    shown.starts_with("--set") || shown.starts_with("t.toml"),
                    "{shown}"
                );
            }
        }
    }

    #[test]
    fn a_scenario_extends_shared_parameters() {
        let shared = "[leader]\ndeniability = { value = 0.5, unit = \"share\", range = [0, 1], default = 0.5, source = \"shared\" }\n";
        let case = BASE.replace("[scenario]\n", "[scenario]\nextends = \"shared.toml\"\n").replace(
            "deniability = { value = 0.7, unit = \"share\", range = [0, 1], default = 0.5, source = \"judgment\" }\n",
            "",
        );
        let resolve = |path: &str, from: &str| -> Result<(String, String), InputError> {
            assert_eq!(from, "case.toml");
            match path {
                "shared.toml" => Ok(("shared.toml".into(), shared.to_string())),
                _ => Err(InputError::new(path, "no such file")),
            }
        };
        let scenario = Scenario::load_extending(
            Input {
                name: "case.toml",
                text: &case,
            },
            &resolve,
            &[],
            &[],
        )
        .expect("valid");
        let p = scenario
            .parameter("leader.deniability")
            .expect("from the shared file");
        assert_eq!(p.value, ParamValue::Number(Distribution::Fixed(0.5)));
        assert!(!p.overridden, "layers are not user overrides");
        let missing = case.replace("shared.toml", "nowhere.toml");
        let error = Scenario::load_extending(
            Input {
                name: "case.toml",
                text: &missing,
            },
            &resolve,
            &[],
            &[],
        )
        .expect_err("unresolved");
        assert_eq!(
            (error.origin.as_str(), error.key.as_deref()),
            ("case.toml", Some("scenario.extends"))
        );
    }

    #[test]
    fn overlays_merge_before_validation() {
        let fragment = "[leader]\ndeniability = { value = 0.2, source = \"calibrated\" }\n";
        let scenario = Scenario::load(
            Input {
                name: "t.toml",
                text: BASE,
            },
            &[Input {
                name: "frag.toml",
                text: fragment,
            }],
            &[],
        )
        .expect("valid");
        let p = scenario.parameter("leader.deniability").expect("present");
        assert_eq!(p.value, ParamValue::Number(Distribution::Fixed(0.2)));
        assert_eq!(p.source.as_deref(), Some("calibrated"));
        assert_eq!(p.unit.as_deref(), Some("share"));
        assert!(p.overridden);
    }

    fn load_text(text: &str, sets: &[String]) -> Result<Scenario, InputError> {
        Scenario::load(
            Input {
                name: "t.toml",
                text,
            },
            &[],
            sets,
        )
    }

    #[test]
    fn old_keys_are_read_as_their_new_names_in_every_layer() {
        let text = BASE.replace(
            "[[calendar]]",
            "[actors.israel]\nrole = \"ally\"\nname = \"Israel\"\n\n[strikes.israel]\nbase_annual = { value = 0.3, unit = \"p\", range = [0, 1], default = 0.3, source = \"s\" }\n\n[[calendar]]",
        );
        let scenario = load_text(&text, &[]).expect("loads");
        let p = scenario
            .parameter("actors.israel.strike.base_annual")
            .expect("moved to the new key");
        assert_eq!(p.unit.as_deref(), Some("p"));
        assert!(scenario.parameter("strikes.israel.base_annual").is_none());
        // A --set with the old key overrides the value and keeps the metadata.
        let set = load_text(&text, &["strikes.israel.base_annual=0.5".to_string()]).expect("loads");
        let p = set
            .parameter("actors.israel.strike.base_annual")
            .expect("there");
        assert_eq!(p.value, ParamValue::Number(Distribution::Fixed(0.5)));
        assert_eq!(p.source.as_deref(), Some("s"));
        assert!(p.overridden);
        assert_eq!(
            canonical_key("initial.goldstein_iran_to_us").as_deref(),
            Some("initial.goldstein_target_to_coercer")
        );
        assert_eq!(canonical_key("strikes.setback"), None);
    }

    #[test]
    fn outcomes_are_declared_by_kind() {
        let text = format!(
            "{BASE}\n[outcomes.israeli_strike]\nkind = \"strike\"\nactor = \"israel\"\nlabel = \"Israeli strike\"\n[outcomes.war]\nkind = \"war\"\n"
        );
        let scenario = load_text(&text, &[]).expect("loads");
        assert_eq!(scenario.outcomes.len(), 2);
        assert_eq!(scenario.outcomes[0].kind, Kind::Strike);
        assert_eq!(scenario.outcomes[0].actor.as_deref(), Some("israel"));
        let bad = format!("{BASE}\n[outcomes.x]\nkind = \"strke\"\n");
        let error = load_text(&bad, &[]).expect_err("unknown kind");
        assert!(
            error.to_string().contains("did you mean `strike`"),
            "{error}"
        );
        let no_actor = format!("{BASE}\n[outcomes.x]\nkind = \"strike\"\n");
        let error = load_text(&no_actor, &[]).expect_err("a strike needs an actor");
        assert!(error.to_string().contains("names its `actor`"), "{error}");
    }
}
