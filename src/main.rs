fn main() -> std::process::ExitCode {
    guichet::cli::run()
}
