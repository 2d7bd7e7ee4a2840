//! Scheduling: SM-2, study days and the daily queue.
//!
//! Pure functions of (state, input, now): the clock and the time zone come in
//! as arguments, nothing here reads the system clock, a file or a database.

pub mod day;
pub mod exam;
pub mod progress;
pub mod queue;
pub mod sm2;

pub use day::{DEFAULT_DAY_START_HOUR, Day, DayRules};
pub use progress::{AnswerKind, CardProgress, MATURE_INTERVAL_DAYS, Stage};
pub use queue::{
    Candidate, DEFAULT_NEW_PER_DAY, DailyQueue, QueueRules, build_queue, build_queue_pulled_back,
    build_queue_with,
};
pub use sm2::{Easiness, QUALITIES, Quality, Sm2State};
