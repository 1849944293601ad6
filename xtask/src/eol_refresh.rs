//! `cargo run -p xtask -- eol-refresh`: rewrites the end-of-life table the
//! `end-of-life-base-image` rule reads (`server/src/analysis/reference/end_of_life.tsv`) from
//! [endoflife.date](https://endoflife.date): from its public API (v1,
//! `https://endoflife.date/api/v1/products/<product>/`, fetched with `curl`) when a network is
//! there, or from a checkout of its repository (`products/<product>.md`, whose YAML front matter
//! the site and the API are generated from), a work tree or a bare git directory.
//!
//! The binary never opens a socket: the table is data compiled into it, and this task, which is
//! not part of it, is the only thing that fetches.
//!
//! Which of endoflife.date's dates counts, per product, is decided here ([`PRODUCTS`]): the end
//! of the support that still brings security fixes to the official image. For Debian that is the
//! end of Debian LTS (`eoes`): LTS updates are published in the regular security archive, which
//! the `debian` image and every image built on it use, and the image keeps being rebuilt until
//! LTS ends. For Ubuntu it is the end of standard support (`eol`): the paid Expanded Security
//! Maintenance (`eoes`) is not in the `ubuntu` image. For Red Hat's UBI it is the end of
//! maintenance support (`eol`): UBI gets no Extended Life-cycle Support. For the rest, `eol`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value as Json;
use serde_yaml_ng::Value as Yaml;

/// The table, relative to the repository's root.
pub const TABLE: &str = "server/src/analysis/reference/end_of_life.tsv";

/// Which endoflife.date date ends a release's support.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// End of life (`eol`; in API v1 `eolFrom`/`isEol`).
    Eol,
    /// End of extended support (`eoes`; `eoesFrom`/`isEoes`), falling back to `eol` for a
    /// release that has none.
    Eoes,
}

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::Eol => "eol",
            Field::Eoes => "eoes",
        }
    }
}

/// The endoflife.date products the rule reads, sorted, with the date that counts for each.
pub const PRODUCTS: &[(&str, Field)] = &[
    ("alpine-linux", Field::Eol),
    ("amazon-corretto", Field::Eol),
    ("amazon-linux", Field::Eol),
    ("centos", Field::Eol),
    ("centos-stream", Field::Eol),
    ("debian", Field::Eoes),
    ("dotnet", Field::Eol),
    ("eclipse-temurin", Field::Eol),
    ("go", Field::Eol),
    ("nodejs", Field::Eol),
    ("openjdk-builds-from-oracle", Field::Eol),
    ("php", Field::Eol),
    ("python", Field::Eol),
    ("rhel", Field::Eol),
    ("ruby", Field::Eol),
    ("ubuntu", Field::Eol),
];

/// A date as endoflife.date gives it: a day, `true` (it happened, on a day not given) or `false`
/// (it has not, or no day is announced).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum When {
    Never,
    Unknown,
    On(String),
}

impl When {
    /// The table's spelling: the date, `yes` or `-`.
    fn cell(&self) -> &str {
        match self {
            When::Never => "-",
            When::Unknown => "yes",
            When::On(date) => date,
        }
    }
}

/// One release cycle, as the table keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Release {
    pub cycle: String,
    pub codename: Option<String>,
    pub released: Option<String>,
    /// Whether the release is (or becomes) a long-term support one, and since when.
    pub lts: When,
    /// The end of the support that counts for the product.
    pub end: When,
    /// The field `end` came from (a product's [`Field::Eoes`] falls back to `eol`).
    pub field: Field,
}

/// Where the data came from, for the table's header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// One line saying what was read.
    pub description: String,
    /// The date of the data: the commit's date, or the day the API generated its answers.
    pub as_of: String,
}

/// `YYYY-MM-DD`, checked loosely (the table's reader checks it exactly).
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// A table cell may hold neither a tab nor a line break.
fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A YAML scalar as text: strings as they are, numbers as written (endoflife.date quotes its
/// cycles, but `3.10` unquoted would be a float; refuse what cannot be read back exactly).
fn yaml_text(value: &Yaml) -> Option<String> {
    match value {
        Yaml::String(s) => Some(s.clone()),
        Yaml::Number(n) if n.is_i64() || n.is_u64() => Some(n.to_string()),
        _ => None,
    }
}

/// A date-or-boolean field of the front matter (`eol: 2024-06-30`, `eol: true`, absent).
fn yaml_when(value: Option<&Yaml>) -> Result<When, String> {
    match value {
        None | Some(Yaml::Null) | Some(Yaml::Bool(false)) => Ok(When::Never),
        Some(Yaml::Bool(true)) => Ok(When::Unknown),
        Some(Yaml::String(s)) if is_date(s) => Ok(When::On(s.clone())),
        Some(other) => Err(format!("not a date nor a boolean: {other:?}")),
    }
}

/// The releases in a product's Markdown file: the YAML front matter between the first two
/// `---` lines.
pub fn parse_front_matter(markdown: &str, field: Field) -> Result<Vec<Release>, String> {
    let mut lines = markdown.lines();
    if lines.next().map(str::trim_end) != Some("---") {
        return Err("no front matter (the file does not start with `---`)".into());
    }
    let yaml: Vec<&str> = lines.take_while(|l| l.trim_end() != "---").collect();
    let doc: Yaml = serde_yaml_ng::from_str(&yaml.join("\n")).map_err(|e| format!("front matter: {e}"))?;
    let releases = doc
        .get("releases")
        .and_then(Yaml::as_sequence)
        .ok_or("front matter without `releases`")?;
    releases
        .iter()
        .map(|r| {
            let cycle = r
                .get("releaseCycle")
                .and_then(yaml_text)
                .ok_or_else(|| format!("a release without a readable releaseCycle: {r:?}"))?;
            let at = |e: String| format!("release {cycle}: {e}");
            let codename = r.get("codename").and_then(yaml_text).map(|c| clean(&c));
            let released = match r.get("releaseDate") {
                Some(Yaml::String(s)) if is_date(s) => Some(s.clone()),
                None => None,
                Some(other) => return Err(at(format!("releaseDate {other:?}"))),
            };
            let lts = match r.get("lts") {
                Some(Yaml::Bool(true)) => When::Unknown,
                other => yaml_when(other).map_err(|e| at(format!("lts: {e}")))?,
            };
            let eol = yaml_when(r.get("eol")).map_err(|e| at(format!("eol: {e}")))?;
            let (end, field) = match field {
                Field::Eol => (eol, Field::Eol),
                Field::Eoes => match yaml_when(r.get("eoes")).map_err(|e| at(format!("eoes: {e}")))? {
                    When::Never => (eol, Field::Eol),
                    eoes => (eoes, Field::Eoes),
                },
            };
            Ok(Release {
                cycle: clean(&cycle),
                codename,
                released,
                lts,
                end,
                field,
            })
        })
        .collect()
}

/// A `…From` date with its `is…` flag, as API v1 gives them.
fn json_when(release: &Json, from: &str, is: &str) -> Result<When, String> {
    match release.get(from) {
        Some(Json::String(s)) if is_date(s) => return Ok(When::On(s.clone())),
        None | Some(Json::Null) => {}
        Some(other) => return Err(format!("{from}: {other}")),
    }
    Ok(match release.get(is) {
        Some(Json::Bool(true)) => When::Unknown,
        _ => When::Never,
    })
}

/// The releases in an API v1 answer for one product (`/api/v1/products/<product>/`), with the
/// day it was generated.
pub fn parse_api(json: &str, field: Field) -> Result<(Vec<Release>, Option<String>), String> {
    let doc: Json = serde_json::from_str(json).map_err(|e| format!("not JSON: {e}"))?;
    let generated = doc
        .get("generated_at")
        .and_then(Json::as_str)
        .and_then(|s| s.get(..10))
        .filter(|s| is_date(s))
        .map(str::to_owned);
    let releases = doc
        .pointer("/result/releases")
        .and_then(Json::as_array)
        .ok_or("no result.releases in the answer")?;
    let releases = releases
        .iter()
        .map(|r| {
            let cycle = r
                .get("name")
                .and_then(Json::as_str)
                .ok_or_else(|| format!("a release without a name: {r}"))?;
            let at = |e: String| format!("release {cycle}: {e}");
            let codename = r.get("codename").and_then(Json::as_str).map(clean);
            let released = r
                .get("releaseDate")
                .and_then(Json::as_str)
                .filter(|s| is_date(s))
                .map(str::to_owned);
            let lts = match r.get("isLts") {
                Some(Json::Bool(true)) => match json_when(r, "ltsFrom", "isLts").map_err(at)? {
                    When::On(date) => When::On(date),
                    _ => When::Unknown,
                },
                _ => When::Never,
            };
            let eol = json_when(r, "eolFrom", "isEol").map_err(at)?;
            let (end, field) = match field {
                Field::Eol => (eol, Field::Eol),
                Field::Eoes => match json_when(r, "eoesFrom", "isEoes").map_err(at)? {
                    When::Never => (eol, Field::Eol),
                    eoes => (eoes, Field::Eoes),
                },
            };
            Ok(Release {
                cycle: clean(cycle),
                codename,
                released,
                lts,
                end,
                field,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok((releases, generated))
}

/// The table's text.
pub fn render(source: &Source, products: &[(&str, Vec<Release>)]) -> String {
    let mut out = String::new();
    out.push_str(
        "# End-of-life dates of the releases behind base images, read by the `end-of-life-base-image`\n\
         # rule (server/src/analysis/reference/end_of_life.rs). Written by\n\
         # `cargo run -p xtask -- eol-refresh` (see xtask/src/eol_refresh.rs, which also says which\n\
         # date counts for each product): refresh it with that command rather than by hand.\n",
    );
    let _ = writeln!(out, "# source: {}", source.description);
    let _ = writeln!(out, "# as-of: {}", source.as_of);
    out.push_str(
        "#\n\
         # Columns: endoflife.date's product; the release cycle; its codename (`-`: none); its release\n\
         # date (`-`: not given); LTS (`-`: not LTS, `yes`: LTS from its release, or the day it became\n\
         # LTS); the day the support that counts ends (`-`: no end announced, `yes`: ended on a day not\n\
         # given); the endoflife.date field that day comes from.\n\
         product\tcycle\tcodename\treleased\tlts\tend\tfield\n",
    );
    for (product, releases) in products {
        for r in releases {
            let _ = writeln!(
                out,
                "{product}\t{}\t{}\t{}\t{}\t{}\t{}",
                r.cycle,
                r.codename.as_deref().unwrap_or("-"),
                r.released.as_deref().unwrap_or("-"),
                r.lts.cell(),
                r.end.cell(),
                r.field.name()
            );
        }
    }
    out
}

/// Where to read endoflife.date's data from.
pub enum Origin {
    /// The public API, through `curl`.
    Api,
    /// A checkout: a work tree with `products/`, or a git directory (its `HEAD`).
    Checkout(PathBuf),
}

/// Reads every product of [`PRODUCTS`] and renders the table.
pub fn refresh(from: &Origin) -> Result<String, String> {
    let mut products = Vec::new();
    let source = match from {
        Origin::Api => {
            let mut as_of: Option<String> = None;
            for &(product, field) in PRODUCTS {
                let url = format!("https://endoflife.date/api/v1/products/{product}/");
                let body = fetch(&url)?;
                let (releases, generated) = parse_api(&body, field).map_err(|e| format!("{url}: {e}"))?;
                as_of = as_of.max(generated);
                products.push((product, releases));
            }
            Source {
                description: "the endoflife.date API v1 (https://endoflife.date/api/v1/products/<product>/)".into(),
                as_of: as_of.ok_or("the API answers carry no generated_at date")?,
            }
        }
        Origin::Checkout(path) => {
            let checkout = Checkout::open(path)?;
            for &(product, field) in PRODUCTS {
                let file = format!("products/{product}.md");
                let text = checkout.read(&file)?;
                let releases = parse_front_matter(&text, field).map_err(|e| format!("{file}: {e}"))?;
                products.push((product, releases));
            }
            checkout.source()?
        }
    };
    Ok(render(&source, &products))
}

/// `curl`'s answer for `url`.
fn fetch(url: &str) -> Result<String, String> {
    let output = Command::new("curl")
        .args([
            "--fail",
            "--silent",
            "--show-error",
            "--location",
            "--max-time",
            "60",
            url,
        ])
        .output()
        .map_err(|e| format!("cannot run `curl` ({e}); without a network, use --checkout <endoflife.date checkout>"))?;
    if !output.status.success() {
        return Err(format!(
            "`curl {url}` failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    String::from_utf8(output.stdout).map_err(|e| format!("{url}: not UTF-8: {e}"))
}

/// A checkout of the endoflife.date repository.
enum Checkout {
    Tree(PathBuf),
    Git(PathBuf),
}

impl Checkout {
    fn open(path: &Path) -> Result<Checkout, String> {
        if path.join("products").is_dir() {
            Ok(Checkout::Tree(path.to_path_buf()))
        } else if git(path, &["rev-parse", "--verify", "HEAD"]).is_ok() {
            Ok(Checkout::Git(path.to_path_buf()))
        } else {
            Err(format!(
                "{} is neither a work tree with products/ nor a git directory",
                path.display()
            ))
        }
    }

    fn read(&self, file: &str) -> Result<String, String> {
        match self {
            Checkout::Tree(root) => {
                std::fs::read_to_string(root.join(file)).map_err(|e| format!("{}: {e}", root.join(file).display()))
            }
            Checkout::Git(dir) => git(dir, &["show", &format!("HEAD:{file}")]),
        }
    }

    /// The commit (when the checkout is one) and its date.
    fn source(&self) -> Result<Source, String> {
        let dir = match self {
            Checkout::Tree(root) | Checkout::Git(root) => root,
        };
        match git(dir, &["log", "-1", "--format=%H %cs", "HEAD"]) {
            Ok(line) => {
                let mut parts = line.split_whitespace();
                let commit = parts.next().unwrap_or_default();
                let date = parts.next().unwrap_or_default().to_owned();
                Ok(Source {
                    description: format!(
                        "endoflife.date's products/*.md front matter, read from a local copy of the endoflife-date/endoflife.date repository (not the API), commit {} ({date})",
                        commit.get(..12).unwrap_or(commit)
                    ),
                    as_of: date,
                })
            }
            Err(e) => Err(format!(
                "{}: not a git checkout, so the data has no date: {e}",
                dir.display()
            )),
        }
    }
}

/// `git -C dir args...`'s output.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).trim().to_owned());
    }
    String::from_utf8(output.stdout).map_err(|e| format!("git output is not UTF-8: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape of endoflife.date's `products/debian.md` (abridged), with a release whose
    /// LTS end is not announced yet.
    const DEBIAN_MD: &str = r#"---
title: Debian
permalink: /debian
eolColumn: Debian Security Support
eoesColumn: Debian <abbr title="Long Term Support">LTS</abbr>

auto:
  methods:
    - debian: https://salsa.debian.org/webmaster-team/webwml.git

releases:
  - releaseCycle: "14"
    codename: "Forky"
    releaseDate: 2027-08-01
    eol: false
    latest: "14.0"

  - releaseCycle: "11"
    codename: "Bullseye"
    releaseDate: 2021-08-14
    eol: 2024-08-14
    eoes: 2026-08-31
    link: https://lists.debian.org/debian-release/2024/06/msg00700.html
    latest: "11.11"
    latestReleaseDate: 2024-08-31

---

> [Debian](https://www.debian.org/) is a free operating system.
"#;

    #[test]
    fn front_matter_gives_the_date_that_counts() {
        let releases = parse_front_matter(DEBIAN_MD, Field::Eoes).expect("parsed");
        assert_eq!(
            releases,
            vec![
                Release {
                    cycle: "14".into(),
                    codename: Some("Forky".into()),
                    released: Some("2027-08-01".into()),
                    lts: When::Never,
                    end: When::Never,
                    field: Field::Eol,
                },
                Release {
                    cycle: "11".into(),
                    codename: Some("Bullseye".into()),
                    released: Some("2021-08-14".into()),
                    lts: When::Never,
                    end: When::On("2026-08-31".into()),
                    field: Field::Eoes,
                },
            ]
        );
        // With `eol` counting, the same file gives the end of security support.
        let releases = parse_front_matter(DEBIAN_MD, Field::Eol).expect("parsed");
        assert_eq!(releases[1].end, When::On("2024-08-14".into()));
    }

    #[test]
    fn front_matter_reads_lts_dates_and_booleans() {
        let md = "---\nreleases:\n  - releaseCycle: \"24\"\n    releaseDate: 2025-05-06\n    lts: 2025-10-28\n    eol: 2028-04-30\n  - releaseCycle: \"18.04\"\n    codename: \"Bionic  Beaver\"\n    lts: true\n    releaseDate: 2018-04-26\n    eol: 2023-05-31\n  - releaseCycle: 7\n    eol: true\n---\n";
        let releases = parse_front_matter(md, Field::Eol).expect("parsed");
        assert_eq!(releases[0].lts, When::On("2025-10-28".into()));
        assert_eq!(releases[1].lts, When::Unknown);
        assert_eq!(releases[1].codename.as_deref(), Some("Bionic Beaver"));
        assert_eq!(releases[2].cycle, "7");
        assert_eq!(releases[2].end, When::Unknown);
        assert_eq!(releases[2].released, None);
    }

    #[test]
    fn front_matter_refuses_what_it_cannot_read_exactly() {
        assert!(parse_front_matter("# no front matter\n", Field::Eol).is_err());
        assert!(parse_front_matter("---\ntitle: x\n---\n", Field::Eol).is_err());
        // An unquoted 3.10 is the float 3.1: refused rather than misread.
        let float = "---\nreleases:\n  - releaseCycle: 3.10\n    eol: 2026-10-31\n---\n";
        assert!(parse_front_matter(float, Field::Eol).is_err());
        let bad_date = "---\nreleases:\n  - releaseCycle: \"1\"\n    eol: soon\n---\n";
        assert!(parse_front_matter(bad_date, Field::Eol).is_err());
    }

    /// The shape of `https://endoflife.date/api/v1/products/ubuntu/` (abridged).
    const UBUNTU_API: &str = r#"{
      "schema_version": "1.2.1",
      "generated_at": "2026-08-22T09:14:03+00:00",
      "last_modified": "2026-08-20T11:00:00+00:00",
      "result": {
        "name": "ubuntu",
        "label": "Ubuntu",
        "category": "os",
        "releases": [
          {"name": "24.04", "codename": "Noble Numbat", "label": "24.04 'Noble Numbat' (LTS)",
           "releaseDate": "2024-04-25", "isLts": true, "ltsFrom": null,
           "isEoas": false, "eoasFrom": "2029-05-31", "isEol": false, "eolFrom": "2029-05-31",
           "isEoes": false, "eoesFrom": "2036-05-31", "isMaintained": true,
           "latest": {"name": "24.04.4", "date": "2026-02-12", "link": null}, "custom": null},
          {"name": "23.10", "codename": "Mantic Minotaur", "label": "23.10 'Mantic Minotaur'",
           "releaseDate": "2023-10-12", "isLts": false, "ltsFrom": null,
           "isEoas": true, "eoasFrom": "2024-07-12", "isEol": true, "eolFrom": "2024-07-12",
           "isMaintained": false, "latest": null, "custom": null},
          {"name": "4.10", "codename": "Warty Warthog", "label": "4.10",
           "releaseDate": "2004-10-20", "isLts": false, "ltsFrom": null,
           "isEol": true, "eolFrom": null, "isMaintained": false, "latest": null, "custom": null}
        ]
      }
    }"#;

    #[test]
    fn api_answers_give_the_same_releases() {
        let (releases, generated) = parse_api(UBUNTU_API, Field::Eol).expect("parsed");
        assert_eq!(generated.as_deref(), Some("2026-08-22"));
        assert_eq!(
            releases[0],
            Release {
                cycle: "24.04".into(),
                codename: Some("Noble Numbat".into()),
                released: Some("2024-04-25".into()),
                lts: When::Unknown,
                end: When::On("2029-05-31".into()),
                field: Field::Eol,
            }
        );
        assert_eq!(releases[1].lts, When::Never);
        assert_eq!(releases[1].end, When::On("2024-07-12".into()));
        // Ended, on a day the data does not give.
        assert_eq!(releases[2].end, When::Unknown);
        // Counting extended support: ESM's end where there is one, else the end of life.
        let (releases, _) = parse_api(UBUNTU_API, Field::Eoes).expect("parsed");
        assert_eq!(releases[0].end, When::On("2036-05-31".into()));
        assert_eq!(releases[0].field, Field::Eoes);
        assert_eq!(releases[1].end, When::On("2024-07-12".into()));
        assert_eq!(releases[1].field, Field::Eol);
    }

    #[test]
    fn api_lts_from_a_later_day() {
        let json = r#"{"generated_at": "2026-08-22T00:00:00Z", "result": {"releases": [
          {"name": "22", "codename": null, "releaseDate": "2024-04-24", "isLts": true, "ltsFrom": "2024-10-29",
           "isEol": false, "eolFrom": "2027-04-30"}]}}"#;
        let (releases, _) = parse_api(json, Field::Eol).expect("parsed");
        assert_eq!(releases[0].lts, When::On("2024-10-29".into()));
        assert_eq!(releases[0].codename, None);
        assert!(parse_api(r#"{"result": {}}"#, Field::Eol).is_err());
        assert!(parse_api("<html>", Field::Eol).is_err());
    }

    #[test]
    fn renders_one_row_per_release_under_a_dated_header() {
        let releases = parse_front_matter(DEBIAN_MD, Field::Eoes).expect("parsed");
        let text = render(
            &Source {
                description: "a test".into(),
                as_of: "2026-08-22".into(),
            },
            &[("debian", releases)],
        );
        assert!(text.contains("# source: a test\n# as-of: 2026-08-22\n"));
        assert!(text.ends_with(
            "product\tcycle\tcodename\treleased\tlts\tend\tfield\n\
             debian\t14\tForky\t2027-08-01\t-\t-\teol\n\
             debian\t11\tBullseye\t2021-08-14\t-\t2026-08-31\teoes\n"
        ));
    }

    #[test]
    fn the_product_list_is_sorted() {
        assert!(PRODUCTS.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
