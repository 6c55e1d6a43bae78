//! Loa: a static-site generator for public campaign portals of Vietnamese
//! wards and communes.
//!
//! The crate is a pipeline, and the modules follow it:
//!
//! 1. [`load`]: walk a site folder, parse YAML and Markdown, keeping positions
//!    so every problem can name file, line and column;
//! 2. [`model`]: typed, validated structs (`Site`, `Campaign`, `Location`,
//!    `Schedule`, `Guide`, `Notice`, ...); nothing untyped goes past here;
//! 3. [`render`]: Tera templates that only present the model, plus side
//!    outputs (QR codes, ...) each in its own small module;
//! 4. [`write`]: the output folder, swapped in atomically so a failed or
//!    killed build never leaves a half-written site.
//!
//! [`build`] runs the four steps for `loa build` and `loa check`.

// A `Diagnostic` is large (two languages, a hint, a source line), but it is
// only built on the cold path of a failing build; boxing it everywhere would
// add noise for no measurable gain.
#![allow(clippy::result_large_err)]

pub mod bench;
pub mod build;
pub mod error;
pub mod i18n;
pub mod load;
pub mod model;
pub mod province;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod suggest;
pub mod vi;
pub mod write;
