//! An open document: its text as a rope, edited incrementally.
//!
//! Free of LSP types: edits arrive as [`TextEdit`]s whose ranges are
//! [`LineCol`]s in the negotiated [`Encoding`]. Out-of-range or reversed
//! ranges are clamped (and reported), never a panic.

use ropey::Rope;

use crate::text::position::{Clamped, Encoding, LineCol, linecol_to_byte};

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
}

impl Document {
    pub fn new(text: &str, version: i32) -> Self {
        Document {
            rope: Rope::from_str(text),
            version,
        }
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    pub fn version(&self) -> i32 {
        self.version
    }

    pub fn set_version(&mut self, version: i32) {
        self.version = version;
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
}
