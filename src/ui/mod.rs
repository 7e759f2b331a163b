//! Leptos components by workshop phase. They render the state in `state` and dispatch
//! its actions; workshop rules live in the core, browser access in `platform`.

mod align;
mod app;
mod ballot;
mod define;
mod export;
mod guide;
mod kiosk;
mod lab;
mod library;
mod notices;
mod participant;
mod room_phone;
mod presenter;
mod prioritise;
mod qr;
mod recovery;
mod resolve;
mod screens;
mod sharing;
mod state;
mod tree;
mod viewer;
mod widgets;

pub use app::App;
pub use participant::{ParticipantApp, ParticipantHome};
pub use room_phone::RoomPhoneApp;
pub use viewer::start as start_viewer;
