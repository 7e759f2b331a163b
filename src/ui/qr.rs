//! A QR code drawn by the app as SVG (from the core's module grid; no HTML text), or a
//! plain message when the text is too long for one code.

use leptos::prelude::*;

use crate::domain::codec::qr_symbol;

#[component]
pub fn QrCode(text: String, label: String) -> impl IntoView {
    match qr_symbol(&text) {
        Ok(symbol) => {
            let extent = symbol.extent();
            view! {
                <svg
                    class="qr"
                    xmlns="http://www.w3.org/2000/svg"
                    viewBox=format!("0 0 {extent} {extent}")
                    role="img"
                    aria-label=label
                    data-testid="qr-code"
                    shape-rendering="crispEdges"
                >
                    // Always dark on white, whatever the colour scheme: scanners expect it.
                    <rect width=extent.to_string() height=extent.to_string() fill="#fff"/>
                    <path d=symbol.path_data() fill="#000"/>
                </svg>
            }
            .into_any()
        }
        Err(too_big) => view! { <p class="notice" role="status" data-testid="qr-too-big">{too_big.to_string()}</p> }.into_any(),
    }
}
