//! Parse time of a generated registry: `cargo run --release --example registry_scale -- 100000`.
use std::fmt::Write;
use std::time::Instant;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let distinct = std::env::args().nth(2).is_some_and(|a| a == "distinct");
    let text = generate(n, distinct);
    if std::env::var_os("TOML_ONLY").is_some() {
        println!("toml only: {:.2?}", toml_only(&text));
    }
    let t = Instant::now();
    let (registry, findings) = bientap::registry::Registry::parse(&text, None);
    let parse = t.elapsed();
    let t = Instant::now();
    let mut hits = 0;
    for p in registry
        .people()
        .iter()
        .take(if std::env::var_os("NO_QUERIES").is_some() {
            0
        } else {
            10_000
        })
    {
        hits += registry.find_by_name(&p.name).len();
        hits += registry.holders_at(&p.posts[0].key, (2021, 6, 1)).len();
    }
    println!(
        "{n} people, {} bytes: parse {:.2?}, {} findings; 20,000 queries {:.2?} ({hits} hits)",
        text.len(),
        parse,
        findings.len(),
        t.elapsed()
    );
}

pub fn generate(n: usize, distinct: bool) -> String {
    let roles = [
        "Bí thư Đảng ủy",
        "Chủ tịch UBND",
        "Phó Chủ tịch UBND",
        "Chủ tịch HĐND",
        "Phó Bí thư Đảng ủy",
    ];
    let wards = [
        "Vĩnh Hưng",
        "Định Công",
        "Hoàng Liệt",
        "Mai Động",
        "Tương Mai",
        "Giáp Bát",
        "Lĩnh Nam",
        "Thịnh Liệt",
        "Trần Phú",
        "Yên Sở",
    ];
    let mut s = String::with_capacity(n * 200);
    for i in 0..n {
        let role = roles[i % roles.len()];
        let ward = if distinct {
            format!("{} {}", wards[i % wards.len()], i)
        } else {
            wards[(i / 5) % wards.len()].to_string()
        };
        let year = 2000 + (i % 25) as i32;
        let _ = write!(
            s,
            "[[person]]\nid = \"nguoi-{i}\"\nname = \"Nguyễn Văn Người {i}\"\naliases = [\"N. V. Người {i}\"]\n\n[[person.post]]\ntitle = \"{role} phường {ward}\"\nfrom = \"{year}-01\"\nto = \"{}-12-31\"\n\n",
            year + 4
        );
    }
    s
}

#[allow(dead_code)]
fn toml_only(text: &str) -> std::time::Duration {
    let t = Instant::now();
    let (table, _) = toml::de::DeTable::parse_recoverable(text);
    std::hint::black_box(&table);
    t.elapsed()
}
