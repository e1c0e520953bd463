//! Fixture-driven recognition tests (rust-analyzer style): each case in
//! `tests/fixtures/recognition/*.article` is one paragraph whose annotation
//! spans are the expected entities; a paragraph without spans asserts that
//! nothing is recognised there. The recogniser runs on the text with the
//! markup stripped and must find exactly the annotated spans.
//!
//! Cases the recogniser does not pass yet are listed, with the reason, in
//! `tests/fixtures/recognition/known-failures.txt`. The test fails when a
//! case not on that list fails, and also when a listed case starts passing
//! (so the list cannot go stale).

use std::collections::BTreeSet;
use std::path::Path;

use bientap::eval::{Mention, compare};
use bientap::syntax::{self, BlockKind, SourceFormat};

struct CaseResult {
    id: String,
    missed: Vec<String>,
    unexpected: Vec<String>,
}

fn show(m: &Mention) -> String {
    format!("{} “{}”", m.kind.name(), m.text)
}

fn run_file(path: &Path) -> Vec<CaseResult> {
    let annotated = std::fs::read_to_string(path).unwrap();
    let c = compare(&annotated);
    let plain = syntax::parse(&c.plain, SourceFormat::Article);
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let mut results = Vec::new();
    let mut description = String::new();
    let mut number = 0;
    for (k, block) in plain.blocks.iter().enumerate() {
        match block.kind {
            BlockKind::Comment => {
                let text = &c.plain[block.content.range()];
                description = text
                    .trim_start_matches("<!--")
                    .trim_end_matches("-->")
                    .trim()
                    .trim_start_matches("case:")
                    .trim()
                    .to_string();
                continue;
            }
            BlockKind::Heading if k <= 1 => continue,
            _ => {}
        }
        if Some(block.content) == plain.headline {
            continue;
        }
        number += 1;
        let inside = |m: &&Mention| block.span.covers(m.span);
        let expected: BTreeSet<_> = c
            .expected
            .iter()
            .filter(inside)
            .map(|m| (m.kind, m.span))
            .collect();
        let found: BTreeSet<_> = c
            .found
            .iter()
            .filter(inside)
            .map(|m| (m.kind, m.span))
            .collect();
        let missed = c
            .expected
            .iter()
            .filter(inside)
            .filter(|m| !found.contains(&(m.kind, m.span)))
            .map(show)
            .collect();
        let unexpected = c
            .found
            .iter()
            .filter(inside)
            .filter(|m| !expected.contains(&(m.kind, m.span)))
            .map(show)
            .collect();
        results.push(CaseResult {
            id: format!("{name}#{number} {description}"),
            missed,
            unexpected,
        });
        description.clear();
    }
    results
}

#[test]
fn recognition_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/recognition");
    let known_text = std::fs::read_to_string(dir.join("known-failures.txt")).unwrap_or_default();
    let known: BTreeSet<String> = known_text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split(" -- ").next().unwrap().trim().to_string())
        .collect();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "article"))
        .collect();
    files.sort();
    let (mut total, mut passed) = (0, 0);
    let mut problems = Vec::new();
    let mut still_failing = BTreeSet::new();
    for f in &files {
        for r in run_file(f) {
            total += 1;
            let key = r.id.split(' ').next().unwrap().to_string();
            let ok = r.missed.is_empty() && r.unexpected.is_empty();
            if ok {
                passed += 1;
                if known.contains(&key) {
                    problems.push(format!(
                        "{}: passes now; remove it from known-failures.txt",
                        r.id
                    ));
                }
            } else if known.contains(&key) {
                still_failing.insert(key);
            } else {
                problems.push(format!(
                    "{}\n    missed: {:?}\n    unexpected: {:?}",
                    r.id, r.missed, r.unexpected
                ));
            }
        }
    }
    for k in &known {
        if !still_failing.contains(k) && !problems.iter().any(|p| p.starts_with(k.as_str())) {
            problems.push(format!(
                "{k}: listed in known-failures.txt but no such case"
            ));
        }
    }
    eprintln!(
        "recognition fixtures: {passed}/{total} cases pass, {} known failures",
        still_failing.len()
    );
    assert!(
        total >= 60,
        "expected at least 60 fixture cases, found {total}"
    );
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
