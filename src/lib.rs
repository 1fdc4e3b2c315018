//! guichet: where and how to carry out a Brussels public procedure without the internet, and whether that
//! channel works today. See ARCHITECTURE.md for the layers: `domain` ← `import` ← `store` ← `catalog` ← `app` ←
//! {`api`, `web`, `cli`} ← `startup`.

pub mod api;
pub mod app;
pub mod catalog;
pub mod cli;
pub mod domain;
pub mod import;
pub mod startup;
pub mod store;
pub mod web;
