//! cardwise: spaced-repetition study of the customer-centricity course.
//!
//! The library holds everything; `main.rs` only parses the command line.
//! Floors, top to bottom: `ui` and `cli`; then `review`, `plan`, `stats`,
//! `browse`, `exam` and `preview`; then `store`, `settings`, `sched`, `drill` and `deck`; then the
//! plain types in `key` and `clock`. Nothing below `ui` knows about egui or
//! eframe: the window (and `bench`, which measures it) is the `gui`
//! feature, and the rest builds and tests without it.

// A panic is a bug: no unwrap or expect outside tests.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

#[cfg(feature = "gui")]
pub mod bench;
pub mod browse;
pub mod cli;
pub mod clock;
pub mod deck;
pub mod drill;
pub mod exam;
pub mod export;
pub mod import;
pub mod key;
pub mod paths;
pub mod plan;
pub mod preview;
pub mod review;
pub mod sched;
pub mod settings;
pub mod stats;
pub mod store;
#[cfg(feature = "gui")]
pub mod ui;
