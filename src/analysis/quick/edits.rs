//! The changes between two versions of a text ([`Edits`]): found by
//! comparing the texts ([`Edits::between`]), or kept as the editor sends
//! them ([`Edits::then`], checked against the texts with [`Edits::checked`]).

use crate::finding::Finding;
use crate::span::Span;

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
        Edits { changes }.checked(old, new)
    }

    /// `known` when it leads from `old` to `new` ([`Edits::checked`]),
    /// else the texts compared ([`Edits::between`]).
    pub fn known_or_between(known: Option<Edits>, old: &str, new: &str) -> Option<Edits> {
        match known.and_then(|e| e.checked(old, new)) {
            Some(e) => Some(e),
            None => Edits::between(old, new),
        }
    }

    /// These edits followed by one more, in the newer text's offsets:
    /// `start..end` replaced by `len` bytes. A change it overlaps or
    /// touches is merged with it, so the changes stay apart. How the
    /// server keeps the edits since an analysis as the editor sends them
    /// (`Document::edits_since`), instead of comparing two texts (a line
    /// diff: milliseconds at 1 MB, on every keystroke).
    pub fn then(&mut self, start: usize, end: usize, len: usize) {
        let (start, end) = (start.min(end), start.max(end));
        if start == end && len == 0 {
            return;
        }
        let cs = &mut self.changes;
        // The changes the edit overlaps or touches: cs[i..j].
        let i = cs.partition_point(|c| c.new.end < start);
        let j = i + cs[i..].partition_point(|c| c.new.start <= end);
        // An offset outside every change, in the older text: the last
        // change before it moved it by its new end minus its old end.
        let back = |k: usize, x: usize| match k.checked_sub(1).map(|k| cs[k]) {
            Some(c) => (x + c.old.end).saturating_sub(c.new.end),
            None => x,
        };
        let (old_start, new_start) = match cs.get(i).filter(|c| i < j && c.new.start <= start) {
            Some(c) => (c.old.start, c.new.start),
            None => (back(i, start), start),
        };
        let (old_end, new_end) = match j.checked_sub(1).map(|k| cs[k]) {
            Some(c) if i < j && c.new.end >= end => (c.old.end, c.new.end),
            _ => (back(j, end), end),
        };
        let merged = Change {
            old: Span::new(old_start, old_end),
            new: Span::new(new_start, new_end - (end - start) + len),
        };
        for c in &mut cs[j..] {
            c.new = Span::new(
                c.new.start - end + start + len,
                c.new.end - end + start + len,
            );
        }
        let keep = !(merged.old.is_empty() && merged.new.is_empty());
        cs.splice(i..j, keep.then_some(merged));
    }

    /// These edits, when they really lead from `old` to `new`: sorted,
    /// apart, on character boundaries, and the texts between the changes
    /// the same in both. Each change is trimmed to what really differs (a
    /// letter typed and deleted again is no change). `None` otherwise, or
    /// past [`MAX_CHANGES`].
    pub fn checked(mut self, old: &str, new: &str) -> Option<Edits> {
        let mut prev = Change {
            old: Span::new(0, 0),
            new: Span::new(0, 0),
        };
        let last = Change {
            old: Span::new(old.len(), old.len()),
            new: Span::new(new.len(), new.len()),
        };
        for (k, c) in self
            .changes
            .iter()
            .chain(std::iter::once(&last))
            .enumerate()
        {
            let apart = k == 0 || c.old.start > prev.old.end || k == self.changes.len();
            let between = (
                old.get(prev.old.end..c.old.start),
                new.get(prev.new.end..c.new.start),
            );
            let changed = (old.get(c.old.range()), new.get(c.new.range()));
            match (between, changed) {
                ((Some(a), Some(b)), (Some(_), Some(_))) if apart && a == b => {}
                _ => return None,
            }
            prev = *c;
        }
        for c in &mut self.changes {
            let e = TextEdit::between(&old[c.old.range()], &new[c.new.range()]);
            *c = Change {
                old: Span::new(c.old.start + e.start, c.old.start + e.old_end),
                new: Span::new(c.new.start + e.start, c.new.start + e.new_end),
            };
        }
        self.changes
            .retain(|c| !(c.old.is_empty() && c.new.is_empty()));
        (self.changes.len() <= MAX_CHANGES).then_some(self)
    }

    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Whether every change leaves the number of line breaks as it was.
    pub(super) fn keep_lines(&self, old: &str, new: &str) -> bool {
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
    pub(super) fn map_back(&self, y: usize) -> usize {
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
    pub(super) fn map_finding(&self, finding: &Finding, stretch: &[Span]) -> Option<Finding> {
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

    fn spans(e: &Edits) -> Vec<((usize, usize), (usize, usize))> {
        e.changes()
            .iter()
            .map(|c| ((c.old.start, c.old.end), (c.new.start, c.new.end)))
            .collect()
    }

    #[test]
    fn edits_compose_as_they_arrive() {
        let mut e = Edits::default();
        e.then(2, 2, 1); // "abcdef" → "abXcdef"
        e.then(6, 7, 0); // → "abXcde"
        assert_eq!(spans(&e), [((2, 2), (2, 3)), ((5, 6), (6, 6))]);
        e.then(3, 3, 2); // typed right after the first: merged
        assert_eq!(spans(&e), [((2, 2), (2, 5)), ((5, 6), (8, 8))]);
        e.then(2, 5, 0); // all of it deleted again: no change left there
        assert_eq!(spans(&e), [((5, 6), (5, 5))]);
        e.then(1, 5, 1); // "abcde" → "aZ", over both: one change
        assert_eq!(spans(&e), [((1, 6), (1, 2))]);
        let old = "abcdef";
        let new = "aZ";
        assert!(e.clone().checked(old, new).is_some());
        // Edits that do not lead from one text to the other are refused.
        assert!(e.checked(old, "bZ").is_none());
        let mut wrong = Edits::default();
        wrong.then(0, 0, 1);
        assert!(
            wrong.checked("abc", "xbc").is_none(),
            "the replaced byte is not in it"
        );
        let mut inside = Edits::default();
        inside.then(2, 2, 1);
        assert!(inside.clone().checked("hòa", "hòxa").is_none(), "inside ò");
        assert!(inside.checked("hoa", "hoxa").is_some());
    }
}
