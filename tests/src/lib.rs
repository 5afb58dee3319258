//! Integration tests of the generator and the generated client live in `tests/tests/`.
//!
//! The repository README is included below so that its Rust examples are compiled and run as
//! doctests of this crate.
#![doc = include_str!("../../README.md")]

pub mod capture;
pub mod fixtures;
pub mod ids;
pub mod loopback;
pub mod scratch;
pub mod synth;
