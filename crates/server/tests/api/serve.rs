//! The real server on port 0, spoken to over TCP: the landing page, health, API docs.

use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use article3_store::testing::TestDb;

async fn get(addr: std::net::SocketAddr, path: &str) -> (u16, String) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_pages_health_metrics_and_docs_over_tcp() {
    let db = TestDb::new(article3_store::Backend::Sqlite).await;
    let state = article3_server::AppState::new(Arc::new(db.store.clone())).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(article3_server::serve(state, listener, async {
        let _ = stopped.await;
    }));
    let (status, page) = get(addr, "/").await;
    assert_eq!(status, 200);
    assert!(page.contains("article3") && page.contains("/docs/") && page.contains("/api/v1/public/notices"));
    let (status, health) = get(addr, "/healthz").await;
    assert_eq!(status, 200);
    assert!(health.contains("\"status\":\"ok\"") && health.contains("sqlite"));
    let (status, docs) = get(addr, "/docs/").await;
    assert_eq!(status, 200);
    assert!(docs.contains("swagger"), "Swagger UI is served locally");
    let (status, _) = get(addr, "/docs/swagger-ui-bundle.js").await;
    assert_eq!(status, 200);
    let (status, metrics) = get(addr, "/metrics").await;
    assert_eq!(status, 200);
    assert!(
        metrics.contains("article3_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 1"),
        "{metrics}"
    );
    // The store's connections: SQLite's four readers; the one the page's counts were read on is kept for
    // the next read (or, at that instant, in use by a background read such as the checkpointer's).
    let gauge = |line: &str| -> Option<usize> {
        metrics.lines().find_map(|l| l.strip_prefix(line)).and_then(|v| v.trim().parse().ok())
    };
    assert_eq!(gauge("article3_db_connections_limit "), Some(4), "{metrics}");
    let kept = gauge("article3_db_connections{state=\"kept\"} ").expect("kept connections");
    let in_use = gauge("article3_db_connections{state=\"in_use\"} ").expect("connections in use");
    assert!((1..=4).contains(&(kept + in_use)), "{metrics}");
    let _ = stop.send(());
    server.await.unwrap().unwrap();
}
