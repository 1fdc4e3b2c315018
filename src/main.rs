// mimalloc gives back what loading frees, and answers the read path's misses faster (src/startup/allocator.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    guichet::startup::main()
}
