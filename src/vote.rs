//! The participant's entry point (`/vote/`): only the ballot from an invite, so a phone
//! downloads a fraction of the facilitator's app. Without an invite in the link, it lists
//! the invites kept on this device.

#[cfg(target_arch = "wasm32")]
fn main() {
    use accord::ui::{ParticipantApp, ParticipantHome};
    use leptos::prelude::*;
    let hash = location_hash().unwrap_or_default();
    match hash.trim_start_matches('#').strip_prefix("invite=") {
        Some(code) => {
            let code = code.to_string();
            leptos::mount::mount_to_body(move || view! { <ParticipantApp code=code.clone()/> })
        }
        None => leptos::mount::mount_to_body(|| view! { <ParticipantHome/> }),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("accord-vote is the participant's browser app; build it with trunk (see README.md).");
}
