//! # redline-serve
//!
//! `redline serve`: a local web server and one page to ask a crisis
//! scenario what-if questions. The page (`assets/`, committed, written by
//! hand: no JavaScript toolchain, nothing fetched from the network) draws a
//! control for every parameter, strategy and assumption, asks the API for
//! the forecast as JSON, and keeps its whole state in its address, which is
//! therefore the permalink.
//!
//! - [`question`]: the query string every call carries (the CLI's flags by
//!   the same names), parsed and limited.
//! - [`catalog`]: the shipped scenarios and those in `--scenarios DIR`, read
//!   through a reader that refuses every path outside DIR.
//! - [`api`]: what each call computes, as functions of those two, returning
//!   the command line's own outputs (`redline_report`).
//! - this module: routing, limits (query and body size, runs, concurrent
//!   jobs with a bounded queue), security headers (a Content-Security-Policy
//!   that allows nothing but this origin), and the server's start.
//!
//! A bad question is a 400 whose JSON carries the command line's located
//! message (`error.message`) and its parts (file, line, column, key, hint).

pub mod api;
mod assets;
pub mod catalog;
pub mod question;

use axum::Router;
use axum::extract::{RawQuery, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use catalog::Catalog;
use question::{BadQuestion, Limits, Question};
use redline_core::InputError;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The Content-Security-Policy of every response: scripts, styles, images
/// and requests from this origin only; no plugins, frames or inline script.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The longest query string accepted (a question with hundreds of
/// overrides is a few KiB).
pub const MAX_QUERY_BYTES: usize = 16 << 10;

/// The largest request body accepted (the API reads none; the cap keeps a
/// client from sending one).
pub const MAX_BODY_BYTES: u64 = 16 << 10;

/// How the server is set up.
#[derive(Clone, Debug)]
pub struct Config {
    /// Address to bind (127.0.0.1 unless the user says otherwise).
    pub host: IpAddr,
    /// Port (0: any free one).
    pub port: u16,
    /// The folder of the user's scenarios, if any.
    pub scenarios: Option<PathBuf>,
    /// Limits on each question.
    pub limits: Limits,
    /// Forecasts computed at once; the others wait in the queue.
    pub jobs: usize,
    /// Requests that may wait for a job slot (beyond those computing)
    /// before the server answers 503.
    pub queue: usize,
    /// Worker threads of each forecast.
    pub threads: usize,
}

impl Default for Config {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Config {
            host: IpAddr::from([127, 0, 0, 1]),
            port: 8080,
            scenarios: None,
            limits: Limits::default(),
            jobs: cores,
            queue: 256,
            threads: cores,
        }
    }
}

/// What every handler shares.
struct AppState {
    /// The Host headers accepted (`None`: any, when bound beyond loopback).
    hosts: Option<Vec<String>>,
    context: api::Context,
    limits: Limits,
    jobs: Arc<tokio::sync::Semaphore>,
    jobs_max: usize,
    admitted: AtomicUsize,
    queue: usize,
}

/// A bound server, ready to run.
pub struct Server {
    runtime: tokio::runtime::Runtime,
    listener: tokio::net::TcpListener,
    app: Router,
}

impl Server {
    /// Reads the catalogue and binds the address (an error says which
    /// problem: the folder, or the port).
    pub fn bind(config: Config) -> std::io::Result<Server> {
        let catalog = Catalog::new(config.scenarios.as_deref())?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_io()
            .enable_time()
            .build()?;
        let address = SocketAddr::new(config.host, config.port);
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind(address))
            .map_err(|e| {
                std::io::Error::new(e.kind(), format!("cannot listen on {address}: {e}"))
            })?;
        let port = listener.local_addr()?.port();
        // On loopback, only requests addressed to loopback by name: a page
        // elsewhere that rebinds its own name to 127.0.0.1 (DNS rebinding)
        // sends its own name as Host and is refused.
        let hosts = config.host.is_loopback().then(|| {
            vec![
                format!("127.0.0.1:{port}"),
                format!("localhost:{port}"),
                format!("[::1]:{port}"),
                SocketAddr::new(config.host, port).to_string(),
            ]
        });
        let state = Arc::new(AppState {
            hosts,
            context: api::Context::new(catalog, config.threads),
            limits: config.limits,
            jobs: Arc::new(tokio::sync::Semaphore::new(config.jobs.max(1))),
            jobs_max: config.jobs.max(1),
            admitted: AtomicUsize::new(0),
            queue: config.queue,
        });
        Ok(Server {
            runtime,
            listener,
            app: router(state),
        })
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until the process ends.
    pub fn run(self) -> std::io::Result<()> {
        let Server {
            runtime,
            listener,
            app,
        } = self;
        runtime.block_on(async move { axum::serve(listener, app).await })
    }
}

fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(assets::index))
        .route("/explorer.js", get(assets::script))
        .route("/explorer.css", get(assets::style))
        .route("/favicon.svg", get(assets::icon))
        .route("/api/scenarios", get(scenarios))
        .route("/api/scenario", get(scenario))
        .route("/api/forecast", get(forecast))
        .route("/api/trace", get(trace))
        .route("/api/tornado", get(tornado))
        .route("/download/{file}", get(download))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(Arc::clone(&state), guard))
        .with_state(state)
}

/// What [`guard`] reads of a request before passing it on (owned, so that
/// no borrow of the request lives across the handler's await).
struct Screen {
    /// The query string's length.
    query: usize,
    /// The Host header.
    host: String,
    /// Whether the Host is not one of `hosts`.
    foreign_host: bool,
    /// Whether the path is an API call or a download.
    api: bool,
    /// Whether the browser says the request comes from another site.
    cross_site: bool,
    /// Whether an Origin header names another origin.
    foreign_origin: bool,
    /// The declared body length.
    body: Option<u64>,
    /// Whether the body is chunked (of unknown length).
    chunked: bool,
}

impl Screen {
    fn of(request: &Request, hosts: Option<&[String]>) -> Screen {
        let text = |name| {
            request
                .headers()
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
                .map(str::to_string)
        };
        let host = text(header::HOST).unwrap_or_default();
        let foreign_host = hosts.is_some_and(|hosts| !hosts.contains(&host));
        let path = request.uri().path();
        // A browser says where a request comes from: the API answers this
        // origin's page only (a link to the page itself may come from anywhere).
        let cross_site = text(header::HeaderName::from_static("sec-fetch-site"))
            .is_some_and(|site| site == "cross-site" || site == "same-site");
        let foreign_origin = text(header::ORIGIN).is_some_and(|origin| {
            origin
                .strip_prefix("http://")
                .is_none_or(|o| o != host || foreign_host)
        });
        Screen {
            query: request.uri().query().map_or(0, str::len),
            foreign_host,
            api: path.starts_with("/api/") || path.starts_with("/download/"),
            cross_site,
            foreign_origin,
            body: text(header::CONTENT_LENGTH).and_then(|v| v.parse().ok()),
            chunked: request.headers().contains_key(header::TRANSFER_ENCODING),
            host,
        }
    }
}

/// Refuses requests addressed to another host name, API calls from another
/// site, over-long queries and request bodies, and puts the security headers
/// on every response.
async fn guard(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let Screen {
        query,
        host,
        foreign_host,
        api,
        cross_site,
        foreign_origin,
        body,
        chunked,
    } = Screen::of(&request, state.hosts.as_deref());
    let mut response = if foreign_host {
        problem(
            StatusCode::FORBIDDEN,
            "host",
            format!("`{host}` is not this server's address; open it as http://127.0.0.1:PORT/"),
        )
    } else if api && (cross_site || foreign_origin) {
        problem(
            StatusCode::FORBIDDEN,
            "origin",
            "the explorer's API answers its own page only".to_string(),
        )
    } else if query > MAX_QUERY_BYTES {
        problem(
            StatusCode::URI_TOO_LONG,
            "query",
            format!("the query is {query} bytes; at most {MAX_QUERY_BYTES}"),
        )
    } else if chunked || body.is_some_and(|n| n > MAX_BODY_BYTES) {
        problem(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body",
            format!(
                "the explorer reads no request body; at most {MAX_BODY_BYTES} bytes are accepted"
            ),
        )
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::HeaderName::from_static("cross-origin-resource-policy"),
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

/// A JSON error response: `{"error": {"message", "origin", "line", "column", "key", "hint"}}`.
fn problem(status: StatusCode, origin: &str, message: String) -> Response {
    located(status, &InputError::new(origin, message))
}

fn located(status: StatusCode, error: &InputError) -> Response {
    let body = serde_json::json!({
        "error": {
            "message": error.to_string(),
            "origin": error.origin,
            "line": error.line,
            "column": error.column,
            "key": error.key,
            "hint": error.hint,
        }
    });
    (status, json_response(&body)).into_response()
}

fn json_response(value: &serde_json::Value) -> Response {
    let text = serde_json::to_string(value).unwrap_or_default();
    ([(header::CONTENT_TYPE, "application/json")], text).into_response()
}

async fn not_found() -> Response {
    problem(StatusCode::NOT_FOUND, "path", "no such page".to_string())
}

/// Counts a request out of the admitted ones when it ends, however it ends
/// (a client that hangs up drops the handler's future).
struct Admission<'a>(&'a AtomicUsize);

impl Drop for Admission<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// What a job returns: a JSON value, or a file to download.
enum Reply {
    Json(serde_json::Value),
    File {
        name: &'static str,
        content_type: &'static str,
        text: String,
    },
}

/// Parses the question, waits for a job slot (503 when the queue is full),
/// and computes `work` on a blocking thread: a bad question or scenario is
/// a 400 with its located message.
async fn job(
    state: Arc<AppState>,
    query: Option<String>,
    work: impl FnOnce(&api::Context, &Question) -> Result<Reply, InputError> + Send + 'static,
) -> Response {
    let question = match Question::parse(query.as_deref().unwrap_or(""), &state.limits) {
        Ok(q) => q,
        Err(BadQuestion { key, message }) => {
            return problem(StatusCode::BAD_REQUEST, &key, message);
        }
    };
    // Admitted: computing or waiting for a slot. Beyond the slots and the
    // queue, the answer is 503 at once rather than a wait without end.
    let room = state.jobs_max + state.queue;
    let admitted = state
        .admitted
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
            (n < room).then_some(n + 1)
        });
    if admitted.is_err() {
        let mut busy = problem(
            StatusCode::SERVICE_UNAVAILABLE,
            "server",
            "too many questions are waiting; try again in a moment".to_string(),
        );
        busy.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return busy;
    }
    let _admission = Admission(&state.admitted);
    let Ok(permit) = Arc::clone(&state.jobs).acquire_owned().await else {
        return problem(
            StatusCode::SERVICE_UNAVAILABLE,
            "server",
            "the server is stopping".to_string(),
        );
    };
    let shared = Arc::clone(&state);
    // The slot goes with the computation: a client that hangs up ends this
    // handler, not the computation, which keeps its slot until it is done.
    let done = tokio::task::spawn_blocking(move || {
        let _slot = permit;
        work(&shared.context, &question)
    })
    .await;
    match done {
        Ok(Ok(Reply::Json(value))) => json_response(&value),
        Ok(Ok(Reply::File {
            name,
            content_type,
            text,
        })) => (
            [
                (header::CONTENT_TYPE, content_type.to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
            ],
            text,
        )
            .into_response(),
        Ok(Err(error)) => located(StatusCode::BAD_REQUEST, &error),
        Err(e) => problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server",
            format!("the computation failed: {e}"),
        ),
    }
}

async fn scenarios(State(state): State<Arc<AppState>>, RawQuery(query): RawQuery) -> Response {
    // Listing reads every file of the folder: a job like the others.
    job(state, query, |c, _| {
        Ok(Reply::Json(api::scenarios(&c.catalog)))
    })
    .await
}

async fn scenario(State(state): State<Arc<AppState>>, RawQuery(query): RawQuery) -> Response {
    job(state, query, |c, q| api::scenario(c, q).map(Reply::Json)).await
}

async fn forecast(State(state): State<Arc<AppState>>, RawQuery(query): RawQuery) -> Response {
    job(state, query, |c, q| api::forecast(c, q).map(Reply::Json)).await
}

async fn trace(State(state): State<Arc<AppState>>, RawQuery(query): RawQuery) -> Response {
    job(state, query, |c, q| api::trace(c, q).map(Reply::Json)).await
}

async fn tornado(State(state): State<Arc<AppState>>, RawQuery(query): RawQuery) -> Response {
    job(state, query, |c, q| api::tornado(c, q).map(Reply::Json)).await
}

/// A download: its file name, its type, and what makes it.
type Download = (
    &'static str,
    &'static str,
    fn(&api::Context, &Question) -> Result<String, InputError>,
);

/// What `/download/{file}` serves: the command line's outputs.
const DOWNLOADS: [Download; 3] = [
    ("forecast.json", "application/json", api::forecast_json),
    ("forecast.csv", "text/csv; charset=utf-8", api::forecast_csv),
    ("report.html", "text/html; charset=utf-8", api::report_html),
];

async fn download(
    State(state): State<Arc<AppState>>,
    axum::extract::Path(file): axum::extract::Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let Some(&(name, content_type, make)) = DOWNLOADS.iter().find(|d| d.0 == file) else {
        return not_found().await;
    };
    job(state, query, move |c, q| {
        make(c, q).map(|text| Reply::File {
            name,
            content_type,
            text,
        })
    })
    .await
}
