//! A rule that panics on purpose, compiled only with the
//! `test-panic-rule` feature (tests of panic isolation; never in a release
//! build). It panics when the text contains [`TRIGGER`] and reports nothing
//! otherwise. It is not in [`super::RULES`]: it has no findings to document.

use crate::finding::Finding;

/// The text that makes this rule panic.
pub const TRIGGER: &str = "BIENTAP_TEST_PANIC";

pub fn check(text: &str, _out: &mut Vec<Finding>) {
    if text.contains(TRIGGER) {
        panic!("test-panic-rule: triggered on purpose");
    }
}
