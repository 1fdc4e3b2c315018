//! The monitoring figures (being written).
