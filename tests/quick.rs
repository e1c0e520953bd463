//! Differential test of the quick re-check (`analysis::quick`): after a
//! random edit, the findings it gives must agree with a fresh full
//! analysis of the new text wherever it promises to be exact.
//!
//! - The block-local findings inside the re-checked region are exactly the
//!   full analysis's block-local findings there.
//! - When the edit leaves the article's context unchanged, every
//!   block-local finding outside the region is one the full analysis gives
//!   too (carried over, shifted).
//! - Every finding's spans are inside the new text on character boundaries.
//! - A hover card in the edited paragraph, answered before the full
//!   analysis (`edited_paragraph_analysis`), is the full analysis's card.
//!
//! Documents: the seeds, the gold articles and a generated article; edits:
//! Vietnamese letters (NFC and NFD), spaces, punctuation, digits, deletions.

use bientap::analysis::quick::{
    Edits, QuickFinding, RegionMemo, Strictness, edited_paragraph_analysis, provisional_findings,
    quick_findings, re_check,
};
use bientap::analysis::{Analysis, AnalyzeOptions, analyze};
use bientap::entity::EntityKind;
use bientap::finding::Finding;
use bientap::hover::hover;
use bientap::rules::{SCOPES, Scope};
use bientap::span::Span;
use bientap::syntax::SourceFormat;
use proptest::prelude::*;

#[path = "../benches/common/mod.rs"]
mod common;
mod support;

fn documents() -> &'static Vec<(String, SourceFormat)> {
    static DOCS: std::sync::OnceLock<Vec<(String, SourceFormat)>> = std::sync::OnceLock::new();
    DOCS.get_or_init(|| {
        let mut docs = support::sample_articles();
        docs.push((common::generate(12_000, 7), SourceFormat::Article));
        docs
    })
}

struct QuickView {
    regions: Vec<Span>,
    findings: Vec<Finding>,
}

impl QuickView {
    fn in_regions(&self, f: &Finding) -> bool {
        self.regions.iter().any(|r| r.covers(f.span))
    }

    fn touches_regions(&self, f: &Finding) -> bool {
        self.regions.iter().any(|r| r.overlaps(f.span))
    }
}

fn block_local(f: &Finding) -> bool {
    SCOPES
        .iter()
        .any(|(c, s)| *c == f.rule && *s == Scope::Block)
}

/// The block-local findings as "rule \"text\"", sorted.
fn described_block_local(text: &str, findings: &[Finding]) -> Vec<String> {
    let mut v: Vec<String> = findings
        .iter()
        .filter(|f| block_local(f))
        .map(|f| format!("{} {:?}", f.rule, &text[f.span.range()]))
        .collect();
    v.sort();
    v
}

fn key(f: &Finding) -> (usize, usize, &'static str, String) {
    (f.span.start, f.span.end, f.rule, f.message.clone())
}

const INSERTS: &[&str] = &[
    "a",
    "ư",
    "ộ",
    "o\u{302}\u{323}",
    " ",
    "  ",
    ",",
    ".",
    "1",
    "31/2",
    "sô",
    "tếp",
    "\u{200b}",
];

/// The edit `at`, `choice` picks in `text`: a byte range and its
/// replacement.
fn edit_range(text: &str, at: usize, choice: usize) -> (std::ops::Range<usize>, &'static str) {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    if choice % 4 == 3 {
        let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
        (at..end, "")
    } else {
        (at..at, INSERTS[choice % INSERTS.len()])
    }
}

fn edit(text: &str, at: usize, choice: usize) -> String {
    let (range, insert) = edit_range(text, at, choice);
    let mut out = text.to_string();
    out.replace_range(range, insert);
    out
}

fn check(doc: usize, at: usize, choice: usize) -> Result<bool, TestCaseError> {
    check_edits(doc, &[(at, choice)], Edited::Compared)
}

/// How the quick re-check learns the edits.
#[derive(Clone, Copy, PartialEq)]
enum Edited {
    /// From comparing the texts.
    Compared,
    /// As an editor sends them, kept by a `Document` (one version each;
    /// now and then a letter typed and deleted again on the way).
    Sent,
}

/// The edits applied to a `Document` opened with `text`, one version
/// each, and the edits it remembers since it was opened.
fn send_edits(text: &str, edits: &[(usize, usize)]) -> (String, Option<Edits>) {
    use bientap::document::{Document, TextEdit};
    use bientap::text::position::{Encoding, byte_to_linecol};
    let mut doc = Document::new(text, 1);
    let apply = |doc: &mut Document, range: std::ops::Range<usize>, insert: &str| {
        let at = |b: usize| byte_to_linecol(doc.rope(), b, Encoding::Utf16);
        let edit = TextEdit {
            range: Some((at(range.start), at(range.end))),
            text: insert.to_string(),
        };
        doc.apply(&edit, Encoding::Utf16);
        doc.set_version(doc.version() + 1);
    };
    for &(at, choice) in edits {
        let now = doc.text();
        let (range, insert) = edit_range(&now, at, choice);
        if choice % 5 == 0 {
            // A stray letter first, deleted again.
            apply(&mut doc, range.start..range.start, "x");
            apply(&mut doc, range.start..range.start + 1, "");
        }
        apply(&mut doc, range, insert);
    }
    (doc.text(), doc.edits_since(1))
}

/// Several edits at once (what the server's base has missed while a full
/// analysis ran), each at `at` modulo the text's length then.
fn check_edits(
    doc: usize,
    edits: &[(usize, usize)],
    edited: Edited,
) -> Result<bool, TestCaseError> {
    let (text, format) = &documents()[doc % documents().len()];
    let options = AnalyzeOptions::with_format(*format);
    let old = analyze(text, &options);
    let (new_text, known) = match edited {
        Edited::Compared => (
            edits
                .iter()
                .fold(text.clone(), |t, &(at, choice)| edit(&t, at, choice)),
            None,
        ),
        Edited::Sent => {
            let (new_text, known) = send_edits(text, edits);
            // Checked, so the re-check below really takes them.
            let checked = known.clone().and_then(|k| k.checked(text, &new_text));
            prop_assert!(checked.is_some(), "the document's edits do not fit");
            (new_text, known)
        }
    };
    let memo = RegionMemo::default();
    let recheck = |known: Option<Edits>, strictness| {
        re_check(text, &old, &new_text, known, &options, &memo, strictness)
    };
    let provisional = recheck(known.clone(), Strictness::Provisional);
    let Some(quick) = recheck(known, Strictness::Exact) else {
        // Declined for the context only, or for the regions by both.
        if let Some(p) = provisional {
            prop_assert!(p.provisional, "declined, yet not provisional");
            spans_in_text(&new_text, &p.to_findings(&old))?;
        }
        return Ok(false);
    };
    // Where the exact re-check is taken, the provisional one is the same.
    let p = provisional.expect("provisional where exact is taken");
    prop_assert!(!p.provisional);
    prop_assert_eq!(
        p.to_findings(&old).iter().map(key).collect::<Vec<_>>(),
        quick.to_findings(&old).iter().map(key).collect::<Vec<_>>()
    );
    let full = analyze(&new_text, &options);
    // A finding kept unmoved keeps its line and UTF-16 column too (the
    // server reuses its diagnostic).
    if quick.lines_kept {
        let (old_lines, new_lines) = (
            bientap::text::position::LineIndex::new(text),
            bientap::text::position::LineIndex::new(&new_text),
        );
        for q in &quick.findings {
            if let QuickFinding::Kept(i) = q {
                let (was, now) = (&old.findings[*i], quick.finding(&old, q));
                for (a, b) in [
                    (was.span.start, now.span.start),
                    (was.span.end, now.span.end),
                ] {
                    let (pa, pb) = (
                        old_lines.position(text, a),
                        new_lines.position(&new_text, b),
                    );
                    prop_assert_eq!((pa.line, pa.utf16_col), (pb.line, pb.utf16_col));
                }
            }
        }
    }
    let quick_all = quick.to_findings(&old);
    spans_in_text(&new_text, &quick_all)?;
    let quick = QuickView {
        findings: quick_all,
        regions: quick.regions,
    };
    let inside = |f: &&Finding| block_local(f) && quick.in_regions(f);
    let mut expected: Vec<_> = full.findings.iter().filter(inside).map(key).collect();
    let mut got: Vec<_> = quick.findings.iter().filter(inside).map(key).collect();
    expected.sort();
    got.sort();
    prop_assert_eq!(got, expected, "block-local findings in {:?}", quick.regions);
    if full.recognition.context == old.recognition.context {
        let full_keys: Vec<_> = full.findings.iter().map(key).collect();
        for f in quick
            .findings
            .iter()
            .filter(|f| block_local(f) && !quick.touches_regions(f))
        {
            prop_assert!(full_keys.contains(&key(f)), "carried over but gone: {f:?}");
        }
    }
    Ok(true)
}

/// Findings sorted by span, every span inside `text` on character
/// boundaries.
fn spans_in_text(text: &str, findings: &[Finding]) -> Result<(), TestCaseError> {
    let sorted = findings
        .windows(2)
        .all(|w| (w[0].span.start, w[0].span.end) <= (w[1].span.start, w[1].span.end));
    prop_assert!(sorted, "quick findings not sorted");
    for f in findings {
        for s in std::iter::once(f.span)
            .chain(f.fixes.iter().flat_map(|x| x.edits.iter().map(|e| e.span)))
            .chain(f.related.iter().map(|r| r.span))
        {
            prop_assert!(s.end <= text.len(), "{f:?} past the end");
            prop_assert!(
                text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
                "{f:?} not on character boundaries"
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]
    #[test]
    fn quick_recheck_agrees_with_full_analysis(doc in 0usize..64, at in 0usize..1_000_000, choice in 0usize..64) {
        check(doc, at, choice)?;
    }

    #[test]
    fn quick_recheck_of_several_edits_agrees_with_full_analysis(
        doc in 0usize..64,
        edits in proptest::collection::vec((0usize..1_000_000, 0usize..64), 2..5),
    ) {
        check_edits(doc, &edits, Edited::Compared)?;
    }

    #[test]
    fn quick_recheck_of_edits_as_sent_agrees_with_full_analysis(
        doc in 0usize..64,
        edits in proptest::collection::vec((0usize..1_000_000, 0usize..64), 1..5),
    ) {
        check_edits(doc, &edits, Edited::Sent)?;
    }
}

/// Most random edits take the quick path, so the agreement above is not
/// vacuous (an edit in the front matter, a headline, a comment, debris or
/// the blank lines between blocks is declined).
#[test]
fn quick_recheck_is_taken_for_most_edits() {
    let n = 48;
    let taken = quick_paths_taken(0x9E37_79B9_7F4A_7C15, n, 1, Edited::Compared);
    assert!(
        taken * 10 >= n * 6,
        "quick path taken for {taken} of {n} edits"
    );
}

/// A fixed pseudo-random sequence from `seed` (xorshift64).
fn xorshift(mut state: u64) -> impl FnMut() -> usize {
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state as usize
    }
}

/// How many of `n` random cases of `edits` edits each (a fixed sequence
/// from `seed`) take the quick path; each must agree with `analyze`.
fn quick_paths_taken(seed: u64, n: usize, edits: usize, edited: Edited) -> usize {
    let mut next = xorshift(seed);
    (0..n)
        .filter(|_| {
            let doc = next();
            let edits: Vec<(usize, usize)> = (0..edits).map(|_| (next(), next())).collect();
            check_edits(doc, &edits, edited).expect("agreement")
        })
        .count()
}

/// Edits at three places at once are still re-checked quickly (the server
/// catching up from a full analysis that typing overtook).
#[test]
fn quick_recheck_is_taken_for_most_edits_at_several_places() {
    let n = 24;
    let taken = quick_paths_taken(0x2545_F491_4F6C_DD1D, n, 3, Edited::Compared);
    assert!(
        taken * 10 >= n * 5,
        "quick path taken for {taken} of {n} triple edits"
    );
}

/// The same with the edits as an editor sends them (kept by the document,
/// with letters typed and deleted on the way): taken as often.
#[test]
fn quick_recheck_of_edits_as_sent_is_taken_as_often() {
    let n = 24;
    let seed = 0x2545_F491_4F6C_DD1D;
    let sent = quick_paths_taken(seed, n, 3, Edited::Sent);
    let compared = quick_paths_taken(seed, n, 3, Edited::Compared);
    assert!(
        sent * 10 >= n * 5 && sent + 2 >= compared,
        "quick path taken for {sent} of {n} triple edits as sent, {compared} compared"
    );
}

/// The quick path is taken for ordinary typing inside paragraphs.
#[test]
fn quick_recheck_is_taken_for_typing_in_a_paragraph() {
    let text = "Sáng 13/2, tại phường Vĩnh Hưng, Chủ tịch UBND quận Nguyễn Văn A phát biểu.\n\n\
                Đoàn công tác đã kiểm tra công trình.\n";
    let options = AnalyzeOptions::with_format(SourceFormat::PlainText);
    let old = analyze(text, &options);
    let at = text.find("kiểm tra").unwrap();
    let mut new_text = text.to_string();
    new_text.insert_str(at, "sô  ");
    let quick = quick_findings(text, &old, &new_text, &options, &RegionMemo::default())
        .expect("quick path");
    let para = new_text.find("Đoàn").unwrap();
    assert_eq!(quick.regions, [Span::new(para, new_text.len() - 1)]);
    let quick = QuickView {
        findings: quick.to_findings(&old),
        regions: quick.regions,
    };
    let full = analyze(&new_text, &options);
    let rules = |fs: &[Finding]| {
        let mut v: Vec<(&str, Span)> = fs.iter().map(|f| (f.rule, f.span)).collect();
        v.sort();
        v
    };
    assert!(
        quick
            .findings
            .iter()
            .any(|f| f.rule == "punctuation/double-space"),
        "{:?}",
        quick.findings
    );
    assert_eq!(rules(&quick.findings), rules(&full.findings));
}

/// What the exact re-check declines for the article's context (front
/// matter, suppression directives), the provisional one takes, flagged:
/// the edited blocks are re-checked in the old context with the old
/// suppressions. A cut comment is declined by both.
#[test]
fn provisional_recheck_takes_context_changes() {
    // The long paragraph keeps the two edits below apart (one change
    // across the front matter's end is declined by both).
    let text = &format!(
        "---\ntitle: Tin\ndate: 2024-03-01\n---\n\n# Tin\n\n{}\n\nNgày 29/2 có họp.\n\n<!-- bientap-disable-next-line -->\nĐoạn hai  có lỗi.\n\nĐoạn ba.\n\nĐoạn bốn  cũng vậy.\n",
        "Đoàn công tác đã kiểm tra công trình và làm việc với địa phương. ".repeat(6)
    );
    let options = AnalyzeOptions::with_format(SourceFormat::Article);
    let old = analyze(text, &options);
    let described = described_block_local;

    // A new year, and a double space typed in the 29 February paragraph.
    let body_edit = text.replace("có họp", "có  họp");
    let both = body_edit.replace("2024-03-01", "2025-03-01");
    assert!(quick_findings(text, &old, &both, &options, &RegionMemo::default()).is_none());
    let p = provisional_findings(text, &old, &both, &options, &RegionMemo::default())
        .expect("provisional path");
    assert!(p.provisional);
    // Re-checked in the old context: what the body edit alone gives.
    let in_old_context = analyze(&body_edit, &options);
    assert_eq!(
        described(&both, &p.to_findings(&old)),
        described(&body_edit, &in_old_context.findings)
    );
    assert!(
        described(&both, &p.to_findings(&old))
            .iter()
            .any(|d| d.starts_with("punctuation/double-space")),
        "the edited paragraph is re-checked"
    );
    // The full analysis knows 2025 has no 29 February: the provisional
    // result is stale there until it lands.
    let full = analyze(&both, &options);
    assert!(
        described(&both, &full.findings)
            .iter()
            .any(|d| d.starts_with("date/impossible")),
        "{:?}",
        described(&both, &full.findings)
    );

    // A broken front-matter end, a removed date, an edited and a new
    // directive: provisional, with the untouched findings carried over.
    for changed in [
        text.replacen("---\n\n", "--\n\n", 1),
        text.replace("date: 2024-03-01\n", ""),
        text.replace("next-line -->", "next-line punctuation -->"),
        text.replace("Đoạn ba.", "<!-- bientap-disable -->"),
    ] {
        let p = provisional_findings(text, &old, &changed, &options, &RegionMemo::default())
            .expect("provisional path");
        assert!(p.provisional, "{changed}");
        let found = described(&changed, &p.to_findings(&old));
        assert_eq!(found, described(text, &old.findings), "{changed}");
        assert!(
            found
                .iter()
                .any(|d| d.starts_with("punctuation/double-space")),
            "{found:?}"
        );
    }

    // A comment cut open: the blocks themselves change; both decline.
    let cut = text.replace("next-line -->", "next-line");
    assert!(quick_findings(text, &old, &cut, &options, &RegionMemo::default()).is_none());
    assert!(provisional_findings(text, &old, &cut, &options, &RegionMemo::default()).is_none());
}

/// Edits it cannot re-check on its own are declined.
#[test]
fn quick_recheck_declines_front_matter_and_comments() {
    let text = "---\ntitle: Tin\ndate: 2025-02-13\n---\n\n# Tin\n\n<!-- bientap-disable-next-line -->\nĐoạn một  có lỗi.\n\nĐoạn hai.\n";
    let options = AnalyzeOptions::with_format(SourceFormat::Article);
    let old = analyze(text, &options);
    let in_front_matter = text.replace("2025-02-13", "2025-02-14");
    assert!(
        quick_findings(
            text,
            &old,
            &in_front_matter,
            &options,
            &RegionMemo::default()
        )
        .is_none()
    );
    let in_comment = text.replace("next-line -->", "next-line  -->");
    assert!(quick_findings(text, &old, &in_comment, &options, &RegionMemo::default()).is_none());
    let new_directive = text.replace("Đoạn hai.", "<!-- bientap-disable -->");
    assert!(quick_findings(text, &old, &new_directive, &options, &RegionMemo::default()).is_none());
    let date_removed = text.replace("date: 2025-02-13\n", "");
    assert!(quick_findings(text, &old, &date_removed, &options, &RegionMemo::default()).is_none());
    let front_matter_opened = text.replacen("---\n\n", "--\n\n", 1);
    assert!(
        quick_findings(
            text,
            &old,
            &front_matter_opened,
            &options,
            &RegionMemo::default()
        )
        .is_none()
    );
    // The suppressed line stays suppressed when typed in (the comment is
    // in the re-checked lines), and so does one further down.
    let in_line = text.replace("Đoạn một", "Đoạn mộtt");
    let quick = quick_findings(text, &old, &in_line, &options, &RegionMemo::default())
        .expect("quick path")
        .to_findings(&old);
    assert!(
        !quick.iter().any(|f| f.rule == "punctuation/double-space"),
        "{quick:?}"
    );
    let text = "# Tin\n\n<!-- bientap-disable punctuation -->\n\nĐoạn một  có lỗi.\n\nĐoạn hai  cũng vậy.\n\n<!-- bientap-enable punctuation -->\n\nĐoạn ba  thì không.\n";
    let old = analyze(text, &options);
    for (from, to) in [("Đoạn một", "Đoạn mộtt"), ("Đoạn ba", "Đoạn baa")] {
        let new_text = text.replace(from, to);
        let quick = quick_findings(text, &old, &new_text, &options, &RegionMemo::default())
            .expect("quick path")
            .to_findings(&old);
        let spaces: Vec<&str> = quick
            .iter()
            .filter(|f| f.rule == "punctuation/double-space")
            .map(|f| {
                let line = new_text[..f.span.start].rfind('\n').map_or(0, |i| i + 1);
                &new_text[line..f.span.start]
            })
            .collect();
        assert_eq!(spaces.len(), 1, "{from}: {spaces:?}");
        assert!(spaces[0].starts_with("Đoạn ba"), "{from}: {spaces:?}");
    }
}

/// Edits the rest of the article does not depend on are re-checked
/// quickly: the front matter's title (only document-level rules read it,
/// and they wait for the full analysis) and a comment that is no directive.
#[test]
fn quick_recheck_takes_inert_front_matter_and_comment_edits() {
    let text = "---\ntitle: Tin về phường\ndate: 2025-02-13\n---\n\n# Tin\n\n<!-- ghi chú: kiểm tra số liệu -->\n\nĐoạn một  có lỗi.\n\nĐoạn hai  cũng vậy.\n";
    let options = AnalyzeOptions::with_format(SourceFormat::Article);
    let old = analyze(text, &options);
    let spaces = described_block_local;
    for (from, to) in [
        ("title: Tin về", "title: Tinn về"),
        ("ghi chú: kiểm", "ghi chú: đã kiểm"),
        ("ghi chú", "ghi  chú"),
    ] {
        let new_text = text.replacen(from, to, 1);
        let quick = quick_findings(text, &old, &new_text, &options, &RegionMemo::default())
            .unwrap_or_else(|| panic!("{to}: quick path"));
        let full = analyze(&new_text, &options);
        assert_eq!(
            spaces(&new_text, &quick.to_findings(&old)),
            spaces(&new_text, &full.findings),
            "{to}"
        );
        assert!(
            spaces(&new_text, &full.findings).len() >= 2,
            "{to}: the two double spaces"
        );
    }
}

/// A line of page furniture typed in: while it stays furniture its run's
/// finding stays; once it is no longer furniture it is checked like any
/// paragraph, as the full analysis does.
#[test]
fn quick_recheck_follows_page_furniture_edits() {
    let text = "Tin phường\n\nĐoạn đầu của bài viết.\n\nĐăng ký ấn phẩm|Đăng nhập\n\nĐoạn cuối của bài viết.\n";
    let options = AnalyzeOptions::with_format(SourceFormat::PlainText);
    let old = analyze(text, &options);
    assert!(
        old.findings.iter().any(|f| f.rule == "debris/website"),
        "{:?}",
        old.findings
    );
    let found = |t: &str, fs: &[Finding]| -> Vec<String> {
        let mut v: Vec<String> = fs
            .iter()
            .map(|f| format!("{} {:?}", f.rule, &t[f.span.range()]))
            .collect();
        v.sort();
        v
    };
    for (from, to) in [
        ("Đăng ký ấn phẩm|", "Đăng ký ấn phẩm |"),
        (
            "Đăng ký ấn phẩm|Đăng nhập",
            "Đăng ký  ấn phẩm xyzw của báo nhân dân",
        ),
    ] {
        let new_text = text.replacen(from, to, 1);
        let quick = quick_findings(text, &old, &new_text, &options, &RegionMemo::default())
            .unwrap_or_else(|| panic!("{to}: quick path"));
        let full = analyze(&new_text, &options);
        let block_local_in = |fs: &[Finding]| {
            let v: Vec<Finding> = fs.iter().filter(|f| block_local(f)).cloned().collect();
            found(&new_text, &v)
        };
        assert_eq!(
            block_local_in(&quick.to_findings(&old)),
            block_local_in(&full.findings),
            "{to}"
        );
    }
    // No longer furniture: its double space is found.
    let new_text = text.replacen(
        "Đăng ký ấn phẩm|Đăng nhập",
        "Đăng ký  ấn phẩm xyzw của báo nhân dân",
        1,
    );
    let quick = quick_findings(text, &old, &new_text, &options, &RegionMemo::default())
        .unwrap()
        .to_findings(&old);
    assert!(
        quick.iter().any(|f| f.rule == "punctuation/double-space"),
        "{quick:?}"
    );
    assert!(
        !quick.iter().any(|f| f.rule == "debris/website"),
        "{quick:?}"
    );
}

/// Hover cards in an edited paragraph before the full analysis lands
/// (`edited_paragraph_analysis`): for an edit that leaves the article's
/// context alone, the card of every entity in the edited paragraph is the
/// full analysis's card, article-wide parts (a person's mentions and
/// titles elsewhere) included. `Ok(None)` when the edit is not in a
/// paragraph that can be recognised on its own; otherwise the number of
/// cards compared and how many were person cards.
fn check_hover(
    doc: usize,
    at: usize,
    choice: usize,
) -> Result<Option<(usize, usize)>, TestCaseError> {
    let (text, format) = &documents()[doc % documents().len()];
    let options = AnalyzeOptions::with_format(*format);
    let old = analyze(text, &options);
    let new_text = edit(text, at, choice);
    let Some(edits) = Edits::between(text, &new_text) else {
        return Ok(None);
    };
    let Some(offset) = edits.changes().first().map(|c| c.new.start) else {
        return Ok(None);
    };
    let Some(partial) = edited_paragraph_analysis(text, &old, &new_text, &edits, offset) else {
        return Ok(None);
    };
    prop_assert!(partial.findings.is_empty());
    let full = analyze(&new_text, &options);
    if full.recognition.context != old.recognition.context {
        return Ok(None); // the paragraph changed the article's context
    }
    let quick = quick_findings(text, &old, &new_text, &options, &RegionMemo::default())
        .expect("taken where hover is");
    let region = *quick
        .regions
        .iter()
        .find(|r| r.start <= offset && offset <= r.end)
        .expect("the edited paragraph is re-checked");
    let (mut compared, mut people) = (0, 0);
    for e in full
        .recognition
        .entities
        .iter()
        .filter(|e| region.covers(e.span))
    {
        for at in [e.span.start, (e.span.start + e.span.end) / 2] {
            if !new_text.is_char_boundary(at) {
                continue;
            }
            prop_assert_eq!(
                hover(&partial, at),
                hover(&full, at),
                "hover at {} ({:?}) after editing {:?}",
                at,
                &new_text[e.span.range()],
                &new_text[region.range()]
            );
        }
        compared += 1;
        people += usize::from(e.kind == EntityKind::Person);
    }
    // Nothing recognised in the paragraph that the full analysis does not
    // recognise there.
    let spans = |a: &Analysis| -> Vec<Span> {
        a.recognition
            .entities
            .iter()
            .map(|e| e.span)
            .filter(|s| region.covers(*s))
            .collect()
    };
    prop_assert_eq!(spans(&partial), spans(&full));
    Ok(Some((compared, people)))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
    #[test]
    fn hover_in_an_edited_paragraph_agrees_with_full_analysis(
        doc in 0usize..64, at in 0usize..1_000_000, choice in 0usize..64,
    ) {
        check_hover(doc, at, choice)?;
    }
}

/// The differential hover test above is not vacuous: most random edits
/// are answered from the edited paragraph, and person cards (which count
/// mentions across the article) are among those compared.
#[test]
fn hover_in_an_edited_paragraph_is_answered_for_most_edits() {
    let mut next = xorshift(0x51_7CC1_B727_220A);
    let n = 48;
    let (mut taken, mut cards, mut people) = (0, 0, 0);
    for _ in 0..n {
        let (doc, at, choice) = (next(), next(), next());
        if let Some((c, p)) = check_hover(doc, at, choice).expect("agreement") {
            taken += 1;
            cards += c;
            people += p;
        }
    }
    assert!(taken * 10 >= n * 5, "answered for {taken} of {n} edits");
    assert!(
        cards >= 20 && people >= 3,
        "{cards} cards, {people} of people"
    );
}

/// Where the paragraph cannot be recognised on its own, or the hover is
/// not in an edited paragraph, it declines (the server waits for the full
/// analysis).
#[test]
fn hover_in_an_edited_paragraph_declines_what_it_cannot_know() {
    let text = "---\ndate: 2024-02-13\n---\n\
                Chủ tịch UBND quận Nguyễn Văn An phát biểu.\n\n\
                Ông Nguyễn Văn An kiểm tra công trình.\n";
    let options = AnalyzeOptions::with_format(SourceFormat::Article);
    let old = analyze(text, &options);
    let analysis_after = |new_text: &str, offset: usize| {
        let edits = Edits::between(text, new_text).expect("edits");
        edited_paragraph_analysis(text, &old, new_text, &edits, offset)
    };
    // Typing in the second paragraph: answered there, with the first
    // paragraph's mention and title carried over.
    let typed = text.replace("kiểm tra", "kiểm  tra");
    let second = typed.find("Ông").unwrap() + "Ông ".len();
    let partial = analysis_after(&typed, second).expect("answered");
    let (_, card) = hover(&partial, second + 2).expect("a card");
    assert!(card.contains("Được nhắc 2 lần"), "{card}");
    assert!(card.contains("Chủ tịch"), "{card}");
    // ...not in the untouched first paragraph.
    assert!(analysis_after(&typed, typed.find("phát").unwrap()).is_none());
    // The front matter's date edited: the context changed.
    let dated = typed.replace("2024-02-13", "2024-02-14");
    assert!(analysis_after(&dated, dated.find("Ông").unwrap()).is_none());
    // A comment opened and not closed in the paragraph.
    let cut = text.replace("Ông Nguyễn", "<!-- Ông Nguyễn");
    assert!(analysis_after(&cut, cut.find("Ông").unwrap()).is_none());
    // A suppression directive written: the rest may read differently.
    let directive = text.replace("kiểm tra", "kiểm tra\n<!-- bientap-disable -->");
    assert!(analysis_after(&directive, directive.find("Ông").unwrap()).is_none());
    // An offset past the end or inside a character.
    assert!(analysis_after(&typed, typed.len() + 1).is_none());
    let inside = typed.find("Ông").unwrap() + 1;
    assert!(analysis_after(&typed, inside).is_none());
}

/// The server's re-checks from one full analysis share a `RegionMemo`:
/// typed at several places one after another, each re-check with the
/// shared memo gives exactly the findings of one without it, and the memo
/// answered some regions (the places typed in before).
#[test]
fn region_memo_changes_no_finding() {
    let mut next = xorshift(0x2F6B_13C4_9D0E_5A77);
    let mut hits = 0;
    let mut compared = 0;
    for (text, format) in documents().iter().take(6) {
        let options = AnalyzeOptions::with_format(*format);
        let old = analyze(text, &options);
        let memo = RegionMemo::default();
        let mut new_text = text.clone();
        for _ in 0..5 {
            new_text = edit(&new_text, next(), next());
            let shared = quick_findings(text, &old, &new_text, &options, &memo);
            let alone = quick_findings(text, &old, &new_text, &options, &RegionMemo::default());
            match (shared, alone) {
                (Some(a), Some(b)) => {
                    let keys = |q: &bientap::analysis::quick::QuickCheck| {
                        q.to_findings(&old).iter().map(key).collect::<Vec<_>>()
                    };
                    assert_eq!(keys(&a), keys(&b));
                    compared += 1;
                }
                (None, None) => {}
                (a, b) => panic!(
                    "taken {} with the memo, {} without",
                    a.is_some(),
                    b.is_some()
                ),
            }
        }
        hits += memo.hits();
    }
    assert!(
        compared >= 15 && hits >= 10,
        "{compared} re-checks compared, {hits} hits"
    );
}
