//! The phone's side of the room (`/vote/#room=ACR1…`): "Who are you?" once, then every
//! open round the person votes in, from the same phone, sent as one code shown as a
//! large QR for the facilitator's camera. Nothing here touches a network; what the phone
//! keeps (`domain::room::Phone`) is in this browser under the workshop's tag. Drawn with
//! direct DOM calls (`ui/dom.rs`), like the rest of the participant's page.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::Element;

use crate::domain::codec::{decode_room, RoomDoc, RoomRound};
use crate::domain::model::GoalId;
use crate::domain::room::{invite_round, Phone, Who};
use crate::domain::room_phone::{listed, walk_in_folded};
use crate::platform::{files, random, storage};
use crate::ui::ballot_dom::{self, context_line, BallotGoal, Marks};
use crate::ui::dom::{self, attr, child, on, on_window, set_value, text, value, Slot};
use crate::ui::participant::{main, notice, round_hint};

/// A sentence from a message that starts in lower case (the core's messages start with
/// an ASCII letter; `to_ascii_uppercase` keeps Unicode's case tables out of the phone's
/// download).
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| std::iter::once(c.to_ascii_uppercase()).chain(chars).collect::<String>() + ".").unwrap_or_default()
}

/// What the phone shows now.
#[derive(Clone, Copy, PartialEq)]
enum Screen {
    Join,
    Ballots,
    Code,
}

struct RoomPhone {
    room: RoomDoc,
    phone: Option<Phone>,
    body: Element,
    /// The screen's `<main>`, replaced whole when the screen changes.
    shown: Option<Element>,
    screen: Screen,
    /// Bumped on every screen change, so an answer that arrives late (a wake lock)
    /// knows whether its screen is still up.
    generation: u32,
    /// The held screen wake lock, released when the code screen goes.
    wake: Option<wasm_bindgen::JsValue>,
    /// Whether the last save was kept.
    kept_ok: bool,
    /// On the ballots screen: "Sent" per round, "Show my code again", "not kept".
    sent_marks: Vec<(u32, Slot)>,
    show_again: Option<Slot>,
    not_kept: Option<Slot>,
}

type Shared = Rc<RefCell<RoomPhone>>;

pub fn start(body: &Element, code: &str) {
    match decode_room(code) {
        Ok(room) => {
            let phone = storage::load_phone(&room);
            let key = storage::room_key(&room);
            let screen = if phone.is_some() { Screen::Ballots } else { Screen::Join };
            let s: Shared = Rc::new(RefCell::new(RoomPhone {
                room,
                phone,
                body: body.clone(),
                shown: None,
                screen,
                generation: 0,
                wake: None,
                kept_ok: true,
                sent_marks: Vec::new(),
                show_again: None,
                not_kept: None,
            }));
            // The same phone in another tab (the room's QR scanned again, an older tab left
            // open) changed what is kept: this tab starts again from it, so both tabs are
            // one phone (one counter, one person) and neither overwrites the other with
            // stale state.
            on_window("storage", move |ev| {
                let changed = ev.dyn_ref::<web_sys::StorageEvent>().and_then(|e| e.key());
                if changed.is_some() && changed == key {
                    let _ = dom::window().location().reload();
                }
            });
            // The wake lock is let go when the page is hidden: asked again on return.
            let again = s.clone();
            on(&dom::document().into(), "visibilitychange", move |_| {
                let visible = js_sys::Reflect::get(&dom::document(), &"visibilityState".into()).ok().and_then(|v| v.as_string());
                if visible.as_deref() == Some("visible") && again.borrow().screen == Screen::Code {
                    keep_screen_on(&again);
                }
            });
            show(&s, screen);
        }
        Err(problem) => {
            let main = main(body, "participant");
            text(&main, "h1", "", "Accord");
            notice(&main, "notice error", "alert", "room-problem", &sentence(&problem.to_string()));
        }
    }
}

/// Replaces the screen.
fn show(s: &Shared, screen: Screen) {
    let (body, old, wake) = {
        let mut m = s.borrow_mut();
        m.screen = screen;
        m.generation = m.generation.wrapping_add(1);
        m.sent_marks.clear();
        m.show_again = None;
        m.not_kept = None;
        (m.body.clone(), m.shown.take(), m.wake.take())
    };
    if let Some(held) = wake {
        release(&held);
    }
    if let Some(old) = old {
        old.remove();
    }
    let main = match screen {
        Screen::Join => who_are_you(s, &body),
        Screen::Ballots => ballots(s, &body),
        Screen::Code => code_screen(s, &body),
    };
    s.borrow_mut().shown = Some(main);
}

/// Keeps what the phone holds (the ballots screen says so when the browser would not).
fn save(s: &Shared) {
    let mut m = s.borrow_mut();
    let saved = m.phone.as_ref().map(|p| storage::save_phone(&m.room, p));
    m.kept_ok = !matches!(saved, Some(Err(_)));
}

fn join(s: &Shared, who: Who) {
    s.borrow_mut().phone = Some(Phone::join(who, random::random_bytes()));
    save(s);
    show(s, Screen::Ballots);
}

fn head(main: &Element, title: &str) -> Element {
    let head = child(main, "header", "participant-head");
    text(&head, "p", "brand", "Accord");
    attr(&text(&head, "h1", "", title), "data-testid", "room-title");
    head
}

fn who_are_you(s: &Shared, body: &Element) -> Element {
    let (title, people, walk) = {
        let m = s.borrow();
        (m.room.w.clone(), m.room.p.clone(), m.room.walk)
    };
    let main = main(body, "participant room-phone");
    attr(&main, "data-testid", "room-join");
    head(&main, &title);
    text(&main, "h2", "", "Who are you?");
    text(&main, "p", "hint", "Choose your name once: from then on this phone votes as you in every round of this workshop. Nothing leaves this phone until you show or send your code.");
    if people.is_empty() && !walk {
        notice(&main, "notice", "status", "", "This room link lists nobody who votes in its rounds. Ask the facilitator.");
    }
    let list = child(&main, "ul", "join-list");
    attr(&list, "role", "list");
    for (id, name) in people {
        let li = child(&list, "li", "");
        let s = s.clone();
        dom::button(&li, "button join-as", &name, "join-as", move || {
            let who = listed(&s.borrow().room, id);
            if let Some(who) = who {
                join(&s, who);
            }
        });
    }
    if walk {
        let form = child(&main, "form", "walk-in");
        attr(&text(&form, "label", "", "Not on the list? Type your name"), "for", "walk-in-name");
        let input = child(&form, "input", "");
        for (k, v) in [("id", "walk-in-name"), ("type", "text"), ("autocomplete", "name"), ("data-testid", "walk-in-name")] {
            attr(&input, k, v);
        }
        let go = text(&form, "button", "button primary", "Join with this name");
        attr(&go, "type", "submit");
        attr(&go, "data-testid", "walk-in-join");
        let problem = Rc::new(Slot::new(&form));
        let cleared = problem.clone();
        on(&input, "input", move |_| cleared.set(None));
        let s = s.clone();
        on(&form, "submit", move |ev| {
            ev.prevent_default();
            // Names compared as the browser lowercases them (`walk_in_folded`).
            let fold = |text: &str| String::from(js_sys::JsString::from(text).to_lower_case());
            let who = walk_in_folded(&s.borrow().room, &value(&input), &fold);
            match who {
                Ok(who) => join(&s, who),
                Err(p) => {
                    let line = Slot::element("p", "notice error");
                    line.set_text_content(Some(&p.to_string()));
                    attr(&line, "role", "alert");
                    attr(&line, "data-testid", "walk-in-problem");
                    problem.set(Some(line));
                }
            }
        });
    }
    main
}

fn ballots(s: &Shared, body: &Element) -> Element {
    let (title, who, rounds) = {
        let m = s.borrow();
        let who = m.phone.as_ref().map(|p| p.who.clone());
        // A listed person the link no longer lists votes in none of its rounds.
        let rounds: Vec<RoomRound> = match (&who, &m.phone) {
            (Some(Who::Listed { id, .. }), _) if m.room.person(*id).is_none() => Vec::new(),
            (_, Some(p)) => p.rounds(&m.room).into_iter().cloned().collect(),
            (_, None) => Vec::new(),
        };
        (m.room.w.clone(), who, rounds)
    };
    let main = main(body, "participant room-phone");
    attr(&main, "data-testid", "room-ballots");
    let head = head(&main, &title);
    let you = child(&head, "p", "big room-you");
    let named = text(&you, "span", "", "You are ");
    attr(&named, "data-testid", "room-you");
    text(&named, "strong", "", who.as_ref().map(|w| w.name()).unwrap_or_default());
    dom::put(&you, " — ");
    let not_you = text(&you, "button", "button subtle not-you", "not you?");
    attr(&not_you, "type", "button");
    attr(&not_you, "data-testid", "not-you");
    attr(&not_you, "aria-expanded", "false");
    let confirm = Rc::new(Slot::new(&head));
    {
        let (s, button, confirm) = (s.clone(), not_you.clone(), confirm.clone());
        on(&not_you, "click", move |_| {
            let open = button.get_attribute("aria-expanded").as_deref() == Some("true");
            attr(&button, "aria-expanded", if open { "false" } else { "true" });
            confirm.set((!open).then(|| confirm_panel(&s, &button, &confirm)));
        });
    }
    text(&head, "p", "hint", "Your choices are kept on this phone. When you are done, tap “Send my ballots” and show the code to the facilitator. When the next round opens, scan the room's QR code again.");
    s.borrow_mut().not_kept = Some(Slot::new(&head));
    if rounds.is_empty() {
        notice(&main, "notice", "status", "room-no-round", "No round in this room link is open for you. When the facilitator opens the next round, scan the room's QR code again.");
    }
    for round in &rounds {
        room_round(s, &main, round);
    }
    if !rounds.is_empty() {
        let send_box = child(&main, "div", "room-send");
        let problem = Slot::new(&send_box);
        let send = text(&send_box, "button", "button primary room-send-button", "Send my ballots");
        attr(&send, "type", "button");
        attr(&send, "data-testid", "send-ballots");
        s.borrow_mut().show_again = Some(Slot::new(&send_box));
        let s2 = s.clone();
        on(&send, "click", move |_| {
            let nonce = random::random_bytes();
            let sent = {
                let mut m = s2.borrow_mut();
                let m = &mut *m;
                m.phone.as_mut().map(|p| p.send(&m.room, nonce))
            };
            match sent {
                Some(Ok(_)) => {
                    save(&s2);
                    problem.set(None);
                    show(&s2, Screen::Code);
                }
                Some(Err(p)) => {
                    let line = Slot::element("p", "notice error");
                    line.set_text_content(Some(&p.to_string()));
                    attr(&line, "role", "alert");
                    attr(&line, "data-testid", "send-problem");
                    problem.set(Some(line));
                }
                None => {}
            }
        });
    }
    refresh(s);
    main
}

/// "Are you sure?" for "not you?".
fn confirm_panel(s: &Shared, not_you: &Element, slot: &Rc<Slot>) -> Element {
    let panel = Slot::element("div", "notice room-confirm");
    attr(&panel, "role", "group");
    attr(&panel, "aria-label", "Forget who this phone is");
    attr(&panel, "data-testid", "not-you-confirm-panel");
    text(&panel, "p", "", "This phone forgets that it is you, and your choices on it. Choosing a name again gives this phone a new key: if it had already sent a code, the facilitator is asked whether to accept the new phone.");
    let row = child(&panel, "div", "field-row");
    let s = s.clone();
    dom::button(&row, "button primary", "Forget, and choose again", "not-you-confirm", move || {
        {
            let mut m = s.borrow_mut();
            storage::forget_phone(&m.room);
            m.phone = None;
        }
        show(&s, Screen::Join);
    });
    let (button, slot) = (not_you.clone(), slot.clone());
    dom::button(&row, "button", "Keep me", "not-you-cancel", move || {
        attr(&button, "aria-expanded", "false");
        slot.set(None);
    });
    panel
}

/// "Sent" beside each round the last code carries as it is now, "Show my code again"
/// while that code says what the phone shows, and whether the browser keeps the choices.
fn refresh(s: &Shared) {
    let m = s.borrow();
    if let Some(slot) = &m.not_kept {
        slot.set((!m.kept_ok).then(|| {
            let p = Slot::element("p", "notice");
            p.set_text_content(Some("This browser would not keep your choices; finish in this tab."));
            attr(&p, "role", "status");
            attr(&p, "data-testid", "room-not-kept");
            p
        }));
    }
    let Some(phone) = &m.phone else { return };
    for (id, slot) in &m.sent_marks {
        slot.set(phone.is_sent(*id).then(|| {
            let mark = Slot::element("span", "sent-mark");
            attr(&mark, "data-testid", "room-round-sent");
            attr(&text(&mark, "span", "", "✓ "), "aria-hidden", "true");
            dom::put(&mark, "Sent");
            mark
        }));
    }
    if let Some(slot) = &m.show_again {
        slot.set(phone.last_code_is_current(&m.room).then(|| {
            let b = Slot::element("button", "button");
            b.set_text_content(Some("Show my code again"));
            attr(&b, "type", "button");
            attr(&b, "data-testid", "room-code-show");
            let s = s.clone();
            on(&b, "click", move |_| show(&s, Screen::Code));
            b
        }));
    }
}

fn room_round(s: &Shared, main: &Element, round: &RoomRound) {
    let (shown, draft) = {
        let m = s.borrow();
        (invite_round(&m.room, round), m.phone.as_ref().and_then(|p| p.drafts.get(&round.id).cloned()).unwrap_or_default())
    };
    let method = round.method();
    let id = round.id;
    let heading_id = format!("room-round-{id}-heading");
    let section = child(main, "section", "panel participant-round room-round");
    attr(&section, "aria-labelledby", &heading_id);
    attr(&section, "data-testid", "room-round");
    attr(&section, "data-round-name", &round.name);
    let top = child(&section, "div", "room-round-head");
    attr(&text(&top, "h2", "", &round.name), "id", &heading_id);
    s.borrow_mut().sent_marks.push((id, Slot::new(&top)));
    round_hint(&section, method, round.anonymous);
    let holder = child(&section, "div", "ballot");
    let goals: Vec<BallotGoal> = shown.goals.iter().map(|g| (GoalId(g.id), g.title.clone(), context_line(Some(&g.parent), Some(&g.department)))).collect();
    // Every change is kept at once: a closed tab or a flat battery loses nothing.
    let (shared, round) = (s.clone(), round.clone());
    let changed = Rc::new(move |now: &Marks| {
        {
            let mut m = shared.borrow_mut();
            if let Some(p) = m.phone.as_mut() {
                p.set_draft(&round, now.marks.clone(), now.ranking.clone());
            }
        }
        save(&shared);
        refresh(&shared);
    });
    ballot_dom::controls(&holder, method, goals, Marks { marks: draft.marks, ranking: draft.ranking }, changed);
}

/// The code, full screen on white, as a QR as wide as the phone allows, for the
/// facilitator's camera; also to copy or share, and as text.
fn code_screen(s: &Shared, body: &Element) -> Element {
    let (code, name, rounds) = {
        let m = s.borrow();
        let phone = m.phone.as_ref();
        (
            phone.and_then(|p| p.code.clone()).unwrap_or_default(),
            phone.map(|p| p.who.name().to_string()).unwrap_or_default(),
            phone.map(|p| p.sent_rounds(&m.room)).unwrap_or_default(),
        )
    };
    let main = child(body, "main", "room-code-out");
    attr(&main, "id", "main");
    attr(&main, "data-testid", "room-code-out");
    attr(&main, "data-wake-lock", "unavailable");
    text(&main, "h1", "", "Show this to the facilitator's camera");
    let who = child(&main, "p", "room-code-who");
    attr(&who, "data-testid", "room-code-who");
    text(&who, "strong", "", &name);
    if !rounds.is_empty() {
        dom::put(&who, &format!(" · {}", rounds.iter().map(|r| format!("“{r}”")).collect::<Vec<_>>().join(", ")));
    }
    crate::ui::qr::draw(&main, &code, "QR code of your ballots, for the facilitator's camera", true);
    text(&main, "p", "hint", "Turn your screen brightness up if the camera struggles. The code is sealed: only the facilitator's Accord can read it, so it is safe to send through a group chat.");
    let row = child(&main, "div", "field-row");
    let said = text(&main, "p", "", "");
    attr(&said, "role", "status");
    attr(&said, "aria-live", "polite");
    let (copy_text, shown) = (code.clone(), said.clone());
    dom::button(&row, "button primary", "Copy", "copy-room-code", move || {
        let shown = shown.clone();
        dom::copy_text(&copy_text, move |ok| {
            shown.set_text_content(Some(if ok { "Copied. Paste it into a message to the facilitator." } else { "Copying was not allowed here; select the code below and copy it." }));
        });
    });
    if can_share() {
        let (share_text, shown) = (code.clone(), said.clone());
        dom::button(&row, "button", "Share…", "share-room-code", move || {
            let shown = shown.clone();
            share_code(&share_text, move |e| {
                shown.set_text_content(Some(&format!("Sharing did not work ({e}); copy the code instead.")));
            });
        });
    }
    let back = s.clone();
    dom::button(&row, "button", "Back to my ballots", "room-code-done", move || show(&back, Screen::Ballots));
    let label = child(&main, "label", "field");
    text(&label, "span", "", "The code as text");
    let area = text(&label, "textarea", "code-text", &code);
    for (k, v) in [("readonly", ""), ("rows", "4"), ("data-testid", "room-code")] {
        attr(&area, k, v);
    }
    set_value(&area, &code);
    s.borrow_mut().shown = Some(main.clone());
    keep_screen_on(s);
    main
}

fn navigator_value() -> wasm_bindgen::JsValue {
    dom::window().navigator().into()
}

fn can_share() -> bool {
    js_sys::Reflect::get(&navigator_value(), &"share".into()).is_ok_and(|f| f.is_function())
}

/// Web Share (any messenger the phone has): `navigator.share({ text })`; `failed` hears
/// why it did not work (the person closing the share sheet is not a failure).
fn share_code(text: &str, failed: impl Fn(String) + 'static) {
    let navigator = navigator_value();
    let started = (|| {
        let share: js_sys::Function = js_sys::Reflect::get(&navigator, &"share".into()).map_err(files::describe)?.dyn_into().map_err(|_| "no Web Share".to_string())?;
        let data = js_sys::Object::new();
        js_sys::Reflect::set(&data, &"text".into(), &text.into()).map_err(files::describe)?;
        share.call1(&navigator, &data).map_err(files::describe)?.dyn_into::<js_sys::Promise>().map_err(|_| "no Web Share".to_string())
    })();
    match started {
        Ok(promise) => dom::then(&promise, |_| {}, move |e| {
            if js_sys::Reflect::get(&e, &"name".into()).ok().and_then(|n| n.as_string()).as_deref() != Some("AbortError") {
                failed(files::describe(e));
            }
        }),
        Err(e) => failed(e),
    }
}

/// Keeps the screen on while the code is shown (the Screen Wake Lock API, where the
/// browser has it; never required). The code screen's `data-wake-lock` says what
/// happened: "held", "refused" or "unavailable".
fn keep_screen_on(s: &Shared) {
    let (generation, main) = {
        let m = s.borrow();
        (m.generation, m.shown.clone())
    };
    let Some(main) = main else { return };
    let navigator = navigator_value();
    let Some(lock) = js_sys::Reflect::get(&navigator, &"wakeLock".into()).ok().filter(|l| l.is_object()) else { return };
    let Some(ask) = js_sys::Reflect::get(&lock, &"request".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok()) else { return };
    let Some(promise) = ask.call1(&lock, &"screen".into()).ok().and_then(|p| p.dyn_into::<js_sys::Promise>().ok()) else {
        attr(&main, "data-wake-lock", "refused");
        return;
    };
    let (s, refused) = (s.clone(), main.clone());
    dom::then(
        &promise,
        move |held| {
            let mut m = s.borrow_mut();
            // Still the same code screen: keep it (letting go of an older one).
            if m.generation == generation && m.screen == Screen::Code {
                if let Some(old) = m.wake.replace(held) {
                    release(&old);
                }
                attr(&main, "data-wake-lock", "held");
            } else {
                release(&held);
            }
        },
        move |_| {
            attr(&refused, "data-wake-lock", "refused");
        },
    );
}

fn release(sentinel: &wasm_bindgen::JsValue) {
    if let Some(f) = js_sys::Reflect::get(sentinel, &"release".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok()) {
        let _ = f.call0(sentinel);
    }
}
