//! TLS trust as Node's `https` has it. Three things differ from reqwest's
//! own rustls setup, and are done here:
//!
//! - `options.ca` *replaces* the default roots, as Node's `ca` does.
//! - The default roots are the ones Node itself trusts (its bundled roots,
//!   `NODE_EXTRA_CA_CERTS`, and the system store under `--use-system-ca`),
//!   handed over by `lib/trust.js` as a [`TrustStore`]; without one, the
//!   Mozilla roots of `webpki-roots`.
//! - A server certificate that is itself one of the trusted certificates is
//!   accepted even when it is marked as a CA (what `openssl req -x509` makes
//!   by default), as OpenSSL does; webpki refuses those (`CaUsedAsEndEntity`).
//!   Its validity period (checked by webpki before that error) and host name
//!   are still checked.

use std::sync::{Arc, OnceLock};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, Error as TlsError, OtherError, RootCertStore, SignatureScheme};

use crate::error::Error;

/// PEM certificates: each one, or why they cannot be read.
pub fn parse_certificates(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, String> {
    let certs = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("is not readable PEM: {e}"))?;
    if certs.is_empty() {
        return Err("holds no PEM certificate".into());
    }
    let (_, unreadable) = RootCertStore::empty().add_parsable_certificates(certs.iter().cloned());
    if unreadable > 0 {
        return Err(format!("holds {unreadable} certificate(s) that cannot be read"));
    }
    Ok(certs)
}

/// `options.ca`: the certificates to trust instead of the default roots.
pub fn parse_ca(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, Error> {
    parse_certificates(pem).map_err(|reason| Error::InvalidArgValue { name: "options.ca".into(), reason })
}

/// The roots Node's `https` trusts by default in this process, as PEM; read
/// on the first REST call of the first SDK object that uses them.
pub struct TrustStore {
    pem: Vec<u8>,
    certs: OnceLock<Vec<CertificateDer<'static>>>,
}

impl TrustStore {
    pub fn new(pem: Vec<u8>) -> Self {
        TrustStore { pem, certs: OnceLock::new() }
    }

    /// The certificates; ones that do not parse are left out, as Node leaves
    /// out what it cannot read of `NODE_EXTRA_CA_CERTS`.
    fn certs(&self) -> &[CertificateDer<'static>] {
        self.certs.get_or_init(|| CertificateDer::pem_slice_iter(&self.pem).filter_map(Result::ok).collect())
    }
}

impl std::fmt::Debug for TrustStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrustStore").field("pem_bytes", &self.pem.len()).finish_non_exhaustive()
    }
}

/// Whom a client trusts.
#[derive(Debug, Clone, Default)]
pub enum Trust {
    /// The Mozilla roots of `webpki-roots`.
    #[default]
    Builtin,
    /// Node's default roots (see [`TrustStore`]).
    Node(Arc<TrustStore>),
    /// `options.ca` alone.
    Only(Vec<CertificateDer<'static>>),
}

#[derive(Debug)]
struct NodeLikeVerifier {
    webpki: Arc<WebPkiServerVerifier>,
    /// The trusted certificates, compared byte for byte with a server's certificate.
    trusted: Vec<CertificateDer<'static>>,
    algorithms: WebPkiSupportedAlgorithms,
}

fn is_ca_used_as_end_entity(error: &TlsError) -> bool {
    match error {
        TlsError::InvalidCertificate(CertificateError::Other(OtherError(inner))) => {
            matches!(inner.downcast_ref::<webpki::Error>(), Some(webpki::Error::CaUsedAsEndEntity))
        }
        _ => false,
    }
}

impl ServerCertVerifier for NodeLikeVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, TlsError> {
        match self.webpki.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now) {
            Err(error)
                if is_ca_used_as_end_entity(&error)
                    && self.trusted.iter().any(|cert| cert.as_ref() == end_entity.as_ref()) =>
            {
                let parsed = rustls::server::ParsedCertificate::try_from(end_entity)?;
                rustls::client::verify_server_name(&parsed, server_name)?;
                Ok(ServerCertVerified::assertion())
            }
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, TlsError> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, TlsError> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// The rustls setup of a client that trusts `trust`.
pub fn client_config(trust: &Trust) -> Result<rustls::ClientConfig, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = RootCertStore::empty();
    let trusted: Vec<CertificateDer<'static>> = match trust {
        Trust::Builtin => {
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
            Vec::new()
        }
        Trust::Node(store) => store.certs().to_vec(),
        Trust::Only(certs) => certs.clone(),
    };
    roots.add_parsable_certificates(trusted.iter().cloned());
    let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), Arc::clone(&provider))
        .build()
        .map_err(|e| format!("no usable trusted certificate: {e}"))?;
    let verifier = NodeLikeVerifier { webpki, trusted, algorithms: provider.signature_verification_algorithms };
    let mut config = rustls::ClientConfig::builder_with_provider(provider as Arc<CryptoProvider>)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    // reqwest sets ALPN only on the setups it builds itself; this client speaks HTTP/1.1.
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificates_must_be_readable_pem() {
        assert!(parse_certificates(b"not a pem").unwrap_err().contains("no PEM certificate"));
        assert!(parse_certificates(b"").is_err());
        let garbage = b"-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n";
        assert!(parse_certificates(garbage).unwrap_err().contains("cannot be read"));
        assert_eq!(parse_ca(garbage).unwrap_err().code(), "ERR_INVALID_ARG_VALUE");
    }

    #[test]
    fn every_trust_builds_a_setup() {
        assert!(client_config(&Trust::Builtin).is_ok());
        let node = TrustStore::new(b"junk, then nothing readable".to_vec());
        assert!(client_config(&Trust::Node(Arc::new(node))).is_err(), "no root at all is a setup error");
    }
}
