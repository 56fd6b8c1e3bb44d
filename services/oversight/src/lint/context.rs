//! What the lint knows about a draft besides its text: who reports, for which year, in which format,
//! and the figures the records hold.

use serde::{Deserialize, Serialize};

use crate::catalogue::Phrase;

/// What the lint may be told about a draft; every field is optional, and what is missing is inferred
/// from the text or its check skipped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LintContext {
    /// The kind of body that writes the report, as the directory has it; the text's own title or
    /// voice decides first, and when neither names a kind this is taken.
    pub organisation_kind: Option<OrganisationKind>,
    /// The year the report covers; when `None` the year of the title or first sentence is taken.
    pub year: Option<i32>,
    /// The draft is Markdown on purpose: headings, lists and tables are not stray.
    pub markdown: bool,
    /// Figures held by the records, compared with the numbers the draft states in their phrases.
    pub records: Vec<RecordedFigure>,
}

/// The kind of body a report speaks for, which decides how it may refer to itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    /// A government organ or its Party group: 局, 厅, 机关 (本局, 局党组).
    Organ,
    /// A People's Congress standing committee and its organ (常委会党组, 本机关).
    Congress,
    /// A court (本院, 院党组).
    Court,
    /// A procuratorate (本院, 院党组).
    Procuratorate,
    /// A discipline inspection and supervision group stationed in an organ (本组).
    Discipline,
    /// A county or district Party committee (县委, 区委).
    County,
    /// A township Party committee (镇党委, 本镇, 乡党委).
    Township,
    /// A street Party working committee (街道党工委, 本街道).
    Street,
    /// A village or community Party organisation (村党支部, 本村, 社区党委).
    Village,
    /// An enterprise Party committee (公司党委, 本公司).
    Enterprise,
    /// A public institution: a school, a hospital.
    Institution,
}

impl OrganisationKind {
    /// Every kind, in a fixed order.
    pub const ALL: [Self; 11] = [
        Self::Organ,
        Self::Congress,
        Self::Court,
        Self::Procuratorate,
        Self::Discipline,
        Self::County,
        Self::Township,
        Self::Street,
        Self::Village,
        Self::Enterprise,
        Self::Institution,
    ];
}

/// A figure the records hold, with the phrase the catalogue states it in.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedFigure {
    /// How the figure is stated.
    pub phrase: Phrase,
    /// The value the records hold.
    pub value: f64,
}
