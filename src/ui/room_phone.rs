//! The phone's side of the room (`/vote/#room=ACR1…`): "Who are you?" once, then every
//! open round the person votes in, from the same phone, sent as one code shown as a
//! large QR for the facilitator's camera. Nothing here touches a network; what the phone
//! keeps (`domain::room::Phone`) is in this browser under the workshop's tag.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::codec::{decode_room, RoomDoc, RoomRound};
use crate::domain::model::GoalId;
use crate::domain::room::{invite_round, Phone, Who};
use crate::domain::room_phone::{listed, walk_in};
use crate::platform::{files, random, storage};
use crate::ui::ballot::{context_line, BallotControls, BallotGoal};
use crate::ui::qr::QrCode;

/// A sentence from a message that starts in lower case (the core's messages start with
/// an ASCII letter; `to_ascii_uppercase` keeps Unicode's case tables out of the phone's
/// download).
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| std::iter::once(c.to_ascii_uppercase()).chain(chars).collect::<String>() + ".").unwrap_or_default()
}

#[component]
pub fn RoomPhoneApp(code: String) -> impl IntoView {
    crate::ui::participant::follow_fragment();
    crate::ui::app::mark_interactive();
    match decode_room(&code) {
        Ok(room) => view! { <RoomPhone room/> }.into_any(),
        Err(problem) => view! {
            <main class="participant" id="main">
                <h1>"Accord"</h1>
                <p class="notice error" role="alert" data-testid="room-problem">{sentence(&problem.to_string())}</p>
            </main>
        }
        .into_any(),
    }
}

/// What the phone shows: who are you, the ballots, or the code.
#[component]
fn RoomPhone(room: RoomDoc) -> impl IntoView {
    let phone = RwSignal::new(storage::load_phone(&room));
    let room = StoredValue::new(room);
    let kept_ok = RwSignal::new(true);
    // The code screen: the code and the rounds it carries.
    let showing = RwSignal::new(None::<(String, Vec<String>)>);
    let save = move || {
        let saved = phone.with_untracked(|p| p.as_ref().map(|p| room.with_value(|r| storage::save_phone(r, p))));
        kept_ok.set(!matches!(saved, Some(Err(_))));
    };
    // Who this phone is (and its key): changes only on joining or "not you?", so typing
    // in a ballot never rebuilds the page.
    let joined = Memo::new(move |_| phone.with(|p| p.as_ref().map(|p| (p.who.clone(), p.device_short()))));
    let join = Callback::new(move |who: Who| {
        phone.set(Some(Phone::join(who, random::random_bytes())));
        save();
    });
    // The same phone in another tab (the room's QR scanned again, an older tab left
    // open) changed what is kept: this tab starts again from it, so both tabs are one
    // phone (one counter, one person) and neither overwrites the other with stale state.
    let kept_key = room.with_value(storage::room_key);
    let other_tab = window_event_listener(leptos::ev::storage, move |ev| {
        if ev.key().is_some() && ev.key() == kept_key {
            let _ = window().location().reload();
        }
    });
    on_cleanup(move || other_tab.remove());
    let forget = Callback::new(move |()| {
        room.with_value(storage::forget_phone);
        showing.set(None);
        phone.set(None);
    });
    move || {
        if let Some((code, rounds)) = showing.get() {
            let name = phone.with_untracked(|p| p.as_ref().map(|p| p.who.name().to_string()).unwrap_or_default());
            return view! { <CodeScreen code name rounds done=Callback::new(move |()| showing.set(None))/> }.into_any();
        }
        match joined.get() {
            None => view! { <WhoAreYou room join/> }.into_any(),
            Some((who, _)) => view! { <Ballots room phone who kept_ok save=Callback::new(move |()| save()) showing forget/> }.into_any(),
        }
    }
}

#[component]
fn WhoAreYou(room: StoredValue<RoomDoc>, join: Callback<Who>) -> impl IntoView {
    let (title, people, walk) = room.with_value(|r| (r.w.clone(), r.p.clone(), r.walk));
    let typed = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let walk_in_join = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match room.with_value(|r| walk_in(r, &typed.get_untracked())) {
            Ok(who) => join.run(who),
            Err(p) => problem.set(Some(p.to_string())),
        }
    };
    let nobody = people.is_empty() && !walk;
    view! {
        <main class="participant room-phone" id="main" data-testid="room-join">
            <header class="participant-head">
                <p class="brand">"Accord"</p>
                <h1 data-testid="room-title">{title}</h1>
            </header>
            <h2>"Who are you?"</h2>
            <p class="hint">"Choose your name once: from then on this phone votes as you in every round of this workshop. Nothing leaves this phone until you show or send your code."</p>
            {nobody.then(|| view! { <p class="notice" role="status">"This room link lists nobody who votes in its rounds. Ask the facilitator."</p> })}
            <ul class="join-list" role="list">
                {people.into_iter().map(|(id, name)| {
                    let choose = move |_| {
                        if let Some(who) = room.with_value(|r| listed(r, id)) {
                            join.run(who);
                        }
                    };
                    view! { <li><button type="button" class="button join-as" data-testid="join-as" on:click=choose>{name}</button></li> }
                }).collect_view()}
            </ul>
            {walk.then(|| view! {
                <form class="walk-in" on:submit=walk_in_join>
                    <label for="walk-in-name">"Not on the list? Type your name"</label>
                    <input id="walk-in-name" type="text" autocomplete="name" data-testid="walk-in-name"
                        prop:value=move || typed.get()
                        on:input=move |ev| { problem.set(None); typed.set(event_target_value(&ev)); }/>
                    <button type="submit" class="button primary" data-testid="walk-in-join">"Join with this name"</button>
                    {move || problem.get().map(|p| view! { <p class="notice error" role="alert" data-testid="walk-in-problem">{p}</p> })}
                </form>
            })}
        </main>
    }
}

#[component]
fn Ballots(
    room: StoredValue<RoomDoc>,
    phone: RwSignal<Option<Phone>>,
    who: Who,
    kept_ok: RwSignal<bool>,
    save: Callback<()>,
    showing: RwSignal<Option<(String, Vec<String>)>>,
    forget: Callback<()>,
) -> impl IntoView {
    let title = room.with_value(|r| r.w.clone());
    // A listed person the link no longer lists votes in none of its rounds.
    let rounds: Vec<RoomRound> = phone.with_untracked(|p| {
        room.with_value(|r| match (&who, p) {
            (Who::Listed { id, .. }, _) if r.person(*id).is_none() => Vec::new(),
            (_, Some(p)) => p.rounds(r).into_iter().cloned().collect(),
            (_, None) => Vec::new(),
        })
    });
    let none_open = rounds.is_empty();
    let confirming = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let send = move |_| {
        let nonce = random::random_bytes();
        let sent = phone.try_update(|p| p.as_mut().map(|p| room.with_value(|r| p.send(r, nonce)))).flatten();
        match sent {
            Some(Ok(shown)) => {
                save.run(());
                problem.set(None);
                showing.set(Some(shown));
            }
            Some(Err(p)) => problem.set(Some(p.to_string())),
            None => {}
        }
    };
    let show_again = move |_| {
        let last = phone.with_untracked(|p| p.as_ref().and_then(|p| p.code.clone().map(|c| (c, room.with_value(|r| p.sent_rounds(r))))));
        showing.set(last);
    };
    let current = move || phone.with(|p| p.as_ref().is_some_and(|p| room.with_value(|r| p.last_code_is_current(r))));
    view! {
        <main class="participant room-phone" id="main" data-testid="room-ballots">
            <header class="participant-head">
                <p class="brand">"Accord"</p>
                <h1 data-testid="room-title">{title}</h1>
                <p class="big room-you">
                    <span data-testid="room-you">"You are " <strong>{who.name().to_string()}</strong></span>
                    " — "
                    <button type="button" class="button subtle not-you" data-testid="not-you" aria-expanded=move || confirming.get().to_string()
                        on:click=move |_| confirming.update(|c| *c = !*c)>"not you?"</button>
                </p>
                <Show when=move || confirming.get()>
                    <div class="notice room-confirm" role="group" aria-label="Forget who this phone is" data-testid="not-you-confirm-panel">
                        <p>"This phone forgets that it is you, and your choices on it. Choosing a name again gives this phone a new key: if it had already sent a code, the facilitator is asked whether to accept the new phone."</p>
                        <div class="field-row">
                            <button type="button" class="button primary" data-testid="not-you-confirm" on:click=move |_| forget.run(())>"Forget, and choose again"</button>
                            <button type="button" class="button" data-testid="not-you-cancel" on:click=move |_| confirming.set(false)>"Keep me"</button>
                        </div>
                    </div>
                </Show>
                <p class="hint">"Your choices are kept on this phone. When you are done, tap “Send my ballots” and show the code to the facilitator. When the next round opens, scan the room's QR code again."</p>
                {move || (!kept_ok.get()).then(|| view! { <p class="notice" role="status" data-testid="room-not-kept">"This browser would not keep your choices; finish in this tab."</p> })}
            </header>
            {none_open.then(|| view! {
                <p class="notice" role="status" data-testid="room-no-round">"No round in this room link is open for you. When the facilitator opens the next round, scan the room's QR code again."</p>
            })}
            {rounds.into_iter().map(|round| view! { <RoomRoundBallot room phone round save/> }).collect_view()}
            {(!none_open).then(|| view! {
                <div class="room-send">
                    {move || problem.get().map(|p| view! { <p class="notice error" role="alert" data-testid="send-problem">{p}</p> })}
                    <button type="button" class="button primary room-send-button" data-testid="send-ballots" on:click=send>"Send my ballots"</button>
                    <Show when=current>
                        <button type="button" class="button" data-testid="room-code-show" on:click=show_again>"Show my code again"</button>
                    </Show>
                </div>
            })}
        </main>
    }
}

#[component]
fn RoomRoundBallot(room: StoredValue<RoomDoc>, phone: RwSignal<Option<Phone>>, round: RoomRound, save: Callback<()>) -> impl IntoView {
    let shown = room.with_value(|r| invite_round(r, &round));
    let method = round.method();
    let draft = phone.with_untracked(|p| p.as_ref().and_then(|p| p.drafts.get(&round.id).cloned())).unwrap_or_default();
    let marks = RwSignal::new(draft.marks);
    let ranking = RwSignal::new(draft.ranking);
    let id = round.id;
    let name = round.name.clone();
    let anonymous = round.anonymous;
    let round = StoredValue::new(round);
    // Every change is kept at once: a closed tab or a flat battery loses nothing.
    Effect::new(move |first: Option<()>| {
        let (m, r) = (marks.get(), ranking.get());
        if first.is_some() {
            phone.update(|p| {
                if let Some(p) = p {
                    round.with_value(|round| p.set_draft(round, m, r));
                }
            });
            save.run(());
        }
    });
    let goals: Vec<BallotGoal> = shown.goals.iter().map(|g| (GoalId(g.id), g.title.clone(), context_line(Some(&g.parent), Some(&g.department)))).collect();
    let sent = move || phone.with(|p| p.as_ref().is_some_and(|p| p.is_sent(id)));
    let heading_id = format!("room-round-{id}-heading");
    let labelled_by = heading_id.clone();
    let round_name = name.clone();
    view! {
        <section class="panel participant-round room-round" aria-labelledby=labelled_by data-testid="room-round" data-round-name=round_name>
            <div class="room-round-head">
                <h2 id=heading_id>{name}</h2>
                <Show when=sent>
                    <span class="sent-mark" data-testid="room-round-sent"><span aria-hidden="true">"✓ "</span>"Sent"</span>
                </Show>
            </div>
            <p class="hint">
                {format!("{} · ", method.label())}
                {if anonymous { "Anonymous: results never show who voted what." } else { "Named: once results are revealed, the room sees each ballot with its voter's name." }}
            </p>
            <div class="ballot">
                <BallotControls method goals marks ranking/>
            </div>
        </section>
    }
}

/// The code, full screen on white, as a QR as wide as the phone allows, for the
/// facilitator's camera; also to copy or share, and as text.
#[component]
fn CodeScreen(code: String, name: String, rounds: Vec<String>, done: Callback<()>) -> impl IntoView {
    let copied = RwSignal::new(None::<String>);
    let wake = keep_screen_on();
    let copy_text = code.clone();
    let copy = move |_| {
        let text = copy_text.clone();
        leptos::task::spawn_local(async move {
            copied.set(Some(match files::copy_text(&text).await {
                Ok(()) => "Copied. Paste it into a message to the facilitator.".to_string(),
                Err(_) => "Copying was not allowed here; select the code below and copy it.".to_string(),
            }));
        });
    };
    let share_text = code.clone();
    let share = move |_| {
        let text = share_text.clone();
        leptos::task::spawn_local(async move {
            if let Err(e) = share_code(&text).await {
                copied.set(Some(format!("Sharing did not work ({e}); copy the code instead.")));
            }
        });
    };
    let carried = if rounds.is_empty() { String::new() } else { rounds.iter().map(|r| format!("“{r}”")).collect::<Vec<_>>().join(", ") };
    view! {
        <main class="room-code-out" id="main" data-testid="room-code-out" data-wake-lock=move || wake.get()>
            <h1>"Show this to the facilitator's camera"</h1>
            <p class="room-code-who" data-testid="room-code-who"><strong>{name}</strong>{(!carried.is_empty()).then(|| format!(" · {carried}"))}</p>
            <QrCode text=code.clone() label="QR code of your ballots, for the facilitator's camera".to_string() screen=true/>
            <p class="hint">"Turn your screen brightness up if the camera struggles. The code is sealed: only the facilitator's Accord can read it, so it is safe to send through a group chat."</p>
            <div class="field-row">
                <button type="button" class="button primary" data-testid="copy-room-code" on:click=copy>"Copy"</button>
                {can_share().then(|| view! { <button type="button" class="button" data-testid="share-room-code" on:click=share>"Share…"</button> })}
                <button type="button" class="button" data-testid="room-code-done" on:click=move |_| done.run(())>"Back to my ballots"</button>
            </div>
            <p role="status" aria-live="polite">{move || copied.get()}</p>
            <label class="field">
                <span>"The code as text"</span>
                <textarea readonly rows="4" class="code-text" data-testid="room-code">{code}</textarea>
            </label>
        </main>
    }
}

fn navigator_value() -> wasm_bindgen::JsValue {
    window().navigator().into()
}

fn can_share() -> bool {
    js_sys::Reflect::get(&navigator_value(), &"share".into()).is_ok_and(|f| f.is_function())
}

/// Web Share (any messenger the phone has): `navigator.share({ text })`.
async fn share_code(text: &str) -> Result<(), String> {
    let navigator = navigator_value();
    let share: js_sys::Function = js_sys::Reflect::get(&navigator, &"share".into()).map_err(files::describe)?.dyn_into().map_err(|_| "no Web Share".to_string())?;
    let data = js_sys::Object::new();
    js_sys::Reflect::set(&data, &"text".into(), &text.into()).map_err(files::describe)?;
    let promise: js_sys::Promise = share.call1(&navigator, &data).map_err(files::describe)?.dyn_into().map_err(|_| "no Web Share".to_string())?;
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(_) => Ok(()),
        // The person closed the share sheet: nothing to say.
        Err(e) if js_sys::Reflect::get(&e, &"name".into()).ok().and_then(|n| n.as_string()).as_deref() == Some("AbortError") => Ok(()),
        Err(e) => Err(files::describe(e)),
    }
}

/// Keeps the screen on while the code is shown (the Screen Wake Lock API, where the
/// browser has it; never required), asking again when the page comes back into view.
/// Returns what happened: "held", "refused" or "unavailable" (for the page's attribute).
fn keep_screen_on() -> RwSignal<&'static str> {
    let state = RwSignal::new("unavailable");
    let sentinel = StoredValue::new_local(None::<wasm_bindgen::JsValue>);
    let alive = StoredValue::new(true);
    let request = move || {
        let navigator = navigator_value();
        let Some(lock) = js_sys::Reflect::get(&navigator, &"wakeLock".into()).ok().filter(|l| l.is_object()) else { return };
        let Some(ask) = js_sys::Reflect::get(&lock, &"request".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok()) else { return };
        let Some(promise) = ask.call1(&lock, &"screen".into()).ok().and_then(|p| p.dyn_into::<js_sys::Promise>().ok()) else {
            state.set("refused");
            return;
        };
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(promise).await {
                Ok(held) => {
                    if alive.try_get_value().unwrap_or(false) {
                        let _ = sentinel.try_set_value(Some(held));
                        let _ = state.try_set("held");
                    } else {
                        release(&held);
                    }
                }
                Err(_) => {
                    let _ = state.try_set("refused");
                }
            }
        });
    };
    request();
    let visible = window_event_listener_untyped("visibilitychange", move |_| {
        if js_sys::Reflect::get(&document(), &"visibilityState".into()).ok().and_then(|v| v.as_string()).as_deref() == Some("visible") {
            request();
        }
    });
    on_cleanup(move || {
        visible.remove();
        let _ = alive.try_set_value(false);
        if let Some(Some(held)) = sentinel.try_get_value() {
            release(&held);
        }
    });
    state
}

fn release(sentinel: &wasm_bindgen::JsValue) {
    if let Some(f) = js_sys::Reflect::get(sentinel, &"release".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok()) {
        let _ = f.call0(sentinel);
    }
}
