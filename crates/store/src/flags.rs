//! Country flags: a bureau records that its country will not act on another country's notice or
//! diffusion, lifts its flag later, and lists its flags; reviewers and the Commission list them all.
//! Every change and every listing is audited in the same transaction.

use article3_domain::audit::AuditEvent;
use article3_domain::{Actor, CountryCode, CountryFlag, FieldError, Forbidden, RecordKind, Role};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::codec::corrupt;
use crate::register;
use crate::sql::SqlStore;
use crate::{Reader, Result, StoreError, or_conflict};

const COLUMNS: &str =
    "id, object_kind, object_id, country, reason, flagged_by, flagged_at, withdrawn_at, withdrawn_by, withdrawn_reason";

pub(crate) fn from_row(r: &AnyRow) -> Result<CountryFlag> {
    let kind: String = r.try_get("object_kind")?;
    let country: String = r.try_get("country")?;
    Ok(CountryFlag {
        id: r.try_get("id")?,
        kind: RecordKind::parse("object_kind", &kind).map_err(|e| corrupt("object_kind", e))?,
        object_id: r.try_get("object_id")?,
        country: CountryCode::parse("country", &country).map_err(|e| corrupt("country", e))?,
        reason: r.try_get("reason")?,
        flagged_by: r.try_get("flagged_by")?,
        flagged_at_ms: r.try_get("flagged_at")?,
        withdrawn: crate::register::withdrawal(r)?,
    })
}

/// The country a flagging account speaks for.
fn flagging_bureau(actor: &Actor) -> Result<CountryCode> {
    match (actor.role, actor.country) {
        (Role::Ncb, Some(c)) => Ok(c),
        _ => Err(Forbidden::new("only a national bureau sets or lifts its country's flags").into()),
    }
}

impl SqlStore {
    pub(crate) async fn set_flag(
        &self,
        actor: &Actor,
        kind: RecordKind,
        object_id: &str,
        reason: &str,
    ) -> Result<CountryFlag> {
        let country = flagging_bureau(actor)?;
        let reason = article3_domain::flag_reason("reason", reason)?;
        let mut tx = self.begin().await?;
        let action = format!("{}.flag", kind.as_str());
        let Some((owner, live)) = self.visible_owner(&mut tx, Reader::Actor(actor), kind, object_id, &action).await?
        else {
            tx.commit().await?;
            return Err(StoreError::NotFound);
        };
        if owner == country {
            return Err(FieldError::new(
                "id",
                "own_request",
                "a country does not flag its own request; it cancels or withdraws it",
            )
            .into());
        }
        if !live {
            return Err(FieldError::new(
                "id",
                "not_live",
                "only a published notice or a circulated diffusion is flagged",
            )
            .into());
        }
        let flagged = || format!("{country} has already flagged {} {object_id}", kind.as_str());
        let active = sqlx::query(
            "SELECT id FROM country_flags WHERE object_kind = $1 AND object_id = $2 AND country = $3 AND withdrawn_at IS NULL",
        )
        .bind(kind.as_str())
        .bind(object_id)
        .bind(country.to_string())
        .fetch_optional(tx.conn().await?)
        .await?;
        if active.is_some() {
            return Err(StoreError::Conflict(flagged()));
        }
        let id = uuid::Uuid::now_v7().to_string();
        sqlx::query(
            "INSERT INTO country_flags (id, object_kind, object_id, country, reason, flagged_by, flagged_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(kind.as_str())
        .bind(object_id)
        .bind(country.to_string())
        .bind(&reason)
        .bind(&actor.name)
        .bind(tx.now)
        .execute(tx.conn().await?)
        .await
        .map_err(|e| or_conflict(e, flagged))?;
        tx.audit(
            AuditEvent::new("country_flag.set", "country_flag", &id)
                .by(actor)
                .detail(format!("{} {object_id}: {reason}", kind.as_str())),
        )
        .await?;
        let flagged_at_ms = tx.now;
        tx.commit().await?;
        Ok(CountryFlag {
            id,
            kind,
            object_id: object_id.to_owned(),
            country,
            reason,
            flagged_by: actor.name.clone(),
            flagged_at_ms,
            withdrawn: None,
        })
    }

    pub(crate) async fn lift_flag(&self, actor: &Actor, id: &str, reason: &str) -> Result<CountryFlag> {
        let country = flagging_bureau(actor)?;
        let reason = register::withdrawal_reason(reason, "say why the flag is lifted")?;
        let mut tx = self.begin().await?;
        let sql = format!("SELECT {COLUMNS} FROM country_flags WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(tx.conn().await?).await?;
        let Some(mut flag) = row.as_ref().map(from_row).transpose()? else { return Err(StoreError::NotFound) };
        // Another country's flag is not even acknowledged to exist.
        if flag.country != country {
            return Err(StoreError::NotFound);
        }
        if flag.withdrawn.is_some() {
            return Err(StoreError::Conflict(format!("flag {id} is already lifted")));
        }
        let withdrawal = register::withdraw(
            &mut tx,
            ("country_flags", "flagged_at", "country_flag", "country_flag.lift"),
            id,
            actor,
            (reason, register::AuditedReason::Kept),
        )
        .await?;
        flag.withdrawn = Some(withdrawal);
        tx.commit().await?;
        Ok(flag)
    }

    pub(crate) async fn list_flags(
        &self,
        actor: &Actor,
        object: Option<(RecordKind, &str)>,
    ) -> Result<Vec<CountryFlag>> {
        // Every country's flags, or one country's own.
        let own = match (actor.role, actor.country) {
            (Role::Reviewer | Role::Commission, _) => None,
            (Role::Ncb | Role::Border | Role::Caseworker, Some(c)) => Some(c),
            _ => return Err(Forbidden::new("a bureau lists its own country's flags; reviewers list all").into()),
        };
        let mut tx = self.begin().await?;
        let rows = register::entries(&mut tx, ("country_flags", COLUMNS, "flagged_at, id"), own, object).await?;
        let flags = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
        let target = register::listed_target(object);
        tx.audit(
            AuditEvent::new("country_flag.list", "country_flag", "*")
                .by(actor)
                .detail(format!("{target}: flags={}", flags.len())),
        )
        .await?;
        tx.commit().await?;
        Ok(flags)
    }

    /// Every flag that stands, for the screening index (not a read of personal data).
    pub(crate) async fn active_flags(&self) -> Result<Vec<CountryFlag>> {
        let sql = format!("SELECT {COLUMNS} FROM country_flags WHERE withdrawn_at IS NULL ORDER BY flagged_at, id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(self.pool()).await?;
        rows.iter().map(from_row).collect()
    }
}
