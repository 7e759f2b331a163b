//! The participant page's ballot controls (invite and room), drawn with direct DOM calls
//! (`ui/dom.rs`) so `/vote/` links no Leptos: the same cards, labels and keyboard and
//! touch paths as the facilitator's pass-the-device ballot (`ui/ballot.rs`, Leptos), and
//! the same rules from the core (`domain::count` for typed dots, `Method::ballot_from`).
//!
//! Dots and scores are drawn once and updated in place (typing in a field never rebuilds
//! it); a ranking is redrawn on each change, with one listener per list (delegated), so a
//! long session leaks no listeners, and the focus stays on the control the person used.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::Element;

use super::dom::{attr, child, clear, document, on, set_disabled, set_value, text, value};
use crate::domain::count::{dots_placed, dots_room, typed_dots};
use crate::domain::model::GoalId;
use crate::domain::voting::Method;

/// A goal on a ballot: its ID, title and a line of context ("under …" · department).
pub type BallotGoal = (GoalId, String, String);

/// "under Grow revenue · Sales": where a goal sits and who owns it.
pub fn context_line(parent: Option<&str>, department: Option<&str>) -> String {
    [parent.filter(|p| !p.is_empty()).map(|p| format!("under {p}")), department.filter(|d| !d.is_empty()).map(str::to_string)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A ballot in progress: the marks (dots or scores) and the ranking.
#[derive(Clone, Default)]
pub struct Marks {
    pub marks: BTreeMap<GoalId, u32>,
    pub ranking: Vec<GoalId>,
}

/// What the page does after each change (keep the draft, update what depends on it).
pub type Changed = Rc<dyn Fn(&Marks)>;

struct Ballot {
    method: Method,
    goals: Vec<BallotGoal>,
    now: Marks,
    changed: Changed,
    /// Ranked: the two lists, and the goal whose card is being dragged (by its place).
    ranked: Option<(Element, Element)>,
    dragging: Option<usize>,
    /// The buttons of the two lists as drawn (to keep the focus across a redraw).
    buttons: (Vec<Element>, Vec<Element>),
    /// Dots: per goal its field and its "+" button; the count and the note.
    dots: Vec<(GoalId, Element, Element)>,
    dots_left: Option<Element>,
    limit_note: Option<Element>,
}

type Shared = Rc<RefCell<Ballot>>;

/// Draws the controls for `method` into `parent`, starting from `start`; `changed` is
/// called after every change. Returns the ballot as it is now, to read on submitting.
pub fn controls(parent: &Element, method: Method, goals: Vec<BallotGoal>, start: Marks, changed: Changed) -> Rc<dyn Fn() -> Marks> {
    let b: Shared = Rc::new(RefCell::new(Ballot {
        method,
        goals,
        now: start,
        changed,
        ranked: None,
        dragging: None,
        buttons: (Vec::new(), Vec::new()),
        dots: Vec::new(),
        dots_left: None,
        limit_note: None,
    }));
    match method {
        Method::Dot { .. } => dots(&b, parent),
        Method::Score { min, max } => scores(&b, parent, min, max),
        Method::Ranked => ranked(&b, parent),
    }
    Rc::new(move || b.borrow().now.clone())
}

/// Applies a change and tells the page.
fn change(b: &Shared, f: impl FnOnce(&mut Marks)) {
    let (now, changed) = {
        let mut m = b.borrow_mut();
        f(&mut m.now);
        (m.now.clone(), m.changed.clone())
    };
    changed(&now);
}

/// The goal's title and context line, as the card's text.
fn card_text(li: &Element, title: &str, context: &str) {
    let t = child(li, "span", "ballot-text");
    text(&t, "span", "goal-title", title);
    text(&t, "span", "hint", context);
}

fn button(parent: &Element, class: &str, label: &str, aria: &str) -> Element {
    let b = text(parent, "button", class, label);
    attr(&b, "type", "button");
    attr(&b, "aria-label", aria);
    b
}

// ---- Dots ----

fn dots(b: &Shared, parent: &Element) {
    let (method, goals) = {
        let m = b.borrow();
        (m.method, m.goals.clone())
    };
    let per_goal = dots_room(method);
    let left = text(parent, "p", "", "");
    attr(&left, "data-testid", "dots-left");
    attr(&left, "aria-live", "polite");
    let note = text(parent, "p", "hint", "");
    attr(&note, "data-testid", "dot-limit");
    attr(&note, "role", "status");
    let list = child(parent, "ul", "ballot-goals ballot-cards");
    attr(&list, "role", "list");
    for (g, title, context) in goals {
        let li = child(&list, "li", "ballot-card");
        card_text(&li, &title, &context);
        let stepper = child(&li, "span", "stepper ballot-controls");
        let fewer = button(&stepper, "button subtle step ballot-control", "−", &format!("One dot fewer on {title}"));
        let input = child(&stepper, "input", "ballot-control");
        for (k, v) in [("type", "number"), ("min", "0"), ("max", &per_goal.to_string()), ("inputmode", "numeric"), ("data-testid", "dot-input")] {
            attr(&input, k, v);
        }
        attr(&input, "aria-label", &format!("Dots for {title}"));
        let more = button(&stepper, "button subtle step ballot-control", "+", &format!("One more dot on {title}"));
        let s = b.clone();
        on(&fewer, "click", move |_| {
            set_note(&s, None);
            change(&s, |m| {
                let v = m.marks.entry(g).or_default();
                *v = v.saturating_sub(1);
            });
            show_dots(&s);
        });
        let s = b.clone();
        on(&more, "click", move |_| {
            change(&s, |m| {
                let v = m.marks.entry(g).or_default();
                *v = v.saturating_add(1).min(per_goal);
            });
            show_dots(&s);
        });
        let s = b.clone();
        let field = input.clone();
        on(&input, "input", move |_| {
            // Held within the budget by the core; the field shows the value kept even when
            // the stored count does not change.
            let (n, note) = typed_dots(method, &value(&field));
            set_note(&s, note);
            change(&s, |m| {
                m.marks.insert(g, n);
            });
            show_dots(&s);
        });
        b.borrow_mut().dots.push((g, input, more));
    }
    {
        let mut m = b.borrow_mut();
        m.dots_left = Some(left);
        m.limit_note = Some(note);
    }
    show_dots(b);
}

fn set_note(b: &Shared, note: Option<String>) {
    if let Some(e) = &b.borrow().limit_note {
        e.set_text_content(Some(note.as_deref().unwrap_or_default()));
    }
}

/// Every field, "+" button and the count, as the marks are now. Counted wide, and no goal
/// can be given more than the whole budget, so "N of M dots placed" is always the true
/// total (a total over M is refused on submit).
fn show_dots(b: &Shared) {
    let m = b.borrow();
    let Method::Dot { dots, cap } = m.method else { return };
    let per_goal = dots_room(m.method);
    for (g, input, more) in &m.dots {
        let n = m.now.marks.get(g).copied().unwrap_or(0);
        let shown = n.to_string();
        if value(input) != shown {
            set_value(input, &shown);
        }
        set_disabled(more, n >= per_goal);
    }
    if let Some(left) = &m.dots_left {
        let at_most = cap.filter(|c| *c < dots).map(|c| format!(" (at most {c} per goal)")).unwrap_or_default();
        left.set_text_content(Some(&format!("{} of {dots} dots placed{at_most}", dots_placed(&m.now.marks))));
    }
}

// ---- Scores ----

fn scores(b: &Shared, parent: &Element, min: u32, max: u32) {
    let (goals, marks) = {
        let m = b.borrow();
        (m.goals.clone(), m.now.marks.clone())
    };
    let list = child(parent, "ul", "ballot-goals ballot-cards");
    attr(&list, "role", "list");
    for (g, title, context) in goals {
        let li = child(&list, "li", "ballot-card");
        let label = child(&li, "label", "");
        card_text(&label, &title, &context);
        let select = child(&label, "select", "ballot-control");
        attr(&select, "data-testid", "score-input");
        attr(&select, "aria-label", &format!("Score for {title}"));
        attr(&text(&select, "option", "", "No score"), "value", "");
        for s in min..=max {
            attr(&text(&select, "option", "", &s.to_string()), "value", &s.to_string());
        }
        set_value(&select, &marks.get(&g).map(ToString::to_string).unwrap_or_default());
        let s = b.clone();
        let field = select.clone();
        on(&select, "change", move |_| {
            let v = value(&field);
            change(&s, |m| match v.parse::<u32>() {
                Ok(n) => {
                    m.marks.insert(g, n);
                }
                Err(_) => {
                    m.marks.remove(&g);
                }
            });
        });
    }
}

// ---- Ranked ----

/// The place (`data-place`) of the card an event happened in.
fn place_of(e: &Element) -> Option<usize> {
    e.closest("[data-testid=ranked-goal]").ok().flatten()?.get_attribute("data-place")?.parse().ok()
}

fn target(ev: &web_sys::Event) -> Option<Element> {
    ev.target()?.dyn_into::<Element>().ok()
}

fn ranked(b: &Shared, parent: &Element) {
    text(parent, "p", "hint", "Rank the goals that matter to you, most important first (drag a card by its handle ⠿, or use the arrows). Goals you leave unranked tie last.");
    text(parent, "h4", "", "Your ranking");
    let ol = child(parent, "ol", "ranking ballot-cards");
    attr(&ol, "data-testid", "ranking");
    text(parent, "h4", "", "Not ranked yet");
    let ul = child(parent, "ul", "ballot-goals ballot-cards");
    attr(&ul, "role", "list");

    // The ranking's buttons: up, down, unrank (by the card's place).
    let s = b.clone();
    on(&ol, "click", move |ev| {
        let Some(button) = target(&ev).and_then(|t| t.closest("button[data-act]").ok().flatten()) else { return };
        let (Some(i), Some(act)) = (place_of(&button), button.get_attribute("data-act")) else { return };
        change(&s, |m| {
            let r = &mut m.ranking;
            match act.as_str() {
                "up" if i > 0 && i < r.len() => r.swap(i, i - 1),
                "down" if i + 1 < r.len() => r.swap(i, i + 1),
                "unrank" if i < r.len() => {
                    r.remove(i);
                }
                _ => {}
            }
        });
        draw_ranking(&s);
    });
    // Mouse: the card drags natively.
    let s = b.clone();
    on(&ol, "dragstart", move |ev| {
        let Some(i) = target(&ev).as_ref().and_then(place_of) else { return };
        if let Some(t) = ev.dyn_ref::<web_sys::DragEvent>().and_then(|d| d.data_transfer()) {
            let _ = t.set_data("text/plain", &i.to_string());
        }
        s.borrow_mut().dragging = Some(i);
    });
    on(&ol, "dragover", |ev| ev.prevent_default());
    let s = b.clone();
    on(&ol, "drop", move |ev| {
        ev.prevent_default();
        let to = target(&ev).as_ref().and_then(place_of);
        let from = s.borrow_mut().dragging.take();
        if let (Some(from), Some(to)) = (from, to) {
            move_to(&s, from, to);
        }
    });
    // Touch and pen drag from the handle (mouse drags the card natively).
    let s = b.clone();
    on(&ol, "pointerdown", move |ev| {
        let Some(p) = ev.dyn_ref::<web_sys::PointerEvent>() else { return };
        let Some(handle) = target(&ev).filter(|t| t.get_attribute("data-testid").as_deref() == Some("ballot-drag-handle")) else { return };
        if p.pointer_type() != "mouse" {
            ev.prevent_default();
            let _ = handle.set_pointer_capture(p.pointer_id());
            s.borrow_mut().dragging = place_of(&handle);
        }
    });
    let s = b.clone();
    on(&ol, "pointerup", move |ev| {
        let Some(p) = ev.dyn_ref::<web_sys::PointerEvent>() else { return };
        if p.pointer_type() == "mouse" {
            return;
        }
        let Some(from) = s.borrow_mut().dragging.take() else { return };
        let to = document()
            .element_from_point(p.client_x() as f32, p.client_y() as f32)
            .as_ref()
            .and_then(place_of);
        if let Some(to) = to {
            move_to(&s, from, to);
        }
    });
    let s = b.clone();
    on(&ol, "pointercancel", move |_| s.borrow_mut().dragging = None);

    // Not ranked yet: "Rank next" (by the goal's number).
    let s = b.clone();
    on(&ul, "click", move |ev| {
        let Some(button) = target(&ev).and_then(|t| t.closest("button[data-goal]").ok().flatten()) else { return };
        let Some(g) = button.get_attribute("data-goal").and_then(|g| g.parse::<u32>().ok()).map(GoalId) else { return };
        change(&s, |m| {
            if !m.ranking.contains(&g) {
                m.ranking.push(g);
            }
        });
        draw_ranking(&s);
    });
    b.borrow_mut().ranked = Some((ol, ul));
    draw_ranking(b);
}

fn move_to(b: &Shared, from: usize, to: usize) {
    if from == to {
        return;
    }
    change(b, |m| {
        let r = &mut m.ranking;
        if from < r.len() {
            let g = r.remove(from);
            r.insert(to.min(r.len()), g);
        }
    });
    draw_ranking(b);
}

/// The focused button among `buttons`: its label and its place.
fn focused_in(buttons: &[Element]) -> Option<(String, usize)> {
    let active = document().active_element()?;
    let at = buttons.iter().position(|b| b.is_same_node(Some(&active)))?;
    Some((active.get_attribute("aria-label")?, at))
}

/// Focuses the button labelled `label` among `buttons`, or else the enabled one nearest
/// to where the used one was (its card moved away: ranked, or unranked).
fn refocus(buttons: &[Element], (label, at): (String, usize)) {
    let enabled = |b: &&Element| !b.has_attribute("disabled");
    let found = buttons
        .iter()
        .filter(enabled)
        .find(|b| b.get_attribute("aria-label").as_deref() == Some(label.as_str()))
        .or_else(|| buttons.iter().skip(at).find(enabled))
        .or_else(|| buttons.iter().rev().find(enabled));
    if let Some(b) = found {
        super::dom::focus(b);
    }
}

/// Redraws both lists from the ranking.
fn draw_ranking(b: &Shared) {
    let m = b.borrow();
    let Some((ol, ul)) = m.ranked.clone() else { return };
    // Which list's button had the focus (0: the ranking, 1: not ranked yet).
    let focus = focused_in(&m.buttons.0).map(|f| (0, f)).or_else(|| focused_in(&m.buttons.1).map(|f| (1, f)));
    let mut buttons: (Vec<Element>, Vec<Element>) = (Vec::new(), Vec::new());
    let title_of = |g: GoalId| m.goals.iter().find(|(id, _, _)| *id == g).map(|(_, t, _)| t.clone()).unwrap_or_default();
    clear(&ol);
    let count = m.now.ranking.len();
    for (i, g) in m.now.ranking.iter().enumerate() {
        let title = title_of(*g);
        let li = child(&ol, "li", "ballot-card");
        attr(&li, "data-testid", "ranked-goal");
        attr(&li, "data-place", &i.to_string());
        attr(&li, "draggable", "true");
        let handle = text(&li, "span", "drag-handle", "⠿");
        attr(&handle, "data-testid", "ballot-drag-handle");
        attr(&handle, "aria-hidden", "true");
        attr(&text(&li, "span", "ballot-place", &(i + 1).to_string()), "aria-hidden", "true");
        text(&li, "span", "goal-title", &title);
        let controls = child(&li, "span", "ballot-controls");
        for (act, label, aria, off) in [
            ("up", "↑", format!("Move {title} up"), i == 0),
            ("down", "↓", format!("Move {title} down"), i + 1 == count),
            ("unrank", "✕", format!("Unrank {title}"), false),
        ] {
            let bt = button(&controls, "button subtle ballot-control", label, &aria);
            attr(&bt, "data-act", act);
            set_disabled(&bt, off);
            buttons.0.push(bt);
        }
    }
    clear(&ul);
    for (g, title, context) in m.goals.iter().filter(|(g, _, _)| !m.now.ranking.contains(g)) {
        let li = child(&ul, "li", "ballot-card");
        card_text(&li, title, context);
        let controls = child(&li, "span", "ballot-controls");
        let bt = button(&controls, "button ballot-control", "Rank next", &format!("Rank next: {title}"));
        attr(&bt, "data-testid", "rank-goal");
        attr(&bt, "data-goal", &g.0.to_string());
        buttons.1.push(bt);
    }
    drop(m);
    if let Some((list, f)) = focus {
        refocus(if list == 0 { &buttons.0 } else { &buttons.1 }, f);
    }
    b.borrow_mut().buttons = buttons;
}
