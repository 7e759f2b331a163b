//! The person's own goals in the viewer: their name, the goals they add under a goal of
//! the tree (or a draft's objectives), editing and removing them, and sending them back.
//! The list and its rules live in `domain::share::kept`; this draws it, dispatches the
//! person's changes, and keeps the list on the device after each (`platform::view_storage`).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::Element;

use super::dom::{attr, button, child, clear, field, focus, on, put, text, value};
use crate::domain::codec::WorkshopTag;
use crate::domain::model::{DepartmentId, GoalId, Level, Source};
use crate::domain::share::kept::{file_name, Kept, Written};
use crate::domain::share::{contribution, SentGoal, Under};
use crate::platform::view_storage;

/// Which goal form is open (one at a time).
#[derive(Clone, PartialEq)]
enum Form {
    New(Spec),
    Edit(u32),
}

/// A place goals of the list hang: under what, at which level, the button's words.
#[derive(Clone, PartialEq)]
pub struct Spec {
    pub under: Under,
    pub under_level: Option<Level>,
    pub level: Level,
    pub label: &'static str,
    /// Whether the form asks for an owner (drafts).
    pub owner: bool,
}

/// Where the goals go back to.
pub struct Sending {
    pub source: Source,
    pub workshop: String,
    pub tag: Option<WorkshopTag>,
    pub department: Option<DepartmentId>,
}

pub struct Mine {
    kept: Kept,
    key: String,
    source: Source,
    sending: Sending,
    form: Option<Form>,
    /// The person chose to add goals (drafts: always).
    pub adding: bool,
    naming: bool,
    send_open: bool,
    /// A problem keeping the list.
    notice: Option<String>,
    slots: Vec<(Spec, Element)>,
    panel: Option<Element>,
    /// For a tree: the goals one may write under (kept goals under anything else are
    /// listed in the panel).
    pub writable: Option<Vec<GoalId>>,
}

pub type Shared = Rc<RefCell<Mine>>;

/// The list kept under `key`, followed across tabs.
pub fn load(key: String, sending: Sending) -> Shared {
    let source = sending.source;
    let (kept, notice) = match view_storage::load(&key, source) {
        Ok(loaded) => loaded,
        Err(why) => (Kept::new(0), Some(format!("Nothing can be kept on this device: {why}."))),
    };
    let adding = source == Source::Draft || !kept.goals.is_empty();
    let s = Rc::new(RefCell::new(Mine {
        kept,
        key,
        source,
        sending,
        form: None,
        adding,
        naming: false,
        send_open: false,
        notice,
        slots: Vec::new(),
        panel: None,
        writable: None,
    }));
    // Another tab changed the list: take its version, so neither overwrites the other.
    let shared = s.clone();
    on(&web_sys::window().expect("a window").into(), "storage", move |ev| {
        let key = ev.dyn_ref::<web_sys::StorageEvent>().and_then(|e| e.key());
        let reread = {
            let m = shared.borrow();
            if key.as_deref() == Some(m.key.as_str()) { view_storage::load(&m.key, m.source).ok() } else { None }
        };
        if let Some((kept, _)) = reread {
            shared.borrow_mut().kept = kept;
            render(&shared);
        }
    });
    s
}

/// Registers a place for the list's goals under a goal of the page.
pub fn slot(s: &Shared, spec: Spec, at: &Element) {
    s.borrow_mut().slots.push((spec, at.clone()));
}

pub fn panel(s: &Shared, at: &Element) {
    s.borrow_mut().panel = Some(at.clone());
}

/// Redraws every region that shows the list.
pub fn render(s: &Shared) {
    let slots = s.borrow().slots.clone();
    for (spec, at) in &slots {
        fill(s, spec, at);
    }
    let panel = s.borrow().panel.clone();
    if let Some(p) = panel {
        draw_panel(s, &p);
    }
}

/// Applies a change to the list and keeps it; a refused change leaves it as it was.
fn change(s: &Shared, f: impl FnOnce(&mut Kept) -> Result<(), String>) -> Result<(), String> {
    {
        let mut m = s.borrow_mut();
        let mut next = m.kept.clone();
        f(&mut next)?;
        m.notice = view_storage::save(&m.key, &next, m.source)
            .err()
            .map(|why| format!("Your goals could not be kept on this device ({why}); send them back before you close this page."));
        m.kept = next;
        m.form = None;
    }
    render(s);
    Ok(())
}

fn set(s: &Shared, f: impl FnOnce(&mut Mine)) {
    f(&mut s.borrow_mut());
    render(s);
}

/// The list's goals under `spec`'s goal, and the button (or form) to add one there.
fn fill(s: &Shared, spec: &Spec, at: &Element) {
    clear(at);
    let (goals, form, may_add) = {
        let m = s.borrow();
        let goals: Vec<SentGoal> = match &spec.under {
            Under::Goal { id, .. } => m.kept.under_goal(*id).cloned().collect(),
            Under::Sent(key) => m.kept.under_sent(*key).cloned().collect(),
            Under::Nothing => Vec::new(),
        };
        (goals, m.form.clone(), m.adding && !m.kept.author.is_empty())
    };
    if !goals.is_empty() {
        let list = child(at, "ul", "v-mine-list");
        for g in goals {
            my_goal(s, g, spec.owner, &list, &form);
        }
    }
    if form.as_ref() == Some(&Form::New(spec.clone())) {
        goal_form(s, Form::New(spec.clone()), spec.owner, at);
    } else if may_add {
        let (s, spec) = (s.clone(), spec.clone());
        button(at, "v-add no-print", spec.label, "add-here", move || set(&s, |m| m.form = Some(Form::New(spec.clone()))));
    }
}

/// One of the person's goals: what they wrote, Edit and Remove, and (in a draft) the
/// initiatives under it.
fn my_goal(s: &Shared, goal: SentGoal, owner: bool, list: &Element, form: &Option<Form>) {
    let key = goal.key;
    let li = child(list, "li", "v-mine");
    attr(&li, "data-testid", "my-goal");
    if form.as_ref() == Some(&Form::Edit(key)) {
        goal_form(s, Form::Edit(key), owner, &li);
        return;
    }
    let head = child(&li, "p", "v-mine-head");
    let level = match goal.level {
        Level::DepartmentGoal => "Department goal",
        Level::Initiative => "Initiative",
        _ => "My goal",
    };
    text(&head, "span", "v-badge", level);
    put(&head, " ");
    attr(&text(&head, "span", "v-mine-title", &goal.title), "data-testid", "my-goal-title");
    let details: Vec<String> = [("Metric", &goal.metric), ("Target", &goal.target), ("Owner", &goal.owner)]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}: {v}"))
        .collect();
    if !details.is_empty() {
        text(&li, "p", "v-meta", &details.join(" · "));
    }
    if !goal.description.is_empty() {
        text(&li, "p", "v-desc", &goal.description);
    }
    let row = child(&li, "div", "v-row no-print");
    let s2 = s.clone();
    button(&row, "v-link", "Edit", "edit-goal", move || set(&s2, |m| m.form = Some(Form::Edit(key))));
    let s2 = s.clone();
    button(&row, "v-link", "Remove", "remove-goal", move || {
        let beneath = s2.borrow().kept.under_sent(key).count();
        let window = web_sys::window().expect("a window");
        if beneath > 0 && !window.confirm_with_message(&format!("Remove this goal and the {beneath} beneath it?")).unwrap_or(false) {
            return;
        }
        let _ = change(&s2, |k| {
            k.remove(key);
            Ok(())
        });
    });
    if goal.level == Level::DepartmentGoal {
        let nested = child(&li, "div", "");
        let spec = Spec { under: Under::Sent(key), under_level: None, level: Level::Initiative, label: "+ Initiative", owner };
        fill(s, &spec, &nested);
    }
}

/// The goal form: a new goal (under `spec`'s goal) or editing one of the person's goals.
fn goal_form(s: &Shared, form: Form, owner: bool, at: &Element) {
    let start = match &form {
        Form::Edit(key) => s.borrow().kept.goal(*key).map(Written::of).unwrap_or_default(),
        Form::New(_) => Written::default(),
    };
    let heading = match &form {
        Form::Edit(_) => "Edit goal",
        Form::New(Spec { level: Level::Initiative, .. }) => "New initiative",
        Form::New(Spec { level: Level::DepartmentGoal, .. }) => "New department goal",
        Form::New(_) => "New goal of mine",
    };
    let f = child(at, "form", "v-form no-print");
    attr(&f, "data-testid", "goal-form");
    attr(&f, "aria-label", heading);
    text(&f, "p", "v-form-title", heading);
    let title = field(&f, "input", "Title", &start.title, 200, "my-title");
    attr(&title, "required", "");
    let pair = child(&f, "div", "v-pair");
    let metric = field(&pair, "input", "Metric", &start.metric, 120, "my-metric");
    let target = field(&pair, "input", "Target", &start.target, 80, "my-target");
    let who = owner.then(|| field(&f, "input", "Owner", &start.owner, 80, "my-owner"));
    let description = field(&f, "textarea", "Description (optional)", &start.description, 4000, "my-description");
    let error = attr(&child(&f, "p", "v-error-text"), "role", "alert");
    let row = child(&f, "div", "v-row");
    attr(&text(&row, "button", "v-button v-primary", "Save"), "data-testid", "save-goal");
    let s2 = s.clone();
    button(&row, "v-button", "Cancel", "cancel-goal", move || set(&s2, |m| m.form = None));
    let first = title.clone();
    let s2 = s.clone();
    on(&f, "submit", move |ev| {
        ev.prevent_default();
        let written = Written {
            title: value(&title),
            description: value(&description),
            owner: who.as_ref().map(value).unwrap_or_default(),
            metric: value(&metric),
            target: value(&target),
        };
        let result = change(&s2, |k| match &form {
            Form::New(spec) => {
                let mut counter = view_storage::counter()?;
                k.add(&mut counter, &written, spec.level, spec.under.clone(), spec.under_level).map_err(|e| e.to_string())?;
                // The number is spent (kept) before the list that uses it is written.
                view_storage::save_counter(counter)
            }
            Form::Edit(key) => k.edit(*key, &written).map_err(|e| e.to_string()),
        });
        if let Err(why) = result {
            error.set_text_content(Some(&why));
        }
    });
    focus(&first);
}

/// The panel: the name, a note, goals under goals the page no longer shows, Send back.
fn draw_panel(s: &Shared, p: &Element) {
    clear(p);
    let (adding, author, naming, notice, source, elsewhere) = {
        let m = s.borrow();
        let elsewhere: Vec<SentGoal> = match &m.writable {
            Some(ids) => m.kept.goals.iter().filter(|g| !matches!(&g.under, Under::Goal { id, .. } if ids.contains(id))).cloned().collect(),
            None => Vec::new(),
        };
        (m.adding, m.kept.author.clone(), m.naming, m.notice.clone(), m.source, elsewhere)
    };
    if !adding {
        let s2 = s.clone();
        button(p, "v-button v-primary", "Add my goals", "add-my-goals", move || set(&s2, |m| m.adding = true));
        text(p, "p", "v-hint", "Align your own day-to-day goals to this tree and send them back to the facilitator.");
        return;
    }
    if source == Source::Personal {
        text(p, "p", "v-section-title", "My goals");
    }
    if author.is_empty() || naming {
        let f = child(p, "form", "v-name");
        attr(&f, "data-testid", "name-form");
        let ask = if source == Source::Draft { "Your name, so the facilitator knows who drafted these goals" } else { "Your name, so the facilitator knows whose goals these are" };
        attr(&text(&f, "label", "", ask), "for", "v-author");
        let row = child(&f, "div", "v-row");
        let input = child(&row, "input", "");
        for (k, v) in [("id", "v-author"), ("autocomplete", "name"), ("maxlength", "80"), ("required", ""), ("data-testid", "author")] {
            attr(&input, k, v);
        }
        super::dom::set_value(&input, &author);
        attr(&text(&row, "button", "v-button v-primary", "Save my name"), "data-testid", "save-name");
        let error = attr(&child(&f, "p", "v-error-text"), "role", "alert");
        let s2 = s.clone();
        on(&f, "submit", move |ev| {
            ev.prevent_default();
            let typed = value(&input);
            match change(&s2, |k| k.set_author(&typed).map_err(|e| e.to_string())) {
                Ok(()) => set(&s2, |m| m.naming = false),
                Err(why) => error.set_text_content(Some(&why)),
            }
        });
    } else {
        let you = text(p, "p", "v-you", "You are ");
        attr(&text(&you, "strong", "", &author), "data-testid", "author-shown");
        put(&you, " ");
        let s2 = s.clone();
        button(&you, "v-link", "Change", "change-name", move || set(&s2, |m| m.naming = true));
    }
    text(
        p,
        "p",
        "v-hint",
        if source == Source::Draft {
            "Add your department's goals under the company objectives they serve, and initiatives under your goals. The draft stays on this device until you send it back."
        } else {
            "Press “+ My goal here” under the department goal or initiative your day-to-day work serves. Your goals stay on this device until you send them back."
        },
    );
    if let Some(n) = notice {
        attr(&attr(&text(p, "p", "v-notice v-error", &n), "role", "alert"), "data-testid", "kept-notice");
    }
    if !elsewhere.is_empty() {
        let box_ = child(p, "div", "v-elsewhere");
        text(&box_, "p", "", "Under goals this tree no longer shows:");
        let list = child(&box_, "ul", "v-mine-list");
        let form = s.borrow().form.clone();
        for g in elsewhere {
            my_goal(s, g, false, &list, &form);
        }
    }
    send_back(s, p);
}

/// "Send back": the code (Copy, QR), the file, and the link to the facilitator's Accord.
fn send_back(s: &Shared, p: &Element) {
    let (open, sent) = {
        let m = s.borrow();
        let c = &m.sending;
        (m.send_open, m.kept.contribution(c.source, &c.workshop, c.tag, c.department))
    };
    let s2 = s.clone();
    let toggle = button(p, "v-button v-primary", if open { "Hide what to send" } else { "Send back" }, "send-back", move || set(&s2, |m| m.send_open = !m.send_open));
    attr(&toggle, "aria-expanded", if open { "true" } else { "false" });
    if !open {
        return;
    }
    let c = match sent {
        Ok(c) => c,
        Err(why) => {
            attr(&attr(&text(p, "p", "v-notice", &why.to_string()), "role", "status"), "data-testid", "send-problem");
            return;
        }
    };
    let panel = attr(&child(p, "div", "v-send"), "data-testid", "send-panel");
    text(&panel, "p", "", &format!("{}, ready to send. Send the code, the file or the link to the facilitator by any channel; nothing is sent from this page.", c.describe()));
    // No QR code here: drawing one would take the page past its 150 KB budget (the
    // qrcode crate and its SVG path cost about 8 KB gzip); the code goes as text, the file
    // or the link.
    // Uncompressed (a longer code): the page then carries no compressor.
    let code = c.to_code_uncompressed();
    let l = text(&panel, "label", "v-field", "The code");
    let area = child(&l, "textarea", "v-code");
    for (k, v) in [("readonly", ""), ("rows", "3"), ("data-testid", "send-code")] {
        attr(&area, k, v);
    }
    super::dom::set_value(&area, &code);
    let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    let link = web_sys::Url::new_with_base(&format!("../#{}={code}", contribution::KEY), &href).map(|u| u.href()).unwrap_or_default();
    let row = child(&panel, "div", "v-row");
    let said = attr(&attr(&child(&panel, "p", ""), "role", "status"), "data-testid", "send-said");
    let copy = |text: String, what: &'static str, said: Element| move || copy_text(&text, what, &said);
    button(&row, "v-button v-primary", "Copy the code", "copy-code", copy(code, "The code", said.clone()));
    // The file is the contribution's JSON, compact: the same writer as the code's, so
    // the page carries one serialiser.
    let (name, json, said2) = (file_name(&c.author, c.source), serde_json::to_string(&c.to_doc()).expect("contributions serialise"), said.clone());
    button(&row, "v-button", "Download the file", "download-file", move || {
        if let Err(why) = super::dom::download(&name, &json) {
            said2.set_text_content(Some(&format!("The file could not be made: {why}")));
        }
    });
    button(&row, "v-button", "Copy the link", "copy-link", copy(link.clone(), "The link", said.clone()));
    let hint = text(&panel, "p", "v-hint", "The link opens the facilitator's Accord with your goals ready to import: ");
    attr(&text(&hint, "a", "", "link to the facilitator's Accord"), "href", &link);
    let _ = hint.query_selector("a").map(|a| a.map(|a| attr(&a, "data-testid", "give-link")));
}

/// Puts `text` on the clipboard and says how it went in `said` (through the promise's
/// callbacks: no async runtime in the page).
fn copy_text(text: &str, what: &'static str, said: &Element) {
    let Some(window) = web_sys::window() else { return };
    let promise = window.navigator().clipboard().write_text(text);
    let (ok_said, no_said) = (said.clone(), said.clone());
    let ok = wasm_bindgen::closure::Closure::once(move |_: wasm_bindgen::JsValue| {
        ok_said.set_text_content(Some(&format!("{what} copied. Paste it into a message to the facilitator.")));
    });
    let no = wasm_bindgen::closure::Closure::once(move |_: wasm_bindgen::JsValue| {
        no_said.set_text_content(Some("Copying was not allowed here; select the text and copy it."));
    });
    let _ = promise.then2(&ok, &no);
    ok.forget();
    no.forget();
}
