//! Dates, years, periods, parts of years and lunar-year names.
//!
//! Numeric dates are matched on tokens, not regexes over the text, so cue
//! words compare by key (NFD and tone placement do not matter). A day
//! without a year ("13/2") needs a cue before it ("ngày", "sáng", "chiều",
//! …) — "13/13 chỉ tiêu" and "1/2 số hộ" are fractions, not dates.

use super::{Candidate, Cx};
use crate::entity::{DateValue, EntityKind, Origin, Value, YearSource};
use crate::span::Span;
use crate::text::tokens::{Gap, Token, TokenKind};
use crate::text::vietnamese::KeyList;

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ymd {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Ymd {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Ymd> {
        (day >= 1 && day <= days_in_month(year, month)).then_some(Ymd { year, month, day })
    }

    /// 0 = Sunday … 6 = Saturday (Sakamoto's method).
    pub fn weekday(self) -> u32 {
        const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
        let y = if self.month < 3 {
            self.year - 1
        } else {
            self.year
        };
        let w =
            (y + y / 4 - y / 100 + y / 400 + T[(self.month - 1) as usize] + self.day as i32) % 7;
        w.rem_euclid(7) as u32
    }

    /// The Vietnamese weekday name: "Chủ nhật", "thứ Hai"…
    pub fn weekday_name(self) -> &'static str {
        [
            "Chủ nhật",
            "thứ Hai",
            "thứ Ba",
            "thứ Tư",
            "thứ Năm",
            "thứ Sáu",
            "thứ Bảy",
        ][self.weekday() as usize]
    }

    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Parses an ISO 8601 date or date-time ("2025-02-13", "2025-02-13T16:20:00+07:00").
pub fn parse_iso_date(s: &str) -> Option<Ymd> {
    let s = s.trim();
    let date = s.split(['T', ' ']).next()?;
    let mut parts = date.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    Ymd::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

const HEAVENLY_STEMS: [&str; 10] = [
    "Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý",
];
const EARTHLY_BRANCHES: [&str; 12] = [
    "Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi",
];

/// The lunar-year name of a (Gregorian) year: 2025 → "Ất Tỵ".
pub fn lunar_year_name(year: i32) -> String {
    let stem = HEAVENLY_STEMS[(year + 6).rem_euclid(10) as usize];
    let branch = EARTHLY_BRANCHES[(year + 8).rem_euclid(12) as usize];
    format!("{stem} {branch}")
}

fn stem_index(key: &str) -> Option<usize> {
    static STEMS: KeyList = KeyList::new(&HEAVENLY_STEMS);
    STEMS.position(key)
}

fn branch_index(key: &str) -> Option<usize> {
    // "Mẹo" is the southern name of Mão, "Tị" a spelling of Tỵ.
    match key {
        "meoj" => return Some(3),
        "tij" => return Some(5),
        _ => {}
    }
    static BRANCHES: KeyList = KeyList::new(&EARTHLY_BRANCHES);
    BRANCHES.position(key)
}

/// Words that introduce a day written without a year.
const DAY_CUES: &[&str] = &[
    "ngày", "sáng", "chiều", "tối", "trưa", "đêm", "hôm", "rạng", "từ", "đến", "tới", "trước",
    "sau", "vào", "hai", "ba", "tư", "năm", "sáu", "bảy", "nhật", "(", ",", "–", "-",
];

fn is_day_cue(tok: &Token) -> bool {
    static CUES: KeyList = KeyList::new(DAY_CUES);
    CUES.contains(&tok.key)
}

fn number(tok: Option<&Token>) -> Option<u32> {
    let t = tok?;
    (t.kind == TokenKind::Number && t.key.len() <= 4).then(|| t.key.parse().ok())?
}

fn touching(tokens: &[Token], i: usize) -> bool {
    tokens.get(i).is_some_and(|t| t.gap_before == Gap::None)
}

fn plausible_year(y: u32) -> bool {
    (1900..=2100).contains(&y)
}

/// Finds date expressions in one block's tokens.
pub fn recognize(cx: &Cx, tokens: &[Token], out: &mut Vec<Candidate>) {
    let mut i = 0;
    while i < tokens.len() {
        let consumed = numeric_date(cx, tokens, i, out)
            .or_else(|| year_phrase(cx, tokens, i, out))
            .or_else(|| part_of_year(cx, tokens, i, out))
            .or_else(|| spelled_date(cx, tokens, i, out))
            .or_else(|| month_phrase(cx, tokens, i, out))
            .or_else(|| lunar(cx, tokens, i, out));
        i += consumed.unwrap_or(1);
    }
}

/// "13/2", "24/7/2020", "01/08/2020", "18-7", "30.4.2025".
fn numeric_date(cx: &Cx, tokens: &[Token], i: usize, out: &mut Vec<Candidate>) -> Option<usize> {
    let day = number(tokens.get(i))?;
    let sep = tokens.get(i + 1)?;
    if !touching(tokens, i + 1) || !(sep.is_punct("/") || sep.is_punct("-") || sep.is_punct(".")) {
        return None;
    }
    let month = number(tokens.get(i + 2)).filter(|_| touching(tokens, i + 2))?;
    // A preceding digit or slash means this is part of something longer ("24/24/7").
    if i > 0 && touching(tokens, i) && !tokens[i - 1].is_punct("(") {
        return None;
    }
    let mut year = None;
    let mut len = 3;
    if tokens.get(i + 3).is_some_and(|t| t.key == sep.key)
        && touching(tokens, i + 3)
        && touching(tokens, i + 4)
    {
        let y = number(tokens.get(i + 4))?;
        let digits = tokens[i + 4].key.len();
        if digits != 4 || !plausible_year(y) {
            return None;
        }
        year = Some(y as i32);
        len = 5;
    }
    // Another separator glued on means a code or a score, not a date.
    if let Some(next) = tokens.get(i + len)
        && touching(tokens, i + len)
        && (next.kind == TokenKind::Number || next.is_punct("/") || next.is_punct("-"))
    {
        return None;
    }
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    if tokens[i].key.len() > 2 || tokens[i + 2].key.len() > 2 {
        return None;
    }
    if year.is_none() {
        let cue = i > 0 && is_day_cue(&tokens[i - 1]);
        if !cue || sep.is_punct(".") {
            return None;
        }
    }
    let (year, source) = match year {
        Some(y) => (Some(y), Some(YearSource::Explicit)),
        None => match cx.article_year {
            Some((y, src)) => (Some(nearest_year(cx, y, month, day)), Some(src)),
            None => (None, None),
        },
    };
    let valid = day <= days_in_month(year.unwrap_or(2000), month);
    let span = Span::new(tokens[i].span.start, tokens[i + len - 1].span.end);
    out.push(Candidate::new(
        EntityKind::Date,
        span,
        Value::Date(DateValue::Day {
            year,
            month,
            day,
            year_source: source,
            valid,
        }),
        Origin::Rule,
        0.95,
    ));
    Some(len)
}

/// The year that puts a day nearest the article's date: "30/12" in an
/// article of 14/2/2025 is 30/12/2024.
fn nearest_year(cx: &Cx, year: i32, month: u32, day: u32) -> i32 {
    let Some(pub_date) = cx.article_date else {
        return year;
    };
    let days = |y: i32| -> i64 {
        let d = day.min(days_in_month(y, month).max(1));
        let a = (y as i64) * 372 + (month as i64) * 31 + d as i64;
        let b = (pub_date.year as i64) * 372 + (pub_date.month as i64) * 31 + pub_date.day as i64;
        (a - b).abs()
    };
    [year - 1, year, year + 1]
        .into_iter()
        .min_by_key(|&y| days(y))
        .unwrap_or(year)
}

/// "năm 2023", "nhiệm kỳ 2020-2025", "giai đoạn 2021 - 2025", "từ năm 2016".
fn year_phrase(_cx: &Cx, tokens: &[Token], i: usize, out: &mut Vec<Candidate>) -> Option<usize> {
    let first = tokens.get(i)?;
    let label_len = match first.key.as_str() {
        "năm" => 1,
        "nhiêmj" if tokens.get(i + 1).is_some_and(|t| t.key == "kyf") => 2,
        "giai" if tokens.get(i + 1).is_some_and(|t| t.key == "đoanj") => 2,
        "thơif" if tokens.get(i + 1).is_some_and(|t| t.key == "kyf") => 2,
        _ => return None,
    };
    let y_tok = tokens.get(i + label_len)?;
    let from = number(Some(y_tok)).filter(|&y| y_tok.key.len() == 4 && plausible_year(y))?;
    // "các năm 2016, 2017 và 2018": each year on its own.
    if label_len == 1 && i > 0 && tokens[i - 1].key == "cacs" {
        let mut k = i + 1;
        loop {
            let t = &tokens[k];
            out.push(Candidate::new(
                EntityKind::Date,
                t.span,
                Value::Date(DateValue::Year {
                    year: t.key.parse().unwrap_or(0),
                }),
                Origin::Rule,
                0.9,
            ));
            let sep = tokens
                .get(k + 1)
                .filter(|s| s.is_punct(",") || s.key == "vaf");
            match (sep, tokens.get(k + 2)) {
                (Some(_), Some(n))
                    if n.kind == TokenKind::Number
                        && n.key.len() == 4
                        && n.key.parse().is_ok_and(plausible_year) =>
                {
                    k += 2
                }
                _ => break,
            }
        }
        return Some(k + 1 - i);
    }
    // "2020-2025" or "2020 - 2025" or "2020–2025".
    let dash = tokens.get(i + label_len + 1);
    let to = dash
        .filter(|d| d.is_punct("-") || d.is_punct("–"))
        .and_then(|_| {
            let t = tokens.get(i + label_len + 2)?;
            number(Some(t)).filter(|&y| t.key.len() == 4 && plausible_year(y))
        });
    let (len, value) = match to {
        Some(to) => (
            label_len + 3,
            DateValue::Period {
                from: from as i32,
                to: to as i32,
                label: tokens[i..i + label_len]
                    .iter()
                    .map(|t| t.text(_cx.text))
                    .collect::<Vec<_>>()
                    .join(" "),
            },
        ),
        None if label_len == 1 => (2, DateValue::Year { year: from as i32 }),
        None => return None,
    };
    let span = Span::new(first.span.start, tokens[i + len - 1].span.end);
    out.push(Candidate::new(
        EntityKind::Date,
        span,
        Value::Date(value),
        Origin::Rule,
        0.95,
    ));
    Some(len)
}

/// "6 tháng đầu năm", "6 tháng cuối năm 2023", "quý I", "quý II/2025".
fn part_of_year(cx: &Cx, tokens: &[Token], i: usize, out: &mut Vec<Candidate>) -> Option<usize> {
    let first = tokens.get(i)?;
    let keys: Vec<&str> = tokens[i..tokens.len().min(i + 6)]
        .iter()
        .map(|t| t.key.as_str())
        .collect();
    let mut len = match keys.as_slice() {
        [n, "thangs", "đâuf" | "cuôis", "năm", ..] if n.parse::<u32>().is_ok_and(|n| n <= 12) => {
            4
        }
        // "9 tháng năm 2024": only with the year, else it is a duration.
        [n, "thangs", "năm", y, ..]
            if n.parse::<u32>().is_ok_and(|n| n <= 12)
                && y.len() == 4
                && y.parse::<u32>().is_ok_and(plausible_year) =>
        {
            3
        }
        ["quys", q, ..]
            if roman_value(&tokens[i + 1].key.to_uppercase()).is_some_and(|v| v <= 4)
                && !q.is_empty() =>
        {
            2
        }
        _ => return None,
    };
    if len == 2 && !tokens[i + 1].all_caps && tokens[i + 1].key != "i" {
        return None;
    }
    let mut year = None;
    // Optional year: "năm 2023" was consumed as "năm"; "quý I/2025" or "quý I năm 2025".
    if let Some(t) = tokens.get(i + len)
        && t.kind == TokenKind::Number
        && t.key.len() == 4
        && t.gap_before == Gap::Space
        && (len == 4 || len == 3)
    {
        year = t.key.parse().ok();
        len += 1;
    } else if len == 2
        && tokens.get(i + len).is_some_and(|t| t.key == "năm")
        && let Some(t) = tokens
            .get(i + len + 1)
            .filter(|t| t.kind == TokenKind::Number && t.key.len() == 4)
    {
        year = t.key.parse().ok();
        len += 2;
    } else if tokens.get(i + len).is_some_and(|t| t.is_punct("/"))
        && touching(tokens, i + len)
        && let Some(t) = tokens
            .get(i + len + 1)
            .filter(|t| t.kind == TokenKind::Number && t.key.len() == 4)
    {
        year = t.key.parse().ok();
        len += 2;
    }
    let year = year.or(cx.article_year.map(|(y, _)| y as u32));
    let span = Span::new(first.span.start, tokens[i + len - 1].span.end);
    let label = cx.text[span.range()]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    out.push(Candidate::new(
        EntityKind::Date,
        span,
        Value::Date(DateValue::PartOfYear {
            label,
            year: year.map(|y| y as i32),
        }),
        Origin::Rule,
        0.9,
    ));
    Some(len)
}

/// "20 tháng 12 năm 2024" (the form of a document's place-and-date line).
fn spelled_date(_cx: &Cx, tokens: &[Token], i: usize, out: &mut Vec<Candidate>) -> Option<usize> {
    let day = number(tokens.get(i)).filter(|d| (1..=31).contains(d))?;
    if tokens.get(i + 1)?.key != "thangs" {
        return None;
    }
    let month = number(tokens.get(i + 2)).filter(|m| (1..=12).contains(m))?;
    if tokens.get(i + 3)?.key != "năm" {
        return None;
    }
    let y_tok = tokens.get(i + 4)?;
    let year = number(Some(y_tok)).filter(|&y| y_tok.key.len() == 4 && plausible_year(y))? as i32;
    let valid = day <= days_in_month(year, month);
    out.push(Candidate::new(
        EntityKind::Date,
        Span::new(tokens[i].span.start, y_tok.span.end),
        Value::Date(DateValue::Day {
            year: Some(year),
            month,
            day,
            year_source: Some(YearSource::Explicit),
            valid,
        }),
        Origin::Rule,
        0.95,
    ));
    Some(5)
}

/// "tháng 9", "tháng 12/2023", "tháng 9 năm 2024".
fn month_phrase(cx: &Cx, tokens: &[Token], i: usize, out: &mut Vec<Candidate>) -> Option<usize> {
    let first = tokens.get(i)?;
    if first.key != "thangs" {
        return None;
    }
    let m_tok = tokens.get(i + 1).filter(|t| t.gap_before == Gap::Space)?;
    let month = number(Some(m_tok)).filter(|m| (1..=12).contains(m))?;
    // "tháng 9" preceded by a number is a duration ("3 tháng 9 ngày" is rare; "9 tháng" is not this).
    if i > 0 && tokens[i - 1].kind == TokenKind::Number {
        return None;
    }
    let mut len = 2;
    let mut year = None;
    if tokens
        .get(i + 2)
        .is_some_and(|t| t.is_punct("/") && t.gap_before == Gap::None)
        && let Some(y) =
            number(tokens.get(i + 3)).filter(|&y| plausible_year(y) && touching(tokens, i + 3))
    {
        year = Some(y as i32);
        len = 4;
    } else if tokens.get(i + 2).is_some_and(|t| t.key == "năm")
        && let Some(y) = number(tokens.get(i + 3)).filter(|&y| plausible_year(y))
    {
        year = Some(y as i32);
        len = 4;
    }
    // A glued slash or digit after means something else ("tháng 9/2/2025" is a day).
    if tokens.get(i + len).is_some_and(|t| {
        t.gap_before == Gap::None && (t.is_punct("/") || t.kind == TokenKind::Number)
    }) {
        return None;
    }
    let year = year.or(cx.article_year.map(|(y, _)| y));
    let span = Span::new(first.span.start, tokens[i + len - 1].span.end);
    out.push(Candidate::new(
        EntityKind::Date,
        span,
        Value::Date(DateValue::PartOfYear {
            label: format!("tháng {month}"),
            year,
        }),
        Origin::Rule,
        0.9,
    ));
    Some(len)
}

/// "Ất Tỵ", "Ất Tỵ 2025", "Canh Tý".
fn lunar(_cx: &Cx, tokens: &[Token], i: usize, out: &mut Vec<Candidate>) -> Option<usize> {
    let stem_tok = tokens.get(i)?;
    let branch_tok = tokens.get(i + 1)?;
    if !stem_tok.capitalized || !branch_tok.capitalized || branch_tok.gap_before != Gap::Space {
        return None;
    }
    let s = stem_index(&stem_tok.key)?;
    let b = branch_index(&branch_tok.key)?;
    // Only the 60 valid pairs (stem and branch of equal parity).
    if s % 2 != b % 2 {
        return None;
    }
    // Require a festival cue before, or a year after, to avoid names like "Quý Hợi"?
    let cue = i > 0 && matches!(tokens[i - 1].key.as_str(), "đans" | "têts" | "xuân" | "năm");
    let year_tok = tokens
        .get(i + 2)
        .filter(|t| t.kind == TokenKind::Number && t.key.len() == 4 && t.gap_before == Gap::Space);
    if !cue && year_tok.is_none() {
        return None;
    }
    let len = if year_tok.is_some() { 3 } else { 2 };
    let name = format!("{} {}", HEAVENLY_STEMS[s], EARTHLY_BRANCHES[b]);
    let span = Span::new(stem_tok.span.start, tokens[i + len - 1].span.end);
    out.push(Candidate::new(
        EntityKind::Date,
        span,
        Value::Date(DateValue::Lunar {
            name,
            year: year_tok.and_then(|t| t.key.parse().ok()),
        }),
        Origin::Rule,
        0.9,
    ));
    Some(len)
}

/// Value of a Roman numeral I–C, strictly formed.
pub fn roman_value(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 8 {
        return None;
    }
    let digit = |c: char| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        _ => None,
    };
    let vals: Vec<u32> = s.chars().map(digit).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, &v) in vals.iter().enumerate() {
        if vals.get(i + 1).is_some_and(|&n| n > v) {
            total -= v as i64;
        } else {
            total += v as i64;
        }
    }
    let total = u32::try_from(total).ok().filter(|&t| t > 0)?;
    // Reject non-canonical forms ("IIII", "VX") by round-tripping.
    (to_roman(total) == s).then_some(total)
}

pub fn to_roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 9] = [
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar() {
        assert_eq!(Ymd::new(2025, 2, 13).unwrap().weekday_name(), "thứ Năm");
        assert_eq!(Ymd::new(2020, 7, 31).unwrap().weekday_name(), "thứ Sáu");
        assert!(Ymd::new(2025, 2, 29).is_none());
        assert!(Ymd::new(2024, 2, 29).is_some());
        assert_eq!(lunar_year_name(2025), "Ất Tỵ");
        assert_eq!(lunar_year_name(2020), "Canh Tý");
        assert_eq!(
            parse_iso_date("2020-08-01T16:20:00+07:00"),
            Ymd::new(2020, 8, 1)
        );
        assert_eq!(parse_iso_date("1/8/2020"), None);
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman_value("IV"), Some(4));
        assert_eq!(roman_value("XXV"), Some(25));
        assert_eq!(roman_value("XIII"), Some(13));
        assert_eq!(roman_value("IIII"), None);
        assert_eq!(roman_value("CT"), None);
    }
}

#[cfg(test)]
mod key_tests {
    use crate::text::vietnamese::syllable_key;

    /// The literal keys matched above are what `syllable_key` produces.
    #[test]
    fn literal_keys_match_the_key_function() {
        for (word, key) in [
            ("năm", "năm"),
            ("nhiệm", "nhiêmj"),
            ("kỳ", "kyf"),
            ("đoạn", "đoanj"),
            ("tháng", "thangs"),
            ("đầu", "đâuf"),
            ("cuối", "cuôis"),
            ("quý", "quys"),
            ("Đán", "đans"),
            ("Tết", "têts"),
            ("Xuân", "xuân"),
            ("Mẹo", "meoj"),
            ("Tị", "tij"),
        ] {
            assert_eq!(syllable_key(word), key, "{word}");
        }
    }
}

/// A short human description of a date value: "2025-02-13 (thứ Năm)".
pub fn describe(d: &crate::entity::DateValue) -> String {
    use crate::entity::DateValue as D;
    match d {
        D::Day {
            year: Some(y),
            month,
            day,
            valid,
            ..
        } => match Ymd::new(*y, *month, *day) {
            Some(ymd) => format!("{} ({})", ymd.iso(), ymd.weekday_name()),
            None if !valid => format!("{y:04}-{month:02}-{day:02} (ngày không tồn tại)"),
            None => format!("{y:04}-{month:02}-{day:02}"),
        },
        D::Day {
            year: None,
            month,
            day,
            ..
        } => format!("--{month:02}-{day:02} (chưa rõ năm)"),
        D::Year { year } => format!("năm {year}"),
        D::Period { from, to, .. } => format!("{from}–{to}"),
        D::PartOfYear { label, year } => match year {
            Some(y) => format!("{label} ({y})"),
            None => label.clone(),
        },
        D::Lunar { name, year } => match year {
            Some(y) => format!("{name} {y}"),
            None => name.clone(),
        },
    }
}
