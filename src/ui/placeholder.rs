use leptos::prelude::*;

/// A phase that is not built yet says so plainly, and what it will do.
#[component]
pub fn NotBuiltYet(title: &'static str, what: &'static str) -> impl IntoView {
    view! {
        <section class="panel not-built" aria-labelledby="not-built-heading" data-testid="not-built">
            <h2 id="not-built-heading">{title}</h2>
            <p><strong>"Not built yet."</strong> " This phase is coming in a later release of Accord."</p>
            <p>{what}</p>
        </section>
    }
}
