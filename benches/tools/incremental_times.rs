//! Time of one quick re-check (`analysis::quick`) and of one incremental
//! re-analysis after a single-character edit, against a full `analyze` (rough; `benches/lsp_latency.rs` is the
//! end-to-end reference).
//!
//! `cargo run --release --example incremental_times FILE [EDITS]`
use std::time::{Duration, Instant};

use bientap::analysis::{AnalyzeOptions, IncrementalAnalyzer, analyze};
use bientap::syntax::SourceFormat;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("file");
    let edits: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(200);
    // `QUICK_ONLY=1`: time only quick re-checks, each from the first analysis.
    let quick_only = std::env::var_os("QUICK_ONLY").is_some();
    // `NO_CHAIN=1`: skip the chained-base step (profiling the re-check alone).
    let no_chain = std::env::var_os("NO_CHAIN").is_some();
    let mut text = std::fs::read_to_string(&path).unwrap();
    let options = AnalyzeOptions::with_format(SourceFormat::from_path(path.as_ref()));
    let _ = bientap::lexicon::Lexicons::get();
    let t = Instant::now();
    let full = analyze(&text, &options);
    let full_time = t.elapsed();
    let mut inc = IncrementalAnalyzer::new();
    let t = Instant::now();
    inc.analyze(&text, &options);
    let first = t.elapsed();
    let mut times: Vec<Duration> = Vec::new();
    let mut quick_times: Vec<Duration> = Vec::new();
    let mut chain_times: Vec<(Duration, Duration)> = Vec::new();
    let mut declined = 0;
    let mut base = (text.clone(), full.clone());
    let mut state = 0x2545F4914F6CDD1Du64;
    for k in 0..edits {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let mut at = (state % text.len() as u64) as usize;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        if k % 5 == 4 {
            let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            text.replace_range(at..end, "");
        } else {
            text.insert(at, ['a', 'ư', 'ộ', ' ', ',', '1'][k % 6]);
        }
        // The server's first step: a quick re-check from the last full analysis.
        let t = Instant::now();
        let quick = bientap::analysis::quick::quick_findings(
            &base.0,
            &base.1,
            &text,
            &options,
            &bientap::analysis::quick::RegionMemo::default(),
        );
        // What the server converts afresh: the findings in the region.
        let moved = quick.as_ref().map_or(0, |q| {
            q.findings
                .iter()
                .filter(|f| matches!(f, bientap::analysis::quick::QuickFinding::New(_)))
                .count()
        });
        std::hint::black_box(moved);
        quick_times.push(t.elapsed());
        declined += usize::from(quick.is_none());
        if let Some(q) = quick.as_ref().filter(|_| !no_chain) {
            // The server's next step, in the background: the chained base.
            let t = Instant::now();
            let article = bientap::syntax::parse(&text, options.format);
            let parsed = t.elapsed();
            let findings = q.to_findings(&base.1);
            chain_times.push((parsed, t.elapsed() - parsed));
            std::hint::black_box((article, findings));
        }
        if quick_only {
            // Every edit from the same base (profiling the quick path).
            text = base.0.clone();
            continue;
        }
        let t = Instant::now();
        let analysis = inc.analyze(&text, &options);
        times.push(t.elapsed());
        base = (text.clone(), analysis);
    }
    quick_times.sort();
    let q = |x: f64| quick_times[((quick_times.len() - 1) as f64 * x) as usize];
    eprintln!(
        "quick re-check after one edit: p50 {:?} p90 {:?} p99 {:?} max {:?}; declined {declined} of {edits}",
        q(0.5),
        q(0.9),
        q(0.99),
        quick_times[quick_times.len() - 1]
    );
    let median = |mut v: Vec<Duration>| {
        v.sort();
        v.get(v.len() / 2).copied().unwrap_or_default()
    };
    eprintln!(
        "chained base after it: parse p50 {:?}, findings carried over p50 {:?}",
        median(chain_times.iter().map(|c| c.0).collect()),
        median(chain_times.iter().map(|c| c.1).collect()),
    );
    if quick_only {
        return;
    }
    times.sort();
    let p = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    eprintln!(
        "{} bytes, {} entities, {} findings: full analyze {full_time:?}, first incremental {first:?}",
        text.len(),
        full.recognition.entities.len(),
        full.findings.len()
    );
    eprintln!(
        "incremental after one edit ({edits} edits): p50 {:?} p90 {:?} p99 {:?} max {:?}; last {:?}",
        p(0.5),
        p(0.9),
        p(0.99),
        times[times.len() - 1],
        inc.stats()
    );
}
