//! Benchmark: evaluations per second on one core, over a seeded mix of requests (ordinary charges,
//! excluded and political offences in three languages, vague and concrete facts, exposed persons).
//!
//! `cargo bench -p article3-rules --bench evaluate` (`ARTICLE3_BENCH_EVALUATIONS`, default 200000).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark that cannot set up should stop loudly

use std::collections::BTreeSet;
use std::time::Instant;

use article3_domain::{
    Charge, Colour, CountryCode, JudicialData, MaxPenalty, NameKind, PersonName, PublicRole, Purpose, Restrictions,
    ReviewEngine, ReviewInput, ReviewKind, Sex, Subject, Warrant,
};
use article3_rules::ComplianceEngine;
use time::macros::date;

const CHARGES: &[&str] = &[
    "Armed robbery",
    "Asesinato",
    "Мошенничество в особо крупном размере",
    "Adulterio",
    "Государственная измена",
    "Libramiento de cheques sin fondos",
    "Participation in the activity of an illegal armed formation",
    "Organizaciones terroristas",
    "Insulting the President",
    "Drug trafficking",
];

const FACTS: &[&str] = &[
    "On 3 March 2024 in Lyon the subject, acting with two accomplices, threatened a jeweller with a pistol, took watches worth EUR 80,000 and fled.",
    "He is a member of a criminal scheme.",
    "Between 2019 and 2021 in Madrid the subject issued cheques without funds as part of a fraud run by a criminal organisation.",
    "В 2022 году в Москве участник организованной группы похитил средства банка на сумму 40 млн рублей.",
];

fn main() {
    let n: usize = std::env::var("ARTICLE3_BENCH_EVALUATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(200_000);
    let engine = ComplianceEngine::shipped().unwrap();
    let fr = CountryCode::parse("c", "FR").unwrap();
    let roles = [None, Some(PublicRole::Journalist), None, Some(PublicRole::BusinessPerson)];
    let inputs: Vec<(Subject, JudicialData)> = (0..64)
        .map(|i| {
            let subject = Subject::new(
                vec![PersonName::new(NameKind::Primary, Some("Jean Exemple"), None, None, None, None).unwrap()],
                if i % 3 == 0 { vec![] } else { vec![article3_domain::BirthDate::Year(1980)] },
                Sex::Male,
                BTreeSet::from([fr]),
                vec![],
                None,
                roles[i % roles.len()],
            )
            .unwrap();
            let months = [12_u32, 36, 120, 240][i % 4];
            let judicial = JudicialData::new(
                Purpose::Prosecution,
                Warrant::new("W", date!(2025 - 01 - 10), "Court", date!(2026 - 11 - 21)).unwrap(),
                vec![
                    Charge::new(CHARGES[i % CHARGES.len()], "art. 1", Some(MaxPenalty::Months(months)), None, None)
                        .unwrap(),
                    Charge::new(
                        CHARGES[(i * 7 + 3) % CHARGES.len()],
                        "art. 2",
                        Some(MaxPenalty::Months(months)),
                        None,
                        None,
                    )
                    .unwrap(),
                ],
                FACTS[i % FACTS.len()],
            )
            .unwrap();
            (subject, judicial)
        })
        .collect();
    let started = Instant::now();
    let mut findings = 0_usize;
    for i in 0..n {
        let (subject, judicial) = &inputs[i % inputs.len()];
        let evaluation = engine.evaluate(&ReviewInput {
            kind: ReviewKind::Notice(Colour::Red),
            requesting_country: fr,
            subject,
            judicial: Some(judicial),
            restrictions: &Restrictions::None,
            context: &article3_domain::ReviewContext::default(),
        });
        findings += evaluation.findings.len();
    }
    let elapsed = started.elapsed().as_secs_f64();
    // The checksum: the mix must make rules fire, or the number measures nothing.
    assert!(findings > n, "findings={findings}");
    println!(
        "evaluations={n} seconds={elapsed:.2} evaluations_per_second={:.0} findings={findings}",
        n as f64 / elapsed
    );
}
