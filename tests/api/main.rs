//! Integration tests: the real app over HTTP, on SQLite by default, on PostgreSQL with
//! `GUICHET_TEST_DATABASE_URL=postgres://…/postgres`.
#![allow(clippy::unwrap_used)]
// Test data is drawn in ranges that fit their types.
#![allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap, clippy::cast_sign_loss, clippy::cast_lossless)]

mod brussels_catalog;
mod campaigns;
mod catalog_export;
mod catalog_import;
mod channels;
mod cli_commands;
mod complaints;
mod concurrent_writes;
mod edit_import;
mod editing;
mod editions;
mod editor_pages;
mod editors;
mod errors;
mod exports;
mod feeds;
mod gaps;
mod gaps_page;
mod group_commit;
mod hardening;
mod health;
mod helpers;
mod hsds;
mod instances;
mod institutions;
mod metrics;
mod monitoring;
mod monitoring_sql;
mod observations;
mod openapi;
mod orientation;
mod outage;
mod page_languages;
mod pages;
mod paper_questionnaires;
mod privacy;
mod probes;
mod procedures;
mod read_cache;
mod record_editing;
mod reporters;
mod search;
mod statuses;
mod statuses_records;
mod statuses_writes;
mod suggestions;
mod ways;
mod webhook_crash;
mod webhooks;
