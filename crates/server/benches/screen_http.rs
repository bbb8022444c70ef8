//! Benchmark: border screening over real HTTP (TCP, HTTP/1.1 keep-alive, auth, JSON, the index, the
//! audit write of every query and hit), against a server holding generated published notices.
//!
//! `cargo bench -p article3-server --bench screen_http`. `ARTICLE3_BENCH_NOTICES` (default 20000) notices
//! are published through the API, the server is restarted so its index is built from the store, then
//! `ARTICLE3_BENCH_CONCURRENCY` (default 32) clients screen as fast as the server answers for
//! `ARTICLE3_BENCH_SECONDS` (default 10): the throughput, with the latency at saturation. Then
//! screenings arrive at a fixed rate, `ARTICLE3_BENCH_RATE` a second (default 3000), for as long: each
//! one's latency counts from the moment it was due, so a server that falls behind pays for the queue
//! it builds (no request waits politely for the previous answer). Last, one client alone sends 2,000
//! screenings. Client and server share the machine's cores. `cpu_us_per_screening` is this process's
//! CPU time (clients and server), `machine_cpu_us_per_screening` the whole machine's (the database
//! server's too).
//! SQLite in a temp file, or `ARTICLE3_BENCH_DATABASE_URL=postgres://…/db` (an empty database) for
//! PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark that cannot set up should stop loudly

/// The allocator the `article3` binary runs with, so the figures are those of the server.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::sync::Arc;
use std::time::{Duration, Instant};

use article3_server::{AppState, auth, router};
use article3_store::{NewUser, Store};
use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tower::ServiceExt;

const GIVEN: &[&str] = &[
    "Aleksandr",
    "Mohammed",
    "Maria",
    "Jean",
    "Fatima",
    "Ivan",
    "Olga",
    "Ahmad",
    "Elena",
    "Dmitri",
    "Sofia",
    "Yusuf",
    "Hassan",
    "Leila",
    "Nikolai",
    "Ana",
    "Carlos",
    "Lucia",
    "Javier",
    "Mehmet",
    "Ayse",
    "Giorgi",
    "Nino",
    "Arman",
    "Anahit",
    "Kwame",
    "Amina",
    "Chen",
    "Wei",
    "Minh",
    "Ravi",
    "Priya",
    "Tomasz",
    "Katarzyna",
    "Pierre",
    "Camille",
];
const FAMILY: &[&str] = &[
    "Petrov",
    "Ivanova",
    "Haddad",
    "Nouri",
    "Kovalenko",
    "Shevchenko",
    "Garcia",
    "Rodriguez",
    "Yilmaz",
    "Demir",
    "Beridze",
    "Kapanadze",
    "Petrosyan",
    "Hakobyan",
    "Mensah",
    "Okafor",
    "Zhang",
    "Nguyen",
    "Sharma",
    "Kowalski",
    "Nowak",
    "Dubois",
    "Moreau",
    "Rahman",
    "Hosseini",
    "Karimov",
    "Aliyev",
    "Popescu",
    "Horvath",
    "Novak",
    "Jovanovic",
    "Papadopoulos",
    "Lindqvist",
    "Virtanen",
    "Kaya",
    "Ozturk",
    "Mahmoud",
    "Salem",
    "Farouk",
    "Tahir",
];

/// A screening slower than this marks its stretch of the fixed-rate phase as stalled.
const STALL: Duration = Duration::from_millis(20);

/// Connections the fixed-rate phase sends on: each carries one screening at a time.
const OPEN_CONNECTIONS: usize = 128;

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The i-th generated person: a name, a date of birth and a passport number.
fn person(i: usize) -> (String, String, String, String) {
    let given = GIVEN[i % GIVEN.len()];
    let family = FAMILY[(i / GIVEN.len()) % FAMILY.len()];
    let middle = FAMILY[(i * 7 + 3) % FAMILY.len()];
    let year = 1950 + (i * 13) % 55;
    let (month, day) = (1 + (i * 5) % 12, 1 + (i * 11) % 28);
    (format!("{given} {middle}"), family.to_owned(), format!("{year}-{month:02}-{day:02}"), format!("BX{i:08}"))
}

fn notice(i: usize) -> Value {
    let (given, family, born, passport) = person(i);
    json!({
        "colour": "red",
        "subject": {"names": [{"given": given, "family": family}], "birth_dates": [born], "sex": "male",
                    "nationalities": ["FR"], "documents": [{"kind": "passport", "number": passport, "issuing_country": "FR"}]},
        "judicial": {"purpose": "prosecution",
                     "warrant": {"reference": format!("AW-{i}"), "issued_on": "2025-01-10", "issuing_authority": "Investigating judge"},
                     "charges": [{"description": "Armed robbery", "legal_provision": "Penal Code art. 311-8", "max_penalty_months": 240}],
                     "facts_summary": "On 3 March 2024 in Lyon the subject robbed a jeweller at gunpoint."},
        "restrictions": {"mode": "none"}
    })
}

/// A traveller: every third one is a listed person with a typo and the right date of birth; the others
/// are innocent (a listed-looking name with another date of birth, or a name nobody holds).
fn traveller(i: usize, listed: usize) -> Value {
    match i % 3 {
        0 => {
            let (given, family, born, _) = person((i * 31) % listed);
            // The last letter misread (the generated names are ASCII).
            let typo = format!("{}a", &family[..family.len() - 1]);
            json!({"given_names": given, "family_name": typo, "birth_date": born})
        }
        1 => {
            let (given, family, _, _) = person((i * 17) % listed);
            json!({"given_names": given, "family_name": family, "birth_date": "2001-07-07", "nationalities": ["DE"]})
        }
        _ => json!({"name": format!("Traveller Nobody{i}"), "birth_date": "1990"}),
    }
}

async fn call(app: &axum::Router, method: &str, path: &str, token: &str, body: Value) -> Value {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert!(response.status().is_success(), "{method} {path}: {}", response.status());
    serde_json::from_slice(&response.into_body().collect().await.unwrap().to_bytes()).unwrap()
}

/// A keep-alive HTTP/1.1 connection that posts JSON and reads one response at a time.
struct Client {
    stream: TcpStream,
    buffer: Vec<u8>,
}

impl Client {
    async fn connect(addr: std::net::SocketAddr) -> Self {
        let stream = TcpStream::connect(addr).await.unwrap();
        stream.set_nodelay(true).unwrap();
        Self { stream, buffer: Vec::with_capacity(16 * 1024) }
    }

    async fn post(&mut self, path: &str, token: &str, body: &str) -> u16 {
        let request = format!(
            "POST {path} HTTP/1.1\r\nhost: bench\r\nauthorization: Bearer {token}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        self.stream.write_all(request.as_bytes()).await.unwrap();
        self.buffer.clear();
        let mut chunk = [0_u8; 16 * 1024];
        loop {
            let n = self.stream.read(&mut chunk).await.unwrap();
            assert!(n > 0, "server closed the connection");
            self.buffer.extend_from_slice(&chunk[..n]);
            let Some(end) = self.buffer.windows(4).position(|w| w == b"\r\n\r\n") else { continue };
            let head = String::from_utf8_lossy(&self.buffer[..end]).to_ascii_lowercase();
            let status: u16 = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap();
            while self.buffer.len() < end + 4 + length {
                let n = self.stream.read(&mut chunk).await.unwrap();
                assert!(n > 0, "server closed the connection");
                self.buffer.extend_from_slice(&chunk[..n]);
            }
            return status;
        }
    }
}

/// CPU time this process has used so far (user and system, all threads), from /proc; zero elsewhere.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return 0.0 };
    // The fields after the command name, which is in parentheses and may hold spaces.
    let Some((_, rest)) = stat.rsplit_once(')') else { return 0.0 };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name; 100 ticks a second.
    (ticks(11) + ticks(12)) / 100.0
}

/// CPU time the whole machine has used so far (every process: the database server's too), from
/// /proc/stat; zero elsewhere.
fn machine_cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/stat") else { return 0.0 };
    let Some(line) = stat.lines().find(|l| l.starts_with("cpu ")) else { return 0.0 };
    // user nice system idle iowait irq softirq steal: user, nice, system, irq and softirq are work done
    // here (idle and iowait are not, and steal is the host's).
    let ticks: Vec<f64> = line.split_whitespace().skip(1).filter_map(|v| v.parse().ok()).collect();
    let busy: f64 = [0, 1, 2, 5, 6].iter().filter_map(|i| ticks.get(*i)).sum();
    busy / 100.0
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let total = env_or("ARTICLE3_BENCH_NOTICES", 20_000);
    let concurrency = env_or("ARTICLE3_BENCH_CONCURRENCY", 32);
    let seconds = env_or("ARTICLE3_BENCH_SECONDS", 10);
    let temp = std::env::temp_dir().join(format!("article3-screen-bench-{}.db", std::process::id()));
    let url = std::env::var("ARTICLE3_BENCH_DATABASE_URL").unwrap_or_else(|_| format!("sqlite://{}", temp.display()));
    println!("store: {}", url.split(':').next().unwrap_or("?"));
    let store = article3_store::open(&url).await.unwrap();
    let shared: Arc<dyn Store> = Arc::new(store.clone());
    let state = AppState::new(shared.clone()).await.unwrap();
    let registry = state.countries.read().await.clone();
    let hash = auth::hash_password("bench password").unwrap();
    let far = time::OffsetDateTime::now_utc() + time::Duration::days(1);
    for (name, role, country) in [
        ("bench-ncb", article3_domain::Role::Ncb, Some("FR")),
        ("bench-rev", article3_domain::Role::Reviewer, None),
        ("bench-border", article3_domain::Role::Border, Some("DE")),
    ] {
        let country = country.map(|c| registry.known("c", c).unwrap());
        let user = shared
            .create_user("bench", NewUser { name: name.to_owned(), role, country, password_hash: hash.clone() })
            .await
            .unwrap();
        shared.create_token(&user, &auth::token_hash(name), far).await.unwrap();
    }
    let app = router(state);
    let seeding = Instant::now();
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut workers = Vec::new();
    for _ in 0..16 {
        let (app, next) = (app.clone(), next.clone());
        workers.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= total {
                    break;
                }
                let created = call(&app, "POST", "/api/v1/notices", "bench-ncb", notice(i)).await;
                let id = created["id"].as_str().unwrap();
                let review = json!({"decision": "approve", "reasons": "compliant"});
                call(&app, "POST", &format!("/api/v1/notices/{id}/review"), "bench-rev", review).await;
            }
        }));
    }
    for w in workers {
        w.await.unwrap();
    }
    println!("seeded {total} published notices in {:.1} s", seeding.elapsed().as_secs_f64());
    // The seeding's writes go to disk now: left to the kernel, they would be written back about 30 s
    // later, in the middle of the measurements, and each commit's flush would queue behind them.
    let flushed = std::process::Command::new("sync").status().is_ok_and(|s| s.success());
    println!("seeding written to disk: {flushed}");

    // A fresh server: its index is built from the store.
    let building = Instant::now();
    let state = AppState::new(shared.clone()).await.unwrap();
    println!(
        "server state with the screening index of {} records built in {:.2} s",
        state.screening.sizes().records,
        building.elapsed().as_secs_f64()
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(article3_server::serve(state, listener, async move {
        let _ = stopped.await;
    }));

    // Under load.
    let deadline = Instant::now() + Duration::from_secs(seconds as u64);
    let counter = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut clients = Vec::new();
    for _ in 0..concurrency {
        let counter = counter.clone();
        clients.push(tokio::spawn(async move {
            let mut client = Client::connect(addr).await;
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                let i = counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let body = traveller(i, total).to_string();
                let started = Instant::now();
                let status = client.post("/api/v1/screen", "bench-border", &body).await;
                latencies.push(started.elapsed());
                assert_eq!(status, 200);
            }
            latencies
        }));
    }
    let loaded_start = Instant::now();
    let cpu_start = cpu_seconds();
    let machine_start = machine_cpu_seconds();
    let mut latencies = Vec::new();
    for c in clients {
        latencies.extend(c.await.unwrap());
    }
    let elapsed = loaded_start.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu_start;
    let machine = machine_cpu_seconds() - machine_start;
    latencies.sort();
    println!(
        "under load: clients={concurrency} screenings={} seconds={elapsed:.1} screenings_per_second={:.0} cpu_us_per_screening={:.0} machine_cpu_us_per_screening={:.0} p50_ms={:.2} p99_ms={:.2}",
        latencies.len(),
        latencies.len() as f64 / elapsed,
        cpu * 1e6 / latencies.len().max(1) as f64,
        machine * 1e6 / latencies.len().max(1) as f64,
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99)
    );

    // At a fixed rate: the latency under the load the target names, not at saturation.
    let rate = env_or("ARTICLE3_BENCH_RATE", 3000).max(1);
    let due_total = rate * seconds;
    // Time for every connection to open first.
    let start = tokio::time::Instant::now() + Duration::from_millis(500);
    let interval = Duration::from_secs(1).as_secs_f64() / rate as f64;
    let due_next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut senders = Vec::new();
    // Enough connections that a request never waits for one while the server keeps up.
    for _ in 0..OPEN_CONNECTIONS {
        let due_next = due_next.clone();
        senders.push(tokio::spawn(async move {
            let mut client = Client::connect(addr).await;
            let mut latencies = Vec::new();
            loop {
                let i = due_next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= due_total {
                    break;
                }
                let due = start + Duration::from_secs_f64(i as f64 * interval);
                tokio::time::sleep_until(due).await;
                let body = traveller(i + 11, total).to_string();
                let status = client.post("/api/v1/screen", "bench-border", &body).await;
                latencies.push((i, due.elapsed()));
                assert_eq!(status, 200);
            }
            latencies
        }));
    }
    let cpu_start = cpu_seconds();
    let machine_start = machine_cpu_seconds();
    let mut traced = Vec::with_capacity(due_total);
    for s in senders {
        traced.extend(s.await.unwrap());
    }
    // Stalls: the 50 ms stretches of due times in which some screening took over 20 ms.
    traced.sort();
    let stalled = traced.chunks((rate / 20).max(1)).filter(|w| w.iter().any(|x| x.1 > STALL)).count();
    let mut paced: Vec<Duration> = traced.iter().map(|x| x.1).collect();
    let elapsed = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu_start;
    let machine = machine_cpu_seconds() - machine_start;
    paced.sort();
    println!(
        "at a fixed rate: screenings_per_second={rate} screenings={} seconds={elapsed:.1} cpu_us_per_screening={:.0} machine_cpu_us_per_screening={:.0} p50_ms={:.2} p99_ms={:.2} p999_ms={:.2} max_ms={:.2} stretches_of_50ms_over_20ms={stalled}",
        paced.len(),
        cpu * 1e6 / paced.len().max(1) as f64,
        machine * 1e6 / paced.len().max(1) as f64,
        percentile(&paced, 0.50),
        percentile(&paced, 0.99),
        percentile(&paced, 0.999),
        percentile(&paced, 1.0)
    );

    // One client alone.
    let mut client = Client::connect(addr).await;
    let mut single = Vec::with_capacity(2000);
    for i in 0..2000 {
        let body = traveller(i + 7, total).to_string();
        let started = Instant::now();
        assert_eq!(client.post("/api/v1/screen", "bench-border", &body).await, 200);
        single.push(started.elapsed());
    }
    single.sort();
    println!(
        "single client: screenings=2000 p50_ms={:.2} p99_ms={:.2}",
        percentile(&single, 0.50),
        percentile(&single, 0.99)
    );
    let _ = stop.send(());
    let _ = server.await;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", temp.display()));
    }
}
