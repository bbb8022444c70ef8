//! Challenges before the Commission: the Commission registers an application contesting a notice or
//! diffusion under its file reference, and decides it later; the Commission and reviewers list them all,
//! a bureau those against its own country's requests. Every change and every listing is audited in the
//! same transaction.

use article3_domain::audit::AuditEvent;
use article3_domain::{
    Actor, Challenge, ChallengeApplication, ChallengeDecision, ChallengeOutcome, CountryCode, EarlierChallenge,
    Forbidden, RecordKind, Role,
};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::codec::{corrupt, date_string, parse_date_string};
use crate::register;
use crate::sql::SqlStore;
use crate::{ListedChallenge, Reader, Result, StoreError, or_conflict};

/// A challenge's own columns.
macro_rules! columns {
    () => {
        "id, object_kind, object_id, requesting_country, reference, grounds, lodged_on, registered_by, \
         registered_at, outcome, decided_at, decided_by, decision_reason"
    };
}

const COLUMNS: &str = columns!();

/// [`COLUMNS`] and the contested record's status as it is now (`record_status`).
const LISTED_COLUMNS: &str = concat!(
    columns!(),
    ", CASE object_kind \
     WHEN 'notice' THEN (SELECT status FROM notices n WHERE n.id = challenges.object_id) \
     ELSE (SELECT status FROM diffusions d WHERE d.id = challenges.object_id) \
     END AS record_status"
);

fn from_row(r: &AnyRow) -> Result<Challenge> {
    let kind: String = r.try_get("object_kind")?;
    let lodged_on: String = r.try_get("lodged_on")?;
    let decision = match r.try_get::<Option<String>, _>("outcome")? {
        None => None,
        Some(outcome) => Some(ChallengeDecision {
            outcome: ChallengeOutcome::parse("outcome", &outcome).map_err(|e| corrupt("outcome", e))?,
            reason: r.try_get::<Option<String>, _>("decision_reason")?.unwrap_or_default(),
            by: r.try_get::<Option<String>, _>("decided_by")?.unwrap_or_default(),
            at_ms: r.try_get::<Option<i64>, _>("decided_at")?.unwrap_or_default(),
        }),
    };
    Ok(Challenge {
        id: r.try_get("id")?,
        application: ChallengeApplication {
            kind: RecordKind::parse("object_kind", &kind).map_err(|e| corrupt("object_kind", e))?,
            object_id: r.try_get("object_id")?,
            reference: r.try_get("reference")?,
            grounds: r.try_get("grounds")?,
            lodged_on: parse_date_string("lodged_on", &lodged_on)?,
        },
        registered_by: r.try_get("registered_by")?,
        registered_at_ms: r.try_get("registered_at")?,
        decision,
    })
}

fn commission_only(actor: &Actor) -> Result<()> {
    if actor.role == Role::Commission {
        Ok(())
    } else {
        Err(Forbidden::new("only the Commission registers and decides challenges").into())
    }
}

impl SqlStore {
    /// The challenges brought against a record, oldest first, as the review context gives them (the file,
    /// the day lodged and the outcome; not the grounds).
    pub(crate) async fn challenges_against(&self, kind: &str, id: &str) -> Result<Vec<EarlierChallenge>> {
        let rows = sqlx::query(
            "SELECT reference, lodged_on, outcome FROM challenges WHERE object_kind = $1 AND object_id = $2 \
             ORDER BY registered_at, id",
        )
        .bind(kind)
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let lodged_on: String = r.try_get("lodged_on")?;
                let outcome: Option<String> = r.try_get("outcome")?;
                Ok(EarlierChallenge {
                    reference: r.try_get("reference")?,
                    lodged_on: parse_date_string("lodged_on", &lodged_on)?,
                    outcome: outcome
                        .map(|o: String| {
                            ChallengeOutcome::parse("outcome", &o).map_err(|e| corrupt("challenges.outcome", e))
                        })
                        .transpose()?,
                })
            })
            .collect()
    }

    pub(crate) async fn register_challenge(
        &self,
        actor: &Actor,
        application: &ChallengeApplication,
    ) -> Result<Challenge> {
        commission_only(actor)?;
        let a = application;
        let mut tx = self.begin().await?;
        let action = format!("{}.challenge", a.kind.as_str());
        let Some((owner, _)) = self.visible_owner(&mut tx, Reader::Actor(actor), a.kind, &a.object_id, &action).await?
        else {
            tx.commit().await?;
            return Err(StoreError::NotFound);
        };
        let taken = sqlx::query("SELECT object_kind, object_id FROM challenges WHERE reference = $1")
            .bind(&a.reference)
            .fetch_optional(tx.conn().await?)
            .await?;
        if let Some(row) = taken {
            let (kind, id): (String, String) = (row.try_get("object_kind")?, row.try_get("object_id")?);
            return Err(StoreError::Conflict(format!(
                "file {} is already registered, against {kind} {id}",
                a.reference
            )));
        }
        let registered_at = register::change_time(&mut tx, "challenges", ("registered_at", "decided_at")).await?;
        let id = uuid::Uuid::now_v7().to_string();
        sqlx::query(
            "INSERT INTO challenges (id, object_kind, object_id, requesting_country, reference, grounds, lodged_on, \
             registered_by, registered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&id)
        .bind(a.kind.as_str())
        .bind(&a.object_id)
        .bind(owner.to_string())
        .bind(&a.reference)
        .bind(&a.grounds)
        .bind(date_string(a.lodged_on))
        .bind(&actor.name)
        .bind(registered_at)
        .execute(tx.conn().await?)
        .await
        .map_err(|e| or_conflict(e, || format!("file {} is already registered", a.reference)))?;
        tx.audit(AuditEvent::new("challenge.register", "challenge", &id).by(actor).detail(format!(
            "{} {}: file {}, lodged {}",
            a.kind.as_str(),
            a.object_id,
            a.reference,
            date_string(a.lodged_on)
        )))
        .await?;
        tx.commit().await?;
        Ok(Challenge {
            id,
            application: a.clone(),
            registered_by: actor.name.clone(),
            registered_at_ms: registered_at,
            decision: None,
        })
    }

    pub(crate) async fn decide_challenge(
        &self,
        actor: &Actor,
        id: &str,
        outcome: ChallengeOutcome,
        reason: &str,
    ) -> Result<Challenge> {
        commission_only(actor)?;
        let reason = article3_domain::decision_reason("reason", reason)?;
        let mut tx = self.begin().await?;
        let sql = format!("SELECT {COLUMNS} FROM challenges WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(tx.conn().await?).await?;
        let Some(mut challenge) = row.as_ref().map(from_row).transpose()? else { return Err(StoreError::NotFound) };
        if let Some(d) = &challenge.decision {
            return Err(StoreError::Conflict(format!(
                "challenge {} was already decided ({})",
                challenge.application.reference,
                d.outcome.as_str()
            )));
        }
        let decided_at = register::change_time(&mut tx, "challenges", ("registered_at", "decided_at")).await?;
        let updated = sqlx::query(
            "UPDATE challenges SET outcome = $1, decided_at = $2, decided_by = $3, decision_reason = $4 \
             WHERE id = $5 AND outcome IS NULL",
        )
        .bind(outcome.as_str())
        .bind(decided_at)
        .bind(&actor.name)
        .bind(&reason)
        .bind(id)
        .execute(tx.conn().await?)
        .await?
        .rows_affected();
        // Another member of the Commission decided it since it was read.
        if updated == 0 {
            return Err(StoreError::Conflict(format!(
                "challenge {} was already decided",
                challenge.application.reference
            )));
        }
        tx.audit(
            AuditEvent::new("challenge.decide", "challenge", id)
                .by(actor)
                .detail(format!("{}: {reason}", outcome.as_str())),
        )
        .await?;
        challenge.decision = Some(ChallengeDecision { outcome, reason, by: actor.name.clone(), at_ms: decided_at });
        tx.commit().await?;
        Ok(challenge)
    }

    pub(crate) async fn list_challenges(
        &self,
        actor: &Actor,
        object: Option<(RecordKind, &str)>,
    ) -> Result<Vec<ListedChallenge>> {
        // Every challenge, or those against one country's own requests.
        let own: Option<CountryCode> = match (actor.role, actor.country) {
            (Role::Commission | Role::Reviewer, _) => None,
            (Role::Ncb, Some(c)) => Some(c),
            _ => {
                return Err(Forbidden::new(
                    "the Commission and reviewers list challenges; a bureau lists those against its requests",
                )
                .into());
            }
        };
        let mut tx = self.begin().await?;
        let rows = register::entries_by(
            &mut tx,
            ("challenges", LISTED_COLUMNS, "registered_at, id"),
            own.map(|c| ("requesting_country", c)),
            object,
        )
        .await?;
        let challenges = rows
            .iter()
            .map(|r| Ok(ListedChallenge { challenge: from_row(r)?, record_status: r.try_get("record_status")? }))
            .collect::<Result<Vec<_>>>()?;
        let target = register::listed_target(object);
        tx.audit(
            AuditEvent::new("challenge.list", "challenge", "*")
                .by(actor)
                .detail(format!("{target}: challenges={}", challenges.len())),
        )
        .await?;
        tx.commit().await?;
        Ok(challenges)
    }

    /// Every pending challenge, for the screening index (what a hit says, not the grounds).
    pub(crate) async fn pending_challenges(&self) -> Result<Vec<Challenge>> {
        let sql = format!("SELECT {COLUMNS} FROM challenges WHERE outcome IS NULL ORDER BY registered_at, id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(self.pool()).await?;
        rows.iter().map(from_row).collect()
    }
}
