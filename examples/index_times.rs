//! Time the workspace indexer's per-article work (read + parse + recognise
//! + summarise) on one thread over every article under a folder.
//!
//! `cargo run --release --example index_times -- DIR`

use std::time::Instant;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: index_times DIR");
        std::process::exit(2);
    };
    let (files, _) = bientap::cli::files::collect(&[dir.into()]);
    let _ = bientap::lexicon::Lexicons::get();
    let (mut read, mut summarise, mut bytes) = (0.0, 0.0, 0usize);
    for path in &files {
        let t = Instant::now();
        let Ok(text) = bientap::cli::files::read_text(path) else {
            continue;
        };
        read += t.elapsed().as_secs_f64();
        bytes += text.len();
        let t = Instant::now();
        let summary = bientap::workspace::summarize_text(path.clone(), &text);
        summarise += t.elapsed().as_secs_f64();
        std::hint::black_box(summary);
    }
    let n = files.len().max(1) as f64;
    println!(
        "{} articles, {:.1} KB average: read {:.3} ms, summarise {:.3} ms per article (one thread)",
        files.len(),
        bytes as f64 / n / 1024.0,
        read * 1e3 / n,
        summarise * 1e3 / n
    );
}
