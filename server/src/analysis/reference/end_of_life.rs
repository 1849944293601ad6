//! The end-of-life table: for each release of the operating systems and languages official
//! base images are made of, when the support that brings the image security fixes ends.
//!
//! The data is `end_of_life.tsv` next to this file, embedded in the binary (which never goes
//! online). It is generated from [endoflife.date](https://endoflife.date) by
//! `cargo run -p xtask -- eol-refresh` (`xtask/src/eol_refresh.rs` says which of its dates counts
//! for each product and why), and its header says from which source and as of which day.

use std::sync::LazyLock;

use crate::analysis::date::Date;

/// The table's text.
const TABLE: &str = include_str!("end_of_life.tsv");

/// When support ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// No end announced.
    None,
    /// It ended, on a day the data does not give.
    Past,
    On(Date),
}

/// Whether a release is a long-term support one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lts {
    No,
    /// From its release.
    Yes,
    /// From that day (Node.js releases become LTS months after they come out).
    From(Date),
}

/// One release cycle of a product.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Release {
    /// endoflife.date's product name: `debian`, `python`, `nodejs`...
    pub product: &'static str,
    /// The release cycle: `12`, `3.8`, `22.04`.
    pub cycle: &'static str,
    /// `Bookworm`, `Jammy Jellyfish`.
    pub codename: Option<&'static str>,
    pub released: Option<Date>,
    pub lts: Lts,
    pub end: End,
    /// The endoflife.date field `end` comes from (`eol`, `eoes`).
    pub field: &'static str,
}

impl Release {
    /// Whether its support has ended by `today`: the end is on or before it.
    pub fn ended(&self, today: Date) -> bool {
        match self.end {
            End::None => false,
            End::Past => true,
            End::On(end) => end <= today,
        }
    }

    /// Whether it was out by `today` (a release without a date counts as out).
    pub fn released_by(&self, today: Date) -> bool {
        self.released.is_none_or(|d| d <= today)
    }

    /// Whether it is a long-term support release by `today`.
    pub fn lts_by(&self, today: Date) -> bool {
        match self.lts {
            Lts::No => false,
            Lts::Yes => true,
            Lts::From(d) => d <= today,
        }
    }

    /// The cycle's numeric parts (`3.10` → `[3, 10]`), or `None` when it has others.
    pub fn numbers(&self) -> Option<Vec<u64>> {
        version_numbers(self.cycle)
    }
}

/// `3.10.2` → `[3, 10, 2]`; `None` unless it is dot-separated numbers.
pub fn version_numbers(text: &str) -> Option<Vec<u64>> {
    text.split('.')
        .map(|part| {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                None
            } else {
                part.parse().ok()
            }
        })
        .collect()
}

/// The table as read.
#[derive(Debug)]
pub struct Table {
    /// The day the data is from (`# as-of:`).
    pub as_of: Option<Date>,
    /// Where it came from (`# source:`).
    pub source: &'static str,
    pub releases: Vec<Release>,
    /// Lines that could not be read (1-based line numbers): none in the table we ship, which a
    /// test holds.
    pub unreadable: Vec<usize>,
}

impl Table {
    /// A product's releases, in the table's order (newest first, as endoflife.date lists them).
    pub fn product<'a, 'p>(&'a self, product: &'p str) -> impl Iterator<Item = &'a Release> + use<'a, 'p> {
        self.releases.iter().filter(move |r| r.product == product)
    }
}

/// Reads a table in the format `eol-refresh` writes.
pub fn parse(text: &'static str) -> Table {
    let mut table = Table {
        as_of: None,
        source: "",
        releases: Vec::new(),
        unreadable: Vec::new(),
    };
    let mut header_seen = false;
    for (i, line) in text.lines().enumerate() {
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim();
            if let Some(date) = comment.strip_prefix("as-of:") {
                table.as_of = Date::parse(date.trim());
            } else if let Some(source) = comment.strip_prefix("source:") {
                table.source = source.trim();
            }
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        if !header_seen && line.starts_with("product\t") {
            header_seen = true;
            continue;
        }
        match row(line) {
            Some(release) => table.releases.push(release),
            None => table.unreadable.push(i + 1),
        }
    }
    table
}

fn row(line: &'static str) -> Option<Release> {
    let cells: Vec<&'static str> = line.split('\t').collect();
    let [product, cycle, codename, released, lts, end, field] = cells.as_slice() else {
        return None;
    };
    let optional_date = |cell: &str| -> Option<Option<Date>> {
        if cell == "-" {
            Some(None)
        } else {
            Date::parse(cell).map(Some)
        }
    };
    Some(Release {
        product,
        cycle,
        codename: (*codename != "-").then_some(*codename),
        released: optional_date(released)?,
        lts: match *lts {
            "-" => Lts::No,
            "yes" => Lts::Yes,
            date => Lts::From(Date::parse(date)?),
        },
        end: match *end {
            "-" => End::None,
            "yes" => End::Past,
            date => End::On(Date::parse(date)?),
        },
        field,
    })
    .filter(|r| !r.product.is_empty() && !r.cycle.is_empty())
}

/// The table shipped in the binary.
pub static TABLE_DATA: LazyLock<Table> = LazyLock::new(|| parse(TABLE));

/// The shipped table.
pub fn table() -> &'static Table {
    &TABLE_DATA
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).expect("a date")
    }

    #[test]
    fn the_shipped_table_is_read_whole() {
        let t = table();
        assert_eq!(
            t.unreadable,
            Vec::<usize>::new(),
            "lines of end_of_life.tsv that cannot be read"
        );
        assert!(t.as_of.is_some(), "the table says as of which day it is");
        assert!(
            t.source.contains("endoflife.date"),
            "the table says where it comes from"
        );
        for product in [
            "alpine-linux",
            "amazon-corretto",
            "amazon-linux",
            "centos",
            "centos-stream",
            "debian",
            "dotnet",
            "eclipse-temurin",
            "go",
            "nodejs",
            "openjdk-builds-from-oracle",
            "php",
            "python",
            "rhel",
            "ruby",
            "ubuntu",
        ] {
            assert!(t.product(product).next().is_some(), "no {product} in the table");
        }
        // Every numbered product's cycles are numbers (the rule compares them as numbers).
        for r in &t.releases {
            assert!(
                r.numbers().is_some(),
                "{} {} is not a version number",
                r.product,
                r.cycle
            );
        }
    }

    #[test]
    fn rows_read_their_cells() {
        let t = parse(
            "# source: a test\n# as-of: 2026-08-22\nproduct\tcycle\tcodename\treleased\tlts\tend\tfield\n\
             debian\t11\tBullseye\t2021-08-14\t-\t2026-08-31\teoes\n\
             nodejs\t22\t-\t2024-04-24\t2024-10-29\t2027-04-30\teol\n\
             nodejs\t3\t-\t2015-08-04\t-\tyes\teol\n\
             go\t1.27\t-\t2026-08-19\t-\t-\teol\n\
             broken\trow\n\
             go\t1.1\t-\t2013-13-01\t-\t-\teol\n",
        );
        assert_eq!(t.as_of, Some(date("2026-08-22")));
        assert_eq!(t.source, "a test");
        assert_eq!(t.unreadable, vec![8, 9]);
        let bullseye = t.releases[0];
        assert_eq!(bullseye.codename, Some("Bullseye"));
        assert!(!bullseye.ended(date("2026-08-30")));
        assert!(bullseye.ended(date("2026-08-31")));
        let node = t.releases[1];
        assert!(!node.lts_by(date("2024-10-28")));
        assert!(node.lts_by(date("2024-10-29")));
        assert!(t.releases[2].ended(date("2000-01-01")));
        assert!(!t.releases[3].ended(date("2100-01-01")));
        assert!(!t.releases[3].released_by(date("2026-08-18")));
    }

    #[test]
    fn version_numbers_are_dot_separated_digits() {
        assert_eq!(version_numbers("3.10"), Some(vec![3, 10]));
        assert_eq!(version_numbers("2018.03"), Some(vec![2018, 3]));
        assert_eq!(version_numbers("3.1rc1"), None);
        assert_eq!(version_numbers("3..1"), None);
        assert_eq!(version_numbers(""), None);
    }
}
