//! The common T1 request, written without the general path's lookups: a
//! session, `role`, `connection_data` and `expire_time`, the last two in
//! the caller's order. It writes the bytes the general path writes for the
//! same options (`tests` compare the two on random requests).

use std::sync::Arc;

use hmac::Mac;

use super::{push_decimal, rules, CheckedSession, Rules, Scratch, TokenEncoder, TokenFormat, DEFAULT_ROLE};
use crate::error::Error;
use crate::querystring::{append_field, Key};
use crate::value::{Field, Value};

/// The options the token exports take as typed arguments: each a string or
/// a number (`Value::Str` or `Value::Num`), or left out.
#[derive(Debug, Clone, Default)]
pub struct CommonOptions<'a> {
    pub role: Option<Value<'a>>,
    pub connection_data: Option<Value<'a>>,
    pub expire_time: Option<Value<'a>>,
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
    fn ordered(&self) -> [(&'static str, &Option<Value<'_>>); 2] {
        let data = ("connection_data", &self.connection_data);
        let expire = ("expire_time", &self.expire_time);
        if self.expire_first {
            [expire, data]
        } else {
            [data, expire]
        }
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
            std::iter::once((&ROLE[..], &self.role)).chain(self.ordered().map(|(name, value)| (key(name), value)));
        for (key, value) in given {
            if let Some(value) = value {
                fields[len] = Field { key, value: value.clone() };
                len += 1;
            }
        }
        f(&fields[..len])
    }
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
        match format {
            TokenFormat::Jwt => {
                options.with_fields(|fields| self.generate_for(scratch, format, session, fields, rules))
            }
            TokenFormat::T1 => {
                let (now, nonce) = super::now_and_nonce();
                self.encode_common(scratch, session, options, now, nonce, rules)
            }
        }
    }

    /// The deterministic core of the T1 case of [`generate_common`](Self::generate_common).
    pub(super) fn encode_common(
        &self,
        scratch: &mut Scratch,
        session: &Arc<CheckedSession>,
        options: &CommonOptions<'_>,
        now: u64,
        nonce: u32,
        rules: Rules,
    ) -> Result<(), Error> {
        if rules == Rules::Checked {
            // The general path's order: role, expire_time, connection_data.
            if let Some(role) = &options.role {
                rules::check_role(role)?;
            }
            if let Some(expire) = &options.expire_time {
                rules::check_expire_time(expire, now, now)?;
            }
            if let Some(data) = &options.connection_data {
                rules::check_connection_data(data)?;
            }
        }
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
        match &options.role {
            Some(role) => append_field(payload, data_start, Key::Fixed("role"), role)?,
            None => {
                payload.extend_from_slice(b"&role=");
                payload.extend_from_slice(DEFAULT_ROLE);
            }
        }
        for (name, value) in options.ordered() {
            if let Some(value) = value {
                append_field(payload, data_start, Key::Fixed(name), value)?;
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
            encoder.encode_common(&mut scratch, session, &options, NOW, 7, Rules::Checked).unwrap();
            let mut general = Scratch::default();
            encoder.encode_for(&mut general, TokenFormat::T1, session, &[], NOW, 7, Rules::Checked).unwrap();
            assert_eq!(scratch.token(), general.token());
        }
    }

    proptest! {
        /// Same token, or the same error, as the general path for the same options.
        #[test]
        fn writes_what_the_general_path_writes(
            role in option(), data in option(), expire in option(), expire_first: bool, nonce: u32,
            checked: bool,
        ) {
            let encoder = TokenEncoder::new(KEY, b"a1b2c3d4e5f6");
            let session = encoder.check_session(&u(SESSION)).unwrap();
            let texts: Vec<_> = [&role, &data, &expire].iter().map(|o| o.as_ref().map(|(t, n)| (u(t), *n))).collect();
            let value = |i: usize| texts[i].as_ref().map(|(t, n)| if *n { Value::Num(t) } else { Value::Str(t) });
            let options = CommonOptions { role: value(0), connection_data: value(1), expire_time: value(2), expire_first };
            let rules = if checked { Rules::Checked } else { Rules::Unchecked };
            let mut common = Scratch::default();
            let mut general = Scratch::default();
            // Twice: the second reuses the payload the first left.
            let _ = encoder.encode_common(&mut common, &session, &options, NOW, nonce.wrapping_add(1), rules);
            let a = encoder.encode_common(&mut common, &session, &options, NOW, nonce, rules);
            let b = options
                .with_fields(|fields| encoder.encode_for(&mut general, TokenFormat::T1, &session, fields, NOW, nonce, rules));
            prop_assert_eq!(&a, &b);
            if a.is_ok() {
                prop_assert_eq!(common.token(), general.token());
            }
        }
    }
}
