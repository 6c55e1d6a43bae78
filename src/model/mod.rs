//! The typed content model. Everything past [`crate::load`] works on these
//! structs; no untyped maps go further.
//!
//! | file                      | type                    |
//! |---------------------------|-------------------------|
//! | `site.yaml`               | [`Site`]                |
//! | `locations.yaml`          | list of [`Location`]    |
//! | `campaigns/<id>.yaml`     | [`Campaign`]            |
//! | `notices/<id>.md`         | [`Notice`]              |
//! | `stats/<id>/<date>.csv`   | [`Stats`]               |

pub mod campaign;
pub mod lint;
pub mod notice;
pub mod site;
pub mod stats;
pub mod validate;
pub mod value;

use std::path::PathBuf;

pub use campaign::{
    Assignment, Audience, Campaign, Closure, Contact, Document, Guide, LegalRef, Mode, Period,
    Phase, Schedule, Section, Shift, Signer, Step, Target,
};
pub use notice::{FrontMatter, Notice};
pub use site::{Alternatives, Coordinates, Link, Location, Phone, Site};
pub use stats::Stats;
pub use value::{Clock, Date, Days, DocDate, Id, Url};

/// One ward's or commune's whole portal, loaded and checked.
#[derive(Debug, Clone)]
pub struct Ward {
    /// The site folder it was read from.
    pub dir: PathBuf,
    pub site: Site,
    pub locations: Vec<Location>,
    /// Sorted by `id`.
    pub campaigns: Vec<Campaign>,
    /// Newest first, then by `id`.
    pub notices: Vec<Notice>,
    /// Progress reports per village, from `stats/`.
    pub stats: Stats,
}

impl Ward {
    pub fn location(&self, id: &Id) -> Option<&Location> {
        self.locations.iter().find(|l| &l.id == id)
    }
    pub fn campaign(&self, id: &Id) -> Option<&Campaign> {
        self.campaigns.iter().find(|c| &c.id == id)
    }
    /// The campaign a notice belongs to (its front matter's `campaign`).
    pub fn campaign_of(&self, n: &Notice) -> Option<&Campaign> {
        n.front.campaign.as_ref().and_then(|id| self.campaign(id))
    }
    pub fn link(&self, id: &str) -> Option<&Link> {
        self.site.links.iter().find(|l| l.id.as_str() == id)
    }
    /// The link shown with the big QR on the home page.
    pub fn main_link(&self) -> Option<&Link> {
        match &self.site.main_link {
            Some(id) => self.link(id.as_str()),
            None => self.site.links.first(),
        }
    }
    /// Resolves a step's `link:`: a site link id, or a URL of an allowed scheme.
    pub fn resolve_link(&self, raw: &str) -> Option<(String, String)> {
        if let Some(l) = self.link(raw) {
            return Some((l.title.clone(), l.url.0.clone()));
        }
        let lower = raw.to_ascii_lowercase();
        if value::ALLOWED_SCHEMES.iter().any(|s| lower.starts_with(s))
            && !raw.contains(char::is_whitespace)
        {
            return Some((raw.to_string(), raw.to_string()));
        }
        None
    }
}
