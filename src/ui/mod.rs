//! Leptos components by workshop phase. They render the state in `state` and dispatch
//! its actions; workshop rules live in the core, browser access in `platform`.

mod align;
mod app;
mod define;
mod export;
mod lab;
mod library;
mod notices;
mod presenter;
mod prioritise;
mod recovery;
mod resolve;
mod state;
mod tree;
mod widgets;

pub use app::App;
