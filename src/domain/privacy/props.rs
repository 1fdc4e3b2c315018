//! Property tests of the gate: generated personal data, written in the ways Unicode allows, is always refused;
//! text without digits or `@` is always accepted.
