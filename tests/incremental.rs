//! Differential test of incremental analysis: after every random edit, an
//! `IncrementalAnalyzer` fed each version in turn must give exactly what a
//! fresh `analyze` gives (article, entities, metadata, findings).
//!
//! Documents: the seeds (`seeds/*.txt`, plain text), the gold articles and
//! a generated article. Edits: character insertions (Vietnamese letters in
//! NFC and NFD, punctuation, digits), deletions, paragraph splits and joins,
//! edits of the headline and of the date line or front matter, a stretch
//! turned to NFD, a stretch turned to CRLF, settings changes.

use bientap::analysis::{Analysis, AnalyzeOptions, IncrementalAnalyzer, analyze};
use bientap::syntax::SourceFormat;
use bientap::text::vietnamese::ToneStyle;
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

#[path = "../benches/common/mod.rs"]
mod common;
mod support;

fn documents() -> &'static Vec<(String, SourceFormat)> {
    static DOCS: std::sync::OnceLock<Vec<(String, SourceFormat)>> = std::sync::OnceLock::new();
    DOCS.get_or_init(|| {
        // Keep the debug-build test quick: the first ~4 KB of each.
        let mut docs: Vec<(String, SourceFormat)> = support::sample_articles()
            .into_iter()
            .map(|(text, format)| (prefix(&text, 4000).to_string(), format))
            .collect();
        docs.push((common::generate(4000, 7), SourceFormat::Article));
        docs
    })
}

fn prefix(text: &str, n: usize) -> &str {
    if text.len() <= n {
        return text;
    }
    let mut end = n;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // Cut at a line end so documents stay well-formed.
    match text[..end].rfind('\n') {
        Some(i) => &text[..=i],
        None => &text[..end],
    }
}

const INSERTS: &[&str] = &[
    "a",
    "ư",
    "ơ",
    "đ",
    "Đ",
    "à",
    "ạ",
    "ộ",
    "ề",
    "o\u{300}",
    "e\u{302}\u{301}",
    " ",
    ",",
    ".",
    "-",
    "/",
    "0",
    "1",
    "9",
    "(",
    ")",
    "\"",
    "“",
    "”",
    "Hoà",
    "hòa",
    "Quận",
    "quận Hoàng Mai",
    "Nguyễn Văn An",
    "Bí thư",
    "ngày 5/3/2019",
    "năm 2024",
    "UBND",
    "Ủy ban nhân dân (UBND)",
    "Thứ Hai",
    "khóa XV",
    "\n",
    "\n\n",
    "\r\n",
    "\u{200b}",
    "😀",
    "# ",
    "- ",
    "> ",
];

#[derive(Debug, Clone)]
enum Edit {
    Insert {
        at: f64,
        what: usize,
    },
    Delete {
        at: f64,
        len: usize,
    },
    /// Split the paragraph at a point.
    Split {
        at: f64,
    },
    /// Join a paragraph with the next (delete one "\n\n").
    Join {
        which: usize,
    },
    /// Replace a character of the first lines (headline, date line, front matter).
    Head {
        at: usize,
        what: usize,
    },
    /// A stretch to NFD.
    Nfd {
        at: f64,
        len: usize,
    },
    /// A stretch's line ends to CRLF.
    Crlf {
        at: f64,
        len: usize,
    },
    /// A year anywhere ("2020" → another): the article year and date move.
    Year {
        which: usize,
        to: usize,
    },
    /// Settings change: tone style.
    Settings {
        style: u8,
    },
}

fn boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn at(text: &str, f: f64) -> usize {
    boundary(text, (f * text.len() as f64) as usize)
}

fn apply(text: &mut String, options: &mut AnalyzeOptions, e: &Edit) {
    match *e {
        Edit::Insert { at: f, what } => {
            let i = at(text, f);
            text.insert_str(i, INSERTS[what % INSERTS.len()]);
        }
        Edit::Delete { at: f, len } => {
            let i = at(text, f);
            let j = boundary(text, i + len);
            text.replace_range(i..j, "");
        }
        Edit::Split { at: f } => {
            let i = at(text, f);
            text.insert_str(i, "\n\n");
        }
        Edit::Join { which } => {
            let breaks: Vec<usize> = text.match_indices("\n\n").map(|(i, _)| i).collect();
            if !breaks.is_empty() {
                let i = breaks[which % breaks.len()];
                text.replace_range(i..i + 2, " ");
            }
        }
        Edit::Head { at: k, what } => {
            let head_end = text
                .match_indices('\n')
                .nth(6)
                .map_or(text.len(), |(i, _)| i);
            let i = boundary(text, k % (head_end + 1));
            let j = boundary(text, i + 1 + (what % 2));
            let with = [
                "2019",
                "2025",
                "3",
                "Hà Nội",
                "",
                "x",
                "---\n",
                "date: 2023-05-01\n",
            ][what % 8];
            text.replace_range(i..j.max(i), with);
        }
        Edit::Nfd { at: f, len } => {
            let i = at(text, f);
            let j = boundary(text, i + len);
            let nfd: String = text[i..j].nfd().collect();
            text.replace_range(i..j, &nfd);
        }
        Edit::Crlf { at: f, len } => {
            let i = at(text, f);
            let j = boundary(text, i + len);
            let crlf = text[i..j].replace("\r\n", "\n").replace('\n', "\r\n");
            text.replace_range(i..j, &crlf);
        }
        Edit::Year { which, to } => {
            let years: Vec<usize> = text
                .match_indices("20")
                .map(|(i, _)| i)
                .filter(|&i| {
                    text.as_bytes()
                        .get(i + 2..i + 4)
                        .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
                })
                .collect();
            if !years.is_empty() {
                let i = years[which % years.len()];
                text.replace_range(
                    i..i + 4,
                    ["2015", "2019", "2020", "2024", "2025", "2031"][to % 6],
                );
            }
        }
        Edit::Settings { style } => {
            options.rules.tone_style = match style % 3 {
                0 => None,
                1 => Some(ToneStyle::MarkOnFirst),
                _ => Some(ToneStyle::MarkOnSecond),
            };
        }
    }
}

fn edit() -> impl Strategy<Value = Edit> {
    let f = 0.0..1.0f64;
    prop_oneof![
        6 => (f.clone(), 0..INSERTS.len()).prop_map(|(at, what)| Edit::Insert { at, what }),
        3 => (f.clone(), 1..40usize).prop_map(|(at, len)| Edit::Delete { at, len }),
        1 => f.clone().prop_map(|at| Edit::Split { at }),
        1 => any::<usize>().prop_map(|which| Edit::Join { which }),
        2 => (0..400usize, 0..16usize).prop_map(|(at, what)| Edit::Head { at, what }),
        1 => (f.clone(), 1..200usize).prop_map(|(at, len)| Edit::Nfd { at, len }),
        1 => (f, 1..400usize).prop_map(|(at, len)| Edit::Crlf { at, len }),
        2 => (any::<usize>(), 0..6usize).prop_map(|(which, to)| Edit::Year { which, to }),
        1 => any::<u8>().prop_map(|style| Edit::Settings { style }),
    ]
}

fn same(a: &Analysis, b: &Analysis) -> Result<(), String> {
    let pairs = [
        (
            "article",
            format!("{:?}", a.article),
            format!("{:?}", b.article),
        ),
        (
            "entities",
            format!("{:#?}", a.recognition.entities),
            format!("{:#?}", b.recognition.entities),
        ),
        (
            "metadata",
            format!("{:?}", a.recognition.metadata),
            format!("{:?}", b.recognition.metadata),
        ),
        (
            "debris",
            format!("{:?}", a.recognition.debris_blocks),
            format!("{:?}", b.recognition.debris_blocks),
        ),
        (
            "findings",
            format!("{:#?}", a.findings),
            format!("{:#?}", b.findings),
        ),
    ];
    for (what, x, y) in pairs {
        if x != y {
            let line = x
                .lines()
                .zip(y.lines())
                .position(|(p, q)| p != q)
                .unwrap_or(0);
            let around = |s: &str| {
                s.lines()
                    .skip(line.saturating_sub(3))
                    .take(8)
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            return Err(format!(
                "{what} differ at line {line}:\nincremental:\n{}\nfull:\n{}",
                around(&x),
                around(&y)
            ));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn incremental_equals_full(doc in 0usize..64, edits in prop::collection::vec(edit(), 1..6)) {
        let docs = documents();
        let (initial, format) = &docs[doc % docs.len()];
        let mut text = initial.clone();
        let mut options = AnalyzeOptions::with_format(*format);
        let mut incremental = IncrementalAnalyzer::new();
        let first = incremental.analyze(&text, &options);
        prop_assert!(same(&first, &analyze(&text, &options)).is_ok());
        for e in &edits {
            apply(&mut text, &mut options, e);
            let inc = incremental.analyze(&text, &options);
            let full = analyze(&text, &options);
            if let Err(msg) = same(&inc, &full) {
                prop_assert!(false, "after {e:?}: {msg}\ntext:\n{text}");
            }
        }
    }
}

/// Every document, unchanged then after one keystroke in each block: the
/// unchanged blocks are served from the cache.
#[test]
fn unchanged_blocks_are_reused() {
    for (text, format) in documents() {
        let options = AnalyzeOptions::with_format(*format);
        let mut inc = IncrementalAnalyzer::new();
        inc.analyze(text, &options);
        let again = inc.analyze(text, &options);
        same(&again, &analyze(text, &options)).unwrap();
        let s = inc.stats();
        assert_eq!(s.line_misses, 0, "{s:?}");
        assert_eq!(s.block_misses, 0, "{s:?}");
        // One keystroke in the middle of the last paragraph.
        let i = boundary(text, text.trim_end().len().saturating_sub(5));
        let mut edited = text.clone();
        edited.insert(i, 'a');
        let after = inc.analyze(&edited, &options);
        same(&after, &analyze(&edited, &options)).unwrap();
        let s = inc.stats();
        assert!(s.line_misses <= 2 && s.line_hits > 0, "{s:?}");
    }
}

/// Whole-document differential over every document with a sequence of
/// deterministic edits touching every block (split each paragraph in two).
#[test]
fn split_every_paragraph() {
    for (text, format) in documents() {
        let options = AnalyzeOptions::with_format(*format);
        let mut inc = IncrementalAnalyzer::new();
        let mut t = text.clone();
        inc.analyze(&t, &options);
        let breaks: Vec<usize> = t.match_indices("\n\n").map(|(i, _)| i).collect();
        for &b in breaks.iter().rev().step_by(3).take(8) {
            let mid = boundary(&t, b.saturating_sub(12));
            t.insert_str(mid, "\n\n");
            let a = inc.analyze(&t, &options);
            same(&a, &analyze(&t, &options)).unwrap();
        }
    }
}
