//! Local ports for the services under test.

/// A port that was free a moment ago, taken below the kernel's ephemeral range: a port from
/// `bind(0)` can be handed to some outgoing connection (a database client's, say) before the service
/// binds it, while ports below 32768 are only ever taken by explicit binds.
pub(crate) fn free_port() -> u16 {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let seed = std::process::id().wrapping_mul(7919)
        ^ std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
    (0..2000)
        .map(|_| {
            let step = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            20000 + (seed.wrapping_add(step.wrapping_mul(97)) % 12000) as u16
        })
        .find(|port| std::net::TcpListener::bind(("127.0.0.1", *port)).is_ok())
        .unwrap_or_else(|| panic!("no free port below the ephemeral range"))
}
