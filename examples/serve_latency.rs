//! Edit-to-reload latency of `loa serve`: the time from saving a notice to
//! an open tab receiving its reload event, over a real event stream.
//!
//!     cargo run --release --example serve_latency [-- RUNS [NOTICES]]
//!
//! Measures the sample site and a generated ward with NOTICES notices
//! (default 10,000, about as many pages), both copied into /dev/shm so the
//! disk does not blur the numbers, each saved in place and by atomic rename.
//! Prints the median and spread of RUNS saves (default 21) per case.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use loa::serve::{Config, Server};

// The allocator of the `loa` binary, so that these are `loa serve`'s numbers.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(21);
    let notices: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let base = if Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    let work = base.join(format!("loa-serve-latency-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));

    let sample = work.join("sample");
    copy_tree(&repo.join("content"), &sample.join("content"));
    let big = work.join("big");
    generate(&repo.join("content/tu-minh"), &big, notices);

    println!(
        "loa serve: notice saved → reload event received by an open tab, {runs} saves per case."
    );
    println!(
        "page: the edited notice's own page, sent first; lists: the notices list page holding"
    );
    println!("it, with home, campaign, search index and feed, sent when the rest of the ward is");
    println!("rendered. Median (p90);");
    println!("cpu: this process's CPU time per save, all threads.");
    println!(
        "{:<46} {:>17} {:>17} {:>9}",
        "case", "page", "lists", "cpu/save"
    );
    for (name, root, notice) in [
        (
            "sample (2 wards)".to_string(),
            sample.clone(),
            "content/tu-minh/notices/hoan-thanh-dinh-danh-truoc-ngay-5-5.md".to_string(),
        ),
        (
            format!("generated ({notices} notices, one ward)"),
            big.clone(),
            format!("content/notices/thong-bao-{:05}.md", notices / 2),
        ),
    ] {
        let started = Instant::now();
        let server = Server::start(Config {
            root: root.clone(),
            bind: "127.0.0.1".parse().expect("ip"),
            port: 0,
            port_fallback: false,
            today: NaiveDate::from_ymd_opt(2026, 4, 20),
            lang: loa::i18n::Lang::En,
            verbose: false,
        })
        .unwrap_or_else(|d| panic!("{d}"));
        println!(
            "  {name}: {} files, first build and start {} ms",
            server.file_count(),
            started.elapsed().as_millis()
        );
        for pattern in [Save::InPlace, Save::Rename] {
            let cpu0 = cpu_ms();
            let (page, lists) = measure(&server, &root.join(&notice), runs, pattern);
            let cpu = (cpu_ms() - cpu0) / runs as f64;
            println!(
                "{:<46} {:>6.1} ms ({:>5.1}) {:>6.1} ms ({:>5.1}) {:>6.0} ms",
                format!("{name}, {}", pattern.name()),
                median(&page),
                pct(&page, 0.9),
                median(&lists),
                pct(&lists, 0.9),
                cpu,
            );
        }
        server.stop();
    }
    let _ = std::fs::remove_dir_all(&work);
}

#[derive(Clone, Copy)]
enum Save {
    InPlace,
    Rename,
}

impl Save {
    fn name(self) -> &'static str {
        match self {
            Save::InPlace => "write in place",
            Save::Rename => "atomic rename",
        }
    }
}

/// CPU time of this process (all threads) so far, in ms.
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks: f64 = fields
        .get(11..13)
        .map(|f| f.iter().filter_map(|x| x.parse::<f64>().ok()).sum())
        .unwrap_or(0.0);
    ticks * 10.0
}

/// Saves the notice `runs` times with a new title each time and returns,
/// in ms, when the reload for the notice's page came, and when the one for
/// the notices list came.
fn measure(server: &Server, notice: &Path, runs: usize, how: Save) -> (Vec<f64>, Vec<f64>) {
    let root = notice
        .ancestors()
        .find(|p| p.join("content").is_dir())
        .expect("site root");
    let rel = notice.strip_prefix(root).expect("inside");
    let key = page_key(server.addr(), rel);
    // The notices list page holding the notice changes with its title, but
    // which page that is depends on the ward; the search index changes
    // with every title too and is rendered with the lists, so it marks them.
    let list_key = format!(
        "{}assets/search-index.js",
        key.split("thong-bao/").next().unwrap_or("")
    );
    let html = get(server.addr(), &format!("/{key}"));
    let v = attr(&html, "data-v");
    let events = connect(server.addr(), &key, &v);
    std::thread::sleep(Duration::from_millis(200));
    while events.try_recv().is_ok() {}
    let original = std::fs::read_to_string(notice).expect("notice");
    let (mut page, mut lists) = (Vec::new(), Vec::new());
    for i in 0..runs {
        let text = original.replacen("title: ", &format!("title: Lần sửa {i} – "), 1);
        let t0 = Instant::now();
        match how {
            Save::InPlace => std::fs::write(notice, &text).expect("write"),
            Save::Rename => {
                let tmp = notice.with_file_name(".loa-latency.tmp");
                std::fs::write(&tmp, &text).expect("write");
                std::fs::rename(&tmp, notice).expect("rename");
            }
        }
        let (mut got_page, mut got_list) = (None, None);
        while got_page.is_none() || got_list.is_none() {
            match events.recv_timeout(Duration::from_secs(20)) {
                Ok((name, data)) if name == "reload" => {
                    let ms = t0.elapsed().as_secs_f64() * 1000.0;
                    if std::env::var_os("LOA_DEBUG").is_some() {
                        eprintln!("{ms:.1} ms: {}", &data[..data.len().min(200)]);
                    }
                    let all = data == "*";
                    if got_page.is_none() && (all || data.contains(&format!("\"{key}\""))) {
                        got_page = Some(ms);
                    }
                    if got_list.is_none() && (all || data.contains(&format!("\"{list_key}\""))) {
                        // The list page showing the new title comes in the same event.
                        assert!(
                            all || data.contains("thong-bao/index.html\"")
                                || data.contains("thong-bao/trang-"),
                            "the search index changed without a notices list page: {data}"
                        );
                        got_list = Some(ms);
                    }
                }
                Ok((name, data)) if name == "build-error" => panic!("build error: {data}"),
                Ok(_) => continue,
                Err(_) => panic!("no reload within 20 s ({got_page:?}, {got_list:?})"),
            }
        }
        page.push(got_page.unwrap_or(0.0));
        lists.push(got_list.unwrap_or(0.0));
        // Let the next save be a separate one.
        std::thread::sleep(Duration::from_millis(150));
        while events.try_recv().is_ok() {}
    }
    // Put it back, and wait until the server has rendered that too.
    std::fs::write(notice, &original).expect("restore");
    let end = Instant::now() + Duration::from_secs(30);
    while Instant::now() < end {
        match events.recv_timeout(Duration::from_secs(1)) {
            Ok((name, data)) if name == "reload" && data.contains(&format!("\"{list_key}\"")) => {
                break
            }
            _ => continue,
        }
    }
    std::thread::sleep(Duration::from_millis(200));
    (page, lists)
}

/// The output path of a notice page, from its file name.
fn page_key(addr: SocketAddr, rel: &Path) -> String {
    let id = rel.file_stem().and_then(|s| s.to_str()).expect("stem");
    let province = rel.components().count() > 3;
    let ward = if province {
        format!(
            "{}/",
            rel.components()
                .nth(1)
                .and_then(|c| c.as_os_str().to_str())
                .expect("ward")
        )
    } else {
        String::new()
    };
    let key = format!("{ward}thong-bao/{id}/index.html");
    assert!(
        get(addr, &format!("/{key}")).contains("data-key"),
        "{key} is served"
    );
    key
}

fn get(addr: SocketAddr, path: &str) -> String {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

fn attr(html: &str, name: &str) -> String {
    let needle = format!("{name}=\"");
    let i = html.rfind(&needle).expect("attribute") + needle.len();
    html[i..i + html[i..].find('"').expect("quote")].to_string()
}

/// Opens an event stream; events arrive as (name, data) on the channel.
fn connect(addr: SocketAddr, key: &str, v: &str) -> Receiver<(String, String)> {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_nodelay(true).expect("nodelay");
    write!(
        s,
        "GET /__loa/events?key={key}&v={v} HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .expect("send");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(s);
        let mut line = String::new();
        let (mut name, mut data) = (String::new(), String::new());
        loop {
            line.clear();
            if r.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let l = line.trim_end();
            if l.is_empty() {
                if !name.is_empty()
                    && tx
                        .send((std::mem::take(&mut name), std::mem::take(&mut data)))
                        .is_err()
                {
                    return;
                }
            } else if let Some(n) = l.strip_prefix("event: ") {
                name = n.to_string();
            } else if let Some(d) = l.strip_prefix("data: ") {
                data.push_str(d);
            }
        }
    });
    rx
}

fn median(v: &[f64]) -> f64 {
    pct(v, 0.5)
}

fn pct(v: &[f64], p: f64) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.total_cmp(b));
    s[((s.len() - 1) as f64 * p).round() as usize]
}

fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let Ok(rel) = e.path().strip_prefix(from) else {
            continue;
        };
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else if e.file_type().is_file() {
            std::fs::copy(e.path(), &dest).expect("copy");
        }
    }
}

/// One ward (Tứ Minh's site, locations and campaign) with `n` generated
/// notices of realistic size, dates spread over 16 months, most tied to the
/// campaign, a few pinned.
fn generate(ward: &Path, to: &Path, n: usize) {
    let content = to.join("content");
    std::fs::create_dir_all(content.join("notices")).expect("mkdir");
    for f in ["site.yaml", "locations.yaml"] {
        std::fs::copy(ward.join(f), content.join(f)).expect("copy");
    }
    copy_tree(&ward.join("campaigns"), &content.join("campaigns"));
    let campaign = std::fs::read_dir(ward.join("campaigns"))
        .expect("campaigns")
        .filter_map(Result::ok)
        .filter_map(|e| {
            e.path()
                .file_stem()
                .and_then(|s| s.to_str())
                .map(str::to_string)
        })
        .next()
        .expect("a campaign");
    let start = NaiveDate::from_ymd_opt(2025, 1, 1).expect("date");
    let topics = [
        "lịch làm Căn cước cho trẻ",
        "định danh điện tử mức 2",
        "giấy tờ cần mang theo",
        "thay đổi giờ làm việc buổi tối",
        "thu nhận hồ sơ tại tổ dân phố",
    ];
    for i in 0..n {
        let date = start + chrono::Duration::days((i * 7 % 480) as i64);
        let topic = topics[i % topics.len()];
        let camp = if i % 4 != 0 {
            format!("campaign: {campaign}\n")
        } else {
            String::new()
        };
        let pinned = if i % 997 == 0 { "pinned: true\n" } else { "" };
        let text = format!(
            "---\ntitle: Thông báo số {i} về {topic}\ndate: {}\n{camp}{pinned}---\n\n\
             Công an phường Tứ Minh thông báo về **{topic}** (thông báo số {i}). \
             Các gia đình có con từ 6 đến dưới 14 tuổi sắp xếp thời gian đưa các cháu đến \
             Trụ sở Công an phường, số 2 Vũ Công Đán.\n\n\
             - Buổi sáng: 07:30 – 11:30\n- Buổi chiều: 13:30 – 17:00\n- Buổi tối: 19:30 – 22:00\n\n\
             Mang theo Căn cước của cháu và của người đi cùng.\n",
            date.format("%Y-%m-%d")
        );
        std::fs::write(
            content.join("notices").join(format!("thong-bao-{i:05}.md")),
            text,
        )
        .expect("write");
    }
}
