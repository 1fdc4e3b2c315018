//! Observed reachability of a channel (being written).
