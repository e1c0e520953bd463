//! Article metadata for raw text: headline, publication date (front matter
//! or dateline), the source's name prefix and the byline.

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use super::dates::{Ymd, parse_iso_date};
use crate::entity::{DateValue, Value, YearSource};
use crate::span::Span;
use crate::syntax::{Article, BlockKind};
use crate::text::tokens::Token;

#[derive(Debug, Clone, Default, Serialize)]
pub struct Metadata {
    /// Source span of the headline.
    pub headline: Option<Span>,
    /// Publication date.
    pub date: Option<Ymd>,
    pub date_source: Option<YearSource>,
    /// Where the dateline is (a block), when the date came from the text.
    pub date_span: Option<Span>,
    /// The publication's name before the first dash: "ANTD.VN", "HNP".
    pub source_name: Option<String>,
    pub source_span: Option<Span>,
    /// The author line at the end: "Hoa Thành", "Nhóm PV".
    pub byline: Option<String>,
    pub byline_span: Option<Span>,
}

impl Serialize for Ymd {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

fn dateline_patterns() -> &'static [Regex; 3] {
    static RE: OnceLock<[Regex; 3]> = OnceLock::new();
    RE.get_or_init(|| {
        [
            // "Ngày đăng 01/08/2020", "Cập nhật: 13/02/2025"
            Regex::new(r"(?i)(?:ngày đăng|đăng ngày|cập nhật|đăng lúc|xuất bản)\s*:?\s*(?:\d{1,2}:\d{2}\s*,?\s*)?(\d{1,2})/(\d{1,2})/(\d{4})").unwrap(),
            // "(12:10 31/07/2020)", "12:10, 31/07/2020"
            Regex::new(r"\b\d{1,2}:\d{2}\s*,?\s*(\d{1,2})/(\d{1,2})/(\d{4})\b").unwrap(),
            // "31/07/2020 | 12:10", "31/07/2020 - 12:10"
            Regex::new(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\s*[|,-]?\s*\d{1,2}:\d{2}\b").unwrap(),
        ]
    })
}

fn dateline_in(text: &str) -> Option<Ymd> {
    let nfc: String = text.nfc().collect();
    for re in dateline_patterns() {
        if let Some(c) = re.captures(&nfc) {
            let d = c[1].parse().ok()?;
            let m = c[2].parse().ok()?;
            let y = c[3].parse().ok()?;
            if let Some(date) = Ymd::new(y, m, d) {
                return Some(date);
            }
        }
    }
    None
}

pub fn detect(article: &Article, debris: &HashSet<usize>) -> Metadata {
    let mut md = Metadata {
        headline: article.headline,
        ..Metadata::default()
    };
    let plain = &article.plain;
    let text_of = |span: Span| plain.text[plain.span_to_plain(span).range()].to_string();
    if let Some(d) = article
        .front_matter_text("date")
        .and_then(|d| parse_iso_date(&d))
    {
        md.date = Some(d);
        md.date_source = Some(YearSource::FrontMatter);
    }
    let content: Vec<usize> = (0..article.blocks.len())
        .filter(|&i| article.blocks[i].kind != BlockKind::Comment)
        .collect();
    if md.date.is_none() {
        for &i in content.iter().take(6) {
            let b = &article.blocks[i];
            if let Some(d) = dateline_in(&text_of(b.content)) {
                md.date = Some(d);
                md.date_source = Some(YearSource::Dateline);
                md.date_span = Some(b.content);
                break;
            }
        }
    }
    // Source prefix: "ANTD.VN - Ngày 18-7, …" in one of the first paragraphs.
    for &i in content.iter().skip(1).take(8) {
        if debris.contains(&i) {
            continue;
        }
        let b = &article.blocks[i];
        let text = text_of(b.content);
        let dash = [" - ", " – ", " — "]
            .iter()
            .filter_map(|d| text.find(d))
            .min();
        if let Some(pos) = dash {
            let name = text[..pos].trim();
            if !name.is_empty()
                && name.chars().count() <= 20
                && !name.contains(' ')
                && name.chars().next().is_some_and(char::is_uppercase)
                && name.chars().filter(|c| c.is_uppercase()).count() >= 1
            {
                let start = b.content.start + (text.len() - text.trim_start().len());
                md.source_name = Some(name.to_string());
                md.source_span = Some(Span::new(start, start + name.len()));
                break;
            }
        }
    }
    // Byline: the last short all-capitalised block before the debris.
    if let Some(&i) = content.iter().rev().find(|i| !debris.contains(i)) {
        let b = &article.blocks[i];
        let text = text_of(b.content);
        let words: Vec<&str> = text.split_whitespace().collect();
        let capitalised = words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
        let no_punct = !text.contains(['.', ',', ':', ';', '!', '?', '"', '“']);
        if (1..=4).contains(&words.len())
            && capitalised
            && no_punct
            && Some(b.content) != article.headline
        {
            md.byline = Some(words.join(" "));
            md.byline_span = Some(b.content);
        }
    }
    md
}

impl Metadata {
    /// The year for dates written without one: the publication date's, else
    /// the latest year the article mentions (period end years excluded: a
    /// term "2020-2025" does not date the article to 2025).
    pub fn article_year(
        &self,
        _article: &Article,
        blocks: &[(usize, Vec<Token>)],
    ) -> Option<(i32, YearSource)> {
        if let (Some(d), Some(src)) = (self.date, self.date_source) {
            return Some((d.year, src));
        }
        // Use the date recogniser itself, with no year context. The year
        // mentioned most often wins (ties: the later one): targets such as
        // "đến hết năm 2025" are mentioned once, the reporting year often.
        // Term ranges only count when nothing else dates the article.
        let mut counts: std::collections::BTreeMap<i32, usize> = Default::default();
        let mut latest_period: Option<i32> = None;
        let lex = crate::lexicon::Lexicons::get();
        for (_, tokens) in blocks {
            if tokens.is_empty() {
                continue;
            }
            let cx = super::Cx {
                text: &_article.plain.text,
                lex,
                article_year: None,
                article_date: None,
                era: crate::lexicon::gazetteer::Era::Before2025,
                context_units: Default::default(),
                primary_units: Default::default(),
            };
            let mut found = Vec::new();
            super::dates::recognize(&cx, tokens, &mut found);
            for c in found {
                match c.value {
                    Value::Date(DateValue::Year { year })
                    | Value::Date(DateValue::Day {
                        year: Some(year), ..
                    }) => {
                        *counts.entry(year).or_default() += 1;
                    }
                    Value::Date(DateValue::PartOfYear {
                        year: Some(year), ..
                    }) => {
                        *counts.entry(year).or_default() += 1;
                    }
                    Value::Date(DateValue::Period { from, .. }) => {
                        latest_period = Some(latest_period.map_or(from, |l: i32| l.max(from)));
                    }
                    _ => {}
                }
            }
        }
        let latest = counts
            .iter()
            .max_by_key(|(year, n)| (**n, **year))
            .map(|(y, _)| *y)
            .or(latest_period);
        latest.map(|y| (y, YearSource::MentionedYears))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines() {
        assert_eq!(
            dateline_in("Ngày đăng 01/08/2020 | 16:20  | View count: 129"),
            Ymd::new(2020, 8, 1)
        );
        assert_eq!(
            dateline_in("Phát triển quận Thanh Xuân (12:10 31/07/2020)"),
            Ymd::new(2020, 7, 31)
        );
        assert_eq!(dateline_in("28/01/2025 | 04:39"), Ymd::new(2025, 1, 28));
        assert_eq!(
            dateline_in("Ngày 24/7/2020, Đảng bộ phường tổ chức hội nghị"),
            None
        );
    }
}
