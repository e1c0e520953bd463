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
//! 1. The changes between the old and the new text: the edits as the
//!    editor sent them when they are known ([`re_check`]; checked
//!    against the texts by [`Edits::checked`]), else found by comparing
//!    the texts ([`Edits::between`]): the span between the common prefix
//!    and the common suffix when it is short (one edit), otherwise a line
//!    diff of that span, so edits at several places (a base several
//!    versions old) are several small changes. At most [`MAX_CHANGES`].
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
mod edits;
mod memo;
pub use edited_paragraph::edited_paragraph_analysis;
pub use edits::{Change, Edits, MAX_CHANGES, TextEdit};
pub use memo::RegionMemo;

/// Largest changed region, in bytes, re-checked quickly: a few paragraphs.
/// Past it the full analysis is as good (and the server's chain of quick
/// re-checks, each one edit apart, is the better base).
pub const MAX_REGION: usize = 8 * 1024;

fn is_block_local(rule: &str) -> bool {
    rules::SCOPES
        .iter()
        .any(|(code, scope)| *code == rule && *scope == Scope::Block)
}

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
    let strictness = Strictness::Exact;
    re_check(old_text, old, new_text, None, options, memo, strictness)
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
    let strictness = Strictness::Provisional;
    re_check(old_text, old, new_text, None, options, memo, strictness)
}

/// Whether a re-check may leave the article's context behind: exact
/// ([`quick_findings`]) or provisional ([`provisional_findings`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    Exact,
    Provisional,
}

/// [`quick_findings`] or [`provisional_findings`], by `strictness`, with
/// the edits from `old_text` to `new_text` when they are known (kept as
/// the editor sent them), which saves comparing the texts; they are
/// checked against the texts first ([`Edits::known_or_between`]).
pub fn re_check(
    old_text: &str,
    old: &super::Analysis,
    new_text: &str,
    edits: Option<Edits>,
    options: &AnalyzeOptions,
    memo: &RegionMemo,
    strictness: Strictness,
) -> Option<QuickCheck> {
    let edits = Edits::known_or_between(edits, old_text, new_text)?;
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
}
