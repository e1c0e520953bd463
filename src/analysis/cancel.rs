//! Cancelling an analysis that is no longer wanted, from another thread.
//!
//! The caller installs a flag for the duration of one analysis on its
//! thread ([`cancellable`]); the analysis looks at it between its stages
//! and before each rule family ([`requested`]) and skips the rest once it
//! is set. A cancelled analysis returns `None`: what it computed so far is
//! incomplete and never used. A thread-local rather than a parameter so
//! the stages' signatures (shared with the CLI, which never cancels) stay
//! as they are.

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

thread_local! {
    static FLAG: RefCell<Option<Arc<AtomicBool>>> = const { RefCell::new(None) };
}

/// Runs `analysis` with `flag` as this thread's cancel flag: `None` if the
/// flag was set by the time it returned.
pub fn cancellable<T>(flag: &Arc<AtomicBool>, analysis: impl FnOnce() -> T) -> Option<T> {
    struct Restore(Option<Arc<AtomicBool>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            FLAG.with(|f| *f.borrow_mut() = self.0.take());
        }
    }
    let _restore = Restore(FLAG.with(|f| f.borrow_mut().replace(flag.clone())));
    let result = analysis();
    (!flag.load(Ordering::Relaxed)).then_some(result)
}

/// Whether the analysis running on this thread has been cancelled.
pub fn requested() -> bool {
    FLAG.with(|f| {
        f.try_borrow()
            .ok()
            .and_then(|f| f.as_ref().map(|f| f.load(Ordering::Relaxed)))
            .unwrap_or(false)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{AnalyzeOptions, analyze};
    use crate::syntax::SourceFormat;

    const TEXT: &str =
        "---\ntitle: Tin\ndate: 2024-03-01\n---\n\n# Tin\n\nNgày 30/2 có họp , ở Hà Nôi.\n";

    #[test]
    fn a_set_flag_stops_the_analysis() {
        let options = AnalyzeOptions::with_format(SourceFormat::Article);
        assert!(!analyze(TEXT, &options).findings.is_empty());
        let flag = Arc::new(AtomicBool::new(true));
        assert!(cancellable(&flag, || analyze(TEXT, &options)).is_none());
        // The work itself was skipped, not only its result dropped.
        let mut seen = None;
        cancellable(&flag, || {
            seen = Some(analyze(TEXT, &options));
        });
        let seen = seen.expect("ran");
        assert!(seen.findings.is_empty(), "{:?}", seen.findings);
        assert!(seen.recognition.entities.is_empty());
    }

    #[test]
    fn an_unset_flag_changes_nothing_and_is_removed_afterwards() {
        let options = AnalyzeOptions::with_format(SourceFormat::Article);
        let flag = Arc::new(AtomicBool::new(false));
        let a = cancellable(&flag, || analyze(TEXT, &options)).expect("not cancelled");
        assert_eq!(a.findings, analyze(TEXT, &options).findings);
        flag.store(true, Ordering::Relaxed);
        assert!(!requested(), "the flag outlived its analysis");
        assert_eq!(analyze(TEXT, &options).findings, a.findings);
    }
}
