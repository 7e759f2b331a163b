//! The participant's entry point (`/vote/`): only the ballot from an invite (`#invite=`)
//! or the room (`#room=`: join once, vote in every open round from this phone), so a
//! phone downloads a fraction of the facilitator's app. Without either in the link, it
//! lists the invites kept on this device. Drawn with direct DOM calls (`ui::participant`),
//! so the bundle links no Leptos.

#[cfg(target_arch = "wasm32")]
fn main() {
    accord::ui::start_vote()
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("accord-vote is the participant's browser app; build it with trunk (see README.md).");
}
