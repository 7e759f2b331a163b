//! The presenter window: a second window of this browser for the projector. It follows
//! the facilitator's window over a BroadcastChannel, shows only what the facilitator
//! picked, in large type, and never edits or saves anything.

use leptos::prelude::*;

use super::align::map::{matrix_table, Score};
use super::state::AppState;
use super::tree::render_tree;
use crate::domain::alignment::analyse;
use crate::domain::model::{Level, Workshop};
use crate::domain::presenter::{decode, encode, show, PresenterMessage, ProjectorView};
use crate::platform::broadcast::{presenter_channel_name, Channel};

#[derive(Clone, PartialEq)]
struct Shown {
    view: ProjectorView,
    title: String,
    workshop: Option<Box<Workshop>>,
}

#[component]
pub fn PresenterApp(workshop_id: String) -> impl IntoView {
    let shown = RwSignal::new(None::<Shown>);
    let channel = Channel::open(&presenter_channel_name(&workshop_id), move |text| {
        // Anything that does not decode (or restore) is ignored, never shown.
        if let Ok(PresenterMessage::Show { view, title, workshop }) = decode(&text) {
            shown.set(Some(Shown { view, title, workshop }));
        }
    });
    if let Some(channel) = &channel {
        channel.send(&encode(&PresenterMessage::Hello));
    }
    let _keep = StoredValue::new_local(channel);
    document().set_title("Accord · presenter view");
    view! {
        <main class="presenter" data-testid="presenter">
            {move || match shown.get() {
                None => view! {
                    <p class="presenter-waiting" data-testid="presenter-waiting">
                        "Waiting for the facilitator's window… (open the presenter view from Accord's Align screen)"
                    </p>
                }
                .into_any(),
                Some(Shown { view, title, workshop }) => view! {
                    <h1 data-testid="presenter-title">{title}</h1>
                    {workshop.map(|w| presenter_body(view, &w))}
                }
                .into_any(),
            }}
        </main>
    }
}

fn presenter_body(view: ProjectorView, w: &Workshop) -> AnyView {
    match view {
        ProjectorView::Blank => ().into_any(),
        ProjectorView::Strategy => {
            let objectives: Vec<String> =
                w.goals().iter().filter(|g| g.level == Level::Objective).map(|g| g.title.clone()).collect();
            view! {
                <p class="presenter-strategy" data-testid="presenter-strategy">{w.strategy.clone()}</p>
                <ol class="presenter-objectives">
                    {objectives.into_iter().map(|o| view! { <li>{o}</li> }).collect_view()}
                </ol>
            }
            .into_any()
        }
        ProjectorView::Tree => view! { <div class="presenter-tree" data-testid="presenter-tree">{render_tree(w)}</div> }.into_any(),
        ProjectorView::Decisions => view! {
            <ol class="decision-log" data-testid="presenter-decisions">
                {w.decisions().iter().map(|d| view! {
                    <li>
                        <p>{d.summary.clone()}</p>
                        <p><strong>{d.resolution.label()}</strong> ": " {d.rationale.clone()}</p>
                    </li>
                }).collect_view()}
            </ol>
        }
        .into_any(),
        ProjectorView::Alignment => {
            let a = analyse(w);
            view! {
                <Score a=a.clone()/>
                {matrix_table(w, &a)}
            }
            .into_any()
        }
    }
}

/// The facilitator's side: answers presenter windows and keeps them in step. Nothing is
/// sent until a presenter window has said hello.
pub fn follow_with_presenters(state: AppState) {
    let channel = StoredValue::new_local(None::<Channel>);
    let presenter_seen = StoredValue::new(false);
    let send_now = move || {
        if !presenter_seen.get_value() {
            return;
        }
        let view = state.projector.get_untracked();
        let text = state.workshop.with_untracked(|w| w.as_ref().map(|w| encode(&show(view, w))));
        if let Some(text) = text {
            channel.with_value(|c| {
                if let Some(c) = c {
                    c.send(&text);
                }
            });
        }
    };
    Effect::new(move |_| {
        let Some(id) = state.current.get() else { return };
        let opened = Channel::open(&presenter_channel_name(&id.to_string()), move |text| {
            if decode(&text) == Ok(PresenterMessage::Hello) {
                presenter_seen.set_value(true);
                send_now();
            }
        });
        channel.set_value(opened);
    });
    Effect::new(move |_| {
        state.workshop.track();
        state.projector.track();
        send_now();
    });
}
