//! The documentation that hover, completion and signature help show: one Markdown file per topic
//! and language under `server/docs/<lang>/`, embedded at build time, and the short phrases those
//! features assemble (`server/docs/<lang>/labels.txt`). Every topic exists in both languages:
//! `include_str!` refuses to build otherwise, and a test rejects files missing from the table.

use crate::analysis::config::Locale;

struct Topic {
    key: &'static str,
    en: &'static str,
    zh: &'static str,
}

macro_rules! topics {
    ($($key:literal),* $(,)?) => {
        /// Sorted by key (a test keeps it so), for binary search.
        static TOPICS: &[Topic] = &[$(Topic {
            key: $key,
            en: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/en/", $key, ".md")),
            zh: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/zh-CN/", $key, ".md")),
        }),*];
    };
}

topics! {
    "args/BUILDARCH",
    "args/BUILDKIT_CACHE_MOUNT_NS",
    "args/BUILDKIT_CONTEXT_KEEP_GIT_DIR",
    "args/BUILDKIT_DOCKERFILE_CHECK",
    "args/BUILDKIT_HISTORY_PROVENANCE_V1",
    "args/BUILDKIT_INLINE_CACHE",
    "args/BUILDKIT_MULTI_PLATFORM",
    "args/BUILDKIT_SANDBOX_HOSTNAME",
    "args/BUILDKIT_SYNTAX",
    "args/BUILDOS",
    "args/BUILDPLATFORM",
    "args/BUILDVARIANT",
    "args/SOURCE_DATE_EPOCH",
    "args/TARGETARCH",
    "args/TARGETOS",
    "args/TARGETPLATFORM",
    "args/TARGETVARIANT",
    "args/proxy",
    "directives/check",
    "directives/escape",
    "directives/syntax",
    "flags/checksum",
    "flags/chmod",
    "flags/chown",
    "flags/device",
    "flags/exclude",
    "flags/from",
    "flags/interval",
    "flags/keep-git-dir",
    "flags/link",
    "flags/mount",
    "flags/network",
    "flags/parents",
    "flags/platform",
    "flags/retries",
    "flags/security",
    "flags/start-interval",
    "flags/start-period",
    "flags/timeout",
    "flags/unpack",
    "images/alpine",
    "images/debian",
    "images/distroless",
    "images/eclipse-temurin",
    "images/golang",
    "images/nginx",
    "images/node",
    "images/postgres",
    "images/python",
    "images/redis",
    "images/rust",
    "images/scratch",
    "images/ubuntu",
    "instructions/add",
    "instructions/arg",
    "instructions/cmd",
    "instructions/copy",
    "instructions/entrypoint",
    "instructions/env",
    "instructions/expose",
    "instructions/from",
    "instructions/healthcheck",
    "instructions/label",
    "instructions/maintainer",
    "instructions/onbuild",
    "instructions/run",
    "instructions/shell",
    "instructions/stopsignal",
    "instructions/user",
    "instructions/volume",
    "instructions/workdir",
    "mounts/bind",
    "mounts/bind/from",
    "mounts/bind/rw",
    "mounts/bind/source",
    "mounts/bind/target",
    "mounts/cache",
    "mounts/cache/from",
    "mounts/cache/gid",
    "mounts/cache/id",
    "mounts/cache/mode",
    "mounts/cache/ro",
    "mounts/cache/sharing",
    "mounts/cache/source",
    "mounts/cache/target",
    "mounts/cache/uid",
    "mounts/secret",
    "mounts/secret/env",
    "mounts/secret/gid",
    "mounts/secret/id",
    "mounts/secret/mode",
    "mounts/secret/required",
    "mounts/secret/target",
    "mounts/secret/uid",
    "mounts/ssh",
    "mounts/ssh/gid",
    "mounts/ssh/id",
    "mounts/ssh/mode",
    "mounts/ssh/required",
    "mounts/ssh/target",
    "mounts/ssh/uid",
    "mounts/tmpfs",
    "mounts/tmpfs/size",
    "mounts/tmpfs/target",
}

/// The Markdown of a topic (`instructions/run`, `flags/mount`, `mounts/cache/sharing`, ...).
pub fn topic(key: &str, locale: Locale) -> Option<&'static str> {
    let i = TOPICS.binary_search_by(|t| t.key.cmp(key)).ok()?;
    let t = &TOPICS[i];
    Some(match locale {
        Locale::En => t.en,
        Locale::ZhHans => t.zh,
    })
}

/// Every topic key, sorted.
pub fn keys() -> impl Iterator<Item = &'static str> {
    TOPICS.iter().map(|t| t.key)
}

/// The first paragraph of prose of a topic, on one line: the one-line description that
/// completion details and signature help show.
pub fn summary(key: &str, locale: Locale) -> Option<String> {
    let text = topic(key, locale)?;
    let mut in_fence = false;
    let mut lines = Vec::new();
    for line in text.lines() {
        if line.starts_with("```") {
            in_fence = !in_fence;
            if !lines.is_empty() {
                break;
            }
            continue;
        }
        if in_fence {
            continue;
        }
        if line.trim().is_empty() {
            if lines.is_empty() {
                continue;
            }
            break;
        }
        lines.push(line.trim());
    }
    (!lines.is_empty()).then(|| lines.join(" "))
}

/// The syntax lines of a topic: the code block it opens with (`RUN [OPTIONS] <command> ...`).
/// The same in every language, so read from the English file.
pub fn forms(key: &str) -> Vec<&'static str> {
    let Some(text) = topic(key, Locale::En) else {
        return Vec::new();
    };
    let mut lines = text.lines();
    if !lines.next().is_some_and(|l| l.starts_with("```")) {
        return Vec::new();
    }
    lines.take_while(|l| !l.starts_with("```")).collect()
}

static LABELS_EN: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/en/labels.txt"));
static LABELS_ZH: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/zh-CN/labels.txt"));

macro_rules! labels {
    ($($variant:ident => $key:literal,)*) => {
        /// A phrase of the user interface, looked up in `labels.txt` of the locale. Placeholders
        /// are written `{name}` and filled by [`Label::fill`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Label { $($variant,)* }

        impl Label {
            pub const ALL: &'static [Label] = &[$(Label::$variant,)*];

            pub const fn key(self) -> &'static str {
                match self { $(Label::$variant => $key,)* }
            }
        }
    };
}

labels! {
    VarArg => "var.arg",
    VarEnv => "var.env",
    VarPredefined => "var.predefined",
    VarUnknown => "var.unknown",
    VarValue => "var.value",
    VarEmpty => "var.empty",
    VarNoValue => "var.no-value",
    VarSetByBuilder => "var.set-by-builder",
    VarProxy => "var.proxy",
    VarFromArg => "var.from-arg",
    VarFromGlobalArg => "var.from-global-arg",
    VarFromEnv => "var.from-env",
    VarInherited => "var.inherited",
    VarUndeclaredPlatform => "var.undeclared-platform",
    VarUnknownBody => "var.unknown-body",
    VarNoDefault => "var.no-default",
    StageTitle => "stage.title",
    StageTitleUnnamed => "stage.title-unnamed",
    StageDefined => "stage.defined",
    StageBaseImage => "stage.base-image",
    StageBaseStage => "stage.base-stage",
    StageBaseScratch => "stage.base-scratch",
    ImageTitle => "image.title",
    ImageRegistry => "image.registry",
    ImageNamespace => "image.namespace",
    ImageRepository => "image.repository",
    ImageTag => "image.tag",
    ImageDigest => "image.digest",
    ImageImplicitRegistry => "image.implicit-registry",
    ImageImplicitNamespace => "image.implicit-namespace",
    ImageImplicitTag => "image.implicit-tag",
    ImageDigestPins => "image.digest-pins",
    ImageFull => "image.full",
    ImageResolved => "image.resolved",
    PortTitle => "port.title",
    PortRangeTitle => "port.range-title",
    PortProtocol => "port.protocol",
    PortProtocolDefault => "port.protocol-default",
    PortService => "port.service",
    PortNote => "port.note",
    RuleTitle => "rule.title",
    DetailStage => "detail.stage",
    DetailSignal => "detail.signal",
    DetailBaseImage => "detail.base-image",
    DetailTag => "detail.tag",
    DetailDirective => "detail.directive",
    DetailHealthcheckCmd => "detail.healthcheck-cmd",
    DetailHealthcheckNone => "detail.healthcheck-none",
    DetailStageAlias => "detail.stage-alias",
    RenamePredefined => "rename.predefined",
    RenameUnnamedStage => "rename.unnamed-stage",
    RenameStageIndex => "rename.stage-index",
    RenameIndirect => "rename.indirect",
    RenameInvalidStage => "rename.invalid-stage",
    RenameReserved => "rename.reserved",
    RenameStageExists => "rename.stage-exists",
    RenameImageExists => "rename.image-exists",
    RenameInvalidVariable => "rename.invalid-variable",
    RenameVariablePredefined => "rename.variable-predefined",
    RenameVariableExists => "rename.variable-exists",
    RenameVariableUsed => "rename.variable-used",
    RenameInvalidHeredoc => "rename.invalid-heredoc",
    RenameHeredocBody => "rename.heredoc-body",
    RenameHeredocExists => "rename.heredoc-exists",
    LensLayer => "lens.layer",
    LensLayers => "lens.layers",
    LensUsedBy => "lens.used-by",
    LensUnused => "lens.unused",
    LensFinal => "lens.final",
    LinkDockerHub => "link.docker-hub",
    LinkRegistry => "link.registry",
    LensContext => "lens.context",
    LensContextTally => "lens.context-tally",
    LensContextTruncated => "lens.context-truncated",
    LensContextSent => "lens.context-sent",
    LensContextNoIgnore => "lens.context-no-ignore",
    LensContextMeasuring => "lens.context-measuring",
}

impl Label {
    /// The phrase in `locale`, falling back to English (a test keeps both files complete).
    pub fn text(self, locale: Locale) -> &'static str {
        let file = match locale {
            Locale::En => LABELS_EN,
            Locale::ZhHans => LABELS_ZH,
        };
        lookup(file, self.key())
            .or_else(|| lookup(LABELS_EN, self.key()))
            .unwrap_or(self.key())
    }

    /// The phrase with its `{name}` placeholders replaced.
    pub fn fill(self, locale: Locale, args: &[(&str, &str)]) -> String {
        let mut out = self.text(locale).to_string();
        for (name, value) in args {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }
}

/// `key = text` lines; `#` starts a comment line.
fn lookup(file: &'static str, key: &str) -> Option<&'static str> {
    file.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once(" = "))
        .find(|(k, _)| k.trim() == key)
        .map(|(_, v)| v.trim())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;

    fn files_under(root: &Path) -> BTreeSet<String> {
        fn walk(dir: &Path, root: &Path, out: &mut BTreeSet<String>) {
            let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, root, out);
                } else if path.extension().is_some_and(|e| e == "md") {
                    let rel = path.strip_prefix(root).unwrap_or(&path).with_extension("");
                    out.insert(rel.to_string_lossy().replace('\\', "/"));
                }
            }
        }
        let mut out = BTreeSet::new();
        walk(root, root, &mut out);
        out
    }

    #[test]
    fn table_is_sorted_and_lists_every_file_of_both_languages() {
        for pair in TOPICS.windows(2) {
            assert!(
                pair[0].key < pair[1].key,
                "{} must come before {}",
                pair[1].key,
                pair[0].key
            );
        }
        let listed: BTreeSet<String> = keys().map(str::to_string).collect();
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
        for lang in ["en", "zh-CN"] {
            let on_disk = files_under(&docs.join(lang));
            assert_eq!(on_disk, listed, "docs/{lang} and the topic table differ");
        }
    }

    #[test]
    fn every_topic_has_a_summary_in_both_languages_and_they_differ() {
        for key in keys() {
            let en = summary(key, Locale::En).unwrap_or_else(|| panic!("{key}: no English summary"));
            let zh = summary(key, Locale::ZhHans).unwrap_or_else(|| panic!("{key}: no Chinese summary"));
            assert_ne!(en, zh, "{key}: the Chinese text is the English one");
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{key}: the Chinese summary has no Chinese: {zh}"
            );
        }
    }

    #[test]
    fn both_languages_share_the_syntax_block() {
        for key in keys() {
            let syntax = |text: &str| -> Vec<String> {
                let mut lines = text.lines();
                if !lines.next().is_some_and(|l| l.starts_with("```")) {
                    return Vec::new();
                }
                lines
                    .take_while(|l| !l.starts_with("```"))
                    .map(str::to_string)
                    .collect()
            };
            let en = topic(key, Locale::En).map(syntax);
            let zh = topic(key, Locale::ZhHans).map(syntax);
            assert_eq!(en, zh, "{key}: the syntax blocks differ");
        }
    }

    #[test]
    fn instructions_link_to_the_reference_and_say_whether_they_add_a_layer() {
        for key in keys().filter(|k| k.starts_with("instructions/")) {
            let en = topic(key, Locale::En).unwrap_or_default();
            let zh = topic(key, Locale::ZhHans).unwrap_or_default();
            assert!(
                en.contains("https://docs.docker.com/reference/dockerfile/#"),
                "{key}: no reference link"
            );
            assert!(
                zh.contains("https://docs.docker.com/reference/dockerfile/#"),
                "{key}: no reference link"
            );
            assert!(
                en.contains("**Adds a layer:**"),
                "{key}: English docs do not say if it adds a layer"
            );
            assert!(
                zh.contains("**是否新增一层：**"),
                "{key}: Chinese docs do not say if it adds a layer"
            );
            assert!(!forms(key).is_empty(), "{key}: no syntax block");
        }
    }

    #[test]
    fn every_label_exists_in_both_languages_with_the_same_placeholders() {
        let placeholders = |s: &str| -> BTreeSet<String> {
            s.split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}'))
                .map(|(n, _)| n.to_string())
                .collect()
        };
        for label in Label::ALL {
            let en = lookup(LABELS_EN, label.key()).unwrap_or_else(|| panic!("{}: missing in en", label.key()));
            let zh = lookup(LABELS_ZH, label.key()).unwrap_or_else(|| panic!("{}: missing in zh-CN", label.key()));
            assert_eq!(
                placeholders(en),
                placeholders(zh),
                "{}: placeholders differ",
                label.key()
            );
        }
        for file in [LABELS_EN, LABELS_ZH] {
            for line in file.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
                let key = line.split_once(" = ").map(|(k, _)| k.trim()).unwrap_or(line);
                assert!(Label::ALL.iter().any(|l| l.key() == key), "unused label {key}");
            }
        }
    }

    #[test]
    fn fill_replaces_placeholders() {
        assert_eq!(
            Label::VarFromArg.fill(Locale::En, &[("line", "3")]),
            "Declared by `ARG` on line 3"
        );
        assert_eq!(
            Label::VarFromArg.fill(Locale::ZhHans, &[("line", "3")]),
            "由第 3 行的 `ARG` 声明"
        );
    }

    #[test]
    fn forms_come_from_the_opening_code_block() {
        assert_eq!(
            forms("instructions/healthcheck"),
            ["HEALTHCHECK [OPTIONS] CMD <command>", "HEALTHCHECK NONE"]
        );
        assert!(forms("mounts/cache/id").is_empty());
    }
}
