//! The committed OpenAPI document is the one the code serves.

use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn committed_document_matches_the_served_one() {
    let generated = article3_server::openapi::openapi_json();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/openapi.json");
    if std::env::var_os("ARTICLE3_UPDATE_OPENAPI").is_some() {
        std::fs::write(path, format!("{generated}\n")).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert_eq!(
        committed.trim_end(),
        generated,
        "docs/openapi.json is stale: run `ARTICLE3_UPDATE_OPENAPI=1 cargo test -p article3-server --test api openapi`"
    );

    let app = spawn_app().await;
    let (status, served) = app.call("GET", "/openapi.json", None, None).await;
    assert_eq!(status, 200);
    assert_eq!(served, serde_json::from_str::<serde_json::Value>(&generated).unwrap());
}

/// Every safeguard code a hit or an alert can carry is named where the document describes the field.
#[test]
fn the_document_names_every_safeguard_code() {
    let generated = article3_server::openapi::openapi_json();
    let document: serde_json::Value = serde_json::from_str(&generated).unwrap();
    let described = document["components"]["schemas"]["SafeguardView"]["properties"]["code"]["description"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    for safeguard in article3_server::screen_api::Safeguard::ALL {
        assert!(described.contains(&format!("`{}`", safeguard.as_str())), "{} in {described}", safeguard.as_str());
    }
}
