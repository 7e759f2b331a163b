//! The browser entry point: mount the app, nothing else.

#[cfg(target_arch = "wasm32")]
fn main() {
    leptos::mount::mount_to_body(accord::ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("accord-web is the browser app; build it with `trunk build` (see README.md).");
}
