//! TLS for the gRPC servers and for the calls between services (rustls through tonic), configured by
//! file paths. The files are read once at start-up, so a missing or unreadable file stops the service
//! with one line naming the setting; rotating certificates means restarting (Kubernetes does that on a
//! rollout).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tonic::transport::{Certificate, ClientTlsConfig, Identity, ServerTlsConfig};

/// `[server.tls]`: the server's certificate and, for mutual TLS, the authority its clients' certificates
/// must be signed by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerTlsSettings {
    /// PEM certificate chain of the server.
    pub cert_file: PathBuf,
    /// PEM private key of the server.
    pub key_file: PathBuf,
    /// PEM certificate authority of the clients; when set, every client must present a certificate it
    /// signed (mutual TLS), and health checks need one too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_ca_file: Option<PathBuf>,
}

/// `[peers.tls]`: how a service checks its peers' certificates and which certificate it presents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientTlsSettings {
    /// PEM certificate authority the peers' certificates must be signed by.
    pub ca_file: PathBuf,
    /// PEM certificate presented to peers that ask for one (mutual TLS); needs `key_file`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert_file: Option<PathBuf>,
    /// PEM private key of `cert_file`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_file: Option<PathBuf>,
    /// Name expected in the peers' certificates, when it is not the host of the peer's URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
}

impl ServerTlsSettings {
    /// The server configuration; `section` names the settings in errors (e.g. `server.tls`).
    pub fn server_config(&self, section: &str) -> Result<ServerTlsConfig, String> {
        let identity = identity(section, &self.cert_file, &self.key_file)?;
        let mut config = ServerTlsConfig::new().identity(identity);
        if let Some(ca) = &self.client_ca_file {
            config = config.client_ca_root(certificate(section, "client_ca_file", ca)?);
        }
        Ok(config)
    }
}

impl ClientTlsSettings {
    /// The client configuration; `section` names the settings in errors (e.g. `peers.tls`).
    pub fn client_config(&self, section: &str) -> Result<ClientTlsConfig, String> {
        let mut config =
            ClientTlsConfig::new().ca_certificate(certificate(section, "ca_file", &self.ca_file)?);
        match (&self.cert_file, &self.key_file) {
            (Some(cert), Some(key)) => config = config.identity(identity(section, cert, key)?),
            (None, None) => {}
            _ => {
                return Err(format!(
                    "{section}: cert_file and key_file must be set together"
                ));
            }
        }
        if let Some(domain) = &self.domain {
            config = config.domain_name(domain.clone());
        }
        Ok(config)
    }
}

fn identity(section: &str, cert: &Path, key: &Path) -> Result<Identity, String> {
    Ok(Identity::from_pem(
        read_pem(section, "cert_file", cert)?,
        read_pem(section, "key_file", key)?,
    ))
}

fn certificate(section: &str, key: &str, path: &Path) -> Result<Certificate, String> {
    Ok(Certificate::from_pem(read_pem(section, key, path)?))
}

/// The file's contents, which must look like PEM; rustls reports a bad file only at the first
/// handshake, so the obvious mistakes are caught here, at start-up.
fn read_pem(section: &str, key: &str, path: &Path) -> Result<Vec<u8>, String> {
    let bytes = std::fs::read(path)
        .map_err(|e| format!("{section}.{key}: cannot read {}: {e}", path.display()))?;
    if !bytes.windows(11).any(|w| w == b"-----BEGIN ") {
        return Err(format!(
            "{section}.{key}: {} is not a PEM file",
            path.display()
        ));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_and_non_pem_files_name_the_setting() {
        let dir = tempfile::tempdir().expect("dir");
        let junk = dir.path().join("junk.pem");
        std::fs::write(&junk, "not a certificate").expect("write");
        let server = ServerTlsSettings {
            cert_file: dir.path().join("absent.pem"),
            key_file: junk.clone(),
            client_ca_file: None,
        };
        let error = server.server_config("server.tls").expect_err("absent");
        assert!(
            error.starts_with("server.tls.cert_file: cannot read"),
            "{error}"
        );
        let client = ClientTlsSettings {
            ca_file: junk,
            cert_file: None,
            key_file: None,
            domain: None,
        };
        let error = client.client_config("peers.tls").expect_err("junk");
        assert!(error.starts_with("peers.tls.ca_file:"), "{error}");
        assert!(error.ends_with("is not a PEM file"), "{error}");
    }

    #[test]
    fn a_client_certificate_needs_its_key() {
        let dir = tempfile::tempdir().expect("dir");
        let ca = dir.path().join("ca.pem");
        std::fs::write(
            &ca,
            "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n",
        )
        .expect("write");
        let client = ClientTlsSettings {
            ca_file: ca.clone(),
            cert_file: Some(ca),
            key_file: None,
            domain: None,
        };
        let error = client.client_config("peers.tls").expect_err("half");
        assert_eq!(
            error,
            "peers.tls: cert_file and key_file must be set together"
        );
    }
}
