//! The common T1 request, written without the general path's lookups: a
//! session, `role`, `connection_data` and `expire_time`, the last two in
//! the caller's order. It writes the bytes the general path writes for the
//! same options (`tests` compare the two on random requests).

use std::mem::ManuallyDrop;
use std::sync::Arc;

use hmac::Mac;

use super::{rules, CheckedSession, Rules, Scratch, TokenEncoder, TokenFormat, DEFAULT_ROLE};
use crate::decimal::push_decimal;
use crate::error::Error;
use crate::querystring::{append_field, Key};
use crate::value::{Field, Scalar, Value};

/// The options the token exports take as typed arguments: each a string or
/// a number, or left out.
#[derive(Debug, Clone, Copy, Default)]
pub struct CommonOptions<'a> {
    pub role: Option<Scalar<'a>>,
    pub connection_data: Option<Scalar<'a>>,
    pub expire_time: Option<Scalar<'a>>,
    /// The caller named `expire_time` before `connection_data`.
    pub expire_first: bool,
}

const ROLE: [u16; 4] = ascii16(b"role");
const CONNECTION_DATA: [u16; 15] = ascii16(b"connection_data");
const EXPIRE_TIME: [u16; 11] = ascii16(b"expire_time");

/// ASCII `name` as the UTF-16 code units option keys are compared in.
const fn ascii16<const N: usize>(name: &[u8; N]) -> [u16; N] {
    let mut units = [0u16; N];
    let mut i = 0;
    while i < N {
        units[i] = name[i] as u16;
        i += 1;
    }
    units
}

impl CommonOptions<'_> {
    /// `connection_data` and `expire_time` in the order the token writes them.
    fn ordered(&self) -> [(&'static str, Option<Scalar<'_>>); 2] {
        let data = ("connection_data", self.connection_data);
        let expire = ("expire_time", self.expire_time);
        if self.expire_first {
            [expire, data]
        } else {
            [data, expire]
        }
    }

    /// The rules, in the general path's order: role, expire_time, connection_data.
    pub(super) fn check(&self, now: u64) -> Result<(), Error> {
        if let Some(role) = self.role {
            rules::check_role(&role.value())?;
        }
        if let Some(expire) = self.expire_time {
            rules::check_expire_seconds(rules::scalar_seconds("expire_time", expire)?, now, now)?;
        }
        if let Some(data) = self.connection_data {
            rules::check_connection_data(&data.value())?;
        }
        Ok(())
    }

    /// `f` of the same options as general fields, in the caller's order (on the stack).
    pub fn with_fields<R>(&self, f: impl FnOnce(&[Field<'_>]) -> R) -> R {
        let key = |name: &str| -> &'static [u16] {
            match name {
                "connection_data" => &CONNECTION_DATA,
                _ => &EXPIRE_TIME,
            }
        };
        let unused = || Field { key: &[], value: Value::Null };
        let mut fields = [unused(), unused(), unused()];
        let mut len = 0;
        let given =
            std::iter::once((&ROLE[..], self.role)).chain(self.ordered().map(|(name, value)| (key(name), value)));
        for (key, value) in given {
            if let Some(value) = value {
                fields[len] = Field { key, value: ManuallyDrop::into_inner(value.value()) };
                len += 1;
            }
        }
        f(&fields[..len])
    }
}

/// The role as a token writes it, when that needs no escaping: the
/// default, or one of the three roles. Any other (only the 2.x surface,
/// which checks its own rules, lets one through) is escaped as given.
fn plain_role(role: Option<Scalar<'_>>) -> Option<&'static [u8]> {
    match role {
        None => Some(DEFAULT_ROLE),
        Some(Scalar::Str(units)) => rules::role_name(units).map(str::as_bytes),
        Some(_) => None,
    }
}

/// `&name=` of a field whose value follows unescaped: after the session,
/// `create_time` and `nonce`, no field of the data comes first.
fn push_field_name(payload: &mut Vec<u8>, name: &str) {
    payload.push(b'&');
    payload.extend_from_slice(name.as_bytes());
    payload.push(b'=');
}

impl TokenEncoder {
    /// A token of `format` for the common request, into `scratch`.
    pub fn generate_common(
        &self,
        scratch: &mut Scratch,
        format: TokenFormat,
        session: &Arc<CheckedSession>,
        options: &CommonOptions<'_>,
        rules: Rules,
    ) -> Result<(), Error> {
        let (now, nonce) = super::now_and_nonce();
        self.encode_common(scratch, format, session, options, now, nonce, rules)
    }

    /// The deterministic core of [`generate_common`](Self::generate_common):
    /// the rules checked (when asked), then the token of `format` written.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn encode_common(
        &self,
        scratch: &mut Scratch,
        format: TokenFormat,
        session: &Arc<CheckedSession>,
        options: &CommonOptions<'_>,
        now: u64,
        nonce: u32,
        rules: Rules,
    ) -> Result<(), Error> {
        if rules == Rules::Checked {
            options.check(now)?;
        }
        match format {
            TokenFormat::Jwt => self.write_jwt_common(scratch, session, options, now, nonce),
            TokenFormat::T1 => self.write_t1_common(scratch, session, options, now, nonce),
        }
    }

    /// The T1 token of the common request, the rules already checked.
    fn write_t1_common(
        &self,
        scratch: &mut Scratch,
        session: &Arc<CheckedSession>,
        options: &CommonOptions<'_>,
        now: u64,
        nonce: u32,
    ) -> Result<(), Error> {
        // The payload up to the end of the session field stays from the last
        // token for the same session: only the signature there changes.
        let data_start = self.payload_prefix.len() + 41;
        let session_end = data_start + session.field.len();
        let payload = &mut scratch.payload;
        if scratch.prefilled.as_ref().is_some_and(|kept| Arc::ptr_eq(kept, session)) && payload.len() >= session_end {
            payload.truncate(session_end);
        } else {
            self.start_payload(payload);
            payload.extend_from_slice(&session.field);
            scratch.prefilled = Some(Arc::clone(session));
        }
        payload.extend_from_slice(b"&create_time=");
        push_decimal(payload, now);
        payload.extend_from_slice(b"&nonce=");
        push_decimal(payload, nonce.into());
        if let Some(name) = plain_role(options.role) {
            push_field_name(payload, "role");
            payload.extend_from_slice(name);
        } else if let Some(role) = options.role {
            append_field(payload, data_start, Key::Fixed("role"), &role.value())?;
        }
        for (name, value) in options.ordered() {
            match value {
                // A whole number's text is its digits, which need no escaping.
                Some(Scalar::Whole(_, n)) => {
                    push_field_name(payload, name);
                    push_decimal(payload, n);
                }
                Some(value) => append_field(payload, data_start, Key::Fixed(name), &value.value())?,
                None => {}
            }
        }
        let mut mac = session.mac.clone();
        mac.update(&payload[session_end..]);
        self.finish_payload(scratch, data_start, mac);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const KEY: &str = "14971292";
    const SESSION: &str = "1_MX4xNDk3MTI5Mn5-MjAxMi0wNS0xNiAyMzoyMjozNC44NzQ0ODcrMDA6MDB-MC41MDI4NTI2OTA1MzR-";
    const NOW: u64 = 1_700_000_000;

    fn u(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    /// A typed option as text and whether it is a number.
    fn option() -> impl Strategy<Value = Option<(String, bool)>> {
        prop_oneof![
            Just(None),
            "[a-z]{0,12}".prop_map(|s| Some((s, false))),
            any::<String>().prop_map(|s| Some((s, false))),
            prop_oneof![Just("publisher"), Just("moderator"), Just("subscriber")]
                .prop_map(|s| Some((s.to_owned(), false))),
            (NOW - 10..NOW + 3_000_000).prop_map(|n| Some((n.to_string(), true))),
            Just(Some(("1e+21".to_owned(), true))),
            Just(Some(("NaN".to_owned(), true))),
        ]
    }

    #[test]
    fn a_kept_payload_serves_its_own_session_only() {
        const OTHER: &str = "1_MX4xNDk3MTI5Mn5-MjAyMC0wMS0wMSAwMDowMDowMC4wMDAwMDArMDA6MDB-MC4xMjM0NTY3ODl-";
        let encoder = TokenEncoder::new(KEY, b"a1b2c3d4e5f6");
        let (first, second) = (encoder.check_session(&u(SESSION)).unwrap(), encoder.check_session(&u(OTHER)).unwrap());
        let options = CommonOptions::default();
        let mut scratch = Scratch::default();
        for session in [&first, &second, &first, &first] {
            encoder.encode_common(&mut scratch, TokenFormat::T1, session, &options, NOW, 7, Rules::Checked).unwrap();
            let mut general = Scratch::default();
            encoder.encode_for(&mut general, TokenFormat::T1, session, &[], NOW, 7, Rules::Checked).unwrap();
            assert_eq!(scratch.token(), general.token());
        }
    }

    proptest! {
        /// Same token, or the same error, as the general path for the same options, in both formats.
        #[test]
        fn writes_what_the_general_path_writes(
            role in option(), data in option(), expire in option(), expire_first: bool, nonce: u32,
            checked: bool,
        ) {
            let encoder = TokenEncoder::new(KEY, b"a1b2c3d4e5f6");
            let session = encoder.check_session(&u(SESSION)).unwrap();
            let texts: Vec<_> = [&role, &data, &expire].iter().map(|o| o.as_ref().map(|(t, n)| (u(t), *n))).collect();
            // Numbers as the binding hands them over: whole ones with their value.
            fn number(t: &[u16]) -> Scalar<'_> {
                match String::from_utf16_lossy(t).parse::<u64>() {
                    Ok(n) if n < 1 << 53 => Scalar::Whole(t, n),
                    _ => Scalar::Num(t),
                }
            }
            let value = |i: usize| texts[i].as_ref().map(|(t, n)| if *n { number(t) } else { Scalar::Str(t) });
            let options = CommonOptions { role: value(0), connection_data: value(1), expire_time: value(2), expire_first };
            let rules = if checked { Rules::Checked } else { Rules::Unchecked };
            for format in [TokenFormat::T1, TokenFormat::Jwt] {
                let common_path =
                    |scratch: &mut Scratch, nonce: u32| encoder.encode_common(scratch, format, &session, &options, NOW, nonce, rules);
                let mut common = Scratch::default();
                let mut general = Scratch::default();
                // Twice: the second reuses the payload the first left.
                let _ = common_path(&mut common, nonce.wrapping_add(1));
                let a = common_path(&mut common, nonce);
                let b = options
                    .with_fields(|fields| encoder.encode_for(&mut general, format, &session, fields, NOW, nonce, rules));
                prop_assert_eq!(&a, &b);
                if a.is_ok() {
                    prop_assert_eq!(common.token(), general.token());
                }
            }
        }
    }
}
