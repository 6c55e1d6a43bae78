//! Problems found in a site, told the way a ward officer can act on them:
//! which file, which line and column, what is wrong, and how to fix it.

use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

use crate::i18n::Lang;

/// A sentence in both interface languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub vi: String,
    pub en: String,
}

impl Text {
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            vi: vi.into(),
            en: en.into(),
        }
    }
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.vi, &self.en)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build stops; nothing is written.
    Error,
    /// Worth fixing; the build goes on.
    Warning,
}

/// One problem at one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, as the author knows it (relative to where Loa was run).
    pub file: PathBuf,
    /// 1-based; 0 when the problem is about the whole file.
    pub line: usize,
    /// 1-based; 0 when unknown.
    pub column: usize,
    pub message: Text,
    pub hint: Option<Text>,
    /// The offending line of the file, shown under the message.
    pub snippet: Option<String>,
}

impl Diagnostic {
    pub fn error(file: &Path, line: usize, column: usize, message: Text) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            line,
            column,
            message,
            hint: None,
            snippet: None,
        }
    }

    pub fn warning(file: &Path, line: usize, column: usize, message: Text) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, line, column, message)
        }
    }

    pub fn with_hint(mut self, hint: Text) -> Diagnostic {
        self.hint = Some(hint);
        self
    }

    /// Attaches the source line the position points into.
    pub fn with_source(mut self, source: &str) -> Diagnostic {
        if self.line > 0 {
            self.snippet = source
                .lines()
                .nth(self.line - 1)
                .map(|l| l.replace('\t', "→"));
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The full report in one language, as printed by `loa build` and shown
    /// in the browser overlay of `loa serve`.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        let label = match (self.severity, lang) {
            (Severity::Error, Lang::Vi) => "lỗi",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::Vi) => "cảnh báo",
            (Severity::Warning, Lang::En) => "warning",
        };
        let _ = write!(out, "{label}: {}", self.file.display());
        if self.line > 0 {
            let _ = write!(out, ":{}", self.line);
            if self.column > 0 {
                let _ = write!(out, ":{}", self.column);
            }
        }
        let _ = write!(out, ": {}", self.message.get(lang));
        if let Some(snippet) = &self.snippet {
            let n = self.line.to_string();
            let _ = write!(out, "\n  {n} | {snippet}");
            if self.column > 0 {
                let pad: String = snippet
                    .chars()
                    .take(self.column.saturating_sub(1))
                    .map(|c| if c == '→' { '→' } else { ' ' })
                    .collect();
                let _ = write!(out, "\n  {} | {pad}^", " ".repeat(n.len()));
            }
        }
        if let Some(hint) = &self.hint {
            let word = lang.pick("cách sửa", "how to fix");
            let _ = write!(out, "\n  {word}: {}", hint.get(lang));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::Vi))
    }
}

impl std::error::Error for Diagnostic {}

/// All problems of a build, errors first, in file and line order, so that
/// `loa check` lists everything at once and the list is stable.
#[derive(Debug, Default, Clone)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.diagnostics.extend(ds);
    }
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| !d.is_error())
    }
    pub fn sort(&mut self) {
        self.diagnostics.sort_by(|a, b| {
            (a.severity, &a.file, a.line, a.column).cmp(&(b.severity, &b.file, b.line, b.column))
        });
        self.diagnostics.dedup();
    }
    pub fn render(&self, lang: Lang) -> String {
        self.diagnostics
            .iter()
            .map(|d| d.render(lang))
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}
