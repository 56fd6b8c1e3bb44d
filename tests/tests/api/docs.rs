//! The operators' guide documents every setting: each key of each service's settings (as the defaults
//! serialise them) is named in `docs/operations.md` with its environment variable.

use std::path::Path;

use serde_json::Value;

/// The dotted keys of `value`'s leaves, e.g. `server.listen`.
fn keys(prefix: &str, value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(fields) => {
            for (name, field) in fields {
                let key = if prefix.is_empty() {
                    name.clone()
                } else {
                    format!("{prefix}.{name}")
                };
                keys(&key, field, out);
            }
        }
        _ => out.push(prefix.to_owned()),
    }
}

#[test]
fn the_operators_guide_names_every_setting_and_its_environment_variable() {
    let guide = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/operations.md"),
    )
    .expect("docs/operations.md");
    let data = Path::new("./data");
    let services = [
        (
            "tasks",
            serde_json::to_value(qinglian_tasks::settings::Settings::defaults(data)),
        ),
        (
            "supervision",
            serde_json::to_value(qinglian_supervision::settings::Settings::defaults(data)),
        ),
        (
            "oversight",
            serde_json::to_value(qinglian_oversight::settings::Settings::defaults(data)),
        ),
    ];
    let mut missing = Vec::new();
    for (service, settings) in services {
        let mut found = Vec::new();
        keys("", &settings.expect("settings serialise"), &mut found);
        assert!(found.len() > 10, "{service}: {found:?}");
        for key in found {
            if !guide.contains(&format!("`{key}`")) {
                missing.push(format!("{service} {key}"));
            }
            let variable = key.to_uppercase().replace('.', "__");
            let named = guide
                .contains(&format!("QINGLIAN_{}__{variable}`", service.to_uppercase()))
                || guide.contains(&format!("QINGLIAN_<S>__{variable}`"));
            if !named {
                missing.push(format!("{service} {key}: environment variable"));
            }
        }
    }
    assert!(missing.is_empty(), "not in docs/operations.md: {missing:?}");
}
