// The facilitator's wasm (`accord-web`) is split into modules loaded on demand
// (scripts/split-wasm.sh, run by trunk after its build): the splitter needs the linker's
// relocations, so they are kept in that binary only. Other targets and binaries are built
// exactly as before.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("TARGET").as_deref() == Ok("wasm32-unknown-unknown") {
        println!("cargo:rustc-link-arg-bin=accord-web=--emit-relocs");
    }
}
