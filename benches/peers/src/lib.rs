//! Nothing: see benches/peers.rs.
