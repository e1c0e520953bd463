//! Nothing lost: `bientap check --fix` writes through a temporary file and
//! a rename, so an article is always either the original or the fully
//! fixed version; a failed write leaves it untouched; and the language
//! server never writes files at all.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::Client;

const FIXABLE: &str =
    "Quận ủy họp. Quận ủy bàn. Quận ủy duyệt. Quận uỷ kết luận.\nPhiên bản di động\n";

fn bientap(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_bientap"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Makes `dir` impossible to create files in, even for root: mode 0555,
/// and `chattr +i` when running as root. Returns an undo guard, or `None`
/// when neither works here.
struct ReadOnly(PathBuf, bool);

impl ReadOnly {
    fn new(dir: &Path) -> Option<ReadOnly> {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        if std::fs::write(dir.join("probe"), "x").is_err() {
            return Some(ReadOnly(dir.to_path_buf(), false));
        }
        let _ = std::fs::remove_file(dir.join("probe"));
        // Root ignores the mode; an immutable folder stops root too.
        let ok = Command::new("chattr")
            .arg("+i")
            .arg(dir)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok && std::fs::write(dir.join("probe"), "x").is_err() {
            return Some(ReadOnly(dir.to_path_buf(), true));
        }
        let _ = std::fs::remove_file(dir.join("probe"));
        let _ = Command::new("chattr").arg("-i").arg(dir).status();
        None
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if self.1 {
            let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
        }
        let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o755));
    }
}

#[test]
fn fix_in_a_read_only_folder_fails_and_keeps_the_original() {
    let dir = support::scratch("fix-atomic-ro");
    let file = dir.join("bai.txt");
    std::fs::write(&file, FIXABLE).unwrap();
    let before = names(&dir);
    let Some(guard) = ReadOnly::new(&dir) else {
        eprintln!("SKIPPED: cannot make a read-only folder here (root without chattr)");
        return;
    };
    let (code, err) = bientap(&["check", "--fix", file.to_str().unwrap()]);
    let after_bytes = std::fs::read(&file).unwrap();
    let after = names(&dir);
    drop(guard);
    assert_eq!(code, 2, "exit code: {err}");
    assert!(err.contains("không ghi được, tệp giữ nguyên"), "{err}");
    assert_eq!(
        after_bytes,
        FIXABLE.as_bytes(),
        "the original bytes are unchanged"
    );
    assert_eq!(after, before, "no temporary file left behind");
    // Once writable again the same command fixes it.
    let (code, err) = bientap(&["check", "--fix", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_ne!(std::fs::read(&file).unwrap(), FIXABLE.as_bytes());
    assert_eq!(names(&dir), before);
}

/// A tiny xorshift generator for reproducible kill times.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// SIGKILL at random moments of `check --fix` on a larger file: the file is
/// always byte-for-byte the original or the fully fixed version. A killed
/// run may leave its hidden temporary file; never a partial article.
#[test]
fn sigkill_during_fix_never_leaves_a_partial_file() {
    let dir = support::scratch("fix-atomic-kill");
    let original = format!("Tiêu đề\n{}", FIXABLE.repeat(150));
    let reference = dir.join("reference.txt");
    std::fs::write(&reference, &original).unwrap();
    // Time a warm run (the first one may pay for cold caches).
    let (code, err) = bientap(&["check", "--fix", reference.to_str().unwrap()]);
    let fixed = std::fs::read_to_string(&reference).unwrap();
    std::fs::write(&reference, &original).unwrap();
    let t = Instant::now();
    bientap(&["check", "--fix", reference.to_str().unwrap()]);
    let full_run = t.elapsed();
    assert_eq!(std::fs::read_to_string(&reference).unwrap(), fixed);
    assert_ne!(fixed, original, "{code} {err}");
    std::fs::remove_file(&reference).unwrap();

    let file = dir.join("bai.txt");
    let mut rng = Rng(0x2545f4914f6cdd1d);
    let (mut saw_original, mut saw_fixed) = (0, 0);
    let runs = 12;
    for k in 0..runs {
        std::fs::write(&file, &original).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_bientap"))
            .args(["check", "--fix", file.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Kill somewhere in the run, mostly late (where the write happens);
        // the last run is never killed.
        let ms = full_run.as_millis() as u64;
        let delay = if k == runs - 1 {
            10 * ms + 10_000
        } else {
            ms / 10 + rng.below(ms + 1)
        };
        let deadline = Instant::now() + Duration::from_millis(delay);
        while Instant::now() < deadline && child.try_wait().unwrap().is_none() {
            std::thread::sleep(Duration::from_millis(1));
        }
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = std::fs::read_to_string(&file).unwrap();
        if now == original {
            saw_original += 1;
        } else if now == fixed {
            saw_fixed += 1;
        } else {
            panic!(
                "run {k}: the file is neither the original nor the fixed version ({} bytes)",
                now.len()
            );
        }
        for name in names(&dir) {
            assert!(
                name == "bai.txt"
                    || (name.starts_with(".bai.txt.bientap-") && name.ends_with(".tmp")),
                "unexpected file {name}"
            );
        }
        for name in names(&dir).into_iter().filter(|n| n.ends_with(".tmp")) {
            std::fs::remove_file(dir.join(name)).unwrap();
        }
    }
    eprintln!(
        "check --fix killed {} times (full run {full_run:?}): original {saw_original}, fixed {saw_fixed}",
        runs - 1
    );
    assert!(saw_fixed >= 1, "the unkilled run fixes the file");
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// A session with code actions (quick fixes, suppressions), both commands
/// and a configuration reload on a temporary workspace: the tree is
/// byte-for-byte the same afterwards (ARCHITECTURE.md invariant 5).
#[test]
fn the_server_never_writes_files() {
    let dir = support::scratch("fix-atomic-ws");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("bientap.toml"), "[rules]\n").unwrap();
    let a = dir.join("a.article");
    std::fs::write(&a, format!("Tiêu đề\n\n{FIXABLE}")).unwrap();
    std::fs::write(dir.join("sub/b.txt"), FIXABLE).unwrap();
    let before = snapshot(&dir);

    let root = format!("file://{}", dir.display());
    let uri = format!("{root}/a.article");
    let mut client = Client::spawn();
    client.request(
        "initialize",
        json!({ "processId": null, "capabilities": { "workspace": { "workspaceEdit": { "documentChanges": true } } },
            "workspaceFolders": [{ "uri": root, "name": "ws" }] }),
    );
    client.notify("initialized", json!({}));
    let text = std::fs::read_to_string(&a).unwrap();
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "article", "version": 1, "text": text } }),
    );
    let diags = client.diagnostics_for(&uri, 1);
    let list = diags["params"]["diagnostics"].as_array().unwrap().clone();
    assert!(!list.is_empty());
    let mut edits = 0;
    for d in &list {
        let r = client.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": d["range"], "context": { "diagnostics": [d] } }),
        );
        for action in r["result"].as_array().cloned().unwrap_or_default() {
            if action.get("edit").is_some() {
                edits += 1;
            }
            if let Some(cmd) = action.get("command").filter(|c| c.is_object()) {
                let _ = client.request(
                    "workspace/executeCommand",
                    json!({ "command": cmd["command"], "arguments": cmd.get("arguments").cloned().unwrap_or(Value::Null) }),
                );
            }
        }
    }
    assert!(edits > 0, "quick fixes are returned as edits");
    for command in ["bientap.checkWorkspace", "bientap.reindex"] {
        let r = client.request(
            "workspace/executeCommand",
            json!({ "command": command, "arguments": [] }),
        );
        assert!(r.get("error").is_none(), "{r}");
    }
    client.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": uri }, "text": text }),
    );
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": format!("{root}/bientap.toml"), "type": 2 }] }),
    );
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert!(client.shutdown().success());
    assert_eq!(snapshot(&dir), before, "the workspace changed");
}
