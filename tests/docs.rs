//! Generated documentation must match the code. Regenerate with
//! `BIENTAP_BLESS=1 cargo test --test docs`.

#[test]
fn rules_reference_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let expected = bientap::rules::reference_markdown();
    if std::env::var_os("BIENTAP_BLESS").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/rules.md is stale; run `BIENTAP_BLESS=1 cargo test --test docs`"
    );
}
