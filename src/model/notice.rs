//! `notices/*.md`: short announcements in Markdown with YAML front matter.

use serde::{Deserialize, Serialize};

use super::value::{Date, Id};

/// The YAML between the `---` lines at the top of a notice.
///
/// ```yaml
/// title: Tăng ca buổi tối từ ngày 20/4
/// date: 2026-04-18
/// campaign: dinh-danh-6-14
/// pinned: true
/// ```
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    pub date: Date,
    /// `id` of the campaign it belongs to.
    #[serde(default)]
    pub campaign: Option<Id>,
    /// One sentence for lists and share text; the first paragraph when left out.
    #[serde(default)]
    pub summary: Option<String>,
    /// Kept at the top of lists.
    #[serde(default)]
    pub pinned: bool,
    /// Last day it is shown on the home page.
    #[serde(default)]
    pub expires: Option<Date>,
}

/// A loaded notice.
#[derive(Debug, Clone, Serialize)]
pub struct Notice {
    /// From the file name, made ASCII: `lich-tang-ca.md` → `lich-tang-ca`.
    pub id: Id,
    #[serde(flatten)]
    pub front: FrontMatter,
    /// The body rendered to safe HTML.
    pub body_html: String,
    /// The body as plain text (for the loudspeaker and share texts).
    pub body_text: String,
}
