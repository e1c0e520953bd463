//! The one entry point both front ends call: text in, [`Analysis`] out.

use std::path::Path;

pub mod cancel;
pub mod incremental;
pub mod quick;

pub use incremental::IncrementalAnalyzer;

use crate::finding::Finding;
use crate::recognize::{self, Recognition};
use crate::rules::{self, RuleSettings};
use crate::syntax::{self, Article, SourceFormat};

/// How to analyse a text.
#[derive(Debug, Clone)]
pub struct AnalyzeOptions {
    pub format: SourceFormat,
    pub rules: RuleSettings,
}

impl AnalyzeOptions {
    pub fn for_path(path: &Path) -> Self {
        AnalyzeOptions {
            format: SourceFormat::from_path(path),
            rules: RuleSettings::default(),
        }
    }

    pub fn with_format(format: SourceFormat) -> Self {
        AnalyzeOptions {
            format,
            rules: RuleSettings::default(),
        }
    }
}

/// Everything known about one text. Spans are byte ranges into it.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub article: Article,
    pub recognition: Recognition,
    /// Sorted by start offset.
    pub findings: Vec<Finding>,
}

impl Analysis {
    /// Entity whose span contains `offset` (or ends at it).
    pub fn entity_at(&self, offset: usize) -> Option<&crate::entity::Entity> {
        let es = &self.recognition.entities;
        es.iter()
            .find(|e| e.span.contains(offset))
            .or_else(|| es.iter().find(|e| e.span.end == offset))
    }
}

/// Analyses `text`. Under [`cancel::cancellable`], a cancelled analysis
/// skips its remaining stages (its result is discarded there).
pub fn analyze(text: &str, options: &AnalyzeOptions) -> Analysis {
    let article = syntax::parse(text, options.format);
    let recognition = if cancel::requested() {
        Recognition::default()
    } else {
        recognize::recognize(&article)
    };
    let mut findings: Vec<Finding> = rules::run(text, &article, &recognition, &options.rules);
    findings.sort_by_key(|f| (f.span.start, f.span.end, f.rule));
    Analysis {
        article,
        recognition,
        findings,
    }
}
