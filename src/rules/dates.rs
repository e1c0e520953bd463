//! Date rules: days that do not exist, weekdays that do not match their
//! date, publication dates that disagree, events told as past but dated
//! after publication, reversed or overlong year ranges, lunar-year names,
//! document-number years, and congress ordinals that disagree with their
//! terms.
//!
//! Every rule here prefers silence: a year guessed from the years an
//! article mentions (`YearSource::MentionedYears`) is never enough to
//! report a weekday or a date after publication.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use super::RuleInfo;
use crate::entity::{DateValue, Entity, EntityKind, Value, YearSource};
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::recognize::Recognition;
use crate::recognize::dates::{
    Ymd, days_in_month, lunar_year_name, parse_iso_date, roman_value, to_roman,
};
use crate::span::Span;
use crate::syntax::{Article, BlockKind};
use crate::text::tokens::{Gap, Token, TokenKind, tokenize};
use crate::text::vietnamese::{phrase_key, syllable_key};

pub const IMPOSSIBLE: RuleInfo = RuleInfo {
    code: "date/impossible",
    default_severity: Severity::Error,
    summary: "Ngày không có trên lịch (31/2, 31/4, 29/2 của năm không nhuận).",
    summary_en: "A date that does not exist (31/2, 31/4, 29/2 in a non-leap year).",
};

pub const WEEKDAY_MISMATCH: RuleInfo = RuleInfo {
    code: "date/weekday-mismatch",
    default_severity: Severity::Warning,
    summary: "Thứ trong tuần viết cạnh một ngày không khớp với lịch của ngày đó.",
    summary_en: "The weekday written next to a date does not match the calendar.",
};

pub const DATELINE_MISMATCH: RuleInfo = RuleInfo {
    code: "date/dateline-mismatch",
    default_severity: Severity::Warning,
    summary: "Ngày đăng trong front matter, dòng ngày đăng trong bài và ngày trong URL không khớp nhau.",
    summary_en: "The publication date in the front matter, the dateline in the article and the date in the URL disagree.",
};

pub const AFTER_PUBLICATION: RuleInfo = RuleInfo {
    code: "date/after-publication",
    default_severity: Severity::Warning,
    summary: "Sự việc được kể là đã diễn ra vào một ngày sau ngày đăng bài.",
    summary_en: "Something reported as having happened on a date after the publication date.",
};

pub const REVERSED_RANGE: RuleInfo = RuleInfo {
    code: "date/reversed-range",
    default_severity: Severity::Error,
    summary: "Khoảng năm viết ngược, năm đầu lớn hơn năm cuối (nhiệm kỳ 2025-2020).",
    summary_en: "A year range written backwards, first year after the last (term 2025-2020).",
};

pub const LONG_TERM: RuleInfo = RuleInfo {
    code: "date/long-term",
    default_severity: Severity::Info,
    summary: "Nhiệm kỳ dài hơn 10 năm, có thể viết nhầm năm.",
    summary_en: "A term longer than 10 years, probably a mistyped year.",
};

pub const LUNAR_YEAR: RuleInfo = RuleInfo {
    code: "date/lunar-year",
    default_severity: Severity::Warning,
    summary: "Tên năm âm lịch (can chi) không khớp với năm dương lịch viết kèm (Ất Tỵ 2024).",
    summary_en: "The lunar (sexagenary) year name does not match the Gregorian year beside it (“Ất Tỵ 2024”).",
};

pub const DOCUMENT_YEAR: RuleInfo = RuleInfo {
    code: "date/document-year",
    default_severity: Severity::Warning,
    summary: "Năm trong số hiệu văn bản khác năm của ngày ban hành viết kèm.",
    summary_en: "The year in a document number differs from the year of its issue date written beside it.",
};

pub const TERM_MISMATCH: RuleInfo = RuleInfo {
    code: "ordinal/term-mismatch",
    default_severity: Severity::Warning,
    summary: "Cùng một đại hội nhưng lần thứ và nhiệm kỳ ghi không nhất quán trong bài.",
    summary_en: "The same congress is given inconsistent ordinals and terms within the article.",
};

pub fn check(text: &str, article: &Article, recognition: &Recognition, out: &mut Vec<Finding>) {
    check_doc(&Doc::new(text, article, recognition), out);
}

/// [`check`] on blocks tokenised once per analysis (structure reads them too).
pub(super) fn check_doc(doc: &Doc, out: &mut Vec<Finding>) {
    impossible(doc, out);
    weekday_mismatch(doc, out);
    dateline_mismatch(doc, out);
    after_publication(doc, out);
    ranges(doc, out);
    lunar_year(doc, out);
    document_year(doc, out);
    term_mismatch(doc, out);
}

// ---------------------------------------------------------------------------
// Shared helpers (also used by `structure.rs`).

/// One content block, tokenised over the article's plain text.
pub(super) struct DocBlock {
    /// Index into `article.blocks`.
    pub index: usize,
    pub tokens: Vec<Token>,
}

/// What the rules of this family read: the article's content blocks
/// (comments and debris left out), tokenised once.
pub(super) struct Doc<'a> {
    pub text: &'a str,
    pub article: &'a Article,
    pub recognition: &'a Recognition,
    pub blocks: Vec<DocBlock>,
    /// `(first token's start, last token's end, index into blocks)` of the
    /// blocks with tokens, in text order: built on the first `locate`.
    located: std::cell::OnceCell<Vec<(usize, usize, usize)>>,
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a str, article: &'a Article, recognition: &'a Recognition) -> Self {
        let debris: Vec<usize> = recognition.debris_blocks.iter().map(|(i, _)| *i).collect();
        let blocks = article
            .blocks
            .iter()
            .enumerate()
            .filter(|(i, b)| b.kind != BlockKind::Comment && !debris.contains(i))
            .map(|(i, b)| DocBlock {
                index: i,
                tokens: tokenize(&article.plain.text, article.plain.span_to_plain(b.content)),
            })
            .collect();
        Doc {
            text,
            article,
            recognition,
            blocks,
            located: Default::default(),
        }
    }

    pub fn plain(&self) -> &str {
        &self.article.plain.text
    }

    /// Source span of plain tokens `tokens[i..j]`.
    pub fn src(&self, tokens: &[Token], i: usize, j: usize) -> Span {
        self.article
            .plain
            .span_to_source(Span::new(tokens[i].span.start, tokens[j - 1].span.end))
    }

    /// The block (index into `self.blocks`) and token range covering a
    /// source span.
    pub fn locate(&self, source: Span) -> Option<(usize, usize, usize)> {
        let plain = self.article.plain.span_to_plain(source);
        let located = self.located.get_or_init(|| {
            let blocks = self.blocks.iter().enumerate();
            blocks
                .filter_map(|(bi, b)| {
                    Some((b.tokens.first()?.span.start, b.tokens.last()?.span.end, bi))
                })
                .collect()
        });
        // Blocks are apart and in text order: only the last one starting
        // at or before the span can hold its start (a scan of every block
        // for every entity was quadratic in long articles).
        let k = located.partition_point(|&(first, _, _)| first <= plain.start);
        let &(_, end, bi) = located.get(k.checked_sub(1)?)?;
        if plain.start >= end {
            return None;
        }
        let b = &self.blocks[bi];
        let i = b.tokens.partition_point(|t| t.span.start < plain.start);
        let j = b.tokens.partition_point(|t| t.span.start < plain.end);
        (j > i).then_some((bi, i, j))
    }

    /// The entities of one kind, in source order.
    pub fn entities(&self, kind: EntityKind) -> impl Iterator<Item = &'a Entity> + 'a {
        self.recognition
            .entities
            .iter()
            .filter(move |e| e.kind == kind)
    }
}

/// Whether a token is the word `word` (case, composition and tone placement
/// ignored).
pub(super) fn is(t: &Token, word: &'static str) -> bool {
    t.kind == TokenKind::Word && t.key == crate::text::vietnamese::literal_key(word)
}

pub(super) fn is_any(t: &Token, words: &[&'static str]) -> bool {
    t.kind == TokenKind::Word
        && words
            .iter()
            .any(|w| t.key == crate::text::vietnamese::literal_key(w))
}

/// Whether the words of `phrase` start at token `i`.
pub(super) fn phrase_at(tokens: &[Token], i: usize, phrase: &'static str) -> bool {
    crate::text::vietnamese::literal_key(phrase)
        .split(' ')
        .enumerate()
        .all(|(k, w)| {
            tokens
                .get(i + k)
                .is_some_and(|t| t.kind == TokenKind::Word && t.key == w)
        })
}

/// Ends a sentence: `.`, `!`, `?`, `;` followed by a space or the block end
/// ("30.4.2025" and "10,5" do not).
pub(super) fn ends_sentence(tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    t.kind == TokenKind::Punct
        && matches!(t.key.as_str(), "." | "!" | "?" | ";" | "…")
        && tokens.get(i + 1).is_none_or(|n| n.gap_before != Gap::None)
}

/// The token range of the sentence around tokens `i..j`.
pub(super) fn sentence(tokens: &[Token], i: usize, j: usize) -> (usize, usize) {
    let start = (0..i)
        .rev()
        .find(|&k| ends_sentence(tokens, k))
        .map_or(0, |k| k + 1);
    let end = (j..tokens.len())
        .find(|&k| ends_sentence(tokens, k))
        .map_or(tokens.len(), |k| k + 1);
    (start, end)
}

/// "13/2/2025".
fn dmy(d: Ymd) -> String {
    format!("{}/{}/{}", d.day, d.month, d.year)
}

/// English month names, for English messages.
fn month_en(month: u32) -> &'static str {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    MONTHS
        .get((month as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("that month")
}

/// The English name of a day's weekday.
fn weekday_en(d: Ymd) -> &'static str {
    [
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
    ][d.weekday() as usize % 7]
}

/// Days since 1970-01-01 (proleptic Gregorian).
pub(crate) fn day_number(d: Ymd) -> i64 {
    let y = d.year as i64 - i64::from(d.month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = d.month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d.day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The year a day's weekday or order can be trusted with: written, or from
/// the front matter or a dateline; never guessed from mentioned years.
fn reliable_day(value: &Value) -> Option<Ymd> {
    match value {
        Value::Date(DateValue::Day {
            year: Some(y),
            month,
            day,
            year_source: Some(YearSource::Explicit | YearSource::FrontMatter | YearSource::Dateline),
            ..
        }) => Ymd::new(*y, *month, *day),
        _ => None,
    }
}

/// Whether the date's year is written in it (not resolved from context).
fn explicit_year(value: &Value) -> bool {
    matches!(
        value,
        Value::Date(DateValue::Day {
            year_source: Some(YearSource::Explicit),
            ..
        })
    )
}

// ---------------------------------------------------------------------------
// date/impossible

/// Words that make a year-less "31/4" a day rather than a fraction.
const STRONG_DAY_CUES: &[&str] = &[
    "ngày", "sáng", "chiều", "tối", "trưa", "đêm", "khuya", "hôm", "rạng", "từ", "đến", "tới",
    "trước", "vào", "nhật",
];

fn impossible(doc: &Doc, out: &mut Vec<Finding>) {
    for e in doc.entities(EntityKind::Date) {
        let Value::Date(DateValue::Day {
            year,
            month,
            day,
            year_source,
            valid: false,
        }) = &e.value
        else {
            continue;
        };
        let (month, day) = (*month, *day);
        let explicit = *year_source == Some(YearSource::Explicit);
        let reliable_year = matches!(
            year_source,
            Some(YearSource::Explicit | YearSource::FrontMatter | YearSource::Dateline)
        );
        // 29/2 exists in leap years: only a trusted year says it does not.
        let never_exists = day > days_in_month(2000, month);
        let year = match year {
            Some(y) if reliable_year && (explicit || near_publication(doc, *y, month)) => Some(*y),
            _ if never_exists => None,
            _ => continue,
        };
        if !explicit && !cue_before(doc, e.span) {
            continue;
        }
        let message = match year {
            Some(y) => format!(
                "Ngày {day}/{month}/{y} không có thật: tháng {month} năm {y} chỉ có {} ngày.",
                days_in_month(y, month)
            ),
            None if month == 2 => {
                format!("Ngày {day}/{month} không có thật: tháng 2 chỉ có 28 hoặc 29 ngày.")
            }
            None => format!(
                "Ngày {day}/{month} không có thật: tháng {month} chỉ có {} ngày.",
                days_in_month(2001, month)
            ),
        };
        let message_en = match year {
            Some(y) => format!(
                "{day}/{month}/{y} is not a real date: {} {y} has only {} days.",
                month_en(month),
                days_in_month(y, month)
            ),
            None if month == 2 => {
                format!("{day}/{month} is not a real date: February has only 28 or 29 days.")
            }
            None => format!(
                "{day}/{month} is not a real date: {} has only {} days.",
                month_en(month),
                days_in_month(2001, month)
            ),
        };
        out.push(
            Finding::new(
                IMPOSSIBLE.code,
                IMPOSSIBLE.default_severity,
                e.span,
                message,
            )
            .en(message_en),
        );
    }
}

/// A resolved year is only trusted for 29/2 when the article was published
/// within two months of that February ("29/2" in an August article may
/// mean the last leap year).
fn near_publication(doc: &Doc, year: i32, month: u32) -> bool {
    let (Some(pub_date), Some(day)) = (
        doc.recognition.metadata.date,
        Ymd::new(year, month, days_in_month(year, month)),
    ) else {
        return false;
    };
    (day_number(pub_date) - day_number(day)).abs() <= 62
}

/// A day cue right before the date ("ngày 31/4", "sáng 31/4", "thứ Hai, 31/4").
fn cue_before(doc: &Doc, span: Span) -> bool {
    let Some((bi, i, _)) = doc.locate(span) else {
        return false;
    };
    let tokens = &doc.blocks[bi].tokens;
    let mut k = i;
    if k > 0 && (tokens[k - 1].is_punct(",") || tokens[k - 1].is_punct("(")) {
        k -= 1;
    }
    k > 0 && (is_any(&tokens[k - 1], STRONG_DAY_CUES) || weekday_ending_at(tokens, k).is_some())
}

// ---------------------------------------------------------------------------
// date/weekday-mismatch

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Lower,
    Capital,
    Upper,
}

fn case_of(t: &Token) -> Case {
    if t.all_caps {
        Case::Upper
    } else if t.capitalized {
        Case::Capital
    } else {
        Case::Lower
    }
}

fn with_case(word: &str, case: Case) -> String {
    match case {
        Case::Lower => word.to_lowercase(),
        Case::Upper => word.to_uppercase(),
        Case::Capital => {
            let lower = word.to_lowercase();
            let mut cs = lower.chars();
            cs.next()
                .map(|c| c.to_uppercase().chain(cs).collect())
                .unwrap_or_default()
        }
    }
}

/// A weekday as written: "thứ Hai", "Thứ năm", "thứ 2", "chủ nhật".
#[derive(Debug, Clone, Copy)]
struct Weekday {
    /// Token range.
    start: usize,
    end: usize,
    /// 0 = Sunday … 6 = Saturday.
    day: u32,
    first: Case,
    /// `None` when written in digits ("thứ 2").
    numeral: Option<Case>,
}

const WEEKDAY_NUMERALS: &[(&str, u32)] = &[
    ("hai", 1),
    ("ba", 2),
    ("tư", 3),
    ("năm", 4),
    ("sáu", 5),
    ("bảy", 6),
    ("bẩy", 6),
];

const WEEKDAY_NAMES: [&str; 7] = ["chủ nhật", "hai", "ba", "tư", "năm", "sáu", "bảy"];

fn weekday_at(tokens: &[Token], i: usize) -> Option<Weekday> {
    let first = tokens.get(i)?;
    let second = tokens.get(i + 1).filter(|t| t.gap_before == Gap::Space)?;
    if is(first, "chủ") && is(second, "nhật") {
        return Some(Weekday {
            start: i,
            end: i + 2,
            day: 0,
            first: case_of(first),
            numeral: Some(case_of(second)),
        });
    }
    if !is(first, "thứ") {
        return None;
    }
    let (day, numeral) = match second.kind {
        TokenKind::Number => {
            let n: u32 = second.key.parse().ok().filter(|n| (2..=7).contains(n))?;
            (n - 1, None)
        }
        TokenKind::Word => {
            let &(_, d) = WEEKDAY_NUMERALS.iter().find(|(w, _)| is(second, w))?;
            (d, Some(case_of(second)))
        }
        TokenKind::Punct => return None,
    };
    Some(Weekday {
        start: i,
        end: i + 2,
        day,
        first: case_of(first),
        numeral,
    })
}

fn weekday_ending_at(tokens: &[Token], end: usize) -> Option<Weekday> {
    end.checked_sub(2)
        .and_then(|i| weekday_at(tokens, i))
        .filter(|w| w.end == end)
}

/// Nouns after which "thứ hai" is an ordinal ("lần thứ hai", "phiên thứ Ba").
const ORDINAL_HEADS: &[&str] = &[
    "lần", "phiên", "kỳ", "khóa", "đợt", "vòng", "hạng", "giải", "bước", "tuần", "năm", "quý",
    "việc", "họp", "người", "điều", "mục", "phần", "chương", "đội", "con", "cháu", "lớp", "tầng",
    "xếp", "đứng", "về", "hàng", "vị", "ngôi", "lượt", "cử", "số", "ý", "nhóm", "trận", "bài",
    "tập", "câu", "mùa", "thế", "hệ", "đời", "nhiệm",
];

/// Words before a weekday written in lower case ("sáng thứ hai").
const TIME_OF_DAY: &[&str] = &[
    "sáng", "chiều", "tối", "trưa", "đêm", "khuya", "hôm", "vào", "nay", "mai", "rạng",
];

/// Whether "thứ X" here names a weekday, not an ordinal.
fn plausible_weekday(tokens: &[Token], w: &Weekday, enumeration: bool) -> bool {
    let prev = w.start.checked_sub(1).map(|k| &tokens[k]);
    if prev.is_some_and(|p| is_any(p, ORDINAL_HEADS)) {
        return false;
    }
    let sentence_start = match prev {
        None => true,
        Some(p) => {
            p.kind == TokenKind::Punct
                && matches!(
                    p.key.as_str(),
                    "." | "!" | "?" | ":" | "(" | "-" | "–" | "—" | "\"" | "“" | "|"
                )
        }
    };
    // "Thứ năm, ngày 1/7/2025, …" inside a "Thứ nhất … Thứ hai …" list.
    if sentence_start && enumeration {
        return false;
    }
    let capitalised = w.day == 0 || w.numeral.is_some_and(|c| c != Case::Lower);
    capitalised || sentence_start || prev.is_some_and(|p| is_any(p, TIME_OF_DAY))
}

/// The article enumerates with "Thứ nhất, …" paragraphs.
fn has_enumeration(doc: &Doc) -> bool {
    doc.blocks.iter().any(|b| {
        let t = &b.tokens;
        !t.is_empty() && (phrase_at(t, 0, "thứ nhất") || phrase_at(t, 1, "thứ nhất"))
    })
}

fn weekday_text(day: u32, like: &Weekday) -> String {
    if day == 0 {
        let second = if like.first == Case::Upper {
            Case::Upper
        } else {
            Case::Lower
        };
        return format!(
            "{} {}",
            with_case("chủ", like.first),
            with_case("nhật", second)
        );
    }
    let numeral = match (like.numeral, like.day) {
        (None, _) => return format!("{} {}", with_case("thứ", like.first), day + 1),
        // Was "chủ nhật": use the usual "thứ Năm".
        (Some(c), 0) if c != Case::Upper => Case::Capital,
        (Some(c), _) => c,
    };
    format!(
        "{} {}",
        with_case("thứ", like.first),
        with_case(WEEKDAY_NAMES[day as usize], numeral)
    )
}

fn weekday_mismatch(doc: &Doc, out: &mut Vec<Finding>) {
    let enumeration = has_enumeration(doc);
    for e in doc.entities(EntityKind::Date) {
        let Some(date) = reliable_day(&e.value) else {
            continue;
        };
        let Some((bi, i, j)) = doc.locate(e.span) else {
            continue;
        };
        let tokens = &doc.blocks[bi].tokens;
        let Some(w) = adjacent_weekday(tokens, i, j) else {
            continue;
        };
        if !plausible_weekday(tokens, &w, enumeration) || w.day == date.weekday() {
            continue;
        }
        // A resolved year is a guess: the writer may mean the year before or after.
        if !explicit_year(&e.value)
            && [date.year - 1, date.year + 1]
                .iter()
                .any(|&y| Ymd::new(y, date.month, date.day).is_some_and(|d| d.weekday() == w.day))
        {
            continue;
        }
        let span = doc.src(tokens, w.start, w.end);
        let written = &doc.text[span.range()];
        let fixed = weekday_text(date.weekday(), &w);
        out.push(
            Finding::new(
                WEEKDAY_MISMATCH.code,
                WEEKDAY_MISMATCH.default_severity,
                span,
                format!(
                    "Ngày {} là {}, không phải “{written}”.",
                    dmy(date),
                    date.weekday_name()
                ),
            )
            .en(format!(
                "{} is a {} (“{}”), not “{written}”.",
                dmy(date),
                weekday_en(date),
                date.weekday_name()
            ))
            .with_related(
                e.span,
                format!("Ngày {} ({})", dmy(date), date.weekday_name()),
            )
            .related_en(format!("{} ({})", dmy(date), weekday_en(date)))
            .with_fix(Fix {
                title: format!("Sửa thành “{fixed}”"),
                title_en: Some(format!("Change to “{fixed}”")),
                edits: vec![Edit {
                    span,
                    replacement: fixed,
                }],
                safe: false,
            }),
        );
    }
}

/// A weekday written right next to the date at tokens `i..j`: before it
/// ("thứ Hai, 13/2", "thứ Hai (13/2)", "thứ Hai, ngày 13/2") or after it in
/// parentheses ("13/2 (thứ Năm)").
fn adjacent_weekday(tokens: &[Token], i: usize, j: usize) -> Option<Weekday> {
    let mut k = i;
    let mut saw_ngay = false;
    let mut saw_punct = false;
    for _ in 0..2 {
        let Some(p) = k.checked_sub(1).map(|p| &tokens[p]) else {
            break;
        };
        if !saw_ngay && is(p, "ngày") {
            saw_ngay = true;
        } else if !saw_punct && (p.is_punct(",") || p.is_punct("(")) {
            saw_punct = true;
        } else {
            break;
        }
        k -= 1;
    }
    if let Some(w) = weekday_ending_at(tokens, k) {
        return Some(w);
    }
    if tokens.get(j).is_some_and(|t| t.is_punct("("))
        && let Some(w) = weekday_at(tokens, j + 1)
        && tokens.get(w.end).is_some_and(|t| t.is_punct(")"))
    {
        return Some(w);
    }
    None
}

// ---------------------------------------------------------------------------
// date/dateline-mismatch

/// A publication date found somewhere, with where it is written.
#[derive(Debug, Clone, Copy)]
struct Stamp {
    date: Ymd,
    span: Span,
    /// Days of disagreement to accept (time zones).
    tolerance: i64,
    /// "Cập nhật …": a later date is legitimate.
    update: bool,
}

fn front_matter_stamp(article: &Article) -> Option<Stamp> {
    let field = article.front_matter.as_ref()?.get("date")?;
    let value = field.value.as_text()?;
    Some(Stamp {
        date: parse_iso_date(&value)?,
        span: field.value_span,
        tolerance: tz_tolerance(&value),
        update: false,
    })
}

/// A date-time with a time zone other than Vietnam's may fall on the
/// neighbouring day there.
fn tz_tolerance(value: &str) -> i64 {
    let value = value.trim();
    let Some(pos) = value.find(['T', ' ']) else {
        return 0;
    };
    let time = &value[pos + 1..];
    if time.ends_with(['Z', 'z']) {
        return 1;
    }
    match time.rfind(['+', '-']) {
        Some(i) if !time[i..].starts_with("+07") => 1,
        _ => 0,
    }
}

fn dateline_patterns() -> &'static [Regex; 3] {
    static RE: OnceLock<[Regex; 3]> = OnceLock::new();
    // Kept in step with `recognize::metadata`.
    RE.get_or_init(|| {
        [
            Regex::new(r"(?i)(ngày đăng|đăng ngày|cập nhật|đăng lúc|xuất bản)\s*:?\s*(?:\d{1,2}:\d{2}\s*,?\s*)?(\d{1,2}/\d{1,2}/\d{4})").unwrap(),
            Regex::new(r"\b\d{1,2}:\d{2}\s*,?\s*(\d{1,2}/\d{1,2}/\d{4})\b").unwrap(),
            Regex::new(r"\b(\d{1,2}/\d{1,2}/\d{4})\s*[|,-]?\s*\d{1,2}:\d{2}\b").unwrap(),
        ]
    })
}

fn parse_dmy(s: &str) -> Option<Ymd> {
    let mut p = s.split('/');
    let (d, m, y) = (p.next()?, p.next()?, p.next()?);
    Ymd::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// The dateline in the first blocks: "Ngày đăng 01/08/2020 | 16:20",
/// "(12:10 31/07/2020)" ending the headline, "28/01/2025 | 04:39" alone.
fn dateline_stamp(doc: &Doc) -> Option<Stamp> {
    let article = doc.article;
    let debris: Vec<usize> = doc
        .recognition
        .debris_blocks
        .iter()
        .map(|(i, _)| *i)
        .collect();
    let content = (0..article.blocks.len())
        .filter(|&i| article.blocks[i].kind != BlockKind::Comment)
        .take(6);
    for i in content.filter(|i| !debris.contains(i)) {
        let block = &article.blocks[i];
        let plain_span = article.plain.span_to_plain(block.content);
        let raw = &doc.plain()[plain_span.range()];
        let nfc: String = raw.nfc().collect();
        for (p, re) in dateline_patterns().iter().enumerate() {
            let Some(c) = re.captures(&nfc) else { continue };
            let whole = c.get(0)?;
            let group = if p == 0 { c.get(2)? } else { c.get(1)? };
            if p > 0 {
                // A time and a date inside a sentence is an event, not a dateline.
                let before = nfc[..whole.start()].trim_end_matches([' ', '(', '[', '\t']);
                let after = nfc[whole.end()..].trim_start_matches([' ', ')', ']', '\t']);
                let at_edge = before.is_empty() || after.is_empty() || after.starts_with('|');
                if !at_edge {
                    continue;
                }
            }
            let Some(date) = parse_dmy(group.as_str()) else {
                continue;
            };
            let at = raw.find(group.as_str())?;
            let start = plain_span.start + at;
            let span = article
                .plain
                .span_to_source(Span::new(start, start + group.as_str().len()));
            let update = p == 0 && syllable_key(&c[1].to_lowercase()).starts_with("câp");
            return Some(Stamp {
                date,
                span,
                tolerance: 0,
                update,
            });
        }
    }
    None
}

fn url_patterns() -> &'static [Regex; 3] {
    static RE: OnceLock<[Regex; 3]> = OnceLock::new();
    RE.get_or_init(|| {
        [
            // ".../2020/08/01/..."
            Regex::new(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|$|[^\d])").unwrap(),
            // "...-2020-08-01..."
            Regex::new(r"(?:^|[^\d])((?:19|20)\d{2})-(\d{2})-(\d{2})(?:$|[^\d])").unwrap(),
            // "...-20200801.htm", "...-20200801162000123.htm"
            Regex::new(r"[-_/.]((?:19|20)\d{6}\d*)(?:$|[^\d])").unwrap(),
        ]
    })
}

/// A date in the front-matter `url`; `None` when there is none or two disagree.
fn url_stamp(article: &Article, text: &str) -> Option<Stamp> {
    let field = article.front_matter.as_ref()?.get("url")?;
    let url = field.value.as_text()?;
    let mut found: Option<(Ymd, String)> = None;
    for (p, re) in url_patterns().iter().enumerate() {
        for c in re.captures_iter(&url) {
            let (date, written) = if p < 2 {
                let date = Ymd::new(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
                let w = url[c.get(1)?.start()..c.get(3)?.end()].to_string();
                (date, w)
            } else {
                let digits = &c[1];
                (timestamp_date(digits), digits.to_string())
            };
            let Some(date) = date else { continue };
            match &found {
                Some((d, _)) if *d != date => return None,
                Some(_) => {}
                None => found = Some((date, written)),
            }
        }
    }
    let (date, written) = found?;
    let raw = &text[field.value_span.range()];
    let span = match raw.find(&written) {
        Some(at) => Span::new(
            field.value_span.start + at,
            field.value_span.start + at + written.len(),
        ),
        None => field.value_span,
    };
    Some(Stamp {
        date,
        span,
        tolerance: 1,
        update: false,
    })
}

/// "20200801" or a longer timestamp "yyyyMMddHHmm[ss[SSS]]".
fn timestamp_date(digits: &str) -> Option<Ymd> {
    if ![8, 12, 14, 17].contains(&digits.len()) {
        return None;
    }
    let n = |a: usize, b: usize| digits[a..b].parse::<u32>().ok();
    let date = Ymd::new(n(0, 4)? as i32, n(4, 6)?, n(6, 8)?)?;
    if digits.len() >= 12 && (n(8, 10)? > 23 || n(10, 12)? > 59) {
        return None;
    }
    if digits.len() >= 14 && n(12, 14)? > 59 {
        return None;
    }
    Some(date)
}

/// The English for where `dateline_mismatch` found a date.
fn stamp_en(what: &str) -> &'static str {
    match what {
        "trong dòng ngày đăng" => "date in the dateline",
        "đăng ở front matter" => "publication date in the front matter",
        "trong URL" => "date in the URL",
        _ => "date",
    }
}

fn dateline_mismatch(doc: &Doc, out: &mut Vec<Finding>) {
    let fm = front_matter_stamp(doc.article);
    let line = dateline_stamp(doc);
    let url = url_stamp(doc.article, doc.text);
    let differ = |a: &Stamp, b: &Stamp| {
        (day_number(a.date) - day_number(b.date)).abs() > a.tolerance.max(b.tolerance)
    };
    let mut push = |other: &Stamp, what: &str, reference: &Stamp, ref_what: &str| {
        out.push(
            Finding::new(
                DATELINE_MISMATCH.code,
                DATELINE_MISMATCH.default_severity,
                other.span,
                format!(
                    "Ngày {what} ({}) khác ngày {ref_what} ({}).",
                    dmy(other.date),
                    dmy(reference.date)
                ),
            )
            .en(format!(
                "The {} ({}) differs from the {} ({}).",
                stamp_en(what),
                dmy(other.date),
                stamp_en(ref_what),
                dmy(reference.date)
            ))
            .with_related(
                reference.span,
                format!("Ngày {ref_what}: {}", dmy(reference.date)),
            )
            .related_en(format!(
                "The {}: {}",
                stamp_en(ref_what),
                dmy(reference.date)
            )),
        );
    };
    if let (Some(fm), Some(line)) = (&fm, &line) {
        let later_update = line.update && line.date >= fm.date;
        if differ(line, fm) && !later_update {
            push(line, "trong dòng ngày đăng", fm, "đăng ở front matter");
        }
    }
    let reference = fm.map(|s| (s, "đăng ở front matter")).or(line
        .filter(|l| !l.update)
        .map(|s| (s, "trong dòng ngày đăng")));
    if let (Some(url), Some((reference, ref_what))) = (&url, reference)
        && differ(url, &reference)
    {
        push(url, "trong URL", &reference, ref_what);
    }
}

// ---------------------------------------------------------------------------
// date/after-publication

/// Words that tell an event has happened.
fn past_marker(tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    if is(t, "đã") || phrase_at(tokens, i, "hôm qua") {
        return true;
    }
    if !is(t, "vừa") {
        return false;
    }
    // "vừa … vừa …" (both … and), "nhỏ và vừa", "vừa phải" are not "just did".
    let twice = tokens
        .iter()
        .enumerate()
        .any(|(k, o)| k != i && is(o, "vừa"));
    let prev_bad = i > 0 && is_any(&tokens[i - 1], &["và", "nhỏ", "vừa"]);
    let next_bad = tokens
        .get(i + 1)
        .is_none_or(|n| is_any(n, &["và", "phải", "ý", "lòng", "đủ", "sức", "vặn", "mắt"]));
    !twice && !prev_bad && !next_bad
}

/// Phrases that put a date in the future or make it a deadline or a start.
const FUTURE_MARKERS: &[&str] = &[
    "sẽ",
    "dự kiến",
    "kế hoạch",
    "trước",
    "hạn",
    "từ",
    "hiệu lực",
    "sắp",
    "chuẩn bị",
    "phấn đấu",
    "chậm nhất",
    "muộn nhất",
    "mục tiêu",
    "dự thảo",
    "lịch",
    "nếu",
    "dự định",
    "triệu tập",
    "thông báo",
    "tiến tới",
    "hướng tới",
    "đề nghị",
    "yêu cầu",
    "đăng ký",
    "kỷ niệm",
    "chào mừng",
];

fn future_marker(tokens: &[Token], i: usize) -> bool {
    if FUTURE_MARKERS.iter().any(|p| phrase_at(tokens, i, p)) {
        return true;
    }
    // "đến"/"tới" of a deadline or "ngày 5/9 tới", but not "đến thăm", "tới dự".
    is_any(&tokens[i], &["đến", "tới"])
        && !tokens.get(i + 1).is_some_and(|n| {
            is_any(
                n,
                &[
                    "thăm", "dự", "làm", "chúc", "kiểm", "động", "tặng", "trao", "tham", "gặp",
                ],
            )
        })
}

/// A date inside parentheses qualifies something else: "kỷ niệm 70 năm
/// Ngày Giải phóng Thủ đô (10/10/1954 - 10/10/2024)".
fn in_parentheses(tokens: &[Token], sentence_start: usize, i: usize) -> bool {
    for t in tokens[sentence_start..i].iter().rev() {
        if t.is_punct(")") {
            return false;
        }
        if t.is_punct("(") {
            return true;
        }
    }
    false
}

/// A date written as a publication stamp: "Ngày đăng 01/08/2020",
/// "Cập nhật 01/08/2020", "01/08/2020 | 16:20".
fn stamp_like(tokens: &[Token], i: usize, j: usize) -> bool {
    let before = i > 0 && is_any(&tokens[i - 1], &["đăng", "nhật", "bản"]);
    let after = tokens.get(j).is_some_and(|t| t.is_punct("|"))
        || (tokens.get(j).is_some_and(|t| t.kind == TokenKind::Number)
            && tokens.get(j + 1).is_some_and(|t| t.is_punct(":")));
    before || after
}

/// One end of a range of days: "1/8 - 5/8", "từ 1/8 đến 5/8".
fn in_range(tokens: &[Token], i: usize, j: usize) -> bool {
    let dash = |t: &Token| t.is_punct("-") || t.is_punct("–") || t.is_punct("—");
    let before = i > 0 && (dash(&tokens[i - 1]) || is_any(&tokens[i - 1], &["đến", "tới"]));
    let after = tokens
        .get(j)
        .is_some_and(|t| dash(t) || is_any(t, &["đến", "tới"]))
        && tokens
            .get(j + 1)
            .is_some_and(|t| t.kind == TokenKind::Number);
    before || after
}

fn after_publication(doc: &Doc, out: &mut Vec<Finding>) {
    let md = &doc.recognition.metadata;
    let Some(pub_date) = md.date else { return };
    let (pub_span, tolerance) = match md.date_source {
        Some(YearSource::FrontMatter) => match front_matter_stamp(doc.article) {
            Some(s) => (s.span, s.tolerance),
            None => return,
        },
        Some(YearSource::Dateline) => match md.date_span {
            Some(s) => (s, 0),
            None => return,
        },
        _ => return,
    };
    let skip: Vec<Span> = [md.date_span, doc.article.headline]
        .into_iter()
        .flatten()
        .collect();
    // A document's issue date is not an event of the article.
    let documents: Vec<Span> = doc.entities(EntityKind::Document).map(|d| d.span).collect();
    for e in doc.entities(EntityKind::Date) {
        let Some(date) = reliable_day(&e.value) else {
            continue;
        };
        let after = day_number(date) - day_number(pub_date);
        // "Ngày 24/12, … đã …" in an August article may be last December.
        if after <= tolerance
            || (!explicit_year(&e.value) && after > 45)
            || skip.iter().any(|s| s.overlaps(e.span))
        {
            continue;
        }
        let Some((bi, i, j)) = doc.locate(e.span) else {
            continue;
        };
        let tokens = &doc.blocks[bi].tokens;
        let (s, end) = sentence(tokens, i, j);
        if in_parentheses(tokens, s, i)
            || in_range(tokens, i, j)
            || stamp_like(tokens, i, j)
            || documents.iter().any(|d| {
                d.end <= e.span.start
                    && e.span.start - d.end <= 16
                    && i > 0
                    && is(&tokens[i - 1], "ngày")
            })
        {
            continue;
        }
        let sent = &tokens[s..end];
        let past = (0..sent.len()).any(|k| past_marker(sent, k));
        let future = (0..sent.len()).any(|k| future_marker(sent, k));
        if !past || future {
            continue;
        }
        out.push(
            Finding::new(
                AFTER_PUBLICATION.code,
                AFTER_PUBLICATION.default_severity,
                e.span,
                format!(
                    "Ngày {} sau ngày đăng bài ({}) nhưng câu kể như việc đã diễn ra; kiểm tra lại ngày hoặc ngày đăng.",
                    dmy(date),
                    dmy(pub_date)
                ),
            )
            .en(format!(
                "{} is after the publication date ({}), yet the sentence tells it as past; check the date or the publication date.",
                dmy(date),
                dmy(pub_date)
            ))
            .with_related(pub_span, format!("Ngày đăng bài: {}", dmy(pub_date)))
            .related_en(format!("Publication date: {}", dmy(pub_date))),
        );
    }
}

// ---------------------------------------------------------------------------
// date/reversed-range, date/long-term

fn years_in(s: &str) -> Option<(usize, usize, i32, &str, i32)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"(\d{4})(\s*[-–—]\s*)(\d{4})").unwrap());
    let c = re.captures(s)?;
    let m = c.get(0)?;
    let sep = c.get(2)?.as_str();
    Some((
        m.start(),
        m.end(),
        c[1].parse().ok()?,
        sep,
        c[3].parse().ok()?,
    ))
}

fn ranges(doc: &Doc, out: &mut Vec<Finding>) {
    for e in doc.entities(EntityKind::Date) {
        let Value::Date(DateValue::Period { from, to, label }) = &e.value else {
            continue;
        };
        let written = &doc.text[e.span.range()];
        let Some((a, b, f, sep, t)) = years_in(written) else {
            continue;
        };
        if (f, t) != (*from, *to) {
            continue;
        }
        let span = Span::new(e.span.start + a, e.span.start + b);
        let label = label.to_lowercase();
        if from > to {
            let swapped = format!("{to}{sep}{from}");
            out.push(
                Finding::new(
                    REVERSED_RANGE.code,
                    REVERSED_RANGE.default_severity,
                    span,
                    format!(
                        "Khoảng năm viết ngược: {label} {from}{sep}{to} có năm đầu lớn hơn năm cuối."
                    ),
                )
                .en(format!(
                    "Reversed year range: in “{label} {from}{sep}{to}” the first year is after the last."
                ))
                .with_fix(Fix {
                    title: format!("Đổi thành “{swapped}”"),
                    title_en: Some(format!("Change to “{swapped}”")),
                    edits: vec![Edit {
                        span,
                        replacement: swapped,
                    }],
                    safe: false,
                }),
            );
        } else if phrase_key(&label) == phrase_key("nhiệm kỳ") && to - from > 10 {
            out.push(Finding::new(
                LONG_TERM.code,
                LONG_TERM.default_severity,
                span,
                format!(
                    "Nhiệm kỳ {from}{sep}{to} dài {} năm; nhiệm kỳ thường là 5 năm, kiểm tra lại năm.",
                    to - from
                ),
            ).en(format!(
                "The term {from}{sep}{to} lasts {} years; a term is usually 5 years, check the years.",
                to - from
            )));
        }
    }
}

// ---------------------------------------------------------------------------
// date/lunar-year

fn lunar_year(doc: &Doc, out: &mut Vec<Finding>) {
    for e in doc.entities(EntityKind::Date) {
        let Value::Date(DateValue::Lunar {
            name,
            year: Some(year),
        }) = &e.value
        else {
            continue;
        };
        if !(1900..=2100).contains(year) {
            continue;
        }
        let expected = lunar_year_name(*year);
        if *name == expected {
            continue;
        }
        let Some((bi, i, j)) = doc.locate(e.span) else {
            continue;
        };
        let tokens = &doc.blocks[bi].tokens;
        if j < i + 3 || tokens[j - 1].kind != TokenKind::Number {
            continue;
        }
        // "tháng Chạp Giáp Thìn 2025": the end of the previous lunar year.
        if *name == lunar_year_name(year - 1) {
            let (s, end) = sentence(tokens, i, j);
            let late = (s..end).any(|k| is(&tokens[k], "chạp") || phrase_at(tokens, k, "cuối năm"));
            if late {
                continue;
            }
        }
        let span = doc.src(tokens, i, j - 1);
        out.push(
            Finding::new(
                LUNAR_YEAR.code,
                LUNAR_YEAR.default_severity,
                span,
                format!("Năm {year} là năm {expected}, không phải {name}."),
            )
            .en(format!(
                "In the lunar calendar {year} is “{expected}”, not “{name}”."
            ))
            .with_fix(Fix {
                title: format!("Sửa thành “{expected}”"),
                title_en: Some(format!("Change to “{expected}”")),
                edits: vec![Edit {
                    span,
                    replacement: expected.clone(),
                }],
                safe: false,
            }),
        );
    }
}

// ---------------------------------------------------------------------------
// date/document-year

fn document_year(doc: &Doc, out: &mut Vec<Finding>) {
    let dates: Vec<&Entity> = doc.entities(EntityKind::Date).collect();
    for e in doc.entities(EntityKind::Document) {
        let Value::Document(d) = &e.value else {
            continue;
        };
        let (Some(year), Some(iso)) = (d.year, d.date.as_deref()) else {
            continue;
        };
        let Some(date) = parse_iso_date(iso) else {
            continue;
        };
        if date.year == year || !(1945..=2100).contains(&year) {
            continue;
        }
        let date_entity = dates.iter().find(|x| {
            x.span.start >= e.span.end
                && x.span.start - e.span.end <= 16
                && reliable_day(&x.value) == Some(date)
        });
        // "… ngày 1/1/2025 có hiệu lực": the date is when it takes effect.
        if let Some(x) = date_entity
            && let Some((bi, _, j)) = doc.locate(x.span)
        {
            let t = &doc.blocks[bi].tokens;
            if (j..t.len().min(j + 3)).any(|k| {
                phrase_at(t, k, "hiệu lực")
                    || phrase_at(t, k, "bắt đầu")
                    || phrase_at(t, k, "áp dụng")
            }) {
                continue;
            }
        }
        let date_span = date_entity.map_or(e.span, |x| x.span);
        out.push(
            Finding::new(
                DOCUMENT_YEAR.code,
                DOCUMENT_YEAR.default_severity,
                date_span,
                format!(
                    "{} số {} mang năm {year} nhưng ngày ban hành ghi {}; số hiệu và ngày phải cùng năm.",
                    d.kind,
                    d.number,
                    dmy(date)
                ),
            )
            .en(format!(
                "“{} số {}” carries the year {year}, but its issue date is given as {}; the number and the date must have the same year.",
                d.kind,
                d.number,
                dmy(date)
            ))
            .with_related(e.span, format!("Số hiệu mang năm {year}"))
            .related_en(format!("The number carries the year {year}")),
        );
    }
}

// ---------------------------------------------------------------------------
// ordinal/term-mismatch

/// "Đại hội [đại biểu] Đảng bộ quận X lần thứ V, nhiệm kỳ 2020-2025".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Congress {
    /// Comparison key of the body (word keys of "Đảng bộ quận …").
    pub body: String,
    /// The body as written: "Đảng bộ quận Thanh Xuân".
    pub body_text: String,
    pub ordinal: u32,
    /// Source span of the numeral ("V") and how it is written.
    pub numeral_span: Span,
    pub roman: bool,
    pub term: (i32, i32),
    /// Source span of the years ("2020-2025") and the separator.
    pub term_span: Span,
    pub sep: String,
    /// The whole mention.
    pub span: Span,
}

/// The congress mentions of an article, as `ordinal/term-mismatch` reads
/// them (shared with the workspace summary and `ordinal/workspace-term`).
/// Only blocks holding an ordinal entity ("lần thứ V") are tokenised, so an
/// article without one costs a scan of its entities.
pub fn congress_mentions(
    text: &str,
    article: &Article,
    recognition: &Recognition,
) -> Vec<Congress> {
    let ordinals: Vec<Span> = recognition
        .entities
        .iter()
        .filter(|e| e.kind == EntityKind::Ordinal)
        .map(|e| e.span)
        .collect();
    if ordinals.is_empty() {
        return Vec::new();
    }
    let mut doc = Doc {
        text,
        article,
        recognition,
        blocks: Vec::new(),
        located: Default::default(),
    };
    let debris: Vec<usize> = recognition.debris_blocks.iter().map(|(i, _)| *i).collect();
    doc.blocks = article
        .blocks
        .iter()
        .enumerate()
        .filter(|(i, b)| {
            b.kind != BlockKind::Comment
                && !debris.contains(i)
                && ordinals.iter().any(|o| b.content.covers(*o))
        })
        .map(|(i, b)| DocBlock {
            index: i,
            tokens: tokenize(&article.plain.text, article.plain.span_to_plain(b.content)),
        })
        .collect();
    congresses(&doc)
}

fn congresses(doc: &Doc) -> Vec<Congress> {
    let by_start: HashMap<usize, &Entity> = doc
        .recognition
        .entities
        .iter()
        .map(|e| (e.span.start, e))
        .collect();
    let mut out = Vec::new();
    for b in &doc.blocks {
        let t = &b.tokens;
        for i in 0..t.len() {
            if !phrase_at(t, i, "đại hội") {
                continue;
            }
            let mut k = i + 2;
            if phrase_at(t, k, "đại biểu") {
                k += 2;
            }
            let body_start = k;
            while k < t.len()
                && k - body_start < 8
                && t[k].kind == TokenKind::Word
                && t[k].gap_before == Gap::Space
                && !phrase_at(t, k, "lần thứ")
            {
                k += 1;
            }
            if k == body_start || !phrase_at(t, k, "lần thứ") {
                continue;
            }
            let body: Vec<&str> = t[body_start..k].iter().map(|x| x.key.as_str()).collect();
            let ord_start = doc.src(t, k, k + 1).start;
            let Some(Value::Ordinal { value, .. }) = by_start.get(&ord_start).map(|e| &e.value)
            else {
                continue;
            };
            let numeral = k + 2;
            let Some(num) = t.get(numeral) else { continue };
            let roman =
                num.kind == TokenKind::Word && roman_value(&num.key.to_uppercase()) == Some(*value);
            if !(roman || num.kind == TokenKind::Number) {
                continue;
            }
            let mut m = numeral + 1;
            if t.get(m).is_some_and(|p| p.is_punct(",") || p.is_punct("(")) {
                m += 1;
            }
            if !phrase_at(t, m, "nhiệm kỳ") {
                continue;
            }
            let term_start = doc.src(t, m, m + 1).start;
            let Some(period) = by_start.get(&term_start) else {
                continue;
            };
            let Value::Date(DateValue::Period { from, to, .. }) = &period.value else {
                continue;
            };
            let written = &doc.text[period.span.range()];
            let Some((a, z, _, sep, _)) = years_in(written) else {
                continue;
            };
            let written_body = doc.src(t, body_start, k);
            out.push(Congress {
                body: body.join(" "),
                body_text: doc.text[written_body.range()].to_string(),
                ordinal: *value,
                numeral_span: doc.src(t, numeral, numeral + 1),
                roman,
                term: (*from, *to),
                term_span: Span::new(period.span.start + a, period.span.start + z),
                sep: sep.to_string(),
                span: Span::new(doc.src(t, i, i + 1).start, period.span.end),
            });
        }
    }
    // "Đảng bộ Quận" names the same body as the one "Đảng bộ quận Hoàng Mai"
    // when that is the only one the article names.
    let bodies: Vec<String> = out.iter().map(|c| c.body.clone()).collect();
    for c in &mut out {
        let prefix = format!("{} ", c.body);
        let mut longer = bodies.iter().filter(|b| b.starts_with(&prefix));
        if let Some(first) = longer.next()
            && longer.all(|b| b == first)
        {
            c.body = first.clone();
        }
    }
    // A body still without a name ("Đảng bộ quận") is only one body when the
    // article names at most one unit of that type.
    out.retain(|c| !ambiguous_unit(doc, &c.body));
    out
}

/// The body ends in a unit type ("… quận") and the article names several
/// units of that type: a roundup, where "Đảng bộ quận" may be any of them.
fn ambiguous_unit(doc: &Doc, body: &str) -> bool {
    let mut names: Vec<&str> = Vec::new();
    for e in doc.entities(EntityKind::Place) {
        let Value::Place(p) = &e.value else { continue };
        let Some(t) = &p.unit_type else { continue };
        if body.ends_with(&format!(" {}", phrase_key(t))) && !names.contains(&p.name.as_str()) {
            names.push(&p.name);
        }
    }
    names.len() > 1
}

fn term_mismatch(doc: &Doc, out: &mut Vec<Finding>) {
    let all = congresses(doc);
    for (idx, c) in all.iter().enumerate() {
        // Same body, same term, another ordinal — or same ordinal, another term.
        let same_term: Vec<usize> = (0..all.len())
            .filter(|&o| all[o].body == c.body && all[o].term == c.term)
            .collect();
        let same_ord: Vec<usize> = (0..all.len())
            .filter(|&o| all[o].body == c.body && all[o].ordinal == c.ordinal)
            .collect();
        let ordinal_ref = reference(&all, &same_term, idx, |x| x.ordinal);
        let term_ref = reference(&all, &same_ord, idx, |x| x.term);
        if let Some(r) = ordinal_ref {
            let other = &all[r];
            let numeral = if c.roman {
                to_roman(other.ordinal)
            } else {
                other.ordinal.to_string()
            };
            out.push(
                Finding::new(
                    TERM_MISMATCH.code,
                    TERM_MISMATCH.default_severity,
                    c.numeral_span,
                    format!(
                        "Đại hội {} nhiệm kỳ {}-{} ở đây là lần thứ {}, nhưng chỗ khác trong bài ghi lần thứ {}.",
                        c.body_text,
                        c.term.0,
                        c.term.1,
                        written_ordinal(doc, c),
                        written_ordinal(doc, other)
                    ),
                )
                .en(format!(
                    "The congress of “{}” for the term {}-{} is numbered “{}” here, but “{}” elsewhere in the article.",
                    c.body_text,
                    c.term.0,
                    c.term.1,
                    written_ordinal(doc, c),
                    written_ordinal(doc, other)
                ))
                .with_related(other.span, "Cùng đại hội, cùng nhiệm kỳ, khác lần thứ")
                .related_en("The same congress and term with another number")
                .with_fix(Fix {
                    title: format!("Sửa thành “{numeral}”"),
                    title_en: Some(format!("Change to “{numeral}”")),
                    edits: vec![Edit {
                        span: c.numeral_span,
                        replacement: numeral,
                    }],
                    safe: false,
                }),
            );
        } else if let Some(r) = term_ref {
            let other = &all[r];
            let years = format!("{}{}{}", other.term.0, c.sep, other.term.1);
            out.push(
                Finding::new(
                    TERM_MISMATCH.code,
                    TERM_MISMATCH.default_severity,
                    c.term_span,
                    format!(
                        "Đại hội {} lần thứ {} ở đây ghi nhiệm kỳ {}-{}, nhưng chỗ khác trong bài ghi nhiệm kỳ {}-{}.",
                        c.body_text,
                        written_ordinal(doc, c),
                        c.term.0,
                        c.term.1,
                        other.term.0,
                        other.term.1
                    ),
                )
                .en(format!(
                    "The congress of “{}” numbered “{}” has the term {}-{} here, but {}-{} elsewhere in the article.",
                    c.body_text,
                    written_ordinal(doc, c),
                    c.term.0,
                    c.term.1,
                    other.term.0,
                    other.term.1
                ))
                .with_related(other.span, "Cùng đại hội, cùng lần thứ, khác nhiệm kỳ")
                .related_en("The same congress and number with another term")
                .with_fix(Fix {
                    title: format!("Sửa thành “{years}”"),
                    title_en: Some(format!("Change to “{years}”")),
                    edits: vec![Edit {
                        span: c.term_span,
                        replacement: years,
                    }],
                    safe: false,
                }),
            );
        }
    }
}

fn written_ordinal(doc: &Doc, c: &Congress) -> String {
    doc.text[c.numeral_span.range()].to_string()
}

/// Among `group` (mentions that should agree on `key`), the mention `idx`
/// disagrees with: the majority value's first mention, when `idx` is not
/// in the majority; on a tie, the first mention when `idx` comes later.
fn reference<K: PartialEq + Copy>(
    all: &[Congress],
    group: &[usize],
    idx: usize,
    key: impl Fn(&Congress) -> K,
) -> Option<usize> {
    let mine = key(&all[idx]);
    let count = |k: K| group.iter().filter(|&&o| key(&all[o]) == k).count();
    let mut best: Option<(usize, usize)> = None; // (count, first index)
    for &o in group {
        let k = key(&all[o]);
        let n = count(k);
        if best.is_none_or(|(bn, _)| n > bn) {
            best = Some((n, o));
        }
    }
    let (best_n, best_o) = best?;
    if key(&all[best_o]) == mine {
        return None;
    }
    let mine_n = count(mine);
    (best_n > mine_n || (best_n == mine_n && best_o < idx)).then_some(best_o)
}

#[cfg(test)]
mod tests {
    use crate::finding::Finding;
    use crate::rules::test_support::{article, at, plain};

    fn fix(f: &Finding) -> &str {
        &f.fixes[0].edits[0].replacement
    }

    /// `Doc::locate` by binary search answers as a scan of every block
    /// does, for every entity and every word of the sample articles and
    /// the gold set (headings, lists, quotes, comments, debris, markup).
    #[test]
    fn locate_agrees_with_a_scan_of_every_block() {
        use crate::analysis::{AnalyzeOptions, analyze};
        use crate::syntax::SourceFormat;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files: Vec<_> = ["seeds", "tests/gold"]
            .iter()
            .flat_map(|d| std::fs::read_dir(root.join(d)).expect("folder").flatten())
            .map(|e| e.path())
            .collect();
        files.sort();
        let mut located = 0;
        for path in files {
            let text = std::fs::read_to_string(&path).expect("readable");
            let format = if path.extension().is_some_and(|e| e == "article") {
                SourceFormat::Article
            } else {
                SourceFormat::PlainText
            };
            let a = analyze(&text, &AnalyzeOptions::with_format(format));
            let doc = super::Doc::new(&text, &a.article, &a.recognition);
            let scan = |source: crate::span::Span| {
                let plain = a.article.plain.span_to_plain(source);
                for (bi, b) in doc.blocks.iter().enumerate() {
                    let (Some(first), Some(last)) = (b.tokens.first(), b.tokens.last()) else {
                        continue;
                    };
                    if plain.start < first.span.start || plain.start >= last.span.end {
                        continue;
                    }
                    let i = b.tokens.partition_point(|t| t.span.start < plain.start);
                    let j = b.tokens.partition_point(|t| t.span.start < plain.end);
                    return (j > i).then_some((bi, i, j));
                }
                None
            };
            let words = crate::text::tokens::tokenize(&text, crate::span::Span::new(0, text.len()));
            let spans = a.recognition.entities.iter().map(|e| e.span);
            for span in spans.chain(words.iter().map(|t| t.span)) {
                let fast = doc.locate(span);
                assert_eq!(fast, scan(span), "{} at {span:?}", path.display());
                located += fast.is_some() as usize;
            }
        }
        assert!(located > 1000, "only {located} spans located");
    }

    // --- date/impossible

    #[test]
    fn impossible_days_fire() {
        let text =
            "Tiêu đề\nNgày 31/2/2025, hội nghị họp. Sáng 31/4, đoàn về thăm. Ngày 30/2 cũng vậy.";
        let found = plain(text, "date/impossible");
        let spans: Vec<&str> = found.iter().map(|f| at(text, f)).collect();
        assert_eq!(spans, vec!["31/2/2025", "31/4", "30/2"]);
        assert!(found[0].message.contains("28 ngày"), "{}", found[0].message);
        assert!(found[1].message.contains("30 ngày"), "{}", found[1].message);
    }

    #[test]
    fn yearless_29_february_uses_the_resolved_year() {
        let text = "---\ndate: 2025-03-02\n---\n# Tin\n\nSáng 29/2, đoàn đã về thăm.\n";
        let found = article(text, "date/impossible");
        assert_eq!(found.len(), 1);
        assert_eq!(at(text, &found[0]), "29/2");
        assert!(found[0].message.contains("2025"), "{}", found[0].message);
        // 2024 is a leap year.
        let leap = "---\ndate: 2024-03-02\n---\n# Tin\n\nSáng 29/2, đoàn đã về thăm.\n";
        assert!(article(leap, "date/impossible").is_empty());
    }

    #[test]
    fn yearless_29_february_far_from_publication_is_silent() {
        // An August article: "29/2" may well be the last leap year's.
        let text = "---\ndate: 2025-08-20\n---\n# Tin\n\nSáng 29/2, đoàn đã về thăm.\n";
        assert!(article(text, "date/impossible").is_empty());
    }

    #[test]
    fn impossible_is_silent_on_real_days_fractions_and_guessed_years() {
        for text in [
            "Tiêu đề\nNgày 29/2/2024 và 30/4/2025, 31/12/2025.",
            "Tiêu đề\nĐạt 31/4 chỉ tiêu, 13/13 chỉ tiêu chủ yếu.",
            // The year is only guessed from mentioned years: 29/2 may be right.
            "Tiêu đề\nNăm 2023 quận đạt nhiều kết quả. Sáng 29/2, đoàn về thăm.",
        ] {
            assert!(plain(text, "date/impossible").is_empty(), "{text}");
        }
    }

    // --- date/weekday-mismatch

    #[test]
    fn weekday_before_the_date() {
        let text = "Tiêu đề\nSáng thứ Hai, 13/2/2025, hội nghị khai mạc.";
        let found = plain(text, "date/weekday-mismatch");
        assert_eq!(found.len(), 1);
        assert_eq!(at(text, &found[0]), "thứ Hai");
        assert_eq!(fix(&found[0]), "thứ Năm");
        assert_eq!(&text[found[0].related[0].span.range()], "13/2/2025");
        assert!(!found[0].fixes[0].safe);
    }

    #[test]
    fn weekday_styles_are_kept() {
        let fm = "---\ndate: 2025-02-14\n---\n# Tin\n\n";
        let cases = [
            ("Thứ Hai (13/2), quận đã họp.", "Thứ Hai", "Thứ Năm"),
            (
                "Chiều thứ hai, ngày 13/2, quận đã họp.",
                "thứ hai",
                "thứ năm",
            ),
            ("Chủ nhật 13/2, quận đã họp.", "Chủ nhật", "Thứ Năm"),
            ("Sáng thứ 2 (13/2), quận đã họp.", "thứ 2", "thứ 5"),
            ("Ngày 16/2 (thứ Ba), quận đã họp.", "thứ Ba", "chủ nhật"),
            ("THỨ HAI, 13/2/2025", "THỨ HAI", "THỨ NĂM"),
        ];
        for (body, span, fixed) in cases {
            let text = format!("{fm}{body}\n");
            let found = article(&text, "date/weekday-mismatch");
            assert_eq!(found.len(), 1, "{body}");
            assert_eq!(at(&text, &found[0]), span, "{body}");
            assert_eq!(fix(&found[0]), fixed, "{body}");
        }
    }

    #[test]
    fn weekday_silent_when_right_unknown_or_ordinal() {
        let fm = "---\ndate: 2025-02-14\n---\n# Tin\n\n";
        for body in [
            // Right.
            "Thứ Năm (13/2), quận họp. Chủ nhật 16/2, quận họp.",
            "Sáng thứ Năm, ngày 13/2/2025, quận họp.",
            // Ordinals, not weekdays.
            "Bước sang ngày làm việc thứ hai (13/2), đại hội bầu Ban Chấp hành.",
            "Ngày thứ hai (13/2), đại hội thảo luận.",
            "Đây là lần thứ Hai (13/2) đoàn về thăm.",
            // Not adjacent.
            "Thứ Hai tuần trước, ngày 13/2, quận họp.",
        ] {
            let text = format!("{fm}{body}\n");
            assert!(article(&text, "date/weekday-mismatch").is_empty(), "{body}");
        }
        // Resolved year: 3/2 was a Monday in 2025 though the article is
        // nearer 3/2/2026 (a Tuesday).
        let text = "---\ndate: 2025-08-20\n---\n# Tin\n\nThứ Hai (3/2), quận họp.\n";
        assert!(article(text, "date/weekday-mismatch").is_empty());
        // Year unknown (guessed from mentioned years only).
        let text = "Tiêu đề\nNăm 2025 là năm đặc biệt. Sáng thứ Hai (13/2), quận họp.";
        assert!(plain(text, "date/weekday-mismatch").is_empty());
        // An enumeration "Thứ nhất … Thứ hai …" starting with a date.
        let text = "Tiêu đề\nThứ nhất, rà soát.\nThứ hai, 13/2/2025 hoàn thành kế hoạch.";
        assert!(plain(text, "date/weekday-mismatch").is_empty());
    }

    // --- date/dateline-mismatch

    #[test]
    fn dateline_disagrees_with_front_matter() {
        let text =
            "---\ndate: 2020-08-02\n---\n# Tin\n\nNgày đăng 01/08/2020 | 16:20\n\nNội dung.\n";
        let found = article(text, "date/dateline-mismatch");
        assert_eq!(found.len(), 1);
        assert_eq!(at(text, &found[0]), "01/08/2020");
        assert_eq!(&text[found[0].related[0].span.range()], "2020-08-02");
    }

    #[test]
    fn url_disagrees_with_front_matter() {
        let text = "---\ndate: 2020-08-10\nurl: https://vd.vn/2020/08/01/tin-a.html\n---\n# Tin\n\nNội dung.\n";
        let found = article(text, "date/dateline-mismatch");
        assert_eq!(found.len(), 1);
        assert_eq!(at(text, &found[0]), "2020/08/01");
        let text = "---\ndate: 2020-08-10\nurl: https://vd.vn/tin-a-20200801162000123.htm\n---\n# Tin\n\nNội dung.\n";
        let found = article(text, "date/dateline-mismatch");
        assert_eq!(found.len(), 1);
        assert_eq!(at(text, &found[0]), "20200801162000123");
    }

    #[test]
    fn dateline_silent_when_consistent_or_explained() {
        for text in [
            "---\ndate: 2020-08-01\nurl: https://vd.vn/2020/08/01/tin.html\n---\n# Tin\n\nNgày đăng 01/08/2020 | 16:20\n",
            // A later update date is legitimate.
            "---\ndate: 2020-08-01\n---\n# Tin\n\nCập nhật: 03/08/2020 | 16:20\n",
            // UTC time: 2020-07-31T20:00Z is 1/8 in Vietnam.
            "---\ndate: 2020-07-31T20:00:00Z\n---\n# Tin\n\nNgày đăng 01/08/2020\n",
            // A post id, not a date.
            "---\ndate: 2020-08-01\nurl: https://vd.vn/tin-post2019123.vnp\n---\n# Tin\n",
            // A time and date inside a sentence is an event.
            "---\ndate: 2020-08-01\n---\n# Tin\n\nLúc 10:30, 13/7/2020, đoàn đã đến nơi và làm việc.\n",
        ] {
            assert!(article(text, "date/dateline-mismatch").is_empty(), "{text}");
        }
    }

    // --- date/after-publication

    #[test]
    fn past_event_after_publication() {
        let text = "---\ndate: 2020-08-01\n---\n# Tin\n\nNgày 24/8/2020, Đảng bộ phường đã tổ chức hội nghị.\n";
        let found = article(text, "date/after-publication");
        assert_eq!(found.len(), 1);
        assert_eq!(at(text, &found[0]), "24/8/2020");
        assert_eq!(&text[found[0].related[0].span.range()], "2020-08-01");
        // From a dateline in raw text.
        let text =
            "Tiêu đề\nNgày đăng 01/08/2020 | 16:20\nSáng 5/8, hội nghị vừa tổ chức thành công.";
        let found = plain(text, "date/after-publication");
        assert_eq!(found.len(), 1);
        assert_eq!(at(text, &found[0]), "5/8");
    }

    #[test]
    fn after_publication_silent_for_plans_and_guesses() {
        let fm = "---\ndate: 2020-08-01\n---\n# Tin\n\n";
        for body in [
            "Ngày 24/8/2020, đại hội sẽ khai mạc.",
            "Dự kiến ngày 24/8/2020 đã hoàn thành.",
            "Kế hoạch đã được duyệt, trước ngày 30/9/2020 phải xong.",
            "Từ ngày 1/9/2020, quy định đã có hiệu lực.",
            "Quận đã giao chỉ tiêu đến ngày 30/9/2020.",
            "Ngày 24/7/2020, Đảng bộ phường đã tổ chức hội nghị.",
            "Ngày 24/8/2020, quận tổ chức hội nghị vừa làm vừa rút kinh nghiệm.",
            // Gold 02: an anniversary range in parentheses.
            "Hòa chung không khí chào mừng kỷ niệm 70 năm Ngày Giải phóng Thủ đô (10/10/1954 - 10/10/2020), phường đã phát động đợt ra quân.",
            "Nhân dịp Ngày Giải phóng Thủ đô (10/10/2020), phường đã phát động đợt ra quân.",
            "Các ngày 2/8/2020 - 5/8/2020, phường đã phát động đợt ra quân.",
            // A document's issue date, a stamp.
            "Quận đã triển khai Nghị định 165/2024/NĐ-CP ngày 1/9/2020 của Chính phủ.",
            "Bài đã đăng: Ngày đăng 02/08/2020 | 16:20",
            // Resolved year far ahead: probably last December.
            "Ngày 24/12, phường đã tổ chức tổng kết.",
        ] {
            let text = format!("{fm}{body}\n");
            assert!(
                article(&text, "date/after-publication").is_empty(),
                "{body}"
            );
        }
        // Publication year only guessed from mentioned years: silent.
        let text =
            "Tiêu đề\nNăm 2020 quận đạt kết quả. Ngày 24/8/2020 đã tổng kết. Ngày 1/1/2020 đã họp.";
        assert!(plain(text, "date/after-publication").is_empty());
    }

    // --- date/reversed-range, date/long-term

    #[test]
    fn reversed_and_long_ranges() {
        let text = "Tiêu đề\nNhiệm kỳ 2025-2020 và giai đoạn 2030 - 2021; nhiệm kỳ 2010-2025.";
        let found = plain(text, "date/reversed-range");
        let spans: Vec<(&str, &str)> = found.iter().map(|f| (at(text, f), fix(f))).collect();
        assert_eq!(
            spans,
            vec![("2025-2020", "2020-2025"), ("2030 - 2021", "2021 - 2030")]
        );
        let long = plain(text, "date/long-term");
        assert_eq!(long.len(), 1);
        assert_eq!(at(text, &long[0]), "2010-2025");
        assert_eq!(long[0].severity, crate::finding::Severity::Info);
    }

    #[test]
    fn ranges_silent_when_ordered() {
        let text = "Tiêu đề\nNhiệm kỳ 2020-2025, giai đoạn 2021-2030, thời kỳ 1945-1975, nhiệm kỳ 2015 - 2020.";
        assert!(plain(text, "date/reversed-range").is_empty());
        assert!(plain(text, "date/long-term").is_empty());
    }

    // --- date/lunar-year

    #[test]
    fn lunar_name_contradicts_year() {
        let text = "Tiêu đề\nDịp Tết Nguyên đán Ất Tỵ 2024, quận thăm hỏi các gia đình.";
        let found = plain(text, "date/lunar-year");
        assert_eq!(found.len(), 1);
        assert_eq!(at(text, &found[0]), "Ất Tỵ");
        assert_eq!(fix(&found[0]), "Giáp Thìn");
    }

    #[test]
    fn lunar_silent_when_right() {
        for text in [
            "Tiêu đề\nTết Nguyên đán Ất Tỵ 2025 và Xuân Giáp Thìn 2024, Tết Canh Tý 2020.",
            "Tiêu đề\nĐêm 28 tháng Chạp Giáp Thìn 2025, đoàn thăm hỏi.",
            "Tiêu đề\nTết Ất Tỵ, quận thăm hỏi.",
        ] {
            assert!(plain(text, "date/lunar-year").is_empty(), "{text}");
        }
    }

    // --- date/document-year

    #[test]
    fn document_year_contradicts_date() {
        let text = "Tiêu đề\nThực hiện Nghị định 165/2024/NĐ-CP ngày 1/1/2025 của Chính phủ.";
        let found = plain(text, "date/document-year");
        assert_eq!(found.len(), 1);
        assert_eq!(at(text, &found[0]), "1/1/2025");
        assert_eq!(
            &text[found[0].related[0].span.range()],
            "Nghị định 165/2024/NĐ-CP"
        );
    }

    #[test]
    fn document_year_silent_when_consistent_or_yearless() {
        for text in [
            "Tiêu đề\nNghị định 165/2024/NĐ-CP ngày 26/12/2024 của Chính phủ.",
            "Tiêu đề\nChỉ thị số 35-CT/TW ngày 30/5/2019 của Bộ Chính trị.",
            "Tiêu đề\nQuyết định số 12/QĐ-UBND ngày 3/1/2025.",
            "Tiêu đề\nNghị định 168/2024/NĐ-CP ngày 1/1/2025 có hiệu lực thi hành.",
        ] {
            assert!(plain(text, "date/document-year").is_empty(), "{text}");
        }
    }

    // --- ordinal/term-mismatch

    #[test]
    fn same_term_two_ordinals() {
        let text = "Tiêu đề\nNghị quyết Đại hội Đảng bộ quận lần thứ IV, nhiệm kỳ 2020-2025 được triển khai.\nChuẩn bị Đại hội Đảng bộ Quận lần thứ IV, nhiệm kỳ 2020-2025 và Đại hội Đảng bộ quận lần thứ V, nhiệm kỳ 2020-2025.";
        let found = plain(text, "ordinal/term-mismatch");
        assert_eq!(found.len(), 1);
        assert_eq!(at(text, &found[0]), "V");
        assert_eq!(fix(&found[0]), "IV");
        assert!(text[found[0].related[0].span.range()].starts_with("Đại hội Đảng bộ"));
    }

    #[test]
    fn same_ordinal_two_terms() {
        let text = "Tiêu đề\nĐại hội Đảng bộ phường lần thứ XXV, nhiệm kỳ 2020-2025.\nĐại hội Đảng bộ phường lần thứ XXV, nhiệm kỳ 2015-2020.";
        let found = plain(text, "ordinal/term-mismatch");
        assert_eq!(found.len(), 1);
        assert_eq!(at(text, &found[0]), "2015-2020");
        assert_eq!(fix(&found[0]), "2020-2025");
    }

    #[test]
    fn term_mismatch_silent_for_other_bodies_and_consistent_terms() {
        for text in [
            // Consecutive congresses.
            "Tiêu đề\nĐại hội Đảng bộ quận lần thứ IV, nhiệm kỳ 2015-2020 và Đại hội Đảng bộ quận lần thứ V, nhiệm kỳ 2020-2025.",
            // Different bodies.
            "Tiêu đề\nĐại hội Đảng bộ quận lần thứ V, nhiệm kỳ 2020-2025; Đại hội Công đoàn quận lần thứ IV, nhiệm kỳ 2020-2025.",
            "Tiêu đề\nĐại hội Đảng bộ phường Mai Động lần thứ V, nhiệm kỳ 2020-2025; Đại hội Đảng bộ phường Tân Mai lần thứ IV, nhiệm kỳ 2020-2025.",
            // A conference number, not a congress.
            "Tiêu đề\nHội nghị Ban Chấp hành Đảng bộ lần thứ 22, nhiệm kỳ 2020-2025; Đại hội Đảng bộ lần thứ V, nhiệm kỳ 2020-2025.",
            // A roundup of two districts: "Đảng bộ quận" may be either.
            "Tiêu đề\nQuận Hoàng Mai và quận Thanh Xuân tổ chức đại hội. Đại hội Đảng bộ quận lần thứ V, nhiệm kỳ 2020-2025 bầu 45 đồng chí. Đại hội Đảng bộ quận lần thứ VI, nhiệm kỳ 2020-2025 bầu 41 đồng chí.",
            // Not adjacent: the term belongs to something else.
            "Tiêu đề\nĐại hội Đảng bộ quận lần thứ V diễn ra trong nhiệm kỳ 2020-2025. Đại hội Đảng bộ quận lần thứ IV, nhiệm kỳ 2020-2025.",
        ] {
            assert!(plain(text, "ordinal/term-mismatch").is_empty(), "{text}");
        }
    }

    #[test]
    fn calendar_helpers() {
        use super::*;
        assert_eq!(day_number(Ymd::new(1970, 1, 1).unwrap()), 0);
        assert_eq!(day_number(Ymd::new(2000, 3, 1).unwrap()), 11017);
        assert_eq!(timestamp_date("20200801"), Ymd::new(2020, 8, 1));
        assert_eq!(timestamp_date("2019123"), None);
        assert_eq!(timestamp_date("202008012561"), None);
        assert_eq!(tz_tolerance("2020-08-01"), 0);
        assert_eq!(tz_tolerance("2020-08-01T10:00:00+07:00"), 0);
        assert_eq!(tz_tolerance("2020-08-01T10:00:00Z"), 1);
    }
}
