//! Parse and query time of a generated registry:
//! `cargo run --release --example registry_scale -- 100000`.
//!
//! Each person holds one post, "<role> <unit>" over the gazetteer's wards
//! and communes, so about ten people share a post over time (successive
//! five-year terms) and the registry has n/10 distinct titles, each read
//! once by the recogniser.
use std::fmt::Write;
use std::time::Instant;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let t = Instant::now();
    let lex = bientap::lexicon::Lexicons::get();
    let init = t.elapsed();
    let units: Vec<String> = lex
        .gazetteer
        .units
        .iter()
        .filter(|u| u.unit_type == "phường" || u.unit_type == "xã")
        .map(|u| format!("{} {}", u.unit_type, u.name))
        .collect();
    let text = generate(n, &units);
    if std::env::var_os("SHOW_ERRORS").is_some() {
        for f in bientap::registry::Registry::parse(&text, None)
            .1
            .iter()
            .take(10)
        {
            println!("{}: {}", &text[f.span.range()], f.message);
        }
    }
    let t = Instant::now();
    let (table, _) = toml::de::DeTable::parse_recoverable(&text);
    std::hint::black_box(&table);
    let toml_only = t.elapsed();
    drop(table);
    let t = Instant::now();
    let cpu = cpu_time();
    let (registry, findings) = bientap::registry::Registry::parse(&text, None);
    let parse = t.elapsed();
    let parse_cpu = cpu_time().saturating_sub(cpu);
    let titles: std::collections::HashSet<&str> = registry
        .people()
        .iter()
        .flat_map(|p| p.posts.iter().map(|q| q.key.as_str()))
        .collect();
    let t = Instant::now();
    let mut hits = 0;
    for p in registry
        .people()
        .iter()
        .filter(|p| !p.posts.is_empty())
        .take(10_000)
    {
        hits += registry.find_by_name(&p.name).len();
        hits += registry.holders_at(&p.posts[0].key, (2021, 6, 1)).len();
    }
    let queries = t.elapsed();
    println!(
        "lexicons {init:.2?}; {n} people ({} with a post), {} distinct posts, {:.1} MB: TOML alone {toml_only:.2?}, Registry::parse {parse:.2?} wall, {parse_cpu:.2?} on CPU ({} findings); 20,000 queries {queries:.2?} ({hits} hits)",
        registry
            .people()
            .iter()
            .filter(|p| !p.posts.is_empty())
            .count(),
        titles.len(),
        text.len() as f64 / 1e6,
        findings.len(),
    );
}

fn generate(n: usize, units: &[String]) -> String {
    let roles = [
        "Bí thư Đảng ủy",
        "Chủ tịch UBND",
        "Phó Chủ tịch UBND",
        "Chủ tịch HĐND",
        "Phó Bí thư Đảng ủy",
    ];
    let mut s = String::with_capacity(n * 220);
    for i in 0..n {
        let post = i / 10;
        let role = roles[post % roles.len()];
        let unit = &units[(post / roles.len()) % units.len()];
        let year = 1975 + 5 * (i % 10) as i32;
        let _ = write!(
            s,
            "[[person]]\nid = \"nguoi-{i}\"\nname = \"Nguyễn Văn Người {i}\"\naliases = [\"N. V. Người {i}\"]\n\n[[person.post]]\ntitle = \"{role} {unit}\"\nfrom = \"{year}-01\"\nto = \"{}-12-31\"\n\n",
            year + 4
        );
    }
    s
}

/// Time this thread has spent on a CPU (Linux), to measure on a busy machine.
fn cpu_time() -> std::time::Duration {
    let ns = std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    std::time::Duration::from_nanos(ns)
}
