//! Prints how the recogniser reads registry titles:
//! `cargo run --example registry_probe -- "Chủ tịch UBND quận Hoàng Mai"`.
//! With `--deep N`, parses a registry with N nested arrays (stack safety).
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--deep") {
        let n: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
        let text = format!("x = {}{}", "[".repeat(n), "]".repeat(n));
        let (_, findings) = bientap::registry::Registry::parse(&text, None);
        println!("{n} nested arrays: {} findings", findings.len());
        let text = format!("x = {}", "{ a = ".repeat(n));
        let (_, findings) = bientap::registry::Registry::parse(&text, None);
        println!("{n} nested inline tables: {} findings", findings.len());
        return;
    }
    for t in args {
        let p = bientap::registry::normalize_title(&t);
        println!(
            "{t} => {:?} key={:?}",
            p.as_ref().map(|p| p.canonical()),
            p.as_ref().map(bientap::registry::post_key)
        );
    }
}
