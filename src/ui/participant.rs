//! The participant's own-device view, opened from a personal invite (`#invite=ACI1…`).
//! Phone first. Nothing here touches a network: the invite is in the link, the draft
//! ballot is kept in this browser, and submitting makes a ballot code for the participant
//! to send back to the facilitator by any channel.

use leptos::prelude::*;

use crate::domain::codec::{decode_invite, Invite, InviteRound};
use crate::domain::invitation::Draft;
use crate::domain::library::file_stem;
use crate::domain::model::GoalId;
use crate::domain::voting::Method;
use crate::platform::{files, random, storage};
use crate::ui::ballot::{context_line, BallotControls, BallotGoal};
use crate::ui::qr::QrCode;

/// Another invite opened in the same tab (a new fragment, no page load) starts the page
/// afresh, so one person's ballot is never shown under another's invite.
pub(crate) fn follow_fragment() {
    let started = location_hash().unwrap_or_default();
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        if location_hash().unwrap_or_default() != started {
            let _ = window().location().reload();
        }
    });
    on_cleanup(move || handle.remove());
}

#[component]
pub fn ParticipantApp(code: String) -> impl IntoView {
    follow_fragment();
    match decode_invite(&code) {
        Ok(invite) => {
            // Kept so a later visit (or a reload without the link) still has it.
            let kept = storage::keep_invite(&invite, &code);
            crate::ui::app::mark_interactive();
            view! { <InviteView invite kept_ok=kept.is_ok()/> }.into_any()
        }
        Err(problem) => view! {
            <main class="participant" id="main">
                <h1>"Accord"</h1>
                <p class="notice error" role="alert" data-testid="invite-problem">{problem.to_string()}</p>
                <KeptInvites/>
            </main>
        }
        .into_any(),
    }
}

/// Invites opened before on this device, so a participant can get back to their ballot.
#[component]
fn KeptInvites() -> impl IntoView {
    let kept = storage::kept_invites();
    (!kept.is_empty()).then(|| {
        view! {
            <h2>"Invites on this device"</h2>
            <ul role="list">
                {kept.into_iter().map(|(code, invite)| view! {
                    <li><a href=format!("#invite={code}") on:click=|_| reload_soon()>{format!("{} — {}", invite.title, invite.name)}</a></li>
                }).collect_view()}
            </ul>
        }
    })
}

/// The start page on a participant's device (invites kept, no workshops of its own): back
/// to a ballot in one tap, instead of a facilitator's demo workshop.
#[component]
pub fn ParticipantHome() -> impl IntoView {
    follow_fragment();
    crate::ui::app::mark_interactive();
    view! {
        <main class="participant" id="main" data-testid="participant-home">
            <h1>"Accord"</h1>
            <p>"Your ballots are kept on this device. Pick up where you left off:"</p>
            <KeptInvites/>
            <p class="hint">
                "Facilitating a workshop yourself? "
                <a href="../#define" data-testid="start-facilitating">"Open the facilitator's workspace"</a>
            </p>
        </main>
    }
}

/// A new fragment does not restart the app by itself; a reload picks the invite up.
fn reload_soon() {
    leptos::prelude::set_timeout(|| { let _ = window().location().reload(); }, std::time::Duration::from_millis(10));
}

#[component]
fn InviteView(invite: Invite, kept_ok: bool) -> impl IntoView {
    let heading = if invite.department.is_empty() { invite.name.clone() } else { format!("{} · {}", invite.name, invite.department) };
    let rounds = invite.rounds.clone();
    // What this device can know about this invite from newer ones kept here (it cannot
    // ask the facilitator whether a round has closed).
    let kept: Vec<(String, Invite)> = storage::kept_invites();
    let standing = invite.standing(kept.iter().map(|(_, i)| i));
    let newer_link = standing.newer.as_ref().and_then(|n| kept.iter().find(|(_, i)| i == n).map(|(link, _)| link.clone()));
    let gone = standing.gone.clone();
    let invite = StoredValue::new(invite);
    view! {
        <main class="participant" id="main">
            <header class="participant-head">
                <p class="brand">"Accord"</p>
                <h1 data-testid="invite-title">{invite.with_value(|i| i.title.clone())}</h1>
                <p class="big" data-testid="invite-name">{format!("Ballot for {heading}")}</p>
                {invite.with_value(|i| (!i.strategy.is_empty()).then(|| view! { <p class="strategy">{i.strategy.clone()}</p> }))}
                <p class="hint">"Nothing you do here is sent anywhere. Your choices are kept in this browser until you make your ballot code; then send the code to the facilitator (message, e-mail, or let them scan it)."</p>
                <p class="hint" data-testid="invite-limits">"This page cannot ask the facilitator anything: if a round has closed since this invite was made, or the invite was withdrawn, the facilitator's Accord will refuse the code and they will tell you."</p>
                {(!kept_ok).then(|| view! { <p class="notice" role="status">"This browser would not keep the invite; keep the link to come back to it."</p> })}
                {newer_link.map(|link| view! {
                    <p class="notice" role="status" data-testid="newer-invite">
                        "You have a newer invite from the facilitator on this device. "
                        <a href=format!("#invite={link}")>"Open your newer invite"</a>
                    </p>
                })}
            </header>
            {rounds.into_iter().map(|round| {
                let superseded = gone.contains(&round.id);
                view! { <RoundBallot invite round superseded/> }
            }).collect_view()}
        </main>
    }
}

#[component]
fn RoundBallot(invite: StoredValue<Invite>, round: InviteRound, superseded: bool) -> impl IntoView {
    let method = Method::from(round.method.clone());
    let draft = invite.with_value(|i| storage::load_draft(i, &round));
    let marks = RwSignal::new(draft.marks.clone());
    let ranking = RwSignal::new(draft.ranking.clone());
    let code = RwSignal::new(draft.code.clone());
    // This device's count of codes made for the round: orders the voter's ballots.
    let counter = RwSignal::new(draft.counter);
    let problem = RwSignal::new(None::<String>);
    let saved = RwSignal::new(true);
    let round_id = round.id;
    // Every change is kept at once: a closed tab or a flat battery loses nothing.
    let keep = move || {
        let draft = Draft { marks: marks.get_untracked(), ranking: ranking.get_untracked(), code: code.get_untracked(), counter: counter.get_untracked() };
        saved.set(invite.with_value(|i| storage::save_draft(i, round_id, &draft)).is_ok());
    };
    Effect::new(move |first: Option<()>| {
        marks.track();
        ranking.track();
        if first.is_some() {
            keep();
        }
    });
    let goals: Vec<BallotGoal> = round
        .goals
        .iter()
        .map(|g| (GoalId(g.id), g.title.clone(), context_line(Some(&g.parent), Some(&g.department))))
        .collect();
    let round = StoredValue::new(round);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let ballot = marks.with_untracked(|m| ranking.with_untracked(|r| method.ballot_from(m, r)));
        let Some(next) = Draft { counter: counter.get_untracked(), ..Default::default() }.next_counter() else {
            problem.set(Some("This device has made as many codes for this round as it can count; ask the facilitator for a new invite.".into()));
            return;
        };
        let sealed = invite.with_value(|i| round.with_value(|r| i.seal(r, ballot, next, random::random_bytes())));
        match sealed {
            Ok(text) => {
                problem.set(None);
                counter.set(next);
                code.set(Some(text));
                keep();
            }
            Err(p) => problem.set(Some(p.to_string())),
        }
    };
    let (name, anonymous) = round.with_value(|r| (r.name.clone(), r.anonymous));
    let heading_id = format!("round-{round_id}-heading");
    let labelled_by = heading_id.clone();
    view! {
        <section class="panel participant-round" aria-labelledby=labelled_by data-testid="invite-round">
            <h2 id=heading_id>{name.clone()}</h2>
            <p class="hint">
                {format!("{} · ", method.label())}
                {if anonymous { "Anonymous: results never show who voted what." } else { "Named: once results are revealed, the room sees each ballot with its voter's name." }}
            </p>
            {superseded.then(|| view! {
                <p class="notice" role="status" data-testid="round-superseded">
                    "Your newer invite no longer lists this round as it is here: the facilitator has most likely closed it (or set it up again). A code made here would be refused; use your newer invite."
                </p>
            })}
            <form class="ballot" on:submit=submit data-testid="invite-ballot">
                <BallotControls method goals marks ranking/>
                {move || problem.get().map(|p| view! { <p class="notice error" role="alert" data-testid="ballot-problem">{p}</p> })}
                <p class="hint" aria-live="polite" data-testid="draft-status">
                    {move || if saved.get() { "Your choices are kept on this device." } else { "This browser would not keep your choices; finish in this tab." }}
                </p>
                <button class="button primary" type="submit" data-testid="make-code">
                    {move || if code.with(Option::is_some) { "Make a new ballot code (replaces the one before)" } else { "Make my ballot code" }}
                </button>
            </form>
            {move || code.get().map(|text| view! { <CodeOut text round_name=name.clone() voter=invite.with_value(|i| i.name.clone())/> })}
        </section>
    }
}

/// A fresh ballot code, three ways: text to copy, a QR code to show, a file to send.
#[component]
fn CodeOut(text: String, round_name: String, voter: String) -> impl IntoView {
    let copied = RwSignal::new(None::<Result<(), String>>);
    let copy_text = text.clone();
    let copy = move |_| {
        let text = copy_text.clone();
        leptos::task::spawn_local(async move {
            copied.set(Some(files::copy_text(&text).await));
        });
    };
    let file_text = text.clone();
    let file_name = format!("ballot-{}-{}.txt", file_stem(&voter), file_stem(&round_name));
    let download = move |_| {
        let body = format!("Accord ballot code — {voter}, “{round_name}”\n\n{file_text}\n");
        if let Err(e) = files::download(&file_name, "text/plain", &body) {
            copied.set(Some(Err(e)));
        }
    };
    view! {
        <div class="ballot-code" role="region" aria-label="Your ballot code" data-testid="ballot-code-out">
            <h3>"Your ballot code"</h3>
            <p>"Send this to the facilitator. It is sealed: a group chat that carries it cannot read your vote, and nobody can change it on the way. Keep your invite link to yourself: whoever has it can vote as you."</p>
            <textarea readonly rows="4" class="code-text" data-testid="ballot-code" aria-label="Ballot code text">{text.clone()}</textarea>
            <div class="field-row">
                <button class="button primary" type="button" data-testid="copy-code" on:click=copy>"Copy the code"</button>
                <button class="button" type="button" data-testid="download-code" on:click=download>"Download as a file"</button>
            </div>
            <p role="status" aria-live="polite">
                {move || copied.get().map(|r| match r {
                    Ok(()) => "Copied. Paste it into a message to the facilitator.".to_string(),
                    Err(_) => "Copying was not allowed here; select the text above, or download the file.".to_string(),
                })}
            </p>
            <QrCode text label="QR code of your ballot code, for the facilitator to scan".to_string()/>
        </div>
    }
}
