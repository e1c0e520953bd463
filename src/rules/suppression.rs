//! Inline suppression in annotated articles:
//!
//! - `<!-- bientap-disable-next-line RULE… -->` silences the next line;
//! - `<!-- bientap-disable RULE… -->` … `<!-- bientap-enable RULE… -->`
//!   silences a region (to the end of the text when not re-enabled);
//! - a `[…]{.ignore}` span silences everything inside it.
//!
//! A RULE is a code (`orthography/not-nfc`) or a family (`orthography`);
//! none means every rule. Unknown names are reported, so a typo does not
//! silently leave a check on.

use super::{RULES, RuleInfo};
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::span::Span;
use crate::syntax::{Article, BlockKind, EntityClass, SourceFormat};

pub const UNKNOWN_RULE: RuleInfo = RuleInfo {
    code: "suppression/unknown-rule",
    default_severity: Severity::Warning,
    summary: "Chú thích tắt kiểm tra (bientap-disable…) nêu một quy tắc không tồn tại.",
    summary_en: "A suppression comment (bientap-disable…) names a rule that does not exist.",
};

#[derive(Debug, Clone)]
struct Region {
    span: Span,
    /// Empty: every rule.
    rules: Vec<String>,
}

fn matches(rules: &[String], code: &str) -> bool {
    rules.is_empty()
        || rules.iter().any(|r| {
            r == code
                || code
                    .strip_prefix(r.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        })
}

fn known(name: &str) -> bool {
    RULES
        .iter()
        .any(|r| r.code == name || r.code.starts_with(&format!("{name}/")))
}

/// End of the line that starts at or after `from` (skipping blank lines).
fn next_line(text: &str, from: usize) -> Span {
    let mut start = from;
    let bytes = text.as_bytes();
    while start < bytes.len()
        && (bytes[start] == b'\n' || bytes[start] == b'\r' || bytes[start] == b' ')
    {
        start += 1;
    }
    let end = text[start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| start + i);
    Span::new(start, end)
}

/// Applies the article's suppressions to `findings` and reports unknown rule names.
pub fn apply(text: &str, article: &Article, findings: &mut Vec<Finding>) {
    let (suppressions, unknown) = collect(text, article);
    findings.retain(|f| !suppressions.silences(f));
    findings.extend(unknown);
}

/// The regions an article's suppressions silence.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    regions: Vec<Region>,
}

impl Suppressions {
    pub fn of(text: &str, article: &Article) -> Suppressions {
        collect(text, article).0
    }

    pub fn silences(&self, f: &Finding) -> bool {
        self.regions
            .iter()
            .any(|r| r.span.contains(f.span.start) && matches(&r.rules, f.rule))
    }

    /// The regions with their ends moved by `map` (offsets of an older
    /// version of the text to the newer one).
    pub fn mapped(&self, map: impl Fn(usize) -> usize) -> Suppressions {
        Suppressions {
            regions: self
                .regions
                .iter()
                .map(|r| {
                    let start = map(r.span.start);
                    Region {
                        span: Span::new(start, map(r.span.end).max(start)),
                        rules: r.rules.clone(),
                    }
                })
                .collect(),
        }
    }
}

/// The words inside an HTML comment's `<!--` and `-->`.
fn comment_words(comment: &str) -> std::str::SplitWhitespace<'_> {
    comment
        .trim()
        .trim_start_matches("<!--")
        .trim_end_matches("-->")
        .split_whitespace()
}

/// Whether a comment block's text is a suppression directive (any
/// `bientap-…` word first, known or not: an unknown one is reported).
pub fn is_directive(comment: &str) -> bool {
    comment_words(comment)
        .next()
        .is_some_and(|w| w.starts_with("bientap-"))
}

/// The suppression regions and the unknown-rule findings.
fn collect(text: &str, article: &Article) -> (Suppressions, Vec<Finding>) {
    let mut regions: Vec<Region> = Vec::new();
    let mut open: Vec<(usize, Vec<String>)> = Vec::new();
    let mut unknown = Vec::new();
    if article.format == SourceFormat::Article {
        for b in article
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Comment)
        {
            let raw = &text[b.content.range()];
            let mut words = comment_words(raw);
            let directive = words.next().unwrap_or("");
            let rules: Vec<String> = words.map(|w| w.trim_end_matches(',').to_string()).collect();
            if !directive.starts_with("bientap-") {
                continue;
            }
            for r in &rules {
                if !known(r) {
                    let at = b.content.start + raw.find(r.as_str()).unwrap_or(0);
                    unknown.push(
                        Finding::new(
                            UNKNOWN_RULE.code,
                            UNKNOWN_RULE.default_severity,
                            Span::new(at, at + r.len()),
                            format!("Không có quy tắc “{r}”; chú thích này không tắt được gì."),
                        )
                        .en(format!(
                            "There is no rule “{r}”; this comment silences nothing."
                        )),
                    );
                }
            }
            match directive {
                "bientap-disable-next-line" => regions.push(Region {
                    span: next_line(text, b.span.end),
                    rules,
                }),
                "bientap-disable" => open.push((b.span.end, rules)),
                "bientap-enable" => {
                    // Close the matching region (same rules), or the latest.
                    let idx = open
                        .iter()
                        .rposition(|(_, r)| *r == rules)
                        .or(if open.is_empty() {
                            None
                        } else {
                            Some(open.len() - 1)
                        });
                    if let Some(i) = idx {
                        let (start, r) = open.remove(i);
                        regions.push(Region {
                            span: Span::new(start, b.span.start),
                            rules: r,
                        });
                    }
                }
                _ => {}
            }
        }
        for (start, rules) in open {
            regions.push(Region {
                span: Span::new(start, text.len()),
                rules,
            });
        }
        for a in article
            .annotations
            .iter()
            .filter(|a| a.has(EntityClass::Ignore))
        {
            regions.push(Region {
                span: a.content,
                rules: Vec::new(),
            });
        }
    }
    (Suppressions { regions }, unknown)
}

/// A fix that silences `finding` with a comment on the line before it
/// (annotated articles only: raw text has no comments).
pub fn suppression_fix(text: &str, article: &Article, finding: &Finding) -> Option<Fix> {
    if article.format != SourceFormat::Article || finding.span.start < article.body.start {
        return None;
    }
    let line_start = text[..finding.span.start]
        .rfind(['\n', '\r'])
        .map_or(0, |i| i + 1);
    let newline = if text[line_start..].contains("\r\n") || text[..line_start].ends_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let indent: String = text[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    Some(Fix {
        title: format!("Tắt {} cho dòng này", finding.rule),
        edits: vec![Edit {
            span: Span::new(line_start, line_start),
            replacement: format!(
                "{indent}<!-- bientap-disable-next-line {} -->{newline}",
                finding.rule
            ),
        }],
        title_en: Some(format!("Disable {} for this line", finding.rule)),
        safe: false,
    })
}

#[cfg(test)]
mod tests {
    use crate::analysis::{AnalyzeOptions, analyze};
    use crate::syntax::SourceFormat;

    fn rules_found(text: &str) -> Vec<&'static str> {
        analyze(text, &AnalyzeOptions::with_format(SourceFormat::Article))
            .findings
            .iter()
            .map(|f| f.rule)
            .collect()
    }

    const MIXED: &str = "Quận ủy họp. Quận ủy bàn. Quận ủy kết luận.\n\n";

    #[test]
    fn next_line_is_silenced_for_that_rule_only() {
        let base = format!("Tiêu đề\n\n{MIXED}Ông Quận uỷ.\n");
        assert_eq!(rules_found(&base), vec!["orthography/mixed-tone-style"]);
        let silenced = format!(
            "Tiêu đề\n\n{MIXED}<!-- bientap-disable-next-line orthography/mixed-tone-style -->\nÔng Quận uỷ.\n"
        );
        assert!(rules_found(&silenced).is_empty());
        let family = format!(
            "Tiêu đề\n\n{MIXED}<!-- bientap-disable-next-line orthography -->\nÔng Quận uỷ.\n"
        );
        assert!(rules_found(&family).is_empty());
        let other =
            format!("Tiêu đề\n\n{MIXED}<!-- bientap-disable-next-line debris -->\nÔng Quận uỷ.\n");
        assert_eq!(rules_found(&other), vec!["orthography/mixed-tone-style"]);
    }

    #[test]
    fn regions_and_ignore_spans() {
        let region = format!(
            "Tiêu đề\n\n{MIXED}<!-- bientap-disable -->\n\nÔng Quận uỷ.\n\n<!-- bientap-enable -->\n\nBà Quận uỷ.\n"
        );
        assert_eq!(rules_found(&region).len(), 1, "only the line after enable");
        let ignored = format!("Tiêu đề\n\n{MIXED}Ông [Quận uỷ]{{.ignore}}.\n");
        assert!(rules_found(&ignored).is_empty());
    }

    #[test]
    fn unknown_rule_names_are_reported() {
        let text = format!(
            "Tiêu đề\n\n{MIXED}<!-- bientap-disable-next-line orthography/typo -->\nÔng Quận uỷ.\n"
        );
        let found = rules_found(&text);
        assert!(found.contains(&"suppression/unknown-rule"), "{found:?}");
        assert!(
            found.contains(&"orthography/mixed-tone-style"),
            "a typo silences nothing"
        );
    }

    #[test]
    fn fix_inserts_a_comment_before_the_line() {
        let text = format!("Tiêu đề\n\n{MIXED}Ông Quận uỷ.\n");
        let a = analyze(&text, &AnalyzeOptions::with_format(SourceFormat::Article));
        let fix = super::suppression_fix(&text, &a.article, &a.findings[0]).unwrap();
        let e = &fix.edits[0];
        let fixed = format!(
            "{}{}{}",
            &text[..e.span.start],
            e.replacement,
            &text[e.span.end..]
        );
        assert!(rules_found(&fixed).is_empty(), "{fixed}");
        // Raw text gets no comment.
        let raw = analyze(&text, &AnalyzeOptions::with_format(SourceFormat::PlainText));
        assert!(super::suppression_fix(&text, &raw.article, &raw.findings[0]).is_none());
    }
}
