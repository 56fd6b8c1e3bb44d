//! What every service opens before it serves: its database, migrated, and the deployment's signing key
//! with its revocation list.

use std::sync::Arc;

use qinglian_store::Store;
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
}

/// Connects to the database, applies the pending migrations of `M`, and loads the signing key (creating
/// it on first start) and the revocation list. Errors are one line naming what failed.
pub async fn open<M: MigratorTrait>(
    database: &DatabaseSettings,
    auth: &AuthSettings,
) -> Result<Opened, String> {
    let revoked = RevokedTokens::load(&auth.revoked_file)?;
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
    })
}
