//! API tests: the real application router over a real database, one test binary.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed test setup should panic loudly

mod helpers;
mod input;
mod matrix;
mod openapi;
mod screening;
mod serve;
mod tidy;
mod workflow;
