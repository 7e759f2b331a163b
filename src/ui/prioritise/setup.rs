//! Setting up a round: name, method and its settings, secrecy, weighting, timer, goals.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::domain::model::{GoalId, Level, NewRound, RoundId};
use crate::domain::voting::{Method, Secrecy, Weighting};
use crate::ui::state::AppState;
use crate::ui::widgets::read;

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Dot,
    Score,
    Ranked,
}

/// A typed number, read without wrapping: an entry too large for a count stays too large
/// (so the round's own check refuses it with the limit), never silently the default.
fn number(text: &str) -> Option<u32> {
    (!text.trim().is_empty()).then(|| u32::try_from(crate::domain::count::typed_count(text)).unwrap_or(u32::MAX))
}

#[component]
pub fn NewRoundForm(done: impl Fn(Option<RoundId>) + Copy + Send + Sync + 'static) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(Kind::Ranked);
    let dots = RwSignal::new(String::new());
    let cap = RwSignal::new(String::new());
    let min = RwSignal::new("0".to_string());
    let max = RwSignal::new("5".to_string());
    let anonymous = RwSignal::new(false);
    let balanced = RwSignal::new(false);
    let timer = RwSignal::new(String::new());
    let chosen = RwSignal::new(BTreeSet::<GoalId>::new());
    let goals = move || {
        read(state, |w| {
            w.goals()
                .iter()
                .filter(|g| g.level != Level::Objective)
                .map(|g| {
                    let parent = w.parent(g.id).and_then(|p| w.goal(p)).map(|p| p.title.clone()).unwrap_or_default();
                    (g.id, g.title.clone(), g.level.label(), parent)
                })
                .collect::<Vec<_>>()
        })
    };
    let objectives = move || {
        read(state, |w| {
            w.goals().iter().filter(|g| g.level == Level::Objective).map(|g| (g.id, g.title.clone())).collect::<Vec<_>>()
        })
    };
    let pick_under = move |objective: GoalId| {
        let ids = read(state, move |w| {
            w.goals()
                .iter()
                .filter(|g| g.level == Level::DepartmentGoal && w.parent(g.id) == Some(objective))
                .map(|g| g.id)
                .collect::<Vec<_>>()
        });
        chosen.set(crate::domain::order::set_from(ids));
    };
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let goals: Vec<GoalId> = read(state, |w| w.goals().iter().map(|g| g.id).collect::<Vec<_>>())
            .into_iter()
            .filter(|g| chosen.with_untracked(|c| c.contains(g)))
            .collect();
        let method = match kind.get_untracked() {
            Kind::Dot => {
                let dots = dots.with_untracked(|d| number(d)).unwrap_or_else(|| Method::default_dots(goals.len()));
                Method::Dot { dots, cap: cap.with_untracked(|c| number(c)) }
            }
            Kind::Score => Method::Score {
                min: min.with_untracked(|m| number(m)).unwrap_or(0),
                max: max.with_untracked(|m| number(m)).unwrap_or(5),
            },
            Kind::Ranked => Method::Ranked,
        };
        let round_name = name.get_untracked();
        let new = NewRound {
            name: if round_name.trim().is_empty() { format!("Round {}", read(state, |w| w.next_round_id().0)) } else { round_name },
            method,
            goals,
            secrecy: if anonymous.get_untracked() { Secrecy::Anonymous } else { Secrecy::Named },
            weighting: if balanced.get_untracked() { Weighting::DepartmentBalanced } else { Weighting::Equal },
            timer_minutes: timer.with_untracked(|t| number(t)),
        };
        let id = state.workshop.with_untracked(|w| w.as_ref().map(|w| w.next_round_id()));
        if state.propose(|w| w.new_round(new)) {
            done(id);
        }
    };
    view! {
        <section class="panel new-round" aria-labelledby="new-round-heading">
            <h2 id="new-round-heading">"New round"</h2>
            <form on:submit=create data-testid="round-form">
                <div class="field">
                    <label for="round-name">"Name"</label>
                    <input id="round-name" data-testid="round-name" maxlength="120" placeholder="e.g. Revenue goals, first pass" bind:value=name/>
                </div>
                <fieldset class="field-row">
                    <legend>"Method"</legend>
                    <label class="check"><input type="radio" name="method" data-testid="method-ranked" checked=move || kind.get() == Kind::Ranked on:change=move |_| kind.set(Kind::Ranked)/>" Ranked (Schulze)"</label>
                    <label class="check"><input type="radio" name="method" data-testid="method-dot" checked=move || kind.get() == Kind::Dot on:change=move |_| kind.set(Kind::Dot)/>" Dots"</label>
                    <label class="check"><input type="radio" name="method" data-testid="method-score" checked=move || kind.get() == Kind::Score on:change=move |_| kind.set(Kind::Score)/>" Scores"</label>
                </fieldset>
                <Show when=move || kind.get() == Kind::Dot>
                    <div class="field-row">
                        <label>"Dots per person" <input type="number" min="1" max="1000" data-testid="round-dots" placeholder=move || format!("{} (a third of the goals)", Method::default_dots(chosen.with(|c| c.len()))) bind:value=dots/></label>
                        <label>"At most per goal (optional)" <input type="number" min="1" max="1000" data-testid="round-cap" bind:value=cap/></label>
                    </div>
                </Show>
                <Show when=move || kind.get() == Kind::Score>
                    <div class="field-row">
                        <label>"Lowest score" <input type="number" min="0" max="99" bind:value=min/></label>
                        <label>"Highest score" <input type="number" min="1" max="100" bind:value=max/></label>
                    </div>
                </Show>
                <div class="field-row">
                    <label class="check"><input type="checkbox" data-testid="round-anonymous" bind:checked=anonymous/>" Anonymous: never show who cast which ballot"</label>
                    <label class="check"><input type="checkbox" data-testid="round-balanced" bind:checked=balanced/>" Department-balanced: each department weighs the same"</label>
                    <label>"Timer, minutes (optional)" <input type="number" min="1" max="600" data-testid="round-timer" bind:value=timer/></label>
                </div>
                <fieldset class="goal-picker">
                    <legend>{move || {
                        // Said before Create is pressed: a ranked round has a limit.
                        let n = chosen.with(|c| c.len());
                        let max = crate::domain::model::MAX_RANKED_GOALS;
                        if kind.get() == Kind::Ranked && n > max {
                            format!("Goals to vote on ({n} chosen; a ranked round takes at most {max})")
                        } else {
                            format!("Goals to vote on ({n} chosen)")
                        }
                    }}</legend>
                    <div class="field-row">
                        {move || objectives().into_iter().map(|(id, title)| view! {
                            <button type="button" class="button subtle" on:click=move |_| pick_under(id)>
                                {format!("Department goals under “{title}”")}
                            </button>
                        }).collect_view()}
                        <button type="button" class="button subtle" on:click=move |_| chosen.set(BTreeSet::new())>"None"</button>
                    </div>
                    <ul class="goal-checks" role="list">
                        {move || goals().into_iter().map(|(id, title, level, parent)| {
                            let label = title.clone();
                            view! {
                                <li>
                                    <label class="check">
                                        <input
                                            type="checkbox"
                                            data-testid="round-goal"
                                            aria-label=label
                                            prop:checked=move || chosen.with(|c| c.contains(&id))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                chosen.update(|c| { if on { c.insert(id); } else { c.remove(&id); } });
                                            }
                                        />
                                        " " {title}
                                        <span class="hint">{format!(" · {level}{}", if parent.is_empty() { String::new() } else { format!(" under {parent}") })}</span>
                                    </label>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </fieldset>
                <div class="field-row">
                    <button class="button primary" type="submit" data-testid="create-round">"Create round"</button>
                    <button class="button subtle" type="button" on:click=move |_| done(None)>"Cancel"</button>
                </div>
            </form>
        </section>
    }
}
