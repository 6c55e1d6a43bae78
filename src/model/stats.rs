//! `stats/<campaign-id>/<YYYY-MM-DD>.csv`: the numbers a ward office reports
//! per village (*thôn*) or residential group (*tổ dân phố*), one file per
//! report date, as exported from Excel. See [`crate::load::stats`] for the
//! header convention; this module is the typed result and the sums built on it.
//!
//! A value is addressed by a [`Key`]: what is counted ([`Topic`]: electronic
//! identity or citizen card), for whom ([`Band`], an age band or an audience
//! of the plan) and which [`Measure`] (target, issued, not yet issued).

use std::collections::BTreeMap;

use serde::Serialize;

use super::value::{Date, Id};

/// All reports of a ward, per campaign.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Sorted by campaign id.
    pub campaigns: Vec<CampaignStats>,
}

impl Stats {
    /// The reports of one campaign, if the office sent any.
    pub fn of(&self, campaign: &Id) -> Option<&CampaignStats> {
        self.campaigns
            .iter()
            .find(|c| &c.campaign == campaign && !c.reports.is_empty())
    }
}

/// Every report of one campaign, oldest first.
#[derive(Debug, Clone)]
pub struct CampaignStats {
    pub campaign: Id,
    pub reports: Vec<Report>,
    /// `stats/<id>/ghi-chu.md`, shown above the numbers (e.g. "sample data").
    pub note_html: Option<String>,
}

impl CampaignStats {
    pub fn latest(&self) -> Option<&Report> {
        self.reports.last()
    }
}

/// What is counted. Plans track the electronic identity (level 2 account)
/// and the citizen card separately; a file that names neither is `General`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    General,
    /// *Tài khoản định danh điện tử mức độ 2*.
    Identity,
    /// *Căn cước*.
    Card,
}

impl Topic {
    /// Heading of the topic's part of the progress page.
    pub fn label(self) -> &'static str {
        match self {
            Topic::General => "Kết quả chung",
            Topic::Identity => "Định danh điện tử mức 2",
            Topic::Card => "Căn cước",
        }
    }
}

/// Which number a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// *Chỉ tiêu*: how many must be done.
    Target,
    /// *Đã cấp*: done so far.
    Issued,
    /// *Chưa cấp*: still to do (the plans' appendix tables).
    Remaining,
}

/// An age band or an audience of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Band {
    /// The audience id when the column names (or has the ages of) exactly one
    /// audience of the campaign, else a slug of the ages (`duoi-6-tuoi`).
    pub id: Id,
    /// As the plans' tables write it: "Từ 06 đến dưới 14 tuổi".
    pub label: String,
    /// For charts: "6–14 tuổi".
    pub short: String,
    pub audience: Option<Id>,
    pub age_from: Option<u8>,
    /// First age no longer included.
    pub age_to: Option<u8>,
}

impl Band {
    /// Youngest first; bands without ages last.
    pub fn order_key(&self) -> (bool, u8, u8, &str) {
        (
            self.age_from.is_none() && self.age_to.is_none(),
            self.age_from.unwrap_or(0),
            self.age_to.unwrap_or(u8::MAX),
            self.id.as_str(),
        )
    }
}

/// Where a number belongs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub topic: Topic,
    pub band: Id,
    pub measure: Measure,
}

/// One report date of one campaign: one row per village.
#[derive(Debug, Clone)]
pub struct Report {
    pub date: Date,
    /// The file exactly as the office saved it, offered for download.
    pub source: Vec<u8>,
    /// Header of the unit column as typed: "Thôn", "Tổ dân phố", "Đơn vị".
    pub unit_label: String,
    /// Sorted youngest first.
    pub bands: Vec<Band>,
    /// Topics present, in [`Topic`] order.
    pub topics: Vec<Topic>,
    /// In file order (the office's STT order).
    pub rows: Vec<Row>,
}

/// One village or residential group.
#[derive(Debug, Clone)]
pub struct Row {
    /// As typed: "Thôn Tân Lập".
    pub unit: String,
    /// Line in the CSV file, for messages.
    pub line: usize,
    pub values: BTreeMap<Key, u64>,
}

/// Target, done and still to do for one cell or a sum of cells. Any one of
/// the three follows from the other two, so an office may report any two.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub target: Option<u64>,
    pub issued: Option<u64>,
    pub remaining: Option<u64>,
}

impl Tally {
    fn complete(mut self) -> Tally {
        match (self.target, self.issued, self.remaining) {
            (None, Some(i), Some(r)) => self.target = Some(i + r),
            (Some(t), None, Some(r)) => self.issued = Some(t.saturating_sub(r)),
            (Some(t), Some(i), None) => self.remaining = Some(t.saturating_sub(i)),
            _ => {}
        }
        self
    }

    /// The neutral start of a sum.
    pub fn zero() -> Tally {
        Tally {
            target: Some(0),
            issued: Some(0),
            remaining: Some(0),
        }
    }

    /// Done and target, when both are known.
    pub fn progress(&self) -> Option<(u64, u64)> {
        Some((self.issued?, self.target?))
    }
}

/// Sums field by field; a field unknown in either side stays unknown, so a
/// total never silently leaves a village out.
impl std::ops::Add for Tally {
    type Output = Tally;
    fn add(self, o: Tally) -> Tally {
        let f = |a: Option<u64>, b: Option<u64>| Some(a? + b?);
        Tally {
            target: f(self.target, o.target),
            issued: f(self.issued, o.issued),
            remaining: f(self.remaining, o.remaining),
        }
    }
}

impl Row {
    /// One band of one topic.
    pub fn tally(&self, topic: Topic, band: &Id) -> Tally {
        let get = |measure| {
            self.values
                .get(&Key {
                    topic,
                    band: band.clone(),
                    measure,
                })
                .copied()
        };
        let t = Tally {
            target: get(Measure::Target),
            issued: get(Measure::Issued),
            remaining: get(Measure::Remaining),
        };
        if t == Tally::default() {
            return t;
        }
        t.complete()
    }

    /// All bands of a topic that the report has numbers for.
    pub fn tally_all(&self, topic: Topic, bands: &[Band]) -> Tally {
        bands
            .iter()
            .map(|b| self.tally(topic, &b.id))
            .filter(|t| *t != Tally::default())
            .fold(Tally::zero(), std::ops::Add::add)
    }
}

impl Report {
    /// Bands that have at least one number in `topic`.
    pub fn bands_of(&self, topic: Topic) -> Vec<&Band> {
        self.bands
            .iter()
            .filter(|b| {
                self.rows
                    .iter()
                    .any(|r| r.values.keys().any(|k| k.topic == topic && k.band == b.id))
            })
            .collect()
    }

    /// The whole ward, one band.
    pub fn total(&self, topic: Topic, band: &Id) -> Tally {
        self.rows
            .iter()
            .map(|r| r.tally(topic, band))
            .fold(Tally::zero(), std::ops::Add::add)
    }

    /// The whole ward, all bands of `topic`.
    pub fn total_all(&self, topic: Topic) -> Tally {
        let bands: Vec<Band> = self.bands_of(topic).into_iter().cloned().collect();
        self.rows
            .iter()
            .map(|r| r.tally_all(topic, &bands))
            .fold(Tally::zero(), std::ops::Add::add)
    }

    /// The row of a unit, matched without accents or case.
    pub fn row(&self, unit: &str) -> Option<&Row> {
        let want = crate::vi::fold(unit);
        self.rows.iter().find(|r| crate::vi::fold(&r.unit) == want)
    }
}

/// Compares two ratios exactly (no floating point, so sorting is stable
/// across machines): is `a.0 / a.1` less than `b.0 / b.1`?
pub fn ratio_cmp(a: (u64, u64), b: (u64, u64)) -> std::cmp::Ordering {
    (u128::from(a.0) * u128::from(b.1)).cmp(&(u128::from(b.0) * u128::from(a.1)))
}

/// Tenths of a percent, rounded half up: 820 of 1242 → 660 (66,0%).
pub fn per_mille(done: u64, of: u64) -> Option<u64> {
    if of == 0 {
        return None;
    }
    let (d, o) = (u128::from(done), u128::from(of));
    u64::try_from((d * 2000 + o) / (2 * o)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(values: &[(Measure, u64)]) -> Row {
        Row {
            unit: "Thôn A".into(),
            line: 2,
            values: values
                .iter()
                .map(|(m, v)| {
                    (
                        Key {
                            topic: Topic::General,
                            band: Id("b".into()),
                            measure: *m,
                        },
                        *v,
                    )
                })
                .collect(),
        }
    }

    #[test]
    fn any_two_measures_give_the_third() {
        let b = Id("b".into());
        let t = row(&[(Measure::Issued, 30), (Measure::Remaining, 10)]).tally(Topic::General, &b);
        assert_eq!(t.target, Some(40));
        let t = row(&[(Measure::Target, 40), (Measure::Remaining, 10)]).tally(Topic::General, &b);
        assert_eq!(t.issued, Some(30));
        let t = row(&[(Measure::Target, 40), (Measure::Issued, 45)]).tally(Topic::General, &b);
        assert_eq!((t.issued, t.remaining), (Some(45), Some(0)));
        let t = row(&[(Measure::Remaining, 10)]).tally(Topic::General, &b);
        assert_eq!(t.progress(), None);
    }

    #[test]
    fn percent_is_exact_and_rounds_half_up() {
        assert_eq!(per_mille(820, 1242), Some(660));
        assert_eq!(per_mille(1, 8), Some(125));
        assert_eq!(per_mille(1, 2000), Some(1));
        assert_eq!(per_mille(5, 0), None);
        assert_eq!(ratio_cmp((1, 3), (2, 6)), std::cmp::Ordering::Equal);
        assert_eq!(ratio_cmp((1, 3), (1, 2)), std::cmp::Ordering::Less);
    }
}
