//! Native tests of the core's features: the workshop file, the demo, the schema.
//! (The model's own rules are tested beside it in `src/domain/model/tests.rs`.)

mod alignment;
mod codec;
mod conflicts;
mod demo;
mod diff;
mod exports;
mod files;
mod history;
mod own_devices;
mod parity;
mod restore;
mod room;
mod runoff_save;
mod roundtrip;
mod schema;
mod stored;
mod support;
mod tally;
mod voting;
mod disclosure;
mod room_phone;
mod sharing;
mod scan_station;
mod share;
mod guide;
mod issue14_layout;

mod map_layout;
mod viewer;
mod order;
