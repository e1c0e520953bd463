//! Incremental re-analysis: [`IncrementalAnalyzer`] reuses the per-block
//! work of its previous call.
//!
//! # Design
//!
//! The analyzer runs the very same [`super::analyze`] as everyone else, with
//! a [`Memo`] installed for the calling thread. Pure per-block functions
//! consult the memo before computing:
//!
//! - **tokens** ([`crate::text::tokens::tokenize`]): cached per *line* of
//!   the tokenised span, keyed by the line's text. Tokenisation never
//!   crosses a line break (a token after a line break always has
//!   `Gap::Break`), so a span's tokens are the concatenation of its lines'
//!   tokens, shifted to their offsets. Recognition and every rule family
//!   tokenise through this function, so an unchanged line is never
//!   tokenised (nor its syllable keys computed) twice.
//! - **block candidates** (`recognize::block_candidates`): keyed by the
//!   block's plain text up to the end of its line and by a fingerprint of
//!   the article-wide context the recognisers read (`Cx`: article year and
//!   date, era, context units, primary unit per type, inline abbreviation
//!   definitions). A block whose text and context are unchanged gets its
//!   candidates back shifted to its new offset; a context change (the
//!   dateline's year, a new typed place, a new abbreviation definition)
//!   invalidates every block at once.
//! - **per-word classification in the rules** (spelling's syllable class,
//!   orthography's tone style): pure functions of a word, cached by word.
//!
//! Document-level steps (see [`crate::rules::Scope`]) are recomputed on
//! every call over the cached tokens: debris detection, metadata, context
//! units, overlap resolution, linking, and the document-level rule passes.
//!
//! Entries not used by a call are dropped at its end, so the memo holds
//! one document's worth of entries. Because only pure functions are
//! memoised, the result is identical to [`super::analyze`] on the same text
//! and options; `tests/incremental.rs` checks that on random edits.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hash};

use super::{Analysis, AnalyzeOptions, analyze};
use crate::recognize::Candidate;
use crate::text::tokens::Token;

/// Analyses successive versions of one document, reusing unchanged blocks.
#[derive(Default)]
pub struct IncrementalAnalyzer {
    memo: Option<Memo>,
}

/// Hits and misses of the last call (for tests and benchmarks).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MemoStats {
    pub line_hits: usize,
    pub line_misses: usize,
    pub block_hits: usize,
    pub block_misses: usize,
}

impl IncrementalAnalyzer {
    pub fn new() -> Self {
        Self::default()
    }

    /// The same result as [`analyze`]`(text, options)`, computed reusing
    /// the previous call's per-block work.
    pub fn analyze(&mut self, text: &str, options: &AnalyzeOptions) -> Analysis {
        let mut memo = self.memo.take().unwrap_or_default();
        memo.begin();
        let previous = ACTIVE.with(|a| a.borrow_mut().replace(memo));
        // Put the memo back even if analysis panics, so a later call does
        // not find a stale memo installed on this thread.
        struct Restore<'a> {
            slot: &'a mut Option<Memo>,
            previous: Option<Option<Memo>>,
        }
        impl Drop for Restore<'_> {
            fn drop(&mut self) {
                let memo = ACTIVE.with(|a| {
                    let mut a = a.borrow_mut();
                    let memo = a.take();
                    *a = self.previous.take().flatten();
                    memo
                });
                *self.slot = memo.map(|mut m| {
                    // A cancelled run used only part of the text: keep
                    // the rest of the memo for the next run.
                    if !super::cancel::requested() {
                        m.end();
                    }
                    m
                });
            }
        }
        let _restore = Restore {
            slot: &mut self.memo,
            previous: Some(previous),
        };
        analyze(text, options)
    }

    /// Counters of the last call.
    pub fn stats(&self) -> MemoStats {
        self.memo.as_ref().map(|m| m.stats).unwrap_or_default()
    }
}

struct Entry<T> {
    value: T,
    used: u64,
}

/// The per-thread cache of pure per-block results.
#[derive(Default)]
pub(crate) struct Memo {
    generation: u64,
    stats: MemoStats,
    hasher: std::collections::hash_map::RandomState,
    /// Line text → its tokens, spans relative to the line's start.
    lines: HashMap<Box<str>, Entry<Vec<Token>>>,
    /// Block text → (context fingerprint, candidates relative to the block).
    blocks: HashMap<Box<str>, Entry<(u64, Vec<Candidate>)>>,
    /// Block text → (context fingerprint, gazetteer units it names with a type word).
    units: HashMap<Box<str>, Entry<(u64, Vec<usize>)>>,
    /// Line text → web addresses in it (`rules::spelling`), relative spans.
    addresses: HashMap<Box<str>, Entry<Vec<crate::span::Span>>>,
    /// Per table: word → a small classification code.
    words: [HashMap<Box<str>, Entry<u32>>; WORD_TABLES],
}

impl Memo {
    fn begin(&mut self) {
        self.generation += 1;
        self.stats = MemoStats::default();
    }

    fn end(&mut self) {
        let g = self.generation;
        self.lines.retain(|_, e| e.used == g);
        self.blocks.retain(|_, e| e.used == g);
        self.units.retain(|_, e| e.used == g);
        self.addresses.retain(|_, e| e.used == g);
        for t in &mut self.words {
            t.retain(|_, e| e.used == g);
        }
    }
}

thread_local! {
    static ACTIVE: RefCell<Option<Memo>> = const { RefCell::new(None) };
}

fn with_active<R>(f: impl FnOnce(&mut Memo) -> R) -> Option<R> {
    ACTIVE.with(|a| a.try_borrow_mut().ok()?.as_mut().map(f))
}

/// Whether an incremental analysis is running on this thread.
pub(crate) fn active() -> bool {
    ACTIVE.with(|a| a.try_borrow().map(|a| a.is_some()).unwrap_or(false))
}

/// A fingerprint of anything hashable, stable within the process.
pub(crate) fn fingerprint(value: &impl Hash) -> u64 {
    with_active(|m| m.hasher.hash_one(value)).unwrap_or(0)
}

/// Tokens of one line (no line break inside, except possibly at its end),
/// spans relative to the line's start.
pub(crate) fn line_tokens(line: &str, compute: impl FnOnce() -> Vec<Token>) -> Vec<Token> {
    let cached = with_active(|m| {
        let g = m.generation;
        match m.lines.get_mut(line) {
            Some(e) => {
                e.used = g;
                m.stats.line_hits += 1;
                Some(e.value.clone())
            }
            None => {
                m.stats.line_misses += 1;
                None
            }
        }
    })
    .flatten();
    if let Some(tokens) = cached {
        return tokens;
    }
    let tokens = compute();
    with_active(|m| {
        let g = m.generation;
        m.lines.insert(
            line.into(),
            Entry {
                value: tokens.clone(),
                used: g,
            },
        );
    });
    tokens
}

/// Candidates of one block, relative to the block's start (`key` is its
/// text up to the end of its line, `context` the fingerprint of `Cx`).
pub(crate) fn block_candidates(
    context: u64,
    key: &str,
    compute: impl FnOnce() -> Vec<Candidate>,
) -> Vec<Candidate> {
    let cached = with_active(|m| {
        let g = m.generation;
        match m.blocks.get_mut(key) {
            Some(e) if e.value.0 == context => {
                e.used = g;
                m.stats.block_hits += 1;
                Some(e.value.1.clone())
            }
            _ => {
                m.stats.block_misses += 1;
                None
            }
        }
    })
    .flatten();
    if let Some(c) = cached {
        return c;
    }
    let candidates = compute();
    with_active(|m| {
        let g = m.generation;
        m.blocks.insert(
            key.into(),
            Entry {
                value: (context, candidates.clone()),
                used: g,
            },
        );
    });
    candidates
}

/// Units named with a type word in one block (`places::context_units`),
/// keyed by the block's text and the fingerprint of what else it reads.
pub(crate) fn block_units(
    context: u64,
    key: &str,
    compute: impl FnOnce() -> Vec<usize>,
) -> Vec<usize> {
    let cached = with_active(|m| {
        let g = m.generation;
        match m.units.get_mut(key) {
            Some(e) if e.value.0 == context => {
                e.used = g;
                Some(e.value.1.clone())
            }
            _ => None,
        }
    });
    match cached {
        None => compute(), // not incremental
        Some(Some(units)) => units,
        Some(None) => {
            let units = compute();
            with_active(|m| {
                let g = m.generation;
                m.units.insert(
                    key.into(),
                    Entry {
                        value: (context, units.clone()),
                        used: g,
                    },
                );
            });
            units
        }
    }
}

/// Web addresses in one line (spans relative to the line), cached by the
/// line's text during incremental analysis.
pub(crate) fn line_addresses(
    line: &str,
    compute: impl FnOnce() -> Vec<crate::span::Span>,
) -> Vec<crate::span::Span> {
    let cached = with_active(|m| {
        let g = m.generation;
        m.addresses.get_mut(line).map(|e| {
            e.used = g;
            e.value.clone()
        })
    });
    match cached {
        None => compute(), // not incremental
        Some(Some(spans)) => spans,
        Some(None) => {
            let spans = compute();
            with_active(|m| {
                let g = m.generation;
                m.addresses.insert(
                    line.into(),
                    Entry {
                        value: spans.clone(),
                        used: g,
                    },
                );
            });
            spans
        }
    }
}

/// Per-word tables of [`word_class`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum WordTable {
    /// `text::vietnamese::tone_style`.
    ToneStyle = 0,
    /// `rules::spelling::classify`.
    SyllableClass = 1,
    /// `recognize::debris::furniture_reason`, by block text.
    Furniture = 2,
    /// `recognize::debris` tail headers, by block text.
    TailHeader = 3,
}

const WORD_TABLES: usize = 4;

/// A per-word classification, cached by word while an incremental analysis
/// runs (computed directly otherwise).
pub(crate) fn word_class(table: WordTable, word: &str, compute: impl FnOnce() -> u32) -> u32 {
    let cached = with_active(|m| {
        let g = m.generation;
        m.words[table as usize].get_mut(word).map(|e| {
            e.used = g;
            e.value
        })
    });
    match cached {
        None => compute(), // not incremental
        Some(Some(v)) => v,
        Some(None) => {
            let v = compute();
            with_active(|m| {
                let g = m.generation;
                m.words[table as usize].insert(word.into(), Entry { value: v, used: g });
            });
            v
        }
    }
}
