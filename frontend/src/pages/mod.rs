pub mod book;
pub mod booking;
pub mod home;
pub mod my;
pub mod not_found;
pub mod pay;
pub mod venue;
pub mod week;
