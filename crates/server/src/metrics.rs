//! Prometheus metrics in the text exposition format, kept in atomics; no metrics library needed.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;

/// (method, route template, status).
type RequestKey = (String, String, u16);

#[derive(Debug, Default)]
pub struct Metrics {
    /// Request count and total seconds per key.
    requests: Mutex<BTreeMap<RequestKey, (u64, f64)>>,
}

impl Metrics {
    fn record(&self, method: &str, route: &str, status: u16, seconds: f64) {
        if let Ok(mut m) = self.requests.lock() {
            let e = m.entry((method.to_owned(), route.to_owned(), status)).or_insert((0, 0.0));
            e.0 += 1;
            e.1 += seconds;
        }
    }

    pub fn render(&self, notice_counts: &[(String, i64)], uptime_seconds: f64) -> String {
        let mut out = String::new();
        out.push_str("# HELP article3_http_requests_total HTTP requests by method, route and status.\n");
        out.push_str("# TYPE article3_http_requests_total counter\n");
        let snapshot = self.requests.lock().map(|m| m.clone()).unwrap_or_default();
        for ((method, route, status), (count, _)) in &snapshot {
            out.push_str(&format!(
                "article3_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {count}\n"
            ));
        }
        out.push_str("# HELP article3_http_request_seconds_total Time spent serving requests.\n");
        out.push_str("# TYPE article3_http_request_seconds_total counter\n");
        for ((method, route, status), (_, secs)) in &snapshot {
            out.push_str(&format!(
                "article3_http_request_seconds_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {secs:.6}\n"
            ));
        }
        out.push_str("# HELP article3_notices Notices by status.\n# TYPE article3_notices gauge\n");
        for (status, n) in notice_counts {
            out.push_str(&format!("article3_notices{{status=\"{status}\"}} {n}\n"));
        }
        out.push_str(
            "# HELP article3_uptime_seconds Seconds since the server started.\n# TYPE article3_uptime_seconds gauge\n",
        );
        out.push_str(&format!("article3_uptime_seconds {uptime_seconds:.0}\n"));
        out
    }
}

/// Counts every request under its route template (never the raw path, which holds ids).
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().to_string();
    let route =
        request.extensions().get::<MatchedPath>().map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(request).await;
    state.metrics.record(&method, &route, response.status().as_u16(), started.elapsed().as_secs_f64());
    response
}
