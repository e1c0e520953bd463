//! Typographic consistency within one article: quotation marks, spaces,
//! how year ranges and decimals are written. Each rule aligns the minority
//! to the article's majority, so a consistent article is never flagged.

use super::RuleInfo;
use crate::entity::EntityKind;
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::recognize::Recognition;
use crate::span::{Span, SpanSet};
use crate::syntax::{Article, BlockKind};

pub const MIXED_QUOTES: RuleInfo = RuleInfo {
    code: "punctuation/mixed-quotes",
    default_severity: Severity::Warning,
    summary: "Bài trộn ngoặc kép thẳng (\") và ngoặc kép cong (“ ”); sửa theo kiểu chiếm đa số.",
    summary_en: "The article mixes straight (\") and curly (“ ”) double quotes; fixed to the majority style.",
};

pub const DOUBLE_SPACE: RuleInfo = RuleInfo {
    code: "punctuation/double-space",
    default_severity: Severity::Warning,
    summary: "Hai dấu cách trở lên giữa hai từ.",
    summary_en: "Two or more spaces between words.",
};

pub const MIXED_RANGE_STYLE: RuleInfo = RuleInfo {
    code: "punctuation/mixed-range-style",
    default_severity: Severity::Warning,
    summary: "Khoảng năm viết hai kiểu trong một bài (\"2020-2025\" và \"2020 - 2025\").",
    summary_en: "Year ranges written two ways in one article (\"2020-2025\" and \"2020 - 2025\").",
};

pub const MIXED_DECIMAL: RuleInfo = RuleInfo {
    code: "punctuation/mixed-decimal",
    default_severity: Severity::Warning,
    summary: "Số thập phân viết cả bằng dấu phẩy (10,5) và dấu chấm (10.5) trong một bài.",
    summary_en: "Decimals written with both a comma (10,5) and a point (10.5) in one article.",
};

/// Body blocks that are prose: not debris, not comments.
fn prose_blocks(article: &Article, recognition: &Recognition) -> Vec<Span> {
    let debris = SpanSet::new(
        recognition
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::Debris)
            .map(|e| e.span)
            .collect(),
    );
    article
        .blocks
        .iter()
        .filter(|b| b.kind != BlockKind::Comment && !debris.any_overlaps(b.span))
        .map(|b| b.content)
        .collect()
}

pub fn check(text: &str, article: &Article, recognition: &Recognition, out: &mut Vec<Finding>) {
    let blocks = prose_blocks(article, recognition);
    quotes(text, &blocks, out);
    double_spaces(text, &blocks, out);
    ranges(text, &blocks, out);
    decimals(text, &blocks, out);
}

fn quotes(text: &str, blocks: &[Span], out: &mut Vec<Finding>) {
    // A curly opening quote closed by a straight one: “…" is always a slip.
    let mut mismatched = Vec::new();
    for b in blocks {
        let mut open_curly = false;
        for (i, c) in text[b.range()].char_indices() {
            match c {
                '“' => open_curly = true,
                '”' => open_curly = false,
                '"' if open_curly => {
                    mismatched.push(b.start + i);
                    open_curly = false;
                }
                _ => {}
            }
        }
    }
    for &at in &mismatched {
        out.push(
            Finding::new(
                MIXED_QUOTES.code,
                MIXED_QUOTES.default_severity,
                Span::new(at, at + 1),
                "Ngoặc kép mở bằng “ nhưng đóng bằng \"; nên đóng bằng ”.",
            )
            .en("The quotation opens with “ but closes with \"; close it with ”.")
            .with_fix(Fix {
                title: "Sửa thành ”".into(),
                edits: vec![Edit {
                    span: Span::new(at, at + 1),
                    replacement: "”".into(),
                }],
                title_en: Some("Change to ”".into()),
                safe: true,
            }),
        );
    }
    let mut straight = Vec::new();
    let mut curly = 0usize;
    for b in blocks {
        for (i, c) in text[b.range()].char_indices() {
            match c {
                '"' if !mismatched.contains(&(b.start + i)) => straight.push(b.start + i),
                '“' | '”' => curly += 1,
                _ => {}
            }
        }
    }
    // Curly pairs count two marks each; the straight ones are the minority
    // only when curly marks outnumber them.
    if straight.is_empty() || curly == 0 || straight.len() >= curly {
        return;
    }
    for at in straight {
        // Opening if at a block start or after a space or opening bracket.
        let before = text[..at].chars().next_back();
        let opening =
            before.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | ':' | '\u{a0}'));
        let replacement = if opening { "“" } else { "”" };
        out.push(
            Finding::new(
                MIXED_QUOTES.code,
                MIXED_QUOTES.default_severity,
                Span::new(at, at + 1),
                format!(
                    "Ngoặc kép thẳng (\") trong bài dùng ngoặc kép cong; nên dùng dấu {} {replacement}.",
                    if opening { "mở" } else { "đóng" }
                ),
            )
            .en(format!(
                "A straight quote (\") in an article that uses curly quotes; use the {} quote {replacement}.",
                if opening { "opening" } else { "closing" }
            ))
            .with_fix(Fix {
                title: format!("Sửa thành {replacement}"),
                edits: vec![Edit {
                    span: Span::new(at, at + 1),
                    replacement: replacement.into(),
                }],
                title_en: Some(format!("Change to {replacement}")),
                safe: true,
            }),
        );
    }
}

fn double_spaces(text: &str, blocks: &[Span], out: &mut Vec<Finding>) {
    let is_space = |c: char| c == ' ' || c == '\u{a0}';
    for b in blocks {
        let s = &text[b.range()];
        let mut runs: Vec<Span> = Vec::new();
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let mut k = 0;
        while k < chars.len() {
            if !is_space(chars[k].1) {
                k += 1;
                continue;
            }
            let start = k;
            while k < chars.len() && is_space(chars[k].1) {
                k += 1;
            }
            // Between two characters on one line: not indentation, not trailing.
            let inside = start > 0
                && k < chars.len()
                && !matches!(chars[start - 1].1, '\n' | '\r')
                && !matches!(chars[k].1, '\n' | '\r');
            if k - start >= 2 && inside {
                let end = chars.get(k).map_or(s.len(), |(i, _)| *i);
                runs.push(Span::new(b.start + chars[start].0, b.start + end));
            }
        }
        // Several wide gaps in one line are layout (a menu, a table), not typing.
        if runs
            .iter()
            .filter(|r| text[r.range()].chars().count() >= 3)
            .count()
            >= 2
        {
            continue;
        }
        for span in runs {
            let shown = text[span.range()].chars().count();
            out.push(
                Finding::new(
                    DOUBLE_SPACE.code,
                    DOUBLE_SPACE.default_severity,
                    span,
                    format!("{shown} dấu cách liền nhau; chỉ cần một."),
                )
                .en(format!("{shown} spaces in a row; one is enough."))
                .with_fix(Fix {
                    title: "Thay bằng một dấu cách".into(),
                    edits: vec![Edit {
                        span,
                        replacement: " ".into(),
                    }],
                    title_en: Some("Replace with one space".into()),
                    safe: true,
                }),
            );
        }
    }
}

/// Year ranges "YYYY-YYYY" (tight) and "YYYY - YYYY" (spaced), also with "–".
fn ranges(text: &str, blocks: &[Span], out: &mut Vec<Finding>) {
    let mut tight: Vec<Span> = Vec::new();
    let mut spaced: Vec<Span> = Vec::new();
    for b in blocks {
        let s = &text[b.range()];
        let bytes = s.as_bytes();
        let year_at = |i: usize| -> bool {
            i + 4 <= bytes.len()
                && bytes[i..i + 4].iter().all(u8::is_ascii_digit)
                && (i == 0 || !bytes[i - 1].is_ascii_digit())
                && bytes.get(i + 4).is_none_or(|c| !c.is_ascii_digit())
                && matches!(&s[i..i + 2], "19" | "20")
        };
        for i in 0..bytes.len() {
            if !year_at(i) {
                continue;
            }
            let after = &s[i + 4..];
            for (sep, is_tight) in [("-", true), (" - ", false), ("–", true), (" – ", false)] {
                if after.starts_with(sep) && year_at(i + 4 + sep.len()) {
                    let span = Span::new(b.start + i + 4, b.start + i + 4 + sep.len());
                    if is_tight {
                        tight.push(span)
                    } else {
                        spaced.push(span)
                    }
                }
            }
        }
    }
    let (minority, majority_sep, example) = if tight.len() > spaced.len() {
        (spaced, "-", tight.first().copied())
    } else if spaced.len() > tight.len() {
        (tight, " - ", spaced.first().copied())
    } else {
        return;
    };
    let dash_is_en = |sp: Span| text[sp.range()].contains('–');
    for sp in minority {
        let replacement = if majority_sep == "-" {
            if dash_is_en(sp) { "–" } else { "-" }
        } else if dash_is_en(sp) {
            " – "
        } else {
            " - "
        };
        let mut f = Finding::new(
            MIXED_RANGE_STYLE.code,
            MIXED_RANGE_STYLE.default_severity,
            sp,
            format!(
                "Khoảng năm viết “{}” ở đây nhưng phần lớn bài viết “{}”; nên thống nhất.",
                text[sp.range()].replace(' ', "·"),
                majority_sep.replace(' ', "·")
            ),
        )
        .en(format!(
            "The year range is written “{}” here but “{}” in most of the article; make them consistent.",
            text[sp.range()].replace(' ', "·"),
            majority_sep.replace(' ', "·")
        ))
        .with_fix(Fix {
            title: "Viết như phần còn lại của bài".into(),
            edits: vec![Edit {
                span: sp,
                replacement: replacement.into(),
            }],
            title_en: Some("Write it like the rest of the article".into()),
            safe: true,
        });
        if let Some(ex) = example {
            f = f
                .with_related(ex, "Cách viết chiếm đa số")
                .related_en("The majority style");
        }
        out.push(f);
    }
}

/// Decimals: "10,93" (Vietnamese standard) vs "10.93"; a dot followed by
/// exactly three digits is a thousands separator, not a decimal.
fn decimals(text: &str, blocks: &[Span], out: &mut Vec<Finding>) {
    let mut comma = 0usize;
    let mut dot: Vec<Span> = Vec::new();
    for b in blocks {
        let s = &text[b.range()];
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if !bytes[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let int_len = i - start;
            if i + 1 < bytes.len()
                && (bytes[i] == b',' || bytes[i] == b'.')
                && bytes[i + 1].is_ascii_digit()
            {
                let sep = bytes[i];
                let mut j = i + 1;
                while j < bytes.len() && bytes[j].is_ascii_digit() {
                    j += 1;
                }
                let frac = j - i - 1;
                // Followed by another separator: a date (30.4.2025), a version or a code.
                let chained = j < bytes.len()
                    && matches!(bytes[j], b'.' | b',' | b'/' | b'-')
                    && bytes.get(j + 1).is_some_and(u8::is_ascii_digit);
                let is_decimal = frac != 3 && int_len <= 6 && !chained;
                if is_decimal && !(start > 0 && matches!(bytes[start - 1], b'.' | b',' | b'/')) {
                    if sep == b',' {
                        comma += 1;
                    } else {
                        dot.push(Span::new(b.start + i, b.start + i + 1));
                    }
                }
                i = j;
            }
        }
    }
    if comma == 0 || dot.is_empty() || dot.len() >= comma {
        return;
    }
    for sp in dot {
        out.push(
            Finding::new(
                MIXED_DECIMAL.code,
                MIXED_DECIMAL.default_severity,
                sp,
                "Số thập phân viết bằng dấu chấm, trong khi bài dùng dấu phẩy (cách viết tiếng Việt); nên viết dấu phẩy.",
            )
            .en("A decimal written with a point, while the article uses commas (the Vietnamese convention); use a comma.")
            .with_fix(Fix {
                title: "Đổi thành dấu phẩy".into(),
                edits: vec![Edit { span: sp, replacement: ",".into() }],
                title_en: Some("Change to a comma".into()),
                safe: false,
            }),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::syntax::SourceFormat;

    fn found(text: &str, rule: &str) -> Vec<(String, String)> {
        crate::rules::test_support::flagged_and_fix(text, SourceFormat::PlainText, rule)
    }

    #[test]
    fn straight_quotes_among_curly_ones() {
        let text = "Tiêu đề\nÔng nói: “Dứt khoát phải làm\" và “tiếp tục”.\n";
        assert_eq!(
            found(text, "punctuation/mixed-quotes"),
            vec![("\"".to_string(), "”".to_string())]
        );
        assert!(
            found(
                "Tiêu đề\nÔng nói: \"A\" và \"B\".\n",
                "punctuation/mixed-quotes"
            )
            .is_empty()
        );
        assert!(
            found(
                "Tiêu đề\nÔng nói: “A” và “B”.\n",
                "punctuation/mixed-quotes"
            )
            .is_empty()
        );
        // “…" is a slip even when straight quotes are the majority.
        let slip = "Tiêu đề\n\"A\" và \"B\" và \"C\", rồi “D\".\n";
        assert_eq!(
            found(slip, "punctuation/mixed-quotes"),
            vec![("\"".to_string(), "”".to_string())]
        );
    }

    #[test]
    fn double_spaces_inside_lines_only() {
        let text = "Tiêu đề\n     Đảng bộ  phường họp.  \nDòng khác.\n";
        assert_eq!(
            found(text, "punctuation/double-space"),
            vec![("  ".to_string(), " ".to_string())]
        );
        // A space next to a non-breaking space looks the same.
        let nbsp = "Tiêu đề\nĐảng bộ \u{a0}phường họp.\n";
        assert_eq!(
            found(nbsp, "punctuation/double-space"),
            vec![(" \u{a0}".to_string(), " ".to_string())]
        );
        // A menu line laid out with wide gaps is not prose.
        assert!(
            found(
                "Tiêu đề\nTrang chủ   Thời sự   Kinh tế\n",
                "punctuation/double-space"
            )
            .is_empty()
        );
    }

    #[test]
    fn range_styles() {
        let text = "Tiêu đề\nNhiệm kỳ 2020-2025 và giai đoạn 2021-2025, nhiệm kỳ 2023 - 2028.\n";
        assert_eq!(
            found(text, "punctuation/mixed-range-style"),
            vec![(" - ".to_string(), "-".to_string())]
        );
        assert!(
            found(
                "Tiêu đề\nNhiệm kỳ 2020-2025, giai đoạn 2021-2030.\n",
                "punctuation/mixed-range-style"
            )
            .is_empty()
        );
        // A tie has no majority to follow.
        assert!(
            found(
                "Tiêu đề\n2020-2025 và 2023 - 2028.\n",
                "punctuation/mixed-range-style"
            )
            .is_empty()
        );
    }

    #[test]
    fn decimal_styles() {
        let text =
            "Tiêu đề\nTăng 10,93%, đạt 1,89 điểm, chi 2.000 tỷ đồng, riêng quý I tăng 3.5%.\n";
        assert_eq!(
            found(text, "punctuation/mixed-decimal"),
            vec![(".".to_string(), ",".to_string())]
        );
        // Thousands separators and dates are not decimals.
        assert!(
            found(
                "Tiêu đề\nTăng 10,93%, 19.700 đảng viên, ngày 30.4.2025.\n",
                "punctuation/mixed-decimal"
            )
            .is_empty()
        );
    }
}
