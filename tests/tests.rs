//! One integration test binary (so the app links once): the command line
//! and the window.

mod cli;
mod content;
mod exam_date;
mod faults;
mod fuzz;
mod storage;
mod ui;
