//! The preview's HTTP/1.1 server, on std's `TcpListener`, one thread per
//! connection (at most [`MAX_CONNECTIONS`]).
//!
//! Why not a crate: the preview needs GET and HEAD of files held in memory,
//! ETags, and one long-lived event stream. That is a few hundred lines whose
//! every limit is visible here (head size, header count, timeouts), with no
//! file-system access at all: a path is only ever a key into the map of
//! built files, so `..`, symlinks or absolute paths cannot reach the disk
//! even if a check were missed.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::io::{self, BufRead, BufReader, Write};
use std::net::{IpAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, SystemTime};

use super::live;
use super::site::{version_of, File};
use crate::i18n::Lang;

/// Connections served at once; past it, new ones get 503 at once.
pub const MAX_CONNECTIONS: usize = 64;
/// Request line plus headers.
const MAX_HEAD: usize = 16 * 1024;
const MAX_HEADERS: usize = 100;
/// Time to send a request once connected, and between keep-alive requests.
const FIRST_REQUEST: Duration = Duration::from_secs(10);
const IDLE: Duration = Duration::from_secs(5);
const WRITE: Duration = Duration::from_secs(10);
/// A comment on the event stream this often, so dead tabs are noticed.
const PING: Duration = Duration::from_secs(15);

/// What the server threads share with the rebuild thread.
pub struct Shared {
    /// The files served, updated path by path after each rebuild step.
    files: RwLock<HashMap<String, Arc<File>>>,
    /// The error overlay's HTML while the last build has errors.
    pub overlay: RwLock<Option<Arc<String>>>,
    pub hub: Hub,
    pub lang: Lang,
    pub stopping: AtomicBool,
    /// Bound to loopback: only accept loopback host names (a web page on
    /// the internet could otherwise read drafts through DNS rebinding).
    pub loopback: bool,
    pub connections: AtomicUsize,
}

impl Shared {
    pub fn new(lang: Lang, loopback: bool) -> Shared {
        Shared {
            files: RwLock::new(HashMap::new()),
            overlay: RwLock::new(None),
            hub: Hub::default(),
            lang,
            stopping: AtomicBool::new(false),
            loopback,
            connections: AtomicUsize::new(0),
        }
    }

    fn file(&self, key: &str) -> Option<Arc<File>> {
        match self.files.read() {
            Ok(g) => g.get(key).cloned(),
            Err(p) => p.into_inner().get(key).cloned(),
        }
    }

    /// Number of files served.
    pub fn len(&self) -> usize {
        match self.files.read() {
            Ok(g) => g.len(),
            Err(p) => p.into_inner().len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Serves the rebuilt `site` files at `changed` paths (all under one
    /// lock, so a request sees one step whole or not at all): cost grows
    /// with what changed, not with the site.
    pub fn apply(&self, site: &BTreeMap<String, Arc<File>>, changed: &[String]) {
        let mut g = self.files.write().unwrap_or_else(|p| p.into_inner());
        for p in changed {
            match site.get(p) {
                Some(f) => {
                    g.insert(p.clone(), f.clone());
                }
                None => {
                    g.remove(p);
                }
            }
        }
    }

    fn overlay(&self) -> Option<Arc<String>> {
        match self.overlay.read() {
            Ok(g) => g.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }
}

/// What open tabs are told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// These output paths changed (`None`: reload every tab).
    Reload(Option<Vec<String>>),
    /// The build has errors: show this overlay HTML.
    Error(Arc<String>),
    /// The errors are fixed.
    Ok,
}

/// Broadcasts messages to every event stream.
#[derive(Default)]
pub struct Hub {
    state: Mutex<HubState>,
    cv: Condvar,
}

#[derive(Default)]
struct HubState {
    seq: u64,
    log: VecDeque<(u64, Message)>,
    closed: bool,
}

/// Messages kept for streams that fall behind; further back they reload.
const LOG: usize = 64;

enum Wait {
    Messages(Vec<Message>, u64),
    Lagged(u64),
    Timeout,
    Closed,
}

impl Hub {
    pub fn publish(&self, m: Message) {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        s.seq += 1;
        let seq = s.seq;
        s.log.push_back((seq, m));
        while s.log.len() > LOG {
            s.log.pop_front();
        }
        self.cv.notify_all();
    }

    /// Ends every stream (Ctrl-C).
    pub fn close(&self) {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        s.closed = true;
        self.cv.notify_all();
    }

    fn seq(&self) -> u64 {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).seq
    }

    fn wait(&self, after: u64, timeout: Duration) -> Wait {
        let s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let (s, _) = self
            .cv
            .wait_timeout_while(s, timeout, |s| s.seq == after && !s.closed)
            .unwrap_or_else(|p| p.into_inner());
        if s.closed {
            return Wait::Closed;
        }
        if s.seq == after {
            return Wait::Timeout;
        }
        match s.log.front() {
            Some((first, _)) if *first <= after + 1 => Wait::Messages(
                s.log
                    .iter()
                    .filter(|(n, _)| *n > after)
                    .map(|(_, m)| m.clone())
                    .collect(),
                s.seq,
            ),
            _ => Wait::Lagged(s.seq),
        }
    }
}

/// Accepts connections until `shared.stopping` is set (then one more
/// connection, made by [`super::Server::stop`], wakes it).
pub fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    for conn in listener.incoming() {
        if shared.stopping.load(Ordering::SeqCst) {
            break;
        }
        let stream = match conn {
            Ok(s) => s,
            Err(_) => {
                // Out of file descriptors and the like: wait, do not spin.
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
        };
        if shared.connections.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            shared.connections.fetch_sub(1, Ordering::SeqCst);
            let mut s = stream;
            let _ = s.set_write_timeout(Some(Duration::from_secs(1)));
            let _ = write_plain(&mut s, 503, "busy / máy chủ đang bận", false, false);
            continue;
        }
        // Moved into the thread; if it cannot start, dropping the closure
        // drops the guard, so the count stays right either way.
        struct Guard(Arc<Shared>);
        impl Drop for Guard {
            fn drop(&mut self) {
                self.0.connections.fetch_sub(1, Ordering::SeqCst);
            }
        }
        let guard = Guard(shared.clone());
        let _ = std::thread::Builder::new()
            .name("loa-http".into())
            .spawn(move || {
                let g = guard;
                connection(stream, &g.0);
            });
    }
}

/// A parsed request head.
#[derive(Debug)]
pub struct Request {
    pub method: String,
    pub target: String,
    pub http10: bool,
    pub headers: Vec<(String, String)>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn keep_alive(&self) -> bool {
        let conn = self.header("connection").unwrap_or("").to_ascii_lowercase();
        if self.http10 {
            conn.contains("keep-alive")
        } else {
            !conn.contains("close")
        }
    }

    fn has_body(&self) -> bool {
        self.header("transfer-encoding").is_some()
            || self
                .header("content-length")
                .is_some_and(|v| v.trim() != "0")
    }
}

#[derive(Debug)]
enum HeadError {
    TooLarge,
    Io,
}

/// Reads one request head, up to and including the empty line. `None` at a
/// clean end of the connection.
fn read_head<R: BufRead>(r: &mut R) -> Result<Option<Vec<u8>>, HeadError> {
    let mut head: Vec<u8> = Vec::new();
    loop {
        let buf = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(HeadError::Io),
        };
        if buf.is_empty() {
            return if head.is_empty() {
                Ok(None)
            } else {
                Err(HeadError::Io)
            };
        }
        let mut used = 0;
        let mut done = false;
        for &b in buf {
            used += 1;
            // Empty lines before a request line are allowed (RFC 9112 2.2).
            if head.is_empty() && (b == b'\r' || b == b'\n') {
                continue;
            }
            head.push(b);
            if head.ends_with(b"\r\n\r\n") || head.ends_with(b"\n\n") {
                done = true;
                break;
            }
            if head.len() > MAX_HEAD {
                break;
            }
        }
        r.consume(used);
        if done {
            return Ok(Some(head));
        }
        if head.len() > MAX_HEAD {
            return Err(HeadError::TooLarge);
        }
    }
}

/// Parses a request head; the error is the status to answer with.
pub fn parse_head(head: &[u8]) -> Result<Request, u16> {
    let text = std::str::from_utf8(head).map_err(|_| 400u16)?;
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let first = lines.next().ok_or(400u16)?;
    let parts: Vec<&str> = first.split(' ').collect();
    let [method, target, version] = parts.as_slice() else {
        return Err(400);
    };
    let token = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    };
    if !token(method) || target.is_empty() || target.bytes().any(|b| b <= b' ' || b == 0x7f) {
        return Err(400);
    }
    let http10 = match *version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        v if v.starts_with("HTTP/") => return Err(505),
        _ => return Err(400),
    };
    let mut headers = Vec::new();
    for line in lines {
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            // Obsolete line folding: refused (RFC 9112 5.2).
            return Err(400);
        }
        let (name, value) = line.split_once(':').ok_or(400u16)?;
        if !token(name) {
            return Err(400);
        }
        headers.push((name.to_string(), value.trim().to_string()));
        if headers.len() > MAX_HEADERS {
            return Err(431);
        }
    }
    if !http10 && !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        return Err(400);
    }
    Ok(Request {
        method: method.to_string(),
        target: target.to_string(),
        http10,
        headers,
    })
}

/// Turns a request target into the key of an output file, or `None` when
/// it must be refused: `..` and `.` segments (plain or percent-encoded),
/// encoded slashes and backslashes, backslashes, NUL and other control
/// characters, empty segments (`//etc/passwd`), drive letters, invalid
/// escapes or UTF-8. `/` and `dir/` become `index.html`.
pub fn resolve_path(target: &str) -> Option<String> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let rest = path.strip_prefix('/')?;
    let lower = rest.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return None;
    }
    let decoded = percent_decode(rest)?;
    let decoded = String::from_utf8(decoded).ok()?;
    if decoded.chars().any(|c| c.is_control() || c == '\\') {
        return None;
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (i, s) in segments.iter().enumerate() {
        if (s.is_empty() && i != last) || *s == "." || *s == ".." || s.contains(':') {
            return None;
        }
    }
    if decoded.is_empty() || decoded.ends_with('/') {
        Some(format!("{decoded}index.html"))
    } else {
        Some(decoded)
    }
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = b.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Value of `name` in a query string, percent-decoded.
fn query_param(target: &str, name: &str) -> Option<String> {
    let q = target.split_once('?')?.1;
    q.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        (k == name)
            .then(|| percent_decode(v).and_then(|b| String::from_utf8(b).ok()))
            .flatten()
    })
}

/// Content type by extension; text types say UTF-8.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "webmanifest" => "application/manifest+json; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "rss" => "application/rss+xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "vcf" => "text/vcard; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

fn is_html(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    k.ends_with(".html") || k.ends_with(".htm")
}

/// An HTTP date (RFC 9110 5.6.7).
pub fn http_date(t: SystemTime) -> String {
    chrono::DateTime::<chrono::Utc>::from(t)
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

fn parse_http_date(s: &str) -> Option<SystemTime> {
    let t = chrono::NaiveDateTime::parse_from_str(s.trim(), "%a, %d %b %Y %H:%M:%S GMT").ok()?;
    Some(SystemTime::from(t.and_utc()))
}

enum Body {
    None,
    Owned(Vec<u8>),
    Shared(Arc<File>),
}

impl Body {
    fn bytes(&self) -> &[u8] {
        match self {
            Body::None => &[],
            Body::Owned(b) => b,
            Body::Shared(f) => &f.bytes,
        }
    }
}

struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Body,
}

impl Response {
    fn new(status: u16, content_type: &str, body: Body) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body,
        }
    }
}

enum Reply {
    Response(Response),
    Events { key: String, version: String },
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Error",
    }
}

fn plain_text(status: u16) -> &'static str {
    match status {
        400 => "400 Bad Request: yêu cầu không hợp lệ / invalid request\n",
        403 => "403 Forbidden: chỉ mở được từ máy này (localhost) / only from this machine (localhost)\n",
        405 => "405 Method Not Allowed: chỉ GET và HEAD / only GET and HEAD\n",
        408 => "408 Request Timeout\n",
        431 => "431 Request Header Fields Too Large\n",
        505 => "505 HTTP Version Not Supported\n",
        _ => "error\n",
    }
}

fn write_plain(
    w: &mut impl Write,
    status: u16,
    text: &str,
    head_only: bool,
    keep: bool,
) -> io::Result<()> {
    let r = Response::new(
        status,
        "text/plain; charset=utf-8",
        Body::Owned(text.as_bytes().to_vec()),
    );
    write_response(w, r, head_only, keep)
}

fn write_response(w: &mut impl Write, r: Response, head_only: bool, keep: bool) -> io::Result<()> {
    let body = r.body.bytes();
    let mut head = format!("HTTP/1.1 {} {}\r\n", r.status, reason(r.status));
    head.push_str(&format!("Date: {}\r\n", http_date(SystemTime::now())));
    for (k, v) in &r.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if r.status != 304 {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\n");
    head.push_str(if keep {
        "Connection: keep-alive\r\n\r\n"
    } else {
        "Connection: close\r\n\r\n"
    });
    let mut buf = Vec::with_capacity(head.len() + body.len());
    buf.extend_from_slice(head.as_bytes());
    if !head_only && r.status != 304 {
        buf.extend_from_slice(body);
    }
    w.write_all(&buf)?;
    w.flush()
}

fn connection(stream: TcpStream, shared: &Shared) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(WRITE));
    let _ = stream.set_read_timeout(Some(FIRST_REQUEST));
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut writer = stream;
    for served in 0..1000 {
        let head = match read_head(&mut reader) {
            Ok(Some(h)) => h,
            Ok(None) => return,
            Err(HeadError::TooLarge) => {
                let _ = write_plain(&mut writer, 431, plain_text(431), false, false);
                return;
            }
            Err(HeadError::Io) => return,
        };
        let req = match parse_head(&head) {
            Ok(r) => r,
            Err(status) => {
                let _ = write_plain(&mut writer, status, plain_text(status), false, false);
                return;
            }
        };
        let head_only = req.method == "HEAD";
        let keep = req.keep_alive()
            && !req.has_body()
            && served < 999
            && !shared.stopping.load(Ordering::SeqCst);
        let reply = if req.has_body() {
            Reply::Response(plain(400))
        } else {
            route(shared, &req)
        };
        match reply {
            Reply::Events { key, version } => {
                let _ = events(&mut writer, shared, &key, &version, head_only);
                return;
            }
            Reply::Response(r) => {
                if write_response(&mut writer, r, head_only, keep).is_err() || !keep {
                    return;
                }
            }
        }
        let _ = writer.set_read_timeout(Some(IDLE));
    }
}

fn plain(status: u16) -> Response {
    let mut r = Response::new(
        status,
        "text/plain; charset=utf-8",
        Body::Owned(plain_text(status).as_bytes().to_vec()),
    );
    if status == 405 {
        r.headers.push(("Allow", "GET, HEAD".into()));
    }
    r
}

fn host_allowed(shared: &Shared, req: &Request) -> bool {
    if !shared.loopback {
        return true;
    }
    let Some(host) = req.header("host") else {
        // Only HTTP/1.0 gets here without a Host; browsers always send one.
        return true;
    };
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.split(':').next().unwrap_or("")
    };
    let name = name.to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn route(shared: &Shared, req: &Request) -> Reply {
    if req.method != "GET" && req.method != "HEAD" {
        return Reply::Response(plain(405));
    }
    if !host_allowed(shared, req) {
        return Reply::Response(plain(403));
    }
    let raw_path = req.target.split(['?', '#']).next().unwrap_or("");
    if raw_path == live::EVENTS_PATH {
        return Reply::Events {
            key: query_param(&req.target, "key").unwrap_or_default(),
            version: query_param(&req.target, "v").unwrap_or_default(),
        };
    }
    if raw_path == live::SCRIPT_PATH {
        let body = live::SCRIPT.as_bytes().to_vec();
        return Reply::Response(cached(
            req,
            Response::new(200, "text/javascript; charset=utf-8", Body::Owned(body)),
            None,
        ));
    }
    let Some(key) = resolve_path(&req.target) else {
        return Reply::Response(plain(400));
    };
    if is_service_worker(&key) {
        // A worker would answer from its cache, so the preview could show a
        // page or stylesheet older than the file just saved: this one
        // replaces any worker of an earlier visit, empties Loa's caches and
        // goes away.
        return Reply::Response(Response::new(
            200,
            "text/javascript; charset=utf-8",
            Body::Owned(live::NO_WORKER.as_bytes().to_vec()),
        ));
    }
    let lang = shared.lang;
    if shared.is_empty() {
        // No build has succeeded yet: show the errors, reload once it does.
        let overlay = shared.overlay().map(|o| o.to_string()).unwrap_or_default();
        let page = live::error_page(&overlay, &key, lang);
        return Reply::Response(Response::new(
            503,
            "text/html; charset=utf-8",
            Body::Owned(page),
        ));
    }
    if let Some(file) = shared.file(&key) {
        let ctype = content_type(&key);
        let r = if is_html(&key) {
            let page = live::inject(&file.bytes, &key, file.version, None);
            Response::new(200, ctype, Body::Owned(page))
        } else {
            Response::new(200, ctype, Body::Shared(file.clone()))
        };
        return Reply::Response(cached(req, r, Some(file.modified)));
    }
    // A folder without its slash: relative links need the slash.
    if shared.file(&format!("{key}/index.html")).is_some() {
        let mut r = Response::new(301, "text/plain; charset=utf-8", Body::None);
        r.headers.push(("Location", format!("{raw_path}/")));
        return Reply::Response(r);
    }
    Reply::Response(not_found(shared, &key, lang))
}

/// The offline worker of the site or of a ward (`sw.js`, `tu-minh/sw.js`).
fn is_service_worker(key: &str) -> bool {
    let sw = crate::render::offline::SW_PATH;
    key == sw
        || key
            .strip_suffix(sw)
            .and_then(|w| w.strip_suffix('/'))
            .is_some_and(|w| !w.is_empty() && !w.contains('/'))
}

/// The ward's own 404 page (or the site's), with a `<base>` so its relative
/// links work at any depth, and the reload script watching `key`.
fn not_found(shared: &Shared, key: &str, lang: Lang) -> Response {
    let ward = key.split('/').next().unwrap_or("");
    let candidates = [format!("{ward}/404.html"), "404.html".to_string()];
    let page = candidates
        .iter()
        .find_map(|c| shared.file(c).map(|f| (c, f)))
        .map(|(c, f)| {
            let base = format!("/{}", c.trim_end_matches("404.html"));
            live::inject(&f.bytes, key, 0, Some(&base))
        })
        .unwrap_or_else(|| live::inject(&live::plain_not_found(lang), key, 0, None));
    Response::new(404, "text/html; charset=utf-8", Body::Owned(page))
}

/// Adds ETag and Last-Modified, and turns the response into 304 when the
/// browser's copy is current.
fn cached(req: &Request, mut r: Response, modified: Option<SystemTime>) -> Response {
    let etag = format!("\"{:016x}\"", version_of(r.body.bytes()));
    let fresh = match req.header("if-none-match") {
        Some(inm) => inm
            .split(',')
            .map(|t| t.trim().trim_start_matches("W/"))
            .any(|t| t == etag || t == "*"),
        None => match (req.header("if-modified-since"), modified) {
            (Some(ims), Some(m)) => parse_http_date(ims).is_some_and(|since| {
                let m = m
                    .duration_since(SystemTime::UNIX_EPOCH)
                    .map(|d| d.as_secs())
                    .unwrap_or(u64::MAX);
                let since = since
                    .duration_since(SystemTime::UNIX_EPOCH)
                    .map(|d| d.as_secs())
                    .unwrap_or(0);
                m <= since
            }),
            _ => false,
        },
    };
    r.headers.push(("ETag", etag));
    if let Some(m) = modified {
        r.headers.push(("Last-Modified", http_date(m)));
    }
    if fresh {
        r.status = 304;
        r.body = Body::None;
    }
    r
}

/// Formats one server-sent event; `data` may hold several lines.
pub fn sse_event(name: &str, data: &str) -> String {
    let mut s = format!("event: {name}\n");
    for line in data.split('\n') {
        s.push_str("data: ");
        s.push_str(line.strip_suffix('\r').unwrap_or(line));
        s.push('\n');
    }
    s.push('\n');
    s
}

/// Longest list of paths sent in a reload event; past it, every tab reloads.
const MAX_PATHS: usize = 500;

pub fn message_text(m: &Message) -> String {
    match m {
        Message::Reload(Some(paths)) if paths.len() <= MAX_PATHS => sse_event(
            "reload",
            &serde_json::to_string(paths).unwrap_or_else(|_| "*".into()),
        ),
        Message::Reload(_) => sse_event("reload", "*"),
        Message::Error(html) => sse_event("build-error", html),
        Message::Ok => sse_event("build-ok", ""),
    }
}

/// The event stream of one tab: at once the current errors, and a reload if
/// its page changed since it was served; then every message, with a ping
/// comment when idle.
fn events(
    w: &mut TcpStream,
    shared: &Shared,
    key: &str,
    version: &str,
    head_only: bool,
) -> io::Result<()> {
    let mut seq = shared.hub.seq();
    let head = format!(
        "HTTP/1.1 200 OK\r\nDate: {}\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        http_date(SystemTime::now())
    );
    w.write_all(head.as_bytes())?;
    if head_only {
        return w.flush();
    }
    let mut hello = String::from("retry: 1000\n\n");
    if let Some(o) = shared.overlay() {
        hello.push_str(&message_text(&Message::Error(o)));
    }
    let current = shared.file(key).map(|f| f.version).unwrap_or(0);
    if !key.is_empty() && format!("{current:016x}") != version {
        hello.push_str(&message_text(&Message::Reload(None)));
    }
    w.write_all(hello.as_bytes())?;
    w.flush()?;
    loop {
        let text = match shared.hub.wait(seq, PING) {
            Wait::Messages(ms, s) => {
                seq = s;
                ms.iter().map(message_text).collect::<String>()
            }
            Wait::Lagged(s) => {
                seq = s;
                message_text(&Message::Reload(None))
            }
            Wait::Timeout => ": ping\n\n".to_string(),
            Wait::Closed => return Ok(()),
        };
        w.write_all(text.as_bytes())?;
        w.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_to_keys_or_are_refused() {
        let ok = [
            ("/", "index.html"),
            ("/?x=1", "index.html"),
            ("/tu-minh/", "tu-minh/index.html"),
            (
                "/tu-minh/thong-bao/index.html#top",
                "tu-minh/thong-bao/index.html",
            ),
            ("/a%20b.html", "a b.html"),
            ("/t%E1%BB%A9.html", "tứ.html"),
            ("/assets/style.css", "assets/style.css"),
        ];
        for (t, k) in ok {
            assert_eq!(resolve_path(t).as_deref(), Some(k), "{t}");
        }
        let bad = [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/a/%2e%2e%2fetc",
            "/..%2fetc/passwd",
            "/..%5cetc",
            "/a%2Fb",
            "/..\\etc\\passwd",
            "/a\\b",
            "//etc/passwd",
            "/a//b",
            "/./index.html",
            "/C:/Windows/win.ini",
            "/a%00.html",
            "/a%0a.html",
            "/%zz",
            "/%e1%bb",
            "etc/passwd",
            "http://example.com/",
            "*",
        ];
        for t in bad {
            assert_eq!(resolve_path(t), None, "{t} must be refused");
        }
    }

    #[test]
    fn heads_parse_and_bad_ones_get_their_status() {
        let r =
            parse_head(b"GET /a HTTP/1.1\r\nHost: localhost:1111\r\nIf-None-Match: \"x\"\r\n\r\n")
                .unwrap();
        assert_eq!((r.method.as_str(), r.target.as_str()), ("GET", "/a"));
        assert_eq!(r.header("if-none-match"), Some("\"x\""));
        assert!(r.keep_alive());
        assert_eq!(parse_head(b"GET /a HTTP/2.0\r\n\r\n").unwrap_err(), 505);
        assert_eq!(parse_head(b"GET /a\r\n\r\n").unwrap_err(), 400);
        assert_eq!(
            parse_head(b"GET /a HTTP/1.1\r\n\r\n").unwrap_err(),
            400,
            "no Host"
        );
        assert_eq!(
            parse_head(b"GET /a HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n").unwrap_err(),
            400
        );
        assert_eq!(
            parse_head(b"GET  /a HTTP/1.1\r\nHost: x\r\n\r\n").unwrap_err(),
            400
        );
        assert!(parse_head(b"GET /a HTTP/1.0\r\n\r\n").unwrap().http10);
    }

    #[test]
    fn text_types_say_utf8() {
        for p in [
            "a.html", "a.css", "a.js", "a.svg", "a.json", "a.txt", "a.csv", "a.ics",
        ] {
            assert!(content_type(p).ends_with("charset=utf-8"), "{p}");
        }
        assert_eq!(content_type("a.png"), "image/png");
        assert_eq!(content_type("README"), "application/octet-stream");
    }

    #[test]
    fn http_dates_round_trip_to_the_second() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_776_650_000);
        let s = http_date(t);
        assert!(s.ends_with(" GMT"), "{s}");
        assert_eq!(parse_http_date(&s), Some(t));
    }

    #[test]
    fn multi_line_data_becomes_several_data_lines() {
        assert_eq!(sse_event("x", "a\nb"), "event: x\ndata: a\ndata: b\n\n");
    }
}
