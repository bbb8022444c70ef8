//! article3's core: the types every other crate speaks, their validation, the lifecycles of notices and
//! diffusions, who may do what, and the one visibility policy that decides every read.
//!
//! Invariant: this crate does no IO and knows nothing of async runtimes, databases, HTTP or wire formats.
//! Inputs arrive as plain values; everything leaves validated or as a [`FieldError`] naming the field.

pub mod alert_outcome;
pub mod audit;
pub mod challenge;
pub mod clearance;
pub mod country;
pub mod diffusion;
pub mod error;
pub mod flag;
pub mod ids;
pub mod notice;
pub mod retention;
pub mod review;
pub mod role;
pub mod subject;
pub mod travel_document;
pub mod visibility;

pub use alert_outcome::{AlertFacts, AlertOutcome, HitAction, Identification, check_outcome, outcome_reason};
pub use challenge::{Challenge, ChallengeApplication, ChallengeDecision, ChallengeOutcome, decision_reason};
pub use clearance::{Clearance, clearance_document, clearance_reason};
pub use country::{Country, CountryCode, CountryRegistry, MembershipStatus};
pub use diffusion::{DiffusionAction, DiffusionPurpose, DiffusionRequest, DiffusionStatus, Recipients};
pub use error::{FieldError, Forbidden, TransitionError};
pub use flag::{CountryFlag, RecordKind, flag_reason};
pub use ids::{DiffusionId, NoticeId, ReviewId, UserId};
pub use notice::{
    Charge, Colour, InAbsentia, JudicialData, MaxPenalty, NoticeAction, NoticeRequest, NoticeStatus, Purpose,
    Restrictions, Warrant,
};
pub use review::{
    CorrectiveMeasure, Decision, DueProcessConcern, EarlierChallenge, EarlierMatch, EarlierRequest, Evaluation,
    Evidence, ExtraditionRefusal, Finding, NoEngine, PENALTY_THRESHOLD_RULE, PossibleExtraditionRefusal,
    PossibleRefugeeStatus, Recommendation, RefugeeStatus, RequesterRecord, ReviewContext, ReviewEngine, ReviewInput,
    ReviewKind, Severity,
};
pub use role::{Actor, Role};
pub use subject::{
    BirthDate, DocumentKind, IdentityDocument, NameKind, PersonName, PublicRole, Sex, Subject, hashed_key,
    identity_keys, iso_date, key_year_span, key_years,
};
pub use travel_document::{DocumentRecord, DocumentReport, DocumentStatus, Withdrawal, canonical_document_number};
pub use visibility::{AccessFacts, Viewer, may_read};
