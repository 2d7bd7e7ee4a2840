//! Today's plan: the loaded decks joined with their progress and run
//! through the daily queue. Shared by the window and `cardwise stats`, so
//! both always agree on what is due.

use crate::deck::{Card, Deck, Library};
use crate::key::{CardKey, Direction};
use crate::sched::{Candidate, CardProgress, DailyQueue, Day, QueueRules, Stage, build_queue_with};
use crate::store::{DeckHolds, DeckProgress, Hold, Store};

/// One card direction of the loaded library, by position. Only ever made
/// from the `Library` it indexes (the queue builds them from it, and the
/// library is not reloaded while they live), so indexing cannot fail.
/// Positions are kept in 32 bits: queues hold one per card, and the
/// smaller they are the faster a large queue is built.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ItemRef {
    deck: u32,
    card: u32,
    direction: Direction,
}

impl ItemRef {
    /// `None` past four billion decks or cards, which no library holds.
    fn new(deck: usize, card: usize, direction: Direction) -> Option<ItemRef> {
        Some(ItemRef {
            deck: u32::try_from(deck).ok()?,
            card: u32::try_from(card).ok()?,
            direction,
        })
    }

    pub fn deck<'l>(&self, library: &'l Library) -> &'l Deck {
        &library.decks[self.deck as usize]
    }

    pub fn card<'l>(&self, library: &'l Library) -> &'l Card {
        &self.deck(library).cards[self.card as usize]
    }

    pub fn direction(&self) -> Direction {
        self.direction
    }

    pub fn key(&self, library: &Library) -> CardKey {
        self.deck(library).key(self.card(library), self.direction)
    }

    /// The same card direction in `new`, a reload of `old` (`None` if it
    /// is gone): decks and cards may have moved.
    pub fn remap(&self, old: &Library, new: &Library) -> Option<ItemRef> {
        let deck = old.decks.get(self.deck as usize)?;
        let card = deck.cards.get(self.card as usize)?;
        let to_deck = new.decks.iter().position(|d| d.id == deck.id)?;
        let to_card = new.decks[to_deck]
            .cards
            .iter()
            .position(|c| c.id == card.id)?;
        // A card that lost its reverse direction loses that item.
        let direction_left = new.decks[to_deck].cards[to_card]
            .directions()
            .contains(&self.direction);
        direction_left
            .then(|| ItemRef::new(to_deck, to_card, self.direction))
            .flatten()
    }
}

impl Scope {
    /// The same scope in `new`, a reload of `old`: a deck by its id, a
    /// topic by its tag; all decks if it is gone.
    pub fn remap(self, old: &Library, new: &Library) -> Scope {
        match self {
            Scope::All => Scope::All,
            Scope::Deck(i) => old
                .decks
                .get(i)
                .and_then(|d| new.decks.iter().position(|n| n.id == d.id))
                .map_or(Scope::All, Scope::Deck),
            Scope::Topic(i) => old
                .topics
                .get(i)
                .and_then(|t| new.topics.iter().position(|n| n.name == t.name))
                .map_or(Scope::All, Scope::Topic),
        }
    }
}

/// Lay the store's cached states out in the library's order where they
/// have drifted from it (see [`Store::arrange`]), so that walks through the
/// library find each card without hashing. Cheap when nothing has drifted.
/// Returns how many decks were laid out anew.
pub fn arrange(store: &mut Store, library: &Library) -> usize {
    library
        .decks
        .iter()
        .filter(|deck| store.arrange(&deck.id, deck.cards.iter().map(|c| &c.id)))
        .count()
}

/// What a session studies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    All,
    Deck(usize),
    /// Every card, in any deck, tagged with `library.topics[i]`.
    Topic(usize),
}

impl Scope {
    /// The cards in scope, in the author's order: (deck index, card index).
    pub fn cards<'l>(
        self,
        library: &'l Library,
    ) -> impl Iterator<Item = (usize, usize, &'l Card)> + 'l {
        let topic = match self {
            Scope::Topic(index) => Some(library.topics.get(index).map_or("", |t| t.name.as_str())),
            _ => None,
        };
        library
            .decks
            .iter()
            .enumerate()
            .filter(move |&(d, _)| match self {
                Scope::Deck(index) => d == index,
                Scope::All | Scope::Topic(_) => true,
            })
            .flat_map(|(d, deck)| {
                deck.cards
                    .iter()
                    .enumerate()
                    .map(move |(c, card)| (d, c, card))
            })
            .filter(move |(_, _, card)| topic.is_none_or(|t| card.tags.iter().any(|tag| tag == t)))
    }
}

/// The study settings that shape the queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub new_per_deck: u32,
    /// The exam date, if the learner set one: new cards come fast enough
    /// to be seen twice before it, and the last days bring extra reviews.
    pub exam: Option<Day>,
}

impl Limits {
    /// The usual limit, no exam.
    pub const fn new(new_per_deck: u32) -> Limits {
        Limits {
            new_per_deck,
            exam: None,
        }
    }
}

/// Progress lookups along a walk through the library: each deck's progress
/// is found once, then each card within it, first at the place after the
/// last card found (see [`DeckProgress::place`]).
struct Lookup<'s> {
    store: &'s Store,
    deck: Option<(usize, Option<DeckProgress<'s>>, Option<DeckHolds<'s>>)>,
    next: usize,
}

/// One card's progress and holds, either direction.
#[derive(Clone, Copy)]
struct Found<'s, 'l> {
    progress: Option<(DeckProgress<'s>, usize)>,
    holds: Option<(DeckHolds<'s>, &'l crate::key::CardId)>,
}

impl<'s> Found<'s, '_> {
    fn get(self, direction: Direction) -> Option<&'s CardProgress> {
        let (view, place) = self.progress?;
        view.at(place, direction)
    }

    fn hold(self, direction: Direction) -> Hold {
        self.holds
            .map_or_else(Hold::default, |(holds, card)| holds.get(card, direction))
    }
}

impl<'s> Lookup<'s> {
    fn new(store: &'s Store) -> Self {
        Self {
            store,
            deck: None,
            next: 0,
        }
    }

    fn card<'l>(&mut self, library: &Library, deck: usize, card: &'l Card) -> Found<'s, 'l> {
        let (view, holds) = match self.deck {
            Some((index, view, holds)) if index == deck => (view, holds),
            _ => {
                let id = &library.decks[deck].id;
                let (view, holds) = (self.store.deck_progress(id), self.store.deck_holds(id));
                self.deck = Some((deck, view, holds));
                (view, holds)
            }
        };
        Found {
            progress: view.and_then(|view| {
                let place = view.place(&card.id, self.next)?;
                self.next = place + 1;
                Some((view, place))
            }),
            holds: holds.map(|holds| (holds, &card.id)),
        }
    }
}

/// One card direction in a walk through the library.
pub struct Walked<'l, 's> {
    pub deck: usize,
    /// Index in the deck's cards.
    pub index: usize,
    pub card: &'l Card,
    pub direction: Direction,
    pub progress: Option<&'s CardProgress>,
    /// Suspended or buried.
    pub hold: Hold,
}

/// Every card direction in `scope` with its progress, in the author's
/// order. The fast way to look at every card's progress.
pub fn scope_progress<'l, 's>(
    library: &'l Library,
    store: &'s Store,
    scope: Scope,
) -> impl Iterator<Item = Walked<'l, 's>> + use<'l, 's> {
    let mut lookup = Lookup::new(store);
    scope.cards(library).flat_map(move |(deck, index, card)| {
        let found = lookup.card(library, deck, card);
        card.directions().iter().map(move |&direction| Walked {
            deck,
            index,
            card,
            direction,
            progress: found.get(direction),
            hold: found.hold(direction),
        })
    })
}

/// Today's queue for `scope`.
pub fn today_queue(
    library: &Library,
    store: &Store,
    scope: Scope,
    today: Day,
    limits: Limits,
) -> DailyQueue<ItemRef> {
    let mut candidates = Vec::new();
    let mut lookup = Lookup::new(store);
    for (sibling_group, (deck_index, card_index, card)) in scope.cards(library).enumerate() {
        let found = lookup.card(library, deck_index, card);
        for &direction in card.directions() {
            // Suspended and buried cards are not studied today.
            if found.hold(direction).is_held(today) {
                continue;
            }
            let Some(key) = ItemRef::new(deck_index, card_index, direction) else {
                continue;
            };
            let hold = found.hold(direction);
            candidates.push(Candidate {
                key,
                deck: deck_index,
                sibling_group,
                progress: found.get(direction),
                due_today: hold.is_due_today(today),
                extra_on: hold.extra_on,
            });
        }
    }
    let deck_new = match limits.exam {
        Some(exam) => exam_pace(library, &candidates, today, exam, limits.new_per_deck),
        None => Vec::new(),
    };
    build_queue_with(
        &candidates,
        today,
        &QueueRules {
            new_per_deck: limits.new_per_deck,
            deck_new: &deck_new,
            exam: limits.exam,
            pull_back_to: store.pull_back_day(today),
        },
    )
}

/// Each deck's new cards for today before an exam: enough to see its
/// unseen cards twice before the date (see [`crate::sched::exam`]), its
/// usual limit at least. Counts the candidates never answered.
fn exam_pace(
    library: &Library,
    candidates: &[Candidate<'_, ItemRef>],
    today: Day,
    exam: Day,
    usual: u32,
) -> Vec<u32> {
    // Unseen as the day began: cards first answered today still count, so
    // the day's pace does not shrink as they are studied.
    let mut unseen = vec![0usize; library.decks.len()];
    for candidate in candidates
        .iter()
        .filter(|c| c.progress.is_none_or(|p| p.first_day == today))
    {
        if let Some(n) = unseen.get_mut(candidate.deck) {
            *n += 1;
        }
    }
    unseen
        .into_iter()
        .map(|n| crate::sched::exam::new_limit(n, today, exam, usual).unwrap_or(usual))
        .collect()
}

/// Where the learner stands against an exam date, for home's line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExamOutlook {
    pub exam: Day,
    /// Study days from today to the exam.
    pub days_left: i64,
    /// Card directions never seen.
    pub unseen: usize,
    /// New cards a day (all decks) that sees them all twice in time;
    /// `None` when that no longer fits.
    pub new_a_day: Option<usize>,
    /// Cards owed an extra review before the exam, today.
    pub extra_today: usize,
    /// New cards today's queue brings (all decks): at least the pace,
    /// more where a deck's own limit is higher.
    pub new_today: usize,
}

/// Where all decks stand against `exam` on `today`; `None` when the exam
/// is past.
pub fn exam_outlook(
    library: &Library,
    store: &Store,
    today: Day,
    limits: Limits,
) -> Option<ExamOutlook> {
    let exam = limits.exam?;
    let days_left = crate::sched::exam::days_left(today, exam);
    if days_left < 0 {
        return None;
    }
    let unseen = scope_progress(library, store, Scope::All)
        .filter(|w| w.progress.is_none() && !w.hold.suspended)
        .count();
    let days = crate::sched::exam::intro_days(today, exam);
    let new_a_day = if unseen == 0 {
        Some(0)
    } else if days >= 1 {
        Some(unseen.div_ceil(usize::try_from(days).unwrap_or(1)))
    } else {
        None
    };
    let queue = today_queue(library, store, Scope::All, today, limits);
    Some(ExamOutlook {
        exam,
        days_left,
        unseen,
        new_a_day,
        extra_today: queue.extra.len(),
        new_today: queue.new.len(),
    })
}

/// The counts a deck shows on the home screen and in `cardwise stats`, in
/// the words of [`Stage`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeckCounts {
    /// Card directions in the deck.
    pub cards: usize,
    /// Never studied.
    pub new: usize,
    pub learning: usize,
    pub young: usize,
    pub mature: usize,
    /// In today's queue because they are due.
    pub due_today: usize,
    /// In today's queue as new cards (within the daily limit).
    pub new_today: usize,
    /// In today's queue as same-day repeats.
    pub repeats_today: usize,
    /// Out of study until unsuspended (counted in their stage too).
    pub suspended: usize,
    /// Out of study for the rest of today.
    pub buried: usize,
}

impl DeckCounts {
    pub fn left_today(&self) -> usize {
        self.due_today + self.new_today + self.repeats_today
    }

    /// Studied at least once: learning, young or mature.
    pub fn studied(&self) -> usize {
        self.learning + self.young + self.mature
    }

    /// The sum of two sets of counts.
    pub fn plus(self, other: DeckCounts) -> DeckCounts {
        DeckCounts {
            cards: self.cards + other.cards,
            new: self.new + other.new,
            learning: self.learning + other.learning,
            young: self.young + other.young,
            mature: self.mature + other.mature,
            due_today: self.due_today + other.due_today,
            new_today: self.new_today + other.new_today,
            repeats_today: self.repeats_today + other.repeats_today,
            suspended: self.suspended + other.suspended,
            buried: self.buried + other.buried,
        }
    }
}

pub fn deck_counts(
    library: &Library,
    store: &Store,
    deck: usize,
    today: Day,
    limits: Limits,
) -> DeckCounts {
    scope_counts(library, store, Scope::Deck(deck), today, limits)
}

/// Every deck's counts at once: one queue for all decks and one walk,
/// the same numbers as [`deck_counts`] deck by deck (the new-card limit is
/// per deck, and siblings are per card), in a fraction of the time.
pub fn all_deck_counts(
    library: &Library,
    store: &Store,
    today: Day,
    limits: Limits,
) -> Vec<DeckCounts> {
    let mut counts = vec![DeckCounts::default(); library.decks.len()];
    let queue = today_queue(library, store, Scope::All, today, limits);
    let at = |item: &ItemRef| item.deck as usize;
    for item in &queue.due {
        if let Some(c) = counts.get_mut(at(item)) {
            c.due_today += 1;
        }
    }
    for item in &queue.new {
        if let Some(c) = counts.get_mut(at(item)) {
            c.new_today += 1;
        }
    }
    for item in &queue.repeats {
        if let Some(c) = counts.get_mut(at(item)) {
            c.repeats_today += 1;
        }
    }
    for walked in scope_progress(library, store, Scope::All) {
        let c = &mut counts[walked.deck];
        c.cards += 1;
        c.suspended += usize::from(walked.hold.suspended);
        c.buried += usize::from(!walked.hold.suspended && walked.hold.is_buried(today));
        match Stage::of(walked.progress) {
            Stage::New => c.new += 1,
            Stage::Learning => c.learning += 1,
            Stage::Young => c.young += 1,
            Stage::Mature => c.mature += 1,
        }
    }
    counts
}

/// The counts of everything in `scope`.
pub fn scope_counts(
    library: &Library,
    store: &Store,
    scope: Scope,
    today: Day,
    limits: Limits,
) -> DeckCounts {
    let queue = today_queue(library, store, scope, today, limits);
    let mut counts = DeckCounts {
        due_today: queue.due.len(),
        new_today: queue.new.len(),
        repeats_today: queue.repeats.len(),
        ..DeckCounts::default()
    };
    let mut lookup = Lookup::new(store);
    for (deck_index, _, card) in scope.cards(library) {
        let found = lookup.card(library, deck_index, card);
        for &direction in card.directions() {
            counts.cards += 1;
            let hold = found.hold(direction);
            counts.suspended += usize::from(hold.suspended);
            counts.buried += usize::from(!hold.suspended && hold.is_buried(today));
            match Stage::of(found.get(direction)) {
                Stage::New => counts.new += 1,
                Stage::Learning => counts.learning += 1,
                Stage::Young => counts.young += 1,
                Stage::Mature => counts.mature += 1,
            }
        }
    }
    counts
}

/// The first day after `today` on which anything in `scope` falls due, and
/// how many card directions fall due that day.
pub fn next_due(
    library: &Library,
    store: &Store,
    scope: Scope,
    today: Day,
) -> Option<(Day, usize)> {
    let mut best: Option<(Day, usize)> = None;
    let pull_back = store.pull_back_day(today);
    let mut lookup = Lookup::new(store);
    for (deck_index, _, card) in scope.cards(library) {
        let found = lookup.card(library, deck_index, card);
        for &direction in card.directions() {
            let Some(progress) = found.get(direction) else {
                continue;
            };
            if found.hold(direction).suspended {
                continue;
            }
            let progress = pull_back.map_or(*progress, |day| progress.pulled_back(day));
            let day = progress.due_day.max(today.plus(1));
            best = match best {
                Some((b, n)) if b == day => Some((b, n + 1)),
                Some((b, _)) if b < day => best,
                _ => Some((day, 1)),
            };
        }
    }
    best
}

/// One study session: today's queue worked through card by card. Cards
/// graded below 4 go to the back and return until they score 4 or 5
/// (SM-2's step 7). Answers can be taken back, newest first.
#[derive(Clone, Debug)]
pub struct Session {
    pub scope: Scope,
    queue: std::collections::VecDeque<ItemRef>,
    answered: usize,
    /// Each answer of the session, newest last, and whether it sent its
    /// card to the back of the queue: what an undo puts right.
    history: Vec<(ItemRef, bool)>,
    /// Cards suspended or buried during the session, newest last.
    set_aside: Vec<ItemRef>,
    /// Cards in the session for their extra review before an exam.
    extra: Vec<ItemRef>,
    /// A practice session (answers move no schedule), and which.
    pub practice: Option<Practice>,
    /// Practice answers so far: each draw of a practised drill is fresh.
    draws: u32,
    /// Practice answers graded 3 or more.
    recalled: usize,
    /// The latest answer was an extra review (or practice): nothing to
    /// take back, and Ctrl+Z must not reach past it.
    latest_unrecorded: bool,
}

/// Study beyond the day's work: answers are logged as practice and move
/// no card's schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Practice {
    /// Cards due in the next days, before their day.
    Ahead(u32),
    /// Every card of a deck or topic, learned ones too.
    Cards,
    /// The drills of a deck or topic, with fresh numbers, round after round.
    Drills,
}

/// Review numbers of practice draws start here, past any card's own
/// reviews: practice shows numbers its next review will not.
const PRACTICE_DRAWS: u32 = 1_000_000;

/// The card directions of `scope` due in the next `days` days (not today,
/// not held), soonest first.
pub fn ahead_items(
    library: &Library,
    store: &Store,
    scope: Scope,
    today: Day,
    days: u32,
) -> Vec<ItemRef> {
    let last = today.plus(days);
    let mut items: Vec<(Day, ItemRef)> = scope_progress(library, store, scope)
        .filter(|w| !w.hold.is_held(today))
        .filter_map(|w| {
            let due = w.progress?.due_day;
            (due > today && due <= last)
                .then(|| ItemRef::new(w.deck, w.index, w.direction).map(|item| (due, item)))
                .flatten()
        })
        .collect();
    items.sort_by_key(|(due, _)| *due);
    items.into_iter().map(|(_, item)| item).collect()
}

/// Every card direction of `scope` (not suspended), drills only if
/// `drills`, in an order shuffled by `seed`: kinds and topics mixed.
pub fn practice_items(
    library: &Library,
    store: &Store,
    scope: Scope,
    drills: bool,
    seed: u64,
) -> Vec<ItemRef> {
    use rand::SeedableRng;
    use rand::seq::SliceRandom;
    let mut items: Vec<ItemRef> = scope_progress(library, store, scope)
        .filter(|w| !w.hold.suspended)
        .filter(|w| !drills || matches!(w.card.kind, crate::deck::CardKind::Drill(_)))
        .filter_map(|w| ItemRef::new(w.deck, w.index, w.direction))
        .collect();
    items.shuffle(&mut rand::rngs::Xoshiro256PlusPlus::seed_from_u64(seed));
    items
}

impl Session {
    /// A practice session over `items`, in that order.
    pub fn practice(scope: Scope, kind: Practice, items: Vec<ItemRef>) -> Session {
        Session {
            scope,
            queue: items.into(),
            answered: 0,
            history: Vec::new(),
            set_aside: Vec::new(),
            extra: Vec::new(),
            practice: Some(kind),
            draws: 0,
            recalled: 0,
            latest_unrecorded: false,
        }
    }

    /// The review number a card's numbers and option order are drawn
    /// with: its own answer count, or in practice a fresh one each time.
    pub fn review_number(&self, answers: u32) -> u32 {
        match self.practice {
            Some(_) => PRACTICE_DRAWS
                .saturating_add(answers)
                .saturating_add(self.draws),
            None => answers,
        }
    }

    /// Practice answers graded 3 or more.
    pub fn recalled(&self) -> usize {
        self.recalled
    }

    pub fn start(
        library: &Library,
        store: &Store,
        scope: Scope,
        today: Day,
        limits: Limits,
    ) -> Session {
        let queue = today_queue(library, store, scope, today, limits);
        Session {
            scope,
            extra: queue.extra.clone(),
            queue: queue.in_order().collect(),
            answered: 0,
            history: Vec::new(),
            set_aside: Vec::new(),
            practice: None,
            draws: 0,
            recalled: 0,
            latest_unrecorded: false,
        }
    }

    /// The latest answer of the session cannot be taken back (an extra
    /// review or practice): Ctrl+Z waits for the next answer.
    pub fn latest_unrecorded(&self) -> bool {
        self.latest_unrecorded
    }

    /// The card to show now; `None` when the day's work is done.
    pub fn current(&self) -> Option<ItemRef> {
        self.queue.front().copied()
    }

    /// Cards still to answer today, repeats included.
    pub fn left(&self) -> usize {
        self.queue.len()
    }

    /// Answers given in this session.
    pub fn answered(&self) -> usize {
        self.answered
    }

    /// The current card was answered (and saved) with `quality`. An
    /// extra review before an exam does not come back today.
    pub fn advance(&mut self, quality: crate::sched::Quality) {
        if self.practice.is_some() {
            self.draws += 1;
            self.recalled += usize::from(quality.passed());
        }
        // Drill practice goes round and round, with fresh numbers.
        if self.practice == Some(Practice::Drills) {
            self.advance_again(true);
            return;
        }
        let extra = self.current().is_some_and(|item| self.is_extra(item));
        self.latest_unrecorded = extra;
        self.advance_again(quality.repeat_today() && !extra);
    }

    /// `item` is in the session for its extra review before an exam.
    pub fn is_extra(&self, item: ItemRef) -> bool {
        self.extra.contains(&item)
    }

    /// The current card was answered and suspended with its answer (a
    /// leech): it does not come back today, whatever its grade.
    pub fn advance_suspended(&mut self) {
        self.advance_again(false);
    }

    fn advance_again(&mut self, again: bool) {
        if let Some(item) = self.queue.pop_front() {
            self.answered += 1;
            if again {
                self.queue.push_back(item);
            }
            self.history.push((item, again));
        }
    }

    /// The answer to `item` was taken back: it is the card to show again.
    /// If it was this session's latest answer, the queue is as it was
    /// before that answer; otherwise (an answer of an earlier session)
    /// the card is put first.
    pub fn undo(&mut self, item: ItemRef) {
        if self.history.last().is_some_and(|(last, _)| *last == item)
            && let Some((_, again)) = self.history.pop()
        {
            if again && let Some(at) = self.queue.iter().rposition(|&i| i == item) {
                self.queue.remove(at);
            }
            self.answered = self.answered.saturating_sub(1);
        }
        self.queue.push_front(item);
    }

    /// The current card was suspended or buried: it leaves the session.
    pub fn set_aside(&mut self) {
        self.latest_unrecorded = false;
        if let Some(item) = self.queue.pop_front() {
            self.queue.retain(|&i| i != item);
            self.set_aside.push(item);
        }
    }

    /// The card this session set aside last, if it is `item`.
    pub fn last_set_aside(&self) -> Option<ItemRef> {
        self.set_aside.last().copied()
    }

    /// The card set aside last comes back (its suspension or burial was
    /// taken back): it is the card to show now.
    pub fn put_back(&mut self) {
        if let Some(item) = self.set_aside.pop() {
            self.queue.retain(|&i| i != item);
            self.queue.push_front(item);
        }
    }

    /// The session in `new`, a reload of `old`: cards gone leave it, the
    /// others keep their places.
    pub fn remap(&mut self, old: &Library, new: &Library) {
        let map = |item: &ItemRef| item.remap(old, new);
        self.scope = self.scope.remap(old, new);
        self.queue = self.queue.iter().filter_map(map).collect();
        self.history = self
            .history
            .iter()
            .filter_map(|(item, again)| Some((map(item)?, *again)))
            .collect();
        self.set_aside = self.set_aside.iter().filter_map(map).collect();
        self.extra = self.extra.iter().filter_map(map).collect();
    }

    /// Find the study item of a card key in the library.
    pub fn item_of(library: &Library, key: &CardKey) -> Option<ItemRef> {
        let deck = library.decks.iter().position(|d| d.id == key.deck)?;
        let card = library.decks[deck]
            .cards
            .iter()
            .position(|c| c.id == key.card)?;
        ItemRef::new(deck, card, key.direction)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sched::Quality;

    fn item(card: u32) -> ItemRef {
        ItemRef {
            deck: 0,
            card,
            direction: Direction::Forward,
        }
    }

    fn session(cards: &[u32]) -> Session {
        Session {
            scope: Scope::All,
            queue: cards.iter().map(|&c| item(c)).collect(),
            answered: 0,
            history: Vec::new(),
            set_aside: Vec::new(),
            extra: Vec::new(),
            practice: None,
            draws: 0,
            recalled: 0,
            latest_unrecorded: false,
        }
    }

    fn queue(session: &Session) -> Vec<u32> {
        session.queue.iter().map(|i| i.card).collect()
    }

    #[test]
    fn undoing_answers_puts_the_queue_back_as_it_was_answer_by_answer() {
        let mut s = session(&[1, 2, 3]);
        s.advance(Quality::new(5).unwrap());
        s.advance(Quality::new(1).unwrap()); // 2 comes back later today
        assert_eq!(queue(&s), [3, 2]);
        s.undo(item(2));
        assert_eq!((queue(&s), s.answered()), (vec![2, 3], 1));
        s.undo(item(1));
        assert_eq!((queue(&s), s.answered()), (vec![1, 2, 3], 0));
    }

    #[test]
    fn undoing_an_answer_of_an_earlier_session_shows_that_card_first() {
        let mut s = session(&[1, 2]);
        s.undo(item(9));
        assert_eq!((queue(&s), s.answered()), (vec![9, 1, 2], 0));
    }
}
