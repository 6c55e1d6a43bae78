//! The site as `loa serve` holds it between rebuilds: every output file in
//! memory, plus what it takes to rebuild only what an edit can change.
//!
//! The rules, correctness first:
//! - a change under `themes/` or `templates/` reloads the theme and
//!   re-renders every ward from the models already loaded;
//! - a change inside a ward's folder reloads that ward alone (notices whose
//!   files did not change are taken from a cache, not parsed again); when
//!   only notices changed since the ward was last rendered, the edited
//!   notices' own pages are rendered and served first, then every other
//!   page of the ward except the pages of the notices that did not change
//!   (a notice page shows only its own notice and ward-wide data) and the
//!   pages of the notices list whose notices did not change; the search
//!   index re-folds only the notices read again (`search::Cache`);
//! - anything else (a new ward folder, a file at the top of the site, a
//!   `site.yaml` appearing or going, missed watcher events) re-discovers the
//!   whole site;
//! - a ward that fails keeps its last good pages, so the preview never loses
//!   a page; the errors are reported instead.
//!
//! After each step the new files are compared with the previous ones and
//! only paths whose bytes differ are reported as changed; a file whose
//! bytes did not change is left as it was (same `File`, same ETag and
//! Last-Modified), never written again. The offline
//! service worker is never rendered here (the preview does not serve it).
//! `tests/serve/site.rs` checks every kind of step against a full build.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use crate::error::{Diagnostic, Report};
use crate::load::{self, Layout, NoticeCache};
use crate::model::Ward;
use crate::render::offline::SW_PATH;
use crate::render::{self, search, view::path as page_path, Options, Theme, NOTICES_PER_PAGE};
use crate::write::Output;

/// One output file as served.
#[derive(Debug)]
pub struct File {
    pub bytes: Vec<u8>,
    /// Hash of `bytes`: the page's version, and the base of its ETag.
    pub version: u64,
    /// When these bytes first appeared in this server (HTTP Last-Modified).
    pub modified: SystemTime,
}

/// Hash of a file's bytes (stable within one `loa serve` process).
pub fn version_of(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// What one rebuild step did.
#[derive(Debug, Default, Clone)]
pub struct Outcome {
    /// Output paths added, removed or whose bytes changed, sorted.
    pub changed: Vec<String>,
    /// Of those, the pages already handed to `early` (see [`Site::update_with`]).
    pub early: Vec<String>,
    /// Whether it re-discovered the whole site, reloaded the theme, and
    /// which wards it rendered (and whether partially), for the log.
    pub full: bool,
    pub theme: bool,
    pub wards: Vec<(String, Render)>,
}

/// How a ward was rendered in one step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Render {
    /// Every page.
    All,
    /// The `first` edited notices' pages at once, then every page except
    /// those of the `kept` notices unchanged since the last render.
    Partial { first: usize, kept: usize },
    /// Failed: the last good pages are kept.
    Failed,
}

struct WardState {
    cache: NoticeCache,
    /// The model last rendered without error (for the province index).
    model: Option<Ward>,
    /// Diagnostics of the last load and render of this ward.
    report: Report,
    /// Output paths this ward owns, as last rendered.
    files: BTreeSet<String>,
    /// Notice id → cache serial, as last rendered.
    rendered: HashMap<String, u64>,
    /// Each notices list page's [`list_signatures`], as last rendered.
    lists: Vec<u64>,
    /// Each notice's search index entry.
    search: search::Cache,
    /// Something other than notices changed since the last good render, so
    /// no page may be kept.
    full_pending: bool,
    /// Files changed on disk since the last load.
    dirty: bool,
}

impl WardState {
    fn new() -> WardState {
        WardState {
            cache: {
                let mut c = NoticeCache::default();
                c.trust = true;
                c
            },
            model: None,
            report: Report::default(),
            files: BTreeSet::new(),
            rendered: HashMap::new(),
            lists: Vec::new(),
            search: search::Cache::default(),
            full_pending: true,
            dirty: true,
        }
    }
}

/// The whole served site.
pub struct Site {
    root: PathBuf,
    opts: Options,
    theme: Option<Theme>,
    theme_error: Option<Diagnostic>,
    layout: Option<Layout>,
    layout_error: Option<Diagnostic>,
    wards: BTreeMap<PathBuf, WardState>,
    province_files: BTreeSet<String>,
    province_errors: Vec<Diagnostic>,
    files: BTreeMap<String, Arc<File>>,
}

/// How a changed path is handled.
#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Full,
    Theme,
    Notice(PathBuf),
    Ward(PathBuf),
}

impl Site {
    /// Loads and renders the whole site. `root` should be absolute so that
    /// watcher paths compare equal.
    pub fn new(root: &Path, opts: Options) -> (Site, Outcome) {
        let mut site = Site {
            root: root.to_path_buf(),
            opts,
            theme: None,
            theme_error: None,
            layout: None,
            layout_error: None,
            wards: BTreeMap::new(),
            province_files: BTreeSet::new(),
            province_errors: Vec::new(),
            files: BTreeMap::new(),
        };
        let outcome = site.step(true, true, &mut |_, _| {});
        (site, outcome)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn today(&self) -> chrono::NaiveDate {
        self.opts.today
    }

    /// Every output file, by path.
    pub fn files(&self) -> &BTreeMap<String, Arc<File>> {
        &self.files
    }

    /// The current errors, in the order `loa build` prints them.
    pub fn errors(&self) -> Vec<Diagnostic> {
        let mut r = Report::default();
        r.extend(self.layout_error.iter().cloned());
        r.extend(self.theme_error.iter().cloned());
        r.extend(self.province_errors.iter().cloned());
        for w in self.wards.values() {
            r.extend(w.report.errors().cloned());
        }
        r.sort();
        r.diagnostics
    }

    /// Number of current warnings (listed by `loa check`).
    pub fn warnings(&self) -> usize {
        self.wards
            .values()
            .map(|w| w.report.warnings().count())
            .sum()
    }

    /// Folders to watch: (path, recursive). Only what the site is made of, so
    /// `target/`, `.git/` or the output of `loa build` never wake the server.
    pub fn watch_roots(&self) -> Vec<(PathBuf, bool)> {
        let root = &self.root;
        let mut v = vec![(root.clone(), false)];
        for d in ["themes", "templates"] {
            if root.join(d).is_dir() {
                v.push((root.join(d), true));
            }
        }
        let content = root.join("content");
        match &self.layout {
            Some(Layout::Single(dir)) if dir == root => {
                if let Ok(entries) = std::fs::read_dir(root) {
                    let mut dirs: Vec<PathBuf> = entries
                        .filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|p| p.is_dir() && !skipped_top_dir(p))
                        .collect();
                    dirs.sort();
                    v.extend(dirs.into_iter().map(|d| (d, true)));
                }
            }
            Some(Layout::Province { dir, wards }) if dir == root => {
                v.extend(wards.iter().map(|w| (w.clone(), true)));
            }
            Some(Layout::Single(dir)) | Some(Layout::Province { dir, .. }) => {
                v.push((dir.clone(), true));
            }
            None => {
                if content.is_dir() {
                    v.push((content, true));
                }
            }
        }
        v.sort();
        v.dedup();
        v
    }

    /// Whether a changed path can matter to the site at all.
    pub fn is_relevant(&self, path: &Path) -> bool {
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return false;
        };
        let mut comps = rel.components();
        let Some(first) = comps.next() else {
            return false;
        };
        let first = Path::new(first.as_os_str());
        if comps.next().is_none() {
            // A top-level entry: configuration, content, theme, ward folders
            // (a README or a source file next to them is not the site).
            let p = self.root.join(first);
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            let data = matches!(ext, "" | "yaml" | "yml" | "toml" | "csv");
            return !skipped_top_dir(&p) && (data || self.wards.contains_key(&self.root));
        }
        ["content", "themes", "templates"]
            .iter()
            .any(|d| path.starts_with(self.root.join(d)))
            || self
                .watch_roots()
                .iter()
                .any(|(p, rec)| *rec && path.starts_with(p))
    }

    fn classify(&self, path: &Path) -> Kind {
        if path.starts_with(self.root.join("themes"))
            || path.starts_with(self.root.join("templates"))
        {
            return Kind::Theme;
        }
        for dir in self.wards.keys() {
            let Ok(rel) = path.strip_prefix(dir) else {
                continue;
            };
            if rel.as_os_str().is_empty() {
                return Kind::Full;
            }
            if rel == Path::new("site.yaml") && !path.is_file() {
                // A ward folder appears or goes.
                return Kind::Full;
            }
            let in_notices = rel.parent() == Some(Path::new("notices"));
            if in_notices && path.extension().is_some_and(|e| e == "md") {
                return Kind::Notice(dir.clone());
            }
            return Kind::Ward(dir.clone());
        }
        Kind::Full
    }

    /// Rebuilds after `paths` changed on disk. `rescan` means the watcher
    /// may have missed events: everything is reloaded, no cache trusted.
    pub fn update(&mut self, paths: &[PathBuf], rescan: bool) -> Outcome {
        self.update_with(paths, rescan, &mut |_, _| {})
    }

    /// [`Site::update`], calling `early` with the pages of edited notices
    /// as soon as they are rendered, before the rest of their ward. The
    /// outcome's `early` lists them again.
    pub fn update_with(
        &mut self,
        paths: &[PathBuf],
        rescan: bool,
        early: &mut dyn FnMut(&Site, &[String]),
    ) -> Outcome {
        let mut full = rescan || self.layout.is_none() || self.layout_error.is_some();
        let mut theme = false;
        for p in paths {
            match self.classify(p) {
                Kind::Full => full = true,
                Kind::Theme => theme = true,
                Kind::Notice(dir) => {
                    if let Some(w) = self.wards.get_mut(&dir) {
                        w.cache.forget(p);
                        w.dirty = true;
                    }
                }
                Kind::Ward(dir) => {
                    if let Some(w) = self.wards.get_mut(&dir) {
                        w.dirty = true;
                        w.full_pending = true;
                        // A renamed `notices/` folder and the like.
                        for q in paths.iter().filter(|q| q.starts_with(p)) {
                            w.cache.forget(q);
                        }
                    }
                }
            }
        }
        if rescan {
            for w in self.wards.values_mut() {
                w.cache.clear();
            }
        }
        self.step(full, theme, early)
    }

    /// Notice files changed without the watcher saying so (a network
    /// share, a lost event): feed them to [`Site::update`].
    pub fn stale(&self) -> Vec<PathBuf> {
        self.wards.values().flat_map(|w| w.cache.stale()).collect()
    }

    /// Renders every page again for a new day (statuses, days left).
    pub fn set_today(&mut self, today: chrono::NaiveDate) -> Outcome {
        self.opts.today = today;
        for w in self.wards.values_mut() {
            w.full_pending = true;
            w.dirty = true;
        }
        self.step(false, false, &mut |_, _| {})
    }

    fn step(
        &mut self,
        full: bool,
        theme: bool,
        early: &mut dyn FnMut(&Site, &[String]),
    ) -> Outcome {
        let mut out = Outcome {
            full,
            theme,
            ..Outcome::default()
        };
        let mut changed: BTreeSet<String> = BTreeSet::new();
        if full {
            match load::discover(&self.root) {
                Ok(layout) => {
                    self.layout_error = None;
                    let dirs: Vec<PathBuf> = match &layout {
                        Layout::Single(d) => vec![d.clone()],
                        Layout::Province { wards, .. } => wards.clone(),
                    };
                    // Wards whose folder went away take their pages with them.
                    let gone: Vec<PathBuf> = self
                        .wards
                        .keys()
                        .filter(|d| !dirs.contains(d))
                        .cloned()
                        .collect();
                    for d in gone {
                        if let Some(w) = self.wards.remove(&d) {
                            for f in w.files {
                                set_file(&mut self.files, &f, None, &mut changed);
                            }
                        }
                    }
                    for d in dirs {
                        let w = self.wards.entry(d).or_insert_with(WardState::new);
                        w.dirty = true;
                        w.full_pending = true;
                    }
                    self.layout = Some(layout);
                }
                Err(d) => {
                    self.layout_error = Some(d);
                }
            }
        }
        if theme || full || self.theme.is_none() {
            match Theme::load(&self.root) {
                Ok(t) => {
                    self.theme = Some(t);
                    self.theme_error = None;
                    for w in self.wards.values_mut() {
                        w.full_pending = true;
                        w.dirty |= w.model.is_none();
                    }
                }
                Err(d) => self.theme_error = Some(d),
            }
        }
        let province = matches!(self.layout, Some(Layout::Province { .. }));
        let dirs: Vec<PathBuf> = self.wards.keys().cloned().collect();
        let mut any_ward = false;
        for dir in dirs {
            if let Some(r) = self.ward_step(&dir, province, &mut changed, early, &mut out.early) {
                any_ward = true;
                out.wards.push((ward_name(&dir), r));
            }
        }
        if province && (any_ward || full || theme) {
            self.province_step(&mut changed);
        } else if !province && !self.province_files.is_empty() {
            for f in std::mem::take(&mut self.province_files) {
                set_file(&mut self.files, &f, None, &mut changed);
            }
        }
        out.changed = changed.into_iter().collect();
        out
    }

    /// Loads (if its files changed) and renders (if anything it shows
    /// changed) one ward. `None` when nothing had to be done. When only
    /// notices changed, their own pages are rendered and handed to `early`
    /// first, then the rest of the ward.
    fn ward_step(
        &mut self,
        dir: &Path,
        province: bool,
        changed: &mut BTreeSet<String>,
        early: &mut dyn FnMut(&Site, &[String]),
        announced: &mut Vec<String>,
    ) -> Option<Render> {
        let opts = self.opts;
        let theme = self.theme.as_ref()?;
        let w = self.wards.get_mut(dir)?;
        if !w.dirty && !w.full_pending {
            return None;
        }
        let model = if w.dirty {
            let mut report = Report::default();
            let loaded = load::ward_cached(dir, &mut report, Some(&mut w.cache))
                .filter(|_| !report.has_errors());
            w.report = report;
            w.dirty = false;
            match loaded {
                Some(m) => m,
                // Notices read while the ward was broken keep their new
                // serials, so they are rendered once it is fixed.
                None => return Some(Render::Failed),
            }
        } else {
            w.model.clone()?
        };
        let prefix = if province {
            format!("{}/", model.site.id)
        } else {
            String::new()
        };
        let serials: HashMap<String, u64> = w
            .cache
            .serials
            .iter()
            .map(|(id, s)| (id.0.clone(), *s))
            .collect();
        let partial = !w.full_pending && w.model.is_some();

        // 1. The edited notices' own pages, at once.
        let mut first: Vec<(String, Vec<u8>)> = Vec::new();
        let mut n_first = 0;
        if partial {
            let ids: HashSet<&str> = serials
                .iter()
                .filter(|(id, s)| w.rendered.get(*id) != Some(*s))
                .map(|(id, _)| id.as_str())
                .collect();
            let mut out = Output::default();
            if !ids.is_empty()
                && render::render_notice_pages(&model, theme, opts, &mut out, &prefix, &ids).is_ok()
            {
                n_first = ids.len();
                for id in ids {
                    w.rendered.insert(id.to_string(), serials[id]);
                }
                first = out.into_iter().collect();
                w.files.extend(first.iter().map(|(p, _)| p.clone()));
            }
        }
        if !first.is_empty() {
            let mut now = BTreeSet::new();
            for (p, b) in first {
                set_file(&mut self.files, &p, Some(b), &mut now);
            }
            let now: Vec<String> = now.into_iter().collect();
            if !now.is_empty() {
                early(self, &now);
            }
            changed.extend(now.iter().cloned());
            announced.extend(now);
        }

        // 2. Everything else. Notices not read again since their last
        // render keep their pages and every file of their folder (the
        // page's texts), and pages of the notices list whose notices did
        // not change keep theirs: none of them is rendered. Their files stay
        // where they are; when the ward has a sitemap, the kept pages'
        // paths go into the output first so that it lists them. Nothing
        // rendered from a ward reads a kept page's bytes: if something ever
        // did, it would differ from `loa build`, and the tests comparing
        // the two fail.
        let theme = self.theme.as_ref()?;
        let w = self.wards.get_mut(dir)?;
        let has = |w: &WardState, p: &str| w.files.contains(&format!("{prefix}{p}"));
        let mut kept_ids: HashSet<&str> = HashSet::new();
        let mut keep: HashSet<String> = HashSet::new();
        let lists = list_signatures(&model, &serials);
        if partial {
            // A notice rendered with this serial has its page in
            // `w.files`: both are set by the same successful render.
            for (id, serial) in &serials {
                if w.rendered.get(id) == Some(serial) {
                    kept_ids.insert(id);
                    keep.insert(page_path::notice(id));
                }
            }
            for (i, sig) in lists.iter().enumerate() {
                let page = page_path::notices_page(i + 1);
                if *sig != 0 && w.lists.get(i) == Some(sig) && has(w, &page) {
                    keep.insert(page);
                }
            }
        }
        let n_kept = kept_ids.len();
        let mut output = Output::default();
        if model.site.base_url.is_some() {
            for p in &keep {
                output.add(format!("{prefix}{p}"), Vec::new());
            }
        }
        // The search page and index first (the offline page lists them),
        // re-folding only the notices read again.
        let search_page = page_path::search();
        let searched = search::render_cached(
            &model,
            theme,
            opts,
            &mut output,
            &prefix,
            &serials,
            &mut w.search,
        );
        // The offline worker is never served by the preview (see http.rs).
        let wanted = |p: &str| p != SW_PATH && p != search_page && !keep.contains(p);
        let rendered = searched.and_then(|()| {
            render::render_ward_only(&model, theme, opts, &mut output, &prefix, &wanted)
        });
        if let Err(d) = rendered {
            w.report.push(d);
            w.full_pending = true;
            w.search = search::Cache::default();
            drop_later(output);
            return Some(Render::Failed);
        }
        // Files of the last render neither rendered nor kept now are gone.
        let kept_file = |f: &str| -> bool {
            let Some(rest) = f.strip_prefix(prefix.as_str()) else {
                return false;
            };
            keep.contains(rest)
                || rest
                    .strip_prefix("thong-bao/")
                    .and_then(|r| r.split_once('/'))
                    .is_some_and(|(id, _)| kept_ids.contains(id))
        };
        let gone: Vec<String> = w
            .files
            .iter()
            .filter(|f| !kept_file(f) && output.get(f).is_none())
            .cloned()
            .collect();
        for f in &gone {
            w.files.remove(f);
        }
        let mut unchanged = Vec::new();
        for (path, bytes) in output {
            // A kept page's stand-in (nothing at a kept path is rendered).
            if bytes.is_empty()
                && path
                    .strip_prefix(prefix.as_str())
                    .is_some_and(|p| keep.contains(p))
            {
                continue;
            }
            if !w.files.contains(&path) {
                w.files.insert(path.clone());
            }
            if let Some(b) = set_file(&mut self.files, &path, Some(bytes), changed) {
                unchanged.push(b);
            }
        }
        drop_later(unchanged);
        w.rendered = serials;
        w.lists = lists;
        w.full_pending = false;
        if let Some(old) = w.model.replace(model) {
            drop_later(old);
        }
        for f in gone {
            if !self.owned_elsewhere(dir, &f) {
                set_file(&mut self.files, &f, None, changed);
            }
        }
        Some(if partial {
            Render::Partial {
                first: n_first,
                kept: n_kept.saturating_sub(n_first),
            }
        } else {
            Render::All
        })
    }

    fn owned_elsewhere(&self, dir: &Path, f: &str) -> bool {
        self.province_files.contains(f)
            || self
                .wards
                .iter()
                .any(|(d, w)| d != dir && w.files.contains(f))
    }

    fn province_step(&mut self, changed: &mut BTreeSet<String>) {
        let (Some(theme), Some(Layout::Province { dir, .. })) = (&self.theme, &self.layout) else {
            return;
        };
        let models: Vec<Ward> = self
            .wards
            .values()
            .filter_map(|w| w.model.clone())
            .collect();
        if models.is_empty() {
            // No ward has built yet: an empty index would hide the errors page.
            return;
        }
        let mut output = Output::default();
        let mut report = Report::default();
        crate::build::province_files(dir, &models, theme, self.opts, &mut output, &mut report);
        self.province_errors = report.errors().cloned().collect();
        if !self.province_errors.is_empty() {
            // Half a province index is worse than the last whole one.
            return;
        }
        let new_files: BTreeSet<String> = output.paths().map(str::to_string).collect();
        let old = std::mem::replace(&mut self.province_files, new_files.clone());
        for (p, b) in output {
            set_file(&mut self.files, &p, Some(b), changed);
        }
        for f in old.difference(&new_files) {
            set_file(&mut self.files, f, None, changed);
        }
    }
}

/// Puts (or removes) one file, noting the path when its bytes differ.
/// Bytes equal to those already there are handed back.
fn set_file(
    files: &mut BTreeMap<String, Arc<File>>,
    path: &str,
    bytes: Option<Vec<u8>>,
    changed: &mut BTreeSet<String>,
) -> Option<Vec<u8>> {
    match bytes {
        Some(b) => {
            if files.get(path).is_some_and(|f| f.bytes == b) {
                return Some(b);
            }
            let file = File {
                version: version_of(&b),
                bytes: b,
                modified: SystemTime::now(),
            };
            files.insert(path.to_string(), Arc::new(file));
            changed.insert(path.to_string());
            None
        }
        None => {
            if files.remove(path).is_some() {
                changed.insert(path.to_string());
            }
            None
        }
    }
}

/// What each page of the notices list shows, as a number per page: the
/// number of pages, and for each notice on the page its id, the serial of
/// its file (which changes whenever the file is read again) and its
/// campaign's name. A page whose number is unchanged is the same page.
/// 0 (never kept) for a page with a notice without a serial.
fn list_signatures(ward: &Ward, serials: &HashMap<String, u64>) -> Vec<u64> {
    let pages = ward.notices.len().div_ceil(NOTICES_PER_PAGE).max(1);
    let mut chunks = ward.notices.chunks(NOTICES_PER_PAGE);
    (0..pages)
        .map(|i| {
            let mut h = DefaultHasher::new();
            (pages, i).hash(&mut h);
            for n in chunks.next().unwrap_or(&[]) {
                let Some(serial) = serials.get(n.id.as_str()) else {
                    return 0;
                };
                let campaign = ward.campaign_of(n).map(|c| c.name());
                (n.id.as_str(), serial, campaign).hash(&mut h);
            }
            h.finish().max(1)
        })
        .collect()
}

/// Frees a large value on another thread: dropping a ward of thousands of
/// notices takes milliseconds the reload should not wait for.
fn drop_later<T: Send + 'static>(value: T) {
    // If no thread can start, the closure is dropped here, and the value
    // with it.
    let _ = std::thread::Builder::new()
        .name("loa-drop".into())
        .spawn(move || drop(value));
}

fn ward_name(dir: &Path) -> String {
    dir.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_string()
}

/// Top-level folders that are never part of a site: version control, build
/// output, tool caches.
fn skipped_top_dir(p: &Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.starts_with('.')
        || crate::load::is_editor_temp(p)
        || matches!(name, "public" | "target" | "node_modules")
}
