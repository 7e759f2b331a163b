//! Input-to-paint measures in the browser's Performance timeline (issue #17): a mark
//! `<name>-start` when an input is handled, and a measure `<name>` from it to the first
//! task after the next animation frame, that is once the frame showing the change has
//! been laid out and painted. `tests/perf/edit-times.mjs` prints them; nothing asserts
//! on them (speed is measured, never tested). Names in use: `accord-edit` (a goal's text
//! field changed), `accord-undo`, `accord-expand-all`.

use std::time::Duration;

use leptos::prelude::*;

/// Marks `<name>-start` now and measures `<name>` after the next painted frame. Only the
/// newest measure of each name is kept, so a long workshop does not fill the timeline.
pub fn measure_to_paint(name: &'static str) {
    let Some(performance) = window().performance() else { return };
    let start = format!("{name}-start");
    if performance.mark(&start).is_err() {
        return;
    }
    request_animation_frame(move || {
        set_timeout(
            move || {
                let Some(performance) = window().performance() else { return };
                performance.clear_measures_with_measure_name(name);
                let _ = performance.measure_with_start_mark(name, &start);
                performance.clear_marks_with_mark_name(&start);
            },
            Duration::ZERO,
        );
    });
}
