//! Soak: many didChange / hover / semanticTokens cycles on a ~20 KB
//! article against the real server, bounded in time (~25 s in a debug
//! build). Resident memory (VmRSS) is sampled after a warm-up and at the
//! end; its growth must stay under a bound. Figures are printed (run with
//! `--nocapture`) and recorded in docs/robustness.md.

mod support;

use std::time::{Duration, Instant};

use serde_json::json;
use support::{Client, lsp_position, vm_rss_kib};

const URI: &str = "file:///tmp/bientap-soak/bai.article";
const HOVERS_PER_CYCLE: usize = 8;
const EDIT_PAIRS_PER_CYCLE: usize = 3;

/// About 20 KB of real articles from tests/gold.
fn article() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/gold");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "article"))
        .collect();
    files.sort();
    let mut text = String::new();
    for f in files.iter().cycle().take(200) {
        let body = std::fs::read_to_string(f).unwrap();
        // Keep only the first article's front matter.
        let body = if text.is_empty() {
            body
        } else {
            body.rsplit("\n---\n").next().unwrap().to_string()
        };
        text.push_str(&body);
        text.push_str("\n\n");
        if text.len() >= 20_000 {
            break;
        }
    }
    text
}

#[test]
fn soak_edits_hovers_tokens() {
    let duration = Duration::from_secs(
        std::env::var("BIENTAP_SOAK_SECONDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(25),
    );
    let mut client = Client::spawn();
    client.initialize(&[]);
    let pid = client.pid();
    let mut text = article();
    assert!(text.len() >= 20_000, "{}", text.len());
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": URI, "languageId": "article", "version": 1, "text": text } }),
    );
    client.diagnostics_for(URI, 1);

    let inserts = [
        "Hà Nội ",
        "ngày 31/2 ",
        "Quận uỷ ",
        "😀 ",
        "No\u{302}\u{323}i ",
    ];
    let started = Instant::now();
    let mut version = 1;
    let mut cycles = 0u64;
    let mut warm = None;
    let mut tokens_seen = 0usize;
    while started.elapsed() < duration || warm.is_none() {
        // Insert a piece somewhere, then remove it again on the next cycle
        // (the text stays about the same size).
        let mut at = 0;
        for pair in 0..EDIT_PAIRS_PER_CYCLE {
            let piece = inserts[(cycles as usize + pair) % inserts.len()];
            at = {
                let mut at = ((cycles as usize * 3 + pair) * 7919) % text.len();
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                at
            };
            for (start, end, insert) in [(at, at, piece), (at, at + piece.len(), "")] {
                version += 1;
                let range = json!({
                    "start": lsp_position(&text, start, "utf-16"),
                    "end": lsp_position(&text, end, "utf-16"),
                });
                text.replace_range(start..end, insert);
                client.notify(
                    "textDocument/didChange",
                    json!({ "textDocument": { "uri": URI, "version": version },
                    "contentChanges": [{ "range": range, "text": insert }] }),
                );
            }
        }
        // Several hovers per analysed version (the first one waits for the
        // analysis; the rest use the cached snapshot), then tokens.
        for h in 0..HOVERS_PER_CYCLE {
            let mut p = (at + h * 997) % text.len();
            while !text.is_char_boundary(p) {
                p -= 1;
            }
            let hover = client.request(
                "textDocument/hover",
                json!({ "textDocument": { "uri": URI }, "position": lsp_position(&text, p, "utf-16") }),
            );
            assert!(hover.get("error").is_none(), "{hover}");
        }
        let tokens = client.request(
            "textDocument/semanticTokens/full",
            json!({ "textDocument": { "uri": URI } }),
        );
        tokens_seen = tokens["result"]["data"].as_array().map_or(0, Vec::len) / 5;
        // Drop the notifications (diagnostics) collected meanwhile.
        client.notifications.clear();
        cycles += 1;
        if warm.is_none() && cycles >= 3 {
            warm = Some((cycles, vm_rss_kib(pid).unwrap_or(0), started.elapsed()));
        }
    }
    let view = client.request("bientap/documentText", json!({ "uri": URI }));
    assert_eq!(view["result"]["text"].as_str().unwrap(), text);
    let end_rss = vm_rss_kib(pid).unwrap_or(0);
    let peak = support::vm_hwm_kib(pid).unwrap_or(0);
    let (warm_cycles, warm_rss, warm_at) = warm.unwrap();
    let elapsed = started.elapsed();
    let growth = end_rss.saturating_sub(warm_rss);
    eprintln!(
        "soak: {} bytes, {cycles} cycles ({} didChange, {} hover, {cycles} semanticTokens) in {elapsed:.1?}; \
         {tokens_seen} tokens; VmRSS after warm-up ({warm_cycles} cycles, {warm_at:.1?}) {} KiB, at the end {} KiB, \
         growth {} KiB ({:.1} %), peak {} KiB",
        text.len(),
        2 * EDIT_PAIRS_PER_CYCLE as u64 * cycles,
        HOVERS_PER_CYCLE as u64 * cycles,
        warm_rss,
        end_rss,
        growth,
        100.0 * growth as f64 / warm_rss.max(1) as f64,
        peak,
    );
    assert!(cycles >= 5, "only {cycles} cycles");
    if warm_rss > 0 {
        assert!(
            growth < 30 * 1024 || (growth as f64) < 0.25 * warm_rss as f64,
            "VmRSS grew from {warm_rss} KiB to {end_rss} KiB"
        );
    }
    assert!(client.shutdown().success());
}
