//! An open document: its text as a rope, edited incrementally.
//!
//! Free of LSP types: edits arrive as [`TextEdit`]s whose ranges are
//! [`LineCol`]s in the negotiated [`Encoding`]. Out-of-range or reversed
//! ranges are clamped (and reported), never a panic.

use std::collections::VecDeque;
use std::sync::{Arc, OnceLock};

use ropey::Rope;

use crate::analysis::quick::Edits;
use crate::text::position::{Clamped, Encoding, LineCol, linecol_to_byte};

/// Most edits remembered for [`Document::edits_since`]: far more than are
/// typed during one full analysis (seconds at 1 MB).
const HISTORY: usize = 4096;

/// One content change: replace `range` (or the whole text when `None`) by `text`.
#[derive(Debug, Clone)]
pub struct TextEdit {
    pub range: Option<(LineCol, LineCol)>,
    pub text: String,
}

/// What happened when an edit was applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EditOutcome {
    /// Byte range that was replaced, in the text before the edit.
    pub replaced: (usize, usize),
    /// Byte length of the inserted text.
    pub inserted_len: usize,
    /// The client's range had to be clamped or reordered.
    pub clamped: bool,
}

#[derive(Debug, Clone)]
pub struct Document {
    rope: Rope,
    version: i32,
    /// The text as one string, made at most once per version
    /// ([`Document::shared_text`]).
    text: Arc<OnceLock<Arc<String>>>,
    history: History,
}

/// The last edits applied, as (version before the edit, start, end, bytes
/// inserted), in the text's offsets at the time.
#[derive(Debug, Clone, Default)]
struct History {
    edits: VecDeque<(i32, usize, usize, usize)>,
    /// Edits are missing from versions up to this one (edits forgotten, or
    /// versions that went backwards).
    incomplete_until: Option<i32>,
}

/// A document's text as one string, made when first asked for and shared
/// by everyone asking about the same version (the server's worker and a
/// hover both need it after each keystroke; at 1 MB a copy takes about a
/// millisecond).
#[derive(Debug, Clone)]
pub struct SharedText {
    rope: Rope,
    cell: Arc<OnceLock<Arc<String>>>,
}

impl SharedText {
    pub fn get(&self) -> Arc<String> {
        self.cell
            .get_or_init(|| Arc::new(self.rope.to_string()))
            .clone()
    }

    /// The string when someone made it already, else a copy of one's own,
    /// not shared. For threads at low priority: one that made the shared
    /// string could be preempted halfway while a keystroke's re-check
    /// waits for it.
    pub fn get_unshared(&self) -> Arc<String> {
        match self.cell.get() {
            Some(text) => text.clone(),
            None => Arc::new(self.rope.to_string()),
        }
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }
}

impl Document {
    pub fn new(text: &str, version: i32) -> Self {
        Document {
            rope: Rope::from_str(text),
            version,
            text: Default::default(),
            history: History::default(),
        }
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    pub fn version(&self) -> i32 {
        self.version
    }

    pub fn set_version(&mut self, version: i32) {
        if version <= self.version {
            // Versions must grow for `edits_since` to tell them apart.
            let seen = self.history.incomplete_until.unwrap_or(i32::MIN);
            self.history.incomplete_until = Some(seen.max(self.version));
        }
        self.version = version;
    }

    /// The text as one string, shared with every caller of the same
    /// version (see [`SharedText`]).
    pub fn shared_text(&self) -> SharedText {
        SharedText {
            rope: self.rope.clone(),
            cell: self.text.clone(),
        }
    }

    /// The edits from the text of `version` to the text now, as applied
    /// (not checked against the texts: see [`Edits::checked`]). `None`
    /// when they are not all remembered, or `version` is newer than the
    /// document's.
    pub fn edits_since(&self, version: i32) -> Option<Edits> {
        let h = &self.history;
        if version > self.version || h.incomplete_until.is_some_and(|v| version <= v) {
            return None;
        }
        let mut edits = Edits::default();
        for &(_, start, end, len) in h.edits.iter().filter(|e| e.0 >= version) {
            edits.then(start, end, len);
        }
        Some(edits)
    }

    fn remember(&mut self, start: usize, end: usize, len: usize) {
        let h = &mut self.history;
        if h.edits.len() == HISTORY
            && let Some((v, ..)) = h.edits.pop_front()
        {
            h.incomplete_until = Some(h.incomplete_until.map_or(v, |u| u.max(v)));
        }
        h.edits.push_back((self.version, start, end, len));
        self.text = Default::default();
    }

    pub fn text(&self) -> String {
        self.rope.to_string()
    }

    /// Applies one edit. Positions are resolved against the text as it is
    /// before this edit (LSP applies a change list in order).
    pub fn apply(&mut self, edit: &TextEdit, enc: Encoding) -> EditOutcome {
        let Some((start, end)) = edit.range else {
            let old_len = self.rope.len_bytes();
            self.rope = Rope::from_str(&edit.text);
            self.remember(0, old_len, edit.text.len());
            return EditOutcome {
                replaced: (0, old_len),
                inserted_len: edit.text.len(),
                clamped: false,
            };
        };
        let (mut a, ca) = linecol_to_byte(&self.rope, start, enc);
        let (mut b, cb) = linecol_to_byte(&self.rope, end, enc);
        let mut clamped = ca == Clamped::Adjusted || cb == Clamped::Adjusted;
        if a > b {
            std::mem::swap(&mut a, &mut b);
            clamped = true;
        }
        // Byte offsets from `linecol_to_byte` are always char boundaries.
        let char_a = self.rope.byte_to_char(a);
        let char_b = self.rope.byte_to_char(b);
        self.rope.remove(char_a..char_b);
        self.rope.insert(char_a, &edit.text);
        self.remember(a, b, edit.text.len());
        EditOutcome {
            replaced: (a, b),
            inserted_len: edit.text.len(),
            clamped,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::position::byte_to_linecol;

    #[test]
    fn incremental_edits_with_vietnamese_and_emoji() {
        let mut doc = Document::new("Bí thư Quận ủy\r\nHoàng Mai 😀 X", 1);
        // Replace "X" (after the emoji) on line 1, UTF-16 columns.
        let col_x = "Hoàng Mai 😀 ".encode_utf16().count() as u32;
        doc.apply(
            &TextEdit {
                range: Some((LineCol::new(1, col_x), LineCol::new(1, col_x + 1))),
                text: "Nguyễn Xuân Linh".into(),
            },
            Encoding::Utf16,
        );
        assert_eq!(
            doc.text(),
            "Bí thư Quận ủy\r\nHoàng Mai 😀 Nguyễn Xuân Linh"
        );
    }

    #[test]
    fn reversed_range_is_reordered() {
        let mut doc = Document::new("abcdef", 1);
        let outcome = doc.apply(
            &TextEdit {
                range: Some((LineCol::new(0, 4), LineCol::new(0, 2))),
                text: "-".into(),
            },
            Encoding::Utf8,
        );
        assert!(outcome.clamped);
        assert_eq!(doc.text(), "ab-ef");
    }

    /// Random edits (multi-byte letters, combining marks, emoji, CRLF,
    /// deletions across lines, now and then the whole text replaced).
    fn random_edits(doc: &mut Document, versions: &mut Vec<(i32, String)>, seed: u64, n: usize) {
        let mut state = seed;
        let mut next = move |below: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % below.max(1) as u64) as usize
        };
        let pieces = [
            "ư",
            "ộ",
            "o\u{302}\u{301}",
            "😀",
            "\r\n",
            "\n\n",
            " ",
            "Hà Nội",
            "",
        ];
        for _ in 0..n {
            let text = doc.text();
            let boundary = |mut x: usize| {
                while !text.is_char_boundary(x) {
                    x -= 1;
                }
                x
            };
            let a = boundary(next(text.len() + 1));
            let b = boundary((a + next(12)).min(text.len()));
            let insert = pieces[next(pieces.len())].to_string();
            let range = (next(50) != 0).then(|| {
                (
                    byte_to_linecol(doc.rope(), a, Encoding::Utf16),
                    byte_to_linecol(doc.rope(), b, Encoding::Utf16),
                )
            });
            let version = doc.version() + 1;
            // Sometimes two changes in one notification.
            for _ in 0..1 + usize::from(next(4) == 0) {
                let edit = TextEdit {
                    range,
                    text: insert.clone(),
                };
                doc.apply(&edit, Encoding::Utf16);
            }
            doc.set_version(version);
            versions.push((version, doc.text()));
        }
    }

    #[test]
    fn edits_since_any_remembered_version_lead_to_the_text_now() {
        for seed in 1..=20u64 {
            let start = "Bí thư Quận ủy\r\nHoàng Mai 😀 hoà\n\nĐoạn hai.\n";
            let mut doc = Document::new(start, 1);
            let mut versions = vec![(1, start.to_string())];
            random_edits(&mut doc, &mut versions, seed * 0x9E37_79B9, 60);
            let now = doc.text();
            assert_eq!(doc.shared_text().get().as_str(), now);
            for (version, old) in &versions {
                let edits = doc.edits_since(*version).expect("remembered");
                let edits = edits.checked(old, &now);
                let edits = edits.unwrap_or_else(|| panic!("seed {seed}, since {version}"));
                // The changes, applied to the old text, give the new one.
                let mut rebuilt = String::new();
                let mut at = 0;
                for c in edits.changes() {
                    rebuilt.push_str(&old[at..c.old.start]);
                    rebuilt.push_str(&now[c.new.range()]);
                    at = c.old.end;
                }
                rebuilt.push_str(&old[at..]);
                assert_eq!(rebuilt, now, "seed {seed}, since {version}");
            }
            assert!(doc.edits_since(doc.version() + 1).is_none());
        }
    }

    #[test]
    fn forgotten_or_reordered_versions_give_no_edits() {
        let mut doc = Document::new("abc\n", 1);
        let mut versions = vec![(1, doc.text())];
        random_edits(&mut doc, &mut versions, 7, HISTORY + 10);
        assert!(
            doc.edits_since(1).is_none(),
            "the first edits are forgotten"
        );
        let recent = versions[versions.len() - 5].0;
        assert!(doc.edits_since(recent).is_some());
        // A version that goes backwards: nothing before it can be trusted.
        let now = doc.version();
        doc.set_version(now - 3);
        assert!(doc.edits_since(now - 3).is_none());
        assert!(doc.edits_since(recent).is_none());
    }

    #[test]
    fn the_shared_text_is_made_once_per_version() {
        let mut doc = Document::new("Hà Nội", 1);
        let (a, b) = (doc.shared_text(), doc.shared_text());
        // A low-priority copy is not shared (nobody waits for it)...
        let own = a.get_unshared();
        assert_eq!(own.as_str(), "Hà Nội");
        assert!(!Arc::ptr_eq(&own, &b.get()));
        // ...but the shared string is taken once it exists.
        assert!(Arc::ptr_eq(&a.get(), &b.get()));
        assert!(Arc::ptr_eq(&a.get_unshared(), &b.get()));
        doc.apply(
            &TextEdit {
                range: None,
                text: "Huế".into(),
            },
            Encoding::Utf8,
        );
        assert_eq!(doc.shared_text().get().as_str(), "Huế");
        assert_eq!(
            a.get().as_str(),
            "Hà Nội",
            "an older handle keeps its version"
        );
    }
}
