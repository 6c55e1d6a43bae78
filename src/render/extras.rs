//! The files and page data that go with a page but are not HTML: calendars,
//! loudspeaker and share texts, feeds, structured data. One function per
//! page kind returns what that page's template needs and which files to
//! write beside it, so `render_ward` only passes them on.

use chrono::NaiveDate;
use serde::Serialize;
use tera::Context;

use crate::model::{Campaign, Location, Notice, Schedule, Ward};
use crate::render::feeds::page_url;
use crate::render::view::path;
use crate::render::{feeds, hours, ics, jsonld, speech};
use crate::write::Output;

/// Template variables and files for one page.
#[derive(Default)]
pub struct Extras {
    ctx: Context,
    files: Vec<(String, Vec<u8>)>,
}

impl Extras {
    /// Adds the variables to the page's context and the files to the output.
    pub fn apply(self, ctx: &mut Context, out: &mut Output, prefix: &str) {
        ctx.extend(self.ctx);
        for (p, bytes) in self.files {
            out.add(format!("{prefix}{p}"), bytes);
        }
    }

    fn file(&mut self, path: String, text: String) {
        self.files.push((path, text.into_bytes()));
    }
}

/// A text shown on the page behind a copy button, and its `.txt` file.
#[derive(Serialize)]
struct TextFile {
    /// From the ward root.
    path: String,
    text: String,
}

/// The sentence about the next session and the data the browser recounts it from.
#[derive(Serialize)]
struct OpenNow {
    hours: String,
    text: String,
}

/// The last deadline of a campaign: its targets', else its last day.
fn final_deadline(c: &Campaign) -> NaiveDate {
    c.targets
        .iter()
        .filter_map(|t| t.deadline.map(|d| d.0))
        .max()
        .unwrap_or(c.period.end.0)
}

/// What an event in a calendar says about a schedule of `c`.
fn about(ward: &Ward, c: &Campaign, s: &Schedule) -> ics::About {
    let mut description = Vec::new();
    let audiences = c.audience_names(&s.audiences);
    if !audiences.is_empty() {
        description.push(format!("Đối tượng: {}", audiences.join("; ")));
    }
    if !s.services.is_empty() {
        description.push(format!("Nội dung: {}", s.services.join("; ")));
    }
    let bring = speech::bring_for(c, s);
    if !bring.is_empty() {
        description.push(format!("Mang theo: {}", bring.join("; ")));
    }
    description.push(format!("Cơ quan: {}", ward.site.office));
    ics::About {
        campaign: c.name().to_string(),
        description,
        url: ward
            .site
            .base_url
            .as_ref()
            .map(|_| page_url(ward, &path::campaign(&c.id.0), "")),
    }
}

/// Campaign and schedule pages: the campaign's calendar, its loudspeaker
/// script and share text, and the sessions as schema.org events.
pub fn campaign(ward: &Ward, c: &Campaign, today: NaiveDate) -> Extras {
    let mut x = Extras::default();
    let ics_path = path::campaign_ics(&c.id.0);
    let cal = ics::campaign(ward, c, &|s| about(ward, c, s), today);
    x.ctx
        .insert("calendar", &cal.as_ref().map(|_| ics_path.clone()));
    if let Some(text) = cal {
        x.file(ics_path, text);
    }

    let deadline = Some(final_deadline(c));
    let loud = TextFile {
        path: path::campaign_loudspeaker(&c.id.0),
        text: speech::campaign_script(ward, c, deadline),
    };
    let page = path::campaign(&c.id.0);
    let share = TextFile {
        path: path::campaign_share(&c.id.0),
        text: speech::campaign_share(ward, c, deadline, &page_url(ward, &page, &page)),
    };
    x.file(loud.path.clone(), loud.text.clone());
    x.file(share.path.clone(), share.text.clone());
    x.ctx.insert("loudspeaker", &loud);
    x.ctx.insert("share", &share);
    let events =
        (!c.schedules.is_empty()).then(|| jsonld::script_json(&jsonld::schedule_events(ward, c)));
    x.ctx.insert("jsonld", &events);
    x
}

/// Location pages: the calendar of everything held there, "open now"
/// over all its schedules, and the place as a schema.org service.
pub fn location(ward: &Ward, l: &Location, today: NaiveDate) -> Extras {
    let mut x = Extras::default();
    let ics_path = path::location_ics(&l.id.0);
    let cal = ics::location(ward, l, &|c, s| about(ward, c, s), today);
    x.ctx
        .insert("calendar", &cal.as_ref().map(|_| ics_path.clone()));
    if let Some(text) = cal {
        x.file(ics_path, text);
    }
    let here: Vec<&Schedule> = ward
        .campaigns
        .iter()
        .flat_map(|c| c.schedules.iter())
        .filter(|s| s.location == l.id)
        .collect();
    let open_now = hours::embed(&here, today).map(|(hours, text)| OpenNow { hours, text });
    x.ctx.insert("open_now", &open_now);
    x.ctx.insert(
        "jsonld",
        &Some(jsonld::script_json(&jsonld::location(ward, l))),
    );
    x
}

/// Notice pages: loudspeaker script and share text.
pub fn notice(ward: &Ward, n: &Notice) -> Extras {
    let mut x = Extras::default();
    let summary = n
        .front
        .summary
        .clone()
        .unwrap_or_else(|| super::first_sentence(&n.body_text));
    let page = path::notice(&n.id.0);
    let loud = TextFile {
        path: path::notice_loudspeaker(&n.id.0),
        text: speech::notice_script(ward, n),
    };
    let share = TextFile {
        path: path::notice_share(&n.id.0),
        text: speech::notice_share(ward, n, &summary, &page_url(ward, &page, &page)),
    };
    x.file(loud.path.clone(), loud.text.clone());
    x.file(share.path.clone(), share.text.clone());
    x.ctx.insert("loudspeaker", &loud);
    x.ctx.insert("share", &share);
    x
}

/// Ward-wide files, written once every page is: the Atom feed, and with a
/// `base_url` the sitemap (of all the ward's HTML pages) and robots.txt.
pub fn ward(ward: &Ward, today: NaiveDate, out: &mut Output, prefix: &str) {
    let summaries: Vec<String> = ward
        .notices
        .iter()
        .take(feeds::FEED_ENTRIES)
        .map(|n| {
            n.front
                .summary
                .clone()
                .unwrap_or_else(|| super::first_sentence(&n.body_text))
        })
        .collect();
    out.add(
        format!("{prefix}{}", path::atom()),
        feeds::atom(ward, &summaries, today).into_bytes(),
    );
    if let Some(base) = &ward.site.base_url {
        let pages: Vec<String> = out
            .paths()
            .filter_map(|p| p.strip_prefix(prefix))
            // In a province build the prefix is the ward folder; a
            // single-ward build has every path to itself.
            .map(str::to_string)
            .collect();
        out.add(
            format!("{prefix}sitemap.xml"),
            feeds::sitemap(base.as_str(), &pages).into_bytes(),
        );
        out.add(
            format!("{prefix}robots.txt"),
            feeds::robots(base.as_str()).into_bytes(),
        );
    }
}
