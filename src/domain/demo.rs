//! The demo workshop a first visit opens. It is an ordinary workshop file shipped with the
//! app (`public/demo/`), read through the same `restore` as a user's file.

use crate::domain::model::Workshop;
use crate::domain::wire::{restore, ImportError};

pub const DEMO_JSON: &str = include_str!("../../public/demo/northwind-annual-planning.json");

pub fn demo_workshop() -> Result<Workshop, ImportError> {
    restore(DEMO_JSON.as_bytes())
}
