//! Knowledge of officials through the real `bientap lsp` over stdio, on the
//! multi-article workspace in `tests/fixtures/workspace/` (copied to a
//! temporary folder per test): indexing with `$/progress`, the registry
//! (`officials.toml`) with diagnostics and live reload, hover cards,
//! definition, references, document and workspace symbols, completion and
//! rename.

mod support;

use std::path::Path;

use serde_json::{Value, json};
use support::{Client, lsp_position};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/workspace");

/// A fresh copy of the fixture workspace.
fn workspace(name: &str) -> support::Scratch {
    let dir = support::scratch(&format!("ws-{name}"));
    for entry in std::fs::read_dir(FIXTURE).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
    }
    dir
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Starts the server on `root` and waits until indexing has finished.
fn start(root: &Path) -> Client {
    let mut client = Client::spawn();
    let caps = json!({
        "general": { "positionEncodings": ["utf-16"] },
        "textDocument": { "hover": { "contentFormat": ["markdown"] } },
        "workspace": { "workspaceEdit": { "documentChanges": true } },
        "window": { "workDoneProgress": true },
    });
    let init = client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": uri(root),
            "workspaceFolders": [{ "uri": uri(root), "name": "ws" }],
            "capabilities": caps,
        }),
    );
    let c = &init["result"]["capabilities"];
    for cap in [
        "definitionProvider",
        "referencesProvider",
        "documentSymbolProvider",
        "workspaceSymbolProvider",
        "completionProvider",
        "renameProvider",
    ] {
        assert!(!c[cap].is_null(), "capability {cap} missing: {c}");
    }
    client.notify("initialized", json!({}));
    let begin = client.wait_for("indexing begins", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "begin"
    });
    assert!(
        begin["params"]["value"]["title"]
            .as_str()
            .unwrap()
            .contains("lập chỉ mục")
    );
    let end = client.wait_for("indexing ends", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
    assert_eq!(
        end["params"]["value"]["message"], "đã lập chỉ mục 4 bài",
        "{end}"
    );
    client
}

fn open(client: &mut Client, path: &Path) -> (String, String) {
    let text = std::fs::read_to_string(path).unwrap();
    let u = uri(path);
    let language = if path.extension().is_some_and(|e| e == "txt") {
        "plaintext"
    } else {
        "article"
    };
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": u, "languageId": language, "version": 1, "text": text } }),
    );
    client.diagnostics_for(&u, 1);
    (u, text)
}

/// The position `chars` characters into the first `needle` of `text`.
fn at(text: &str, needle: &str, chars: usize) -> Value {
    let i = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"));
    let plus = text[i..]
        .char_indices()
        .nth(chars)
        .map_or(text.len() - i, |(b, _)| b);
    lsp_position(text, i + plus, "utf-16")
}

fn hover(client: &mut Client, u: &str, pos: Value) -> String {
    let r = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": u }, "position": pos }),
    );
    r["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn hover_cards_use_registry_and_workspace() {
    let root = workspace("hover");
    let mut client = start(&root);
    let (u, text) = open(&mut client, &root.join("hoi-nghi-2020.article"));

    // Person: posts at the article's date, registry timeline, articles.
    let card = hover(&mut client, &u, at(&text, "Nguyễn Xuân Linh", 3));
    for expected in [
        "**Danh sách cán bộ** (`nguyen-xuan-linh`)",
        "Vào ngày 2020-07-24: Bí thư Quận ủy quận Hoàng Mai",
        "2020-07 → 2021-05: Bí thư Quận ủy quận Hoàng Mai ([nguồn](https://example.invalid/bo-nhiem-bi-thu))",
        // A paragraph of its own, not run on after the previous line.
        "\n\n**Theo các bài trong workspace:**\n",
        "2020-11-02: Bí thư Quận ủy quận Hoàng Mai",
        "Được nhắc trong 2 bài của workspace.",
    ] {
        assert!(card.contains(expected), "missing {expected:?} in\n{card}");
    }

    // Title: who held it on the article's date, and the next holder.
    let card = hover(&mut client, &u, at(&text, "Bí thư Quận ủy Hoàng Mai", 2));
    for expected in [
        "**Theo danh sách cán bộ vào ngày 2020-07-24:**",
        "- Nguyễn Xuân Linh (2020-07 → 2021-05)",
        "- Người sau: Nguyễn Quang Hiếu (2021-06 → nay)",
        "Sau đó: Nguyễn Quang Hiếu (bài ngày 2021-09-10)",
    ] {
        assert!(card.contains(expected), "missing {expected:?} in\n{card}");
    }

    // Place, date and document cards.
    let (u2, text2) = open(&mut client, &root.join("dai-hoi-2021.article"));
    let card = hover(&mut client, &u2, at(&text2, "Vĩnh Hưng", 2));
    assert!(card.contains("quận Hoàng Mai"), "{card}");
    assert!(card.contains("Từ 1/7/2025"), "2025 successor: {card}");
    let card = hover(&mut client, &u2, at(&text2, "10/9", 1));
    assert!(card.contains("2021-09-10 (thứ Sáu)"), "{card}");
    assert!(
        card.contains("front matter"),
        "how the year was found: {card}"
    );
    let card = hover(&mut client, &u, at(&text, "01-NQ/QU", 1));
    assert!(
        card.contains("Nghị quyết 01-NQ/QU") && card.contains("QU"),
        "{card}"
    );

    // The registry also feeds a rule: a post someone else held that day.
    let late = root.join("sau-nhiem-ky.article");
    std::fs::write(
        &late,
        "---\ndate: 2022-03-01\n---\n# Tin\n\nBí thư Quận ủy Hoàng Mai Nguyễn Xuân Linh dự lễ.\n",
    )
    .unwrap();
    let late_uri = uri(&late);
    let late_text = std::fs::read_to_string(&late).unwrap();
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": late_uri, "languageId": "article", "version": 1, "text": late_text } }),
    );
    let d = client.diagnostics_for(&late_uri, 1);
    let hit = d["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "title/registry-holder")
        .unwrap_or_else(|| panic!("no registry finding: {d}"))
        .clone();
    assert_eq!(hit["range"]["start"], at(&late_text, "Bí thư", 0));
    assert!(
        hit["message"]
            .as_str()
            .unwrap()
            .contains("Nguyễn Quang Hiếu")
    );
    assert!(client.shutdown().success());
}

/// `title/workspace-holder` on an open document, against the indexed
/// articles: another article of the same day names another holder; the
/// diagnostic points into that file through `relatedInformation`.
#[test]
fn workspace_timeline_diagnostic_on_an_open_document() {
    let root = workspace("timeline");
    let mut client = start(&root);
    let path = root.join("sai-2020-11.article");
    std::fs::write(
        &path,
        "---\ndate: 2020-11-02\n---\n# Tin\n\nBí thư Quận ủy Hoàng Mai Nguyễn Quang Hiếu dự lễ.\n",
    )
    .unwrap();
    let u = uri(&path);
    let text = std::fs::read_to_string(&path).unwrap();
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": u, "languageId": "article", "version": 1, "text": text } }),
    );
    let d = client.diagnostics_for(&u, 1);
    let hit = d["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "title/workspace-holder")
        .unwrap_or_else(|| panic!("no workspace finding: {d}"))
        .clone();
    assert_eq!(hit["range"]["start"], at(&text, "Nguyễn Quang Hiếu", 0));
    assert_eq!(hit["range"]["end"], at(&text, " dự lễ", 0));
    let message = hit["message"].as_str().unwrap();
    assert!(message.contains("Nguyễn Xuân Linh"), "{message}");
    assert!(
        message.contains("kiem-tra-2020.article (2/11/2020)"),
        "{message}"
    );
    let related = hit["relatedInformation"].as_array().unwrap();
    let other = related
        .iter()
        .find(|r| r["location"]["uri"] == uri(&root.join("kiem-tra-2020.article")))
        .unwrap_or_else(|| panic!("no location in the other file: {related:?}"));
    // "Bí thư Quận ủy Hoàng Mai Nguyễn Xuân Linh" on line 6 of that file
    // (NFD there: the column counts UTF-16 code units).
    assert_eq!(other["location"]["range"]["start"]["line"], 5);
    // The same text, without the other article's day: silent.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": u, "version": 2 },
            "contentChanges": [{ "text": text.replace("2020-11-02", "2020-12-20") }],
        }),
    );
    // (A first publish of version 2 may be the provisional re-check, the
    // other findings carried over until the full analysis of the new
    // date lands.)
    client.wait_for("version 2 without the other article's holder", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == u.as_str()
            && m["params"]["version"] == 2
            && !m.to_string().contains("title/workspace-holder")
    });
    assert!(client.shutdown().success());
}

#[test]
fn definition_references_and_symbols() {
    let root = workspace("nav");
    let mut client = start(&root);
    let (u, text) = open(&mut client, &root.join("hoi-nghi-2020.article"));
    let registry = std::fs::read_to_string(root.join("officials.toml")).unwrap();

    // A registered person: the registry entry.
    let r = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": u }, "position": at(&text, "Nguyễn Xuân Linh", 1) }),
    );
    assert_eq!(r["result"]["uri"], uri(&root.join("officials.toml")), "{r}");
    assert_eq!(
        r["result"]["range"]["start"],
        at(&registry, "\"Nguyễn Xuân Linh\"", 0),
        "{r}"
    );

    // Not registered: the oldest article naming him (the .txt of 15/01/2020).
    let r = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": u }, "position": at(&text, "Trần Văn Nam", 1) }),
    );
    let txt = root.join("tin-ngan-2020.txt");
    let txt_text = std::fs::read_to_string(&txt).unwrap();
    assert_eq!(r["result"]["uri"], uri(&txt), "{r}");
    assert_eq!(
        r["result"]["range"]["start"],
        at(&txt_text, "Trần Văn Nam", 0)
    );

    // References: both articles, the NFD/CRLF one included, and the
    // registry entry as the declaration.
    let r = client.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": u }, "position": at(&text, "Nguyễn Xuân Linh", 1),
                "context": { "includeDeclaration": true } }),
    );
    let refs = r["result"].as_array().unwrap();
    let files: Vec<&str> = refs.iter().map(|l| l["uri"].as_str().unwrap()).collect();
    assert_eq!(refs.len(), 3, "{refs:?}");
    assert_eq!(files[0], uri(&root.join("officials.toml")));
    assert!(files.contains(&uri(&root.join("kiem-tra-2020.article")).as_str()));
    let nfd = std::fs::read_to_string(root.join("kiem-tra-2020.article")).unwrap();
    let nfd_name = "Nguye\u{302}\u{303}n Xua\u{302}n Linh";
    let r_nfd = refs
        .iter()
        .find(|l| l["uri"] == uri(&root.join("kiem-tra-2020.article")))
        .unwrap();
    assert_eq!(r_nfd["range"]["start"], at(&nfd, nfd_name, 0));
    assert_eq!(
        r_nfd["range"]["end"],
        at(&nfd, nfd_name, nfd_name.chars().count()),
        "NFD name measured in UTF-16 code units"
    );

    // Document symbols: headline, people, the document, the section.
    let r = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": u } }),
    );
    let symbols = r["result"].as_array().unwrap();
    let names: Vec<&str> = symbols
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names[0], "Quận ủy Hoàng Mai tổng kết 6 tháng", "{names:?}");
    assert!(names.contains(&"Nguyễn Xuân Linh"), "{names:?}");
    assert!(names.contains(&"Nghị quyết 01-NQ/QU"), "{names:?}");
    let section = symbols
        .iter()
        .find(|s| s["name"] == "Nhiệm vụ cuối năm")
        .expect("section");
    assert_eq!(section["children"][0]["name"], "Trần Văn Nam");

    // Workspace symbols, accent-insensitive.
    let r = client.request("workspace/symbol", json!({ "query": "nguyen xuan linh" }));
    let hits = r["result"].as_array().unwrap();
    assert!(hits.len() >= 2, "{hits:?}");
    assert_eq!(
        hits[0]["location"]["uri"],
        uri(&root.join("officials.toml"))
    );
    assert!(hits.iter().all(|h| {
        h["name"]
            .as_str()
            .unwrap()
            .chars()
            .filter(|c| c.is_alphabetic())
            .count()
            >= 13
    }));
    let r = client.request("workspace/symbol", json!({ "query": "vinh hung" }));
    assert!(
        r["result"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["name"].as_str().unwrap().contains("Vĩnh Hưng")),
        "{r}"
    );
    assert!(client.shutdown().success());
}

#[test]
fn completion_proposes_the_holder_first() {
    let root = workspace("complete");
    let mut client = start(&root);
    let path = root.join("moi.article");
    let text = "---\ndate: 2020-09-01\n---\n# Tin mới\n\nBí thư Quận ủy Hoàng Mai \n";
    std::fs::write(&path, text).unwrap();
    let (u, text) = open(&mut client, &path);
    let after_title = text.find("Hoàng Mai ").unwrap() + "Hoàng Mai ".len();
    let r = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": u }, "position": lsp_position(&text, after_title, "utf-16") }),
    );
    let items = r["result"]["items"].as_array().unwrap();
    assert_eq!(items[0]["label"], "Nguyễn Xuân Linh", "{items:?}");
    assert_eq!(items[0]["preselect"], true);

    // Accent-insensitive prefix over two words: "nguyen qu".
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": u, "version": 2 },
                "contentChanges": [{ "range": { "start": lsp_position(&text, after_title, "utf-16"),
                                                 "end": lsp_position(&text, after_title, "utf-16") },
                                     "text": "nguyen qu" }] }),
    );
    let text2 = format!("{}nguyen qu{}", &text[..after_title], &text[after_title..]);
    let end = after_title + "nguyen qu".len();
    let r = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": u }, "position": lsp_position(&text2, end, "utf-16") }),
    );
    let items = r["result"]["items"].as_array().unwrap();
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert!(labels.contains(&"Nguyễn Quang Hiếu"), "{labels:?}");
    assert!(!labels.contains(&"Nguyễn Xuân Linh"), "{labels:?}");
    let edit = &items[0]["textEdit"]["range"];
    assert_eq!(edit["start"], lsp_position(&text2, after_title, "utf-16"));
    assert_eq!(edit["end"], lsp_position(&text2, end, "utf-16"));

    // Places complete too, from the gazetteer: "phuong vinh h".
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": u, "version": 3 },
                "contentChanges": [{ "range": { "start": lsp_position(&text2, after_title, "utf-16"),
                                                 "end": lsp_position(&text2, end, "utf-16") },
                                     "text": "phuong vinh h" }] }),
    );
    let text3 = format!("{}phuong vinh h{}", &text2[..after_title], &text2[end..]);
    let end3 = after_title + "phuong vinh h".len();
    let r = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": u }, "position": lsp_position(&text3, end3, "utf-16") }),
    );
    let labels: Vec<String> = r["result"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect();
    assert!(labels.iter().any(|l| l == "phường Vĩnh Hưng"), "{labels:?}");
    assert!(
        labels
            .iter()
            .all(|l| bientap::workspace::search_key(l).starts_with("phuong vinh h")),
        "only matching places, accents ignored: {labels:?}"
    );
    assert!(client.shutdown().success());
}

#[test]
fn rename_edits_articles_and_registry() {
    let root = workspace("rename");
    let mut client = start(&root);
    let (u, text) = open(&mut client, &root.join("hoi-nghi-2020.article"));
    let pos = at(&text, "Nguyễn Xuân Linh", 4);
    let r = client.request(
        "textDocument/prepareRename",
        json!({ "textDocument": { "uri": u }, "position": pos }),
    );
    assert_eq!(r["result"]["placeholder"], "Nguyễn Xuân Linh", "{r}");
    let r = client.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": u }, "position": pos, "newName": "Nguyễn Văn Linh" }),
    );
    let changes = r["result"]["documentChanges"].as_array().unwrap();
    let by_file = |name: &str| {
        changes
            .iter()
            .find(|c| c["textDocument"]["uri"] == uri(&root.join(name)))
            .unwrap_or_else(|| panic!("no edit for {name}: {changes:?}"))
    };
    let open_doc = by_file("hoi-nghi-2020.article");
    assert_eq!(
        open_doc["textDocument"]["version"], 1,
        "open document: versioned"
    );
    assert_eq!(open_doc["edits"][0]["newText"], "Nguyễn Văn Linh");
    assert!(by_file("kiem-tra-2020.article")["textDocument"]["version"].is_null());
    let reg = by_file("officials.toml");
    assert_eq!(reg["edits"][0]["newText"], "\"Nguyễn Văn Linh\"");
    assert_eq!(changes.len(), 3);
    // The server wrote nothing.
    assert_eq!(
        std::fs::read_to_string(root.join("hoi-nghi-2020.article")).unwrap(),
        text
    );

    // Not on a person: an error, not an edit.
    let r = client.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": u }, "position": at(&text, "hội nghị sơ kết", 1), "newName": "X" }),
    );
    assert!(r["error"].is_object(), "{r}");
    assert!(client.shutdown().success());
}

#[test]
fn registry_errors_are_diagnostics_and_reload_live() {
    let root = workspace("registry");
    let mut client = start(&root);
    let reg_path = root.join("officials.toml");
    let reg_uri = uri(&reg_path);
    let (u, text) = open(&mut client, &root.join("hoi-nghi-2020.article"));

    // Break the file on disk, tell the server, get positioned errors.
    let bad = "[[person]]\nid = \"nguyen-xuan-linh\"\nname = \"Nguyễn Xuân Linh\"\n\n[[person.post]]\ntitle = \"Bí thư Quận ủy quận Hoàng Mai\"\nfrom = \"2020-13\"\n";
    std::fs::write(&reg_path, bad).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": reg_uri, "type": 2 }] }),
    );
    let d = client.wait_for("registry diagnostics", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == reg_uri
            && !m["params"]["diagnostics"].as_array().unwrap().is_empty()
    });
    let diag = &d["params"]["diagnostics"][0];
    assert_eq!(diag["code"], "registry/invalid");
    assert_eq!(diag["range"]["start"], at(bad, "\"2020-13\"", 0), "{diag}");

    // The reloaded registry has no Nguyễn Quang Hiếu any more.
    let card = hover(&mut client, &u, at(&text, "Bí thư Quận ủy Hoàng Mai", 2));
    assert!(!card.contains("Người sau: Nguyễn Quang Hiếu"), "{card}");

    // Opened in the editor, the buffer is checked as it is typed.
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": reg_uri, "languageId": "toml", "version": 1,
                                  "text": "[[person]]\nname = 3\n" } }),
    );
    let d = client.diagnostics_for(&reg_uri, 1);
    let messages: Vec<&str> = d["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("`name`")),
        "the bad name is reported: {messages:?}"
    );

    // Any other TOML file is not an article: not tracked, never analysed.
    let other = uri(&root.join("Cargo.toml"));
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": other, "languageId": "toml", "version": 1,
                                  "text": "[package]\nname = \"x\"\n" } }),
    );
    let r = client.request("bientap/documentText", json!({ "uri": other }));
    assert!(r["error"].is_object(), "{r}");

    // A new article on disk is indexed when the watcher reports it.
    let new = root.join("moi-2022.article");
    std::fs::write(
        &new,
        "---\ndate: 2022-03-01\n---\n# Tin\n\nBí thư Quận ủy Hoàng Mai Nguyễn Xuân Linh dự lễ.\n",
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&new), "type": 1 }] }),
    );
    let r = client.request("workspace/symbol", json!({ "query": "nguyen xuan linh" }));
    assert!(
        r["result"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["location"]["uri"] == uri(&new)),
        "{r}"
    );
    assert!(client.shutdown().success());
}

/// Issue acceptance: hovering each official the seeds name with a title
/// shows that title.
#[test]
fn seed_officials_hover_shows_their_titles() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "000_d5575fdf0234169a.txt",
            "Nguyễn Xuân Linh",
            "Bí thư Quận ủy quận Hoàng Mai",
        ),
        (
            "000_d5575fdf0234169a.txt",
            "Nguyễn Minh Tâm",
            "Chủ tịch Ủy ban nhân dân quận Hoàng Mai",
        ),
        (
            "001_4c3665d56e5f4e8d.txt",
            "Nguyễn Quang Hiếu",
            "Bí thư Quận ủy quận Hoàng Mai",
        ),
        (
            "002_d49ab99872ae2c8e.txt",
            "Nguyễn Đức Chung",
            "Chủ tịch Ủy ban nhân dân thành phố",
        ),
        ("002_d49ab99872ae2c8e.txt", "Nguyễn Quốc Duyệt", "Tư lệnh"),
        (
            "002_d49ab99872ae2c8e.txt",
            "Phạm Quang Nghị",
            "nguyên Bí thư Thành ủy thành phố Hà Nội",
        ),
        (
            "002_d49ab99872ae2c8e.txt",
            "Nguyễn Thế Thảo",
            "nguyên Chủ tịch Ủy ban nhân dân thành phố Hà Nội",
        ),
        (
            "002_d49ab99872ae2c8e.txt",
            "Nguyễn Lan Hương",
            "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam",
        ),
        (
            "002_d49ab99872ae2c8e.txt",
            "Nguyễn Thị Tuyến",
            "Trưởng Ban Dân vận Thành ủy",
        ),
        (
            "002_d49ab99872ae2c8e.txt",
            "Phùng Thị Hồng Hà",
            "Phó Chủ tịch Hội đồng nhân dân thành phố",
        ),
        (
            "002_d49ab99872ae2c8e.txt",
            "Nguyễn Xuân Lưu",
            "Chủ tịch Ủy ban nhân dân quận Thanh Xuân",
        ),
        (
            "004_1643db9aab8e5fcf.txt",
            "Nguyễn Xuân Phong",
            "Phó Bí thư Thường trực Quận ủy quận Hoàng Mai",
        ),
        (
            "004_1643db9aab8e5fcf.txt",
            "Lê Hồng Tiến",
            "Chánh Văn phòng Quận ủy",
        ),
        (
            "003_e71a8f870e91d983.txt",
            "Nguyễn Thị Bích Hạnh",
            "Phó Bí thư",
        ),
        (
            "003_e71a8f870e91d983.txt",
            "Lưu Thị Thanh Huyền",
            "phường Vĩnh Hưng",
        ),
    ];
    let mut client = Client::spawn();
    client.initialize(&["utf-16"]);
    for (i, (file, name, title)) in cases.iter().enumerate() {
        let u = format!("file:///tmp/bientap-seeds/{i}-{file}");
        let text = std::fs::read_to_string(format!("{}/seeds/{file}", env!("CARGO_MANIFEST_DIR")))
            .unwrap();
        client.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": u, "languageId": "plaintext", "version": 1, "text": text } }),
        );
        let card = hover(&mut client, &u, at(&text, name, 2));
        assert!(
            card.contains(name) && card.contains(title),
            "{file}: hover on {name} should show {title:?}:\n{card}"
        );
    }
    assert!(client.shutdown().success());
}
