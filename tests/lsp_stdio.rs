//! The real `bientap lsp` binary over stdio: initialisation in both
//! position encodings, incremental edits with Vietnamese text, diagnostics
//! per version, hover, semantic tokens, code actions and hostile input.

mod support;

use serde_json::{Value, json};
use support::{Client, lsp_position};

const URI: &str = "file:///tmp/bientap-test/bai-viet.article";

/// One edit: replace `text[start..end]` with `insert`, in byte offsets of
/// the text before the edit.
struct Step {
    start: usize,
    end: usize,
    insert: &'static str,
}

/// Computes the next edit from the current text.
type StepFn = Box<dyn Fn(&str) -> Step>;

/// The codes of a publishDiagnostics notification's diagnostics.
fn codes(m: &Value) -> Vec<String> {
    m["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

fn find(text: &str, needle: &str) -> usize {
    text.find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {text:?}"))
}

fn edits_roundtrip(encodings: &[&str], expected_encoding: &str) {
    let mut client = Client::spawn();
    let init = client.initialize(encodings);
    assert_eq!(
        init["result"]["capabilities"]["positionEncoding"],
        expected_encoding
    );
    assert_eq!(init["result"]["serverInfo"]["name"], "bientap");

    let mut text = String::from(
        "---\ntitle: Hội nghị\ndate: 2025-02-13\n---\r\nChiều 13/2, Quận ủy Hoàng Mai 😀 tổ chức hội nghị.\r\nBí thư Quận ủy\u{a0}Nguyễn Xuân Linh phát biểu.\n",
    );
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": URI, "languageId": "article", "version": 1, "text": text } }),
    );
    client.diagnostics_for(URI, 1);

    // Edits after the emoji (surrogate pair in UTF-16), NFD insertions,
    // combining marks, CRLF boundaries, an insertion at the very end.
    let steps: Vec<StepFn> = vec![
        Box::new(|t| {
            let s = find(t, "tổ chức");
            Step {
                start: s,
                end: s + "tổ chức".len(),
                insert: "long trọng tổ chức",
            }
        }),
        Box::new(|t| {
            let s = find(t, "😀");
            Step {
                start: s,
                end: s + "😀".len(),
                insert: "(Hà Nội)",
            }
        }),
        Box::new(|t| {
            let s = find(t, "phát biểu");
            Step {
                start: s,
                end: s,
                insert: "Ho\u{61}\u{300}ng Mai, uỷ viên, ",
            }
        }),
        Box::new(|t| {
            let s = find(t, "\r\nBí thư");
            Step {
                start: s,
                end: s + 2,
                insert: "\n\n",
            }
        }),
        Box::new(|t| Step {
            start: t.len(),
            end: t.len(),
            insert: "Thêm dòng cuối 👩‍👩‍👧 ngày 31/2.\r\n",
        }),
        Box::new(|t| {
            let s = find(t, "Chiều");
            Step {
                start: s,
                end: s + "Chiều 13/2, ".len(),
                insert: "",
            }
        }),
    ];
    for (k, make) in steps.iter().enumerate() {
        let version = k as i64 + 2;
        let step = make(&text);
        let range = json!({
            "start": lsp_position(&text, step.start, expected_encoding),
            "end": lsp_position(&text, step.end, expected_encoding),
        });
        text.replace_range(step.start..step.end, step.insert);
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": URI, "version": version },
                "contentChanges": [{ "range": range, "text": step.insert }],
            }),
        );
        let diags = client.diagnostics_for(URI, version);
        assert!(diags["params"]["diagnostics"].is_array());
        let view = client.request("bientap/documentText", json!({ "uri": URI }));
        assert_eq!(view["result"]["version"], version, "step {k}");
        assert_eq!(
            view["result"]["text"].as_str().unwrap(),
            text,
            "server text differs after step {k}"
        );
    }
    let status = client.shutdown();
    assert!(status.success());
}

#[test]
fn incremental_edits_utf16() {
    edits_roundtrip(&[], "utf-16");
}

#[test]
fn incremental_edits_utf8() {
    edits_roundtrip(&["utf-16", "utf-8", "utf-32"], "utf-8");
}

fn open_seed(client: &mut Client, uri: &str, file: &str) -> String {
    let text =
        std::fs::read_to_string(format!("{}/seeds/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "plaintext", "version": 1, "text": text } }),
    );
    text
}

#[test]
fn seed_article_hover_tokens_and_quick_fix() {
    let uri = "file:///tmp/bientap-test/000.txt";
    let mut client = Client::spawn();
    client.initialize(&["utf-16"]);
    let text = open_seed(&mut client, uri, "000_d5575fdf0234169a.txt");
    let diags = client.diagnostics_for(uri, 1);
    let list = diags["params"]["diagnostics"].as_array().unwrap().clone();
    assert!(
        list.iter().any(|d| d["code"] == "debris/website"),
        "{list:?}"
    );
    assert!(list.iter().all(|d| d["source"] == "bientap"));

    // Hover on the official shows the post the article gives him.
    let at = find(&text, "Nguyễn Xuân Linh") + 2;
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": lsp_position(&text, at, "utf-16") }),
    );
    let card = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        card.contains("Nguyễn Xuân Linh") && card.contains("Bí thư Quận ủy"),
        "{card}"
    );

    // Hover on "13/2" resolves the year.
    let at = find(&text, "13/2");
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": lsp_position(&text, at, "utf-16") }),
    );
    let card = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        card.contains("2025-02-13") && card.contains("thứ Năm"),
        "{card}"
    );

    // Semantic tokens: a person token covers the name.
    let legend = client.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": uri } }),
    );
    let data: Vec<u64> = legend["result"]["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(data.len() % 5, 0);
    let name_pos = lsp_position(&text, find(&text, "Nguyễn Xuân Linh"), "utf-16");
    let (mut line, mut col, mut found) = (0u64, 0u64, false);
    for t in data.chunks(5) {
        if t[0] > 0 {
            line += t[0];
            col = t[1];
        } else {
            col += t[1];
        }
        if line == name_pos["line"].as_u64().unwrap()
            && col == name_pos["character"].as_u64().unwrap()
        {
            assert_eq!(t[3], 0, "token type index 0 is person");
            assert_eq!(t[2], "Nguyễn Xuân Linh".encode_utf16().count() as u64);
            found = true;
        }
    }
    assert!(found, "no person token at {name_pos}");

    // Inlay hint after the year-less "13/2".
    let end = lsp_position(&text, text.len(), "utf-16");
    let hints = client.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": uri }, "range": { "start": { "line": 0, "character": 0 }, "end": end } }),
    );
    let after_13_2 = lsp_position(&text, find(&text, "13/2") + "13/2".len(), "utf-16");
    let hint = hints["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["position"] == after_13_2)
        .expect("hint after 13/2");
    assert!(
        hint["label"].as_str().unwrap().contains("2025-02-13"),
        "{hint}"
    );

    // Delta against the previous result: nothing changed, no edits.
    let id = legend["result"]["resultId"].clone();
    let delta = client.request(
        "textDocument/semanticTokens/full/delta",
        json!({ "textDocument": { "uri": uri }, "previousResultId": id }),
    );
    assert_eq!(delta["result"]["edits"], json!([]));

    // Quick fix for the debris line, applied as the client would.
    let debris = list
        .iter()
        .find(|d| d["code"] == "debris/website")
        .unwrap()
        .clone();
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": debris["range"], "context": { "diagnostics": [debris] } }),
    );
    let action = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "quickfix")
        .unwrap()
        .clone();
    let change = &action["edit"]["documentChanges"][0];
    assert_eq!(change["textDocument"]["version"], 1);
    let edit = &change["edits"][0];
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "range": edit["range"], "text": edit["newText"] }] }),
    );
    let after = client.diagnostics_for(uri, 2);
    let codes: Vec<Value> = after["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].clone())
        .collect();
    assert!(!codes.contains(&json!("debris/website")), "{codes:?}");
    let view = client.request("bientap/documentText", json!({ "uri": uri }));
    assert!(
        !view["result"]["text"]
            .as_str()
            .unwrap()
            .contains("Phiên bản di động")
    );
    assert!(client.shutdown().success());
}

#[test]
fn hostile_input_keeps_the_server_up() {
    let mut client = Client::spawn();
    client.initialize(&[]);
    // Malformed JSON, an unknown method, a request for an unopened document.
    client.send_raw("{not json");
    let unknown = client.request("bientap/noSuchMethod", json!({}));
    assert!(unknown.get("error").is_some());
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": "file:///nope.article" }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(hover["result"], Value::Null);
    // Out-of-range and reversed ranges, a split surrogate pair.
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": URI, "languageId": "article", "version": 1, "text": "a😀b\nHà Nội" } }),
    );
    client.diagnostics_for(URI, 1);
    for (v, range) in [
        (
            2,
            json!({ "start": { "line": 99, "character": 0 }, "end": { "line": 120, "character": 5 } }),
        ),
        (
            3,
            json!({ "start": { "line": 1, "character": 4 }, "end": { "line": 0, "character": 1 } }),
        ),
        (
            4,
            json!({ "start": { "line": 0, "character": 2 }, "end": { "line": 0, "character": 2 } }),
        ),
    ] {
        client.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": URI, "version": v }, "contentChanges": [{ "range": range, "text": "x" }] }),
        );
        client.diagnostics_for(URI, v);
    }
    let view = client.request("bientap/documentText", json!({ "uri": URI }));
    let text = view["result"]["text"].as_str().unwrap();
    // Still valid UTF-8 with the emoji intact or cleanly replaced.
    assert!(text.is_char_boundary(text.len()));
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 500, "character": 500 } }),
    );
    assert!(hover.get("error").is_none());
    assert!(client.is_alive());
    assert!(client.shutdown().success());
}

#[test]
fn workspace_config_applies_and_reloads() {
    let dir = support::scratch("lsp-config");
    let config = dir.join("bientap.toml");
    std::fs::write(&config, "[rules]\northography = \"off\"\nbogus = \"x\"\n").unwrap();
    let root = format!("file://{}", dir.display());
    let config_uri = format!("{root}/bientap.toml");
    let doc_uri = format!("{root}/a.article");

    let mut client = Client::spawn();
    let init = client.request(
        "initialize",
        json!({ "processId": null, "capabilities": {}, "workspaceFolders": [{ "uri": root, "name": "ws" }] }),
    );
    assert!(init.get("result").is_some());
    client.notify("initialized", json!({}));
    let cfg = client.wait_for("config diagnostics", |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == config_uri
    });
    let d = &cfg["params"]["diagnostics"][0];
    assert_eq!(d["code"], "config/invalid");
    assert_eq!(d["range"]["start"]["line"], 2);

    let text = "Tiêu đề\n\nQuận ủy họp. Quận ủy bàn. Quận uỷ duyệt.\n";
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": doc_uri, "languageId": "article", "version": 1, "text": text } }),
    );
    let first = client.diagnostics_for(&doc_uri, 1);
    assert_eq!(
        first["params"]["diagnostics"],
        json!([]),
        "orthography is off"
    );

    // The file changes on disk: the watcher notification reloads it.
    std::fs::write(&config, "[rules]\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": config_uri, "type": 2 }] }),
    );
    let cleared = client.wait_for("config diagnostics cleared", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == config_uri
            && m["params"]["diagnostics"] == json!([])
    });
    assert!(
        cleared["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let again = client.diagnostics_for(&doc_uri, 1);
    let codes: Vec<Value> = again["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].clone())
        .collect();
    assert_eq!(codes, vec![json!("orthography/mixed-tone-style")]);

    // Checking the whole workspace publishes diagnostics for files not open.
    std::fs::write(
        dir.join("b.txt"),
        "Tiêu đề\nNội dung bài.\nPhiên bản di động\n",
    )
    .unwrap();
    let result = client.request(
        "workspace/executeCommand",
        json!({ "command": "bientap.checkWorkspace", "arguments": [] }),
    );
    assert_eq!(result["result"]["files"], 1, "{result}");
    let b_uri = format!("{root}/b.txt");
    let b = client.wait_for("diagnostics for b.txt", |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == b_uri
    });
    assert_eq!(b["params"]["diagnostics"][0]["code"], "debris/website");
    let reindex = client.request(
        "workspace/executeCommand",
        json!({ "command": "bientap.reindex" }),
    );
    assert_eq!(reindex["result"]["documents"], 1);
    assert!(client.shutdown().success());
}

/// An article with a mixed tone style (a fix and a related location) and
/// web debris.
const EN_ARTICLE: &str = "---\ntitle: Tin\n---\n# Tin\n\nQuận ủy họp. Quận ủy bàn. Quận uỷ duyệt.\n\nPhiên bản di động\n";

fn init_with(client: &mut Client, options: Value, folders: Value) {
    client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": null,
            "capabilities": {},
            "initializationOptions": options,
            "workspaceFolders": folders,
        }),
    );
    client.notify("initialized", json!({}));
}

fn open(client: &mut Client, uri: &str) -> Vec<Value> {
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "article", "version": 1, "text": EN_ARTICLE } }),
    );
    client.diagnostics_for(uri, 1)["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .clone()
}

fn tone_diagnostic(diags: &[Value]) -> Value {
    diags
        .iter()
        .find(|d| d["code"] == "orthography/mixed-tone-style")
        .unwrap_or_else(|| panic!("{diags:?}"))
        .clone()
}

/// `bientap.language` (initializationOptions, didChangeConfiguration)
/// switches diagnostics, related information and code-action titles,
/// including the server's own "disable" action.
#[test]
fn messages_follow_the_language_setting() {
    let mut client = Client::spawn();
    init_with(
        &mut client,
        json!({ "bientap": { "language": "en" } }),
        Value::Null,
    );
    let diags = open(&mut client, URI);
    let tone = tone_diagnostic(&diags);
    let message = tone["message"].as_str().unwrap();
    assert!(message.contains("places its tone mark"), "{message}");
    let related = tone["relatedInformation"][0]["message"].as_str().unwrap();
    assert!(related.starts_with("The majority style"), "{related}");
    let debris = diags
        .iter()
        .find(|d| d["code"] == "debris/website")
        .unwrap();
    assert!(
        debris["message"]
            .as_str()
            .unwrap()
            .starts_with("Web-page furniture"),
        "{debris}"
    );

    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": tone["range"], "context": { "diagnostics": [tone] } }),
    );
    let titles: Vec<&str> = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(titles.contains(&"Change to “ủy”"), "{titles:?}");
    assert!(
        titles.contains(&"Disable orthography/mixed-tone-style for this line"),
        "{titles:?}"
    );
    for a in actions["result"].as_array().unwrap() {
        let m = a["diagnostics"][0]["message"].as_str().unwrap();
        assert!(m.contains("places its tone mark"), "{m}");
    }

    // Back to Vietnamese: the open document is published again.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "bientap": { "language": "vi" } } }),
    );
    let again = client.wait_for("Vietnamese diagnostics", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["diagnostics"].as_array().is_some_and(|d| {
                d.iter().any(|d| {
                    d["code"] == "orthography/mixed-tone-style"
                        && d["message"].as_str().unwrap_or("").contains("đặt dấu kiểu")
                })
            })
    });
    let tone = tone_diagnostic(again["params"]["diagnostics"].as_array().unwrap());
    assert!(
        tone["relatedInformation"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("Kiểu chiếm đa số")
    );
    assert!(client.shutdown().success());
}

/// `[messages] language` in the workspace's bientap.toml, with no editor
/// setting; a bad value is reported on the file.
#[test]
fn messages_follow_bientap_toml() {
    let dir = support::scratch("lsp-language");
    std::fs::write(dir.join("bientap.toml"), "[messages]\nlanguage = \"en\"\n").unwrap();
    let root = format!("file://{}", dir.display());
    let mut client = Client::spawn();
    init_with(
        &mut client,
        json!({}),
        json!([{ "uri": root, "name": "ws" }]),
    );
    let uri = format!("{root}/bai.article");
    let diags = open(&mut client, &uri);
    let tone = tone_diagnostic(&diags);
    assert!(
        tone["message"]
            .as_str()
            .unwrap()
            .contains("places its tone mark"),
        "{tone}"
    );
    assert!(client.shutdown().success());
}

/// `bientap.maxDiagnostics` caps what one publish carries: errors first,
/// then warnings in document order, and a note of how many were left out;
/// 0 lifts the cap. Typing (the quick re-check) keeps to it too.
#[test]
fn diagnostics_are_capped_by_max_diagnostics() {
    let uri = "file:///tmp/bientap-cap.article";
    let text =
        "# Tin\n\nĐoạn  một.\n\nĐoạn  hai.\n\nĐoạn  ba.\n\nĐoạn  bốn.\n\nNgày 31/2/2024 có họp.\n";
    let mut client = Client::spawn();
    init_with(
        &mut client,
        json!({ "bientap": { "maxDiagnostics": 2 } }),
        Value::Null,
    );
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "article", "version": 1, "text": text } }),
    );
    let first = client.diagnostics_for(uri, 1);
    assert_eq!(
        codes(&first),
        [
            "punctuation/double-space",
            "date/impossible",
            "bientap/too-many-findings"
        ],
        "{first}"
    );
    let note = &first["params"]["diagnostics"][2];
    assert_eq!(note["severity"], 3, "{note}");
    assert!(
        note["message"]
            .as_str()
            .unwrap()
            .starts_with("Còn 3 phát hiện"),
        "{note}"
    );

    // A keystroke: still capped (one more double space, one more hidden).
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 },
                "contentChanges": [{ "range": { "start": { "line": 2, "character": 4 }, "end": { "line": 2, "character": 4 } }, "text": " " }] }),
    );
    let second = client.diagnostics_for(uri, 2);
    assert_eq!(codes(&second).len(), 3, "{second}");
    assert_eq!(codes(&second)[1], "date/impossible", "{second}");

    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "bientap": { "maxDiagnostics": 0 } } }),
    );
    let all = client.wait_for("every diagnostic", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(|d| d.len() == 5)
    });
    assert!(
        !codes(&all).iter().any(|c| c == "bientap/too-many-findings"),
        "{all}"
    );
    assert!(client.shutdown().success());
}

/// An edit of the front matter's date changes what the rest of the article
/// means (29 February is impossible in 2025): typing goes on from a
/// provisional re-check, the full analysis brings the new context's
/// findings, and the next keystroke starts from that analysis, not from the
/// provisional chain before it.
#[test]
fn a_date_edit_reaches_every_later_publish() {
    let uri = "file:///tmp/bientap-date-edit.article";
    let text =
        "---\ntitle: Tin\ndate: 2024-03-01\n---\n\n# Tin\n\nNgày 29/2 có họp.\n\nĐoạn hai.\n";
    let mut client = Client::spawn();
    init_with(&mut client, Value::Null, Value::Null);
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "article", "version": 1, "text": text } }),
    );
    let impossible = |m: &Value| codes(m).iter().any(|c| c == "date/impossible");
    let first = client.diagnostics_for(uri, 1);
    assert!(!impossible(&first), "{first}");
    let change = |version: i64, line: u32, character: u32, old_len: u32, new_text: &str| {
        json!({ "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "range": {
                    "start": { "line": line, "character": character },
                    "end": { "line": line, "character": character + old_len } },
                    "text": new_text }] })
    };
    // 2024 → 2025, then a double space in the last paragraph.
    client.notify("textDocument/didChange", change(2, 2, 9, 1, "5"));
    client.notify("textDocument/didChange", change(3, 9, 4, 0, " "));
    let complete = client.wait_for("the new year's findings", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && m["params"]["version"] == 3
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(|d| d.iter().any(|d| d["code"] == "date/impossible"))
    });
    assert!(
        codes(&complete).contains(&"punctuation/double-space".to_string()),
        "{complete}"
    );
    // The next keystroke keeps them.
    client.notify("textDocument/didChange", change(4, 9, 0, 0, "Đ"));
    let next = client.diagnostics_for(uri, 4);
    assert!(impossible(&next), "{next}");
    assert!(client.shutdown().success());
}

/// A hover sent right after an edit elsewhere gets the card of what is
/// under the cursor now, at its new place (from the older analysis, moved
/// through the edit, or from the new one): the same card as once settled.
#[test]
fn hover_right_after_an_edit_elsewhere() {
    let uri = "file:///tmp/bientap-test/hover-after-edit.txt";
    let mut client = Client::spawn();
    client.initialize(&["utf-16"]);
    let text = open_seed(&mut client, uri, "000_d5575fdf0234169a.txt");
    client.diagnostics_for(uri, 1);
    let hover_at = |client: &mut Client, text: &str, at: usize| {
        client.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": lsp_position(text, at, "utf-16") }),
        )["result"]
            .clone()
    };
    let name = "Nguyễn Xuân Linh";
    let settled = hover_at(&mut client, &text, find(&text, name) + 2);
    assert!(
        settled["contents"]["value"]
            .as_str()
            .unwrap()
            .contains(name)
    );

    // A paragraph with an emoji added before the first line: every line
    // below moves down two.
    let mut new_text = format!("Dòng thêm 😀 vào.\n\n{text}");
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 },
                "contentChanges": [{ "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
                                      "text": "Dòng thêm 😀 vào.\n\n" }] }),
    );
    let at = find(&new_text, name);
    let fresh = hover_at(&mut client, &new_text, at + 2);
    assert_eq!(fresh["contents"], settled["contents"]);
    assert_eq!(
        fresh["range"]["start"],
        lsp_position(&new_text, at, "utf-16"),
        "{fresh}"
    );
    assert_eq!(
        fresh["range"]["end"],
        lsp_position(&new_text, at + name.len(), "utf-16"),
        "{fresh}"
    );
    // In the edited paragraph: what is there now.
    new_text.insert_str(0, "Ông ");
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 3 },
                "contentChanges": [{ "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
                                      "text": "Ông " }] }),
    );
    let on_emoji = hover_at(&mut client, &new_text, find(&new_text, "😀"));
    assert!(on_emoji.is_null(), "{on_emoji}");
    // A person named in the edited paragraph: the card counts the
    // mentions elsewhere too, as the settled card does.
    let typed = format!("Hôm qua, {name} nói. ");
    new_text.insert_str(0, &typed);
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 4 },
                "contentChanges": [{ "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
                                      "text": typed }] }),
    );
    let at = find(&new_text, name) + 2;
    let in_edit = hover_at(&mut client, &new_text, at);
    client.diagnostics_for(uri, 4);
    let settled = hover_at(&mut client, &new_text, at);
    let card = settled["contents"]["value"].as_str().unwrap_or_default();
    assert!(card.contains(name), "{settled}");
    assert!(
        card.contains("Được nhắc") && !card.contains("Được nhắc 1 lần"),
        "{card}"
    );
    assert_eq!(in_edit, settled);
    assert!(client.shutdown().success());
}
