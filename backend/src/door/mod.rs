//! `ledig door`: the reference lock controller (docs/ACCESS.md, "Reference
//! controller"). `decide` is the offline decision, `sync` talks to the server
//! and keeps the state on disk, `page` is the virtual door.

pub mod decide;

pub use decide::{Decision, DoorState, Presented};
