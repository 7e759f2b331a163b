//! Pass-the-device voting: a participant picks their name, votes, submits; the ballot is
//! then hidden and the screen says to pass the device on. Nothing on this screen can show
//! a ballot once it is cast: a participant who votes again starts from an empty ballot.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::domain::model::{GoalId, ParticipantId, RoundId};
use crate::domain::voting::{Ballot, Method};
use crate::ui::state::AppState;
use crate::ui::widgets::read;

#[derive(Clone, PartialEq)]
enum Step {
    Pick,
    Vote(ParticipantId, String),
    Done(String),
}

#[component]
pub fn PassTheDevice(id: RoundId, close: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let state = expect_context::<AppState>();
    let step = RwSignal::new(Step::Pick);
    let voters = move || {
        read(state, move |w| {
            let Some(round) = w.round(id) else { return Vec::new() };
            w.participants()
                .iter()
                .filter(|p| round.is_voter(p.id))
                .map(|p| (p.id, p.name.clone(), round.ballots.contains_key(&p.id)))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="panel pass-device" aria-labelledby="pass-heading" data-testid="pass-device">
            <h3 id="pass-heading">"Voting on this device"</h3>
            {move || match step.get() {
                Step::Pick => view! {
                    <p>"Find your name. Your ballot stays secret: once you submit, this screen cannot show it again."</p>
                    <ul class="voter-picks" role="list">
                        {voters().into_iter().map(|(pid, name, voted)| {
                            let label = name.clone();
                            view! {
                                <li>
                                    <button class="button" data-testid="pick-voter" on:click=move |_| step.set(Step::Vote(pid, label.clone()))>
                                        {name}
                                        {voted.then_some(" (voted; voting again replaces your ballot)")}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <button class="button subtle" on:click=move |_| close()>"Stop voting on this device"</button>
                }.into_any(),
                Step::Vote(pid, name) => view! {
                    <BallotForm id voter=pid name=name.clone() submitted=move || step.set(Step::Done(name.clone())) cancel=move || step.set(Step::Pick)/>
                }.into_any(),
                Step::Done(name) => view! {
                    <div class="passed" role="status" data-testid="ballot-cast">
                        <p class="big">{format!("Thank you, {name}. Your ballot is in and hidden.")}</p>
                        <p class="big"><strong>"Pass the device to the next person."</strong></p>
                        <button class="button primary" data-testid="next-voter" on:click=move |_| step.set(Step::Pick)>"Next voter"</button>
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
                        let context = [
                            w.parent(*g).and_then(|p| w.goal(p)).map(|p| format!("under {}", p.title)),
                            goal.department.and_then(|d| w.department(d)).map(|d| d.name.clone()),
                        ]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" · ");
                        Some((*g, goal.title.clone(), context))
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let title_of = {
        let goals = goals.clone();
        move |g: GoalId| goals.iter().find(|(id, _, _)| *id == g).map(|(_, t, _)| t.clone()).unwrap_or_default()
    };
    let marks = RwSignal::new(BTreeMap::<GoalId, u32>::new());
    let ranking = RwSignal::new(Vec::<GoalId>::new());
    // The ranked goal being dragged (by its place); buttons do the same by keyboard.
    let dragging = RwSignal::new(None::<usize>);
    let problem = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let ballot = match method {
            Method::Dot { .. } => Ballot::Dots(marks.get_untracked().into_iter().filter(|(_, d)| *d > 0).collect()),
            Method::Score { .. } => Ballot::Scores(marks.get_untracked()),
            Method::Ranked => Ballot::Ranking(ranking.get_untracked()),
        };
        let edit = state.workshop.with_untracked(|w| w.as_ref().map(|w| w.cast(id, voter, ballot)));
        match edit {
            Some(Ok(edit)) => {
                if state.apply(edit) {
                    submitted();
                }
            }
            Some(Err(e)) => problem.set(Some(e.to_string())),
            None => {}
        }
    };
    let controls = match method {
        Method::Dot { dots, cap } => {
            let used = move || marks.with(|m| m.values().sum::<u32>());
            view! {
                <p data-testid="dots-left" aria-live="polite">{move || format!("{} of {dots} dots placed{}", used(), cap.map(|c| format!(" (at most {c} per goal)")).unwrap_or_default())}</p>
                <ul class="ballot-goals" role="list">
                    {goals.iter().cloned().map(|(g, title, context)| view! {
                        <li>
                            <label>
                                <span class="goal-title">{title.clone()}</span>
                                <span class="hint">{context}</span>
                                <input
                                    type="number"
                                    min="0"
                                    inputmode="numeric"
                                    data-testid="dot-input"
                                    aria-label=format!("Dots for {title}")
                                    prop:value=move || marks.with(|m| m.get(&g).copied().unwrap_or(0)).to_string()
                                    on:input=move |ev| {
                                        let n = event_target_value(&ev).trim().parse::<u32>().unwrap_or(0);
                                        marks.update(|m| { m.insert(g, n); });
                                    }
                                />
                            </label>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }
        Method::Score { min, max } => view! {
            <ul class="ballot-goals" role="list">
                {goals.iter().cloned().map(|(g, title, context)| view! {
                    <li>
                        <label>
                            <span class="goal-title">{title.clone()}</span>
                            <span class="hint">{context}</span>
                            <select
                                data-testid="score-input"
                                aria-label=format!("Score for {title}")
                                on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    marks.update(|m| match v.parse::<u32>() {
                                        Ok(s) => { m.insert(g, s); }
                                        Err(_) => { m.remove(&g); }
                                    });
                                }
                            >
                                <option value="">"No score"</option>
                                {(min..=max).map(|s| view! { <option value=s.to_string()>{s.to_string()}</option> }).collect_view()}
                            </select>
                        </label>
                    </li>
                }).collect_view()}
            </ul>
        }.into_any(),
        Method::Ranked => {
            let title_ranked = title_of.clone();
            let unranked = {
                let goals = goals.clone();
                move || goals.iter().filter(|(g, _, _)| !ranking.with(|r| r.contains(g))).cloned().collect::<Vec<_>>()
            };
            view! {
                <p class="hint">"Rank the goals that matter to you, most important first (drag them, or use the arrows). Goals you leave unranked tie last."</p>
                <h4>"Your ranking"</h4>
                <ol class="ranking" data-testid="ranking">
                    {move || {
                        let title_of = title_ranked.clone();
                        ranking.get().into_iter().enumerate().map(|(i, g)| {
                            let title = title_of(g);
                            let swap = move |a: usize, b: usize| ranking.update(|r| r.swap(a, b));
                            let count = ranking.with(|r| r.len());
                            view! {
                                <li
                                    data-testid="ranked-goal"
                                    draggable="true"
                                    on:dragstart=move |ev: leptos::ev::DragEvent| {
                                        if let Some(t) = ev.data_transfer() {
                                            let _ = t.set_data("text/plain", &i.to_string());
                                        }
                                        dragging.set(Some(i));
                                    }
                                    on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default()
                                    on:drop=move |ev: leptos::ev::DragEvent| {
                                        ev.prevent_default();
                                        if let Some(from) = dragging.get_untracked() {
                                            dragging.set(None);
                                            ranking.update(|r| {
                                                let g = r.remove(from);
                                                r.insert(i.min(r.len()), g);
                                            });
                                        }
                                    }
                                >
                                    <span class="drag-handle" aria-hidden="true">"⠿"</span>
                                    <span class="goal-title">{title.clone()}</span>
                                    <button type="button" class="button subtle" aria-label=format!("Move {title} up") disabled=i == 0 on:click=move |_| swap(i, i - 1)>"↑"</button>
                                    <button type="button" class="button subtle" aria-label=format!("Move {title} down") disabled=i + 1 == count on:click=move |_| swap(i, i + 1)>"↓"</button>
                                    <button type="button" class="button subtle" aria-label=format!("Unrank {title}") on:click=move |_| ranking.update(|r| { r.remove(i); })>"✕"</button>
                                </li>
                            }
                        }).collect_view()
                    }}
                </ol>
                <h4>"Not ranked yet"</h4>
                <ul class="ballot-goals" role="list">
                    {move || unranked().into_iter().map(|(g, title, context)| view! {
                        <li>
                            <span class="goal-title">{title.clone()}</span>
                            <span class="hint">{context}</span>
                            <button type="button" class="button" data-testid="rank-goal" aria-label=format!("Rank {title} next") on:click=move |_| ranking.update(|r| r.push(g))>"Rank next"</button>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }
    };
    view! {
        <form class="ballot" on:submit=submit data-testid="ballot-form">
            <p class="big">{format!("{name}, your ballot")}</p>
            {controls}
            {move || problem.get().map(|p| view! { <p class="notice error" role="alert" data-testid="ballot-problem">{p}</p> })}
            <div class="field-row">
                <button class="button primary" type="submit" data-testid="submit-ballot">"Submit my ballot"</button>
                <button class="button subtle" type="button" on:click=move |_| cancel()>"Not me — back"</button>
            </div>
        </form>
    }
}
