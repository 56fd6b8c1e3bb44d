//! Roles a token can carry.

use serde::{Deserialize, Serialize};

/// What a caller may do, coarsely; per-record rules (unit scope, confidential content) come on top.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Everything, everywhere.
    Admin,
    /// The discipline body (纪检): reads confidential talk content, signs off rectifications.
    Discipline,
    /// A leadership-team member.
    Leader,
    /// Enters records within their unit scope.
    Clerk,
    /// Reads only.
    Viewer,
    /// Another Qinglian service calling this one.
    Service,
}

impl Role {
    /// Every role, in the order above.
    pub const ALL: [Role; 6] = [
        Role::Admin,
        Role::Discipline,
        Role::Leader,
        Role::Clerk,
        Role::Viewer,
        Role::Service,
    ];

    /// The role's name as written in tokens and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Discipline => "discipline",
            Role::Leader => "leader",
            Role::Clerk => "clerk",
            Role::Viewer => "viewer",
            Role::Service => "service",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
                format!("unknown role \"{s}\"; one of {}", names.join(", "))
            })
    }
}
