//! Request messages to validated field sets: every violation is collected and named.

use crate::directory::{PersonFields, PersonPatch, UnitFields, UnitPatch};

use qinglian_api::tasks::v1 as pb;
use qinglian_domain::validate::Violations;
use qinglian_kit::status::FieldViolation;

/// Longest unit name.
const UNIT_NAME_MAX: usize = 200;
/// Longest short name.
const SHORT_NAME_MAX: usize = 50;
/// Longest unit code.
const CODE_MAX: usize = 64;
/// Longest person name.
const PERSON_NAME_MAX: usize = 100;
/// Longest position.
const POSITION_MAX: usize = 100;

/// Paths an UpdateUnit mask may name.
pub(crate) const UNIT_MASK_PATHS: &[&str] =
    &["kind", "name", "short_name", "parent_id", "code", "head_id"];

impl UnitFields {
    /// Validates every field of `unit`, naming violations under `prefix` (e.g. `unit`).
    pub fn parse(unit: &pb::Unit, prefix: &str) -> Result<Self, Vec<FieldViolation>> {
        Self::parse_masked(unit, prefix, UNIT_MASK_PATHS)
    }

    /// Validates only the fields in `paths`; the other fields are taken as they are.
    fn parse_masked(
        unit: &pb::Unit,
        prefix: &str,
        paths: &[&str],
    ) -> Result<Self, Vec<FieldViolation>> {
        let mut v = Violations::new();
        let named = |field: &str| format!("{prefix}.{field}");
        if paths.contains(&"kind") {
            v.enumeration(
                &named("kind"),
                unit.kind,
                pb::UnitKind::try_from(unit.kind).is_ok(),
            );
        }
        if paths.contains(&"name") {
            v.text(&named("name"), &unit.name, true, UNIT_NAME_MAX);
        }
        if paths.contains(&"short_name") {
            v.text(
                &named("short_name"),
                &unit.short_name,
                false,
                SHORT_NAME_MAX,
            );
        }
        if paths.contains(&"parent_id") {
            v.id(&named("parent_id"), &unit.parent_id, false);
        }
        if paths.contains(&"code") {
            v.text(&named("code"), &unit.code, false, CODE_MAX);
        }
        if paths.contains(&"head_id") {
            v.id(&named("head_id"), &unit.head_id, false);
        }
        v.finish()?;
        Ok(Self {
            kind: unit.kind,
            name: unit.name.trim().to_owned(),
            short_name: unit.short_name.trim().to_owned(),
            parent_id: non_empty(&unit.parent_id),
            code: non_empty(unit.code.trim()),
            head_id: non_empty(&unit.head_id),
        })
    }
}

impl UnitPatch {
    /// Validates the masked fields of `unit`; an empty mask means every field.
    pub fn parse(
        unit: &pb::Unit,
        mask: Option<&prost_types::FieldMask>,
    ) -> Result<Self, Vec<FieldViolation>> {
        let paths = mask_paths(mask, UNIT_MASK_PATHS)?;
        let mut v = Violations::new();
        v.id("unit.id", &unit.id, true);
        v.finish()?;
        let borrowed: Vec<&str> = paths.iter().map(String::as_str).collect();
        Ok(Self {
            id: unit.id.clone(),
            etag: unit.etag.clone(),
            fields: UnitFields::parse_masked(unit, "unit", &borrowed)?,
            paths,
        })
    }

    /// Whether `path` is to be changed.
    pub fn touches(&self, path: &str) -> bool {
        self.paths.iter().any(|p| p == path)
    }
}

/// Paths an UpdatePerson mask may name.
pub(crate) const PERSON_MASK_PATHS: &[&str] = &[
    "name",
    "unit_id",
    "position",
    "party_member",
    "leading_cadre",
    "leadership_team_member",
];

impl PersonFields {
    /// Validates every field of `person`, naming violations under `prefix`.
    pub fn parse(person: &pb::Person, prefix: &str) -> Result<Self, Vec<FieldViolation>> {
        Self::parse_masked(person, prefix, PERSON_MASK_PATHS)
    }

    fn parse_masked(
        person: &pb::Person,
        prefix: &str,
        paths: &[&str],
    ) -> Result<Self, Vec<FieldViolation>> {
        let mut v = Violations::new();
        let named = |field: &str| format!("{prefix}.{field}");
        if paths.contains(&"name") {
            v.text(&named("name"), &person.name, true, PERSON_NAME_MAX);
        }
        if paths.contains(&"unit_id") {
            v.id(&named("unit_id"), &person.unit_id, true);
        }
        if paths.contains(&"position") {
            v.text(&named("position"), &person.position, false, POSITION_MAX);
        }
        v.finish()?;
        Ok(Self {
            name: person.name.trim().to_owned(),
            unit_id: person.unit_id.clone(),
            position: person.position.trim().to_owned(),
            party_member: person.party_member,
            leading_cadre: person.leading_cadre,
            leadership_team_member: person.leadership_team_member,
        })
    }
}

impl PersonPatch {
    /// Validates the masked fields of `person`; an empty mask means every field.
    pub fn parse(
        person: &pb::Person,
        mask: Option<&prost_types::FieldMask>,
    ) -> Result<Self, Vec<FieldViolation>> {
        let paths = mask_paths(mask, PERSON_MASK_PATHS)?;
        let mut v = Violations::new();
        v.id("person.id", &person.id, true);
        v.finish()?;
        let borrowed: Vec<&str> = paths.iter().map(String::as_str).collect();
        Ok(Self {
            id: person.id.clone(),
            etag: person.etag.clone(),
            fields: PersonFields::parse_masked(person, "person", &borrowed)?,
            paths,
        })
    }

    /// Whether `path` is to be changed.
    pub fn touches(&self, path: &str) -> bool {
        self.paths.iter().any(|p| p == path)
    }
}

/// The paths of an update mask: every allowed path when empty; unknown paths are refused.
pub(super) fn mask_paths(
    mask: Option<&prost_types::FieldMask>,
    allowed: &[&str],
) -> Result<Vec<String>, Vec<FieldViolation>> {
    let paths: Vec<String> = match mask {
        Some(mask) if !mask.paths.is_empty() => mask.paths.clone(),
        _ => allowed.iter().map(|p| (*p).to_owned()).collect(),
    };
    let mut v = Violations::new();
    for path in &paths {
        if !allowed.contains(&path.as_str()) {
            v.add(
                "update_mask",
                format!("cannot update \"{path}\"; allowed: {}", allowed.join(", ")),
            );
        }
    }
    v.finish()?;
    Ok(paths)
}

/// Validates a list of IDs for a batch read.
pub fn batch_ids(ids: &[String]) -> Result<(), Vec<FieldViolation>> {
    let mut v = Violations::new();
    if ids.is_empty() {
        v.add("ids", "is required");
    }
    if ids.len() > qinglian_store::page::MAX_PAGE_SIZE as usize {
        v.add(
            "ids",
            format!("at most {} ids", qinglian_store::page::MAX_PAGE_SIZE),
        );
    }
    for (i, id) in ids.iter().enumerate() {
        v.id(&format!("ids[{i}]"), id, true);
    }
    v.finish()
}

fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}
