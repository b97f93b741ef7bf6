//! https for the tests' fake services: a throw-away certificate authority
//! (rcgen) with a server certificate for 127.0.0.1 and localhost, served by
//! axum over tokio-rustls (ring). A client that cannot speak TLS, or does
//! not trust the test CA, gets nothing from these servers.

use std::{net::SocketAddr, sync::Arc, time::Duration};

use axum::Router;
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair,
    KeyUsagePurpose,
};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::{
    rustls::{
        self,
        pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer},
    },
    server::TlsStream,
    TlsAcceptor,
};

/// A test CA and the server identity it signed.
pub struct TestCa {
    /// The CA certificate, PEM: what a client must trust.
    pub ca_pem: String,
    server: Arc<rustls::ServerConfig>,
}

impl TestCa {
    pub fn new() -> TestCa {
        let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.distinguished_name
            .push(DnType::CommonName, "Ledig test CA");
        ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca_key = KeyPair::generate().unwrap();
        let ca_cert = ca.self_signed(&ca_key).unwrap();

        let mut leaf =
            CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()]).unwrap();
        leaf.distinguished_name
            .push(DnType::CommonName, "localhost");
        leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let leaf_key = KeyPair::generate().unwrap();
        let leaf_cert = leaf.signed_by(&leaf_key, &ca_cert, &ca_key).unwrap();

        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let server = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(
                vec![CertificateDer::from(leaf_cert.der().to_vec())],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der())),
            )
            .unwrap();
        TestCa {
            ca_pem: ca_cert.pem(),
            server: Arc::new(server),
        }
    }

    /// Serves `app` over https on a free port of 127.0.0.1.
    pub async fn serve(&self, app: Router) -> SocketAddr {
        let tcp = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = tcp.local_addr().unwrap();
        let listener = TlsListener {
            tcp,
            acceptor: TlsAcceptor::from(self.server.clone()),
        };
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        addr
    }
}

/// TCP connections, each after a TLS handshake that succeeded.
struct TlsListener {
    tcp: TcpListener,
    acceptor: TlsAcceptor,
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Ok((stream, peer)) = self.tcp.accept().await else {
                continue;
            };
            // A client that refuses the certificate ends its handshake; the
            // next connection is served.
            let handshake = self.acceptor.accept(stream);
            if let Ok(Ok(tls)) = tokio::time::timeout(Duration::from_secs(5), handshake).await {
                return (tls, peer);
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.tcp.local_addr()
    }
}

/// A router that hands every request on to `target` (plain http) and its
/// answer back: put behind [`TestCa::serve`], the real app over https.
pub fn forward_to(target: String) -> Router {
    let client = reqwest::Client::new();
    Router::new().fallback(move |request: axum::extract::Request| {
        let (client, target) = (client.clone(), target.clone());
        async move {
            let (parts, body) = request.into_parts();
            let body = axum::body::to_bytes(body, 1 << 20).await.unwrap();
            let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
            let mut headers = parts.headers;
            headers.remove(axum::http::header::HOST);
            let answer = client
                .request(parts.method, format!("{target}{path}"))
                .headers(headers)
                .body(body)
                .send()
                .await
                .unwrap();
            let status = answer.status();
            let mut headers = answer.headers().clone();
            headers.remove(axum::http::header::TRANSFER_ENCODING);
            headers.remove(axum::http::header::CONNECTION);
            let mut response = axum::response::Response::new(axum::body::Body::from(
                answer.bytes().await.unwrap(),
            ));
            *response.status_mut() = status;
            *response.headers_mut() = headers;
            response
        }
    })
}
