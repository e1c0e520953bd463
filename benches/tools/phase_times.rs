//! Where one analysis spends its time, phase by phase (rough; benches are the reference).
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).expect("file");
    let text = std::fs::read_to_string(path).unwrap();
    let _ = bientap::lexicon::Lexicons::get();
    let fmt = bientap::syntax::SourceFormat::PlainText;
    let t = Instant::now();
    let article = bientap::syntax::parse(&text, fmt);
    let parse = t.elapsed();
    let t = Instant::now();
    let rec = bientap::recognize::recognize(&article);
    let recog = t.elapsed();
    let t = Instant::now();
    let f = bientap::rules::run(&text, &article, &rec, &Default::default());
    let rules = t.elapsed();
    eprintln!(
        "parse {parse:?} recognize {recog:?} rules {rules:?} ({} entities, {} findings)",
        rec.entities.len(),
        f.len()
    );
    // Per rule family.
    for (name, run) in [
        ("orthography", 0),
        ("punctuation", 1),
        ("titles", 2),
        ("dates", 3),
        ("structure", 4),
        ("spelling", 5),
        ("capitalization", 6),
        ("debris", 7),
    ] {
        let t = Instant::now();
        let mut out = Vec::new();
        match run {
            0 => bientap::rules::orthography::check(
                &text,
                &article,
                &rec,
                &Default::default(),
                &mut out,
            ),
            1 => bientap::rules::punctuation::check(&text, &article, &rec, &mut out),
            2 => bientap::rules::titles::check(&rec, &mut out),
            3 => bientap::rules::dates::check(&text, &article, &rec, &mut out),
            4 => bientap::rules::structure::check(&text, &article, &rec, &mut out),
            5 => bientap::rules::spelling::check(&text, &article, &rec, &mut out),
            6 => bientap::rules::capitalization::check(&text, &article, &rec, &mut out),
            _ => bientap::rules::debris::check(&text, &article, &rec, &mut out),
        }
        eprintln!("  {name}: {:?}", t.elapsed());
    }
}
