//! `campaigns/<id>.yaml`: one written plan (*Kế hoạch*), from its legal basis
//! down to the shifts at each registration place.

use serde::{Deserialize, Serialize};

use super::value::{Clock, Date, Days, DocDate, Id};

/// One campaign plan. The file name (without `.yaml`) is its `id`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    /// From the file name; never written in the file.
    #[serde(skip_deserializing)]
    pub id: Id,
    /// The plan's full title: "Triển khai thực hiện công tác cấp tài khoản …".
    pub title: String,
    /// Short name for menus and posters: "Định danh điện tử mức 2 cho trẻ 6–14 tuổi".
    #[serde(default)]
    pub short_title: Option<String>,
    /// One or two plain sentences for residents: what, for whom, until when.
    pub summary: String,
    /// The official document the plan is.
    pub document: Document,
    /// First and last day of the campaign.
    pub period: Period,
    /// Documents the plan implements (*Căn cứ*, *Thực hiện*).
    #[serde(default)]
    pub legal_basis: Vec<LegalRef>,
    /// *Mục đích*.
    #[serde(default)]
    pub purposes: Vec<String>,
    /// *Yêu cầu*.
    #[serde(default)]
    pub requirements: Vec<String>,
    /// *Phạm vi*: "Triển khai trên địa bàn toàn xã".
    #[serde(default)]
    pub scope: Option<String>,
    /// Who the campaign is for, by age band or special group.
    pub audiences: Vec<Audience>,
    /// Other numbered parts of the plan (*Nội dung thực hiện*, *Lưu ý*...).
    #[serde(default)]
    pub sections: Vec<Section>,
    /// Stages with their own dates and focus audiences.
    #[serde(default)]
    pub phases: Vec<Phase>,
    /// Numeric goals with deadlines.
    #[serde(default)]
    pub targets: Vec<Target>,
    /// When and where registration happens.
    #[serde(default)]
    pub schedules: Vec<Schedule>,
    /// Step-by-step help, one per audience.
    #[serde(default)]
    pub guides: Vec<Guide>,
    /// Who does what (*Phân công nhiệm vụ*).
    #[serde(default)]
    pub assignments: Vec<Assignment>,
    /// People to ask.
    #[serde(default)]
    pub contacts: Vec<Contact>,
    /// Slogans for posters and the loudspeaker.
    #[serde(default)]
    pub slogans: Vec<String>,
    /// The `id` of the site link this campaign sends residents to first.
    #[serde(default)]
    pub main_link: Option<Id>,
}

impl Campaign {
    /// The name used in menus, cards and posters.
    pub fn name(&self) -> &str {
        self.short_title.as_deref().unwrap_or(&self.title)
    }
    pub fn audience(&self, id: &Id) -> Option<&Audience> {
        self.audiences.iter().find(|a| &a.id == id)
    }
    /// Names of the audiences `ids` refers to, in that order.
    pub fn audience_names(&self, ids: &[Id]) -> Vec<&str> {
        ids.iter()
            .filter_map(|a| self.audience(a))
            .map(|a| a.name.as_str())
            .collect()
    }
}

/// The official document: number, issuer, place and date, signer.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// "Kế hoạch", "Công văn".
    #[serde(default = "default_kind")]
    pub kind: String,
    /// "606/KH-CAP". Plans not yet numbered keep the blank: "/KH-UBND".
    #[serde(default)]
    pub number: Option<String>,
    /// "Công an phường Tứ Minh", "Ủy ban nhân dân xã Gia Phúc".
    pub issuer: String,
    /// Place in the date line: "Tứ Minh". Absent when the plan has no
    /// date line at all (seed 002, Tam Thuận), rather than made up.
    #[serde(default)]
    pub place: Option<String>,
    /// `2026-04-07`, or `2026-04` when the day was left blank.
    pub date: DocDate,
    #[serde(default)]
    pub signer: Option<Signer>,
    /// *Nơi nhận*.
    #[serde(default)]
    pub recipients: Vec<Recipient>,
    /// The filing line under the recipients (*Lưu: VT*), without "Lưu:".
    #[serde(default)]
    pub archive: Option<String>,
}

fn default_kind() -> String {
    "Kế hoạch".to_string()
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    pub name: String,
    /// "Trưởng Công an phường", "Chủ tịch".
    pub title: String,
    /// "Thượng tá".
    #[serde(default)]
    pub rank: Option<String>,
    /// "TM. Ủy ban nhân dân".
    #[serde(default)]
    pub on_behalf: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    pub name: String,
    /// "để báo cáo", "để phối hợp", "để thực hiện".
    #[serde(default)]
    pub purpose: Option<String>,
}

/// A date range, both ends included.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub start: Date,
    pub end: Date,
}

impl Period {
    pub fn contains(&self, d: Date) -> bool {
        self.start <= d && d <= self.end
    }
}

/// A document the plan is based on.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LegalRef {
    /// "Kế hoạch", "Công văn", "Luật".
    pub kind: String,
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default)]
    pub issuer: Option<String>,
    /// What it is about.
    #[serde(default)]
    pub title: Option<String>,
}

/// A group of residents the campaign serves.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Audience {
    pub id: Id,
    /// "Công dân từ đủ 6 tuổi đến dưới 14 tuổi".
    pub name: String,
    /// Youngest age included.
    #[serde(default)]
    pub age_from: Option<u8>,
    /// First age no longer included ("dưới 14 tuổi" → 14).
    #[serde(default)]
    pub age_to: Option<u8>,
    /// Anything else that defines the group.
    #[serde(default)]
    pub description: Option<String>,
    /// Rough number of residents in the group, as the plan states it.
    #[serde(default)]
    pub estimated: Option<u32>,
}

/// A numbered part of the plan with its points.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub title: String,
    pub items: Vec<String>,
}

/// A stage of the campaign.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub name: String,
    pub start: Date,
    pub end: Date,
    /// Audiences this stage focuses on; empty means everyone.
    #[serde(default)]
    pub audiences: Vec<Id>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A numeric goal: a percent of an audience, or a count out of a total.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// "Cấp Căn cước cho công dân dưới 14 tuổi".
    pub title: String,
    #[serde(default)]
    pub audience: Option<Id>,
    /// Goal as a percentage: `100`, `40`.
    #[serde(default)]
    pub percent: Option<f64>,
    /// Goal as a number of people: `1242`.
    #[serde(default)]
    pub count: Option<u32>,
    /// Out of how many: `3105`.
    #[serde(default)]
    pub of: Option<u32>,
    #[serde(default)]
    pub deadline: Option<Date>,
}

/// Registration sessions at one place.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// `id` of a location in `locations.yaml`.
    pub location: Id,
    /// Who is served; empty means every audience of the campaign.
    #[serde(default)]
    pub audiences: Vec<Id>,
    /// What is done: "Cấp tài khoản định danh điện tử mức 2".
    #[serde(default)]
    pub services: Vec<String>,
    pub start: Date,
    pub end: Date,
    /// `T2-CN`, `[T2, T4, T6]`, `hằng ngày`.
    pub days: Days,
    /// Opening hours each day; empty when the plan gives none.
    #[serde(default)]
    pub shifts: Vec<Shift>,
    /// Days with no session.
    #[serde(default)]
    pub closures: Vec<Closure>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Opening hours within a day.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Shift {
    /// "Buổi sáng"; derived from the start time when left out.
    #[serde(default)]
    pub name: Option<String>,
    pub start: Clock,
    pub end: Clock,
}

impl Shift {
    /// "Buổi sáng", "Buổi chiều", "Buổi tối" unless named.
    pub fn label(&self) -> String {
        if let Some(n) = &self.name {
            return n.clone();
        }
        match self.start.minutes() {
            0..=659 => "Buổi sáng",
            660..=779 => "Buổi trưa",
            780..=1079 => "Buổi chiều",
            _ => "Buổi tối",
        }
        .to_string()
    }
}

/// A day (or run of days) with no session.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Closure {
    pub date: Date,
    /// Last closed day when more than one.
    #[serde(default)]
    pub end: Option<Date>,
    pub reason: String,
}

/// Step-by-step help for one audience.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Guide {
    /// `id` of the audience; also the guide's page name.
    pub audience: Id,
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    pub steps: Vec<Step>,
    /// What to bring.
    #[serde(default)]
    pub bring: Vec<String>,
    /// Who must come along.
    #[serde(default)]
    pub companions: Vec<String>,
    #[serde(default)]
    pub notes: Vec<String>,
}

/// One thing to do, in order.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub title: String,
    /// Online or in person.
    pub mode: Mode,
    /// What happens, in plain words.
    #[serde(default)]
    pub text: Option<String>,
    /// A site link `id` or a full URL; gets a QR code.
    #[serde(default)]
    pub link: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// On the public-service portal or the VNeID app.
    Online,
    /// At a registration place.
    InPerson,
    /// At home, e.g. preparing papers.
    AtHome,
}

/// Who does what (*Phân công nhiệm vụ*).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// *Đơn vị thực hiện*: "Tổ Cảnh sát khu vực".
    pub unit: String,
    /// A heading for the task group, when the plan gives one.
    #[serde(default)]
    pub title: Option<String>,
    /// "Chủ trì", "Phối hợp".
    #[serde(default)]
    pub role: Option<String>,
    /// *Đơn vị phối hợp*.
    #[serde(default)]
    pub partners: Vec<String>,
    pub tasks: Vec<String>,
    /// *Chỉ tiêu* as the plan words it.
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub deadline: Option<Date>,
    /// *Thời gian thực hiện* in words: "Thường xuyên".
    #[serde(default)]
    pub timing: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}
