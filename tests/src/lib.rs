//! Cross-service scenarios over real gRPC; the tests are in `tests/`.
#![forbid(unsafe_code)]
