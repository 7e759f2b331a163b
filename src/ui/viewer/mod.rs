//! The viewer (`/view/`).

use leptos::prelude::*;

use crate::domain::share::tree_link::decode_tree;

#[component]
pub fn ViewerApp() -> impl IntoView {
    let hash = location_hash().unwrap_or_default();
    match decode_tree(&hash) {
        Ok(t) => view! { <main><h1>{t.tree.workshop.clone()}</h1></main> }.into_any(),
        Err(e) => view! { <main><p>{e.to_string()}</p></main> }.into_any(),
    }
}
