//! schema.org data for search engines and assistants: a location page is a
//! `GovernmentService` with its opening hours; a schedule page lists its
//! sessions as `Event`s. Built as JSON values, never by pasting strings.

use chrono::{Datelike, Weekday};
use serde_json::{json, Value};

use crate::model::{Campaign, Location, Schedule, Ward};
use crate::render::feeds::page_url;
use crate::render::view::path;

/// Inside `<script type="application/ld+json">`: JSON, with every `<`
/// written `\u003c`, so no text in it can close the script element or
/// open an HTML comment that would swallow the rest of the page.
pub fn script_json(v: &Value) -> String {
    serde_json::to_string(v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

fn day_uri(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "https://schema.org/Monday",
        Weekday::Tue => "https://schema.org/Tuesday",
        Weekday::Wed => "https://schema.org/Wednesday",
        Weekday::Thu => "https://schema.org/Thursday",
        Weekday::Fri => "https://schema.org/Friday",
        Weekday::Sat => "https://schema.org/Saturday",
        Weekday::Sun => "https://schema.org/Sunday",
    }
}

fn organization(ward: &Ward) -> Value {
    let mut o = json!({
        "@type": "GovernmentOrganization",
        "name": ward.site.office,
    });
    if let Some(a) = &ward.site.address {
        o["address"] = json!(a);
    }
    if let Some(p) = ward.site.phones.first() {
        o["telephone"] = json!(p.number);
    }
    o
}

fn place(ward: &Ward, l: &Location) -> Value {
    let mut p = json!({
        "@type": "Place",
        "name": l.name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": l.address,
            "addressRegion": ward.site.province,
            "addressCountry": "VN",
        },
    });
    if let Some(c) = l.coordinates {
        p["geo"] = json!({"@type": "GeoCoordinates", "latitude": c.lat, "longitude": c.lon});
    }
    if let Some(t) = &l.phone {
        p["telephone"] = json!(t);
    }
    if ward.site.base_url.is_some() {
        p["url"] = json!(page_url(ward, &path::location(&l.id.0), ""));
    }
    p
}

/// Opening hours of one schedule, and its closed days as zero-length
/// hours (schema.org's way to say "closed that day").
fn opening_hours(s: &Schedule) -> Vec<Value> {
    let days: Vec<&str> = s.days.0.iter().map(|w| day_uri(*w)).collect();
    let mut v: Vec<Value> = s
        .shifts
        .iter()
        .map(|sh| {
            json!({
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": days,
                "opens": format!("{}:00", sh.start),
                "closes": format!("{}:00", sh.end),
                "validFrom": s.start.iso(),
                "validThrough": s.end.iso(),
            })
        })
        .collect();
    for c in &s.closures {
        v.push(json!({
            "@type": "OpeningHoursSpecification",
            "opens": "00:00:00",
            "closes": "00:00:00",
            "validFrom": c.date.iso(),
            "validThrough": c.end.unwrap_or(c.date).iso(),
        }));
    }
    v
}

/// The location page: the services offered there, through one in-person
/// channel at this place, open at the hours of every schedule held there.
pub fn location(ward: &Ward, l: &Location) -> Value {
    let page = path::location(&l.id.0);
    let mut hours: Vec<Value> = Vec::new();
    let mut services: Vec<String> = l.services.clone();
    for c in &ward.campaigns {
        for s in c.schedules.iter().filter(|s| s.location == l.id) {
            hours.extend(opening_hours(s));
            for sv in &s.services {
                if !services.contains(sv) {
                    services.push(sv.clone());
                }
            }
        }
    }
    let mut at = place(ward, l);
    if !hours.is_empty() {
        at["openingHoursSpecification"] = json!(hours);
    }
    let name = if services.is_empty() {
        l.name.clone()
    } else {
        services.join("; ")
    };
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": name,
        "provider": organization(ward),
        "areaServed": {"@type": "AdministrativeArea", "name": ward.site.name},
        "availableChannel": {
            "@type": "ServiceChannel",
            "name": l.name,
            "serviceLocation": at,
            "availableLanguage": {"@type": "Language", "name": "Tiếng Việt", "alternateName": "vi"},
        },
    });
    if let Some(p) = &l.phone {
        v["availableChannel"]["servicePhone"] = json!({"@type": "ContactPoint", "telephone": p});
    }
    if ward.site.base_url.is_some() {
        v["url"] = json!(page_url(ward, &page, ""));
    }
    v
}

/// The schedule page: each shift of each schedule as an `Event` spanning
/// the schedule's dates, with its repetition as an `eventSchedule`.
pub fn schedule_events(ward: &Ward, c: &Campaign) -> Value {
    let mut events: Vec<Value> = Vec::new();
    let url = ward
        .site
        .base_url
        .as_ref()
        .map(|_| page_url(ward, &path::campaign(&c.id.0), ""));
    for s in &c.schedules {
        let Some(l) = ward.location(&s.location) else {
            continue;
        };
        let days: Vec<&str> = s.days.0.iter().map(|w| day_uri(*w)).collect();
        let except: Vec<String> = s
            .closures
            .iter()
            .flat_map(|cl| {
                let end = cl.end.unwrap_or(cl.date).0;
                cl.date.0.iter_days().take_while(move |d| *d <= end)
            })
            .filter(|d| s.days.contains(d.weekday()))
            .map(|d| d.format("%Y-%m-%d").to_string())
            .collect();
        let base = |name: String, start: String, end: String, sched: Value| {
            let mut e = json!({
                "@type": "Event",
                "name": name,
                "description": s.services.join("; "),
                "startDate": start,
                "endDate": end,
                "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
                "eventStatus": "https://schema.org/EventScheduled",
                "isAccessibleForFree": true,
                "inLanguage": "vi",
                "location": place(ward, l),
                "organizer": organization(ward),
                "eventSchedule": sched,
            });
            if let Some(u) = &url {
                e["url"] = json!(u);
            }
            e
        };
        let mut sched = json!({
            "@type": "Schedule",
            "startDate": s.start.iso(),
            "endDate": s.end.iso(),
            "byDay": days,
            "repeatFrequency": if s.days.is_every_day() { "P1D" } else { "P1W" },
            "scheduleTimezone": crate::render::ics::TZID,
        });
        if !except.is_empty() {
            sched["exceptDate"] = json!(except);
        }
        if s.shifts.is_empty() {
            events.push(base(
                c.name().to_string(),
                s.start.iso(),
                s.end.iso(),
                sched.clone(),
            ));
        }
        for sh in &s.shifts {
            let mut sc = sched.clone();
            sc["startTime"] = json!(format!("{}:00", sh.start));
            sc["endTime"] = json!(format!("{}:00", sh.end));
            events.push(base(
                format!("{}: {}", sh.label(), c.name()),
                format!("{}T{}:00+07:00", s.start.iso(), sh.start),
                format!("{}T{}:00+07:00", s.end.iso(), sh.end),
                sc,
            ));
        }
    }
    json!({"@context": "https://schema.org", "@graph": events})
}
