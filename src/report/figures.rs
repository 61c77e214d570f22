//! The numbers behind each chart of the report, from the aggregate rows
//! alone: pure functions, so each can be checked against a hand count.
//! Days are polars' days since 1970-01-01; weeks start on Monday.

use std::collections::HashMap;

use super::load::{DayCount, EventCount, PairCount};

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

/// The `n` actors with the most mentions over the whole run (undated
/// documents included), most first; ties by actor index, which follows
/// `actor_id`.
pub fn top_actors(days: &[DayCount], count: Count, n: usize) -> Vec<(u32, i64)> {
    let mut totals: HashMap<u32, i64> = HashMap::new();
    for row in days {
        *totals.entry(row.actor).or_default() += count.of(row);
    }
    let mut totals: Vec<(u32, i64)> = totals.into_iter().filter(|&(_, n)| n > 0).collect();
    totals.sort_unstable_by_key(|&(actor, n)| (std::cmp::Reverse(n), actor));
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
}

impl Period {
    /// Days fine enough to read and few enough to draw: days up to 120
    /// of them, then weeks up to 120, then months.
    pub fn fitting(first: i32, last: i32) -> Period {
        match last - first + 1 {
            ..=120 => Period::Day,
            121..=840 => Period::Week,
            _ => Period::Month,
        }
    }

    pub fn start(self, day: i32) -> i32 {
        match self {
            Period::Day => day,
            Period::Week => week_of(day),
            Period::Month => {
                let date = crate::epoch::day_of(day).expect("a day in chrono's range");
                day - (chrono::Datelike::day(&date) as i32 - 1)
            }
        }
    }

    /// The start of the period after the one starting on `start`.
    pub fn next(self, start: i32) -> i32 {
        match self {
            Period::Day => start + 1,
            Period::Week => start + 7,
            Period::Month => Period::Month.start(start + 31),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
        }
    }
}

/// Mentions of `actors` per period from the first to the last dated day,
/// every period present (zeros included) so that lines and cells line up.
pub fn grid(days: &[DayCount], actors: &[u32], count: Count, period: Period) -> Grid {
    let Some((first, last)) = span(days) else {
        return Grid {
            starts: Vec::new(),
            rows: vec![Vec::new(); actors.len()],
        };
    };
    let mut starts = vec![period.start(first)];
    while let Some(&s) = starts.last().filter(|&&s| period.next(s) <= last) {
        starts.push(period.next(s));
    }
    let row_of: HashMap<u32, usize> = actors.iter().enumerate().map(|(i, &a)| (a, i)).collect();
    let mut rows = vec![vec![0; starts.len()]; actors.len()];
    for r in days {
        if let (Some(&row), Some(day)) = (row_of.get(&r.actor), r.day) {
            let column = starts.partition_point(|&s| s <= day) - 1;
            rows[row][column] += count.of(r);
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

/// Who rose and who fell most: the last seven days up to the run's last
/// dated day, against the weekly mean of the 28 days before them.
#[derive(Debug, Clone, PartialEq)]
pub struct Movers {
    /// The last day of the last week.
    pub last_day: i32,
    /// Days of the 28 before the last week with any counted mention: a
    /// baseline of few days overstates rises.
    pub covered_before: usize,
    /// Largest rise first.
    pub rising: Vec<Mover>,
    /// Largest fall first.
    pub falling: Vec<Mover>,
}

pub fn movers(days: &[DayCount], count: Count, n: usize) -> Option<Movers> {
    let (_, last_day) = span(days)?;
    let week = last_day - 6..=last_day;
    let before = last_day - 34..=last_day - 7;
    let mut sums: HashMap<u32, (i64, i64)> = HashMap::new();
    let mut covered = [false; 28];
    for r in days {
        let Some(day) = r.day else { continue };
        if week.contains(&day) {
            sums.entry(r.actor).or_default().0 += count.of(r);
        } else if before.contains(&day) {
            sums.entry(r.actor).or_default().1 += count.of(r);
            covered[(day - before.start()) as usize] = true;
        }
    }
    let all: Vec<Mover> = sums
        .into_iter()
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
    Some(Movers {
        last_day,
        covered_before: covered.iter().filter(|&&c| c).count(),
        rising: ranked(true),
        falling: ranked(false),
    })
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

/// Where mentions' days come from, and mentions by event day against
/// publication day, per week of the publication span.
#[derive(Debug, Clone, PartialEq)]
pub struct Dates {
    /// Counted mentions (`mentions`, both tables count the same ones).
    pub mentions: i64,
    /// Of them, with a day from a date in their own sentence.
    pub from_sentence: i64,
    /// Of them, with no day at all (an undated document, no date nearby).
    pub no_day: i64,
    /// Mondays of the publication span's weeks.
    pub weeks: Vec<i32>,
    /// Mentions per week by publication day (`actor_day`).
    pub by_published: Vec<i64>,
    /// Mentions per week by the day they are about (`actor_event_day`).
    pub by_event: Vec<i64>,
    /// Mentions about days before and after the publication span.
    pub before_span: i64,
    pub after_span: i64,
}

pub fn dates(days: &[DayCount], events: &[EventCount]) -> Dates {
    let mut out = Dates {
        mentions: events.iter().map(|e| e.mentions).sum(),
        from_sentence: events.iter().map(|e| e.from_sentence).sum(),
        no_day: events
            .iter()
            .filter(|e| e.day.is_none())
            .map(|e| e.mentions)
            .sum(),
        weeks: Vec::new(),
        by_published: Vec::new(),
        by_event: Vec::new(),
        before_span: 0,
        after_span: 0,
    };
    let Some((first, last)) = span(days) else {
        return out;
    };
    let (first, last) = (week_of(first), week_of(last));
    out.weeks = (first..=last).step_by(7).collect();
    out.by_published = vec![0; out.weeks.len()];
    out.by_event = vec![0; out.weeks.len()];
    let slot = |day: i32| (week_of(day) - first) as usize / 7;
    for r in days {
        if let Some(day) = r.day {
            out.by_published[slot(day)] += r.mentions;
        }
    }
    for e in events {
        match e.day {
            Some(day) if day < first => out.before_span += e.mentions,
            Some(day) if day > last + 6 => out.after_span += e.mentions,
            Some(day) => out.by_event[slot(day)] += e.mentions,
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

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(week_of(0), -3, "1970-01-01 was a Thursday");
        for offset in 0..7 {
            assert_eq!(week_of(MONDAY + offset), MONDAY);
        }
        assert_eq!(week_of(MONDAY - 1), MONDAY - 7);
    }

    #[test]
    fn months_start_on_the_first() {
        let feb_15 = MONDAY + 31 + 14;
        assert_eq!(Period::Month.start(feb_15), MONDAY + 31);
        assert_eq!(
            Period::Month.next(MONDAY + 31),
            MONDAY + 31 + 29,
            "2024 is a leap year"
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
        let grid = grid(&days, &[0, 1], Count::All, Period::Week);
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
        let unique = super::grid(&days, &[1], Count::Unique, Period::Week);
        assert_eq!(unique.rows[0].iter().sum::<i64>(), 40);
    }

    #[test]
    fn top_actors_rank_by_the_chosen_count() {
        let days = [
            row(0, Some(1), 5, 1),
            row(1, Some(1), 2, 2),
            row(1, None, 2, 2),
        ];
        assert_eq!(top_actors(&days, Count::All, 2), [(0, 5), (1, 4)]);
        assert_eq!(top_actors(&days, Count::Unique, 1), [(1, 4)]);
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
        let m = movers(&days, Count::All, 10).unwrap();
        assert_eq!(m.last_day, 100);
        assert_eq!(m.covered_before, 3, "days 66, 70 and 93");
        let rising: Vec<(u32, f64)> = m.rising.iter().map(|x| (x.actor, x.change())).collect();
        assert_eq!(rising, [(0, 4.0), (2, 3.0)]);
        let falling: Vec<(u32, f64)> = m.falling.iter().map(|x| (x.actor, x.change())).collect();
        assert_eq!(falling, [(1, -12.0)]);
        assert_eq!(m.falling[0].before, 12.0);
        // A run of ten days: one day of baseline, 1 mention over 4 weeks.
        let short = [row(0, Some(91), 1, 1), row(0, Some(100), 1, 1)];
        let m = movers(&short, Count::All, 10).unwrap();
        assert_eq!(m.covered_before, 1);
        assert_eq!((m.rising[0].last_week, m.rising[0].before), (1, 0.25));
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
                day: Some(MONDAY + 9),
                mentions: 2,
                from_sentence: 1,
            },
            EventCount {
                day: None,
                mentions: 1,
                from_sentence: 0,
            },
        ];
        let d = dates(&days, &events);
        assert_eq!((d.mentions, d.from_sentence, d.no_day), (6, 2, 1));
        assert_eq!(d.weeks, [MONDAY, MONDAY + 7]);
        assert_eq!(d.by_published, [3, 2]);
        assert_eq!(d.by_event, [2, 2]);
        assert_eq!((d.before_span, d.after_span), (1, 0));
    }
}
