//! `redline serve`: the explorer's downloads are the command line's own
//! outputs, byte for byte (in builds with the `serve` feature); without the
//! feature the command says how to build it.

#[cfg(not(feature = "serve"))]
#[test]
fn a_build_without_the_explorer_says_how_to_build_it() {
    use crate::util::{self, stderr};
    let out = util::redline(None, &["serve", "--port", "0"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--features serve"),
        "{}",
        stderr(&out)
    );
}

#[cfg(feature = "serve")]
mod live {
    use crate::util::{self, stderr, stdout};
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpStream;
    use std::process::{Child, Command, Stdio};

    /// A running `redline serve --port 0 ARGS`, stopped when dropped.
    struct Served {
        child: Child,
        address: String,
    }

    impl Drop for Served {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    fn serve(args: &[&str]) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_redline"))
            .args(["serve", "--port", "0"])
            .args(args)
            .env_clear()
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the address line");
        let address = line
            .trim()
            .strip_prefix("redline explorer: http://")
            .and_then(|a| a.strip_suffix('/'))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        Served { child, address }
    }

    /// `GET target`: (status, body).
    fn get(address: &str, target: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(address).expect("connect");
        write!(
            stream,
            "GET {target} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
        )
        .expect("send");
        let mut text = String::new();
        stream.read_to_string(&mut text).expect("read");
        let (head, body) = text.split_once("\r\n\r\n").expect("a head");
        assert!(
            !head
                .to_ascii_lowercase()
                .contains("transfer-encoding: chunked")
        );
        let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        (status, body.to_string())
    }

    #[test]
    fn the_explorers_downloads_are_the_command_lines_bytes() {
        let server = serve(&[]);
        let query = "scenario=iran-2025-02-07&set=leader.red_line%3Dabsolute&assume=israeli_strike%402025-05-01&compare=grit%2Ctit-for-tat&runs=3000&seed=11";
        let args = [
            "iran-2025-02-07",
            "--set",
            "leader.red_line=absolute",
            "--assume",
            "israeli_strike@2025-05-01",
            "--compare",
            "grit,tit-for-tat",
            "--runs",
            "3000",
            "--seed",
            "11",
        ];
        let (status, json) = get(&server.address, &format!("/download/forecast.json?{query}"));
        assert_eq!(status, 200, "{json}");
        let mut forecast = vec!["forecast", "--format", "json"];
        forecast.extend(args);
        let cli = util::redline(None, &forecast);
        assert!(cli.status.success(), "{}", stderr(&cli));
        assert_eq!(json, stdout(&cli));

        let (_, csv) = get(&server.address, &format!("/download/forecast.csv?{query}"));
        let mut forecast = vec!["forecast", "--format", "csv"];
        forecast.extend(args);
        let table: String = csv
            .lines()
            .skip_while(|l| l.starts_with('#'))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(table, stdout(&util::redline(None, &forecast)));

        let dir = util::temp_dir("serve", "report");
        let out = dir.join("report.html");
        let mut report = vec![
            "report",
            "--sensitivity-samples",
            "1",
            "--sensitivity-runs",
            "20",
            "--out",
            out.to_str().unwrap(),
        ];
        report.extend(args);
        let cli = util::redline(None, &report);
        assert!(cli.status.success(), "{}", stderr(&cli));
        let (_, page) = get(
            &server.address,
            &format!("/download/report.html?{query}&samples=1&sensitivity_runs=20"),
        );
        assert_eq!(page, std::fs::read_to_string(&out).unwrap());
    }

    #[test]
    fn a_bad_value_gets_the_message_the_command_line_prints() {
        let server = serve(&[]);
        let (status, body) = get(&server.address, "/api/forecast?set=leader.firmness%3D7");
        assert_eq!(status, 400);
        let cli = util::redline(None, &["forecast", "--set", "leader.firmness=7"]);
        assert_eq!(cli.status.code(), Some(2));
        let message = stderr(&cli)
            .trim_end()
            .strip_prefix("redline: error: ")
            .expect("the CLI's error line")
            .to_string();
        let error: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(error["error"]["message"], message);
    }

    #[test]
    fn binding_beyond_loopback_warns_and_a_missing_folder_is_bad_input() {
        let mut open = serve(&["--host", "0.0.0.0"]);
        let _ = open.child.kill();
        let mut warning = String::new();
        open.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut warning)
            .unwrap();
        assert!(
            warning.contains("reachable from other machines"),
            "{warning}"
        );

        let out = util::redline(
            None,
            &["serve", "--port", "0", "--scenarios", "/no/such/folder"],
        );
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("/no/such/folder"), "{}", stderr(&out));
    }
}
