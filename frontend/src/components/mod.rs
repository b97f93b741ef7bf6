pub mod access;
pub mod cluster;
pub mod geo;
pub mod map;
pub mod nav;
pub mod problem;
pub mod qr;
pub mod skeleton;
