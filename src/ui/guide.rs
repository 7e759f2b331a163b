//! The guided workshop: the phases as a stepper (done / next action here / to do, from
//! `domain::guide`), the one next action in words with a link that goes there, and the
//! first-visit welcome.

use leptos::prelude::*;

use super::state::{AppState, Phase};
use super::on_demand;
use crate::domain::guide::{after_count, next_step_before_count, progress, Guidance, PhaseState};

/// The phases as links (the fragment names the phase) with where the workshop stands.
#[component]
pub fn Stepper() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Once every round is revealed the next step hangs on the count of unsettled
    // conflicts, whose code (the tally, conflict detection) is fetched on demand, not with
    // the first screen (issue #17). Until it has arrived the phases show no state.
    let counting = RwSignal::new(false);
    let asked = StoredValue::new(false);
    // Recomputed when the workshop changes; equal answers notify nothing.
    let standing = Memo::new(move |_| {
        state.workshop.with(|w| {
            let Some(w) = w.as_ref() else { return Standing::NoWorkshop };
            let next = match next_step_before_count(w) {
                Some(next) => next,
                None if counting.get() => match on_demand::now(on_demand::count_unsettled(w)) {
                    Some(unsettled) => after_count(unsettled),
                    None => return Standing::Counting,
                },
                None => {
                    on_demand::fetch_conflict_count(counting, asked);
                    return Standing::Counting;
                }
            };
            let states = progress(w, &next).map(|(_, s)| s);
            Standing::Known(next, states)
        })
    });
    let guidance = move || standing.with(|s| match s {
        Standing::Known(next, _) => Some(next.clone()),
        _ => None,
    });
    let step_state = move |i: usize| standing.with(|s| match s {
        Standing::Known(_, states) => Some(states[i]),
        _ => None,
    });
    view! {
        <nav class="phases stepper" aria-label="Workshop phases">
            <ol>
                {Phase::ALL
                    .into_iter()
                    .enumerate()
                    .map(|(i, phase)| {
                        view! {
                            <li class=move || format!("stepper-item {}", step_state(i).map_or("todo", PhaseState::class))>
                                <a
                                    href=format!("#{}", phase.slug())
                                    data-testid=format!("phase-{}", phase.slug())
                                    data-state=move || step_state(i).map(PhaseState::class)
                                    aria-current=move || (state.phase.get() == phase).then_some("page")
                                >
                                    <span class="step" aria-hidden="true">
                                        {move || if step_state(i) == Some(PhaseState::Done) { "✓".to_string() } else { (i + 1).to_string() }}
                                    </span>
                                    <span class="step-label">{phase.label()}</span>
                                    <span class="visually-hidden">
                                        {move || step_state(i).map(|s| format!(" ({})", s.label())).unwrap_or_default()}
                                    </span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
        // While the next step waits for the count its bar keeps its place, so the page
        // does not move when the count arrives.
        <Show
            when=move || standing.with(|s| matches!(s, Standing::Known(..)))
            fallback=move || standing.with(|s| *s == Standing::Counting).then(CountingPlaceholder)
        >
            <NextStep guidance=Signal::derive(guidance)/>
        </Show>
    }
}

/// Where the workshop stands for the stepper.
#[derive(Clone, PartialEq)]
enum Standing {
    NoWorkshop,
    /// The next step hangs on the conflict count, whose module is on its way.
    Counting,
    Known(Guidance, [PhaseState; 5]),
}

/// The next-step bar while the conflict count is on its way: the same size, saying so.
#[allow(non_snake_case)]
fn CountingPlaceholder() -> impl IntoView {
    view! {
        <div class="guide" data-testid="next-step-counting" aria-busy="true">
            <span class="guide-label" aria-hidden="true">"Next"</span>
            <p class="guide-message">"Counting the unsettled conflicts…"</p>
            <span class="button primary guide-placeholder" aria-hidden="true">"Go to Resolve →"</span>
        </div>
    }
}

/// The one next action: a sentence and, unless the facilitator is already there, a link
/// to its phase.
#[component]
fn NextStep(guidance: Signal<Option<Guidance>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let message = move || guidance.with(|g| g.as_ref().map(Guidance::message).unwrap_or_default());
    let target = move || guidance.with(|g| g.as_ref().map(Guidance::phase));
    view! {
        <div class="guide" data-testid="guide">
            <span class="guide-label" aria-hidden="true">"Next"</span>
            <p class="guide-message" data-testid="next-step" aria-live="polite">
                <span class="visually-hidden">"Next step: "</span>
                {message}
            </p>
            {move || {
                let phase = target()?;
                (state.phase.get() != phase).then(|| {
                    let label = guidance.with(|g| g.as_ref().map(Guidance::action_label).unwrap_or_default());
                    view! {
                        <a class="button primary" href=format!("#{}", phase.slug()) data-testid="next-step-go">
                            {label}
                            <span aria-hidden="true">" →"</span>
                        </a>
                    }
                })
            }}
        </div>
    }
}

/// The first-visit welcome (shown above the demo, which is open behind it): open the
/// demo or start an empty workshop; either closes it for good in this browser.
#[component]
pub fn Welcome() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <Show when=move || state.welcome.get()>
            <section class="welcome" aria-labelledby="welcome-heading" data-testid="welcome">
                <div class="welcome-text">
                    <h2 id="welcome-heading">"Welcome to Accord"</h2>
                    <p>
                        "Run an alignment workshop in this browser: define the strategy and departments, let departments align their goals, vote on priorities, settle the conflicts on the record, and export the agreed goal tree. No account, no server: the workshop stays on this device."
                    </p>
                    <p class="hint">"A demo workshop (a company planning its year) is open below, so every screen is filled in."</p>
                </div>
                <div class="welcome-actions">
                    <button class="button primary large" data-testid="welcome-demo" on:click=move |_| state.welcome_demo()>
                        "Open the demo workshop"
                    </button>
                    <button class="button secondary large" data-testid="welcome-new" on:click=move |_| state.welcome_new()>
                        "Start a new workshop"
                    </button>
                </div>
            </section>
        </Show>
    }
}
