//! Syntax problems of the article itself (front matter, annotations),
//! found by the parser and reported as findings so that they can be
//! configured and suppressed like any rule.

use super::RuleInfo;
use crate::finding::{Finding, Severity};
use crate::syntax::Article;

const fn err(code: &'static str, summary: &'static str, summary_en: &'static str) -> RuleInfo {
    RuleInfo {
        code,
        default_severity: Severity::Error,
        summary,
        summary_en,
    }
}

pub const FRONT_MATTER_SYNTAX: RuleInfo = err(
    "front-matter/syntax",
    "Lỗi cú pháp YAML trong phần đầu (front matter).",
    "YAML syntax error in the front matter.",
);
pub const FRONT_MATTER_UNCLOSED: RuleInfo = err(
    "front-matter/unclosed",
    "Phần đầu mở bằng `---` nhưng không có dòng `---` đóng lại.",
    "The front matter opens with `---` but has no closing `---` line.",
);
pub const FRONT_MATTER_DATE: RuleInfo = err(
    "front-matter/date",
    "`date` trong phần đầu không phải ngày ISO 8601.",
    "The front-matter `date` is not an ISO 8601 date.",
);
pub const FRONT_MATTER_TYPE: RuleInfo = err(
    "front-matter/type",
    "Một trường của phần đầu có kiểu sai (ví dụ danh sách cho `title`).",
    "A front-matter field has the wrong type (e.g. a list for `title`).",
);
pub const FRONT_MATTER_KEY: RuleInfo = err(
    "front-matter/key",
    "Khóa trong phần đầu không phải là chuỗi.",
    "A front-matter key is not a string.",
);
pub const FRONT_MATTER_NOT_A_MAPPING: RuleInfo = err(
    "front-matter/not-a-mapping",
    "Phần đầu không phải các cặp `khóa: giá trị`.",
    "The front matter is not `key: value` pairs.",
);
pub const FRONT_MATTER_TOO_LARGE: RuleInfo = err(
    "front-matter/too-large",
    "Phần đầu quá lớn (trên 64 KiB) nên không được đọc.",
    "The front matter is too large (over 64 KiB) and was not read.",
);
pub const FRONT_MATTER_TOO_DEEP: RuleInfo = err(
    "front-matter/too-deep",
    "Phần đầu lồng nhau quá sâu nên không được đọc.",
    "The front matter is nested too deeply and was not read.",
);
pub const ANNOTATION_ATTRIBUTE: RuleInfo = RuleInfo {
    code: "annotation/attribute",
    default_severity: Severity::Warning,
    summary: "Thuộc tính không hợp lệ trong chú thích `[…]{.kind …}`.",
    summary_en: "Invalid attribute in an annotation `[…]{.kind …}`.",
};

/// The parser's errors as findings.
pub fn check(article: &Article, out: &mut Vec<Finding>) {
    for e in &article.errors {
        let severity = super::rule_info(e.code).map_or(Severity::Error, |r| r.default_severity);
        let mut f = Finding::new(e.code, severity, e.span, e.message.clone());
        f.message_en = e.message_en.clone();
        out.push(f);
    }
}
