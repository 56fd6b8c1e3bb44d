//! The container files, checked statically (no container engine is needed): the compose file parses,
//! names only images built here or pinned public ones, files that exist, ports that match what each
//! service listens on and peers that exist; its environment, laid over each service's example config,
//! loads as that service's settings (with its metrics on the admin port it publishes); the Dockerfile
//! builds every binary into a non-root image with a health check.

use qinglian_kit::settings::ServiceSection;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use qinglian_kit::settings::{ConfigFiles, EnvSource};
use serde_yaml_ng::Value;

fn deploy() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../deploy")
}

fn compose() -> Value {
    let text = std::fs::read_to_string(deploy().join("compose.yaml")).expect("compose.yaml");
    let mut value: Value = serde_yaml_ng::from_str(&text).expect("compose.yaml parses");
    value.apply_merge().expect("merge keys resolve");
    value
}

fn text(value: &Value) -> &str {
    value
        .as_str()
        .unwrap_or_else(|| panic!("not a string: {value:?}"))
}

/// The service's environment with `${NAME:?…}` filled in, as compose would with the operator's values.
fn environment(service: &Value) -> HashMap<String, String> {
    service["environment"]
        .as_mapping()
        .map(|env| {
            env.iter()
                .map(|(k, v)| {
                    let value = text(v).replace(
                        "${QINGLIAN_DB_PASSWORD:?set QINGLIAN_DB_PASSWORD}",
                        "secret",
                    );
                    assert!(!value.contains("${"), "unfilled variable in {value}");
                    (text(k).to_owned(), value)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Where a container's admin listener (metrics and health) listens: every interface, on the
/// service's default admin port.
fn admin_address(service: &str) -> std::net::SocketAddr {
    let port = match service {
        "tasks" => <qinglian_tasks::settings::TasksSections as ServiceSection>::ADMIN_PORT,
        "supervision" => {
            <qinglian_supervision::settings::SupervisionSections as ServiceSection>::ADMIN_PORT
        }
        "oversight" => {
            <qinglian_oversight::settings::OversightSections as ServiceSection>::ADMIN_PORT
        }
        other => panic!("unexpected service {other}"),
    };
    std::net::SocketAddr::from(([0, 0, 0, 0], port))
}

#[test]
fn the_compose_file_names_only_what_exists_and_each_service_loads_its_settings() {
    let compose = compose();
    let services = compose["services"].as_mapping().expect("services");
    let names: BTreeSet<&str> = services.keys().map(text).collect();
    assert_eq!(
        names,
        BTreeSet::from(["oversight", "postgres", "supervision", "tasks"])
    );
    let mut host_ports = BTreeSet::new();
    let mut listening: HashMap<String, String> = HashMap::new();
    for (name, service) in services {
        let name = text(name);
        let image = text(&service["image"]);
        if image == "qinglian:latest" {
            let dockerfile = text(&service["build"]["dockerfile"]);
            assert!(
                deploy().join("..").join(dockerfile).is_file(),
                "{dockerfile}"
            );
        } else {
            assert_eq!(
                image, "postgres:15-bookworm",
                "{name}: only pinned public images"
            );
        }
        for volume in service["volumes"].as_sequence().into_iter().flatten() {
            let source = text(volume).split(':').next().unwrap_or_default();
            if source.starts_with("./") {
                assert!(deploy().join(source).exists(), "{name}: {source} exists");
            }
        }
        let env = environment(service);
        let listen = |key: &str| {
            env.iter()
                .find(|(k, _)| k.ends_with(key))
                .map(|(_, v)| v.clone())
        };
        let mut published = BTreeSet::new();
        for port in service["ports"].as_sequence().into_iter().flatten() {
            let (host, container) = text(port).split_once(':').expect("host:container");
            assert!(
                host_ports.insert(host.to_owned()),
                "host port {host} used twice"
            );
            published.insert(format!("0.0.0.0:{container}"));
        }
        if !published.is_empty() {
            // The gRPC port and the admin port (metrics and health), both published.
            let grpc =
                listen("__SERVER__LISTEN").expect("a service with ports says where it listens");
            let admin = listen("__ADMIN__LISTEN").expect("and where its metrics are served");
            assert_eq!(published, BTreeSet::from([grpc.clone(), admin]), "{name}");
            let port = grpc
                .rsplit_once(':')
                .map(|(_, p)| p.to_owned())
                .unwrap_or_default();
            listening.insert(name.to_owned(), port);
        }
    }
    for (name, service) in services {
        let name = text(name);
        if name == "postgres" {
            continue;
        }
        let command: Vec<&str> = service["command"]
            .as_sequence()
            .expect("command")
            .iter()
            .map(text)
            .collect();
        assert_eq!(
            command,
            [
                format!("qinglian-{name}").as_str(),
                "--config-dir",
                "/etc/qinglian"
            ],
            "{name} reads its file from the image's /etc/qinglian"
        );
        // The image's /etc/qinglian is deploy/config (the Dockerfile copies it).
        let files = ConfigFiles::dir(deploy().join("config"));
        assert!(
            files.file_of(name).expect("config folder").is_some(),
            "deploy/config/{name}.toml"
        );
        let env = environment(service);
        for (key, value) in &env {
            if key.contains("__PEERS__") {
                let (peer, port) = value
                    .strip_prefix("http://")
                    .and_then(|v| v.split_once(':'))
                    .expect("http://name:port");
                assert_eq!(listening.get(peer).map(String::as_str), Some(port), "{key}");
            }
        }
        let data = Path::new("/var/lib/qinglian");
        let env = EnvSource::Map(env);
        let (loaded, admin) = match name {
            "tasks" => qinglian_tasks::settings::Settings::load_from(data, &files, &env)
                .map(|s| (s.database.url, s.admin.listen)),
            "supervision" => {
                qinglian_supervision::settings::Settings::load_from(data, &files, &env)
                    .map(|s| (s.database.url, s.admin.listen))
            }
            "oversight" => qinglian_oversight::settings::Settings::load_from(data, &files, &env)
                .map(|s| (s.database.url, s.admin.listen)),
            other => panic!("unexpected service {other}"),
        }
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            loaded,
            format!("postgres://qinglian:secret@postgres:5432/{name}")
        );
        assert_eq!(admin, admin_address(name), "{name}: admin.listen");
        let probe: Vec<&str> = service["healthcheck"]["test"]
            .as_sequence()
            .expect("healthcheck")
            .iter()
            .map(text)
            .collect();
        assert_eq!(&probe[1..5], ["qinglian", "check", "--only", name]);
    }
    let ignored = std::fs::read_to_string(deploy().join("secrets/.gitignore")).expect(".gitignore");
    for (_, secret) in compose["secrets"].as_mapping().expect("secrets") {
        let file = text(&secret["file"]);
        let name = file
            .strip_prefix("./secrets/")
            .expect("secrets come from deploy/secrets");
        assert!(
            ignored.lines().any(|l| l == name),
            "{name} stays out of the repository"
        );
    }
    assert!(deploy().join("secrets/README.md").is_file());
    let init = std::fs::read_to_string(deploy().join("postgres/init-databases.sql")).expect("init");
    for database in ["tasks", "supervision", "oversight"] {
        assert!(
            init.contains(&format!("CREATE DATABASE {database} ")),
            "{database}"
        );
    }
}

#[test]
fn the_image_holds_every_binary_runs_unprivileged_and_checks_its_health() {
    let dockerfile = std::fs::read_to_string(deploy().join("Dockerfile")).expect("Dockerfile");
    for binary in [
        "qinglian",
        "qinglian-tasks",
        "qinglian-supervision",
        "qinglian-oversight",
    ] {
        assert!(
            dockerfile.contains(&format!("--bin {binary} "))
                || dockerfile.contains(&format!("--bin {binary}\n")),
            "{binary} is built"
        );
        assert!(
            dockerfile.contains(&format!("/build/target/release/{binary} ")),
            "{binary} is copied"
        );
    }
    assert!(dockerfile.contains("\nUSER 10001:10001\n"));
    assert!(dockerfile.contains("HEALTHCHECK") && dockerfile.contains("\"qinglian\", \"check\""));
    assert!(
        dockerfile.contains("cargo chef cook"),
        "dependencies in their own layer"
    );
    let settings = dockerfile
        .find("COPY .cargo/ .cargo/")
        .expect("build settings copied");
    assert!(
        settings < dockerfile.find("cargo chef cook").expect("cook step"),
        "dependencies are cooked with the build settings (.cargo/config.toml)"
    );
    for line in dockerfile.lines().filter(|l| l.starts_with("FROM ")) {
        let image = line.split_whitespace().nth(1).unwrap_or_default();
        assert!(
            image.contains(':') && !image.ends_with(":latest")
                || ["chef", "planner"].contains(&image),
            "pinned base image: {line}"
        );
    }
    assert!(
        deploy().join("config").is_dir(),
        "COPY deploy/config/ exists"
    );
}

/// Every document of a multi-document YAML file under deploy/k8s.
fn manifests(file: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(deploy().join("k8s").join(file)).expect("manifest");
    serde_yaml_ng::Deserializer::from_str(&text)
        .map(|document| {
            <Value as serde::Deserialize>::deserialize(document).expect("manifest parses")
        })
        .collect()
}

#[test]
fn the_kubernetes_deployments_match_the_settings_they_run_with() {
    let config = &manifests("config.yaml")[0]["data"];
    for (name, port) in [
        ("tasks", 50051),
        ("supervision", 50052),
        ("oversight", 50053),
    ] {
        let prefix = format!("QINGLIAN_{}__", name.to_uppercase());
        let setting = |key: &str| text(&config[format!("{prefix}{key}").as_str()]).to_owned();
        assert_eq!(setting("SERVER__LISTEN"), format!("0.0.0.0:{port}"));
        let admin = admin_address(name);
        assert_eq!(setting("ADMIN__LISTEN"), admin.to_string());
        let drain = humantime::parse_duration(&setting("SERVER__SHUTDOWN_GRACE")).expect("grace");
        let documents = manifests(&format!("{name}.yaml"));
        let kinds: Vec<&str> = documents.iter().map(|d| text(&d["kind"])).collect();
        assert_eq!(
            kinds,
            [
                "Deployment",
                "Service",
                "PodDisruptionBudget",
                "HorizontalPodAutoscaler"
            ]
        );
        let deployment = &documents[0]["spec"];
        assert_eq!(deployment["replicas"].as_u64(), Some(2));
        let pod = &deployment["template"]["spec"];
        let grace = pod["terminationGracePeriodSeconds"]
            .as_u64()
            .expect("grace");
        assert!(
            grace > drain.as_secs(),
            "{name}: termination outlasts the drain"
        );
        assert_eq!(pod["securityContext"]["runAsNonRoot"].as_bool(), Some(true));
        let container = &pod["containers"][0];
        assert_eq!(container["ports"][0]["containerPort"].as_u64(), Some(port));
        assert_eq!(text(&container["ports"][1]["name"]), "admin");
        assert_eq!(
            container["ports"][1]["containerPort"].as_u64(),
            Some(u64::from(admin.port())),
            "{name}: the admin port is the one it listens on"
        );
        let annotations = &deployment["template"]["metadata"]["annotations"];
        assert_eq!(text(&annotations["prometheus.io/scrape"]), "true");
        assert_eq!(
            text(&annotations["prometheus.io/port"]),
            admin.port().to_string()
        );
        assert_eq!(text(&annotations["prometheus.io/path"]), "/metrics");
        for probe in ["readinessProbe", "livenessProbe"] {
            assert_eq!(
                container[probe]["grpc"]["port"].as_u64(),
                Some(port),
                "{probe}"
            );
        }
        assert!(
            !container["resources"]["limits"].is_null(),
            "{name}: limits"
        );
        assert_eq!(
            documents[1]["spec"]["ports"][0]["port"].as_u64(),
            Some(port)
        );
    }
    // Peers are reached through the Services.
    assert_eq!(
        text(&config["QINGLIAN_OVERSIGHT__PEERS__SUPERVISION"]),
        "http://qinglian-supervision:50052"
    );
}

/// The revocation list reaches every service as a mounted file that changes in place: in compose the
/// `revoked_tokens` secret from deploy/secrets (kept out of the repository), in Kubernetes the
/// optional ConfigMap `qinglian-revoked-tokens` mounted as a folder (a subPath mount would never see
/// an update).
#[test]
fn the_revocation_list_is_mounted_where_each_service_reads_it() {
    let compose = compose();
    let config = &manifests("config.yaml")[0]["data"];
    for name in ["tasks", "supervision", "oversight"] {
        let key = format!("QINGLIAN_{}__AUTH__REVOKED_FILE", name.to_uppercase());
        let service = &compose["services"][name];
        let file = environment(service).remove(&key).expect("compose sets it");
        let secret = file
            .strip_prefix("/run/secrets/")
            .expect("a compose secret");
        let secrets = service["secrets"].as_sequence().expect("secrets");
        assert!(
            secrets.iter().any(|s| text(s) == secret),
            "{name}: {secret}"
        );
        assert_eq!(
            text(&compose["secrets"][secret]["file"]),
            "./secrets/revoked-tokens"
        );

        let file = text(&config[key.as_str()]);
        let (folder, _) = file.rsplit_once('/').expect("a path");
        let pod = &manifests(&format!("{name}.yaml"))[0]["spec"]["template"]["spec"];
        let mounts = pod["containers"][0]["volumeMounts"]
            .as_sequence()
            .expect("mounts");
        let mount = mounts
            .iter()
            .find(|m| text(&m["mountPath"]) == folder)
            .unwrap_or_else(|| panic!("{name}: nothing mounted at {folder}"));
        assert!(mount["subPath"].is_null(), "{name}: a folder mount");
        let volume = pod["volumes"]
            .as_sequence()
            .expect("volumes")
            .iter()
            .find(|v| v["name"] == mount["name"])
            .expect("the mounted volume");
        assert_eq!(
            text(&volume["configMap"]["name"]),
            "qinglian-revoked-tokens"
        );
        assert_eq!(volume["configMap"]["optional"].as_bool(), Some(true));
    }
}

/// The variables the image sets (its `ENV` instruction, continued over lines).
fn image_environment() -> HashMap<String, String> {
    let dockerfile = std::fs::read_to_string(deploy().join("Dockerfile")).expect("Dockerfile");
    let joined = dockerfile.replace("\\\n", " ");
    joined
        .lines()
        .filter_map(|line| line.strip_prefix("ENV "))
        .flat_map(|pairs| pairs.split_whitespace())
        .filter_map(|pair| pair.split_once('='))
        .map(|(key, value)| (key.to_owned(), value.to_owned()))
        .collect()
}

#[test]
fn the_image_listens_on_every_interface_and_reads_the_config_folder_by_default() {
    let env = image_environment();
    assert_eq!(
        env.get("QINGLIAN_CONFIG_DIR").map(String::as_str),
        Some("/etc/qinglian")
    );
    let files = ConfigFiles::dir(deploy().join("config"));
    let data = Path::new("/var/lib/qinglian");
    let env = EnvSource::Map(env);
    let listening = [
        qinglian_tasks::Settings::load_from(data, &files, &env)
            .map(|s| (s.server, s.admin, s.database, s.auth)),
        qinglian_supervision::Settings::load_from(data, &files, &env)
            .map(|s| (s.server, s.admin, s.database, s.auth)),
        qinglian_oversight::Settings::load_from(data, &files, &env)
            .map(|s| (s.server, s.admin, s.database, s.auth)),
    ];
    let ports = [(50051, 9091), (50052, 9092), (50053, 9093)];
    let services = ["tasks", "supervision", "oversight"];
    for ((loaded, (port, admin_port)), service) in listening.into_iter().zip(ports).zip(services) {
        let (server, admin, database, auth) = loaded.expect("the image's settings load");
        // The data stays in the image's data folder (its volume), where it has always been.
        assert_eq!(
            database.url,
            format!("sqlite:///var/lib/qinglian/{service}.db")
        );
        assert_eq!(auth.key_file, data.join("auth.key"));
        assert_eq!(auth.revoked_file, data.join("revoked-tokens"));
        assert!(server.listen.ip().is_unspecified(), "{}", server.listen);
        assert_eq!(server.listen.port(), port);
        assert!(admin.listen.ip().is_unspecified(), "{}", admin.listen);
        assert_eq!(admin.listen.port(), admin_port);
    }
}

#[test]
fn the_compose_file_uses_only_keys_both_compose_implementations_accept() {
    let compose = compose();
    let top: BTreeSet<&str> = compose
        .as_mapping()
        .expect("a mapping")
        .keys()
        .map(text)
        .collect();
    // Debian's docker-compose (1.29) refuses `name`; both accept these and `x-` extensions.
    let accepted = ["services", "volumes", "secrets", "networks", "configs"];
    for key in top {
        assert!(
            accepted.contains(&key) || key.starts_with("x-"),
            "top-level `{key}` is not accepted by every compose implementation"
        );
    }
}
