//! Filing review (备案审查) of normative documents: filed, reviewed as compliant or needing correction,
//! and corrected.

use chrono::NaiveDate;
use qinglian_api::oversight::v1::{self as pb, DocumentState};
use qinglian_domain::directory::DirectoryPeer;
use qinglian_kit::auth::Reach;
use qinglian_kit::clock::Clock;
use qinglian_store::filter::{FieldType, FilterField};
use qinglian_store::page::{self, ListRequest, ListSpec};
use qinglian_store::{Begun, Change, MutationContext, Store};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::directory::require_unit;
use crate::entities::normative_document;
use crate::error::OversightError;

/// Protobuf name of a normative document.
pub const DOCUMENT: &str = "qinglian.oversight.v1.NormativeDocument";

/// A validated document to file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentFields {
    /// Title in book-title marks.
    pub title: String,
    /// The body that issued it.
    pub issuing_body: String,
    /// The document number, or empty.
    pub document_number: String,
    /// The committee whose filing review it is in; checked in the directory when filed.
    pub organisation_unit_id: String,
    /// The day it was filed.
    pub filing_date: NaiveDate,
}

/// A validated review of a filed document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewFields {
    /// Whether the document complies; otherwise it needs correction.
    pub compliant: bool,
    /// The review's opinion; never empty when a correction is needed.
    pub opinion: String,
    /// The day of the review.
    pub review_date: NaiveDate,
}

/// A validated correction of a document that needed one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorrectionFields {
    /// How it was corrected.
    pub correction: String,
    /// The day of the correction.
    pub correction_date: NaiveDate,
}

fn list_spec() -> ListSpec<normative_document::Column> {
    use normative_document::Column as C;
    let state = FieldType::Enum(|name| DocumentState::from_str_name(name).map(|s| s as i32));
    let field = |name, column, field_type| FilterField {
        name,
        column,
        field_type,
    };
    ListSpec {
        resource: DOCUMENT,
        filter_fields: vec![
            field("state", C::State, state),
            field("issuing_body", C::IssuingBody, FieldType::String),
            field(
                "organisation_unit_id",
                C::OrganisationUnitId,
                FieldType::String,
            ),
            field("filing_date", C::FilingDate, FieldType::Date),
            field("review_date", C::ReviewDate, FieldType::Date),
            field("correction_date", C::CorrectionDate, FieldType::Date),
            field("title", C::Title, FieldType::String),
            field("create_time", C::CreateTime, FieldType::Timestamp),
        ],
        order_fields: vec![
            ("filing_date", C::FilingDate),
            ("create_time", C::CreateTime),
        ],
        default_order: "filing_date",
        id_field: ("id", C::Id),
    }
}

/// The document `id`; NOT_FOUND when there is none.
async fn document(
    conn: &impl ConnectionTrait,
    id: &str,
) -> Result<normative_document::Model, OversightError> {
    normative_document::Entity::find_by_id(id.to_owned())
        .one(conn)
        .await?
        .ok_or_else(|| OversightError::not_found("normative document", id))
}

/// FAILED_PRECONDITION naming the current state unless `row` is in `required`.
fn require_state(
    row: &normative_document::Model,
    required: DocumentState,
    operation: &str,
) -> Result<(), OversightError> {
    if row.state == required as i32 {
        return Ok(());
    }
    let current = DocumentState::try_from(row.state)
        .unwrap_or(DocumentState::Unspecified)
        .as_str_name();
    Err(OversightError::FailedPrecondition {
        reason: "DOCUMENT_STATE",
        message: format!("cannot {operation}: the document is {current}"),
    })
}

/// Filed documents over the service's store, committees checked in the directory.
#[derive(Clone, Debug)]
pub struct Documents {
    store: Store,
    directory: DirectoryPeer,
    clock: Clock,
}

impl Documents {
    /// Documents in `store`, committees checked through `directory`, dates judged by `clock`.
    pub fn new(store: Store, directory: DirectoryPeer, clock: Clock) -> Self {
        Self {
            store,
            directory,
            clock,
        }
    }

    /// Today, for validating dates.
    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    /// Files a document after checking its committee in the directory; it starts FILED, awaiting
    /// review.
    pub async fn file(
        &self,
        context: MutationContext,
        fields: DocumentFields,
    ) -> Result<normative_document::Model, OversightError> {
        require_unit(
            &self.directory,
            "document.organisation_unit_id",
            &fields.organisation_unit_id,
        )
        .await?;
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(row) => return Ok(row),
            Begun::Fresh(mutation) => mutation,
        };
        let now = mutation.now();
        let row = normative_document::Model {
            id: uuid::Uuid::now_v7().to_string(),
            title: fields.title,
            organisation_unit_id: fields.organisation_unit_id,
            issuing_body: fields.issuing_body,
            document_number: fields.document_number,
            filing_date: fields.filing_date,
            state: DocumentState::Filed as i32,
            review_opinion: String::new(),
            review_date: None,
            correction: String::new(),
            correction_date: None,
            version: 1,
            create_time: now,
            update_time: now,
        };
        normative_document::ActiveModel::from(row.clone())
            .insert(mutation.txn())
            .await?;
        let published = pb::NormativeDocument::from(&row);
        mutation
            .record(Change::created(&row.id, &row, &published))
            .await?;
        mutation.commit(&row).await?;
        Ok(row)
    }

    /// Reviews a FILED document: COMPLIANT, or NEEDS_CORRECTION with the opinion. The review day may
    /// not precede the filing (INVALID_ARGUMENT on review_date).
    pub async fn review(
        &self,
        context: MutationContext,
        id: &str,
        review: ReviewFields,
    ) -> Result<normative_document::Model, OversightError> {
        let reviewed = |row: &mut normative_document::Model| {
            if review.review_date < row.filing_date {
                return Err(OversightError::invalid(
                    "review_date",
                    "must not be before the filing date",
                ));
            }
            row.state = if review.compliant {
                DocumentState::Compliant
            } else {
                DocumentState::NeedsCorrection
            } as i32;
            row.review_opinion = review.opinion;
            row.review_date = Some(review.review_date);
            Ok(())
        };
        self.transition(context, id, DocumentState::Filed, "review", reviewed)
            .await
    }

    /// Records the correction of a document that NEEDS_CORRECTION; it becomes CORRECTED. The day may
    /// not precede the review (INVALID_ARGUMENT on correction_date).
    pub async fn record_correction(
        &self,
        context: MutationContext,
        id: &str,
        correction: CorrectionFields,
    ) -> Result<normative_document::Model, OversightError> {
        let corrected = |row: &mut normative_document::Model| {
            if row
                .review_date
                .is_some_and(|reviewed| correction.correction_date < reviewed)
            {
                return Err(OversightError::invalid(
                    "correction_date",
                    "must not be before the review date",
                ));
            }
            row.state = DocumentState::Corrected as i32;
            row.correction = correction.correction;
            row.correction_date = Some(correction.correction_date);
            Ok(())
        };
        let needs = DocumentState::NeedsCorrection;
        self.transition(context, id, needs, "record a correction", corrected)
            .await
    }

    /// Moves document `id` out of state `from` by `change`, in one audited mutation; a replayed request
    /// id returns the first response, whatever the document's state is now.
    async fn transition(
        &self,
        context: MutationContext,
        id: &str,
        from: DocumentState,
        operation: &str,
        change: impl FnOnce(&mut normative_document::Model) -> Result<(), OversightError>,
    ) -> Result<normative_document::Model, OversightError> {
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(row) => return Ok(row),
            Begun::Fresh(mutation) => mutation,
        };
        let before = document(mutation.txn(), id).await?;
        require_state(&before, from, operation)?;
        let mut row = before.clone();
        change(&mut row)?;
        row.version += 1;
        row.update_time = mutation.now();
        normative_document::ActiveModel::from(row.clone())
            .reset_all()
            .update(mutation.txn())
            .await?;
        let published = pb::NormativeDocument::from(&row);
        mutation
            .record(Change::updated(id, &before, &row, &published))
            .await?;
        mutation.commit(&row).await?;
        Ok(row)
    }

    /// One document reviewed by a committee within `reach`; NOT_FOUND when there is none
    /// (PERMISSION_DENIED for a scoped caller).
    pub async fn get(
        &self,
        reach: &Reach,
        id: &str,
    ) -> Result<normative_document::Model, OversightError> {
        let found = document(self.store.conn(), id).await;
        reach.admit(found, |d| vec![d.organisation_unit_id.as_str()])
    }

    /// One page of the documents reviewed by committees within `reach`, and the token for the next.
    pub async fn list(
        &self,
        reach: &Reach,
        request: &ListRequest<'_>,
    ) -> Result<(Vec<normative_document::Model>, String), OversightError> {
        let page = page::list(
            self.store.conn(),
            &list_spec(),
            normative_document::Entity::find()
                .filter(reach.condition(normative_document::Column::OrganisationUnitId)),
            request,
        )
        .await?;
        Ok((page.items, page.next_page_token))
    }
}
