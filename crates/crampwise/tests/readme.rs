//! The README's "Use from Rust" program is this crate's example, and runs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

// The example's `main` is `pub` so this test can call it; as a program it is
// the crate root, where the lint does not apply.
#[path = "../examples/use_from_rust.rs"]
#[allow(unreachable_pub)]
mod use_from_rust;

#[test]
fn the_readme_shows_the_example_as_it_is() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let example = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/use_from_rust.rs"),
    )
    .unwrap();
    assert!(
        readme.contains(&format!("```rust\n{example}```")),
        "README.md's \"Use from Rust\" block differs from examples/use_from_rust.rs"
    );
    assert!(readme.contains("crampwise = { path = "));
}

#[test]
fn the_example_runs() {
    use_from_rust::main().unwrap();
}
