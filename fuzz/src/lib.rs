//! What the fuzz targets share: turning libFuzzer's bytes into the inputs a
//! parser sees, and loading a scenario the way the command line does.

use redline_core::{InputError, Scenario};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// The text a parser sees for `data`. The command line reads files with
/// `read_to_string`, which refuses invalid UTF-8 before any parser runs; the
/// lossy conversion keeps such inputs useful to the fuzzer instead of
/// discarding them.
pub fn text(data: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// The path the fuzzed scenario file is read from; files it `extends` are
/// looked up beside it, and (not being there) among the embedded shared files,
/// as for a user's scenario.
pub const SCENARIO_PATH: &str = "fuzz/scenario.toml";

/// The inputs of one `redline forecast` run: the scenario file, the `--with`
/// fragments and the `--set` overrides.
pub struct Run {
    /// The scenario file's text.
    pub scenario: String,
    /// The `--with` fragments' texts, in order.
    pub with: Vec<String>,
    /// The `--set KEY=VALUE` arguments, in order.
    pub sets: Vec<String>,
}

impl Run {
    /// Splits a fuzz input at NUL bytes: the first part is the scenario, a
    /// later part that starts with `--set ` is an override, any other part a
    /// fragment. A seed that is a plain scenario file is the scenario alone.
    pub fn from_bytes(data: &[u8]) -> Run {
        // A handful of layers is what a user gives; more only slows the target.
        let mut parts = data.split(|&b| b == 0).take(8);
        let scenario = text(parts.next().unwrap_or_default()).into_owned();
        let (mut with, mut sets) = (Vec::new(), Vec::new());
        for part in parts {
            let part = text(part).into_owned();
            match part.strip_prefix("--set ") {
                Some(set) => sets.push(set.to_string()),
                None => with.push(part),
            }
        }
        Run {
            scenario,
            with,
            sets,
        }
    }

    /// Loads the run through `redline_scenarios::load`, the command line's
    /// loader, with a reader that finds the scenario and fragments in memory.
    pub fn load(&self) -> Result<Scenario, InputError> {
        let paths: Vec<PathBuf> = (0..self.with.len())
            .map(|i| PathBuf::from(format!("fuzz/with-{i}.toml")))
            .collect();
        let read = |path: &Path| -> std::io::Result<String> {
            if path == Path::new(SCENARIO_PATH) {
                return Ok(self.scenario.clone());
            }
            match paths.iter().position(|p| p == path) {
                Some(i) => Ok(self.with[i].clone()),
                None => Err(std::io::ErrorKind::NotFound.into()),
            }
        };
        redline_scenarios::load(Some(Path::new(SCENARIO_PATH)), &paths, &self.sets, &read)
    }
}
