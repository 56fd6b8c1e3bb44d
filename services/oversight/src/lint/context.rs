//! What the lint knows about a draft besides its text: who reports, for which year, and the counts the
//! records hold.

use serde::{Deserialize, Serialize};

/// What the lint may be told about a draft; every field is optional, and what is missing is inferred
/// from the text or its check skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LintContext {
    /// The kind of body that writes the report; when `None` the kind whose names the text uses most
    /// is taken, and when no kind dominates the organisation check is skipped.
    pub organisation_kind: Option<OrganisationKind>,
    /// The year the report covers; when `None` the first year stated in the first sentence (as in
    /// `2023年以来`) is taken, and when there is none the future-year check is skipped.
    pub year: Option<i32>,
    /// Counts held by the records, compared with the counts the draft states.
    pub records: Vec<RecordedCount>,
}

/// The kind of body a report speaks for, which decides how it may refer to itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    /// A state or party organ: 机关, 局, 委员会, 人大常委会, 党组.
    Organ,
    /// An enterprise: 公司, 企业, 集团.
    Company,
    /// A public institution: 学校, 医院.
    PublicInstitution,
}

impl OrganisationKind {
    /// Every kind, in a fixed order.
    pub const ALL: [Self; 3] = [Self::Organ, Self::Company, Self::PublicInstitution];
}

/// A count the records hold, as the draft would state it: `value` + `measure_word` + `noun`, e.g.
/// 2 + 次 + 专题询问.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedCount {
    /// The measure word the draft uses for this count: 次, 部, 件, 个.
    pub measure_word: String,
    /// What is counted, as the draft names it: 专题询问, 法律法规, 规范性文件, 专题调研.
    pub noun: String,
    /// The count the records hold.
    pub value: i64,
}

impl RecordedCount {
    /// A recorded count of `value` `noun`s counted with `measure_word`.
    pub fn new(measure_word: impl Into<String>, noun: impl Into<String>, value: i64) -> Self {
        Self {
            measure_word: measure_word.into(),
            noun: noun.into(),
            value,
        }
    }
}
