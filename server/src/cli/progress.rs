//! A progress bar on stderr while `check` reads many files, so that a long run on a terminal
//! shows it is alive. Only on a terminal, never under CI (`CI` set) or with `TERM=dumb`: logs
//! and pipes get no control characters. Drawn at most every 100 ms, and erased when done.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Fewer files than this finish before a bar would be worth drawing.
const MIN_FILES: usize = 20;
const REDRAW: Duration = Duration::from_millis(100);
const WIDTH: usize = 30;

pub struct Progress {
    total: usize,
    done: AtomicUsize,
    /// When the bar was last drawn; `None` inside when it never was.
    drawn: Option<Mutex<Option<Instant>>>,
}

/// Whether the environment wants a bar: stderr is a terminal, not a dumb one, and not CI.
pub fn wanted() -> bool {
    std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none()
        && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
}

impl Progress {
    /// A bar for `total` files, drawn only when `enabled` and there are enough files.
    pub fn new(total: usize, enabled: bool) -> Self {
        Self {
            total,
            done: AtomicUsize::new(0),
            drawn: (enabled && total >= MIN_FILES).then(|| Mutex::new(None)),
        }
    }

    /// One more file done.
    pub fn tick(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let Some(drawn) = &self.drawn else { return };
        // Another thread drawing right now is as good as us drawing.
        let Ok(mut last) = drawn.try_lock() else { return };
        let now = Instant::now();
        if last.is_some_and(|t| now.duration_since(t) < REDRAW) && done < self.total {
            return;
        }
        *last = Some(now);
        let _ = write!(std::io::stderr().lock(), "\r{}", bar(done, self.total));
    }

    /// Erases the bar, if one was drawn.
    pub fn finish(&self) {
        let Some(drawn) = &self.drawn else { return };
        let was_drawn = drawn.lock().map(|last| last.is_some()).unwrap_or(true);
        if was_drawn {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
        }
    }
}

fn bar(done: usize, total: usize) -> String {
    let filled = (done.min(total) * WIDTH).checked_div(total).unwrap_or(WIDTH);
    format!(
        "checking [{}{}] {done}/{total} files",
        "=".repeat(filled),
        " ".repeat(WIDTH - filled)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_fills_with_progress() {
        assert_eq!(bar(0, 10), format!("checking [{}] 0/10 files", " ".repeat(WIDTH)));
        assert_eq!(
            bar(5, 10),
            format!("checking [{}{}] 5/10 files", "=".repeat(15), " ".repeat(15))
        );
        assert_eq!(bar(10, 10), format!("checking [{}] 10/10 files", "=".repeat(WIDTH)));
    }

    #[test]
    fn few_files_or_disabled_draw_nothing() {
        assert!(Progress::new(MIN_FILES - 1, true).drawn.is_none());
        assert!(Progress::new(100, false).drawn.is_none());
        assert!(Progress::new(100, true).drawn.is_some());
    }
}
