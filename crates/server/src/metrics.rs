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

/// The counters of screening, alerts and outcomes: name, help, and label names.
const COUNTERS: &[(&str, &str)] = &[
    ("article3_screenings_total", "Travellers screened."),
    ("article3_alerts_raised_total", "Alerts raised by screening, by the kind of record hit."),
    (
        "article3_alert_outcomes_total",
        "Alert outcomes recorded (revision=first) or corrected (revision=correction), by identity and by \
         whether the action went against a caution the alert carried.",
    ),
];

#[derive(Debug, Default)]
pub struct Metrics {
    /// Request count and total seconds per key.
    requests: Mutex<BTreeMap<RequestKey, (u64, f64)>>,
    /// Counts per counter of [`COUNTERS`] and rendered label set.
    counters: Mutex<BTreeMap<(&'static str, String), u64>>,
}

impl Metrics {
    /// Adds `n` to counter `name` (one of this module's counters: screenings, alerts raised, alert outcomes)
    /// under these labels, given as `key="value"` pairs.
    pub fn count(&self, name: &'static str, labels: &[(&str, &str)], n: u64) {
        if n == 0 {
            return;
        }
        let labels = labels.iter().map(|(k, v)| format!("{k}=\"{v}\"")).collect::<Vec<_>>().join(",");
        if let Ok(mut m) = self.counters.lock() {
            *m.entry((name, labels)).or_insert(0) += n;
        }
    }

    fn record(&self, method: &str, route: &str, status: u16, seconds: f64) {
        if let Ok(mut m) = self.requests.lock() {
            let e = m.entry((method.to_owned(), route.to_owned(), status)).or_insert((0, 0.0));
            e.0 += 1;
            e.1 += seconds;
        }
    }

    pub fn render(
        &self,
        notice_counts: &[(String, i64)],
        connections: Option<article3_store::ConnectionCounts>,
        uptime_seconds: f64,
    ) -> String {
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
        let counters = self.counters.lock().map(|m| m.clone()).unwrap_or_default();
        for (name, help) in COUNTERS {
            out.push_str(&format!("# HELP {name} {help}\n# TYPE {name} counter\n"));
            for ((_, labels), n) in counters.iter().filter(|((counter, _), _)| counter == name) {
                if labels.is_empty() {
                    out.push_str(&format!("{name} {n}\n"));
                } else {
                    out.push_str(&format!("{name}{{{labels}}} {n}\n"));
                }
            }
        }
        out.push_str("# HELP article3_notices Notices by status.\n# TYPE article3_notices gauge\n");
        for (status, n) in notice_counts {
            out.push_str(&format!("article3_notices{{status=\"{status}\"}} {n}\n"));
        }
        if let Some(c) = connections {
            out.push_str(
                "# HELP article3_db_connections The store's database connections: handed out (in_use) or finished \
                 with and kept (kept).\n# TYPE article3_db_connections gauge\n",
            );
            out.push_str(&format!("article3_db_connections{{state=\"in_use\"}} {}\n", c.in_use));
            out.push_str(&format!("article3_db_connections{{state=\"kept\"}} {}\n", c.kept));
            out.push_str(
                "# HELP article3_db_connections_limit How many database connections the store hands out at once.\n\
                 # TYPE article3_db_connections_limit gauge\n",
            );
            out.push_str(&format!("article3_db_connections_limit {}\n", c.limit));
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
