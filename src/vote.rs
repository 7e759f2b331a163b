//! The participant's entry point (`/vote/`): only the ballot from an invite (`#invite=`)
//! or the room (`#room=`: join once, vote in every open round from this phone), so a
//! phone downloads a fraction of the facilitator's app. Without either in the link, it
//! lists the invites kept on this device.

#[cfg(target_arch = "wasm32")]
fn main() {
    use accord::ui::{ParticipantApp, ParticipantHome, RoomPhoneApp};
    use leptos::prelude::*;
    let hash = location_hash().unwrap_or_default();
    let fragment = hash.trim_start_matches('#');
    if let Some(code) = fragment.strip_prefix("invite=") {
        let code = code.to_string();
        leptos::mount::mount_to_body(move || view! { <ParticipantApp code=code.clone()/> })
    } else if let Some(code) = fragment.strip_prefix("room=") {
        // The room link: join once, then every open round from this phone.
        let code = code.to_string();
        leptos::mount::mount_to_body(move || view! { <RoomPhoneApp code=code.clone()/> })
    } else {
        leptos::mount::mount_to_body(|| view! { <ParticipantHome/> })
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("accord-vote is the participant's browser app; build it with trunk (see README.md).");
}
