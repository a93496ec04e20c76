//! The rules the OpenTok server enforces on token options, checked before signing.

use crate::error::Error;
use crate::value::{units_eq, Value};

pub const ROLES: [&str; 3] = ["subscriber", "publisher", "moderator"];
pub const MAX_CONNECTION_DATA: usize = 1000;
pub const MAX_TOKEN_LIFETIME_SECS: u64 = 30 * 24 * 60 * 60;
/// `Number.MAX_SAFE_INTEGER`: the largest time a JS number holds exactly.
const MAX_SAFE_INTEGER: u64 = 9_007_199_254_740_991;

pub fn check_role(value: &Value<'_>) -> Result<(), Error> {
    match value {
        Value::Str(units) if ROLES.iter().any(|role| units_eq(units, role)) => Ok(()),
        Value::Str(units) => Err(Error::out_of_range(
            "role",
            format!("must be one of subscriber, publisher or moderator, got {:?}", String::from_utf16_lossy(units)),
        )),
        other => Err(Error::invalid_type("role", "a string", other.describe())),
    }
}

pub fn check_connection_data(value: &Value<'_>) -> Result<(), Error> {
    match value {
        Value::Str(units) if units.len() <= MAX_CONNECTION_DATA => Ok(()),
        Value::Str(units) => Err(Error::out_of_range(
            "connection_data",
            format!("must be at most {MAX_CONNECTION_DATA} characters, got {}", units.len()),
        )),
        other => Err(Error::invalid_type("connection_data", "a string", other.describe())),
    }
}

/// Whole Unix seconds, as a non-negative integer number or a string of digits.
pub fn unix_seconds(name: &str, value: &Value<'_>) -> Result<u64, Error> {
    const WHOLE: &str = "must be whole Unix seconds (an integer from 0 to 2^53 - 1)";
    match value {
        Value::Num(_) => match value.number() {
            Some(n) if n.fract() == 0.0 && (0.0..=MAX_SAFE_INTEGER as f64).contains(&n) => Ok(n as u64),
            _ => Err(Error::out_of_range(name, WHOLE)),
        },
        Value::Str(_) => {
            let text = value.as_text().unwrap_or_default();
            match text.parse::<u64>() {
                Ok(secs) if text.bytes().all(|b| b.is_ascii_digit()) && secs <= MAX_SAFE_INTEGER => Ok(secs),
                _ => Err(Error::out_of_range(name, WHOLE)),
            }
        }
        other => Err(Error::invalid_type(name, "a number", other.describe())),
    }
}

pub fn check_expire_time(value: &Value<'_>, create_time: u64, now: u64) -> Result<(), Error> {
    let expire = unix_seconds("expire_time", value)?;
    if expire <= now {
        return Err(Error::out_of_range("expire_time", format!("must be in the future (now is {now}), got {expire}")));
    }
    if expire > create_time + MAX_TOKEN_LIFETIME_SECS {
        return Err(Error::out_of_range(
            "expire_time",
            format!("must be at most 30 days after create_time ({create_time}), got {expire}"),
        ));
    }
    Ok(())
}

pub fn check_nonce(value: &Value<'_>) -> Result<(), Error> {
    match value {
        Value::Num(_) if value.is_non_finite_number() => Err(Error::out_of_range("nonce", "must be a finite number")),
        Value::Num(_) => Ok(()),
        Value::Str(_) => Ok(()),
        other => Err(Error::invalid_type("nonce", "a number or a string", other.describe())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    #[test]
    fn role_must_be_a_known_string() {
        for role in ROLES {
            assert!(check_role(&Value::Str(&u(role))).is_ok());
        }
        assert!(matches!(check_role(&Value::Str(&u("admin"))), Err(Error::OutOfRange { .. })));
        assert!(matches!(check_role(&Value::Str(&u("Publisher"))), Err(Error::OutOfRange { .. })));
        assert!(matches!(check_role(&Value::Num(&u("1"))), Err(Error::InvalidArgType { .. })));
    }

    #[test]
    fn connection_data_is_a_string_of_at_most_1000_units() {
        assert!(check_connection_data(&Value::Str(&u(&"x".repeat(1000)))).is_ok());
        assert!(matches!(check_connection_data(&Value::Str(&u(&"x".repeat(1001)))), Err(Error::OutOfRange { .. })));
        assert!(matches!(check_connection_data(&Value::Num(&u("5"))), Err(Error::InvalidArgType { .. })));
    }

    #[test]
    fn expire_time_is_in_the_future_and_within_30_days() {
        let now = 1_700_000_000;
        let num = |n: String| check_expire_time(&Value::Num(&u(&n)), now, now);
        let text = |t: &str| check_expire_time(&Value::Str(&u(t)), now, now);
        assert!(num((now + 1).to_string()).is_ok());
        assert!(text(&(now + 3600).to_string()).is_ok());
        assert!(num((now + MAX_TOKEN_LIFETIME_SECS).to_string()).is_ok());
        assert!(matches!(num((now + MAX_TOKEN_LIFETIME_SECS + 1).to_string()), Err(Error::OutOfRange { .. })));
        assert!(matches!(num(now.to_string()), Err(Error::OutOfRange { .. })));
        assert!(matches!(num(format!("{now}.5")), Err(Error::OutOfRange { .. })));
        assert!(matches!(num("NaN".into()), Err(Error::OutOfRange { .. })));
        assert!(matches!(text("+1700003600"), Err(Error::OutOfRange { .. })));
        assert!(matches!(text("18446744073709551615"), Err(Error::OutOfRange { .. })));
        assert!(matches!(check_expire_time(&Value::Bool(true), now, now), Err(Error::InvalidArgType { .. })));
    }

    #[test]
    fn nonce_is_a_finite_number_or_a_string() {
        assert!(check_nonce(&Value::Num(&u("12"))).is_ok());
        assert!(check_nonce(&Value::Str(&u("abc"))).is_ok());
        assert!(check_nonce(&Value::Num(&u("Infinity"))).is_err());
        assert!(check_nonce(&Value::Empty).is_err());
    }
}
