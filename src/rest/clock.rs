//! The service's clock as this SDK object has learned it.
//!
//! The service refuses a REST JWT whose `iat` lies in its future, so a client
//! clock that runs ahead makes every call fail. When a JWT-signed call is
//! refused (401/403), the `Date` header of the refusal says what time the
//! service thinks it is; if that differs from ours by more than
//! [`TOLERANCE_SECS`], the offset is kept for this SDK object and the call is
//! sent once more with a JWT made on the service's time.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// A difference the `Date` header's one-second resolution and the time in
/// flight explain.
pub const TOLERANCE_SECS: i64 = 2;

#[derive(Debug, Default)]
pub struct Clock {
    offset_secs: AtomicI64,
}

fn local_now_secs() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

impl Clock {
    /// Now in Unix seconds on the service's clock, as far as it is known.
    pub fn now_secs(&self) -> u64 {
        (local_now_secs() + self.offset_secs.load(Ordering::Relaxed)).max(0) as u64
    }

    pub fn offset_secs(&self) -> i64 {
        self.offset_secs.load(Ordering::Relaxed)
    }

    /// Learns the service's time from a `Date` header: true when the offset
    /// changed (so a refused call is worth sending again).
    pub fn learn(&self, date_header: Option<&str>) -> bool {
        self.learn_at(date_header, local_now_secs())
    }

    fn learn_at(&self, date_header: Option<&str>, local_secs: i64) -> bool {
        let Some(server_secs) = date_header.and_then(parse_http_date) else { return false };
        let offset = server_secs - local_secs;
        if (offset - self.offset_secs()).abs() <= TOLERANCE_SECS {
            return false;
        }
        self.offset_secs.store(offset, Ordering::Relaxed);
        true
    }
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110 5.6.7), the form
/// every current server sends, as Unix seconds.
pub fn parse_http_date(text: &str) -> Option<i64> {
    let rest = text.trim().split_once(", ")?.1;
    let parts: Vec<&str> = rest.split(' ').collect();
    let [day, month, year, time, "GMT"] = parts.as_slice() else { return None };
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = MONTHS.iter().position(|m| m == month)? as i64 + 1;
    let day: i64 = day.parse().ok().filter(|d| (1..=31).contains(d))?;
    let year: i64 = year.parse().ok().filter(|y| (1970..=9999).contains(y))?;
    let hms: Vec<i64> = time.split(':').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let [h, m, s] = hms.as_slice() else { return None };
    if *h > 23 || *m > 59 || *s > 60 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_imf_fixdates() {
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777));
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(parse_http_date("Tue, 29 Feb 2028 23:59:59 GMT"), Some(1_835_481_599));
        for bad in ["", "Sun, 06 Nov 1994 08:49:37 UTC", "06 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT"] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn learns_an_offset_only_when_it_matters() {
        const DATE: &str = "Sun, 06 Nov 1994 08:49:37 GMT";
        const SERVER: i64 = 784_111_777;
        let clock = Clock::default();
        assert!(!clock.learn_at(None, SERVER + 60));
        assert!(!clock.learn_at(Some("garbage"), SERVER + 60));
        assert!(!clock.learn_at(Some(DATE), SERVER + TOLERANCE_SECS), "within the tolerance");
        assert!(clock.learn_at(Some(DATE), SERVER + 60), "a client 60 s ahead");
        assert_eq!(clock.offset_secs(), -60);
        assert!(!clock.learn_at(Some(DATE), SERVER + 61), "the same offset again changes nothing");
        assert!(clock.learn_at(Some(DATE), SERVER - 400), "a client behind");
        assert_eq!(clock.offset_secs(), 400);
        assert!((clock.now_secs() as i64 - (local_now_secs() + 400)).abs() <= 1);
    }
}
