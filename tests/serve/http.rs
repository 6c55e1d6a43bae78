//! The preview server over real TCP on 127.0.0.1: only built files, right
//! types, caching headers, 404 pages, refusals, and no serve code in builds.

use std::net::SocketAddr;
use std::time::Duration;

use loa::serve::{Config, Server};

use crate::common::site::{html_files, read as read_out, sample, today};
use crate::util::*;

pub struct Running {
    pub dir: tempfile::TempDir,
    pub server: Server,
}

impl Running {
    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }
    pub fn path(&self, rel: &str) -> std::path::PathBuf {
        abs(self.dir.path()).join(rel)
    }
}

/// The sample served from a temp copy on a free loopback port.
pub fn start() -> Running {
    let dir = sample_copy();
    start_in(dir)
}

pub fn start_in(dir: tempfile::TempDir) -> Running {
    let server = Server::start(Config {
        root: dir.path().to_path_buf(),
        bind: "127.0.0.1".parse().unwrap(),
        port: 0,
        port_fallback: false,
        today: Some(today()),
        lang: loa::i18n::Lang::Vi,
        verbose: false,
    })
    .unwrap_or_else(|d| panic!("{d}"));
    Running { dir, server }
}

/// The key and version the page's reload script carries.
pub fn script_of(html: &str) -> (String, String) {
    let tag = html
        .rfind(r#"<script src="/__loa/live.js""#)
        .map(|i| &html[i..])
        .expect("reload script injected");
    let attr = |name: &str| {
        let needle = format!("{name}=\"");
        let i = tag.find(&needle).expect("attribute") + needle.len();
        tag[i..i + tag[i..].find('"').unwrap()].to_string()
    };
    (attr("data-key"), attr("data-v"))
}

#[test]
fn pages_are_the_built_bytes_plus_the_script() {
    let s = start();
    let r = get(s.addr(), "/tu-minh/");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    let html = r.text();
    let built = read_out(sample(), "tu-minh/index.html");
    let tag = r#"<script src="/__loa/live.js""#;
    let i = html.find(tag).expect("script");
    let j = html[i..].find("</script>").unwrap() + i + "</script>".len();
    assert_eq!(
        format!("{}{}", &html[..i], &html[j..]),
        built,
        "only the tag is added"
    );
    assert!(html[j..].starts_with("</body>"));
    let (key, v) = script_of(&html);
    assert_eq!(key, "tu-minh/index.html");
    assert_eq!(v.len(), 16);

    // Other files go out untouched, with their types.
    let css = get(s.addr(), "/tu-minh/assets/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(
        css.body,
        std::fs::read(sample().join("tu-minh/assets/style.css")).unwrap()
    );
    let js = get(s.addr(), "/__loa/live.js");
    assert_eq!(
        js.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(js.text().contains("EventSource"));
}

#[test]
fn no_offline_worker_in_the_preview() {
    let s = start();
    for t in ["/tu-minh/sw.js", "/gia-phuc/sw.js"] {
        let r = get(s.addr(), t);
        assert_eq!(r.status, 200, "{t}");
        assert_eq!(
            r.header("content-type"),
            Some("text/javascript; charset=utf-8")
        );
        let js = r.text();
        assert!(
            js.contains("unregister()") && !js.contains("\"fetch\""),
            "{js}"
        );
    }
    let js = get(s.addr(), "/__loa/live.js").text();
    assert!(js.contains("unregister"));
    // Everything else of the offline feature is served as built.
    assert_eq!(get(s.addr(), "/tu-minh/ngoai-tuyen.html").status, 200);
    assert_eq!(get(s.addr(), "/tu-minh/assets/offline.js").status, 200);
}

#[test]
fn build_output_never_holds_serve_code() {
    for f in html_files(sample()) {
        let html = read_out(sample(), &f);
        assert!(
            !html.contains("__loa") && !html.contains("EventSource"),
            "{f}"
        );
    }
}

#[test]
fn root_and_folders_serve_their_index_and_folders_without_slash_redirect() {
    let s = start();
    let root = get(s.addr(), "/");
    assert_eq!(root.status, 200);
    assert!(root.text().contains("tu-minh/index.html"), "province index");
    let r = get(s.addr(), "/tu-minh/thong-bao");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), Some("/tu-minh/thong-bao/"));
    assert_eq!(get(s.addr(), "/tu-minh/thong-bao/").status, 200);
    assert_eq!(
        get(s.addr(), "/tu-minh/thong-bao/index.html?x=1").status,
        200
    );
}

#[test]
fn head_etag_and_last_modified() {
    let s = start();
    let a = s.addr();
    let g = get(a, "/tu-minh/index.html");
    let h = request(a, "HEAD", "/tu-minh/index.html", &[]);
    assert_eq!(h.status, 200);
    assert!(h.body.is_empty());
    assert_eq!(
        h.header("content-length"),
        Some(g.body.len().to_string().as_str())
    );
    assert_eq!(h.header("etag"), g.header("etag"));
    let etag = g.header("etag").unwrap().to_string();
    assert!(etag.starts_with('"') && etag.ends_with('"'));
    let lm = g.header("last-modified").unwrap().to_string();
    assert!(lm.ends_with(" GMT"));

    let r = request(
        a,
        "GET",
        "/tu-minh/index.html",
        &[&format!("If-None-Match: {etag}")],
    );
    assert_eq!(r.status, 304);
    assert!(r.body.is_empty());
    assert_eq!(r.header("etag"), Some(etag.as_str()));
    let r = request(
        a,
        "GET",
        "/tu-minh/index.html",
        &[&format!("If-None-Match: \"x\", W/{etag}")],
    );
    assert_eq!(r.status, 304);
    let r = request(
        a,
        "GET",
        "/tu-minh/index.html",
        &["If-None-Match: \"other\""],
    );
    assert_eq!(r.status, 200);
    let r = request(
        a,
        "GET",
        "/tu-minh/index.html",
        &[&format!("If-Modified-Since: {lm}")],
    );
    assert_eq!(r.status, 304);
    let r = request(
        a,
        "GET",
        "/tu-minh/index.html",
        &["If-Modified-Since: Mon, 01 Jan 2001 00:00:00 GMT"],
    );
    assert_eq!(r.status, 200);
    // CSS: the ETag is the file's own.
    let c = get(a, "/assets/style.css");
    let r = request(
        a,
        "GET",
        "/assets/style.css",
        &[&format!("If-None-Match: {}", c.header("etag").unwrap())],
    );
    assert_eq!(r.status, 304);
}

#[test]
fn unknown_paths_get_the_wards_404_page() {
    let s = start();
    let r = get(s.addr(), "/tu-minh/chien-dich/khong-co/index.html");
    assert_eq!(r.status, 404);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    let html = r.text();
    let own = read_out(sample(), "tu-minh/404.html");
    let title = own.lines().find(|l| l.contains("<h1>")).unwrap();
    assert!(html.contains(title), "the ward's own 404 page");
    assert!(
        html.contains(r#"<base href="/tu-minh/">"#),
        "links work at any depth"
    );
    let (key, v) = script_of(&html);
    assert_eq!(key, "tu-minh/chien-dich/khong-co/index.html");
    assert_eq!(v, "0000000000000000");
    // Outside any ward: a plain 404 page.
    let r = get(s.addr(), "/khong-co.html");
    assert_eq!(r.status, 404);
    assert!(r.text().contains("Không tìm thấy trang"));
    // Source files are not served.
    assert_eq!(get(s.addr(), "/content/tu-minh/site.yaml").status, 404);
}

#[test]
fn traversal_and_strange_paths_are_refused() {
    // A secret beside the site, and a symlink to it inside the content:
    // nothing outside the built files can be served, whatever the path.
    let dir = sample_copy();
    std::fs::write(dir.path().join("secret.txt"), "SECRET").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        dir.path().join("secret.txt"),
        dir.path().join("content/tu-minh/link.txt"),
    )
    .unwrap();
    let s = start_in(dir);
    for t in [
        "/../secret.txt",
        "/tu-minh/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/tu-minh/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/tu-minh%2findex.html",
        "/..\\secret.txt",
        "//etc/passwd",
        "/C:/Windows/win.ini",
        "/index.html%00.css",
        "/%zz",
    ] {
        let r = get(s.addr(), t);
        assert_eq!(r.status, 400, "{t}");
        assert!(!r.text().contains("SECRET"));
    }
    for t in [
        "/secret.txt",
        "/content/tu-minh/link.txt",
        "/tu-minh/link.txt",
        "/etc/passwd",
    ] {
        let r = get(s.addr(), t);
        assert_eq!(r.status, 404, "{t}");
        assert!(!r.text().contains("SECRET"));
    }
    // Absolute-form targets are not proxied.
    let r = raw(
        s.addr(),
        b"GET http://example.com/ HTTP/1.1\r\nHost: localhost\r\n\r\n",
    );
    assert_eq!(r.status, 400);
}

#[test]
fn methods_hosts_and_oversized_heads() {
    let s = start();
    let a = s.addr();
    let r = request(a, "POST", "/", &["Content-Length: 0"]);
    assert_eq!(r.status, 405);
    assert_eq!(r.header("allow"), Some("GET, HEAD"));
    assert_eq!(request(a, "DELETE", "/", &[]).status, 405);
    let r = raw(
        a,
        b"GET / HTTP/1.1\r\nHost: evil.example:1111\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(r.status, 403, "DNS rebinding guard on loopback");
    for host in ["localhost:1111", "127.0.0.1", "[::1]:80", "app.localhost"] {
        let req = format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        assert_eq!(raw(a, req.as_bytes()).status, 200, "{host}");
    }
    let big = format!(
        "GET / HTTP/1.1\r\nHost: localhost\r\nX: {}\r\n\r\n",
        "a".repeat(20_000)
    );
    assert_eq!(raw(a, big.as_bytes()).status, 431);
    assert_eq!(raw(a, b"GET / HTTP/2.0\r\nHost: x\r\n\r\n").status, 505);
    assert_eq!(raw(a, b"NONSENSE\r\n\r\n").status, 400);
    let r = request(a, "GET", "/", &["Content-Length: 5"]);
    assert_eq!(r.status, 400, "no request bodies");
}

#[test]
fn keep_alive_serves_several_requests_on_one_connection() {
    use std::io::{Read, Write};
    let s = start();
    let mut c = std::net::TcpStream::connect(s.addr()).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    c.write_all(b"HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\nHEAD /tu-minh/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut buf = Vec::new();
    c.read_to_end(&mut buf).unwrap();
    let text = String::from_utf8_lossy(&buf);
    assert_eq!(text.matches("HTTP/1.1 200 OK").count(), 2, "{text}");
}

#[test]
fn a_site_that_never_built_shows_its_errors_and_the_server_stays_up() {
    let dir = sample_copy();
    let site = dir.path().join("content/tu-minh/site.yaml");
    let text = std::fs::read_to_string(&site).unwrap();
    std::fs::write(&site, text.replacen("name: ", "name: [", 1)).unwrap();
    let gp = dir.path().join("content/gia-phuc");
    std::fs::remove_dir_all(&gp).unwrap();
    let s = start_in(dir);
    let r = get(s.addr(), "/");
    assert_eq!(r.status, 503);
    let html = r.text();
    assert!(html.contains("site.yaml:"), "{html}");
    assert!(html.contains("/__loa/live.js"));
    std::fs::write(s.path("content/tu-minh/site.yaml"), text).unwrap();
    let ev = Events::connect(s.addr(), "index.html", "0000000000000000");
    ev.expect("reload", Duration::from_secs(5));
    assert_eq!(get(s.addr(), "/").status, 200);
}

#[test]
fn ctrl_c_stops_the_cli_cleanly() {
    use std::io::BufRead;
    let dir = sample_copy();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_loa"))
        .args(["serve", "--port", "0", "--today", "2026-04-20"])
        .arg(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    let mut port = None;
    for _ in 0..5 {
        line.clear();
        out.read_line(&mut line).unwrap();
        if let Some(rest) = line.split("http://localhost:").nth(1) {
            port = rest.split('/').next().and_then(|p| p.parse::<u16>().ok());
            break;
        }
    }
    let port = port.expect("the address is printed");
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    assert_eq!(get(addr, "/").status, 200);
    let ev = Events::connect(addr, "", "");
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "still running after Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut out, &mut rest).unwrap();
    assert!(rest.contains("Đã dừng."), "{rest}");
    // The event stream was ended, not left hanging.
    assert!(ev.ended(Duration::from_secs(2)));
    assert!(std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(300)).is_err());
}
