//! The [`Host`] the front ends lend the analysis: the Dockerfile's build context on disk and the
//! configured ShellCheck. The server and `check` both analyse through [`host_for`], so a file
//! is checked the same way in the editor and on the command line.

use std::path::Path;
use std::sync::Arc;

use crate::analysis::Host;
use crate::analysis::config::Config;
use crate::analysis::context::{BuildContext, NoContext};
use crate::analysis::shellcheck::{NoShellcheck, ShellChecker};
use crate::workspace::FsContext;
use crate::workspace::shellcheck::Shellcheck;

/// The host for a Dockerfile at `dockerfile` (its folder, or the configured `context`, is the
/// build context), or for text that is no file on disk (an unsaved buffer, standard input: no
/// context). ShellCheck is the configured one.
pub fn host_for(dockerfile: Option<&Path>, config: &Config) -> Host {
    let context: Arc<dyn BuildContext> = match dockerfile {
        Some(path) => Arc::new(FsContext::for_dockerfile(path, config.context.as_deref())),
        None => Arc::new(NoContext),
    };
    Host {
        context,
        shellcheck: shellcheck_for(config),
    }
}

/// The ShellCheck the configuration asks for; none when it is disabled or not installed.
fn shellcheck_for(config: &Config) -> Arc<dyn ShellChecker> {
    // Found and probed when first asked: an analysis that takes only the answers at hand
    // (`analysis::analyze_at_hand`) does not wait for the probe.
    Shellcheck::lazy_for_config(&config.shellcheck).unwrap_or_else(|| Arc::new(NoShellcheck))
}
