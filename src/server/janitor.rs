//! Frees large values on a thread of its own.
//!
//! Why: freeing the analysis of a 1 MB document (its parsed article,
//! entities and some 15,000 findings) takes tens of milliseconds. Done where
//! a base or snapshot is replaced, that time was spent holding the lock the
//! next keystroke waits for, or on the way to its publish (seen as 30–90 ms
//! keystroke latencies at 1 MB, each right after a full analysis landed).
//! The thread keeps the normal priority: freeing is work that must be done
//! anyway, and at low priority, behind a busy analysis, freed memory would
//! pile up.

use std::sync::Mutex;
use std::sync::mpsc::{Sender, channel};

type Garbage = Box<dyn Send>;

/// Least time between two looks at the resident size (and returns of
/// freed memory to the system).
const TRIM_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// Resident size below which freed memory is left where it is: trimming
/// locks each arena in turn, and in small documents (100 KB: 70–90 MiB
/// resident) it was seen to stall a keystroke for 40–50 ms now and then,
/// for little memory.
const TRIM_ABOVE: u64 = 256 * 1024 * 1024;

/// The process's resident memory in bytes (`/proc/self/statm`; 0 where
/// that cannot be read).
fn resident_bytes() -> u64 {
    let pages = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .unwrap_or(0);
    // SAFETY: sysconf has no preconditions.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    pages * u64::try_from(page).unwrap_or(4096)
}

/// Gives the memory freed so far back to the system. glibc keeps freed
/// memory in its per-thread arenas for reuse; with analyses on several
/// threads, a 1 MB document's server held two to three times its peak
/// heap (heaptrack: 243 MB peak heap, 540–800 MB resident).
fn return_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory to the system; it has
    // no preconditions and touches no live allocation.
    unsafe {
        libc::malloc_trim(0);
    }
}

static JANITOR: Mutex<Option<Sender<Garbage>>> = Mutex::new(None);

/// Drops `value` on the janitor thread (started on first use); in place if
/// that thread cannot be started or has ended.
pub(super) fn drop_later<T: Send + 'static>(value: T) {
    let garbage: Garbage = Box::new(value);
    let mut janitor = super::lock(&JANITOR);
    if janitor.is_none() {
        let (tx, rx) = channel::<Garbage>();
        let started = std::thread::Builder::new()
            .name("bientap-janitor".into())
            .spawn(move || {
                let mut looked = std::time::Instant::now();
                for garbage in rx {
                    drop(garbage);
                    // At most once a second: read the resident size (a
                    // file read) and trim if it is large.
                    if looked.elapsed() >= TRIM_EVERY {
                        if resident_bytes() > TRIM_ABOVE {
                            return_freed_memory();
                        }
                        looked = std::time::Instant::now();
                    }
                }
            });
        if started.is_ok() {
            *janitor = Some(tx);
        }
    }
    let rejected = match janitor.as_ref() {
        Some(tx) => tx.send(garbage).err().map(|e| e.0),
        None => Some(garbage),
    };
    drop(janitor);
    drop(rejected); // in place, outside the lock
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    #[test]
    fn values_are_dropped_on_another_thread() {
        struct Noted(Arc<Mutex<Option<std::thread::ThreadId>>>);
        impl Drop for Noted {
            fn drop(&mut self) {
                *super::super::lock(&self.0) = Some(std::thread::current().id());
            }
        }
        let seen = Arc::new(Mutex::new(None));
        drop_later(Noted(seen.clone()));
        let deadline = Instant::now() + Duration::from_secs(10);
        while super::super::lock(&seen).is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        let dropped_on = super::super::lock(&seen).expect("dropped within 10 s");
        assert_ne!(dropped_on, std::thread::current().id());
    }

    #[test]
    fn resident_memory_is_read() {
        // A test process holds at least its own code in memory.
        assert!(resident_bytes() > 1024 * 1024, "{}", resident_bytes());
        return_freed_memory(); // and trimming is harmless
    }
}
