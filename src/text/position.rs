//! Conversions between byte offsets and (line, column) positions.
//!
//! The analysis core speaks byte offsets only. Editors speak lines and
//! columns counted in UTF-8 bytes, UTF-16 code units or Unicode scalar
//! values (LSP 3.17 `positionEncoding`). Everything here works on a
//! [`ropey::Rope`] so a conversion costs O(log n), and never panics: out of
//! range input is clamped and reported through [`Clamped`].
//!
//! Lines end at LF, CR or CRLF only (the crate is built with Ropey's
//! `cr_lines` feature and without `unicode_lines`), exactly as LSP counts them.

use ropey::Rope;

/// How columns are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    /// The LSP name of this encoding (`utf-8`, `utf-16`, `utf-32`).
    pub fn lsp_name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16 => "utf-16",
            Encoding::Utf32 => "utf-32",
        }
    }

    pub fn from_lsp_name(name: &str) -> Option<Encoding> {
        match name {
            "utf-8" => Some(Encoding::Utf8),
            "utf-16" => Some(Encoding::Utf16),
            "utf-32" => Some(Encoding::Utf32),
            _ => None,
        }
    }
}

/// A zero-based line and column, the column counted in some [`Encoding`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

impl LineCol {
    pub const fn new(line: u32, col: u32) -> Self {
        LineCol { line, col }
    }
}

/// Whether a client-supplied position had to be adjusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clamped {
    /// The position was valid as given.
    Exact,
    /// The line or column lay outside the text, or the column fell inside a
    /// character; the nearest valid offset was used instead.
    Adjusted,
}

/// Number of lines as LSP counts them: a text ending in a line break has an
/// empty last line.
pub fn line_count(rope: &Rope) -> usize {
    rope.len_lines()
}

/// Byte range of line `line`'s content, without its line terminator.
fn line_content_bytes(rope: &Rope, line: usize) -> (usize, usize) {
    let start = rope.line_to_byte(line);
    let next = if line + 1 < rope.len_lines() {
        rope.line_to_byte(line + 1)
    } else {
        rope.len_bytes()
    };
    let mut end = next;
    // Strip "\n", "\r\n" or "\r".
    if end > start && rope.byte(end - 1) == b'\n' {
        end -= 1;
    }
    if end > start && rope.byte(end - 1) == b'\r' {
        end -= 1;
    }
    (start, end)
}

/// Converts a byte offset into a position. Offsets past the end are clamped
/// to the end; offsets inside a character snap back to its first byte.
pub fn byte_to_linecol(rope: &Rope, byte: usize, enc: Encoding) -> LineCol {
    let byte = byte.min(rope.len_bytes());
    // Snap to a char boundary.
    let char_idx = rope.byte_to_char(byte);
    let byte = rope.char_to_byte(char_idx);
    let line = rope.byte_to_line(byte);
    let line_start_byte = rope.line_to_byte(line);
    let col = match enc {
        Encoding::Utf8 => byte - line_start_byte,
        Encoding::Utf32 => char_idx - rope.line_to_char(line),
        Encoding::Utf16 => {
            rope.char_to_utf16_cu(char_idx) - rope.char_to_utf16_cu(rope.line_to_char(line))
        }
    };
    LineCol::new(saturate(line), saturate(col))
}

/// Converts a client position into a byte offset, clamping anything out of
/// range: a line past the end maps to the end of the text, a column past the
/// end of its line to the end of the line (before its terminator), and a
/// column inside a character (a split UTF-8 sequence or surrogate pair) to
/// the start of that character.
pub fn linecol_to_byte(rope: &Rope, pos: LineCol, enc: Encoding) -> (usize, Clamped) {
    let line = pos.line as usize;
    let lines = rope.len_lines();
    if line >= lines {
        return (rope.len_bytes(), Clamped::Adjusted);
    }
    let (start, end) = line_content_bytes(rope, line);
    let col = pos.col as usize;
    match enc {
        Encoding::Utf8 => {
            let want = start.saturating_add(col);
            if want > end {
                return (end, Clamped::Adjusted);
            }
            let snapped = rope.char_to_byte(rope.byte_to_char(want));
            let status = if snapped == want {
                Clamped::Exact
            } else {
                Clamped::Adjusted
            };
            (snapped, status)
        }
        Encoding::Utf32 => {
            let start_char = rope.byte_to_char(start);
            let end_char = rope.byte_to_char(end);
            let want = start_char.saturating_add(col);
            if want > end_char {
                (end, Clamped::Adjusted)
            } else {
                (rope.char_to_byte(want), Clamped::Exact)
            }
        }
        Encoding::Utf16 => {
            let start_cu = rope.char_to_utf16_cu(rope.byte_to_char(start));
            let end_cu = rope.char_to_utf16_cu(rope.byte_to_char(end));
            let want = start_cu.saturating_add(col);
            if want > end_cu {
                return (end, Clamped::Adjusted);
            }
            let char_idx = rope.utf16_cu_to_char(want);
            let status = if rope.char_to_utf16_cu(char_idx) == want {
                Clamped::Exact
            } else {
                Clamped::Adjusted
            };
            (rope.char_to_byte(char_idx), status)
        }
    }
}

/// Position of a byte offset in a plain string, for callers (the CLI, the
/// workspace index) that have no rope. Column in UTF-8 bytes, in characters
/// and in UTF-16 code units, all zero-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextPosition {
    pub line: usize,
    pub byte_col: usize,
    pub char_col: usize,
    pub utf16_col: usize,
}

/// Line-start table over a `&str`, for repeated lookups without a rope.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts }
    }

    pub fn line_of(&self, byte: usize) -> usize {
        match self.starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(usize::MAX)
    }

    pub fn position(&self, text: &str, byte: usize) -> TextPosition {
        let mut byte = byte.min(text.len());
        while !text.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = self.line_of(byte);
        let start = self.starts[line];
        let before = &text[start..byte];
        TextPosition {
            line,
            byte_col: before.len(),
            char_col: before.chars().count(),
            utf16_col: before.encode_utf16().count(),
        }
    }

    /// The text of `line` without its terminator.
    pub fn line_text<'a>(&self, text: &'a str, line: usize) -> &'a str {
        let start = self.line_start(line).min(text.len());
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(text.len())
            .min(text.len());
        text[start..end].trim_end_matches(['\n', '\r'])
    }
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoji_and_vietnamese_columns() {
        // "Hà 😀 Nội": 'à' is 2 bytes, the emoji 4 bytes / 2 UTF-16 units.
        let rope = Rope::from_str("x\nHà 😀 Nội\r\nend");
        let byte_of_n = "x\nHà 😀 ".len();
        assert_eq!(
            byte_to_linecol(&rope, byte_of_n, Encoding::Utf8),
            LineCol::new(1, 9)
        );
        assert_eq!(
            byte_to_linecol(&rope, byte_of_n, Encoding::Utf16),
            LineCol::new(1, 6)
        );
        assert_eq!(
            byte_to_linecol(&rope, byte_of_n, Encoding::Utf32),
            LineCol::new(1, 5)
        );
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let lc = byte_to_linecol(&rope, byte_of_n, enc);
            assert_eq!(linecol_to_byte(&rope, lc, enc), (byte_of_n, Clamped::Exact));
        }
    }

    #[test]
    fn clamps_out_of_range_and_split_characters() {
        let rope = Rope::from_str("ab😀c\r\nxyz");
        // Column inside the surrogate pair snaps to the emoji's start.
        assert_eq!(
            linecol_to_byte(&rope, LineCol::new(0, 3), Encoding::Utf16),
            (2, Clamped::Adjusted)
        );
        // Column past the line end stops before CRLF.
        assert_eq!(
            linecol_to_byte(&rope, LineCol::new(0, 99), Encoding::Utf16),
            (7, Clamped::Adjusted)
        );
        // Line past the end maps to the end of the text.
        assert_eq!(
            linecol_to_byte(&rope, LineCol::new(9, 0), Encoding::Utf8),
            (rope.len_bytes(), Clamped::Adjusted)
        );
        // Byte inside a UTF-8 sequence snaps back.
        assert_eq!(
            linecol_to_byte(&rope, LineCol::new(0, 4), Encoding::Utf8),
            (2, Clamped::Adjusted)
        );
    }

    #[test]
    fn line_separators_other_than_cr_lf_do_not_break_lines() {
        let rope = Rope::from_str("a\u{2028}b\u{85}c\nd");
        assert_eq!(line_count(&rope), 2);
    }

    #[test]
    fn line_index_matches_rope() {
        let text = "một\r\nhai\rba\nbốn";
        let index = LineIndex::new(text);
        let rope = Rope::from_str(text);
        for (b, _) in text.char_indices() {
            let p = index.position(text, b);
            let lc = byte_to_linecol(&rope, b, Encoding::Utf8);
            assert_eq!((p.line as u32, p.byte_col as u32), (lc.line, lc.col));
            let lc32 = byte_to_linecol(&rope, b, Encoding::Utf32);
            assert_eq!(p.char_col as u32, lc32.col);
        }
        assert_eq!(index.line_text(text, 0), "một");
        assert_eq!(index.line_text(text, 2), "ba");
    }
}
