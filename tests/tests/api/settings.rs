//! Settings that cannot slip: every setting of every service, given random values through its
//! environment variable, is either refused at load with one line naming the setting and the
//! variable, or accepted and then started with; nothing panics. And a database that cannot be reached
//! stops start-up within the connect timeout, naming the host and the cause.

use std::path::Path;
use std::time::{Duration, Instant};

use qinglian_kit::clock::Clock;
use qinglian_kit::entry::{Application, Service};
use qinglian_kit::settings::{EnvSource, Settings};
use qinglian_store::Store;
use qinglian_store::connect::ConnectSettings;
use serde_json::Value;

use qinglian_test_support::seeded::{Random, seed};

/// Cases drawn per service.
const CASES: usize = 100;

/// The dotted keys of `value`'s leaves with their default values, e.g. `("server.listen", …)`.
fn leaves(prefix: &str, value: &Value, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(fields) => {
            for (name, field) in fields {
                let key = match prefix.is_empty() {
                    true => name.clone(),
                    false => format!("{prefix}.{name}"),
                };
                leaves(&key, field, out);
            }
        }
        _ => out.push((prefix.to_owned(), value.clone())),
    }
}

/// A random value for a setting whose default is `default`: of its kind (number, duration, address,
/// URL, path) or not, in range or far out of it. Paths stay inside `dir`.
fn value_for(key: &str, default: &Value, dir: &Path, random: &mut Random) -> String {
    let garbage = [
        "", " ", "abc", "-1", "1.5", "９", "[x", "true", "{}", "\u{0}",
    ];
    if key.ends_with("file") || key.ends_with("dir") {
        // A path outside the test's folder would leave files behind; an empty one is refused.
        return match random.chance(4) {
            true => String::new(),
            false => dir
                .join(format!("f{}", random.below(1000)))
                .display()
                .to_string(),
        };
    }
    if random.chance(4) {
        return random.pick(&garbage).to_string();
    }
    match default {
        Value::Number(_) => {
            let (small, large) = (random.range(0, 100), random.range(0, 5000));
            random
                .pick(&[
                    "0".to_owned(),
                    "1".to_owned(),
                    small.to_string(),
                    large.to_string(),
                    u32::MAX.to_string(),
                    "4294967296".to_owned(),
                    "99999999999999999999".to_owned(),
                ])
                .clone()
        }
        Value::String(text) if humantime::parse_duration(text).is_ok() => random
            .pick(&[
                "0s",
                "1ms",
                "50ms",
                "2s",
                "10s",
                "5m",
                "11m",
                "1h",
                "8d",
                "400d",
                "-1s",
                "99999999999999h",
            ])
            .to_string(),
        Value::String(text) if text.parse::<std::net::SocketAddr>().is_ok() => random
            .pick(&[
                "127.0.0.1:0",
                "0.0.0.0:0",
                "[::1]:0",
                "127.0.0.1:99999",
                "256.0.0.1:80",
                "localhost",
            ])
            .to_string(),
        Value::String(_) if key == "database.url" => {
            let file = format!("sqlite://{}/db{}.db", dir.display(), random.below(1000));
            random
                .pick(&[
                    file,
                    "sqlite::memory:".to_owned(),
                    "postgres://nobody@127.0.0.1:1/none".to_owned(),
                    "postgres://".to_owned(),
                    "mysql://x/y".to_owned(),
                    "sqlite://".to_owned(),
                ])
                .clone()
        }
        Value::String(_) => random
            .pick(&[
                "info",
                "warn,qinglian_store=debug",
                "=x=",
                "info,[{",
                "http://127.0.0.1:1",
                "https://collector:4317",
                "ftp://x",
                "text",
                "json",
                "yaml",
                "qinglian",
            ])
            .to_string(),
        _ => random.pick(&garbage).to_string(),
    }
}

/// Draws `CASES` settings of `S`, each default but one or two settings at random, and loads and
/// (when accepted) builds each; panics only when something panicked or a refusal is not one line
/// naming a variable.
async fn random_settings_never_panic<S: Service>(service: &str, random: &mut Random) {
    let dir = tempfile::tempdir().expect("dir");
    let defaults = serde_json::to_value(Settings::<S::Sections>::defaults(dir.path()))
        .expect("settings serialise");
    let mut keys = Vec::new();
    leaves("", &defaults, &mut keys);
    let (mut accepted, mut refused) = (0, 0);
    for case in 0..CASES {
        let mut env = std::collections::HashMap::new();
        for _ in 0..1 + random.below(2) {
            let (key, default) = random.pick(&keys).clone();
            let variable = format!(
                "QINGLIAN_{}__{}",
                service.to_uppercase(),
                key.to_uppercase().replace('.', "__")
            );
            env.insert(variable, value_for(&key, &default, dir.path(), random));
        }
        // Listeners on free ports, unless the case draws them.
        for listener in ["SERVER__LISTEN", "ADMIN__LISTEN"] {
            env.entry(format!("QINGLIAN_{}__{listener}", service.to_uppercase()))
                .or_insert_with(|| "127.0.0.1:0".to_owned());
        }
        let shown = format!("{service} case {case}: {env:?}");
        let loaded = std::panic::catch_unwind(|| {
            Settings::<S::Sections>::load(dir.path(), None, &EnvSource::Map(env.clone()))
        })
        .unwrap_or_else(|_| panic!("loading panicked: {shown}"));
        let settings = match loaded {
            Ok(settings) => settings,
            Err(line) => {
                refused += 1;
                assert!(!line.contains('\n'), "not one line: {line:?} ({shown})");
                assert!(
                    line.contains(&format!("QINGLIAN_{}__", service.to_uppercase())),
                    "names no variable: {line} ({shown})"
                );
                assert!(
                    line.starts_with(&format!("invalid {service} settings")),
                    "{line} ({shown})"
                );
                continue;
            }
        };
        accepted += 1;
        let built = tokio::spawn(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            let built = tokio::time::timeout(
                Duration::from_secs(20),
                Application::<S>::build_with(&settings, listener, Clock::system()),
            )
            .await;
            match built {
                Ok(Ok(app)) => app.store().clone().close().await.map_err(|e| e.to_string()),
                Ok(Err(e)) => Err(format!("{e:#}")),
                Err(_) => panic!("start-up hung"),
            }
        })
        .await;
        match built {
            Ok(Ok(())) => {}
            Ok(Err(line)) => assert!(
                !line.is_empty() && !line.contains('\n'),
                "not one line: {line:?} ({shown})"
            ),
            Err(e) => panic!("start-up panicked ({e}): {shown}"),
        }
    }
    eprintln!("{service}: {accepted} settings accepted and started with, {refused} refused");
    assert!(
        accepted > 0 && refused > 0,
        "{service}: {accepted} accepted, {refused} refused"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_setting_of_any_service_can_cause_a_panic() {
    let seed = seed();
    eprintln!("seed {seed}");
    let mut random = Random(seed);
    random_settings_never_panic::<qinglian_tasks::Tasks>("tasks", &mut random).await;
    random_settings_never_panic::<qinglian_supervision::Supervision>("supervision", &mut random)
        .await;
    random_settings_never_panic::<qinglian_oversight::Oversight>("oversight", &mut random).await;
}

#[test]
fn bad_values_are_refused_naming_the_setting_and_its_variable() {
    let dir = tempfile::tempdir().expect("dir");
    let refused = |pairs: &[(&str, &str)]| {
        let env = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        qinglian_tasks::Settings::load(dir.path(), None, &EnvSource::Map(env)).expect_err("refused")
    };
    let line = refused(&[("QINGLIAN_TASKS__DATABASE__MAX_CONNECTIONS", "0")]);
    assert!(
        line.contains("database.max_connections")
            && line.contains("QINGLIAN_TASKS__DATABASE__MAX_CONNECTIONS"),
        "{line}"
    );
    let line = refused(&[("QINGLIAN_TASKS__LOG__FILTER", "info,[{")]);
    assert!(
        line.contains("log.filter") && line.contains("QINGLIAN_TASKS__LOG__FILTER"),
        "{line}"
    );
    let line = refused(&[("QINGLIAN_TASKS__DATABASE__URL", "mysql://db/tasks")]);
    assert!(line.contains("QINGLIAN_TASKS__DATABASE__URL"), "{line}");
    let line = refused(&[("QINGLIAN_TASKS__WORK__GREEN_DAYS", "5000")]);
    assert!(line.contains("QINGLIAN_TASKS__WORK__GREEN_DAYS"), "{line}");
    let line = qinglian_supervision::Settings::load(
        dir.path(),
        None,
        &EnvSource::Map(
            [(
                "QINGLIAN_SUPERVISION__PEERS__TASKS".to_owned(),
                "tasks:50051".to_owned(),
            )]
            .into(),
        ),
    )
    .expect_err("a peer URL without a scheme");
    assert!(
        line.contains("QINGLIAN_SUPERVISION__PEERS__TASKS"),
        "{line}"
    );
}

#[tokio::test]
async fn an_unreachable_database_stops_start_up_in_time_naming_the_host() {
    let settings = ConnectSettings::default();
    for url in [
        // Nothing listens there: refused at once.
        "postgres://postgres@127.0.0.1:1/tasks",
        // An address that does not answer (or has no route): the connect timeout bounds the wait.
        "postgres://postgres@10.255.255.1:5432/tasks",
    ] {
        let started = Instant::now();
        let error = Store::connect(url, &settings)
            .await
            .expect_err("unreachable")
            .to_string();
        let waited = started.elapsed();
        let host = url
            .split('@')
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .expect("host");
        assert!(error.contains(host), "{error} does not name {host}");
        assert!(
            waited < settings.connect_timeout + Duration::from_secs(1),
            "{url}: waited {waited:?}"
        );
    }
}
