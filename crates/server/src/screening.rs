//! The screening service: the in-memory index of every live notice and diffusion, the register of
//! stolen and lost travel documents and the country flags, kept current with the store; screening a
//! traveller against what the officer's country may see; the safeguards known about each hit; and the
//! alerts a hit raises, stored, audited and streamed.
//!
//! Currency: every write handler refreshes the record it changed before it answers, so the next query
//! sees it; a poll picks up what other processes (imports, the retention sweep) changed. Visibility is
//! `domain::may_read`, asked per candidate before scoring. Scoring runs on the blocking pool, never on
//! the async executor.
//!
//! Nothing on a screening's path reads the database: the safeguards (refugee statuses, extradition
//! refusals, corrective measures) are held in memory like the flags and documents, reloaded whenever
//! one is recorded. The one write, the audit records and alerts, goes to a logger task that writes
//! every screening waiting at that moment in one transaction, and answers each once it is durable.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use article3_domain::audit::AuditEvent;
use article3_domain::{
    AccessFacts, Actor, Challenge, Clearance, Colour, CorrectiveMeasure, CountryCode, CountryFlag, DiffusionPurpose,
    DiffusionStatus, DocumentRecord, ExtraditionRefusal, NoticeStatus, Recipients, RecordKind, RefugeeStatus,
    Restrictions, ReviewContext, Subject, Viewer, may_read,
};
use article3_screen::subject::{identity, query};
use article3_screen::{Analyser, Explanation, Index, LINK_THRESHOLD, Query};
use article3_store::{
    AlertRecord, Listing, ListingChanges, Misidentification, NewAlert, RecordedPerson, RegisterMarks,
    SafeguardRegister, ScreeningLog, Store, StoreError,
};
use tokio::sync::{Mutex, broadcast, mpsc, oneshot};

/// A hit at or above this score is a match: it raises an alert.
pub const ALERT_THRESHOLD: f32 = 0.70;
/// Candidates below this score are not shown.
pub const SHOW_CUTOFF: f32 = 0.50;
/// Records indexed per hold of the index's write lock when a poll applies many changes.
const APPLY_SLICE: usize = 256;
/// How far back a poll looks before the latest change it has seen, for transactions that committed late.
const POLL_OVERLAP_MS: i64 = 5_000;

/// Who may see a record, owned (the index outlives the rows it was built from).
#[derive(Debug, Clone)]
enum Access {
    Notice { colour: Colour, status: NoticeStatus, restrictions: Restrictions, public_extract: bool },
    Diffusion { status: DiffusionStatus, circulated: bool, recipients: Recipients, restrictions: Restrictions },
}

/// A live record in the index.
#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: RecordKind,
    pub id: String,
    pub owner: CountryCode,
    /// `red notice`, `diffusion (arrest)`…
    pub label: String,
    /// What the record asks of the country that finds the person.
    pub action: String,
    /// A red notice or an arrest diffusion: nobody is arrested on it without a judicial decision.
    pub seeks_arrest: bool,
    /// Sent, but not yet confirmed by a reviewer.
    pub unreviewed: bool,
    /// A notice's colour; `None` for a diffusion.
    pub colour: Option<Colour>,
    /// A diffusion's purpose; `None` for a notice.
    pub purpose: Option<DiffusionPurpose>,
    /// When the record was created, and last changed (milliseconds since the epoch).
    pub created_ms: i64,
    pub changed_ms: i64,
    pub subject: Arc<Subject>,
    access: Access,
}

impl Entry {
    fn facts(&self) -> AccessFacts<'_> {
        match &self.access {
            Access::Notice { colour, status, restrictions, public_extract } => AccessFacts::Notice {
                owner: self.owner,
                colour: *colour,
                status: *status,
                restrictions,
                public_extract: *public_extract,
            },
            Access::Diffusion { status, circulated, recipients, restrictions } => AccessFacts::Diffusion {
                owner: self.owner,
                status: *status,
                circulated: *circulated,
                recipients,
                restrictions,
            },
        }
    }

    fn from_listing(listing: Listing) -> Self {
        match listing {
            Listing::Notice(n) => Self {
                kind: RecordKind::Notice,
                id: n.id.to_string(),
                owner: n.request.requesting_country,
                label: format!("{} notice", n.request.colour.as_str().replace('_', " ")),
                action: n.request.colour.purpose().to_owned(),
                seeks_arrest: n.request.colour == Colour::Red,
                unreviewed: false,
                colour: Some(n.request.colour),
                purpose: None,
                created_ms: epoch_ms(n.created_at),
                changed_ms: epoch_ms(n.updated_at),
                subject: Arc::new(n.request.subject),
                access: Access::Notice {
                    colour: n.request.colour,
                    status: n.status,
                    restrictions: n.request.restrictions,
                    public_extract: n.request.public_extract,
                },
            },
            Listing::Diffusion(d) => Self {
                kind: RecordKind::Diffusion,
                id: d.id.to_string(),
                owner: d.request.requesting_country,
                label: format!("diffusion ({})", d.request.purpose.as_str().replace('_', " ")),
                action: diffusion_action(d.request.purpose).to_owned(),
                seeks_arrest: d.request.purpose == DiffusionPurpose::Arrest,
                unreviewed: d.status != DiffusionStatus::Confirmed,
                colour: None,
                purpose: Some(d.request.purpose),
                created_ms: epoch_ms(d.created_at),
                changed_ms: epoch_ms(d.updated_at),
                subject: Arc::new(d.request.subject),
                access: Access::Diffusion {
                    status: d.status,
                    circulated: d.circulated,
                    recipients: d.request.recipients,
                    restrictions: d.request.restrictions,
                },
            },
        }
    }
}

fn epoch_ms(at: time::OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

fn diffusion_action(purpose: DiffusionPurpose) -> &'static str {
    match purpose {
        DiffusionPurpose::Arrest => "locate and arrest, subject to a judicial decision in your country",
        DiffusionPurpose::Locate => "locate the person and inform the requesting bureau",
        DiffusionPurpose::Information => "collect information and inform the requesting bureau",
        DiffusionPurpose::MissingPerson => "locate a missing person",
        DiffusionPurpose::Warning => "be aware of a risk the person presents",
    }
}

/// A change to the index made while a new one was being built from a snapshot.
enum Replay {
    Insert(u64, Arc<Subject>),
    Remove(u64),
}

struct Inner {
    index: Index,
    /// While a new index is built beside this one (see [`Screening::compact_if_wanted`]): the changes
    /// made to this one since its snapshot, in order, to be made to the new one before it takes over.
    rebuilding: Option<Vec<Replay>>,
    /// Shared with the candidates a search returns, which hold a record as it was when found.
    entries: HashMap<u64, Arc<Entry>>,
    keys: HashMap<(RecordKind, String), u64>,
    next_key: u64,
    /// Active reports by canonical document number.
    documents: HashMap<String, Vec<DocumentRecord>>,
    /// Standing flags by record.
    flags: ByRecord<CountryFlag>,
    /// Standing clearances by record.
    clearances: ByRecord<Clearance>,
    /// Challenges pending before the Commission by record.
    challenges: ByRecord<Challenge>,
    /// Outcomes that found a traveller stopped on the record not to be its subject, by record.
    misidentified: ByRecord<Misidentification>,
    safeguards: Safeguards,
}

/// Travellers stopped on a record and found not to be its subject: how many, and when last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Misidentifications {
    pub count: usize,
    /// Milliseconds since the Unix epoch.
    pub latest_ms: i64,
}

impl Misidentifications {
    /// The summary of a record's misidentifications, if it has any.
    fn of(found: &[Misidentification]) -> Option<Self> {
        let latest_ms = found.iter().map(|m| m.recorded_at_ms).max()?;
        Some(Self { count: found.len(), latest_ms })
    }
}

/// The safeguard register in memory: refugee statuses and extradition refusals by identity key of the
/// person, corrective measures by country, and the persons as recorded in an index of their own, which
/// finds them again under other spellings.
#[derive(Default)]
struct Safeguards {
    refugees: HashMap<String, Vec<RefugeeStatus>>,
    refusals: HashMap<String, Vec<ExtraditionRefusal>>,
    measures: HashMap<CountryCode, CorrectiveMeasure>,
    links: RegisterLinks,
}

/// The persons of the safeguard register in an index of their own, which finds them again under other
/// spellings than those their identity keys hold.
#[derive(Default)]
pub struct RegisterLinks {
    /// The persons of `people`, the first under key 1; none when the register records nobody.
    index: Option<Index>,
    people: Vec<RecordedPerson>,
}

impl RegisterLinks {
    fn build(people: Vec<(RecordedPerson, Subject)>, analyser: Arc<Analyser>) -> Self {
        if people.is_empty() {
            return Self::default();
        }
        let identities = people.iter().zip(1..).map(|((_, subject), key)| identity(key, subject));
        let index = Some(Index::build(analyser, identities.collect::<Vec<_>>()));
        Self { index, people: people.into_iter().map(|(person, _)| person).collect() }
    }

    /// The register's persons as the store holds them now, with the shipped analyser: for a process
    /// that reviews requests without a screening index (`article3 import`).
    pub async fn load(store: &dyn Store) -> Result<Self, StoreError> {
        let analyser = shipped_analyser()?;
        let people = store.safeguard_register().await?.people;
        tokio::task::spawn_blocking(move || Self::build(people, analyser))
            .await
            .map_err(|e| StoreError::Corrupt(format!("building the safeguard register's index: {e}")))
    }

    /// The persons recorded whom the engine finds close to `subject` (those recorded under its exact
    /// keys included), best first.
    fn possible(&self, subject: &Subject) -> Vec<PossibleLink> {
        let Some(index) = &self.index else { return Vec::new() };
        index
            .search(&query(subject), 10, LINK_THRESHOLD, &|_| true)
            .into_iter()
            .filter_map(|hit| {
                let person = hit.key.checked_sub(1).and_then(|i| self.people.get(i as usize))?;
                let evidence = hit.explanations.iter().map(|e| e.detail.as_str()).collect::<Vec<_>>().join("; ");
                Some(PossibleLink { person: person.clone(), score: hit.score, evidence })
            })
            .collect()
    }

    /// Adds to `context` the refugee statuses and extradition refusals of persons close to `subject`
    /// that its identity keys did not find (those already in `context`), for the review of a request
    /// about it.
    pub fn widen(&self, subject: &Subject, context: &mut ReviewContext) {
        add_links(self.possible(subject), context);
    }
}

/// Adds to `context` the register's persons of `links` that are not already in it.
fn add_links(links: Vec<PossibleLink>, context: &mut ReviewContext) {
    for link in links {
        let score_thousandths = (link.score * 1000.0).round() as u32;
        match link.person {
            RecordedPerson::Refugee(status) if !context.refugee_statuses.iter().any(|e| e.id == status.id) => {
                context
                    .possible_refugee_statuses
                    .push(article3_domain::PossibleRefugeeStatus { status, score_thousandths });
            }
            RecordedPerson::Refusal(refusal) if !context.extradition_refusals.iter().any(|e| e.id == refusal.id) => {
                context
                    .possible_extradition_refusals
                    .push(article3_domain::PossibleExtraditionRefusal { refusal, score_thousandths });
            }
            _ => {}
        }
    }
}

/// The analyser with the shipped dictionary and tables.
fn shipped_analyser() -> Result<Arc<Analyser>, StoreError> {
    Analyser::shipped().map(Arc::new).map_err(|e| StoreError::Corrupt(format!("screening dictionary: {e}")))
}

/// A live record whose subject the engine finds close to a person.
#[derive(Debug, Clone)]
pub struct LinkedRecord {
    pub kind: RecordKind,
    pub id: String,
    /// `red notice`, `diffusion (arrest)`…
    pub label: String,
    pub score: f32,
}

/// A safeguard recorded about a person who may be a matched record's subject written another way.
#[derive(Debug, Clone)]
pub struct PossibleLink {
    pub person: RecordedPerson,
    pub score: f32,
    /// How the names (and dates) compared, as the screening engine explains it.
    pub evidence: String,
}

impl Safeguards {
    fn from_register(register: SafeguardRegister, analyser: Arc<Analyser>) -> Self {
        let mut out = Self { links: RegisterLinks::build(register.people, analyser), ..Self::default() };
        for (key, status) in register.refugee_statuses {
            out.refugees.entry(key).or_default().push(status);
        }
        for (key, refusal) in register.extradition_refusals {
            out.refusals.entry(key).or_default().push(refusal);
        }
        out.measures = register.corrective_measures.into_iter().collect();
        out
    }

    /// What is recorded about `subject` (each record once, however many of its keys match) and the
    /// measure against `owner`.
    fn about(&self, owner: CountryCode, subject: &Subject) -> Known {
        let mut known = Known { corrective_measure: self.measures.get(&owner).copied(), ..Known::default() };
        if self.links.people.is_empty() {
            return known;
        }
        for key in article3_domain::identity_keys(subject) {
            for s in self.refugees.get(&key).into_iter().flatten() {
                if !known.refugee_statuses.iter().any(|k| k.id == s.id) {
                    known.refugee_statuses.push(s.clone());
                }
            }
            for r in self.refusals.get(&key).into_iter().flatten() {
                if !known.extradition_refusals.iter().any(|k| k.id == r.id) {
                    known.extradition_refusals.push(r.clone());
                }
            }
        }
        // The same person written another way: what the keys did not find, found by the engine.
        known.possible = self
            .links
            .possible(subject)
            .into_iter()
            .filter(|link| match &link.person {
                RecordedPerson::Refugee(s) => !known.refugee_statuses.iter().any(|k| k.id == s.id),
                RecordedPerson::Refusal(r) => !known.extradition_refusals.iter().any(|k| k.id == r.id),
            })
            .collect();
        known
    }
}

/// What the store records about a matched person and the requesting country, as the index held it at
/// the moment of the search.
#[derive(Debug, Clone, Default)]
pub struct Known {
    pub refugee_statuses: Vec<RefugeeStatus>,
    pub extradition_refusals: Vec<ExtraditionRefusal>,
    /// A corrective measure against the requesting country.
    pub corrective_measure: Option<CorrectiveMeasure>,
    /// Refugee statuses and extradition refusals of a person who may be the subject written otherwise.
    pub possible: Vec<PossibleLink>,
}

impl Inner {
    /// An active report matches from now on, a withdrawn one no longer does.
    fn apply_document(&mut self, record: &DocumentRecord) {
        let number = &record.report.number;
        let reports = self.documents.entry(number.clone()).or_default();
        reports.retain(|r| r.id != record.id);
        if record.withdrawn.is_none() {
            reports.push(record.clone());
        } else if reports.is_empty() {
            self.documents.remove(number);
        }
    }

    fn remove(&mut self, kind: RecordKind, id: &str) {
        if let Some(key) = self.keys.remove(&(kind, id.to_owned())) {
            self.index.remove(key);
            self.entries.remove(&key);
            if let Some(log) = &mut self.rebuilding {
                log.push(Replay::Remove(key));
            }
        }
    }

    fn apply(&mut self, changes: ListingChanges) {
        for (kind, id) in &changes.gone {
            self.remove(*kind, id);
        }
        for listing in changes.live {
            self.insert(Entry::from_listing(listing));
        }
    }

    /// Indexes a live record, in place of its earlier version.
    fn insert(&mut self, entry: Entry) {
        self.remove(entry.kind, &entry.id);
        let key = self.next_key;
        self.next_key += 1;
        self.index.insert(identity(key, &entry.subject));
        if let Some(log) = &mut self.rebuilding {
            log.push(Replay::Insert(key, entry.subject.clone()));
        }
        self.keys.insert((entry.kind, entry.id.clone()), key);
        self.entries.insert(key, Arc::new(entry));
    }

    /// Whether a rebuild starts: the index asks for compaction and none is under way. From now on every
    /// change is noted, to be made to the new index too.
    fn begin_rebuild(&mut self) -> bool {
        if self.rebuilding.is_some() || !self.index.wants_compaction() {
            return false;
        }
        self.rebuilding = Some(Vec::new());
        true
    }

    /// The live records by key, to build a new index from. Taken after [`Inner::begin_rebuild`], under a
    /// read lock: a change made in between is both in the snapshot and noted, and making it twice leaves
    /// the same index (an insert replaces the identity under its key, a removal of an absent key does
    /// nothing).
    fn live_subjects(&self) -> Vec<(u64, Arc<Subject>)> {
        self.entries.iter().map(|(key, entry)| (*key, entry.subject.clone())).collect()
    }

    /// The index built from the snapshot takes over, once the changes made since are made to it too;
    /// the index it replaces is returned, for the caller to drop once it no longer holds the lock
    /// (freeing a large index takes a while). `None` (the build failed) keeps the current index.
    fn finish_rebuild(&mut self, built: Option<Index>) -> Option<Index> {
        let log = self.rebuilding.take().unwrap_or_default();
        let mut index = built?;
        for change in log {
            match change {
                Replay::Insert(key, subject) => index.insert(identity(key, &subject)),
                Replay::Remove(key) => {
                    index.remove(key);
                }
            }
        }
        Some(std::mem::replace(&mut self.index, index))
    }
}

/// A candidate as the index returned it, with what the caller needs to explain it.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub entry: Arc<Entry>,
    pub score: f32,
    pub explanations: Vec<Explanation>,
    /// Standing flags on the record.
    pub flags: Vec<CountryFlag>,
    /// Challenges to the record pending before the Commission.
    pub challenges: Vec<Challenge>,
    /// For a match (a score at or above [`ALERT_THRESHOLD`]): what is recorded about the person and the
    /// requester. Empty below it.
    pub known: Known,
    /// A standing finding that the holder of one of the traveller's documents is not this record's subject.
    pub cleared: Option<Clearance>,
    /// Travellers stopped on the record before and found not to be its subject.
    pub misidentified: Option<Misidentifications>,
}

/// What the index found for one traveller.
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub candidates: Vec<Candidate>,
    /// Active reports on the traveller's document numbers.
    pub documents: Vec<DocumentRecord>,
}

/// How many records the index holds.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sizes {
    pub records: usize,
    pub documents: usize,
    pub flags: usize,
}

/// The service; cheap to clone.
#[derive(Clone)]
pub struct Screening {
    store: Arc<dyn Store>,
    /// The analyser the index shares with the safeguard register's own index.
    analyser: Arc<Analyser>,
    inner: Arc<RwLock<Inner>>,
    /// Where the polls stand; held while refreshing so that refreshes do not interleave.
    cursor: Arc<Mutex<Cursor>>,
    alerts: broadcast::Sender<Arc<AlertRecord>>,
    logger: mpsc::UnboundedSender<Pending>,
}

/// Where the polls stand: the latest change applied, the versions applied that a poll's look back can
/// still meet (so that each version is read and indexed once, not at every poll for as long as it stays
/// within the look back), and the registers' marks when last loaded.
struct Cursor {
    since: i64,
    applied: HashMap<(RecordKind, String), i64>,
    /// The same for travel document reports: the latest report or withdrawal applied, and the reports
    /// applied within the look back (whether withdrawn, and when last changed).
    documents_since: i64,
    documents_applied: HashMap<String, (bool, i64)>,
    marks: RegisterMarks,
}

impl Cursor {
    /// Notes the versions just applied, moves past the latest change, and forgets the versions the
    /// next poll can no longer meet.
    fn note(&mut self, changes: &ListingChanges) {
        self.since = self.since.max(changes.latest_ms);
        self.applied.extend(changes.versions.iter().cloned());
        let horizon = self.since - POLL_OVERLAP_MS;
        self.applied.retain(|_, at| *at >= horizon);
    }

    /// Keeps the reports not yet applied (new, or withdrawn since), notes them, and moves past them.
    fn documents_to_apply(&mut self, records: Vec<DocumentRecord>) -> Vec<DocumentRecord> {
        let mut fresh = Vec::new();
        for record in records {
            let withdrawn = record.withdrawn.as_ref().map(|w| w.at_ms);
            let at = withdrawn.unwrap_or(0).max(record.reported_at_ms);
            self.documents_since = self.documents_since.max(at);
            let version = (withdrawn.is_some(), at);
            if self.documents_applied.get(&record.id) != Some(&version) {
                self.documents_applied.insert(record.id.clone(), version);
                fresh.push(record);
            }
        }
        let horizon = self.documents_since - POLL_OVERLAP_MS;
        self.documents_applied.retain(|_, (_, at)| *at >= horizon);
        fresh
    }
}

/// A screening's log waiting for the logger task, and where to send its stored alerts.
struct Pending {
    log: ScreeningLog,
    done: oneshot::Sender<Result<Vec<AlertRecord>, String>>,
}

/// At most this many screenings go into one transaction.
const LOG_BATCH: usize = 256;

/// Writes screenings' logs, every one waiting at that moment in one transaction, and answers each when
/// it is durable (or with the error that stopped the transaction). Stops when every sender is gone.
async fn logger(
    store: Arc<dyn Store>,
    alerts: broadcast::Sender<Arc<AlertRecord>>,
    mut rx: mpsc::UnboundedReceiver<Pending>,
) {
    let mut waiting = Vec::with_capacity(LOG_BATCH);
    while rx.recv_many(&mut waiting, LOG_BATCH).await > 0 {
        let (logs, answers): (Vec<ScreeningLog>, Vec<_>) = waiting.drain(..).map(|p| (p.log, p.done)).unzip();
        match store.log_screenings(&logs).await {
            Ok(stored) => {
                for (records, done) in stored.into_iter().zip(answers) {
                    for record in &records {
                        // Nobody listening is not an error: the alert is stored and listed.
                        let _ = alerts.send(Arc::new(record.clone()));
                    }
                    let _ = done.send(Ok(records));
                }
            }
            Err(e) => {
                tracing::error!(error = %e, screenings = logs.len(), "screening log failed");
                for done in answers {
                    let _ = done.send(Err(e.to_string()));
                }
            }
        }
    }
}

impl Screening {
    /// Builds the index from the store: every live record, every active document report, every flag.
    pub async fn build(store: Arc<dyn Store>) -> Result<Self, StoreError> {
        let analyser = shipped_analyser()?;
        let marks = store.register_marks().await?;
        let changes = store.screening_listings().await?;
        let documents = store.active_travel_documents().await?;
        let mut cursor = Cursor {
            since: 0,
            applied: HashMap::new(),
            documents_since: documents.iter().map(|d| d.reported_at_ms).max().unwrap_or(0),
            documents_applied: HashMap::new(),
            marks,
        };
        cursor.note(&changes);
        let flags = store.active_country_flags().await?;
        let safeguards = store.safeguard_register().await?;
        let clearances = store.active_clearances().await?;
        let challenges = store.pending_challenges().await?;
        let misidentified = store.misidentifications().await?;
        let shared = analyser.clone();
        let inner = tokio::task::spawn_blocking(move || {
            let mut entries = HashMap::with_capacity(changes.live.len());
            let mut keys = HashMap::with_capacity(changes.live.len());
            let mut identities = Vec::with_capacity(changes.live.len());
            let mut next_key = 1;
            for listing in changes.live {
                let entry = Entry::from_listing(listing);
                identities.push(identity(next_key, &entry.subject));
                keys.insert((entry.kind, entry.id.clone()), next_key);
                entries.insert(next_key, Arc::new(entry));
                next_key += 1;
            }
            let safeguards = Safeguards::from_register(safeguards, analyser.clone());
            Inner {
                index: Index::build(analyser, identities),
                rebuilding: None,
                entries,
                keys,
                next_key,
                documents: group_documents(documents),
                flags: ByRecord::from_entries(flags),
                clearances: ByRecord::from_entries(clearances),
                challenges: ByRecord::from_entries(challenges),
                misidentified: ByRecord::from_entries(misidentified),
                safeguards,
            }
        })
        .await
        .map_err(|e| StoreError::Corrupt(format!("building the screening index: {e}")))?;
        let (alerts, _) = broadcast::channel(1024);
        let (logger_tx, logger_rx) = mpsc::unbounded_channel();
        tokio::spawn(logger(store.clone(), alerts.clone(), logger_rx));
        Ok(Self {
            store,
            analyser: shared,
            inner: Arc::new(RwLock::new(inner)),
            cursor: Arc::new(Mutex::new(cursor)),
            alerts,
            logger: logger_tx,
        })
    }

    /// Once the records indexed since the build have grown large beside it, builds a new index from
    /// the live records on the blocking pool, while this one goes on serving and changing; the new one
    /// takes over once the changes made meanwhile are made to it too. Rebuilding in place would stop
    /// every screening for as long as a build takes (seconds at a million records).
    fn compact_if_wanted(&self) {
        if !self.write().begin_rebuild() {
            return;
        }
        let inner = self.inner.clone();
        let analyser = self.analyser.clone();
        let rebuilt = tokio::task::spawn_blocking(move || {
            // Screenings go on meanwhile: the snapshot needs only a read lock.
            let snapshot = inner.read().unwrap_or_else(std::sync::PoisonError::into_inner).live_subjects();
            let identities: Vec<_> = snapshot.iter().map(|(key, subject)| identity(*key, subject)).collect();
            // On one thread: the other cores go on screening.
            let built = Index::build_on(analyser, identities, 1);
            let replaced = inner.write().unwrap_or_else(std::sync::PoisonError::into_inner).finish_rebuild(Some(built));
            // Freed here, on the blocking pool and without the lock.
            drop(replaced);
        });
        let inner = self.inner.clone();
        tokio::spawn(async move {
            if let Err(e) = rebuilt.await {
                // The build panicked: the served index stays, and a later change may start another.
                tracing::error!(error = %e, "rebuilding the screening index failed");
                inner.write().unwrap_or_else(std::sync::PoisonError::into_inner).finish_rebuild(None);
            }
        });
    }

    pub fn sizes(&self) -> Sizes {
        match self.inner.read() {
            Ok(inner) => Sizes {
                records: inner.entries.len(),
                documents: inner.documents.values().map(Vec::len).sum(),
                flags: inner.flags.len(),
            },
            Err(_) => Sizes::default(),
        }
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Inner> {
        // A panic while holding the lock leaves a consistent index (every update is a remove then an
        // insert), so a poisoned lock is taken over rather than propagated.
        self.inner.write().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Re-reads one record after a write to it: live records are (re)indexed, others dropped.
    pub async fn refresh(&self, kind: RecordKind, id: &str) {
        let mut cursor = self.cursor.lock().await;
        match self.store.screening_listing(kind, id).await {
            Ok(changes) => {
                // The version applied here is one a later poll meets again. Only the version is noted:
                // this record's change time says nothing of other records' changes not yet read.
                cursor.applied.extend(changes.versions.iter().cloned());
                self.apply(changes).await;
            }
            Err(e) => tracing::warn!(error = %e, kind = kind.as_str(), id, "screening refresh failed"),
        }
    }

    /// Makes `changes` to the index, then compacts it if it asks. Indexing a record analyses its names,
    /// CPU work: it runs on the blocking pool, a slice at a time so that screenings go on between
    /// slices. Removals alone are made here.
    async fn apply(&self, changes: ListingChanges) {
        if changes.live.is_empty() {
            self.write().apply(changes);
            return;
        }
        let inner = self.inner.clone();
        let indexed = tokio::task::spawn_blocking(move || {
            let ListingChanges { mut live, gone, .. } = changes;
            let lock = || inner.write().unwrap_or_else(std::sync::PoisonError::into_inner);
            lock().apply(ListingChanges { gone, ..ListingChanges::default() });
            while !live.is_empty() {
                let rest = live.split_off(live.len().min(APPLY_SLICE));
                lock().apply(ListingChanges { live, ..ListingChanges::default() });
                live = rest;
            }
        });
        if let Err(e) = indexed.await {
            tracing::error!(error = %e, "applying the changes to the screening index failed");
        }
        self.compact_if_wanted();
    }

    /// Applies everything changed since the last poll (imports and sweeps by other processes) and
    /// returns how many records that was: a version already applied (by this server's own write, or an
    /// earlier poll) is neither read nor indexed again. A register is reloaded only when its mark moved.
    pub async fn poll(&self) -> usize {
        let mut cursor = self.cursor.lock().await;
        let known = cursor.marks;
        let changes = match self.store.screening_changes(cursor.since - POLL_OVERLAP_MS, &cursor.applied).await {
            Ok(changes) => changes,
            Err(e) => {
                tracing::warn!(error = %e, "screening poll failed");
                return 0;
            }
        };
        cursor.note(&changes);
        let mut applied = changes.live.len() + changes.gone.len();
        if applied > 0 {
            self.apply(changes).await;
        }
        let marks = match self.store.register_marks().await {
            Ok(marks) => marks,
            Err(e) => {
                tracing::warn!(error = %e, "screening poll failed");
                return applied;
            }
        };
        // Travel document reports: those made or withdrawn since, not the whole register (which can
        // hold millions).
        let documents = match self.store.travel_document_changes(cursor.documents_since - POLL_OVERLAP_MS).await {
            Ok(records) => cursor.documents_to_apply(records),
            Err(e) => {
                tracing::warn!(error = %e, "reading travel document changes failed");
                return applied;
            }
        };
        if !documents.is_empty() {
            let mut inner = self.write();
            for record in &documents {
                inner.apply_document(record);
            }
        }
        applied += documents.len();
        // A register whose mark moved is reloaded whole; on a failure the marks are kept, so the next
        // poll tries again.
        if marks.flags != known.flags {
            let Some(flags) = reloaded(self.store.active_country_flags(), "country flags").await else {
                return applied;
            };
            self.write().flags = ByRecord::from_entries(flags);
        }
        if marks.clearances != known.clearances {
            let Some(clearances) = reloaded(self.store.active_clearances(), "clearances").await else { return applied };
            self.write().clearances = ByRecord::from_entries(clearances);
        }
        if marks.challenges != known.challenges {
            let Some(challenges) = reloaded(self.store.pending_challenges(), "challenges").await else {
                return applied;
            };
            self.write().challenges = ByRecord::from_entries(challenges);
        }
        if marks.outcomes != known.outcomes {
            let Some(found) = reloaded(self.store.misidentifications(), "alert outcomes").await else { return applied };
            self.write().misidentified = ByRecord::from_entries(found);
        }
        if marks.safeguards != known.safeguards {
            let Some(register) = reloaded(self.store.safeguard_register(), "the safeguard register").await else {
                return applied;
            };
            let Some(safeguards) = self.safeguards_from(register).await else { return applied };
            self.write().safeguards = safeguards;
        }
        cursor.marks = marks;
        applied
    }

    /// Reloads the safeguard register after a refugee status, an extradition refusal or a corrective
    /// measure was recorded, so that the next screening shows it. A failure is logged and left to the
    /// next poll (the mark it keeps has not moved).
    pub async fn safeguards_changed(&self) {
        let _serial = self.cursor.lock().await;
        if let Some(register) = reloaded(self.store.safeguard_register(), "the safeguard register").await
            && let Some(safeguards) = self.safeguards_from(register).await
        {
            self.write().safeguards = safeguards;
        }
    }

    /// The safeguard register in memory, its persons indexed on the blocking pool (indexing is CPU work,
    /// and a register can hold thousands of persons). `None` if that failed, which is logged.
    async fn safeguards_from(&self, register: SafeguardRegister) -> Option<Safeguards> {
        let analyser = self.analyser.clone();
        tokio::task::spawn_blocking(move || Safeguards::from_register(register, analyser))
            .await
            .map_err(|e| tracing::error!(error = %e, "indexing the safeguard register failed"))
            .ok()
    }

    /// Applies one report as the store returned it after a write: an active report matches from now
    /// on, a withdrawn one no longer does.
    pub fn document_changed(&self, record: &DocumentRecord) {
        self.write().apply_document(record);
    }

    /// Applies one flag as the store returned it after a write: set or lifted.
    pub fn flag_changed(&self, flag: &CountryFlag) {
        self.write().flags.apply(flag);
    }

    /// Applies one clearance as the store returned it after a write: recorded or withdrawn.
    pub fn clearance_changed(&self, clearance: &Clearance) {
        self.write().clearances.apply(clearance);
    }

    /// Applies one challenge as the store returned it after a write: registered or decided.
    pub fn challenge_changed(&self, challenge: &Challenge) {
        self.write().challenges.apply(challenge);
    }

    /// Applies an alert's outcome, recorded or corrected, as the store returned it after a write: it goes
    /// out on the alert stream, and a traveller found not to be the subject of a notice or diffusion is on
    /// every later hit of it (until a correction says otherwise).
    pub fn outcome_recorded(&self, alert: &AlertRecord) {
        let Some(outcome) = &alert.outcome else { return };
        // Streamed to those who receive the alert (no subscriber is no error).
        let _ = self.alerts.send(Arc::new(alert.clone()));
        let Ok(kind) = RecordKind::parse("kind", &alert.kind) else { return };
        let found = Misidentification {
            kind,
            object_id: alert.object_id.clone(),
            alert: alert.seq,
            identity: outcome.identity,
            recorded_at_ms: outcome.recorded_at_ms,
        };
        let mut inner = self.write();
        // An outcome that never said `not_the_person` leaves the register as it is (no key is built).
        if found.stands() || !inner.misidentified.on(kind, &alert.object_id).is_empty() {
            inner.misidentified.apply(&found);
        }
    }

    /// Adds to `context` what the safeguard register records of persons the engine finds close to
    /// `subject` but not under its exact identity keys ([`RegisterLinks::widen`]); off the async executor.
    pub async fn widen(&self, subject: &Subject, context: &mut ReviewContext) {
        let inner = self.inner.clone();
        let subject = subject.clone();
        let links = tokio::task::spawn_blocking(move || {
            let inner = inner.read().unwrap_or_else(std::sync::PoisonError::into_inner);
            inner.safeguards.links.possible(&subject)
        })
        .await
        .unwrap_or_default();
        add_links(links, context);
    }

    /// The live notices and diffusions of `owner` that `viewer` may see and whose subject the engine
    /// finds close to `subject` (at [`LINK_THRESHOLD`]), best first; off the async executor.
    pub async fn records_about(&self, viewer: Viewer, subject: &Subject, owner: CountryCode) -> Vec<LinkedRecord> {
        let inner = self.inner.clone();
        let query = query(subject);
        tokio::task::spawn_blocking(move || {
            let inner = inner.read().unwrap_or_else(std::sync::PoisonError::into_inner);
            let visible =
                |key: u64| inner.entries.get(&key).is_some_and(|e| e.owner == owner && may_read(&viewer, &e.facts()));
            inner
                .index
                .search(&query, 20, LINK_THRESHOLD, &visible)
                .into_iter()
                .filter_map(|hit| {
                    let entry = inner.entries.get(&hit.key)?;
                    let (kind, id, label) = (entry.kind, entry.id.clone(), entry.label.clone());
                    Some(LinkedRecord { kind, id, label, score: hit.score })
                })
                .collect()
        })
        .await
        .unwrap_or_default()
    }

    /// Searches for each query what `viewer` may see and `admit` lets through (the records a client
    /// chose to screen against), off the async executor.
    pub async fn search(
        &self,
        viewer: Viewer,
        queries: Vec<(Query, Vec<String>)>,
        limit: usize,
        cutoff: f32,
        admit: impl Fn(&Entry) -> bool + Send + 'static,
    ) -> Vec<Found> {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let inner = inner.read().unwrap_or_else(std::sync::PoisonError::into_inner);
            let visible = |key: u64| inner.entries.get(&key).is_some_and(|e| may_read(&viewer, &e.facts()) && admit(e));
            queries
                .iter()
                .map(|(query, numbers)| {
                    let candidates = inner
                        .index
                        .search(query, limit, cutoff, &visible)
                        .into_iter()
                        .filter_map(|hit| {
                            let entry = inner.entries.get(&hit.key)?.clone();
                            let flags = inner.flags.on(entry.kind, &entry.id).to_vec();
                            let challenges = inner.challenges.on(entry.kind, &entry.id).to_vec();
                            let known = if hit.score >= ALERT_THRESHOLD {
                                inner.safeguards.about(entry.owner, &entry.subject)
                            } else {
                                Known::default()
                            };
                            let cleared = inner
                                .clearances
                                .on(entry.kind, &entry.id)
                                .iter()
                                .find(|c| numbers.contains(&c.document_number))
                                .cloned();
                            let misidentified = Misidentifications::of(inner.misidentified.on(entry.kind, &entry.id));
                            Some(Candidate {
                                entry,
                                score: hit.score,
                                explanations: hit.explanations,
                                flags,
                                challenges,
                                known,
                                cleared,
                                misidentified,
                            })
                        })
                        .collect();
                    let documents = numbers.iter().filter_map(|n| inner.documents.get(n)).flatten().cloned().collect();
                    Found { candidates, documents }
                })
                .collect()
        })
        .await
        .unwrap_or_default()
    }

    /// Stores and audits a screening's events and alerts (with other screenings of the moment, in one
    /// transaction), then streams the alerts. Returns once they are durable.
    pub async fn log(
        &self,
        actor: &Actor,
        events: Vec<AuditEvent>,
        alerts: Vec<NewAlert>,
    ) -> Result<Vec<AlertRecord>, StoreError> {
        if article3_store::screening_country(actor).is_none() {
            return Err(
                article3_domain::Forbidden::new("border officers, bureaus and caseworkers screen travellers").into()
            );
        }
        let (done, stored) = oneshot::channel();
        let log = ScreeningLog { actor: actor.clone(), events, alerts };
        self.logger
            .send(Pending { log, done })
            .map_err(|_| StoreError::Corrupt("the screening logger stopped".into()))?;
        match stored.await {
            Ok(Ok(records)) => Ok(records),
            Ok(Err(e)) => Err(StoreError::Corrupt(format!("screening log: {e}"))),
            Err(_) => Err(StoreError::Corrupt("the screening logger stopped".into())),
        }
    }

    /// A live feed of alerts as they are raised.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<AlertRecord>> {
        self.alerts.subscribe()
    }
}

fn group_documents(records: Vec<DocumentRecord>) -> HashMap<String, Vec<DocumentRecord>> {
    let mut map: HashMap<String, Vec<DocumentRecord>> = HashMap::new();
    for r in records {
        map.entry(r.report.number.clone()).or_default().push(r);
    }
    map
}

/// A register read whole for the index, or `None` with the failure logged.
async fn reloaded<T>(read: impl std::future::Future<Output = Result<T, StoreError>>, what: &str) -> Option<T> {
    match read.await {
        Ok(register) => Some(register),
        Err(e) => {
            tracing::warn!(error = %e, "reloading {what} failed");
            None
        }
    }
}

/// An entry kept beside a notice or diffusion and shown on its hits while it stands: a country flag, a
/// clearance, a pending challenge.
trait OnRecord: Clone {
    fn record(&self) -> (RecordKind, &str);
    /// The same entry (another version of it).
    fn same(&self, other: &Self) -> bool;
    fn stands(&self) -> bool;
}

/// Flags and clearances name their record and stand alike.
macro_rules! on_record_while_active {
    ($($t:ty),*) => {$(
        impl OnRecord for $t {
            fn record(&self) -> (RecordKind, &str) {
                (self.kind, &self.object_id)
            }
            fn same(&self, other: &Self) -> bool {
                self.id == other.id
            }
            fn stands(&self) -> bool {
                self.is_active()
            }
        }
    )*};
}

on_record_while_active!(CountryFlag, Clearance);

impl OnRecord for Challenge {
    fn record(&self) -> (RecordKind, &str) {
        (self.application.kind, &self.application.object_id)
    }
    fn same(&self, other: &Self) -> bool {
        self.id == other.id
    }
    fn stands(&self) -> bool {
        self.is_pending()
    }
}

/// An outcome is never withdrawn: it stands for good, one per alert.
impl OnRecord for Misidentification {
    fn record(&self) -> (RecordKind, &str) {
        (self.kind, &self.object_id)
    }
    fn same(&self, other: &Self) -> bool {
        self.alert == other.alert
    }
    fn stands(&self) -> bool {
        self.identity == article3_domain::Identification::NotThePerson
    }
}

/// The standing entries of one register, by record.
struct ByRecord<T>(HashMap<(RecordKind, String), Vec<T>>);

impl<T: OnRecord> ByRecord<T> {
    /// The register as the store listed it (standing entries only; any other is left out).
    fn from_entries(entries: Vec<T>) -> Self {
        let mut map: HashMap<(RecordKind, String), Vec<T>> = HashMap::new();
        for e in entries.into_iter().filter(OnRecord::stands) {
            let (kind, id) = e.record();
            map.entry((kind, id.to_owned())).or_default().push(e);
        }
        Self(map)
    }

    /// An entry as the store returned it: kept while it stands, dropped once it no longer does.
    fn apply(&mut self, entry: &T) {
        let (kind, id) = entry.record();
        let key = (kind, id.to_owned());
        let standing = self.0.entry(key.clone()).or_default();
        standing.retain(|e| !e.same(entry));
        if entry.stands() {
            standing.push(entry.clone());
        } else if standing.is_empty() {
            self.0.remove(&key);
        }
    }

    fn on(&self, kind: RecordKind, id: &str) -> &[T] {
        // Most registers hold nothing on most records: no key is built for an empty one.
        if self.0.is_empty() {
            return &[];
        }
        self.0.get(&(kind, id.to_owned())).map_or(&[], Vec::as_slice)
    }

    fn len(&self) -> usize {
        self.0.values().map(Vec::len).sum()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use std::collections::BTreeSet;

    use article3_domain::{NameKind, PersonName, Sex};

    use super::*;

    fn subject(name: &str) -> Subject {
        let names = vec![PersonName::new(NameKind::Primary, Some(name), None, None, None, None).unwrap()];
        Subject::new(names, Vec::new(), Sex::Unknown, BTreeSet::new(), Vec::new(), None, None).unwrap()
    }

    fn entry(id: &str, name: &str) -> Entry {
        Entry {
            kind: RecordKind::Notice,
            id: id.to_owned(),
            owner: CountryCode::parse("owner", "FR").unwrap(),
            label: "red notice".to_owned(),
            action: Colour::Red.purpose().to_owned(),
            seeks_arrest: true,
            unreviewed: false,
            colour: Some(Colour::Red),
            purpose: None,
            created_ms: 0,
            changed_ms: 0,
            subject: Arc::new(subject(name)),
            access: Access::Notice {
                colour: Colour::Red,
                status: NoticeStatus::Published,
                restrictions: Restrictions::None,
                public_extract: false,
            },
        }
    }

    fn empty(analyser: Arc<Analyser>) -> Inner {
        Inner {
            index: Index::build(analyser, Vec::new()),
            rebuilding: None,
            entries: HashMap::new(),
            keys: HashMap::new(),
            next_key: 1,
            documents: HashMap::new(),
            flags: ByRecord::from_entries(Vec::new()),
            clearances: ByRecord::from_entries(Vec::new()),
            challenges: ByRecord::from_entries(Vec::new()),
            misidentified: ByRecord::from_entries(Vec::new()),
            safeguards: Safeguards::default(),
        }
    }

    /// The ids of the records whose subject the index finds under `name`.
    fn found(inner: &Inner, index: &Index, name: &str) -> Vec<String> {
        index
            .search(&query(&subject(name)), 10, ALERT_THRESHOLD, &|_| true)
            .iter()
            .filter_map(|hit| inner.entries.get(&hit.key).map(|e| e.id.clone()))
            .collect()
    }

    /// A filler's name: two words of six letters drawn from `n` (mixed, so that neighbours differ in
    /// every letter).
    fn filler_name(n: u64) -> String {
        let spell = |seed: u64| {
            let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let mut word = String::new();
            for _ in 0..6 {
                word.push(char::from(b'a' + (x % 26) as u8));
                x /= 26;
            }
            word
        };
        format!("{} {}", spell(n), spell(n + 1_000_003))
    }

    #[test]
    fn a_new_index_built_beside_the_served_one_takes_over_with_the_changes_made_meanwhile() {
        let analyser = shipped_analyser().unwrap();
        let mut inner = empty(analyser.clone());
        inner.insert(entry("marie", "Marie Exemple"));
        inner.insert(entry("jean", "Jean Exemple"));
        assert!(!inner.begin_rebuild(), "a fresh index needs no rebuild");
        let mut n = 0;
        while !inner.index.wants_compaction() {
            inner.insert(entry(&format!("filler-{n}"), &filler_name(n)));
            n += 1;
            assert!(n < 100_000, "the additions never asked for compaction");
        }
        assert!(inner.begin_rebuild(), "a rebuild once the index asks for it");
        assert!(!inner.begin_rebuild(), "one rebuild at a time");
        // A record published before the snapshot is taken is in both the snapshot and the log.
        inner.insert(entry("olga", "Olga Sidorova"));
        let snapshot = inner.live_subjects();
        // Meanwhile, a record is cancelled and another published: the served index follows at once.
        inner.remove(RecordKind::Notice, "marie");
        inner.insert(entry("zinaida", "Zinaida Krasnova"));
        assert_eq!(found(&inner, &inner.index, "Zinaida Krasnova"), ["zinaida"]);
        assert!(found(&inner, &inner.index, "Marie Exemple").is_empty());
        // The index built from the snapshot alone still holds the cancelled record and lacks the new one.
        let built = Index::build(analyser, snapshot.iter().map(|(key, s)| identity(*key, s)).collect::<Vec<_>>());
        assert!(found(&inner, &built, "Zinaida Krasnova").is_empty());
        let marie = query(&subject("Marie Exemple"));
        assert!(!built.search(&marie, 10, ALERT_THRESHOLD, &|_| true).is_empty(), "the snapshot's cancelled record");
        assert_eq!(built.len(), snapshot.len(), "every record of the snapshot indexed");
        // Taking over, it gets the changes made meanwhile.
        let replaced = inner.finish_rebuild(Some(built)).expect("the served index is handed back");
        assert_eq!(found(&inner, &replaced, "Zinaida Krasnova"), ["zinaida"], "the index that served until now");
        assert!(inner.rebuilding.is_none());
        assert!(!inner.index.wants_compaction(), "the new index has folded everything into its base");
        assert_eq!(found(&inner, &inner.index, "Zinaida Krasnova"), ["zinaida"]);
        assert!(
            inner.index.search(&marie, 10, ALERT_THRESHOLD, &|_| true).is_empty(),
            "the cancelled record stays out"
        );
        assert_eq!(found(&inner, &inner.index, "Jean Exemple"), ["jean"]);
        assert_eq!(found(&inner, &inner.index, "Olga Sidorova"), ["olga"], "made twice, held once");
        assert!(found(&inner, &inner.index, &filler_name(7)).contains(&"filler-7".to_owned()));
        assert_eq!(inner.index.len(), inner.entries.len());
    }

    #[test]
    fn a_failed_rebuild_leaves_the_served_index_as_it_was() {
        let analyser = shipped_analyser().unwrap();
        let mut inner = empty(analyser);
        inner.insert(entry("jean", "Jean Exemple"));
        inner.rebuilding = Some(Vec::new());
        inner.insert(entry("zinaida", "Zinaida Krasnova"));
        assert!(inner.finish_rebuild(None).is_none());
        assert!(inner.rebuilding.is_none(), "a later rebuild may start");
        assert_eq!(found(&inner, &inner.index, "Zinaida Krasnova"), ["zinaida"]);
        assert_eq!(found(&inner, &inner.index, "Jean Exemple"), ["jean"]);
    }
}
