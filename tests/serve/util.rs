//! Helpers for the `loa serve` tests: site copies, fresh builds to compare
//! with, and a tiny HTTP and event-stream client over real TCP.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use loa::render::Options;
use loa::serve::site::Site;

use crate::common::site::{repo, today};

/// The sample's `content/` (both wards) copied into a temp folder.
pub fn sample_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&repo().join("content"), &dir.path().join("content"));
    dir
}

pub fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e.path().strip_prefix(from).expect("inside");
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else if e.file_type().is_file() {
            std::fs::copy(e.path(), &dest).expect("copy");
        }
    }
}

pub fn opts() -> Options {
    Options { today: today() }
}

/// What `loa build` makes of `root` now, in memory.
pub fn fresh(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fresh_on(root, opts())
}

/// [`fresh`] for another build date.
pub fn fresh_on(root: &Path, opts: Options) -> BTreeMap<String, Vec<u8>> {
    let built = loa::build::build(root, opts, None);
    assert!(
        !built.report.has_errors(),
        "{}",
        built.report.render(loa::i18n::Lang::En)
    );
    // The preview never makes the offline worker (it would hash every file
    // on every save, and is not served).
    built
        .output
        .into_iter()
        .filter(|(k, _)| k != "sw.js" && !k.ends_with("/sw.js"))
        .collect()
}

pub fn served(site: &Site) -> BTreeMap<String, Vec<u8>> {
    site.files()
        .iter()
        .map(|(k, f)| (k.clone(), f.bytes.clone()))
        .collect()
}

/// Paths added, removed or changed from `a` to `b`.
pub fn diff(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut v: Vec<String> = a
        .iter()
        .filter(|(k, x)| b.get(*k) != Some(*x))
        .map(|(k, _)| k.clone())
        .chain(b.keys().filter(|k| !a.contains_key(*k)).cloned())
        .collect();
    v.sort();
    v
}

pub fn write(path: &Path, text: &str) {
    if let Some(d) = path.parent() {
        std::fs::create_dir_all(d).expect("mkdir");
    }
    std::fs::write(path, text).expect("write");
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Replaces `from` by `to` in a file, which must contain it.
pub fn edit(path: &Path, from: &str, to: &str) {
    let text = read(path);
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    write(path, &text.replacen(from, to, 1));
}

pub fn abs(p: &Path) -> PathBuf {
    std::path::absolute(p).expect("absolute")
}

/// A response read over a real connection.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends raw request bytes and reads one response (the server is told to
/// close, so the body runs to the end of the stream).
pub fn raw(addr: SocketAddr, request: &[u8]) -> Resp {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    s.set_write_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    s.write_all(request).expect("send");
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    parse_response(&buf)
}

pub fn parse_response(buf: &[u8]) -> Resp {
    let end = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no head in {:?}", String::from_utf8_lossy(buf)));
    let head = std::str::from_utf8(&buf[..end]).expect("utf-8 head");
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Resp {
        status,
        headers,
        body: buf[end + 4..].to_vec(),
    }
}

/// GET (or another method) with extra header lines.
pub fn request(addr: SocketAddr, method: &str, target: &str, extra: &[&str]) -> Resp {
    let mut req = format!("{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    for h in extra {
        req.push_str(h);
        req.push_str("\r\n");
    }
    req.push_str("\r\n");
    raw(addr, req.as_bytes())
}

pub fn get(addr: SocketAddr, target: &str) -> Resp {
    request(addr, "GET", target, &[])
}

/// One server-sent event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub name: String,
    pub data: String,
}

/// An open `/__loa/events` stream, read on its own thread.
pub struct Events {
    rx: Receiver<Event>,
    _stream: TcpStream,
}

impl Events {
    pub fn connect(addr: SocketAddr, key: &str, version: &str) -> Events {
        let s = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).expect("connect");
        let mut w = s.try_clone().expect("clone");
        write!(
            w,
            "GET /__loa/events?key={key}&v={version} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        )
        .expect("send");
        let (tx, rx) = std::sync::mpsc::channel();
        let r = s.try_clone().expect("clone");
        std::thread::spawn(move || {
            let mut r = BufReader::new(r);
            let mut line = String::new();
            // The response head.
            loop {
                line.clear();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                if line == "\r\n" {
                    break;
                }
            }
            let (mut name, mut data): (String, Vec<String>) = (String::new(), Vec::new());
            loop {
                line.clear();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let l = line.trim_end_matches('\n');
                if l.is_empty() {
                    if !name.is_empty() {
                        let ev = Event {
                            name: std::mem::take(&mut name),
                            data: data.join("\n"),
                        };
                        if tx.send(ev).is_err() {
                            return;
                        }
                    }
                    data.clear();
                } else if let Some(n) = l.strip_prefix("event: ") {
                    name = n.to_string();
                } else if let Some(d) = l.strip_prefix("data: ") {
                    data.push(d.to_string());
                }
            }
        });
        Events { rx, _stream: s }
    }

    /// The next event within `timeout`.
    pub fn next(&self, timeout: Duration) -> Option<Event> {
        match self.rx.recv_timeout(timeout) {
            Ok(e) => Some(e),
            Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => None,
        }
    }

    /// Waits for an event named `name`, skipping others; panics after `timeout`.
    pub fn expect(&self, name: &str, timeout: Duration) -> Event {
        let end = Instant::now() + timeout;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            match self.next(left) {
                Some(e) if e.name == name => return e,
                Some(_) => continue,
                None => panic!("no `{name}` event within {timeout:?}"),
            }
        }
    }

    /// True when the server ends the stream within `timeout`.
    pub fn ended(&self, timeout: Duration) -> bool {
        let end = Instant::now() + timeout;
        loop {
            match self
                .rx
                .recv_timeout(end.saturating_duration_since(Instant::now()))
            {
                Ok(_) => continue,
                Err(RecvTimeoutError::Disconnected) => return true,
                Err(RecvTimeoutError::Timeout) => return false,
            }
        }
    }

    /// Every event arriving within `window`.
    pub fn drain(&self, window: Duration) -> Vec<Event> {
        let end = Instant::now() + window;
        let mut v = Vec::new();
        while let Some(e) = self.next(end.saturating_duration_since(Instant::now())) {
            v.push(e);
        }
        v
    }
}
