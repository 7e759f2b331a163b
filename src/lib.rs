//! Accord: organizational-alignment workshops that run entirely in the browser.
//!
//! `domain` is the pure core (no browser, no reactive runtime) and builds everywhere.
//! `platform` (the browser edge) and `ui` (Leptos components) exist only in the wasm build.

pub mod domain;

#[cfg(target_arch = "wasm32")]
pub mod platform;
#[cfg(target_arch = "wasm32")]
pub mod ui;
