//! Retention: a published notice lives five years unless its owner renews it with reasons; the owner is
//! reminded six months before the end. A screening alert keeps the traveller's name for a year, and so
//! does the reason of its outcome (every revision) unless the outcome confirms the traveller is the
//! person sought.

use time::{Date, Month, OffsetDateTime};

pub const RETENTION_YEARS: i32 = 5;

/// How long an alert keeps the traveller's name as the officer entered it, and its outcome the reasons
/// an officer wrote about a traveller not confirmed to be the person sought. Most travellers who raise an
/// alert are not the person sought; after this the alert keeps only what was matched, when and by whom.
/// A policy figure, not a rule of the notice system: one year, the shortest period for which logs of
/// checks are commonly kept for supervision.
pub const ALERT_TRAVELLER_DAYS: i64 = 365;
pub const REMINDER_MONTHS_BEFORE: u8 = 6;

/// The same calendar day `years` later (29 February becomes 28 February in a common year).
pub fn add_years(at: OffsetDateTime, years: i32) -> OffsetDateTime {
    let d = at.date();
    let year = d.year() + years;
    let day = d.day().min(time::util::days_in_month(d.month(), year));
    Date::from_calendar_date(year, d.month(), day).map_or(at, |date| at.replace_date(date))
}

/// When a notice published (or renewed) at `from` expires.
pub fn expiry_after(from: OffsetDateTime) -> OffsetDateTime {
    add_years(from, RETENTION_YEARS)
}

/// From when the owner is reminded of an expiry.
pub fn reminder_due(expires_at: OffsetDateTime) -> OffsetDateTime {
    let d = expires_at.date();
    let total = d.year() * 12 + i32::from(u8::from(d.month())) - 1 - i32::from(REMINDER_MONTHS_BEFORE);
    let (year, month0) = (total.div_euclid(12), total.rem_euclid(12));
    let month = Month::try_from(u8::try_from(month0 + 1).unwrap_or(1)).unwrap_or(Month::January);
    let day = d.day().min(time::util::days_in_month(month, year));
    Date::from_calendar_date(year, month, day).map_or(expires_at, |date| expires_at.replace_date(date))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn five_years_and_a_reminder_six_months_before() {
        let published = datetime!(2024-02-29 10:00 UTC);
        let expires = expiry_after(published);
        assert_eq!(expires, datetime!(2029-02-28 10:00 UTC));
        assert_eq!(reminder_due(expires), datetime!(2028-08-28 10:00 UTC));
        assert_eq!(reminder_due(datetime!(2030-03-31 00:00 UTC)), datetime!(2029-09-30 00:00 UTC));
    }
}
