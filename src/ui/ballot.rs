//! The ballot controls for each method (dots, scores, ranking), shared by pass-the-device
//! voting and the participant's own-device view. They only edit the marks and ranking
//! they are given; the caller decides what submitting means.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::domain::model::GoalId;
use crate::domain::voting::Method;

pub use super::ballot_dom::{context_line, BallotGoal};

#[component]
pub fn BallotControls(
    method: Method,
    goals: Vec<BallotGoal>,
    marks: RwSignal<BTreeMap<GoalId, u32>>,
    ranking: RwSignal<Vec<GoalId>>,
) -> impl IntoView {
    // The ranked goal being dragged (by its place); buttons do the same by keyboard.
    let dragging = RwSignal::new(None::<usize>);
    let title_of = {
        let goals = goals.clone();
        move |g: GoalId| goals.iter().find(|(id, _, _)| *id == g).map(|(_, t, _)| t.clone()).unwrap_or_default()
    };
    match method {
        Method::Dot { dots, cap } => {
            // Counted wide, and no goal can be given more than the whole budget, so "N of M
            // dots placed" is always the true total (a total over M is refused on submit).
            let used = move || marks.with(crate::domain::count::dots_placed);
            let per_goal = crate::domain::count::dots_room(method);
            let limit_note = RwSignal::new(None::<String>);
            view! {
                <p data-testid="dots-left" aria-live="polite">{move || format!("{} of {dots} dots placed{}", used(), cap.filter(|c| *c < dots).map(|c| format!(" (at most {c} per goal)")).unwrap_or_default())}</p>
                <p class="hint" data-testid="dot-limit" role="status">{move || limit_note.get().unwrap_or_default()}</p>
                <ul class="ballot-goals ballot-cards" role="list">
                    {goals.iter().cloned().map(|(g, title, context)| view! {
                        <li class="ballot-card">
                            <span class="ballot-text">
                                <span class="goal-title">{title.clone()}</span>
                                <span class="hint">{context}</span>
                            </span>
                            <span class="stepper ballot-controls">
                                <button type="button" class="button subtle step ballot-control" aria-label=format!("One dot fewer on {title}") on:click=move |_| { limit_note.set(None); marks.update(|m| { let v = m.entry(g).or_default(); *v = v.saturating_sub(1); }) }>"−"</button>
                                <input
                                    type="number"
                                    min="0"
                                    max=per_goal.to_string()
                                    inputmode="numeric"
                                    class="ballot-control"
                                    data-testid="dot-input"
                                    aria-label=format!("Dots for {title}")
                                    prop:value=move || marks.with(|m| m.get(&g).copied().unwrap_or(0)).to_string()
                                    on:input=move |ev| {
                                        let typed = event_target_value(&ev);
                                        let (n, note) = crate::domain::count::typed_dots(method, &typed);
                                        if note.is_some() {
                                            // Show the value kept even when the stored count does not change.
                                            event_target::<web_sys::HtmlInputElement>(&ev).set_value(&n.to_string());
                                        }
                                        limit_note.set(note);
                                        marks.update(|m| { m.insert(g, n); });
                                    }
                                />
                                <button type="button" class="button subtle step ballot-control" aria-label=format!("One more dot on {title}")
                                    disabled=move || marks.with(|m| m.get(&g).copied().unwrap_or(0) >= per_goal)
                                    on:click=move |_| marks.update(|m| {
                                        let v = m.entry(g).or_default();
                                        *v = v.saturating_add(1).min(per_goal);
                                    })>"+"</button>
                            </span>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }
        Method::Score { min, max } => view! {
            <ul class="ballot-goals ballot-cards" role="list">
                {goals.iter().cloned().map(|(g, title, context)| view! {
                    <li class="ballot-card">
                        <label>
                            <span class="ballot-text">
                                <span class="goal-title">{title.clone()}</span>
                                <span class="hint">{context}</span>
                            </span>
                            <select
                                class="ballot-control"
                                data-testid="score-input"
                                prop:value=move || marks.with(|m| m.get(&g).map(ToString::to_string).unwrap_or_default())
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
                <p class="hint">"Rank the goals that matter to you, most important first (drag a card by its handle ⠿, or use the arrows). Goals you leave unranked tie last."</p>
                <h4>"Your ranking"</h4>
                <ol class="ranking ballot-cards" data-testid="ranking">
                    {move || {
                        let title_of = title_ranked.clone();
                        ranking.get().into_iter().enumerate().map(|(i, g)| {
                            let title = title_of(g);
                            let swap = move |a: usize, b: usize| ranking.update(|r| r.swap(a, b));
                            let count = ranking.with(|r| r.len());
                            let move_to = move |from: usize, to: usize| {
                                if from != to {
                                    ranking.update(|r| {
                                        if from < r.len() {
                                            let g = r.remove(from);
                                            r.insert(to.min(r.len()), g);
                                        }
                                    });
                                }
                            };
                            view! {
                                <li
                                    class="ballot-card"
                                    data-testid="ranked-goal"
                                    data-place=i.to_string()
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
                                            move_to(from, i);
                                        }
                                    }
                                >
                                    // Touch and pen drag from the handle (mouse drags the card natively).
                                    <span
                                        class="drag-handle"
                                        data-testid="ballot-drag-handle"
                                        aria-hidden="true"
                                        on:pointerdown=move |ev: leptos::ev::PointerEvent| {
                                            if ev.pointer_type() != "mouse" {
                                                ev.prevent_default();
                                                if let Some(target) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok()) {
                                                    let _ = target.set_pointer_capture(ev.pointer_id());
                                                }
                                                dragging.set(Some(i));
                                            }
                                        }
                                        on:pointerup=move |ev: leptos::ev::PointerEvent| {
                                            let Some(from) = dragging.get_untracked() else { return };
                                            if ev.pointer_type() == "mouse" {
                                                return;
                                            }
                                            dragging.set(None);
                                            let place = document()
                                                .element_from_point(ev.client_x() as f32, ev.client_y() as f32)
                                                .and_then(|e| e.closest("[data-testid=ranked-goal]").ok().flatten())
                                                .and_then(|e| e.get_attribute("data-place"))
                                                .and_then(|p| p.parse::<usize>().ok());
                                            if let Some(to) = place {
                                                move_to(from, to);
                                            }
                                        }
                                        on:pointercancel=move |_| dragging.set(None)
                                    >"⠿"</span>
                                    <span class="ballot-place" aria-hidden="true">{(i + 1).to_string()}</span>
                                    <span class="goal-title">{title.clone()}</span>
                                    <span class="ballot-controls">
                                        <button type="button" class="button subtle ballot-control" aria-label=format!("Move {title} up") disabled=i == 0 on:click=move |_| swap(i, i - 1)>"↑"</button>
                                        <button type="button" class="button subtle ballot-control" aria-label=format!("Move {title} down") disabled=i + 1 == count on:click=move |_| swap(i, i + 1)>"↓"</button>
                                        <button type="button" class="button subtle ballot-control" aria-label=format!("Unrank {title}") on:click=move |_| ranking.update(|r| { r.remove(i); })>"✕"</button>
                                    </span>
                                </li>
                            }
                        }).collect_view()
                    }}
                </ol>
                <h4>"Not ranked yet"</h4>
                <ul class="ballot-goals ballot-cards" role="list">
                    {move || unranked().into_iter().map(|(g, title, context)| view! {
                        <li class="ballot-card">
                            <span class="ballot-text">
                                <span class="goal-title">{title.clone()}</span>
                                <span class="hint">{context}</span>
                            </span>
                            <span class="ballot-controls">
                                <button type="button" class="button ballot-control" data-testid="rank-goal" aria-label=format!("Rank next: {title}") on:click=move |_| ranking.update(|r| r.push(g))>"Rank next"</button>
                            </span>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }
    }
}
