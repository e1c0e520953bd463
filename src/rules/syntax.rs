//! Syntax problems of the article itself (front matter, annotations),
//! found by the parser and reported as findings so that they can be
//! configured and suppressed like any rule.

use super::RuleInfo;
use crate::finding::{Finding, Severity};
use crate::syntax::Article;

const fn err(code: &'static str, summary: &'static str) -> RuleInfo {
    RuleInfo {
        code,
        default_severity: Severity::Error,
        summary,
    }
}

pub const FRONT_MATTER_SYNTAX: RuleInfo = err(
    "front-matter/syntax",
    "Lỗi cú pháp YAML trong phần đầu (front matter).",
);
pub const FRONT_MATTER_UNCLOSED: RuleInfo = err(
    "front-matter/unclosed",
    "Phần đầu mở bằng `---` nhưng không có dòng `---` đóng lại.",
);
pub const FRONT_MATTER_DATE: RuleInfo = err(
    "front-matter/date",
    "`date` trong phần đầu không phải ngày ISO 8601.",
);
pub const FRONT_MATTER_TYPE: RuleInfo = err(
    "front-matter/type",
    "Một trường của phần đầu có kiểu sai (ví dụ danh sách cho `title`).",
);
pub const FRONT_MATTER_KEY: RuleInfo = err(
    "front-matter/key",
    "Khóa trong phần đầu không phải là chuỗi.",
);
pub const FRONT_MATTER_NOT_A_MAPPING: RuleInfo = err(
    "front-matter/not-a-mapping",
    "Phần đầu không phải các cặp `khóa: giá trị`.",
);
pub const FRONT_MATTER_TOO_LARGE: RuleInfo = err(
    "front-matter/too-large",
    "Phần đầu quá lớn (trên 64 KiB) nên không được đọc.",
);
pub const FRONT_MATTER_TOO_DEEP: RuleInfo = err(
    "front-matter/too-deep",
    "Phần đầu lồng nhau quá sâu nên không được đọc.",
);
pub const ANNOTATION_ATTRIBUTE: RuleInfo = RuleInfo {
    code: "annotation/attribute",
    default_severity: Severity::Warning,
    summary: "Thuộc tính không hợp lệ trong chú thích `[…]{.kind …}`.",
};

/// The parser's errors as findings.
pub fn check(article: &Article, out: &mut Vec<Finding>) {
    for e in &article.errors {
        let severity = super::rule_info(e.code).map_or(Severity::Error, |r| r.default_severity);
        out.push(Finding::new(e.code, severity, e.span, e.message.clone()));
    }
}
