//! Vietnamese syllables: tone marks, their placement styles, and the
//! normalised keys every lexicon lookup uses.
//!
//! Two spellings of one syllable differ only in where the tone mark sits
//! ("hoà"/"hòa", "uỷ"/"ủy") or in Unicode composition (NFC/NFD). A key
//! removes both differences: the letters in NFC, lower case, with the tone
//! mark taken off and written as a Telex letter at the end ("hoà", "hòa",
//! "hoa\u{300}" all give `hoaf`). Keys are for lookup only, never shown.

use unicode_normalization::UnicodeNormalization;

/// The five marked tones (level tone has no mark).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tone {
    Grave,    // huyền
    Acute,    // sắc
    Hook,     // hỏi
    Tilde,    // ngã
    DotBelow, // nặng
}

impl Tone {
    fn from_mark(c: char) -> Option<Tone> {
        match c {
            '\u{300}' => Some(Tone::Grave),
            '\u{301}' => Some(Tone::Acute),
            '\u{309}' => Some(Tone::Hook),
            '\u{303}' => Some(Tone::Tilde),
            '\u{323}' => Some(Tone::DotBelow),
            _ => None,
        }
    }

    fn mark(self) -> char {
        match self {
            Tone::Grave => '\u{300}',
            Tone::Acute => '\u{301}',
            Tone::Hook => '\u{309}',
            Tone::Tilde => '\u{303}',
            Tone::DotBelow => '\u{323}',
        }
    }

    fn telex(self) -> char {
        match self {
            Tone::Grave => 'f',
            Tone::Acute => 's',
            Tone::Hook => 'r',
            Tone::Tilde => 'x',
            Tone::DotBelow => 'j',
        }
    }
}

/// Where a syllable with an open `oa`, `oe` or `uy` nucleus carries its
/// tone mark. Named by position, not by "old"/"new", because the two names
/// are used in opposite senses by different sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ToneStyle {
    /// "hòa", "thủy", "khóa": the mark on the first vowel.
    MarkOnFirst,
    /// "hoà", "thuỷ", "khoá": the mark on the second vowel.
    MarkOnSecond,
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y'
    )
}

/// Splits a lower-case NFC syllable into (letters without tone, tone).
pub fn split_tone(syllable: &str) -> (String, Option<Tone>) {
    let mut tone = None;
    let mut bare = String::with_capacity(syllable.len());
    for c in syllable.nfd() {
        match Tone::from_mark(c) {
            Some(t) => tone = Some(t),
            None => bare.push(c),
        }
    }
    (bare.nfc().collect(), tone)
}

/// The lookup key of one word (see the module docs).
///
/// Pure and called for every token of every tokenisation, so it is cached
/// per thread by word (the vocabulary of news text is small); an ASCII
/// word's key is its lower case (no marks to split or compose).
pub fn syllable_key(word: &str) -> String {
    use std::cell::RefCell;
    /// Entries kept per thread before the cache starts over.
    const CAPACITY: usize = 1 << 16;
    thread_local! {
        static KEYS: RefCell<foldhash::HashMap<Box<str>, Box<str>>> = RefCell::new(Default::default());
    }
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    if let Some(key) = KEYS.with(|k| k.borrow().get(word).map(|k| String::from(&**k))) {
        return key;
    }
    let key = syllable_key_of(word);
    KEYS.with(|k| {
        let mut k = k.borrow_mut();
        if k.len() >= CAPACITY {
            k.clear();
        }
        k.insert(word.into(), key.as_str().into());
    });
    key
}

fn syllable_key_of(word: &str) -> String {
    let lower: String = word.chars().flat_map(char::to_lowercase).collect();
    let (mut bare, tone) = split_tone(&lower);
    if let Some(t) = tone {
        bare.push(t.telex());
    }
    bare
}

/// The key of a phrase: word keys joined by single spaces. Cached per
/// thread like [`syllable_key`] (rules key the same gazetteer and post
/// names over and over).
pub fn phrase_key(phrase: &str) -> String {
    use std::cell::RefCell;
    const CAPACITY: usize = 1 << 14;
    thread_local! {
        static KEYS: RefCell<foldhash::HashMap<Box<str>, Box<str>>> = RefCell::new(Default::default());
    }
    if let Some(key) = KEYS.with(|k| k.borrow().get(phrase).map(|k| String::from(&**k))) {
        return key;
    }
    let key = phrase_key_of(phrase);
    KEYS.with(|k| {
        let mut k = k.borrow_mut();
        if k.len() >= CAPACITY {
            k.clear();
        }
        k.insert(phrase.into(), key.as_str().into());
    });
    key
}

fn phrase_key_of(phrase: &str) -> String {
    let mut out = String::with_capacity(phrase.len() + 4);
    for (i, w) in phrase.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&syllable_key(w));
    }
    out
}

/// The vowel nucleus (start, len in chars) of a bare lower-case syllable,
/// treating the `qu` and `gi` onsets as consonants.
fn nucleus(chars: &[char]) -> Option<(usize, usize)> {
    let mut start = chars.iter().position(|&c| is_vowel(c))?;
    if start > 0 {
        let onset_last = chars[start - 1];
        let next_is_vowel = chars.get(start + 1).is_some_and(|&c| is_vowel(c));
        if (onset_last == 'q' && chars[start] == 'u')
            || (onset_last == 'g' && chars[start] == 'i' && next_is_vowel)
        {
            start += 1;
        }
    }
    let len = chars[start..].iter().take_while(|&&c| is_vowel(c)).count();
    (len > 0).then_some((start, len))
}

/// The tone-mark style this syllable shows, if it is one of the syllables
/// the two styles spell differently (an open `oa`, `oe`, `uy` nucleus with
/// a tone mark). `None` for every other syllable.
pub fn tone_style(word: &str) -> Option<ToneStyle> {
    // Without a non-ASCII character there is no tone mark.
    if word.is_ascii() {
        return None;
    }
    use crate::analysis::incremental::{WordTable, word_class};
    let code = word_class(WordTable::ToneStyle, word, || match tone_style_of(word) {
        None => 0,
        Some(ToneStyle::MarkOnFirst) => 1,
        Some(ToneStyle::MarkOnSecond) => 2,
    });
    match code {
        1 => Some(ToneStyle::MarkOnFirst),
        2 => Some(ToneStyle::MarkOnSecond),
        _ => None,
    }
}

fn tone_style_of(word: &str) -> Option<ToneStyle> {
    let lower: String = word.chars().flat_map(char::to_lowercase).collect();
    let nfd: Vec<char> = lower.nfd().collect();
    let tone_at = nfd.iter().position(|&c| Tone::from_mark(c).is_some())?;
    let (bare, _) = split_tone(&lower);
    let chars: Vec<char> = bare.chars().collect();
    let (start, len) = nucleus(&chars)?;
    if len != 2 || start + len != chars.len() {
        return None;
    }
    if !matches!(
        (chars[start], chars[start + 1]),
        ('o', 'a' | 'e') | ('u', 'y')
    ) {
        return None;
    }
    // Which base letter carries the mark? Count base letters before it.
    let base_before = nfd[..tone_at].iter().filter(|&&c| !is_combining(c)).count();
    match base_before.checked_sub(1) {
        Some(i) if i == start => Some(ToneStyle::MarkOnFirst),
        Some(i) if i == start + 1 => Some(ToneStyle::MarkOnSecond),
        _ => None,
    }
}

fn is_combining(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// Respells `word` in `style`, keeping its case; words the styles agree on
/// come back unchanged.
pub fn respell(word: &str, style: ToneStyle) -> String {
    let Some(current) = tone_style(word) else {
        return word.to_string();
    };
    if current == style {
        return word.to_string();
    }
    let nfd: Vec<char> = word.nfd().collect();
    let Some(tone_at) = nfd.iter().position(|&c| Tone::from_mark(c).is_some()) else {
        return word.to_string();
    };
    let tone = Tone::from_mark(nfd[tone_at]).map(Tone::mark);
    let mut without: Vec<char> = nfd.clone();
    without.remove(tone_at);
    // Base-letter index of the target vowel.
    let lower: Vec<char> = without
        .iter()
        .filter(|c| !is_combining(**c))
        .flat_map(|c| c.to_lowercase())
        .collect();
    let Some((start, _)) = nucleus(&lower) else {
        return word.to_string();
    };
    let target = match style {
        ToneStyle::MarkOnFirst => start,
        ToneStyle::MarkOnSecond => start + 1,
    };
    let mut out = Vec::with_capacity(nfd.len());
    let mut base_index = 0usize;
    let mut i = 0;
    while i < without.len() {
        let c = without[i];
        out.push(c);
        i += 1;
        if !is_combining(c) {
            // Copy this letter's own combining marks, then maybe the tone.
            while i < without.len() && is_combining(without[i]) {
                out.push(without[i]);
                i += 1;
            }
            if base_index == target
                && let Some(t) = tone
            {
                out.push(t);
            }
            base_index += 1;
        }
    }
    out.into_iter().collect::<String>().nfc().collect()
}

/// Removes all diacritics and folds đ to d, for accent-insensitive search.
pub fn ascii_fold(s: &str) -> String {
    // Fast path, same result: when every character folds on its own (see
    // `fold_char`), NFD's reordering only moves marks that are dropped
    // anyway, so folding character by character equals folding the NFD.
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if is_combining(c) {
        } else if let Some(f) = fold_char(c) {
            out.push(f);
        } else {
            return ascii_fold_slow(s);
        }
    }
    out
}

/// The ASCII fold of one non-ASCII, non-combining character of the Latin
/// blocks Vietnamese uses (U+0080–U+024F, U+1E00–U+1EFF): its NFD's
/// combining marks (all in U+0300–U+036F for these blocks) dropped, đ → d,
/// lower-cased, when that is a single character with no other mark.
/// `None` for anything else (the caller takes the general path).
fn fold_char(c: char) -> Option<char> {
    use std::sync::OnceLock;
    const LATIN: (u32, u32) = (0x80, 0x250);
    const EXTENDED: (u32, u32) = (0x1E00, 0x1F00);
    /// `'\0'`: no single-character fold (handled by the general path).
    static TABLE: OnceLock<Vec<char>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (LATIN.0..LATIN.1)
            .chain(EXTENDED.0..EXTENDED.1)
            .map(|u| {
                let Some(c) = char::from_u32(u) else {
                    return '\0';
                };
                let mut chars = std::iter::once(c).nfd();
                let base = chars.next();
                // A base that never moves (combining class 0) and marks the
                // fold drops: nothing for NFD's reordering to change.
                let still = base.is_some_and(|b| {
                    unicode_normalization::char::canonical_combining_class(b) == 0
                });
                if !still || !chars.all(is_combining) {
                    return '\0';
                }
                let folded = ascii_fold_slow(&c.to_string());
                let mut f = folded.chars();
                match (base, f.next(), f.next()) {
                    (Some(b), Some(x), None) if !is_combining(b) && !is_combining(x) => x,
                    _ => '\0',
                }
            })
            .collect()
    });
    let u = c as u32;
    let i = if (LATIN.0..LATIN.1).contains(&u) {
        u - LATIN.0
    } else if (EXTENDED.0..EXTENDED.1).contains(&u) {
        u - EXTENDED.0 + (LATIN.1 - LATIN.0)
    } else {
        return None;
    };
    Some(table[i as usize]).filter(|&f| f != '\0')
}

fn ascii_fold_slow(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether the text is in NFC.
pub fn is_nfc(s: &str) -> bool {
    unicode_normalization::is_nfc(s)
}

/// The key of a word written in the source code, computed once per literal.
/// Rules compare tokens with literals on every word; recomputing the key
/// (NFD, allocation) each time dominated their cost.
pub fn literal_key(word: &'static str) -> &'static str {
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock, PoisonError};
    // The leaked keys live in one process-wide map, so their number is
    // bounded by the distinct literals in the program however many threads
    // come and go; each thread keeps a lock-free copy of the pointers,
    // freed with the thread.
    static SHARED: OnceLock<Mutex<HashMap<&'static str, &'static str>>> = OnceLock::new();
    thread_local! {
        static KEYS: RefCell<foldhash::HashMap<&'static str, &'static str>> = RefCell::new(Default::default());
    }
    KEYS.with(|keys| {
        if let Some(k) = keys.borrow().get(word) {
            return *k;
        }
        let key = *SHARED
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(word)
            .or_insert_with(|| Box::leak(phrase_key(word).into_boxed_str()));
        keys.borrow_mut().insert(word, key);
        key
    })
}

/// A fixed list of words compared by key, the keys computed once (cue words
/// are checked for every token; recomputing their keys dominated profiles).
pub struct KeyList {
    words: &'static [&'static str],
    keys: std::sync::OnceLock<Vec<String>>,
}

impl KeyList {
    pub const fn new(words: &'static [&'static str]) -> Self {
        KeyList {
            words,
            keys: std::sync::OnceLock::new(),
        }
    }

    pub fn keys(&self) -> &[String] {
        self.keys
            .get_or_init(|| self.words.iter().map(|w| phrase_key(w)).collect())
    }

    pub fn position(&self, key: &str) -> Option<usize> {
        self.keys().iter().position(|k| k == key)
    }

    pub fn contains(&self, key: &str) -> bool {
        self.position(key).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_keys_are_shared_across_threads() {
        // One leaked key per literal, whichever thread asks first.
        let here = literal_key("Hoà") as *const str;
        let there = std::thread::spawn(|| literal_key("Hoà") as *const str as *const u8 as usize)
            .join()
            .unwrap();
        assert_eq!(here as *const u8 as usize, there);
        assert_eq!(literal_key("Hoà"), phrase_key("hòa"));
    }

    #[test]
    fn cached_keys_equal_computed_keys() {
        for w in [
            "Hoà",
            "hòa",
            "Hoa\u{300}",
            "HOÀ",
            "Quận",
            "ủy",
            "Uỷ",
            "đ",
            "Đắk",
            "abc",
            "ABC",
            "x\u{301}",
            "ﬁ",
            "İstanbul",
            "ß",
            "ΣΑ",
        ] {
            for _ in 0..2 {
                assert_eq!(syllable_key(w), syllable_key_of(w), "{w}");
            }
        }
    }

    #[test]
    fn keys_ignore_placement_case_and_composition() {
        assert_eq!(syllable_key("hoà"), "hoaf");
        assert_eq!(syllable_key("hòa"), "hoaf");
        assert_eq!(syllable_key("Ho\u{61}\u{300}"), "hoaf");
        assert_eq!(syllable_key("Uỷ"), syllable_key("ủy"));
        assert_eq!(
            phrase_key("Quận  uỷ\u{a0}Hoàng Mai"),
            phrase_key("quận ủy hoàng mai")
        );
        assert_ne!(syllable_key("Đông"), syllable_key("Dông"));
    }

    #[test]
    fn detects_tone_styles() {
        assert_eq!(tone_style("hòa"), Some(ToneStyle::MarkOnFirst));
        assert_eq!(tone_style("hoà"), Some(ToneStyle::MarkOnSecond));
        assert_eq!(tone_style("ủy"), Some(ToneStyle::MarkOnFirst));
        assert_eq!(tone_style("Uỷ"), Some(ToneStyle::MarkOnSecond));
        assert_eq!(tone_style("khoá"), Some(ToneStyle::MarkOnSecond));
        assert_eq!(tone_style("thủy"), Some(ToneStyle::MarkOnFirst));
        // Both styles agree on these.
        assert_eq!(tone_style("hoàn"), None);
        assert_eq!(tone_style("quý"), None);
        assert_eq!(tone_style("hoa"), None);
        assert_eq!(tone_style("thuyết"), None);
        assert_eq!(tone_style("giữa"), None);
    }

    #[test]
    fn respells_between_styles() {
        assert_eq!(respell("hoà", ToneStyle::MarkOnFirst), "hòa");
        assert_eq!(respell("Uỷ", ToneStyle::MarkOnFirst), "Ủy");
        assert_eq!(respell("thủy", ToneStyle::MarkOnSecond), "thuỷ");
        assert_eq!(respell("khóa", ToneStyle::MarkOnSecond), "khoá");
        assert_eq!(respell("hoàn", ToneStyle::MarkOnFirst), "hoàn");
        assert_eq!(respell("ho\u{61}\u{300}", ToneStyle::MarkOnFirst), "hòa");
    }

    #[test]
    fn ascii_folding() {
        assert_eq!(ascii_fold("Nguyễn Xuân Linh"), "nguyen xuan linh");
        assert_eq!(ascii_fold("Đảng ủy"), "dang uy");
    }

    #[test]
    fn ascii_fold_fast_path_equals_the_nfd_fold() {
        // Every character of the first planes' Latin and combining blocks,
        // alone, before and after marks, and NFD text.
        let marks = [
            "",
            "\u{300}",
            "\u{323}\u{302}",
            "\u{302}\u{323}",
            "\u{31b}\u{301}",
        ];
        let bases = ["", "a", "Đ", "ơ", "İ", "ǅ", "\u{5b0}"];
        for u in (0..0x600).chain(0x1D00..0x2000) {
            let Some(c) = char::from_u32(u) else { continue };
            for m in marks {
                for b in bases {
                    for s in [
                        format!("{b}{c}{m}"),
                        format!("{m}{c}{b}x"),
                        format!("{c}{m}{c}"),
                    ] {
                        assert_eq!(ascii_fold(&s), ascii_fold_slow(&s), "{s:?}");
                        let nfd: String = s.nfd().collect();
                        assert_eq!(ascii_fold(&nfd), ascii_fold_slow(&nfd), "{nfd:?}");
                    }
                }
            }
        }
    }
}
