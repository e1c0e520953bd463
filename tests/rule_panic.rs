//! A panicking rule family must not take the analysis (or the server) down:
//! its findings are dropped for that run, every other family still reports.
//!
//! These tests need the `test-panic-rule` feature, which the self
//! dev-dependency in Cargo.toml turns on for every `cargo test` (so CI runs
//! them); `feature_is_on` fails loudly if that ever stops being true.

mod support;

use bientap::analysis::{AnalyzeOptions, IncrementalAnalyzer, analyze};
use bientap::syntax::SourceFormat;
use serde_json::json;
use support::{Client, lsp_position};

const TRIGGER: &str = "BIENTAP_TEST_PANIC";

/// Mixed tone styles (an orthography finding) and a non-syllable (spelling):
/// findings of two other families that must survive the panic.
const TEXT: &str = "Ông Nguyễn Văn An nói về hoà bình, hòa giải và hòa hợp. Xyzươ thì khác.\n";

#[test]
#[allow(clippy::assertions_on_constants)] // a failing test, not a build error, explains it
fn feature_is_on() {
    assert!(
        bientap::rules::TEST_PANIC_RULE,
        "cargo test must build bientap with the test-panic-rule feature (self dev-dependency)"
    );
}

static PANICS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn count_panics() {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            default(info);
        }));
    });
}

#[test]
fn a_panicking_rule_loses_only_its_own_findings() {
    count_panics();
    let options = AnalyzeOptions::with_format(SourceFormat::PlainText);
    let quiet = analyze(TEXT, &options);
    assert!(!quiet.findings.is_empty());
    let rules = |a: &bientap::analysis::Analysis| {
        let mut r: Vec<&str> = a.findings.iter().map(|f| f.rule).collect();
        r.sort();
        r.dedup();
        r
    };
    assert!(
        rules(&quiet).contains(&"orthography/mixed-tone-style"),
        "{:?}",
        rules(&quiet)
    );
    let text = format!("{TEXT}{TRIGGER}\n");
    let before = PANICS.load(std::sync::atomic::Ordering::SeqCst);
    let loud = analyze(&text, &options);
    assert!(
        PANICS.load(std::sync::atomic::Ordering::SeqCst) > before,
        "the test rule did not panic: is the test-panic-rule feature on?"
    );
    // Every other family still reports what it reported without the trigger.
    for r in rules(&quiet) {
        assert!(rules(&loud).contains(&r), "{r} lost: {:?}", rules(&loud));
    }
    // Incremental analysis isolates it the same way, and recovers.
    let mut inc = IncrementalAnalyzer::new();
    let a = inc.analyze(&text, &options);
    assert_eq!(format!("{:?}", a.findings), format!("{:?}", loud.findings));
    let b = inc.analyze(TEXT, &options);
    assert_eq!(format!("{:?}", b.findings), format!("{:?}", quiet.findings));
}

#[test]
fn the_server_keeps_answering_after_a_rule_panics() {
    let uri = "file:///tmp/bientap-test/panic.txt";
    let mut client = Client::spawn();
    client.initialize(&["utf-16"]);
    let text = format!("{TEXT}{TRIGGER}\n");
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "plaintext", "version": 1, "text": text } }),
    );
    // Diagnostics still arrive, with the other families' findings.
    let diags = client.diagnostics_for(uri, 1);
    let list = diags["params"]["diagnostics"].as_array().unwrap().clone();
    assert!(
        list.iter()
            .any(|d| d["code"] == "orthography/mixed-tone-style"),
        "{list:?}"
    );
    // Hover still answers.
    let at = text.find("Nguyễn Văn An").unwrap() + 2;
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": lsp_position(&text, at, "utf-16") }),
    );
    let card = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(card.contains("Nguyễn Văn An"), "{hover}");
    // An edit that keeps the trigger, then one that removes it: both published.
    let end = lsp_position(&text, text.len(), "utf-16");
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 },
                "contentChanges": [ { "range": { "start": end, "end": end }, "text": "Thêm.\n" } ] }),
    );
    client.diagnostics_for(uri, 2);
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 3 },
                "contentChanges": [ { "text": TEXT } ] }),
    );
    let diags = client.diagnostics_for(uri, 3);
    assert!(
        !diags["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(client.is_alive());
    assert!(client.shutdown().success());
}

/// The binary the stdio tests spawn was built with the rule too: `bientap
/// check` on the trigger hits the panic (the hook prints it to stderr),
/// still reports the other findings and exits normally.
#[test]
fn the_binary_under_test_has_the_panic_rule() {
    let dir = support::scratch("panic");
    let file = dir.join("panic.txt");
    std::fs::write(&file, format!("{TEXT}{TRIGGER}\n")).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_bientap"))
        .arg("check")
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stderr.contains("test-panic-rule: triggered on purpose"),
        "no panic in the binary: {stderr}"
    );
    assert!(
        stdout.contains("orthography/mixed-tone-style"),
        "{stdout}\n{stderr}"
    );
    // Findings exit with 1, a crash would not be 0/1.
    assert!(matches!(out.status.code(), Some(0 | 1)), "{:?}", out.status);
}
