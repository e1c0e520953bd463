//! Hostile input against the real `bientap lsp` binary over stdio:
//! malformed JSON-RPC and framing, unknown methods, unopened documents,
//! out-of-range and reversed ranges, edits that split characters, very
//! large documents and lines, binary junk, pathological YAML front matter
//! and panicking handlers. After every case the server must still answer a
//! normal request and exit cleanly on shutdown/exit. What each case does
//! and what the server answers is listed in docs/robustness.md.

mod support;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::{Client, lsp_position, vm_rss_kib};

const URI: &str = "file:///tmp/bientap-hostile/bai.article";
const SHORT: Duration = Duration::from_millis(400);

/// The large-input tests keep a core busy analysing in the background;
/// they take turns so that the others' bounded waits stay meaningful.
static HEAVY: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn heavy() -> std::sync::MutexGuard<'static, ()> {
    HEAVY
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The server still works: a document can be opened, analysed and read back.
fn assert_healthy(client: &mut Client) {
    let uri = "file:///tmp/bientap-hostile/health.article";
    let text = "Chiều 13/2, Quận ủy Hoàng Mai tổ chức hội nghị.\n";
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "article", "version": 1, "text": text } }),
    );
    let view = client.request("bientap/documentText", json!({ "uri": uri }));
    assert_eq!(view["result"]["text"], text, "{view}");
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert!(client.is_alive());
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn error_code(response: &Value) -> i64 {
    response["error"]["code"]
        .as_i64()
        .unwrap_or_else(|| panic!("not an error response: {response}"))
}

fn log_messages(msgs: &[Value]) -> Vec<String> {
    msgs.iter()
        .filter(|m| m["method"] == "window/logMessage")
        .map(|m| {
            m["params"]["message"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

#[test]
fn malformed_json_rpc_is_answered_or_reported() {
    let mut client = Client::spawn();
    client.initialize(&[]);

    // Not JSON at all: no id to answer, so it is reported with a log message.
    client.send_raw("{not json");
    // Wrong version, with an id: InvalidRequest for that id.
    client.send_raw(r#"{"jsonrpc":"1.0","id":9001,"method":"textDocument/hover","params":{}}"#);
    let r = client
        .response_to(json!(9001), support::TIMEOUT)
        .expect("an answer to the jsonrpc 1.0 request");
    assert_eq!(error_code(&r), -32600, "{r}");
    // No version at all, string id.
    client.send_raw(r#"{"id":"abc","method":"shutdown"}"#);
    let r = client
        .response_to(json!("abc"), support::TIMEOUT)
        .expect("an answer to the request without jsonrpc");
    assert_eq!(error_code(&r), -32600, "{r}");
    // A method that is not a string.
    client.send_raw(r#"{"jsonrpc":"2.0","id":9002,"method":42}"#);
    let r = client.response_to(json!(9002), support::TIMEOUT).unwrap();
    assert_eq!(error_code(&r), -32600, "{r}");
    // Missing method, with an id: tower-lsp-server reads it as method "",
    // which does not exist.
    client.send_raw(r#"{"jsonrpc":"2.0","id":9003,"params":{}}"#);
    let r = client.response_to(json!(9003), support::TIMEOUT).unwrap();
    assert_eq!(error_code(&r), -32601, "{r}");
    // Duplicate keys and a lone surrogate: valid to a lenient parser, not
    // to the codec.
    client.send_raw(r#"{"jsonrpc":"2.0","id":9004,"method":"a","method":"b"}"#);
    let r = client.response_to(json!(9004), support::TIMEOUT).unwrap();
    assert_eq!(error_code(&r), -32600, "{r}");
    client.send_raw(
        r#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///s.article","languageId":"article","version":1,"text":"a\ud800b"}}}"#,
    );
    // An array (batch) and a bare string.
    client.send_raw(r#"[{"jsonrpc":"2.0","id":9005,"method":"shutdown"}]"#);
    client.send_raw(r#""hello""#);
    // Wrong version without an id: nobody to answer, reported.
    client.send_raw(r#"{"jsonrpc":"1.0","method":"initialized","params":{}}"#);
    // Missing method without an id: a notification for "", ignored.
    client.send_raw(r#"{"jsonrpc":"2.0","params":{}}"#);

    assert_healthy(&mut client);
    let msgs = client.drain(SHORT);
    let logs = log_messages(&msgs);
    for reason in [
        "invalid JSON",
        "not a JSON-RPC 2.0 message",
        "not a JSON object",
    ] {
        assert!(
            logs.iter().any(|l| l.contains(reason)),
            "no log for {reason}: {logs:?}"
        );
    }
    // Nothing answered the batch (id 9005) or the notifications.
    assert!(
        msgs.iter().all(|m| m.get("method").is_some()),
        "unexpected responses: {msgs:?}"
    );
    // The surrogate document was not opened.
    let r = client.request(
        "bientap/documentText",
        json!({ "uri": "file:///s.article" }),
    );
    assert_eq!(error_code(&r), -32602, "{r}");
    assert!(client.shutdown().success());
}

#[test]
fn framing_errors_resynchronise() {
    let mut client = Client::spawn();
    client.initialize(&[]);
    let padding = json!({ "jsonrpc": "2.0", "method": "$/bientapPadding", "params": { "x": "p".repeat(300) } })
        .to_string();

    // A Content-Length that is not a number; the body follows anyway.
    client.send_bytes(b"Content-Length: abc\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"x\"}");
    let r = client.request_within(
        "bientap/documentText",
        json!({ "uri": "file:///none" }),
        support::TIMEOUT,
    );
    assert_eq!(
        error_code(&r.expect("answered after a bad Content-Length")),
        -32602
    );

    // A Content-Length beyond the limit (and beyond usize).
    client.send_bytes(b"Content-Length: 999999999999\r\n\r\n{}");
    let r = client.request_within(
        "bientap/documentText",
        json!({ "uri": "file:///none" }),
        support::TIMEOUT,
    );
    assert_eq!(
        error_code(&r.expect("answered after a huge Content-Length")),
        -32602
    );
    client.send_bytes(b"Content-Length: 99999999999999999999999999\r\n\r\n");
    let r = client.request_within(
        "bientap/documentText",
        json!({ "uri": "file:///none" }),
        support::TIMEOUT,
    );
    assert_eq!(
        error_code(&r.expect("answered after an overflowing Content-Length")),
        -32602
    );

    // A Content-Length shorter than the body: the rest is garbage before
    // the next header.
    client.send_bytes(b"Content-Length: 5\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"initialized\"}");
    let r = client.request_within(
        "bientap/documentText",
        json!({ "uri": "file:///none" }),
        support::TIMEOUT,
    );
    assert_eq!(
        error_code(&r.expect("answered after a short Content-Length")),
        -32602
    );

    // Headers without a body: the next message is eaten as that body, so a
    // padding message (longer than the announced 40 bytes) goes first.
    client.send_bytes(b"Content-Length: 40\r\n\r\n");
    client.send_raw(&padding);
    let r = client.request_within(
        "bientap/documentText",
        json!({ "uri": "file:///none" }),
        support::TIMEOUT,
    );
    assert_eq!(
        error_code(&r.expect("answered after headers without a body")),
        -32602
    );

    // Headers without Content-Length, a Content-Type only, an empty body.
    client.send_bytes(b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n");
    client.send_bytes(b"Content-Length: 0\r\n\r\n");
    // A header line of 1 MB without a newline, then a real message.
    client.send_bytes(&vec![b'H'; 1 << 20]);
    client.send_bytes(b"\r\n\r\n");
    assert_healthy(&mut client);
    let logs = log_messages(&client.drain(SHORT));
    assert!(
        logs.iter().any(|l| l.contains("message too large")),
        "{logs:?}"
    );
    assert!(client.shutdown().success());
}

/// A raw process without the test client: the server must end by itself
/// when its input ends in the middle of a message.
#[test]
fn end_of_input_inside_a_message_ends_the_server() {
    for tail in [
        &b"Content-Length: 100\r\n\r\n{\"jsonrpc\""[..],
        b"Content-Length: 100\r\n",
        b"Content-Len",
        b"",
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_bientap"))
            .arg("lsp")
            .env("BIENTAP_LOG", "off")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(tail).unwrap();
        drop(stdin);
        let deadline = Instant::now() + support::TIMEOUT;
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break s;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("server still running after end of input {tail:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(status.success(), "{tail:?}: {status:?}");
    }
}

#[test]
fn unknown_methods() {
    let mut client = Client::spawn();
    client.initialize(&[]);
    let r = client.request("bientap/noSuchMethod", json!({}));
    assert_eq!(error_code(&r), -32601, "{r}");
    let r = client.request("textDocument/noSuchThing", json!({ "x": 1 }));
    assert_eq!(error_code(&r), -32601, "{r}");
    // LSP: a `$/` request the server does not know gets MethodNotFound.
    let r = client.request("$/noSuchRequest", json!({}));
    assert_eq!(error_code(&r), -32601, "{r}");
    // Unknown notifications (with and without `$/`) are ignored silently.
    client.notify("bientap/noSuchNotification", json!({}));
    client.notify("$/noSuchNotification", json!({}));
    client.notify("$/cancelRequest", json!({ "id": 123456 }));
    let msgs = client.drain(SHORT);
    assert!(
        msgs.iter().all(|m| m.get("id").is_none()),
        "a notification was answered: {msgs:?}"
    );
    assert_healthy(&mut client);
    assert!(client.shutdown().success());
}

#[test]
fn requests_for_unopened_documents() {
    let mut client = Client::spawn();
    client.initialize(&[]);
    let doc = json!({ "uri": "file:///tmp/bientap-hostile/not-open.article" });
    let pos = json!({ "line": 3, "character": 7 });
    let range = json!({ "start": pos, "end": { "line": 9, "character": 0 } });
    let cases = [
        (
            "textDocument/hover",
            json!({ "textDocument": doc, "position": pos }),
        ),
        (
            "textDocument/semanticTokens/full",
            json!({ "textDocument": doc }),
        ),
        (
            "textDocument/semanticTokens/full/delta",
            json!({ "textDocument": doc, "previousResultId": "1" }),
        ),
        (
            "textDocument/semanticTokens/range",
            json!({ "textDocument": doc, "range": range }),
        ),
        (
            "textDocument/inlayHint",
            json!({ "textDocument": doc, "range": range }),
        ),
        (
            "textDocument/codeAction",
            json!({ "textDocument": doc, "range": range, "context": { "diagnostics": [] } }),
        ),
    ];
    for (method, params) in cases {
        let r = client.request(method, params);
        assert!(r.get("error").is_none(), "{method}: {r}");
        assert_eq!(r["result"], Value::Null, "{method}: {r}");
    }
    // Changes and closes for a document never opened are ignored.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": doc["uri"], "version": 2 }, "contentChanges": [{ "text": "x" }] }),
    );
    client.notify("textDocument/didClose", json!({ "textDocument": doc }));
    let r = client.request("bientap/documentText", doc.clone());
    assert_eq!(error_code(&r), -32602, "{r}");
    // Wrong parameter shapes are InvalidParams, not a crash.
    let r = client.request("textDocument/hover", json!({ "textDocument": 5 }));
    assert_eq!(error_code(&r), -32602, "{r}");
    let r = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": "not a uri" }, "position": pos }),
    );
    assert!(r.get("error").is_some() || r["result"].is_null(), "{r}");
    assert_healthy(&mut client);
    assert!(client.shutdown().success());
}

// --- A reference model of clamped edits, independent of bientap's code ---

fn model_lines(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        if b[i] == b'\n' || b[i] == b'\r' {
            out.push((start, i));
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    out.push((start, b.len()));
    out
}

fn units(c: char, enc: &str) -> usize {
    match enc {
        "utf-8" => c.len_utf8(),
        "utf-32" => 1,
        _ => c.len_utf16(),
    }
}

/// Byte offset of an LSP position: a line past the end clamps to the end
/// of the text, a column past the end of a line to the end of its content,
/// a column inside a character to the character's start.
fn model_offset(text: &str, line: usize, col: usize, enc: &str) -> usize {
    let lines = model_lines(text);
    let Some(&(start, end)) = lines.get(line) else {
        return text.len();
    };
    let mut acc = 0;
    for (i, c) in text[start..end].char_indices() {
        if acc + units(c, enc) > col {
            return start + i;
        }
        acc += units(c, enc);
    }
    end
}

/// Applies one ranged change to `model` and sends it; then checks the
/// server's text against the model.
fn edit_and_compare(
    client: &mut Client,
    model: &mut String,
    version: i64,
    (l1, c1): (usize, usize),
    (l2, c2): (usize, usize),
    insert: &str,
    enc: &str,
) {
    let mut a = model_offset(model, l1, c1, enc);
    let mut b = model_offset(model, l2, c2, enc);
    if a > b {
        std::mem::swap(&mut a, &mut b);
    }
    model.replace_range(a..b, insert);
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": URI, "version": version },
            "contentChanges": [{
                "range": { "start": { "line": l1, "character": c1 }, "end": { "line": l2, "character": c2 } },
                "text": insert,
            }],
        }),
    );
    let view = client.request("bientap/documentText", json!({ "uri": URI }));
    assert_eq!(view["result"]["version"], version);
    assert_eq!(
        view["result"]["text"].as_str().unwrap(),
        model.as_str(),
        "{enc}: edit v{version} ({l1}:{c1})..({l2}:{c2}) {insert:?}"
    );
}

fn hostile_edits(encodings: &[&str], enc: &str) {
    let mut client = Client::spawn();
    let init = client.initialize(encodings);
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], enc);
    // NFC and NFD Vietnamese, an emoji (surrogate pair), a ZWJ sequence, CRLF and CR.
    let mut model = String::from(
        "Hà Nội 😀 ngày 13/2\r\nNo\u{302}\u{323}i du\u{300}ng 👩\u{200d}👩\u{200d}👧 tiếp\rdòng cuối",
    );
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": URI, "languageId": "article", "version": 1, "text": model } }),
    );
    let v = std::cell::Cell::new(1);
    let step = |client: &mut Client,
                model: &mut String,
                s: (usize, usize),
                e: (usize, usize),
                ins: &str| {
        v.set(v.get() + 1);
        edit_and_compare(client, model, v.get(), s, e, ins, enc);
    };
    // Columns inside "ộ" (3 UTF-8 bytes) and inside "😀" (2 UTF-16 units,
    // 4 UTF-8 bytes): they snap to the character's start.
    let o = lsp_position(&model, model.find("ộ").unwrap(), enc)["character"]
        .as_u64()
        .unwrap() as usize;
    step(&mut client, &mut model, (0, o + 1), (0, o + 1), "X");
    let e = lsp_position(&model, model.find('😀').unwrap(), enc)["character"]
        .as_u64()
        .unwrap() as usize;
    step(&mut client, &mut model, (0, e + 1), (0, e + 2), "");
    step(&mut client, &mut model, (0, e + 1), (0, e + 3), "🎉");
    // Between a base letter and its combining marks (NFD): a valid
    // position; the marks stay and attach to what is inserted.
    step(&mut client, &mut model, (1, 2), (1, 2), "ơ");
    step(&mut client, &mut model, (1, 1), (1, 3), "");
    // Inside the ZWJ sequence.
    let z = model.find('👩').unwrap();
    let zl = lsp_position(&model, z, enc);
    let (zl, zc) = (
        zl["line"].as_u64().unwrap() as usize,
        zl["character"].as_u64().unwrap() as usize,
    );
    step(&mut client, &mut model, (zl, zc + 1), (zl, zc + 5), "|");
    // Reversed range, line past the end, column past the end of a line,
    // both ends past the end, a range across CRLF and CR.
    step(&mut client, &mut model, (1, 4), (0, 3), "<rev>");
    step(&mut client, &mut model, (99, 0), (120, 5), "<end>");
    step(&mut client, &mut model, (0, 9999), (0, 99999), "<eol>");
    step(
        &mut client,
        &mut model,
        (4_000_000_000, 4_000_000_000),
        (0, 0),
        "<all>",
    );
    step(&mut client, &mut model, (0, 2), (2, 1), "\r");
    step(&mut client, &mut model, (1, 0), (1, 0), "\n");
    // A full replacement, then edits on an empty document.
    v.set(v.get() + 1);
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": v.get() }, "contentChanges": [{ "text": "" }] }),
    );
    model.clear();
    step(&mut client, &mut model, (5, 5), (0, 3), "ệ");
    step(&mut client, &mut model, (0, 1), (0, 1), "\u{301}");
    // Hover and tokens at positions past the end answer without an error.
    let h = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 500, "character": 500 } }),
    );
    assert!(h.get("error").is_none(), "{h}");
    let t = client.request(
        "textDocument/semanticTokens/range",
        json!({ "textDocument": { "uri": URI }, "range": { "start": { "line": 9, "character": 9 }, "end": { "line": 0, "character": 0 } } }),
    );
    assert!(t.get("error").is_none(), "{t}");
    let ca = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": { "start": { "line": 70, "character": 1 }, "end": { "line": 3, "character": 99 } }, "context": { "diagnostics": [] } }),
    );
    assert!(ca.get("error").is_none(), "{ca}");
    assert_healthy(&mut client);
    assert!(client.shutdown().success());
}

#[test]
fn hostile_edits_utf16() {
    hostile_edits(&[], "utf-16");
}

#[test]
fn hostile_edits_utf8() {
    hostile_edits(&["utf-8"], "utf-8");
}

#[test]
fn panicking_handlers_are_answered_and_the_server_goes_on() {
    let folder = support::scratch("panic-log");
    let log = folder.join("server.log");
    let file = std::fs::File::create(&log).unwrap();
    let mut client = Client::spawn_with(
        &[("BIENTAP_TEST_PANICS", "1"), ("BIENTAP_LOG", "error")],
        file.into(),
    );
    client.initialize(&[]);
    for _ in 0..3 {
        let r = client.request("bientap/testPanic", json!({}));
        assert_eq!(error_code(&r), -32603, "{r}");
        assert!(
            r["error"]["message"]
                .as_str()
                .unwrap()
                .contains("bientap/testPanic"),
            "{r}"
        );
        client.notify("bientap/testPanicNotification", json!({}));
    }
    assert_healthy(&mut client);
    assert!(client.shutdown().success());
    let stderr = std::fs::read_to_string(&log).unwrap();
    assert!(
        stderr.contains("handler for request bientap/testPanic (id"),
        "{stderr}"
    );
    assert!(
        stderr.contains("handler for notification bientap/testPanicNotification panicked"),
        "{stderr}"
    );
}

#[test]
fn test_panics_are_off_by_default() {
    let mut client = Client::spawn();
    client.initialize(&[]);
    let r = client.request("bientap/testPanic", json!({}));
    assert_eq!(error_code(&r), -32601, "{r}");
    assert!(client.shutdown().success());
}

/// A Vietnamese article of about `bytes` bytes, paragraphs separated by blank lines.
fn article(bytes: usize) -> String {
    let p =
        "Chiều 13/2, Bí thư Quận ủy Nguyễn Văn An phát biểu tại hội nghị ở quận Hoàng Mai 😀.\n\n";
    let mut s = String::from("Hội nghị tổng kết\n\n");
    while s.len() < bytes {
        s.push_str(p);
    }
    s
}

const RSS_BOUND_KIB: u64 = 1536 * 1024;

/// A 50 MB document. In a debug build analysing it takes far longer than
/// a test may run, so this checks what must hold while the analysis runs
/// in the background: the open and the edits are applied, other documents
/// are served, resident memory stays bounded, and shutdown is prompt.
/// (A hover on the 50 MB document itself waits for its analysis — and
/// starts a second one next to the worker's — so it is not sent here.)
#[test]
fn document_of_50_mb() {
    let _turn = heavy();
    let mut client = Client::spawn();
    client.initialize(&[]);
    let pid = client.pid();
    let text = article(50 << 20);
    let started = Instant::now();
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": URI, "languageId": "article", "version": 1, "text": text } }),
    );
    // An edit at the very end of the 50 MB text.
    let end = lsp_position(&text, text.len(), "utf-16");
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 2 },
            "contentChanges": [{ "range": { "start": end, "end": end }, "text": "Hết." }] }),
    );
    let mut max_rss = 0;
    let small = "file:///tmp/bientap-hostile/small.article";
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": small, "languageId": "article", "version": 1,
            "text": "Chiều 13/2, Bí thư Quận ủy Nguyễn Văn An phát biểu.\n" } }),
    );
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": small }, "position": { "line": 0, "character": 30 } }),
    );
    let card = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(card.contains("Nguyễn Văn An"), "{hover}");
    let first_answer = started.elapsed();
    for _ in 0..10 {
        max_rss = max_rss.max(vm_rss_kib(pid).unwrap_or(0));
        std::thread::sleep(Duration::from_millis(500));
    }
    // The whole text is there, edit included (a 50 MB response: slow to
    // serialise and parse in a debug build next to the running analysis).
    let t = Instant::now();
    let view = client
        .request_within(
            "bientap/documentText",
            json!({ "uri": URI }),
            Duration::from_secs(90),
        )
        .expect("documentText of the 50 MB document within 90 s");
    let text_time = t.elapsed();
    let served = view["result"]["text"].as_str().unwrap();
    assert_eq!(served.len(), text.len() + "Hết.".len());
    assert!(served.ends_with("😀.\n\nHết."));
    assert_eq!(view["result"]["version"], 2);
    max_rss = max_rss.max(vm_rss_kib(pid).unwrap_or(0));
    eprintln!(
        "50 MB document: hover on another document answered {first_answer:?} after the open, \
         documentText (50 MB back) in {text_time:?}, max VmRSS {} MiB",
        max_rss / 1024
    );
    assert!(max_rss < RSS_BOUND_KIB, "VmRSS {max_rss} KiB");
    let t = Instant::now();
    assert!(client.shutdown().success());
    assert!(
        t.elapsed() < Duration::from_secs(10),
        "shutdown took {:?}",
        t.elapsed()
    );
}

/// One line of 5 MB: edits in its middle and at its end (columns in the
/// millions), hover and tokens on a small document meanwhile.
#[test]
fn single_line_of_5_mb() {
    let _turn = heavy();
    for enc in ["utf-16", "utf-8"] {
        let mut client = Client::spawn();
        client.initialize(&[enc]);
        let mut model = article(5 << 20).replace('\n', " ");
        client.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": URI, "languageId": "plaintext", "version": 1, "text": model } }),
        );
        let mut mid = model.len() / 2;
        while !model.is_char_boundary(mid) {
            mid -= 1;
        }
        let mid = lsp_position(&model, mid, enc)["character"]
            .as_u64()
            .unwrap() as usize;
        let end = lsp_position(&model, model.len(), enc)["character"]
            .as_u64()
            .unwrap() as usize;
        let mut v = 1;
        for (s, e, ins) in [
            (mid, mid + 7, "Hà Nội"),
            (end, end + 50, " cuối"),
            (mid + 1, 1, ""),
        ] {
            v += 1;
            edit_and_compare(&mut client, &mut model, v, (0, s), (0, e), ins, enc);
        }
        assert_eq!(model.lines().count(), 1);
        assert_healthy(&mut client);
        let t = Instant::now();
        assert!(client.shutdown().success());
        assert!(
            t.elapsed() < Duration::from_secs(10),
            "shutdown took {:?}",
            t.elapsed()
        );
    }
}

/// A tiny xorshift generator: the junk is random but reproducible.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

#[test]
fn binary_junk() {
    let mut client = Client::spawn();
    client.initialize(&[]);
    let mut rng = Rng(0x9e3779b97f4a7c15);
    // Unframed random bytes and NULs between messages.
    for n in [1, 17, 4096, 100_000] {
        let junk = rng.bytes(n);
        client.send_bytes(&junk);
        client.send_bytes(&[0u8; 1000]);
        // Junk may end without a newline: a line break lets the next
        // header start cleanly (a header glued to junk is found as well).
        client.send_bytes(b"\r\n");
        let r = client.request_within(
            "bientap/documentText",
            json!({ "uri": "file:///none" }),
            support::TIMEOUT,
        );
        assert_eq!(error_code(&r.expect("answered after junk")), -32602);
    }
    // Framed random bodies.
    for n in [1, 64, 65536] {
        client.send_bytes(&frame(&rng.bytes(n)));
    }
    // Invalid UTF-8 inside a JSON string of a request with an id.
    let mut body = br#"{"jsonrpc":"2.0","id":777,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///"#.to_vec();
    body.extend_from_slice(&[0xff, 0xfe, 0xc3]);
    body.extend_from_slice(br#""},"position":{"line":0,"character":0}}}"#);
    client.send_bytes(&frame(&body));
    // A document whose text holds NULs, control characters, U+FFFF and
    // noncharacters: valid JSON, valid UTF-8, must be accepted as is.
    let weird = "a\u{0}b\u{1}\u{7f}\u{fffe}\u{ffff}\u{10ffff}\u{feff}c\u{2028}d\u{85}e";
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": URI, "languageId": "article", "version": 1, "text": weird } }),
    );
    let view = client.request("bientap/documentText", json!({ "uri": URI }));
    assert_eq!(view["result"]["text"], weird);
    let tokens = client.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": URI } }),
    );
    assert!(tokens.get("error").is_none(), "{tokens}");
    assert_healthy(&mut client);
    let msgs = client.drain(SHORT);
    let logs = log_messages(&msgs);
    assert!(logs.iter().any(|l| l.contains("not UTF-8")), "{logs:?}");
    // The request with invalid UTF-8 cannot be parsed, so its id is
    // unknown: it is reported, not answered.
    assert!(msgs.iter().all(|m| m["id"] != 777), "{msgs:?}");
    assert!(client.shutdown().success());
}

#[test]
fn pathological_front_matter() {
    let _turn = heavy();
    let mut client = Client::spawn();
    client.initialize(&[]);
    let n = 10_000;
    let cases = [
        (
            "flow-seq",
            format!(
                "---\ntitle: {}{}\n---\nNội dung.\n",
                "[".repeat(n),
                "]".repeat(n)
            ),
        ),
        (
            "flow-map",
            format!(
                "---\ntitle: {}1{}\n---\nNội dung.\n",
                "{a: ".repeat(n),
                "}".repeat(n)
            ),
        ),
        (
            "block",
            // 10,000 nested block mappings, one space deeper each (50 MB of
            // indentation is too much for a test: 2,000 levels, 2 MB).
            format!(
                "---\n{}{}v\n---\nNội dung.\n",
                (0..2000)
                    .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
                    .collect::<String>(),
                " ".repeat(2000)
            ),
        ),
        (
            "unclosed",
            format!("---\ntitle: {}\nNội dung.\n", "[".repeat(n)),
        ),
        ("anchors", {
            // Alias expansion ("billion laughs"): nine levels of ten aliases.
            let mut s = String::from("---\na0: &a0 [\"lol\"]\n");
            for i in 1..10 {
                let refs: Vec<String> = (0..10).map(|_| format!("*a{}", i - 1)).collect();
                s += &format!("a{i}: &a{i} [{}]\n", refs.join(", "));
            }
            s + "---\nNội dung.\n"
        }),
        ("huge-1mb", {
            let mut s = String::from("---\ntitle: Hội nghị\n");
            let mut i = 0;
            while s.len() < 1 << 20 {
                s += &format!("khoa_{i}: \"Giá trị số {i} của quận Hoàng Mai\"\n");
                i += 1;
            }
            s + "---\nChiều 13/2, hội nghị.\n"
        }),
    ];
    for (name, text) in &cases {
        let uri = format!("file:///tmp/bientap-hostile/fm-{name}.article");
        client.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "article", "version": 1, "text": text } }),
        );
        let t = Instant::now();
        let diags = client.diagnostics_for(&uri, 1);
        let codes: Vec<&str> = diags["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["code"].as_str())
            .collect();
        eprintln!(
            "front matter {name}: diagnostics after {:?}: {codes:?}",
            t.elapsed()
        );
        match *name {
            "flow-seq" | "flow-map" => {
                assert!(
                    codes.contains(&"front-matter/too-deep"),
                    "{name}: {codes:?}"
                )
            }
            "anchors" | "unclosed" => assert!(
                codes.iter().any(|c| c.starts_with("front-matter/")),
                "{name}: {codes:?}"
            ),
            _ => {}
        }
        let r = client.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": 1, "character": 3 } }),
        );
        assert!(r.get("error").is_none(), "{name}: {r}");
    }
    assert_healthy(&mut client);
    assert!(client.shutdown().success());
}

/// Stale work: a request that needs its own analysis (the worker is busy
/// with an older version) and is cancelled by the client stops that
/// analysis, and the server goes on.
#[test]
fn a_cancelled_request_stops_its_analysis() {
    let folder = support::scratch("cancel-log");
    let log = folder.join("server.log");
    let file = std::fs::File::create(&log).unwrap();
    let mut client = Client::spawn_with(&[("BIENTAP_LOG", "bientap=debug")], file.into());
    client.initialize(&[]);
    // Long enough that an analysis takes seconds in a test build.
    let text: String = (0..6000)
        .map(|k| {
            format!(
                "Đoạn {k}: Chủ tịch UBND quận Nguyễn Văn Hùng dự họp tại phường Vĩnh Hưng ngày {}/2.\n\n",
                1 + k % 28
            )
        })
        .collect();
    let uri = "file:///tmp/bientap-hostile/cancel.article";
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "article", "version": 1, "text": text } }),
    );
    // Version 2 waits behind the worker's analysis of version 1, so a
    // request about it soon analyses it itself.
    let start = json!({ "line": 0, "character": 0 });
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 2 },
            "contentChanges": [{ "range": { "start": start, "end": start }, "text": "Tin. " }],
        }),
    );
    let id = client.take_id();
    client.send(json!({
        "jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
        "params": { "textDocument": { "uri": uri }, "position": { "line": 0, "character": 12 } },
    }));
    // Past the wait for the worker (1.5 s): the request's own analysis runs.
    std::thread::sleep(Duration::from_millis(2500));
    client.notify("$/cancelRequest", json!({ "id": id }));
    let response = client
        .response_to(json!(id), Duration::from_secs(30))
        .expect("an answer to the cancelled request");
    assert_eq!(error_code(&response), -32800, "{response}");
    let deadline = Instant::now() + Duration::from_secs(30);
    let stopped = loop {
        let logged = std::fs::read_to_string(&log).unwrap_or_default();
        if logged.contains("on-demand analysis cancelled") || Instant::now() > deadline {
            break logged.contains("on-demand analysis cancelled");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(stopped, "the cancelled request's analysis did not stop");
    assert_healthy(&mut client);
    assert!(client.shutdown().success());
}
