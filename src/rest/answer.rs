//! Reading a successful reply into the call's answer type, which then
//! travels to JavaScript as JSON text.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// A successful reply: its media type (lower case, no parameters; empty when
/// absent) and its body.
#[derive(Debug, Clone, Copy)]
pub struct Reply<'a> {
    pub content_type: &'a str,
    pub body: &'a [u8],
}

impl Reply<'_> {
    pub fn is_json(&self) -> bool {
        self.content_type == "application/json" || self.content_type.ends_with("+json")
    }

    /// The body as a JSON document of type `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, String> {
        serde_json::from_slice(self.body).map_err(|e| format!("the JSON answer does not read as expected: {e}"))
    }

    /// The body as one resource of the v2 API: a JSON object with a
    /// non-empty string `id`, every key the service sent kept as sent.
    pub fn resource(&self) -> Result<Resource, String> {
        let object: Resource = self.json()?;
        match object.get("id") {
            Some(serde_json::Value::String(id)) if !id.is_empty() => Ok(object),
            _ => Err("the answer has no \"id\"".into()),
        }
    }
}

/// A resource document of the v2 API (an archive, a stream), kept whole.
pub type Resource = serde_json::Map<String, serde_json::Value>;

/// The type a call's successful answer is read into.
pub trait Answer: Serialize + Sized {
    /// The `Accept` header the request sends, if any.
    const ACCEPT: Option<&'static str>;

    /// Reads the reply; the error says what is wrong with it.
    fn read(reply: &Reply<'_>) -> Result<Self, String>;
}

/// Nothing to read: a 204, or a body the call ignores. JavaScript gets `null`.
impl Answer for () {
    const ACCEPT: Option<&'static str> = Some("application/json");

    fn read(_: &Reply<'_>) -> Result<Self, String> {
        Ok(())
    }
}

pub(super) type ReadAnswer = fn(&Reply<'_>) -> Result<String, String>;

/// Reads the reply as `A` and writes it as the JSON text JavaScript parses.
pub(super) fn read_as<A: Answer>(reply: &Reply<'_>) -> Result<String, String> {
    let answer = A::read(reply)?;
    serde_json::to_string(&answer).map_err(|e| format!("the answer cannot be passed on: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, serde::Deserialize)]
    struct Item {
        id: String,
    }

    impl Answer for Item {
        const ACCEPT: Option<&'static str> = Some("application/json");
        fn read(reply: &Reply<'_>) -> Result<Self, String> {
            reply.json()
        }
    }

    #[test]
    fn resources_keep_every_key_and_need_an_id() {
        let read = |body: &[u8]| Reply { content_type: "application/json", body }.resource();
        let doc = read(br#"{"id":"a","status":"started","streams":[],"size":0}"#).unwrap();
        assert_eq!(serde_json::to_string(&doc).unwrap(), r#"{"id":"a","status":"started","streams":[],"size":0}"#);
        for bad in [&br#"{"status":"x"}"#[..], br#"{"id":""}"#, br#"{"id":1}"#, b"[]", b"null", b""] {
            assert!(read(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn answers_travel_as_json_text() {
        let reply = Reply { content_type: "application/json", body: br#"{"id":"a","extra":1}"# };
        assert_eq!(read_as::<Item>(&reply).unwrap(), r#"{"id":"a"}"#);
        assert_eq!(read_as::<()>(&reply).unwrap(), "null");
        let bad = Reply { content_type: "application/json", body: b"{" };
        assert!(read_as::<Item>(&bad).unwrap_err().contains("does not read as expected"));
    }
}
