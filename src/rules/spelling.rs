//! Spelling: known wrong collocations, words that are not Vietnamese
//! syllables, and place names one letter or tone away from a unit the
//! article names.
//!
//! Proper names are never spell-checked: people, places and organisations
//! (recognised or annotated), every annotated span, `.ignore` spans,
//! website debris, URLs and e-mail addresses are skipped.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::RuleInfo;
use crate::entity::{EntityKind, Value};
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::lexicon::Lexicons;
use crate::lexicon::extra::{
    Collocation, ExtraLexicons, Pat, index_collocation, parse_collocations,
};
use crate::recognize::Recognition;
use crate::span::Span;
use crate::syntax::{Article, BlockKind};
use crate::text::tokens::{Gap, Token, TokenKind, tokenize};
use crate::text::vietnamese::{ToneStyle, respell, split_tone, syllable_key, tone_style};

pub const COLLOCATION: RuleInfo = RuleInfo {
    code: "spelling/collocation",
    default_severity: Severity::Warning,
    summary: "Cụm từ hay viết sai trong văn bản hành chính, báo chí (“tếp tục”, “sát nhập”, “Kế hoạch sô 89”); danh sách ở src/lexicon/data/curated/collocations.tsv.",
    summary_en: "Phrases often misspelt in official and news writing (“tếp tục”, “sát nhập”, “Kế hoạch sô 89”); the list is src/lexicon/data/curated/collocations.tsv.",
};

pub const UNKNOWN_SYLLABLE: RuleInfo = RuleInfo {
    code: "spelling/unknown-syllable",
    default_severity: Severity::Warning,
    summary: "Từ viết thường không phải là âm tiết tiếng Việt (không có trong danh sách âm tiết sinh theo quy tắc); từ nước ngoài, viết hoa, có chữ số được bỏ qua.",
    summary_en: "A lower-case word that is not a Vietnamese syllable (not in the rule-generated syllable list); foreign, capitalised and digit-bearing words are skipped.",
};

pub const UNATTESTED_SYLLABLE: RuleInfo = RuleInfo {
    code: "spelling/unattested-syllable",
    default_severity: Severity::Info,
    summary: "Âm tiết viết đúng quy tắc nhưng chưa gặp trong từ điển; kèm gợi ý các âm tiết gần nhất.",
    summary_en: "A well-formed syllable not yet seen in the dictionary; the nearest syllables are suggested.",
};

pub const PLACE_NEAR_MISS: RuleInfo = RuleInfo {
    code: "spelling/place-near-miss",
    default_severity: Severity::Warning,
    summary: "Tên riêng viết hoa chỉ khác một chữ hoặc một dấu so với đơn vị hành chính được nêu trong bài (“Hoàn Mai” / “Hoàng Mai”).",
    summary_en: "A capitalised name one letter or one mark away from an administrative unit named in the article (“Hoàn Mai” / “Hoàng Mai”).",
};

const COLLOCATIONS_TSV: &str = include_str!("../lexicon/data/curated/collocations.tsv");
const COLLOCATION_NOTES_EN_TSV: &str =
    include_str!("../lexicon/data/curated/collocation_notes_en.tsv");

/// The English of a collocation note (`collocation_notes_en.tsv`).
fn note_en(note: &str) -> Option<&'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            COLLOCATION_NOTES_EN_TSV
                .lines()
                .skip(1)
                .filter_map(|l| l.split_once('\t'))
                .map(|(vi, en)| (vi.trim(), en.trim()))
                .collect()
        })
        .get(note.trim())
        .copied()
}

// ---------------------------------------------------------------------------
// Shared helpers (also used by `capitalization`).

/// The words of every content block (no comments, no debris), tokenised on
/// the plain text (annotation markup removed) with spans mapped back to
/// the source. One vector per block; phrases never cross blocks.
pub(crate) fn source_blocks(article: &Article, recognition: &Recognition) -> Vec<Vec<Token>> {
    let debris: HashSet<usize> = recognition.debris_blocks.iter().map(|(i, _)| *i).collect();
    let plain = &article.plain;
    article
        .blocks
        .iter()
        .enumerate()
        .filter(|(i, b)| b.kind != BlockKind::Comment && !debris.contains(i))
        .map(|(_, b)| source_tokens(article, plain.span_to_plain(b.content)))
        .collect()
}

/// Tokens of a plain-text range, spans mapped to the source.
pub(crate) fn source_tokens(article: &Article, plain_span: Span) -> Vec<Token> {
    let plain = &article.plain;
    tokenize(&plain.text, plain_span)
        .into_iter()
        .map(|mut t| {
            t.span = plain.span_to_source(t.span);
            t
        })
        .collect()
}

/// Byte ranges spelling must not look into.
pub(crate) struct Skip {
    spans: Vec<Span>,
}

impl Skip {
    /// Proper names (people, places, organisations), debris, every
    /// annotation (markup included), URLs and e-mail addresses.
    pub(crate) fn proper_names(text: &str, article: &Article, recognition: &Recognition) -> Skip {
        let mut spans: Vec<Span> = recognition
            .entities
            .iter()
            .filter(|e| {
                matches!(
                    e.kind,
                    EntityKind::Person
                        | EntityKind::Place
                        | EntityKind::Organization
                        | EntityKind::Debris
                )
            })
            .map(|e| e.span)
            .collect();
        spans.extend(article.annotations.iter().map(|a| a.span));
        spans.extend(web_addresses(text, article.body));
        Skip::merged(spans)
    }

    /// Sorted, disjoint ranges, so that `hits` is a binary search.
    fn merged(mut spans: Vec<Span>) -> Skip {
        spans.retain(|s| !s.is_empty());
        spans.sort();
        let mut out: Vec<Span> = Vec::with_capacity(spans.len());
        for s in spans {
            match out.last_mut() {
                Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
                _ => out.push(s),
            }
        }
        Skip { spans: out }
    }

    /// These ranges plus every entity (titles, dates, documents,
    /// quantities…).
    pub(crate) fn with_all_entities(&self, recognition: &Recognition) -> Skip {
        let mut spans = self.spans.clone();
        spans.extend(recognition.entities.iter().map(|e| e.span));
        Skip::merged(spans)
    }

    pub(crate) fn hits(&self, span: Span) -> bool {
        // The first range ending after `span.start` is the only candidate.
        let i = self.spans.partition_point(|s| s.end <= span.start);
        self.spans.get(i).is_some_and(|s| s.overlaps(span))
    }
}

/// URLs, bare domains and e-mail addresses in `text[body]`.
fn web_addresses(text: &str, body: Span) -> Vec<Span> {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(
            r"(?i)\b(?:https?://|www\.)[^\s<>“”]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|gov|edu|info|biz|io)\b",
        )
        .expect("valid regex")
    });
    // No match crosses a line break (`\s`, `\w` and the classes above
    // exclude it) and `\b` sees the same non-word character at a line's
    // start whether the haystack starts there or not, so matching line by
    // line is exact. Most lines cannot match at all: an address needs an
    // "@", a "://", a "www." or a dot followed by a letter, so the (slow, Unicode
    // word-boundary) regex runs only on the lines that have one.
    let mut out = Vec::new();
    let body_text = &text[body.range()];
    let mut start = 0;
    while start < body_text.len() {
        let end = body_text[start..]
            .find('\n')
            .map_or(body_text.len(), |i| start + i + 1);
        let line = &body_text[start..end];
        if may_hold_address(line) {
            let at = body.start + start;
            let found = crate::analysis::incremental::line_addresses(line, || {
                re.find_iter(line)
                    .map(|m| Span::new(m.start(), m.end()))
                    .collect()
            });
            out.extend(
                found
                    .into_iter()
                    .map(|s| Span::new(at + s.start, at + s.end)),
            );
        }
        start = end;
    }
    out
}

/// Whether a line can hold a URL, a domain or an e-mail address.
fn may_hold_address(line: &str) -> bool {
    let b = line.as_bytes();
    b.contains(&b'@')
        || line.contains("://")
        || b.windows(4).any(|w| w.eq_ignore_ascii_case(b"www."))
        || b.windows(2)
            .any(|w| w[0] == b'.' && w[1].is_ascii_alphabetic())
}

/// `replacement` written with the case of `written`: all capitals, a
/// capital initial, or as given.
pub(crate) fn with_case_of(written: &str, replacement: &str) -> String {
    let letters: Vec<char> = written.chars().filter(|c| c.is_alphabetic()).collect();
    let all_caps = letters.len() > 1 && letters.iter().all(|c| c.is_uppercase());
    if all_caps {
        return replacement.to_uppercase();
    }
    if letters.first().is_some_and(|c| c.is_uppercase()) {
        return capitalize_first(replacement);
    }
    replacement.to_string()
}

pub(crate) fn capitalize_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub(crate) fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------

pub fn check(text: &str, article: &Article, recognition: &Recognition, out: &mut Vec<Finding>) {
    let blocks = source_blocks(article, recognition);
    let skip = Skip::proper_names(text, article, recognition);
    check_with(text, recognition, &blocks, &skip, None, out);
}

/// [`check`] with the source blocks and skip ranges capitalization also
/// uses (computed once per analysis by `rules::run`).
/// `extra` is what the workspace's lexicon files add (`[lexicons]`).
pub(crate) fn check_with(
    text: &str,
    recognition: &Recognition,
    blocks: &[Vec<Token>],
    skip: &Skip,
    extra: Option<&ExtraLexicons>,
    out: &mut Vec<Finding>,
) {
    let lex = Lexicons::get();
    let before = out.len();
    collocations(text, blocks, skip, extra, out);
    let covered: Vec<Span> = out[before..].iter().map(|f| f.span).collect();
    let in_entities = skip.with_all_entities(recognition);
    unknown_syllables(text, lex, blocks, &in_entities, &covered, extra, out);
    place_near_misses(text, lex, recognition, blocks, skip, extra, out);
}

// ---------------------------------------------------------------------------
// spelling/collocation

/// The collocation table, indexed by the key of the first word.
fn collocation_table() -> &'static HashMap<String, Vec<Collocation>> {
    static TABLE: OnceLock<HashMap<String, Vec<Collocation>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        // Embedded and covered by a unit test: a bad line is a build defect.
        let list = parse_collocations(COLLOCATIONS_TSV)
            .expect("src/lexicon/data/curated/collocations.tsv");
        let mut table: HashMap<String, Vec<Collocation>> = HashMap::new();
        for c in list {
            index_collocation(&mut table, c);
        }
        table
    })
}

fn matches_at(c: &Collocation, tokens: &[Token], i: usize) -> bool {
    if i + c.wrong.len() > tokens.len() {
        return false;
    }
    let fits = c.wrong.iter().enumerate().all(|(k, p)| {
        let t = &tokens[i + k];
        let joined = k == 0 || t.gap_before == Gap::Space;
        joined
            && match p {
                Pat::Word(key) => t.is_word() && &t.key == key,
                Pat::Number => t.kind == TokenKind::Number,
            }
    });
    if !fits {
        return false;
    }
    // Not glued to more of a word on either side ("sô" in "sô-cô-la").
    // A number may carry its suffix ("89-KH/ĐU").
    let last_is_word = matches!(c.wrong.last(), Some(Pat::Word(_)));
    if glued_before(tokens, i) || (last_is_word && glued_after(tokens, i + c.wrong.len() - 1)) {
        return false;
    }
    let after_excluded = i > 0
        && tokens[i].gap_before == Gap::Space
        && tokens[i - 1].is_word()
        && c.unless_after.contains(&tokens[i - 1].key);
    !after_excluded
}

fn collocations(
    text: &str,
    blocks: &[Vec<Token>],
    skip: &Skip,
    extra: Option<&ExtraLexicons>,
    out: &mut Vec<Finding>,
) {
    let table = collocation_table();
    let added = extra.map(|x| &x.collocations).filter(|t| !t.is_empty());
    for tokens in blocks {
        let mut i = 0;
        while i < tokens.len() {
            if !tokens[i].is_word() {
                i += 1;
                continue;
            }
            let builtin = table.get(&tokens[i].key).map_or(&[][..], Vec::as_slice);
            let workspace = added
                .and_then(|t| t.get(&tokens[i].key))
                .map_or(&[][..], Vec::as_slice);
            let Some(c) = builtin
                .iter()
                .chain(workspace)
                .filter(|c| matches_at(c, tokens, i))
                .max_by_key(|c| c.wrong.len())
            else {
                i += 1;
                continue;
            };
            let n = c.wrong.len();
            let mut edits = Vec::new();
            for k in 0..n {
                let (Pat::Word(key), Some(right)) = (&c.wrong[k], &c.right[k]) else {
                    continue;
                };
                if syllable_key(right) == *key {
                    continue;
                }
                let t = &tokens[i + k];
                let written = &text[t.span.range()];
                let mut replacement = with_case_of(written, &right.to_lowercase());
                if let Some(style) = tone_style(written) {
                    replacement = respell(&replacement, style);
                }
                edits.push(Edit {
                    span: t.span,
                    replacement,
                });
            }
            if edits.is_empty() || edits.iter().any(|e| skip.hits(e.span)) {
                i += 1;
                continue;
            }
            let whole = Span::new(tokens[i].span.start, tokens[i + n - 1].span.end);
            let wrong_text = &text[whole.range()];
            let right_text = apply(text, whole, &edits);
            let span = Span::new(edits[0].span.start, edits[edits.len() - 1].span.end);
            let message = if c.note.is_empty() {
                format!("Viết sai: “{wrong_text}”; đúng là “{right_text}”.")
            } else {
                format!(
                    "Viết sai: “{wrong_text}”; đúng là “{right_text}” ({}).",
                    c.note
                )
            };
            let message_en = match note_en(&c.note) {
                Some(note) if !c.note.is_empty() => {
                    format!("Misspelt: “{wrong_text}”; the right form is “{right_text}” ({note}).")
                }
                _ => format!("Misspelt: “{wrong_text}”; the right form is “{right_text}”."),
            };
            out.push(
                Finding::new(
                    COLLOCATION.code,
                    COLLOCATION.default_severity,
                    span,
                    message,
                )
                .en(message_en)
                .with_fix(Fix {
                    title: format!("Sửa thành “{right_text}”"),
                    edits,
                    title_en: Some(format!("Change to “{right_text}”")),
                    safe: true,
                }),
            );
            i += n;
        }
    }
}

/// `text[whole]` with `edits` (inside it, sorted) applied.
fn apply(text: &str, whole: Span, edits: &[Edit]) -> String {
    let mut s = String::new();
    let mut at = whole.start;
    for e in edits {
        s.push_str(&text[at..e.span.start]);
        s.push_str(&e.replacement);
        at = e.span.end;
    }
    s.push_str(&text[at..whole.end]);
    s
}

// ---------------------------------------------------------------------------
// spelling/unknown-syllable and spelling/unattested-syllable

#[derive(Debug, Clone, PartialEq, Eq)]
enum SyllableClass {
    /// A Vietnamese syllable found in the dictionary, or not Vietnamese at
    /// all (a foreign word, an abbreviation): nothing to say.
    Fine,
    /// Looks like Vietnamese but cannot be a syllable.
    NotSyllable,
    /// Well-formed, never seen in the dictionary.
    Unattested,
}

const ONSETS: &[&str] = &[
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
];
const CODAS: &[&str] = &["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y'
    )
}

/// Whether a bare (toneless, lower-case) word has the shape of a
/// Vietnamese syllable: onset, one to three vowels, coda.
fn syllable_shaped(bare: &str) -> bool {
    ONSETS.iter().any(|onset| {
        let Some(rest) = bare.strip_prefix(onset) else {
            return false;
        };
        let vowels = rest.chars().take_while(|&c| is_vowel(c)).count();
        if vowels == 0 || vowels > 3 {
            return false;
        }
        let coda: String = rest.chars().skip(vowels).collect();
        CODAS.contains(&coda.as_str())
    })
}

/// Letters only Vietnamese uses (among Latin-script languages a news
/// article may quote): ă, ơ, ư, đ and the hook-above and dot-below tones.
fn has_vietnamese_marks(word: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    word.nfd()
        .any(|c| matches!(c, '\u{306}' | '\u{31b}' | '\u{309}' | '\u{323}' | 'đ' | 'Đ'))
}

/// The key with a final `i`/`y` swapped (lí/lý, kĩ/kỹ, quí/quý): the two
/// are spelling variants after a consonant onset.
fn i_y_variant(key: &str) -> Option<String> {
    let chars: Vec<char> = key.chars().collect();
    let tone_len = usize::from(chars.last().is_some_and(|c| "fsrxj".contains(*c)));
    let body = &chars[..chars.len() - tone_len];
    let last = *body.last()?;
    if body.len() < 2 || !matches!(last, 'i' | 'y') {
        return None;
    }
    let prev = body[body.len() - 2];
    let after_consonant =
        !is_vowel(prev) || (prev == 'u' && body.len() >= 3 && body[body.len() - 3] == 'q');
    if !after_consonant {
        return None;
    }
    let mut v: String = body[..body.len() - 1].iter().collect();
    v.push(if last == 'i' { 'y' } else { 'i' });
    v.extend(&chars[chars.len() - tone_len..]);
    Some(v)
}

/// [`classify_word`], cached by word during incremental analysis (the key
/// is a function of the word).
fn classify(word: &str, key: &str, lex: &Lexicons) -> SyllableClass {
    use crate::analysis::incremental::{WordTable, word_class};
    let code = word_class(WordTable::SyllableClass, word, || {
        match classify_word(word, key, lex) {
            SyllableClass::Fine => 0,
            SyllableClass::NotSyllable => 1,
            SyllableClass::Unattested => 2,
        }
    });
    match code {
        1 => SyllableClass::NotSyllable,
        2 => SyllableClass::Unattested,
        _ => SyllableClass::Fine,
    }
}

fn classify_word(word: &str, key: &str, lex: &Lexicons) -> SyllableClass {
    let lower: String = word.chars().flat_map(char::to_lowercase).collect();
    if lower.chars().any(|c| matches!(c, 'f' | 'j' | 'w' | 'z')) {
        return SyllableClass::Fine;
    }
    // Single letters ("điểm đ") and vowel-less words ("đvt") are
    // enumerations and abbreviations.
    let (bare, _) = split_tone(&lower);
    if bare.chars().count() < 2 || !bare.chars().any(is_vowel) {
        return SyllableClass::Fine;
    }
    // The shape comes first: keys write the tone as a final letter, so an
    // English "does" would otherwise meet the key of "dóe".
    if !syllable_shaped(&bare) {
        return if has_vietnamese_marks(word) {
            SyllableClass::NotSyllable
        } else {
            // A foreign word or an abbreviation.
            SyllableClass::Fine
        };
    }
    let variant = i_y_variant(key);
    let known = |set: &HashSet<String>| {
        set.contains(key) || variant.as_ref().is_some_and(|v| set.contains(v))
    };
    if known(&lex.syllables) {
        SyllableClass::Fine
    } else if known(&lex.generated_syllables) {
        SyllableClass::Unattested
    } else if lower.is_ascii() {
        // "chat", "top", "hot": English words shaped like syllables but
        // without the tone Vietnamese needs there.
        SyllableClass::Fine
    } else {
        SyllableClass::NotSyllable
    }
}

/// Whether two keys are exactly one edit (insert, delete, substitute) apart.
fn one_edit_apart(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    match long.len() - short.len() {
        0 => {
            short
                .iter()
                .zip(long.iter())
                .filter(|(x, y)| x != y)
                .count()
                == 1
        }
        1 => {
            let p = short
                .iter()
                .zip(long.iter())
                .take_while(|(x, y)| x == y)
                .count();
            short[p..] == long[p + 1..]
        }
        _ => false,
    }
}

fn tone_letter(key: &str) -> Option<char> {
    key.chars().last().filter(|c| "fsrxj".contains(*c))
}

/// Attested syllables one edit from `key`, best first: ones the article
/// itself uses, then ones keeping the tone, then insertions (a dropped
/// letter is the commonest slip), then alphabetical.
fn suggestions(key: &str, lex: &Lexicons, article_counts: &HashMap<String, usize>) -> Vec<String> {
    let mut found: Vec<&String> = lex
        .syllables
        .iter()
        .filter(|s| one_edit_apart(key, s))
        .collect();
    let len = key.chars().count();
    found.sort_by_key(|s| {
        (
            std::cmp::Reverse(article_counts.get(s.as_str()).copied().unwrap_or(0)),
            tone_letter(s) != tone_letter(key),
            s.chars().count() != len + 1,
            s.to_string(),
        )
    });
    found.into_iter().take(5).cloned().collect()
}

fn dominant_style(text: &str, blocks: &[Vec<Token>]) -> ToneStyle {
    let (mut first, mut second) = (0, 0);
    for t in blocks.iter().flatten().filter(|t| t.is_word()) {
        match tone_style(&text[t.span.range()]) {
            Some(ToneStyle::MarkOnFirst) => first += 1,
            Some(ToneStyle::MarkOnSecond) => second += 1,
            None => {}
        }
    }
    if second > first {
        ToneStyle::MarkOnSecond
    } else {
        ToneStyle::MarkOnFirst
    }
}

fn unknown_syllables(
    text: &str,
    lex: &Lexicons,
    blocks: &[Vec<Token>],
    skip: &Skip,
    covered: &[Span],
    extra: Option<&ExtraLexicons>,
    out: &mut Vec<Finding>,
) {
    // Both only matter for an unattested syllable: computed on the first.
    let mut counts: Option<HashMap<String, usize>> = None;
    let mut style: Option<ToneStyle> = None;
    for tokens in blocks {
        for (i, t) in tokens.iter().enumerate() {
            if !t.is_word() || t.capitalized {
                continue;
            }
            // Glued to a digit or another word part ("5g", "km2", "e-mail",
            // "Mác-Lê-nin"): not a syllable standing alone.
            if glued_before(tokens, i) || glued_after(tokens, i) {
                continue;
            }
            if skip.hits(t.span) || covered.iter().any(|c| c.overlaps(t.span)) {
                continue;
            }
            let word = &text[t.span.range()];
            let class = classify(word, &t.key, lex);
            // The workspace's dictionary (`[lexicons] words`) accepts it.
            if class != SyllableClass::Fine && extra.is_some_and(|x| x.accepts_word(&t.key)) {
                continue;
            }
            match class {
                SyllableClass::Fine => {}
                SyllableClass::NotSyllable => out.push(
                    Finding::new(
                        UNKNOWN_SYLLABLE.code,
                        UNKNOWN_SYLLABLE.default_severity,
                        t.span,
                        format!("“{word}” không phải âm tiết tiếng Việt."),
                    )
                    .en(format!("“{word}” is not a Vietnamese syllable.")),
                ),
                SyllableClass::Unattested => {
                    let style = *style.get_or_insert_with(|| dominant_style(text, blocks));
                    let counts = counts.get_or_insert_with(|| {
                        let mut counts: HashMap<String, usize> = HashMap::new();
                        for t in blocks.iter().flatten().filter(|t| t.is_word()) {
                            *counts.entry(t.key.clone()).or_default() += 1;
                        }
                        counts
                    });
                    let shown: Vec<String> = suggestions(&t.key, lex, counts)
                        .iter()
                        .filter_map(|k| lex.syllable_forms.get(k))
                        .map(|s| with_case_of(word, &respell(s, style)))
                        .collect();
                    let mut message = format!(
                        "“{word}” đúng quy tắc ghép vần nhưng không có trong từ điển tiếng Việt."
                    );
                    let mut message_en = format!(
                        "“{word}” is a well-formed syllable but is not in the Vietnamese dictionary."
                    );
                    if !shown.is_empty() {
                        let list: Vec<String> = shown.iter().map(|s| format!("“{s}”")).collect();
                        message.push_str(&format!(" Có phải: {}?", list.join(", ")));
                        message_en.push_str(&format!(" Did you mean {}?", list.join(", ")));
                    }
                    let mut f = Finding::new(
                        UNATTESTED_SYLLABLE.code,
                        UNATTESTED_SYLLABLE.default_severity,
                        t.span,
                        message,
                    )
                    .en(message_en);
                    for s in shown {
                        f = f.with_fix(Fix {
                            title: format!("Sửa thành “{s}”"),
                            title_en: Some(format!("Change to “{s}”")),
                            edits: vec![Edit {
                                span: t.span,
                                replacement: s,
                            }],
                            safe: false,
                        });
                    }
                    out.push(f);
                }
            }
        }
    }
}

/// Punctuation that joins word parts: "e-mail", "km²", "đ/c", "H'Mông".
fn is_glue(t: &Token) -> bool {
    match t.kind {
        TokenKind::Word | TokenKind::Number => true,
        TokenKind::Punct => matches!(
            t.key.as_str(),
            "-" | "/" | "'" | "’" | "@" | "_" | "&" | "+" | "²" | "³" | "\\" | "="
        ),
    }
}

/// Whether `tokens[i]` touches a word part before it.
fn glued_before(tokens: &[Token], i: usize) -> bool {
    i > 0 && tokens[i].gap_before == Gap::None && is_glue(&tokens[i - 1])
}

/// Whether `tokens[i]` touches a word part after it; a dot counts only when
/// more follows it ("hanoimoi.com").
fn glued_after(tokens: &[Token], i: usize) -> bool {
    let Some(next) = tokens.get(i + 1) else {
        return false;
    };
    if next.gap_before != Gap::None {
        return false;
    }
    is_glue(next)
        || (next.is_punct(".")
            && tokens
                .get(i + 2)
                .is_some_and(|t| t.gap_before == Gap::None && t.kind != TokenKind::Punct))
}

// ---------------------------------------------------------------------------
// spelling/place-near-miss

struct PlaceTarget {
    keys: Vec<String>,
    /// The unit's name as the recogniser gives it.
    name: String,
}

impl PlaceTarget {
    /// The name as the article writes it (or as the gazetteer has it when
    /// only implied), and where. Looked up only for a near miss: a scan of
    /// the article per target would make the rule quadratic.
    fn written(&self, text: &str, blocks: &[Vec<Token>]) -> (String, Option<Span>) {
        let written_at = find_written(blocks, &self.keys);
        let display = written_at.map_or(self.name.clone(), |s| text[s.range()].to_string());
        (display, written_at)
    }
}

/// Unit names the article names, with where it writes them.
fn place_targets(lex: &Lexicons, recognition: &Recognition) -> Vec<PlaceTarget> {
    let mut names: Vec<String> = Vec::new();
    for e in &recognition.entities {
        match &e.value {
            Value::Place(pv) => {
                names.push(pv.name.clone());
                for h in &pv.hierarchy {
                    names.push(strip_unit_type(lex, h));
                }
            }
            Value::Post(p) => {
                if let Some(u) = &p.unit
                    && !u.from_context
                    && let Some(n) = &u.name
                {
                    names.push(n.clone());
                }
            }
            _ => {}
        }
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for name in names {
        if name.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let keys: Vec<String> = tokenize(&name, Span::new(0, name.len()))
            .into_iter()
            .filter(|t| t.is_word())
            .map(|t| t.key)
            .collect();
        if keys.len() < 2 || !seen.insert(keys.clone()) {
            continue;
        }
        out.push(PlaceTarget { keys, name });
    }
    out
}

/// "quận Hoàng Mai" → "Hoàng Mai".
fn strip_unit_type(lex: &Lexicons, full: &str) -> String {
    let toks = tokenize(full, Span::new(0, full.len()));
    match lex.posts.unit_types.longest(&toks, 0) {
        Some((n, _)) if n < toks.len() => full[toks[n].span.start..].to_string(),
        _ => full.to_string(),
    }
}

/// The first capitalised occurrence of a word sequence.
fn find_written(blocks: &[Vec<Token>], keys: &[String]) -> Option<Span> {
    for tokens in blocks {
        for i in 0..tokens.len().saturating_sub(keys.len() - 1) {
            let w = &tokens[i..i + keys.len()];
            if w.iter().zip(keys).enumerate().all(|(k, (t, key))| {
                t.is_word()
                    && t.capitalized
                    && &t.key == key
                    && (k == 0 || t.gap_before == Gap::Space)
            }) {
                return Some(Span::new(w[0].span.start, w[keys.len() - 1].span.end));
            }
        }
    }
    None
}

fn place_near_misses(
    text: &str,
    lex: &Lexicons,
    recognition: &Recognition,
    blocks: &[Vec<Token>],
    skip: &Skip,
    extra: Option<&ExtraLexicons>,
    out: &mut Vec<Finding>,
) {
    let targets = place_targets(lex, recognition);
    if targets.is_empty() {
        return;
    }
    for tokens in blocks {
        let mut i = 0;
        while i < tokens.len() {
            // A run of capitalised words (not abbreviations).
            let name_word = |t: &Token| t.is_word() && t.capitalized && !t.all_caps;
            if !name_word(&tokens[i]) {
                i += 1;
                continue;
            }
            let run_start = i;
            let mut run_end = i + 1;
            while run_end < tokens.len()
                && name_word(&tokens[run_end])
                && tokens[run_end].gap_before == Gap::Space
            {
                run_end += 1;
            }
            i = run_end;
            // Followed by a glued hyphen or apostrophe: part of a longer name.
            if glued_after(tokens, run_end - 1) || glued_before(tokens, run_start) {
                continue;
            }
            for len in 2..=3usize {
                let Some(start) = run_end.checked_sub(len) else {
                    continue;
                };
                if start < run_start || !starts_name(lex, tokens, run_start, start) {
                    continue;
                }
                // A name of the workspace's dictionary (`[lexicons] words`).
                if let Some(x) = extra.filter(|x| !x.phrases.is_empty()) {
                    let key: Vec<&str> = tokens[start..run_end]
                        .iter()
                        .map(|t| t.key.as_str())
                        .collect();
                    if x.accepts_phrase(&key.join(" ")) {
                        continue;
                    }
                }
                if let Some(f) = near_miss_at(text, lex, blocks, tokens, start, len, &targets, skip)
                {
                    out.push(f);
                    break;
                }
            }
        }
    }
}

/// Whether a name may start at `start` inside a capitalised run: at the
/// run's start, or right after a unit-type word or an organ within it
/// ("Quận Hoàn Mai", "Đảng Ủy Hoàn Mai").
fn starts_name(lex: &Lexicons, tokens: &[Token], run_start: usize, start: usize) -> bool {
    if start == run_start {
        return true;
    }
    (run_start..start).any(|p| {
        lex.posts
            .unit_types
            .longest(tokens, p)
            .is_some_and(|(n, _)| p + n == start)
            || lex
                .posts
                .organs
                .longest(tokens, p)
                .is_some_and(|(n, _)| p + n == start)
    })
}

/// Words after which a capitalised name is a place.
const LOCATIVES: &[&str] = &["tại", "ở", "thuộc"];

/// Whether a unit-type word, an organ or a department ends right before
/// `tokens[start]`.
fn after_unit_cue(lex: &Lexicons, tokens: &[Token], start: usize) -> bool {
    if start == 0 || tokens[start].gap_before == Gap::Break {
        return false;
    }
    let g = &lex.posts;
    (start.saturating_sub(8)..start).any(|p| {
        let ends_here = |m: Option<usize>| m.is_some_and(|n| p + n == start);
        ends_here(g.unit_types.longest(tokens, p).map(|(n, _)| n))
            || ends_here(g.organs.longest(tokens, p).map(|(n, _)| n))
            || ends_here(g.departments.longest(tokens, p).map(|(n, _)| n))
    })
}

#[allow(clippy::too_many_arguments)]
fn near_miss_at(
    text: &str,
    lex: &Lexicons,
    blocks: &[Vec<Token>],
    tokens: &[Token],
    start: usize,
    len: usize,
    targets: &[PlaceTarget],
    skip: &Skip,
) -> Option<Finding> {
    let window = &tokens[start..start + len];
    let span = Span::new(window[0].span.start, window[len - 1].span.end);
    if skip.hits(span) {
        return None;
    }
    // Only where a place name stands: after a unit-type word, an organ or
    // a department ("Quận ủy Hoàn Mai", "quận Hoàng Mại"), or after "tại",
    // "ở", "thuộc". Elsewhere a capitalised pair is as likely a person
    // ("nghệ sĩ Hoàn Mai") or a brand.
    let unit_cue = after_unit_cue(lex, tokens, start);
    let locative = start > 0
        && tokens[start].gap_before == Gap::Space
        && LOCATIVES
            .iter()
            .any(|w| syllable_key(w) == tokens[start - 1].key);
    if !(unit_cue || locative) {
        return None;
    }
    // A surname-led name may still be a person's ("tại Hoàng Ma…").
    if lex.is_surname_key(&window[0].key) && !unit_cue {
        return None;
    }
    // A known unit, under any era or type, is spelled right.
    if lex
        .gazetteer
        .by_name
        .longest(tokens, start)
        .is_some_and(|(n, _)| n == len)
    {
        return None;
    }
    if crate::recognize::places::preceded_by_non_unit_cue(tokens, start) {
        return None;
    }
    // Every syllable must be Vietnamese: foreign names are not typos of ours.
    if window
        .iter()
        .any(|t| !lex.syllables.contains(&t.key) && !lex.generated_syllables.contains(&t.key))
    {
        return None;
    }
    let close: Vec<&PlaceTarget> = targets
        .iter()
        .filter(|tg| tg.keys.len() == len)
        .filter(|tg| {
            let differing: Vec<(&String, &Token)> = tg
                .keys
                .iter()
                .zip(window)
                .filter(|(k, t)| **k != t.key)
                .collect();
            differing.len() == 1 && one_edit_apart(differing[0].0, &differing[0].1.key)
        })
        .collect();
    let [target] = close.as_slice() else {
        return None;
    };
    let (display, written_at) = target.written(text, blocks);
    let written = &text[span.range()];
    let mut f = Finding::new(
        PLACE_NEAR_MISS.code,
        PLACE_NEAR_MISS.default_severity,
        span,
        format!(
            "“{written}” không phải tên đơn vị hành chính nào, nhưng gần giống “{display}” được nêu trong bài. Có phải viết nhầm?",
        ),
    )
    .en(format!(
        "“{written}” is no administrative unit, but it is close to “{display}”, named in the article. A typo?"
    ))
    .with_fix(Fix {
        title: format!("Sửa thành “{display}”"),
        edits: vec![Edit {
            span,
            replacement: display.clone(),
        }],
        title_en: Some(format!("Change to “{display}”")),
        safe: false,
    });
    if let Some(at) = written_at {
        f = f
            .with_related(at, format!("“{display}” được viết ở đây"))
            .related_en(format!("“{display}” is written here"));
    }
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{AnalyzeOptions, analyze};
    use crate::syntax::SourceFormat;

    /// (flagged text, first fix's result on the whole text) per finding.
    fn run(text: &str, rule: &str) -> Vec<(String, Option<String>)> {
        run_format(text, rule, SourceFormat::PlainText)
    }

    fn run_format(text: &str, rule: &str, format: SourceFormat) -> Vec<(String, Option<String>)> {
        analyze(text, &AnalyzeOptions::with_format(format))
            .findings
            .iter()
            .filter(|f| f.rule == rule)
            .map(|f| {
                let fixed = f.fixes.first().map(|fix| {
                    let mut s = text.to_string();
                    for e in fix.edits.iter().rev() {
                        s.replace_range(e.span.range(), &e.replacement);
                    }
                    s
                });
                (text[f.span.range()].to_string(), fixed)
            })
            .collect()
    }

    #[test]
    fn every_collocation_note_has_english() {
        let list = parse_collocations(COLLOCATIONS_TSV).unwrap();
        for c in list.iter().filter(|c| !c.note.is_empty()) {
            assert!(
                note_en(&c.note).is_some(),
                "“{}” has no line in src/lexicon/data/curated/collocation_notes_en.tsv",
                c.note
            );
        }
    }

    #[test]
    fn collocation_table_parses() {
        let list = parse_collocations(COLLOCATIONS_TSV).unwrap();
        assert!(list.len() >= 40, "{}", list.len());
        assert!(parse_collocations("h\na b\tc\tx\n").is_err());
        assert!(parse_collocations("h\na #\ta b\tx\n").is_err());
        // "bảo đảm" and "đảm bảo" are both right: never listed.
        let keys: Vec<String> = COLLOCATIONS_TSV
            .lines()
            .map(|l| crate::text::vietnamese::phrase_key(l.split('\t').next().unwrap()))
            .collect();
        assert!(!keys.contains(&crate::text::vietnamese::phrase_key("đảm bảo")));
        assert!(!keys.contains(&crate::text::vietnamese::phrase_key("bảo đảm")));
    }

    #[test]
    fn collocation_fires_with_exact_span_and_fix() {
        let text = "Trong đó, tếp tục triển khai Đề án 06.";
        let found = run(text, "spelling/collocation");
        assert_eq!(
            found,
            vec![(
                "tếp".to_string(),
                Some("Trong đó, tiếp tục triển khai Đề án 06.".to_string())
            )]
        );
        // Case kept, tone placement and NFD do not matter.
        let text = "Tê\u{301}p tục xử dụng nguồn lực. Việc Sát nhập các phường.";
        let found = run(text, "spelling/collocation");
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].0, "Tê\u{301}p");
        assert_eq!(
            found[0].1.as_deref(),
            Some("Tiếp tục xử dụng nguồn lực. Việc Sát nhập các phường.")
        );
        assert_eq!(found[1].0, "xử");
        assert_eq!(
            found[2].1.as_deref(),
            Some("Tê\u{301}p tục xử dụng nguồn lực. Việc Sáp nhập các phường.")
        );
    }

    #[test]
    fn document_number_after_so() {
        let text = "Kế hoạch sô 89-KH/ĐU ngày 04/9/2019 và Nghị quyết sô 01-NQ/ĐH.";
        let found = run(text, "spelling/collocation");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0, "sô");
        assert_eq!(
            found[0].1.as_deref(),
            Some("Kế hoạch số 89-KH/ĐU ngày 04/9/2019 và Nghị quyết sô 01-NQ/ĐH.")
        );
        let f = &analyze(text, &AnalyzeOptions::with_format(SourceFormat::PlainText)).findings;
        let f = f.iter().find(|f| f.rule == "spelling/collocation").unwrap();
        assert_eq!(f.span, Span::new(13, 16));
        assert!(f.fixes[0].safe);
    }

    #[test]
    fn collocation_reaches_past_a_person_but_not_into_one() {
        let text = "Học tập và làm theo tư tưởng, đạo đức, phòng cách Hồ Chí Minh.";
        let found = run(text, "spelling/collocation");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "phòng");
        assert_eq!(
            found[0].1.as_deref(),
            Some("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.")
        );
    }

    #[test]
    fn collocation_silent_cases() {
        for text in [
            // Both are right.
            "Bảo đảm an ninh và đảm bảo tiến độ.",
            // Part of another word: "cảnh sát" + "nhập cư".
            "Cảnh sát nhập cư đã kiểm tra, giám sát nhập khẩu chặt chẽ.",
            // "sô" not before a number.
            "Kế hoạch sô cô la của cửa hàng.",
            // Correct spellings.
            "Tiếp tục sáp nhập, sử dụng, xử lý, phong cách Hồ Chí Minh, phòng cách ly.",
            // Inside an ignored span.
            "[tếp tục]{.ignore} là lỗi cố ý.",
        ] {
            let format = if text.contains("{.") {
                SourceFormat::Article
            } else {
                SourceFormat::PlainText
            };
            assert!(
                run_format(text, "spelling/collocation", format).is_empty(),
                "{text}"
            );
        }
    }

    #[test]
    fn classifies_syllables() {
        let lex = Lexicons::get();
        let c = |w: &str| classify(w, &syllable_key(w), lex);
        assert_eq!(c("tiếp"), SyllableClass::Fine);
        assert_eq!(c("tếp"), SyllableClass::Unattested);
        for w in [
            "lí", "lý", "kĩ", "kỹ", "quí", "quý", "hoà", "hòa", "thuỷ", "thủy", "sĩ", "sỹ",
        ] {
            assert_eq!(c(w), SyllableClass::Fine, "{w}");
        }
        // Not syllables.
        assert_eq!(c("ngĩa"), SyllableClass::NotSyllable);
        assert_eq!(c("trươg"), SyllableClass::NotSyllable);
        assert_eq!(c("đưoc"), SyllableClass::NotSyllable);
        // Foreign or abbreviations: silent.
        for w in [
            "online", "video", "kg", "km", "mini", "taxi", "website", "covid", "b", "đ", "đvt",
            "zalo", "does", "or", "not", "yet", "team", "chat", "top", "hot",
        ] {
            assert_eq!(c(w), SyllableClass::Fine, "{w}");
        }
    }

    #[test]
    fn i_y_variants() {
        assert_eq!(i_y_variant("lis").as_deref(), Some("lys"));
        assert_eq!(i_y_variant("quys").as_deref(), Some("quis"));
        assert_eq!(i_y_variant("kix").as_deref(), Some("kyx"));
        assert_eq!(i_y_variant("tai"), None);
        assert_eq!(i_y_variant("tay"), None);
    }

    #[test]
    fn edit_distance_one() {
        assert!(one_edit_apart("têps", "tiêps"));
        assert!(one_edit_apart("hoan", "hoang"));
        assert!(one_edit_apart("maij", "mai"));
        assert!(one_edit_apart("maij", "mais"));
        assert!(!one_edit_apart("mai", "mai"));
        assert!(!one_edit_apart("hoan", "hoangf"));
    }

    #[test]
    fn unknown_syllable_fires() {
        let text = "Ý ngĩa của hội nghị rất lớn.";
        let found = run(text, "spelling/unknown-syllable");
        assert_eq!(found, vec![("ngĩa".to_string(), None)]);
    }

    #[test]
    fn unattested_syllable_suggests_and_collocation_wins() {
        let text = "Hội nghị tiếp thu ý kiến và sẽ tếp nhận đơn.";
        let a = analyze(text, &AnalyzeOptions::with_format(SourceFormat::PlainText));
        let f: Vec<_> = a
            .findings
            .iter()
            .filter(|f| f.rule == "spelling/unattested-syllable")
            .collect();
        assert_eq!(f.len(), 1);
        assert_eq!(&text[f[0].span.range()], "tếp");
        assert_eq!(f[0].severity, Severity::Info);
        // The article's own "tiếp" comes first.
        assert_eq!(f[0].fixes[0].edits[0].replacement, "tiếp");
        assert!(!f[0].fixes[0].safe);
        // "tếp tục" is a known collocation: reported once, by it.
        let text = "Quận sẽ tếp tục triển khai.";
        assert!(run(text, "spelling/unattested-syllable").is_empty());
        assert_eq!(run(text, "spelling/collocation").len(), 1);
    }

    #[test]
    fn unknown_syllable_silent_cases() {
        for text in [
            // Capitalised, all caps, foreign, glued to digits, URLs, e-mail.
            "Tếp nhận hồ sơ. TẾP NHẬN. Dùng video online, mạng 5g, diện tích 20km2.",
            "Xem tại www.hanoimoi.com.vn hoặc gửi thư tới toasoan@vidu.vn nhé.",
            "Theo điểm b, điểm đ khoản 2 Điều 5, mức phạt 10 kg.",
            // Both spellings of i/y and of the tone mark.
            "Kĩ thuật, kỹ thuật, quí, quý, lí luận, lý luận, hoà, hòa, uỷ, ủy.",
        ] {
            let found: Vec<_> = run(text, "spelling/unknown-syllable")
                .into_iter()
                .chain(run(text, "spelling/unattested-syllable"))
                .collect();
            assert!(found.is_empty(), "{text}: {found:?}");
        }
        // Inside a person, place or annotated span.
        let text = "Gặp [Nguyễn Văn Tếp]{.person} và [ông tếp]{.ignore} tại [quận tếp]{.place}.";
        let found = run_format(text, "spelling/unattested-syllable", SourceFormat::Article);
        assert!(found.is_empty(), "{found:?}");
    }

    fn with_lexicon(kind: crate::lexicon::extra::LexiconKind, file: &str) -> AnalyzeOptions {
        let mut extra = ExtraLexicons::default();
        assert!(extra.add(kind, file).is_empty());
        let mut options = AnalyzeOptions::with_format(SourceFormat::PlainText);
        options.rules.lexicons = Some(std::sync::Arc::new(extra));
        options
    }

    fn codes(text: &str, options: &AnalyzeOptions, rule: &str) -> Vec<(String, Vec<String>)> {
        analyze(text, options)
            .findings
            .iter()
            .filter(|f| f.rule == rule)
            .map(|f| {
                let edits = f
                    .fixes
                    .iter()
                    .flat_map(|x| &x.edits)
                    .map(|e| e.replacement.clone());
                (text[f.span.range()].to_string(), edits.collect())
            })
            .collect()
    }

    #[test]
    fn workspace_dictionary_accepts_words() {
        use crate::lexicon::extra::LexiconKind;
        let text = "Bà con bản khuổi nậm uống cà phê ruộc và dùng gạo ngĩa.";
        let plain = AnalyzeOptions::with_format(SourceFormat::PlainText);
        let flagged = |o: &AnalyzeOptions| -> Vec<String> {
            codes(text, o, "spelling/unattested-syllable")
                .into_iter()
                .chain(codes(text, o, "spelling/unknown-syllable"))
                .map(|(w, _)| w)
                .collect()
        };
        assert_eq!(flagged(&plain), vec!["khuổi", "ruộc", "ngĩa"]);
        let options = with_lexicon(LexiconKind::Words, "# địa danh Tày\nKhuổi Nậm\nruộc\n");
        // Case and tone placement do not matter; other words still count.
        assert_eq!(flagged(&options), vec!["ngĩa"]);
        // A name of the dictionary is not a near miss of a place.
        let text = "Quận Hoàng Mai. Lễ hội được tổ chức tại Hoàn Mai.";
        assert_eq!(run(text, "spelling/place-near-miss").len(), 1);
        let options = with_lexicon(LexiconKind::Words, "Hoàn Mai\n");
        assert!(codes(text, &options, "spelling/place-near-miss").is_empty());
    }

    #[test]
    fn workspace_collocations() {
        use crate::lexicon::extra::LexiconKind;
        let text = "Tựu chung lại, phương án này có xác xuất thành công cao.";
        let plain = AnalyzeOptions::with_format(SourceFormat::PlainText);
        assert!(codes(text, &plain, "spelling/collocation").is_empty());
        let options = with_lexicon(
            LexiconKind::Collocations,
            "wrong\tright\tnote\ntựu chung\ttựu trung\t“tựu trung”: tóm lại\nxác xuất\txác suất\n",
        );
        let found: Vec<_> = analyze(text, &options)
            .findings
            .into_iter()
            .filter(|f| f.rule == "spelling/collocation")
            .collect();
        assert_eq!(found.len(), 2);
        let at = text.find("chung").unwrap();
        assert_eq!(found[0].span, Span::new(at, at + "chung".len()));
        assert_eq!(found[0].fixes[0].edits[0].replacement, "trung");
        assert!(found[0].message.contains("“tựu trung”: tóm lại"));
        assert_eq!(&text[found[1].span.range()], "xuất");
        assert_eq!(found[1].fixes[0].edits[0].replacement, "suất");
        // The embedded list still applies.
        let text = "Quận sẽ tếp tục, tựu chung là tốt.";
        assert_eq!(codes(text, &options, "spelling/collocation").len(), 2);
    }

    const HOANG_MAI: &str = "Quận ủy Hoàng Mai họp. Văn phòng Quận ủy Hoàn Mai đã tổ chức tốt 5 hội nghị tại quận Hoàng Mai.";

    #[test]
    fn place_near_miss_fires() {
        let a = analyze(
            HOANG_MAI,
            &AnalyzeOptions::with_format(SourceFormat::PlainText),
        );
        let f: Vec<_> = a
            .findings
            .iter()
            .filter(|f| f.rule == "spelling/place-near-miss")
            .collect();
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(&HOANG_MAI[f[0].span.range()], "Hoàn Mai");
        assert_eq!(f[0].fixes[0].edits[0].replacement, "Hoàng Mai");
        assert!(!f[0].fixes[0].safe);
        assert_eq!(&HOANG_MAI[f[0].related[0].span.range()], "Hoàng Mai");
        assert!(f[0].related[0].span.start < f[0].span.start);
        // A tone slip after a type word.
        let text = "Quận Hoàng Mai có 14 phường. UBND Quận Hoàng Mại họp.";
        let found = run(text, "spelling/place-near-miss");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "Hoàng Mại");
        // After a locative.
        let text = "Quận Hoàng Mai năm nay có nhiều đổi mới. Lễ hội được tổ chức tại Hoàn Mai.";
        let found = run(text, "spelling/place-near-miss");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "Hoàn Mai");
    }

    #[test]
    fn place_near_miss_silent_cases() {
        for text in [
            // Known units, people, surname-led names.
            "Quận Hoàng Mai và quận Hai Bà Trưng. Phường Hoàng Liệt, Mai Động.",
            "Quận Hoàng Mai. Ông Hoàn Mai phát biểu. Bà Hoàng Mạnh dự họp. Chị Hoàn Mai, đồng chí Hoàn Mai.",
            "Quận Hoàng Mai. Giám đốc Hoàn Mai phát biểu.",
            // Not where a place name stands.
            "Quận Hoàng Mai. Nghệ sĩ Hoàn Mai, ca sĩ Hoàn Mai hát. Hoàn Mai là thương hiệu.",
            "Quận Hoàng Mai. Trường Tiểu học Hoàn Mai; đường Hoàn Mai.",
            // No unit named in the article.
            "Văn phòng Hoàn Mai đã tổ chức hội nghị.",
            // Longer name: "Hoàn Mai Anh" is not a two-word unit.
            "Quận Hoàng Mai. Chị Lê Hoàn Mai Anh.",
        ] {
            let found = run(text, "spelling/place-near-miss");
            assert!(found.is_empty(), "{text}: {found:?}");
        }
        let text = "Quận Hoàng Mai. [Hoàn Mai]{.ignore} là tên thương hiệu.";
        assert!(run_format(text, "spelling/place-near-miss", SourceFormat::Article).is_empty());
    }
}
