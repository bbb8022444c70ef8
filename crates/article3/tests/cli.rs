//! The `article3` command end to end: user add, import (with rejected records), audit verify, and
//! refusals that exit non-zero and change nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed test setup should panic loudly

use std::path::PathBuf;
use std::process::{Command, Output};

struct Db {
    path: PathBuf,
}

impl Db {
    fn new() -> Self {
        Self {
            path: std::env::temp_dir()
                .join(format!("article3-cli-{}.db", std::process::id() as u64 * 1000 + rand_suffix())),
        }
    }

    fn url(&self) -> String {
        format!("sqlite://{}", self.path.display())
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_article3"))
            .args(args)
            .env("ARTICLE3_DATABASE_URL", self.url())
            .env("RUST_LOG", "warn")
            .output()
            .expect("run article3")
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.path.display()));
        }
    }
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
        + std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| u64::from(d.subsec_nanos()))
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

#[test]
fn user_add_validates_and_creates() {
    let db = Db::new();
    let ok = db.run(&[
        "user",
        "add",
        "--name",
        "ncb-it",
        "--role",
        "ncb",
        "--country",
        "IT",
        "--password",
        "a long password",
    ]);
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    assert!(text(&ok.stdout).contains("created ncb-it (ncb, IT)"));
    let again = db.run(&[
        "user",
        "add",
        "--name",
        "ncb-it",
        "--role",
        "ncb",
        "--country",
        "IT",
        "--password",
        "a long password",
    ]);
    assert!(!again.status.success());
    assert!(text(&again.stderr).contains("already exists"));
    let no_country = db.run(&["user", "add", "--name", "b", "--role", "border", "--password", "a long password"]);
    assert!(!no_country.status.success());
    assert!(text(&no_country.stderr).contains("country"));
    let bad_role = db.run(&["user", "add", "--name", "x", "--role", "king", "--password", "a long password"]);
    assert!(!bad_role.status.success());
    assert!(text(&bad_role.stderr).contains("role"));
}

#[test]
fn import_reports_each_rejected_record_and_keeps_the_rest() {
    let db = Db::new();
    let out = db.run(&["import", "--format", "interpol", "--as-published", &fixture("interpol_sample.jsonl")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("imported 3 notice(s) as published, rejected 3"), "{}", text(&out.stdout));
    let err = text(&out.stderr);
    assert!(err.contains(":4: rejected:") && err.contains("arrest_warrants"), "{err}");
    assert!(err.contains(":5: rejected:"), "{err}");
    assert!(err.contains(":6: rejected:") && err.contains("ZZ"), "{err}");
    // Importing the same file again imports nothing new: references are unique.
    let again = db.run(&["import", "--format", "interpol", "--as-published", &fixture("interpol_sample.jsonl")]);
    assert!(text(&again.stdout).contains("imported 0"), "{}", text(&again.stdout));
    assert!(!again.status.success());
    let verify = db.run(&["audit", "verify"]);
    assert!(verify.status.success());
    assert!(text(&verify.stdout).contains("audit chain intact"));
}

#[test]
fn ftm_import_needs_a_requesting_country() {
    let db = Db::new();
    let out = db.run(&["import", "--format", "ftm", &fixture("ftm_sample.jsonl")]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("requesting"), "{}", text(&out.stderr));
    let out = db.run(&["import", "--format", "ftm", "--requesting-country", "UA", &fixture("ftm_sample.jsonl")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("imported 1 notice(s) as submitted for review, rejected 2"),
        "{}",
        text(&out.stdout)
    );
    let bad = db.run(&["import", "--format", "csv", &fixture("ftm_sample.jsonl")]);
    assert!(!bad.status.success());
    assert!(text(&bad.stderr).contains("--format"));
    let missing = db.run(&["import", "--format", "ftm", "--requesting-country", "UA", "/nonexistent/file"]);
    assert!(!missing.status.success());
    let not_member = db.run(&["import", "--format", "ftm", "--requesting-country", "XK", &fixture("ftm_sample.jsonl")]);
    assert!(!not_member.status.success(), "Kosovo is not connected");
}

#[test]
fn audit_verify_names_the_first_broken_link() {
    let db = Db::new();
    assert!(
        db.run(&["user", "add", "--name", "admin", "--role", "admin", "--password", "a long password"])
            .status
            .success()
    );
    assert!(db.run(&["import", "--format", "interpol", &fixture("interpol_sample.jsonl")]).status.success());
    let ok = db.run(&["audit", "verify"]);
    assert!(ok.status.success());
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let store = article3_store::SqlStore::connect(&db.url()).await.unwrap();
        sqlx::query("UPDATE audit SET detail = 'rewritten' WHERE seq = 2").execute(store.pool()).await.unwrap();
        store.close().await;
    });
    let broken = db.run(&["audit", "verify"]);
    assert_eq!(broken.status.code(), Some(3));
    assert!(text(&broken.stderr).contains("BROKEN at record 2"), "{}", text(&broken.stderr));
}

/// One HTTP/1.1 exchange over a fresh connection.
fn http(addr: &str, method: &str, path: &str, token: Option<&str>, body: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

#[test]
fn an_acknowledged_write_survives_a_killed_server() {
    use std::io::BufRead;
    let db = Db::new();
    assert!(
        db.run(&[
            "user",
            "add",
            "--name",
            "ncb-fr",
            "--role",
            "ncb",
            "--country",
            "FR",
            "--password",
            "a long password"
        ])
        .status
        .success()
    );
    let mut server = Command::new(env!("CARGO_BIN_EXE_article3"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("ARTICLE3_DATABASE_URL", db.url())
        .env("RUST_LOG", "warn")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = server.stderr.take().unwrap();
    let mut addr = String::new();
    for line in std::io::BufReader::new(stderr).lines() {
        let line = line.unwrap();
        if let Some(rest) = line.strip_prefix("article3 listening on http://") {
            addr = rest.split_whitespace().next().unwrap().to_owned();
            break;
        }
    }
    assert!(!addr.is_empty(), "the server announced its address");
    let (status, login) =
        http(&addr, "POST", "/api/v1/auth/token", None, r#"{"username":"ncb-fr","password":"a long password"}"#);
    assert_eq!(status, 200, "{login}");
    let token = serde_json::from_str::<serde_json::Value>(&login).unwrap()["access_token"].as_str().unwrap().to_owned();
    let notice = r#"{"colour":"blue","subject":{"names":[{"full":"Ada Exemple"}],"nationalities":["FR"]}}"#;
    let (status, created) = http(&addr, "POST", "/api/v1/notices", Some(&token), notice);
    assert_eq!(status, 201, "{created}");
    let id = serde_json::from_str::<serde_json::Value>(&created).unwrap()["id"].as_str().unwrap().to_owned();
    server.kill().unwrap(); // SIGKILL: no shutdown, no flush beyond what the commit already did
    server.wait().unwrap();

    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        use article3_store::Store;
        let store = article3_store::SqlStore::connect(&db.url()).await.unwrap();
        let actor = store.user_by_name("ncb-fr").await.unwrap().unwrap().actor();
        let notice = store.read_notice(article3_store::Reader::Actor(&actor), id.parse().unwrap()).await.unwrap();
        assert_eq!(notice.request.subject.primary_name(), "Ada Exemple");
        assert!(store.verify_audit(&|_| {}).await.unwrap().is_ok(), "the chain is whole after the crash");
    });
}

/// Imported for review, a request meets the mechanical rules like one submitted through the API: a person
/// recorded as a refugee from the requesting country is refused at once, by the rules, with reasons; the
/// others wait for a reviewer, one of them told that a refugee written another way may be its subject.
#[test]
fn import_for_review_applies_the_mechanical_rules() {
    use article3_domain::{BirthDate, NameKind, NoticeStatus, PersonName, Sex, Subject};
    use article3_store::{NoticeFilter, Reader, Store};
    let db = Db::new();
    // Any command migrates the database; the protecting bureau's account records the status.
    let add = ["user", "add", "--name", "ncb-de", "--role", "ncb", "--country", "DE", "--password", "a long password"];
    assert!(db.run(&add).status.success());
    let reviewer = ["user", "add", "--name", "rev", "--role", "reviewer", "--password", "a long password"];
    assert!(db.run(&reviewer).status.success());
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let store = article3_store::SqlStore::connect(&db.url()).await.unwrap();
        let actor = store.user_by_name("ncb-de").await.unwrap().unwrap().actor();
        let person = |name: &str, born: time::Date| {
            let name = PersonName::new(NameKind::Primary, Some(name), None, None, None, None).unwrap();
            Subject::new(vec![name], vec![BirthDate::Exact(born)], Sex::Unknown, Default::default(), vec![], None, None)
                .unwrap()
        };
        let subject = person("Seydkhanum Idieva", time::macros::date!(1997 - 02 - 04));
        let fled = article3_domain::CountryCode::parse("fled_from", "RU").unwrap();
        store.record_refugee_status(&actor, &subject, fled, time::macros::date!(2021 - 05 - 01)).await.unwrap();
        // Spelt otherwise in the asylum file than in the notice ("Perez Gomez"): no identity key in common.
        let subject = person("Elvin Jose Peres Gomes", time::macros::date!(1994 - 10 - 26));
        let fled = article3_domain::CountryCode::parse("fled_from", "SV").unwrap();
        store.record_refugee_status(&actor, &subject, fled, time::macros::date!(2022 - 01 - 10)).await.unwrap();
    });

    let out = db.run(&["import", "--format", "interpol", &fixture("interpol_sample.jsonl")]);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("imported 3 notice(s) as submitted for review"), "{stdout}");
    assert!(stdout.contains("1 refused by the mechanical compliance rules"), "{stdout}");

    rt.block_on(async {
        let store = article3_store::SqlStore::connect(&db.url()).await.unwrap();
        let all = NoticeFilter { limit: 100, ..NoticeFilter::default() };
        let reviewer = store.user_by_name("rev").await.unwrap().unwrap().actor();
        let notices = store.list_notices(Reader::Actor(&reviewer), &all).await.unwrap().items;
        let refused: Vec<_> = notices.iter().filter(|n| n.status == NoticeStatus::Refused).collect();
        assert_eq!(refused.len(), 1, "only the refugee's notice is refused");
        assert_eq!(refused[0].request.subject.primary_name(), "SEYDKHANUM IDIEVA");
        assert!(
            notices.iter().filter(|n| n.status != NoticeStatus::Refused).all(|n| n.status == NoticeStatus::Submitted)
        );
        let mut possible = Vec::new();
        for n in &notices {
            let reviews = store.reviews_for(Reader::Actor(&reviewer), "notice", &n.id.to_string()).await.unwrap();
            let evaluation = &reviews[0].evaluation;
            if evaluation.findings.iter().any(|f| f.rule_id == "refugee.possible_match") {
                possible.push((n.request.subject.primary_name(), evaluation.recommendation));
            }
        }
        assert_eq!(possible, [("ELVIN JOSE PEREZ GOMEZ", article3_domain::Recommendation::Refer)]);
    });
}
