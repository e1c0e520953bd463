//! Property tests for position conversion and incremental edits on
//! Vietnamese text: NFC and NFD forms, both tone placements, combining
//! marks, CRLF/CR/LF, non-breaking spaces, emoji (surrogate pairs) and ZWJ
//! sequences.

use bientap::document::{Document, TextEdit};
use bientap::text::position::{Clamped, Encoding, LineCol, byte_to_linecol, linecol_to_byte};
use proptest::prelude::*;
use ropey::Rope;

const PIECES: &[&str] = &[
    "Hà",
    "Ha\u{300}",
    "Nội",
    "No\u{302}\u{323}i",
    "uỷ",
    "ủy",
    "hoà",
    "hòa",
    "Đảng",
    "Quận",
    " ",
    " ",
    "\u{a0}",
    "\n",
    "\r\n",
    "\r",
    "😀",
    "👩\u{200d}👩\u{200d}👧",
    "\u{301}",
    "a",
    "13/2",
    "—",
    "“",
    "”",
    "\t",
    "ư\u{303}",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|v| v.concat())
}

fn encoding() -> impl Strategy<Value = Encoding> {
    prop::sample::select(vec![Encoding::Utf8, Encoding::Utf16, Encoding::Utf32])
}

/// Independent reference: position of a byte offset, lines split at LF, CRLF, CR.
fn reference(text: &str, offset: usize, enc: Encoding) -> LineCol {
    let before = &text[..offset];
    let (mut line, mut start) = (0, 0);
    let b = before.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\n' || b[i] == b'\r' {
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            line += 1;
            start = i + 1;
        }
        i += 1;
    }
    // An offset between CR and LF belongs to the CR's line.
    let start = start.min(before.len());
    let prefix = &before[start..];
    let col = match enc {
        Encoding::Utf8 => prefix.len(),
        Encoding::Utf16 => prefix.encode_utf16().count(),
        Encoding::Utf32 => prefix.chars().count(),
    };
    LineCol::new(line, col as u32)
}

fn char_boundaries(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn byte_positions_round_trip(t in text(), enc in encoding()) {
        let rope = Rope::from_str(&t);
        for b in char_boundaries(&t) {
            // Offsets between CR and LF are not positions a client can name.
            if b > 0 && t.as_bytes()[b - 1] == b'\r' && t.as_bytes().get(b) == Some(&b'\n') {
                continue;
            }
            let lc = byte_to_linecol(&rope, b, enc);
            prop_assert_eq!(lc, reference(&t, b, enc), "byte {} of {:?}", b, t);
            prop_assert_eq!(linecol_to_byte(&rope, lc, enc), (b, Clamped::Exact));
        }
    }

    #[test]
    fn any_client_position_is_clamped_to_a_boundary(t in text(), enc in encoding(), line in 0u32..40, col in 0u32..200) {
        let rope = Rope::from_str(&t);
        let (b, _) = linecol_to_byte(&rope, LineCol::new(line, col), enc);
        prop_assert!(b <= t.len());
        prop_assert!(t.is_char_boundary(b));
    }

    #[test]
    fn random_incremental_edits_match_a_string_model(
        start in text(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), text()), 1..12),
        enc in encoding(),
    ) {
        let mut model = start.clone();
        let mut doc = Document::new(&start, 1);
        for (k, (a, b, insert)) in edits.into_iter().enumerate() {
            let bounds: Vec<usize> = char_boundaries(&model)
                .into_iter()
                .filter(|&x| !(x > 0 && model.as_bytes()[x - 1] == b'\r' && model.as_bytes().get(x) == Some(&b'\n')))
                .collect();
            let (mut x, mut y) = (bounds[a.index(bounds.len())], bounds[b.index(bounds.len())]);
            if x > y {
                std::mem::swap(&mut x, &mut y);
            }
            let range = (reference(&model, x, enc), reference(&model, y, enc));
            doc.apply(&TextEdit { range: Some(range), text: insert.clone() }, enc);
            doc.set_version(k as i32 + 2);
            model.replace_range(x..y, &insert);
            prop_assert_eq!(doc.text(), model.clone());
        }
    }
}
