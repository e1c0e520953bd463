//! Every file in fuzz/regressions/ run through the same checks as the fuzz
//! targets (fuzz/src/lib.rs is compiled into this test), so inputs that
//! once broke bientap are checked by `cargo test` without cargo-fuzz.
//!
//! The file name picks the target: `parse_article-*`, `analyze-*` (first
//! byte = format, as in fuzz_targets/analyze.rs) or `edits-*` (decoded
//! with `arbitrary` exactly as libFuzzer's `fuzz_target!` does).

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod bientap_fuzz;

use arbitrary::{Arbitrary, Unstructured};

fn run(target: &str, data: &[u8]) {
    match target {
        "parse_article" => {
            if let Ok(text) = std::str::from_utf8(data) {
                bientap_fuzz::check_parse(text);
            }
        }
        "analyze" => {
            if let Some((&format, rest)) = data.split_first()
                && let Ok(text) = std::str::from_utf8(rest)
            {
                bientap_fuzz::check_analyze(format, text);
            }
        }
        "edits" => {
            if data.len() < bientap_fuzz::EditsInput::size_hint(0).0 {
                return;
            }
            let u = Unstructured::new(data);
            if let Ok(input) = bientap_fuzz::EditsInput::arbitrary_take_rest(u) {
                bientap_fuzz::check_edits(&input);
            }
        }
        other => panic!("unknown fuzz target {other:?}"),
    }
}

#[test]
fn every_saved_input_passes_its_target() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/regressions");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "bin"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let target = ["parse_article", "analyze", "edits"]
            .into_iter()
            .find(|t| name.starts_with(&format!("{t}-")))
            .unwrap_or_else(|| panic!("{name}: the name must start with a fuzz target"));
        let data = std::fs::read(path).unwrap();
        if let Err(e) = std::panic::catch_unwind(|| run(target, &data)) {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failures.push(format!("{name}: {msg}"));
        }
    }
    eprintln!("{} saved fuzz inputs checked", files.len());
    assert!(!files.is_empty(), "fuzz/regressions/ holds no .bin input");
    assert!(failures.is_empty(), "{failures:#?}");
}
