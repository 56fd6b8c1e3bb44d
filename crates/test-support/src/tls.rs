//! Certificates for TLS tests: a certificate authority made for the run and, signed by it, leaf
//! certificates for 127.0.0.1 and localhost that serve as server and client certificates. A second,
//! unrelated authority lets tests show that a certificate it signed is refused.

use std::path::{Path, PathBuf};

use qinglian_kit::tls::{ClientTlsSettings, ServerTlsSettings};
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};
use tonic::transport::{Certificate, ClientTlsConfig, Identity};

/// A PEM certificate and its private key, written to files.
#[derive(Clone, Debug)]
pub struct CertifiedFiles {
    /// The certificate.
    pub cert_file: PathBuf,
    /// Its private key.
    pub key_file: PathBuf,
}

/// A certificate authority of the test that signs leaf certificates into a folder.
pub struct TestAuthority {
    issuer: CertifiedIssuer<'static, KeyPair>,
    dir: PathBuf,
    /// The authority's certificate, to be trusted by servers and clients.
    pub ca_file: PathBuf,
}

impl std::fmt::Debug for TestAuthority {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestAuthority")
            .field("ca_file", &self.ca_file)
            .finish_non_exhaustive()
    }
}

impl TestAuthority {
    /// A new authority named `name`, whose files go into `dir`.
    pub fn new(dir: &Path, name: &str) -> Self {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap_or_else(fail);
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let key = KeyPair::generate().unwrap_or_else(fail);
        let issuer = CertifiedIssuer::self_signed(params, key).unwrap_or_else(fail);
        let ca_file = dir.join(format!("{name}-ca.pem"));
        write(&ca_file, &issuer.pem());
        Self {
            issuer,
            dir: dir.to_path_buf(),
            ca_file,
        }
    }

    /// A certificate for `name` (its common name and file names) valid for 127.0.0.1 and localhost,
    /// usable both to serve and to authenticate as a client.
    pub fn issue(&self, name: &str) -> CertifiedFiles {
        let mut params =
            CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
                .unwrap_or_else(fail);
        params.distinguished_name.push(DnType::CommonName, name);
        params.extended_key_usages = vec![
            ExtendedKeyUsagePurpose::ServerAuth,
            ExtendedKeyUsagePurpose::ClientAuth,
        ];
        let key = KeyPair::generate().unwrap_or_else(fail);
        let cert = params.signed_by(&key, &self.issuer).unwrap_or_else(fail);
        let files = CertifiedFiles {
            cert_file: self.dir.join(format!("{name}.pem")),
            key_file: self.dir.join(format!("{name}.key")),
        };
        write(&files.cert_file, &cert.pem());
        write(&files.key_file, &key.serialize_pem());
        files
    }

    /// `[server.tls]` serving `leaf`, requiring client certificates of this authority when `mutual`.
    pub fn server_settings(&self, leaf: &CertifiedFiles, mutual: bool) -> ServerTlsSettings {
        ServerTlsSettings {
            cert_file: leaf.cert_file.clone(),
            key_file: leaf.key_file.clone(),
            client_ca_file: mutual.then(|| self.ca_file.clone()),
        }
    }

    /// `[peers.tls]` trusting this authority and presenting `leaf` when given.
    pub fn client_settings(&self, leaf: Option<&CertifiedFiles>) -> ClientTlsSettings {
        ClientTlsSettings {
            ca_file: self.ca_file.clone(),
            cert_file: leaf.map(|l| l.cert_file.clone()),
            key_file: leaf.map(|l| l.key_file.clone()),
            domain: None,
        }
    }

    /// A tonic client configuration trusting this authority and presenting `leaf` when given.
    pub fn client_config(&self, leaf: Option<&CertifiedFiles>) -> ClientTlsConfig {
        let mut config =
            ClientTlsConfig::new().ca_certificate(Certificate::from_pem(read(&self.ca_file)));
        if let Some(leaf) = leaf {
            config = config.identity(Identity::from_pem(
                read(&leaf.cert_file),
                read(&leaf.key_file),
            ));
        }
        config
    }
}

fn write(path: &Path, contents: &str) {
    std::fs::write(path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn fail<T>(error: rcgen::Error) -> T {
    panic!("certificate generation: {error}")
}
