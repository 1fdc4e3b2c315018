fn main() -> std::process::ExitCode {
    guichet::startup::main()
}
