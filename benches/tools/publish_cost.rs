//! Cost of turning one analysis's findings into a publishDiagnostics
//! message (conversion, JSON value, JSON text), in process.
//!
//! `cargo run --release --example publish_cost FILE`
use std::time::Instant;

use bientap::analysis::{AnalyzeOptions, analyze};
use bientap::syntax::SourceFormat;
use tower_lsp_server::ls_types::{PublishDiagnosticsParams, Uri};

fn main() {
    let path = std::env::args().nth(1).expect("file");
    let text = std::fs::read_to_string(&path).unwrap();
    let options = AnalyzeOptions::with_format(SourceFormat::from_path(path.as_ref()));
    let analysis = analyze(&text, &options);
    let rope = ropey::Rope::from_str(&text);
    let uri: Uri = "file:///bench/a.article".parse().unwrap();
    for _ in 0..5 {
        let t = Instant::now();
        let diags: Vec<_> = analysis
            .findings
            .iter()
            .map(|f| {
                bientap::server::convert::diagnostic(
                    &uri,
                    &rope,
                    f,
                    bientap::text::position::Encoding::Utf16,
                    bientap::finding::Language::Vi,
                )
            })
            .collect();
        let convert = t.elapsed();
        let t = Instant::now();
        let cloned = diags.clone();
        let clone = t.elapsed();
        let t = Instant::now();
        let value =
            serde_json::to_value(PublishDiagnosticsParams::new(uri.clone(), cloned, Some(1)))
                .unwrap();
        let to_value = t.elapsed();
        let t = Instant::now();
        let s = value.to_string();
        if std::env::var("SHOW").is_ok() {
            println!(
                "{}",
                serde_json::to_string_pretty(&value["diagnostics"][0]).unwrap()
            );
            println!(
                "{}",
                serde_json::to_string_pretty(&value["diagnostics"][100]).unwrap()
            );
            std::process::exit(0);
        }
        let to_string = t.elapsed();
        println!(
            "{} diagnostics, {} bytes: convert {:?}, clone {:?}, to_value {:?}, to_string {:?}",
            diags.len(),
            s.len(),
            convert,
            clone,
            to_value,
            to_string
        );
    }
}
