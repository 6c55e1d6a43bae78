//! The theme: Tera templates, interface strings and static assets.
//!
//! The default theme (`themes/default/`) is compiled into the binary so
//! `loa` works anywhere. A site overrides any file by putting one of the same
//! name in its own `themes/default/` (same layout) or, for templates, in
//! `templates/`.

use std::collections::BTreeMap;
use std::path::Path;

use tera::{Context, Tera};

use crate::error::{Diagnostic, Text};
use crate::i18n::Lang;

macro_rules! theme_files {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/", $name)))),*]
    };
}

/// Every file of the default theme, by path inside `themes/default/`.
const DEFAULT: &[(&str, &str)] = theme_files![
    "templates/base.html",
    "templates/index.html",
    "templates/campaign.html",
    "templates/schedule.html",
    "templates/guide.html",
    "templates/location.html",
    "templates/notices.html",
    "templates/notice.html",
    "templates/404.html",
    "templates/province.html",
    "templates/search.html",
    "templates/province-search.html",
    "templates/offline.html",
    "templates/progress.html",
    "templates/progress-print.html",
    "templates/partials/appendix.html",
    "templates/partials/card.html",
    "templates/partials/schedule.html",
    "templates/partials/qr.html",
    "templates/partials/texts.html",
    "templates/partials/og.html",
    "templates/poster.html",
    "templates/posters.html",
    "i18n/vi.yaml",
    "i18n/en.yaml",
    "static/style.css",
    "static/open-now.js",
    "static/search.js",
    "static/offline.js",
    "static/poster.css",
];

/// A loaded theme, parsed once per build and shared by every page.
pub struct Theme {
    tera: Tera,
    strings: BTreeMap<Lang, BTreeMap<String, String>>,
    /// `strings` as template values, converted once instead of per page.
    string_values: BTreeMap<Lang, tera::Value>,
    assets: Vec<(String, Vec<u8>)>,
}

impl Theme {
    /// The default theme with the overrides found under `site_root`.
    pub fn load(site_root: &Path) -> Result<Theme, Diagnostic> {
        let mut files: BTreeMap<String, (String, String)> = BTreeMap::new();
        for (name, text) in DEFAULT {
            files.insert(
                name.to_string(),
                (
                    format!("(built-in) themes/default/{name}"),
                    text.to_string(),
                ),
            );
        }
        for (name, _) in DEFAULT {
            let candidates = [
                site_root.join("themes/default").join(name),
                name.strip_prefix("templates/")
                    .map(|t| site_root.join("templates").join(t))
                    .unwrap_or_default(),
            ];
            for p in candidates {
                if p.as_os_str().is_empty() || !p.is_file() {
                    continue;
                }
                let text = crate::load::source::read(&p, &p)?;
                files.insert(name.to_string(), (p.display().to_string(), text));
            }
        }

        let mut tera = Tera::new();
        let templates: Vec<(String, String)> = files
            .iter()
            .filter_map(|(name, (_, text))| {
                name.strip_prefix("templates/")
                    .map(|n| (n.to_string(), text.clone()))
            })
            .collect();
        tera.add_raw_templates(templates)
            .map_err(|e| theme_error("templates", &e.to_string()))?;

        let mut strings = BTreeMap::new();
        for lang in [Lang::Vi, Lang::En] {
            let name = format!("i18n/{}.yaml", lang.code());
            let (shown, text) = &files[&name];
            let map: BTreeMap<String, String> = crate::load::yaml::parse(Path::new(shown), text)?;
            strings.insert(lang, map);
        }
        // English falls back to Vietnamese for any string not translated.
        let vi = strings[&Lang::Vi].clone();
        if let Some(en) = strings.get_mut(&Lang::En) {
            for (k, v) in vi {
                en.entry(k).or_insert(v);
            }
        }

        let assets = files
            .iter()
            .filter_map(|(name, (_, text))| {
                name.strip_prefix("static/")
                    .map(|n| (n.to_string(), text.clone().into_bytes()))
            })
            .collect();
        let string_values = strings
            .iter()
            .map(|(l, m)| (*l, tera::Value::from_serializable(m)))
            .collect();
        Ok(Theme {
            tera,
            strings,
            string_values,
            assets,
        })
    }

    /// Renders a page template with the interface strings as `t`.
    pub fn render(&self, template: &str, ctx: &Context, lang: Lang) -> Result<String, Diagnostic> {
        let mut ctx = ctx.clone();
        ctx.insert("t", &self.strings[&lang]);
        self.tera
            .render(template, &ctx)
            .map_err(|e| super::template_error(template, &e))
    }

    /// [`Theme::render`] straight into bytes, for pages that go to disk:
    /// skips re-checking the whole page as UTF-8.
    pub fn render_bytes(
        &self,
        template: &str,
        mut ctx: Context,
        lang: Lang,
    ) -> Result<Vec<u8>, Diagnostic> {
        if let Some(t) = self.string_values.get(&lang) {
            ctx.insert_value("t", t.clone());
        }
        let mut out = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(template, &ctx, &mut out)
            .map_err(|e| super::template_error(template, &e))?;
        Ok(out)
    }

    /// Files copied to `assets/` of every ward.
    pub fn assets(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.assets.iter().map(|(n, b)| (n.as_str(), b.as_slice()))
    }
}

fn theme_error(what: &str, msg: &str) -> Diagnostic {
    Diagnostic::error(
        Path::new(what),
        0,
        0,
        Text::new(
            format!("mẫu giao diện có lỗi: {msg}"),
            format!("the theme has an error: {msg}"),
        ),
    )
}
