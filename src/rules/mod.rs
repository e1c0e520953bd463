//! Proofreading rules, one file per family. Each rule has a stable code,
//! a default severity and a description; [`RULES`] is the registry the CLI,
//! the server and the generated docs read.

pub mod capitalization;
pub mod dates;
pub mod debris;
pub mod orthography;
pub mod punctuation;
pub mod registry;
pub mod spelling;
pub mod structure;
pub mod suppression;
pub mod syntax;
#[cfg(feature = "test-panic-rule")]
pub mod test_panic;
pub mod titles;
pub mod workspace;

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
    /// The same line in English (`Language::En`).
    pub summary_en: &'static str,
}

impl RuleInfo {
    /// The summary in `language`.
    pub fn summary_in(&self, language: crate::finding::Language) -> &'static str {
        match language {
            crate::finding::Language::Vi => self.summary,
            crate::finding::Language::En => self.summary_en,
        }
    }
}

pub const RULES: &[RuleInfo] = &[
    syntax::FRONT_MATTER_SYNTAX,
    syntax::FRONT_MATTER_UNCLOSED,
    syntax::FRONT_MATTER_DATE,
    syntax::FRONT_MATTER_TYPE,
    syntax::FRONT_MATTER_KEY,
    syntax::FRONT_MATTER_NOT_A_MAPPING,
    syntax::FRONT_MATTER_TOO_LARGE,
    syntax::FRONT_MATTER_TOO_DEEP,
    syntax::ANNOTATION_ATTRIBUTE,
    debris::WEBSITE,
    orthography::MIXED_TONE_STYLE,
    orthography::NOT_NFC,
    orthography::INVISIBLE_CHARACTER,
    orthography::MOJIBAKE,
    punctuation::MIXED_QUOTES,
    punctuation::DOUBLE_SPACE,
    punctuation::MIXED_RANGE_STYLE,
    punctuation::MIXED_DECIMAL,
    titles::CONFLICT,
    titles::SINGLE_HOLDER,
    registry::HOLDER,
    workspace::HOLDER,
    suppression::UNKNOWN_RULE,
    crate::config::INVALID,
    crate::registry::INVALID,
    crate::lexicon::extra::INVALID,
    dates::IMPOSSIBLE,
    dates::WEEKDAY_MISMATCH,
    dates::DATELINE_MISMATCH,
    dates::AFTER_PUBLICATION,
    dates::REVERSED_RANGE,
    dates::LONG_TERM,
    dates::LUNAR_YEAR,
    dates::DOCUMENT_YEAR,
    dates::TERM_MISMATCH,
    workspace::TERM,
    structure::COUNT_MISMATCH,
    structure::DUPLICATE_BLOCK,
    structure::HEADLINE_MISMATCH,
    spelling::COLLOCATION,
    spelling::UNKNOWN_SYLLABLE,
    spelling::UNATTESTED_SYLLABLE,
    spelling::PLACE_NEAR_MISS,
    capitalization::TITLE,
    capitalization::PROPER_NOUN,
    capitalization::ORGANIZATION,
];

/// Whether this build contains the panicking test rule (`test-panic-rule`
/// feature; on in `cargo test`, never in a release build).
pub const TEST_PANIC_RULE: bool = cfg!(feature = "test-panic-rule");

/// How much of the article a rule reads to decide about one place: the
/// contract incremental analysis relies on (see `analysis::incremental`).
///
/// Every rule runs over the whole article on every analysis; what makes
/// re-analysis cheap is that the per-block work under it (tokens, syllable
/// keys, per-word classifications, recognition candidates) is cached by
/// text. A **block-local** rule decides from one block's tokens and
/// entities (plus at most the article context that recognition already
/// fingerprints: year, date, places in context). A **document-level** rule
/// aggregates over the article (majorities, every mention of a person,
/// the headline against the body, neighbouring blocks) and must keep that
/// aggregation cheap — linear, with no per-word allocation or regex over
/// the whole body — since it is recomputed on every keystroke. A new rule
/// that needs expensive per-block work should get it through a memoised
/// pure function of the block's or word's text
/// (`analysis::incremental::{line_tokens, word_class}`), never from state
/// kept between calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Block,
    Document,
}

/// The scope of every rule in [`RULES`] (a test keeps the two in step).
pub const SCOPES: &[(&str, Scope)] = &[
    // Parser errors: the front matter and annotation attributes as parsed.
    ("front-matter/syntax", Scope::Document),
    ("front-matter/unclosed", Scope::Document),
    ("front-matter/date", Scope::Document),
    ("front-matter/type", Scope::Document),
    ("front-matter/key", Scope::Document),
    ("front-matter/not-a-mapping", Scope::Document),
    ("front-matter/too-large", Scope::Document),
    ("front-matter/too-deep", Scope::Document),
    ("annotation/attribute", Scope::Block),
    // Debris blocks are found by a document pass in recognition (repeated
    // lines, position); the inline counters are per line.
    ("debris/website", Scope::Document),
    // Majority of the article's tone-mark placements.
    ("orthography/mixed-tone-style", Scope::Document),
    ("orthography/not-nfc", Scope::Block),
    ("orthography/invisible-character", Scope::Block),
    ("orthography/mojibake", Scope::Block),
    // "mixed" rules compare against the article's dominant style.
    ("punctuation/mixed-quotes", Scope::Document),
    ("punctuation/double-space", Scope::Block),
    ("punctuation/mixed-range-style", Scope::Document),
    ("punctuation/mixed-decimal", Scope::Document),
    // Every mention of a person or post in the article.
    ("title/conflict", Scope::Document),
    ("title/single-holder", Scope::Document),
    // Each linked title against the registry at the article's date.
    ("title/registry-holder", Scope::Document),
    // The article's summary against the other articles (index lookups).
    ("title/workspace-holder", Scope::Document),
    ("suppression/unknown-rule", Scope::Block),
    ("config/invalid", Scope::Document),
    ("registry/invalid", Scope::Document),
    ("lexicon/invalid", Scope::Document),
    // Dates read the article's year and publication date (document
    // context) and, for some, other blocks (dateline, congress terms).
    ("date/impossible", Scope::Block),
    ("date/weekday-mismatch", Scope::Document),
    ("date/dateline-mismatch", Scope::Document),
    ("date/after-publication", Scope::Document),
    ("date/reversed-range", Scope::Block),
    ("date/long-term", Scope::Document),
    ("date/lunar-year", Scope::Document),
    ("date/document-year", Scope::Document),
    ("ordinal/term-mismatch", Scope::Document),
    ("ordinal/workspace-term", Scope::Document),
    // An announced count against the blocks after it; a block against the
    // one before; the headline against the front-matter title.
    ("structure/count-mismatch", Scope::Document),
    ("structure/duplicate-block", Scope::Document),
    ("structure/headline-mismatch", Scope::Document),
    ("spelling/collocation", Scope::Block),
    ("spelling/unknown-syllable", Scope::Block),
    // Suggestions are ranked by the article's own words and respelled in
    // its dominant tone style.
    ("spelling/unattested-syllable", Scope::Document),
    // Place names the article writes elsewhere.
    ("spelling/place-near-miss", Scope::Document),
    // Titles are compared with the other titles of the article; unit names
    // with the units the article names properly elsewhere.
    ("capitalization/title", Scope::Document),
    ("capitalization/proper-noun", Scope::Document),
    // An organisation's name decides from its own words and what follows
    // it in the block (the headline-style test reads the block).
    ("capitalization/organization", Scope::Block),
];

pub fn rule_info(code: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.code == code)
}

/// Per-rule overrides and style choices, from `bientap.toml` and editor settings.
#[derive(Debug, Clone, Default)]
pub struct RuleSettings {
    /// Rule code or family (`orthography`) → severity; `None` turns it off.
    pub severities: HashMap<String, Option<Severity>>,
    /// The tone-mark placement to enforce; `None` follows the article's majority.
    pub tone_style: Option<crate::text::vietnamese::ToneStyle>,
    /// The registry of officials (`officials.toml`), when the workspace has one.
    pub registry: Option<std::sync::Arc<crate::registry::Registry>>,
    /// The language of messages (`[messages] language`); `None` when not
    /// set (Vietnamese). The rules ignore it: they always give both texts,
    /// and the front ends pick one with `Finding::localized`.
    pub language: Option<crate::finding::Language>,
    /// What the workspace's *other* articles say (`rules::workspace`); the
    /// front end supplies it with the checked article itself left out.
    pub workspace: Option<std::sync::Arc<dyn crate::workspace::WorkspaceFacts>>,
    /// What the workspace's lexicon files add (`[lexicons]`); `None` when
    /// there are none, and then the rules do no extra work.
    pub lexicons: Option<std::sync::Arc<crate::lexicon::ExtraLexicons>>,
}

impl RuleSettings {
    /// The severity to report `code` at, or `None` when it is off. A setting
    /// for the exact code wins over one for its family.
    pub fn severity(&self, code: &str, default: Severity) -> Option<Severity> {
        if let Some(s) = self.severities.get(code) {
            return *s;
        }
        let family = code.split('/').next().unwrap_or(code);
        match self.severities.get(family) {
            Some(s) => *s,
            None => Some(default),
        }
    }

    /// `other` layered on top of `self` (editor settings over the file).
    pub fn merged_with(&self, other: &RuleSettings) -> RuleSettings {
        let mut out = self.clone();
        out.severities
            .extend(other.severities.iter().map(|(k, v)| (k.clone(), *v)));
        if other.tone_style.is_some() {
            out.tone_style = other.tone_style;
        }
        if other.registry.is_some() {
            out.registry = other.registry.clone();
        }
        if other.language.is_some() {
            out.language = other.language;
        }
        if other.workspace.is_some() {
            out.workspace = other.workspace.clone();
        }
        if other.lexicons.is_some() {
            out.lexicons = other.lexicons.clone();
        }
        out
    }
}

pub fn run(
    text: &str,
    article: &Article,
    recognition: &Recognition,
    settings: &RuleSettings,
) -> Vec<Finding> {
    let mut out = Vec::new();
    guarded("syntax", &mut out, |out| syntax::check(article, out));
    guarded("debris", &mut out, |out| {
        debris::check(text, article, recognition, out)
    });
    guarded("orthography", &mut out, |out| {
        orthography::check(text, article, recognition, settings, out)
    });
    guarded("titles", &mut out, |out| titles::check(recognition, out));
    if let Some(registry) = &settings.registry {
        guarded("registry", &mut out, |out| {
            registry::check(recognition, registry, out)
        });
    }
    guarded("punctuation", &mut out, |out| {
        punctuation::check(text, article, recognition, out)
    });
    if crate::analysis::cancel::requested() {
        return out; // cancelled: skip building the shared inputs too
    }
    // Shared inputs, built once: the content blocks tokenised over the
    // plain text (dates, structure) and over the source (spelling,
    // capitalization), and the ranges spelling and capitalization skip.
    let doc = dates::Doc::new(text, article, recognition);
    guarded("dates", &mut out, |out| dates::check_doc(&doc, out));
    guarded("structure", &mut out, |out| structure::check_doc(&doc, out));
    let blocks = spelling::source_blocks(article, recognition);
    let skip = spelling::Skip::proper_names(text, article, recognition);
    let extra = settings.lexicons.as_deref();
    guarded("spelling", &mut out, |out| {
        spelling::check_with(text, recognition, &blocks, &skip, extra, out)
    });
    guarded("capitalization", &mut out, |out| {
        capitalization::check_with(text, article, recognition, &blocks, &skip, extra, out)
    });
    if let Some(facts) = &settings.workspace {
        guarded("workspace", &mut out, |out| {
            let summary =
                crate::workspace::summarize(std::path::PathBuf::new(), text, article, recognition);
            workspace::check(&summary, text, facts.as_ref(), out)
        });
    }
    #[cfg(feature = "test-panic-rule")]
    guarded("test-panic", &mut out, |out| test_panic::check(text, out));
    // Anything inside website debris goes with the debris.
    let debris = debris_spans(&out);
    out.retain(|f| f.rule == debris::WEBSITE.code || !debris.any_covers(f.span));
    // Last: suppressions apply to every rule above.
    suppression::apply(text, article, &mut out);
    apply_severities(settings, &mut out);
    out
}

/// The spans of the website-debris findings among `findings`.
fn debris_spans(findings: &[Finding]) -> crate::span::SpanSet {
    crate::span::SpanSet::new(
        findings
            .iter()
            .filter(|f| f.rule == debris::WEBSITE.code)
            .map(|f| f.span)
            .collect(),
    )
}

/// Findings made after [`run`] (the CLI's workspace pass, which needs every
/// file's summary first), filtered exactly as `run` filters its own:
/// dropped inside website debris (`earlier` holds the article's findings
/// from `run`), then suppressions, then severities.
pub fn finish_late(
    text: &str,
    article: &Article,
    earlier: &[Finding],
    mut late: Vec<Finding>,
    settings: &RuleSettings,
) -> Vec<Finding> {
    let debris = debris_spans(earlier);
    late.retain(|f| !debris.any_covers(f.span));
    suppression::apply(text, article, &mut late);
    // `apply` also reports unknown rule names in comments; `run` did already.
    late.retain(|f| f.rule != suppression::UNKNOWN_RULE.code);
    apply_severities(settings, &mut late);
    late
}

fn apply_severities(settings: &RuleSettings, out: &mut Vec<Finding>) {
    out.retain_mut(|f| {
        // A rule may report below its default (e.g. a weaker variant);
        // only configuration changes a finding's severity.
        match settings.severity(f.rule, f.severity) {
            Some(s) => {
                f.severity = s;
                true
            }
            None => false,
        }
    });
}

/// Runs one rule family, isolating a panic: a family that panics is
/// logged (its name only, never the text) and contributes no findings to
/// this run; the other families still report. The partial findings of the
/// panicking family are discarded, since they may be inconsistent.
fn guarded(family: &'static str, out: &mut Vec<Finding>, check: impl FnOnce(&mut Vec<Finding>)) {
    if crate::analysis::cancel::requested() {
        return; // the result will not be used
    }
    let mut local = Vec::new();
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&mut local))) {
        Ok(()) => out.append(&mut local),
        Err(_) => {
            tracing::error!(
                rule_family = family,
                "rule family panicked; its findings are dropped for this analysis"
            );
        }
    }
}

/// The rules reference (`docs/rules.md`), generated from [`RULES`] so it
/// cannot drift: a test compares it with the file.
pub fn reference_markdown() -> String {
    let mut s = String::from(
        "# Rules\n\n<!-- Generated from src/rules (RULES). Do not edit: run `BIENTAP_BLESS=1 cargo test --test docs`. -->\n\n\
         Every finding has a stable code `family/name`. Turn a rule or a whole family off, or change its\n\
         severity, in `bientap.toml` (`[rules]`, see configuration.md) or in the editor's `bientap.rules`\n\
         setting; silence one place with `<!-- bientap-disable-next-line CODE -->` or a `[…]{.ignore}` span.\n\n\
         Messages are in Vietnamese by default; `[messages] language = \"en\"` in `bientap.toml`, the CLI's\n\
         `--language en` or the editor's `bientap.language` setting switches them to English.\n\n\
         | code | default | what it finds | in English |\n| --- | --- | --- | --- |\n",
    );
    for r in RULES {
        s.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            r.code,
            r.default_severity.name(),
            r.summary,
            r.summary_en.replace('|', "\\|")
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_the_parser_emits_is_registered() {
        for code in [
            "front-matter/syntax",
            "front-matter/unclosed",
            "front-matter/date",
            "front-matter/type",
            "front-matter/key",
            "front-matter/not-a-mapping",
            "front-matter/too-large",
            "front-matter/too-deep",
            "annotation/attribute",
        ] {
            assert!(rule_info(code).is_some(), "{code}");
        }
        let mut codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), RULES.len(), "duplicate rule codes");
        // Every rule says whether it is block-local or document-level.
        let mut scoped: Vec<&str> = SCOPES.iter().map(|(c, _)| *c).collect();
        scoped.sort();
        assert_eq!(scoped, codes, "SCOPES and RULES differ");
    }
}

/// Helpers for the rule tests: analyse a text, keep one rule's findings.
#[cfg(test)]
pub(crate) mod test_support {
    use crate::analysis::{AnalyzeOptions, analyze};
    use crate::finding::Finding;
    use crate::syntax::SourceFormat;

    pub fn findings(text: &str, format: SourceFormat, rule: &str) -> Vec<Finding> {
        let all = analyze(text, &AnalyzeOptions::with_format(format)).findings;
        // Every rule test doubles as a check of the English texts.
        let problems: Vec<String> = all
            .iter()
            .flat_map(|f| f.english_problems(&[text]))
            .collect();
        assert!(problems.is_empty(), "English texts: {problems:#?}");
        all.into_iter().filter(|f| f.rule == rule).collect()
    }

    /// Findings of `rule` in a raw-text article.
    pub fn plain(text: &str, rule: &str) -> Vec<Finding> {
        findings(text, SourceFormat::PlainText, rule)
    }

    /// Findings of `rule` in an `.article` (front matter, annotations).
    pub fn article(text: &str, rule: &str) -> Vec<Finding> {
        findings(text, SourceFormat::Article, rule)
    }

    /// The text a finding covers.
    pub fn at<'a>(text: &'a str, f: &Finding) -> &'a str {
        &text[f.span.range()]
    }

    /// (flagged text, replacement of the first fix's first edit) per finding.
    pub fn flagged_and_fix(text: &str, format: SourceFormat, rule: &str) -> Vec<(String, String)> {
        findings(text, format, rule)
            .into_iter()
            .map(|f| {
                let fix = f
                    .fixes
                    .first()
                    .and_then(|x| x.edits.first())
                    .map(|e| e.replacement.clone());
                (text[f.span.range()].to_string(), fix.unwrap_or_default())
            })
            .collect()
    }
}
