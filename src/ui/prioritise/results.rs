//! Revealed results: the order with its figures, how it was computed, each department's
//! order side by side, the agreement between departments, and (named rounds) each ballot.

use leptos::prelude::*;

use crate::domain::model::{GoalId, RoundId, Workshop};
use crate::domain::disclosure::{self, Disclosed, Hidden, MIN_GROUP};
use crate::domain::tally::{Detail, RoundResult};
use crate::domain::voting::{Ballot, Round, Secrecy, Weighting};
use crate::ui::state::AppState;
use crate::ui::widgets::read;

fn figure(value: f64) -> String {
    if (value - value.round()).abs() < 1e-9 { format!("{value:.0}") } else { format!("{value:.2}") }
}

fn headline_name(round: &Round) -> &'static str {
    match round.method {
        crate::domain::voting::Method::Dot { .. } => "Dots",
        crate::domain::voting::Method::Score { .. } => "Mean score",
        crate::domain::voting::Method::Ranked => "Borda points",
    }
}

/// Words for Kendall's W, for people who do not read statistics.
fn agreement_words(w: f64) -> &'static str {
    match w {
        w if w >= 0.7 => "strong agreement",
        w if w >= 0.4 => "moderate agreement",
        w if w >= 0.2 => "weak agreement",
        _ => "little or no agreement",
    }
}

#[component]
pub fn Results(id: RoundId) -> impl IntoView {
    let state = expect_context::<AppState>();
    let data = Memo::new(move |_| {
        state.workshop.with(|w| {
            let w = w.as_ref()?;
            let round = w.round(id)?;
            Some((disclosure::results(w, round), round.clone()))
        })
    });
    let balanced = move || read(state, move |w| w.round(id).is_some_and(|r| r.weighting == Weighting::DepartmentBalanced));
    let set_balanced = move |on: bool| {
        let weighting = if on { Weighting::DepartmentBalanced } else { Weighting::Equal };
        state.propose(|w| w.set_weighting(id, weighting));
    };
    view! {
        <section class="results" aria-labelledby="results-heading" data-testid="results">
            <h3 id="results-heading">"Results"</h3>
            <label class="check">
                <input type="checkbox" data-testid="balanced-toggle" prop:checked=balanced on:change=move |ev| set_balanced(event_target_checked(&ev))/>
                " Department-balanced: each department carries the same weight, whatever its headcount"
            </label>
            {move || data.get().map(|(c, round)| state.workshop.with(|w| {
                let Some(w) = w.as_ref() else { return ().into_any() };
                let c = match c {
                    Ok(c) => c,
                    Err(Hidden::Uncountable(refusal)) => return view! { <p class="notice error" role="alert" data-testid="tally-refused">{refusal.to_string()}</p> }.into_any(),
                    Err(hidden) => return view! { <p class="notice" data-testid="results-withheld">{hidden.to_string()}</p> }.into_any(),
                };
                view! {
                    {overall(w, &round, &c.overall)}
                    {explanation(w, &round, &c.overall)}
                    {departments(w, &round, &c)}
                    {(round.secrecy == Secrecy::Named).then(|| named_ballots(w, &round))}
                }.into_any()
            }))}
        </section>
    }
}

fn overall(w: &Workshop, round: &Round, r: &RoundResult) -> AnyView {
    let max = r.headline.values().copied().fold(0.0_f64, f64::max).max(1e-9);
    let rows: Vec<(u32, GoalId, f64)> =
        r.order.iter().flatten().map(|g| (r.rank_of(*g).unwrap_or(0), *g, r.headline.get(g).copied().unwrap_or(0.0))).collect();
    let bar_height = 28.0;
    let chart_height = bar_height * rows.len() as f64;
    view! {
        <h4>{format!("Overall order ({} ballot(s))", r.ballots)}</h4>
        <table class="grid-table results-table" data-testid="result-order">
            <thead><tr><th scope="col">"Rank"</th><th scope="col">"Goal"</th><th scope="col">{headline_name(round)}</th></tr></thead>
            <tbody>
                {rows.iter().map(|(rank, g, v)| {
                    let tied = r.order.iter().any(|t| t.len() > 1 && t.contains(g));
                    view! {
                        <tr data-testid="result-row">
                            <td>{format!("{rank}{}", if tied { " (tie)" } else { "" })}</td>
                            <td data-testid="result-goal">{w.title_of(*g)}</td>
                            <td>{figure(*v)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <svg class="bars" role="img" aria-label=format!("Bar chart of {} per goal", headline_name(round).to_lowercase()) viewBox=format!("0 0 600 {chart_height}") preserveAspectRatio="xMinYMin meet">
            {rows.iter().enumerate().map(|(i, (_, g, v))| {
                let y = i as f64 * bar_height;
                let width = (v.max(0.0) / max) * 280.0;
                let label: String = w.title_of(*g).chars().take(34).collect();
                view! {
                    <g>
                        <text x="0" y=y + 19.0 class="bar-label">{label}</text>
                        <rect x="250" y=y + 4.0 width=width.max(1.0) height=bar_height - 8.0 class="bar"></rect>
                        <text x=256.0 + width y=y + 19.0 class="bar-value">{figure(*v)}</text>
                    </g>
                }
            }).collect_view()}
        </svg>
    }
    .into_any()
}

fn explanation(w: &Workshop, round: &Round, r: &RoundResult) -> AnyView {
    let weighting = match round.weighting {
        Weighting::Equal => "Every ballot counts once.",
        Weighting::DepartmentBalanced => "Department-balanced: each department's ballots share one equal weight (a department of 4 gives each ballot ¼, a department of 2 gives ½).",
    };
    let body = match &r.detail {
        Detail::Dots => view! {
            <p>"Each goal's dots were added up over all ballots; the most dots ranks first. Equal totals tie."</p>
        }.into_any(),
        Detail::Scores(stats) => view! {
            <p>"Each goal's scores were averaged over the people who scored it; the highest mean ranks first. The spread (standard deviation) shows how much people disagree."</p>
            <table class="grid-table" data-testid="score-stats">
                <thead><tr><th scope="col">"Goal"</th><th scope="col">"Mean"</th><th scope="col">"Median"</th><th scope="col">"Spread"</th><th scope="col">"Scored by"</th></tr></thead>
                <tbody>
                    {r.goals.iter().map(|g| { let s = stats[g]; view! {
                        <tr><td>{w.title_of(*g)}</td><td>{format!("{:.2}", s.mean)}</td><td>{figure(s.median)}</td><td>{format!("{:.2}", s.spread)}</td><td>{s.count}</td></tr>
                    }}).collect_view()}
                </tbody>
            </table>
        }.into_any(),
        Detail::Ranked { schulze, borda } => {
            let names: Vec<String> = r.goals.iter().map(|g| w.title_of(*g)).collect();
            let n = names.len();
            let pairwise = crate::domain::tally::schulze::figures(&schulze.pairwise, r.scale);
            let strongest = crate::domain::tally::schulze::figures(&schulze.strongest, r.scale);
            let max = pairwise.iter().flatten().copied().fold(0.0_f64, f64::max).max(1e-9);
            let cell = 44.0;
            let label_width = 250.0;
            view! {
                <p>
                    "Schulze method. Each cell of the pairwise matrix says how many voters prefer the row's goal to the column's (a ranked goal beats every unranked one; unranked goals tie). "
                    "A goal beats another when its strongest path of such majorities to it is stronger than the path back; the order follows, and ties stay ties. "
                    "Borda points (first place " {n.saturating_sub(1)} " points, then one less per place) are shown beside for comparison."
                </p>
                <h5>"Pairwise preferences (row over column)"</h5>
                <svg class="heatmap" data-testid="pairwise-heatmap" role="img" aria-label="Heat map of the pairwise preference matrix; the same figures are in the table below" viewBox=format!("0 0 {} {}", label_width + cell * n as f64, cell * (n as f64 + 0.6))>
                    {(0..n).map(|j| view! { <text x=label_width + cell * j as f64 + cell / 2.0 y=cell * 0.45 text-anchor="middle" class="bar-label">{format!("#{}", j + 1)}</text> }).collect_view()}
                    {(0..n).map(|i| {
                        let label: String = format!("#{} {}", i + 1, names[i]).chars().take(30).collect();
                        view! {
                            <g>
                                <text x="0" y=cell * (i as f64 + 0.6) + cell / 2.0 class="bar-label">{label}</text>
                                {(0..n).map(|j| {
                                    let v = pairwise[i][j];
                                    let opacity = if i == j { 0.0 } else { 0.1 + 0.85 * v / max };
                                    view! {
                                        <g>
                                            <rect x=label_width + cell * j as f64 y=cell * (i as f64 + 0.6) width=cell - 2.0 height=cell - 2.0 class="heat" fill-opacity=opacity></rect>
                                            <text x=label_width + cell * j as f64 + cell / 2.0 y=cell * (i as f64 + 0.6) + cell / 2.0 + 5.0 text-anchor="middle" class="heat-value">{if i == j { "—".to_string() } else { figure(v) }}</text>
                                        </g>
                                    }
                                }).collect_view()}
                            </g>
                        }
                    }).collect_view()}
                </svg>
                {matrix_table("Pairwise preferences", &names, &pairwise, "pairwise")}
                {matrix_table("Strongest paths", &names, &strongest, "strongest")}
                <table class="grid-table" data-testid="borda">
                    <thead><tr><th scope="col">"Goal"</th><th scope="col">"Borda points"</th></tr></thead>
                    <tbody>{r.goals.iter().enumerate().map(|(i, g)| view! { <tr><td>{w.title_of(*g)}</td><td>{figure(borda[i])}</td></tr> }).collect_view()}</tbody>
                </table>
            }.into_any()
        }
    };
    view! {
        <details class="explanation" data-testid="explanation">
            <summary>"How this result was computed"</summary>
            <p>{weighting}</p>
            {body}
        </details>
    }
    .into_any()
}

fn matrix_table(caption: &'static str, names: &[String], m: &[Vec<f64>], testid: &'static str) -> AnyView {
    view! {
        <div class="table-scroll">
            <table class="grid-table matrix-numbers" data-testid=testid>
                <caption>{caption}</caption>
                <thead><tr><th scope="col">""</th>{(0..names.len()).map(|j| view! { <th scope="col">{format!("#{}", j + 1)}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {names.iter().enumerate().map(|(i, name)| view! {
                        <tr>
                            <th scope="row">{format!("#{} {name}", i + 1)}</th>
                            {(0..names.len()).map(|j| view! { <td>{if i == j { "—".to_string() } else { figure(m[i][j]) }}</td> }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

fn departments(w: &Workshop, round: &Round, c: &Disclosed) -> AnyView {
    let agreement = match c.agreement {
        Some(a) => format!("Kendall's W = {a:.2}: {} between the departments' orders (1 is full agreement, 0 none).", agreement_words(a)),
        None => "Agreement between departments needs results from at least two departments.".to_string(),
    };
    let n = round.goals.len();
    view! {
        <h4>"Per department"</h4>
        <p data-testid="agreement">{agreement}</p>
        {c.merged.then(|| view! {
            <p class="hint" data-testid="groups-merged">
                {format!("This round is anonymous: departments with fewer than {MIN_GROUP} ballots are shown together as “Other departments”, so no one's ballot can be singled out.")}
            </p>
        })}
        <div class="department-orders" data-testid="department-orders">
            {c.groups.iter().map(|(group, r)| {
                let name = group.label(w);
                view! {
                    <div class="department-order">
                        <h5>{format!("{name} ({} ballot(s))", r.ballots)}</h5>
                        <ol>
                            {r.order.iter().flatten().map(|g| view! { <li>{w.title_of(*g)}</li> }).collect_view()}
                        </ol>
                    </div>
                }
            }).collect_view()}
        </div>
        <h5>"Where departments disagree most"</h5>
        <table class="grid-table" data-testid="divergence">
            <thead><tr><th scope="col">"Goal"</th><th scope="col">"Divergence"</th></tr></thead>
            <tbody>
                {c.divergence.iter().take(n.min(8)).map(|(g, d)| view! {
                    <tr><td>{w.title_of(*g)}</td><td>{format!("{:.0}%", d * 100.0)}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
        <p class="hint">"Divergence: how far apart the departments place a goal, from 0% (same place everywhere) to 100% (first for one department, last for another)."</p>
    }
    .into_any()
}

fn named_ballots(w: &Workshop, round: &Round) -> AnyView {
    view! {
        <h4>"Ballots (named round)"</h4>
        <table class="grid-table" data-testid="named-ballots">
            <thead><tr><th scope="col">"Participant"</th><th scope="col">"Ballot"</th></tr></thead>
            <tbody>
                {round.ballots.iter().map(|(p, b)| {
                    let name = w.participant(*p).map(|p| p.name.clone()).unwrap_or_default();
                    let text = match &b.ballot {
                        Ballot::Ranking(order) => order.iter().enumerate().map(|(i, g)| format!("{}. {}", i + 1, w.title_of(*g))).collect::<Vec<_>>().join("  "),
                        Ballot::Dots(m) | Ballot::Scores(m) => m.iter().map(|(g, v)| format!("{}: {v}", w.title_of(*g))).collect::<Vec<_>>().join(" · "),
                    };
                    view! { <tr data-testid="named-ballot"><td>{name}</td><td>{text}</td></tr> }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
