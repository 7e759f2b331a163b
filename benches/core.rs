//! Criterion benchmarks of the core at workshop scale (the demo) and at 2,000 goals.
//! Run with `cargo bench --bench core`; the figures are reported in the closing notes
//! and, from the readiness release on, in PERFORMANCE.md.

use std::hint::black_box;

use accord::domain::demo::{demo_workshop, DEMO_JSON};
use accord::domain::model::{Level, NewGoal};
use accord::domain::sample::generated_workshop;
use accord::domain::wire::{restore, to_json};
use criterion::{criterion_group, criterion_main, Criterion};

fn wire(c: &mut Criterion) {
    let demo = demo_workshop().unwrap();
    let large = generated_workshop(42, 2000);
    let large_json = to_json(&large);
    c.bench_function("restore demo (25 goals)", |b| b.iter(|| restore(black_box(DEMO_JSON.as_bytes())).unwrap()));
    c.bench_function("export demo (25 goals)", |b| b.iter(|| to_json(black_box(&demo))));
    c.bench_function("restore 2,000 goals", |b| b.iter(|| restore(black_box(large_json.as_bytes())).unwrap()));
    c.bench_function("export 2,000 goals", |b| b.iter(|| to_json(black_box(&large))));
}

fn model(c: &mut Criterion) {
    let large = generated_workshop(42, 2000);
    let first_objective = large.children(None)[0];
    c.bench_function("add + remove a goal at 2,000 goals", |b| {
        b.iter_batched_ref(
            || large.clone(),
            |w| {
                let id = w
                    .add_goal(NewGoal {
                        title: "New initiative".into(),
                        level: Level::Initiative,
                        parent: Some(first_objective),
                        department: None,
                    })
                    .unwrap();
                w.remove_goal_subtree(id).unwrap();
            },
            criterion::BatchSize::LargeInput,
        )
    });
    c.bench_function("orphan scan at 2,000 goals", |b| {
        b.iter(|| black_box(&large).goals().iter().filter(|g| !large.traces_to_objective(g.id)).count())
    });
}

criterion_group!(benches, wire, model);
criterion_main!(benches);
