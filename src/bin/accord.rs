//! `accord`: the command-line toolkit over Accord's core, for goal trees kept in
//! repositories and pipelines. `accord help` lists the commands.

use std::process::ExitCode;

use accord::domain::render::{csv, diff, goal_tree, markdown, svg};
use accord::domain::disclosure::{self, Hidden};
use accord::domain::tally::{compare, Detail, RoundResult};
use accord::domain::open::{open_file, AccordFile};

const USAGE: &str = "accord — validate, tally, render and diff Accord files

usage:
  accord validate FILE...                     check workshop and goal-tree files
  accord tally FILE [--round ID] [--json] [--audit]
                                              recompute the revealed rounds' results
                                              (--audit: every round, as the file's owner)
  accord render FILE --format md|csv|svg|json the app's renderings (json: agreed goal tree)
  accord diff OLD NEW [--json]                what changed between two goal trees
                                              (workshop files are read as their trees)
exit status: 0 ok, 1 invalid input or failed check, 2 usage error";

fn load(path: &str) -> Result<AccordFile, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: cannot read ({e})"))?;
    open_file(&bytes).map_err(|e| format!("{path}: invalid\n{}", indent(&e.to_string())))
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n")
}

fn as_tree(loaded: AccordFile) -> goal_tree::GoalTreeDoc {
    match loaded {
        AccordFile::GoalTree(t) => *t,
        AccordFile::Workshop(w) => goal_tree::agreed_tree(&w, w.updated),
    }
}

fn validate(files: &[String]) -> ExitCode {
    if files.is_empty() {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    let mut ok = true;
    for path in files {
        match load(path) {
            Ok(AccordFile::Workshop(w)) => println!("{path}: ok (workshop “{}”, {} goals, {} rounds)", w.title, w.goals().len(), w.rounds().count()),
            Ok(AccordFile::GoalTree(t)) => println!("{path}: ok (goal tree of “{}”, {} goals)", t.workshop, goal_tree::all_goals(&t).len()),
            Err(e) => {
                ok = false;
                println!("{e}");
            }
        }
    }
    if ok { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

/// What `tally` shows of a round: the disclosed results (the app's policy), or with
/// `--audit` the whole recount (the file holds every ballot; its owner may recount it).
struct Shown {
    overall: RoundResult,
    agreement: Option<f64>,
    divergence: Vec<(accord::domain::model::GoalId, f64)>,
}

fn tally(path: &str, round: Option<&str>, json: bool, audit: bool) -> ExitCode {
    let w = match load(path) {
        Ok(AccordFile::Workshop(w)) => w,
        Ok(AccordFile::GoalTree(_)) => {
            eprintln!("{path}: a goal tree holds no ballots; tally needs a workshop file");
            return ExitCode::from(1);
        }
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let rounds: Vec<_> = w.rounds().filter(|r| round.is_none_or(|id| r.id.to_string() == id)).collect();
    if rounds.is_empty() {
        eprintln!("{path}: {}", if round.is_some() { "no such round" } else { "no rounds" });
        return ExitCode::from(1);
    }
    let title = |g| w.title_of(g);
    let mut out = Vec::new();
    let mut refused = false;
    for r in rounds {
        let shown = if audit {
            compare(&w, r).map(|c| Shown { overall: c.overall, agreement: c.agreement, divergence: c.divergence }).map_err(Hidden::Uncountable)
        } else {
            disclosure::results(&w, r).map(|d| Shown { overall: d.overall, agreement: d.agreement, divergence: d.divergence })
        };
        let c = match shown {
            Ok(c) => c,
            Err(Hidden::Uncountable(e)) => {
                eprintln!("{path}: round {} “{}”: {e}", r.id, r.name);
                refused = true;
                continue;
            }
            Err(hidden) => {
                // Nothing of it: the same rule as the app, its exports and `render`.
                if json {
                    out.push(serde_json::json!({ "round": r.id.to_string(), "name": r.name, "hidden": hidden.to_string() }));
                } else {
                    println!("Round {} “{}” ({}, {}): {hidden} (--audit recounts it)", r.id, r.name, r.method.label(), r.status.label());
                }
                continue;
            }
        };
        if json {
            out.push(serde_json::json!({
                "round": r.id.to_string(),
                "name": r.name,
                "method": r.method.label(),
                "ballots": c.overall.ballots,
                "order": c.overall.order.iter().map(|t| t.iter().map(ToString::to_string).collect::<Vec<_>>()).collect::<Vec<_>>(),
                "headline": c.overall.headline.iter().map(|(g, v)| (g.to_string(), *v)).collect::<std::collections::BTreeMap<_, _>>(),
                // The same figures exactly, as fractions in lowest terms ("7/2"): the order
                // was decided on these.
                "headline_exact": c.overall.exact.iter().map(|(g, v)| (g.to_string(), v.to_string())).collect::<std::collections::BTreeMap<_, _>>(),
                "agreement": c.agreement,
                "divergence": c.divergence.iter().map(|(g, d)| (g.to_string(), *d)).collect::<std::collections::BTreeMap<_, _>>(),
            }));
        } else {
            println!("Round {} “{}” ({}, {} ballots, {})", r.id, r.name, r.method.label(), c.overall.ballots, r.status.label());
            for (place, tier) in c.overall.order.iter().enumerate() {
                for g in tier {
                    let figure = c.overall.headline.get(g).copied().unwrap_or(0.0);
                    let tie = if tier.len() > 1 { " (tie)" } else { "" };
                    println!("  {}{tie}. {} — {figure:.2}", c.overall.rank_of(*g).unwrap_or(place as u32 + 1), title(*g));
                }
            }
            if let Detail::Ranked { .. } = c.overall.detail {
                println!("  (Schulze order; figures are Borda points)");
            }
            if let Some(a) = c.agreement {
                println!("  Kendall's W between departments: {a:.3}");
            }
        }
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&out).expect("json"));
    }
    if refused { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

/// 64 random bits from the standard library's randomly keyed hasher.
fn fresh_seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    std::collections::hash_map::RandomState::new().build_hasher().finish()
}

fn render(path: &str, format: &str) -> ExitCode {
    let w = match load(path) {
        Ok(AccordFile::Workshop(w)) => w,
        Ok(AccordFile::GoalTree(t)) if format == "json" => {
            println!("{}", goal_tree::to_json(&t));
            return ExitCode::SUCCESS;
        }
        Ok(AccordFile::GoalTree(_)) => {
            eprintln!("{path}: render --format {format} needs a workshop file");
            return ExitCode::from(1);
        }
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    match format {
        "md" => print!("{}", markdown::report(&w)),
        // Anonymous voters are numbered in an order shuffled afresh each run (std's
        // per-process random hash keys; no clock, no participant order).
        "csv" => print!("{}", csv::ballots(&w, fresh_seed())),
        "svg" => print!("{}", svg::tree(&w)),
        "json" => println!("{}", goal_tree::to_json(&goal_tree::agreed_tree(&w, w.updated))),
        other => {
            eprintln!("unknown format “{other}”: use md, csv, svg or json");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

fn diff_files(old: &str, new: &str, json: bool) -> ExitCode {
    let (old, new) = match (load(old), load(new)) {
        (Ok(o), Ok(n)) => (as_tree(o), as_tree(n)),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let changes = diff::diff(&old, &new);
    if json {
        println!("{}", serde_json::to_string_pretty(&changes).expect("json"));
    } else if changes.is_empty() {
        println!("no changes");
    } else {
        for c in &changes {
            println!("{c}");
        }
    }
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().any(|a| a == name);
    let value = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).map(String::as_str);
    let positional: Vec<String> = {
        let mut out = Vec::new();
        let mut skip = false;
        for a in args.iter().skip(1) {
            if skip {
                skip = false;
            } else if a == "--round" || a == "--format" {
                skip = true;
            } else if !a.starts_with("--") {
                out.push(a.clone());
            }
        }
        out
    };
    match args.first().map(String::as_str) {
        Some("validate") => validate(&positional),
        Some("tally") if positional.len() == 1 => tally(&positional[0], value("--round"), flag("--json"), flag("--audit")),
        Some("render") if positional.len() == 1 && value("--format").is_some() => render(&positional[0], value("--format").unwrap_or_default()),
        Some("diff") if positional.len() == 2 => diff_files(&positional[0], &positional[1], flag("--json")),
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
