//! Revealed results as a room reads them: the winner (or the tie) as the headline, bars in
//! rank order with ties grouped, each department's order side by side with disagreements
//! marked, then "How this was computed" (pairwise heat map, strongest paths, Borda,
//! divergence) once, and (named rounds) each ballot. What is shown comes from
//! `domain::results_view`, built through the disclosure policy.

use leptos::prelude::*;

use crate::domain::model::{RoundId, Workshop};
use crate::domain::disclosure::{self, Disclosed, Hidden, MIN_GROUP};
use crate::domain::results_view::{self, Headline, ResultsView};
use crate::domain::tally::Detail;
use crate::domain::voting::{Ballot, Round, Secrecy, Weighting};
use crate::ui::state::AppState;
use crate::ui::widgets::read;

use results_view::figure;

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
            Some((disclosure::results(w, round), round.clone(), crate::domain::conflicts::detect(w, &w.conflict_settings)))
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
            {move || data.get().map(|(c, round, detected)| state.workshop.with(|w| {
                let Some(w) = w.as_ref() else { return ().into_any() };
                let c = match c {
                    Ok(c) => c,
                    Err(Hidden::Uncountable(refusal)) => return view! { <p class="notice error" role="alert" data-testid="tally-refused">{refusal.to_string()}</p> }.into_any(),
                    Err(hidden) => return view! { <p class="notice" data-testid="results-withheld">{hidden.to_string()}</p> }.into_any(),
                };
                let v = results_view::build(w, &round, &c, results_view::DEFAULT_GAP, &detected);
                view! {
                    {overall(&v)}
                    {departments(&c, &v)}
                    {explanation(w, &round, &c)}
                    {(round.secrecy == Secrecy::Named).then(|| named_ballots(w, &round))}
                }.into_any()
            }))}
        </section>
    }
}

fn overall(v: &ResultsView) -> AnyView {
    let kind = match v.headline {
        Headline::Winner { .. } => "winner",
        Headline::Tie { .. } => "tie",
        Headline::NoBallots => "none",
    };
    // Consecutive bars of one rank form a group (a tie when there are several).
    let mut tiers: Vec<Vec<&results_view::Bar>> = Vec::new();
    for bar in &v.bars {
        match tiers.last_mut() {
            Some(tier) if tier[0].rank == bar.rank => tier.push(bar),
            _ => tiers.push(vec![bar]),
        }
    }
    view! {
        <p class="results-headline" data-testid="results-headline" data-headline=kind>{v.headline.sentence()}</p>
        <h4>{format!("Overall order ({} ballot(s))", v.ballots)}</h4>
        <ol class="result-bars" data-testid="result-order" aria-label=format!("{} per goal, best first", v.figure_name)>
            {tiers.into_iter().map(|tier| {
                let tied = tier.len() > 1;
                view! {
                    <li class="result-tier" class:tied=tied data-testid="result-tier">
                        {tied.then(|| view! { <span class="tie-label">{format!("Tied at {}", tier[0].rank)}</span> })}
                        <ol class="result-tier-rows" role="list">
                            {tier.into_iter().map(|bar| view! {
                                <li class="result-row" data-testid="result-row">
                                    <span class="rank-badge" data-testid="result-rank">
                                        {bar.rank.to_string()}
                                        {bar.tied.then(|| view! { <span class="tie-note">" (tie)"</span> })}
                                    </span>
                                    <span class="result-label" data-testid="result-goal">{bar.title.clone()}</span>
                                    <span class="result-track" aria-hidden="true">
                                        <span class="result-bar" style=format!("width: {:.1}%", bar.share * 100.0)></span>
                                    </span>
                                    <span class="result-value">{bar.figure.clone()}</span>
                                </li>
                            }).collect_view()}
                        </ol>
                    </li>
                }
            }).collect_view()}
        </ol>
        <p class="hint">{format!("Bars: {}.", v.figure_name.to_lowercase())}</p>
    }
    .into_any()
}

fn explanation(w: &Workshop, round: &Round, c: &Disclosed) -> AnyView {
    let r = &c.overall;
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
            <div class="table-scroll">
                <table class="grid-table" data-testid="score-stats">
                    <thead><tr><th scope="col">"Goal"</th><th scope="col">"Mean"</th><th scope="col">"Median"</th><th scope="col">"Spread"</th><th scope="col">"Scored by"</th></tr></thead>
                    <tbody>
                        {r.goals.iter().map(|g| { let s = stats[g]; view! {
                            <tr><td>{w.title_of(*g)}</td><td>{format!("{:.2}", s.mean)}</td><td>{figure(s.median)}</td><td>{format!("{:.2}", s.spread)}</td><td>{s.count}</td></tr>
                        }}).collect_view()}
                    </tbody>
                </table>
            </div>
        }.into_any(),
        Detail::Ranked { schulze, borda } => {
            let names: Vec<String> = r.goals.iter().map(|g| w.title_of(*g)).collect();
            let n = names.len();
            let pairwise = crate::domain::tally::schulze::figures(&schulze.pairwise, r.scale);
            let strongest = crate::domain::tally::schulze::figures(&schulze.strongest, r.scale);
            view! {
                <p>
                    "Schulze method. Each cell of the pairwise matrix says how many voters prefer the row's goal to the column's (a ranked goal beats every unranked one; unranked goals tie); the darker the cell, the more voters. "
                    "A goal beats another when its strongest path of such majorities to it is stronger than the path back; the order follows, and ties stay ties. "
                    "Borda points (first place " {n.saturating_sub(1)} " points, then one less per place) order the goals within a tie, and are the bars' figures."
                </p>
                <div data-testid="pairwise-heatmap">{matrix_table("Pairwise preferences (row over column)", &names, &pairwise, "pairwise", true)}</div>
                {matrix_table("Strongest paths", &names, &strongest, "strongest", false)}
                <div class="table-scroll">
                    <table class="grid-table" data-testid="borda">
                        <caption>"Borda points"</caption>
                        <thead><tr><th scope="col">"Goal"</th><th scope="col">"Borda points"</th></tr></thead>
                        <tbody>{r.goals.iter().enumerate().map(|(i, g)| view! { <tr><td>{w.title_of(*g)}</td><td>{figure(borda[i])}</td></tr> }).collect_view()}</tbody>
                    </table>
                </div>
            }.into_any()
        }
    };
    let n = round.goals.len();
    let agreement = match c.agreement {
        Some(a) => format!("Kendall's W = {a:.2}: {} between the departments' orders (1 is full agreement, 0 none).", agreement_words(a)),
        None => "Agreement between departments needs results from at least two departments.".to_string(),
    };
    view! {
        <details class="explanation" data-testid="explanation">
            <summary>"How this was computed"</summary>
            <p>{weighting}</p>
            {body}
            <h5>"Agreement between departments"</h5>
            <p data-testid="agreement">{agreement}</p>
            <div class="table-scroll">
                <table class="grid-table" data-testid="divergence">
                    <caption>"Divergence per goal"</caption>
                    <thead><tr><th scope="col">"Goal"</th><th scope="col">"Divergence"</th></tr></thead>
                    <tbody>
                        {c.divergence.iter().take(n.min(8)).map(|(g, d)| view! {
                            <tr><td>{w.title_of(*g)}</td><td>{format!("{:.0}%", d * 100.0)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p class="hint">"Divergence: how far apart the departments place a goal, from 0% (same place everywhere) to 100% (first for one department, last for another)."</p>
        </details>
    }
    .into_any()
}

/// A goals × goals matrix as a table; `heat`: each cell shaded by its share of the largest.
fn matrix_table(caption: &'static str, names: &[String], m: &[Vec<f64>], testid: &'static str, heat: bool) -> AnyView {
    let max = m.iter().flatten().copied().fold(0.0_f64, f64::max).max(1e-9);
    view! {
        <div class="table-scroll">
            <table class="grid-table matrix-numbers" class:heat-table=heat data-testid=testid>
                <caption>{caption}</caption>
                <thead><tr><th scope="col">""</th>{(0..names.len()).map(|j| view! { <th scope="col">{format!("#{}", j + 1)}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {names.iter().enumerate().map(|(i, name)| view! {
                        <tr>
                            <th scope="row">{format!("#{} {name}", i + 1)}</th>
                            {(0..names.len()).map(|j| {
                                let style = (heat && i != j).then(|| format!("--heat: {:.2}", (m[i][j] / max).clamp(0.0, 1.0)));
                                view! { <td style=style>{if i == j { "—".to_string() } else { figure(m[i][j]) }}</td> }
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

fn departments(c: &Disclosed, v: &ResultsView) -> AnyView {
    view! {
        <h4>"Per department"</h4>
        {c.merged.then(|| view! {
            <p class="hint" data-testid="groups-merged">
                {format!("This round is anonymous: departments with fewer than {MIN_GROUP} ballots are shown together as “Other departments”, so no one's ballot can be singled out.")}
            </p>
        })}
        <div class="department-orders" data-testid="department-orders">
            {v.departments.iter().map(|column| view! {
                <div class="department-order" data-testid="department-column">
                    <h5>{format!("{} ({} ballot(s))", column.label, column.ballots)}</h5>
                    <ol role="list">
                        {column.entries.iter().map(|e| view! {
                            <li class="dept-entry" class:disagrees=e.disagrees data-testid="dept-entry">
                                <span class="rank-badge">{e.rank.to_string()}</span>
                                <span class="dept-title">{e.title.clone()}</span>
                                {e.disagrees.then(|| view! {
                                    <span class="disagree-note" data-testid="disagree-note">{format!("overall {}", e.overall_rank)}</span>
                                })}
                            </li>
                        }).collect_view()}
                    </ol>
                </div>
            }).collect_view()}
        </div>
        {(!v.disagreements.is_empty()).then(|| view! {
            <h5>"Where departments disagree"</h5>
            <ul class="disagreements" data-testid="disagreements">
                {v.disagreements.iter().map(|d| view! {
                    <li class:detected=d.detected data-testid="disagreement">
                        {d.detected.then(|| view! { <span class="chip">"On the Resolve board"</span> })}
                        " " {d.text.clone()}
                    </li>
                }).collect_view()}
            </ul>
        })}
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
