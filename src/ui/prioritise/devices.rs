//! Voting on participants' own devices: personal invites out (link, QR code, file) and
//! ballot codes back in (paste, files, camera), with a board of who has voted where.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::library::file_stem;
use crate::domain::model::{InviteId, ParticipantId};
use crate::domain::voting::RoundStatus;
use crate::platform::files;
use crate::ui::prioritise::station::ScanStation;
use crate::ui::qr::QrCode;
use crate::ui::state::{AppState, CodeLine};
use crate::ui::widgets::read;

#[component]
pub fn OwnDevices() -> impl IntoView {
    let state = expect_context::<AppState>();
    let any_open = move || read(state, |w| w.rounds().any(|r| r.status == RoundStatus::Open));
    // Codes keep arriving after voting closes; they are still checked, and refused as late.
    let any_voted = move || read(state, |w| w.rounds().any(|r| r.status != RoundStatus::Draft));
    view! {
        <section class="panel own-devices" aria-labelledby="devices-heading" data-testid="own-devices">
            <h3 id="devices-heading">"Voting on their own devices"</h3>
            <p class="hint">
                "Each person gets a personal invite. They vote on their phone or laptop with no account and no network, and send back a sealed ballot code that only this browser can read. Add the codes below as they arrive."
            </p>
            <Show
                when=any_open
                fallback=|| view! { <p class="hint" data-testid="no-open-round">"Open a round to send invites: an invite carries the rounds that are open when it is made."</p> }
            >
                <Invites/>
            </Show>
            <Show when=any_voted>
                <Collect/>
                <Board/>
            </Show>
        </section>
    }
}

/// One participant's row: their invite (link, QR code, file: the newest one not
/// withdrawn, issued on first use), a new invite, and every invite issued with "Withdraw".
#[component]
fn Invites() -> impl IntoView {
    let state = expect_context::<AppState>();
    let people = move || {
        read(state, |w| {
            w.participants()
                .iter()
                .map(|p| {
                    let invites: Vec<(InviteId, bool)> =
                        w.invites().iter().rev().filter(|i| i.participant == p.id).map(|i| (i.id, i.is_withdrawn())).collect();
                    (p.id, p.name.clone(), p.department.and_then(|d| w.department(d)).map(|d| d.name.clone()).unwrap_or_default(), invites)
                })
                .collect::<Vec<_>>()
        })
    };
    // The invite on show: whose, and its link (made when asked, so it carries the rounds
    // open now).
    let shown = RwSignal::new(None::<(String, String)>);
    // The invite the facilitator is asked about before it is withdrawn.
    let confirming = RwSignal::new(None::<InviteId>);
    let link_for = move |p: ParticipantId| match state.invite_link(p) {
        Ok(link) => Some(link),
        Err(problem) => {
            state.notice.set(Some(crate::ui::state::Notice::Refused(problem)));
            None
        }
    };
    view! {
        <h4>"Invites"</h4>
        <p class="hint">
            "Whoever holds an invite link can vote as that person: send each one privately. If one leaks or a phone is lost, withdraw it (its codes are refused from then on) and send a new invite."
        </p>
        <table class="grid-table invites" data-testid="invites">
            <thead><tr><th scope="col">"Participant"</th><th scope="col">"Department"</th><th scope="col">"Invite"</th><th scope="col">"Issued invites"</th></tr></thead>
            <tbody>
                {move || people().into_iter().map(|(pid, name, dept, invites)| {
                    let (n1, n2, n3, n4) = (name.clone(), name.clone(), name.clone(), name.clone());
                    view! {
                        <tr data-testid="invite-row">
                            <td>{name.clone()}</td>
                            <td>{dept}</td>
                            <td class="actions">
                                <button class="button" data-testid="copy-invite" aria-label=format!("Copy link: {name}'s invite")
                                    on:click=move |_| if let Some(link) = link_for(pid) { state.copy(link, format!("{n1}'s invite link is on the clipboard.")) }>
                                    "Copy link"
                                </button>
                                <button class="button" data-testid="show-invite" aria-label=format!("QR code: {name}'s invite")
                                    on:click=move |_| if let Some(link) = link_for(pid) {
                                        shown.set(Some((n2.clone(), link)));
                                        // It opens under the table, often out of sight: bring it in.
                                        crate::ui::widgets::reveal("invite-shown", "invite-shown", true);
                                    }>
                                    "QR code"
                                </button>
                                <button class="button" data-testid="download-invite" aria-label=format!("File: download {name}'s invite")
                                    on:click=move |_| if let Some(link) = link_for(pid) {
                                        let body = format!("Accord invite for {n3}\n\nOpen this link in your browser to vote (nothing is sent anywhere):\n\n{link}\n");
                                        state.offer_text_download(&format!("invite-{}.txt", file_stem(&n3)), &body);
                                    }>
                                    "File"
                                </button>
                                <button class="button subtle" data-testid="new-invite" aria-label=format!("New invite for {name}")
                                    on:click=move |_| {
                                        if state.new_invite(pid).is_some() {
                                            if let Some(link) = link_for(pid) {
                                                shown.set(Some((n4.clone(), link)));
                                                crate::ui::widgets::reveal("invite-shown", "invite-shown", true);
                                            }
                                        }
                                    }>
                                    "New invite"
                                </button>
                            </td>
                            <td data-testid="invite-records">
                                {if invites.is_empty() { Some(view! { <span class="hint">"none yet"</span> }) } else { None }}
                                <ul class="invite-records" role="list">
                                    {invites.into_iter().map(|(id, withdrawn)| {
                                        let who = name.clone();
                                        view! {
                                            <li data-testid="invite-record">
                                                <span>{format!("Invite {id}")}</span>
                                                {if withdrawn {
                                                    view! { <span class="muted" data-testid="invite-withdrawn">" · withdrawn"</span> }.into_any()
                                                } else {
                                                    view! {
                                                        {move || if confirming.get() == Some(id) {
                                                            let who = who.clone();
                                                            view! {
                                                                <span role="alert" class="confirm">
                                                                    {format!(" Withdraw {who}'s invite {id}? Ballot codes made from it will be refused.")}
                                                                    <button class="button danger" data-testid="confirm-withdraw" on:click=move |_| {
                                                                        confirming.set(None);
                                                                        if state.withdraw_invite(id) {
                                                                            shown.set(None);
                                                                            state.notice.set(Some(crate::ui::state::Notice::Done(format!("Withdrew {who}'s invite {id}. Send them a new invite."))));
                                                                        }
                                                                    }>"Withdraw"</button>
                                                                    <button class="button subtle" on:click=move |_| confirming.set(None)>"Keep it"</button>
                                                                </span>
                                                            }.into_any()
                                                        } else {
                                                            view! {
                                                                <button class="button subtle danger" data-testid="withdraw-invite" aria-label=format!("Withdraw {who}'s invite {id}")
                                                                    on:click=move |_| confirming.set(Some(id))>"Withdraw"</button>
                                                            }.into_any()
                                                        }}
                                                    }.into_any()
                                                }}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        {move || shown.get().map(|(name, link)| view! {
            <div class="invite-shown" id="invite-shown" tabindex="-1" role="region" aria-label=format!("{name}'s invite") data-testid="invite-shown">
                <h5>{format!("Invite for {name}")}</h5>
                <p class="hint">"Let them scan this with their phone's camera, or send the link or the file."</p>
                <QrCode text=link.clone() label=format!("QR code of {name}'s invite link")/>
                <label class="field">
                    <span>"Link"</span>
                    <input readonly data-testid="invite-link" prop:value=link on:focus=|ev| {
                        if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) { input.select(); }
                    }/>
                </label>
                <button class="button subtle" on:click=move |_| shown.set(None)>"Hide"</button>
            </div>
        })}
    }
}

#[component]
fn Collect() -> impl IntoView {
    let state = expect_context::<AppState>();
    // What each code did, newest first; a line that asks for a choice keeps its code
    // until the facilitator answers.
    let results = RwSignal::new(Vec::<(u64, CodeLine)>::new());
    let serial = StoredValue::new(0u64);
    let push = move |lines: Vec<CodeLine>| {
        results.update(|r| {
            for line in lines.into_iter().rev() {
                let n = serial.get_value() + 1;
                serial.set_value(n);
                r.insert(0, (n, line));
            }
            r.truncate(50);
        });
    };
    let take = move |text: &str| push(state.receive_codes(text));
    // The facilitator answered a choice: the line stops asking, and says what happened.
    let answer = move |n: u64, outcome: CodeLine| {
        results.update(|r| {
            if let Some(line) = r.iter_mut().find(|(k, _)| *k == n) {
                line.1 = outcome;
            }
        })
    };
    let read_files = move |list: web_sys::FileList| {
        let picked: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        leptos::task::spawn_local(async move {
            for file in picked {
                match files::read_bytes(file.clone()).await {
                    Ok(bytes) => take(&String::from_utf8_lossy(&bytes)),
                    Err(e) => push(vec![CodeLine { ok: false, text: format!("Could not read {}: {e}", file.name()), ..CodeLine::default() }]),
                }
            }
        });
    };
    view! {
        <h4>"Collect ballot codes"</h4>
        // Ballot-code files dropped here are codes, not a workshop to open.
        <crate::ui::widgets::PasteOrDrop
            class="collect"
            testid="collect"
            label="Paste one or many codes (chat text around them is fine), or drop code files here"
            input_testid="codes-input"
            submit_label="Add codes"
            submit_testid="add-codes"
            files_label="Open code files…"
            files_testid="code-files"
            accept=".txt,text/plain"
            on_submit=move |text: String| take(&text)
            on_files=move |list| read_files(list)
        >
            <ScanStation results push answer/>
        </crate::ui::widgets::PasteOrDrop>
        <div role="log" aria-live="polite" aria-label="Ballot codes added" data-testid="code-results">
        <ul class="code-results" role="list">
            {move || results.get().into_iter().map(|(n, line)| {
                let class = if line.ok { "ok" } else if line.choice.is_some() { "choose" } else { "refused" };
                let mark = if line.ok { "✓ " } else if line.choice.is_some() { "? " } else { "✗ " };
                view! {
                    <li class=class data-testid="code-result">
                        <span aria-hidden="true">{mark}</span>{line.text.clone()}
                        {line.choice.map(|code| view! { <ChoiceButtons n code answer/> })}
                    </li>
                }
            }).collect_view()}
        </ul>
        </div>
    }
}

/// The facilitator's answer to a code that needs a choice (line `n` of the collect list):
/// count the new ballot, or keep the one counted.
#[component]
pub(super) fn ChoiceButtons(n: u64, code: String, answer: impl Fn(u64, CodeLine) + Copy + Send + Sync + 'static) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <span class="field-row" data-testid="ballot-choice">
            <button class="button" data-testid="choose-incoming"
                on:click=move |_| answer(n, state.count_instead(&code))>"Count this new ballot"</button>
            <button class="button subtle" data-testid="choose-counted"
                on:click=move |_| answer(n, CodeLine { ok: true, text: "Kept the ballot already counted; this code was not counted.".into(), ..CodeLine::default() })>
                "Keep the one counted"
            </button>
        </span>
    }
}

/// Who has voted in each round past setup (never how).
#[component]
fn Board() -> impl IntoView {
    let state = expect_context::<AppState>();
    let board = move || {
        read(state, |w| {
            let rounds: Vec<_> = w.rounds().filter(|r| r.status != RoundStatus::Draft).collect();
            let header: Vec<String> = rounds.iter().map(|r| format!("{} ({})", r.name, r.status.label())).collect();
            let rows: Vec<(String, Vec<&'static str>)> = w
                .participants()
                .iter()
                .map(|p| {
                    let cells = rounds
                        .iter()
                        .map(|r| if r.ballots.contains_key(&p.id) { "✓ voted" } else if r.electorate.as_ref().is_some_and(|e| !e.contains(&p.id)) { "not in this round" } else if !r.is_voter(p.id) { "observes" } else { "not yet" })
                        .collect();
                    (p.name.clone(), cells)
                })
                .collect();
            let counts: Vec<String> = rounds
                .iter()
                .map(|r| format!("{} voted", r.ballots_in(w.participants().iter().map(|p| p.id))))
                .collect();
            (header, rows, counts)
        })
    };
    view! {
        <h4>"Who has voted"</h4>
        {move || {
            let (header, rows, counts) = board();
            view! {
                <table class="grid-table board" data-testid="voted-board">
                    <thead>
                        <tr><th scope="col">"Participant"</th>{header.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|(name, cells)| view! {
                            <tr data-testid="board-row">
                                <th scope="row">{name}</th>
                                {cells.into_iter().map(|c| view! { <td class=if c.starts_with('✓') { "voted" } else { "" }>{c}</td> }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                    <tfoot>
                        <tr><th scope="row">"In all"</th>{counts.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr>
                    </tfoot>
                </table>
            }
        }}
    }
}
