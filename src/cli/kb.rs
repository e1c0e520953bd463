//! `bientap kb`: the registry of officials (knowledge base).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use crate::analysis::analyze;
use crate::registry::draft::Draft;

#[derive(Subcommand)]
pub enum KbCommand {
    /// Draft an `officials.toml` from the articles under a folder: every
    /// person linked to a title, with the dates of the first and last
    /// article that gave it. Prints to standard output unless `--output`.
    Build {
        /// Folder (or file) of articles; folders are searched recursively.
        dir: PathBuf,
        /// Write here instead (atomically: a temporary file, then a rename).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Replace `--output` if it exists.
        #[arg(long, requires = "output")]
        force: bool,
    },
}

pub fn run(command: KbCommand) -> ExitCode {
    match command {
        KbCommand::Build { dir, output, force } => build(&dir, output.as_deref(), force),
    }
}

fn build(dir: &Path, output: Option<&Path>, force: bool) -> ExitCode {
    if let Some(out) = output
        && !force
        && out.exists()
    {
        eprintln!("{}: tệp đã có; thêm --force để ghi đè.", out.display());
        return ExitCode::from(2);
    }
    let mut configs = super::ConfigCache::default();
    let mut draft = Draft::new();
    let mut failed = false;
    for (path, text) in super::load(&[dir.to_path_buf()]) {
        match text {
            Ok(text) => {
                let options = configs.options_for(&path);
                let analysis = analyze(&text, &options);
                draft.add(&path.display().to_string(), &analysis);
            }
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                failed = true;
            }
        }
    }
    let text = draft.to_toml();
    match output {
        None => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            if out
                .write_all(text.as_bytes())
                .and_then(|_| out.flush())
                .is_err()
            {
                return ExitCode::from(2);
            }
        }
        Some(path) => {
            let written = if force {
                super::write_atomically(path, text.as_bytes())
            } else {
                write_new(path, text.as_bytes())
            };
            if let Err(e) = written {
                eprintln!("{}: không ghi được: {e}", path.display());
                return ExitCode::from(2);
            }
            eprintln!(
                "{}: {} người từ {} bài",
                path.display(),
                draft.people(),
                draft.articles()
            );
        }
    }
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes a new file atomically, failing if `path` exists (even if it
/// appeared while we were working): the temporary file is hard-linked to
/// the target, which refuses an existing name, then removed.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = dir.join(format!(".{name}.bientap-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        match std::fs::hard_link(&tmp, path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
            // A file system without hard links: check, then rename.
            Err(_) if !path.exists() => std::fs::rename(&tmp, path),
            Err(e) => Err(e),
        }
    })();
    let _ = std::fs::remove_file(&tmp);
    result
}
