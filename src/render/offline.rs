//! Guides that open in airplane mode: a service worker (`sw.js` at the ward
//! root, so its scope is the whole ward) pre-caches the pages of running
//! campaigns, and an offline page (`ngoai-tuyen.html`) says which ones.
//!
//! Everything the worker needs is decided here, from the files actually
//! written: the list to pre-cache and a build hash in the cache name. A new
//! build with any change gets a new cache name, so the browser installs the
//! new worker and drops the old cache. HTML is always fetched from the
//! network first, so a rebuilt page is never hidden behind a cached one.
//! The worker is only registered over http(s) (`assets/offline.js`), never
//! from `file://`.

use serde::Serialize;
use tera::Context;

use super::view::{self, path, Status};
use super::WardRenderer;
use crate::error::Diagnostic;
use crate::write::Output;

/// The worker's fixed code; [`sw_js`] puts the generated constants above it.
const SW_CODE: &str = include_str!("sw.js");

/// Where the worker goes, relative to the ward root.
pub const SW_PATH: &str = "sw.js";

/// A pre-cached page as the offline page lists it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PageRef {
    pub title: String,
    pub path: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CampaignPages {
    pub name: String,
    pub pages: Vec<PageRef>,
}

/// What one ward's worker pre-caches, by kind for the offline page.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Precache {
    pub campaigns: Vec<CampaignPages>,
    pub locations: Vec<PageRef>,
    pub posters: Vec<PageRef>,
    /// Home, search, offline page: always there.
    pub general: Vec<PageRef>,
    /// Every other file (CSS, scripts, the search index), by path.
    pub assets: Vec<String>,
}

impl Precache {
    /// Every path, sorted and without repeats.
    pub fn paths(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .general
            .iter()
            .chain(self.campaigns.iter().flat_map(|c| c.pages.iter()))
            .chain(&self.locations)
            .chain(&self.posters)
            .map(|p| p.path.clone())
            .chain(self.assets.iter().cloned())
            .collect();
        v.sort();
        v.dedup();
        v
    }
}

/// FNV-1a, 64 bits: tiny, stable across Rust versions and platforms (unlike
/// `DefaultHasher`), and enough to tell one build's output from another.
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    pub fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
    pub fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
    /// FNV-1a over 8-byte words instead of bytes (the tail byte by byte):
    /// not the published FNV, but as good a change detector, and 8 times
    /// fewer multiplications, which matters when hashing a whole ward's
    /// output on every build (3,321 wards in a national build).
    pub fn write_words(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut b = [0u8; 8];
            b.copy_from_slice(w);
            self.0 ^= u64::from_le_bytes(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self.write(words.remainder());
    }
}

/// Hash of every file of the ward (path and bytes) except the worker
/// itself. Any change to any page, not only pre-cached ones, makes a new
/// cache, so pages cached while browsing never outlive their build.
pub fn build_hash(out: &Output, prefix: &str) -> String {
    let mut h = Fnv::default();
    let sw = format!("{prefix}{SW_PATH}");
    for p in out.paths() {
        if !p.starts_with(prefix) || p == sw {
            continue;
        }
        let bytes = out.get(p).unwrap_or_default();
        h.write(p.as_bytes());
        h.write(&[0]);
        h.write(&(bytes.len() as u64).to_le_bytes());
        h.write_words(bytes);
    }
    h.hex()
}

/// The text of the first `<h1>` of a page Loa wrote, without the subtitle
/// `<span>` some pages put in it.
pub fn h1_text(html: &str) -> Option<String> {
    // memmem, not `str::find`: this runs over every page of the ward.
    let start = memchr::memmem::find(html.as_bytes(), b"<h1")?;
    let rest = &html[start..];
    let open_end = rest.find('>')? + 1;
    let inner = &rest[open_end..memchr::memmem::find(rest.as_bytes(), b"</h1>")?];
    let main = inner.split('<').next().unwrap_or("").trim();
    let text = if main.is_empty() {
        strip_tags(inner)
    } else {
        main.to_string()
    };
    let text = unescape(&text);
    (!text.is_empty()).then_some(text)
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Undoes Tera's escaping, so the offline page does not escape twice.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

/// The worker: generated constants, then the fixed code.
pub fn sw_js(ward_id: &str, hash: &str, precache: &[String]) -> String {
    // Ids are ASCII slugs, so `:` cannot occur in them: one ward's prefix
    // never matches another ward's caches on the same origin.
    let prefix = format!("loa:{ward_id}:");
    let list = serde_json::to_string(precache).unwrap_or_else(|_| "[]".into());
    format!(
        "const PREFIX = {p};\nconst CACHE = {c};\nconst PRECACHE = {list};\n{SW_CODE}",
        p = serde_json::Value::from(prefix.clone()),
        c = serde_json::Value::from(format!("{prefix}{hash}")),
    )
}

impl WardRenderer<'_> {
    /// Decides what is pre-cached from the files written so far.
    fn precache(&self) -> Precache {
        let out = &*self.out;
        let prefix = self.prefix;
        let exists = |p: &str| out.get(&format!("{prefix}{p}")).is_some();
        let page = |p: &str| -> Option<PageRef> {
            // Loa's own pages are UTF-8; checking is cheap, copying is not.
            let html = simdutf8::basic::from_utf8(out.get(&format!("{prefix}{p}"))?).ok()?;
            Some(PageRef {
                title: h1_text(html).unwrap_or_else(|| p.to_string()),
                path: p.to_string(),
            })
        };
        let html_under = |dir: &str| -> Vec<String> {
            let full = format!("{prefix}{dir}");
            out.paths()
                .filter(|p| p.starts_with(&full) && p.ends_with(".html"))
                .map(|p| p[prefix.len()..].to_string())
                .collect()
        };

        let mut pc = Precache::default();
        for p in [path::home(), path::search(), path::offline()] {
            if exists(&p) {
                pc.general.push(PageRef {
                    title: String::new(),
                    path: p,
                });
            }
        }
        let active: Vec<_> = view::ordered(self.ward, self.today)
            .into_iter()
            .filter(|c| view::status(c, self.today) == Status::Active)
            .collect();
        let mut locations: Vec<String> = Vec::new();
        for c in &active {
            // The campaign page first, then everything under its folder:
            // schedule, guides, and posters or progress pages if present.
            let main = path::campaign(&c.id.0);
            let mut paths = vec![main.clone()];
            paths.extend(
                html_under(&format!("chien-dich/{}/", c.id))
                    .into_iter()
                    .filter(|p| *p != main),
            );
            pc.campaigns.push(CampaignPages {
                name: c.name().to_string(),
                pages: paths.iter().filter_map(|p| page(p)).collect(),
            });
            for s in &c.schedules {
                let mut ids = vec![&s.location];
                if let Some(l) = self.ward.location(&s.location) {
                    ids.extend(l.alternatives.iter().flat_map(|a| a.locations.iter()));
                }
                for id in ids {
                    let p = path::location(&id.0);
                    if !locations.contains(&p) {
                        locations.push(p);
                    }
                }
            }
        }
        pc.locations = locations.iter().filter_map(|p| page(p)).collect();
        // Posters outside campaign folders: keep those of running campaigns
        // and those of no campaign in particular (the poster index).
        let ids: Vec<&str> = self.ward.campaigns.iter().map(|c| c.id.as_str()).collect();
        let active_ids: Vec<&str> = active.iter().map(|c| c.id.as_str()).collect();
        let names = |p: &str, set: &[&str]| {
            p.split('/')
                .any(|seg| set.iter().any(|id| seg.starts_with(id)))
        };
        pc.posters = html_under("ap-phich/")
            .into_iter()
            .filter(|p| names(p, &active_ids) || !names(p, &ids))
            .filter_map(|p| page(&p))
            .collect();
        pc.assets = out
            .paths()
            .filter(|p| p.starts_with(&format!("{prefix}assets/")))
            .map(|p| p[prefix.len()..].to_string())
            .collect();
        pc
    }

    /// The offline page: after every page it lists is written.
    pub(super) fn offline_page(&mut self) -> Result<(), Diagnostic> {
        let mut ctx = Context::new();
        ctx.insert("precache", &self.precache());
        self.page("offline.html", &path::offline(), ctx)
    }

    /// The worker. Must run after every other file of the ward is written:
    /// it lists and hashes them.
    pub(super) fn service_worker(&mut self) {
        // `loa serve` does not serve it, and hashing every file is slow.
        if !(self.wanted)(SW_PATH) {
            return;
        }
        let paths = self.precache().paths();
        let hash = build_hash(self.out, self.prefix);
        let js = sw_js(&self.ward.site.id.0, &hash, &paths);
        self.out
            .add(format!("{}{SW_PATH}", self.prefix), js.into_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn h1_without_subtitle_and_unescaped() {
        assert_eq!(
            h1_text(r#"<main><h1>Phường Tứ Minh <span class="sub">Cổng</span></h1>"#).as_deref(),
            Some("Phường Tứ Minh")
        );
        assert_eq!(
            h1_text("<h1 id=x><span>Áp</span> phích</h1>").as_deref(),
            Some("Áp phích")
        );
        assert_eq!(h1_text("<h1>A &amp; B</h1>").as_deref(), Some("A & B"));
        assert_eq!(h1_text("<p>none</p>"), None);
    }

    #[test]
    fn fnv_matches_reference_values() {
        // Published FNV-1a 64 test vectors.
        let mut h = Fnv::default();
        assert_eq!(h.hex(), "cbf29ce484222325");
        h.write(b"a");
        assert_eq!(h.hex(), "af63dc4c8601ec8c");
        let mut h = Fnv::default();
        h.write(b"foobar");
        assert_eq!(h.hex(), "85944171f73967e8");
    }

    #[test]
    fn worker_names_its_ward_cache() {
        let js = sw_js("tu-minh", "00ff", &["index.html".into()]);
        assert!(js.starts_with(
            "const PREFIX = \"loa:tu-minh:\";\nconst CACHE = \"loa:tu-minh:00ff\";\nconst PRECACHE = [\"index.html\"];\n"
        ));
    }
}
