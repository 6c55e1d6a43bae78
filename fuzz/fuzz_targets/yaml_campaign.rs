#![no_main]

#[path = "../../tests/common/fuzz.rs"]
mod bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bodies::yaml_campaign(data));
