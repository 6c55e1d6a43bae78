//! `loa new DIR`: a small working site to start from.

use std::io;
use std::path::Path;

/// Files of a new site, relative to its folder.
const FILES: &[(&str, &str)] = &[
    ("content/site.yaml", include_str!("scaffold/site.yaml")),
    (
        "content/locations.yaml",
        include_str!("scaffold/locations.yaml"),
    ),
    (
        "content/campaigns/dinh-danh-6-14.yaml",
        include_str!("scaffold/campaign.yaml"),
    ),
    (
        "content/notices/mo-dot-cao-diem.md",
        include_str!("scaffold/notice.md"),
    ),
];

/// Creates the site; refuses a folder that already has content in it.
pub fn create(dir: &Path) -> io::Result<()> {
    if dir.join("content").exists() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} đã có thư mục content/", dir.display()),
        ));
    }
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
    }
    Ok(())
}
