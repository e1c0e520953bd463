//! Analysis-core benchmarks (criterion): `analyze` at 10 KB … 10 MB, its
//! phases (parse / recognize / rules), what the server adds per analysis
//! (rope → String, findings → LSP diagnostics), semantic-token encoding,
//! hover and position conversion.
//!
//! `cargo bench --bench analysis` runs everything (a few minutes on two
//! cores); `cargo bench --bench analysis -- analyze/100KB` runs one case.
//! The 10 MB document is measured by hand after the criterion groups (a
//! few samples, capped at about a minute unless one sample takes longer):
//! `BIENTAP_BENCH_10MB=0` skips it, `BIENTAP_BENCH_10MB_RUNS=n` sets the
//! number of samples.

mod common;

use std::hint::black_box;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use bientap::analysis::{Analysis, AnalyzeOptions, analyze};
use bientap::lexicon::Lexicons;
use bientap::recognize;
use bientap::rules::{self, RuleSettings};
use bientap::server::{convert, semantic_tokens};
use bientap::syntax::{self, SourceFormat};
use bientap::text::position::{Encoding, LineCol, LineIndex, byte_to_linecol, linecol_to_byte};
use common::{KB, MB, generate, offsets, size_label};
use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use ropey::Rope;
use tower_lsp_server::ls_types::Uri;

const SEED: u64 = 2024;

struct Doc {
    size: usize,
    text: String,
    rope: Rope,
    analysis: OnceLock<Analysis>,
}

impl Doc {
    fn analysis(&self) -> &Analysis {
        self.analysis.get_or_init(|| {
            let a = analyze(&self.text, &options());
            eprintln!(
                "[bench] document {}: {} bytes, {} lines, {} blocks, {} entities, {} findings",
                size_label(self.size),
                self.text.len(),
                self.rope.len_lines(),
                a.article.blocks.len(),
                a.recognition.entities.len(),
                a.findings.len()
            );
            a
        })
    }
}

fn options() -> AnalyzeOptions {
    AnalyzeOptions::with_format(SourceFormat::Article)
}

fn doc(size: usize) -> &'static Doc {
    static DOCS: OnceLock<std::sync::Mutex<Vec<&'static Doc>>> = OnceLock::new();
    let docs = DOCS.get_or_init(Default::default);
    let mut docs = docs.lock().unwrap();
    if let Some(d) = docs.iter().find(|d| d.size == size) {
        return d;
    }
    let text = generate(size, SEED);
    let rope = Rope::from_str(&text);
    let d: &'static Doc = Box::leak(Box::new(Doc {
        size,
        text,
        rope,
        analysis: OnceLock::new(),
    }));
    docs.push(d);
    d
}

fn with_10mb() -> bool {
    std::env::var("BIENTAP_BENCH_10MB").map_or(true, |v| v != "0")
}

/// `analyze` on 10 MB, measured by hand: criterion's minimum of ten
/// samples (plus warm-up) is too long for a document whose analysis takes
/// minutes. Runs until `BIENTAP_BENCH_10MB_RUNS` samples (default 3) or
/// 60 s have been spent, whichever comes first, at least once.
fn analyze_10mb_by_hand(args: &[String]) {
    let name = "analyze/10MB";
    // Only under `cargo bench` (which passes --bench), honouring a filter.
    if !args.iter().any(|a| a == "--bench") || args.iter().any(|a| a == "--list") {
        return;
    }
    let filters: Vec<&String> = args
        .iter()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    if !filters.is_empty()
        && !filters
            .iter()
            .any(|f| regex::Regex::new(f).is_ok_and(|r| r.is_match(name)))
    {
        return;
    }
    let runs: usize = std::env::var("BIENTAP_BENCH_10MB_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let d = doc(10 * MB);
    let mut times = Vec::new();
    let started = Instant::now();
    while times.len() < runs.max(1)
        && (times.is_empty() || started.elapsed() < Duration::from_secs(60))
    {
        let t = Instant::now();
        black_box(analyze(black_box(&d.text), &options()));
        times.push(t.elapsed().as_secs_f64());
        eprintln!(
            "{name}: sample {} took {:.2} s",
            times.len(),
            times[times.len() - 1]
        );
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "{name:<24}time:   [{:.3} s {:.3} s {:.3} s]  ({} samples by hand: min median max)",
        times[0],
        median,
        times[times.len() - 1],
        times.len()
    );
    println!(
        "{:<24}thrpt:  {:.1} KiB/s (median)",
        "",
        d.text.len() as f64 / 1024.0 / median
    );
}

fn bench_analyze(c: &mut Criterion) {
    let mut g = c.benchmark_group("analyze");
    g.warm_up_time(Duration::from_millis(500));
    for size in [10 * KB, 100 * KB, MB] {
        g.throughput(Throughput::Bytes(size as u64));
        match size {
            s if s <= 10 * KB => g.sample_size(50).measurement_time(Duration::from_secs(3)),
            s if s <= 100 * KB => g.sample_size(20).measurement_time(Duration::from_secs(8)),
            _ => g
                .sample_size(10)
                .sampling_mode(SamplingMode::Flat)
                .measurement_time(Duration::from_secs(1)),
        };
        g.bench_function(BenchmarkId::from_parameter(size_label(size)), |b| {
            let d = doc(size);
            b.iter(|| analyze(black_box(&d.text), &options()))
        });
    }
    g.finish();
}

/// Where `analyze` spends its time, phase by phase, plus what the server
/// does around it for every published version.
fn bench_phases(c: &mut Criterion) {
    let mut g = c.benchmark_group("phase");
    g.warm_up_time(Duration::from_millis(500));
    let uri: Uri = "file:///bench/article.article".parse().unwrap();
    for size in [100 * KB, MB] {
        let label = size_label(size);
        if size >= MB {
            g.sample_size(10)
                .sampling_mode(SamplingMode::Flat)
                .measurement_time(Duration::from_secs(1));
        } else {
            g.sample_size(20)
                .sampling_mode(SamplingMode::Auto)
                .measurement_time(Duration::from_secs(3));
        }
        g.bench_function(BenchmarkId::new("parse", &label), |b| {
            let d = doc(size);
            b.iter(|| syntax::parse(black_box(&d.text), SourceFormat::Article))
        });
        g.bench_function(BenchmarkId::new("recognize", &label), |b| {
            let article = &doc(size).analysis().article;
            b.iter(|| recognize::recognize(black_box(article)))
        });
        g.bench_function(BenchmarkId::new("rules", &label), |b| {
            let d = doc(size);
            let a = d.analysis();
            b.iter(|| {
                rules::run(
                    black_box(&d.text),
                    &a.article,
                    &a.recognition,
                    &RuleSettings::default(),
                )
            })
        });
        g.bench_function(BenchmarkId::new("rope_to_string", &label), |b| {
            let d = doc(size);
            b.iter(|| black_box(&d.rope).to_string())
        });
        g.bench_function(BenchmarkId::new("diagnostics_utf16", &label), |b| {
            let d = doc(size);
            let a = d.analysis();
            b.iter(|| {
                a.findings
                    .iter()
                    .map(|f| {
                        convert::diagnostic(&uri, &d.rope, f, Encoding::Utf16, Default::default())
                    })
                    .collect::<Vec<_>>()
            })
        });
        g.bench_function(BenchmarkId::new("diagnostics_json", &label), |b| {
            let d = doc(size);
            let diags: Vec<_> = d
                .analysis()
                .findings
                .iter()
                .map(|f| convert::diagnostic(&uri, &d.rope, f, Encoding::Utf16, Default::default()))
                .collect();
            b.iter(|| serde_json::to_string(black_box(&diags)).unwrap().len())
        });
    }
    g.finish();
}

fn bench_semantic_tokens(c: &mut Criterion) {
    let mut g = c.benchmark_group("semantic_tokens");
    g.warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20);
    for size in [100 * KB, MB] {
        for enc in [Encoding::Utf16, Encoding::Utf8] {
            g.bench_function(
                BenchmarkId::new(format!("encode_{}", enc.lsp_name()), size_label(size)),
                |b| {
                    let d = doc(size);
                    let entities = &d.analysis().recognition.entities;
                    b.iter(|| semantic_tokens::encode(&d.rope, black_box(entities), None, enc))
                },
            );
        }
    }
    g.finish();
}

const LOOKUPS: usize = 1000;

fn bench_hover(c: &mut Criterion) {
    let mut g = c.benchmark_group("hover");
    g.warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20)
        .throughput(Throughput::Elements(LOOKUPS as u64));
    for size in [10 * KB, 100 * KB, MB] {
        g.bench_function(
            BenchmarkId::new(format!("{LOOKUPS}_offsets"), size_label(size)),
            |b| {
                let d = doc(size);
                let a = d.analysis();
                let at = offsets(&d.text, LOOKUPS, 7);
                b.iter(|| {
                    at.iter()
                        .filter_map(|&o| bientap::hover::hover(a, black_box(o)))
                        .count()
                })
            },
        );
    }
    g.finish();
}

fn bench_positions(c: &mut Criterion) {
    let mut g = c.benchmark_group("position");
    g.warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20);
    for size in [100 * KB, MB] {
        let label = size_label(size);
        g.throughput(Throughput::Elements(LOOKUPS as u64));
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            g.bench_function(
                BenchmarkId::new(format!("byte_to_linecol_{}", enc.lsp_name()), &label),
                |b| {
                    let d = doc(size);
                    let at = offsets(&d.text, LOOKUPS, 11);
                    b.iter(|| {
                        at.iter()
                            .map(|&o| byte_to_linecol(&d.rope, black_box(o), enc).col)
                            .sum::<u32>()
                    })
                },
            );
            g.bench_function(
                BenchmarkId::new(format!("linecol_to_byte_{}", enc.lsp_name()), &label),
                |b| {
                    let d = doc(size);
                    let positions: Vec<LineCol> = offsets(&d.text, LOOKUPS, 11)
                        .into_iter()
                        .map(|o| byte_to_linecol(&d.rope, o, enc))
                        .collect();
                    b.iter(|| {
                        positions
                            .iter()
                            .map(|&p| linecol_to_byte(&d.rope, black_box(p), enc).0)
                            .sum::<usize>()
                    })
                },
            );
        }
        g.bench_function(BenchmarkId::new("line_index_position", &label), |b| {
            let d = doc(size);
            let at = offsets(&d.text, LOOKUPS, 11);
            let index = LineIndex::new(&d.text);
            b.iter(|| {
                at.iter()
                    .map(|&o| index.position(&d.text, black_box(o)).char_col)
                    .sum::<usize>()
            })
        });
        g.throughput(Throughput::Bytes(size as u64));
        g.bench_function(BenchmarkId::new("line_index_new", &label), |b| {
            let d = doc(size);
            b.iter(|| LineIndex::new(black_box(&d.text)))
        });
    }
    g.finish();
}

fn main() {
    Lexicons::get(); // built once per process, never inside a sample
    let mut c = Criterion::default().configure_from_args();
    bench_analyze(&mut c);
    bench_phases(&mut c);
    bench_semantic_tokens(&mut c);
    bench_hover(&mut c);
    bench_positions(&mut c);
    c.final_summary();
    if with_10mb() {
        analyze_10mb_by_hand(&std::env::args().collect::<Vec<_>>());
    }
}
