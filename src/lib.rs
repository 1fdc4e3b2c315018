//! guichet: where and how to carry out a Brussels public procedure without the internet, and whether that
//! channel works today. See ARCHITECTURE.md for the layers.

pub mod api;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod domain;
pub mod import;
pub mod ratelimit;
pub mod startup;
pub mod store;
pub mod sync;
pub mod synth;
pub mod telemetry;
pub mod web;
