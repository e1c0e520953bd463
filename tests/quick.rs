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
//!
//! Documents: the seeds, the gold articles and a generated article; edits:
//! Vietnamese letters (NFC and NFD), spaces, punctuation, digits, deletions.

use bientap::analysis::quick::{QuickFinding, quick_findings};
use bientap::analysis::{AnalyzeOptions, analyze};
use bientap::finding::Finding;
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
    region: Span,
    findings: Vec<Finding>,
}

fn block_local(f: &Finding) -> bool {
    SCOPES
        .iter()
        .any(|(c, s)| *c == f.rule && *s == Scope::Block)
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

fn edit(text: &str, at: usize, choice: usize) -> String {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let mut out = text.to_string();
    if choice % 4 == 3 {
        let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
        out.replace_range(at..end, "");
    } else {
        out.insert_str(at, INSERTS[choice % INSERTS.len()]);
    }
    out
}

fn check(doc: usize, at: usize, choice: usize) -> Result<bool, TestCaseError> {
    let (text, format) = &documents()[doc % documents().len()];
    let options = AnalyzeOptions::with_format(*format);
    let old = analyze(text, &options);
    let new_text = edit(text, at, choice);
    let Some(quick) = quick_findings(text, &old, &new_text, &options) else {
        return Ok(false);
    };
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
    let sorted = quick_all
        .windows(2)
        .all(|w| (w[0].span.start, w[0].span.end) <= (w[1].span.start, w[1].span.end));
    prop_assert!(sorted, "quick findings not sorted");
    let quick = QuickView {
        region: quick.region,
        findings: quick_all,
    };
    for f in &quick.findings {
        for s in std::iter::once(f.span)
            .chain(f.fixes.iter().flat_map(|x| x.edits.iter().map(|e| e.span)))
            .chain(f.related.iter().map(|r| r.span))
        {
            prop_assert!(s.end <= new_text.len(), "{f:?} past the end");
            prop_assert!(
                new_text.is_char_boundary(s.start) && new_text.is_char_boundary(s.end),
                "{f:?} not on character boundaries"
            );
        }
    }
    let inside = |f: &&Finding| block_local(f) && quick.region.covers(f.span);
    let mut expected: Vec<_> = full.findings.iter().filter(inside).map(key).collect();
    let mut got: Vec<_> = quick.findings.iter().filter(inside).map(key).collect();
    expected.sort();
    got.sort();
    prop_assert_eq!(got, expected, "block-local findings in {:?}", quick.region);
    if full.recognition.context == old.recognition.context {
        let full_keys: Vec<_> = full.findings.iter().map(key).collect();
        for f in quick
            .findings
            .iter()
            .filter(|f| block_local(f) && !quick.region.overlaps(f.span))
        {
            prop_assert!(full_keys.contains(&key(f)), "carried over but gone: {f:?}");
        }
    }
    Ok(true)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]
    #[test]
    fn quick_recheck_agrees_with_full_analysis(doc in 0usize..64, at in 0usize..1_000_000, choice in 0usize..64) {
        check(doc, at, choice)?;
    }
}

/// Most random edits take the quick path, so the agreement above is not
/// vacuous (an edit in the front matter, a headline, a comment, debris or
/// the blank lines between blocks is declined).
#[test]
fn quick_recheck_is_taken_for_most_edits() {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state as usize
    };
    let n = 48;
    let mut taken = 0;
    for _ in 0..n {
        let (doc, at, choice) = (next(), next(), next());
        if check(doc, at, choice).expect("agreement") {
            taken += 1;
        }
    }
    assert!(
        taken * 10 >= n * 6,
        "quick path taken for {taken} of {n} edits"
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
    let quick = quick_findings(text, &old, &new_text, &options).expect("quick path");
    let para = new_text.find("Đoàn").unwrap();
    assert_eq!(quick.region, Span::new(para, new_text.len() - 1));
    let quick = QuickView {
        region: quick.region,
        findings: quick.to_findings(&old),
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

/// Edits it cannot re-check on its own are declined.
#[test]
fn quick_recheck_declines_front_matter_and_comments() {
    let text = "---\ntitle: Tin\ndate: 2025-02-13\n---\n\n# Tin\n\n<!-- bientap-disable-next-line -->\nĐoạn một  có lỗi.\n\nĐoạn hai.\n";
    let options = AnalyzeOptions::with_format(SourceFormat::Article);
    let old = analyze(text, &options);
    let in_front_matter = text.replace("2025-02-13", "2025-02-14");
    assert!(quick_findings(text, &old, &in_front_matter, &options).is_none());
    let in_comment = text.replace("next-line -->", "next-line  -->");
    assert!(quick_findings(text, &old, &in_comment, &options).is_none());
    // The suppressed line stays suppressed when typed in (the comment is
    // in the re-checked lines), and so does one further down.
    let in_line = text.replace("Đoạn một", "Đoạn mộtt");
    let quick = quick_findings(text, &old, &in_line, &options)
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
        let quick = quick_findings(text, &old, &new_text, &options)
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
