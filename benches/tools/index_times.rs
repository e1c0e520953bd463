//! Time the workspace indexer's per-article work (read + parse + recognise
//! + summarise) on one thread over every article under a folder.
//!
//! `cargo run --release --example index_times -- DIR [--dump FILE]`
//!
//! `--dump FILE` writes every summary (`Debug`, in file order) to FILE, to
//! compare the index's content before and after a change.

use std::io::Write;
use std::time::Instant;

/// CPU time of the calling thread, in seconds (less sensitive than wall
/// time to other processes on a shared machine).
fn thread_cpu() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: index_times DIR [--dump FILE]");
        std::process::exit(2);
    };
    let mut dump = args
        .iter()
        .position(|a| a == "--dump")
        .and_then(|i| args.get(i + 1))
        .map(|f| std::io::BufWriter::new(std::fs::File::create(f).expect("dump file")));
    let (files, _) = bientap::cli::files::collect(&[dir.into()]);
    let _ = bientap::lexicon::Lexicons::get();
    let (mut read, mut summarise, mut cpu, mut bytes) = (0.0, 0.0, 0.0, 0usize);
    for path in &files {
        let t = Instant::now();
        let Ok(text) = bientap::cli::files::read_text(path) else {
            continue;
        };
        read += t.elapsed().as_secs_f64();
        bytes += text.len();
        let (t, c) = (Instant::now(), thread_cpu());
        let summary = bientap::workspace::summarize_text(path.clone(), &text);
        summarise += t.elapsed().as_secs_f64();
        cpu += thread_cpu() - c;
        if let Some(out) = &mut dump {
            writeln!(out, "{summary:?}").expect("dump write");
        }
        std::hint::black_box(summary);
    }
    let n = files.len().max(1) as f64;
    println!(
        "{} articles, {:.1} KB average: read {:.3} ms, summarise {:.3} ms (CPU {:.3} ms) per article (one thread)",
        files.len(),
        bytes as f64 / n / 1024.0,
        read * 1e3 / n,
        summarise * 1e3 / n,
        cpu * 1e3 / n
    );
}
