//! The alignment map on the Align screen, beside the matrix (tabs): the goal tree as SVG,
//! laid out by `domain::map_layout`, pannable (drag, arrow keys) and zoomable (wheel,
//! +/− buttons and keys, Fit), with every goal a focusable box named by its title;
//! clicking or pressing Enter on one opens it in the goal editor. Download as SVG and
//! "Show on projector" (the presenter window's map view).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::map::Matrix;
use crate::domain::alignment::Alignment;
use crate::domain::map_layout::{
    edge_style, ink, layout, node_description, node_fill, node_stroke, render_layout_svg, tone_ink, MapLayout, MapOptions,
    HEADING_SIZE, MARGIN, SMALL_SIZE, TITLE_SIZE,
};
use crate::domain::library::file_stem;
use crate::domain::model::{GoalId, Level};
use crate::domain::presenter::ProjectorView;
use crate::ui::state::{AppState, Notice};

/// Above this many goals the Align screen opens on the matrix (a map that large takes a
/// moment to draw); the map is one click away.
const MAP_FIRST_UP_TO: usize = 300;
const MIN_SCALE: f64 = 0.1;
const MAX_SCALE: f64 = 4.0;
const PAN_STEP: f64 = 60.0;
/// The smallest scale the map first opens at (its 14 px titles at about 10 px).
const READABLE_SCALE: f64 = 0.75;

#[derive(Clone, Copy, PartialEq)]
enum Tab {
    Map,
    Matrix,
}

/// The map and the matrix as two tabs.
#[component]
pub fn MapAndMatrix(analysis: Memo<Option<Alignment>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let large = state.workshop.with_untracked(|w| w.as_ref().is_some_and(|w| w.goals().len() > MAP_FIRST_UP_TO));
    let tab = RwSignal::new(if large { Tab::Matrix } else { Tab::Map });
    let tab_button = move |which: Tab, label: &'static str, id: &'static str, panel: &'static str| {
        view! {
            <button
                type="button"
                role="tab"
                id=id
                class="map-tab"
                data-testid=id
                aria-controls=panel
                aria-selected=move || if tab.get() == which { "true" } else { "false" }
                tabindex=move || if tab.get() == which { "0" } else { "-1" }
                on:click=move |_| tab.set(which)
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    if matches!(ev.key().as_str(), "ArrowLeft" | "ArrowRight") {
                        ev.prevent_default();
                        let other = if which == Tab::Map { Tab::Matrix } else { Tab::Map };
                        tab.set(other);
                        let other_id = if other == Tab::Map { "map-tab" } else { "matrix-tab" };
                        if let Some(el) = document().get_element_by_id(other_id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                            let _ = el.focus();
                        }
                    }
                }
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="map-and-matrix">
            <div class="map-tabs" role="tablist" aria-label="The alignment as a map or a matrix">
                {tab_button(Tab::Map, "Map", "map-tab", "map-panel")}
                {tab_button(Tab::Matrix, "Matrix", "matrix-tab", "matrix-panel")}
            </div>
            <div id="map-panel" role="tabpanel" aria-labelledby="map-tab" hidden=move || tab.get() != Tab::Map>
                <Show when=move || tab.get() == Tab::Map>
                    <AlignmentMap/>
                </Show>
            </div>
            <div id="matrix-panel" role="tabpanel" aria-labelledby="matrix-tab" hidden=move || tab.get() != Tab::Matrix>
                <Matrix analysis/>
            </div>
        </div>
    }
}

#[derive(Clone, Copy, PartialEq)]
struct Camera {
    scale: f64,
    tx: f64,
    ty: f64,
}

/// The pannable, zoomable map with its controls.
#[component]
pub fn AlignmentMap() -> impl IntoView {
    let state = expect_context::<AppState>();
    // `None`: the workshop's default (shown once anyone has an individual goal).
    let carried_choice = RwSignal::new(None::<bool>);
    let show_carried = Memo::new(move |_| {
        carried_choice.get().unwrap_or_else(|| {
            state.workshop.with(|w| w.as_ref().is_some_and(|w| MapOptions::for_workshop(w).show_carried))
        })
    });
    let map = Memo::new(move |_| {
        let options = MapOptions { show_carried: show_carried.get() };
        state.workshop.with(|w| w.as_ref().map(|w| layout(w, options)))
    });
    let camera = RwSignal::new(Camera { scale: 1.0, tx: 0.0, ty: 0.0 });
    let viewport = NodeRef::<leptos::html::Div>::new();
    let size = move || viewport.get_untracked().map(|el| (f64::from(el.client_width()), f64::from(el.client_height())));

    let fit = move || {
        let (Some((vw, vh)), Some((mw, mh))) = (size(), map.with_untracked(|m| m.as_ref().map(|m| (m.width, m.height)))) else {
            return;
        };
        if vw <= 0.0 || vh <= 0.0 {
            return;
        }
        // A small map is not blown up past 1.5 times its size.
        let scale = (vw / mw).min(vh / mh).clamp(MIN_SCALE, 1.5);
        camera.set(Camera { scale, tx: (vw - mw * scale) / 2.0, ty: (vh - mh * scale) / 2.0 });
    };
    // The first view: the whole map if its text stays readable, otherwise its top-left
    // corner (the strategy and the first objectives) at a readable size; Fit shows all.
    let placed = RwSignal::new(false);
    let first_view = move || {
        let (Some((vw, vh)), Some((mw, mh))) = (size(), map.with_untracked(|m| m.as_ref().map(|m| (m.width, m.height)))) else {
            return;
        };
        if vw > 0.0 && vh > 0.0 {
            let whole = (vw / mw).min(vh / mh);
            if whole >= READABLE_SCALE {
                fit();
            } else {
                camera.set(Camera { scale: READABLE_SCALE, tx: 0.0, ty: 0.0 });
            }
        }
        placed.set(true);
    };
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        if viewport.get().is_some() && map.with(Option::is_some) {
            request_animation_frame(first_view);
            return true;
        }
        false
    });
    // Zoom by `factor` about the point (`px`, `py`) of the viewport.
    let zoom_at = move |factor: f64, at: Option<(f64, f64)>| {
        let Some((vw, vh)) = size() else { return };
        let (px, py) = at.unwrap_or((vw / 2.0, vh / 2.0));
        camera.update(|c| {
            let scale = (c.scale * factor).clamp(MIN_SCALE, MAX_SCALE);
            let k = scale / c.scale;
            c.tx = px - (px - c.tx) * k;
            c.ty = py - (py - c.ty) * k;
            c.scale = scale;
        });
    };
    let pan = move |dx: f64, dy: f64| camera.update(|c| {
        c.tx += dx;
        c.ty += dy;
    });

    // Dragging: a press that moves more than a few pixels pans (and is no click).
    let drag = StoredValue::new(None::<(i32, f64, f64, bool)>); // pointer, last x, last y, moved
    let dragged = StoredValue::new(false);
    let on_pointerdown = move |ev: web_sys::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        drag.set_value(Some((ev.pointer_id(), f64::from(ev.client_x()), f64::from(ev.client_y()), false)));
        dragged.set_value(false);
    };
    let on_pointermove = move |ev: web_sys::PointerEvent| {
        let Some((id, x, y, moved)) = drag.get_value() else { return };
        if id != ev.pointer_id() {
            return;
        }
        let (nx, ny) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        let far = moved || (nx - x).abs() + (ny - y).abs() > 4.0;
        if far {
            if !moved {
                if let Some(el) = viewport.get_untracked() {
                    let _ = el.set_pointer_capture(id);
                }
            }
            pan(nx - x, ny - y);
            drag.set_value(Some((id, nx, ny, true)));
            dragged.set_value(true);
        }
    };
    let on_pointerup = move |ev: web_sys::PointerEvent| {
        if drag.get_value().is_some_and(|(id, ..)| id == ev.pointer_id()) {
            drag.set_value(None);
        }
    };
    let on_wheel = move |ev: web_sys::WheelEvent| {
        ev.prevent_default();
        let at = viewport.get_untracked().and_then(|el| origin(&el)).map(|(left, top)| (f64::from(ev.client_x()) - left, f64::from(ev.client_y()) - top));
        let factor = if ev.delta_y() < 0.0 { 1.15 } else { 1.0 / 1.15 };
        zoom_at(factor, at);
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let handled = match ev.key().as_str() {
            "ArrowLeft" => {
                pan(PAN_STEP, 0.0);
                true
            }
            "ArrowRight" => {
                pan(-PAN_STEP, 0.0);
                true
            }
            "ArrowUp" => {
                pan(0.0, PAN_STEP);
                true
            }
            "ArrowDown" => {
                pan(0.0, -PAN_STEP);
                true
            }
            "+" | "=" => {
                zoom_at(1.25, None);
                true
            }
            "-" | "_" => {
                zoom_at(0.8, None);
                true
            }
            "0" => {
                fit();
                true
            }
            _ => false,
        };
        if handled {
            ev.prevent_default();
        }
    };
    // A box reached by Tab is brought into view.
    let reveal = Callback::new(move |goal: GoalId| {
        let Some((vw, vh)) = size() else { return };
        let Some(rect) = map.with_untracked(|m| m.as_ref().and_then(|m| m.node(goal)).map(|n| n.rect)) else { return };
        let c = camera.get_untracked();
        let (left, top) = (c.tx + rect.x * c.scale, c.ty + rect.y * c.scale);
        let (right, bottom) = (left + rect.w * c.scale, top + rect.h * c.scale);
        if left < 0.0 || top < 0.0 || right > vw || bottom > vh {
            camera.set(Camera {
                scale: c.scale,
                tx: vw / 2.0 - (rect.x + rect.w / 2.0) * c.scale,
                ty: vh / 2.0 - (rect.y + rect.h / 2.0) * c.scale,
            });
        }
    });
    let pick = Callback::new(move |goal: GoalId| {
        if dragged.get_value() {
            dragged.set_value(false);
            return;
        }
        state.selected.set(Some(goal));
        request_animation_frame(|| {
            if let Ok(Some(editor)) = document().query_selector("[data-testid=goal-editor]") {
                editor.scroll_into_view_with_bool(false);
            }
        });
    });

    let download = move |_| {
        let file = state.workshop.with_untracked(|w| {
            w.as_ref().map(|w| (format!("{}.map.svg", file_stem(&w.title)), map.with_untracked(|m| m.as_ref().map(render_layout_svg)).unwrap_or_default()))
        });
        if let Some((name, text)) = file {
            match crate::platform::files::download(&name, "image/svg+xml", &text) {
                Ok(()) => state.notice.set(Some(Notice::Done(format!("The map is downloading as {name}.")))),
                Err(e) => state.notice.set(Some(Notice::Refused(format!("The download failed: {e}")))),
            }
        }
    };
    let on_projector = move |_| {
        state.projector.set(ProjectorView::Map);
        if let Some(id) = state.current.get_untracked() {
            crate::ui::presenter::open_presenter_window(&id.to_string());
        }
    };

    view! {
        <section class="panel alignment-map" aria-labelledby="alignment-map-heading" data-testid="alignment-map">
            <div class="map-head">
                <h2 id="alignment-map-heading">"Alignment map"</h2>
                <div class="map-controls" role="group" aria-label="Map controls">
                    <button type="button" class="button" data-testid="map-zoom-out" aria-label="Zoom out" on:click=move |_| zoom_at(0.8, None)>"−"</button>
                    <button type="button" class="button" data-testid="map-zoom-in" aria-label="Zoom in" on:click=move |_| zoom_at(1.25, None)>"+"</button>
                    <button type="button" class="button" data-testid="map-fit" on:click=move |_| fit()>"Fit"</button>
                    <button type="button" class="button" data-testid="map-download" on:click=download>"Download map (SVG)"</button>
                    <button type="button" class="button" data-testid="map-projector" on:click=on_projector>"Show on projector"</button>
                </div>
            </div>
            <p class="hint" id="map-help">
                "Drag or use the arrow keys to move the map; the wheel, + and − zoom; 0 fits it. Tab to a goal and press Enter to open it in the editor."
            </p>
            <label class="map-option">
                <input
                    type="checkbox"
                    data-testid="map-carried"
                    prop:checked=move || show_carried.get()
                    on:change=move |ev| carried_choice.set(Some(event_target_checked(&ev)))
                />
                " Show which department goals someone's individual goals carry"
            </label>
            <div
                class="map-viewport"
                node_ref=viewport
                tabindex="0"
                role="group"
                aria-label="Alignment map"
                aria-describedby="map-help"
                data-testid="map-viewport"
                data-placed=move || placed.get().then_some("true")
                on:pointerdown=on_pointerdown
                on:pointermove=on_pointermove
                on:pointerup=on_pointerup
                on:pointercancel=on_pointerup
                on:wheel=on_wheel
                on:keydown=on_keydown
            >
                <svg class="map-svg" width="100%" height="100%" data-testid="map-svg">
                    <g
                        data-testid="map-transform"
                        transform=move || { let c = camera.get(); format!("translate({:.1} {:.1}) scale({:.4})", c.tx, c.ty, c.scale) }
                    >
                        {move || map.with(|m| m.as_ref().map(|m| picture(m, Some((pick, reveal)))))}
                    </g>
                </svg>
            </div>
        </section>
    }
}

/// The viewport's top-left corner on the screen (getBoundingClientRect, read through
/// Reflect so no more web-sys features are needed).
fn origin(el: &web_sys::HtmlDivElement) -> Option<(f64, f64)> {
    let f = js_sys::Reflect::get(el, &"getBoundingClientRect".into()).ok()?.dyn_into::<js_sys::Function>().ok()?;
    let rect = f.call0(el).ok()?;
    let left = js_sys::Reflect::get(&rect, &"left".into()).ok()?.as_f64()?;
    let top = js_sys::Reflect::get(&rect, &"top".into()).ok()?.as_f64()?;
    Some((left, top))
}

fn n(v: f64) -> String {
    format!("{v:.1}")
}

/// The map's drawing, shared with the presenter window. With `interactive`, every goal is
/// a focusable button (pick: Enter, Space or a click; reveal: on focus).
pub fn picture(m: &MapLayout, interactive: Option<(Callback<GoalId>, Callback<GoalId>)>) -> AnyView {
    let st = m.strategy;
    let edges = m
        .edges
        .iter()
        .map(|e| {
            let (colour, width, dash, arrow) = edge_style(e.kind);
            view! {
                <path
                    d=e.path.clone()
                    fill="none"
                    stroke=colour
                    stroke-width=width
                    stroke-dasharray=dash
                    marker-end=arrow.then_some("url(#map-arrow)")
                    data-kind=format!("{:?}", e.kind)
                ></path>
            }
        })
        .collect_view();
    let nodes = m
        .nodes
        .iter()
        .map(|node| {
            let r = node.rect;
            let (stroke, dash) = node_stroke(node);
            let goal = node.goal;
            let weight = if node.level == Level::Objective { "700" } else { "400" };
            let x = node.text_x();
            let title_lines = node
                .lines
                .iter()
                .enumerate()
                .map(|(i, line)| {
                    view! { <text x=n(x) y=n(node.title_baseline(i)) font-size=TITLE_SIZE font-weight=weight fill=ink::TEXT>{line.clone()}</text> }
                })
                .collect_view();
            let notes = node
                .notes
                .iter()
                .enumerate()
                .flat_map(|(k, note)| {
                    let colour = tone_ink(note.tone);
                    note.lines
                        .iter()
                        .enumerate()
                        .map(|(i, line)| {
                            view! { <text x=n(x) y=n(node.note_baseline(k, i)) font-size=SMALL_SIZE font-weight="600" fill=colour>{line.clone()}</text> }
                        })
                        .collect::<Vec<_>>()
                })
                .collect_view();
            let on_key = move |ev: web_sys::KeyboardEvent| {
                if matches!(ev.key().as_str(), "Enter" | " ") {
                    ev.prevent_default();
                    if let Some((pick, _)) = interactive {
                        pick.run(goal);
                    }
                }
            };
            let hit = interactive.map(|(pick, reveal)| {
                view! {
                    // The focusable target over the box: a button named by the full title and
                    // described by the rest (the drawn lines are only the picture of that).
                    <rect
                        class="map-hit"
                        x=n(r.x)
                        y=n(r.y)
                        width=n(r.w)
                        height=n(r.h)
                        rx="6"
                        fill="transparent"
                        tabindex="0"
                        role="button"
                        aria-label=node.title.clone()
                        aria-description=node_description(node)
                        on:click=move |_| pick.run(goal)
                        on:keydown=on_key
                        on:focus=move |_| reveal.run(goal)
                    ></rect>
                }
            });
            view! {
                <g class="map-node" class:map-gap=node.flags.is_gap() data-testid="map-node" data-goal=goal.to_string()>
                    <g aria-hidden=interactive.is_some().then_some("true")>
                        <rect class="map-box" x=n(r.x) y=n(r.y) width=n(r.w) height=n(r.h) rx="6" fill=node_fill(node) stroke=stroke stroke-width="2" stroke-dasharray=dash></rect>
                        <rect x=n(r.x + 1.0) y=n(r.y + 1.0) width="6" height=n(r.h - 2.0) fill=node.colour.to_string()></rect>
                        {title_lines}
                        <text x=n(x) y=n(node.meta_baseline()) font-size=SMALL_SIZE fill=ink::MUTED>{node.meta.clone()}</text>
                        {notes}
                    </g>
                    {hit}
                </g>
            }
        })
        .collect_view();
    let captions = m
        .captions
        .iter()
        .map(|c| view! { <text x=n(c.x) y=n(c.y) font-size=SMALL_SIZE font-weight="700" fill=ink::GAP>{c.text.clone()}</text> })
        .collect_view();
    let legend = m
        .legend
        .iter()
        .map(|item| {
            let key = match item.colour {
                Some(c) => view! { <rect x=n(item.x) y=n(item.y - 11.0) width="14" height="14" rx="3" fill=c.to_string()></rect> }.into_any(),
                None if item.label.starts_with("conflicts") => view! {
                    <path d=format!("M{} {}H{}", n(item.x), n(item.y - 4.0), n(item.x + 18.0)) stroke=ink::CONFLICT stroke-width="2" stroke-dasharray="7 5"></path>
                }
                .into_any(),
                None => view! {
                    <path d=format!("M{} {}H{}", n(item.x), n(item.y - 4.0), n(item.x + 18.0)) stroke=ink::DEPENDS stroke-width="2" marker-end="url(#map-arrow)"></path>
                }
                .into_any(),
            };
            view! {
                {key}
                <text x=n(item.x + 24.0) y=n(item.y) font-size=SMALL_SIZE fill=ink::TEXT>{item.label.clone()}</text>
            }
        })
        .collect_view();
    view! {
        <defs>
            <marker id="map-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
                <path d="M0 0L10 5L0 10z" fill=ink::DEPENDS></path>
            </marker>
        </defs>
        <rect class="map-ground" x="0" y="0" width=n(m.width) height=n(m.height) fill=ink::GROUND></rect>
        <text x=n(MARGIN) y=n(m.heading_y) font-size=HEADING_SIZE font-weight="700" fill=ink::TEXT>{m.heading.clone()}</text>
        <g data-testid="map-strategy">
            <rect x=n(st.x) y=n(st.y) width=n(st.w) height=n(st.h) rx="8" fill=ink::STRATEGY_BOX stroke="#6366f1"></rect>
            <text x=n(st.x + 10.0) y=n(st.y + 10.0 + SMALL_SIZE) font-size=SMALL_SIZE font-weight="700" fill=ink::MUTED>"Strategy"</text>
            {m.strategy_lines.iter().enumerate().map(|(i, line)| view! {
                <text x=n(st.x + 10.0) y=n(st.y + 26.0 + TITLE_SIZE + i as f64 * 18.0) font-size=TITLE_SIZE fill=ink::TEXT>{line.clone()}</text>
            }).collect_view()}
        </g>
        {edges}
        {captions}
        {nodes}
        {legend}
    }
    .into_any()
}
