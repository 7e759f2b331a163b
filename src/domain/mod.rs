//! The pure core of Accord. Nothing here imports leptos, web-sys, gloo or wasm-bindgen:
//! time, randomness and IDs come in as arguments, so every function is deterministic.

pub mod alignment;
pub mod ballot_box;
pub mod codec;
pub mod conflicts;
pub mod demo;
pub mod history;
pub mod invitation;
pub mod library;
pub mod model;
pub mod open;
pub mod outline;
pub mod presenter;
pub mod room;
pub mod sample;
mod splitmix;
pub mod tally;
pub mod time;
pub mod voting;
pub mod wire;
pub mod render;
pub mod actions;
pub mod count;
pub mod disclosure;
pub mod kiosk;
pub mod room_phone;
pub mod share;
pub mod guide;

pub mod map_layout;
pub mod results_view;
pub mod order;
