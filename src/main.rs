fn main() -> std::process::ExitCode {
    bientap::cli::main()
}
