fn main() {
    for t in std::env::args().skip(1) {
        let p = bientap::registry::normalize_title(&t);
        println!(
            "{t} => {:?} key={:?}",
            p.as_ref().map(|p| p.canonical()),
            p.as_ref().map(bientap::registry::post_key)
        );
    }
    let text = "[[person]]\nid = \"a\"\nname = \"A\"\n[[person.post]]\ntitle = \"x\"\n[[person]]\nname = \"B\"\n";
    let (t, _) = toml::de::DeTable::parse_recoverable(text);
    if let Some(toml::de::DeValue::Array(a)) = t.get_ref().get("person").map(|v| v.get_ref()) {
        for i in a.iter() {
            println!("item span {:?} = {:?}", i.span(), &text[i.span()]);
        }
    }
}
