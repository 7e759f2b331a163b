//! The room: one link and QR code for everyone, for the open rounds. Phones join once
//! and send one code for every open round (see `domain::room`).

use leptos::prelude::*;

use crate::platform::files;
use crate::ui::qr::QrCode;
use crate::ui::state::AppState;

#[component]
pub fn RoomPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let open = RwSignal::new(false);
    let copied = RwSignal::new(None::<String>);
    let link = Memo::new(move |_| state.room_link());
    let copy = move |_| {
        let Ok(text) = link.get_untracked() else { return };
        leptos::task::spawn_local(async move {
            copied.set(Some(match files::copy_text(&text).await {
                Ok(()) => "Copied the room link.".into(),
                Err(e) => format!("Could not copy: {e}. Select the link and copy it instead."),
            }));
        });
    };
    view! {
        <section class="panel room" aria-labelledby="room-heading" data-testid="room">
            <div class="panel-head">
                <h3 id="room-heading">"The room"</h3>
                <button class="button primary" data-testid="open-room" aria-expanded=move || open.get().to_string()
                    on:click=move |_| open.update(|o| *o = !*o)>
                    {move || if open.get() { "Hide the room code" } else { "Open the room" }}
                </button>
            </div>
            <Show when=move || open.get()>
                <div class="room-panel" data-testid="room-panel">
                    {move || match link.get() {
                        Ok(link) => view! {
                            <p class="hint">"Everyone scans this once with their phone's camera, chooses their name, and votes in every open round from then on. Open the next round and they scan it again."</p>
                            <div data-testid="room-qr"><QrCode text=link.clone() label="QR code of the room link".to_string() screen=true/></div>
                            <label class="field">
                                <span>"Room link (for a chat)"</span>
                                <input readonly data-testid="room-link" prop:value=link/>
                            </label>
                            <button class="button" data-testid="copy-room-link" on:click=copy>"Copy the room link"</button>
                            <p role="status" class="hint">{move || copied.get()}</p>
                        }.into_any(),
                        Err(problem) => view! { <p class="hint" data-testid="room-problem">{problem}</p> }.into_any(),
                    }}
                </div>
            </Show>
        </section>
    }
}
