//! Communicate and align (#16), the facilitator's side: the agreed tree as a link and QR
//! code (Export), draft links for department leads (Define), goals sent back coming in
//! (Align, and a `#give=` link asking first), near-duplicates across departments and
//! whether people's own goals carry each department goal (Align).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::align::focus_goal;
use super::qr::QrCode;
use super::state::{AppState, ExportKind, Notice};
use super::widgets::read;
use crate::domain::codec::qr_symbol_for_screen;
use crate::domain::model::{DepartmentId, Edit, GoalId, Workshop};
use crate::domain::open::{open_file, AccordFile};
use crate::domain::share::arrival::{carried_line, received_line};
use crate::domain::share::import::merge_duplicate;
use crate::domain::share::near_duplicates;
use crate::platform::files;

fn select_all(ev: leptos::ev::FocusEvent) {
    if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
        input.select();
    }
}

/// A link with its length, Copy (answered beside the button) and its QR code, or, for a
/// link no QR code holds, a plain word saying so (and, for the tree, the file instead).
#[component]
fn LinkOut(link: String, qr_label: String, #[prop(optional)] tree_file: bool) -> impl IntoView {
    let state = expect_context::<AppState>();
    let fits = qr_symbol_for_screen(&link).is_ok();
    let chars = link.chars().count();
    let copied = RwSignal::new(None::<bool>);
    let to_copy = StoredValue::new(link.clone());
    let copy = move |_| {
        let text = to_copy.get_value();
        leptos::task::spawn_local(async move { copied.set(Some(files::copy_text(&text).await.is_ok())) });
    };
    let qr = if fits {
        view! { <QrCode text=link.clone() label=qr_label screen=true/> }.into_any()
    } else {
        let alternative = if tree_file { " Send the link itself, or the goal-tree file:" } else { " Send the link itself." };
        view! {
            <div class="notice" role="status" data-testid="share-too-long">
                <p>{format!("This link ({chars} characters) is too long for one QR code.{alternative}")}</p>
                {tree_file.then(|| view! {
                    <button class="button" data-testid="share-file" on:click=move |_| state.export_as(ExportKind::GoalTree)>"Download the goal-tree file"</button>
                })}
            </div>
        }
        .into_any()
    };
    view! {
        <div class="share-out" data-testid="share-out">
            <label class="field">
                <span>"Link"</span>
                <input readonly data-testid="share-link" prop:value=link on:focus=select_all/>
            </label>
            <div class="field-row">
                <button class="button" data-testid="copy-share-link" on:click=copy>"Copy link"</button>
                <span class="hint" data-testid="share-length">{format!("{chars} characters")}</span>
                <span role="status" data-testid="copy-feedback">
                    {move || match copied.get() {
                        Some(true) => "Copied.",
                        Some(false) => "This browser did not allow copying: select the link and copy it.",
                        None => "",
                    }}
                </span>
            </div>
            {qr}
        </div>
    }
}

/// Export: the agreed tree as a link to the viewer page.
#[component]
pub fn ShareTree() -> impl IntoView {
    let state = expect_context::<AppState>();
    let link = RwSignal::new(None::<Result<String, String>>);
    view! {
        <h3>"Share the agreed tree"</h3>
        <p>
            "A link anyone can open on a phone or a computer: the strategy, objectives, department goals, owners, priorities and decisions, read-only. "
            "Everyone can add their own goals under the goal they serve and send them back to you. "
            "The tree travels inside the link, after the “#”, which browsers never send to a server."
        </p>
        <div class="field-row">
            <button class="button primary" data-testid="share-tree" on:click=move |_| link.set(Some(state.tree_link()))>
                {move || if link.with(Option::is_some) { "Make the link again (after changes)" } else { "Share the agreed tree" }}
            </button>
        </div>
        {move || link.get().map(|made| match made {
            Ok(url) => view! { <LinkOut link=url qr_label="QR code of the link to the agreed goal tree".to_string() tree_file=true/> }.into_any(),
            Err(why) => view! { <p class="notice error" role="alert" data-testid="share-problem">{why}</p> }.into_any(),
        })}
    }
}

/// Define: a draft link per department, for its lead to draft the department's goals
/// before the workshop.
#[component]
pub fn DraftLinks() -> impl IntoView {
    let state = expect_context::<AppState>();
    let shown = RwSignal::new(None::<(DepartmentId, String)>);
    let departments = move || read(state, |w| w.departments().iter().map(|d| (d.id, d.name.clone())).collect::<Vec<_>>());
    view! {
        <section class="panel draft-links" aria-labelledby="draft-links-heading" data-testid="draft-links">
            <h2 id="draft-links-heading">"Before the workshop: draft links"</h2>
            <p class="hint">
                "Send each department's lead their draft link: it carries the strategy, the company objectives and the department. "
                "They draft the department's goals on their own device and send the draft back as a code or a file; import it in Align (Import goals sent back)."
            </p>
            <ul class="draft-list" role="list">
                {move || departments().into_iter().map(|(id, name)| {
                    let label = format!("Draft link for {name}");
                    view! {
                        <li data-testid="draft-row">
                            <span>{name.clone()}</span>
                            <button class="button" data-testid="draft-link" aria-label=label
                                on:click=move |_| shown.set(Some((id, name.clone()))) >
                                "Draft link"
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            // The link and its QR code are made by code fetched on demand (`draft_link_shown`).
            {move || shown.get().map(|(id, name)| view! {
                <div data-testid="draft-shown">
                    <h3>{format!("Draft link for {name}")}</h3>
                    <super::on_demand::OnDemand load=std::sync::Arc::new(move || super::on_demand::draft_link(id, name.clone())) what="draft link"/>
                    <button class="button subtle" on:click=move |_| shown.set(None)>"Hide"</button>
                </div>
            })}
        </section>
    }
}

/// A department's draft link, made now, with its QR code (or why it cannot be made).
pub fn draft_link_shown(department: DepartmentId, name: String) -> AnyView {
    let state = expect_context::<AppState>();
    match state.draft_link(department) {
        Ok(url) => view! { <LinkOut link=url qr_label=format!("QR code of the draft link for {name}")/> }.into_any(),
        Err(why) => view! { <p class="notice error" role="alert">{why}</p> }.into_any(),
    }
}

/// Align: goals sent back, by pasted code or file.
#[component]
pub fn ImportGoals() -> impl IntoView {
    let state = expect_context::<AppState>();
    let results = RwSignal::new(Vec::<(u64, Result<String, String>)>::new());
    let serial = StoredValue::new(0u64);
    let push = move |lines: Vec<Result<String, String>>| {
        results.update(|r| {
            for line in lines.into_iter().rev() {
                let n = serial.get_value() + 1;
                serial.set_value(n);
                r.insert(0, (n, line));
            }
            r.truncate(20);
        })
    };
    let submit = move |text: String| {
        if !text.trim().is_empty() {
            push(state.take_codes(&text));
        }
    };
    let read_files = move |list: web_sys::FileList| {
        let picked: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        leptos::task::spawn_local(async move {
            for file in picked {
                let name = file.name();
                let said = match files::read_bytes(file).await {
                    Err(e) => vec![Err(format!("Could not read {name}: {e}"))],
                    Ok(bytes) if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') => vec![match open_file(&bytes) {
                        Ok(AccordFile::Contribution(c)) => state.take_contribution(&c),
                        Ok(_) => Err(format!("{name} is a workshop or goal-tree file, not goals sent back: open it from Workshops.")),
                        Err(e) => Err(format!("{name} could not be read: {}", e.problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))),
                    }],
                    Ok(bytes) => state.take_codes(&String::from_utf8_lossy(&bytes)),
                };
                push(said);
            }
        });
    };
    view! {
        <section class="panel import-goals" aria-labelledby="import-goals-heading" data-testid="import-goals">
            <h2 id="import-goals-heading">"Import goals sent back"</h2>
            <p class="hint">
                "People's own goals (from the shared tree) and departments' drafts (from draft links) come back as a code, a file or a link. "
                "Each goes in as one step you can undo, with its author; the same code twice changes nothing."
            </p>
            <crate::ui::widgets::PasteOrDrop
                label="Paste codes (they start with “ACG1.”; chat text around them is fine), or drop files here"
                input_testid="give-input"
                submit_label="Import"
                submit_testid="give-import"
                files_label="Open files…"
                files_testid="give-file"
                accept=".json,.txt,application/json,text/plain"
                on_submit=submit
                on_files=read_files
            />
            <div role="log" aria-live="polite" aria-label="Goals sent back, imported" data-testid="give-results">
                <ul class="code-results" role="list">
                    {move || results.get().into_iter().map(|(_, line)| {
                        let (class, mark, text) = match line {
                            Ok(t) => ("ok", "✓ ", t),
                            Err(t) => ("refused", "✗ ", t),
                        };
                        view! { <li class=class data-testid="give-result"><span aria-hidden="true">{mark}</span>{text}</li> }
                    }).collect_view()}
                </ul>
            </div>
        </section>
    }
}

/// A goal's title with its department and, for an imported goal, its author.
fn who_and_where(w: &Workshop, id: GoalId) -> String {
    let department = w.goal(id).and_then(|g| g.department).and_then(|d| w.department(d)).map(|d| d.name.clone()).unwrap_or_else(|| "no department".into());
    match w.contributed(id) {
        Some(c) => format!("{department}, from {}", c.author),
        None => department,
    }
}

/// Align: goals of different departments that look like the same goal.
#[component]
pub fn Duplicates() -> impl IntoView {
    let state = expect_context::<AppState>();
    let pairs = Memo::new(move |_| {
        state.workshop.with(|w| {
            w.as_ref()
                .map(|w| {
                    // Only goals from departments' drafts are ever flagged: without any,
                    // a large workshop is spared comparing every pair of titles.
                    let drafted = w.contributions().any(|(_, c)| c.source == crate::domain::model::Source::Draft);
                    drafted
                        .then(|| near_duplicates(w))
                        .unwrap_or_default()
                        .into_iter()
                        .map(|d| (d.a, d.b, d.percent, w.title_of(d.a), w.title_of(d.b), who_and_where(w, d.a), who_and_where(w, d.b)))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let merge = move |keep: GoalId, absorb: GoalId, kept: String, absorbed: String| {
        if state.propose(|w| merge_duplicate(w, keep, absorb)) {
            state.notice.set(Some(Notice::Done(format!("Merged “{absorbed}” into “{kept}” (Undo takes it back)."))));
        }
    };
    view! {
        <section class="panel duplicates" aria-labelledby="duplicates-heading" data-testid="duplicates">
            <h2 id="duplicates-heading">"Possible duplicates across departments"</h2>
            {move || {
                let list = pairs.get();
                if list.is_empty() {
                    return view! { <p class="hint" data-testid="no-duplicates">"None flagged: no goal from a department's draft reads like another department's goal."</p> }.into_any();
                }
                view! {
                    <p class="hint">"Goals from departments' drafts whose titles read alike. Merge one into the other (its sub-goals and links move over; it stays on record as merged), or keep both."</p>
                    <ul class="duplicate-list" role="list">
                        {list.into_iter().map(|(a, b, percent, ta, tb, wa, wb)| {
                            let (ta2, tb2, ta3, tb3) = (ta.clone(), tb.clone(), ta.clone(), tb.clone());
                            view! {
                                <li data-testid="duplicate-pair" data-goals=format!("{a} {b}")>
                                    <p>
                                        <button class="link-button" on:click=move |_| { state.selected.set(Some(a)); focus_goal(a); }>{format!("“{ta}”")}</button>
                                        {format!(" ({wa}) and ")}
                                        <button class="link-button" on:click=move |_| { state.selected.set(Some(b)); focus_goal(b); }>{format!("“{tb}”")}</button>
                                        {format!(" ({wb})")}
                                        <span class="flag-chip warn" data-testid="duplicate-percent">{format!("{percent}% alike")}</span>
                                    </p>
                                    <div class="field-row">
                                        <button class="button" data-testid="merge-into-a" on:click=move |_| merge(a, b, ta2.clone(), tb2.clone())>{format!("Merge into “{ta}”")}</button>
                                        <button class="button" data-testid="merge-into-b" on:click=move |_| merge(b, a, tb3.clone(), ta3.clone())>{format!("Merge into “{tb}”")}</button>
                                        <button class="button subtle" data-testid="keep-both" on:click=move |_| { state.apply(Edit::KeepApart(a, b, true)); }>"Keep both"</button>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}

/// Align: which department goals someone's own goals carry, and personal goals adrift.
/// The lists follow the coverage, which the Align screen recomputes only when the tree's
/// shape changes; each title follows its own goal, and the long list of department goals
/// is rendered only while it is open.
#[component]
pub fn Coverage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = super::align::derived::Derived::get(state);
    let rows = Memo::new(move |_| {
        derived.coverage.with(|c| c.as_ref().map(|c| (c.department_goals.clone(), c.adrift.clone())).unwrap_or_default())
    });
    let goal_button = move |id: GoalId| {
        view! { <button class="link-button" on:click=move |_| { state.selected.set(Some(id)); focus_goal(id); }><super::align::derived::GoalTitle id/></button> }
    };
    // The facilitator's choice to open or fold the list; by default a short list is open.
    let list_open = RwSignal::new(None::<bool>);
    view! {
        <section class="panel coverage" aria-labelledby="coverage-heading" data-testid="coverage">
            <h2 id="coverage-heading">"Day-to-day work"</h2>
            {move || {
                let (goals, adrift) = rows.get();
                let carried = goals.iter().filter(|(_, n)| *n > 0).count();
                // A long list starts folded (a large workshop has hundreds).
                let short = goals.len() <= 40;
                let open = move || list_open.get().unwrap_or(short);
                let total = goals.len();
                let list = move || {
                    open().then(|| {
                        rows.with(|(goals, _)| {
                            goals.iter().map(|(id, n)| {
                                let (id, n) = (*id, *n);
                                view! {
                                    <li data-testid="coverage-row" data-goal-id=id.to_string() class:uncarried=n == 0>
                                        {goal_button(id)} " — " <span data-testid="coverage-carried">{carried_line(n)}</span>
                                    </li>
                                }
                            }).collect_view()
                        })
                    })
                };
                view! {
                    <p data-testid="coverage-summary">{format!("{carried} of {total} department goals are carried by someone's own goals.")}</p>
                    <details
                        open=open()
                        on:toggle=move |ev| {
                            let now = ev.target().and_then(|t| js_sys::Reflect::get(&t, &"open".into()).ok()).and_then(|v| v.as_bool());
                            if let Some(now) = now.filter(|now| *now != open()) {
                                list_open.set(Some(now));
                            }
                        }
                    >
                        <summary>"Each department goal"</summary>
                        <ul class="coverage-list" role="list">{list}</ul>
                    </details>
                    <h3>{format!("Personal goals under nothing agreed ({})", adrift.len())}</h3>
                    {if adrift.is_empty() {
                        view! { <p class="hint" data-testid="no-adrift">"None: every personal goal hangs under an agreed or proposed goal."</p> }.into_any()
                    } else {
                        view! {
                            <ul role="list" data-testid="adrift">
                                {adrift.into_iter().map(|id| {
                                    let author = Memo::new(move |_| read(state, move |w| w.contributed(id).map(|c| c.author.clone())));
                                    view! {
                                        <li data-testid="adrift-goal">{goal_button(id)}{move || author.get().map(|a| format!(" (from {a})"))}</li>
                                    }
                                }).collect_view()}
                            </ul>
                        }
                        .into_any()
                    }}
                }
            }}
        </section>
    }
}

/// In the goal editor: who sent an imported goal and when it was received.
#[component]
pub fn ContributedNote(id: GoalId) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || read(state, move |w| w.contributed(id).map(received_line)).map(|line| view! { <p class="hint contributed-note" data-testid="editor-contributed">{line}</p> })
}

/// The question a `#give=` link asks before anything is imported.
#[component]
pub fn GiveOffer() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.give_question().map(|(_, question)| {
            view! {
                <div class="banner give-offer" role="alertdialog" aria-labelledby="give-question" data-testid="give-offer">
                    <p id="give-question" data-testid="give-question">{question}</p>
                    <div class="field-row">
                        <button class="button primary" data-testid="give-accept" on:click=move |_| state.answer_give(true)>"Import"</button>
                        <button class="button subtle" data-testid="give-decline" on:click=move |_| state.answer_give(false)>"Not now"</button>
                    </div>
                </div>
            }
        })
    }
}
