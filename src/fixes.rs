//! Applying fixes to a text (for `check --fix` and `--diff`).

use crate::finding::{Edit, Finding};

/// Applies the first safe fix of every finding, skipping fixes whose edits
/// overlap an earlier one. Returns the new text and how many fixes were applied.
pub fn apply_safe_fixes(text: &str, findings: &[Finding]) -> (String, usize) {
    let mut chosen: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for f in findings {
        let Some(fix) = f.fixes.iter().find(|x| x.safe) else {
            continue;
        };
        let clashes = fix.edits.iter().any(|e| {
            chosen.iter().any(|c| {
                e.span.overlaps(c.span)
                    || (e.span.is_empty() && c.span.contains(e.span.start))
                    || (c.span.is_empty() && e.span.contains(c.span.start))
            })
        });
        let valid = fix.edits.iter().all(|e| {
            e.span.end <= text.len()
                && text.is_char_boundary(e.span.start)
                && text.is_char_boundary(e.span.end)
        });
        if clashes || !valid {
            continue;
        }
        chosen.extend(fix.edits.iter());
        applied += 1;
    }
    chosen.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for e in chosen {
        out.push_str(&text[cursor..e.span.start]);
        out.push_str(&e.replacement);
        cursor = e.span.end;
    }
    out.push_str(&text[cursor..]);
    (out, applied)
}

/// A unified diff of `old` → `new` labelled with `path`.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{AnalyzeOptions, analyze};
    use crate::syntax::SourceFormat;

    #[test]
    fn safe_fixes_apply_and_converge() {
        let text = "Tiêu đề\nQuận ủy họp. Quận ủy bàn. Quận ủy duyệt. Quận uỷ và văn hoá.\n0:00 / 0:00\nNội dung.\n";
        let a = analyze(text, &AnalyzeOptions::with_format(SourceFormat::PlainText));
        let (fixed, n) = apply_safe_fixes(text, &a.findings);
        assert_eq!(n, 3);
        assert_eq!(
            fixed,
            "Tiêu đề\nQuận ủy họp. Quận ủy bàn. Quận ủy duyệt. Quận ủy và văn hóa.\nNội dung.\n"
        );
        let again = analyze(
            &fixed,
            &AnalyzeOptions::with_format(SourceFormat::PlainText),
        );
        assert_eq!(apply_safe_fixes(&fixed, &again.findings).1, 0);
    }

    #[test]
    fn diff_shows_changed_lines() {
        let d = unified_diff("a.txt", "một\nhai\n", "một\nba\n");
        assert!(d.contains("-hai") && d.contains("+ba") && d.contains("a/a.txt"));
    }
}
