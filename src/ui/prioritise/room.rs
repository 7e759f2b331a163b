//! The room: one link and QR code for everyone, for the open rounds. Phones join once
//! and send one code for every open round (see `domain::room`). Opening the room also
//! puts the projector on the room view (`domain::presenter::room_picture`).

use leptos::prelude::*;

use crate::domain::codec::{qr_symbol_for_screen, DENSEST_FOR_A_ROOM};
use crate::domain::model::Edit;
use crate::domain::presenter::{room_progress, ProjectorView};
use crate::platform::files;
use crate::ui::qr::QrCode;
use crate::ui::state::AppState;
use crate::ui::widgets::read;

#[component]
pub fn RoomPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let open = state.room_open;
    let copied = RwSignal::new(None::<String>);
    let link = Memo::new(move |_| state.room_link());
    let open_room = move |_| {
        open.set(true);
        state.projector.set(ProjectorView::Room);
    };
    let copy = move |_| {
        let Ok(text) = link.get_untracked() else { return };
        leptos::task::spawn_local(async move {
            copied.set(Some(match files::copy_text(&text).await {
                Ok(()) => "Copied the room link.".into(),
                Err(e) => format!("Could not copy: {e}. Select the link and copy it instead."),
            }));
        });
    };
    let walk_ins = move || read(state, |w| w.walk_ins());
    let progress = move || read(state, room_progress);
    view! {
        <section class="panel room" aria-labelledby="room-heading" data-testid="room">
            <div class="panel-head">
                <h3 id="room-heading">"The room"</h3>
                <Show
                    when=move || open.get()
                    fallback=move || view! {
                        <button class="button primary" data-testid="open-room" on:click=open_room>"Open the room"</button>
                    }
                >
                    <button class="button subtle" data-testid="hide-room" aria-expanded="true" on:click=move |_| open.set(false)>
                        "Hide the room panel"
                    </button>
                </Show>
            </div>
            <Show when=move || open.get()>
                <div class="room-panel" data-testid="room-panel">
                    {move || (state.projector.get() != ProjectorView::Room).then(|| view! {
                        <p class="hint">
                            "The projector shows something else. "
                            <button class="button" data-testid="room-to-projector" on:click=move |_| state.projector.set(ProjectorView::Room)>
                                "Show the room on the projector"
                            </button>
                        </p>
                    })}
                    {move || match link.get() {
                        Ok(link) => {
                            let symbol = qr_symbol_for_screen(&link);
                            view! {
                                <p class="hint">"Everyone scans this once with their phone's camera, chooses their name, and votes in every open round from then on. Open the next round and they scan it again."</p>
                                {match symbol {
                                    Ok(symbol) => view! {
                                        <div class="room-qr" data-testid="room-qr"><QrCode text=link.clone() label="QR code of the room link".to_string() screen=true/></div>
                                        <p class="hint" data-testid="room-qr-size">
                                            {format!("QR version {}, {} × {} modules", symbol.version(), symbol.size, symbol.size)}
                                        </p>
                                        {(symbol.version() > DENSEST_FOR_A_ROOM).then(|| view! {
                                            <p class="notice" role="status" data-testid="room-qr-dense">
                                                "This code is dense: phones at the back of the room may not read it off the projector. Send the room link in the room's chat as well, or open fewer goals at once."
                                            </p>
                                        })}
                                    }.into_any(),
                                    Err(too_big) => view! {
                                        <p class="notice" role="status" data-testid="room-too-big">
                                            {format!("The room link is too long for one QR code ({} characters): the open rounds carry too many goals. Copy the link into the room's chat instead, or open fewer goals at once.", too_big.bytes)}
                                        </p>
                                    }.into_any(),
                                }}
                                <label class="field">
                                    <span>"Room link (for a chat)"</span>
                                    <input readonly data-testid="room-link" prop:value=link/>
                                </label>
                                <button class="button" data-testid="copy-room-link" on:click=copy>"Copy the room link"</button>
                                <p role="status" class="hint">{move || copied.get()}</p>
                            }.into_any()
                        }
                        Err(problem) => view! { <p class="notice" data-testid="room-problem">{problem}</p> }.into_any(),
                    }}
                    <label class="check">
                        <input
                            type="checkbox"
                            data-testid="walk-ins"
                            prop:checked=walk_ins
                            on:change=move |ev| { state.apply(Edit::SetWalkIns(event_target_checked(&ev))); }
                        />
                        "Let people not on the list join by typing their name"
                    </label>
                    <ul class="room-counts" role="list">
                        {move || progress().into_iter().map(|p| view! {
                            <li data-testid="room-count">
                                <strong>{p.name}</strong>
                                {format!(": {} of {} ballots in", p.cast, p.of)}
                                {p.voted.filter(|v| !v.is_empty()).map(|v| view! {
                                    <span class="hint" data-testid="room-voted">{format!(" · voted: {}", v.join(", "))}</span>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                </div>
            </Show>
        </section>
    }
}
