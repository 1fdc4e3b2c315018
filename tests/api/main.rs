//! Integration tests: the real app over HTTP, on SQLite by default, on PostgreSQL with
//! `GUICHET_TEST_DATABASE_URL=postgres://…/postgres`.

mod brussels_catalog;
mod catalog_import;
mod channels;
mod complaints;
mod editions;
mod errors;
mod exports;
mod feeds;
mod gaps;
mod health;
mod helpers;
mod hsds;
mod instances;
mod institutions;
mod monitoring;
mod observations;
mod openapi;
mod orientation;
mod pages;
mod paper_questionnaires;
mod procedures;
