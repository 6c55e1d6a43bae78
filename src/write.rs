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
    Ok(())
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
