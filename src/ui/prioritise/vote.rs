//! Pass-the-device voting, shown inside the kiosk (`ui::kiosk`): a participant picks their
//! name, votes, submits; the ballot is then hidden and the screen says "Done — pass it
//! on". Nothing on this screen can show a ballot once it is cast: a participant who votes
//! again starts from an empty ballot. The names and their notes come from
//! `domain::kiosk::picks` (never whether a ballot was held).
//! A ballot that differs from the person's ballot already counted from their own device
//! is held for the facilitator (`ballot_box::vote_here`); the voter is told exactly what
//! everyone is told, and the choice is offered only once the device is back with the
//! facilitator (`HeldBallots`).
//! Casting is not an undoable edit (`History` never records a ballot), and while the
//! kiosk is up the undo, redo and library actions do not apply, by button or key.

use std::collections::BTreeMap;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::actions::{action, ActionId};
use crate::domain::ballot_box::{count_held, held_ballots, keep_counted, vote_here, Here};
use crate::domain::kiosk::picks;
use crate::domain::model::{GoalId, ParticipantId, RoundId};
use crate::domain::voting::{Method, RoundStatus};
use crate::platform::{clock, kiosk as edge};
use crate::ui::ballot::{context_line, BallotControls};
use crate::ui::state::{AppState, Notice};
use crate::ui::widgets::read;

#[derive(Clone, PartialEq)]
enum Step {
    Pick,
    Vote(ParticipantId, String),
    Done(String),
}

/// The heading of each step takes the keyboard focus (and a screen reader's attention)
/// when the step is shown.
const STEP_HEADING: &str = "kiosk-step";

fn focus_step() {
    request_animation_frame(|| {
        if let Some(el) = document().get_element_by_id(STEP_HEADING).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
}

#[component]
pub fn PassTheDevice(id: RoundId) -> impl IntoView {
    let state = expect_context::<AppState>();
    let step = RwSignal::new(Step::Pick);
    Effect::new(move |_| {
        step.track();
        focus_step();
    });
    let voters = move || read(state, move |w| picks(w, id));
    view! {
        <section class="pass-device" aria-labelledby=STEP_HEADING data-testid="pass-device">
            {move || match step.get() {
                Step::Pick => view! {
                    <h2 class="kiosk-heading" id=STEP_HEADING tabindex="-1">"Find your name"</h2>
                    <p class="kiosk-lead">"Your ballot stays secret: once you submit, this screen cannot show it again."</p>
                    <ul class="voter-picks" role="list">
                        {voters().into_iter().map(|(pid, name, note)| {
                            let label = name.clone();
                            view! {
                                <li>
                                    <button class="button" data-testid="pick-voter" on:click=move |_| step.set(Step::Vote(pid, label.clone()))>
                                        {name}
                                        {(!note.suffix().is_empty()).then(|| note.suffix())}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Step::Vote(pid, name) => view! {
                    <BallotForm id voter=pid name=name.clone() submitted=move || step.set(Step::Done(name.clone())) cancel=move || step.set(Step::Pick)/>
                }.into_any(),
                Step::Done(name) => view! {
                    <div class="passed" role="status" data-testid="ballot-cast">
                        <h2 class="kiosk-done" id=STEP_HEADING tabindex="-1">"Done — pass it on"</h2>
                        <p class="kiosk-big">{format!("Thank you, {name}. Your ballot is in and hidden.")}</p>
                        <p class="kiosk-big"><strong>"Pass the device to the next person."</strong></p>
                        <button class="button primary kiosk-next" data-testid="next-voter" on:click=move |_| {
                            // Back to full screen if a voter left it (Escape leaves it).
                            edge::enter_fullscreen();
                            step.set(Step::Pick);
                        }>"Next voter"</button>
                    </div>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn BallotForm(
    id: RoundId,
    voter: ParticipantId,
    name: String,
    submitted: impl Fn() + Clone + Send + Sync + 'static,
    cancel: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let method = read(state, move |w| w.round(id).map(|r| r.method)).unwrap_or(Method::Ranked);
    let goals = read(state, move |w| {
        w.round(id)
            .map(|r| {
                r.goals
                    .iter()
                    .filter_map(|g| {
                        let goal = w.goal(*g)?;
                        let parent = w.parent(*g).map(|p| w.title_of(p));
                        let department = goal.department.and_then(|d| w.department(d)).map(|d| d.name.as_str());
                        let context = context_line(parent.as_deref(), department);
                        Some((*g, goal.title.clone(), context))
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let marks = RwSignal::new(BTreeMap::<GoalId, u32>::new());
    let ranking = RwSignal::new(Vec::<GoalId>::new());
    let problem = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let ballot = marks.with_untracked(|m| ranking.with_untracked(|r| method.ballot_from(m, r)));
        // Counted, held for the facilitator, or unchanged: the voter sees the same thanks.
        let here = state.workshop.with_untracked(|w| w.as_ref().map(|w| vote_here(w, id, voter, ballot, clock::now())));
        match here {
            Some(Ok(Here::Count(edit) | Here::Hold(edit) | Here::Unchanged(Some(edit)))) => {
                if state.apply(edit) {
                    submitted();
                } else {
                    // The notices are out of sight behind the kiosk: say it here.
                    problem.set(Some(not_recorded(state)));
                }
            }
            Some(Ok(Here::Unchanged(None))) => submitted(),
            Some(Err(e)) => problem.set(Some(e.to_string())),
            None => problem.set(Some(not_recorded(state))),
        }
    };
    view! {
        <form class="ballot" on:submit=submit data-testid="ballot-form">
            <h2 class="kiosk-heading" id=STEP_HEADING tabindex="-1">{format!("{name}, your ballot")}</h2>
            <BallotControls method goals marks ranking/>
            {move || problem.get().map(|p| view! { <p class="notice error" role="alert" data-testid="ballot-problem">{p}</p> })}
            <div class="kiosk-actions">
                <button class="button primary" type="submit" data-testid="submit-ballot">"Submit my ballot"</button>
                <button class="button subtle" type="button" on:click=move |_| cancel()>"Not me — back"</button>
            </div>
        </form>
    }
}

/// What the voter is told when this device could not record their ballot (the reason the
/// app gave, if any).
fn not_recorded(state: AppState) -> String {
    let why = state.notice.with_untracked(|n| match n {
        Some(Notice::Refused(why)) => format!(" {why}"),
        _ => String::new(),
    });
    format!("Your ballot was not recorded on this device.{why} Please hand the device back to the facilitator.")
}

/// The facilitator takes one person's ballot out of an open round: a registered action
/// (never while the device is passed round, never in a read-only tab), chosen by name,
/// asked first, and written on the round's record, which is shown here. It is not an
/// undoable step, and the person can vote again.
#[component]
pub fn RemoveBallot(id: RoundId) -> impl IntoView {
    let state = expect_context::<AppState>();
    let registered = action(ActionId::RemoveBallot);
    let open = move || read(state, move |w| w.round(id).is_some_and(|r| r.status == RoundStatus::Open));
    let voted = move || {
        read(state, move |w| {
            let Some(round) = w.round(id) else { return Vec::new() };
            w.participants().iter().filter(|p| round.ballots.contains_key(&p.id)).map(|p| (p.id, p.name.clone())).collect::<Vec<_>>()
        })
    };
    let record = move || {
        read(state, move |w| {
            w.round(id)
                .map(|r| r.removed_ballots.iter().map(|x| format!("{}’s ballot was removed ({}).", x.name, x.at.to_rfc3339())).collect())
                .unwrap_or_else(Vec::new)
        })
    };
    let choice = RwSignal::new(None::<ParticipantId>);
    let confirming = RwSignal::new(false);
    let name_of = move |p: ParticipantId| read(state, move |w| w.participant(p).map(|p| p.name.clone()).unwrap_or_default());
    let remove = move |_| {
        let Some(p) = choice.get_untracked() else { return };
        confirming.set(false);
        if !state.run(ActionId::RemoveBallot) {
            return;
        }
        let name = name_of(p);
        if state.propose(|w| w.remove_ballot(id, p, clock::now())) {
            choice.set(None);
            state.notice.set(Some(Notice::Done(format!(
                "Removed {name}’s ballot. The removal is on the round’s record; {name} can vote again."
            ))));
        }
    };
    view! {
        <details class="remove-ballot" data-testid="remove-ballot">
            <summary>{format!("{}…", registered.name)}</summary>
            {move || match registered.unavailable(&state.situation(false)) {
                Some(why) => view! { <p class="hint">{why.to_string()}</p> }.into_any(),
                None if !open() => view! { <p class="hint">"A ballot can be removed while its round is open for voting."</p> }.into_any(),
                None => view! {
                    <div class="field-row">
                        <label>
                            "Whose ballot "
                            <select
                                data-testid="remove-ballot-voter"
                                prop:value=move || choice.get().map(|p| p.to_string()).unwrap_or_default()
                                on:change=move |ev| {
                                    confirming.set(false);
                                    choice.set(ParticipantId::parse(&event_target_value(&ev)));
                                }
                            >
                                <option value="">"Choose a voter"</option>
                                {move || voted().into_iter().map(|(p, name)| view! {
                                    <option value=p.to_string() selected=move || choice.get() == Some(p)>{name}</option>
                                }).collect_view()}
                            </select>
                        </label>
                        <button
                            class="button danger"
                            data-testid="remove-ballot-button"
                            disabled=move || choice.get().is_none()
                            on:click=move |_| confirming.set(true)
                        >
                            "Remove this ballot…"
                        </button>
                    </div>
                    {move || (confirming.get() && choice.get().is_some()).then(|| {
                        let name = choice.get().map(name_of).unwrap_or_default();
                        view! {
                            <div class="confirm" role="alert" data-testid="confirm-remove-ballot">
                                <p>{format!("Remove {name}’s ballot from this round? This cannot be undone: the removal is written on the round’s record, and {name} can vote again.")}</p>
                                <button class="button danger" data-testid="confirm-remove-ballot-yes" on:click=remove>"Remove the ballot"</button>
                                <button class="button subtle" on:click=move |_| confirming.set(false)>"Keep it"</button>
                            </div>
                        }
                    })}
                }.into_any(),
            }}
            <ul class="removed-ballots" data-testid="removed-ballots">
                {move || record().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
            </ul>
        </details>
    }
}

/// Ballots cast on this device that differ from the person's ballot counted from their own
/// device, each with the facilitator's two choices (never what either ballot says). Shown
/// only while the device is not being passed round.
#[component]
pub fn HeldBallots(id: RoundId) -> impl IntoView {
    let state = expect_context::<AppState>();
    let held = move || read(state, move |w| held_ballots(w, id));
    let name_of = move |p: ParticipantId| read(state, move |w| w.participant(p).map(|p| p.name.clone()).unwrap_or_default());
    let count = move |p: ParticipantId| {
        let name = name_of(p);
        if state.propose(|w| count_held(w, id, p)) {
            state.notice.set(Some(Notice::Done(format!(
                "Counted the ballot {name} cast on this device; the one from their own device no longer counts."
            ))));
        }
    };
    let keep = move |p: ParticipantId| {
        let name = name_of(p);
        if state.propose(|w| keep_counted(w, id, p)) {
            state.notice.set(Some(Notice::Done(format!(
                "Kept {name}’s ballot from their own device; the one cast on this device was not counted."
            ))));
        }
    };
    view! {
        {move || {
            let lines = held();
            (!lines.is_empty()).then(|| view! {
                <section class="held-ballots" aria-labelledby="held-heading" data-testid="held-ballots">
                    <h3 id="held-heading">"Waiting for your choice"</h3>
                    <ul role="list">
                        {lines.into_iter().map(|(p, text)| view! {
                            <li class="choose" data-testid="held-ballot">
                                <span>{text}</span>
                                <span class="field-row">
                                    <button class="button" data-testid="count-held" on:click=move |_| count(p)>"Count this new ballot"</button>
                                    <button class="button subtle" data-testid="keep-counted" on:click=move |_| keep(p)>"Keep the one counted"</button>
                                </span>
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            })
        }}
    }
}
