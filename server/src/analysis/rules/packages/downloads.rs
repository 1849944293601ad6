//! What a `curl` or `wget` command in a RUN script downloads and where the body goes: the files
//! it writes, or its standard output. `curl-without-fail` and `download-without-verification`
//! read it. Only the options that decide this are known; any other option word is skipped, with
//! its value for the options that take one.

use crate::analysis::shell::{Command, Scope, Script, Word};

/// A `curl` or `wget` command read for what it downloads.
pub(super) struct Download<'s> {
    pub tool: Tool,
    /// The files the body is written to, as written (`$VAR` kept): `-o`/`-O` values, and the
    /// name taken from the URL for `curl -O` and a plain `wget`.
    pub files: Vec<String>,
    /// The body goes to standard output (no output file, or `-o -` / `wget -O -`).
    pub to_stdout: bool,
    /// The URLs (operands, and `--url` values).
    pub urls: Vec<&'s Word>,
    /// `curl -f`, `--fail`, `--fail-with-body`: an HTTP error status fails the command.
    pub fail: bool,
    /// Transfers nothing (`--version`, `--help`, `--manual`) or only headers (`curl -I`,
    /// `wget --spider`).
    pub no_body: bool,
    /// `curl -w`: the script reads the status (`%{http_code}`) itself.
    pub writes_out: bool,
    /// Options come from a file we cannot see (`curl -K`, `wget -e`/`--config`), or the file
    /// name from the server (`-J`, `--content-disposition`), or the URLs from a file (`wget -i`).
    pub opaque: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Tool {
    Curl,
    Wget,
}

impl Tool {
    pub fn name(self) -> &'static str {
        match self {
            Tool::Curl => "curl",
            Tool::Wget => "wget",
        }
    }
}

/// curl's one-letter options that take a value (the rest of the cluster, or the next word).
const CURL_SHORT_VALUE: &str = "AbcCdDeEFHKmoPQrtTuUwxXyYz";

/// curl's long options that take a value (the next word: curl has no `--opt=value`), among
/// those Dockerfiles use.
const CURL_LONG_VALUE: &[&str] = &[
    "abstract-unix-socket",
    "aws-sigv4",
    "cacert",
    "capath",
    "cert",
    "cert-type",
    "ciphers",
    "config",
    "connect-timeout",
    "connect-to",
    "continue-at",
    "cookie",
    "cookie-jar",
    "create-file-mode",
    "data",
    "data-ascii",
    "data-binary",
    "data-raw",
    "data-urlencode",
    "dns-servers",
    "dump-header",
    "form",
    "form-string",
    "header",
    "interface",
    "json",
    "keepalive-time",
    "key",
    "key-type",
    "limit-rate",
    "local-port",
    "max-filesize",
    "max-redirs",
    "max-time",
    "netrc-file",
    "noproxy",
    "oauth2-bearer",
    "output",
    "output-dir",
    "pinnedpubkey",
    "proto",
    "proto-default",
    "proto-redir",
    "proxy",
    "proxy-header",
    "proxy-user",
    "range",
    "referer",
    "request",
    "resolve",
    "retry",
    "retry-delay",
    "retry-max-time",
    "speed-limit",
    "speed-time",
    "stderr",
    "time-cond",
    "tls-max",
    "trace",
    "trace-ascii",
    "unix-socket",
    "upload-file",
    "url",
    "user",
    "user-agent",
    "variable",
    "write-out",
];

/// wget's one-letter options that take a value.
const WGET_SHORT_VALUE: &str = "OPoaitTwQeUlARDIXB";

/// wget's long options that take a value given as the next word (`--opt=value` is read too).
const WGET_LONG_VALUE: &[&str] = &[
    "accept",
    "append-output",
    "base",
    "bind-address",
    "ca-certificate",
    "ca-directory",
    "certificate",
    "config",
    "domains",
    "directory-prefix",
    "execute",
    "exclude-directories",
    "header",
    "http-password",
    "http-user",
    "include-directories",
    "input-file",
    "level",
    "load-cookies",
    "output-document",
    "output-file",
    "password",
    "post-data",
    "post-file",
    "private-key",
    "progress",
    "quota",
    "reject",
    "save-cookies",
    "timeout",
    "tries",
    "user",
    "user-agent",
    "wait",
];

/// Reads `command` when it runs `curl` or `wget` (wrappers looked through).
pub(super) fn download(command: &Command) -> Option<Download<'_>> {
    match command.effective_program() {
        "curl" => Some(curl(command.effective_args())),
        "wget" => Some(wget(command.effective_args())),
        _ => None,
    }
}

fn curl(args: &[Word]) -> Download<'_> {
    let mut d = Download {
        tool: Tool::Curl,
        files: Vec::new(),
        to_stdout: false,
        urls: Vec::new(),
        fail: false,
        no_body: false,
        writes_out: false,
        opaque: false,
    };
    let mut outputs: Vec<&str> = Vec::new();
    let mut remote_name = false;
    let mut output_dir = None;
    let mut i = 0;
    while let Some(word) = args.get(i) {
        i += 1;
        let v = word.value.as_str();
        if let Some(long) = v.strip_prefix("--").filter(|l| !l.is_empty()) {
            let value = CURL_LONG_VALUE.contains(&long).then(|| args.get(i)).flatten();
            if value.is_some() {
                i += 1;
            }
            match long {
                "fail" | "fail-with-body" => d.fail = true,
                "remote-name" | "remote-name-all" => remote_name = true,
                "remote-header-name" => d.opaque = true,
                "head" | "version" | "help" | "manual" => d.no_body = true,
                "write-out" => d.writes_out = true,
                "config" => d.opaque = true,
                "output" => outputs.extend(value.map(|w| w.value.as_str())),
                "output-dir" => output_dir = value.map(|w| w.value.as_str()),
                "url" => d.urls.extend(value),
                _ => {}
            }
            continue;
        }
        let Some(cluster) = v.strip_prefix('-').filter(|c| !c.is_empty() && !c.starts_with('-')) else {
            if v != "--" {
                d.urls.push(word);
            }
            continue;
        };
        for (at, c) in cluster.char_indices() {
            if CURL_SHORT_VALUE.contains(c) {
                let attached = &cluster[at + c.len_utf8()..];
                let value = if attached.is_empty() {
                    i += 1;
                    args.get(i - 1).map(|w| w.value.as_str())
                } else {
                    Some(attached)
                };
                match c {
                    'o' => outputs.extend(value),
                    'w' => d.writes_out = true,
                    'K' => d.opaque = true,
                    _ => {}
                }
                break;
            }
            match c {
                'f' => d.fail = true,
                'O' => remote_name = true,
                'J' => d.opaque = true,
                'I' | 'V' | 'h' | 'M' => d.no_body = true,
                _ => {}
            }
        }
    }
    for output in outputs {
        if output == "-" {
            d.to_stdout = true;
        } else {
            d.files.push(in_dir(output_dir, output));
        }
    }
    if remote_name {
        d.files.extend(
            d.urls
                .iter()
                .filter_map(|u| url_file_name(&u.value))
                .map(|n| in_dir(output_dir, &n)),
        );
    } else if d.files.is_empty() {
        d.to_stdout = true;
    }
    d
}

fn wget(args: &[Word]) -> Download<'_> {
    let mut d = Download {
        tool: Tool::Wget,
        files: Vec::new(),
        to_stdout: false,
        urls: Vec::new(),
        fail: true,
        no_body: false,
        writes_out: false,
        opaque: false,
    };
    let mut output = None;
    let mut prefix = None;
    let mut i = 0;
    while let Some(word) = args.get(i) {
        i += 1;
        let v = word.value.as_str();
        if let Some(long) = v.strip_prefix("--").filter(|l| !l.is_empty()) {
            let (name, value) = match long.split_once('=') {
                Some((name, value)) => (name, Some(value)),
                None if WGET_LONG_VALUE.contains(&long) => {
                    i += 1;
                    (long, args.get(i - 1).map(|w| w.value.as_str()))
                }
                None => (long, None),
            };
            match name {
                "output-document" => output = value,
                "directory-prefix" => prefix = value,
                "spider" | "version" | "help" => d.no_body = true,
                "input-file" | "config" | "execute" | "content-disposition" | "recursive" | "mirror" => {
                    d.opaque = true;
                }
                _ => {}
            }
            continue;
        }
        let Some(cluster) = v.strip_prefix('-').filter(|c| !c.is_empty() && !c.starts_with('-')) else {
            if v != "--" {
                d.urls.push(word);
            }
            continue;
        };
        // `-nv`, `-nc`, `-nd`, `-np`, `-nH`: two-letter options.
        if cluster.len() == 2 && cluster.starts_with('n') {
            continue;
        }
        for (at, c) in cluster.char_indices() {
            if WGET_SHORT_VALUE.contains(c) {
                let attached = &cluster[at + c.len_utf8()..];
                let value = if attached.is_empty() {
                    i += 1;
                    args.get(i - 1).map(|w| w.value.as_str())
                } else {
                    Some(attached)
                };
                match c {
                    'O' => output = value,
                    'P' => prefix = value,
                    'i' | 'e' => d.opaque = true,
                    _ => {}
                }
                break;
            }
            match c {
                'V' | 'h' => d.no_body = true,
                'r' | 'm' => d.opaque = true,
                _ => {}
            }
        }
    }
    match output {
        Some("-") => d.to_stdout = true,
        Some(file) => d.files.push(file.to_owned()),
        None => d.files.extend(
            d.urls
                .iter()
                .filter_map(|u| url_file_name(&u.value))
                .map(|n| in_dir(prefix, &n)),
        ),
    }
    d
}

fn in_dir(dir: Option<&str>, file: &str) -> String {
    match dir {
        Some(dir) if !file.starts_with('/') => format!("{}/{file}", dir.trim_end_matches('/')),
        _ => file.to_owned(),
    }
}

/// The file name a download of `url` is saved under by `curl -O` or `wget`: the last path
/// segment, query and fragment left out. `None` when the URL ends with `/` or has no path.
pub(super) fn url_file_name(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = rest.split(['?', '#']).next().unwrap_or("");
    let (_, path) = path.split_once('/')?;
    let name = path.rsplit('/').next().unwrap_or("");
    (!name.is_empty()).then(|| name.to_owned())
}

/// Whether the word names the downloaded `file`: the same path, or the same last component
/// (`cd /tmp && curl -o /tmp/x.tgz ... && tar -xf x.tgz`).
pub(super) fn names_file(word: &str, file: &str) -> bool {
    let clean = |s: &str| s.strip_prefix("./").unwrap_or(s).to_owned();
    let (word, file) = (clean(word), clean(file));
    if word.is_empty() || file.is_empty() {
        return false;
    }
    word == file || last_component(&word) == last_component(&file)
}

fn last_component(path: &str) -> &str {
    path.trim_end_matches('/').rsplit('/').next().unwrap_or(path)
}

/// Whether the command's standard output is used: piped on, redirected to a file other than
/// `/dev/null`, or captured by a command substitution.
pub(super) fn stdout_used(command: &Command) -> bool {
    if command.pipe_out || command.scope == Scope::Substitution {
        return true;
    }
    command.redirects.iter().any(|r| {
        let to_stdout_fd =
            matches!(r.operator.as_str(), ">" | ">>" | ">|" | "&>" | "&>>") && r.fd.is_none_or(|fd| fd == 1);
        to_stdout_fd
            && r.target
                .as_ref()
                .is_some_and(|t| t.value != "/dev/null" && !t.value.starts_with('&'))
    })
}

/// A checksum or signature check: a checksum tool (`sha256sum -c`, or a hash computed and
/// compared), `gpg --verify`, `gpgv`, `cosign verify`, `minisign -V`, `rpm -K`, pip's hashes...
pub(super) fn verifies(command: &Command) -> bool {
    let program = command.effective_program();
    let operand = |n: usize| command.operands().nth(n).map(|w| w.value.as_str());
    match program {
        "sha1sum" | "sha224sum" | "sha256sum" | "sha384sum" | "sha512sum" | "md5sum" | "b2sum" | "shasum" | "cksum"
        | "rhash" | "gpgv" | "gpgv2" | "sqv" | "slsa-verifier" | "debsig-verify" | "pgpv" => true,
        "gpg" | "gpg2" => command.flag(&[], &["verify", "verify-files"]).is_some(),
        "cosign" | "notation" | "sq" | "sigstore" => operand(0).is_some_and(|o| o.starts_with("verify")),
        "gh" => operand(0) == Some("attestation"),
        "minisign" | "signify" | "signify-openbsd" => command.flag(&['V'], &[]).is_some(),
        "openssl" => matches!(
            operand(0),
            Some("dgst" | "sha1" | "sha256" | "sha384" | "sha512" | "md5" | "smime" | "cms")
        ),
        "rpm" => command.flag(&['K'], &["checksig"]).is_some(),
        "ssh-keygen" => command.flag_value(&['Y'], &[]) == Some("verify"),
        "dpkg-sig" => command.flag(&[], &["verify"]).is_some(),
        "pip" | "pip3" | "python" | "python3" => command
            .effective_args()
            .iter()
            .any(|w| w.value == "--require-hashes" || w.value.starts_with("--hash")),
        _ => false,
    }
}

/// Whether a command after command `i` checks `file` against a checksum or signature: a check
/// that names it (`gpg --verify x.asc x`, `sha256sum -c x.sha256`), or one that reads a line
/// naming it from a pipe (`echo "$SHA *x.tgz" | sha256sum -c -`).
pub(super) fn verified_later(script: &Script, i: usize, file: &str) -> bool {
    let name = file.rsplit('/').next().unwrap_or(file);
    if name.is_empty() {
        return false;
    }
    let mentions = |c: &Command| c.effective_args().iter().any(|w| w.value.contains(name));
    script.commands.iter().skip(i + 1).filter(|c| verifies(c)).any(|check| {
        mentions(check)
            || script
                .pipeline_of(check)
                .is_some_and(|p| p.commands.iter().filter_map(|&j| script.commands.get(j)).any(&mentions))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::shell::SourceMap;

    fn first(text: &str) -> Script {
        Script::parse(text.to_owned(), SourceMap::identity(0, text.len()))
    }

    fn read(text: &str) -> (Vec<String>, bool, bool) {
        let script = first(text);
        let Some(d) = script.commands.first().and_then(download) else {
            panic!("no download in {text}");
        };
        (d.files, d.to_stdout, d.fail)
    }

    #[test]
    fn curl_outputs_and_fail() {
        assert_eq!(read("curl -fsSL https://x/a.sh"), (vec![], true, true));
        assert_eq!(
            read("curl -sSLo /tmp/a.tgz https://x/a.tgz"),
            (vec!["/tmp/a.tgz".to_owned()], false, false)
        );
        assert_eq!(
            read("curl -sSL -H 'X-f: y' -O https://x/dl/b.zip?x=1"),
            (vec!["b.zip".to_owned()], false, false)
        );
        assert_eq!(
            read("curl --output-dir /opt -O --fail-with-body https://x/c.tgz"),
            (vec!["/opt/c.tgz".to_owned()], false, true)
        );
        // `-o` takes the rest of the cluster: `-of` writes to the file `f`.
        assert_eq!(read("curl -of https://x/"), (vec!["f".to_owned()], false, false));
        assert_eq!(read("curl -o - https://x/"), (vec![], true, false));
    }

    #[test]
    fn wget_outputs() {
        assert_eq!(read("wget -qO- https://x/a.sh"), (vec![], true, true));
        assert_eq!(
            read("wget -nv -O /tmp/a.tgz https://x/a.tgz"),
            (vec!["/tmp/a.tgz".to_owned()], false, true)
        );
        assert_eq!(
            read("wget -q -P /tmp https://x/y/node-v20.tar.xz"),
            (vec!["/tmp/node-v20.tar.xz".to_owned()], false, true)
        );
        assert_eq!(
            read("wget --output-document=x.deb https://x/y"),
            (vec!["x.deb".to_owned()], false, true)
        );
    }

    #[test]
    fn file_names() {
        assert_eq!(url_file_name("https://x.org/a/b.tgz?sig=1").as_deref(), Some("b.tgz"));
        assert_eq!(url_file_name("https://x.org/"), None);
        assert_eq!(url_file_name("https://x.org"), None);
        assert!(names_file("./install.sh", "/tmp/install.sh"));
        assert!(names_file("${NODE}.tar.xz", "${NODE}.tar.xz"));
        assert!(!names_file("/tmp/a.tgz", "/tmp/b.tgz"));
    }
}
