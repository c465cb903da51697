//! Calendar dates, as far as actornet needs them: parsing ISO dates of varying precision and
//! comparing them, to pick the title a person held on a document's date.

use std::fmt;

/// A calendar date. Partial dates (`2021`, `2021-07`) parse to their first day when they start a
/// period and to their last day when they end one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day, 1–31.
    pub day: u8,
}

impl Date {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a `T…` time part is ignored). `end` picks the
    /// last day of a partial date instead of the first.
    pub fn parse(s: &str, end: bool) -> Option<Date> {
        let s = s.trim();
        let s = s.split(['T', ' ']).next().unwrap_or(s);
        let mut parts = s.split('-');
        let year: i32 = parts.next()?.parse().ok()?;
        if !(1000..=9999).contains(&year) {
            return None;
        }
        let month = match parts.next() {
            Some(m) => m.parse::<u8>().ok().filter(|m| (1..=12).contains(m))?,
            None => {
                return Some(Date {
                    year,
                    month: if end { 12 } else { 1 },
                    day: if end { 31 } else { 1 },
                })
            }
        };
        let last = days_in_month(year, month);
        let day = match parts.next() {
            Some(d) => d.parse::<u8>().ok().filter(|d| (1..=last).contains(d))?,
            None => {
                if end {
                    last
                } else {
                    1
                }
            }
        };
        if parts.next().is_some() {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Today's date (UTC) from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Date::from_days((secs / 86_400) as i64)
    }

    /// The date `days` days after 1970-01-01 (Howard Hinnant's civil-from-days algorithm).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s, false).ok_or_else(|| serde::de::Error::custom(format!("bad date {s:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_table() {
        let d = |y, m, d| {
            Some(Date {
                year: y,
                month: m,
                day: d,
            })
        };
        let cases = [
            ("2021-07-06", false, d(2021, 7, 6)),
            ("2021-07", false, d(2021, 7, 1)),
            ("2021-07", true, d(2021, 7, 31)),
            ("2024-02", true, d(2024, 2, 29)),
            ("2021", true, d(2021, 12, 31)),
            ("2021-07-06T10:00:00Z", false, d(2021, 7, 6)),
            ("2021-13-01", false, None),
            ("2021-02-30", false, None),
            ("July 2021", false, None),
            ("", false, None),
        ];
        for (s, end, want) in cases {
            assert_eq!(Date::parse(s, end), want, "{s:?}");
        }
    }

    #[test]
    fn civil_from_days() {
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days(20_454).to_string(), "2026-01-01");
        assert_eq!(Date::from_days(11_016).to_string(), "2000-02-29");
    }
}
