//! cardwise: spaced-repetition study of the customer-centricity course.
//!
//! The library holds everything; `main.rs` only parses the command line.
//! Floors, top to bottom: `ui` and `cli`; then `plan` and `stats`; then
//! `store`, `sched` and `deck`; then the plain types in `key` and `clock`.
//! Nothing below `ui` knows about egui or eframe.

// A panic is a bug: no unwrap or expect outside tests.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod bench;
pub mod cli;
pub mod clock;
pub mod deck;
pub mod drill;
pub mod key;
pub mod paths;
pub mod plan;
pub mod review;
pub mod sched;
pub mod stats;
pub mod store;
pub mod ui;
