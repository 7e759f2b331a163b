//! Prioritise: voting rounds. Set one up, open it, let people vote on this device in turn,
//! close it, reveal the results.

mod devices;
mod results;
mod room;
mod round;
mod setup;
mod station;
mod vote;

use leptos::prelude::*;

use devices::OwnDevices;
use room::RoomPanel;
pub(crate) use vote::PassTheDevice;
use round::RoundPanel;
use setup::NewRoundForm;

use crate::domain::model::RoundId;
use crate::ui::state::AppState;
use crate::ui::widgets::read;

#[component]
pub fn PrioritiseScreen() -> impl IntoView {
    let state = expect_context::<AppState>();
    let rounds = move || read(state, |w| w.rounds().map(|r| (r.id, r.name.clone(), r.status.label(), r.ballots.len())).collect::<Vec<_>>());
    // The round shown: the one picked, or the latest.
    let picked = RwSignal::new(None::<RoundId>);
    let shown = Memo::new(move |_| {
        let exists = |id: RoundId| read(state, move |w| w.round(id).is_some());
        picked.get().filter(|id| exists(*id)).or_else(|| rounds().last().map(|r| r.0))
    });
    let creating = RwSignal::new(false);
    let on_done = move |id: Option<RoundId>| {
        creating.set(false);
        if id.is_some() {
            picked.set(id);
        }
    };
    view! {
        <div class="prioritise">
            <section class="panel" aria-labelledby="rounds-heading">
                <div class="panel-head">
                    <h2 id="rounds-heading">"Voting rounds"</h2>
                    <button class="button primary" data-testid="new-round" on:click=move |_| {
                        creating.set(true);
                        // The form opens below the rounds: bring it in, ready to type its name.
                        crate::ui::widgets::reveal("new-round-heading", "round-name", true);
                    }>
                        "New round"
                    </button>
                </div>
                {move || {
                    let list = rounds();
                    if list.is_empty() {
                        view! {
                            <crate::ui::widgets::EmptyState
                                testid="no-rounds"
                                title="No rounds yet"
                                hint="A round asks participants to prioritise a set of goals by dots, scores or ranking. Choose New round to set one up."
                            />
                        }.into_any()
                    } else {
                        view! {
                            <ul class="round-tabs" role="list">
                                {list.into_iter().map(|(id, name, status, ballots)| view! {
                                    <li>
                                        <button
                                            class="button"
                                            class:current=move || shown.get() == Some(id)
                                            aria-pressed=move || (shown.get() == Some(id)).to_string()
                                            data-testid="round-tab"
                                            on:click=move |_| { picked.set(Some(id)); creating.set(false); }
                                        >
                                            // One piece of text: a button lays out its children as
                                            // flex items, which would drop the space before "·".
                                            <span>{name}<span class="hint">{format!(" · {status} · {ballots} ballot(s)")}</span></span>
                                        </button>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }}
            </section>
            <Show when=move || creating.get()>
                <NewRoundForm done=on_done/>
            </Show>
            {move || shown.get().map(|id| view! { <RoundPanel id/> })}
            // Codes, their outcomes and the facilitator's choices are the facilitator's:
            // hidden (kept, not unmounted) while the device goes round the room.
            <div hidden=move || state.passing_device.get()>
                <RoomPanel/>
                <OwnDevices/>
            </div>
        </div>
    }
}
