//! Whatever the request holds — empty or enormous text, any script, control characters, absurd numbers —
//! evaluation returns an evaluation and never panics. Values are built directly, past the validating
//! constructors, because the engine must hold even if validation is ever bypassed.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test set-up should fail loudly

use std::collections::BTreeSet;

use article3_domain::{
    BirthDate, Charge, Colour, CountryCode, DiffusionPurpose, EarlierRequest, JudicialData, MaxPenalty, NameKind,
    PersonName, PublicRole, Purpose, RefugeeStatus, RequesterRecord, Restrictions, ReviewContext, ReviewEngine,
    ReviewInput, ReviewKind, Sex, Subject, Warrant,
};
use article3_rules::ComplianceEngine;
use proptest::prelude::*;
use time::macros::date;

fn penalty() -> impl Strategy<Value = Option<MaxPenalty>> {
    prop_oneof![
        Just(None),
        any::<u32>().prop_map(|m| Some(MaxPenalty::Months(m))),
        Just(Some(MaxPenalty::LifeImprisonment)),
        Just(Some(MaxPenalty::Death)),
    ]
}

fn charge() -> impl Strategy<Value = Charge> {
    (any::<String>(), any::<String>(), penalty(), any::<Option<u32>>(), any::<Option<u32>>()).prop_map(
        |(description, legal_provision, max_penalty, sentence_imposed_months, sentence_remaining_months)| Charge {
            description,
            legal_provision,
            max_penalty,
            sentence_imposed_months,
            sentence_remaining_months,
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn evaluation_never_panics(
        charges in proptest::collection::vec(charge(), 0..4),
        facts in any::<String>(),
        names in proptest::collection::vec(any::<String>(), 0..3),
        missing in proptest::collection::vec(any::<String>(), 0..3),
        sentence in any::<bool>(),
        role in proptest::option::of(0_usize..PublicRole::ALL.len()),
        kind in 0_usize..4,
        years in proptest::collection::vec((1000_i32..3000, 0_i32..5), 0..3),
        at_ms in any::<i64>(),
        earlier in proptest::collection::vec((any::<i64>(), any::<bool>(), 0_usize..3), 0..4),
        record in (any::<u32>(), any::<u32>(), any::<u32>()),
        refugee_from in proptest::collection::vec(0_usize..3, 0..3),
    ) {
        let codes = ["FR", "RU", "TR"].map(|c| CountryCode::parse("c", c).unwrap());
        let context = ReviewContext {
            at_ms,
            extradition_refusals: refugee_from
                .iter()
                .map(|i| article3_domain::ExtraditionRefusal {
                    id: "x".into(),
                    requesting_country: codes[*i],
                    refusing_country: codes[(*i + 2) % 3],
                    refused_on: date!(2021 - 01 - 01),
                    grounds: facts.clone(),
                })
                .collect(),
            refugee_statuses: refugee_from
                .iter()
                .map(|i| RefugeeStatus { id: "r".into(), fled_from: codes[*i], protecting_country: codes[(*i + 1) % 3], granted_on: date!(2020 - 01 - 01) })
                .collect(),
            possible_refugee_statuses: refugee_from
                .iter()
                .map(|i| article3_domain::PossibleRefugeeStatus {
                    status: RefugeeStatus { id: "p".into(), fled_from: codes[(*i + 1) % 3], protecting_country: codes[*i], granted_on: date!(2020 - 01 - 01) },
                    score_thousandths: record.0 % 2000,
                })
                .collect(),
            possible_extradition_refusals: refugee_from
                .iter()
                .map(|i| article3_domain::PossibleExtraditionRefusal {
                    refusal: article3_domain::ExtraditionRefusal {
                        id: "q".into(),
                        requesting_country: codes[(*i + 1) % 3],
                        refusing_country: codes[*i],
                        refused_on: date!(2021 - 01 - 01),
                        grounds: facts.clone(),
                    },
                    score_thousandths: record.1 % 2000,
                })
                .collect(),
            requester: RequesterRecord {
                decided: record.0,
                refused: record.1,
                deleted: record.2,
                corrective_measure: None,
                due_process_concerns: if record.0 % 2 == 0 {
                    vec![article3_domain::DueProcessConcern { concern: facts.clone(), source: String::new() }]
                } else {
                    vec![]
                },
            },
            earlier: earlier
                .iter()
                .map(|(at, deleted, c)| EarlierRequest {
                    kind: "notice".into(),
                    id: "e".into(),
                    requesting_country: codes[*c],
                    status: "published".into(),
                    created_at_ms: *at,
                    deleted_by_commission: *deleted,
                    requester_decided: record.0,
                    requester_refused: record.1,
                    matched: [
                        article3_domain::EarlierMatch::Exact,
                        article3_domain::EarlierMatch::Possible { score_thousandths: record.2 % 2000 },
                        article3_domain::EarlierMatch::SoundsAlike,
                    ][*c % 3],
                    flagged_by: vec![codes[*c]],
                    challenges: vec![article3_domain::EarlierChallenge {
                        reference: facts.clone(),
                        lodged_on: date!(2024 - 01 - 01),
                        outcome: [None, Some(article3_domain::ChallengeOutcome::Upheld), Some(article3_domain::ChallengeOutcome::Rejected)][*c % 3],
                    }],
                })
                .collect(),
        };
        let engine = ComplianceEngine::shipped().unwrap();
        let fr = CountryCode::parse("c", "FR").unwrap();
        let subject = Subject {
            names: names.into_iter().map(|full| PersonName { kind: NameKind::Primary, full, given: None, family: None, patronymic: None, script: None }).collect(),
            birth_dates: years.into_iter().map(|(from, span)| BirthDate::YearRange { from, to: from + span }).collect(),
            sex: Sex::Unknown,
            nationalities: BTreeSet::new(),
            documents: vec![],
            occupation: None,
            public_role: role.map(|r| PublicRole::ALL[r]),
        };
        let judicial = JudicialData {
            purpose: if sentence { Purpose::Sentence } else { Purpose::Prosecution },
            warrant: Warrant { reference: String::new(), issued_on: date!(2025 - 01 - 01), issuing_authority: String::new() },
            charges,
            facts_summary: facts,
            missing,
            particular_importance: if sentence { None } else { Some(String::new()) },
            in_absentia: sentence.then_some(article3_domain::InAbsentia { retrial_guaranteed: None }),
        };
        let kind = [
            ReviewKind::Notice(Colour::Red),
            ReviewKind::Notice(Colour::Blue),
            ReviewKind::Diffusion(DiffusionPurpose::Arrest),
            ReviewKind::Diffusion(DiffusionPurpose::Locate),
        ][kind];
        for judicial in [Some(&judicial), None] {
            let evaluation = engine.evaluate(&ReviewInput {
                kind,
                requesting_country: fr,
                subject: &subject,
                judicial,
                restrictions: &Restrictions::None,
                context: &context,
            });
            prop_assert!(!evaluation.ruleset_version.is_empty());
            prop_assert!(evaluation.findings.iter().all(|f| !f.rule_id.is_empty() && !f.message.is_empty()));
        }
    }
}
