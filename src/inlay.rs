//! Inlay hints: the resolved date after a date written without its year.

use crate::analysis::Analysis;
use crate::entity::{DateValue, EntityKind, Value, YearSource};
use crate::recognize::dates::Ymd;
use crate::span::Span;

/// (offset, label) pairs for hints inside `within`.
pub fn date_hints(analysis: &Analysis, within: Span) -> Vec<(usize, String)> {
    analysis
        .recognition
        .entities
        .iter()
        .filter(|e| {
            e.kind == EntityKind::Date && within.start <= e.span.end && e.span.end <= within.end
        })
        .filter_map(|e| match &e.value {
            Value::Date(DateValue::Day {
                year: Some(y),
                month,
                day,
                year_source: Some(src),
                ..
            }) if *src != YearSource::Explicit => {
                let ymd = Ymd::new(*y, *month, *day)?;
                let guess = if *src == YearSource::MentionedYears {
                    "?"
                } else {
                    ""
                };
                Some((e.span.end, format!(" {}{guess}", ymd.iso())))
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{AnalyzeOptions, analyze};
    use crate::syntax::SourceFormat;

    #[test]
    fn hints_only_for_dates_without_a_written_year() {
        let text = "---\ndate: 2025-02-14\n---\nTiêu đề\n\nChiều 13/2, hội nghị; ngày 24/7/2020 là ngày khác.\n";
        let a = analyze(text, &AnalyzeOptions::with_format(SourceFormat::Article));
        let hints = date_hints(&a, Span::new(0, text.len()));
        assert_eq!(
            hints,
            vec![(text.find("13/2").unwrap() + 4, " 2025-02-13".to_string())]
        );
    }
}
