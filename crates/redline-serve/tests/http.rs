//! The explorer's HTTP API on a real socket: answers, located errors,
//! limits, path confinement and security headers.

mod common;

use common::{get, raw, shipped, start, temp_dir};
use redline_serve::Config;
use std::net::SocketAddr;
use std::sync::OnceLock;

/// One server for the tests that need no folder or special limits.
fn server() -> SocketAddr {
    static ADDRESS: OnceLock<SocketAddr> = OnceLock::new();
    *ADDRESS.get_or_init(|| start(Config::default()))
}

#[test]
fn the_page_and_its_files_come_from_this_origin_under_a_strict_policy() {
    let address = server();
    let page = get(address, "/");
    assert_eq!(page.status, 200);
    assert!(
        page.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    let policy = page.header("content-security-policy").unwrap();
    assert!(policy.contains("default-src 'none'"), "{policy}");
    assert!(policy.contains("script-src 'self'"), "{policy}");
    assert!(!policy.contains("unsafe"), "{policy}");
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    // Every file the page names is one of this origin's: no scheme, no host.
    for attribute in ["src=\"", "href=\""] {
        for part in page.body.split(attribute).skip(1) {
            let target = &part[..part.find('"').unwrap()];
            assert!(target.starts_with('/'), "{attribute}{target}");
            assert!(!target.starts_with("//"), "{attribute}{target}");
        }
    }
    for file in ["/explorer.js", "/explorer.css", "/favicon.svg"] {
        let answer = get(address, file);
        assert_eq!(answer.status, 200, "{file}");
        // (The SVG's XML namespace is a name, not an address fetched.)
        let body = answer
            .body
            .replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assert!(
            !body.contains("http://") && !body.contains("https://"),
            "{file} names another origin"
        );
        assert!(answer.header("content-security-policy").is_some(), "{file}");
    }
}

#[test]
fn the_forecast_answers_with_the_command_lines_json_and_charts() {
    let address = server();
    let answer = get(
        address,
        "/api/forecast?runs=2000&seed=7&compare=grit&set=leader.red_line%3Dabsolute&assume=israeli_strike%402025-05-01",
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    let value = answer.json();
    let forecast = &value["forecast"];
    assert_eq!(forecast["runs"], 2000);
    assert_eq!(forecast["seed"], 7);
    assert_eq!(forecast["meta"]["set"][0], "leader.red_line=absolute");
    assert_eq!(forecast["meta"]["assume"][0], "israeli_strike@2025-05-01");
    assert_eq!(forecast["comparison"][0]["strategy"], "grit");
    // The assumed strike happens in every run.
    let strike = forecast["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "israeli_strike")
        .unwrap();
    assert_eq!(strike["probability"], 1.0);
    assert!(
        value["charts"]["cumulative"]
            .as_str()
            .unwrap()
            .starts_with("<svg")
    );
    assert!(
        value["charts"]["strategies"]
            .as_str()
            .unwrap()
            .starts_with("<svg")
    );
    assert_eq!(
        value["command"],
        "redline forecast iran-2025-02-07 --set leader.red_line=absolute --assume israeli_strike@2025-05-01 --compare grit --runs 2000 --seed 7"
    );
    assert!(!value["storylines"].as_array().unwrap().is_empty());
}

#[test]
fn the_scenario_describes_every_parameter_with_its_kind() {
    let value = get(server(), "/api/scenario?set=snapback.enabled%3Dfalse").json();
    let parameters = value["parameters"].as_array().unwrap();
    let flagship = redline_scenarios::load_shipped("iran-2025-02-07", &[]).unwrap();
    assert_eq!(parameters.len(), flagship.parameters.len());
    let find = |key: &str| parameters.iter().find(|p| p["key"] == key).unwrap();
    assert_eq!(find("leader.firmness")["kind"], "distribution");
    assert_eq!(find("leader.red_line")["kind"], "choice");
    assert!(
        find("leader.red_line")["options"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o == "absolute")
    );
    assert_eq!(find("snapback.enabled")["kind"], "switch");
    assert_eq!(find("snapback.enabled")["overridden"], true);
    assert_eq!(find("snapback.enabled")["value"], "false");
    for p in parameters {
        assert!(p["source"].is_string(), "{} has no source", p["key"]);
    }
    let strategies = value["strategies"].as_array().unwrap();
    assert!(strategies.iter().any(|s| s == "grit"));
}

#[test]
fn a_bad_value_is_a_400_with_the_command_lines_located_message() {
    let address = server();
    let set = "leader.firmness=7";
    let answer = get(address, "/api/forecast?set=leader.firmness%3D7");
    assert_eq!(answer.status, 400);
    // The message the command line prints for the same --set, made by the
    // loader and the model directly.
    let scenario = redline_scenarios::load_shipped("iran-2025-02-07", &[set.to_string()]);
    let expected = match scenario {
        Err(e) => e,
        Ok(mut s) => {
            redline_scenarios::lay_fitted(&mut s).unwrap();
            redline_crisis::CrisisModel::new(s).unwrap_err()
        }
    };
    let error = &answer.json()["error"];
    assert_eq!(error["message"], expected.to_string());
    assert_eq!(error["key"], "leader.firmness");
    assert!(error["line"].is_number());

    let unknown = get(address, "/api/forecast?set=leader.firmnes%3D0.3").json();
    assert_eq!(unknown["error"]["hint"], "did you mean `leader.firmness`?");
    let strategy = get(address, "/api/forecast?compare=grot");
    assert_eq!(strategy.status, 400);
    assert!(
        strategy.body.contains("did you mean `grit`?"),
        "{}",
        strategy.body
    );
    let assume = get(address, "/api/forecast?assume=israeli_strike%401999-01-01");
    assert_eq!(assume.status, 400, "{}", assume.body);
    let key = get(address, "/api/forecast?runz=5");
    assert_eq!(key.status, 400);
    assert_eq!(key.json()["error"]["origin"], "runz");
}

#[test]
fn another_host_name_or_site_is_refused() {
    let address = server();
    let port = address.port();
    let ask = |headers: &str, target: &str| {
        raw(
            address,
            format!("GET {target} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n").as_bytes(),
        )
        .status
    };
    // DNS rebinding: another name that resolves to 127.0.0.1.
    assert_eq!(ask("Host: evil.example\r\n", "/api/scenarios"), 403);
    assert_eq!(ask(&format!("Host: evil.example:{port}\r\n"), "/"), 403);
    assert_eq!(
        ask(&format!("Host: localhost:{port}\r\n"), "/api/scenarios"),
        200
    );
    // A page of another site calling the API.
    let host = format!("Host: 127.0.0.1:{port}\r\n");
    assert_eq!(
        ask(
            &format!("{host}Sec-Fetch-Site: cross-site\r\n"),
            "/api/forecast?runs=10"
        ),
        403
    );
    assert_eq!(
        ask(
            &format!("{host}Origin: http://evil.example\r\n"),
            "/download/forecast.json?runs=10"
        ),
        403
    );
    assert_eq!(
        ask(
            &format!("{host}Origin: http://127.0.0.1:{port}\r\n"),
            "/api/forecast?runs=10"
        ),
        200
    );
    assert_eq!(
        ask(
            &format!("{host}Sec-Fetch-Site: same-origin\r\n"),
            "/api/forecast?runs=10"
        ),
        200
    );
    // A link to the page itself may come from anywhere.
    assert_eq!(
        ask(&format!("{host}Sec-Fetch-Site: cross-site\r\n"), "/"),
        200
    );
    assert_eq!(
        get(address, "/").header("cross-origin-resource-policy"),
        Some("same-origin")
    );
}

#[test]
fn runs_queries_and_bodies_are_capped() {
    let address = server();
    assert_eq!(get(address, "/api/forecast?runs=200001").status, 400);
    assert_eq!(get(address, "/api/forecast?runs=0").status, 400);
    assert_eq!(get(address, "/api/tornado?samples=9").status, 400);
    assert_eq!(
        get(address, "/api/tornado?sensitivity_runs=401").status,
        400
    );
    let long = format!("/api/forecast?set=a%3D{}", "x".repeat(20_000));
    assert_eq!(get(address, &long).status, 414);
    let body = format!(
        "GET /api/scenarios HTTP/1.1\r\nHost: {address}\r\nContent-Length: 1000000\r\nConnection: close\r\n\r\n"
    );
    assert_eq!(raw(address, body.as_bytes()).status, 413);
    let post = format!(
        "POST /api/forecast HTTP/1.1\r\nHost: {address}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
    );
    assert_eq!(raw(address, post.as_bytes()).status, 405);
}

#[test]
fn nothing_outside_the_scenario_folder_is_read() {
    let root = temp_dir("confine");
    let folder = root.join("mine");
    std::fs::create_dir_all(&folder).unwrap();
    // A scenario of the user's: a shipped case under another name (it
    // extends the shared files, which resolve to the embedded copies).
    std::fs::copy(shipped("iran-2018-05-08.toml"), folder.join("my-case.toml")).unwrap();
    // Beside the folder, a file that must never be read: a valid copy of
    // the shared parameters with a marker in a source.
    let shared = std::fs::read_to_string(shipped("shared/parameters.toml")).unwrap();
    let marked = shared.replacen("source = \"", "source = \"SECRET-MARKER ", 1);
    assert_ne!(marked, shared);
    std::fs::write(root.join("parameters.toml"), &marked).unwrap();
    // A scenario of the folder that extends it (its Iran layer copied in,
    // which extends `../parameters.toml`), and a link to it.
    let iran = std::fs::read_to_string(shipped("shared/iran.toml")).unwrap();
    let sneaky_iran = iran.replace(
        "extends = \"parameters.toml\"",
        "extends = \"../parameters.toml\"",
    );
    assert_ne!(
        sneaky_iran, iran,
        "shared/iran.toml extends parameters.toml"
    );
    std::fs::write(folder.join("iran-layer.toml"), sneaky_iran).unwrap();
    let sneaky = std::fs::read_to_string(shipped("iran-2018-05-08.toml"))
        .unwrap()
        .replace(
            "extends = \"shared/iran.toml\"",
            "extends = \"iran-layer.toml\"",
        );
    assert!(
        sneaky.contains("iran-layer.toml"),
        "the case extends shared/iran.toml"
    );
    std::fs::write(folder.join("sneaky.toml"), sneaky).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("parameters.toml"), folder.join("link.toml")).unwrap();

    let address = start(Config {
        scenarios: Some(folder.clone()),
        ..Config::default()
    });
    let listing = get(address, "/api/scenarios");
    assert!(!listing.body.contains("SECRET-MARKER"), "{}", listing.body);
    let ids: Vec<String> = listing.json()["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    assert!(ids.contains(&"my-case".to_string()), "{ids:?}");
    assert!(!ids.contains(&"link".to_string()), "{ids:?}");

    let mine = get(address, "/api/forecast?scenario=my-case&runs=500");
    assert_eq!(mine.status, 200, "{}", mine.body);
    assert!(
        mine.json()["command"]
            .as_str()
            .unwrap()
            .contains("my-case.toml")
    );
    // The scenario that extends a file outside the folder, and the link to
    // one, are refused for that reason (not run on the shipped copies).
    for name in ["sneaky", "link"] {
        for call in ["forecast", "scenario"] {
            let answer = get(address, &format!("/api/{call}?scenario={name}&runs=100"));
            assert_eq!(answer.status, 400, "{call} {name}: {}", answer.body);
            assert!(
                answer.body.contains("outside the scenario folder"),
                "{call} {name}: {}",
                answer.body
            );
            assert!(!answer.body.contains("SECRET-MARKER"), "{}", answer.body);
        }
    }
    let skipped = listing.json()["skipped"].clone();
    let reason = |file: &str| {
        skipped
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["file"] == file)
            .map(|s| s["reason"].as_str().unwrap().to_string())
            .unwrap_or_default()
    };
    assert!(
        reason("sneaky.toml").contains("outside the scenario folder"),
        "{skipped}"
    );
    assert!(
        reason("link.toml").contains("outside the scenario folder"),
        "{skipped}"
    );
    for target in [
        "/api/forecast?scenario=..%2Fparameters&runs=100",
        "/api/forecast?scenario=..&runs=100",
        "/api/forecast?scenario=%2Fetc%2Fpasswd&runs=100",
        "/api/scenario?scenario=..%2F..%2Fparameters",
        "/../parameters.toml",
        "/%2e%2e/parameters.toml",
        "/explorer.js/../../parameters.toml",
    ] {
        let answer = get(address, target);
        assert!(answer.status >= 400, "{target}: {}", answer.status);
        assert!(
            !answer.body.contains("SECRET-MARKER"),
            "{target}: {}",
            answer.body
        );
    }
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_full_queue_is_a_503_not_a_wait() {
    let address = start(Config {
        jobs: 1,
        queue: 0,
        threads: 1,
        ..Config::default()
    });
    // The largest forecast on one thread keeps the only slot busy for a while.
    let slow = std::thread::spawn(move || get(address, "/api/forecast?runs=200000"));
    std::thread::sleep(std::time::Duration::from_millis(800));
    let refused = get(address, "/api/forecast?runs=100");
    assert_eq!(refused.status, 503, "{}", refused.body);
    assert_eq!(refused.header("retry-after"), Some("1"));
    assert_eq!(slow.join().unwrap().status, 200);
    // The slot is free again.
    assert_eq!(get(address, "/api/forecast?runs=100").status, 200);
}

#[test]
fn trace_tornado_and_downloads_answer() {
    let address = server();
    let trace = get(address, "/api/trace?run=3&runs=1000").json();
    assert!(trace["text"].as_str().unwrap().contains("week"));
    assert_eq!(
        trace["command"],
        "redline trace iran-2025-02-07 --run 3 --seed 42"
    );
    let tornado = get(
        address,
        "/api/tornado?outcome=war&samples=2&sensitivity_runs=50",
    )
    .json();
    assert!(tornado["chart"].as_str().unwrap().starts_with("<svg"));
    assert!(!tornado["rows"].as_array().unwrap().is_empty());
    let bad = get(address, "/api/tornado?outcome=wor");
    assert_eq!(bad.json()["error"]["hint"], "did you mean `war`?");

    let json = get(address, "/download/forecast.json?runs=1000");
    assert!(
        json.header("content-disposition")
            .unwrap()
            .contains("forecast.json")
    );
    let csv = get(
        address,
        "/download/forecast.csv?runs=1000&set=snapback.enabled%3Dfalse",
    );
    let mut lines = csv.body.lines();
    let meta = lines.next().unwrap().strip_prefix("# meta: ").unwrap();
    let meta: serde_json::Value = serde_json::from_str(meta).unwrap();
    assert_eq!(meta["set"][0], "snapback.enabled=false");
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("# command: redline forecast")
    );
    assert!(lines.next().unwrap().contains("probability"));
    let report = get(
        address,
        "/download/report.html?runs=1000&samples=1&sensitivity_runs=20",
    );
    assert_eq!(report.status, 200);
    assert!(report.body.starts_with("<!DOCTYPE html>"));
    assert_eq!(get(address, "/nowhere").status, 404);
}
