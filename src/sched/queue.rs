//! The daily queue: which card directions to study today, in which order.
//!
//! A pure function of the candidates, their cached progress and the day:
//! 1. due cards, most overdue first;
//! 2. new cards in the author's order, up to a daily limit per deck;
//! 3. the same-day repeats of cards graded below 4 earlier today.
//!
//! Siblings (the two directions of one card) are never both studied on one
//! day: once one of them is answered or queued today, the other waits.

use super::day::Day;
use super::progress::CardProgress;

/// The default number of new cards introduced per deck per day.
pub const DEFAULT_NEW_PER_DAY: u32 = 20;

/// One card direction that could be studied.
#[derive(Clone, Copy, Debug)]
pub struct Candidate<'a, K> {
    /// Whatever the caller uses to find the card again.
    pub key: K,
    /// Which deck it belongs to, for the per-deck new-card limit.
    pub deck: usize,
    /// Directions with the same sibling group are siblings. Numbered from
    /// 0 without large gaps (the queue keeps a flag per number).
    pub sibling_group: usize,
    /// `None` for a card never answered.
    pub progress: Option<&'a CardProgress>,
    /// Brought into today's reviews by the learner (a practice test's
    /// mistakes): due today whatever its due day, new or not, answered
    /// today already or not (the store forgets it once it is answered).
    /// Its SM-2 state is its own.
    pub due_today: bool,
    /// The day of its last extra review before an exam, if any.
    pub extra_on: Option<Day>,
}

/// Today's queue, split by why each card is in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DailyQueue<K> {
    pub due: Vec<K>,
    /// Extra reviews before an exam (see [`super::exam`]): answered, they
    /// leave the SM-2 state alone.
    pub extra: Vec<K>,
    pub new: Vec<K>,
    pub repeats: Vec<K>,
}

impl<K> Default for DailyQueue<K> {
    fn default() -> Self {
        Self {
            due: Vec::new(),
            extra: Vec::new(),
            new: Vec::new(),
            repeats: Vec::new(),
        }
    }
}

/// What shapes a queue beyond the cards themselves.
#[derive(Clone, Debug, Default)]
pub struct QueueRules<'a> {
    /// New cards per deck per day.
    pub new_per_deck: u32,
    /// A deck's own limit for today, by deck (an exam's pace); decks past
    /// the end use `new_per_deck`.
    pub deck_new: &'a [u32],
    /// The exam date, if one is set: its extra reviews join the queue.
    pub exam: Option<Day>,
    /// Read every card's progress as pulled back to this day (the clock
    /// is behind answers already logged).
    pub pull_back_to: Option<Day>,
}

impl<K: Copy> DailyQueue<K> {
    pub fn len(&self) -> usize {
        self.due.len() + self.extra.len() + self.new.len() + self.repeats.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Study order: due, then an exam's extra reviews, then new, then
    /// same-day repeats.
    pub fn in_order(&self) -> impl Iterator<Item = K> + '_ {
        self.due
            .iter()
            .chain(&self.extra)
            .chain(&self.new)
            .chain(&self.repeats)
            .copied()
    }
}

/// Build today's queue. `candidates` must be in the author's order (deck by
/// deck, card by card, forward before reverse); that order breaks ties.
pub fn build_queue<K: Copy>(
    candidates: &[Candidate<'_, K>],
    today: Day,
    new_per_deck: u32,
) -> DailyQueue<K> {
    build_queue_pulled_back(candidates, today, new_per_deck, None)
}

/// [`build_queue`], reading every card's progress as
/// [`CardProgress::pulled_back`] to `pull_back_to` when given: the clock
/// is behind answers already logged, and those count as given that day.
pub fn build_queue_pulled_back<K: Copy>(
    candidates: &[Candidate<'_, K>],
    today: Day,
    new_per_deck: u32,
    pull_back_to: Option<Day>,
) -> DailyQueue<K> {
    build_queue_with(
        candidates,
        today,
        &QueueRules {
            new_per_deck,
            pull_back_to,
            ..QueueRules::default()
        },
    )
}

/// Build today's queue under `rules`.
pub fn build_queue_with<K: Copy>(
    candidates: &[Candidate<'_, K>],
    today: Day,
    rules: &QueueRules<'_>,
) -> DailyQueue<K> {
    let pull_back_to = rules.pull_back_to;
    let limit = |deck: usize| {
        rules
            .deck_new
            .get(deck)
            .copied()
            .unwrap_or(rules.new_per_deck)
    };
    let mut queue = DailyQueue::default();
    // Sibling groups already studied or queued today. Groups are numbered
    // densely by the caller, so a vector beats a hash set.
    let groups = candidates
        .iter()
        .map(|c| c.sibling_group + 1)
        .max()
        .unwrap_or(0);
    let mut taken = vec![false; groups];
    // New cards already introduced today, per deck.
    let mut introduced: Vec<u32> = Vec::new();
    // Due cards as one integer each: the due day (shifted to be positive)
    // above, the candidate's index below. Sorting integers is several times
    // faster than sorting pairs, and the index keeps the author's order.
    let mut due: Vec<u64> = Vec::new();

    for (index, candidate) in candidates.iter().enumerate() {
        let Some(progress) = candidate.progress else {
            continue;
        };
        let pulled;
        let progress = match pull_back_to {
            Some(day) => {
                pulled = progress.pulled_back(day);
                &pulled
            }
            None => progress,
        };
        if progress.last_day >= today {
            taken[candidate.sibling_group] = true;
            if progress.repeat_pending(today) {
                queue.repeats.push(candidate.key);
            }
        }
        if progress.first_day == today {
            bump(&mut introduced, candidate.deck);
        }
        if progress.is_due(today) && !candidate.due_today {
            due.push(due_key(progress.due_day, index));
        }
    }

    // Cards brought into today's reviews come first, whatever else.
    // (One failed today comes back as a repeat already.)
    for candidate in candidates
        .iter()
        .filter(|c| c.due_today && c.progress.is_some_and(|p| !p.repeat_pending(today)))
    {
        taken[candidate.sibling_group] = true;
        queue.due.push(candidate.key);
    }
    // Most overdue first; the author's order among equals.
    due.sort_unstable();
    for key in due {
        let candidate = &candidates[(key & u64::from(u32::MAX)) as usize];
        if !std::mem::replace(&mut taken[candidate.sibling_group], true) {
            queue.due.push(candidate.key);
        }
    }

    // In the last days before an exam, the cards owed an extra review,
    // shortest interval first, spread over the days left.
    if let Some(exam) = rules.exam
        && let Some(days) = super::exam::window_days_left(today, exam)
    {
        let mut owed: Vec<(u32, usize)> = candidates
            .iter()
            .enumerate()
            .filter(|(_, c)| !taken[c.sibling_group])
            .filter_map(|(index, c)| {
                let progress = match pull_back_to {
                    Some(day) => c.progress?.pulled_back(day),
                    None => *c.progress?,
                };
                super::exam::owes_extra(&progress, c.extra_on, exam)
                    .then_some((progress.sm2.interval_days, index))
            })
            .collect();
        owed.sort_unstable();
        // The day's share of what was owed as the day began (those given
        // their extra review today count), so it does not grow with each
        // session.
        let done_today = candidates
            .iter()
            .filter(|c| c.extra_on == Some(today))
            .count();
        let today_share = (owed.len() + done_today)
            .div_ceil(usize::try_from(days).unwrap_or(1))
            .saturating_sub(done_today);
        for (_, index) in owed.into_iter().take(today_share) {
            let candidate = &candidates[index];
            if !std::mem::replace(&mut taken[candidate.sibling_group], true) {
                queue.extra.push(candidate.key);
            }
        }
    }

    // New cards brought into today, before the limit counts the others.
    for candidate in candidates
        .iter()
        .filter(|c| c.progress.is_none() && c.due_today)
    {
        // They do not use up the day's new cards.
        if !std::mem::replace(&mut taken[candidate.sibling_group], true) {
            queue.new.push(candidate.key);
        }
    }
    for candidate in candidates
        .iter()
        .filter(|c| c.progress.is_none() && !c.due_today)
    {
        let count = introduced.get(candidate.deck).copied().unwrap_or(0);
        if count >= limit(candidate.deck) || taken[candidate.sibling_group] {
            continue;
        }
        taken[candidate.sibling_group] = true;
        bump(&mut introduced, candidate.deck);
        queue.new.push(candidate.key);
    }
    queue
}

/// Sorts by due day, then by candidate index. Day numbers are i32 and
/// candidate indexes fit 32 bits (no course has four billion cards).
fn due_key(day: Day, index: usize) -> u64 {
    let day = (i64::from(day.number()) - i64::from(i32::MIN)) as u64;
    (day << 32) | (index as u64 & u64::from(u32::MAX))
}

fn bump(counts: &mut Vec<u32>, deck: usize) {
    if counts.len() <= deck {
        counts.resize(deck + 1, 0);
    }
    counts[deck] += 1;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sched::sm2::Quality;

    fn q(g: u8) -> Quality {
        Quality::new(g).unwrap()
    }

    /// Progress for a card answered once with `grade` on `day`.
    fn answered(grade: u8, day: i32) -> CardProgress {
        CardProgress::answered(None, q(grade), Day::from_number(day)).0
    }

    fn due_on(day: i32) -> CardProgress {
        CardProgress {
            due_day: Day::from_number(day),
            ..answered(5, day - 1)
        }
    }

    fn cand(
        key: u32,
        deck: usize,
        group: usize,
        progress: Option<&CardProgress>,
    ) -> Candidate<'_, u32> {
        Candidate {
            key,
            deck,
            sibling_group: group,
            progress,
            due_today: false,
            extra_on: None,
        }
    }

    #[test]
    fn due_cards_come_first_most_overdue_first_then_new_then_repeats() {
        let today = 100;
        let a = due_on(99);
        let b = due_on(90);
        let c = due_on(100);
        let failed = answered(1, today);
        let not_yet = due_on(101);
        let cands = [
            cand(1, 0, 1, Some(&a)),
            cand(2, 0, 2, None),
            cand(3, 0, 3, Some(&b)),
            cand(4, 0, 4, Some(&c)),
            cand(5, 0, 5, Some(&failed)),
            cand(6, 0, 6, Some(&not_yet)),
            cand(7, 0, 7, None),
        ];
        let queue = build_queue(&cands, Day::from_number(today), 20);
        assert_eq!(queue.due, vec![3, 1, 4]);
        assert_eq!(queue.new, vec![2, 7]);
        assert_eq!(queue.repeats, vec![5]);
        assert_eq!(queue.in_order().collect::<Vec<_>>(), vec![3, 1, 4, 2, 7, 5]);
    }

    #[test]
    fn cards_brought_into_today_are_due_new_ones_past_the_limit_until_answered() {
        let today = 100;
        let later = CardProgress {
            due_day: Day::from_number(130),
            ..answered(5, 90)
        };
        let answered_today = answered(4, today);
        fn brought(c: Candidate<'_, u32>) -> Candidate<'_, u32> {
            Candidate {
                due_today: true,
                ..c
            }
        }
        let cands = [
            brought(cand(1, 0, 1, Some(&later))),
            cand(2, 0, 2, None),
            brought(cand(3, 0, 3, None)),
            brought(cand(4, 0, 4, Some(&answered_today))),
            cand(5, 0, 5, Some(&later)),
        ];
        // A limit of two new cards, one of them (4) introduced already
        // today: 2 still comes, the one brought in does not count.
        let queue = build_queue(&cands, Day::from_number(today), 2);
        assert_eq!(
            queue.due,
            vec![1, 4],
            "due today though due in 30 days, or answered today already"
        );
        assert_eq!(queue.new, vec![3, 2]);
        assert!(queue.repeats.is_empty(), "4 is due, not a repeat");
    }

    #[test]
    fn new_cards_are_limited_per_deck_counting_those_introduced_today() {
        let today = 100;
        let seen_today = answered(5, today);
        let mut cands = vec![cand(0, 0, 0, Some(&seen_today))];
        for key in 1..=5 {
            cands.push(cand(key, 0, key as usize, None));
        }
        for key in 11..=15 {
            cands.push(cand(key, 1, key as usize, None));
        }
        let queue = build_queue(&cands, Day::from_number(today), 3);
        assert_eq!(queue.new, vec![1, 2, 11, 12, 13]);
        let tomorrow = build_queue(&cands, Day::from_number(today + 1), 3);
        assert_eq!(tomorrow.new, vec![1, 2, 3, 11, 12, 13]);
    }

    #[test]
    fn siblings_are_never_both_studied_on_one_day() {
        let today = 100;
        // Two new siblings: only the first is introduced.
        let cands = [cand(1, 0, 7, None), cand(2, 0, 7, None)];
        assert_eq!(
            build_queue(&cands, Day::from_number(today), 20).new,
            vec![1]
        );

        // Both due: the more overdue one goes, the other waits.
        let a = due_on(99);
        let b = due_on(95);
        let cands = [cand(1, 0, 7, Some(&a)), cand(2, 0, 7, Some(&b))];
        let queue = build_queue(&cands, Day::from_number(today), 20);
        assert_eq!((queue.due, queue.new), (vec![2], vec![]));

        // One answered today: the other (due or new) waits for tomorrow.
        let done = answered(4, today);
        let cands = [cand(1, 0, 7, Some(&done)), cand(2, 0, 7, Some(&a))];
        assert!(build_queue(&cands, Day::from_number(today), 20).is_empty());
        let cands = [cand(1, 0, 7, Some(&done)), cand(2, 0, 7, None)];
        assert!(build_queue(&cands, Day::from_number(today), 20).is_empty());
        // Tomorrow the answered one is due again and goes first; the new
        // sibling is introduced on a day its sibling is not studied.
        let tomorrow = build_queue(&cands, Day::from_number(today + 1), 20);
        assert_eq!((tomorrow.due, tomorrow.new), (vec![1], vec![]));
        assert_eq!(
            build_queue(&cands, Day::from_number(today + 2), 20).due,
            vec![1]
        );
        let reviewed = CardProgress::answered(Some(&done), q(5), Day::from_number(today + 1)).0;
        let cands = [cand(1, 0, 7, Some(&reviewed)), cand(2, 0, 7, None)];
        assert_eq!(
            build_queue(&cands, Day::from_number(today + 2), 20).new,
            vec![2]
        );
    }

    #[test]
    fn a_card_answered_today_is_not_due_again_today() {
        let today = 100;
        let p = CardProgress {
            due_day: Day::from_number(today),
            ..answered(5, today)
        };
        let queue = build_queue(&[cand(1, 0, 1, Some(&p))], Day::from_number(today), 20);
        assert!(queue.is_empty());
    }

    #[test]
    fn cards_answered_under_a_clock_ahead_count_as_answered_on_the_day_pulled_back_to() {
        // Answered on day 500 (the clock ran ahead): interval 1, due 501.
        let ahead = answered(4, 500);
        let cands = [cand(1, 0, 1, Some(&ahead))];
        // Back on day 101, the log's last trustworthy day is 100: the card
        // counts as answered then and is due on 101, not on 501.
        let day = Day::from_number(101);
        assert!(build_queue(&cands, day, 20).is_empty());
        let queue = build_queue_pulled_back(&cands, day, 20, Some(Day::from_number(100)));
        assert_eq!(queue.due, vec![1]);
    }

    #[test]
    fn across_simulated_days_cards_return_on_their_sm2_days() {
        // One card, always graded 5: studied on days 0, 1, 7, 24 (1, 6, 17).
        let mut progress: Option<CardProgress> = None;
        let mut studied = Vec::new();
        for day in 0..30 {
            let today = Day::from_number(day);
            let queue = build_queue(&[cand(1, 0, 1, progress.as_ref())], today, 20);
            if !queue.is_empty() {
                studied.push(day);
                progress = Some(CardProgress::answered(progress.as_ref(), q(5), today).0);
            }
        }
        assert_eq!(studied, vec![0, 1, 7, 24]);
    }
}
