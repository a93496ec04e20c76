//! Property tests for T1 tokens: whatever options a caller passes, `encode`
//! writes a token that `decode` reads back to the same partner ID and data
//! fields (as `querystring.parse` would decode them), signed so that
//! `verify` accepts it and refuses it once any byte is changed; the server
//! rules either pass or fail with their documented error, and no input,
//! however malformed its UTF-16, makes anything panic.
//!
//! Case counts are moderate for `cargo test`; `PROPTEST_CASES=100000` stresses.

use base64::engine::general_purpose::{STANDARD as B64, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use proptest::prelude::*;

use crate::test_strategies::number_text;

use super::rules::{MAX_CONNECTION_DATA, MAX_TOKEN_LIFETIME_SECS, ROLES};
use super::*;

/// `cases` unless `PROPTEST_CASES` is set.
fn config(cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    config
}

const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;
const DAY: u64 = 86_400;

fn utf16(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

// ---------------------------------------------------------------------------
// Owned option values and the model of what querystring.parse gives back.

/// An owned [`Value`].
#[derive(Debug, Clone)]
enum Opt {
    Str(Vec<u16>),
    Num(Vec<u16>),
    Big(Vec<u16>),
    Bool(bool),
    Null,
    Empty,
    List(Vec<Opt>),
}

impl Opt {
    fn str(s: &str) -> Opt {
        Opt::Str(utf16(s))
    }

    fn num(s: &str) -> Opt {
        Opt::Num(utf16(s))
    }

    fn value(&self) -> Value<'_> {
        match self {
            Opt::Str(u) => Value::Str(u),
            Opt::Num(u) => Value::Num(u),
            Opt::Big(u) => Value::BigInt(u),
            Opt::Bool(b) => Value::Bool(*b),
            Opt::Null => Value::Null,
            Opt::Empty => Value::Empty,
            Opt::List(items) => Value::List(items.iter().map(Opt::value).collect()),
        }
    }

    /// The text `querystring.parse` gives back for a scalar whose units are valid UTF-16.
    fn parsed(&self) -> String {
        match self {
            Opt::Num(u) if matches!(String::from_utf16(u).as_deref(), Ok("NaN" | "Infinity" | "-Infinity")) => {
                String::new()
            }
            Opt::Str(u) | Opt::Num(u) | Opt::Big(u) => String::from_utf16(u).expect("valid UTF-16"),
            Opt::Bool(b) => b.to_string(),
            Opt::Null | Opt::Empty => String::new(),
            Opt::List(_) => unreachable!("lists hold scalars"),
        }
    }

    /// The `(key, value)` pairs `querystring.parse` gives back for this option.
    fn parsed_pairs(&self, key: &str) -> Vec<(String, String)> {
        match self {
            Opt::List(items) => items.iter().map(|item| (key.to_owned(), item.parsed())).collect(),
            scalar => vec![(key.to_owned(), scalar.parsed())],
        }
    }
}

type Options = Vec<(Vec<u16>, Opt)>;

fn with_fields<R>(options: &Options, f: impl FnOnce(&[Field<'_>]) -> R) -> R {
    let fields: Vec<Field<'_>> = options.iter().map(|(key, value)| Field { key, value: value.value() }).collect();
    f(&fields)
}

/// An array index as JavaScript orders object keys: a canonical decimal below 2^32 - 1.
fn js_array_index(key: &str) -> Option<u32> {
    key.parse::<u32>().ok().filter(|n| *n != u32::MAX && n.to_string() == key)
}

const FIXED_NAMES: [&str; 3] = ["create_time", "nonce", "role"];
const RULE_NAMES: [&str; 5] = ["create_time", "nonce", "role", "expire_time", "connection_data"];
const SESSION_ALIASES: [&str; 3] = ["session_id", "sessionId", "session"];

/// The fields the token's data must decode to, in the original module's order.
fn expected_fields(session: &str, options: &[(String, Opt)], now: u64, nonce: u32) -> Vec<(String, String)> {
    let mut indexed: Vec<(u32, &(String, Opt))> =
        options.iter().filter_map(|option| js_array_index(&option.0).map(|i| (i, option))).collect();
    indexed.sort_by_key(|(i, _)| *i);
    let mut out: Vec<(String, String)> = indexed.iter().flat_map(|(_, (k, v))| v.parsed_pairs(k)).collect();
    out.push(("session_id".into(), session.into()));
    let given = |name: &str| options.iter().find(|(k, _)| k == name).map(|(_, v)| v.parsed());
    out.push(("create_time".into(), given("create_time").unwrap_or_else(|| now.to_string())));
    out.push(("nonce".into(), given("nonce").unwrap_or_else(|| nonce.to_string())));
    out.push(("role".into(), given("role").unwrap_or_else(|| "publisher".into())));
    for (key, value) in options {
        let placed = SESSION_ALIASES.contains(&key.as_str())
            || FIXED_NAMES.contains(&key.as_str())
            || js_array_index(key).is_some();
        if !placed {
            out.extend(value.parsed_pairs(key));
        }
    }
    out
}

fn hmac_hex(secret: &[u8], data: &[u8]) -> String {
    let mut mac = Hmac::<Sha1>::new_from_slice(secret).unwrap();
    mac.update(data);
    mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

// ---------------------------------------------------------------------------
// Strategies.

/// Valid text, biased toward what querystring must escape.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "(?s).{0,16}",
        2 => "[-_.!~*'()a-zA-Z0-9 &=%+:;/?#@\"<>{}|^`\\\\]{0,16}",
        1 => "[\u{80}-\u{7ff}\u{800}-\u{ffff}\u{10000}-\u{10ffff}]{0,6}",
    ]
}

/// A key that is none of the options with rules (those are generated apart).
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => text(),
        1 => "(0|[1-9][0-9]{0,9})",
        1 => prop::sample::select(SESSION_ALIASES.to_vec()).prop_map(str::to_owned),
        1 => prop::sample::select(vec!["partner_id", "sig", "__proto__", "", "07", "4294967295", "-1", "1.5"]).prop_map(str::to_owned),
    ]
    .prop_filter("options with rules are generated apart", |k| !RULE_NAMES.contains(&k.as_str()))
}

fn scalar() -> impl Strategy<Value = Opt> {
    prop_oneof![
        4 => text().prop_map(|s| Opt::str(&s)),
        2 => number_text().prop_map(|s| Opt::num(&s)),
        1 => "-?[1-9][0-9]{0,30}|0".prop_map(|s| Opt::Big(utf16(&s))),
        1 => any::<bool>().prop_map(Opt::Bool),
        1 => Just(Opt::Null),
        1 => Just(Opt::Empty),
    ]
}

fn option_value() -> impl Strategy<Value = Opt> {
    prop_oneof![4 => scalar(), 1 => prop::collection::vec(scalar(), 0..4).prop_map(Opt::List)]
}

/// An API key, its secret and a session ID it owns, in one of the encodings IDs come in.
fn credentials() -> impl Strategy<Value = (String, Vec<u8>, String)> {
    (prop_oneof!["[0-9]{1,10}", "[0-9a-zA-Z]{1,12}"], prop::collection::vec(any::<u8>(), 0..80), "[ -}]{0,12}", 0u8..3)
        .prop_map(|(key, secret, location, form)| {
            let record = format!("1~{key}~{location}~2012-05-16 23:22:34.874487+00:00~0.502852690534~");
            let session = match form {
                0 => format!("1_{}", URL_SAFE_NO_PAD.encode(&record)),
                1 => format!("2_{}", URL_SAFE.encode(&record)),
                _ => format!("1_{}", B64.encode(&record)),
            };
            (key, secret, session)
        })
}

/// Whole seconds as JS would pass them: a number or a string of digits.
fn seconds(secs: u64, as_string: bool) -> Opt {
    if as_string {
        Opt::str(&secs.to_string())
    } else {
        Opt::num(&secs.to_string())
    }
}

/// A case for the round trip: credentials, clock, default nonce, and options
/// whose checked fields all pass the rules, in any order.
#[derive(Debug, Clone)]
struct Case {
    api_key: String,
    secret: Vec<u8>,
    session: String,
    now: u64,
    nonce: u32,
    options: Vec<(String, Opt)>,
}

impl Case {
    fn options(&self) -> Options {
        self.options.iter().map(|(k, v)| (utf16(k), v.clone())).collect()
    }

    fn encoder(&self) -> TokenEncoder {
        TokenEncoder::new(&self.api_key, &self.secret)
    }

    fn encode(&self, encoder: &TokenEncoder) -> Result<String, Error> {
        with_fields(&self.options(), |fields| encoder.encode(&utf16(&self.session), fields, self.now, self.nonce))
    }
}

type RuleChoices = (
    Option<(i64, bool)>,
    Option<(Opt, prop::sample::Index)>,
    Option<&'static str>,
    Option<(prop::sample::Index, bool)>,
    Option<String>,
);

fn rule_choices() -> impl Strategy<Value = RuleChoices> {
    (
        prop::option::of((-40 * DAY as i64..10 * DAY as i64, any::<bool>())),
        prop::option::of((
            prop_oneof![
                number_text()
                    .prop_filter("finite", |t| !matches!(t.as_str(), "NaN" | "Infinity" | "-Infinity"))
                    .prop_map(|s| Opt::num(&s)),
                text().prop_map(|s| Opt::str(&s))
            ],
            any::<prop::sample::Index>(),
        )),
        prop::option::of(prop::sample::select(ROLES.to_vec())),
        prop::option::of((any::<prop::sample::Index>(), any::<bool>())),
        prop::option::of(prop_oneof![
            text(),
            // Up to the limit: 1000 UTF-16 units, astral characters counting two.
            (0usize..=MAX_CONNECTION_DATA / 2).prop_map(|n| "😀".repeat(n)),
            Just("x".repeat(MAX_CONNECTION_DATA)),
        ]),
    )
}

fn round_trip_case() -> impl Strategy<Value = Case> {
    (
        credentials(),
        1_000_000_000u64..2_000_000_000,
        0u32..999_999,
        prop::collection::vec((key(), option_value()), 0..8),
        rule_choices(),
        prop::collection::vec(any::<prop::sample::Index>(), 5),
    )
        .prop_map(|((api_key, secret, session), now, nonce, extras, rules, positions)| {
            let mut seen = std::collections::HashSet::new();
            let mut options: Vec<(String, Opt)> = extras.into_iter().filter(|(k, _)| seen.insert(k.clone())).collect();
            let (create, given_nonce, role, expire, connection_data) = rules;
            let create_time = create.map(|(offset, as_string)| (now.saturating_add_signed(offset), as_string));
            let mut checked: Vec<(&str, Opt)> = Vec::new();
            if let Some((secs, as_string)) = create_time {
                checked.push(("create_time", seconds(secs, as_string)));
            }
            if let Some((value, _)) = given_nonce {
                checked.push(("nonce", value));
            }
            if let Some(role) = role {
                checked.push(("role", Opt::str(role)));
            }
            if let Some((at, as_string)) = expire {
                // The valid window: after now, at most 30 days after create_time.
                let last = create_time.map_or(now, |(c, _)| c) + MAX_TOKEN_LIFETIME_SECS;
                if last > now {
                    checked.push(("expire_time", seconds(now + 1 + at.index((last - now) as usize) as u64, as_string)));
                }
            }
            if let Some(data) = connection_data {
                checked.push(("connection_data", Opt::str(&data)));
            }
            for ((name, value), at) in checked.into_iter().zip(positions) {
                let i = at.index(options.len() + 1);
                options.insert(i, (name.to_owned(), value));
            }
            Case { api_key, secret, session, now, nonce, options }
        })
}

/// Any UTF-16, lone surrogates included.
fn units() -> impl Strategy<Value = Vec<u16>> {
    let unit = prop_oneof![3 => any::<u16>(), 2 => 0xD800u16..0xE000, 2 => 0x20u16..0x7f];
    prop::collection::vec(unit, 0..16)
}

/// Any option value, with arbitrary UTF-16 in strings.
fn any_value() -> impl Strategy<Value = Opt> {
    let scalar = prop_oneof![
        3 => units().prop_map(Opt::Str),
        2 => number_text().prop_map(|s| Opt::num(&s)),
        1 => units().prop_map(Opt::Num),
        1 => units().prop_map(Opt::Big),
        1 => any::<bool>().prop_map(Opt::Bool),
        1 => Just(Opt::Null),
        1 => Just(Opt::Empty),
    ];
    prop_oneof![4 => scalar.clone(), 1 => prop::collection::vec(scalar, 0..4).prop_map(Opt::List)]
}

fn any_key() -> impl Strategy<Value = Vec<u16>> {
    prop_oneof![
        3 => units(),
        1 => prop::sample::select([RULE_NAMES.as_slice(), SESSION_ALIASES.as_slice(), &["0", "7"]].concat()).prop_map(utf16),
    ]
}

/// Values aimed at the edges of each rule.
fn rule_value(now: u64) -> impl Strategy<Value = Opt> {
    let near = |base: u64| (-3i64..=3).prop_map(move |d| base.saturating_add_signed(d));
    let times = prop_oneof![
        near(now),
        near(now + MAX_TOKEN_LIFETIME_SECS),
        near(MAX_SAFE_INTEGER),
        any::<u64>(),
        now..now + 2 * MAX_TOKEN_LIFETIME_SECS,
    ];
    prop_oneof![
        3 => any_value(),
        2 => (times, any::<bool>()).prop_map(|(t, as_string)| seconds(t, as_string)),
        1 => prop::sample::select(vec!["1.5", "-0", "-1", "1e3", "+5", " 5", "0x10", "", "٣"]).prop_map(Opt::str),
        1 => prop::sample::select(vec!["1.5", "-1", "1e+21", "NaN", "Infinity", "-Infinity", "1700000000.5"]).prop_map(Opt::num),
        2 => prop::sample::select(vec!["subscriber", "publisher", "moderator", "Publisher", "admin", " publisher", "publisher\0", ""]).prop_map(Opt::str),
        1 => (0usize..3, MAX_CONNECTION_DATA - 2..MAX_CONNECTION_DATA + 3).prop_map(|(kind, n)| Opt::Str(match kind {
            0 => vec![u16::from(b'x'); n],
            1 => "é".repeat(n).encode_utf16().collect(),
            _ => "😀".repeat(n / 2).encode_utf16().chain(std::iter::repeat_n(u16::from(b'y'), n % 2)).collect(),
        })),
    ]
}

// ---------------------------------------------------------------------------
// Models of the rules, written from the protocol text.

/// Whole Unix seconds: a JS number with an integer value in 0..=2^53-1, or a
/// string of ASCII digits with such a value. `Err(true)`: wrong type.
fn model_seconds(value: &Opt) -> Result<u64, bool> {
    match value {
        Opt::Num(text) => {
            let n: f64 = String::from_utf16(text).ok().and_then(|t| t.parse().ok()).ok_or(false)?;
            if n.fract() == 0.0 && (0.0..=MAX_SAFE_INTEGER as f64).contains(&n) {
                Ok(n as u64)
            } else {
                Err(false)
            }
        }
        Opt::Str(units) | Opt::Big(units) => {
            let digits = !units.is_empty() && units.iter().all(|u| (0x30..=0x39).contains(u));
            let text = String::from_utf16_lossy(units);
            match text.parse::<u64>() {
                Ok(secs) if digits && secs <= MAX_SAFE_INTEGER => Ok(secs),
                _ => Err(false),
            }
        }
        _ => Err(true),
    }
}

/// Whether escaping `units` fails (a surrogate with nothing left to pair with).
fn escape_fails(units: &[u16]) -> bool {
    let mut i = 0;
    while i < units.len() {
        if (0xD800..0xE000).contains(&units[i]) {
            i += 1;
            if i == units.len() {
                return true;
            }
        }
        i += 1;
    }
    false
}

#[derive(Debug, PartialEq)]
enum Outcome {
    Ok,
    OutOfRange,
    WrongType,
    UriMalformed,
}

fn outcome(result: &Result<String, Error>, name: &str) -> Result<Outcome, String> {
    match result {
        Ok(_) => Ok(Outcome::Ok),
        Err(Error::OutOfRange { name: n, .. }) if n == name => Ok(Outcome::OutOfRange),
        Err(Error::InvalidArgType { name: n, .. }) if n == name => Ok(Outcome::WrongType),
        Err(Error::UriMalformed) => Ok(Outcome::UriMalformed),
        Err(other) => Err(format!("undocumented error for {name}: {other:?}")),
    }
}

/// What the rule for `name` says of `value` (with create_time = now).
fn model_rule(name: &str, value: &Opt, now: u64) -> Outcome {
    let escaped = |units: &[u16]| {
        if escape_fails(units) {
            Outcome::UriMalformed
        } else {
            Outcome::Ok
        }
    };
    let type_or_range = |wrong_type: bool| {
        if wrong_type {
            Outcome::WrongType
        } else {
            Outcome::OutOfRange
        }
    };
    match (name, value) {
        ("role", Opt::Str(units)) if ROLES.iter().any(|r| utf16(r) == *units) => Outcome::Ok,
        ("role", Opt::Str(_)) => Outcome::OutOfRange,
        ("role", _) => Outcome::WrongType,
        ("connection_data", Opt::Str(units) | Opt::Num(units) | Opt::Big(units))
            if units.len() <= MAX_CONNECTION_DATA =>
        {
            escaped(units)
        }
        ("connection_data", Opt::Str(_) | Opt::Num(_) | Opt::Big(_)) => Outcome::OutOfRange,
        ("connection_data", Opt::Bool(_) | Opt::Null) => Outcome::Ok,
        ("connection_data", Opt::Empty | Opt::List(_)) => Outcome::WrongType,
        ("nonce", Opt::Num(units)) if ["NaN", "Infinity", "-Infinity"].iter().any(|t| utf16(t) == *units) => {
            Outcome::OutOfRange
        }
        ("nonce", Opt::Num(units) | Opt::Str(units)) => escaped(units),
        ("nonce", _) => Outcome::WrongType,
        ("create_time", value) => model_seconds(value).map_or_else(type_or_range, |_| Outcome::Ok),
        ("expire_time", value) => match model_seconds(value) {
            Ok(secs) if secs > now && secs <= now + MAX_TOKEN_LIFETIME_SECS => Outcome::Ok,
            Ok(_) => Outcome::OutOfRange,
            Err(wrong_type) => type_or_range(wrong_type),
        },
        _ => unreachable!("{name} has no rule"),
    }
}

// ---------------------------------------------------------------------------
// Properties.

const KEY: &str = "14971292";
const SECRET: &[u8] = b"a1b2c3d4e5f6";
const SESSION: &str = "1_MX4xNDk3MTI5Mn5-MjAxMi0wNS0xNiAyMzoyMjozNC44NzQ0ODcrMDA6MDB-MC41MDI4NTI2OTA1MzR-";
const NOW: u64 = 1_700_000_000;

/// Whether two tokens say the same thing: same partner, same signature
/// bytes (hex compares case-insensitively), same signed data.
fn same_content(a: &DecodedToken, b: &DecodedToken) -> bool {
    a.partner_id == b.partner_id && a.signature.eq_ignore_ascii_case(&b.signature) && a.data == b.data
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn encode_then_decode_gives_back_every_field(case in round_trip_case()) {
        let encoder = case.encoder();
        let token = case.encode(&encoder).map_err(|e| TestCaseError::fail(format!("encode failed: {e:?}")))?;
        prop_assert!(token.starts_with(TOKEN_SENTINEL) && token.is_ascii());
        let decoded = decode(&token).map_err(|e| TestCaseError::fail(format!("decode failed: {e}")))?;
        prop_assert_eq!(&decoded.partner_id, &case.api_key);
        prop_assert_eq!(&decoded.signature, &hmac_hex(&case.secret, decoded.data.as_bytes()));
        prop_assert!(decoded.data.is_ascii());
        prop_assert_eq!(&decoded.fields, &expected_fields(&case.session, &case.options, case.now, case.nonce));
        prop_assert!(encoder.verify(&token));
        // A fresh encoder (no cached session field) writes the same token.
        prop_assert_eq!(case.encode(&case.encoder()), Ok(token.clone()));
        // Other keys and other secrets do not verify it.
        let other_key = format!("{}0", case.api_key);
        prop_assert!(!TokenEncoder::new(&other_key, &case.secret).verify(&token));
        let mut other_secret = case.secret.clone();
        // (Not a 0: HMAC pads short keys with zeros, so `key` and `key\0` sign alike.)
        other_secret.push(1);
        prop_assert!(!TokenEncoder::new(&case.api_key, &other_secret).verify(&token));
    }

    #[test]
    fn verify_refuses_any_single_byte_change_of_the_base64_body(
        case in round_trip_case(),
        at in any::<prop::sample::Index>(),
        replacement in 0u8..0x80,
    ) {
        let encoder = case.encoder();
        let token = case.encode(&encoder).unwrap();
        let original = decode(&token).unwrap();
        let mut bytes = token.into_bytes();
        let i = TOKEN_SENTINEL.len() + at.index(bytes.len() - TOKEN_SENTINEL.len());
        prop_assume!(bytes[i] != replacement);
        bytes[i] = replacement;
        let forged = String::from_utf8(bytes).unwrap();
        // Accepted only when the change leaves the token saying exactly the
        // same thing (see same_content): anything else must be refused.
        if encoder.verify(&forged) {
            let decoded = decode(&forged).unwrap();
            prop_assert!(same_content(&decoded, &original), "forged token accepted: {}", forged);
        }
    }

    #[test]
    fn verify_refuses_any_single_byte_change_of_the_data(
        case in round_trip_case(),
        at in any::<prop::sample::Index>(),
        replacement in any::<u8>(),
    ) {
        let encoder = case.encoder();
        let decoded = decode(&case.encode(&encoder).unwrap()).unwrap();
        let mut data = decoded.data.clone().into_bytes();
        prop_assume!(!data.is_empty());
        let i = at.index(data.len());
        prop_assume!(data[i] != replacement);
        data[i] = replacement;
        let mut payload = format!("partner_id={}&sig={}:", decoded.partner_id, decoded.signature).into_bytes();
        payload.extend_from_slice(&data);
        let forged = format!("{TOKEN_SENTINEL}{}", B64.encode(&payload));
        prop_assert!(!encoder.verify(&forged), "forged data accepted: {}", String::from_utf8_lossy(&data));
    }

    #[test]
    fn each_rule_passes_or_fails_with_its_documented_error(
        name in prop::sample::select(RULE_NAMES.to_vec()),
        value in rule_value(NOW),
    ) {
        let encoder = TokenEncoder::new(KEY, SECRET);
        let options: Options = vec![(utf16(name), value.clone())];
        let result = with_fields(&options, |fields| encoder.encode(&utf16(SESSION), fields, NOW, 7));
        let got = outcome(&result, name).map_err(TestCaseError::fail)?;
        prop_assert_eq!(got, model_rule(name, &value, NOW), "{} = {:?}: {:?}", name, value, result);
        if let Ok(token) = result {
            prop_assert!(encoder.verify(&token));
            let decoded = decode(&token).unwrap();
            if let Opt::Str(units) | Opt::Num(units) | Opt::Big(units) = &value {
                if String::from_utf16(units).is_ok() {
                    let written = value.parsed();
                    prop_assert_eq!(decoded.field(name), Some(written.as_str()));
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(config(768))]

    #[test]
    fn arbitrary_utf16_options_sign_or_fail_cleanly(
        options in prop::collection::vec((any_key(), any_value()), 0..8),
        now in prop_oneof![Just(NOW), any::<u64>()],
        nonce in any::<u32>(),
    ) {
        let encoder = TokenEncoder::new(KEY, SECRET);
        let result = with_fields(&options, |fields| encoder.encode(&utf16(SESSION), fields, now, nonce));
        match result {
            Ok(token) => {
                prop_assert!(token.is_ascii());
                prop_assert!(encoder.verify(&token));
                let decoded = decode(&token).unwrap();
                prop_assert_eq!(decoded.partner_id.as_str(), KEY);
                prop_assert_eq!(decoded.field("session_id"), Some(SESSION));
            }
            Err(Error::UriMalformed | Error::OutOfRange { .. } | Error::InvalidArgType { .. }) => {}
            Err(other) => prop_assert!(false, "unexpected error {:?}", other),
        }
    }

    #[test]
    fn arbitrary_session_ids_sign_only_when_owned(session in prop_oneof![units(), "[12]_[A-Za-z0-9_=+/-]{0,40}".prop_map(|s| utf16(&s))]) {
        let encoder = TokenEncoder::new(KEY, SECRET);
        let result = encoder.encode(&session, &[], NOW, 1);
        let owner = crate::session_id::check_owner(&session, KEY);
        prop_assert_eq!(result.as_ref().err(), owner.as_ref().err());
        if let Ok(token) = result {
            prop_assert!(encoder.verify(&token));
        }
    }

    #[test]
    fn decode_and_verify_never_panic_on_arbitrary_text(text in "(?s).{0,120}") {
        let encoder = TokenEncoder::new(KEY, SECRET);
        for candidate in [text.clone(), format!("{TOKEN_SENTINEL}{text}")] {
            let _ = decode(&candidate);
            prop_assert!(!encoder.verify(&candidate));
        }
    }

    #[test]
    fn decode_and_verify_never_panic_on_arbitrary_payloads(
        payload in prop::collection::vec(any::<u8>(), 0..160),
        head in prop::option::of(("[0-9a-z%&=+]{0,12}", "[0-9a-fA-F]{38,42}")),
        padded in any::<bool>(),
    ) {
        let encoder = TokenEncoder::new(KEY, SECRET);
        let mut bytes = match &head {
            Some((partner, sig)) => format!("partner_id={partner}&sig={sig}:").into_bytes(),
            None => Vec::new(),
        };
        bytes.extend_from_slice(&payload);
        let body = if padded { B64.encode(&bytes) } else { base64::engine::general_purpose::STANDARD_NO_PAD.encode(&bytes) };
        let token = format!("{TOKEN_SENTINEL}{body}");
        if let Ok(decoded) = decode(&token) {
            prop_assert!(!decoded.partner_id.is_empty());
            prop_assert!(decode::signature_bytes(&decoded.signature).is_some());
            prop_assert!(bytes.ends_with(decoded.data.as_bytes()));
        }
        prop_assert!(!encoder.verify(&token));
    }
}
