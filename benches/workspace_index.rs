//! Workspace indexing by the real `bientap lsp` over stdio: a synthetic
//! workspace of generated articles (varied sizes, dates, people and units,
//! from the same generator as the other benches), indexed in the background
//! while an editor keeps hovering and typing in an open document.
//!
//! Reports, per workspace size: time from `initialized` to the end of the
//! indexing progress, the server's peak resident memory (VmRSS, sampled
//! every 50 ms), and hover / keystroke→diagnostics latencies measured
//! *while indexing runs* (p50, p99, max).
//!
//! `cargo bench --bench workspace_index`. Environment:
//! - `BIENTAP_BIN`: server binary (default: the one cargo just built)
//! - `BIENTAP_WS_ARTICLES`: workspace sizes, e.g. `1000,10000` (the default)
//! - `BIENTAP_WS_DIR`: where to generate the workspaces (default: the
//!   system temporary folder); a workspace already there is reused.
//! - `BIENTAP_WS_PROBES=0`: no hovers or keystrokes while indexing (the
//!   indexing time alone).

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use common::{GenOptions, KB, Rng, generate, generate_with};
use serde_json::{Value, json};

const LIMIT: Duration = Duration::from_secs(900);

/// Writes `count` articles (1.5–8 KB, dates spread over 2019–2025) into
/// `dir`, in 100 sub-folders. Reuses a complete earlier run.
fn make_workspace(dir: &Path, count: usize) {
    let marker = dir.join(".complete");
    if marker.exists() {
        return;
    }
    let _ = std::fs::remove_dir_all(dir);
    let mut rng = Rng::new(count as u64);
    for i in 0..count {
        let size = rng.range(3 * KB / 2, 8 * KB);
        let options = GenOptions {
            seed: 7919 * i as u64 + 1,
            ..GenOptions::default()
        };
        let date = format!(
            "date: {}-{:02}-{:02}",
            rng.range(2019, 2026),
            rng.range(1, 13),
            rng.range(1, 29)
        );
        let text = generate_with(size, &options).replacen("date: 2024-07-26", &date, 1);
        let sub = dir.join(format!("{:02}", i % 100));
        std::fs::create_dir_all(&sub).unwrap();
        let ext = if i % 10 == 0 { "txt" } else { "article" };
        std::fs::write(sub.join(format!("bai-{i:05}.{ext}")), text).unwrap();
    }
    std::fs::write(marker, "").unwrap();
}

fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Messages from the server with their arrival time.
fn spawn_reader(stdout: impl Read + Send + 'static) -> Receiver<(Instant, Value)> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        let mut header = String::new();
        loop {
            let mut length = 0usize;
            loop {
                header.clear();
                if r.read_line(&mut header).unwrap_or(0) == 0 {
                    return;
                }
                match header.trim_end() {
                    "" => break,
                    h => {
                        if let Some(n) = h.strip_prefix("Content-Length:") {
                            length = n.trim().parse().unwrap_or(0);
                        }
                    }
                }
            }
            let mut body = vec![0u8; length];
            if r.read_exact(&mut body).is_err() {
                return;
            }
            let arrived = Instant::now();
            if let Ok(v) = serde_json::from_slice(&body)
                && tx.send((arrived, v)).is_err()
            {
                return;
            }
        }
    });
    rx
}

fn send(stdin: &mut ChildStdin, v: &Value) {
    let body = v.to_string();
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    stdin.flush().unwrap();
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

struct Outcome {
    articles: usize,
    index_s: f64,
    peak_rss_mib: f64,
    hovers: Vec<f64>,
    keystrokes: Vec<f64>,
}

fn run(bin: &str, root: &Path, articles: usize) -> Outcome {
    let mut child = Command::new(bin)
        .arg("lsp")
        .env("BIENTAP_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server");
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    let rx = spawn_reader(child.stdout.take().unwrap());
    let root_uri = format!("file://{}", root.display());
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
            "processId": null, "rootUri": root_uri,
            "workspaceFolders": [{"uri": root_uri, "name": "bench"}],
            "capabilities": {"window": {"workDoneProgress": true},
                             "general": {"positionEncodings": ["utf-16"]}}}}),
    );
    // The open document lives outside the workspace folder.
    let doc_uri = "file:///bench-open/bai-dang-sua.article";
    let doc = generate(20 * KB, 42);
    let mut ready = false;
    while !ready {
        let (_, m) = rx.recv_timeout(LIMIT).expect("initialize answered");
        ready = m["id"] == 0;
    }
    let started = Instant::now();
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    );
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": doc_uri, "languageId": "article", "version": 1, "text": doc}}}),
    );
    let hover_at = doc
        .find("Nguyễn")
        .map_or(0, |b| doc[..b].lines().count().saturating_sub(1));
    let mut next_id = 1;
    let mut version = 1;
    let mut pending_hover: Option<(i64, Instant)> = None;
    let mut pending_edit: Option<(i64, Instant)> = None;
    let mut hovers = Vec::new();
    let mut keystrokes = Vec::new();
    let mut peak = 0u64;
    let mut last_probe = Instant::now();
    let mut index_s = f64::NAN;
    let mut rng = Rng::new(5);
    let probes = std::env::var("BIENTAP_WS_PROBES").map_or(true, |v| v != "0");
    while started.elapsed() < LIMIT {
        if let Some(kib) = rss_kib(pid) {
            peak = peak.max(kib);
        }
        // One probe at a time: a hover, then a keystroke, every 50 ms.
        if probes
            && pending_hover.is_none()
            && pending_edit.is_none()
            && last_probe.elapsed() > Duration::from_millis(50)
        {
            last_probe = Instant::now();
            if next_id % 2 == 0 {
                send(
                    &mut stdin,
                    &json!({"jsonrpc": "2.0", "id": next_id, "method": "textDocument/hover", "params": {
                        "textDocument": {"uri": doc_uri}, "position": {"line": hover_at, "character": 1}}}),
                );
                pending_hover = Some((next_id, Instant::now()));
            } else {
                version += 1;
                let line = rng.range(8, 40);
                send(
                    &mut stdin,
                    &json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                        "textDocument": {"uri": doc_uri, "version": version},
                        "contentChanges": [{"range": {"start": {"line": line, "character": 0},
                                                      "end": {"line": line, "character": 0}},
                                            "text": "a"}]}}),
                );
                pending_edit = Some((version, Instant::now()));
            }
            next_id += 1;
        }
        let Ok((at, m)) = rx.recv_timeout(Duration::from_millis(10)) else {
            continue;
        };
        if m.get("method").is_some() && m.get("id").is_some() {
            send(
                &mut stdin,
                &json!({"jsonrpc": "2.0", "id": m["id"], "result": null}),
            );
            continue;
        }
        if m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end" {
            index_s = started.elapsed().as_secs_f64();
            break;
        }
        if let Some((id, t)) = pending_hover
            && m["id"] == id
        {
            hovers.push((at - t).as_secs_f64() * 1e3);
            pending_hover = None;
        }
        if let Some((v, t)) = pending_edit
            && m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == doc_uri
            && m["params"]["version"].as_i64().is_some_and(|x| x >= v)
        {
            keystrokes.push((at - t).as_secs_f64() * 1e3);
            pending_edit = None;
        }
    }
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 999_999, "method": "shutdown"}),
    );
    send(&mut stdin, &json!({"jsonrpc": "2.0", "method": "exit"}));
    let _ = child.wait();
    hovers.sort_by(f64::total_cmp);
    keystrokes.sort_by(f64::total_cmp);
    Outcome {
        articles,
        index_s,
        peak_rss_mib: peak as f64 / 1024.0,
        hovers,
        keystrokes,
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let bin = std::env::var("BIENTAP_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_bientap").into());
    let sizes: Vec<usize> = std::env::var("BIENTAP_WS_ARTICLES")
        .unwrap_or_else(|_| "1000,10000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let base: PathBuf = std::env::var("BIENTAP_WS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| std::env::temp_dir());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("workspace indexing over stdio ({cores} cores; server {bin})");
    println!(
        "{:>9} {:>10} {:>10} | {:>26} | {:>26}",
        "articles", "index s", "peak MiB", "hover ms p50/p99/max (n)", "keystroke ms p50/p99/max"
    );
    let mut json_rows = Vec::new();
    for n in sizes {
        let dir = base.join(format!("bientap-ws-bench-{n}"));
        let t = Instant::now();
        make_workspace(&dir, n);
        eprintln!(
            "workspace of {n} articles ready in {:.1?} at {}",
            t.elapsed(),
            dir.display()
        );
        let o = run(&bin, &dir, n);
        let row = |v: &[f64]| {
            format!(
                "{:.1}/{:.1}/{:.1} ({})",
                percentile(v, 0.5),
                percentile(v, 0.99),
                v.last().copied().unwrap_or(f64::NAN),
                v.len()
            )
        };
        println!(
            "{:>9} {:>10.2} {:>10.1} | {:>26} | {:>26}",
            o.articles,
            o.index_s,
            o.peak_rss_mib,
            row(&o.hovers),
            row(&o.keystrokes)
        );
        json_rows.push(json!({
            "articles": o.articles, "index_s": o.index_s, "peak_rss_mib": o.peak_rss_mib,
            "hover_ms": {"p50": percentile(&o.hovers, 0.5), "p99": percentile(&o.hovers, 0.99), "n": o.hovers.len()},
            "keystroke_ms": {"p50": percentile(&o.keystrokes, 0.5), "p99": percentile(&o.keystrokes, 0.99), "n": o.keystrokes.len()},
        }));
    }
    println!("WORKSPACE_INDEX_JSON {}", Value::Array(json_rows));
}
