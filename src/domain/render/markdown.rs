//! A Markdown report: strategy, the agreed tree by priority, a summary per department,
//! the decision log, and what was deferred or rejected.

use std::fmt::Write;

use crate::domain::model::{GoalId, Status, Workshop};

/// Markdown-escapes text that came from people, so a title cannot become a link or a list.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!') {
            out.push('\\');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    out
}

/// Siblings by priority: goals of one round by rank, rounds in the order they were set up
/// (ranks of different rounds are not comparable), goals without a priority last.
fn by_priority(w: &Workshop, mut goals: Vec<GoalId>) -> Vec<GoalId> {
    crate::domain::order::sort_by_key(&mut goals, |g| w.goal(*g).and_then(|g| g.priority).map(|p| (p.round, p.rank)).map_or((1, None), |k| (0, Some(k))));
    goals
}

/// The report shows only what the disclosure policy allows: priorities from revealed
/// rounds, each with its round's name.
pub fn report(w: &Workshop) -> String {
    let w = &crate::domain::disclosure::disclosed(w);
    let mut md = String::new();
    let _ = writeln!(md, "# {}\n", text(if w.title.is_empty() { "Untitled workshop" } else { &w.title }));
    if !w.strategy.trim().is_empty() {
        let _ = writeln!(md, "> {}\n", text(w.strategy.trim()));
    }
    let _ = writeln!(md, "## The agreed goal tree\n");
    let active = |g: GoalId| w.goal(g).is_some_and(|g| !matches!(g.status, Status::Deferred | Status::Rejected));
    fn line(w: &Workshop, md: &mut String, id: GoalId, depth: usize, active: &dyn Fn(GoalId) -> bool) {
        let Some(g) = w.goal(id) else { return };
        let mut facts = vec![g.level.label().to_string()];
        if let Some(p) = g.priority {
            facts.push(match w.round(p.round) {
                Some(r) => format!("priority #{} in “{}”", p.rank, text(&r.name)),
                None => format!("priority #{}", p.rank),
            });
        }
        if let Some(d) = g.department.and_then(|d| w.department(d)) {
            facts.push(text(&d.name));
        }
        if !g.owner.is_empty() {
            facts.push(format!("owner {}", text(&g.owner)));
        }
        facts.push(g.status.wire_name().to_string());
        let _ = writeln!(md, "{}- **{}** ({})", "  ".repeat(depth), text(&g.title), facts.join(", "));
        for child in by_priority(w, w.children(Some(id))) {
            if active(child) {
                line(w, md, child, depth + 1, active);
            }
        }
    }
    for root in by_priority(w, w.children(None)) {
        if active(root) {
            line(w, &mut md, root, 0, &active);
        }
    }
    let _ = writeln!(md, "\n## Departments\n\n| Department | Goals | Agreed | Agreed effort (pw) | Capacity (pw) |\n|---|---|---|---|---|");
    for d in w.departments() {
        let goals: Vec<_> = w.goals().iter().filter(|g| g.department == Some(d.id)).collect();
        let agreed: Vec<_> = goals.iter().filter(|g| g.status == Status::Agreed).collect();
        // Summed wide: u32 efforts cannot wrap a u64 total.
        let effort: u64 = agreed.iter().filter_map(|g| g.effort).map(u64::from).sum();
        let capacity = d.capacity.map(|c| c.to_string()).unwrap_or_else(|| "—".into());
        let _ = writeln!(md, "| {} | {} | {} | {effort} | {capacity} |", text(&d.name), goals.len(), agreed.len());
    }
    let _ = writeln!(md, "\n## Decision log\n");
    if w.decisions().is_empty() {
        let _ = writeln!(md, "No decisions yet.");
    }
    for (i, d) in w.decisions().iter().enumerate() {
        let _ = writeln!(
            md,
            "{}. {} **{}** Why: {} ({})",
            i + 1,
            text(&d.summary),
            text(&d.resolution.describe(w)),
            text(&d.rationale),
            d.at.short()
        );
    }
    for (status, heading) in [(Status::Deferred, "Deferred"), (Status::Rejected, "Rejected")] {
        let goals: Vec<_> = w.goals().iter().filter(|g| g.status == status).collect();
        if !goals.is_empty() {
            let _ = writeln!(md, "\n## {heading}\n");
            for g in goals {
                let _ = writeln!(md, "- {}", text(&g.title));
            }
        }
    }
    md
}

#[cfg(test)]
mod tests {
    use crate::domain::sample::two_heavy_goals;

    /// A department's agreed effort is summed wide (it wrapped, or panicked, as a u32).
    #[test]
    fn department_effort_totals_cannot_wrap() {
        let w = two_heavy_goals(u32::MAX, None);
        let md = super::report(&w);
        assert!(md.contains("| Ops | 2 | 2 | 8589934590 | — |"), "{md}");
    }
}
