//! Measuring the recogniser against annotated text.
//!
//! An annotated article is its own answer key: the spans say what must be
//! found. [`score_article`] strips the markup, runs the recogniser on the
//! plain article and compares what it finds with the spans, by kind and
//! exact range (strict) and by kind and overlap (lenient).

use std::collections::BTreeMap;

use crate::analysis::{AnalyzeOptions, analyze};
use crate::entity::{EntityKind, Origin};
use crate::span::Span;
use crate::syntax::{self, SourceFormat};

/// An entity in plain-body offsets, with its text for reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub kind: EntityKind,
    pub span: Span,
    pub text: String,
}

/// Expected (from the annotations) and found (by the recogniser on the
/// stripped text) mentions of one annotated article, in the offsets of the
/// stripped article.
pub struct Comparison {
    pub plain: String,
    pub expected: Vec<Mention>,
    pub found: Vec<Mention>,
}

pub fn compare(annotated: &str) -> Comparison {
    let article = syntax::parse(annotated, SourceFormat::Article);
    let body_start = article.body.start;
    // The headline is never annotated in a gold article: leave it out.
    let headline_end = article
        .headline
        .map_or(body_start, |h| article.plain.to_plain(h.end) + body_start);
    let expected: Vec<Mention> = article
        .annotations
        .iter()
        .filter_map(|a| {
            let kind = a.entity_class().and_then(EntityKind::from_class)?;
            let s = article.plain.span_to_plain(a.content);
            let span = Span::new(s.start + body_start, s.end + body_start);
            Some((kind, span))
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|(kind, span)| Mention {
            kind,
            span,
            text: String::new(),
        })
        .collect();
    let plain = syntax::strip_annotations(annotated);
    let analysis = analyze(&plain, &AnalyzeOptions::with_format(SourceFormat::Article));
    let found = analysis
        .recognition
        .entities
        .iter()
        .filter(|e| {
            e.origin != Origin::Annotation
                && e.kind != EntityKind::Debris
                && e.span.start >= headline_end
        })
        .map(|e| Mention {
            kind: e.kind,
            span: e.span,
            text: e.text.clone(),
        })
        .collect();
    let expected = expected
        .into_iter()
        .map(|mut m| {
            m.text = plain[m.span.range()].to_string();
            m
        })
        .collect();
    Comparison {
        plain,
        expected,
        found,
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    pub true_pos: usize,
    pub false_pos: usize,
    pub false_neg: usize,
    /// Matches by kind and overlapping range (boundary errors forgiven).
    pub lenient_true_pos: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.true_pos, self.true_pos + self.false_pos)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.true_pos, self.true_pos + self.false_neg)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    pub fn add(&mut self, o: Counts) {
        self.true_pos += o.true_pos;
        self.false_pos += o.false_pos;
        self.false_neg += o.false_neg;
        self.lenient_true_pos += o.lenient_true_pos;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Per-kind counts for one comparison.
pub fn score(c: &Comparison) -> BTreeMap<EntityKind, Counts> {
    let mut out: BTreeMap<EntityKind, Counts> = BTreeMap::new();
    for e in &c.expected {
        let counts = out.entry(e.kind).or_default();
        if c.found.iter().any(|f| f.kind == e.kind && f.span == e.span) {
            counts.true_pos += 1;
        } else {
            counts.false_neg += 1;
        }
        if c.found
            .iter()
            .any(|f| f.kind == e.kind && f.span.overlaps(e.span))
        {
            counts.lenient_true_pos += 1;
        }
    }
    for f in &c.found {
        if !c
            .expected
            .iter()
            .any(|e| e.kind == f.kind && e.span == f.span)
        {
            out.entry(f.kind).or_default().false_pos += 1;
        }
    }
    out
}

/// A table of precision and recall per kind, for `bientap eval`.
pub fn report(totals: &BTreeMap<EntityKind, Counts>) -> String {
    let mut s = format!(
        "{:<14}{:>6}{:>6}{:>6}{:>11}{:>9}{:>7}{:>16}\n",
        "kind", "tp", "fp", "fn", "precision", "recall", "f1", "lenient recall"
    );
    let mut all = Counts::default();
    for (kind, c) in totals {
        all.add(*c);
        s.push_str(&format!(
            "{:<14}{:>6}{:>6}{:>6}{:>11.3}{:>9.3}{:>7.3}{:>16.3}\n",
            kind.name(),
            c.true_pos,
            c.false_pos,
            c.false_neg,
            c.precision(),
            c.recall(),
            c.f1(),
            ratio(c.lenient_true_pos, c.true_pos + c.false_neg)
        ));
    }
    s.push_str(&format!(
        "{:<14}{:>6}{:>6}{:>6}{:>11.3}{:>9.3}{:>7.3}{:>16.3}\n",
        "all",
        all.true_pos,
        all.false_pos,
        all.false_neg,
        all.precision(),
        all.recall(),
        all.f1(),
        ratio(all.lenient_true_pos, all.true_pos + all.false_neg)
    ));
    s
}
