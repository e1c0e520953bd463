//! Rough timing of one analysis (the real figures come from `cargo bench`).
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).expect("file");
    let reps: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let text = std::fs::read_to_string(path).unwrap();
    let opts =
        bientap::analysis::AnalyzeOptions::with_format(bientap::syntax::SourceFormat::PlainText);
    let t = Instant::now();
    let _ = bientap::lexicon::Lexicons::get();
    eprintln!("lexicons: {:?}", t.elapsed());
    let mut times = Vec::new();
    for _ in 0..reps {
        let t = Instant::now();
        let a = bientap::analysis::analyze(&text, &opts);
        std::hint::black_box(&a);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    eprintln!(
        "{} bytes: median {:.2} ms, min {:.2} ms",
        text.len(),
        times[times.len() / 2],
        times[0]
    );
}
