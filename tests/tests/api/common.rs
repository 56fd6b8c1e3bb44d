//! Helpers shared by the integration tests.

use qinglian_api::tasks::v1 as pb;
use tonic::{Code, Status};
use tonic_types::StatusExt;

pub use qinglian_test_support::records::{Directory, create_person, create_unit, unit};

/// Asserts `result` failed with `code` and returns the status.
pub fn expect_code<T: std::fmt::Debug>(result: Result<T, Status>, code: Code) -> Status {
    match result {
        Ok(value) => panic!("expected {code:?}, got {value:?}"),
        Err(status) => {
            assert_eq!(status.code(), code, "{status:?}");
            let details = status.get_error_details();
            let info = details
                .error_info()
                .unwrap_or_else(|| panic!("no ErrorInfo on {status:?}"));
            assert!(
                !info.reason.is_empty() && !info.domain.is_empty(),
                "{info:?}"
            );
            status
        }
    }
}

/// The fields named by the BadRequest violations of an INVALID_ARGUMENT.
pub fn violated_fields<T: std::fmt::Debug>(result: Result<T, Status>) -> Vec<String> {
    let status = expect_code(result, Code::InvalidArgument);
    status
        .get_error_details()
        .bad_request()
        .map(|b| b.field_violations.iter().map(|v| v.field.clone()).collect())
        .unwrap_or_default()
}

/// Every unit, following pages.
pub async fn all_units(client: &mut Directory, filter: &str) -> Vec<pb::Unit> {
    let first = pb::ListUnitsRequest {
        page_size: 100,
        filter: filter.to_owned(),
        ..Default::default()
    };
    qinglian_kit::client::all_pages(first, |request| {
        let mut client = client.clone();
        async move {
            let page = client.list_units(request).await?.into_inner();
            Ok::<_, tonic::Status>((page.units, page.next_page_token))
        }
    })
    .await
    .unwrap_or_else(|e| panic!("list units: {e:?}"))
}

/// Applies the migrations of `M` before the one called `name`, runs `rows`, then the rest.
pub async fn around_migration<M: sea_orm_migration::MigratorTrait>(
    store: &qinglian_store::Store,
    name: &str,
    rows: &[String],
) {
    let before = M::migrations()
        .iter()
        .position(|m| m.name() == name)
        .unwrap_or_else(|| panic!("no migration {name}"));
    M::up(store.conn(), Some(u32::try_from(before).expect("count")))
        .await
        .expect("migrate to before");
    for sql in rows {
        sea_orm::ConnectionTrait::execute_unprepared(store.conn(), sql)
            .await
            .expect(sql);
    }
    M::up(store.conn(), None).await.expect("migrate");
}
