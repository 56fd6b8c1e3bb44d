//! Compiles every contract under `proto/qinglian` with protox (no system protoc) into prost messages and tonic
//! clients and servers, and writes the descriptor set that server reflection serves.

use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let proto_root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../proto");
    // tonic-prost-build does not watch the folder itself, so new files would otherwise go unnoticed.
    println!("cargo:rerun-if-changed={}", proto_root.display());

    let mut files = Vec::new();
    // The Qinglian contracts; the standard protos beside them (`google/rpc`, `grpc/health`) are there
    // for clients in other languages and are compiled here by the crates that own them.
    collect_protos(&proto_root.join("qinglian"), &mut files)?;
    files.sort();
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
    }

    let descriptors = protox::compile(&files, [&proto_root])?;
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(
        out_dir.join("qinglian_descriptor.bin"),
        prost::Message::encode_to_vec(&descriptors),
    )?;

    std::fs::write(out_dir.join("paged.rs"), paged_impls(&descriptors))?;

    let mut config = prost_build::Config::new();
    config.enable_type_names();
    // Type URLs of packed messages (google.protobuf.Any), as every other gRPC stack writes them.
    config.type_name_domain(["."], "type.googleapis.com");
    tonic_prost_build::configure().compile_fds_with_config(descriptors, config)?;
    Ok(())
}

/// `impl Paged` for every request message with `page_size` and `page_token` (AIP-158), reading its
/// `filter` and `order_by` where it has them, so every List request pages through the same code.
fn paged_impls(descriptors: &prost_types::FileDescriptorSet) -> String {
    let mut out = String::new();
    for file in &descriptors.file {
        let package = file.package();
        let Some(module) = package.strip_prefix("qinglian.") else {
            continue;
        };
        let module = module.replace('.', "::");
        for message in &file.message_type {
            let has = |name: &str| message.field.iter().any(|f| f.name() == name);
            if !message.name().ends_with("Request") || !has("page_size") || !has("page_token") {
                continue;
            }
            let text = |name: &str| {
                if has(name) {
                    format!("&self.{name}")
                } else {
                    "\"\"".to_owned()
                }
            };
            out.push_str(&format!(
                "impl crate::Paged for crate::{module}::{name} {{\n\
                 \x20   fn page_size(&self) -> i32 {{ self.page_size }}\n\
                 \x20   fn page_token(&self) -> &str {{ &self.page_token }}\n\
                 \x20   fn set_page_token(&mut self, token: String) {{ self.page_token = token; }}\n\
                 \x20   fn filter(&self) -> &str {{ {filter} }}\n\
                 \x20   fn order_by(&self) -> &str {{ {order_by} }}\n\
                 }}\n",
                name = message.name(),
                filter = text("filter"),
                order_by = text("order_by"),
            ));
        }
    }
    out
}

fn collect_protos(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_protos(&path, files)?;
        } else if path.extension().is_some_and(|ext| ext == "proto") {
            println!("cargo:rerun-if-changed={}", path.display());
            files.push(path);
        }
    }
    Ok(())
}
