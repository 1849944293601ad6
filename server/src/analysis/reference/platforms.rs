//! Platforms (`FROM --platform`): what completion offers, and the operating systems and
//! architectures containerd's platform parser (which BuildKit uses) knows by name.

/// Platforms offered after `--platform=`; the automatic platform arguments come first because
/// they are what a multi-platform Dockerfile usually wants.
pub const PLATFORMS: &[&str] = &[
    "$BUILDPLATFORM",
    "$TARGETPLATFORM",
    "linux/amd64",
    "linux/arm64",
    "linux/arm/v7",
    "linux/arm/v6",
    "linux/386",
    "linux/ppc64le",
    "linux/s390x",
    "linux/riscv64",
    "windows/amd64",
];

/// Operating systems a lone platform word may name (containerd's `isKnownOS`, and `macos`,
/// which it normalizes to `darwin`). Lower case.
pub const KNOWN_OS: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "wasip1",
    "windows",
    "zos",
    "macos",
];

/// Architectures a lone platform word may name (containerd's `isKnownArch`, and the spellings
/// it normalizes: `i386`, `x86_64`, `aarch64`...). Lower case.
pub const KNOWN_ARCH: &[&str] = &[
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "ppc64",
    "ppc64le",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
    "i386",
    "x86_64",
    "x86-64",
    "aarch64",
    "armhf",
    "armel",
];
