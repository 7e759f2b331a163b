//! Shown instead of a workshop whose stored copy did not load. Nothing is written until
//! the facilitator chooses; the damaged data is already set aside.

use leptos::prelude::*;

use super::state::AppState;

#[component]
pub fn RecoveryPanel(open_library: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let state = expect_context::<AppState>();
    let recovery = move || state.recovery.get();
    view! {
        {move || recovery().map(|r| {
            let good_note = r.good.as_ref().map(|g| g.updated.short());
            let kept = match &r.kept_as {
                Ok(key) => format!("The damaged data has been kept aside in this browser (as “{key}”) and nothing has been overwritten."),
                Err(why) => format!("The damaged data could not be set aside ({why}); download it before doing anything else."),
            };
            view! {
                <section class="panel recovery" role="alert" aria-labelledby="recovery-heading" data-testid="recovery">
                    <h2 id="recovery-heading">{format!("“{}” could not be opened", r.title)}</h2>
                    <p>"The copy of this workshop saved in this browser is damaged:"</p>
                    <ul class="problems" data-testid="recovery-problems">
                        {r.problems.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}
                    </ul>
                    <p>{kept}</p>
                    <div class="recovery-actions">
                        {good_note.map(|when| view! {
                            <button class="button primary" data-testid="restore-good" on:click=move |_| state.restore_good_copy()>
                                {format!("Restore the last good copy (saved {when})")}
                            </button>
                        })}
                        {(!r.raw.is_empty()).then(|| view! {
                            <button class="button" data-testid="download-damaged" on:click=move |_| state.download_damaged()>
                                "Download the damaged data"
                            </button>
                        })}
                        <button class="button subtle" on:click=move |_| open_library()>"Open another workshop"</button>
                    </div>
                </section>
            }
        })}
    }
}
