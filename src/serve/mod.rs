//! `loa serve`: a live preview while editing that never loses the last good
//! page.
//!
//! - [`site`]: the site built in memory, rebuilt piece by piece;
//! - [`watch`]: the file watcher and its debounce;
//! - [`http`]: the HTTP server and the event stream to open tabs;
//! - [`live`]: the reload script and the error overlay, added to served
//!   pages only.
//!
//! Nothing is written to disk: pages are served from memory, so a failed
//! rebuild simply leaves the previous pages in place.

pub mod http;
pub mod live;
pub mod site;
pub mod watch;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::error::{Diagnostic, Text};
use crate::i18n::Lang;
use crate::render::Options;
use http::{Message, Shared};
use site::{Outcome, Render, Site};
use watch::{Next, Watch};

/// How to run the preview.
#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    /// Try the next ports when `port` is taken (the default port only).
    pub port_fallback: bool,
    /// A pinned build date; otherwise today in Vietnam, followed past midnight.
    pub today: Option<NaiveDate>,
    pub lang: Lang,
    /// Print a line per rebuild and the errors (the CLI); tests keep quiet.
    pub verbose: bool,
}

/// Today in Vietnam (UTC+7).
pub fn today_in_vietnam() -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()
}

/// A running preview: the HTTP server and the rebuild thread.
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop_watch: Box<dyn Fn() + Send + Sync>,
    accept: Option<JoinHandle<()>>,
    rebuild: Option<JoinHandle<()>>,
    stats: Arc<Stats>,
}

/// Counters for tests and the latency example.
#[derive(Default)]
pub struct Stats {
    /// Rebuild steps done after the first build.
    pub rebuilds: AtomicU64,
    /// Duration of the last rebuild step, in microseconds.
    pub last_rebuild_us: AtomicU64,
    /// How the last step rendered its wards, for the log and tests.
    pub last: Mutex<Option<Outcome>>,
}

impl Server {
    /// Binds, builds the site once, and starts watching and serving. Errors
    /// in the content do not stop it; only a port that cannot be bound or a
    /// watcher that cannot start does.
    pub fn start(cfg: Config) -> Result<Server, Diagnostic> {
        let root = std::path::absolute(&cfg.root).unwrap_or_else(|_| cfg.root.clone());
        let listener = bind(&cfg)?;
        let addr = listener.local_addr().map_err(|e| net_error(&cfg, &e))?;
        let shared = Arc::new(Shared::new(cfg.lang, cfg.bind.is_loopback()));
        let mut watch = Watch::new().map_err(|e| {
            Diagnostic::error(
                &root,
                0,
                0,
                Text::new(
                    format!("không theo dõi được thư mục: {e}"),
                    format!("cannot watch the folder: {e}"),
                ),
            )
        })?;
        let today = cfg.today.unwrap_or_else(today_in_vietnam);
        let started = Instant::now();
        let (site, first) = Site::new(&root, Options { today });
        watch.set_roots(&site.watch_roots());
        let stats = Arc::new(Stats::default());
        let mut state = Published::default();
        publish(&site, &first, &shared, &mut state);
        if cfg.verbose {
            log_step(&site, &first, started.elapsed(), cfg.lang, &mut state, true);
        }
        let stop_watch = Box::new(watch.stopper());

        let accept = {
            let shared = shared.clone();
            std::thread::Builder::new()
                .name("loa-accept".into())
                .spawn(move || http::accept_loop(listener, shared))
                .map_err(|e| net_error(&cfg, &e))?
        };
        let rebuild = {
            let shared = shared.clone();
            let stats = stats.clone();
            let c = cfg.clone();
            std::thread::Builder::new()
                .name("loa-rebuild".into())
                .spawn(move || rebuild_loop(site, watch, shared, stats, c, state))
                .map_err(|e| net_error(&cfg, &e))?
        };
        Ok(Server {
            addr,
            shared,
            stop_watch,
            accept: Some(accept),
            rebuild: Some(rebuild),
            stats,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Number of files served now.
    pub fn file_count(&self) -> usize {
        self.shared.len()
    }

    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// Stops watching, ends every event stream, stops accepting and waits
    /// for the rebuild and accept threads.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        (self.stop_watch)();
        self.shared.hub.close();
        // Wake the accept loop with a connection of our own.
        let ip = match self.addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        let _ = TcpStream::connect_timeout(
            &SocketAddr::new(ip, self.addr.port()),
            Duration::from_secs(1),
        );
        if let Some(h) = self.accept.take() {
            let _ = h.join();
        }
        if let Some(h) = self.rebuild.take() {
            let _ = h.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.accept.is_some() || self.rebuild.is_some() {
            self.shutdown();
        }
    }
}

fn bind(cfg: &Config) -> Result<TcpListener, Diagnostic> {
    let tries = if cfg.port_fallback && cfg.port != 0 {
        10
    } else {
        1
    };
    let mut last = None;
    for i in 0..tries {
        match TcpListener::bind(SocketAddr::new(cfg.bind, cfg.port.saturating_add(i))) {
            Ok(l) => return Ok(l),
            Err(e) => last = Some(e),
        }
    }
    let e = last.unwrap_or_else(|| std::io::Error::other("bind"));
    Err(net_error(cfg, &e))
}

fn net_error(cfg: &Config, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        Path::new(&format!("{}:{}", cfg.bind, cfg.port)),
        0,
        0,
        Text::new(
            format!("không mở được máy chủ xem trước: {e}"),
            format!("cannot start the preview server: {e}"),
        ),
    )
    .with_hint(Text::new(
        "Cổng có thể đang được dùng: thử `--port 1112`, hoặc đóng `loa serve` đang chạy.",
        "The port may be in use: try `--port 1112`, or stop the other `loa serve`.",
    ))
}

/// What open tabs were last told, so only differences are sent.
#[derive(Default)]
struct Published {
    overlay: Option<Arc<String>>,
    /// Errors as last printed to the terminal.
    printed: Vec<Diagnostic>,
}

/// Hands a rebuild's result to the server threads, then tells the tabs.
fn publish(site: &Site, outcome: &Outcome, shared: &Shared, state: &mut Published) {
    shared.apply(site.files(), &outcome.changed);
    let overlay = live::overlay(&site.errors(), shared.lang).map(Arc::new);
    if overlay != state.overlay {
        match shared.overlay.write() {
            Ok(mut g) => *g = overlay.clone(),
            Err(p) => *p.into_inner() = overlay.clone(),
        }
        match &overlay {
            Some(o) => shared.hub.publish(Message::Error(o.clone())),
            None => shared.hub.publish(Message::Ok),
        }
        state.overlay = overlay;
    }
    // Each tab reloads if its page, or a file it loaded, is listed; pages
    // announced early are not announced twice.
    let rest: Vec<String> = outcome
        .changed
        .iter()
        .filter(|p| !outcome.early.contains(p))
        .cloned()
        .collect();
    if !rest.is_empty() {
        shared.hub.publish(Message::Reload(Some(rest)));
    }
}

/// The edited notices' pages, served and announced before the rest of the
/// ward is rendered.
fn publish_early(site: &Site, paths: &[String], shared: &Shared) {
    shared.apply(site.files(), paths);
    shared.hub.publish(Message::Reload(Some(paths.to_vec())));
}

fn rebuild_loop(
    mut site: Site,
    mut watch: Watch,
    shared: Arc<Shared>,
    stats: Arc<Stats>,
    cfg: Config,
    mut state: Published,
) {
    loop {
        // Every two idle seconds: a new day? a notice changed unseen?
        let next = watch.next(Duration::from_secs(2), |p| site.is_relevant(p));
        if shared.stopping.load(Ordering::SeqCst) {
            return;
        }
        let started = Instant::now();
        let outcome = match next {
            Next::Stop => return,
            Next::Idle => {
                let today = cfg.today.unwrap_or_else(today_in_vietnam);
                if today != site.today() {
                    site.set_today(today)
                } else {
                    let stale = site.stale();
                    if stale.is_empty() {
                        continue;
                    }
                    site.update_with(&stale, false, &mut |site, paths| {
                        publish_early(site, paths, &shared)
                    })
                }
            }
            Next::Batch(b) => {
                let mut o = site.update_with(&b.paths, b.rescan, &mut |site, paths| {
                    publish_early(site, paths, &shared)
                });
                // Folders that appeared (a new ward, a `templates/`) are
                // watched from now on; read them once more in case files
                // landed before the watch did.
                let added = watch.set_roots(&site.watch_roots());
                if o.full && !added.is_empty() {
                    let again = site.update(&added, false);
                    o.changed.extend(again.changed);
                    o.changed.sort();
                    o.changed.dedup();
                }
                o
            }
        };
        publish(&site, &outcome, &shared, &mut state);
        let took = started.elapsed();
        stats
            .last_rebuild_us
            .store(took.as_micros() as u64, Ordering::SeqCst);
        if let Ok(mut l) = stats.last.lock() {
            *l = Some(outcome.clone());
        }
        stats.rebuilds.fetch_add(1, Ordering::SeqCst);
        if cfg.verbose {
            log_step(&site, &outcome, took, cfg.lang, &mut state, false);
        }
    }
}

/// One line per rebuild, and the errors in full when they change.
fn log_step(
    site: &Site,
    o: &Outcome,
    took: Duration,
    lang: Lang,
    state: &mut Published,
    first: bool,
) {
    let errors = site.errors();
    if errors != state.printed {
        for d in &errors {
            eprintln!("{}\n", d.render(lang));
        }
        if errors.is_empty() && !state.printed.is_empty() {
            eprintln!("{}", lang.pick("Đã hết lỗi.", "All errors fixed."));
        }
        state.printed = errors.clone();
    }
    let what: Vec<String> = o
        .wards
        .iter()
        .map(|(w, r)| match r {
            Render::All => w.clone(),
            Render::Partial { first, kept } => format!(
                "{w} ({first} {} {}, {kept} {})",
                lang.pick("thông báo", "notice(s)"),
                lang.pick("trước", "first"),
                lang.pick("giữ nguyên", "kept")
            ),
            Render::Failed => format!("{w} ({})", lang.pick("lỗi", "failed")),
        })
        .collect();
    let time = chrono::Local::now().format("%H:%M:%S");
    if first {
        println!(
            "[{time}] {} {} {} ({} KB) [{} ms]",
            lang.pick("Đã tạo", "Built"),
            site.files().len(),
            lang.pick("tệp trong bộ nhớ", "files in memory"),
            site.files().values().map(|f| f.bytes.len()).sum::<usize>() / 1024,
            took.as_millis()
        );
    } else if o.changed.is_empty() {
        println!(
            "[{time}] {} [{} ms]",
            lang.pick("Không có trang nào thay đổi", "No page changed"),
            took.as_millis()
        );
    } else {
        println!(
            "[{time}] {} {} {}: {} [{} ms]",
            lang.pick("Đã cập nhật", "Updated"),
            o.changed.len(),
            lang.pick("tệp", "files"),
            what.join(", "),
            took.as_millis()
        );
    }
    if !errors.is_empty() {
        eprintln!(
            "{}",
            match lang {
                Lang::Vi => format!(
                    "Có {} lỗi: vẫn đang hiển thị bản đúng gần nhất.",
                    errors.len()
                ),
                Lang::En => format!(
                    "{} error(s): still serving the last good version.",
                    errors.len()
                ),
            }
        );
    }
}

/// `loa serve`: runs until Ctrl-C.
pub fn run(cfg: Config, open: bool) -> std::process::ExitCode {
    let lang = cfg.lang;
    let server = match Server::start(cfg.clone()) {
        Ok(s) => s,
        Err(d) => {
            eprintln!("{}", d.render(lang));
            return std::process::ExitCode::FAILURE;
        }
    };
    let addr = server.addr();
    let host = match addr.ip() {
        ip if ip.is_unspecified() || ip.is_loopback() => "localhost".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    let url = format!("http://{host}:{}/", addr.port());
    println!(
        "{} {url}  ({})",
        lang.pick("Xem trước tại", "Preview at"),
        lang.pick("Ctrl-C để dừng", "Ctrl-C to stop")
    );
    if !addr.ip().is_loopback() {
        println!(
            "{}",
            match lang {
                Lang::Vi => format!(
                    "CHÚ Ý: máy chủ nghe trên {}, không chỉ máy này: máy khác trong mạng cũng xem được (kể cả bản nháp).",
                    addr.ip()
                ),
                Lang::En => format!(
                    "NOTE: listening on {}, not only this machine: other machines on the network can see it (drafts too).",
                    addr.ip()
                ),
            }
        );
    }
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    // Kept so that `recv` waits even if no handler could be set.
    let _keep = tx.clone();
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = tx.send(());
    }) {
        eprintln!(
            "{}: {e}",
            lang.pick("không bắt được Ctrl-C", "cannot catch Ctrl-C")
        );
    }
    if open {
        open_browser(&url, lang);
    }
    let _ = rx.recv();
    println!("\n{}", lang.pick("Đang dừng…", "Stopping…"));
    server.stop();
    println!("{}", lang.pick("Đã dừng.", "Stopped."));
    std::process::ExitCode::SUCCESS
}

/// Opens the system's browser; a failure only prints the address again.
fn open_browser(url: &str, lang: Lang) {
    let cmd: (&str, Vec<&str>) = if cfg!(target_os = "windows") {
        ("cmd", vec!["/C", "start", "", url])
    } else if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else {
        ("xdg-open", vec![url])
    };
    let spawned = std::process::Command::new(cmd.0)
        .args(&cmd.1)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Ok(mut child) = spawned {
        // Reap it once it exits.
        std::thread::spawn(move || child.wait());
    } else {
        eprintln!(
            "{} {url}",
            lang.pick(
                "Không mở được trình duyệt; hãy tự mở",
                "Could not open a browser; open"
            )
        );
    }
}
