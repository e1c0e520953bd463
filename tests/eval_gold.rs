//! Recognition quality floors on the annotated gold sets. The figures are
//! printed (`cargo test --test eval_gold -- --nocapture`); the floors sit a
//! little under the measured values so that a regression fails the build.
//! `tests/gold` was used while developing; `tests/gold-holdout` was written
//! separately and never tuned on.

use std::collections::BTreeMap;
use std::path::Path;

use bientap::entity::EntityKind;
use bientap::eval::{Counts, compare, report, score};

fn totals(dir: &str) -> BTreeMap<EntityKind, Counts> {
    let mut totals: BTreeMap<EntityKind, Counts> = BTreeMap::new();
    let mut files: Vec<_> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "article"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "{dir}: {} articles", files.len());
    for f in files {
        let c = compare(&std::fs::read_to_string(&f).unwrap());
        for (k, v) in score(&c) {
            totals.entry(k).or_default().add(v);
        }
    }
    eprintln!("{dir}\n{}", report(&totals));
    totals
}

fn all(t: &BTreeMap<EntityKind, Counts>) -> Counts {
    let mut c = Counts::default();
    t.values().for_each(|v| c.add(*v));
    c
}

#[test]
fn tuned_gold_set() {
    let t = totals("tests/gold");
    let a = all(&t);
    assert!(a.precision() >= 0.95, "precision {:.3}", a.precision());
    assert!(a.recall() >= 0.96, "recall {:.3}", a.recall());
    assert!(t[&EntityKind::Person].precision() >= 0.99);
}

#[test]
fn held_out_gold_set() {
    let t = totals("tests/gold-holdout");
    let a = all(&t);
    assert!(a.precision() >= 0.92, "precision {:.3}", a.precision());
    assert!(a.recall() >= 0.89, "recall {:.3}", a.recall());
    assert!(t[&EntityKind::Person].precision() >= 0.98);
}
