//! Resolve: the conflict board, most severe first, each settled on the record; and the
//! decision log.

use leptos::prelude::*;

use crate::domain::conflicts::{detect, runoff_goals, status, Agreer, Conflict, ConflictStatus, Resolution, Settings};
use crate::domain::model::{Edit, GoalId};
use crate::platform::clock;
use crate::ui::state::{AppState, Notice};
use crate::ui::widgets::read;

#[component]
pub fn ResolveScreen() -> impl IntoView {
    let state = expect_context::<AppState>();
    let conflicts = Memo::new(move |_| state.workshop.with(|w| w.as_ref().map(|w| detect(w, &w.conflict_settings)).unwrap_or_default()));
    let settings = move || read(state, |w| w.conflict_settings);
    let set = move |change: &dyn Fn(&mut Settings)| {
        let mut s = settings();
        change(&mut s);
        state.apply(Edit::SetConflictSettings(s));
    };
    let open = RwSignal::new(None::<String>);
    view! {
        <div class="resolve">
            <section class="panel" aria-labelledby="board-heading">
                <h2 id="board-heading">"Conflicts"</h2>
                <div class="field-row">
                    <label>
                        "Divergence threshold (% of the ranking between two departments)"
                        <input type="number" min="0" max="100" step="5" data-testid="divergence-threshold"
                            prop:value=move || format!("{:.0}", settings().divergence * 100.0)
                            on:change=move |ev| {
                                if let Ok(p) = event_target_value(&ev).trim().parse::<f64>() {
                                    set(&|s: &mut Settings| s.divergence = (p / 100.0).clamp(0.0, 1.0));
                                }
                            }/>
                    </label>
                    <label>
                        "Top N (contention, weak dependencies)"
                        <input type="number" min="1" data-testid="top-n"
                            prop:value=move || settings().top.to_string()
                            on:change=move |ev| {
                                if let Ok(n) = event_target_value(&ev).trim().parse::<u32>() {
                                    set(&|s: &mut Settings| s.top = n.max(1));
                                }
                            }/>
                    </label>
                </div>
                <Show when=move || conflicts.with(Vec::is_empty)>
                    <crate::ui::widgets::EmptyState
                        testid="no-conflicts"
                        title="No conflicts"
                        hint="Departments agree, nothing contends, every goal is aligned and within capacity. Conflicts appear here as goals are linked and rounds are revealed."
                    />
                </Show>
                <ul class="conflict-board" role="list" data-testid="conflict-board">
                    <For each=move || conflicts.get() key=|c| (c.key.clone(), c.summary.clone()) let:conflict>
                        <ConflictCard conflict open/>
                    </For>
                </ul>
            </section>
            <DecisionLog/>
        </div>
    }
}

#[component]
fn ConflictCard(conflict: Conflict, open: RwSignal<Option<String>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = conflict.key.clone();
    let for_status = conflict.clone();
    let state_line = Signal::derive(move || {
        read(state, |w| match status(w, &for_status) {
            ConflictStatus::Open => ("open", "Open".to_string()),
            ConflictStatus::Resolved(d) => ("resolved", format!("Settled: {} — {}", d.resolution.label(), d.rationale)),
            ConflictStatus::WaitingOnRunoff(_, r) => (
                "waiting",
                format!("Waiting on the runoff round “{}”", w.round(r).map(|r| r.name.clone()).unwrap_or_default()),
            ),
            ConflictStatus::Reopened(d) => ("reopened", format!("Reopened: its figures changed since it was settled. Then: {}", d.summary)),
        })
    });
    let is_open = {
        let key = key.clone();
        Signal::derive(move || open.with(|o| o.as_deref() == Some(key.as_str())))
    };
    let toggle_key = key.clone();
    let c = conflict.clone();
    // A settled conflict shows as settled, with its decision: no severity colour and
    // nothing left to settle (a reopened one is open again).
    let settled = Signal::derive(move || state_line.with(|(class, _)| *class == "resolved"));
    let severity = conflict.severity.label();
    view! {
        <li
            class=move || if settled.get() { "conflict settled".to_string() } else { format!("conflict severity-{severity}") }
            data-testid="conflict"
            data-kind=format!("{:?}", conflict.kind)
            data-key=key.clone()
            data-settled=move || settled.get().to_string()
        >
            <div class="conflict-head">
                <span class="severity">{move || if settled.get() { "Settled".to_string() } else { format!("{severity} severity") }}</span>
                <strong>{conflict.kind.label()}</strong>
                <span class=move || format!("conflict-status {}", state_line.get().0) data-testid="conflict-status">{move || state_line.get().1}</span>
            </div>
            <p data-testid="conflict-summary">{conflict.summary.clone()}</p>
            <Show when=move || !settled.get()>
                <button class="button" data-testid="resolve-conflict" aria-expanded=move || is_open.get().to_string()
                    on:click={
                        let toggle_key = toggle_key.clone();
                        move |_| open.update(|o| *o = if o.as_deref() == Some(toggle_key.as_str()) { None } else { Some(toggle_key.clone()) })
                    }>
                    "Settle this…"
                </button>
            </Show>
            <Show when=move || is_open.get() && !settled.get()>
                <ResolveForm conflict=c.clone() done=move || open.set(None)/>
            </Show>
        </li>
    }
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Choice {
    Prioritise,
    Merge,
    Reparent,
    Defer,
    Reject,
    Runoff,
    Accept,
}

impl Choice {
    fn label(self) -> &'static str {
        match self {
            Choice::Prioritise => "Prioritise one goal over the other",
            Choice::Merge => "Merge two goals into one",
            Choice::Reparent => "Re-parent a goal",
            Choice::Defer => "Defer a goal",
            Choice::Reject => "Reject a goal",
            Choice::Runoff => "Run a runoff vote on the contested goals",
            Choice::Accept => "Accept the conflict, with a rationale",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Choice::Prioritise => "prioritise",
            Choice::Merge => "merge",
            Choice::Reparent => "reparent",
            Choice::Defer => "defer",
            Choice::Reject => "reject",
            Choice::Runoff => "runoff",
            Choice::Accept => "accept",
        }
    }

    const ALL: [Choice; 7] =
        [Choice::Prioritise, Choice::Merge, Choice::Reparent, Choice::Defer, Choice::Reject, Choice::Runoff, Choice::Accept];
}

#[component]
fn ResolveForm(conflict: Conflict, done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let state = expect_context::<AppState>();
    let choice = RwSignal::new(if conflict.goals.len() >= 2 { Choice::Prioritise } else { Choice::Runoff });
    let first = RwSignal::new(conflict.goals.first().copied());
    let second = RwSignal::new(conflict.goals.get(1).copied());
    let parent = RwSignal::new(None::<GoalId>);
    let rationale = RwSignal::new(String::new());
    // Said beside the field (and the field marked and focused), not far off at the top.
    let rationale_error = RwSignal::new(None::<String>);
    let agreed = RwSignal::new(Vec::<Agreer>::new());
    let goal_options = move || read(state, |w| w.goals().iter().map(|g| (g.id, g.title.clone())).collect::<Vec<_>>());
    let departments = move || read(state, |w| w.departments().iter().map(|d| (d.id, d.name.clone())).collect::<Vec<_>>());
    let c = conflict.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let c = c.clone();
        let built = state.workshop.with_untracked(|w| {
            let w = w.as_ref()?;
            let need = |g: Option<GoalId>| g.ok_or_else(|| crate::domain::model::ModelError::BadMethod("Pick the goals first.".into()));
            let resolution = (|| {
                Ok(match choice.get_untracked() {
                    Choice::Prioritise => Resolution::Prioritise { winner: need(first.get_untracked())?, loser: need(second.get_untracked())? },
                    Choice::Merge => Resolution::Merge { keep: need(first.get_untracked())?, absorb: need(second.get_untracked())? },
                    Choice::Reparent => Resolution::Reparent { goal: need(first.get_untracked())?, parent: parent.get_untracked() },
                    Choice::Defer => Resolution::Defer(need(first.get_untracked())?),
                    Choice::Reject => Resolution::Reject(need(first.get_untracked())?),
                    Choice::Runoff => Resolution::Runoff { round: w.next_round_id(), goals: runoff_goals(w, &c) },
                    Choice::Accept => Resolution::Accept,
                })
            })();
            Some(resolution.and_then(|r| w.resolve(&c, r, &rationale.get_untracked(), agreed.get_untracked(), clock::now())))
        });
        match built {
            Some(Ok(edit)) => {
                if state.apply(edit) {
                    state.notice.set(Some(Notice::Done("Decision recorded in the log.".into())));
                    done();
                }
            }
            Some(Err(e @ crate::domain::model::ModelError::NoRationale)) => {
                rationale_error.set(Some(e.to_string()));
                crate::ui::widgets::reveal("rationale-error", "rationale", false);
            }
            Some(Err(e)) => state.notice.set(Some(Notice::Refused(e.to_string()))),
            None => {}
        }
    };
    let goal_select = move |label: &'static str, testid: &'static str, signal: RwSignal<Option<GoalId>>| view! {
        <label>
            {label}
            <select data-testid=testid on:change=move |ev| signal.set(GoalId::parse(&event_target_value(&ev)))>
                <option value="">"—"</option>
                {move || goal_options().into_iter().map(|(id, t)| view! { <option value=id.to_string() selected=move || signal.get() == Some(id)>{t}</option> }).collect_view()}
            </select>
        </label>
    };
    let runoff_preview = {
        let c = conflict.clone();
        move || read(state, |w| runoff_goals(w, &c).into_iter().map(|g| w.title_of(g)).collect::<Vec<_>>().join(", "))
    };
    view! {
        <form class="resolve-form" on:submit=submit data-testid="resolve-form">
            <fieldset>
                <legend>"Resolution"</legend>
                {Choice::ALL.into_iter().map(|ch| view! {
                    <label class="check">
                        <input type="radio" name="resolution" data-testid=format!("resolution-{}", ch.slug()) checked=move || choice.get() == ch on:change=move |_| choice.set(ch)/>
                        " " {ch.label()}
                    </label>
                }).collect_view()}
            </fieldset>
            {move || match choice.get() {
                Choice::Prioritise => view! { <div class="field-row">{goal_select("Goes ahead", "winner", first)}{goal_select("Is deferred", "loser", second)}</div> }.into_any(),
                Choice::Merge => view! { <div class="field-row">{goal_select("Keep", "keep", first)}{goal_select("Fold into it", "absorb", second)}</div> }.into_any(),
                Choice::Reparent => view! { <div class="field-row">{goal_select("Goal", "goal", first)}{goal_select("New parent", "parent", parent)}</div> }.into_any(),
                Choice::Defer | Choice::Reject => view! { <div class="field-row">{goal_select("Goal", "goal", first)}</div> }.into_any(),
                Choice::Runoff => view! { <p data-testid="runoff-goals">{format!("A ranked runoff round opens over: {}.", runoff_preview())}</p> }.into_any(),
                Choice::Accept => ().into_any(),
            }}
            <div class="field">
                <label for="rationale">"Rationale (required)"</label>
                <textarea
                    id="rationale"
                    data-testid="rationale"
                    rows="2"
                    maxlength="2000"
                    aria-invalid=move || rationale_error.with(Option::is_some).then_some("true")
                    aria-describedby=move || rationale_error.with(Option::is_some).then_some("rationale-error")
                    on:input=move |_| rationale_error.set(None)
                    bind:value=rationale
                ></textarea>
                {move || rationale_error.get().map(|why| view! {
                    <p class="field-error" id="rationale-error" role="alert" data-testid="rationale-error">{why}</p>
                })}
            </div>
            <fieldset>
                <legend>"Agreed by"</legend>
                {move || departments().into_iter().map(|(id, name)| view! {
                    <label class="check">
                        <input type="checkbox" data-testid="agreed-by" aria-label=format!("Agreed by {name}")
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                agreed.update(|a| { a.retain(|x| *x != Agreer::Department(id)); if on { a.push(Agreer::Department(id)); } });
                            }/>
                        " " {name.clone()}
                    </label>
                }).collect_view()}
            </fieldset>
            <button class="button primary" type="submit" data-testid="apply-resolution">"Record the decision"</button>
        </form>
    }
}

#[component]
pub fn DecisionLog() -> impl IntoView {
    let state = expect_context::<AppState>();
    let entries = move || {
        read(state, |w| {
            w.decisions()
                .iter()
                .map(|d| {
                    let effect = d.resolution.describe(w);
                    let who = d
                        .agreed_by
                        .iter()
                        .map(|a| match a {
                            Agreer::Department(id) => w.department(*id).map(|d| d.name.clone()).unwrap_or_default(),
                            Agreer::Participant(id) => w.participant(*id).map(|p| p.name.clone()).unwrap_or_default(),
                        })
                        .collect::<Vec<_>>()
                        .join(", ");
                    (d.at.short(), d.summary.clone(), effect, d.rationale.clone(), who)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="panel" aria-labelledby="log-heading">
            <h2 id="log-heading">"Decision log"</h2>
            {move || {
                let list = entries();
                if list.is_empty() {
                    view! {
                        <crate::ui::widgets::EmptyState
                            testid="no-decisions"
                            title="No decisions yet"
                            hint="Each conflict you settle is recorded here, with its rationale and who agreed."
                        />
                    }.into_any()
                } else {
                    view! {
                        <ol class="decision-log" data-testid="decision-log">
                            {list.into_iter().map(|(at, summary, effect, rationale, who)| view! {
                                <li data-testid="decision">
                                    <p class="hint">{at}</p>
                                    <p>{summary}</p>
                                    <p><strong>{effect}</strong></p>
                                    <p>"Why: " {rationale}</p>
                                    {(!who.is_empty()).then(|| view! { <p class="hint">"Agreed by " {who}</p> })}
                                </li>
                            }).collect_view()}
                        </ol>
                    }.into_any()
                }
            }}
        </section>
    }
}
