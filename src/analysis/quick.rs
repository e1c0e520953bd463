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
//! 1. The changes between the old and the new text ([`Edits::between`]):
//!    the span between the common prefix and the common suffix when it is
//!    short (one edit), otherwise a line diff of that span, so edits at
//!    several places (a base several versions old) are several small
//!    changes. At most [`MAX_CHANGES`].
//! 2. Each change in the body has a *region*: the new text's lines around
//!    it, from the blank line before to the blank line after (blocks never
//!    span a blank line, except comments, which are checked). Each region
//!    is parsed on its own (a *fragment*), recognised in the old article's
//!    context ([`crate::recognize::recognize_in_context`]: year, date,
//!    places in context, abbreviation definitions) and checked; only the
//!    findings of block-local rules ([`crate::rules::Scope::Block`]) are
//!    kept, shifted into place, and the article's suppressions are applied.
//!    A change in the front matter needs no region (only document-level
//!    rules read it) provided the front matter still ends where it did,
//!    with the same keys and the same date (the date is the context).
//! 3. Every other finding of the old analysis is carried over, shifted by
//!    the changes before it. A finding that touches a change (its span, a
//!    fix's edit or a related location) is dropped, and so are the old
//!    block-local findings of the regions.
//!
//! The block-local findings of the regions are exact as long as the edits
//! do not change the article's context, and so are the carried-over
//! block-local findings elsewhere. Document-level findings (a majority that
//! tips, a count that now matches) wait for the next full analysis, which
//! the server runs right after and publishes in place of this result. A
//! whole-block finding (website debris) that covers a region stretches with
//! it while the fragment agrees the blocks are still page furniture; a
//! block that stopped being furniture loses its run's finding and is
//! checked. [`quick_findings`] declines (returns `None`) whenever it cannot
//! keep these promises: a changed front-matter boundary, keys or date; an
//! edited or new suppression directive; a comment cut by a region; an edit
//! in a related-articles list (debris by position); a region larger than
//! [`MAX_REGION`]; too many changes; or a fragment that parses differently
//! on its own.
//!
//! # Provisional re-checks
//!
//! Two of those refusals are about the article's context, not about the
//! regions: a changed front matter (boundary, keys or date) and an edited
//! or new suppression directive. [`provisional_findings`] takes them: the
//! regions are re-checked in the *old* context with the old suppressions,
//! and everything else is carried over, so the result is exact where the
//! context does not matter and possibly stale where it does, until the next
//! full analysis ([`QuickCheck::provisional`]). The server publishes it
//! instead of nothing: without it, every keystroke after such an edit would
//! wait for a full analysis (seconds on a 1 MB article), and the editor
//! would meanwhile show the older diagnostics anyway, unmoved.

use super::AnalyzeOptions;
use crate::finding::Finding;
use crate::recognize::recognize_in_context;
use crate::rules::{self, Scope};
use crate::span::Span;
use crate::syntax::{self, Article, BlockKind};

mod edited_paragraph;
mod memo;
pub use edited_paragraph::edited_paragraph_analysis;
pub use memo::RegionMemo;

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

/// One change between two texts: `old[old]` became `new[new]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub old: Span,
    pub new: Span,
}

/// The changes between two texts, sorted, disjoint and apart (between two
/// changes at least one byte is the same in both texts).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Edits {
    changes: Vec<Change>,
}

impl Edits {
    /// The changes turning `old` into `new`, or `None` past
    /// [`MAX_CHANGES`]. One change (the common prefix and suffix removed)
    /// when that is small; otherwise the lines between are compared, so
    /// edits at several places since the base give several small changes.
    pub fn between(old: &str, new: &str) -> Option<Edits> {
        let e = TextEdit::between(old, new);
        if e.start == e.old_end && e.start == e.new_end {
            return Some(Edits::default());
        }
        let single = Change {
            old: Span::new(e.start, e.old_end),
            new: Span::new(e.start, e.new_end),
        };
        if (e.old_end - e.start).max(e.new_end - e.start) <= SINGLE_CHANGE {
            return Some(Edits {
                changes: vec![single],
            });
        }
        // Whole lines from the first difference to the last (the suffix is
        // common, so its line ends are at the same distance in both).
        let from = old[..e.start].rfind('\n').map_or(0, |i| i + 1);
        let tail = old[e.old_end..]
            .find('\n')
            .map_or(old.len() - e.old_end, |i| i + 1);
        let (old_mid, new_mid) = (&old[from..e.old_end + tail], &new[from..e.new_end + tail]);
        let old_lines: Vec<&str> = old_mid.split_inclusive('\n').collect();
        let new_lines: Vec<&str> = new_mid.split_inclusive('\n').collect();
        let hash = |l: &&str| {
            use std::hash::BuildHasher;
            foldhash::fast::FixedState::with_seed(0x6269_656e).hash_one(l)
        };
        let (old_hashes, new_hashes): (Vec<u64>, Vec<u64>) = (
            old_lines.iter().map(hash).collect(),
            new_lines.iter().map(hash).collect(),
        );
        let deadline = std::time::Instant::now() + std::time::Duration::from_millis(20);
        let ops = similar::capture_diff_slices_deadline(
            similar::Algorithm::Myers,
            &old_hashes,
            &new_hashes,
            Some(deadline),
        );
        // Byte offset (within the middle part) of each line start.
        let offsets = |lines: &[&str]| -> Vec<usize> {
            let mut at = Vec::with_capacity(lines.len() + 1);
            let mut x = 0;
            for l in lines {
                at.push(x);
                x += l.len();
            }
            at.push(x);
            at
        };
        let (old_at, new_at) = (offsets(&old_lines), offsets(&new_lines));
        let mut changes: Vec<Change> = Vec::new();
        let mut pending: Option<(std::ops::Range<usize>, std::ops::Range<usize>)> = None;
        let flush = |p: Option<(std::ops::Range<usize>, std::ops::Range<usize>)>,
                     changes: &mut Vec<Change>| {
            let Some((o, n)) = p else { return };
            let (o0, o1) = (from + old_at[o.start], from + old_at[o.end]);
            let (n0, n1) = (from + new_at[n.start], from + new_at[n.end]);
            let inner = TextEdit::between(&old[o0..o1], &new[n0..n1]);
            changes.push(Change {
                old: Span::new(o0 + inner.start, o0 + inner.old_end),
                new: Span::new(n0 + inner.start, n0 + inner.new_end),
            });
        };
        for op in &ops {
            let (tag, o, n) = op.as_tag_tuple();
            if tag == similar::DiffTag::Equal {
                flush(pending.take(), &mut changes);
            } else {
                pending = Some(match pending.take() {
                    Some((po, pn)) => (po.start..o.end, pn.start..n.end),
                    None => (o, n),
                });
            }
        }
        flush(pending.take(), &mut changes);
        // Line hashes could collide: the texts between the changes must
        // really be the same.
        let mut prev = Change {
            old: Span::new(0, 0),
            new: Span::new(0, 0),
        };
        for c in changes.iter().chain(std::iter::once(&Change {
            old: Span::new(old.len(), old.len()),
            new: Span::new(new.len(), new.len()),
        })) {
            if old.get(prev.old.end..c.old.start) != new.get(prev.new.end..c.new.start) {
                return None;
            }
            prev = *c;
        }
        if changes.len() > MAX_CHANGES {
            return None;
        }
        Some(Edits { changes })
    }

    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Whether every change leaves the number of line breaks as it was.
    fn keep_lines(&self, old: &str, new: &str) -> bool {
        let breaks = |s: &str| s.bytes().filter(|b| *b == b'\n' || *b == b'\r').count();
        self.changes
            .iter()
            .all(|c| breaks(&old[c.old.range()]) == breaks(&new[c.new.range()]))
    }

    /// Where an old span is in the new text: shifted by the changes before
    /// it, `None` when it overlaps or touches one (text typed right after a
    /// word changes the word).
    pub fn map(&self, span: Span) -> Option<Span> {
        let k = self.changes.partition_point(|c| c.old.end < span.start);
        if self.changes.get(k).is_some_and(|c| c.old.start <= span.end) {
            return None;
        }
        Some(match k.checked_sub(1).map(|i| self.changes[i]) {
            Some(c) => Span::new(
                span.start - c.old.end + c.new.end,
                span.end - c.old.end + c.new.end,
            ),
            None => span,
        })
    }

    /// An old offset in the new text (offsets inside a change go to its end).
    pub fn map_offset(&self, x: usize) -> usize {
        let k = self.changes.partition_point(|c| c.old.start < x);
        match k.checked_sub(1).map(|i| self.changes[i]) {
            Some(c) if x < c.old.end => c.new.end,
            Some(c) => x - c.old.end + c.new.end,
            None => x,
        }
    }

    /// A new offset outside every change in the old text.
    fn map_back(&self, y: usize) -> usize {
        let k = self.changes.partition_point(|c| c.new.end <= y);
        match k.checked_sub(1).map(|i| self.changes[i]) {
            Some(c) => y - c.new.end + c.old.end,
            None => y,
        }
    }

    /// `finding` with every span mapped, or `None` when one touches a
    /// change. A span covering all of one of `stretch` (old offsets; a
    /// whole-block finding such as website debris over a re-checked region)
    /// keeps covering it.
    fn map_finding(&self, finding: &Finding, stretch: &[Span]) -> Option<Finding> {
        let map = |s: Span| match stretch.iter().find(|r| !r.is_empty() && s.covers(**r)) {
            Some(_) => Some(Span::new(self.map_offset(s.start), self.map_offset(s.end))),
            None => self.map(s),
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

/// Longest span between the first and the last difference still taken as
/// one change (a word or two retyped); past it, lines are compared.
const SINGLE_CHANGE: usize = 256;

/// Most separate changes one quick re-check takes on (each is re-checked
/// with its paragraph).
pub const MAX_CHANGES: usize = 64;

/// One finding of a quick re-check.
#[derive(Debug, Clone)]
pub enum QuickFinding {
    /// The base analysis's finding at this index, carried over from outside
    /// the regions: its byte spans are the base's mapped through the edits
    /// ([`QuickCheck::finding`]), and, when [`QuickCheck::lines_kept`], its
    /// line and column are the base's too.
    Kept(usize),
    /// A finding of an edited region (fresh, or carried over from inside
    /// it), in the new text's offsets.
    New(Finding),
}

/// The result of a quick re-check.
#[derive(Debug, Clone)]
pub struct QuickCheck {
    /// Every finding of the new text, sorted by start offset.
    pub findings: Vec<QuickFinding>,
    /// The re-checked lines of the new text, sorted (none when the texts
    /// are equal or only the front matter changed).
    pub regions: Vec<Span>,
    pub edits: Edits,
    /// Whether the edits left every line outside the regions where it was
    /// (no line break added or removed), so a kept finding keeps its line
    /// and column.
    pub lines_kept: bool,
    /// Whether the edits changed the article's context (front matter) or
    /// its suppression directives, so findings outside the regions may be
    /// stale until the next full analysis (only from
    /// [`provisional_findings`]).
    pub provisional: bool,
}

impl QuickCheck {
    /// The finding, in the new text's offsets.
    pub fn finding(&self, base: &super::Analysis, f: &QuickFinding) -> Finding {
        match f {
            QuickFinding::Kept(i) => {
                let old = &base.findings[*i];
                // Kept findings touch no change.
                self.edits
                    .map_finding(old, &[])
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

    /// Bytes re-checked.
    pub fn region_len(&self) -> usize {
        self.regions.iter().map(|r| r.len()).sum()
    }
}

/// The findings of `new_text`, from the full analysis `old` of `old_text`
/// (see the module documentation), or `None` when a quick re-check cannot
/// be trusted and only a full analysis will do.
///
/// `memo` remembers the regions checked (see [`RegionMemo`]); pass the same
/// one for re-checks from the same full analysis.
pub fn quick_findings(
    old_text: &str,
    old: &super::Analysis,
    new_text: &str,
    options: &AnalyzeOptions,
    memo: &RegionMemo,
) -> Option<QuickCheck> {
    re_check(old_text, old, new_text, options, memo, Strictness::Exact)
}

/// Like [`quick_findings`], but also when the edits changed the front
/// matter or a suppression directive: then the result is
/// [`QuickCheck::provisional`] (see the module documentation). Still `None`
/// when the regions themselves cannot be re-checked.
pub fn provisional_findings(
    old_text: &str,
    old: &super::Analysis,
    new_text: &str,
    options: &AnalyzeOptions,
    memo: &RegionMemo,
) -> Option<QuickCheck> {
    re_check(
        old_text,
        old,
        new_text,
        options,
        memo,
        Strictness::Provisional,
    )
}

/// Whether a re-check may leave the article's context behind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strictness {
    Exact,
    Provisional,
}

fn re_check(
    old_text: &str,
    old: &super::Analysis,
    new_text: &str,
    options: &AnalyzeOptions,
    memo: &RegionMemo,
    strictness: Strictness,
) -> Option<QuickCheck> {
    let edits = Edits::between(old_text, new_text)?;
    if edits.is_empty() {
        return Some(QuickCheck {
            findings: (0..old.findings.len()).map(QuickFinding::Kept).collect(),
            regions: Vec::new(),
            edits,
            lines_kept: true,
            provisional: false,
        });
    }
    let lines_kept = edits.keep_lines(old_text, new_text);
    let context = old.recognition.context.as_ref()?;
    if old.article.format != options.format {
        return None;
    }
    let Touched {
        regions,
        dirty,
        context_changed,
    } = touched(old_text, &old.article, new_text, &edits)?;
    if context_changed && strictness == Strictness::Exact {
        return None;
    }
    // The regions in the old text (their ends are outside every change).
    let old_regions: Vec<Span> = regions
        .iter()
        .map(|r| Span::new(edits.map_back(r.start), edits.map_back(r.end)))
        .collect();

    // Old findings: kept where they were, re-checked, or moved.
    let first_dirty = dirty.first().map_or(usize::MAX, |d| d.start);
    let unmoved = |s: Span| !touches_any(&dirty, s) && (lines_kept || s.end < first_dirty);
    let mut carried: Vec<(Span, QuickFinding)> = Vec::with_capacity(old.findings.len());
    let mut moved: Vec<Finding> = Vec::new();
    for (i, f) in old.findings.iter().enumerate() {
        if all_spans(f).all(unmoved) {
            let span = edits.map(f.span).unwrap_or(f.span);
            carried.push((span, QuickFinding::Kept(i)));
        } else if is_block_local(f.rule) && touches_any(&old_regions, f.span) {
            // Re-checked.
        } else if let Some(m) = edits.map_finding(f, &old_regions) {
            moved.push(m);
        }
    }
    // Website debris is found with the whole article in view; in the
    // regions it stays where it was (stretched over the edits), and the
    // findings inside it go with it.
    let debris = rules::debris::WEBSITE.code;
    let tail = crate::recognize::debris::TAIL_REASON;
    let mut debris_spans: Vec<(Span, bool)> = moved
        .iter()
        .filter(|f| f.rule == debris)
        .map(|f| (f.span, f.message.contains(tail)))
        .collect();

    // Suppression comments are untouched (an edit of a directive is
    // declined): the old article's, moved through the edits.
    let suppressions = rules::suppression::Suppressions::of(old_text, &old.article)
        .mapped(|x| edits.map_offset(x));
    let mut fresh: Vec<Finding> = Vec::new();
    for region in &regions {
        let fragment = &new_text[region.range()];
        let fragment_article = syntax::parse(fragment, options.format);
        if !parses_alone(fragment, &fragment_article) {
            return None;
        }
        let checked = memo.get_or(fragment, context, &options.rules, || {
            let recognition = recognize_in_context(&fragment_article, context);
            memo::RegionCheck {
                findings: rules::run(fragment, &fragment_article, &recognition, &options.rules)
                    .into_iter()
                    .filter(|f| is_block_local(f.rule))
                    .collect(),
                debris_blocks: recognition.debris_blocks,
            }
        });
        // A block that stopped being page furniture (a line of it retyped)
        // takes its run's finding away (the full analysis gives the rest
        // of the run again) and is checked; one that became furniture is
        // not checked, like debris. Related-article lists are debris by
        // where they are, which a fragment cannot tell: declined.
        for (i, b) in fragment_article.blocks.iter().enumerate() {
            if b.kind == BlockKind::Comment {
                continue;
            }
            let span = b.span.shifted(region.start);
            let now = checked.debris_blocks.iter().find(|(k, _)| *k == i);
            let was = debris_spans.iter().position(|(d, _)| d.covers(span));
            match (was, now) {
                (Some(_), Some((_, reason))) | (None, Some((_, reason))) if *reason == tail => {
                    return None;
                }
                (Some(w), None) => {
                    if debris_spans[w].1 {
                        return None;
                    }
                    let gone = debris_spans.remove(w).0;
                    moved.retain(|f| !(f.rule == debris && f.span == gone));
                }
                _ => {}
            }
        }
        fresh.extend(
            checked
                .findings
                .iter()
                .map(|f| shift(f.clone(), region.start))
                .filter(|f| !suppressions.silences(f)),
        );
    }
    fresh.retain(|f| !debris_spans.iter().any(|(d, _)| d.covers(f.span)));
    carried.extend(
        moved
            .into_iter()
            .chain(fresh)
            .map(|f| (f.span, QuickFinding::New(f))),
    );
    // Stable: kept findings stay in the base's order.
    carried.sort_by_key(|(s, _)| (s.start, s.end));
    Some(QuickCheck {
        findings: carried.into_iter().map(|(_, f)| f).collect(),
        regions,
        edits,
        lines_kept,
        provisional: context_changed,
    })
}

/// Whether `s` overlaps or touches one of `spans` (sorted, apart).
fn touches_any(spans: &[Span], s: Span) -> bool {
    let k = spans.partition_point(|r| r.end < s.start);
    spans.get(k).is_some_and(|r| r.start <= s.end)
}

/// Whether a fragment parsed on its own reads as it does inside the
/// article: no front matter of its own, no comment left open.
fn parses_alone(fragment: &str, article: &Article) -> bool {
    article.front_matter.is_none()
        && !article
            .blocks
            .iter()
            .any(|b| b.kind == BlockKind::Comment && !fragment[b.content.range()].contains("-->"))
}

fn all_spans(f: &Finding) -> impl Iterator<Item = Span> + '_ {
    std::iter::once(f.span)
        .chain(f.fixes.iter().flat_map(|x| x.edits.iter().map(|e| e.span)))
        .chain(f.related.iter().map(|r| r.span))
}

/// What the edits touched.
struct Touched {
    /// Lines of the new text to re-check, sorted and apart.
    regions: Vec<Span>,
    /// Old-text lines whose findings cannot stay where they were: the
    /// regions, and the front-matter lines that changed. Sorted.
    dirty: Vec<Span>,
    /// Whether the front matter now reads differently for the rest of the
    /// article, or a suppression directive was edited or written.
    context_changed: bool,
}

/// The lines around each change, or `None` when they cannot be re-checked
/// on their own (a change across the front matter's end, a cut comment, a
/// region too large).
///
/// A change in the body is re-checked with its lines, from the blank line
/// (or the body's start) before it to the blank line (or the end) after it:
/// blocks never span a blank line, except comments, so these lines parse
/// into the same blocks on their own as inside the article, provided no
/// comment is cut. A change in the front matter is re-checked by nobody:
/// only document-level rules read the front matter, and only its date
/// reaches the rest (the article's context), so it must stay the same.
fn touched(old_text: &str, old: &Article, new_text: &str, edits: &Edits) -> Option<Touched> {
    let body_start = edits.map_offset(old.body.start);
    let mut regions: Vec<Span> = Vec::new();
    let mut dirty: Vec<Span> = Vec::new();
    let mut front_matter_checked = false;
    let mut context_changed = false;
    for c in edits.changes() {
        if old.front_matter.is_some() && c.old.start < old.body.start {
            if c.old.end >= old.body.start {
                return None; // reaches the body
            }
            if !front_matter_checked {
                context_changed |= !same_front_matter(old, new_text, edits);
                front_matter_checked = true;
            }
            let line_start = old_text[..c.old.start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = old_text[c.old.end..]
                .find('\n')
                .map_or(old_text.len(), |i| c.old.end + i);
            dirty.push(Span::new(line_start, line_end));
            continue;
        }
        let start = paragraph_start(new_text, c.new.start).max(body_start);
        let end = paragraph_end(new_text, c.new.end);
        if end < start {
            return None;
        }
        match regions.last_mut() {
            Some(last) if last.end >= start => last.end = last.end.max(end),
            _ => regions.push(Span::new(start, end)),
        }
    }
    if regions.iter().any(|r| r.len() > MAX_REGION) {
        return None;
    }
    for region in &regions {
        let old_region = Span::new(edits.map_back(region.start), edits.map_back(region.end));
        // A comment must be whole inside the region (comments may span
        // blank lines), and a suppression directive untouched (it reaches
        // past the region).
        let first = old
            .blocks
            .partition_point(|b| b.span.end < old_region.start);
        let comments = || {
            old.blocks[first..]
                .iter()
                .take_while(|b| b.span.start <= old_region.end)
                .filter(|b| b.kind == BlockKind::Comment)
        };
        if comments().any(|b| !old_region.covers(b.span)) {
            return None;
        }
        context_changed |= comments().any(|b| {
            edits
                .changes()
                .iter()
                .any(|c| b.span.overlaps_or_touches(c.old))
                && rules::suppression::is_directive(&old_text[b.content.range()])
        }) || has_new_directive(new_text, *region, edits);
        dirty.push(old_region);
    }
    dirty.sort_by_key(|d| d.start);
    Some(Touched {
        regions,
        dirty,
        context_changed,
    })
}

/// Whether a change in `region` wrote a line that starts a suppression
/// directive comment.
fn has_new_directive(new_text: &str, region: Span, edits: &Edits) -> bool {
    edits
        .changes()
        .iter()
        .filter(|c| region.covers(c.new))
        .any(|c| {
            let line_start = new_text[..c.new.start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = new_text[c.new.end..]
                .find('\n')
                .map_or(new_text.len(), |i| c.new.end + i);
            new_text[line_start..line_end]
                .split("<!--")
                .skip(1)
                .any(|after| rules::suppression::is_directive(&format!("<!--{after}")))
        })
}

/// Whether the new text's front matter reads as the old one's for the rest
/// of the article: it ends where the old one ends (moved through the
/// edits), has the same keys, and the same date.
fn same_front_matter(old: &Article, new_text: &str, edits: &Edits) -> bool {
    let Some(old_fm) = old.front_matter.as_ref() else {
        return false;
    };
    let mut errors = Vec::new();
    let Some(new_fm) = syntax::front_matter::parse(new_text, &mut errors) else {
        return false;
    };
    let keys = |fm: &syntax::front_matter::FrontMatter| {
        fm.fields.iter().map(|f| f.key.clone()).collect::<Vec<_>>()
    };
    let date =
        |fm: &syntax::front_matter::FrontMatter| fm.get("date").and_then(|f| f.value.as_text());
    new_fm.span.end == edits.map_offset(old_fm.span.end)
        && keys(old_fm) == keys(&new_fm)
        && date(old_fm) == date(&new_fm)
}

/// Where `offset` of the new text was in the old one, provided the edits
/// left its paragraph (blank line to blank line) and the front matter
/// alone: what the old text's analysis recognised there still stands
/// (recognition is per block, in the article's context). `None` in or
/// beside an edited paragraph, or after a front-matter edit.
pub fn untouched_old_offset(
    old: &Article,
    edits: &Edits,
    new_text: &str,
    offset: usize,
) -> Option<usize> {
    if offset > new_text.len() || !new_text.is_char_boundary(offset) {
        return None;
    }
    let changes = edits.changes();
    if old.front_matter.is_some()
        && changes
            .first()
            .is_some_and(|c| c.old.start < old.body.start)
    {
        return None;
    }
    let paragraph = Span::new(
        paragraph_start(new_text, offset),
        paragraph_end(new_text, offset).max(offset),
    );
    // A change may end where the paragraph starts (after a blank line: a
    // paragraph added before it), not where it ends (a letter typed there).
    let k = changes.partition_point(|c| c.new.end <= paragraph.start);
    if changes.get(k).is_some_and(|c| c.new.start <= paragraph.end) {
        return None;
    }
    Some(edits.map_back(offset))
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
    fn spans_map_through_edits() {
        // "abc|def" → "abcXYdef": insertion of two bytes at 3.
        let e = Edits::between("abcdef", "abcXYdef").unwrap();
        assert_eq!(e.map(Span::new(0, 2)), Some(Span::new(0, 2)));
        assert_eq!(e.map(Span::new(0, 3)), None, "touches the edit");
        assert_eq!(e.map(Span::new(3, 6)), None, "touches the edit");
        assert_eq!(e.map(Span::new(4, 6)), Some(Span::new(6, 8)));
        assert_eq!(e.map_offset(2), 2);
        assert_eq!(e.map_offset(4), 6);
    }

    #[test]
    fn edits_at_several_places_are_several_changes() {
        let para = |k: usize| format!("Đoạn {k}: {}\n\n", "chữ ".repeat(40));
        let old: String = (0..200).map(para).collect();
        let mut new = old.clone();
        // Three edits far apart (one deletes a line break, one adds
        // letters with combining marks), applied back to front.
        let at = |k: usize| old.find(&format!("Đoạn {k}:")).unwrap();
        new.insert_str(at(180) + 3, "o\u{302}\u{323}");
        new.replace_range(at(100) - 1..at(100), "");
        new.insert_str(at(10), "xx ");
        let e = Edits::between(&old, &new).unwrap();
        assert_eq!(e.changes().len(), 3, "{e:?}");
        let c = e.changes();
        assert_eq!(c[0].old, Span::new(at(10), at(10)));
        assert_eq!(c[0].new, Span::new(at(10), at(10) + 3));
        assert_eq!(c[1].old, Span::new(at(100) - 1, at(100)));
        assert_eq!(c[1].new.len(), 0);
        assert_eq!(&new[c[2].new.range()], "o\u{302}\u{323}");
        // Text between the changes maps; text in a change does not.
        let word = at(150);
        let len = "Đoạn".len();
        let mapped = e.map(Span::new(word, word + len)).unwrap();
        assert_eq!(&new[mapped.range()], &old[word..word + len]);
        assert_eq!(e.map(Span::new(at(10) - 2, at(10))), None);
        assert_eq!(e.map_back(mapped.start), word);
        // Every old offset outside the changes maps onto the same byte.
        for x in (0..old.len())
            .filter(|&x| old.is_char_boundary(x))
            .step_by(97)
        {
            if let Some(m) = e.map(Span::new(x, x)) {
                assert_eq!(
                    old[x..].chars().next(),
                    new[m.start..].chars().next(),
                    "{x}"
                );
            }
        }
    }

    #[test]
    fn offsets_in_untouched_paragraphs_map_back() {
        let format = syntax::SourceFormat::Article;
        let old = "---\ndate: 2025-02-13\n---\n\nĐoạn một ở Hà Nội.\n\nĐoạn hai ở Huế.\n";
        let article = syntax::parse(old, format);
        let at = |t: &str, s: &str| t.find(s).unwrap();
        // A letter typed in the first paragraph, a paragraph added after
        // it, one added at the end.
        for (new, touched, untouched) in [
            (old.replace("một ở", "mộtt ở"), "Hà Nội", "Huế"),
            (
                old.replace("Nội.\n", "Nội.\n\nCâu chen 😀 vào.\n"),
                "chen",
                "Huế",
            ),
            (old.replace("Huế.", "Huế.\n\nCâu thêm."), "thêm", "Huế"),
            (old.replace("Huế.", "Huế.\n\nCâu thêm."), "thêm", "Hà Nội"),
        ] {
            let edits = Edits::between(old, &new).unwrap();
            let find = |o: usize| untouched_old_offset(&article, &edits, &new, o);
            assert_eq!(find(at(&new, untouched)), Some(at(old, untouched)), "{new}");
            assert_eq!(find(at(&new, touched)), None, "{new}");
            // Not on a character boundary.
            let inside = (at(&new, untouched)..)
                .find(|&i| !new.is_char_boundary(i))
                .unwrap();
            assert_eq!(find(inside), None);
        }
        // A letter typed at a paragraph's end touches it.
        let new = old.replace("Huế.", "Huế.x");
        let edits = Edits::between(old, &new).unwrap();
        assert_eq!(
            untouched_old_offset(&article, &edits, &new, at(&new, "Huế")),
            None
        );
        // The front matter edited: the context may have changed.
        let new = old.replace("2025", "2024");
        let edits = Edits::between(old, &new).unwrap();
        assert_eq!(
            untouched_old_offset(&article, &edits, &new, at(&new, "Huế")),
            None
        );
    }

    #[test]
    fn too_many_changes_are_declined() {
        let para = |k: usize| format!("Đoạn {k}: {}\n\n", "chữ ".repeat(40));
        let old: String = (0..400).map(para).collect();
        let new: String = (0..400)
            .map(|k| {
                if k % 5 == 0 {
                    para(k).replacen("chữ", "chư", 1)
                } else {
                    para(k)
                }
            })
            .collect();
        assert!(Edits::between(&old, &new).is_none());
    }
}
