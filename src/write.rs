//! Step 4 of the pipeline: put the rendered files on disk so that readers
//! never see a half-written site.
//!
//! Everything is first written into a fresh sibling folder, then swapped
//! with the previous output in one `renameat2(RENAME_EXCHANGE)` call: at every
//! instant the output path holds either the complete old site or the
//! complete new one. A build killed before the swap leaves only a stray
//! `.loa-new-*` folder, removed by the next build.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Text};

/// The whole output of a build, in memory, keyed by relative path.
#[derive(Debug, Default)]
pub struct Output {
    files: BTreeMap<String, Vec<u8>>,
}

impl Output {
    pub fn add(&mut self, path: impl Into<String>, bytes: Vec<u8>) {
        self.files.insert(path.into(), bytes);
    }
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }
    pub fn len(&self) -> usize {
        self.files.len()
    }
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }
    pub fn total_bytes(&self) -> usize {
        self.files.values().map(Vec::len).sum()
    }
    /// Moves every file of `other` into this output.
    pub fn append(&mut self, mut other: Output) {
        self.files.append(&mut other.files);
    }
}

impl IntoIterator for Output {
    type Item = (String, Vec<u8>);
    type IntoIter = std::collections::btree_map::IntoIter<String, Vec<u8>>;
    /// Hands the files over without copying (`loa serve` keeps them in memory).
    fn into_iter(self) -> Self::IntoIter {
        self.files.into_iter()
    }
}

/// Refuses output folders whose replacement would destroy something that is
/// not Loa's: the site itself, one of its parents, the home folder, `/`.
pub fn check_out_dir(out: &Path, site_root: &Path) -> Result<(), Diagnostic> {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        p.canonicalize().unwrap_or(p)
    };
    let (o, s) = (abs(out), abs(site_root));
    let home = std::env::var_os("HOME").map(PathBuf::from).map(|h| abs(&h));
    let bad = o.parent().is_none() || s.starts_with(&o) || home.as_deref() == Some(o.as_path());
    let content = s.join("content");
    if bad || o.starts_with(&content) {
        return Err(Diagnostic::error(
            out,
            0,
            0,
            Text::new(
                "không thể ghi đè thư mục này: đó là thư mục nội dung, thư mục cha của nó, thư mục gốc hoặc thư mục nhà",
                "refusing to replace this folder: it is the site, one of its parents, the root or the home folder",
            ),
        )
        .with_hint(Text::new(
            "Chọn một thư mục riêng cho kết quả, ví dụ `--out public`.",
            "Choose a separate output folder, e.g. `--out public`.",
        )));
    }
    if out.exists() && !out.is_dir() {
        return Err(Diagnostic::error(
            out,
            0,
            0,
            Text::new(
                "đường dẫn kết quả là một tệp, không phải thư mục",
                "the output path is a file, not a folder",
            ),
        )
        .with_hint(Text::new(
            "Chọn một tên thư mục khác cho `--out`.",
            "Choose another folder name for `--out`.",
        )));
    }
    if !looks_like_output(out) {
        return Err(Diagnostic::error(
            out,
            0,
            0,
            Text::new(
                "thư mục kết quả đã có tệp không phải do Loa tạo; Loa sẽ không xoá chúng",
                "the output folder holds files Loa did not make; Loa will not delete them",
            ),
        )
        .with_hint(Text::new(
            "Loa thay cả thư mục kết quả mỗi lần tạo trang. Chọn một thư mục mới hoặc trống, ví dụ `--out public`.",
            "Loa replaces the whole output folder on every build. Choose a new or empty folder, e.g. `--out public`.",
        )));
    }
    Ok(())
}

/// An output folder Loa may replace: missing, empty, or holding a previous
/// build (every build writes `index.html` at the top). Anything else may be
/// someone's documents, typed by mistake after `--out`.
fn looks_like_output(out: &Path) -> bool {
    match std::fs::read_dir(out) {
        Err(_) => true,
        Ok(mut entries) => entries.next().is_none() || out.join("index.html").is_file(),
    }
}

/// Writes `output` to `out`, replacing the previous content atomically.
pub fn write_atomic(output: &Output, out: &Path) -> io::Result<()> {
    let staging = Staging::begin(out)?;
    staging.put(output)?;
    staging.commit()
}

/// A fresh sibling folder of `out` that files are written into while the
/// build runs (ward by ward, from several threads), then swapped in whole.
/// Dropped without [`Staging::commit`], it is removed: the old output stays.
pub struct Staging {
    out: PathBuf,
    parent: PathBuf,
    dir: PathBuf,
    committed: bool,
}

impl Staging {
    pub fn begin(out: &Path) -> io::Result<Staging> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)?;
        let name = out
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("public")
            .to_string();
        remove_stale(&parent, &name);
        let dir = parent.join(format!(".loa-new-{name}-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir(&dir)?;
        Ok(Staging {
            out: out.to_path_buf(),
            parent,
            dir,
            committed: false,
        })
    }

    /// Writes every file of `output`; safe to call from several threads
    /// for disjoint sets of paths.
    pub fn put(&self, output: &Output) -> io::Result<()> {
        // Page paths come from checked ids, but this is the last gate before
        // the disk: nothing may land outside `out` (`..`, `/etc/x`, `C:\x`).
        if let Some(bad) = output.paths().find(|p| !stays_inside(p)) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write outside the output folder: {bad:?}"),
            ));
        }
        let mut made: Option<PathBuf> = None;
        for (rel, bytes) in &output.files {
            let dest = self.dir.join(rel);
            if let Some(dir) = dest.parent() {
                // Files come sorted, so siblings share the folder just made.
                if made.as_deref() != Some(dir) {
                    std::fs::create_dir_all(dir)?;
                    made = Some(dir.to_path_buf());
                }
            }
            std::fs::write(&dest, bytes)?;
        }
        Ok(())
    }

    /// Swaps the staged folder in for `out`.
    pub fn commit(mut self) -> io::Result<()> {
        sync_dir(&self.dir);
        let out = self.out.clone();
        if out.exists() {
            rustix::fs::renameat_with(
                rustix::fs::CWD,
                &self.dir,
                rustix::fs::CWD,
                &out,
                rustix::fs::RenameFlags::EXCHANGE,
            )
            .map_err(io::Error::from)?;
            // The staging path now holds the previous output.
            self.committed = true;
            std::fs::remove_dir_all(&self.dir)?;
        } else {
            std::fs::rename(&self.dir, &out)?;
            self.committed = true;
        }
        sync_dir(&self.parent);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// A relative path of plain names only: no `..`, root, drive or `.`, and
/// no backslash (a folder separator once the site is copied to Windows).
fn stays_inside(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.contains('\\')
        && !rel.contains(':')
        && Path::new(rel)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// Staging folders of builds that were killed before their swap.
fn remove_stale(parent: &Path, name: &str) {
    let prefix = format!(".loa-new-{name}-");
    if let Ok(entries) = std::fs::read_dir(parent) {
        for e in entries.filter_map(Result::ok) {
            if e.file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(&prefix))
            {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
}

fn sync_dir(dir: &Path) {
    if let Ok(f) = std::fs::File::open(dir) {
        let _ = f.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_the_output_are_refused() {
        for bad in [
            "../x.html",
            "/etc/passwd",
            "a/../../b",
            "",
            "./a",
            "a\\..\\b",
            "C:x",
        ] {
            assert!(!stays_inside(bad), "{bad}");
        }
        for ok in [
            "index.html",
            "tu-minh/chien-dich/a/index.html",
            "assets/style.css",
        ] {
            assert!(stays_inside(ok), "{ok}");
        }
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut o = Output::default();
        o.add("index.html", b"ok".to_vec());
        o.add("../escaped.html", b"no".to_vec());
        assert!(write_atomic(&o, &out).is_err());
        assert!(!dir.path().join("escaped.html").exists());
        assert!(!out.exists(), "nothing is written when one path is bad");
    }

    #[test]
    fn refuses_to_replace_folders_that_are_not_loa_output() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("content")).unwrap();
        // Documents typed after `--out` by mistake.
        let docs = dir.path().join("TaiLieu");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::write(docs.join("bao-cao.docx"), b"x").unwrap();
        let e = check_out_dir(&docs, &site).unwrap_err();
        assert!(
            e.message.vi.contains("không phải do Loa tạo"),
            "{}",
            e.message.vi
        );
        // A file, not a folder.
        let file = dir.path().join("ket-qua");
        std::fs::write(&file, b"x").unwrap();
        assert!(check_out_dir(&file, &site).is_err());
        // Missing, empty, or a previous build: fine.
        assert!(check_out_dir(&dir.path().join("public"), &site).is_ok());
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        assert!(check_out_dir(&empty, &site).is_ok());
        std::fs::write(empty.join("index.html"), b"<html>").unwrap();
        assert!(check_out_dir(&empty, &site).is_ok());
    }
}
