//! Property tests for the token-request wire: a test-side writer that
//! mirrors `lib/options-wire.js` produces wires that parse back to the same
//! session value and fields; arbitrary, truncated and mutated wires are
//! errors, never panics.

use proptest::prelude::*;

use crate::test_strategies::number_text;

use super::*;

/// `cases` unless `PROPTEST_CASES` is set.
fn config(cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    config
}

/// A JavaScript value as `lib/options-wire.js` sees it.
#[derive(Debug, Clone)]
enum Js {
    Undefined,
    Null,
    Str(Vec<u16>),
    /// A number, as `'' + n` writes it.
    Num(String),
    /// A BigInt, as `'' + n` writes it.
    BigInt(String),
    Bool(bool),
    /// An object, function or symbol: written `e`.
    Object,
    Array(Vec<Js>),
}

fn push_str(wire: &mut Vec<u16>, s: &str) {
    wire.extend(s.encode_utf16());
}

fn push_counted(wire: &mut Vec<u16>, tag: &str, units: &[u16]) {
    push_str(wire, &format!("{tag}{}:", units.len()));
    wire.extend_from_slice(units);
}

/// `scalar(value)` of options-wire.js.
fn write_scalar(wire: &mut Vec<u16>, value: &Js) {
    match value {
        Js::Str(units) => push_counted(wire, "s", units),
        Js::Num(text) => push_counted(wire, "n", &text.encode_utf16().collect::<Vec<_>>()),
        Js::BigInt(text) => push_counted(wire, "g", &text.encode_utf16().collect::<Vec<_>>()),
        Js::Bool(b) => push_str(wire, if *b { "t" } else { "f" }),
        Js::Null => push_str(wire, "z"),
        Js::Undefined | Js::Object | Js::Array(_) => push_str(wire, "e"),
    }
}

/// `tokenRequestWire(sessionId, options)` of options-wire.js; `options`
/// as `Object.keys` lists them (own keys, no duplicates).
fn write_wire(session: &Js, options: Option<&[(Vec<u16>, Js)]>) -> Vec<u16> {
    let mut wire = Vec::new();
    match session {
        Js::Undefined | Js::Null => push_str(&mut wire, "u"),
        value => write_scalar(&mut wire, value),
    }
    for (key, value) in options.unwrap_or_default() {
        if matches!(value, Js::Undefined) || key.as_slice() == utf16("__proto__").as_slice() {
            continue;
        }
        push_counted(&mut wire, "", key);
        match value {
            Js::Array(items) => {
                push_str(&mut wire, &format!("a{}:", items.len()));
                for item in items {
                    write_scalar(&mut wire, item);
                }
            }
            scalar => write_scalar(&mut wire, scalar),
        }
    }
    wire
}

fn utf16(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

/// What the parser must give back for a scalar (arrays inside arrays, like
/// objects, are written empty).
fn expected_scalar(value: &Js) -> Expected {
    match value {
        Js::Str(units) => Expected::Str(units.clone()),
        Js::Num(text) => Expected::Num(utf16(text)),
        Js::BigInt(text) => Expected::BigInt(utf16(text)),
        Js::Bool(b) => Expected::Bool(*b),
        Js::Null => Expected::Null,
        Js::Undefined | Js::Object | Js::Array(_) => Expected::Empty,
    }
}

/// An owned [`Value`], to compare with what `parse` borrowed.
#[derive(Debug, Clone, PartialEq)]
enum Expected {
    Str(Vec<u16>),
    Num(Vec<u16>),
    BigInt(Vec<u16>),
    Bool(bool),
    List(Vec<Expected>),
    Null,
    Empty,
}

fn owned(value: &Value<'_>) -> Expected {
    match value {
        Value::Str(u) => Expected::Str(u.to_vec()),
        Value::Num(u) => Expected::Num(u.to_vec()),
        Value::BigInt(u) => Expected::BigInt(u.to_vec()),
        Value::Bool(b) => Expected::Bool(*b),
        Value::List(items) => Expected::List(items.iter().map(owned).collect()),
        Value::Null => Expected::Null,
        Value::Empty => Expected::Empty,
    }
}

/// Arbitrary UTF-16 (lone surrogates, NUL, and the wire's own `:` and digits).
fn units() -> impl Strategy<Value = Vec<u16>> {
    let unit = prop_oneof![
        4 => any::<u16>(),
        2 => prop::sample::select(":0123456789sngtfeau".encode_utf16().collect::<Vec<_>>()),
        1 => 0xD800u16..0xE000,
    ];
    prop::collection::vec(unit, 0..12)
}

fn scalar() -> impl Strategy<Value = Js> {
    prop_oneof![
        Just(Js::Undefined),
        Just(Js::Null),
        units().prop_map(Js::Str),
        number_text().prop_map(Js::Num),
        "-?[1-9][0-9]{0,30}|0".prop_map(Js::BigInt),
        any::<bool>().prop_map(Js::Bool),
        Just(Js::Object),
    ]
}

fn js_value() -> impl Strategy<Value = Js> {
    // Arrays may hold arrays: options-wire.js writes those items empty.
    let item = prop_oneof![4 => scalar(), 1 => prop::collection::vec(scalar(), 0..3).prop_map(Js::Array)];
    prop_oneof![4 => scalar(), 1 => prop::collection::vec(item, 0..5).prop_map(Js::Array)]
}

fn key() -> impl Strategy<Value = Vec<u16>> {
    prop_oneof![
        3 => units(),
        1 => prop::sample::select(vec!["role", "expire_time", "session_id", "__proto__", "u", "0", ""]).prop_map(utf16),
    ]
}

/// Options as `Object.keys` gives them: distinct keys.
fn options() -> impl Strategy<Value = Option<Vec<(Vec<u16>, Js)>>> {
    prop::option::weighted(0.9, prop::collection::vec((key(), js_value()), 0..8)).prop_map(|options| {
        options.map(|mut pairs| {
            let mut seen = std::collections::HashSet::new();
            pairs.retain(|(k, _)| seen.insert(k.clone()));
            pairs
        })
    })
}

fn session() -> impl Strategy<Value = Js> {
    prop_oneof![4 => scalar(), 1 => prop::collection::vec(scalar(), 0..3).prop_map(Js::Array)]
}

/// Bytes that look like a wire: tags, counts, separators and text.
fn wire_soup() -> impl Strategy<Value = Vec<u16>> {
    let piece = prop_oneof![
        prop::sample::select(vec![
            "u",
            "s",
            "n",
            "g",
            "t",
            "f",
            "e",
            "a",
            ":",
            "0",
            "1",
            "3",
            "12",
            "99999999999999999999",
            "a1:",
            "s1:x",
            "4:role"
        ])
        .prop_map(utf16),
        units(),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn wires_written_like_options_wire_js_parse_back(session in session(), options in options()) {
        let wire = write_wire(&session, options.as_deref());
        let request = parse(&wire).map_err(|e| TestCaseError::fail(format!("{e} for {:?}", String::from_utf16_lossy(&wire))))?;
        let expected_session = match session {
            Js::Undefined | Js::Null => None,
            ref value => Some(expected_scalar(value)),
        };
        prop_assert_eq!(request.session_id.as_ref().map(owned), expected_session);
        let expected_fields: Vec<(Vec<u16>, Expected)> = options
            .unwrap_or_default()
            .into_iter()
            .filter(|(k, v)| !matches!(v, Js::Undefined) && *k != utf16("__proto__"))
            .map(|(k, v)| {
                let value = match &v {
                    Js::Array(items) => Expected::List(items.iter().map(expected_scalar).collect()),
                    scalar => expected_scalar(scalar),
                };
                (k, value)
            })
            .collect();
        let fields: Vec<(Vec<u16>, Expected)> = request.fields.iter().map(|f| (f.key.to_vec(), owned(&f.value))).collect();
        prop_assert_eq!(fields, expected_fields);
    }

    #[test]
    fn every_proper_prefix_of_a_wire_is_an_error_or_fewer_fields(
        session in session(),
        options in options(),
        cut in any::<prop::sample::Index>(),
    ) {
        let wire = write_wire(&session, options.as_deref());
        let full = parse(&wire).unwrap();
        let cut = cut.index(wire.len());
        // A prefix either fails or ends exactly on a field boundary.
        if let Ok(prefix) = parse(&wire[..cut]) {
            prop_assert!(prefix.fields.len() < full.fields.len());
            prop_assert_eq!(&prefix.fields[..], &full.fields[..prefix.fields.len()]);
        }
    }

    #[test]
    fn mutated_wires_never_panic(
        session in session(),
        options in options(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u16>()), 1..4),
    ) {
        let mut wire = write_wire(&session, options.as_deref());
        for (at, unit) in edits {
            if wire.is_empty() {
                break;
            }
            let i = at.index(wire.len());
            wire[i] = unit;
        }
        let _ = parse(&wire);
    }

    #[test]
    fn wire_soup_never_panics(wire in wire_soup()) {
        if let Ok(request) = parse(&wire) {
            // Whatever parsed stays inside the input.
            for field in &request.fields {
                prop_assert!(field.key.len() <= wire.len());
            }
        }
    }

    #[test]
    fn arbitrary_utf16_never_panics(wire in prop::collection::vec(any::<u16>(), 0..256)) {
        let _ = parse(&wire);
    }
}

/// Found by these properties: tags were once read as a unit's low byte, so
/// U+0173 'ų' read as `s`, U+0174 as `t`, U+0161 'š' as `a`.
#[test]
fn tags_are_compared_as_whole_units() {
    let wire: Vec<u16> = [0x0173].into_iter().chain(utf16("1:x1:k")).chain([0x0174]).collect();
    assert!(parse(&wire).is_err(), "{:?}", parse(&wire));
}
