//! The participant's page (`/vote/`, the `accord-vote` bundle). Phone first. Nothing here
//! touches a network: an invite (`#invite=ACI1…`) or the room (`#room=ACR1…`,
//! `room_phone.rs`) is in the link, the draft ballot is kept in this browser, and
//! submitting makes a ballot code for the participant to send back to the facilitator by
//! any channel. Without either in the link, it lists the invites kept on this device.
//!
//! Drawn with direct DOM calls (`ui/dom.rs`, text only, never HTML), like the viewer, so
//! the page links no Leptos and stays within its 150 KB first load; every rule is the
//! core's (`domain::invitation`, `domain::codec`).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use web_sys::Element;

use crate::domain::codec::{decode_invite, Invite, InviteRound};
use crate::domain::invitation::Draft;
use crate::domain::library::file_stem;
use crate::domain::model::GoalId;
use crate::domain::voting::Method;
use crate::platform::{random, storage};
use crate::ui::ballot_dom::{self, context_line, BallotGoal, Marks};
use crate::ui::dom::{self, attr, child, on, on_window, put, text, Slot};

/// Draws the page the link asks for into `<body>`.
pub fn start() {
    let hash = dom::window().location().hash().unwrap_or_default();
    let fragment = hash.trim_start_matches('#');
    follow_fragment(&hash);
    let body: Element = dom::document().body().expect("a body").into();
    if let Some(code) = fragment.strip_prefix("invite=") {
        invite_page(&body, code);
    } else if let Some(code) = fragment.strip_prefix("room=") {
        // The room link: join once, then every open round from this phone.
        crate::ui::room_phone::start(&body, code);
    } else {
        home(&body);
    }
    dom::mark_interactive();
}

/// Another invite opened in the same tab (a new fragment, no page load) starts the page
/// afresh, so one person's ballot is never shown under another's invite.
fn follow_fragment(started: &str) {
    let started = started.to_string();
    on_window("hashchange", move |_| {
        let location = dom::window().location();
        if location.hash().unwrap_or_default() != started {
            let _ = location.reload();
        }
    });
}

/// A `<main class="participant" id="main">` in `body`.
pub(crate) fn main(body: &Element, class: &str) -> Element {
    let main = child(body, "main", class);
    attr(&main, "id", "main");
    main
}

/// `<p class=… role=… data-testid=…>text</p>`.
pub(crate) fn notice(parent: &Element, class: &str, role: &str, testid: &str, message: &str) -> Element {
    let p = text(parent, "p", class, message);
    attr(&p, "role", role);
    if !testid.is_empty() {
        attr(&p, "data-testid", testid);
    }
    p
}

fn invite_page(body: &Element, code: &str) {
    match decode_invite(code) {
        Ok(invite) => {
            // Kept so a later visit (or a reload without the link) still has it.
            let kept = storage::keep_invite(&invite, code);
            invite_view(body, invite, kept.is_ok());
        }
        Err(problem) => {
            let main = main(body, "participant");
            text(&main, "h1", "", "Accord");
            notice(&main, "notice error", "alert", "invite-problem", &problem.to_string());
            kept_invites(&main);
        }
    }
}

/// Invites opened before on this device, so a participant can get back to their ballot.
fn kept_invites(parent: &Element) {
    let kept = storage::kept_invites();
    if kept.is_empty() {
        return;
    }
    text(parent, "h2", "", "Invites on this device");
    let list = child(parent, "ul", "");
    attr(&list, "role", "list");
    for (code, invite) in kept {
        let li = child(&list, "li", "");
        let a = text(&li, "a", "", &format!("{} — {}", invite.title, invite.name));
        attr(&a, "href", &format!("#invite={code}"));
        // A new fragment does not restart the page by itself; a reload picks the invite up.
        on(&a, "click", |_| dom::after(10, || drop(dom::window().location().reload())));
    }
}

/// The start page on a participant's device (invites kept, no workshops of its own): back
/// to a ballot in one tap, instead of a facilitator's demo workshop.
fn home(body: &Element) {
    let main = main(body, "participant");
    attr(&main, "data-testid", "participant-home");
    text(&main, "h1", "", "Accord");
    text(&main, "p", "", "Your ballots are kept on this device. Pick up where you left off:");
    kept_invites(&main);
    let hint = text(&main, "p", "hint", "Facilitating a workshop yourself? ");
    let a = text(&hint, "a", "", "Open the facilitator's workspace");
    attr(&a, "href", "../#define");
    attr(&a, "data-testid", "start-facilitating");
}

fn invite_view(body: &Element, invite: Invite, kept_ok: bool) {
    let heading = if invite.department.is_empty() { invite.name.clone() } else { format!("{} · {}", invite.name, invite.department) };
    // What this device can know about this invite from newer ones kept here (it cannot
    // ask the facilitator whether a round has closed).
    let kept: Vec<(String, Invite)> = storage::kept_invites();
    let standing = invite.standing(kept.iter().map(|(_, i)| i));
    let newer_link = standing.newer.as_ref().and_then(|n| kept.iter().find(|(_, i)| i == n).map(|(link, _)| link.clone()));
    let main = main(body, "participant");
    let head = child(&main, "header", "participant-head");
    text(&head, "p", "brand", "Accord");
    attr(&text(&head, "h1", "", &invite.title), "data-testid", "invite-title");
    attr(&text(&head, "p", "big", &format!("Ballot for {heading}")), "data-testid", "invite-name");
    if !invite.strategy.is_empty() {
        text(&head, "p", "strategy", &invite.strategy);
    }
    text(&head, "p", "hint", "Nothing you do here is sent anywhere. Your choices are kept in this browser until you make your ballot code; then send the code to the facilitator (message, e-mail, or let them scan it).");
    attr(&text(&head, "p", "hint", "This page cannot ask the facilitator anything: if a round has closed since this invite was made, or the invite was withdrawn, the facilitator's Accord will refuse the code and they will tell you."), "data-testid", "invite-limits");
    if !kept_ok {
        notice(&head, "notice", "status", "", "This browser would not keep the invite; keep the link to come back to it.");
    }
    if let Some(link) = newer_link {
        let p = notice(&head, "notice", "status", "newer-invite", "You have a newer invite from the facilitator on this device. ");
        attr(&text(&p, "a", "", "Open your newer invite"), "href", &format!("#invite={link}"));
    }
    let invite = Rc::new(invite);
    for round in invite.rounds.clone() {
        let superseded = standing.gone.contains(&round.id);
        round_ballot(&main, invite.clone(), round, superseded);
    }
}

/// "dot voting · Anonymous: …": how a round counts and what it discloses.
pub(crate) fn round_hint(parent: &Element, method: Method, anonymous: bool) {
    let p = text(parent, "p", "hint", &format!("{} · ", method.label()));
    put(&p, if anonymous { "Anonymous: results never show who voted what." } else { "Named: once results are revealed, the room sees each ballot with its voter's name." });
}

/// One round's ballot: the controls, kept on every change; then its code.
fn round_ballot(main: &Element, invite: Rc<Invite>, round: InviteRound, superseded: bool) {
    let method = Method::from(round.method.clone());
    let draft = storage::load_draft(&invite, &round);
    let round_id = round.id;
    let heading_id = format!("round-{round_id}-heading");
    let section = child(main, "section", "panel participant-round");
    attr(&section, "aria-labelledby", &heading_id);
    attr(&section, "data-testid", "invite-round");
    attr(&text(&section, "h2", "", &round.name), "id", &heading_id);
    round_hint(&section, method, round.anonymous);
    if superseded {
        notice(&section, "notice", "status", "round-superseded", "Your newer invite no longer lists this round as it is here: the facilitator has most likely closed it (or set it up again). A code made here would be refused; use your newer invite.");
    }
    let form = child(&section, "form", "ballot");
    attr(&form, "data-testid", "invite-ballot");
    // This device's count of codes made for the round (orders the voter's ballots) and
    // its last code.
    let counter = Rc::new(Cell::new(draft.counter));
    let code = Rc::new(RefCell::new(draft.code.clone()));
    let goals: Vec<BallotGoal> = round.goals.iter().map(|g| (GoalId(g.id), g.title.clone(), context_line(Some(&g.parent), Some(&g.department)))).collect();
    let status = Slot::element("p", "hint");
    status.set_text_content(Some("Your choices are kept on this device."));
    attr(&status, "aria-live", "polite");
    attr(&status, "data-testid", "draft-status");
    // Every change is kept at once: a closed tab or a flat battery loses nothing.
    let keep = {
        let (invite, counter, code, status) = (invite.clone(), counter.clone(), code.clone(), status.clone());
        Rc::new(move |m: &Marks| {
            let draft = Draft { marks: m.marks.clone(), ranking: m.ranking.clone(), code: code.borrow().clone(), counter: counter.get() };
            let saved = storage::save_draft(&invite, round_id, &draft).is_ok();
            status.set_text_content(Some(if saved { "Your choices are kept on this device." } else { "This browser would not keep your choices; finish in this tab." }));
        })
    };
    let now = ballot_dom::controls(&form, method, goals, Marks { marks: draft.marks, ranking: draft.ranking }, keep.clone());
    let problem = Slot::new(&form);
    let _ = form.append_child(&status);
    let submit = text(&form, "button", "button primary", "");
    attr(&submit, "type", "submit");
    attr(&submit, "data-testid", "make-code");
    let out = Slot::new(&section);
    let voter = invite.name.clone();
    let show = {
        let (submit, round_name) = (submit.clone(), round.name.clone());
        move |code: &Option<String>| {
            submit.set_text_content(Some(if code.is_some() { "Make a new ballot code (replaces the one before)" } else { "Make my ballot code" }));
            out.set(code.as_ref().map(|text| code_out(text, &round_name, &voter)));
        }
    };
    show(&code.borrow());
    let round = Rc::new(round);
    on(&form, "submit", move |ev| {
        ev.prevent_default();
        let marks = now();
        let ballot = method.ballot_from(&marks.marks, &marks.ranking);
        let Some(next) = (Draft { counter: counter.get(), ..Default::default() }).next_counter() else {
            problem.set(Some(problem_line("This device has made as many codes for this round as it can count; ask the facilitator for a new invite.")));
            return;
        };
        match invite.seal(&round, ballot, next, random::random_bytes()) {
            Ok(text) => {
                problem.set(None);
                counter.set(next);
                *code.borrow_mut() = Some(text);
                keep(&marks);
                show(&code.borrow());
            }
            Err(p) => problem.set(Some(problem_line(&p.to_string()))),
        }
    });
}

fn problem_line(message: &str) -> Element {
    let p = Slot::element("p", "notice error");
    p.set_text_content(Some(message));
    attr(&p, "role", "alert");
    attr(&p, "data-testid", "ballot-problem");
    p
}

/// A fresh ballot code, three ways: text to copy, a QR code to show, a file to send.
fn code_out(code: &str, round_name: &str, voter: &str) -> Element {
    let region = Slot::element("div", "ballot-code");
    attr(&region, "role", "region");
    attr(&region, "aria-label", "Your ballot code");
    attr(&region, "data-testid", "ballot-code-out");
    text(&region, "h3", "", "Your ballot code");
    text(&region, "p", "", "Send this to the facilitator. It is sealed: a group chat that carries it cannot read your vote, and nobody can change it on the way. Keep your invite link to yourself: whoever has it can vote as you.");
    let area = text(&region, "textarea", "code-text", code);
    for (k, v) in [("readonly", ""), ("rows", "4"), ("data-testid", "ballot-code"), ("aria-label", "Ballot code text")] {
        attr(&area, k, v);
    }
    let row = child(&region, "div", "field-row");
    let copy = text(&row, "button", "button primary", "Copy the code");
    let download = text(&row, "button", "button", "Download as a file");
    for (b, id) in [(&copy, "copy-code"), (&download, "download-code")] {
        attr(b, "type", "button");
        attr(b, "data-testid", id);
    }
    let said = text(&region, "p", "", "");
    attr(&said, "role", "status");
    attr(&said, "aria-live", "polite");
    const REFUSED: &str = "Copying was not allowed here; select the text above, or download the file.";
    let (text_to_copy, shown) = (code.to_string(), said.clone());
    on(&copy, "click", move |_| {
        let shown = shown.clone();
        dom::copy_text(&text_to_copy, move |ok| {
            shown.set_text_content(Some(if ok { "Copied. Paste it into a message to the facilitator." } else { REFUSED }));
        });
    });
    let file_name = format!("ballot-{}-{}.txt", file_stem(voter), file_stem(round_name));
    let body = format!("Accord ballot code — {voter}, “{round_name}”\n\n{code}\n");
    on(&download, "click", move |_| {
        if dom::download_as(&file_name, "text/plain", &body).is_err() {
            said.set_text_content(Some(REFUSED));
        }
    });
    crate::ui::qr::draw(&region, code, "QR code of your ballot code, for the facilitator to scan", false);
    region
}
