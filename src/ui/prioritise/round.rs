//! One round: its state and the facilitator's controls, who has voted (never how), the
//! countdown, the way into voting on this device (the kiosk, `ui::kiosk`), and the
//! results once revealed.

use std::time::Duration;

use leptos::prelude::*;

use super::results::Results;
use super::vote::{HeldBallots, RemoveBallot};
use crate::domain::model::{ParticipantId, RoundId};
use crate::domain::voting::{Method, RoundStatus, Secrecy};
use crate::ui::kiosk::Kiosk;
use crate::ui::state::AppState;
use crate::ui::widgets::read;

#[component]
pub fn RoundPanel(id: RoundId) -> impl IntoView {
    let state = expect_context::<AppState>();
    let status = move || read(state, move |w| w.round(id).map(|r| r.status)).unwrap_or(RoundStatus::Draft);
    let summary = move || {
        read(state, move |w| {
            w.round(id).map(|r| {
                let method = match r.method {
                    Method::Dot { dots, cap } => format!(
                        "Dot voting: {dots} dots each{}",
                        cap.map(|c| format!(", at most {c} per goal")).unwrap_or_default()
                    ),
                    Method::Score { min, max } => format!("Score voting from {min} to {max}"),
                    Method::Ranked => "Ranked voting, decided by the Schulze method".to_string(),
                };
                let secrecy = match r.secrecy {
                    Secrecy::Named => "named (after reveal, each ballot is shown with its voter)",
                    Secrecy::Anonymous => "anonymous (ballots are never shown with names)",
                };
                (r.name.clone(), method, secrecy, r.goals.len())
            })
        })
    };
    let go = move |to: RoundStatus| {
        state.propose(|w| w.set_round_status(id, to));
    };
    let confirm_delete = RwSignal::new(false);
    let kiosk = expect_context::<Kiosk>();
    view! {
        <section class="panel round" aria-labelledby="round-heading" data-testid="round-panel">
            {move || summary().map(|(name, method, secrecy, goals)| view! {
                <h2 id="round-heading">{name}</h2>
                <p>{method} " · " {format!("{goals} goals")} " · " {secrecy}</p>
            })}
            <p class="round-status">
                "Status: " <strong data-testid="round-status">{move || status().label()}</strong>
            </p>
            <div class="field-row" role="group" aria-label="Round controls">
                {move || match status() {
                    RoundStatus::Draft => view! {
                        <button class="button primary" data-testid="open-round" on:click=move |_| go(RoundStatus::Open)>"Open voting"</button>
                    }.into_any(),
                    RoundStatus::Open => view! {
                        <button class="button primary" data-testid="vote-here" on:click=move |_| kiosk.start(state, id)>"Vote on this device"</button>
                        <button class="button" data-testid="close-round" on:click=move |_| go(RoundStatus::Closed)>"Close voting"</button>
                    }.into_any(),
                    RoundStatus::Closed => view! {
                        <button class="button primary" data-testid="reveal-round" on:click=move |_| go(RoundStatus::Revealed)>"Reveal results"</button>
                        <button class="button" data-testid="reopen-round" on:click=move |_| go(RoundStatus::Open)>"Re-open voting"</button>
                    }.into_any(),
                    RoundStatus::Revealed => view! {
                        <button class="button" data-testid="reopen-round" on:click=move |_| go(RoundStatus::Open)>"Re-open voting"</button>
                    }.into_any(),
                }}
                {move || if confirm_delete.get() {
                    view! {
                        <span role="alert" class="confirm">
                            // Ballots are never an undo step, so neither is deleting them.
                            {move || if read(state, |w| w.round(id).is_some_and(|r| !r.ballots.is_empty())) {
                                "Delete this round and its ballots? The ballots cannot be brought back. "
                            } else {
                                "Delete this round? You can undo this. "
                            }}
                            <button class="button danger" data-testid="confirm-delete-round" on:click=move |_| {
                                confirm_delete.set(false);
                                state.propose(|w| w.remove_round(id));
                            }>"Delete round"</button>
                            <button class="button subtle" on:click=move |_| confirm_delete.set(false)>"Keep it"</button>
                        </span>
                    }.into_any()
                } else {
                    view! { <button class="button subtle danger" on:click=move |_| confirm_delete.set(true)>"Delete round…"</button> }.into_any()
                }}
            </div>
            <Countdown id/>
            <Voters id/>
            // Nothing of a held ballot while the device goes round: the next voter is watching.
            <Show when=move || !state.passing_device.get()>
                <HeldBallots id/>
            </Show>
            <RemoveBallot id/>
            {move || match status() {
                RoundStatus::Revealed => view! { <Results id/> }.into_any(),
                RoundStatus::Closed => view! {
                    <p class="notice done" data-testid="results-hidden">
                        {move || format!("Voting is closed with {} ballot(s). The results stay hidden until you reveal them.", read(state, move |w| w.round(id).map(|r| r.ballots.len()).unwrap_or(0)))}
                    </p>
                }.into_any(),
                _ => ().into_any(),
            }}
        </section>
    }
}

/// Who has voted (never how), and who only observes.
#[component]
fn Voters(id: RoundId) -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = move || {
        read(state, move |w| {
            let Some(round) = w.round(id) else { return Vec::new() };
            w.participants()
                .iter()
                // Only the people who could vote when the round opened (and its observers).
                .filter(|p| round.electorate.as_ref().is_none_or(|e| e.contains(&p.id)))
                .map(|p| {
                    let dept = p.department.and_then(|d| w.department(d)).map(|d| d.name.clone()).unwrap_or_else(|| "no department".into());
                    (p.id, p.name.clone(), dept, round.ballots.contains_key(&p.id), round.observers.contains(&p.id))
                })
                .collect::<Vec<_>>()
        })
    };
    let counts = move || {
        read(state, move |w| {
            w.round(id)
                .map(|r| (r.ballots.len(), w.participants().iter().filter(|p| r.is_voter(p.id)).count()))
                .unwrap_or((0, 0))
        })
    };
    let late = move || {
        read(state, move |w| {
            w.round(id)
                .and_then(|r| r.electorate.as_ref().map(|e| w.participants().iter().filter(|p| !e.contains(&p.id)).count()))
                .unwrap_or(0)
        })
    };
    let toggle = move |p: ParticipantId, observer: bool| {
        state.propose(|w| w.set_observer(id, p, observer));
    };
    view! {
        <details class="voters" open>
            <summary data-testid="voted-count">{move || { let (v, of) = counts(); format!("{v} of {of} voters have voted") }}</summary>
            {move || (late() > 0).then(|| view! {
                <p class="hint" data-testid="late-participants">
                    {format!("{} participant(s) added after this round opened are not among its voters (the voters are fixed when a round opens).", late())}
                </p>
            })}
            <table class="grid-table" data-testid="voters">
                <thead><tr><th scope="col">"Participant"</th><th scope="col">"Department"</th><th scope="col">"Voted"</th><th scope="col">"Observer"</th></tr></thead>
                <tbody>
                    {move || rows().into_iter().map(|(pid, name, dept, voted, observer)| {
                        let label = format!("{name} observes and does not vote");
                        view! {
                            <tr data-testid="voter-row">
                                <td>{name}</td>
                                <td>{dept}</td>
                                <td data-testid="voted">{if voted { "✓ voted" } else if observer { "—" } else { "not yet" }}</td>
                                <td><input type="checkbox" aria-label=label prop:checked=observer on:change=move |ev| toggle(pid, event_target_checked(&ev))/></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </details>
    }
}

/// A visible countdown, optional per round. It lives in this window only: the time is a
/// prompt for the room, not a rule the tally enforces.
#[component]
fn Countdown(id: RoundId) -> impl IntoView {
    let state = expect_context::<AppState>();
    let minutes = move || read(state, move |w| w.round(id).and_then(|r| r.timer_minutes));
    let remaining = RwSignal::new(None::<i64>); // seconds
    let running = RwSignal::new(false);
    let ticker = StoredValue::new(None::<IntervalHandle>);
    let stop = move || {
        ticker.update_value(|t| {
            if let Some(h) = t.take() {
                h.clear();
            }
        });
        running.set(false);
    };
    let start = move || {
        if remaining.get_untracked().is_none() {
            remaining.set(minutes().map(|m| i64::from(m) * 60));
        }
        running.set(true);
        let handle = set_interval_with_handle(
            move || {
                remaining.update(|r| {
                    if let Some(s) = r {
                        *s = (*s - 1).max(0);
                    }
                });
                if remaining.get_untracked() == Some(0) {
                    ticker.update_value(|t| {
                        if let Some(h) = t.take() {
                            h.clear();
                        }
                    });
                    running.set(false);
                }
            },
            Duration::from_secs(1),
        )
        .ok();
        ticker.set_value(handle);
    };
    on_cleanup(move || {
        ticker.update_value(|t| {
            if let Some(h) = t.take() {
                h.clear();
            }
        })
    });
    view! {
        {move || minutes().map(|m| view! {
            <div class="countdown" role="timer" aria-live="off">
                <span class="clock" data-testid="countdown">{move || {
                    let s = remaining.get().unwrap_or(i64::from(m) * 60);
                    format!("{}:{:02}", s / 60, s % 60)
                }}</span>
                {move || if running.get() {
                    view! { <button class="button" on:click=move |_| stop()>"Pause"</button> }.into_any()
                } else {
                    view! { <button class="button" on:click=move |_| start()>"Start timer"</button> }.into_any()
                }}
                <button class="button subtle" on:click=move |_| remaining.update(|r| *r = Some(r.unwrap_or(i64::from(m) * 60) + 60))>"+1 minute"</button>
            </div>
        })}
    }
}
