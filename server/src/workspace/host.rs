//! The [`Host`] the front ends lend the analysis: the Dockerfile's build context on disk, the
//! configured ShellCheck and today's date. The server and `check` both analyse through
//! [`host_for`], so a file is checked the same way in the editor and on the command line.

use std::path::Path;
use std::sync::Arc;

use crate::analysis::Host;
use crate::analysis::config::Config;
use crate::analysis::context::{BuildContext, NoContext};
use crate::analysis::date::Date;
use crate::analysis::shellcheck::{NoShellcheck, ShellChecker};
use crate::workspace::FsContext;
use crate::workspace::shellcheck::Shellcheck;

/// The host for a Dockerfile at `dockerfile` (its folder, or the configured `context`, is the
/// build context), or for text that is no file on disk (an unsaved buffer, standard input: no
/// context). ShellCheck is the configured one; today is [`today`].
pub fn host_for(dockerfile: Option<&Path>, config: &Config) -> Host {
    let context: Arc<dyn BuildContext> = match dockerfile {
        Some(path) => Arc::new(FsContext::for_dockerfile(path, config.context.as_deref())),
        None => Arc::new(NoContext),
    };
    Host {
        context,
        shellcheck: shellcheck_for(config),
        today: today(),
    }
}

/// The variable that fixes today's date (`2026-12-07`), for tests and reproducible runs; `none`
/// gives no date, so that nothing depends on it.
pub const TODAY_ENV: &str = "DOCKERFILE_LSP_TODAY";

/// Today's date: [`TODAY_ENV`] when set, else the system clock's date in UTC. A value that is
/// neither a date nor `none` is named on stderr once and gives no date: a run asked to be
/// reproducible must not quietly depend on the clock.
pub fn today() -> Option<Date> {
    match std::env::var(TODAY_ENV) {
        Ok(value) => today_from(&value),
        Err(std::env::VarError::NotPresent) => Some(system_today()),
        Err(std::env::VarError::NotUnicode(_)) => today_from("\u{fffd}"),
    }
}

/// The date [`TODAY_ENV`] set to `value` gives.
fn today_from(value: &str) -> Option<Date> {
    let value = value.trim();
    if value.eq_ignore_ascii_case("none") {
        return None;
    }
    let date = Date::parse(value);
    if date.is_none() {
        static WARNED: std::sync::Once = std::sync::Once::new();
        WARNED.call_once(|| {
            eprintln!("warning: {TODAY_ENV}={value:?} is not a date (YYYY-MM-DD) nor `none`: no date is used");
        });
    }
    date
}

/// The system clock's date in UTC (1970-01-01 on a clock set before it).
fn system_today() -> Date {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Date::from_days_since_epoch(i64::try_from(seconds / 86_400).unwrap_or(0))
}

/// The ShellCheck the configuration asks for; none when it is disabled or not installed.
fn shellcheck_for(config: &Config) -> Arc<dyn ShellChecker> {
    // Found and probed when first asked: an analysis that takes only the answers at hand
    // (`analysis::analyze_at_hand`) does not wait for the probe.
    Shellcheck::lazy_for_config(&config.shellcheck).unwrap_or_else(|| Arc::new(NoShellcheck))
}
