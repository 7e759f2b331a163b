use accord::domain::demo::demo_workshop;
use accord::domain::model::{Level, LinkKind};
use accord::domain::wire::to_json;

#[test]
fn the_demo_is_a_realistic_annual_planning_workshop() {
    let demo = demo_workshop().expect("the shipped demo restores without problems");
    assert_eq!(demo.departments().len(), 5);
    assert_eq!(demo.participants().len(), 12);
    assert_eq!(demo.goals().len(), 25);
    for level in Level::ALL {
        assert!(demo.goals().iter().any(|g| g.level == level), "the demo has a {level}");
    }
    let links = demo.links();
    assert!(links.iter().any(|(_, kind, _)| *kind == LinkKind::ConflictsWith));
    // A dependency chain of at least three goals: checkout → billing engine → event pipeline.
    let chain = links.iter().filter(|(a, kind, b)| {
        *kind == LinkKind::DependsOn && links.iter().any(|(c, k2, _)| *k2 == LinkKind::DependsOn && c == b) && a != b
    });
    assert!(chain.count() >= 1, "a dependency chain of three goals");
    assert!(!petgraph::algo::is_cyclic_directed(&dependency_graph(&demo)), "the demo's dependencies do not loop");
    // A revealed ranked round with eleven ballots (the CEO observes) gave priorities.
    let round = demo.rounds().next().expect("the demo has a round");
    assert_eq!(round.status, accord::domain::voting::RoundStatus::Revealed);
    assert_eq!(round.ballots.len(), 11);
    assert_eq!(demo.goals().iter().filter(|g| g.priority.is_some()).count(), round.goals.len());
    // The recorded priorities are what the ballots say.
    let result = accord::domain::tally::tally_round(&demo, round, round.weighting, None).unwrap();
    for g in &round.goals {
        assert_eq!(demo.goal(*g).unwrap().priority.map(|p| p.rank), result.rank_of(*g));
    }
    // One goal is an orphan, so a newcomer sees the flag.
    assert_eq!(demo.goals().iter().filter(|g| !demo.traces_to_objective(g.id)).count(), 1);
}

fn dependency_graph(w: &accord::domain::model::Workshop) -> petgraph::graphmap::DiGraphMap<u32, ()> {
    let mut g = petgraph::graphmap::DiGraphMap::new();
    for (a, kind, b) in w.links() {
        if kind == LinkKind::DependsOn {
            g.add_edge(a.0, b.0, ());
        }
    }
    g
}

#[test]
fn the_shipped_demo_file_is_in_canonical_export_form() {
    let demo = demo_workshop().unwrap();
    assert_eq!(to_json(&demo) + "\n", accord::domain::demo::DEMO_JSON);
}

/// The demo ships as a file and is built in the app from rows written from that file
/// (`scripts/demo-rows.mjs`), so a first visit needs no JSON parser. The two must be the
/// same workshop, field for field; if this fails, run `node scripts/demo-rows.mjs`.
#[test]
fn the_demo_is_built_from_its_rows_as_its_file_restores() {
    use accord::domain::demo::DEMO_JSON;
    use accord::domain::wire::restore;
    use accord::domain::wire::stored::restore_stored;
    let restored = restore(DEMO_JSON.as_bytes()).expect("the demo file restores");
    assert_eq!(demo_workshop().unwrap(), restored, "the rows say what the file says (run `node scripts/demo-rows.mjs` after editing the file)");
    assert_eq!(to_json(&demo_workshop().unwrap()), to_json(&restored));
    // The file is stored as it ships on a first visit (`StoredForm::shipped_demo`): that
    // copy loads back to the demo the visitor sees.
    assert_eq!(restore_stored(DEMO_JSON).unwrap(), restored);
}
