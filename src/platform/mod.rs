//! The browser edge: everything that touches browser APIs lives here, so the core stays
//! pure and the components stay thin.

pub mod broadcast;
pub mod camera;
pub mod clock;
pub mod files;
pub mod kiosk;
pub mod random;
pub mod storage;
pub mod tabs;
pub mod view_storage;
pub mod scan;
