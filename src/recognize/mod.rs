//! Entity recognition over a parsed article.
//!
//! Each family lives in its own module and proposes [`Candidate`]s over one
//! block's tokens (plain-text offsets). This module runs them in order,
//! resolves overlaps (annotations first, then priority, then length), maps
//! spans back to the source and links people with their titles.

pub mod abbreviations;
pub mod dates;
pub mod debris;
pub mod documents;
pub mod linking;
pub mod metadata;
pub mod numbers;
pub mod people;
pub mod places;
pub mod posts;

use std::collections::{HashMap, HashSet};

use crate::entity::{DateValue, Entity, EntityKind, Origin, Value, YearSource};
use crate::lexicon::Lexicons;
use crate::lexicon::gazetteer::Era;
use crate::span::Span;
use crate::syntax::{Article, BlockKind};
use crate::text::tokens::{Token, tokenize};

pub use metadata::Metadata;

/// A proposed entity, in plain-text offsets.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub kind: EntityKind,
    pub span: Span,
    pub value: Value,
    pub origin: Origin,
    pub confidence: f32,
}

impl Candidate {
    pub fn new(
        kind: EntityKind,
        span: Span,
        value: Value,
        origin: Origin,
        confidence: f32,
    ) -> Self {
        Candidate {
            kind,
            span,
            value,
            origin,
            confidence,
        }
    }

    /// Higher wins an overlap; then the longer span.
    fn priority(&self) -> u8 {
        match self.kind {
            EntityKind::Debris => 100,
            EntityKind::Document => 90,
            EntityKind::Title => 80,
            EntityKind::Date => 70,
            EntityKind::Ordinal => 65,
            EntityKind::Person => 60,
            EntityKind::Organization => 50,
            EntityKind::Place => 40,
            EntityKind::Quantity => 30,
            EntityKind::Abbreviation => 20,
        }
    }
}

/// What every recogniser may consult about the article as a whole.
pub struct Cx<'a> {
    /// The plain text (markup removed); candidate spans index into it.
    pub text: &'a str,
    pub lex: &'static Lexicons,
    /// The year a day without one belongs to, and why.
    pub article_year: Option<(i32, YearSource)>,
    /// The publication date, when known.
    pub article_date: Option<dates::Ymd>,
    pub era: Era,
    /// Gazetteer units the article names with a type word, and their ancestors.
    pub context_units: HashSet<usize>,
    /// The most-mentioned unit of each type ("quận" → Hoàng Mai).
    pub primary_units: HashMap<String, String>,
}

impl Cx<'_> {
    pub fn primary_unit_name(&self, unit_type: &str) -> Option<String> {
        self.primary_units.get(unit_type).cloned()
    }
}

/// Recognition result for one article.
#[derive(Debug, Clone, Default)]
pub struct Recognition {
    pub entities: Vec<Entity>,
    pub metadata: Metadata,
    /// Debris blocks: (block index, reason).
    pub debris_blocks: Vec<(usize, &'static str)>,
    /// The article-wide context the block recognisers read, kept so that a
    /// quick re-check of an edited block can reuse it
    /// ([`recognize_in_context`], `analysis::quick`).
    pub context: Option<std::sync::Arc<ArticleContext>>,
}

/// The article-wide part of [`Cx`] and the inline abbreviation definitions:
/// everything a block's candidates depend on besides its own text.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleContext {
    pub article_year: Option<(i32, YearSource)>,
    pub article_date: Option<dates::Ymd>,
    pub era: Era,
    pub context_units: HashSet<usize>,
    pub primary_units: HashMap<String, String>,
    pub defined: HashMap<String, String>,
}

pub fn recognize(article: &Article) -> Recognition {
    recognize_with(article, None)
}

/// Recognition of a fragment of an article (a few of its blocks, parsed on
/// their own) in the context of the whole article: the context is taken
/// from `context` instead of from the fragment, and no metadata is read.
pub fn recognize_in_context(article: &Article, context: &ArticleContext) -> Recognition {
    recognize_with(article, Some(context))
}

fn recognize_with(article: &Article, given: Option<&ArticleContext>) -> Recognition {
    let lex = Lexicons::get();
    let plain = &article.plain.text;
    let content_blocks: Vec<usize> = (0..article.blocks.len())
        .filter(|&i| article.blocks[i].kind != BlockKind::Comment)
        .collect();
    let block_plain = |i: usize| article.plain.span_to_plain(article.blocks[i].content);
    let debris_blocks = debris::find(&article.blocks, |b| {
        plain[article.plain.span_to_plain(b.content).range()].to_string()
    });
    let debris_set: HashSet<usize> = debris_blocks.iter().map(|(i, _)| *i).collect();
    let token_blocks: Vec<(usize, Vec<Token>)> = content_blocks
        .iter()
        .filter(|i| !debris_set.contains(i))
        .map(|&i| (i, tokenize(plain, block_plain(i))))
        .collect();

    if let Some(given) = given {
        let cx = Cx {
            text: plain,
            lex,
            article_year: given.article_year,
            article_date: given.article_date,
            era: given.era,
            context_units: given.context_units.clone(),
            primary_units: given.primary_units.clone(),
        };
        let mut candidates = Vec::new();
        for (_, tokens) in &token_blocks {
            candidates.extend(block_candidates(&cx, tokens, &given.defined));
        }
        return finish(
            article,
            &cx,
            &given.defined,
            candidates,
            Metadata::default(),
            debris_blocks,
            Some(std::sync::Arc::new(given.clone())),
        );
    }
    let metadata = metadata::detect(article, &debris_set);
    let article_year = metadata.article_year(article, &token_blocks);
    let mut cx = Cx {
        text: plain,
        lex,
        article_year,
        article_date: metadata.date,
        era: places::era_for(metadata.date.map(|d| (d.year, d.month))),
        context_units: HashSet::new(),
        primary_units: HashMap::new(),
    };
    let context: Vec<usize> = if crate::analysis::incremental::active() {
        // Per block, cached by the block's text: `typed_place` reads only
        // the block's tokens and the era (the context is still empty).
        let era = crate::analysis::incremental::fingerprint(&format!("{:?}", cx.era));
        let mut all = Vec::new();
        for (i, tokens) in &token_blocks {
            let key = &plain[block_plain(*i).range()];
            all.extend(crate::analysis::incremental::block_units(era, key, || {
                places::context_units(&cx, [tokens.as_slice()])
            }));
        }
        all
    } else {
        places::context_units(&cx, token_blocks.iter().map(|(_, t)| t.as_slice()))
    };
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for &u in &context {
        *counts.entry(u).or_default() += 1;
    }
    cx.context_units = context.into_iter().collect();
    // Most mentioned unit per type; ties go to the lower code (stable).
    let mut best: HashMap<String, (usize, usize)> = HashMap::new();
    for (&u, &c) in &counts {
        let t = lex.gazetteer.units[u].unit_type.clone();
        let entry = best.entry(t).or_insert((u, c));
        if c > entry.1
            || (c == entry.1 && lex.gazetteer.units[u].code < lex.gazetteer.units[entry.0].code)
        {
            *entry = (u, c);
        }
    }
    cx.primary_units = best
        .into_iter()
        .map(|(t, (u, _))| (t, lex.gazetteer.units[u].name.clone()))
        .collect();

    // Inline abbreviation definitions apply to the whole article.
    let mut defined = HashMap::new();
    for (_, tokens) in &token_blocks {
        for (abbr, expansion, _) in abbreviations::inline_definitions(&cx, tokens) {
            defined.entry(abbr).or_insert(expansion);
        }
    }

    let mut candidates = Vec::new();
    if crate::analysis::incremental::active() {
        // Incremental analysis: a block's candidates depend only on its
        // tokens (its text up to the end of its line: `documents` reads a
        // date right after the last token) and on the context fingerprinted
        // here, so unchanged blocks reuse the previous call's candidates.
        let context = context_fingerprint(&cx, &defined);
        for (i, tokens) in &token_blocks {
            let span = block_plain(*i);
            let line_end = plain[span.end..]
                .find('\n')
                .map_or(plain.len(), |k| span.end + k);
            let key = &plain[span.start..line_end];
            let at = span.start;
            let found = crate::analysis::incremental::block_candidates(context, key, || {
                let mut found = block_candidates(&cx, tokens, &defined);
                for c in &mut found {
                    c.span = Span::new(c.span.start - at, c.span.end - at);
                }
                found
            });
            candidates.extend(found.into_iter().map(|mut c| {
                c.span = Span::new(c.span.start + at, c.span.end + at);
                c
            }));
        }
    } else {
        for (_, tokens) in &token_blocks {
            candidates.extend(block_candidates(&cx, tokens, &defined));
        }
    }
    let context = ArticleContext {
        article_year: cx.article_year,
        article_date: cx.article_date,
        era: cx.era,
        context_units: cx.context_units.clone(),
        primary_units: cx.primary_units.clone(),
        defined: defined.clone(),
    };
    finish(
        article,
        &cx,
        &defined,
        candidates,
        metadata,
        debris_blocks,
        Some(std::sync::Arc::new(context)),
    )
}

/// Annotations, overlap resolution, debris entities and linking: the steps
/// after the block recognisers.
fn finish(
    article: &Article,
    cx: &Cx,
    defined: &HashMap<String, String>,
    candidates: Vec<Candidate>,
    metadata: Metadata,
    debris_blocks: Vec<(usize, &'static str)>,
    context: Option<std::sync::Arc<ArticleContext>>,
) -> Recognition {
    let plain = &article.plain.text;
    let mut entities = annotated_entities(article);
    // An annotation's value is what the recogniser makes of its text alone
    // ("[Chủ tịch UBND TP]{.title}" still gets its normalised post).
    for e in entities.iter_mut().filter(|e| e.value == Value::None) {
        let plain_span = article.plain.span_to_plain(e.span);
        let tokens = tokenize(plain, plain_span);
        if let Some(c) = block_candidates(cx, &tokens, defined)
            .into_iter()
            .find(|c| c.kind == e.kind && c.span == plain_span)
        {
            e.value = c.value;
        }
        // "nguyên [Bí thư]{.title}" or `former=true`: a former post.
        if let Value::Post(post) = &mut e.value {
            let attr = article
                .annotations
                .iter()
                .find(|a| a.content == e.span)
                .and_then(|a| a.attribute("former"))
                .is_some_and(|v| v == "true");
            // Only the word before counts: folding the whole text before
            // every annotated title was quadratic.
            let word_before = plain[..plain_span.start]
                .trim_end()
                .rsplit(' ')
                .next()
                .unwrap_or_default();
            let former = crate::text::vietnamese::ascii_fold(word_before) == "nguyen";
            post.former |= attr || former;
        }
    }
    let annotated: Vec<Span> = entities.iter().map(|e| e.span).collect();
    let ignored: Vec<Span> = article
        .annotations
        .iter()
        .filter(|a| a.has(crate::syntax::EntityClass::Ignore) && a.entity_class().is_none())
        .map(|a| a.content)
        .collect();
    let mut blocked: Vec<Span> = annotated.iter().chain(&ignored).copied().collect();
    blocked.sort();
    for c in resolve(candidates) {
        let span = article.plain.span_to_source(c.span);
        // Annotations can nest, so check every one starting before the end.
        let upto = blocked.partition_point(|a| a.start < span.end);
        if blocked[..upto]
            .iter()
            .rev()
            .take(64)
            .any(|a| a.overlaps(span))
        {
            continue;
        }
        entities.push(Entity {
            kind: c.kind,
            span,
            text: plain[c.span.range()].to_string(),
            value: c.value,
            origin: c.origin,
            confidence: c.confidence,
            links: Vec::new(),
        });
    }
    for &(i, reason) in &debris_blocks {
        let b = &article.blocks[i];
        entities.push(Entity {
            kind: EntityKind::Debris,
            span: b.span,
            text: plain[article.plain.span_to_plain(b.span).range()].to_string(),
            value: Value::Debris {
                reason: reason.to_string(),
            },
            origin: Origin::Rule,
            confidence: 0.9,
            links: Vec::new(),
        });
    }
    entities.sort_by_key(|e| (e.span.start, e.span.end));
    linking::link(article, &mut entities);
    Recognition {
        entities,
        metadata,
        debris_blocks,
        context,
    }
}

/// Everything in `Cx` (and the inline definitions) a block's candidates
/// may depend on, hashed; the text itself is the other half of the key.
fn context_fingerprint(cx: &Cx, defined: &HashMap<String, String>) -> u64 {
    let mut units: Vec<usize> = cx.context_units.iter().copied().collect();
    units.sort_unstable();
    let mut primary: Vec<(&String, &String)> = cx.primary_units.iter().collect();
    primary.sort();
    let mut defs: Vec<(&String, &String)> = defined.iter().collect();
    defs.sort();
    let scalars = format!("{:?}|{:?}|{:?}", cx.article_year, cx.article_date, cx.era);
    crate::analysis::incremental::fingerprint(&(scalars, units, primary, defs))
}

/// Every recogniser over one block's tokens, in dependency order (people
/// need the titles found before them).
fn block_candidates(
    cx: &Cx,
    tokens: &[Token],
    defined: &HashMap<String, String>,
) -> Vec<Candidate> {
    let mut block = Vec::new();
    documents::recognize(cx, tokens, &mut block);
    dates::recognize(cx, tokens, &mut block);
    numbers::recognize_ordinals(cx, tokens, &mut block);
    numbers::recognize_quantities(cx, tokens, &mut block);
    posts::recognize(cx, tokens, &mut block);
    let titles: Vec<Span> = block
        .iter()
        .filter(|c| c.kind == EntityKind::Title)
        .map(|c| c.span)
        .collect();
    people::recognize(cx, tokens, &titles, &mut block);
    places::recognize(cx, tokens, &mut block);
    abbreviations::recognize(cx, tokens, defined, &mut block);
    block
}

/// Greedy overlap resolution: by priority, then length, then position.
fn resolve(mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    candidates.sort_by(|a, b| {
        b.priority()
            .cmp(&a.priority())
            .then(b.span.len().cmp(&a.span.len()))
            .then(a.span.start.cmp(&b.span.start))
    });
    // Taken spans are disjoint, so keyed by start only the neighbours of a
    // candidate can overlap it: O(n log n) instead of a scan per candidate.
    let mut taken: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let mut out = Vec::new();
    for c in candidates {
        let s = c.span;
        let before = taken
            .range(..s.end)
            .next_back()
            .is_some_and(|(_, &end)| end > s.start);
        if s.is_empty() || before {
            continue;
        }
        taken.insert(s.start, s.end);
        out.push(c);
    }
    out.sort_by_key(|c| c.span.start);
    out
}

/// Entities the editor wrote as annotations. Their values come from the
/// annotation's attributes where given.
fn annotated_entities(article: &Article) -> Vec<Entity> {
    let mut out = Vec::new();
    for a in &article.annotations {
        let Some(kind) = a.entity_class().and_then(EntityKind::from_class) else {
            continue;
        };
        // Nested annotations: keep the outermost, so spans never overlap.
        if out.iter().any(|e: &Entity| e.span.covers(a.content)) {
            continue;
        }
        let text: String =
            article.plain.text[article.plain.span_to_plain(a.content).range()].to_string();
        let value = match kind {
            EntityKind::Person => Value::Person {
                name: text.split_whitespace().collect::<Vec<_>>().join(" "),
            },
            EntityKind::Date => a
                .attribute("value")
                .and_then(dates::parse_iso_date)
                .map(|d| {
                    Value::Date(DateValue::Day {
                        year: Some(d.year),
                        month: d.month,
                        day: d.day,
                        year_source: Some(YearSource::Explicit),
                        valid: true,
                    })
                })
                .unwrap_or(Value::None),
            _ => Value::None,
        };
        out.push(Entity {
            kind,
            span: a.content,
            text,
            value,
            origin: Origin::Annotation,
            confidence: 1.0,
            links: Vec::new(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{SourceFormat, parse};

    /// Whether each annotated title of `text`, in order, is a former post.
    fn former_titles(text: &str) -> Vec<bool> {
        let article = parse(text, SourceFormat::Article);
        recognize(&article)
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::Title)
            .map(|e| e.post().is_some_and(|p| p.former))
            .collect()
    }

    #[test]
    fn an_annotated_title_right_after_nguyen_is_former() {
        let text = "Đồng chí Lương Văn Hải, nguyên [Bí thư Quận ủy]{.title}, \
                    và [Chủ tịch UBND quận]{.title} dự lễ.\n";
        assert_eq!(former_titles(text), [true, false]);
        // Any spelling of the word, also at the start of the text.
        assert_eq!(
            former_titles("Nguyên [Bí thư Quận ủy]{.title} phát biểu.\n"),
            [true]
        );
    }

    #[test]
    fn nguyen_elsewhere_leaves_an_annotated_title_current() {
        // The word two words back, or inside another word, does not count.
        let text =
            "Ông nguyên là [Bí thư Quận ủy]{.title}; ông Anguyên [Chủ tịch UBND quận]{.title}.\n";
        assert_eq!(former_titles(text), [false, false]);
    }
}
