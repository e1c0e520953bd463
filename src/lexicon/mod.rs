//! Embedded lexicons, turned into lookup tables once per process.
//!
//! Data lives in `src/lexicon/data/` (see `src/lexicon/data/lexicons/README.md` for sources and
//! licences) and is compiled into the binary with `include_str!`, so
//! `bientap check` works with no configuration. [`Lexicons::get`] builds the
//! tables on first use; nothing is rebuilt per request.

pub mod extra;
pub mod gazetteer;
pub mod posts;

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

use crate::text::vietnamese::{phrase_key, syllable_key};

pub use extra::ExtraLexicons;
pub use gazetteer::{Gazetteer, Unit};
pub use posts::PostGrammar;

const SURNAMES: &str = include_str!("data/lexicons/surnames.txt");
const SURNAMES_CURATED: &str = include_str!("data/curated/surnames.txt");
const MIDDLE_NAMES: &str = include_str!("data/lexicons/middle_names.txt");
const GIVEN_NAMES: &str = include_str!("data/lexicons/given_names.txt");
const ABBREVIATIONS: &str = include_str!("data/lexicons/abbreviations.tsv");
const ABBREVIATIONS_SUPPLEMENT: &str = include_str!("data/lexicons/abbreviations_supplement.tsv");
const ABBREVIATIONS_CURATED: &str = include_str!("data/curated/abbreviations.tsv");
const ATTESTED_SYLLABLES: &str = include_str!("data/lexicons/syllables_attested.txt");
const GENERATED_SYLLABLES: &str = include_str!("data/lexicons/syllables_generated.txt");

pub struct Lexicons {
    /// Keys of surnames ("nguyêxn").
    pub surnames: HashSet<String>,
    /// Keys of syllables seen in middle or given names.
    pub name_syllables: HashSet<String>,
    /// Abbreviation (exact, NFC) → expansions.
    pub abbreviations: HashMap<String, Vec<String>>,
    /// Keys of attested Vietnamese syllables.
    pub syllables: HashSet<String>,
    /// Attested syllable key → its spelling in the list (first seen), for
    /// showing suggestions.
    pub syllable_forms: HashMap<String, String>,
    /// Keys of every well-formed Vietnamese syllable (rule-generated list,
    /// attested or not).
    pub generated_syllables: HashSet<String>,
    pub gazetteer: Gazetteer,
    pub posts: PostGrammar,
}

static LEXICONS: OnceLock<Lexicons> = OnceLock::new();

impl Lexicons {
    /// The process-wide tables, built on first call.
    pub fn get() -> &'static Lexicons {
        LEXICONS.get_or_init(Lexicons::build)
    }

    fn build() -> Lexicons {
        let mut name_syllables = HashSet::new();
        for line in data_lines(MIDDLE_NAMES).chain(data_lines(GIVEN_NAMES)) {
            for w in line.split_whitespace() {
                name_syllables.insert(syllable_key(w));
            }
        }
        let mut abbreviations: HashMap<String, Vec<String>> = HashMap::new();
        let abbreviation_lines = [
            ABBREVIATIONS_CURATED,
            ABBREVIATIONS_SUPPLEMENT,
            ABBREVIATIONS,
        ]
        .into_iter()
        .flat_map(|file| data_lines(file).skip(1));
        for line in abbreviation_lines {
            if let Some((abbr, expansion)) = line.split_once('\t') {
                abbreviations
                    .entry(abbr.nfc().collect())
                    .or_default()
                    .push(expansion.to_string());
            }
        }
        Lexicons {
            surnames: data_lines(SURNAMES)
                .chain(data_lines(SURNAMES_CURATED))
                .map(phrase_key)
                .collect(),
            name_syllables,
            abbreviations,
            syllables: data_lines(ATTESTED_SYLLABLES).map(syllable_key).collect(),
            syllable_forms: {
                let mut forms = HashMap::new();
                for s in data_lines(ATTESTED_SYLLABLES) {
                    forms
                        .entry(syllable_key(s))
                        .or_insert_with(|| s.to_string());
                }
                forms
            },
            generated_syllables: data_lines(GENERATED_SYLLABLES).map(syllable_key).collect(),
            gazetteer: Gazetteer::build(),
            posts: PostGrammar::build(),
        }
    }

    pub fn is_surname_key(&self, key: &str) -> bool {
        self.surnames.contains(key)
    }

    pub fn abbreviation(&self, abbr: &str) -> Option<&[String]> {
        self.abbreviations.get(abbr).map(Vec::as_slice)
    }
}

/// Non-empty, non-comment lines of an embedded data file.
pub(crate) fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// A table of multi-word phrases keyed by their normalised token keys, for
/// longest-match lookups over a token stream.
///
/// The tables hash with `foldhash` (see ARCHITECTURE.md, "Choices worth
/// knowing"): they are looked up for almost every token of every article.
pub struct PhraseTable<T> {
    map: foldhash::HashMap<String, T>,
    /// Keys of every phrase's first token: most tokens start no phrase, and
    /// this answers them without building a key.
    firsts: foldhash::HashSet<String>,
    /// Cheaper still, before hashing: the byte lengths (bit `min(len, 63)`)
    /// and first bytes of those keys.
    first_lens: u64,
    first_bytes: [u64; 4],
    max_tokens: usize,
}

impl<T> Default for PhraseTable<T> {
    fn default() -> Self {
        PhraseTable {
            map: foldhash::HashMap::default(),
            firsts: foldhash::HashSet::default(),
            first_lens: 0,
            first_bytes: [0; 4],
            max_tokens: 0,
        }
    }
}

impl<T> PhraseTable<T> {
    fn add_first(&mut self, key: &str) {
        self.first_lens |= 1 << key.len().min(63);
        if let Some(&b) = key.as_bytes().first() {
            self.first_bytes[usize::from(b >> 6)] |= 1 << (b & 63);
        }
        self.firsts.insert(key.to_string());
    }

    /// Whether some phrase may start with a token keyed `key`: the length
    /// and first-byte filters, then the set.
    fn may_start(&self, key: &str) -> bool {
        self.first_lens & (1 << key.len().min(63)) != 0
            && key
                .as_bytes()
                .first()
                .is_none_or(|&b| self.first_bytes[usize::from(b >> 6)] & (1 << (b & 63)) != 0)
            && self.firsts.contains(key)
    }

    /// Adds `phrase`; an existing entry with the same key is kept.
    pub fn insert(&mut self, phrase: &str, value: T) {
        let tokens = crate::text::tokens::tokenize(phrase, crate::span::Span::new(0, phrase.len()));
        if tokens.is_empty() {
            return;
        }
        self.max_tokens = self.max_tokens.max(tokens.len());
        self.add_first(&tokens[0].key);
        let key = tokens
            .iter()
            .map(|t| t.key.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        self.map.entry(key).or_insert(value);
    }

    pub fn get_mut_or_insert_with(&mut self, phrase: &str, f: impl FnOnce() -> T) -> &mut T {
        let tokens = crate::text::tokens::tokenize(phrase, crate::span::Span::new(0, phrase.len()));
        self.max_tokens = self.max_tokens.max(tokens.len());
        if let Some(first) = tokens.first() {
            self.add_first(&first.key);
        }
        let key = tokens
            .iter()
            .map(|t| t.key.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        self.map.entry(key).or_insert_with(f)
    }

    /// The longest phrase starting at `tokens[start]`: (token count, value).
    /// Phrases do not run across line breaks.
    pub fn longest(
        &self,
        tokens: &[crate::text::tokens::Token],
        start: usize,
    ) -> Option<(usize, &T)> {
        if !tokens.get(start).is_some_and(|t| self.may_start(&t.key)) {
            return None;
        }
        // The key grows token by token in a reused per-thread buffer (no
        // allocation per lookup).
        thread_local! {
            static KEY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        KEY.with(|key| {
            let mut key = key.borrow_mut();
            key.clear();
            let mut best = None;
            for n in 1..=self.max_tokens {
                let Some(tok) = tokens.get(start + n - 1) else {
                    break;
                };
                if n > 1 {
                    if tok.gap_before == crate::text::tokens::Gap::Break {
                        break;
                    }
                    key.push(' ');
                }
                key.push_str(&tok.key);
                if let Some(v) = self.map.get(key.as_str()) {
                    best = Some((n, v));
                }
            }
            best
        })
    }

    pub fn get(&self, phrase: &str) -> Option<&T> {
        let tokens = crate::text::tokens::tokenize(phrase, crate::span::Span::new(0, phrase.len()));
        let key = tokens
            .iter()
            .map(|t| t.key.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        self.map.get(&key)
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.map.values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_loaded() {
        let lex = Lexicons::get();
        assert!(lex.is_surname_key(&syllable_key("Nguyễn")));
        assert!(lex.is_surname_key(&syllable_key("Phùng")));
        assert!(lex.is_surname_key(&syllable_key("Lưu")));
        assert!(lex.abbreviation("UBND").is_some());
        assert!(lex.syllables.contains(&syllable_key("tiếp")));
        assert!(!lex.syllables.contains(&syllable_key("tếp")));
        // Both tone placements are accepted through the key.
        assert!(lex.syllables.contains(&syllable_key("hoà")));
        assert!(lex.syllables.contains(&syllable_key("hòa")));
    }
}

#[cfg(test)]
mod phrase_table_tests {
    use super::*;
    use crate::span::Span;
    use crate::text::tokens::tokenize;

    #[test]
    fn both_insert_paths_are_found_by_longest() {
        let mut t: PhraseTable<u8> = PhraseTable::default();
        t.insert("Quận ủy", 1);
        *t.get_mut_or_insert_with("Hoàng Mai", || 0) += 2;
        let text = "Quận uỷ Hoàng Mai";
        let toks = tokenize(text, Span::new(0, text.len()));
        assert_eq!(t.longest(&toks, 0), Some((2, &1)));
        assert_eq!(t.longest(&toks, 2), Some((2, &2)));
        assert_eq!(t.longest(&toks, 1), None);
        // The gazetteer goes through the second path.
        assert!(
            Lexicons::get()
                .gazetteer
                .by_name
                .longest(&toks, 2)
                .is_some()
        );
    }
}
