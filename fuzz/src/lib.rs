//! Checks shared by the fuzz targets. Each `check_*` panics when bientap
//! breaks one of its invariants (ARCHITECTURE.md): never panic on input,
//! spans are byte ranges on char boundaries of the text they index, entity
//! spans never overlap, client positions are clamped, never trusted.

use arbitrary::{Arbitrary, Unstructured};
use bientap::analysis::{AnalyzeOptions, analyze};
use bientap::document::{Document, TextEdit};
use bientap::server::{convert, semantic_tokens};
use bientap::span::Span;
use bientap::syntax::{self, SourceFormat};
use bientap::text::position::{Clamped, Encoding, LineCol, byte_to_linecol, linecol_to_byte};
use ropey::Rope;

fn valid(text: &str, s: Span, what: &str) {
    assert!(
        s.start <= s.end && s.end <= text.len(),
        "{what}: span {s:?} outside text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
        "{what}: span {s:?} not on char boundaries"
    );
}

fn format_from(byte: u8) -> SourceFormat {
    if byte & 1 == 0 {
        SourceFormat::Article
    } else {
        SourceFormat::PlainText
    }
}

/// `syntax::parse` in both formats and `strip_annotations`.
pub fn check_parse(text: &str) {
    for format in [SourceFormat::Article, SourceFormat::PlainText] {
        let a = syntax::parse(text, format);
        valid(text, a.body, "body");
        for b in &a.blocks {
            valid(text, b.span, "block");
            valid(text, b.content, "block content");
            assert!(b.span.covers(b.content), "block content outside its block");
        }
        for an in &a.annotations {
            valid(text, an.span, "annotation");
            valid(text, an.content, "annotation content");
        }
        for e in &a.errors {
            valid(text, e.span, "syntax error");
        }
        if let Some(h) = a.headline {
            valid(text, h, "headline");
        }
        if format == SourceFormat::PlainText {
            assert_eq!(a.plain.text, text, "plain-text format must be the identity");
        }
        // Every plain offset maps back into the source, and back again.
        let plain = &a.plain.text;
        let bounds: Vec<usize> = plain
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(plain.len()))
            .collect();
        for w in bounds.windows(2).step_by(1 + bounds.len() / 64) {
            let s = a.plain.span_to_source(Span::new(w[0], w[1]));
            valid(text, s, "plain span mapped to source");
            assert!(a.plain.to_plain(s.start) <= plain.len());
        }
    }
    let stripped = syntax::strip_annotations(text);
    assert!(
        stripped.len() <= text.len(),
        "stripping made the text longer"
    );
}

/// `analysis::analyze`, then what the server does with the result.
pub fn check_analyze(format_byte: u8, text: &str) {
    let format = format_from(format_byte);
    let analysis = analyze(text, &AnalyzeOptions::with_format(format));
    let entities = &analysis.recognition.entities;
    let mut last_end = 0;
    for (i, e) in entities.iter().enumerate() {
        valid(text, e.span, "entity");
        assert!(
            i == 0 || e.span.start >= last_end,
            "entities overlap or are unsorted: {:?} then {:?}",
            entities[i - 1].span,
            e.span
        );
        last_end = e.span.end;
        for &l in &e.links {
            assert!(l < entities.len(), "link to a missing entity");
        }
    }
    let mut last_start = 0;
    for f in &analysis.findings {
        valid(text, f.span, f.rule);
        assert!(f.span.start >= last_start, "findings not sorted");
        last_start = f.span.start;
        for fix in &f.fixes {
            for e in &fix.edits {
                valid(text, e.span, "fix edit");
            }
        }
        for r in &f.related {
            valid(text, r.span, "related");
        }
    }
    for d in &analysis.recognition.debris_blocks {
        assert!(d.0 < analysis.article.blocks.len());
    }
    // Hover everywhere an entity starts, ends or has its middle.
    for e in entities {
        for at in [e.span.start, (e.span.start + e.span.end) / 2, e.span.end] {
            if let Some((span, _)) = bientap::hover::hover(&analysis, at) {
                valid(text, span, "hover span");
            }
        }
    }
    let rope = Rope::from_str(text);
    let uri = "file:///fuzz.article".parse().unwrap();
    for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
        let _ = semantic_tokens::encode(&rope, entities, None, enc);
        for f in &analysis.findings {
            for language in [
                bientap::finding::Language::Vi,
                bientap::finding::Language::En,
            ] {
                let _ = convert::diagnostic(&uri, &rope, f, enc, language);
            }
        }
    }
}

/// Pieces that make positions interesting: line breaks of every kind,
/// combining marks, surrogate pairs, ZWJ sequences, both tone placements.
const PIECES: &[&str] = &[
    "\n",
    "\r\n",
    "\r",
    "Hà",
    "Ha\u{300}",
    "Nội",
    "No\u{302}\u{323}i",
    "hoà",
    "hòa",
    "uỷ",
    "😀",
    "👩\u{200d}👩\u{200d}👧",
    "\u{301}",
    "\u{a0}",
    " ",
    "a",
    "Đ",
    "\u{200b}",
];

/// A string built mostly from [`PIECES`], sometimes from arbitrary chars.
#[derive(Debug)]
pub struct Text(pub String);

impl<'a> Arbitrary<'a> for Text {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let n = u.int_in_range(0..=24)?;
        let mut s = String::new();
        for _ in 0..n {
            if u.ratio(1, 8)? {
                s.push(u.arbitrary::<char>()?);
            } else {
                s.push_str(u.choose(PIECES)?);
            }
        }
        Ok(Text(s))
    }
}

/// A line or column: usually small, sometimes huge.
#[derive(Debug, Arbitrary)]
pub enum Num {
    Small(u8),
    Big(u32),
}

impl Num {
    fn get(&self) -> u32 {
        match self {
            Num::Small(n) => u32::from(*n % 48),
            Num::Big(n) => *n,
        }
    }
}

#[derive(Debug, Arbitrary)]
pub enum Enc {
    Utf8,
    Utf16,
    Utf32,
}

impl Enc {
    fn get(&self) -> Encoding {
        match self {
            Enc::Utf8 => Encoding::Utf8,
            Enc::Utf16 => Encoding::Utf16,
            Enc::Utf32 => Encoding::Utf32,
        }
    }
}

#[derive(Debug, Arbitrary)]
pub struct Op {
    pub full: bool,
    pub enc: Enc,
    pub start: (Num, Num),
    pub end: (Num, Num),
    pub text: Text,
}

#[derive(Debug, Arbitrary)]
pub struct EditsInput {
    pub initial: Text,
    pub ops: Vec<Op>,
}

/// Line content ranges (start, end without terminator), split at LF, CRLF, CR.
fn model_lines(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        if b[i] == b'\n' || b[i] == b'\r' {
            out.push((start, i));
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    out.push((start, b.len()));
    out
}

fn units(c: char, enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 => c.len_utf8(),
        Encoding::Utf16 => c.len_utf16(),
        Encoding::Utf32 => 1,
    }
}

/// Independent model of `linecol_to_byte`: a line past the end clamps to
/// the end of the text, a column past the line's end to the end of its
/// content, a column inside a character to the character's start.
fn model_offset(text: &str, pos: LineCol, enc: Encoding) -> (usize, bool) {
    let lines = model_lines(text);
    let Some(&(start, end)) = lines.get(pos.line as usize) else {
        return (text.len(), true);
    };
    let col = pos.col as usize;
    let mut acc = 0usize;
    for (i, c) in text[start..end].char_indices() {
        if acc == col {
            return (start + i, false);
        }
        if acc + units(c, enc) > col {
            return (start + i, true);
        }
        acc += units(c, enc);
    }
    (end, acc != col)
}

/// Independent model of `byte_to_linecol` for a char boundary not between CR and LF.
fn model_position(text: &str, byte: usize, enc: Encoding) -> LineCol {
    let lines = model_lines(text);
    let line = lines.iter().rposition(|&(s, _)| s <= byte).unwrap_or(0);
    let col: usize = text[lines[line].0..byte]
        .chars()
        .map(|c| units(c, enc))
        .sum();
    LineCol::new(line as u32, col as u32)
}

fn check_positions(rope: &Rope, text: &str) {
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .filter(|&b| {
            !(b > 0 && text.as_bytes()[b - 1] == b'\r' && text.as_bytes().get(b) == Some(&b'\n'))
        })
        .collect();
    for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
        for &b in &bounds {
            let lc = byte_to_linecol(rope, b, enc);
            assert_eq!(
                lc,
                model_position(text, b, enc),
                "byte {b} ({enc:?}) of {text:?}"
            );
            assert_eq!(
                linecol_to_byte(rope, lc, enc),
                (b, Clamped::Exact),
                "round trip of byte {b} ({enc:?}) in {text:?}"
            );
        }
    }
}

/// Arbitrary `Document::apply` edits against a plain-string model.
pub fn check_edits(input: &EditsInput) {
    let mut model = input.initial.0.clone();
    let mut doc = Document::new(&model, 1);
    let mut versions = vec![(1, model.clone())];
    for (k, op) in input.ops.iter().take(32).enumerate() {
        let enc = op.enc.get();
        let insert = &op.text.0;
        if op.full {
            doc.apply(
                &TextEdit {
                    range: None,
                    text: insert.clone(),
                },
                enc,
            );
            model = insert.clone();
        } else {
            let start = LineCol::new(op.start.0.get(), op.start.1.get());
            let end = LineCol::new(op.end.0.get(), op.end.1.get());
            let (mut a, ca) = model_offset(&model, start, enc);
            let (mut b, cb) = model_offset(&model, end, enc);
            let mut clamped = ca || cb;
            if a > b {
                std::mem::swap(&mut a, &mut b);
                clamped = true;
            }
            let outcome = doc.apply(
                &TextEdit {
                    range: Some((start, end)),
                    text: insert.clone(),
                },
                enc,
            );
            assert_eq!(
                outcome.replaced,
                (a, b),
                "replaced range of {start:?}..{end:?} ({enc:?}) in {model:?}"
            );
            assert_eq!(
                outcome.clamped, clamped,
                "clamped flag of {start:?}..{end:?} ({enc:?}) in {model:?}"
            );
            assert_eq!(outcome.inserted_len, insert.len());
            model.replace_range(a..b, insert);
        }
        doc.set_version(k as i32 + 2);
        assert_eq!(doc.text(), model, "document text after edit {k}");
        assert_eq!(doc.rope().len_bytes(), model.len());
        versions.push((k as i32 + 2, model.clone()));
    }
    assert_eq!(doc.shared_text().get().as_str(), model);
    // The edits the document remembers since every version lead from that
    // version's text to the text now (at most 32 changes: all remembered).
    for (version, old) in &versions {
        let edits = doc
            .edits_since(*version)
            .unwrap_or_else(|| panic!("edits since {version} forgotten"));
        let edits = edits
            .checked(old, &model)
            .unwrap_or_else(|| panic!("edits since {version} do not lead to the text now"));
        let mut rebuilt = String::new();
        let mut at = 0;
        for c in edits.changes() {
            rebuilt.push_str(&old[at..c.old.start]);
            rebuilt.push_str(&model[c.new.range()]);
            at = c.old.end;
        }
        rebuilt.push_str(&old[at..]);
        assert_eq!(rebuilt, model, "changes since {version}");
    }
    check_positions(doc.rope(), &model);
}
