use super::*;
use base64::Engine;
use std::time::Duration;

const API_KEY: &str = "14971292";
const SECRET: &[u8] = b"a1b2c3d4e5f6";
const SESSION: &str = "1_MX4xNDk3MTI5Mn5-MjAxMi0wNS0xNiAyMzoyMjozNC44NzQ0ODcrMDA6MDB-MC41MDI4NTI2OTA1MzR-";
const NOW: u64 = 1_700_000_000;

/// Owned option values for tests; [`borrowed`] lends them out as [`Field`]s.
#[derive(Debug, Clone)]
enum V {
    S(&'static str),
    Owned(String),
    N(&'static str),
    B(bool),
    E,
    L(Vec<V>),
}

fn u(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

struct Owned(Vec<(Vec<u16>, V, Vec<u16>)>);

fn fields(pairs: &[(&str, V)]) -> Owned {
    Owned(pairs.iter().map(|(k, v)| (u(k), v.clone(), text_of(v))).collect())
}

fn text_of(v: &V) -> Vec<u16> {
    match v {
        V::S(s) | V::N(s) => u(s),
        V::Owned(s) => u(s),
        _ => Vec::new(),
    }
}

fn value<'a>(v: &V, text: &'a [u16], items: &'a [Vec<u16>]) -> Value<'a> {
    match v {
        V::S(_) | V::Owned(_) => Value::Str(text),
        V::N(_) => Value::Num(text),
        V::B(b) => Value::Bool(*b),
        V::E => Value::Empty,
        V::L(list) => Value::List(list.iter().zip(items).map(|(item, t)| value(item, t, &[])).collect()),
    }
}

impl Owned {
    fn item_texts(&self) -> Vec<Vec<Vec<u16>>> {
        self.0
            .iter()
            .map(|(_, v, _)| if let V::L(list) = v { list.iter().map(text_of).collect() } else { Vec::new() })
            .collect()
    }

    fn with<R>(&self, f: impl FnOnce(&[Field<'_>]) -> R) -> R {
        let items = self.item_texts();
        let borrowed: Vec<Field<'_>> =
            self.0.iter().zip(&items).map(|((k, v, t), it)| Field { key: k, value: value(v, t, it) }).collect();
        f(&borrowed)
    }
}

fn encode(enc: &TokenEncoder, session: &str, opts: &Owned, now: u64, nonce: u32) -> Result<String, Error> {
    opts.with(|f| enc.encode(&u(session), f, now, nonce))
}

fn decode_payload(token: &str) -> String {
    let b64 = token.strip_prefix(TOKEN_SENTINEL).unwrap();
    String::from_utf8(STANDARD.decode(b64).unwrap()).unwrap()
}

fn data_of(token: &str) -> String {
    decode_payload(token).split_once(':').unwrap().1.to_owned()
}

// Expected tokens below were produced by opentok@0.3.0 with the same options.
#[test]
fn matches_the_original_module_for_the_defaults() {
    let enc = TokenEncoder::new(API_KEY, SECRET);
    let f = fields(&[("create_time", V::N("1700000000")), ("nonce", V::N("424242"))]);
    assert_eq!(
        encode(&enc, SESSION, &f, NOW, 0).unwrap(),
        "T1==cGFydG5lcl9pZD0xNDk3MTI5MiZzaWc9MjlhNjFhYTM4YTEwNzE3MGFmYjM2MDI3ODkyOWI5ZDMyOTJlN2Y4YTpzZXNzaW9uX2lkPTFfTVg0eE5EazNNVEk1TW41LU1qQXhNaTB3TlMweE5pQXlNem95TWpvek5DNDROelEwT0Rjck1EQTZNREItTUM0MU1ESTROVEkyT1RBMU16Ui0mY3JlYXRlX3RpbWU9MTcwMDAwMDAwMCZub25jZT00MjQyNDImcm9sZT1wdWJsaXNoZXI="
    );
}

#[test]
fn matches_the_original_module_with_every_checked_option() {
    let enc = TokenEncoder::new(API_KEY, SECRET);
    let f = fields(&[
        ("create_time", V::N("1700000000")),
        ("nonce", V::N("7")),
        ("role", V::S("moderator")),
        ("expire_time", V::N("1700086400")),
        ("connection_data", V::S("userId:42 é😀&=")),
    ]);
    assert_eq!(
        encode(&enc, SESSION, &f, NOW, 0).unwrap(),
        "T1==cGFydG5lcl9pZD0xNDk3MTI5MiZzaWc9MWIwMWRhOGI1ZDI3YmJkMzg5ZWJjOTlkMjk4NTAzMWQ5NDk4YjkxNjpzZXNzaW9uX2lkPTFfTVg0eE5EazNNVEk1TW41LU1qQXhNaTB3TlMweE5pQXlNem95TWpvek5DNDROelEwT0Rjck1EQTZNREItTUM0MU1ESTROVEkyT1RBMU16Ui0mY3JlYXRlX3RpbWU9MTcwMDAwMDAwMCZub25jZT03JnJvbGU9bW9kZXJhdG9yJmV4cGlyZV90aW1lPTE3MDAwODY0MDAmY29ubmVjdGlvbl9kYXRhPXVzZXJJZCUzQTQyJTIwJUMzJUE5JUYwJTlGJTk4JTgwJTI2JTNE"
    );
}

#[test]
fn matches_the_original_module_for_index_keys_arrays_and_pass_through() {
    let enc = TokenEncoder::new(API_KEY, SECRET);
    // The caller's own key order, as a JS object reports it: index keys first.
    let f = fields(&[
        ("2", V::L(vec![V::S("a"), V::N("1.5"), V::B(true)])),
        ("7", V::S("seven")),
        ("connection_data", V::S("x")),
        ("nonce", V::N("5")),
        ("create_time", V::S("1700000000")),
        ("extra", V::N("1e+21")),
        ("z", V::E),
    ]);
    assert_eq!(
        encode(&enc, SESSION, &f, NOW, 0).unwrap(),
        "T1==cGFydG5lcl9pZD0xNDk3MTI5MiZzaWc9ODE4ZWQ4MTQxODkxMzI5YmZhYjY4MTM3M2QwYWJhMzc2NDFhZDBjNDoyPWEmMj0xLjUmMj10cnVlJjc9c2V2ZW4mc2Vzc2lvbl9pZD0xX01YNHhORGszTVRJNU1uNS1NakF4TWkwd05TMHhOaUF5TXpveU1qb3pOQzQ0TnpRME9EY3JNREE2TURCLU1DNDFNREk0TlRJMk9UQTFNelItJmNyZWF0ZV90aW1lPTE3MDAwMDAwMDAmbm9uY2U9NSZyb2xlPXB1Ymxpc2hlciZjb25uZWN0aW9uX2RhdGE9eCZleHRyYT0xZSUyQjIxJno9"
    );
}

#[test]
fn defaults_are_now_the_given_nonce_and_publisher() {
    let enc = TokenEncoder::new(API_KEY, SECRET);
    let token = encode(&enc, SESSION, &fields(&[]), NOW, 31337).unwrap();
    assert_eq!(data_of(&token), format!("session_id={SESSION}&create_time={NOW}&nonce=31337&role=publisher"));
}

#[test]
fn session_aliases_are_folded_into_one_session_id() {
    let enc = TokenEncoder::new(API_KEY, SECRET);
    let f = fields(&[("sessionId", V::S(SESSION)), ("session", V::S(SESSION)), ("session_id", V::S("x"))]);
    let data = data_of(&encode(&enc, SESSION, &f, NOW, 1).unwrap());
    assert_eq!(data.matches("session").count(), 1, "{data}");
}

#[test]
fn signature_is_hmac_sha1_of_the_data_with_the_secret() {
    let enc = TokenEncoder::new(API_KEY, SECRET);
    let token = fields(&[("role", V::S("subscriber"))]).with(|f| enc.generate(&u(SESSION), f)).unwrap();
    let payload = decode_payload(&token);
    let (head, data) = payload.split_once(':').unwrap();
    let mut mac = Hmac::<Sha1>::new_from_slice(SECRET).unwrap();
    mac.update(data.as_bytes());
    let hex: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(head, format!("partner_id={API_KEY}&sig={hex}"));
    assert!(data.contains("&role=subscriber"));
}

#[test]
fn generate_draws_a_fresh_nonce_below_999999() {
    let enc = TokenEncoder::new(API_KEY, SECRET);
    let nonces: std::collections::HashSet<u32> = (0..50)
        .map(|_| {
            let data = data_of(&enc.generate(&u(SESSION), &[]).unwrap());
            let nonce = data.split('&').find_map(|kv| kv.strip_prefix("nonce=")).unwrap();
            nonce.parse().unwrap()
        })
        .collect();
    assert!(nonces.len() > 40);
    assert!(nonces.iter().all(|n| *n < NONCE_BOUND));
}

#[test]
fn refuses_sessions_of_other_keys_and_empty_ones() {
    let enc = TokenEncoder::new("999", SECRET);
    assert_eq!(encode(&enc, SESSION, &fields(&[]), NOW, 0), Err(Error::InvalidSessionId));
    assert_eq!(encode(&enc, "", &fields(&[]), NOW, 0), Err(Error::MissingSessionId));
}

#[test]
fn checks_the_server_rules_before_signing() {
    let enc = TokenEncoder::new(API_KEY, SECRET);
    let bad = [
        ("role", V::S("owner")),
        ("expire_time", V::Owned((NOW - 1).to_string())),
        ("expire_time", V::Owned((NOW + 31 * 86400).to_string())),
        ("connection_data", V::Owned("é".repeat(1001))),
        ("connection_data", V::E),
        ("create_time", V::N("-5")),
        ("nonce", V::E),
    ];
    for (key, value) in bad {
        let err = encode(&enc, SESSION, &fields(&[(key, value.clone())]), NOW, 0).unwrap_err();
        assert!(err.to_string().contains(key), "{key} {value:?}: {err}");
    }
}

#[test]
fn expire_time_is_measured_from_a_given_create_time() {
    let enc = TokenEncoder::new(API_KEY, SECRET);
    let early = NOW - 20 * 86400;
    let f = fields(&[
        ("create_time", V::Owned(early.to_string())),
        ("expire_time", V::Owned((NOW + 11 * 86400).to_string())),
    ]);
    assert!(matches!(encode(&enc, SESSION, &f, NOW, 0), Err(Error::OutOfRange { .. })));
}

#[test]
fn array_index_keys_follow_javascript() {
    let idx = |s: &str| array_index(&u(s));
    assert_eq!(idx("0"), Some(0));
    assert_eq!(idx("4294967294"), Some(4_294_967_294));
    assert_eq!(idx("4294967295"), None);
    assert_eq!(idx("07"), None);
    assert_eq!(idx("-1"), None);
    assert_eq!(idx("1.5"), None);
    assert_eq!(idx(""), None);
}

#[test]
fn verifies_its_own_tokens_and_no_others() {
    let enc = TokenEncoder::new(API_KEY, SECRET);
    let token = enc.generate(&u(SESSION), &[]).unwrap();
    assert!(enc.verify(&token));
    assert!(!TokenEncoder::new(API_KEY, b"other secret").verify(&token));
    assert!(!TokenEncoder::new("1497129", SECRET).verify(&token));
    // One bit of the data changed: the signature no longer matches.
    let decoded = decode(&token).unwrap();
    let forged_data = decoded.data.replace("role=publisher", "role=moderator");
    let forged =
        format!("T1=={}", STANDARD.encode(format!("partner_id={API_KEY}&sig={}:{forged_data}", decoded.signature)));
    assert!(!enc.verify(&forged));
    assert!(!enc.verify("T1==garbage"));
}

#[test]
fn decode_round_trips_what_encode_wrote() {
    let enc = TokenEncoder::new(API_KEY, SECRET);
    let f = fields(&[
        ("role", V::S("moderator")),
        ("connection_data", V::S("a b&c=é")),
        ("x", V::L(vec![V::S("1"), V::S("2")])),
    ]);
    let token = encode(&enc, SESSION, &f, NOW, 99).unwrap();
    let decoded = decode(&token).unwrap();
    assert_eq!(decoded.partner_id, API_KEY);
    assert_eq!(decoded.field("session_id"), Some(SESSION));
    assert_eq!(decoded.field("nonce"), Some("99"));
    assert_eq!(decoded.field("connection_data"), Some("a b&c=é"));
    let xs: Vec<&str> = decoded.fields.iter().filter(|(n, _)| n == "x").map(|(_, v)| v.as_str()).collect();
    assert_eq!(xs, ["1", "2"]);
}

#[test]
fn a_token_second_is_never_before_the_wall_clock_second() {
    // A tight loop from now to 50 ms past the next turn of the second: the
    // coarse clock read in the tick after the turn would name the second before.
    let end = Duration::from_secs(precise_unix_seconds() + 1) + Duration::from_millis(50);
    while SystemTime::now().duration_since(UNIX_EPOCH).unwrap() < end {
        let before = precise_unix_seconds();
        let now = unix_seconds_now();
        let after = precise_unix_seconds();
        assert!((before..=after).contains(&now), "{now} outside {before}..={after}");
    }
}
