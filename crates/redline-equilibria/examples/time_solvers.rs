//! Times one solver on Gambit files, in process (the file already read and
//! parsed, as pygambit's solver calls are timed): for each file, the best
//! wall time of `REPEAT` runs (default 3) and the number of equilibria.
//! Used by scripts/gambit_bench.py; not a test.
//!
//! Usage: `time_solvers METHOD FILE...` with METHOD one of `lcp1` (first
//! Lemke–Howson equilibrium), `enummixed`, or `lcp-seq` (Lemke on the
//! sequence form of an .efg). Prints `FILE SECONDS EQUILIBRIA` per file.

use redline_equilibria::efg::parse_efg;
use redline_equilibria::nfg::parse_nfg;
use redline_equilibria::sequence::lemke_sequence;
use redline_equilibria::solve::{enummixed, lemke_howson};
use std::time::Instant;

fn main() {
    let repeat: usize = std::env::var("REPEAT")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let mut args = std::env::args().skip(1);
    let Some(method) = args.next() else {
        eprintln!("usage: time_solvers lcp1|enummixed|lcp-seq FILE...");
        std::process::exit(2);
    };
    for path in args {
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{path}: {e}");
                std::process::exit(2);
            }
        };
        let solve: Box<dyn Fn() -> usize> = match method.as_str() {
            "lcp1" | "enummixed" => {
                let game = match parse_nfg(&path, &text) {
                    Ok(g) => g,
                    Err(e) => {
                        eprintln!("{e}");
                        std::process::exit(2);
                    }
                };
                if method == "lcp1" {
                    Box::new(move || lemke_howson(&game, 1).map_or(0, |e| e.len()))
                } else {
                    Box::new(move || enummixed(&game).map_or(0, |e| e.len()))
                }
            }
            "lcp-seq" => {
                let game = match parse_efg(&path, &text) {
                    Ok(g) => g,
                    Err(e) => {
                        eprintln!("{e}");
                        std::process::exit(2);
                    }
                };
                Box::new(move || lemke_sequence(&game).map_or(0, |e| usize::from(e.is_some())))
            }
            other => {
                eprintln!("unknown method `{other}`: use lcp1, enummixed or lcp-seq");
                std::process::exit(2);
            }
        };
        let mut best = f64::INFINITY;
        let mut found = 0;
        for _ in 0..repeat.max(1) {
            let start = Instant::now();
            found = solve();
            best = best.min(start.elapsed().as_secs_f64());
        }
        println!("{path} {best:.6} {found}");
    }
}
