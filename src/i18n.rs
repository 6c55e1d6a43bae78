//! Languages of the interface and of messages. Vietnamese first, English second.

use std::fmt;
use std::str::FromStr;

/// The language a page or a message is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub enum Lang {
    /// Tiếng Việt, the default everywhere.
    #[default]
    Vi,
    /// English, the second language of the interface.
    En,
}

impl Lang {
    /// The BCP 47 tag used in `lang="…"`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// Picks the text for this language from a Vietnamese and an English one.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "vi" | "vi-vn" | "vie" => Ok(Lang::Vi),
            "en" | "en-gb" | "en-us" | "eng" => Ok(Lang::En),
            other => Err(format!("unknown language `{other}` (use `vi` or `en`)")),
        }
    }
}
