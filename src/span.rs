//! Byte ranges into a text.

use serde::Serialize;

/// A half-open byte range `start..end` into some text. Always on char
/// boundaries when produced by bientap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }

    pub fn contains(self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }

    /// Whether the two ranges share at least one byte.
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Overlapping or adjacent (sharing an end point).
    pub fn overlaps_or_touches(self, other: Span) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    pub fn covers(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn shifted(self, by: usize) -> Span {
        Span::new(self.start + by, self.end + by)
    }
}

/// A set of spans asked, many times over, whether one of them overlaps or
/// covers a given span: in logarithmic time, where a scan of every span
/// for every question was quadratic in long articles (every word against
/// every debris block, every organisation name against every entity).
/// Answers exactly as the scan would ([`Span::overlaps`], [`Span::covers`]),
/// empty spans included.
#[derive(Debug, Clone, Default)]
pub struct SpanSet {
    /// Sorted by start.
    spans: Vec<Span>,
    /// `max_end[i]`: the largest end among `spans[..=i]`.
    max_end: Vec<usize>,
}

impl SpanSet {
    pub fn new(mut spans: Vec<Span>) -> SpanSet {
        spans.sort_unstable();
        let max_end = spans
            .iter()
            .scan(0, |m, s| {
                *m = (*m).max(s.end);
                Some(*m)
            })
            .collect();
        SpanSet { spans, max_end }
    }

    /// The largest end among the first spans, those whose start passes the
    /// test (a prefix: the spans are sorted by start).
    fn max_end_from(&self, starts_at_most: impl Fn(usize) -> bool) -> Option<usize> {
        let k = self.spans.partition_point(|s| starts_at_most(s.start));
        k.checked_sub(1).map(|i| self.max_end[i])
    }

    /// Whether some span overlaps `span` (`Span::overlaps`).
    pub fn any_overlaps(&self, span: Span) -> bool {
        // Those starting before `span` ends; one of them must end after it starts.
        self.max_end_from(|start| start < span.end)
            .is_some_and(|end| end > span.start)
    }

    /// Whether some span covers `span` (`Span::covers`).
    pub fn any_covers(&self, span: Span) -> bool {
        self.max_end_from(|start| start <= span.start)
            .is_some_and(|end| end >= span.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn spans() -> impl Strategy<Value = Vec<Span>> {
        prop::collection::vec((0usize..60, 0usize..12), 0..12)
            .prop_map(|v| v.into_iter().map(|(s, l)| Span::new(s, s + l)).collect())
    }

    proptest! {
        /// The set answers exactly as scanning every span does.
        #[test]
        fn span_set_answers_as_a_scan(set in spans(), start in 0usize..75, len in 0usize..15) {
            let q = Span::new(start, start + len);
            let fast = SpanSet::new(set.clone());
            prop_assert_eq!(fast.any_overlaps(q), set.iter().any(|s| s.overlaps(q)));
            prop_assert_eq!(fast.any_covers(q), set.iter().any(|s| s.covers(q)));
        }
    }

    #[test]
    fn nested_and_empty_spans() {
        // A short span after a long one that encloses it: the long one's
        // end decides.
        let set = SpanSet::new(vec![
            Span::new(0, 100),
            Span::new(10, 12),
            Span::new(200, 200),
        ]);
        assert!(set.any_covers(Span::new(50, 60)));
        assert!(set.any_overlaps(Span::new(99, 150)));
        assert!(!set.any_overlaps(Span::new(100, 150)));
        // An empty span overlaps what strictly encloses it, as `Span::overlaps` says.
        assert!(set.any_overlaps(Span::new(150, 250)));
        assert!(!set.any_covers(Span::new(150, 250)));
        assert!(!SpanSet::default().any_overlaps(Span::new(0, 1)));
    }
}
