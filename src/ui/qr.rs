//! A QR code drawn by the app as SVG (from the core's module grid; no HTML text), or a
//! plain message when the text is too long for one code.

#[cfg(feature = "facilitator")]
use leptos::prelude::*;

use crate::domain::codec::{qr_symbol, qr_symbol_for_screen};

/// `screen`: drawn only on a screen or projector (never printed or photographed at an
/// angle), so the lighter error correction of `qr_symbol_for_screen` serves, with fewer,
/// larger modules.
#[cfg(feature = "facilitator")]
#[component]
pub fn QrCode(text: String, label: String, #[prop(optional)] screen: bool) -> impl IntoView {
    let symbol = if screen { qr_symbol_for_screen(&text) } else { qr_symbol(&text) };
    match symbol {
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
                    data-qr-version=symbol.version().to_string()
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

/// The same QR code (or message) drawn with direct DOM calls into `parent`, for the
/// participant's page, which links no Leptos (`ui/dom.rs`).
pub fn draw(parent: &web_sys::Element, text: &str, label: &str, screen: bool) {
    use crate::ui::dom::{attr, svg_child};
    let symbol = if screen { qr_symbol_for_screen(text) } else { qr_symbol(text) };
    match symbol {
        Ok(symbol) => {
            let extent = symbol.extent().to_string();
            let svg = svg_child(parent, "svg");
            for (k, v) in [
                ("class", "qr"),
                ("viewBox", &format!("0 0 {extent} {extent}")),
                ("role", "img"),
                ("aria-label", label),
                ("data-testid", "qr-code"),
                ("data-qr-version", &symbol.version().to_string()),
                ("shape-rendering", "crispEdges"),
            ] {
                attr(&svg, k, v);
            }
            // Always dark on white, whatever the colour scheme: scanners expect it.
            let rect = svg_child(&svg, "rect");
            attr(&rect, "width", &extent);
            attr(&rect, "height", &extent);
            attr(&rect, "fill", "#fff");
            let path = svg_child(&svg, "path");
            attr(&path, "d", &symbol.path_data());
            attr(&path, "fill", "#000");
        }
        Err(too_big) => {
            let p = crate::ui::dom::text(parent, "p", "notice", &too_big.to_string());
            attr(&p, "role", "status");
            attr(&p, "data-testid", "qr-too-big");
        }
    }
}
