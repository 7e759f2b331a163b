//! A department lead's draft link (`view/#draft=ACD1.…`): the workshop's strategy and
//! company objectives, and the department; the lead drafts the department's goals under
//! the objectives (and initiatives under them), kept on the device, and sends the draft
//! back as a code, a file or a link.

use web_sys::Element;

use super::dom::{attr, child, text};
use super::mine::{self, Sending, Spec};
use crate::domain::model::{Level, Source};
use crate::domain::share::draft_link::DraftInvite;
use crate::domain::share::kept::draft_key;
use crate::domain::share::Under;

pub fn page(main: &Element, invite: DraftInvite, link: &str) {
    let sending = Sending { source: Source::Draft, workshop: invite.workshop.clone(), tag: invite.tag, department: Some(invite.department) };
    let s = mine::load(draft_key(invite.tag, invite.department, link), sending);
    let head = child(main, "header", "v-head");
    text(&head, "p", "v-kicker", "Draft before the workshop");
    attr(&text(&head, "h1", "", &invite.workshop), "data-testid", "workshop-title");
    let kind = text(&head, "p", "v-kind", "Goals of ");
    super::tree::chip(&kind, &invite.department_name, &invite.colour.to_string());
    if !invite.strategy.is_empty() {
        let st = attr(&child(main, "section", "v-strategy"), "aria-label", "Strategy");
        text(&st, "p", "v-kicker", "Strategy");
        attr(&text(&st, "p", "v-strategy-text", &invite.strategy), "data-testid", "strategy");
    }
    let panel = attr(&child(main, "section", "v-personal no-print"), "aria-label", "Your draft");
    mine::panel(&s, &panel);
    let body = attr(&child(main, "section", "v-tree"), "aria-label", "Company objectives");
    if invite.objectives.is_empty() {
        attr(&text(&body, "p", "v-notice", "This draft link lists no company objectives yet; ask the facilitator for a new one."), "data-testid", "no-objectives");
    }
    for o in invite.objectives {
        let a = attr(&child(&body, "article", "v-goal v-objective"), "data-testid", "tree-goal");
        attr(&a, "data-goal-id", &o.id.to_string());
        text(&child(&a, "p", "v-kind"), "span", "v-level", "Company objective");
        let title = text(&a, "p", "v-title", &o.title);
        for (k, v) in [("role", "heading"), ("aria-level", "2"), ("data-testid", "goal-title")] {
            attr(&title, k, v);
        }
        if !o.description.is_empty() {
            text(&a, "p", "v-desc", &o.description);
        }
        let at = child(&a, "div", "");
        let spec = Spec { under: Under::Goal { id: o.id, title: o.title }, under_level: Some(Level::Objective), level: Level::DepartmentGoal, label: "+ Department goal here", owner: true };
        mine::slot(&s, spec, &at);
    }
    mine::render(&s);
}
