//! Writing a file so that readers see the old or the new content, never half of it: the new
//! content goes to a temporary file in the same folder (a rename is only atomic within one file
//! system), which then replaces the original.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Replaces the content of `path`, which must exist. A symbolic link is followed, so the link
/// stays a link; the file keeps its permissions.
pub fn replace(path: &Path, contents: &[u8]) -> io::Result<()> {
    let target = fs::canonicalize(path)?;
    let permissions = fs::metadata(&target)?.permissions();
    let temp = temp_beside(&target)?;
    let written = (|| {
        let mut file = OpenOptions::new().write(true).create_new(true).open(&temp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        fs::set_permissions(&temp, permissions)?;
        fs::rename(&temp, &target)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written
}

/// Creates `path` with `contents`; fails if it exists (a fix never overwrites a file).
pub fn create(path: &Path, contents: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

fn temp_beside(target: &Path) -> io::Result<PathBuf> {
    let dir = target
        .parent()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "a file system root is not a file"))?;
    let name = target.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    Ok(dir.join(format!(".{name}.dockerfile-lsp-{}.tmp", std::process::id())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("dockerfile-lsp-atomic-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("scratch folder");
        dir
    }

    #[test]
    fn replaces_content_and_leaves_no_temporary_file() {
        let dir = scratch("replace");
        let file = dir.join("Dockerfile");
        fs::write(&file, "FROM a\r\n").expect("write");
        replace(&file, b"FROM b\r\n").expect("replace");
        assert_eq!(fs::read(&file).expect("read"), b"FROM b\r\n");
        let names: Vec<_> = fs::read_dir(&dir).expect("list").filter_map(|e| e.ok()).collect();
        assert_eq!(names.len(), 1);
        let _ = fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_stays_a_link_and_permissions_stay() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("link");
        let real = dir.join("real.Dockerfile");
        fs::write(&real, "FROM a\n").expect("write");
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).expect("chmod");
        let link = dir.join("Dockerfile");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        replace(&link, b"FROM b\n").expect("replace");
        assert!(fs::symlink_metadata(&link).expect("stat").file_type().is_symlink());
        assert_eq!(fs::read_to_string(&real).expect("read"), "FROM b\n");
        assert_eq!(fs::metadata(&real).expect("stat").permissions().mode() & 0o777, 0o640);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn create_refuses_to_overwrite() {
        let dir = scratch("create");
        let file = dir.join(".dockerignore");
        create(&file, b".git\n").expect("create");
        assert!(create(&file, b"other\n").is_err());
        assert_eq!(fs::read_to_string(&file).expect("read"), ".git\n");
        let _ = fs::remove_dir_all(&dir);
    }
}
