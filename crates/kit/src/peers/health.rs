//! Whether a peer can serve, for the readiness of a service that depends on it: its `grpc.health.v1`
//! answer, asked over the peer's own channel (so with its TLS) within a short bound.

use std::time::Duration;

use tonic::Request;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

use super::Peer;

/// The longest a health probe waits for a peer, whatever the deadline of its calls.
const PROBE_BOUND: Duration = Duration::from_secs(1);

impl Peer {
    /// The peer's name in settings and errors, e.g. `tasks`.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Ok when the peer answers SERVING within a second (or its call deadline, when shorter); else
    /// one line saying why not, naming the peer.
    pub async fn serving(&self) -> Result<(), String> {
        let bound = self.timeout.min(PROBE_BOUND);
        let mut request = Request::new(HealthCheckRequest {
            service: String::new(),
        });
        request.set_timeout(bound);
        let mut client = HealthClient::new(self.channel.clone());
        let name = self.name;
        match tokio::time::timeout(bound, client.check(request)).await {
            Err(_) => Err(format!(
                "{name} service did not answer its health check within {}ms",
                bound.as_millis()
            )),
            Ok(Err(status)) => Err(format!("{name} service unavailable: {}", status.message())),
            Ok(Ok(response)) => match ServingStatus::try_from(response.get_ref().status) {
                Ok(ServingStatus::Serving) => Ok(()),
                Ok(status) => Err(format!("{name} service is {}", status.as_str_name())),
                Err(_) => Err(format!("{name} service answered an unknown health status")),
            },
        }
    }
}
