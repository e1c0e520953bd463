//! Orthography consistency: tone-mark placement styles, Unicode
//! composition, invisible characters.

use unicode_normalization::UnicodeNormalization;

use super::RuleInfo;
use crate::entity::EntityKind;
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::recognize::Recognition;
use crate::span::{Span, SpanSet};
use crate::syntax::{Article, EntityClass};
use crate::text::tokens::{TokenKind, tokenize};
use crate::text::vietnamese::{ToneStyle, is_nfc, respell, tone_style};

pub const MIXED_TONE_STYLE: RuleInfo = RuleInfo {
    code: "orthography/mixed-tone-style",
    default_severity: Severity::Warning,
    summary: "Bài trộn hai kiểu đặt dấu thanh (hòa/hoà, ủy/uỷ); sửa theo kiểu chiếm đa số.",
    summary_en: "The article mixes two tone-mark placements (“hòa”/“hoà”, “ủy”/“uỷ”); fixed to the majority style.",
};

pub const NOT_NFC: RuleInfo = RuleInfo {
    code: "orthography/not-nfc",
    default_severity: Severity::Warning,
    summary: "Chữ viết ở dạng Unicode tổ hợp (NFD) thay vì dựng sẵn (NFC); dễ gây lỗi tìm kiếm và hiển thị.",
    summary_en: "Text in decomposed Unicode (NFD) instead of precomposed (NFC); breaks search and display.",
};

pub const MOJIBAKE: RuleInfo = RuleInfo {
    code: "orthography/mojibake",
    default_severity: Severity::Error,
    summary: "Chữ bị lỗi mã hóa (UTF-8 bị đọc nhầm thành Windows-1252/Latin-1, ví dụ “Quáº\u{AD}n” thay vì “Quận”).",
    summary_en: "Garbled encoding (UTF-8 read as Windows-1252/Latin-1, e.g. “Quáº\u{AD}n” for “Quận”).",
};

pub const INVISIBLE_CHARACTER: RuleInfo = RuleInfo {
    code: "orthography/invisible-character",
    default_severity: Severity::Warning,
    summary: "Ký tự vô hình (khoảng trắng độ rộng 0, gạch nối mềm, BOM giữa bài) lẫn trong văn bản.",
    summary_en: "Invisible characters (zero-width space, soft hyphen, BOM mid-text) in the text.",
};

fn style_name(s: ToneStyle) -> &'static str {
    match s {
        ToneStyle::MarkOnFirst => "dấu trên nguyên âm thứ nhất (hòa, ủy)",
        ToneStyle::MarkOnSecond => "dấu trên nguyên âm thứ hai (hoà, uỷ)",
    }
}

fn style_name_en(s: ToneStyle) -> &'static str {
    match s {
        ToneStyle::MarkOnFirst => "on the first vowel, as in “hòa”, “ủy”",
        ToneStyle::MarkOnSecond => "on the second vowel, as in “hoà”, “uỷ”",
    }
}

/// Byte ranges the rules must not touch: debris and `.ignore` spans.
fn excluded(article: &Article, recognition: &Recognition) -> SpanSet {
    let mut spans: Vec<Span> = recognition
        .entities
        .iter()
        .filter(|e| e.kind == EntityKind::Debris)
        .map(|e| e.span)
        .collect();
    spans.extend(
        article
            .annotations
            .iter()
            .filter(|a| a.has(EntityClass::Ignore))
            .map(|a| a.content),
    );
    SpanSet::new(spans)
}

pub fn check(
    text: &str,
    article: &Article,
    recognition: &Recognition,
    settings: &super::RuleSettings,
    out: &mut Vec<Finding>,
) {
    let skip = excluded(article, recognition);
    let words: Vec<Span> = tokenize(text, article.body)
        .into_iter()
        .filter(|t| t.kind == TokenKind::Word && !skip.any_overlaps(t.span))
        .map(|t| t.span)
        .collect();
    mixed_tone_style(text, &words, settings.tone_style, out);
    not_nfc(text, &words, out);
    invisible(text, article.body, &skip, out);
    mojibake(text, article.body, out);
}

/// Windows-1252's characters for bytes 0x80–0x9F (Latin-1 covers the rest).
const CP1252_HIGH: [(char, u8); 27] = [
    ('€', 0x80),
    ('‚', 0x82),
    ('ƒ', 0x83),
    ('„', 0x84),
    ('…', 0x85),
    ('†', 0x86),
    ('‡', 0x87),
    ('ˆ', 0x88),
    ('‰', 0x89),
    ('Š', 0x8A),
    ('‹', 0x8B),
    ('Œ', 0x8C),
    ('Ž', 0x8E),
    ('‘', 0x91),
    ('’', 0x92),
    ('“', 0x93),
    ('”', 0x94),
    ('•', 0x95),
    ('–', 0x96),
    ('—', 0x97),
    ('˜', 0x98),
    ('™', 0x99),
    ('š', 0x9A),
    ('›', 0x9B),
    ('œ', 0x9C),
    ('ž', 0x9E),
    ('Ÿ', 0x9F),
];

fn cp1252_byte(c: char) -> Option<u8> {
    match c as u32 {
        0..=0x7F | 0xA0..=0xFF => Some(c as u32 as u8),
        _ => CP1252_HIGH.iter().find(|(ch, _)| *ch == c).map(|(_, b)| *b),
    }
}

/// One UTF-8 sequence shown as Windows-1252 characters starting at
/// `chars[k]`: (decoded text, number of characters used).
fn sequence_at(chars: &[(usize, char)], k: usize) -> Option<(String, usize)> {
    let lead = cp1252_byte(chars.get(k)?.1).filter(|b| (0xC2..=0xEF).contains(b))?;
    let need = if lead >= 0xE0 { 2 } else { 1 };
    let mut bytes = vec![lead];
    for j in 1..=need {
        let b = cp1252_byte(chars.get(k + j)?.1).filter(|b| (0x80..=0xBF).contains(b))?;
        bytes.push(b);
    }
    String::from_utf8(bytes).ok().map(|s| (s, need + 1))
}

/// Runs of UTF-8 bytes shown as Windows-1252 text ("Quáº­n"): a lead byte's
/// character followed by continuation characters that decode as UTF-8.
/// Genuine Vietnamese never forms such a run, so decoding is the test.
/// One finding per word (ASCII letters between sequences are kept).
fn mojibake(text: &str, body: Span, out: &mut Vec<Finding>) {
    let chars: Vec<(usize, char)> = text[body.range()]
        .char_indices()
        .map(|(i, c)| (i + body.start, c))
        .collect();
    let mut k = 0;
    while k < chars.len() {
        let Some((first, used)) = sequence_at(&chars, k) else {
            k += 1;
            continue;
        };
        let start = chars[k].0;
        let mut fixed = first;
        let mut end_k = k + used;
        loop {
            let mut m = end_k;
            while m < chars.len() && chars[m].1.is_ascii_alphabetic() {
                m += 1;
            }
            let Some((s, n)) = sequence_at(&chars, m) else {
                break;
            };
            fixed.extend(chars[end_k..m].iter().map(|(_, c)| *c));
            fixed.push_str(&s);
            end_k = m + n;
        }
        let end = chars.get(end_k).map_or(body.end, |(i, _)| *i);
        let span = Span::new(start, end);
        out.push(
            Finding::new(
                MOJIBAKE.code,
                MOJIBAKE.default_severity,
                span,
                format!(
                    "“{}” là chữ bị lỗi mã hóa; có lẽ là “{fixed}”.",
                    &text[span.range()]
                ),
            )
            .en(format!(
                "“{}” is garbled encoding; probably “{fixed}”.",
                &text[span.range()]
            ))
            .with_fix(Fix {
                title: format!("Sửa thành “{fixed}”"),
                edits: vec![Edit {
                    span,
                    replacement: fixed.clone(),
                }],
                title_en: Some(format!("Change to “{fixed}”")),
                safe: false,
            }),
        );
        k = end_k;
    }
}

fn mixed_tone_style(
    text: &str,
    words: &[Span],
    configured: Option<ToneStyle>,
    out: &mut Vec<Finding>,
) {
    let styled: Vec<(Span, ToneStyle)> = words
        .iter()
        .filter_map(|&w| tone_style(&text[w.range()]).map(|s| (w, s)))
        .collect();
    let first = styled
        .iter()
        .filter(|(_, s)| *s == ToneStyle::MarkOnFirst)
        .count();
    let second = styled.len() - first;
    let dominant = match (configured, first.cmp(&second)) {
        // The workspace's chosen style wins over the article's majority.
        (Some(style), _) => style,
        (None, std::cmp::Ordering::Greater) => ToneStyle::MarkOnFirst,
        (None, std::cmp::Ordering::Less) => ToneStyle::MarkOnSecond,
        // No majority: nothing to align to.
        (None, std::cmp::Ordering::Equal) => return,
    };
    let example = styled.iter().find(|(_, s)| *s == dominant).map(|(w, _)| *w);
    for &(span, style) in styled.iter().filter(|(_, s)| *s != dominant) {
        let word = &text[span.range()];
        let fixed = respell(word, dominant);
        let why = match configured {
            Some(_) => format!(
                "khác kiểu quy định trong bientap.toml ({})",
                style_name(dominant)
            ),
            None => format!(
                "khác kiểu chiếm đa số trong bài ({}, {} so với {} từ)",
                style_name(dominant),
                first.max(second),
                first.min(second)
            ),
        };
        let why_en = match configured {
            Some(_) => format!("bientap.toml asks for it {}", style_name_en(dominant)),
            None => format!(
                "most of the article ({} words against {}) places it {}",
                first.max(second),
                first.min(second),
                style_name_en(dominant)
            ),
        };
        let mut f = Finding::new(
            MIXED_TONE_STYLE.code,
            MIXED_TONE_STYLE.default_severity,
            span,
            format!(
                "“{word}” đặt dấu kiểu {}, {why}. Nên viết “{fixed}”.",
                style_name(style)
            ),
        )
        .en(format!(
            "“{word}” places its tone mark {}; {why_en}. Write “{fixed}”.",
            style_name_en(style)
        ))
        .with_fix(Fix {
            title: format!("Sửa thành “{fixed}”"),
            edits: vec![Edit {
                span,
                replacement: fixed.clone(),
            }],
            title_en: Some(format!("Change to “{fixed}”")),
            safe: true,
        });
        if let Some(ex) = example {
            f = f
                .with_related(ex, format!("Kiểu chiếm đa số: “{}”", &text[ex.range()]))
                .related_en(format!("The majority style: “{}”", &text[ex.range()]));
        }
        out.push(f);
    }
}

fn not_nfc(text: &str, words: &[Span], out: &mut Vec<Finding>) {
    for &w in words {
        let word = &text[w.range()];
        if !is_nfc(word) {
            let fixed: String = word.nfc().collect();
            out.push(
                Finding::new(
                    NOT_NFC.code,
                    NOT_NFC.default_severity,
                    w,
                    format!(
                        "“{fixed}” được mã hóa ở dạng tổ hợp (NFD); nên dùng dạng dựng sẵn (NFC)."
                    ),
                )
                .en(format!(
                    "“{fixed}” is encoded in decomposed form (NFD); use the precomposed form (NFC)."
                ))
                .with_fix(Fix {
                    title: "Chuyển sang dạng dựng sẵn (NFC)".into(),
                    edits: vec![Edit {
                        span: w,
                        replacement: fixed,
                    }],
                    title_en: Some("Convert to the precomposed form (NFC)".into()),
                    safe: true,
                }),
            );
        }
    }
}

/// The English name of a character `invisible` reports.
fn invisible_name_en(c: char) -> &'static str {
    match c {
        '\u{200B}' => "zero-width space (U+200B)",
        '\u{200C}' => "zero-width non-joiner (U+200C)",
        '\u{00AD}' => "soft hyphen (U+00AD)",
        '\u{2060}' => "word joiner (U+2060)",
        '\u{FEFF}' => "byte-order mark inside the text (U+FEFF)",
        '\u{200D}' => "zero-width joiner (U+200D)",
        _ => "invisible character",
    }
}

fn invisible(text: &str, body: Span, skip: &SpanSet, out: &mut Vec<Finding>) {
    let chars: Vec<(usize, char)> = text[body.range()]
        .char_indices()
        .map(|(i, c)| (i + body.start, c))
        .collect();
    for (k, &(at, c)) in chars.iter().enumerate() {
        let name = match c {
            '\u{200B}' => "khoảng trắng độ rộng 0 (U+200B)",
            '\u{200C}' => "ký tự ngắt nối độ rộng 0 (U+200C)",
            '\u{00AD}' => "gạch nối mềm (U+00AD)",
            '\u{2060}' => "ký tự nối từ (U+2060)",
            '\u{FEFF}' if at != 0 => "BOM giữa văn bản (U+FEFF)",
            // ZWJ joins emoji sequences; only flag it between letters.
            '\u{200D}' => {
                let letters = |i: Option<&(usize, char)>| i.is_some_and(|(_, c)| c.is_alphabetic());
                if k > 0 && letters(chars.get(k - 1)) && letters(chars.get(k + 1)) {
                    "ký tự nối độ rộng 0 (U+200D)"
                } else {
                    continue;
                }
            }
            _ => continue,
        };
        let span = Span::new(at, at + c.len_utf8());
        if skip.any_overlaps(span) {
            continue;
        }
        out.push(
            Finding::new(
                INVISIBLE_CHARACTER.code,
                INVISIBLE_CHARACTER.default_severity,
                span,
                format!("Ký tự vô hình: {name}."),
            )
            .en(format!("Invisible character: {}.", invisible_name_en(c)))
            .with_fix(Fix {
                title: "Xóa ký tự vô hình".into(),
                edits: vec![Edit {
                    span,
                    replacement: String::new(),
                }],
                title_en: Some("Delete the invisible character".into()),
                safe: true,
            }),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{AnalyzeOptions, analyze};
    use crate::syntax::SourceFormat;

    fn findings(text: &str, rule: &str) -> Vec<(String, String)> {
        crate::rules::test_support::flagged_and_fix(text, SourceFormat::Article, rule)
    }

    #[test]
    fn minority_tone_style_is_flagged_with_fix() {
        let text = "Quận ủy họp. Quận ủy thống nhất. Bí thư Quận uỷ phát biểu về văn hóa.";
        assert_eq!(
            findings(text, "orthography/mixed-tone-style"),
            vec![("uỷ".to_string(), "ủy".to_string())]
        );
    }

    #[test]
    fn consistent_or_tied_styles_are_silent() {
        assert!(
            findings(
                "Quận uỷ họp về văn hoá và thuỷ lợi.",
                "orthography/mixed-tone-style"
            )
            .is_empty()
        );
        assert!(
            findings(
                "Quận ủy họp về văn hóa, hoàn thành kế hoạch.",
                "orthography/mixed-tone-style"
            )
            .is_empty()
        );
        assert!(findings("Quận uỷ và Thành ủy.", "orthography/mixed-tone-style").is_empty());
    }

    #[test]
    fn configured_style_wins_over_the_majority() {
        let text = "Quận ủy họp về văn hóa và Quận ủy bàn.";
        let mut options = AnalyzeOptions::with_format(SourceFormat::Article);
        options.rules.tone_style = Some(crate::text::vietnamese::ToneStyle::MarkOnSecond);
        let fixed: Vec<String> = analyze(text, &options)
            .findings
            .into_iter()
            .map(|f| f.fixes[0].edits[0].replacement.clone())
            .collect();
        assert_eq!(fixed, vec!["uỷ", "hoá", "uỷ"]);
    }

    #[test]
    fn nfd_words_are_flagged() {
        let text = "Ha\u{300} Nội và Hà Nội";
        assert_eq!(
            findings(text, "orthography/not-nfc"),
            vec![("Ha\u{300}".to_string(), "Hà".to_string())]
        );
        assert!(findings("Hà Nội", "orthography/not-nfc").is_empty());
    }

    #[test]
    fn mojibake_is_decoded_back() {
        // "Quận ủy" in UTF-8, shown as Windows-1252.
        let text = "Quáº\u{AD}n á»§y Hoàng Mai";
        let f = findings(text, "orthography/mojibake");
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[0].1, "ậ");
        assert_eq!(f[1].1, "ủ");
        // Genuine Vietnamese and French-style text stay silent.
        assert!(
            findings(
                "Hoàng Mai, Đà Nẵng, Thừa Thiên Huế, café, Ä",
                "orthography/mojibake"
            )
            .is_empty()
        );
    }

    #[test]
    fn invisible_characters_but_not_emoji_joiners() {
        let text = "Hoàng\u{200B} Mai 👨\u{200D}👩 gia đình";
        assert_eq!(
            findings(text, "orthography/invisible-character"),
            vec![("\u{200B}".to_string(), String::new())]
        );
    }
}
