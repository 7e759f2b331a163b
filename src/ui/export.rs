use leptos::prelude::*;

use super::state::AppState;

#[component]
pub fn ExportScreen() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <section class="panel" aria-labelledby="export-heading">
            <h2 id="export-heading">"Export"</h2>
            <p>
                "The workshop file holds everything in this workshop. Open it in Accord on another device from "
                <em>"Workshops → Open a workshop file"</em>
                ", or check it against the published "
                <a href="schema/accord-workshop-v1.schema.json">"JSON Schema"</a>
                "."
            </p>
            <button class="button primary" data-testid="export-workshop" on:click=move |_| state.export_current()>
                "Download the workshop file (JSON)"
            </button>
            <p class="hint">
                <strong>"Not built yet: "</strong>
                "the agreed goal tree, the Markdown report, ballots as CSV, a picture of the tree and a print view arrive with the Export release."
            </p>
        </section>
    }
}
