//! `site.yaml`: who runs the portal, and `locations.yaml`: where residents go.

use serde::{Deserialize, Serialize};

use super::value::{Id, Url};
use crate::i18n::Lang;

/// One ward's or commune's portal, as written in `site.yaml`.
///
/// ```yaml
/// id: tu-minh
/// name: Phường Tứ Minh
/// province: Thành phố Hải Phòng
/// office: Công an phường Tứ Minh
/// ```
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// Folder name of this ward in a province build (`tu-minh`).
    pub id: Id,
    /// Ward or commune name as residents say it: "Phường Tứ Minh", "Xã Gia Phúc".
    pub name: String,
    /// Province or centrally-run city: "Thành phố Hải Phòng".
    pub province: String,
    /// The office that issues the campaigns and answers questions.
    pub office: String,
    /// Street address of the office.
    #[serde(default)]
    pub address: Option<String>,
    /// Phone numbers residents can call, first is the main one.
    #[serde(default)]
    pub phones: Vec<Phone>,
    #[serde(default)]
    pub email: Option<String>,
    /// Interface language of the pages (content stays as written).
    #[serde(default, with = "lang_serde")]
    pub language: Lang,
    /// Public address where the folder is published, ending in `/`. Needed
    /// for QR codes and share links that point at this portal's own pages.
    #[serde(default)]
    pub base_url: Option<Url>,
    /// Named links (public-service portal, VNeID, course links...). Each gets
    /// a QR code. Steps of a guide refer to them by `id`.
    #[serde(default)]
    pub links: Vec<Link>,
    /// The `id` of the link shown with a big QR on the home page; the first
    /// link when left out.
    #[serde(default)]
    pub main_link: Option<Id>,
}

/// A phone number with who answers it. Templates also get its `tel:` link.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phone {
    /// Who answers: "Trực ban Công an phường".
    pub label: String,
    /// As printed: "0220 3852 113". Digits, spaces, dots, +.
    pub number: String,
}

impl Serialize for Phone {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Phone", 3)?;
        st.serialize_field("label", &self.label)?;
        st.serialize_field("number", &self.number)?;
        st.serialize_field("tel", &self.tel())?;
        st.end()
    }
}

impl Phone {
    /// `tel:` target with only the digits (and a leading +).
    pub fn tel(&self) -> String {
        tel_href(&self.number)
    }
}

/// `tel:` link for a number as people write it ("0961 211 369").
pub fn tel_href(number: &str) -> String {
    let digits: String = number
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    format!("tel:{digits}")
}

/// A named link, e.g. the public-service portal.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub id: Id,
    /// "Cổng dịch vụ công Bộ Công an".
    pub title: String,
    pub url: Url,
    /// One line on what to do there.
    #[serde(default)]
    pub note: Option<String>,
}

/// A place residents go, from `locations.yaml`. Shared by all campaigns.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub id: Id,
    /// "Trụ sở Công an phường Tứ Minh".
    pub name: String,
    /// "Số 2 Vũ Công Đán, phường Tứ Minh, thành phố Hải Phòng".
    pub address: String,
    #[serde(default)]
    pub coordinates: Option<Coordinates>,
    #[serde(default)]
    pub phone: Option<String>,
    /// What can be done here: "Cấp tài khoản định danh điện tử mức 2".
    #[serde(default)]
    pub services: Vec<String>,
    /// Anything a visitor must know before going.
    #[serde(default)]
    pub notes: Vec<String>,
    /// Where to go instead for what cannot be done here.
    #[serde(default)]
    pub alternatives: Option<Alternatives>,
}

/// "No card machine here: go to these neighbouring wards."
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Alternatives {
    /// Why and for what: "Chưa có máy cấp Căn cước: đến Công an các phường lân cận".
    pub note: String,
    /// `id`s of other locations.
    pub locations: Vec<Id>,
}

/// WGS 84 position, for a map link (`geo:`) only; no map tiles are loaded.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Coordinates {
    pub lat: f64,
    pub lon: f64,
}

mod lang_serde {
    use super::Lang;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(l: &Lang, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(l.code())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Lang, D::Error> {
        crate::model::value::from_str_with(d, "vi or en", |raw| {
            raw.parse().map_err(|_| {
                crate::load::yaml::de_error(
                    &format!("ngôn ngữ \"{raw}\" không được hỗ trợ"),
                    &format!("the language \"{raw}\" is not supported"),
                    "Viết vi (tiếng Việt) hoặc en (tiếng Anh).",
                    "Write vi (Vietnamese) or en (English).",
                )
            })
        })
    }
}
