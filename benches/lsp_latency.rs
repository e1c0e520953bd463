//! End-to-end latency of the real `bientap lsp` binary over stdio, driven
//! like an editor: initialize (UTF-16), open a generated article, type 1,000
//! single-character edits at random places (incremental `didChange`,
//! versions increasing), hover, request semantic tokens.
//!
//! `cargo bench --bench lsp_latency` (builds the release binary first).
//! Environment:
//! - `BIENTAP_BIN`: server binary (default: the one cargo just built)
//! - `BIENTAP_LAT_SIZES`: e.g. `10KB,100KB,1MB` (the default)
//! - `BIENTAP_LAT_EDITS`: edits per typing run (1000)
//! - `BIENTAP_LAT_PACE_MS`: pause between paced edits, `lo-hi` ms (`30-50`)
//! - `BIENTAP_LAT_COLD`: cold starts per size (5)
//! - `BIENTAP_LAT_HOVERS`: settled hovers per size (200)
//! - `BIENTAP_LAT_TOKENS`: settled semanticTokens/full requests (20)
//! - `BIENTAP_LAT_AFTER_EDIT`: hovers sent right after an edit (30 at a
//!   random place, and 30 where the edit was)
//! - `BIENTAP_LAT_COMPLETE`: single edits timed to their complete
//!   (full-analysis) diagnostics (10)
//! - `BIENTAP_LAT_SERVER_LOG`: file the servers log to, appended, at debug level
//!   (which path each version took; off by default)
//! - `BIENTAP_LAT_TRACE`: file for every keystroke's version and latency
//!
//! The server keeps only the latest version when edits queue up, so a
//! keystroke's latency is "edit sent → first publishDiagnostics for that
//! version or a later one". That first publish is usually the server's
//! quick re-check of the edited blocks (`analysis::quick`); the full
//! analysis follows, timed separately ("complete diagnostics"). Times are taken when a message's bytes arrive,
//! before JSON parsing. Output: a table, then one line of JSON prefixed
//! with `LSP_LATENCY_JSON ` for scripts.
//!
//! `lsp_latency --dump DIR` writes the generated documents and exits.

mod common;

use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{KB, MB, Rng, generate, size_label};
use serde_json::{Value, json};

const URI: &str = "file:///bench/bai-viet.article";
const WAIT: Duration = Duration::from_secs(600);

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

fn parse_size(s: &str) -> Option<usize> {
    let s = s.trim().to_ascii_uppercase();
    if let Some(n) = s.strip_suffix("MB") {
        n.parse::<usize>().ok().map(|n| n * MB)
    } else if let Some(n) = s.strip_suffix("KB") {
        n.parse::<usize>().ok().map(|n| n * KB)
    } else {
        s.parse().ok()
    }
}

/// An incoming message and when its last byte arrived.
struct Incoming {
    at: Instant,
    msg: Value,
}

struct Server {
    child: Child,
    stdin: Arc<Mutex<BufWriter<ChildStdin>>>,
    rx: Receiver<Incoming>,
    next_id: i64,
    /// (arrival, version) of every publishDiagnostics for `URI`, and its size.
    diagnostics: Vec<(Instant, i64, usize)>,
    log_messages: Vec<String>,
}

fn write_msg(w: &Mutex<BufWriter<ChildStdin>>, msg: &Value) {
    let body = msg.to_string();
    let mut w = w.lock().unwrap();
    write!(w, "Content-Length: {}\r\n\r\n{}", body.len(), body).unwrap();
    w.flush().unwrap();
}

fn reader(
    stdout: impl Read,
    tx: std::sync::mpsc::Sender<Incoming>,
    stdin: Arc<Mutex<BufWriter<ChildStdin>>>,
) {
    let mut r = BufReader::with_capacity(1 << 20, stdout);
    loop {
        let mut length = None;
        loop {
            let mut line = String::new();
            match r.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length:") {
                length = v.trim().parse::<usize>().ok();
            }
        }
        let Some(len) = length else { return };
        let mut body = vec![0; len];
        if r.read_exact(&mut body).is_err() {
            return;
        }
        let at = Instant::now();
        let Ok(msg) = serde_json::from_slice::<Value>(&body) else {
            continue;
        };
        if msg.get("method").is_some() && msg.get("id").is_some() {
            // A server request: answer null (none is expected).
            write_msg(
                &stdin,
                &json!({"jsonrpc": "2.0", "id": msg["id"], "result": null}),
            );
            continue;
        }
        if tx.send(Incoming { at, msg }).is_err() {
            return;
        }
    }
}

impl Server {
    fn spawn(bin: &str) -> Server {
        let log = std::env::var("BIENTAP_LAT_SERVER_LOG").ok().and_then(|p| {
            // Appended to: one log for every server the run starts.
            std::fs::File::options()
                .create(true)
                .append(true)
                .open(p)
                .ok()
        });
        let mut child = Command::new(bin)
            .arg("lsp")
            .env(
                "BIENTAP_LOG",
                if log.is_some() {
                    "bientap=debug"
                } else {
                    "warn"
                },
            )
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log.map_or_else(Stdio::null, Stdio::from))
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {bin} lsp: {e}"));
        let stdin = Arc::new(Mutex::new(BufWriter::new(child.stdin.take().unwrap())));
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        let w = stdin.clone();
        std::thread::spawn(move || reader(stdout, tx, w));
        Server {
            child,
            stdin,
            rx,
            next_id: 1,
            diagnostics: Vec::new(),
            log_messages: Vec::new(),
        }
    }

    fn send(&self, msg: Value) -> Instant {
        let t = Instant::now();
        write_msg(&self.stdin, &msg);
        t
    }

    fn notify(&self, method: &str, params: Value) -> Instant {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}))
    }

    fn request_async(&mut self, method: &str, params: Value) -> (i64, Instant) {
        let id = self.next_id;
        self.next_id += 1;
        let t = self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        (id, t)
    }

    /// Handles one message; returns it if it is a response.
    fn take(&mut self, m: Incoming) -> Option<Incoming> {
        match m.msg.get("method").and_then(Value::as_str) {
            Some("textDocument/publishDiagnostics") => {
                if m.msg["params"]["uri"] == URI {
                    let v = m.msg["params"]["version"].as_i64().unwrap_or(-1);
                    let n = m.msg["params"]["diagnostics"]
                        .as_array()
                        .map_or(0, Vec::len);
                    self.diagnostics.push((m.at, v, n));
                }
                None
            }
            Some("window/logMessage") => {
                self.log_messages.push(
                    m.msg["params"]["message"]
                        .as_str()
                        .unwrap_or("")
                        .to_string(),
                );
                None
            }
            Some(_) => None,
            None => Some(m),
        }
    }

    fn recv(&mut self, deadline: Instant) -> Option<Incoming> {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.rx.recv_timeout(left) {
            Ok(m) => Some(m),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
        }
    }

    /// Drains whatever has arrived without waiting.
    fn pump(&mut self) {
        while let Ok(m) = self.rx.try_recv() {
            self.take(m);
        }
    }

    fn response(&mut self, id: i64) -> Incoming {
        let deadline = Instant::now() + WAIT;
        loop {
            let m = self
                .recv(deadline)
                .unwrap_or_else(|| panic!("no response to request {id}"));
            if let Some(r) = self.take(m)
                && r.msg["id"] == json!(id)
            {
                return r;
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> (Duration, Value) {
        let (id, t) = self.request_async(method, params);
        let r = self.response(id);
        (r.at - t, r.msg)
    }

    /// Waits until diagnostics for `version` or later have arrived.
    fn settle(&mut self, version: i64) -> Instant {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(&(at, _, _)) = self.diagnostics.iter().find(|d| d.1 >= version) {
                return at;
            }
            let m = self
                .recv(deadline)
                .unwrap_or_else(|| panic!("no diagnostics for version {version}"));
            self.take(m);
        }
    }

    fn initialize(&mut self) -> Duration {
        let caps = json!({
            "general": { "positionEncodings": ["utf-16"] },
            "textDocument": {
                "hover": { "contentFormat": ["markdown"] },
                "semanticTokens": { "requests": { "full": { "delta": true } },
                    "tokenTypes": [], "tokenModifiers": [], "formats": ["relative"] },
            },
        });
        let (d, resp) = self.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": caps}),
        );
        assert_eq!(
            resp["result"]["capabilities"]["positionEncoding"], "utf-16",
            "server did not accept utf-16"
        );
        self.notify("initialized", json!({}));
        d
    }

    fn open(&mut self, text: &str) -> Instant {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": URI, "languageId": "markdown", "version": 1, "text": text}}),
        )
    }

    /// Peak resident set size of the server (VmHWM), in MiB.
    fn peak_rss_mib(&self) -> Option<f64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb / 1024.0)
    }

    fn shutdown(mut self) {
        let (id, _) = self.request_async("shutdown", Value::Null);
        let _ = self.response(id);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The client's copy of the document: lines without terminators (edits
/// never touch a line break), and the terminators themselves.
struct ClientDoc {
    lines: Vec<String>,
    terminators: Vec<&'static str>,
}

impl ClientDoc {
    fn new(text: &str) -> ClientDoc {
        let mut lines = Vec::new();
        let mut terminators = Vec::new();
        let mut rest = text;
        loop {
            match rest.find(['\n', '\r']) {
                None => {
                    lines.push(rest.to_string());
                    terminators.push("");
                    break;
                }
                Some(i) => {
                    lines.push(rest[..i].to_string());
                    let t = if rest[i..].starts_with("\r\n") {
                        "\r\n"
                    } else if rest[i..].starts_with('\r') {
                        "\r"
                    } else {
                        "\n"
                    };
                    terminators.push(t);
                    rest = &rest[i + t.len()..];
                }
            }
        }
        ClientDoc { lines, terminators }
    }

    fn text(&self) -> String {
        let mut s = String::new();
        for (l, t) in self.lines.iter().zip(&self.terminators) {
            s.push_str(l);
            s.push_str(t);
        }
        s
    }

    /// A random (line, char index) on a non-empty line.
    fn random_spot(&self, rng: &mut Rng) -> (usize, usize) {
        loop {
            let l = rng.below(self.lines.len());
            let n = self.lines[l].chars().count();
            if n > 0 {
                return (l, rng.below(n + 1));
            }
        }
    }

    fn utf16_col(&self, line: usize, char_idx: usize) -> usize {
        self.lines[line]
            .chars()
            .take(char_idx)
            .map(char::len_utf16)
            .sum()
    }

    fn byte_at(&self, line: usize, char_idx: usize) -> usize {
        self.lines[line]
            .char_indices()
            .nth(char_idx)
            .map_or(self.lines[line].len(), |(b, _)| b)
    }

    /// A random single-character edit, applied locally; returns the LSP change.
    fn random_edit(&mut self, rng: &mut Rng) -> Value {
        const INSERT: &[char] = &[
            'a', 'n', 'h', 't', 'i', 'g', ' ', ',', 'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ', 'ệ', 'ố',
            'ử', 'ạ', 'ỳ', 'A', 'Đ', '1', '/',
        ];
        let (l, c) = self.random_spot(rng);
        let n = self.lines[l].chars().count();
        if rng.chance(0.2) && c < n {
            let ch = self.lines[l].chars().nth(c).unwrap();
            let col = self.utf16_col(l, c);
            let b = self.byte_at(l, c);
            self.lines[l].replace_range(b..b + ch.len_utf8(), "");
            json!({"range": {"start": {"line": l, "character": col},
                             "end": {"line": l, "character": col + ch.len_utf16()}},
                   "text": ""})
        } else {
            let ch = if rng.chance(0.01) {
                '😀'
            } else {
                rng.pick(INSERT)
            };
            let col = self.utf16_col(l, c);
            let b = self.byte_at(l, c);
            self.lines[l].insert(b, ch);
            json!({"range": {"start": {"line": l, "character": col},
                             "end": {"line": l, "character": col}},
                   "text": ch.to_string()})
        }
    }

    fn random_position(&self, rng: &mut Rng) -> Value {
        let (l, c) = self.random_spot(rng);
        json!({"line": l, "character": self.utf16_col(l, c)})
    }
}

fn did_change(server: &Server, version: i64, change: Value) -> Instant {
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": [change]}),
    )
}

#[derive(Debug, Clone, serde::Serialize)]
struct Stat {
    size: String,
    scenario: String,
    n: usize,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    /// publishDiagnostics received during the scenario (typing only).
    #[serde(skip_serializing_if = "Option::is_none")]
    publishes: Option<usize>,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted[rank.min(sorted.len()) - 1]
}

fn stat(size: usize, scenario: &str, mut v: Vec<f64>, publishes: Option<usize>) -> Stat {
    v.sort_by(f64::total_cmp);
    Stat {
        size: size_label(size),
        scenario: scenario.to_string(),
        n: v.len(),
        p50_ms: percentile(&v, 50.0),
        p99_ms: percentile(&v, 99.0),
        max_ms: v.last().copied().unwrap_or(f64::NAN),
        publishes,
    }
}

/// Types `edits` single-character edits; `pace` is the pause range between
/// them (None: back to back). Returns per-edit latencies and the number of
/// publishes received.
fn typing(
    server: &mut Server,
    doc: &mut ClientDoc,
    rng: &mut Rng,
    version: &mut i64,
    edits: usize,
    pace: Option<(u64, u64)>,
) -> (Vec<f64>, usize) {
    let first_publish = server.diagnostics.len();
    let mut sent: Vec<(i64, Instant)> = Vec::with_capacity(edits);
    for _ in 0..edits {
        *version += 1;
        let change = doc.random_edit(rng);
        sent.push((*version, did_change(server, *version, change)));
        if let Some((lo, hi)) = pace {
            let pause = Duration::from_millis(lo + rng.below((hi - lo + 1) as usize) as u64);
            let until = Instant::now() + pause;
            while Instant::now() < until {
                let left = until.saturating_duration_since(Instant::now());
                match server.rx.recv_timeout(left) {
                    Ok(m) => {
                        server.take(m);
                    }
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => panic!("server died"),
                }
            }
        } else {
            server.pump();
        }
    }
    server.settle(*version);
    let publishes = &server.diagnostics[first_publish..];
    let lat: Vec<f64> = sent
        .iter()
        .map(|&(v, t)| {
            let at = publishes
                .iter()
                .find(|d| d.1 >= v && d.0 >= t)
                .map(|d| d.0)
                .expect("a publish for every version");
            ms(at - t)
        })
        .collect();
    if let Ok(path) = std::env::var("BIENTAP_LAT_TRACE") {
        let lines: String = sent
            .iter()
            .zip(&lat)
            .map(|((v, _), l)| format!("{v}\t{l:.2}\n"))
            .collect();
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .expect("BIENTAP_LAT_TRACE file");
        let _ = f.write_all(lines.as_bytes());
    }
    (lat, publishes.len())
}

/// Entity positions from a semanticTokens/full response (absolute line/col).
fn token_positions(resp: &Value) -> Vec<Value> {
    let data: Vec<u64> = resp["result"]["data"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default();
    let (mut line, mut col) = (0u64, 0u64);
    let mut out = Vec::new();
    for t in data.chunks_exact(5) {
        if t[0] > 0 {
            line += t[0];
            col = t[1];
        } else {
            col += t[1];
        }
        out.push(json!({"line": line, "character": col + t[2] / 2}));
    }
    out
}

fn run_size(bin: &str, size: usize, cfg: &Config, stats: &mut Vec<Stat>, extra: &mut Vec<Value>) {
    let text = generate(size, 2024);
    let label = size_label(size);
    eprintln!("[lsp_latency] {label}: {} bytes", text.len());

    // Cold start → first diagnostics, in fresh processes.
    let mut cold = Vec::new();
    let mut init = Vec::new();
    for _ in 0..cfg.cold {
        let t0 = Instant::now();
        let mut s = Server::spawn(bin);
        init.push(ms(s.initialize()));
        s.open(&text);
        let at = s.settle(1);
        cold.push(ms(at - t0));
        s.shutdown();
    }
    stats.push(stat(size, "spawn → initialize response", init, None));
    let cold_p50_ms = {
        let mut c = cold.clone();
        c.sort_by(f64::total_cmp);
        c.get(c.len() / 2).copied().unwrap_or(1000.0)
    };
    stats.push(stat(size, "cold start → first diagnostics", cold, None));

    let mut s = Server::spawn(bin);
    s.initialize();
    s.open(&text);
    s.settle(1);
    let first_diagnostics = s.diagnostics.last().map_or(0, |d| d.2);
    let mut doc = ClientDoc::new(&text);
    let mut rng = Rng::new(size as u64 ^ 0xB1E7);
    let mut version = 1i64;

    let (lat, publishes) = typing(
        &mut s,
        &mut doc,
        &mut rng,
        &mut version,
        cfg.edits,
        Some(cfg.pace),
    );
    stats.push(stat(
        size,
        &format!(
            "keystroke → diagnostics (paced {}–{} ms)",
            cfg.pace.0, cfg.pace.1
        ),
        lat,
        Some(publishes),
    ));
    let (lat, publishes) = typing(&mut s, &mut doc, &mut rng, &mut version, cfg.edits, None);
    stats.push(stat(
        size,
        "keystroke → diagnostics (back-to-back)",
        lat,
        Some(publishes),
    ));

    // Keystroke → complete diagnostics: the publish of the full analysis
    // (document-level rules included), which is the last publish for that
    // version; the quick re-check publishes before it. Measured one edit
    // at a time, waiting until the server has been quiet for longer than
    // a cold analysis takes.
    let quiet = Duration::from_millis(500) + Duration::from_secs_f64(2.0 * cold_p50_ms / 1000.0);
    let mut complete = Vec::new();
    for _ in 0..cfg.complete {
        version += 1;
        let change = doc.random_edit(&mut rng);
        let first = s.diagnostics.len();
        let t = did_change(&s, version, change);
        s.settle(version);
        loop {
            match s.rx.recv_timeout(quiet) {
                Ok(m) => {
                    s.take(m);
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => panic!("server died"),
            }
        }
        if let Some(last) = s.diagnostics[first..].iter().rev().find(|d| d.1 == version) {
            complete.push(ms(last.0 - t));
        }
    }
    stats.push(stat(
        size,
        "keystroke → complete diagnostics (full analysis; one edit at a time)",
        complete,
        None,
    ));

    // Settled: semantic tokens, then hovers (half on entities, half anywhere).
    let mut tok = Vec::new();
    let mut entity_spots = Vec::new();
    for _ in 0..cfg.tokens {
        let (d, resp) = s.request(
            "textDocument/semanticTokens/full",
            json!({"textDocument": {"uri": URI}}),
        );
        tok.push(ms(d));
        entity_spots = token_positions(&resp);
    }
    stats.push(stat(size, "semanticTokens/full (settled)", tok, None));
    let mut hov = Vec::new();
    let mut hits = 0;
    for k in 0..cfg.hovers {
        let pos = if k % 2 == 0 && !entity_spots.is_empty() {
            entity_spots[rng.below(entity_spots.len())].clone()
        } else {
            doc.random_position(&mut rng)
        };
        let (d, resp) = s.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": pos}),
        );
        if !resp["result"].is_null() {
            hits += 1;
        }
        hov.push(ms(d));
    }
    stats.push(stat(size, "hover (settled)", hov, None));

    // Hover sent right after an edit: waits for (or computes) the new analysis.
    let mut after = Vec::new();
    for _ in 0..cfg.after_edit {
        version += 1;
        let change = doc.random_edit(&mut rng);
        did_change(&s, version, change);
        let pos = doc.random_position(&mut rng);
        let (d, _) = s.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": pos}),
        );
        after.push(ms(d));
        s.settle(version);
    }
    stats.push(stat(size, "hover right after an edit", after, None));

    // Hover where the edit was, right after it: the paragraph being typed,
    // whose older analysis no longer holds.
    let mut at_edit = Vec::new();
    for _ in 0..cfg.after_edit {
        version += 1;
        let change = doc.random_edit(&mut rng);
        let pos = change["range"]["start"].clone();
        did_change(&s, version, change);
        let (d, _) = s.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": pos}),
        );
        at_edit.push(ms(d));
        s.settle(version);
    }
    stats.push(stat(
        size,
        "hover at the edit, right after it",
        at_edit,
        None,
    ));

    // The server's text must equal ours after all those edits.
    let (_, resp) = s.request("bientap/documentText", json!({"uri": URI}));
    let text_matches = resp["result"]["text"].as_str() == Some(doc.text().as_str())
        && resp["result"]["version"] == json!(version);
    let rss = s.peak_rss_mib();
    extra.push(json!({
        "size": label,
        "bytes": text.len(),
        "diagnostics_in_first_publish": first_diagnostics,
        "entities_tokens": entity_spots.len(),
        "hover_hits": hits,
        "server_text_matches_client": text_matches,
        "server_peak_rss_mib": rss,
        "server_log_messages": s.log_messages.len(),
    }));
    assert!(
        text_matches,
        "server text diverged from the client's at {label}"
    );
    s.shutdown();
}

struct Config {
    sizes: Vec<usize>,
    edits: usize,
    pace: (u64, u64),
    cold: usize,
    hovers: usize,
    tokens: usize,
    after_edit: usize,
    complete: usize,
}

fn machine() -> Value {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_default();
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| s.lines().next().map(|l| l.to_string()))
        .unwrap_or_default();
    json!({
        "nproc": std::thread::available_parallelism().map_or(0, |n| n.get()),
        "cpu": cpu,
        "memory": mem.split_whitespace().skip(1).collect::<Vec<_>>().join(" "),
    })
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let cfg = Config {
        sizes: std::env::var("BIENTAP_LAT_SIZES")
            .ok()
            .map(|s| s.split(',').filter_map(parse_size).collect())
            .unwrap_or_else(|| vec![10 * KB, 100 * KB, MB]),
        edits: env_usize("BIENTAP_LAT_EDITS", 1000),
        pace: std::env::var("BIENTAP_LAT_PACE_MS")
            .ok()
            .and_then(|s| {
                let (a, b) = s.split_once('-')?;
                Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
            })
            .unwrap_or((30, 50)),
        cold: env_usize("BIENTAP_LAT_COLD", 5),
        hovers: env_usize("BIENTAP_LAT_HOVERS", 200),
        tokens: env_usize("BIENTAP_LAT_TOKENS", 20),
        after_edit: env_usize("BIENTAP_LAT_AFTER_EDIT", 30),
        complete: env_usize("BIENTAP_LAT_COMPLETE", 10),
    };
    if let Some(i) = args.iter().position(|a| a == "--dump") {
        let dir = std::path::PathBuf::from(args.get(i + 1).expect("--dump DIR"));
        std::fs::create_dir_all(&dir).unwrap();
        for &size in &cfg.sizes {
            let path = dir.join(format!("generated-{}.article", size_label(size)));
            std::fs::write(&path, generate(size, 2024)).unwrap();
            println!("{}", path.display());
        }
        return;
    }
    // `cargo bench` passes `--bench`; `cargo test --benches` does not: be quick then.
    if !args.iter().any(|a| a == "--bench") {
        println!("lsp_latency: run with `cargo bench --bench lsp_latency`");
        return;
    }
    let bin = std::env::var("BIENTAP_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_bientap").into());
    let machine = machine();
    eprintln!("[lsp_latency] server {bin}; machine {machine}");
    let mut stats = Vec::new();
    let mut extra = Vec::new();
    for &size in &cfg.sizes {
        run_size(&bin, size, &cfg, &mut stats, &mut extra);
    }

    println!();
    println!(
        "{:<6} {:<42} {:>5} {:>10} {:>10} {:>10} {:>9}",
        "size", "scenario", "n", "p50 ms", "p99 ms", "max ms", "publishes"
    );
    for s in &stats {
        println!(
            "{:<6} {:<42} {:>5} {:>10.2} {:>10.2} {:>10.2} {:>9}",
            s.size,
            s.scenario,
            s.n,
            s.p50_ms,
            s.p99_ms,
            s.max_ms,
            s.publishes.map(|p| p.to_string()).unwrap_or_default()
        );
    }
    for e in &extra {
        println!("{e}");
    }
    let report = json!({
        "bench": "lsp_latency",
        "server": bin,
        "machine": machine,
        "config": {
            "edits": cfg.edits, "pace_ms": [cfg.pace.0, cfg.pace.1], "cold_starts": cfg.cold,
            "hovers": cfg.hovers, "semantic_tokens": cfg.tokens, "hover_after_edit": cfg.after_edit, "complete": cfg.complete,
            "encoding": "utf-16",
        },
        "results": stats,
        "documents": extra,
    });
    println!("LSP_LATENCY_JSON {report}");
}
