//! The synthetic province or nation the benchmark builds: N ward folders in
//! Loa's format, and the same pages as a plain Hugo site.
//!
//! Each ward gets what a real ward portal holds: `site.yaml` with three
//! links, four locations, two campaigns (three audiences, three schedules,
//! three guides, three targets, phases, legal basis, assignments) and ten
//! notices of about 600 words of Vietnamese. Everything comes from a seeded
//! generator, so two runs write the same bytes.
//!
//! The Hugo site has one Markdown page for every HTML page Loa writes, at
//! the same URL, holding the same text (see [`HugoPage`]); its layout
//! only wraps `.Content` in a page shell, which is the cheapest thing Hugo
//! can do per page.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate};

use super::text::{self, Rng};
use crate::vi;

/// The 34 provinces and centrally-run cities (2025 map); a national run
/// spreads wards over them.
pub const PROVINCES: &[&str] = &[
    "Thành phố Hà Nội",
    "Thành phố Huế",
    "Tỉnh Lai Châu",
    "Tỉnh Điện Biên",
    "Tỉnh Sơn La",
    "Tỉnh Lạng Sơn",
    "Tỉnh Quảng Ninh",
    "Tỉnh Thanh Hóa",
    "Tỉnh Nghệ An",
    "Tỉnh Hà Tĩnh",
    "Tỉnh Cao Bằng",
    "Tỉnh Tuyên Quang",
    "Tỉnh Lào Cai",
    "Tỉnh Thái Nguyên",
    "Tỉnh Phú Thọ",
    "Tỉnh Bắc Ninh",
    "Tỉnh Hưng Yên",
    "Thành phố Hải Phòng",
    "Tỉnh Ninh Bình",
    "Tỉnh Quảng Trị",
    "Thành phố Đà Nẵng",
    "Tỉnh Quảng Ngãi",
    "Tỉnh Gia Lai",
    "Tỉnh Khánh Hòa",
    "Tỉnh Lâm Đồng",
    "Tỉnh Đắk Lắk",
    "Thành phố Hồ Chí Minh",
    "Tỉnh Đồng Nai",
    "Tỉnh Tây Ninh",
    "Thành phố Cần Thơ",
    "Tỉnh Vĩnh Long",
    "Tỉnh Đồng Tháp",
    "Tỉnh Cà Mau",
    "Tỉnh An Giang",
];

const SYLLABLES: &[&str] = &[
    "An", "Bình", "Hòa", "Phú", "Thạnh", "Tân", "Long", "Mỹ", "Đông", "Tây", "Nam", "Bắc", "Hưng",
    "Thịnh", "Phúc", "Lộc", "Gia", "Minh", "Quang", "Trung", "Nghĩa", "Đức", "Xuân", "Hải", "Sơn",
    "Thủy", "Lâm", "Khánh", "Vĩnh", "Hiệp", "Thuận", "Yên", "Định", "Phước", "Lạc", "Thành",
];

const SURNAMES: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô",
];
const GIVEN: &[&str] = &[
    "Văn Hùng",
    "Thị Lan",
    "Minh Tuấn",
    "Đức Thắng",
    "Thị Hoa",
    "Quốc Bảo",
    "Văn Nam",
    "Thu Hà",
];

/// The date the benchmark builds for; campaigns are placed around it so
/// statuses mix (running, coming, ended).
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 4, 20).unwrap_or_default()
}

struct Audience {
    id: &'static str,
    name: &'static str,
    ages: Option<(u8, u8)>,
    companions: bool,
}

/// One kind of campaign; every ward runs two of these four.
struct Kind {
    id: &'static str,
    title: &'static str,
    short: &'static str,
    summary: &'static str,
    service: &'static str,
    link: &'static str,
    audiences: [Audience; 3],
    steps: [(&'static str, &'static str); 4],
    slogans: [&'static str; 2],
}

const KINDS: [Kind; 4] = [
    Kind {
        id: "can-cuoc-dinh-danh",
        title: "Cấp Căn cước và định danh điện tử mức 2 cho trẻ từ 6 đến dưới 14 tuổi",
        short: "Căn cước cho trẻ 6–14 tuổi",
        summary: "Công an tập trung thu nhận hồ sơ cấp Căn cước và tài khoản định danh điện tử mức 2 cho trẻ từ 6 đến dưới 14 tuổi và học sinh dự thi năm 2026, cả buổi tối và cuối tuần.",
        service: "Thu nhận hồ sơ cấp Căn cước, định danh điện tử mức 2",
        link: "dich-vu-cong",
        audiences: [
            Audience { id: "tre-chua-co-can-cuoc", name: "Trẻ từ 6 đến dưới 14 tuổi chưa có Căn cước", ages: Some((6, 14)), companions: true },
            Audience { id: "tre-da-co-can-cuoc", name: "Trẻ đã có Căn cước, chưa có định danh mức 2", ages: Some((6, 14)), companions: true },
            Audience { id: "hoc-sinh-du-thi", name: "Học sinh từ đủ 14 tuổi dự thi năm 2026", ages: Some((14, 18)), companions: false },
        ],
        steps: [
            ("Đăng ký thủ tục trên Cổng dịch vụ công hoặc VNeID", "online"),
            ("Chuẩn bị giấy tờ của trẻ và của cha, mẹ", "at_home"),
            ("Đưa trẻ đến nơi thu nhận theo lịch", "in_person"),
            ("Kích hoạt tài khoản trên ứng dụng VNeID", "online"),
        ],
        slogans: ["Căn cước cho con – thuận tiện cả nhà.", "Hoàn thành định danh mức 2 trước ngày 05/5/2026."],
    },
    Kind {
        id: "tiem-chung-soi-rubella",
        title: "Tiêm bổ sung vắc xin sởi – rubella cho trẻ em và phụ nữ trong độ tuổi sinh đẻ",
        short: "Tiêm vắc xin sởi – rubella",
        summary: "Trạm y tế tổ chức tiêm miễn phí vắc xin sởi – rubella cho trẻ từ 1 đến 5 tuổi, học sinh tiểu học và phụ nữ chuẩn bị mang thai, tại trạm và tại các điểm trường.",
        service: "Tiêm vắc xin sởi – rubella miễn phí",
        link: "vneid",
        audiences: [
            Audience { id: "tre-1-den-5-tuoi", name: "Trẻ từ 1 đến 5 tuổi", ages: Some((1, 6)), companions: true },
            Audience { id: "hoc-sinh-tieu-hoc", name: "Học sinh tiểu học", ages: Some((6, 11)), companions: true },
            Audience { id: "phu-nu-tuoi-sinh-de", name: "Phụ nữ chuẩn bị mang thai", ages: Some((18, 45)), companions: false },
        ],
        steps: [
            ("Xem lịch tiêm của thôn, tổ dân phố", "at_home"),
            ("Mang sổ tiêm chủng và thẻ bảo hiểm y tế", "at_home"),
            ("Đến điểm tiêm đúng buổi đã hẹn", "in_person"),
            ("Theo dõi sau tiêm 30 phút tại điểm tiêm", "in_person"),
        ],
        slogans: ["Tiêm đủ, tiêm đúng lịch – phòng sởi cho con.", "Vắc xin miễn phí tại trạm y tế và điểm trường."],
    },
    Kind {
        id: "bhyt-hoc-sinh",
        title: "Vận động học sinh tham gia bảo hiểm y tế năm học 2026 – 2027",
        short: "Bảo hiểm y tế học sinh",
        summary: "Nhà trường và Ủy ban nhân dân xã vận động 100% học sinh tham gia bảo hiểm y tế; hộ nghèo, cận nghèo được hỗ trợ mức đóng, đăng ký tại trường hoặc trên VNeID.",
        service: "Tiếp nhận hồ sơ bảo hiểm y tế học sinh",
        link: "vneid",
        audiences: [
            Audience { id: "hoc-sinh-tieu-hoc", name: "Học sinh tiểu học", ages: Some((6, 11)), companions: true },
            Audience { id: "hoc-sinh-thcs", name: "Học sinh trung học cơ sở", ages: Some((11, 15)), companions: true },
            Audience { id: "hoc-sinh-thpt", name: "Học sinh trung học phổ thông", ages: Some((15, 18)), companions: false },
        ],
        steps: [
            ("Nhận tờ khai tại lớp hoặc tải trên VNeID", "online"),
            ("Kiểm tra mức hỗ trợ của hộ gia đình", "at_home"),
            ("Nộp tiền và tờ khai cho giáo viên chủ nhiệm", "in_person"),
            ("Tích hợp thẻ bảo hiểm y tế lên VNeID", "online"),
        ],
        slogans: ["Bảo hiểm y tế – tấm lá chắn cho học sinh.", "100% học sinh có thẻ bảo hiểm y tế."],
    },
    Kind {
        id: "hien-mau-tinh-nguyen",
        title: "Ngày hội hiến máu tình nguyện đợt cao điểm năm 2026",
        short: "Hiến máu tình nguyện",
        summary: "Ban chỉ đạo vận động hiến máu tổ chức ngày hội hiến máu tại hội trường Ủy ban nhân dân; người hiến được khám sức khỏe, xét nghiệm miễn phí và nhận giấy chứng nhận.",
        service: "Tiếp nhận người hiến máu, khám sàng lọc",
        link: "dich-vu-cong",
        audiences: [
            Audience { id: "nguoi-18-den-60-tuoi", name: "Người từ đủ 18 đến 60 tuổi đủ sức khỏe", ages: Some((18, 60)), companions: false },
            Audience { id: "doan-vien-thanh-nien", name: "Đoàn viên thanh niên", ages: Some((18, 30)), companions: false },
            Audience { id: "can-bo-cong-chuc", name: "Cán bộ, công chức, viên chức", ages: None, companions: false },
        ],
        steps: [
            ("Đăng ký với trưởng thôn hoặc Đoàn thanh niên", "at_home"),
            ("Ăn nhẹ, ngủ đủ giấc trước ngày hiến", "at_home"),
            ("Mang Căn cước đến hội trường đúng giờ", "in_person"),
            ("Nhận giấy chứng nhận và theo dõi sức khỏe", "in_person"),
        ],
        slogans: ["Một giọt máu cho đi – một cuộc đời ở lại.", "Hiến máu cứu người – nghĩa cử cao đẹp."],
    },
];

/// A ward of the synthetic set.
struct WardSpec {
    id: String,
    name: String,
    short: String,
    province: &'static str,
    office: String,
    /// Index into [`KINDS`] of its two campaigns.
    kinds: [usize; 2],
    /// Days the campaigns are shifted from the base plan.
    offset: i64,
}

/// A page of the Hugo mirror: the Loa page path it stands for and its text.
pub struct HugoPage {
    pub url: String,
    pub title: String,
    pub body: String,
}

/// What [`generate`] wrote.
pub struct Generated {
    pub loa: PathBuf,
    pub hugo: PathBuf,
    pub wards: usize,
    pub provinces: usize,
    pub input_bytes: u64,
}

/// How many provinces `wards` wards are spread over: one per 100 wards,
/// at most 34.
pub fn province_count(wards: usize) -> usize {
    wards.div_ceil(100).clamp(1, PROVINCES.len())
}

/// Writes `wards` wards under `dir/loa/content/` and the Hugo mirror under
/// `dir/hugo/`, replacing what was there.
pub fn generate(dir: &Path, wards: usize) -> io::Result<Generated> {
    generate_with(dir, wards, province_count(wards))
}

/// [`generate`] with wards spread over the first `provinces` provinces.
pub fn generate_with(dir: &Path, wards: usize, provinces: usize) -> io::Result<Generated> {
    let provinces = provinces.clamp(1, PROVINCES.len());
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    let loa = dir.join("loa");
    let hugo = dir.join("hugo");
    let content = loa.join("content");
    std::fs::create_dir_all(&content)?;
    hugo_skeleton(&hugo)?;
    let specs = ward_specs(wards, provinces);
    let mut bytes = 0u64;
    for (i, w) in specs.iter().enumerate() {
        let mut rng = Rng::new(i as u64 + 1);
        let files = ward_files(w, &mut rng);
        let wdir = content.join(&w.id);
        for (rel, text) in &files {
            bytes += write(&wdir.join(rel), text)?;
        }
        for page in hugo_ward_pages(w, &files) {
            write_hugo(&hugo, &page)?;
        }
    }
    for page in hugo_index_pages(&specs, provinces) {
        write_hugo(&hugo, &page)?;
    }
    Ok(Generated {
        loa,
        hugo,
        wards,
        provinces,
        input_bytes: bytes,
    })
}

fn write(path: &Path, text: &str) -> io::Result<u64> {
    if let Some(d) = path.parent() {
        std::fs::create_dir_all(d)?;
    }
    std::fs::write(path, text)?;
    Ok(text.len() as u64)
}

fn ward_specs(n: usize, provinces: usize) -> Vec<WardSpec> {
    let mut seen = std::collections::HashSet::new();
    let mut rng = Rng::new(0x5eed);
    (0..n)
        .map(|i| {
            let kind = if i % 3 == 0 { "Xã" } else { "Phường" };
            let short = format!(
                "{} {}",
                rng.pick(SYLLABLES),
                SYLLABLES[rng.below(SYLLABLES.len())].to_lowercase()
            );
            let short = capitalize_words(&short);
            let name = format!("{kind} {short}");
            let base = vi::slugify(&name);
            let mut id = base.clone();
            let mut k = 2;
            while !seen.insert(id.clone()) {
                id = format!("{base}-{k}");
                k += 1;
            }
            let office = if i % 3 == 0 {
                format!("Ủy ban nhân dân {}", name.to_lowercase())
            } else {
                format!("Công an {}", name.to_lowercase())
            };
            WardSpec {
                id,
                province: PROVINCES[i % provinces],
                office: capitalize_first(&office),
                kinds: [i % 4, (i + 1 + i / 4) % 4].map(|k| k % 4),
                offset: (i as i64 * 7) % 50 - 25,
                name,
                short,
            }
        })
        .map(|mut w| {
            if w.kinds[0] == w.kinds[1] {
                w.kinds[1] = (w.kinds[1] + 1) % 4;
            }
            w
        })
        .collect()
}

fn capitalize_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn capitalize_words(s: &str) -> String {
    s.split(' ')
        .map(capitalize_first)
        .collect::<Vec<_>>()
        .join(" ")
}

/// YAML double-quoted string.
fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn phone(rng: &mut Rng) -> String {
    format!(
        "0{} {} {}",
        200 + rng.below(99),
        1000 + rng.below(8999),
        100 + rng.below(899)
    )
}

fn person(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(SURNAMES), rng.pick(GIVEN))
}

struct LocSpec {
    id: String,
    name: String,
    address: String,
}

fn locations(w: &WardSpec) -> Vec<LocSpec> {
    let lower = w.name.to_lowercase();
    let prov = w.province.to_lowercase();
    [
        ("tru-so", format!("Trụ sở {}", w.office)),
        ("nha-van-hoa", format!("Nhà văn hóa thôn {}", w.short)),
        ("truong-thcs", format!("Trường Trung học cơ sở {}", w.short)),
        ("tram-y-te", format!("Trạm y tế {lower}")),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (id, name))| LocSpec {
        id: id.to_string(),
        name,
        address: format!("Số {} đường {}, {lower}, {prov}", 2 + i * 17, w.short),
    })
    .collect()
}

/// Every source file of one ward, by path inside its folder.
fn ward_files(w: &WardSpec, rng: &mut Rng) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let lower = w.name.to_lowercase();
    let mut site = String::new();
    let _ = write!(
        site,
        "id: {}\nname: {}\nprovince: {}\noffice: {}\naddress: {}\nphones:\n  - label: Trực ban\n    number: {}\nlanguage: vi\nbase_url: https://{}.gov.vn/\nlinks:\n",
        w.id,
        q(&w.name),
        q(w.province),
        q(&w.office),
        q(&format!("Số 2 đường {}, {lower}, {}", w.short, w.province.to_lowercase())),
        q(&phone(rng)),
        w.id
    );
    for (id, title, url, note) in [
        (
            "dich-vu-cong",
            "Cổng dịch vụ công Bộ Công an",
            "https://dichvucong.bocongan.gov.vn".to_string(),
            "Đăng ký trực tuyến thủ tục trước khi đến nơi thu nhận hồ sơ.",
        ),
        (
            "vneid",
            "Ứng dụng VNeID",
            "https://vneid.gov.vn".to_string(),
            "Cài đặt, kích hoạt tài khoản định danh điện tử và tích hợp giấy tờ.",
        ),
        (
            "zalo",
            "Trang Zalo của phường, xã",
            format!(
                "https://zalo.me/{}",
                4_000_000_000u64 + rng.next_u64() % 999_999_999
            ),
            "Nhận thông báo mới nhất của phường, xã trên Zalo.",
        ),
    ] {
        let _ = write!(
            site,
            "  - id: {id}\n    title: {}\n    url: {url}\n    note: {}\n",
            q(title),
            q(note)
        );
    }
    site.push_str("main_link: dich-vu-cong\n");
    files.push(("site.yaml".to_string(), site));

    let locs = locations(w);
    let mut l = String::new();
    for (i, loc) in locs.iter().enumerate() {
        let _ = write!(
            l,
            "- id: {}\n  name: {}\n  address: {}\n  phone: {}\n  coordinates:\n    lat: {:.5}\n    lon: {:.5}\n  services:\n    - {}\n    - {}\n  notes:\n    - {}\n",
            loc.id,
            q(&loc.name),
            q(&loc.address),
            q(&phone(rng)),
            10.0 + (rng.below(120_000) as f64) / 10_000.0,
            104.0 + (rng.below(50_000) as f64) / 10_000.0,
            q(KINDS[w.kinds[0]].service),
            q(KINDS[w.kinds[1]].service),
            q(&text::sentence(rng)),
        );
        if i == 0 {
            let _ = write!(
                l,
                "  alternatives:\n    note: {}\n    locations: [{}, {}]\n",
                q("Ngoài giờ hành chính, người dân có thể đến các điểm sau."),
                locs[1].id,
                locs[3].id
            );
        }
        l.push('\n');
    }
    files.push(("locations.yaml".to_string(), l));

    for (ci, k) in w.kinds.iter().enumerate() {
        let kind = &KINDS[*k];
        files.push((
            format!("campaigns/{}.yaml", kind.id),
            campaign_yaml(w, kind, ci, &locs, rng),
        ));
    }

    // Progress reports per village, a week apart, from the campaign's start
    // up to the build date (none for a campaign not started yet).
    for (ci, k) in w.kinds.iter().enumerate() {
        let kind = &KINDS[*k];
        let (start, _) = period(w, ci);
        let dates = [today() - Duration::days(7), today()];
        for (i, date) in dates.iter().filter(|d| **d >= start).enumerate() {
            let date = *date;
            files.push((
                format!("stats/{}/{}.csv", kind.id, iso(date)),
                stats_csv(kind, i, rng),
            ));
        }
    }

    let base = today() + Duration::days(w.offset / 2);
    for n in 0..10 {
        let kind = &KINDS[w.kinds[n % 2]];
        let date = base - Duration::days(n as i64 * 4);
        let title = format!(
            "{} – {} ({})",
            kind.short,
            [
                "lịch tuần này",
                "giấy tờ cần mang",
                "tăng ca buổi tối",
                "kết quả đợt 1",
                "lưu ý cho phụ huynh"
            ][n % 5],
            vi::date_short(date)
        );
        let mut md = format!(
            "---\ntitle: {}\ndate: {}\ncampaign: {}\n",
            q(&title),
            iso(date),
            kind.id
        );
        if n % 2 == 0 {
            let _ = writeln!(md, "summary: {}", q(&text::sentence(rng)));
        }
        if n == 0 {
            md.push_str("pinned: true\n");
        }
        if n % 3 == 1 {
            let _ = writeln!(md, "expires: {}", iso(date + Duration::days(20)));
        }
        md.push_str("---\n\n");
        md.push_str(&text::notice_body(rng, 600));
        let id = vi::slugify(&format!("{} {}", kind.short, n + 1));
        files.push((format!("notices/{id}.md"), md));
    }
    files
}

/// One report file as an office exports it from Excel: a village per row,
/// target and issued per audience, a total row.
fn stats_csv(kind: &Kind, report: usize, rng: &mut Rng) -> String {
    let mut csv = String::from("STT;Thôn");
    for a in &kind.audiences {
        let _ = write!(csv, ";{} – Chỉ tiêu;{} – Đã cấp", a.id, a.id);
    }
    csv.push('\n');
    let mut totals = vec![0usize; 2 * kind.audiences.len()];
    for v in 0..8 {
        let _ = write!(csv, "{};Thôn {}", v + 1, v + 1);
        for (j, _) in kind.audiences.iter().enumerate() {
            let target = 40 + rng.below(160);
            let done = target * (30 + 30 * report + rng.below(20)) / 100;
            totals[2 * j] += target;
            totals[2 * j + 1] += done;
            let _ = write!(csv, ";{target};{done}");
        }
        csv.push('\n');
    }
    csv.push_str("Tổng;");
    for t in totals {
        let _ = write!(csv, ";{t}");
    }
    csv.push('\n');
    csv
}

/// First and last day of a ward's `ci`-th campaign: spread around the build
/// date so some run, some are coming and (in long runs) some have ended.
fn period(w: &WardSpec, ci: usize) -> (NaiveDate, NaiveDate) {
    let start = today() - Duration::days(30) + Duration::days(w.offset + ci as i64 * 20);
    (start, start + Duration::days(60 + (w.offset.abs() % 30)))
}

fn campaign_yaml(w: &WardSpec, kind: &Kind, ci: usize, locs: &[LocSpec], rng: &mut Rng) -> String {
    let (start, end) = period(w, ci);
    let lower = w.name.to_lowercase();
    let mut y = String::new();
    let _ = write!(
        y,
        "title: {}\nshort_title: {}\nsummary: {}\n",
        q(&format!("{} trên địa bàn {lower}", kind.title)),
        q(kind.short),
        q(kind.summary)
    );
    let _ = write!(
        y,
        "document:\n  kind: Kế hoạch\n  number: {}\n  issuer: {}\n  place: {}\n  date: {}\n  signer:\n    name: {}\n    title: {}\n  recipients:\n    - name: Các tổ dân phố, thôn\n    - name: Các trường học trên địa bàn\n    - name: \"Lưu: VT\"\n",
        q(&format!("{}/KH-{}", 100 + rng.below(800), if ci == 0 { "CAP" } else { "UBND" })),
        q(&w.office),
        q(&w.short),
        iso(start - Duration::days(5)),
        q(&person(rng)),
        q("Trưởng Công an")
    );
    let _ = write!(y, "period:\n  start: {}\n  end: {}\n", iso(start), iso(end));
    let _ = write!(
        y,
        "legal_basis:\n  - kind: Kế hoạch\n    number: 2648/KH-CAT-PC06\n    date: 2026-03-09\n    issuer: {}\n    title: {}\n  - kind: Công văn\n    number: 3734/CAT-PC06\n    date: 2026-04-02\n    issuer: {}\n",
        q(&format!("Công an {}", w.province.to_lowercase())),
        q(&text::sentence(rng)),
        q(&format!("Công an {}", w.province.to_lowercase()))
    );
    let _ = write!(
        y,
        "purposes:\n  - {}\n  - {}\nscope: {}\naudiences:\n",
        q(&text::paragraph(rng, 40)),
        q(&text::paragraph(rng, 40)),
        q(&format!("Triển khai trên địa bàn toàn {lower}."))
    );
    for a in &kind.audiences {
        let _ = write!(y, "  - id: {}\n    name: {}\n", a.id, q(a.name));
        if let Some((from, to)) = a.ages {
            let _ = write!(y, "    age_from: {from}\n    age_to: {to}\n");
        }
        let _ = writeln!(y, "    estimated: {}", 50 + rng.below(900));
    }
    y.push_str("sections:\n");
    for title in ["Nội dung thực hiện", "Tổ chức thực hiện"] {
        let _ = writeln!(y, "  - title: {}\n    items:", q(title));
        for _ in 0..3 {
            let _ = writeln!(y, "      - {}", q(&text::paragraph(rng, 30)));
        }
    }
    let mid = start + (end - start) / 2;
    let _ = write!(
        y,
        "phases:\n  - name: {}\n    start: {}\n    end: {}\n    audiences: [{}, {}]\n  - name: {}\n    start: {}\n    end: {}\n",
        q("Đợt cao điểm"),
        iso(start),
        iso(mid),
        kind.audiences[0].id,
        kind.audiences[1].id,
        q("Thu nhận thường xuyên"),
        iso(mid + Duration::days(1)),
        iso(end)
    );
    y.push_str("targets:\n");
    for (i, a) in kind.audiences.iter().enumerate() {
        let _ = write!(
            y,
            "  - title: {}\n    audience: {}\n",
            q(&format!("Hoàn thành cho {}", a.name.to_lowercase())),
            a.id
        );
        if i == 1 {
            let of = 200 + rng.below(800);
            let _ = write!(y, "    count: {}\n    of: {of}\n", of / 2);
        } else {
            y.push_str("    percent: 100\n");
        }
        // Deadlines still ahead while the campaign runs (a passed one is
        // worth a warning), never after its end.
        let deadline = (mid + Duration::days(i as i64 * 10))
            .max(today() + Duration::days(1 + i as i64))
            .min(end);
        let _ = writeln!(y, "    deadline: {}", iso(deadline));
    }
    y.push_str("schedules:\n");
    for (i, days) in ["T2-CN", "[T2, T4, T6]", "T7-CN"].iter().enumerate() {
        let _ = write!(
            y,
            "  - location: {}\n    audiences: [{}]\n    services:\n      - {}\n    start: {}\n    end: {}\n    days: {days}\n    shifts:\n      - start: \"07:30\"\n        end: \"11:30\"\n      - start: \"13:30\"\n        end: \"17:00\"\n",
            locs[i].id,
            kind.audiences[i].id,
            q(kind.service),
            iso(start),
            iso(end)
        );
        if i == 0 {
            let _ = write!(
                y,
                "      - start: \"19:30\"\n        end: \"21:30\"\n    closures:\n      - date: {}\n        reason: {}\n",
                iso(mid),
                q("Nghỉ để bảo trì máy thu nhận")
            );
        }
        let _ = writeln!(y, "    note: {}", q(&text::sentence(rng)));
    }
    y.push_str("guides:\n");
    for a in &kind.audiences {
        let _ = write!(
            y,
            "  - audience: {}\n    title: {}\n    summary: {}\n    steps:\n",
            a.id,
            q(&format!("Hướng dẫn cho {}", a.name.to_lowercase())),
            q(&text::sentence(rng))
        );
        for (title, mode) in &kind.steps {
            let _ = write!(
                y,
                "      - title: {}\n        mode: {mode}\n        text: {}\n",
                q(title),
                q(&text::sentence(rng))
            );
            if *mode == "online" {
                let _ = writeln!(y, "        link: {}", kind.link);
            }
        }
        y.push_str("    bring:\n");
        for b in text::bring(rng, 3) {
            let _ = writeln!(y, "      - {}", q(b));
        }
        if a.companions {
            y.push_str("    companions:\n      - Cha, mẹ hoặc người đại diện hợp pháp\n");
        }
        let _ = writeln!(y, "    notes:\n      - {}", q(&text::sentence(rng)));
    }
    y.push_str("assignments:\n");
    for (unit, role) in [
        ("Công an phường, xã", "Chủ trì"),
        ("Các tổ dân phố, thôn", "Phối hợp"),
    ] {
        let _ = write!(
            y,
            "  - unit: {}\n    role: {}\n    tasks:\n      - {}\n      - {}\n    target: {}\n",
            q(unit),
            q(role),
            q(&text::paragraph(rng, 30)),
            q(&text::paragraph(rng, 30)),
            q("Hoàn thành 100% chỉ tiêu được giao.")
        );
    }
    let _ = write!(
        y,
        "slogans:\n  - {}\n  - {}\nmain_link: {}\n",
        q(kind.slogans[0]),
        q(kind.slogans[1]),
        kind.link
    );
    y
}

/// The Hugo mirror of one ward: one page per Loa page, same paths. The text
/// is the source text of that page (the notice's Markdown; the plan's
/// YAML values as Markdown lists for the other pages).
fn hugo_ward_pages(w: &WardSpec, files: &[(String, String)]) -> Vec<HugoPage> {
    let p = |rel: &str| format!("/{}/{rel}", w.id);
    let mut pages = Vec::new();
    let yaml_text = |name: &str| -> String {
        files
            .iter()
            .find(|(rel, _)| rel == name)
            .map(|(_, t)| yaml_as_markdown(t))
            .unwrap_or_default()
    };
    let notices: Vec<(&String, &String)> = files
        .iter()
        .filter(|(rel, _)| rel.starts_with("notices/"))
        .map(|(r, t)| (r, t))
        .collect();
    let mut home = format!("{}\n\n{}\n\n", w.office, yaml_text("site.yaml"));
    let mut list = String::new();
    for (rel, md) in &notices {
        let id = rel.trim_start_matches("notices/").trim_end_matches(".md");
        let title = front_value(md, "title");
        let _ = writeln!(list, "- [{title}]({})", p(&format!("thong-bao/{id}/")));
    }
    home.push_str(&list.lines().take(5).collect::<Vec<_>>().join("\n"));
    pages.push(HugoPage {
        url: p(""),
        title: w.name.clone(),
        body: home,
    });
    for k in &w.kinds {
        let kind = &KINDS[*k];
        let text = yaml_text(&format!("campaigns/{}.yaml", kind.id));
        let c = format!("chien-dich/{}/", kind.id);
        pages.push(HugoPage {
            url: p(&c),
            title: kind.title.into(),
            body: text.clone(),
        });
        pages.push(HugoPage {
            url: p(&format!("{c}lich/")),
            title: format!("Lịch – {}", kind.short),
            body: text
                .lines()
                .filter(|l| l.contains("schedules") || l.contains("shifts") || l.contains("days"))
                .collect::<Vec<_>>()
                .join("\n"),
        });
        let stats: Vec<&String> = files
            .iter()
            .filter(|(rel, _)| rel.starts_with(&format!("stats/{}/", kind.id)))
            .map(|(_, t)| t)
            .collect();
        if let Some(latest) = stats.last() {
            let table = csv_as_markdown(latest);
            pages.push(HugoPage {
                url: p(&format!("{c}tien-do/")),
                title: format!("Tiến độ – {}", kind.short),
                body: table.clone(),
            });
            pages.push(HugoPage {
                url: p(&format!("{c}tien-do/in/")),
                title: format!("Bảng số liệu – {}", kind.short),
                body: table,
            });
        }
        // Posters, A4 and A3: the campaign's, one per guide, one per slogan.
        let mut stems = vec![String::new()];
        stems.extend(
            kind.audiences
                .iter()
                .map(|a| format!("huong-dan-{}-", a.id)),
        );
        stems.extend((1..=kind.slogans.len()).map(|i| format!("khau-hieu-{i}-")));
        for stem in &stems {
            for paper in ["a4", "a3"] {
                pages.push(HugoPage {
                    url: p(&format!("ap-phich/{}/{stem}{paper}.html", kind.id)),
                    title: format!("Áp phích – {}", kind.short),
                    body: format!("# {}\n\n{}", kind.slogans[0], kind.summary),
                });
            }
        }
        for a in &kind.audiences {
            pages.push(HugoPage {
                url: p(&format!("{c}huong-dan/{}/", a.id)),
                title: format!("Hướng dẫn cho {}", a.name.to_lowercase()),
                body: text
                    .lines()
                    .filter(|l| l.contains("guides") || l.contains("steps"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            });
        }
    }
    for loc in locations(w) {
        pages.push(HugoPage {
            url: p(&format!("dia-diem/{}/", loc.id)),
            title: loc.name.clone(),
            body: format!("{}\n\n{}", loc.address, yaml_text("locations.yaml")),
        });
    }
    pages.push(HugoPage {
        url: p("thong-bao/"),
        title: "Thông báo".into(),
        body: list.clone(),
    });
    for (rel, md) in &notices {
        let id = rel.trim_start_matches("notices/").trim_end_matches(".md");
        let body = md.splitn(3, "---\n").nth(2).unwrap_or("").to_string();
        pages.push(HugoPage {
            url: p(&format!("thong-bao/{id}/")),
            title: front_value(md, "title"),
            body,
        });
    }
    pages.push(HugoPage {
        url: p("ap-phich/"),
        title: "Áp phích".into(),
        body: w
            .kinds
            .iter()
            .map(|k| format!("- {}", KINDS[*k].title))
            .collect::<Vec<_>>()
            .join("\n"),
    });
    pages.push(HugoPage {
        url: p("tim-kiem/"),
        title: "Tìm kiếm".into(),
        body: list.clone(),
    });
    pages.push(HugoPage {
        url: p("ngoai-tuyen.html"),
        title: "Xem khi không có mạng".into(),
        body: list.lines().take(5).collect::<Vec<_>>().join("\n"),
    });
    pages.push(HugoPage {
        url: p("404.html"),
        title: "Không tìm thấy trang".into(),
        body: format!("Trang này không có. [Về trang chủ]({})", p("")),
    });
    pages
}

/// The index pages: the national (or province) front page, plus one page
/// per province when there are several.
fn hugo_index_pages(specs: &[WardSpec], provinces: usize) -> Vec<HugoPage> {
    let row = |w: &WardSpec| {
        format!(
            "- [{}](/{}/) – {} – {}, {}",
            w.name, w.id, w.office, KINDS[w.kinds[0]].short, KINDS[w.kinds[1]].short
        )
    };
    // The build's search page lists every ward and its campaigns.
    let mut pages = vec![HugoPage {
        url: "/tim-kiem/".into(),
        title: "Tìm kiếm".into(),
        body: specs.iter().map(row).collect::<Vec<_>>().join("\n"),
    }];
    if provinces == 1 {
        let body: Vec<String> = specs.iter().map(row).collect();
        pages.push(HugoPage {
            url: "/".into(),
            title: specs.first().map(|w| w.province).unwrap_or("").into(),
            body: body.join("\n"),
        });
        return pages;
    }
    let mut front = Vec::new();
    for p in PROVINCES.iter().take(provinces) {
        let slug = vi::slugify(p);
        let rows: Vec<String> = specs.iter().filter(|w| w.province == *p).map(row).collect();
        if rows.is_empty() {
            continue;
        }
        front.push(format!(
            "- [{p}](/tinh/{slug}/) – {} phường, xã",
            rows.len()
        ));
        pages.push(HugoPage {
            url: format!("/tinh/{slug}/tim-kiem/"),
            title: format!("Tìm kiếm – {p}"),
            body: rows.join("\n"),
        });
        pages.push(HugoPage {
            url: format!("/tinh/{slug}/"),
            title: p.to_string(),
            body: rows.join("\n"),
        });
    }
    pages.push(HugoPage {
        url: "/".into(),
        title: "Cả nước".into(),
        body: front.join("\n"),
    });
    pages
}

/// A report file as a Markdown table.
fn csv_as_markdown(csv: &str) -> String {
    let mut out = Vec::new();
    for (i, line) in csv.lines().enumerate() {
        out.push(format!("| {} |", line.replace(';', " | ")));
        if i == 0 {
            let cols = line.split(';').count();
            out.push(format!("|{}", "---|".repeat(cols)));
        }
    }
    out.join("\n")
}

fn front_value(md: &str, key: &str) -> String {
    md.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}: ")))
        .map(|v| v.trim_matches('"').to_string())
        .unwrap_or_default()
}

/// The text values of a YAML file as a Markdown list, so the Hugo page
/// carries the same words as Loa's page.
fn yaml_as_markdown(yaml: &str) -> String {
    yaml.lines()
        .filter_map(|l| {
            let t = l.trim_start().trim_start_matches("- ");
            let (k, v) = t.split_once(": ")?;
            let v = v.trim_matches('"');
            (v.len() > 3).then(|| format!("- **{k}**: {v}"))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Hugo config and a minimal layout: no theme, every page is `.Content`
/// in a page shell; only the page kinds Loa also writes.
fn hugo_skeleton(dir: &Path) -> io::Result<()> {
    write(
        &dir.join("hugo.toml"),
        "baseURL = \"https://example.gov.vn/\"\nlanguageCode = \"vi\"\ntitle = \"Loa benchmark\"\n\
         disableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\", \"robotsTXT\", \"404\"]\n\
         [markup.goldmark.renderer]\nunsafe = false\n",
    )?;
    let shell = "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
                 <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
                 <title>{{ .Title }}</title>\n<link rel=\"stylesheet\" href=\"/assets/style.css\">\n</head>\n\
                 <body>\n<main>\n<h1>{{ .Title }}</h1>\n{{ .Content }}\n</main>\n</body>\n</html>\n";
    for name in ["single.html", "list.html"] {
        write(&dir.join("layouts/_default").join(name), shell)?;
    }
    write(&dir.join("layouts/index.html"), shell)?;
    Ok(())
}

/// A page at `url` as a Hugo content file: ward homes and the front page
/// are section indexes (`_index.md`), everything else a page with an
/// explicit `url`, kept inside its ward's folder (a folder without
/// `_index.md` is not a section, so Hugo adds no list page for it).
fn write_hugo(dir: &Path, page: &HugoPage) -> io::Result<()> {
    let trimmed = page.url.trim_matches('/');
    let (top, rest) = trimmed.split_once('/').unwrap_or((trimmed, ""));
    let at_root = top == "tinh" || top == "tim-kiem";
    let ward_home = !trimmed.is_empty() && rest.is_empty() && !at_root;
    let content = dir.join("content");
    let (file, front) = if trimmed.is_empty() || ward_home {
        (
            content.join(trimmed).join("_index.md"),
            format!("---\ntitle: {}\n---\n\n", q(&page.title)),
        )
    } else {
        let name = rest
            .trim_end_matches(".html")
            .trim_end_matches('/')
            .replace('/', "--");
        let file = if at_root {
            content.join(format!("{}.md", trimmed.replace('/', "--")))
        } else {
            content.join(top).join("p").join(format!("{name}.md"))
        };
        (
            file,
            format!("---\ntitle: {}\nurl: {}\n---\n\n", q(&page.title), page.url),
        )
    };
    write(&file, &format!("{front}{}\n", page.body))?;
    if trimmed.is_empty() || ward_home {
        // The stylesheet, as Loa writes one at the top and one per ward.
        let css = dir.join("static").join(trimmed).join("assets/style.css");
        write(&css, STYLE)?;
    }
    Ok(())
}

const STYLE: &str = include_str!("../../themes/default/static/style.css");
