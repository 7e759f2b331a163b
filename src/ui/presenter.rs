//! The presenter window: a second window of this browser for the projector. It follows
//! the facilitator's window over a BroadcastChannel, shows only what the facilitator
//! picked, in large type, and never edits or saves anything.

use leptos::prelude::*;

use super::align::map::{matrix_table, Score};
use super::state::AppState;
use super::tree::render_tree;
use crate::domain::alignment::analyse;
use crate::domain::map_layout::{layout as map_layout, MapOptions};
use crate::domain::model::{GoalId, Level, Workshop};
use crate::domain::presenter::{decode, encode, is_hello, show, show_with_keys, PresenterMessage, ProjectorView, ResultPicture, RoomPicture, RoomStage, RoundProgress};
use crate::platform::broadcast::{presenter_channel_name, Channel};
use crate::ui::qr::QrCode;

/// The presenter page (`present/`), relative to the facilitator's page: its own bundle,
/// so the facilitator's first load does not carry the projector's views or the lab.
pub const PRESENTER_PAGE: &str = "present/";

/// Opens (or brings back) the presenter window of workshop `id`: the presenter page,
/// following that workshop, in a window named after it.
pub fn open_presenter_window(id: &str) {
    let _ = window().open_with_url_and_target(&format!("{PRESENTER_PAGE}#presenter/{id}"), &format!("accord-presenter-{id}"));
}

/// The presenter page's entry point: `#presenter/<workshop id>` follows that workshop's
/// facilitator window; `#lab/schulze` is the lab; anything else says what the page is.
pub fn start() {
    let hash = location_hash().unwrap_or_default();
    let hash = hash.trim_start_matches('#').to_string();
    if let Some(workshop_id) = hash.strip_prefix("presenter/") {
        let workshop_id = workshop_id.to_string();
        leptos::mount::mount_to_body(move || view! { <PresenterApp workshop_id=workshop_id.clone()/> });
    } else if hash == "lab/schulze" {
        leptos::mount::mount_to_body(|| view! { <super::lab::LabSchulze/> });
    } else {
        leptos::mount::mount_to_body(|| view! {
            <main class="presenter" data-testid="presenter-nothing">
                <p class="presenter-waiting">
                    "This is Accord's presenter view. Open it from the Align screen of "
                    <a href="../">"your workshop"</a>
                    " with “Open presenter view”."
                </p>
            </main>
        });
    }
}

/// The participant's page (`vote/`) beside this one: the presenter page lives in
/// `present/` next to it, so the room link is the same as on the facilitator's page.
fn participant_page() -> String {
    let location = window().location();
    let path = location.pathname().unwrap_or_default();
    let folder = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    let root = folder.strip_suffix(PRESENTER_PAGE).unwrap_or(folder);
    format!("{}{root}vote/", location.origin().unwrap_or_default())
}

#[derive(Clone, PartialEq)]
struct Shown {
    view: ProjectorView,
    title: String,
    workshop: Option<Box<Workshop>>,
    room: Option<Box<RoomPicture>>,
}

#[component]
pub fn PresenterApp(workshop_id: String) -> impl IntoView {
    let shown = RwSignal::new(None::<Shown>);
    // The goal the facilitator has selected: the tree keeps it in view.
    let focus = RwSignal::new(None::<GoalId>);
    let channel = Channel::open(&presenter_channel_name(&workshop_id), move |text| {
        // Anything that does not decode (or restore) is ignored, never shown.
        match decode(&text) {
            Ok(PresenterMessage::Show { view, title, workshop, room }) => shown.set(Some(Shown { view, title, workshop, room })),
            Ok(PresenterMessage::Focus { goal }) => focus.set(goal),
            _ => {}
        }
    });
    // After every picture or selection: mark the selected goal in the tree and scroll it
    // into the middle of the screen (after the frame, once the tree is in the page).
    Effect::new(move |_| {
        shown.track();
        let goal = focus.get();
        request_animation_frame(move || follow_goal(goal));
    });
    if let Some(channel) = &channel {
        channel.send(&encode(&PresenterMessage::Hello));
    }
    let _keep = StoredValue::new_local(channel);
    document().set_title("Accord · presenter view");
    let clock = RoomClock::new();
    view! {
        <main class="presenter" class:room-mode=move || shown.with(|s| s.as_ref().is_some_and(|s| s.view == ProjectorView::Room)) data-testid="presenter">
            {move || match shown.get() {
                None => view! {
                    <p class="presenter-waiting" data-testid="presenter-waiting">
                        "Waiting for the facilitator's window… (open the presenter view from Accord's Align screen)"
                    </p>
                }
                .into_any(),
                Some(Shown { view, title, workshop, room }) => view! {
                    <h1 data-testid="presenter-title">{title}</h1>
                    {workshop.map(|w| presenter_body(view, &w))}
                    {room.filter(|_| view == ProjectorView::Room).map(|room| room_view(*room, clock))}
                }
                .into_any(),
            }}
        </main>
    }
}

/// Marks `goal` in the presenter's tree (and unmarks the previous one) and scrolls it to
/// the middle of the window (smoothly, unless the viewer asks for reduced motion: CSS).
fn follow_goal(goal: Option<GoalId>) {
    let document = document();
    while let Ok(Some(marked)) = document.query_selector("[data-testid=presenter] [data-followed]") {
        if marked.remove_attribute("data-followed").is_err() {
            break;
        }
    }
    let Some(goal) = goal else { return };
    // The goal's card in the tree, or its box on the map.
    let selector = format!("[data-testid=presenter-tree] [data-goal-id=\"{goal}\"] > .goal-card, [data-testid=presenter-map] [data-goal=\"{goal}\"]");
    let Ok(Some(element)) = document.query_selector(&selector) else { return };
    let _ = element.set_attribute("data-followed", "");
    // Behaviour "auto": the page's CSS `scroll-behavior` decides (smooth unless reduced motion).
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"block".into(), &"center".into());
    let _ = js_sys::Reflect::set(&options, &"inline".into(), &"center".into());
    if let Ok(scroll) = js_sys::Reflect::get(&element, &"scrollIntoView".into()) {
        if let Ok(scroll) = wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(scroll) {
            let _ = scroll.call1(&element, &options);
        }
    }
}

/// The smallest text the projector shows, in CSS pixels at 1920×1080 (see style/results.css).
const PROJECTOR_TEXT_PX: f64 = 28.0;

fn presenter_body(view: ProjectorView, w: &Workshop) -> AnyView {
    match view {
        ProjectorView::Blank | ProjectorView::Room => ().into_any(),
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
        ProjectorView::Map => {
            let m = map_layout(w, MapOptions::for_workshop(w));
            // Drawn where its smallest text (the notes) is 28 px, readable from the back
            // row: a large map is wider than the screen, so it scrolls in its frame and
            // follows the goal the facilitator selects (`follow_goal`).
            let scale = PROJECTOR_TEXT_PX / crate::domain::map_layout::SMALL_SIZE;
            view! {
                <div class="presenter-map-frame" data-testid="presenter-map-frame">
                    <svg class="presenter-map" data-testid="presenter-map" role="group" aria-label="Alignment map"
                        width=format!("{:.0}", m.width * scale) height=format!("{:.0}", m.height * scale)
                        viewBox=format!("0 0 {:.0} {:.0}", m.width, m.height)>
                        {super::align::alignment_map::picture(&m, None)}
                    </svg>
                </div>
            }
            .into_any()
        }
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

/// The facilitator's side of the presenter channel: one per open workshop, listening for
/// presenter windows. What it sends them (the projector's picture, worked out from the
/// workshop) is fetched on demand the first time one says hello (`greet`), so the
/// facilitator's first load does not carry it.
#[derive(Clone, Copy)]
pub struct PresenterLink {
    channel: StoredValue<Option<Channel>, LocalStorage>,
    /// Set once a presenter window has said hello: from then on every change is sent.
    following: StoredValue<bool>,
    /// The facilitator page's owner: the effects that keep presenters in step are its.
    owner: StoredValue<Owner, LocalStorage>,
}

/// Answers presenter windows and keeps them in step. Nothing is sent until a presenter
/// window has said hello.
pub fn follow_with_presenters(state: AppState) {
    let link = PresenterLink {
        channel: StoredValue::new_local(None),
        following: StoredValue::new(false),
        owner: StoredValue::new_local(Owner::current().unwrap_or_default()),
    };
    Effect::new(move |_| {
        let Some(id) = state.current.get() else { return };
        let opened = Channel::open(&presenter_channel_name(&id.to_string()), move |text| {
            if is_hello(&text) {
                super::on_demand::greet_presenter(state, link);
            }
        });
        link.channel.set_value(opened);
    });
}

/// A presenter window said hello: the first time, starts sending every change of the
/// workshop, the projector's view and the selection (each effect's first run answers the
/// hello); after that, sends what is on show now.
pub fn greet(state: AppState, link: PresenterLink) {
    if link.following.get_value() {
        send_now(state, link);
        send_focus(state, link);
        return;
    }
    link.following.set_value(true);
    link.owner.with_value(|owner| {
        owner.with(|| {
            Effect::new(move |_| {
                state.workshop.track();
                state.projector.track();
                send_now(state, link);
            });
            // The facilitator's selection: the projector's tree follows it.
            Effect::new(move |_| {
                state.selected.track();
                send_focus(state, link);
            });
        })
    });
}

fn send(link: PresenterLink, text: &str) {
    link.channel.with_value(|c| {
        if let Some(c) = c {
            c.send(text);
        }
    });
}

fn send_focus(state: AppState, link: PresenterLink) {
    send(link, &encode(&PresenterMessage::Focus { goal: state.selected.get_untracked() }));
}

fn send_now(state: AppState, link: PresenterLink) {
    let view = state.projector.get_untracked();
    // Only the room view needs the keys (for the room link's public fragment).
    let keys = (view == ProjectorView::Room).then(|| state.keys()).flatten();
    let text = state.workshop.with_untracked(|w| {
        w.as_ref().map(|w| encode(&keys.as_ref().map_or_else(|| show(view, w), |keys| show_with_keys(view, w, keys))))
    });
    if let Some(text) = text {
        send(link, &text);
    }
}

/// The room view's timer: whole seconds counted by this window since the round on show
/// started showing here. Display only; nothing depends on it (and no clock is read).
#[derive(Clone, Copy)]
struct RoomClock {
    seconds: RwSignal<u64>,
    since: RwSignal<Option<(u32, u64)>>,
}

impl RoomClock {
    fn new() -> Self {
        let seconds = RwSignal::new(0u64);
        let handle = set_interval_with_handle(move || seconds.update(|s| *s = s.saturating_add(1)), std::time::Duration::from_secs(1)).ok();
        on_cleanup(move || {
            if let Some(h) = handle {
                h.clear();
            }
        });
        RoomClock { seconds, since: RwSignal::new(None) }
    }

    /// Seconds since `round` started showing (starting now if it was not showing).
    fn elapsed(self, round: u32) -> Signal<u64> {
        let now = self.seconds.get_untracked();
        if self.since.get_untracked().is_none_or(|(r, _)| r != round) {
            self.since.set(Some((round, now)));
        }
        let since = self.since;
        let seconds = self.seconds;
        Signal::derive(move || {
            let start = since.get().filter(|(r, _)| *r == round).map_or(0, |(_, s)| s);
            seconds.get().saturating_sub(start)
        })
    }
}

fn clock_text(seconds: u64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// The room on the projector: the join code as large as the window allows beside the
/// open rounds' questions, counts and timer; on reveal, the result in big type.
fn room_view(picture: RoomPicture, clock: RoomClock) -> AnyView {
    let link = picture.fragment.as_ref().map(|f| format!("{}#{f}", participant_page()));
    let body = match picture.stage {
        RoomStage::Waiting => view! { <p class="room-note" data-testid="presenter-room-note">"No round is open yet."</p> }.into_any(),
        RoomStage::Voting { rounds } => {
            let timer = rounds.last().map(|r| room_timer(r, clock));
            view! {
                {rounds.into_iter().map(room_round).collect_view()}
                {timer}
            }
            .into_any()
        }
        RoomStage::Closed { name, ballots } => view! {
            <h2 data-testid="presenter-round-name">{name}</h2>
            <p class="room-note" data-testid="presenter-room-note">
                {format!("Voting is closed with {ballots} ballot(s). The result appears here when the facilitator reveals it.")}
            </p>
        }
        .into_any(),
        RoomStage::Withheld { name, why } => view! {
            <h2 data-testid="presenter-round-name">{name}</h2>
            <p class="room-note" data-testid="presenter-room-note">{why}</p>
        }
        .into_any(),
        RoomStage::Result(result) => return room_result(result),
    };
    view! {
        <div class="room-view" data-testid="presenter-room">
            {link.map(|link| view! {
                <figure class="room-join" data-testid="presenter-room-qr">
                    <QrCode text=link label="QR code to join the vote".to_string() screen=true/>
                    <figcaption>"Scan to vote"</figcaption>
                </figure>
            })}
            <div class="room-side">{body}</div>
        </div>
    }
    .into_any()
}

fn room_timer(round: &RoundProgress, clock: RoomClock) -> impl IntoView {
    let elapsed = clock.elapsed(round.round);
    let limit = round.timer_minutes.map(|m| u64::from(m).saturating_mul(60));
    view! {
        <p class="room-timer" data-testid="presenter-timer" role="timer">
            {move || {
                let gone = elapsed.get();
                match limit {
                    Some(limit) if gone < limit => format!("Time left {}", clock_text(limit - gone)),
                    Some(_) => "Time is up".to_string(),
                    None => format!("Voting for {}", clock_text(gone)),
                }
            }}
        </p>
    }
}

fn room_round(round: RoundProgress) -> impl IntoView {
    view! {
        <section class="room-round" data-testid="presenter-round">
            <h2 data-testid="presenter-round-name">{round.name}</h2>
            <p class="room-question">{round.question}</p>
            <p class="room-count" data-testid="presenter-count">
                <strong>{format!("{} of {}", round.cast, round.of)}</strong>" ballots in"
            </p>
            {round.voted.filter(|v| !v.is_empty()).map(|v| view! {
                <p class="room-voted" data-testid="presenter-voted">{format!("Voted: {}", v.join(", "))}</p>
            })}
        </section>
    }
}

fn room_result(result: ResultPicture) -> AnyView {
    let winners = result.winners().into_iter().map(|t| format!("“{t}”")).collect::<Vec<_>>();
    let headline = match winners.as_slice() {
        _ if result.ballots == 0 => "No ballots were counted.".to_string(),
        [] => "No ballots were counted.".to_string(),
        [one] => format!("{one} comes first"),
        [rest @ .., last] => format!("Tied for first: {} and {last}", rest.join(", ")),
    };
    view! {
        <div class="room-result" data-testid="presenter-result">
            <h2 data-testid="presenter-round-name">{result.name}</h2>
            <p class="room-winner" data-testid="presenter-winner">{headline}</p>
            <ol class="room-bars" aria-label=format!("{} per goal, best first", result.figure_name)>
                {result.rows.into_iter().enumerate().map(|(i, row)| view! {
                    <li class="room-bar-row" class:tied=row.tied data-testid="presenter-result-row" style=format!("--i: {i}")>
                        <span class="room-rank">{if row.tied { format!("={}", row.rank) } else { format!("{}", row.rank) }}</span>
                        <span class="room-bar-title">
                            {row.title}
                            {row.tied.then(|| view! { <span class="room-tied">" (tied)"</span> })}
                        </span>
                        <span class="room-bar-track" aria-hidden="true">
                            <span class="room-bar" style=format!("width: {:.1}%", row.share * 100.0)></span>
                        </span>
                        <span class="room-figure">{row.figure}</span>
                    </li>
                }).collect_view()}
            </ol>
            <p class="room-note">{format!("{}: {} ballot(s) counted.", result.figure_name, result.ballots)}</p>
        </div>
    }
    .into_any()
}
