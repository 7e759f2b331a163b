//! Small shared pieces.

use leptos::prelude::*;

use crate::domain::model::Department;

/// A department's colour swatch *with its name*, so colour is never the only signal.
#[component]
pub fn DepartmentChip(department: Department) -> impl IntoView {
    let style = format!("--dept: {}; --dept-text: {}", department.colour, department.colour.contrast_text());
    view! {
        <span class="dept-chip" style=style>
            <span class="swatch" aria-hidden="true"></span>
            {department.name}
        </span>
    }
}
