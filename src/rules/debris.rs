//! `debris/website`: page furniture left in a scraped article.

use super::RuleInfo;
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::recognize::Recognition;
use crate::span::Span;
use crate::syntax::Article;

pub const WEBSITE: RuleInfo = RuleInfo {
    code: "debris/website",
    default_severity: Severity::Warning,
    summary: "Phần thừa của trang web (trình phát, menu, biểu mẫu bình luận, danh sách bài liên quan) còn sót trong bài.",
    summary_en: "Web-page furniture (media player, menus, comment form, related-articles list) left in the article.",
};

/// Counters glued onto a real line ("Ngày đăng 01/08/2020 | 16:20 | View
/// count: 129"): the segment from its separator to the end of the number.
fn inline_counters(text: &str, article: &Article, out: &mut Vec<Finding>) {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(r"(?i)[ \t\u{a0}]*[|·•-]?[ \t\u{a0}]*(?:view count|lượt xem|lượt đọc|số lượt xem)[ \t]*:?[ \t]*[0-9][0-9.,]*").unwrap()
    });
    for b in article
        .blocks
        .iter()
        .filter(|b| b.kind != crate::syntax::BlockKind::Comment)
    {
        let line = &text[b.content.range()];
        for m in re.find_iter(line) {
            let span = Span::new(b.content.start + m.start(), b.content.start + m.end());
            out.push(
                Finding::new(
                    WEBSITE.code,
                    WEBSITE.default_severity,
                    span,
                    "Bộ đếm lượt xem của trang web còn trong bài.",
                )
                .en("The website's view counter is still in the article.")
                .with_fix(Fix {
                    title: "Xóa bộ đếm lượt xem".into(),
                    edits: vec![Edit {
                        span,
                        replacement: String::new(),
                    }],
                    title_en: Some("Delete the view counter".into()),
                    safe: true,
                }),
            );
        }
    }
}

/// One finding per run of consecutive debris blocks, with a fix that
/// deletes the run and its line breaks.
pub fn check(text: &str, article: &Article, recognition: &Recognition, out: &mut Vec<Finding>) {
    inline_counters(text, article, out);
    let mut runs: Vec<(usize, usize, &'static str)> = Vec::new();
    for &(i, reason) in &recognition.debris_blocks {
        match runs.last_mut() {
            Some((_, last, _)) if next_content_block(article, *last) == Some(i) => *last = i,
            _ => runs.push((i, i, reason)),
        }
    }
    for (first, last, reason) in runs {
        let span = Span::new(
            article.blocks[first].span.start,
            article.blocks[last].span.end,
        );
        let count = last - first + 1;
        let message = if count == 1 {
            format!("Phần thừa của trang web ({reason}) còn trong bài.")
        } else {
            format!("{count} khối phần thừa của trang web ({reason}) còn trong bài.")
        };
        let reason_en = reason_en(reason);
        let message_en = if count == 1 {
            format!("Web-page furniture ({reason_en}) is still in the article.")
        } else {
            format!("{count} blocks of web-page furniture ({reason_en}) are still in the article.")
        };
        let removal = removal_span(text, span);
        out.push(
            Finding::new(WEBSITE.code, WEBSITE.default_severity, span, message)
                .en(message_en)
                .with_fix(Fix {
                    title: "Xóa phần thừa của trang web".into(),
                    edits: vec![Edit {
                        span: removal,
                        replacement: String::new(),
                    }],
                    title_en: Some("Delete the web-page furniture".into()),
                    safe: true,
                }),
        );
    }
}

/// The English for a reason given by `recognize::debris`.
fn reason_en(reason: &str) -> &'static str {
    match reason {
        "trình phát media" => "media player",
        "biểu mẫu bình luận" => "comment form",
        "thành phần giao diện trang web" => "page interface element",
        crate::recognize::debris::TAIL_REASON => "related-articles list or website form",
        _ => "website element",
    }
}

fn next_content_block(article: &Article, i: usize) -> Option<usize> {
    (i + 1..article.blocks.len())
        .find(|&j| article.blocks[j].kind != crate::syntax::BlockKind::Comment)
}

/// Extends a block run to whole lines: the following line breaks, or the
/// preceding ones when the run ends the text.
fn removal_span(text: &str, span: Span) -> Span {
    let bytes = text.as_bytes();
    let mut end = span.end;
    while end < bytes.len() && (bytes[end] == b'\n' || bytes[end] == b'\r') {
        end += 1;
    }
    let mut start = span.start;
    if end == bytes.len() {
        while start > 0 && (bytes[start - 1] == b'\n' || bytes[start - 1] == b'\r') {
            start -= 1;
        }
        // Keep one final newline if the text had one.
        if end > span.end && start < span.start {
            let nl = if text[start..span.start].starts_with("\r\n") {
                2
            } else {
                1
            };
            start += nl;
        }
    }
    Span::new(start, end)
}

#[cfg(test)]
mod tests {
    use crate::analysis::{AnalyzeOptions, analyze};
    use crate::syntax::SourceFormat;

    fn run(text: &str) -> Vec<(String, String)> {
        let a = analyze(text, &AnalyzeOptions::with_format(SourceFormat::PlainText));
        a.findings
            .iter()
            .filter(|f| f.rule == "debris/website")
            .map(|f| {
                let fixed = {
                    let e = &f.fixes[0].edits[0];
                    format!(
                        "{}{}{}",
                        &text[..e.span.start],
                        e.replacement,
                        &text[e.span.end..]
                    )
                };
                (text[f.span.range()].to_string(), fixed)
            })
            .collect()
    }

    #[test]
    fn fires_on_furniture_and_removes_it() {
        let text =
            "Tiêu đề bài\n0:00 / 0:00\nNội dung chính của bài viết.\nHoa Thành\nPhiên bản di động";
        let found = run(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0, "0:00 / 0:00");
        assert_eq!(
            found[0].1,
            "Tiêu đề bài\nNội dung chính của bài viết.\nHoa Thành\nPhiên bản di động"
        );
        assert_eq!(found[1].0, "Phiên bản di động");
        assert_eq!(
            found[1].1,
            "Tiêu đề bài\n0:00 / 0:00\nNội dung chính của bài viết.\nHoa Thành"
        );
    }

    #[test]
    fn related_list_after_tail_header_is_one_finding() {
        let text =
            "Tiêu đề\nĐoạn một.\nĐoạn hai.\nĐoạn ba.\nĐừng bỏ lỡ\nBài khác\n28/01/2025 | 04:39\n";
        let found = run(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "Đừng bỏ lỡ\nBài khác\n28/01/2025 | 04:39");
        assert_eq!(found[0].1, "Tiêu đề\nĐoạn một.\nĐoạn hai.\nĐoạn ba.\n");
    }

    #[test]
    fn view_counter_inside_a_dateline() {
        let text = "Tiêu đề\nNgày đăng 01/08/2020 | 16:20  | View count: 129\nNội dung.\n";
        let found = run(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "  | View count: 129");
        assert!(found[0].1.contains("Ngày đăng 01/08/2020 | 16:20\n"));
        assert!(run("Tiêu đề\nBài có nhiều lượt xem trên mạng.\n").is_empty());
    }

    #[test]
    fn silent_on_prose_that_mentions_the_same_words() {
        let text = "Tin mới về hội nghị\nBình luận của đồng chí Bí thư được đánh giá cao.\nĐọc nhiều tài liệu là cần thiết.\nPhiên bản mới của quy chế đã được thông qua.";
        assert!(run(text).is_empty());
    }
}
