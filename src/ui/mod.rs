//! Leptos components by workshop phase. They render the state in `state` and dispatch
//! its actions; workshop rules live in the core, browser access in `platform`.
//!
//! The participant's page (`participant`, `room_phone`, `ballot_dom`) and the viewer
//! (`viewer`) are drawn with direct DOM calls (`dom`) and compile without Leptos: the
//! Leptos modules are behind the `facilitator` feature (on by default), which
//! `vote/index.html` builds without, so `/vote/` links neither Leptos nor its
//! dependencies' exports.

#[cfg(feature = "facilitator")]
mod align;
#[cfg(feature = "facilitator")]
mod app;
#[cfg(feature = "facilitator")]
mod ballot;
mod ballot_dom;
#[cfg(feature = "facilitator")]
mod define;
mod dom;
#[cfg(feature = "facilitator")]
mod export;
#[cfg(feature = "facilitator")]
mod guide;
#[cfg(feature = "facilitator")]
mod kiosk;
#[cfg(feature = "facilitator")]
mod lab;
#[cfg(feature = "facilitator")]
mod library;
#[cfg(feature = "facilitator")]
mod notices;
mod participant;
mod room_phone;
#[cfg(feature = "facilitator")]
mod presenter;
#[cfg(feature = "facilitator")]
mod prioritise;
mod qr;
#[cfg(feature = "facilitator")]
mod recovery;
#[cfg(feature = "facilitator")]
mod resolve;
#[cfg(feature = "facilitator")]
mod on_demand;
#[cfg(feature = "facilitator")]
mod screens;
#[cfg(feature = "facilitator")]
mod sharing;
#[cfg(feature = "facilitator")]
mod state;
#[cfg(feature = "facilitator")]
mod tree;
mod viewer;
#[cfg(feature = "facilitator")]
mod widgets;

#[cfg(feature = "facilitator")]
pub use app::App;
pub use participant::start as start_vote;
#[cfg(feature = "facilitator")]
pub use presenter::start as start_presenter;
pub use viewer::start as start_viewer;
