//! The rules the OpenTok server enforces on token options, checked before signing.

use crate::error::Error;
use crate::value::{units_eq, Scalar, Value};

pub const ROLES: [&str; 3] = ["subscriber", "publisher", "moderator"];
pub const MAX_CONNECTION_DATA: usize = 1000;
pub const MAX_TOKEN_LIFETIME_SECS: u64 = 30 * 24 * 60 * 60;
/// `Number.MAX_SAFE_INTEGER`: the largest time a JS number holds exactly.
const MAX_SAFE_INTEGER: u64 = 9_007_199_254_740_991;

/// A value as the message shows it: a string quoted and cut short, a number as JS writes it.
fn shown(value: &Value<'_>) -> String {
    const MAX: usize = 40;
    match value {
        Value::Str(units) => {
            let text = String::from_utf16_lossy(units);
            if text.chars().count() > MAX {
                format!("{:?}...", text.chars().take(MAX).collect::<String>())
            } else {
                format!("{text:?}")
            }
        }
        Value::Num(units) | Value::BigInt(units) => String::from_utf16_lossy(units),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".into(),
        Value::List(_) => "an array".into(),
        Value::Empty => "an object".into(),
    }
}

/// The role `units` name, if they name one of [`ROLES`].
pub fn role_name(units: &[u16]) -> Option<&'static str> {
    ROLES.iter().find(|role| units_eq(units, role)).copied()
}

pub fn check_role(value: &Value<'_>) -> Result<(), Error> {
    match value {
        Value::Str(units) if role_name(units).is_some() => Ok(()),
        Value::Str(_) => Err(Error::out_of_range(
            "role",
            format!("must be one of subscriber, publisher or moderator (see RoleConstants), got {}", shown(value)),
        )),
        other => Err(Error::invalid_type(
            "role",
            "a string: subscriber, publisher or moderator (see RoleConstants)",
            other.describe(),
        )),
    }
}

/// Connection data is written as the original's querystring wrote it: a
/// string as is, a number, BigInt or boolean as its text, `null` as nothing.
/// Objects and arrays are refused: the original wrote an object as nothing
/// and an array as several fields, losing what the app meant to send.
pub fn check_connection_data(value: &Value<'_>) -> Result<(), Error> {
    let len = match value {
        Value::Str(units) | Value::Num(units) | Value::BigInt(units) => units.len(),
        Value::Bool(_) | Value::Null => 0,
        other @ (Value::List(_) | Value::Empty) => {
            return Err(Error::invalid_type(
                "connection_data",
                "a string, number, boolean or null (to send an object or array, pass JSON.stringify(value))",
                other.describe(),
            ))
        }
    };
    if len > MAX_CONNECTION_DATA {
        return Err(Error::out_of_range(
            "connection_data",
            format!(
                "must be at most {MAX_CONNECTION_DATA} characters, got {len}: keep the rest on your server and send a key to it"
            ),
        ));
    }
    Ok(())
}

/// A refused time in this range is surely milliseconds: 10^11 seconds is the
/// year 5138, while `Date.now()` is near 1.7 * 10^12 and 10^14 ms is the year 5138.
const MILLISECONDS: std::ops::Range<f64> = 1e11..1e14;
const SECONDS_FIX: &str = "e.g. Math.floor(Date.now() / 1000) + 3600 for one hour from now";

/// Whole Unix seconds, as a non-negative integer number, a BigInt or a string
/// of digits, up to 2^53 - 1. The messages only differ in the fix they name.
pub fn unix_seconds(name: &str, value: &Value<'_>) -> Result<u64, Error> {
    let refused = |n: Option<f64>| {
        let rule = match n {
            Some(n) if n.is_finite() && n >= 0.0 && n.fract() != 0.0 => format!(
                "must be whole Unix seconds, got the fraction {}: round it down with Math.floor, {SECONDS_FIX}",
                shown(value)
            ),
            _ => format!(
                "must be whole Unix seconds (an integer from 0 to 2^53 - 1), got {}: {SECONDS_FIX}",
                shown(value)
            ),
        };
        Error::out_of_range(name, rule)
    };
    let digits = |text: &str| match text.parse::<u64>() {
        Ok(secs) if text.bytes().all(|b| b.is_ascii_digit()) && secs <= MAX_SAFE_INTEGER => Ok(secs),
        _ => Err(refused(text.parse().ok())),
    };
    match value {
        Value::Num(_) => match value.number() {
            // Whole when it survives the round trip through u64 (no libm `fract` call).
            Some(n) if (0.0..=MAX_SAFE_INTEGER as f64).contains(&n) && (n as u64) as f64 == n => Ok(n as u64),
            n => Err(refused(n)),
        },
        Value::BigInt(units) | Value::Str(units) => digits(&String::from_utf16_lossy(units)),
        other => Err(Error::invalid_type(name, "a number of whole Unix seconds (or left out)", other.describe())),
    }
}

/// [`unix_seconds`] of a typed option: a whole number's value as it came.
pub fn scalar_seconds(name: &str, value: Scalar<'_>) -> Result<u64, Error> {
    match value {
        Scalar::Whole(_, seconds) => Ok(seconds),
        other => unix_seconds(name, &other.value()),
    }
}

pub fn check_expire_time(value: &Value<'_>, create_time: u64, now: u64) -> Result<(), Error> {
    check_expire_seconds(unix_seconds("expire_time", value)?, create_time, now)
}

/// [`check_expire_time`] for a time already read as whole Unix seconds.
pub fn check_expire_seconds(expire: u64, create_time: u64, now: u64) -> Result<(), Error> {
    let rule = if expire <= now {
        format!("must be in the future (now is {now}), got {expire}: add the lifetime in seconds to the time now, {SECONDS_FIX}")
    } else if expire > create_time + MAX_TOKEN_LIFETIME_SECS {
        if MILLISECONDS.contains(&(expire as f64)) {
            format!(
                "must be Unix seconds at most 30 days after create_time ({create_time}), got {expire}, which is milliseconds (Date.now() counts milliseconds): divide by 1000, {SECONDS_FIX}"
            )
        } else {
            format!(
                "must be at most 30 days ({MAX_TOKEN_LIFETIME_SECS} seconds) after create_time ({create_time}), got {expire}: give a shorter lifetime"
            )
        }
    } else {
        return Ok(());
    };
    Err(Error::out_of_range("expire_time", rule))
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
    fn connection_data_is_what_the_original_wrote_as_one_field_of_at_most_1000_units() {
        assert!(check_connection_data(&Value::Str(&u(&"x".repeat(1000)))).is_ok());
        assert!(matches!(check_connection_data(&Value::Str(&u(&"x".repeat(1001)))), Err(Error::OutOfRange { .. })));
        for ok in [Value::Num(&u("42")), Value::Num(&u("NaN")), Value::BigInt(&u("7")), Value::Bool(true), Value::Null]
        {
            assert!(check_connection_data(&ok).is_ok(), "{ok:?}");
        }
        assert!(matches!(check_connection_data(&Value::BigInt(&u(&"9".repeat(1001)))), Err(Error::OutOfRange { .. })));
        for refused in [Value::Empty, Value::List(vec![Value::Str(&u("x"))])] {
            let err = check_connection_data(&refused).unwrap_err();
            assert!(matches!(err, Error::InvalidArgType { .. }));
            assert!(err.to_string().contains("JSON.stringify"), "{err}");
        }
    }

    #[test]
    fn time_messages_name_the_fix() {
        let now = 1_700_000_000;
        let message = |value: Value<'_>| check_expire_time(&value, now, now).unwrap_err().to_string();
        let fix = "Math.floor(Date.now() / 1000) + 3600";
        // Date.now() / 1000 + 3600
        let m = message(Value::Num(&u("1700003600.123")));
        assert!(m.contains("fraction 1700003600.123") && m.contains("Math.floor") && m.contains(fix), "{m}");
        // Date.now() + 86400000, as a number and as a string
        for m in [message(Value::Num(&u("1700086400000"))), message(Value::Str(&u("1700086400000")))] {
            assert!(m.contains("milliseconds") && m.contains("divide by 1000") && m.contains(fix), "{m}");
        }
        let m = message(Value::Num(&u("1699999000")));
        assert!(m.contains("in the future") && m.contains(fix), "{m}");
        let m = message(Value::Num(&u((now + MAX_TOKEN_LIFETIME_SECS + 1).to_string().as_str())));
        assert!(m.contains("at most 30 days") && m.contains("shorter lifetime"), "{m}");
        let m = message(Value::Str(&u("soon")));
        assert!(m.contains("got \"soon\"") && m.contains(fix), "{m}");
        let m = message(Value::Str(&u("1700003600.5")));
        assert!(m.contains("fraction \"1700003600.5\"") && m.contains("Math.floor"), "{m}");
        let m = check_role(&Value::Str(&u("admin"))).unwrap_err().to_string();
        assert!(m.contains("RoleConstants") && m.contains("\"admin\""), "{m}");
    }

    #[test]
    fn whole_seconds_may_be_a_bigint() {
        assert_eq!(unix_seconds("t", &Value::BigInt(&u("1700000000"))).unwrap(), 1_700_000_000);
        assert!(unix_seconds("t", &Value::BigInt(&u("-1"))).is_err());
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
