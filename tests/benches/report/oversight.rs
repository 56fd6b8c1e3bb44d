//! Bulk loading of the oversight records.

#[allow(clippy::wildcard_imports)]
use super::*;

/// The oversight records; returns the rows inserted.
pub(crate) async fn load_oversight(store: &Store, units: &Units, sizes: Sizes) -> usize {
    let now = qinglian_store::time::now();
    let mut loader = Loader::new(store);
    let mut activity_ids = Vec::with_capacity(sizes.activities);
    let mut committees = Vec::with_capacity(sizes.activities);
    for batch in batches(sizes.activities) {
        let mut activities = Vec::with_capacity(INSERT_ROWS);
        let mut laws = Vec::new();
        for i in batch {
            let activity_id = id();
            let kind = OVERSIGHT_KINDS[i % OVERSIGHT_KINDS.len()];
            let inspection = kind == OversightKind::LawEnforcementInspection;
            activities.push(oversight_activity::ActiveModel::from(
                oversight_activity::Model {
                    id: activity_id.clone(),
                    kind: kind as i32,
                    subject: if inspection {
                        OversightSubject::Unspecified
                    } else {
                        SUBJECTS[(i / OVERSIGHT_KINDS.len()) % SUBJECTS.len()]
                    } as i32,
                    title: format!("监督事项{i}"),
                    meeting: format!("第{}次常委会会议", i % 60 + 1),
                    date: two_years(i, 71),
                    related_activity_id: String::new(),
                    organisation_unit_id: units.pick(i, 72).to_owned(),
                    version: 1,
                    create_time: now,
                    update_time: now,
                },
            ));
            if inspection {
                let first = (i / OVERSIGHT_KINDS.len()) % LAWS;
                for (position, law) in [first, (first + 7) % LAWS].into_iter().enumerate() {
                    laws.push(activity_law::ActiveModel::from(activity_law::Model {
                        activity_id: activity_id.clone(),
                        position: position as i32,
                        law_title: format!("《地方性法规第{}号》", law + 1),
                    }));
                }
            }
            activity_ids.push(activity_id);
            committees.push(units.pick(i, 72).to_owned());
        }
        loader.insert(activities).await;
        loader.insert(laws).await;
    }
    let every = (sizes.activities / sizes.opinions.max(1)).max(1);
    for batch in batches(sizes.opinions.min(sizes.activities)) {
        let rows: Vec<deliberation_opinion::ActiveModel> = batch
            .map(|j| {
                let state = [
                    OpinionState::Sent,
                    OpinionState::Handled,
                    OpinionState::Voted,
                ][j % 3];
                let sent = two_years(j, 81);
                let handled = state != OpinionState::Sent;
                let voted = state == OpinionState::Voted;
                deliberation_opinion::Model {
                    id: id(),
                    activity_id: activity_ids[j * every].clone(),
                    organisation_unit_id: committees[j * every].clone(),
                    addressee_unit_id: units.pick(j, 82).to_owned(),
                    overall_assessment: format!("审议意见{j}"),
                    state: state as i32,
                    signed_by: "常委会主任".into(),
                    sent_date: Some(sent),
                    handling_deadline: Some(sent + Days::new(60)),
                    handling_report: if handled {
                        "已按审议意见整改".into()
                    } else {
                        String::new()
                    },
                    handling_report_date: handled.then(|| sent + Days::new(50)),
                    satisfied: if voted { 30 + (j % 10) as i32 } else { 0 },
                    basically_satisfied: if voted { 5 } else { 0 },
                    unsatisfied: if voted { (j % 3) as i32 } else { 0 },
                    vote_date: voted.then(|| sent + Days::new(80)),
                    version: 1,
                    create_time: now,
                    update_time: now,
                }
                .into()
            })
            .collect();
        loader.insert(rows).await;
    }
    for batch in batches(sizes.documents) {
        let rows: Vec<normative_document::ActiveModel> = batch
            .map(|k| {
                let state = [
                    DocumentState::Filed,
                    DocumentState::Compliant,
                    DocumentState::NeedsCorrection,
                    DocumentState::Corrected,
                ][k % 4];
                let filing_date = two_years(k, 91);
                let reviewed = state != DocumentState::Filed;
                let corrected = state == DocumentState::Corrected;
                normative_document::Model {
                    id: id(),
                    title: format!("规范性文件{k}"),
                    organisation_unit_id: units.pick(k, 92).to_owned(),
                    issuing_body: "市人民政府".into(),
                    document_number: format!("政发〔{}〕{}号", filing_date.format("%Y"), k + 1),
                    filing_date,
                    state: state as i32,
                    review_opinion: if reviewed {
                        "符合上位法".into()
                    } else {
                        String::new()
                    },
                    review_date: reviewed.then(|| filing_date + Days::new(30)),
                    correction: if corrected {
                        "已修改第三条".into()
                    } else {
                        String::new()
                    },
                    correction_date: corrected.then(|| filing_date + Days::new(60)),
                    version: 1,
                    create_time: now,
                    update_time: now,
                }
                .into()
            })
            .collect();
        loader.insert(rows).await;
    }
    loader.finish().await
}
