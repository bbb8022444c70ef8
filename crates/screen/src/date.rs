//! Dates of birth as lists give them — a day, a month, a year, a range of years — and how two of them
//! compare. A date adjusts a name's score; it never makes a match on its own.

use std::fmt;

/// A date of birth at the precision the source states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateSpec {
    Day {
        year: i32,
        month: u8,
        day: u8,
    },
    Month {
        year: i32,
        month: u8,
    },
    Year(i32),
    /// Inclusive years ("1962 to 1964", "circa 1970" as 1969–1971).
    Range {
        from: i32,
        to: i32,
    },
}

impl fmt::Display for DateSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Day { year, month, day } => write!(f, "{year:04}-{month:02}-{day:02}"),
            Self::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            Self::Year(year) => write!(f, "{year:04}"),
            Self::Range { from, to } => write!(f, "{from:04}..{to:04}"),
        }
    }
}

/// Appends `sep`, then `n` in `width` digits as `{n:0width$}` writes it; false (leaving `out` to be
/// cut back) when `n` is negative or has more digits than that.
fn push_field(out: &mut String, sep: &str, n: i64, width: u32) -> bool {
    let Some(n) = u32::try_from(n).ok().filter(|n| *n < 10u32.pow(width)) else { return false };
    out.push_str(sep);
    for place in (0..width).rev() {
        out.push(char::from(b'0' + (n / 10u32.pow(place) % 10) as u8));
    }
    true
}

impl DateSpec {
    /// Appends the date as [`Display`](fmt::Display) writes it, without the formatting machinery for
    /// the usual years (0 to 9999): every hit's explanation writes two dates.
    pub fn push_to(&self, out: &mut String) {
        let start = out.len();
        let written = match *self {
            Self::Day { year, month, day } => {
                push_field(out, "", year.into(), 4)
                    && push_field(out, "-", month.into(), 2)
                    && push_field(out, "-", day.into(), 2)
            }
            Self::Month { year, month } => push_field(out, "", year.into(), 4) && push_field(out, "-", month.into(), 2),
            Self::Year(year) => push_field(out, "", year.into(), 4),
            Self::Range { from, to } => push_field(out, "", from.into(), 4) && push_field(out, "..", to.into(), 4),
        };
        if !written {
            use fmt::Write as _;
            out.truncate(start);
            let _ = write!(out, "{self}");
        }
    }
}

impl DateSpec {
    /// Reads `1975-04-21`, `1975-4-21`, `1975/04/21`, `21.04.1975`, `1975-04`, `1975`, `1962..1964` and
    /// `1962 to 1964`. `None` for anything else, or an impossible month or day.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        for sep in ["..", " to ", " - "] {
            if let Some((a, b)) = text.split_once(sep) {
                let (from, to) = (year(a)?, year(b)?);
                return (from <= to).then_some(Self::Range { from, to });
            }
        }
        let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
        match parts.as_slice() {
            [y] => Some(Self::Year(year(y)?)),
            [y, m] => Some(Self::Month { year: year(y)?, month: month(m)? }),
            [a, b, c] if a.len() == 4 => Self::day(year(a)?, month(b)?, day(c)?),
            [a, b, c] if c.len() == 4 => Self::day(year(c)?, month(b)?, day(a)?),
            _ => None,
        }
    }

    fn day(year: i32, month: u8, day: u8) -> Option<Self> {
        let max = match month {
            2 => 29,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        (day <= max).then_some(Self::Day { year, month, day })
    }

    /// The years this date may fall in.
    pub fn years(&self) -> (i32, i32) {
        match *self {
            Self::Day { year, .. } | Self::Month { year, .. } | Self::Year(year) => (year, year),
            Self::Range { from, to } => (from, to),
        }
    }
}

fn year(s: &str) -> Option<i32> {
    let s = s.trim();
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

fn month(s: &str) -> Option<u8> {
    let m: u8 = s.trim().parse().ok()?;
    (1..=12).contains(&m).then_some(m)
}

fn day(s: &str) -> Option<u8> {
    let d: u8 = s.trim().parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

/// How two dates of birth relate, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DateRelation {
    /// The same day.
    SameDay,
    /// The same month, one side stating no day.
    Compatible,
    /// Same year, day and month swapped (a common clerical error): counts half.
    SwappedDayMonth,
    /// Compatible only at a year's precision (a year, or a year inside a range, against any date); a
    /// 1 January, which lists and passports put where only the year is known, counts as the year.
    SameYear,
    /// Same year, and the day or the month differs (one field mistyped).
    SameYearOtherDay,
    /// One year apart, and whatever else is stated agrees (ages turned into years of birth are often
    /// one off).
    YearApart,
    /// Same year, but both the day and the month differ: two fields wrong at once.
    SameYearOnly,
    /// Further apart, or a year apart with another day as well.
    Different,
}

impl DateRelation {
    /// The adjustment to a name score. Contradictions pull it down (a namesake born years apart falls
    /// below the alert threshold); agreement never lifts it.
    pub fn adjustment(self) -> f32 {
        match self {
            Self::SameDay => 0.0,
            // Agreeing at a coarser precision is weaker agreement: about one person in seventy shares a
            // year of birth, one in a few hundred a month.
            Self::Compatible => -0.05,
            Self::SwappedDayMonth => -0.075,
            Self::SameYear => -0.10,
            Self::SameYearOtherDay | Self::YearApart => -0.15,
            // A whole other day of the year on two full dates (neither a slip of one field nor a swap):
            // enough to keep a full namesake below the alert threshold (it still shows, at 0.65), short
            // of years apart.
            Self::SameYearOnly => -0.35,
            // Years apart, or a year apart on another day (two contradictions): strong evidence of
            // another person, enough to keep a full namesake (a name scoring 1.0) below the alert
            // threshold of 0.70.
            Self::Different => -0.40,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::SameDay => "same date of birth",
            Self::Compatible => "same month of birth",
            Self::SameYear => "same year of birth",
            Self::SwappedDayMonth => "day and month swapped",
            Self::SameYearOtherDay => "same year of birth, the day or month differs",
            Self::YearApart => "years of birth one apart",
            Self::SameYearOnly => "same year of birth, another day and month",
            Self::Different => "different date of birth",
        }
    }
}

/// How `a` relates to `b`.
pub fn relate(a: DateSpec, b: DateSpec) -> DateRelation {
    use DateSpec::{Day, Month};
    // The same full date, 1 January included; two coarser dates that agree agree only as far as they go.
    if matches!(a, Day { .. }) && a == b {
        return DateRelation::SameDay;
    }
    let (a, b) = (year_if_placeholder(a), year_if_placeholder(b));
    match (a, b) {
        (Day { year: y1, month: m1, day: d1 }, Day { year: y2, month: m2, day: d2 }) if y1 == y2 => {
            if m1 == d2 && d1 == m2 {
                DateRelation::SwappedDayMonth
            } else if m1 == m2 || d1 == d2 {
                DateRelation::SameYearOtherDay
            } else {
                DateRelation::SameYearOnly
            }
        }
        (Day { year: y1, month: m1, day: d1 }, Day { year: y2, month: m2, day: d2 }) if y1.abs_diff(y2) == 1 => {
            // A year slip on an otherwise identical date; another day as well is a second
            // contradiction.
            if (m1, d1) == (m2, d2) { DateRelation::YearApart } else { DateRelation::Different }
        }
        (Day { year: y1, month: m1, .. } | Month { year: y1, month: m1 }, Month { year: y2, month: m2 })
        | (Month { year: y1, month: m1 }, Day { year: y2, month: m2, .. })
            if y1 == y2 =>
        {
            if m1 == m2 {
                DateRelation::Compatible
            } else {
                DateRelation::SameYearOtherDay
            }
        }
        _ => {
            let ((a1, a2), (b1, b2)) = (a.years(), b.years());
            if a1 <= b2 && b1 <= a2 {
                DateRelation::SameYear
            } else {
                let gap = if a2 < b1 { b1 - a2 } else { a1 - b2 };
                if gap <= 1 { DateRelation::YearApart } else { DateRelation::Different }
            }
        }
    }
}

/// A 1 January stands for an unknown day in many lists and passports: compared with another date it
/// counts only as its year.
fn year_if_placeholder(d: DateSpec) -> DateSpec {
    match d {
        DateSpec::Day { year, month: 1, day: 1 } => DateSpec::Year(year),
        other => other,
    }
}

/// The best relation between any date of `query` and any of `listed`, with the two dates; `None` when
/// either side states none.
pub fn best(query: &[DateSpec], listed: &[DateSpec]) -> Option<(DateRelation, DateSpec, DateSpec)> {
    query.iter().flat_map(|q| listed.iter().map(move |l| (relate(*q, *l), *q, *l))).min_by_key(|(r, _, _)| *r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> DateSpec {
        DateSpec::parse(s).unwrap_or_else(|| panic!("{s}"))
    }

    #[test]
    fn dates_are_written_out_as_display_writes_them() {
        let years = [-12345, -999, -5, 0, 7, 42, 999, 1975, 9999, 10000, 123456];
        let mut dates = Vec::new();
        for y in years {
            dates.push(DateSpec::Year(y));
            dates.push(DateSpec::Range { from: y, to: 1975 });
            dates.push(DateSpec::Range { from: 1975, to: y });
            for m in [0, 1, 9, 10, 12, 99, 100, 255] {
                dates.push(DateSpec::Month { year: y, month: m });
                for day in [0, 1, 9, 10, 31, 99, 100, 255] {
                    dates.push(DateSpec::Day { year: y, month: m, day });
                }
            }
        }
        for d in dates {
            let mut out = "x".to_owned();
            d.push_to(&mut out);
            assert_eq!(out, format!("x{d}"), "{d:?}");
        }
    }

    #[test]
    fn dates_parse_at_their_precision() {
        assert_eq!(d("1975-04-21"), DateSpec::Day { year: 1975, month: 4, day: 21 });
        assert_eq!(d("1969-7-16"), DateSpec::Day { year: 1969, month: 7, day: 16 });
        assert_eq!(d("21.04.1975"), DateSpec::Day { year: 1975, month: 4, day: 21 });
        assert_eq!(d("1975/04"), DateSpec::Month { year: 1975, month: 4 });
        assert_eq!(d("1975"), DateSpec::Year(1975));
        assert_eq!(d("1962 to 1964"), DateSpec::Range { from: 1962, to: 1964 });
        for bad in ["", "75", "1975-13-01", "1975-02-30", "1964 to 1962", "abcd"] {
            assert_eq!(DateSpec::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn relations_grade_the_difference() {
        assert_eq!(relate(d("1975-04-21"), d("1975-04-21")), DateRelation::SameDay);
        assert_eq!(relate(d("1975-04-05"), d("1975-05-04")), DateRelation::SwappedDayMonth);
        assert_eq!(relate(d("1975-04-21"), d("1975-06-02")), DateRelation::SameYearOnly);
        assert_eq!(relate(d("1975-04-21"), d("1975-04-12")), DateRelation::SameYearOtherDay);
        assert_eq!(relate(d("1975-04-21"), d("1975-06-21")), DateRelation::SameYearOtherDay);
        assert_eq!(relate(d("1975-04-21"), d("1976-04-21")), DateRelation::YearApart);
        assert_eq!(relate(d("1975-04-21"), d("1976-06-02")), DateRelation::Different);
        // A 1 January placeholder is only its year.
        assert_eq!(relate(d("1975-01-01"), d("1975-06-02")), DateRelation::SameYear);
        assert_eq!(relate(d("1975-06-02"), d("1976-01-01")), DateRelation::YearApart);
        assert_eq!(relate(d("1975-01-01"), d("1975-01-01")), DateRelation::SameDay);
        // Two dates that state only a year or a month agree only that far.
        assert_eq!(relate(d("1975"), d("1975")), DateRelation::SameYear);
        assert_eq!(relate(d("1975-06"), d("1975-06")), DateRelation::Compatible);
        assert_eq!(relate(d("1962 to 1964"), d("1962 to 1964")), DateRelation::SameYear);
        assert_eq!(relate(d("1975"), d("1975-06-02")), DateRelation::SameYear);
        assert_eq!(relate(d("1975-06"), d("1975-06-02")), DateRelation::Compatible);
        assert_eq!(relate(d("1963"), d("1962 to 1964")), DateRelation::SameYear);
        assert_eq!(relate(d("1976-01-01"), d("1975")), DateRelation::YearApart);
        assert_eq!(relate(d("1980"), d("1975")), DateRelation::Different);
        assert!(DateRelation::Different.adjustment() < DateRelation::SwappedDayMonth.adjustment());
        assert_eq!(best(&[d("1980"), d("1975-04-21")], &[d("1975")]).map(|b| b.0), Some(DateRelation::SameYear));
    }
}
