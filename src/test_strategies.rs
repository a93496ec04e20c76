//! Strategies shared by the property tests of several modules.

use proptest::prelude::*;

/// Numbers as JavaScript's `String(n)` may write them, edge cases included.
pub fn number_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|n| n.to_string()),
        prop::sample::select(vec![
            "NaN",
            "Infinity",
            "-Infinity",
            "1e+21",
            "-1e-7",
            "5e-324",
            "1.7976931348623157e+308",
            "0"
        ])
        .prop_map(str::to_owned),
    ]
}
