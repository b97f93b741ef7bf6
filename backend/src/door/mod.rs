//! `ledig door`: the reference lock controller (docs/ACCESS.md, "Reference
//! controller"). `decide` is the offline decision, `sync` talks to the server
//! and keeps the state on disk, `page` serves the virtual door.

pub mod decide;
pub mod page;
pub mod sync;

pub use decide::{Decision, DoorState, Presented};
pub use sync::{Door, DoorConfig, Status, SyncSummary};
