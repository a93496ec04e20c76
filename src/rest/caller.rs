//! The one function that runs every REST call ([`Caller::execute`]), and
//! the per-SDK state it needs: credentials, the pooled client, the clock.

use std::sync::OnceLock;

use reqwest::header::{ACCEPT, CONTENT_TYPE, DATE, LOCATION};
use reqwest::StatusCode;

use super::answer::Reply;
use super::client::{build_client, proxy_credentials, root_cause, ClientOptions};
use super::clock::Clock;
use super::endpoint::Endpoint;
use super::request::{Auth, Body, Request};
use super::response::{classify, read_limited, BodyError, MAX_BODY_BYTES};
use crate::error::{ApiError, ApiErrorKind};
use crate::jwt::{project_claims, project_claims_prefix, JwtSigner};

/// What a call did, for `NODE_DEBUG=opentok`: no host, no query, no headers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trace {
    pub method: String,
    pub path: String,
    /// The HTTP status of the last answer, when one came.
    pub status: Option<u16>,
    /// How many times the request was sent (2 after a clock correction).
    pub attempts: u32,
}

/// A call's result, as the JSON text of its answer, and what was done.
pub type Outcome = (Result<String, ApiError>, Trace);

/// The API key and secret the calls are made with.
pub struct Credentials {
    pub api_key: String,
    pub api_secret: String,
}

/// Runs the REST calls of one SDK object.
pub struct Caller {
    credentials: Credentials,
    signer: JwtSigner,
    /// `{"iss":<key>,"ist":"project","iat":`, the fixed start of every REST JWT's claims.
    claims_prefix: String,
    options: ClientOptions,
    /// Built on the first call, so token-only users never load TLS roots;
    /// with the credentials of the proxies it reads then, never to be shown.
    client: OnceLock<Result<(reqwest::Client, Vec<String>), String>>,
    clock: Clock,
}

/// A reply as it came, before it is judged.
struct Answered {
    status: StatusCode,
    content_type: String,
    date: Option<String>,
    location: Option<String>,
    body: Vec<u8>,
}

fn header(response: &reqwest::Response, name: reqwest::header::HeaderName) -> Option<String> {
    response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

/// The media type alone, lower case: `application/json` of `Application/JSON; charset=utf-8`.
fn media_type(content_type: Option<&str>) -> String {
    content_type.unwrap_or("").split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// `url` is where the request went: reqwest names no URL in errors met
/// while reading a body, so the message names it from ours.
fn transport_error(operation: &'static str, error: &reqwest::Error, url: &reqwest::Url) -> ApiError {
    let place = place_of(url);
    let kind = if error.is_timeout() { ApiErrorKind::Timeout } else { ApiErrorKind::Network };
    let doing = if error.is_body() || error.is_decode() {
        "the connection broke while reading the response from"
    } else {
        "could not reach"
    };
    let mut api = ApiError::new(kind, operation, format!("{doing} {place}: {}", root_cause(error)));
    api.status = error.status().map(|s| s.as_u16());
    api
}

fn bad_response(operation: &'static str, detail: impl std::fmt::Display) -> ApiError {
    ApiError::new(ApiErrorKind::BadResponse, operation, format!("unexpected response: {detail}"))
}

/// Where a request goes, for error messages: origin and path, never userinfo or query.
fn place_of(url: &reqwest::Url) -> String {
    format!("{}{}", url.origin().ascii_serialization(), url.path())
}

impl Caller {
    pub fn new(credentials: Credentials, options: ClientOptions) -> Self {
        let signer = JwtSigner::new(credentials.api_secret.as_bytes());
        let claims_prefix = project_claims_prefix(&credentials.api_key);
        Caller { credentials, signer, claims_prefix, options, client: OnceLock::new(), clock: Clock::default() }
    }

    pub fn api_key(&self) -> &str {
        &self.credentials.api_key
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// A fresh `X-OPENTOK-AUTH` JWT, on the service's time as far as it is known.
    pub fn project_jwt(&self) -> String {
        self.signer.sign(project_claims(&self.claims_prefix, self.clock.now_secs()).as_bytes())
    }

    /// Sends `request` to `endpoint` and reads its answer, within the SDK's
    /// timeout for the whole call. A JWT-signed call refused because of the
    /// client's clock is sent once more (see [`super::clock`]).
    pub async fn execute(&self, endpoint: &Endpoint, request: Request) -> Outcome {
        let operation = request.operation;
        let mut trace =
            Trace { method: request.method.as_str().to_owned(), path: request.path.clone(), status: None, attempts: 0 };
        let built =
            self.client.get_or_init(|| build_client(&self.options).map(|c| (c, proxy_credentials(&self.options))));
        let (client, proxy_secrets) = match built {
            Ok((client, proxy_secrets)) => (client, proxy_secrets),
            Err(detail) => return (Err(ApiError::new(ApiErrorKind::Network, operation, detail.clone())), trace),
        };
        let url = endpoint.request_url(&request.path, &request.query);
        let mut sent = Vec::new();
        let mut attempts = 0;
        let exchange = async {
            loop {
                attempts += 1;
                let answered = self.send_once(client, &request, &url, &mut sent).await?;
                let refused = matches!(answered.status.as_u16(), 401 | 403);
                let retry = attempts == 1 && refused && request.auth == Auth::Project;
                if !(retry && self.clock.learn(answered.date.as_deref())) {
                    return Ok(answered);
                }
            }
        };
        let answered = match tokio::time::timeout(self.options.timeout, exchange).await {
            Ok(answered) => answered,
            Err(_) => Err(ApiError::new(
                ApiErrorKind::Timeout,
                operation,
                format!("no complete answer within {} ms", self.options.timeout.as_millis()),
            )),
        };
        trace.attempts = attempts;
        let result = answered.and_then(|a| {
            trace.status = Some(a.status.as_u16());
            let body = classify(operation, a.status, &a.content_type, a.location.as_deref(), a.body)?;
            (request.read)(&Reply { content_type: &a.content_type, body: &body })
                .map_err(|detail| bad_response(operation, detail))
        });
        if let Err(e) = &result {
            trace.status = trace.status.or(e.status);
        }
        let mut secrets: Vec<&str> = vec![&self.credentials.api_secret];
        secrets.extend(proxy_secrets.iter().map(String::as_str));
        if let Auth::Token(token) = &request.auth {
            secrets.push(token);
        }
        secrets.extend(sent.iter().map(String::as_str));
        (result.map_err(|e| e.redacted(&secrets)), trace)
    }

    /// One exchange: the request signed and sent, the reply read (at most
    /// [`MAX_BODY_BYTES`]). Each credential sent is pushed to `sent`.
    async fn send_once(
        &self,
        client: &reqwest::Client,
        request: &Request,
        url: &reqwest::Url,
        sent: &mut Vec<String>,
    ) -> Result<Answered, ApiError> {
        let operation = request.operation;
        let mut builder = client.request(request.method.clone(), url.clone());
        builder = match &request.auth {
            Auth::Project => {
                let jwt = self.project_jwt();
                sent.push(jwt.clone());
                builder.header("X-OPENTOK-AUTH", jwt)
            }
            Auth::Partner => {
                let Credentials { api_key, api_secret } = &self.credentials;
                builder.header("X-TB-PARTNER-AUTH", format!("{api_key}:{api_secret}"))
            }
            Auth::Token(token) => builder.header("X-TB-TOKEN-AUTH", token),
        };
        if let Some(accept) = request.accept {
            builder = builder.header(ACCEPT, accept);
        }
        builder = match &request.body {
            Body::Empty => builder,
            Body::Form(form) => builder.header(CONTENT_TYPE, "application/x-www-form-urlencoded").body(form.clone()),
            Body::Json(json) => builder.header(CONTENT_TYPE, "application/json").body(json.clone()),
        };
        let response = builder.send().await.map_err(|e| transport_error(operation, &e, url))?;
        let status = response.status();
        let content_type = media_type(header(&response, CONTENT_TYPE).as_deref());
        let date = header(&response, DATE);
        let location = header(&response, LOCATION);
        let body = read_limited(response, status.is_success()).await.map_err(|e| match e {
            BodyError::TooLarge => ApiError::new(
                ApiErrorKind::BadResponse,
                operation,
                format!("the response body is larger than {} MiB", MAX_BODY_BYTES >> 20),
            ),
            BodyError::Transport(e) => transport_error(operation, &e, url),
        })?;
        Ok(Answered { status, content_type, date, location, body })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_lose_their_parameters_and_case() {
        assert_eq!(media_type(Some("Application/JSON; charset=utf-8")), "application/json");
        assert_eq!(media_type(Some("text/xml")), "text/xml");
        assert_eq!(media_type(None), "");
    }

    #[test]
    fn places_never_show_userinfo_or_query() {
        let url = reqwest::Url::parse("https://u:p@h.example:8443/a/b?token=x").unwrap();
        assert_eq!(place_of(&url), "https://h.example:8443/a/b");
    }

    #[test]
    fn project_jwts_are_signed_with_the_secret() {
        let caller = Caller::new(
            Credentials { api_key: "123456".into(), api_secret: "s3cr3t".into() },
            ClientOptions::default(),
        );
        let jwt = caller.project_jwt();
        let (signed, signature) = jwt.rsplit_once('.').unwrap();
        use base64::Engine;
        let signature = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(signature).unwrap();
        assert!(JwtSigner::new(b"s3cr3t").verifies(signed.as_bytes(), &signature));
        assert_ne!(caller.project_jwt(), jwt, "every JWT is fresh");
    }
}
