//! Helpers shared by the integration tests. Each test binary uses only some
//! of them.
#![allow(dead_code)]

pub mod fuzz;
pub mod qr;
pub mod site;
