//! The numbers behind each chart of the report, from the aggregate rows
//! alone: pure functions, so each can be checked against a hand count.
//! Days are polars' days since 1970-01-01; weeks start on Monday.

use std::collections::{BTreeMap, HashMap};

use super::load::{DayCount, EventCount, PairCount};
use crate::epoch;

/// Which count of `actor_day` the charts show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Count {
    /// `unique_mentions`: each piece of reporting once, wire copies and
    /// repeated sentences left out.
    #[default]
    Unique,
    /// `mentions`: every counted mention.
    All,
}

impl Count {
    pub fn of(self, row: &DayCount) -> i64 {
        match self {
            Count::Unique => row.unique_mentions,
            Count::All => row.mentions,
        }
    }

    /// The column's name, for captions.
    pub fn column(self) -> &'static str {
        match self {
            Count::Unique => "unique_mentions",
            Count::All => "mentions",
        }
    }
}

/// The Monday starting the week that holds `day` (1970-01-01 was a Thursday).
pub fn week_of(day: i32) -> i32 {
    day - (day + 3).rem_euclid(7)
}

/// The first and last day with a counted mention, if any.
pub fn span(days: &[DayCount]) -> Option<(i32, i32)> {
    let mut dated = days.iter().filter_map(|r| r.day);
    let first = dated.next()?;
    Some(dated.fold((first, first), |(lo, hi), d| (lo.min(d), hi.max(d))))
}

/// The days the time charts draw: the dated span, less thin tails. A few
/// mentions on stray days (a document dated 1400 in a 2024 feed) would
/// otherwise stretch every axis over centuries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub first: i32,
    pub last: i32,
    /// Mentions (all of them) on dated days outside the window.
    pub left_out: i64,
}

impl Window {
    pub fn contains(&self, day: i32) -> bool {
        (self.first..=self.last).contains(&day)
    }
}

/// The dated span, cut to the days between the first and last 1% of its
/// mentions (widened by their own span to keep quiet days nearby) when that
/// halves it or more; a span the mentions fill is kept whole. All mentions count here, whichever count the charts show: a
/// stray day is one few documents are about, repeated or not.
pub fn window(days: &[DayCount]) -> Option<Window> {
    let (first, last) = span(days)?;
    let mut by_day: BTreeMap<i32, i64> = BTreeMap::new();
    for r in days {
        if let Some(day) = r.day {
            *by_day.entry(day).or_default() += r.mentions;
        }
    }
    let tail = by_day.values().sum::<i64>() / 100;
    // The first day from either end past the tail's mentions.
    let inner = |mut days: Box<dyn Iterator<Item = (&i32, &i64)> + '_>| {
        let mut seen = 0;
        days.find(|&(_, &n)| {
            seen += n;
            seen > tail
        })
        .map(|(&d, _)| d)
    };
    let lo = inner(Box::new(by_day.iter())).unwrap_or(first);
    let hi = inner(Box::new(by_day.iter().rev())).unwrap_or(last);
    // Days near the core are the feed's own quiet days, not strays.
    let margin = (hi - lo).max(7);
    let near = |&d: &i32| d >= lo.saturating_sub(margin) && d <= hi.saturating_add(margin);
    let lo = by_day.keys().copied().find(near).unwrap_or(lo);
    let hi = by_day.keys().rev().copied().find(near).unwrap_or(hi);
    if 2 * (i64::from(hi) - i64::from(lo)) >= i64::from(last) - i64::from(first) {
        return Some(Window {
            first,
            last,
            left_out: 0,
        });
    }
    let outside = by_day.iter().filter(|&(&d, _)| d < lo || d > hi);
    Some(Window {
        first: lo,
        last: hi,
        left_out: outside.map(|(_, &n)| n).sum(),
    })
}

/// The `n` actors with the most mentions over the run (undated documents
/// included), most first; ties by name, then by index.
pub fn top_actors(days: &[DayCount], names: &[String], count: Count, n: usize) -> Vec<(u32, i64)> {
    let mut totals: HashMap<u32, i64> = HashMap::new();
    for row in days {
        *totals.entry(row.actor).or_default() += count.of(row);
    }
    let mut totals: Vec<(u32, i64)> = totals.into_iter().filter(|&(_, n)| n > 0).collect();
    totals.sort_unstable_by(|a, b| {
        let name = |actor: u32| names.get(actor as usize);
        b.1.cmp(&a.1)
            .then(name(a.0).cmp(&name(b.0)))
            .then(a.0.cmp(&b.0))
    });
    totals.truncate(n);
    totals
}

/// Counts per actor over consecutive periods (weeks, months...).
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// First day of each period, ascending.
    pub starts: Vec<i32>,
    /// One row per actor asked for, one value per period.
    pub rows: Vec<Vec<i64>>,
}

/// How long a period of a [`Grid`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Day,
    Week,
    Month,
    Year,
}

impl Period {
    /// The finest period, from `finest` up, that cuts the window into at
    /// most `columns` periods.
    pub fn fitting(window: &Window, finest: Period, columns: i64) -> Period {
        let days = i64::from(window.last) - i64::from(window.first) + 1;
        let all = [Period::Day, Period::Week, Period::Month, Period::Year];
        let from = all.iter().position(|&p| p == finest).unwrap_or(0);
        all[from..]
            .iter()
            .copied()
            .find(|p| days * 100 / p.hundredth_days() <= columns)
            .unwrap_or(Period::Year)
    }

    /// The period's mean length in hundredths of a day.
    fn hundredth_days(self) -> i64 {
        match self {
            Period::Day => 100,
            Period::Week => 700,
            Period::Month => 3044,
            Period::Year => 36525,
        }
    }

    /// The first day of the period holding `day`. A day chrono cannot
    /// represent (past the year 262,143) starts its own period.
    pub fn start(self, day: i32) -> i32 {
        use chrono::Datelike;
        match (self, epoch::day_of(day)) {
            (Period::Day, _) | (_, None) => day,
            (Period::Week, _) => week_of(day),
            (Period::Month, Some(date)) => day - (date.day0() as i32),
            (Period::Year, Some(date)) => day - (date.ordinal0() as i32),
        }
    }

    /// The start of the period after the one starting on `start`.
    pub fn next(self, start: i32) -> i32 {
        match self {
            Period::Day => start + 1,
            Period::Week => start + 7,
            Period::Month => Period::Month.start(start + 31).max(start + 1),
            Period::Year => Period::Year.start(start + 366).max(start + 1),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Year => "year",
        }
    }

    /// The first days of the periods from the window's first day to its last.
    pub fn starts(self, window: &Window) -> Vec<i32> {
        let mut starts = vec![self.start(window.first)];
        while let Some(&s) = starts.last().filter(|&&s| self.next(s) <= window.last) {
            starts.push(self.next(s));
        }
        starts
    }
}

/// The index of the period in `starts` that holds `day`.
fn slot(starts: &[i32], day: i32) -> usize {
    starts.partition_point(|&s| s <= day).saturating_sub(1)
}

/// Mentions of `actors` per period of the window, every period present
/// (zeros included) so that lines and cells line up.
pub fn grid(
    days: &[DayCount],
    actors: &[u32],
    count: Count,
    period: Period,
    window: &Window,
) -> Grid {
    let starts = period.starts(window);
    let row_of: HashMap<u32, usize> = actors.iter().enumerate().map(|(i, &a)| (a, i)).collect();
    let mut rows = vec![vec![0; starts.len()]; actors.len()];
    for r in days {
        if let (Some(&row), Some(day)) =
            (row_of.get(&r.actor), r.day.filter(|&d| window.contains(d)))
        {
            rows[row][slot(&starts, day)] += count.of(r);
        }
    }
    Grid { starts, rows }
}

/// One actor's change between the last week and the four weeks before.
#[derive(Debug, Clone, PartialEq)]
pub struct Mover {
    pub actor: u32,
    /// Mentions in the last seven days of the run.
    pub last_week: i64,
    /// Mentions per week in the 28 days before them.
    pub before: f64,
}

impl Mover {
    pub fn change(&self) -> f64 {
        self.last_week as f64 - self.before
    }
}

/// Who rose and who fell most: the last seven days of the window against
/// the weekly mean of the 28 days before them.
#[derive(Debug, Clone, PartialEq)]
pub struct Movers {
    /// The last day of the last week.
    pub last_day: i32,
    /// Days of the 28 before the last week with any counted mention: a
    /// baseline of few days overstates rises, and none gives no movers.
    pub covered_before: usize,
    /// Largest rise first.
    pub rising: Vec<Mover>,
    /// Largest fall first.
    pub falling: Vec<Mover>,
}

pub fn movers(days: &[DayCount], count: Count, n: usize, window: &Window) -> Movers {
    let last_day = window.last;
    let week = last_day - 6..=last_day;
    let before = last_day - 34..=last_day - 7;
    let mut sums: HashMap<u32, (i64, i64)> = HashMap::new();
    let mut covered = [false; 28];
    for r in days {
        let Some(day) = r.day.filter(|&d| window.contains(d)) else {
            continue;
        };
        if week.contains(&day) {
            sums.entry(r.actor).or_default().0 += count.of(r);
        } else if before.contains(&day) {
            sums.entry(r.actor).or_default().1 += count.of(r);
            covered[(day - before.start()) as usize] = true;
        }
    }
    let covered_before = covered.iter().filter(|&&c| c).count();
    let all: Vec<Mover> = sums
        .into_iter()
        .filter(|_| covered_before > 0)
        .map(|(actor, (last_week, earlier))| Mover {
            actor,
            last_week,
            before: earlier as f64 / 4.0,
        })
        .collect();
    let ranked = |rising: bool| {
        let mut movers: Vec<Mover> = all
            .iter()
            .filter(|m| {
                if rising {
                    m.change() > 0.0
                } else {
                    m.change() < 0.0
                }
            })
            .cloned()
            .collect();
        movers.sort_by(|a, b| {
            let (a_change, b_change) = (a.change().abs(), b.change().abs());
            b_change.total_cmp(&a_change).then(a.actor.cmp(&b.actor))
        });
        movers.truncate(n);
        movers
    };
    Movers {
        last_day,
        covered_before,
        rising: ranked(true),
        falling: ranked(false),
    }
}

/// The strongest co-mentions as a symmetric matrix over the actors in them.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    pub actors: Vec<u32>,
    /// `cells[i][j]`: sentences that mention both `actors[i]` and
    /// `actors[j]`; zero on the diagonal.
    pub cells: Vec<Vec<i64>>,
}

/// The actors of the strongest pairs (by sentences, over the whole run),
/// taken pair by pair until `n` actors are in, with every pair among them.
pub fn matrix(pairs: &[PairCount], n: usize) -> Matrix {
    let mut ranked: Vec<&PairCount> = pairs.iter().filter(|p| p.sentences > 0).collect();
    ranked.sort_unstable_by_key(|p| (std::cmp::Reverse(p.sentences), p.a, p.b));
    let mut actors: Vec<u32> = Vec::new();
    for p in &ranked {
        for actor in [p.a, p.b] {
            if actors.len() < n && !actors.contains(&actor) {
                actors.push(actor);
            }
        }
        if actors.len() >= n {
            break;
        }
    }
    let index: HashMap<u32, usize> = actors.iter().enumerate().map(|(i, &a)| (a, i)).collect();
    let mut cells = vec![vec![0; actors.len()]; actors.len()];
    for p in pairs {
        if let (Some(&i), Some(&j)) = (index.get(&p.a), index.get(&p.b)) {
            cells[i][j] += p.sentences;
            cells[j][i] += p.sentences;
        }
    }
    Matrix { actors, cells }
}

/// Where mentions' days come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DaySources {
    /// Counted mentions (`mentions`, both tables count the same ones).
    pub mentions: i64,
    /// Of them, with a day from a date in their own sentence.
    pub from_sentence: i64,
    /// Of them, with no day at all (an undated document, no date nearby).
    pub no_day: i64,
}

pub fn day_sources(events: &[EventCount]) -> DaySources {
    DaySources {
        mentions: events.iter().map(|e| e.mentions).sum(),
        from_sentence: events.iter().map(|e| e.from_sentence).sum(),
        no_day: events
            .iter()
            .filter(|e| e.day.is_none())
            .map(|e| e.mentions)
            .sum(),
    }
}

/// Mentions by event day against publication day, per period of the window.
#[derive(Debug, Clone, PartialEq)]
pub struct Dates {
    /// First days of the window's periods.
    pub starts: Vec<i32>,
    /// Mentions per period by publication day (`actor_day`).
    pub by_published: Vec<i64>,
    /// Mentions per period by the day they are about (`actor_event_day`).
    pub by_event: Vec<i64>,
    /// Mentions about days before and after the window.
    pub before: i64,
    pub after: i64,
}

pub fn dates(days: &[DayCount], events: &[EventCount], period: Period, window: &Window) -> Dates {
    let starts = period.starts(window);
    let mut out = Dates {
        by_published: vec![0; starts.len()],
        by_event: vec![0; starts.len()],
        starts,
        before: 0,
        after: 0,
    };
    for r in days {
        if let Some(day) = r.day.filter(|&d| window.contains(d)) {
            out.by_published[slot(&out.starts, day)] += r.mentions;
        }
    }
    for e in events {
        match e.day {
            Some(day) if day < window.first => out.before += e.mentions,
            Some(day) if day > window.last => out.after += e.mentions,
            Some(day) => out.by_event[slot(&out.starts, day)] += e.mentions,
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2024-01-01, a Monday.
    const MONDAY: i32 = 19_723;

    fn row(actor: u32, day: Option<i32>, mentions: i64, unique: i64) -> DayCount {
        DayCount {
            actor,
            day,
            mentions,
            unique_mentions: unique,
        }
    }

    fn whole(days: &[DayCount]) -> Window {
        let (first, last) = span(days).unwrap();
        Window {
            first,
            last,
            left_out: 0,
        }
    }

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(week_of(0), -3, "1970-01-01 was a Thursday");
        for offset in 0..7 {
            assert_eq!(week_of(MONDAY + offset), MONDAY);
        }
        assert_eq!(week_of(MONDAY - 1), MONDAY - 7);
    }

    #[test]
    fn months_and_years_start_on_their_first_day() {
        let feb_15 = MONDAY + 31 + 14;
        assert_eq!(Period::Month.start(feb_15), MONDAY + 31);
        assert_eq!(
            Period::Month.next(MONDAY + 31),
            MONDAY + 31 + 29,
            "2024 is a leap year"
        );
        assert_eq!(Period::Year.start(feb_15), MONDAY);
        assert_eq!(Period::Year.next(MONDAY), MONDAY + 366);
        // Before 1970 too.
        assert_eq!(Period::Year.start(-1), -365);
    }

    #[test]
    fn periods_coarsen_with_the_span() {
        let span = |days: i32| Window {
            first: MONDAY,
            last: MONDAY + days - 1,
            left_out: 0,
        };
        assert_eq!(Period::fitting(&span(120), Period::Day, 120), Period::Day);
        assert_eq!(Period::fitting(&span(121), Period::Day, 120), Period::Week);
        assert_eq!(
            Period::fitting(&span(3 * 365), Period::Week, 160),
            Period::Week
        );
        assert_eq!(
            Period::fitting(&span(10 * 365), Period::Week, 160),
            Period::Month
        );
        assert_eq!(
            Period::fitting(&span(700 * 365), Period::Day, 120),
            Period::Year
        );
    }

    /// Each week's cell is the sum of actor_day over its seven days, and
    /// the weeks together hold every dated mention.
    #[test]
    fn weekly_sums_equal_actor_day() {
        let days: Vec<DayCount> = (0..40)
            .flat_map(|d| {
                [
                    row(0, Some(MONDAY + 2 + d), d as i64, 1),
                    row(1, Some(MONDAY + 2 + d * 2), 1, 1),
                ]
            })
            .chain([row(0, None, 100, 100)])
            .collect();
        let window = whole(&days);
        let grid = grid(&days, &[0, 1], Count::All, Period::Week, &window);
        assert_eq!(grid.starts[0], MONDAY);
        for (i, &start) in grid.starts.iter().enumerate() {
            for (r, actor) in [0, 1].into_iter().enumerate() {
                let by_hand: i64 = days
                    .iter()
                    .filter(|x| {
                        x.actor == actor && x.day.is_some_and(|d| d >= start && d < start + 7)
                    })
                    .map(|x| x.mentions)
                    .sum();
                assert_eq!(grid.rows[r][i], by_hand, "actor {actor}, week {start}");
            }
        }
        let dated: i64 = days
            .iter()
            .filter(|r| r.day.is_some())
            .map(|r| r.mentions)
            .sum();
        assert_eq!(grid.rows.iter().flatten().sum::<i64>(), dated);
        // Counting unique mentions takes the other column.
        let unique = super::grid(&days, &[1], Count::Unique, Period::Week, &window);
        assert_eq!(unique.rows[0].iter().sum::<i64>(), 40);
    }

    /// A stray day far from the rest does not stretch the window; a span
    /// the mentions fill keeps its ends.
    #[test]
    fn the_window_leaves_out_thin_tails_only() {
        let mut days: Vec<DayCount> = (0..60)
            .map(|d| row(0, Some(MONDAY + d), 100, 100))
            .collect();
        assert_eq!(window(&days), Some(whole(&days)));
        days.push(row(0, Some(MONDAY - 227_000), 1, 1)); // the year 1400
        days.push(row(0, Some(MONDAY + 27_700), 2, 2)); // the year 2100
        let w = window(&days).unwrap();
        assert_eq!((w.first, w.last, w.left_out), (MONDAY, MONDAY + 59, 3));
        // A quiet first day beside the rest stays in, though in the tail.
        days.push(row(0, Some(MONDAY - 2), 10, 10));
        let w = window(&days).unwrap();
        assert_eq!((w.first, w.last, w.left_out), (MONDAY - 2, MONDAY + 59, 3));
        // Three documents, three days: nothing is a thin tail.
        let three = [
            row(0, Some(-200_000), 1, 1),
            row(0, Some(MONDAY), 1, 1),
            row(0, Some(47_000), 1, 1),
        ];
        assert_eq!(window(&three), Some(whole(&three)));
    }

    #[test]
    fn top_actors_rank_by_the_chosen_count_then_name() {
        let names = [
            "Zagreb".to_string(),
            "Athens".to_string(),
            "Bern".to_string(),
        ];
        let days = [
            row(0, Some(1), 5, 1),
            row(1, Some(1), 2, 2),
            row(1, None, 2, 2),
            row(2, Some(1), 4, 4),
        ];
        assert_eq!(top_actors(&days, &names, Count::All, 2), [(0, 5), (1, 4)]);
        assert_eq!(
            top_actors(&days, &names, Count::Unique, 2),
            [(1, 4), (2, 4)]
        );
    }

    /// A hand-computed case: the run ends on day 100, so the last week is
    /// days 94-100 and the four weeks before are days 66-93.
    #[test]
    fn movers_match_a_hand_count() {
        let days = [
            // Actor 0: 8 in the last week, 4 a week before: +4.
            row(0, Some(100), 8, 8),
            row(0, Some(66), 16, 16),
            // Actor 1: 0 in the last week, 12 a week before: -12.
            row(1, Some(93), 48, 48),
            // Actor 2: 3 in the last week and nothing before: +3.
            row(2, Some(94), 3, 3),
            // Actor 3: day 65 is before both windows: not listed.
            row(3, Some(65), 50, 50),
            // Actor 4: as many now as before: no change, not listed.
            row(4, Some(95), 2, 2),
            row(4, Some(70), 8, 8),
        ];
        let m = movers(&days, Count::All, 10, &whole(&days));
        assert_eq!(m.last_day, 100);
        assert_eq!(m.covered_before, 3, "days 66, 70 and 93");
        let rising: Vec<(u32, f64)> = m.rising.iter().map(|x| (x.actor, x.change())).collect();
        assert_eq!(rising, [(0, 4.0), (2, 3.0)]);
        let falling: Vec<(u32, f64)> = m.falling.iter().map(|x| (x.actor, x.change())).collect();
        assert_eq!(falling, [(1, -12.0)]);
        assert_eq!(m.falling[0].before, 12.0);
        // A run of ten days: one day of baseline, 1 mention over 4 weeks.
        let short = [row(0, Some(91), 1, 1), row(0, Some(100), 1, 1)];
        let m = movers(&short, Count::All, 10, &whole(&short));
        assert_eq!(m.covered_before, 1);
        assert_eq!((m.rising[0].last_week, m.rising[0].before), (1, 0.25));
        // No baseline at all: no movers, rather than everyone rising.
        let new = [row(0, Some(100), 5, 5)];
        let m = movers(&new, Count::All, 10, &whole(&new));
        assert_eq!((m.covered_before, m.rising.len()), (0, 0));
    }

    #[test]
    fn matrix_takes_the_strongest_pairs_and_is_symmetric() {
        let pair = |a, b, sentences| PairCount {
            a,
            b,
            sentences,
            documents: 1,
        };
        let pairs = [pair(0, 1, 9), pair(2, 3, 5), pair(1, 2, 1), pair(4, 5, 2)];
        let m = matrix(&pairs, 3);
        assert_eq!(m.actors, [0, 1, 2]);
        assert_eq!(m.cells, [[0, 9, 0], [9, 0, 1], [0, 1, 0]]);
    }

    #[test]
    fn dates_split_mentions_by_where_their_day_came_from() {
        let days = [
            row(0, Some(MONDAY), 3, 3),
            row(0, Some(MONDAY + 8), 2, 2),
            row(0, None, 1, 1),
        ];
        let events = [
            EventCount {
                day: Some(MONDAY),
                mentions: 2,
                from_sentence: 0,
            },
            EventCount {
                day: Some(MONDAY - 400),
                mentions: 1,
                from_sentence: 1,
            },
            EventCount {
                day: Some(MONDAY + 8),
                mentions: 2,
                from_sentence: 1,
            },
            EventCount {
                day: None,
                mentions: 1,
                from_sentence: 0,
            },
        ];
        let d = dates(&days, &events, Period::Week, &whole(&days));
        let sources = day_sources(&events);
        assert_eq!(
            (sources.mentions, sources.from_sentence, sources.no_day),
            (6, 2, 1)
        );
        assert_eq!(d.starts, [MONDAY, MONDAY + 7]);
        assert_eq!(d.by_published, [3, 2]);
        assert_eq!(d.by_event, [2, 2]);
        assert_eq!((d.before, d.after), (1, 0));
    }
}
