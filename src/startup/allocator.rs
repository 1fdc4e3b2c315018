//! The memory allocator's settings: the binary allocates with mimalloc (`src/main.rs`; the library's tests and
//! fuzz targets keep the system's, which sanitizers can see), set to give back to the system what the read model's
//! loading frees. Without mimalloc as the allocator, the option it sets is never read and changes nothing.
//!
//! Loading a Belgium-scale database allocates and frees a lot at once on two threads. glibc's malloc kept about
//! 50 MiB of those freed blocks resident among the blocks the read model keeps, even after `malloc_trim`.
//! mimalloc purges a freed page at once (`purge_delay` 0), and its arenas are committed as they are used
//! (`MI_DEFAULT_ARENA_EAGER_COMMIT=0`, given when it is compiled: `.cargo/config.toml`). Misses on the read path
//! were faster with it too, in the same run (BENCHMARKS.md).

use libmimalloc_sys as ffi;

/// `mi_option_purge_delay` in mimalloc 3's `mimalloc.h` (the crate's constants are mimalloc 2's numbering).
const PURGE_DELAY: ffi::mi_option_t = 15;

/// Called first in `main`, before any other thread: freed pages go back to the system without delay. mimalloc
/// reads an option when it first needs it; `MIMALLOC_PURGE_DELAY` in the environment still takes precedence.
#[allow(unsafe_code)]
pub fn configure() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: mi_option_set only stores an option's value; no other thread runs yet.
        unsafe { ffi::mi_option_set(PURGE_DELAY, 0) }
    }
}
