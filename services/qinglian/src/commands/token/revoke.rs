//! `qinglian token revoke (--token T | --id ID --expires TIME) [--note N]`: appends a line to the
//! revocation file in place (so a file bind-mounted into containers stays the same file), after
//! checking that the token is one of this deployment's, so a typo cannot revoke nothing silently.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, bail};
use qinglian_kit::auth::revoked::{self, Revocation, format_expiry, parse_expiry};
use qinglian_kit::auth::{TokenKeys, VerifyError, load_key};
use qinglian_kit::settings::AuthSettings;

/// Which token to revoke.
#[derive(Debug, clap::Args)]
pub struct RevokeArgs {
    /// The token itself; its signature is checked and its id and expiry are read from it.
    #[arg(long, required_unless_present = "id", conflicts_with_all = ["id", "expires"])]
    token: Option<String>,
    /// The token's id (`id:` printed by `token issue`), when the token itself is not at hand.
    #[arg(long, requires = "expires")]
    id: Option<String>,
    /// The token's expiry, RFC 3339 or unix seconds (`expires:` printed by `token issue`); the line
    /// matters until then.
    #[arg(long, requires = "id", value_parser = parse_expiry)]
    expires: Option<i64>,
    /// Why, kept on the line (e.g. a ticket number).
    #[arg(long)]
    note: Option<String>,
}

/// The header written into a new revocation file.
const HEADER: &str = "\
# Revoked tokens (auth.revoked_file): one a line, `<token id> <expiry> [note]`, the expiry in RFC 3339
# or unix seconds; `#` starts a comment. Written by `qinglian token revoke`; running services re-read
# this file within seconds of a change. Lines of expired tokens may be deleted.
";

/// Revokes the token named by `args` in `auth.revoked_file`.
pub fn run(auth: &AuthSettings, args: RevokeArgs) -> anyhow::Result<ExitCode> {
    let (id, expires) = match (args.token, args.id, args.expires) {
        (Some(token), _, _) => match identify(auth, token.trim())? {
            Some(found) => found,
            None => {
                println!("the token has already expired; nothing to revoke");
                return Ok(ExitCode::SUCCESS);
            }
        },
        (None, Some(id), Some(expires)) => (id, expires),
        _ => bail!("give --token, or --id with --expires"),
    };
    if id.is_empty() || id.contains(char::is_whitespace) || id.starts_with('#') {
        bail!("--id «{id}» is not a token id");
    }
    if expires < chrono::Utc::now().timestamp() {
        println!(
            "token {id} expired at {}; nothing to revoke",
            format_expiry(expires)
        );
        return Ok(ExitCode::SUCCESS);
    }
    let path = &auth.revoked_file;
    if read_list(path)?.contains_key(&id) {
        println!("token {id} is already revoked; nothing changed");
        return Ok(ExitCode::SUCCESS);
    }
    append(
        path,
        &revoked::line(&id, expires, args.note.as_deref().unwrap_or_default()),
    )?;
    println!(
        "revoked token {id} (expires {}) in {}",
        format_expiry(expires),
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The id and expiry of `token` when it is signed with this deployment's key; None when it expired.
fn identify(auth: &AuthSettings, token: &str) -> anyhow::Result<Option<(String, i64)>> {
    let secret = load_key(&auth.key_file).map_err(anyhow::Error::msg)?;
    let keys = TokenKeys::from_secret(&secret, &auth.issuer).map_err(anyhow::Error::msg)?;
    match keys.verify(token) {
        Ok(claims) => Ok(Some((claims.jti, claims.exp))),
        Err(VerifyError::Expired) => Ok(None),
        Err(VerifyError::Invalid | VerifyError::Revoked) => bail!(
            "the token is not signed with the key in {} (auth.key_file) for issuer {}; nothing revoked",
            auth.key_file.display(),
            auth.issuer
        ),
    }
}

/// The revoked tokens in force in the file at `path` (none when it does not exist).
pub fn read_list(path: &Path) -> anyhow::Result<HashMap<String, Revocation>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    revoked::parse(&text, chrono::Utc::now().timestamp()).map_err(|e| {
        anyhow::anyhow!(
            "revocation file {} (auth.revoked_file), {e}; fix it first",
            path.display()
        )
    })
}

/// Appends `line` to the file in place, creating it (with a header) and its folder when missing.
fn append(path: &Path, line: &str) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let existing = std::fs::read(path).unwrap_or_default();
    let mut text = String::new();
    if existing.is_empty() {
        text.push_str(HEADER);
    } else if !existing.ends_with(b"\n") {
        text.push('\n');
    }
    text.push_str(line);
    text.push('\n');
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))
}
