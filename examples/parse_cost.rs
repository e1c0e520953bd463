//! Time of `syntax::parse` alone (the server re-parses after each quick
//! re-check to make the next base). `cargo run --release --example parse_cost FILE`
fn main() {
    let path = std::env::args().nth(1).expect("file");
    let text = std::fs::read_to_string(&path).unwrap();
    let format = bientap::syntax::SourceFormat::from_path(path.as_ref());
    for _ in 0..5 {
        let t = std::time::Instant::now();
        let a = bientap::syntax::parse(&text, format);
        println!("{} blocks: {:?}", a.blocks.len(), t.elapsed());
    }
}
