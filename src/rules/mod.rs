//! Proofreading rules, one file per family. Each rule has a stable code,
//! a default severity and a description; [`RULES`] is the registry the CLI,
//! the server and the generated docs read.

pub mod capitalization;
pub mod debris;
pub mod orthography;
pub mod spelling;

use std::collections::HashMap;

use crate::finding::{Finding, Severity};
use crate::recognize::Recognition;
use crate::syntax::Article;

/// A rule's identity and defaults.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    pub code: &'static str,
    pub default_severity: Severity,
    /// One line, in Vietnamese, for `docs/rules.md` and SARIF.
    pub summary: &'static str,
}

pub const RULES: &[RuleInfo] = &[
    debris::WEBSITE,
    orthography::MIXED_TONE_STYLE,
    orthography::NOT_NFC,
    orthography::INVISIBLE_CHARACTER,
    spelling::COLLOCATION,
    spelling::UNKNOWN_SYLLABLE,
    spelling::UNATTESTED_SYLLABLE,
    spelling::PLACE_NEAR_MISS,
    capitalization::TITLE,
    capitalization::PROPER_NOUN,
];

pub fn rule_info(code: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.code == code)
}

/// Per-rule overrides: `None` turns a rule off.
#[derive(Debug, Clone, Default)]
pub struct RuleSettings {
    pub severities: HashMap<String, Option<Severity>>,
}

impl RuleSettings {
    /// The severity to report `code` at, or `None` when it is off.
    pub fn severity(&self, code: &str, default: Severity) -> Option<Severity> {
        match self.severities.get(code) {
            Some(s) => *s,
            None => Some(default),
        }
    }
}

pub fn run(
    text: &str,
    article: &Article,
    recognition: &Recognition,
    settings: &RuleSettings,
) -> Vec<Finding> {
    let mut out = Vec::new();
    debris::check(text, article, recognition, &mut out);
    orthography::check(text, article, recognition, &mut out);
    spelling::check(text, article, recognition, &mut out);
    capitalization::check(text, article, recognition, &mut out);
    out.retain_mut(|f| {
        let default = rule_info(f.rule).map_or(f.severity, |r| r.default_severity);
        match settings.severity(f.rule, default) {
            Some(s) => {
                f.severity = s;
                true
            }
            None => false,
        }
    });
    out
}
