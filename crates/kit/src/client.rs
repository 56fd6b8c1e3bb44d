//! Clients of the Qinglian contracts, one way for every caller: the services calling their peers, the
//! operator CLI and the tests. A client is any generated `…ServiceClient` over an [`AuthedChannel`]:
//! a channel to one service (TLS when configured, a deadline on connecting and, where the caller sets
//! one, on every call) that sends a bearer token on every request. [`all_pages`] follows a List RPC to its last page. The
//! retries on UNAVAILABLE and the service tokens of calls between services are `peers::Peer`'s.

use std::future::Future;
use std::time::Duration;

use qinglian_api::Paged;
use tonic::service::interceptor::InterceptedService;
use tonic::transport::{Channel, Endpoint};

use crate::auth::BearerToken;
use crate::tls::ClientTlsSettings;

/// A channel to a service that sends a bearer token on every request.
pub type AuthedChannel = InterceptedService<Channel, BearerToken>;

/// The endpoint of the service at `url`: over TLS when `tls` is given (its `section` named in
/// errors), with `connect_timeout` on connecting and `call_timeout`, when given, on every call.
/// Errors are one line naming the address.
pub fn endpoint(
    url: &str,
    tls: Option<(&ClientTlsSettings, &str)>,
    connect_timeout: Duration,
    call_timeout: Option<Duration>,
) -> Result<Endpoint, String> {
    let mut endpoint =
        Endpoint::from_shared(url.to_owned()).map_err(|e| format!("invalid address {url}: {e}"))?;
    if let Some((tls, section)) = tls {
        endpoint = endpoint
            .tls_config(tls.client_config(section)?)
            .map_err(|e| format!("{section}: {e}"))?;
    }
    endpoint = endpoint.connect_timeout(connect_timeout);
    if let Some(timeout) = call_timeout {
        endpoint = endpoint.timeout(timeout);
    }
    Ok(endpoint)
}

/// Connects to the service at `url` now (see [`endpoint`]), saying which address could not be reached.
pub async fn connect(
    url: &str,
    tls: Option<(&ClientTlsSettings, &str)>,
    connect_timeout: Duration,
    call_timeout: Option<Duration>,
) -> Result<Channel, String> {
    endpoint(url, tls, connect_timeout, call_timeout)?
        .connect()
        .await
        .map_err(|e| format!("cannot reach the service at {url}: {e}"))
}

/// `channel`, sending `token` on every request.
pub fn authed(channel: Channel, token: &str) -> Result<AuthedChannel, String> {
    Ok(InterceptedService::new(channel, BearerToken::new(token)?))
}

/// Every item a List RPC answers for `request`, page after page: `list` sends one page's request and
/// answers that page's items and the next page's token (empty after the last page). A service that
/// answers the token it was sent would be followed forever: that is refused as DATA_LOSS.
pub async fn all_pages<M, T, E, F, Fut>(mut request: M, mut list: F) -> Result<Vec<T>, E>
where
    M: Paged + Clone,
    E: From<tonic::Status>,
    F: FnMut(M) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, String), E>>,
{
    let mut items = Vec::new();
    loop {
        let (page, next) = list(request.clone()).await?;
        items.extend(page);
        if next.is_empty() {
            return Ok(items);
        }
        if next == request.page_token() {
            return Err(tonic::Status::data_loss(format!(
                "the service answered page token {next} for the page it names; stopped following"
            ))
            .into());
        }
        request.set_page_token(next);
    }
}
