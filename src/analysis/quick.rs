//! Quick re-check: the findings of a new version of a text, computed from
//! the last full analysis of an older version plus a re-analysis of only
//! the blocks the edit touched.
//!
//! # Why
//!
//! A full analysis reads the whole article (majorities, every mention of a
//! person, neighbouring blocks), so even with [`super::IncrementalAnalyzer`]
//! its cost grows with the article. The editor needs the diagnostics of the
//! paragraph being typed at once; the rest of the article did not change.
//!
//! # How
//!
//! 1. The edit is the span between the common prefix and the common suffix
//!    of the old and the new text.
//! 2. The *changed region* is the new text's lines around the edit, from
//!    the blank line before it to the blank line after it (blocks never
//!    span a blank line, except comments, which are checked). It is parsed
//!    on its own (a *fragment*),
//!    recognised in the old article's context
//!    ([`crate::recognize::recognize_in_context`]: year, date, places in
//!    context, abbreviation definitions) and checked; only the findings of
//!    block-local rules ([`crate::rules::Scope::Block`]) are kept, shifted
//!    into place, and the article's suppressions are applied.
//! 3. Every other finding of the old analysis is carried over: unchanged
//!    before the edit, shifted after it. A finding that touches the edit
//!    (its span, a fix's edit or a related location) is dropped, and so are
//!    the old block-local findings of the changed blocks.
//!
//! The block-local findings of the region are exact as long as the edit
//! does not change the article's context, and so are the carried-over
//! block-local findings elsewhere. Document-level findings (a majority that
//! tips, a count that now matches) wait for the next full analysis, which
//! the server runs right after and publishes in place of this result. A
//! whole-block finding (website debris) that covers the region stretches
//! with it. [`quick_findings`] declines (returns `None`) whenever it cannot
//! keep these promises: an edit in the front matter or in a comment, a
//! comment cut by the region, a region larger than [`MAX_REGION`], or a
//! fragment that parses differently on its own.

use super::AnalyzeOptions;
use crate::finding::Finding;
use crate::recognize::recognize_in_context;
use crate::rules::{self, Scope};
use crate::span::Span;
use crate::syntax::{self, Article, BlockKind};

/// Largest changed region, in bytes, re-checked quickly: a few paragraphs.
/// Past it the full analysis is as good (and the server's chain of quick
/// re-checks, each one edit apart, is the better base).
pub const MAX_REGION: usize = 8 * 1024;

/// The edit between two texts: `old[start..old_end]` became
/// `new[start..new_end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextEdit {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

impl TextEdit {
    /// The smallest edit turning `old` into `new` (common prefix and
    /// suffix removed, on character boundaries).
    pub fn between(old: &str, new: &str) -> TextEdit {
        let (a, b) = (old.as_bytes(), new.as_bytes());
        let mut start = common_prefix(a, b);
        while !old.is_char_boundary(start) || !new.is_char_boundary(start) {
            start -= 1;
        }
        let max_suffix = a.len().min(b.len()) - start;
        let mut suffix = common_suffix(&a[start..], &b[start..]).min(max_suffix);
        while !old.is_char_boundary(a.len() - suffix) || !new.is_char_boundary(b.len() - suffix) {
            suffix -= 1;
        }
        TextEdit {
            start,
            old_end: a.len() - suffix,
            new_end: b.len() - suffix,
        }
    }

    fn delta(&self) -> isize {
        self.new_end as isize - self.old_end as isize
    }

    /// Where an old span is in the new text: unchanged before the edit,
    /// shifted after it, `None` when it overlaps or touches the edit (text
    /// typed right after a word changes the word).
    pub fn map(&self, span: Span) -> Option<Span> {
        if span.end < self.start {
            Some(span)
        } else if span.start > self.old_end {
            let shift = |x: usize| (x as isize + self.delta()) as usize;
            Some(Span::new(shift(span.start), shift(span.end)))
        } else {
            None
        }
    }

    /// An old offset in the new text (offsets inside the edit go to its end).
    pub fn map_offset(&self, x: usize) -> usize {
        if x <= self.start {
            x
        } else if x >= self.old_end {
            (x as isize + self.delta()) as usize
        } else {
            self.new_end
        }
    }

    /// `finding` with every span mapped, or `None` when one touches the
    /// edit. A span covering all of `region` (old offsets; a whole-block
    /// finding such as website debris) is stretched with it instead.
    fn map_finding(&self, finding: &Finding, region: Span) -> Option<Finding> {
        let map = |s: Span| {
            if !region.is_empty() && s.covers(region) {
                Some(Span::new(s.start, (s.end as isize + self.delta()) as usize))
            } else {
                self.map(s)
            }
        };
        let mut f = finding.clone();
        f.span = map(f.span)?;
        for fix in &mut f.fixes {
            for e in &mut fix.edits {
                e.span = map(e.span)?;
            }
        }
        for r in &mut f.related {
            r.span = map(r.span)?;
        }
        Some(f)
    }
}

/// Length of the common prefix, compared a chunk at a time (`memcmp`).
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const CHUNK: usize = 256;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + CHUNK <= n && a[i..i + CHUNK] == b[i..i + CHUNK] {
        i += CHUNK;
    }
    i + a[i..n]
        .iter()
        .zip(&b[i..n])
        .take_while(|(x, y)| x == y)
        .count()
}

/// Length of the common suffix, compared a chunk at a time.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const CHUNK: usize = 256;
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut k = 0;
    while k + CHUNK <= n && a[n - k - CHUNK..n - k] == b[n - k - CHUNK..n - k] {
        k += CHUNK;
    }
    k + a[..n - k]
        .iter()
        .rev()
        .zip(b[..n - k].iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

fn is_block_local(rule: &str) -> bool {
    rules::SCOPES
        .iter()
        .any(|(code, scope)| *code == rule && *scope == Scope::Block)
}

/// One finding of a quick re-check.
#[derive(Debug, Clone)]
pub enum QuickFinding {
    /// The base analysis's finding at this index, carried over from outside
    /// the region: its byte spans are the base's mapped through the edit
    /// ([`QuickCheck::finding`]), and, when [`QuickCheck::lines_kept`], its
    /// line and column are the base's too.
    Kept(usize),
    /// A finding of the edited region (fresh, or carried over from inside
    /// it), in the new text's offsets.
    New(Finding),
}

/// The result of a quick re-check.
#[derive(Debug, Clone)]
pub struct QuickCheck {
    /// Every finding of the new text, sorted by start offset.
    pub findings: Vec<QuickFinding>,
    /// The re-checked lines of the new text (empty when the texts are equal).
    pub region: Span,
    pub edit: TextEdit,
    /// Whether the edit left every line outside the region where it was
    /// (no line break added or removed), so a kept finding keeps its line
    /// and column.
    pub lines_kept: bool,
}

impl QuickCheck {
    /// The finding, in the new text's offsets.
    pub fn finding(&self, base: &super::Analysis, f: &QuickFinding) -> Finding {
        match f {
            QuickFinding::Kept(i) => {
                let old = &base.findings[*i];
                // Kept findings lie wholly before or after the region.
                self.edit
                    .map_finding(old, Span::new(0, 0))
                    .unwrap_or_else(|| old.clone())
            }
            QuickFinding::New(f) => f.clone(),
        }
    }

    /// Every finding, in the new text's offsets.
    pub fn to_findings(&self, base: &super::Analysis) -> Vec<Finding> {
        self.findings
            .iter()
            .map(|f| self.finding(base, f))
            .collect()
    }
}

/// The findings of `new_text`, from the full analysis `old` of `old_text`
/// (see the module documentation), or `None` when a quick re-check cannot
/// be trusted and only a full analysis will do.
pub fn quick_findings(
    old_text: &str,
    old: &super::Analysis,
    new_text: &str,
    options: &AnalyzeOptions,
) -> Option<QuickCheck> {
    let edit = TextEdit::between(old_text, new_text);
    let breaks = |s: &str| s.bytes().filter(|b| *b == b'\n' || *b == b'\r').count();
    let lines_kept =
        breaks(&old_text[edit.start..edit.old_end]) == breaks(&new_text[edit.start..edit.new_end]);
    if edit.start == edit.old_end && edit.start == edit.new_end {
        return Some(QuickCheck {
            findings: (0..old.findings.len()).map(QuickFinding::Kept).collect(),
            region: Span::new(edit.start, edit.start),
            edit,
            lines_kept: true,
        });
    }
    let context = old.recognition.context.as_ref()?;
    if old.article.format != options.format {
        return None;
    }
    let region = changed_region(&old.article, new_text, edit)?;
    let old_region = Span::new(region.start, (region.end as isize - edit.delta()) as usize);

    let fragment = &new_text[region.range()];
    let fragment_article = syntax::parse(fragment, options.format);
    if fragment_article.front_matter.is_some() {
        return None; // parses differently on its own
    }
    let recognition = recognize_in_context(&fragment_article, context);
    let mut fresh: Vec<Finding> =
        rules::run(fragment, &fragment_article, &recognition, &options.rules)
            .into_iter()
            .filter(|f| is_block_local(f.rule))
            .map(|f| shift(f, region.start))
            .collect();
    // Suppression comments lie outside the region (an edit near one is
    // declined): the old article's, moved through the edit.
    let suppressions =
        rules::suppression::Suppressions::of(old_text, &old.article).mapped(|x| edit.map_offset(x));
    fresh.retain(|f| !suppressions.silences(f));

    // The old findings: before the region, over it, after it (they are
    // sorted by start).
    let before = old
        .findings
        .partition_point(|f| f.span.start < old_region.start);
    let after = before + old.findings[before..].partition_point(|f| f.span.start <= old_region.end);
    let mut middle: Vec<Finding> = Vec::new();
    let mut findings: Vec<QuickFinding> = Vec::with_capacity(old.findings.len() + fresh.len());
    // A finding is kept unmoved when none of its spans is in the region
    // (and, for spans after it, no line break was added or removed).
    let outside = |s: Span| s.end < old_region.start || (lines_kept && s.start > old_region.end);
    for (i, f) in old.findings[..before].iter().enumerate() {
        if all_spans(f).all(outside) {
            findings.push(QuickFinding::Kept(i));
        } else if is_block_local(f.rule) && f.span.overlaps_or_touches(old_region) {
            // Re-checked.
        } else if let Some(m) = edit.map_finding(f, old_region) {
            if m.span.end < region.start {
                findings.push(QuickFinding::New(m)); // related location moved
            } else {
                middle.push(m);
            }
        }
    }
    for f in &old.findings[before..after] {
        if is_block_local(f.rule) {
            continue; // re-checked
        }
        if let Some(m) = edit.map_finding(f, old_region) {
            middle.push(m);
        }
    }
    // Inside website debris, findings go with the debris.
    let debris = rules::debris::WEBSITE.code;
    let debris_spans: Vec<Span> = middle
        .iter()
        .filter(|f| f.rule == debris)
        .map(|f| f.span)
        .collect();
    fresh.retain(|f| !debris_spans.iter().any(|d| d.covers(f.span)));
    middle.extend(fresh);
    middle.sort_by_key(|f| (f.span.start, f.span.end, f.rule));
    // Findings after the region come after every finding in it, except
    // that one with a related location inside the region is re-placed.
    let mut tail: Vec<QuickFinding> = Vec::new();
    for (k, f) in old.findings[after..].iter().enumerate() {
        let i = after + k;
        if all_spans(f).all(outside) {
            tail.push(QuickFinding::Kept(i));
        } else if let Some(m) = edit.map_finding(f, old_region) {
            tail.push(QuickFinding::New(m));
        }
    }
    findings.extend(middle.into_iter().map(QuickFinding::New));
    findings.extend(tail);
    Some(QuickCheck {
        findings,
        region,
        edit,
        lines_kept,
    })
}

fn all_spans(f: &Finding) -> impl Iterator<Item = Span> + '_ {
    std::iter::once(f.span)
        .chain(f.fixes.iter().flat_map(|x| x.edits.iter().map(|e| e.span)))
        .chain(f.related.iter().map(|r| r.span))
}

/// The lines of the new text around the edit, from the blank line (or
/// the body's start) before it to the blank line (or the end) after it,
/// or `None` when they cannot be re-checked on their own.
///
/// Blocks never span a blank line, except comments: so these lines parse
/// into the same blocks on their own as inside the article, provided no
/// comment is cut and no front matter is near.
fn changed_region(old: &Article, new_text: &str, edit: TextEdit) -> Option<Span> {
    if edit.start <= old.body.start && old.front_matter.is_some() {
        return None; // the front matter (the article's date, title)
    }
    let start = paragraph_start(new_text, edit.start).max(old.body.start);
    let end = paragraph_end(new_text, edit.new_end);
    if end.saturating_sub(start) > MAX_REGION || end < start {
        return None;
    }
    let old_span = Span::new(start, (end as isize - edit.delta()) as usize);
    // A comment must be whole inside the region (comments may span blank
    // lines) and untouched by the edit (a changed suppression directive
    // reaches past the region).
    let edited = Span::new(edit.start, edit.old_end);
    let first = old.blocks.partition_point(|b| b.span.end < old_span.start);
    if old.blocks[first..]
        .iter()
        .take_while(|b| b.span.start <= old_span.end)
        .filter(|b| b.kind == BlockKind::Comment)
        .any(|b| !old_span.covers(b.span) || b.span.overlaps_or_touches(edited))
    {
        return None;
    }
    Some(Span::new(start, end))
}

fn is_blank(line: &str) -> bool {
    line.trim_matches([' ', '\t', '\r', '\u{a0}']).is_empty()
}

/// Start of the first line after the last blank line before `at`.
fn paragraph_start(text: &str, at: usize) -> usize {
    let mut line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    while line_start > 0 {
        let prev_start = text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1);
        if is_blank(&text[prev_start..line_start - 1]) {
            break;
        }
        line_start = prev_start;
    }
    line_start
}

/// End (before the line break) of the last line before the first blank
/// line after `at`.
fn paragraph_end(text: &str, at: usize) -> usize {
    let mut line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    while line_end < text.len() {
        let next_end = text[line_end + 1..]
            .find('\n')
            .map_or(text.len(), |i| line_end + 1 + i);
        if is_blank(&text[line_end + 1..next_end]) {
            break;
        }
        line_end = next_end;
    }
    if line_end > at && text[..line_end].ends_with('\r') {
        line_end -= 1;
    }
    line_end
}

fn shift(mut f: Finding, by: usize) -> Finding {
    f.span = f.span.shifted(by);
    for fix in &mut f.fixes {
        for e in &mut fix.edits {
            e.span = e.span.shifted(by);
        }
    }
    for r in &mut f.related {
        r.span = r.span.shifted(by);
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_between_texts() {
        let e = TextEdit::between("Hoàn Mai", "Hoàng Mai");
        assert_eq!((e.start, e.old_end, e.new_end), (5, 5, 6));
        // Repeated letters: the shortest edit, not an overlap of prefix and suffix.
        let e = TextEdit::between("aa", "aaa");
        assert_eq!((e.start, e.old_end, e.new_end), (2, 2, 3));
        // Never inside a character: ò (2 bytes) → ó shares its first byte.
        let e = TextEdit::between("hòa", "hóa");
        assert_eq!((e.start, e.old_end, e.new_end), (1, 3, 3));
        let long = "x".repeat(1000);
        let e = TextEdit::between(&format!("{long}ab{long}"), &format!("{long}a{long}"));
        assert_eq!((e.start, e.old_end, e.new_end), (1001, 1002, 1001));
        let e = TextEdit::between("same", "same");
        assert_eq!((e.start, e.old_end, e.new_end), (4, 4, 4));
    }

    #[test]
    fn spans_map_through_an_edit() {
        // "abc|def" → "abcXYdef": insertion of two bytes at 3.
        let e = TextEdit {
            start: 3,
            old_end: 3,
            new_end: 5,
        };
        assert_eq!(e.map(Span::new(0, 2)), Some(Span::new(0, 2)));
        assert_eq!(e.map(Span::new(0, 3)), None, "touches the edit");
        assert_eq!(e.map(Span::new(3, 6)), None, "touches the edit");
        assert_eq!(e.map(Span::new(4, 6)), Some(Span::new(6, 8)));
        assert_eq!(e.map_offset(2), 2);
        assert_eq!(e.map_offset(4), 6);
    }
}
