//! What every service opens before it serves: its database, migrated, and the deployment's signing key
//! with its revocation list.

use std::sync::Arc;

use qinglian_store::Store;
use qinglian_store::lock::DataLock;
use sea_orm_migration::MigratorTrait;

use crate::auth::{RevokedTokens, TokenKeys, load_or_create_key};
use crate::settings::{AuthSettings, DatabaseSettings};

/// A service's store and keys, ready to serve.
#[derive(Debug)]
pub struct Opened {
    /// The store, with every migration of `M` applied.
    pub store: Store,
    /// The deployment's token keys, refusing the tokens on the revocation list.
    pub keys: Arc<TokenKeys>,
    /// True when this start created the key file (a first start).
    pub key_created: bool,
    /// The hold on the embedded database file, kept while the service runs; None for PostgreSQL.
    pub lock: Option<DataLock>,
}

/// Connects to the database, applies the pending migrations of `M`, and loads the signing key (creating
/// it on first start) and the revocation list. Errors are one line naming what failed.
pub async fn open<M: MigratorTrait>(
    database: &DatabaseSettings,
    auth: &AuthSettings,
) -> Result<Opened, String> {
    let revoked = RevokedTokens::load(&auth.revoked_file)?;
    let lock = DataLock::acquire(&database.url)
        .map_err(|e| format!("cannot open the database: {e}; is the service running already?"))?;
    if let Some(folder) = lock
        .as_ref()
        .and_then(|l| l.interrupted().into_iter().next())
    {
        return Err(format!(
            "a restore of the database was interrupted; the files it replaced are in {}: run the \
             restore again, or move them back and remove the folder",
            folder.display()
        ));
    }
    let store = Store::connect(&database.url, &database.connect_settings())
        .await
        .map_err(|e| format!("cannot open the database: {e}"))?;
    qinglian_store::migrate::run::<M>(store.conn())
        .await
        .map_err(|e| format!("cannot migrate the database: {e}"))?;
    let (secret, key_created) = load_or_create_key(&auth.key_file)?;
    let keys = Arc::new(TokenKeys::from_secret(&secret, &auth.issuer)?.with_revoked(revoked));
    Ok(Opened {
        store,
        keys,
        key_created,
        lock,
    })
}
