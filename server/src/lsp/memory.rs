//! What the server asks of glibc's allocator so that its resident memory follows its live heap.
//!
//! Measured on the 5,000-line benchmark file (docs/benchmarks.md, "Memory"): with glibc's
//! defaults the server kept about 42 MB resident for a live heap of about 14 MB. Each thread that
//! allocates gets its own arena (up to eight per core), and an arena keeps what was freed in it.
//! The analysis runs on the runtime's blocking threads, so every version of a document left its
//! freed pages in whichever arena its thread had. Two arenas and a trim once typing pauses brought
//! the same session to about 24 MB; a trim after every version cost 4–5 ms per edit (it takes
//! each arena's lock while the next analysis allocates), hence the pause.
//!
//! The two calls are the workspace's only `unsafe` code: `unsafe_code` is `deny` rather than
//! `forbid` so that this module can allow it. Other platforms and C libraries keep their
//! allocator's defaults.

#![allow(unsafe_code)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// How many malloc arenas the server allows: one for the thread serving the protocol and one
/// for the analyses (one arena made every thread wait on its lock: +10 ms per edit).
const ARENAS: i32 = 2;

/// How long after the last retired version the allocator is asked to give freed memory back:
/// longer than the pause between two keystrokes, so that no trim runs while someone types.
const IDLE: Duration = Duration::from_millis(300);

/// Caps glibc's arenas at [`ARENAS`], unless the user's environment already set the allocator up
/// (`MALLOC_ARENA_MAX`, `GLIBC_TUNABLES`). Called first in `serve`, before the runtime's threads.
pub fn limit_arenas() {
    if std::env::var_os("MALLOC_ARENA_MAX").is_some() || std::env::var_os("GLIBC_TUNABLES").is_some() {
        return;
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` sets one of the allocator's parameters under the allocator's own lock;
    // it reads and keeps no pointer of ours. `M_ARENA_MAX` is a parameter glibc documents for this.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, ARENAS);
    }
}

/// Bumped each time a version is retired: a trim waits for it to stay still for [`IDLE`].
static RETIRED: AtomicU64 = AtomicU64::new(0);

/// Called after a version was freed: once nothing else is retired for [`IDLE`], returns the
/// freed memory of every arena to the system (on a blocking thread, off the protocol's path).
pub fn trim_when_idle(runtime: &tokio::runtime::Handle) {
    let mine = RETIRED.fetch_add(1, Ordering::Relaxed) + 1;
    let handle = runtime.clone();
    runtime.spawn(async move {
        tokio::time::sleep(IDLE).await;
        if RETIRED.load(Ordering::Relaxed) == mine {
            handle.spawn_blocking(trim);
        }
    });
}

fn trim() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` walks the allocator's arenas under their locks and returns unused
    // pages to the system; it touches no memory that is still allocated.
    unsafe {
        libc::malloc_trim(0);
    }
}
