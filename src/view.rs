//! The viewer's entry point (`/view/`): a shared goal tree (`#tree=ACT1.…`), with the
//! person's own goals aligned to it, or a department lead's draft (`#draft=ACD1.…`). Its
//! own small bundle: it mounts only `ui::viewer`.

#[cfg(target_arch = "wasm32")]
fn main() {
    accord::ui::start_viewer()
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("accord-view is the viewer's browser app; build it with trunk (see README.md).");
}
