//! `/api/openapi.json` describes every `/api/v1` route the router serves, declares every path
//! parameter, and passes an independent OpenAPI 3 validator (openapi-spec-validator, required
//! in CI through FAZHI_REQUIRE_OPENAPI_VALIDATOR).

use serde_json::Value;

use crate::support::{client, server};

async fn document() -> Value {
    let r = client()
        .get(format!("{}/api/openapi.json", server().base))
        .send()
        .await
        .expect("document");
    assert_eq!(r.status(), 200);
    r.json().await.expect("json")
}

#[tokio::test]
async fn every_api_route_is_described() {
    let doc = document().await;
    let routes: Vec<_> = fazhi_web::routes::table()
        .into_iter()
        .filter(|r| r.path.starts_with("/api/v1/"))
        .collect();
    assert!(routes.len() > 14, "only {} api routes?", routes.len());
    for r in &routes {
        let path = r.path.replace("{*", "{");
        let method = r.method.as_str().to_ascii_lowercase();
        let op = doc["paths"][&path][&method].clone();
        assert!(op.is_object(), "{method} {path} missing from the document");
        // Every {name} of the template is declared as a required path parameter.
        for name in path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        {
            let declared = op["parameters"]
                .as_array()
                .map(|ps| {
                    ps.iter()
                        .any(|p| p["name"] == name && p["in"] == "path" && p["required"] == true)
                })
                .unwrap_or(false)
                || doc["paths"][&path]["parameters"]
                    .as_array()
                    .is_some_and(|ps| ps.iter().any(|p| p["name"] == name));
            assert!(
                declared,
                "{method} {path}: path parameter {name} not declared"
            );
        }
    }
}

#[tokio::test]
async fn the_document_passes_an_openapi_validator() {
    let have = std::process::Command::new("python3")
        .args(["-c", "import openapi_spec_validator"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        assert!(
            std::env::var("FAZHI_REQUIRE_OPENAPI_VALIDATOR").is_err(),
            "FAZHI_REQUIRE_OPENAPI_VALIDATOR set but openapi-spec-validator missing"
        );
        eprintln!("openapi-spec-validator not installed: validation skipped");
        return;
    }
    let doc = document().await;
    let path = std::env::temp_dir().join(format!("fazhi-openapi-{}.json", std::process::id()));
    std::fs::write(&path, serde_json::to_vec(&doc).expect("bytes")).expect("write");
    let out = std::process::Command::new("python3")
        .args(["-m", "openapi_spec_validator"])
        .arg(&path)
        .output()
        .expect("validator runs");
    let _ = std::fs::remove_file(&path);
    assert!(
        out.status.success(),
        "validator: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
