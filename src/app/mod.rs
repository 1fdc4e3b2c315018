//! The use cases every door shares — the API (`api/`), the pages (`web/`) and the command line (`cli.rs`) only
//! translate their input into these and the results into their format. Each takes typed input and returns typed
//! output or an `AppError`; none knows which door called it.
//!
//! | file | use case |
//! |---|---|
//! | `state.rs`, `context.rs` | what a running service shares; "now" and the Brussels date of an answer |
//! | `input.rs`, `error.rs` | reading fields and parameters so every bad value is named; what can go wrong |
//! | `catalog.rs` | importing the catalog files, building and previewing the read model |
//! | `observe.rs`, `paper.rs` | recording an observation (API, form, paper questionnaires) |
//! | `group_commit.rs` | the writers that commit concurrent observations together |
//! | `complain.rs` | filing and following a complaint |
//! | `edit.rs`, `stated.rs`, `suggest.rs` | editing the catalog (API and pages: what an editor states on a page is its own source), suggestions from the field |
//! | `reporters.rs`, `passwords.rs` | named reporters of an organisation and their sign-in; Argon2id passwords |
//! | `people.rs` | what every named person shares (created, listed, revoked, new links, by role), and editors with their institutions |
//! | `orient.rs` | reading the orientation question |
//! | `outbound/` | the one HTTP client for calls outside guichet, and what it may reach |
//! | `gaps.rs`, `monitoring.rs`, `editions.rs` | compliance results, monitoring figures, frozen editions |
//! | `sync.rs` | applying other instances' writes (PostgreSQL) |
//! | `cache.rs` | the response cache of the reads, their `ETag`s and `Cache-Control` |
//! | `ratelimit.rs`, `http.rs` | per-client limits, the client address of a request |
//! | `bearer.rs` | bearer tokens checked lately, believed for a few seconds |
//! | `config.rs`, `telemetry.rs` | settings from the environment, logging |
//! | `webhooks/` | webhook subscriptions, their delivery log and re-sends; the delivery worker |
//! | `probes/` | probes of online channels: a round, its writes, the recent probes of a channel; the scheduler |
//! | `synth/` | Belgium-scale synthetic data for benchmarks |

pub mod audit;
pub mod bearer;
pub mod cache;
pub mod catalog;
pub mod complain;
pub mod config;
pub mod context;
pub mod edit;
pub mod edit_channel_create;
pub mod edit_records;
pub mod editions;
pub mod error;
pub mod gaps;
pub mod group_commit;
pub mod http;
pub mod input;
pub mod metrics;
pub mod monitoring;
pub mod observe;
pub mod orient;
pub mod outbound;
pub mod paper;
pub mod passwords;
pub mod people;
pub mod probes;
#[cfg(test)]
mod props;
pub mod ratelimit;
pub mod reporters;
pub mod state;
pub mod stated;
pub mod suggest;
pub mod sync;
pub mod synth;
pub mod telemetry;
pub mod verify;
pub mod webhooks;

pub use context::{Ctx, brussels_date};
pub use error::{AppError, FieldError};
pub use state::AppState;
