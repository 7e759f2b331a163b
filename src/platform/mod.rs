//! The browser edge: everything that touches browser APIs lives here, so the core stays
//! pure and the components stay thin.

pub mod broadcast;
#[cfg(feature = "facilitator")]
pub mod camera;
pub mod clock;
pub mod files;
#[cfg(feature = "facilitator")]
pub mod kiosk;
pub mod random;
pub mod storage;
#[cfg(feature = "facilitator")]
pub mod tabs;
pub mod view_storage;
#[cfg(feature = "facilitator")]
pub mod scan;
