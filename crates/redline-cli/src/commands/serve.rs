//! `redline serve`: the explorer (`redline-serve`), in builds with the
//! `serve` feature; without it, an error that says how to build it.

use crate::error::{CliError, CliResult};
use clap::Args;
use std::net::IpAddr;
use std::path::PathBuf;

/// `redline serve`.
#[derive(Args)]
#[command(after_help = "Examples:
  redline serve                          # http://127.0.0.1:8080/
  redline serve --port 9000 --scenarios my-scenarios/
  redline serve --host 0.0.0.0           # reachable from other machines: a warning is printed")]
pub struct ServeArgs {
    /// Port to listen on (0: any free port; the address is printed).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Address to bind; anything but loopback exposes the explorer to the network.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// A folder of your own scenario files (*.toml), offered beside the shipped
    /// ones; nothing outside it is read.
    #[arg(long, value_name = "DIR")]
    scenarios: Option<PathBuf>,
    /// Most runs of one forecast a request may ask for.
    #[arg(long, default_value_t = 200_000, value_parser = crate::args::parse_runs)]
    max_runs: u64,
    /// Forecasts computed at once (default: one per core); others wait.
    #[arg(long, value_parser = crate::args::count_in::<1, 64>)]
    jobs: Option<usize>,
}

/// Runs `redline serve`.
#[cfg(feature = "serve")]
pub fn run(args: ServeArgs) -> CliResult {
    use std::io::Write;
    let defaults = redline_serve::Config::default();
    let config = redline_serve::Config {
        host: args.host,
        port: args.port,
        scenarios: args.scenarios,
        limits: redline_serve::question::Limits {
            max_runs: args.max_runs,
            ..defaults.limits.clone()
        },
        jobs: args.jobs.unwrap_or(defaults.jobs),
        ..defaults
    };
    let server = redline_serve::Server::bind(config).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound | std::io::ErrorKind::InvalidInput => {
            CliError::input(e.to_string())
        }
        _ => CliError::failure(e.to_string()),
    })?;
    let address = server
        .local_addr()
        .map_err(|e| CliError::failure(format!("cannot read the bound address: {e}")))?;
    if !args.host.is_loopback() {
        eprintln!(
            "redline: warning: listening on {address}, reachable from other machines; \
             the explorer has no login (bind 127.0.0.1, the default, to keep it local)"
        );
    }
    // The address on standard output, flushed, so that a script (or a test)
    // can read it before the first request.
    let mut out = std::io::stdout();
    let _ = writeln!(out, "redline explorer: http://{address}/");
    let _ = out.flush();
    server
        .run()
        .map_err(|e| CliError::failure(format!("the server stopped: {e}")))
}

/// Runs `redline serve` in a build without the explorer.
#[cfg(not(feature = "serve"))]
pub fn run(_args: ServeArgs) -> CliResult {
    Err(CliError::input(
        "this redline was built without the explorer; build it with \
         `cargo build --release --features serve` (or run `cargo run --release --features serve -- serve`)",
    ))
}
