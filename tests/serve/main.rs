//! `loa serve`: incremental rebuilds checked against full builds, the HTTP
//! server over real TCP, and the watcher with editors' real save patterns.

#[path = "../common/mod.rs"]
mod common;

mod http;
mod site;
mod util;
mod watch;
