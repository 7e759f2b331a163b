//! `#lab/schulze`: times the Schulze tally of 1,000 ranked ballots over 200 goals in this
//! browser's wasm, so the figure can be compared with the native benchmark. Not linked
//! from the app; the performance script and browser test open it.

use leptos::prelude::*;

use crate::domain::sample::generated_rankings;
use crate::domain::tally::schulze::{self, WeightedRanking};

fn now_ms() -> f64 {
    window().performance().map(|p| p.now()).unwrap_or_else(js_sys::Date::now)
}

#[component]
pub fn LabSchulze() -> impl IntoView {
    let figures = RwSignal::new(None::<(f64, f64, usize)>);
    // After the first paint, so the page shows something while it runs.
    request_animation_frame(move || {
        let rankings = generated_rankings(7, 1000, 200);
        let weighted: Vec<WeightedRanking<'_>> = rankings.iter().map(|r| WeightedRanking { ranking: r, weight: 1 }).collect();
        let mut times = Vec::new();
        let mut winner = 0;
        for _ in 0..7 {
            let start = now_ms();
            let result = schulze::rank(200, &weighted);
            times.push(now_ms() - start);
            winner = result.map(|r| r.order[0][0]).unwrap_or(usize::MAX);
        }
        crate::domain::order::sort_by(&mut times, f64::total_cmp);
        figures.set(Some((times[times.len() / 2], times[0], winner)));
    });
    view! {
        <main class="lab">
            <h1>"Schulze in wasm: 1,000 ranked ballots over 200 goals"</h1>
            {move || match figures.get() {
                None => view! { <p>"Measuring…"</p> }.into_any(),
                Some((median, best, winner)) => view! {
                    <p>"Median of 7 runs: " <output data-testid="lab-schulze-ms">{format!("{median:.1}")}</output> " ms (best " {format!("{best:.1}")} " ms); winner: candidate " {winner} "."</p>
                }.into_any(),
            }}
        </main>
    }
}
