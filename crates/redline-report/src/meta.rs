//! Provenance: what produced an output, carried by every JSON document as
//! `meta` and listed in table headers and the HTML report.

use redline_core::Scenario;
use serde::Serialize;

/// The version of redline that wrote an output.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The scenario an output was computed from.
#[derive(Clone, Debug, Serialize)]
pub struct ScenarioProvenance {
    /// The scenario's id.
    pub id: String,
    /// The file it was read from (or the embedded copy).
    pub file: String,
    /// SHA-256 of the resolved scenario, after `extends`, `--with` and
    /// `--set` ([`Scenario::sha256`]).
    pub sha256: String,
}

/// What produced an output: redline's version, the command, the resolved
/// scenario, every override and the random-stream settings.
#[derive(Clone, Debug, Serialize)]
pub struct Meta {
    /// redline's version.
    pub redline: &'static str,
    /// The command (`forecast`, `trace`, …).
    pub command: String,
    /// The scenario, for commands that run one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<ScenarioProvenance>,
    /// The input files read (event files, records), for the data commands.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<String>,
    /// Which parameters the scenario ran on: fitted on the case library or
    /// the judgments (`--params`), and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub params: Option<String>,
    /// Every `--set KEY=VALUE`, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub set: Vec<String>,
    /// Every `--with FRAGMENT`, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub with: Vec<String>,
    /// Every `--assume OUTCOME@DATE`, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assume: Vec<String>,
    /// The seed of every random stream.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Runs of each ensemble.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runs: Option<u64>,
    /// Runs that share one parameter draw (`--runs-per-draw`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runs_per_draw: Option<u64>,
}

impl Meta {
    /// Provenance of `command`, with nothing else known yet.
    pub fn new(command: &str) -> Meta {
        Meta {
            redline: VERSION,
            command: command.to_string(),
            scenario: None,
            inputs: Vec::new(),
            params: None,
            set: Vec::new(),
            with: Vec::new(),
            assume: Vec::new(),
            seed: None,
            runs: None,
            runs_per_draw: None,
        }
    }

    /// The resolved scenario and the overrides that made it.
    pub fn scenario(mut self, scenario: &Scenario, set: &[String], with: &[String]) -> Meta {
        self.scenario = Some(ScenarioProvenance {
            id: scenario.id.clone(),
            file: scenario.file_name().to_string(),
            sha256: scenario.sha256(),
        });
        self.set = set.to_vec();
        self.with = with.to_vec();
        self
    }

    /// Which parameters the scenario ran on, in words.
    pub fn params(mut self, params: String) -> Meta {
        self.params = Some(params);
        self
    }

    /// The header lines of a table: the overrides and the parameters, each
    /// ending in a newline (empty without either).
    pub fn header_lines(&self) -> String {
        let mut out = String::new();
        if let Some(overrides) = self.overrides() {
            out.push_str(&format!("overrides: {overrides}\n"));
        }
        if let Some(params) = &self.params {
            out.push_str(&format!("parameters: {params}\n"));
        }
        out
    }

    /// The input files, as named in messages.
    pub fn inputs(mut self, inputs: &[String]) -> Meta {
        self.inputs = inputs.to_vec();
        self
    }

    /// The seed of the random streams, for a command without an ensemble.
    pub fn seed(mut self, seed: u64) -> Meta {
        self.seed = Some(seed);
        self
    }

    /// The `--assume` clauses.
    pub fn assume(mut self, assume: &[String]) -> Meta {
        self.assume = assume.to_vec();
        self
    }

    /// The seed and the number of runs.
    pub fn ensemble(mut self, seed: u64, runs: u64) -> Meta {
        self.seed = Some(seed);
        self.runs = Some(runs);
        self
    }

    /// How many runs share one parameter draw.
    pub fn runs_per_draw(mut self, m: u64) -> Meta {
        self.runs_per_draw = Some(m);
        self
    }

    /// The overrides as one line for a table header or a page
    /// (`--with f.toml --set k=v --assume o@d`), or `None` without any.
    pub fn overrides(&self) -> Option<String> {
        let parts: Vec<String> = self
            .with
            .iter()
            .map(|w| format!("--with {w}"))
            .chain(self.set.iter().map(|s| format!("--set {s}")))
            .chain(self.assume.iter().map(|a| format!("--assume {a}")))
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}
