//! The presenter window's entry point (`/present/`): `#presenter/<workshop id>` is the
//! projector view that follows that workshop's facilitator window; `#lab/schulze` times
//! the Schulze tally in this browser's wasm. Its own bundle, so the facilitator's first
//! load does not carry them (the facilitator's page sends those fragments here).

#[cfg(target_arch = "wasm32")]
fn main() {
    accord::ui::start_presenter()
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("accord-present is the presenter window's browser app; build it with trunk (see README.md).");
}
