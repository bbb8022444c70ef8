//! Each rule from both sides: a case that fires, and the near case that must not.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test set-up should fail loudly

use std::collections::BTreeSet;

use article3_domain::{
    Charge, Colour, CountryCode, DiffusionPurpose, Evaluation, IdentityDocument, JudicialData, MaxPenalty, NameKind,
    PersonName, PublicRole, Purpose, Recommendation, Restrictions, ReviewEngine, ReviewInput, ReviewKind, Severity,
    Sex, Subject, Warrant,
};
use article3_rules::ComplianceEngine;
use time::macros::date;

const CONCRETE: &str = "On 3 March 2024 in Lyon the subject, acting with two accomplices, threatened a jeweller with a \
                        pistol, took watches worth EUR 80,000 and fled in a stolen car later found in Marseille.";

struct Case {
    requester: &'static str,
    kind: ReviewKind,
    role: Option<PublicRole>,
    names: Vec<&'static str>,
    birth: bool,
    document: bool,
    judicial: Option<JudicialData>,
}

fn cc(s: &str) -> CountryCode {
    CountryCode::parse("c", s).unwrap()
}

fn prosecution(description: &str, provision: &str, max: MaxPenalty, facts: &str) -> JudicialData {
    JudicialData::new(
        Purpose::Prosecution,
        Warrant::new("W-1", date!(2025 - 01 - 10), "Court", date!(2026 - 11 - 21)).unwrap(),
        vec![Charge::new(description, provision, Some(max), None, None).unwrap()],
        facts,
    )
    .unwrap()
}

fn sentence(imposed: u32, remaining: u32) -> JudicialData {
    JudicialData::new(
        Purpose::Sentence,
        Warrant::new("J-1", date!(2024 - 01 - 10), "Court", date!(2026 - 11 - 21)).unwrap(),
        vec![Charge::new("Burglary", "Penal Code art. 240", None, Some(imposed), Some(remaining)).unwrap()],
        CONCRETE,
    )
    .unwrap()
}

fn red(judicial: JudicialData) -> Case {
    Case {
        requester: "FR",
        kind: ReviewKind::Notice(Colour::Red),
        role: None,
        names: vec!["Jean Exemple"],
        birth: true,
        document: true,
        judicial: Some(judicial),
    }
}

fn evaluate(case: Case) -> Evaluation {
    evaluate_in(case, &article3_domain::ReviewContext::default())
}

fn evaluate_in(case: Case, context: &article3_domain::ReviewContext) -> Evaluation {
    let registry =
        article3_domain::CountryRegistry::parse_csv("code,name,status,covered_by,note\nFR,France,member,,\n").unwrap();
    let requester = case.requester;
    let subject = Subject::new(
        case.names
            .iter()
            .map(|n| PersonName::new(NameKind::Primary, Some(n), None, None, None, None).unwrap())
            .collect(),
        if case.birth { vec![article3_domain::BirthDate::Year(1980)] } else { vec![] },
        Sex::Male,
        BTreeSet::from([cc("FR")]),
        if case.document {
            vec![IdentityDocument::new(&registry, "passport", "12AB34567", "FR").unwrap()]
        } else {
            vec![]
        },
        None,
        case.role,
    )
    .unwrap();
    let engine = ComplianceEngine::shipped().unwrap();
    engine.evaluate(&ReviewInput {
        kind: case.kind,
        requesting_country: cc(requester),
        subject: &subject,
        judicial: case.judicial.as_ref(),
        restrictions: &Restrictions::None,
        context,
    })
}

fn fired<'a>(e: &'a Evaluation, rule: &str) -> Vec<&'a article3_domain::Finding> {
    e.findings.iter().filter(|f| f.rule_id == rule).collect()
}

#[test]
fn a_clean_request_is_recommended_for_approval_with_the_ruleset_version() {
    let e = evaluate(red(prosecution("Armed robbery", "Penal Code art. 311-8", MaxPenalty::Months(240), CONCRETE)));
    assert!(e.findings.is_empty(), "{:?}", e.findings);
    assert_eq!(e.recommendation, Recommendation::Approve);
    assert_eq!(e.ruleset_version, ComplianceEngine::shipped().unwrap().ruleset().version);
}

#[test]
fn prosecution_below_two_years_is_blocked() {
    let e = evaluate(red(prosecution("Theft", "Penal Code art. 311-3", MaxPenalty::Months(18), CONCRETE)));
    let f = fired(&e, "rpd83.penalty_threshold");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Block);
    assert_eq!(f[0].evidence[0].field, "judicial.charges[0].max_penalty_months");
    assert_eq!(f[0].evidence[0].value, "18");
    assert_eq!(e.recommendation, Recommendation::Refuse);
    // The near cases: exactly two years, and life imprisonment.
    assert!(
        fired(
            &evaluate(red(prosecution("Theft", "art. 1", MaxPenalty::Months(24), CONCRETE))),
            "rpd83.penalty_threshold"
        )
        .is_empty()
    );
    assert!(
        fired(
            &evaluate(red(prosecution("Murder", "art. 1", MaxPenalty::LifeImprisonment, CONCRETE))),
            "rpd83.penalty_threshold"
        )
        .is_empty()
    );
    // A blue notice asks for information, not arrest: no threshold.
    let mut blue = red(prosecution("Theft", "art. 1", MaxPenalty::Months(12), CONCRETE));
    blue.kind = ReviewKind::Notice(Colour::Blue);
    assert!(fired(&evaluate(blue), "rpd83.penalty_threshold").is_empty());
    // An arrest diffusion is held to the same threshold.
    let mut diffusion = red(prosecution("Theft", "art. 1", MaxPenalty::Months(12), CONCRETE));
    diffusion.kind = ReviewKind::Diffusion(DiffusionPurpose::Arrest);
    assert_eq!(fired(&evaluate(diffusion), "rpd83.penalty_threshold").len(), 1);
}

#[test]
fn a_claim_of_particular_importance_goes_to_a_person_instead() {
    let j = prosecution("Theft", "Penal Code art. 311-3", MaxPenalty::Months(18), CONCRETE)
        .with_particular_importance(Some("Part of a cross-border series of thefts from museums."))
        .unwrap();
    let e = evaluate(red(j));
    let f = fired(&e, "rpd83.penalty_threshold");
    assert_eq!(f[0].severity, Severity::Refer);
    assert!(f[0].evidence.iter().any(|e| e.field == "judicial.particular_importance"));
    assert_eq!(article3_rules::mechanical_refusal(&e), None, "a person decides");
    let blocked = evaluate(red(prosecution("Theft", "Penal Code art. 311-3", MaxPenalty::Months(18), CONCRETE)));
    assert!(article3_rules::mechanical_refusal(&blocked).unwrap().contains("rpd83.penalty_threshold"));
    // Only mechanical rules refuse alone: a political charge is referred, never refused by the machine.
    let political = evaluate(red(prosecution("Espionage", "art. 276", MaxPenalty::Months(240), CONCRETE)));
    assert_eq!(article3_rules::mechanical_refusal(&political), None);
}

#[test]
fn a_conviction_in_absentia_without_a_retrial_goes_to_a_person() {
    let with = |retrial| {
        sentence(24, 20).with_in_absentia(Some(article3_domain::InAbsentia { retrial_guaranteed: retrial })).unwrap()
    };
    for retrial in [None, Some(false)] {
        let e = evaluate(red(with(retrial)));
        assert_eq!(fired(&e, "art2.in_absentia")[0].severity, Severity::Refer, "{retrial:?}");
    }
    assert_eq!(fired(&evaluate(red(with(Some(true)))), "art2.in_absentia")[0].severity, Severity::Note);
    assert!(fired(&evaluate(red(sentence(24, 20))), "art2.in_absentia").is_empty(), "judged in person");
    // A prosecution has no judgment to have been given in absentia.
    let prosecution = prosecution("Fraud", "art. 1", MaxPenalty::Months(60), CONCRETE);
    assert_eq!(
        prosecution.with_in_absentia(Some(article3_domain::InAbsentia { retrial_guaranteed: None })).unwrap_err().field,
        "in_absentia"
    );
}

#[test]
fn sentences_need_six_months() {
    let short = evaluate(red(sentence(4, 4)));
    assert_eq!(fired(&short, "rpd83.penalty_threshold")[0].severity, Severity::Block);
    let claimed = sentence(4, 4).with_particular_importance(Some("Escaped during a transfer abroad.")).unwrap();
    assert_eq!(fired(&evaluate(red(claimed)), "rpd83.penalty_threshold")[0].severity, Severity::Refer);
    let little_left = evaluate(red(sentence(24, 3)));
    assert_eq!(fired(&little_left, "rpd83.penalty_threshold")[0].severity, Severity::Refer);
    assert!(fired(&evaluate(red(sentence(24, 6))), "rpd83.penalty_threshold").is_empty());
}

#[test]
fn excluded_offences_are_found_in_several_languages() {
    for (charge, provision) in [
        ("Adulterio", "Código Penal art. 220"),
        ("Неуплата алиментов на содержание детей", "УК РФ ст. 157"),
        ("Libramiento de cheques sin fondos", "Código Penal art. 302"),
        ("Insulting the President", "Penal Code art. 299"),
        ("Administrative offence: violation of residence rules", "Code of Administrative Offences art. 18.8"),
    ] {
        let e = evaluate(red(prosecution(charge, provision, MaxPenalty::Months(36), CONCRETE)));
        let f = fired(&e, "rpd83.excluded_offence");
        assert_eq!(f.len(), 1, "{charge}");
        assert_eq!(f[0].severity, Severity::Refer, "{charge}");
        assert_eq!(f[0].evidence[0].value, charge);
    }
    // The near case: an ordinary offence is not excluded.
    let e = evaluate(red(prosecution("Aggravated burglary", "Penal Code art. 240", MaxPenalty::Months(60), CONCRETE)));
    assert!(fired(&e, "rpd83.excluded_offence").is_empty());
}

#[test]
fn the_serious_crime_carve_out_turns_an_exclusion_into_a_note() {
    let facts = "Between 2019 and 2021 in Madrid the subject issued 40 cheques without funds as part of a fraud run by \
                 a criminal organisation that laundered the proceeds through shell companies in three countries.";
    let e = evaluate(red(prosecution("Cheque sin fondos", "art. 302", MaxPenalty::Months(48), facts)));
    let f = fired(&e, "rpd83.excluded_offence");
    assert_eq!(f[0].severity, Severity::Note);
    assert!(f[0].evidence.iter().any(|e| e.field == "carve-out term"));
}

/// The cheque policy: under USD 10,000 and fewer than five cheques the charge is a private dispute, whatever
/// the label; above it, fraud must be shown; a conversion near the minimum goes to a person.
#[test]
fn unfunded_cheques_are_judged_by_amount_count_and_fraud() {
    let cheque = |facts: &str| {
        let e = evaluate(red(prosecution("Cheque sin fondos", "art. 302", MaxPenalty::Months(48), facts)));
        let f = fired(&e, "rpd83.excluded_offence");
        assert_eq!(f.len(), 1, "{facts}");
        f[0].clone()
    };
    let small = cheque(
        "On 3 March 2024 in Lyon the subject paid a supplier with a cheque for EUR 4,000 that the bank \
                        returned unpaid, for goods already delivered; the fraud squad was told.",
    );
    assert_eq!(small.severity, Severity::Refer, "below the minimum, even when the facts say 'fraud'");
    assert!(small.message.contains("below the policy minimum"), "{}", small.message);
    assert!(small.evidence.iter().any(|e| e.field == "largest amount stated" && e.value.starts_with("EUR 4,000")));

    let large_fraud = cheque(
        "Between 2022 and 2023 in Lyon the subject bought stock worth EUR 250,000 from six \
                              wholesalers with cheques on an account he had emptied, a fraud planned in advance.",
    );
    assert_eq!(large_fraud.severity, Severity::Note);

    let large_no_fraud = cheque(
        "On 3 March 2024 in Lyon the subject paid EUR 250,000 for a building with a cheque \
                                 the bank returned for lack of funds after his business failed that spring.",
    );
    assert_eq!(large_no_fraud.severity, Severity::Refer);
    assert!(large_no_fraud.message.contains("describes no fraud"), "{}", large_no_fraud.message);

    let repeated = cheque(
        "Between 2022 and 2023 in Lyon the subject wrote 12 cheques of EUR 500 each to different \
                           shops on a closed account, a fraud he repeated in three towns.",
    );
    assert_eq!(repeated.severity, Severity::Note, "repetition meets the minimum");

    let near = cheque(
        "On 3 March 2024 in Lyon the subject bought machinery for EUR 9,500 with a cheque on an \
                       account he knew was empty, a fraud he had planned with the seller's clerk.",
    );
    assert_eq!(near.severity, Severity::Refer, "a conversion near the minimum is for a person to confirm");
    assert!(near.message.contains("confirm it"), "{}", near.message);
}

#[test]
fn facts_must_be_concrete() {
    let vague = evaluate(red(prosecution(
        "Fraud",
        "art. 159",
        MaxPenalty::Months(120),
        "He is a member of a criminal scheme.",
    )));
    let f = fired(&vague, "rpd83.facts_summary");
    assert_eq!(f.len(), 1);
    assert!(f[0].message.contains("membership"), "{}", f[0].message);
    assert!(f[0].message.contains("no date"), "{}", f[0].message);
    assert!(
        fired(
            &evaluate(red(prosecution("Fraud", "art. 159", MaxPenalty::Months(120), CONCRETE))),
            "rpd83.facts_summary"
        )
        .is_empty()
    );
    let dated = "On 2024-03-03 in Lyon the subject, acting with two accomplices, threatened a jeweller with a pistol \
                 and took watches worth EUR 80,000 before fleeing in a stolen car.";
    assert!(
        fired(
            &evaluate(red(prosecution("Robbery", "art. 311", MaxPenalty::Months(120), dated))),
            "rpd83.facts_summary"
        )
        .is_empty(),
        "an ISO date is a date"
    );
    let migrated = JudicialData::migrated(&["Fraud".to_owned()], cc("FR"), "2023/1", Some(2023)).unwrap();
    let e = evaluate(red(migrated));
    assert_eq!(fired(&e, "rpd83.facts_summary")[0].evidence[0].field, "judicial.missing");

    // Where: a summary concrete in every other way but naming no place gets a note, not a referral.
    let nowhere = "On 3 March 2024 the subject, acting with two accomplices, threatened a jeweller with a pistol, took \
                   watches worth EUR 80,000 and fled in a stolen car that was found burnt two days later.";
    let e = evaluate(red(prosecution("Robbery", "art. 311", MaxPenalty::Months(120), nowhere)));
    let f = fired(&e, "rpd83.facts_summary");
    assert_eq!(f[0].severity, Severity::Note);
    assert!(f[0].evidence.iter().any(|e| e.field == "gaps" && e.value == "no place named"));
    assert_eq!(e.recommendation, Recommendation::Approve);
    let e = evaluate(red(prosecution("Robbery", "art. 311", MaxPenalty::Months(120), CONCRETE)));
    assert!(fired(&e, "rpd83.facts_summary").is_empty(), "'in Lyon' names the place");
}

#[test]
fn political_offences_go_to_a_person() {
    for charge in [
        "Государственная измена",
        "Espionage",
        "Participation in the activity of an illegal armed formation",
        "Rebelión",
    ] {
        let e = evaluate(red(prosecution(charge, "art. 275", MaxPenalty::Months(240), CONCRETE)));
        let f = fired(&e, "art3.offence");
        assert_eq!(f.len(), 1, "{charge}");
        assert_eq!(f[0].severity, Severity::Refer);
        assert_eq!(e.recommendation, Recommendation::Refer);
    }
    assert!(
        fired(&evaluate(red(prosecution("Murder", "art. 105", MaxPenalty::Months(240), CONCRETE))), "art3.offence")
            .is_empty()
    );
}

#[test]
fn the_journalist_labelled_a_terrorist() {
    let mut case = red(prosecution("Propaganda of terrorism", "Penal Code art. 7/2", MaxPenalty::Months(60), CONCRETE));
    case.role = Some(PublicRole::Journalist);
    let e = evaluate(case);
    let f = fired(&e, "art3.terrorism_against_exposed_person");
    assert_eq!(f[0].severity, Severity::Refer);
    assert!(f[0].evidence.iter().any(|e| e.field == "subject.public_role" && e.value == "journalist"));
    assert_eq!(fired(&e, "art3.status").len(), 1);
    // Without the exposed role the same charge is only a note.
    let e = evaluate(red(prosecution("Organizaciones terroristas", "art. 13", MaxPenalty::Months(180), CONCRETE)));
    assert_eq!(fired(&e, "art3.terrorism_against_exposed_person")[0].severity, Severity::Note);
    assert_eq!(e.recommendation, Recommendation::Approve, "a note alone does not refer");
}

/// The context factor: a warrant issued during or soon after a recorded protest wave in the requesting
/// country goes to a person when the subject is a journalist; it is only a note for others, and absent
/// outside the window or for another requester.
#[test]
fn a_warrant_issued_after_protests_in_the_requesting_country_is_shown_with_them() {
    let issued = |on: time::Date| {
        JudicialData::new(
            Purpose::Prosecution,
            Warrant::new("W-1", on, "Court", date!(2026 - 11 - 21)).unwrap(),
            vec![Charge::new("Fraud", "Criminal Code art. 159", Some(MaxPenalty::Months(120)), None, None).unwrap()],
            CONCRETE,
        )
        .unwrap()
    };
    let case = |requester: &'static str, on: time::Date, role: Option<PublicRole>| {
        let mut c = red(issued(on));
        c.requester = requester;
        c.role = role;
        evaluate(c)
    };
    let e = case("BY", date!(2020 - 11 - 02), Some(PublicRole::Journalist));
    let f = fired(&e, "art3.context");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Refer);
    assert!(f[0].evidence.iter().any(|e| e.field == "judicial.warrant.issued_on" && e.value == "2020-11-02"));
    assert!(f[0].evidence.iter().any(|e| e.field == "political event" && e.value.contains("source:")));
    assert_eq!(e.recommendation, Recommendation::Refer);

    let e = case("BY", date!(2020 - 11 - 02), None);
    assert_eq!(fired(&e, "art3.context")[0].severity, Severity::Note, "without an Art. 3 status, a note");
    let e = case("BY", date!(2020 - 11 - 02), Some(PublicRole::BusinessPerson));
    assert_eq!(
        fired(&e, "art3.context")[0].severity,
        Severity::Note,
        "a business person alone is not opposition-linked"
    );

    // Near cases: before the election, long after the window, and a requester without a recorded event.
    assert!(fired(&case("BY", date!(2020 - 05 - 01), Some(PublicRole::Journalist)), "art3.context").is_empty());
    assert!(fired(&case("BY", date!(2024 - 06 - 01), Some(PublicRole::Journalist)), "art3.context").is_empty());
    assert!(fired(&case("FR", date!(2020 - 11 - 02), Some(PublicRole::Journalist)), "art3.context").is_empty());
}

#[test]
fn too_few_identifiers_are_referred() {
    let mut thin = red(prosecution("Murder", "art. 105", MaxPenalty::Months(240), CONCRETE));
    thin.names = vec!["Ivanov"];
    thin.birth = false;
    let e = evaluate(thin);
    let f = fired(&e, "rpd83.identity_quality");
    assert_eq!(f[0].severity, Severity::Refer);
    let mut no_document = red(prosecution("Murder", "art. 105", MaxPenalty::Months(240), CONCRETE));
    no_document.document = false;
    assert_eq!(fired(&evaluate(no_document), "rpd83.identity_quality")[0].severity, Severity::Note);
    assert!(
        fired(
            &evaluate(red(prosecution("Murder", "art. 105", MaxPenalty::Months(240), CONCRETE))),
            "rpd83.identity_quality"
        )
        .is_empty()
    );
}

const DAY_MS: i64 = 86_400_000;
const NOW_MS: i64 = 1_795_000_000_000;

fn ordinary() -> Case {
    red(prosecution("Armed robbery", "Penal Code art. 311-8", MaxPenalty::Months(240), CONCRETE))
}

fn earlier(country: &str, days_ago: i64, deleted: bool) -> article3_domain::EarlierRequest {
    article3_domain::EarlierRequest {
        kind: "notice".into(),
        id: format!("n-{country}-{days_ago}"),
        requesting_country: cc(country),
        status: if deleted { "deleted".into() } else { "published".into() },
        created_at_ms: NOW_MS - days_ago * DAY_MS,
        deleted_by_commission: deleted,
        requester_decided: 0,
        requester_refused: 0,
        matched: article3_domain::EarlierMatch::Exact,
        flagged_by: vec![],
        challenges: vec![],
    }
}

#[test]
fn the_refugee_footballer_is_protected_from_the_country_he_fled() {
    let status = |fled: &str| article3_domain::RefugeeStatus {
        id: "rs-1".into(),
        fled_from: cc(fled),
        protecting_country: cc("AU"),
        granted_on: date!(2017 - 11 - 27),
    };
    let context =
        article3_domain::ReviewContext { at_ms: NOW_MS, refugee_statuses: vec![status("FR")], ..Default::default() };
    let e = evaluate_in(ordinary(), &context);
    let f = fired(&e, "refugee.requester_is_country_fled");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Block);
    assert_eq!(e.recommendation, Recommendation::Refuse);
    let shown = format!("{:?}", f[0]);
    assert!(!shown.contains("AU"), "the protecting country is never shown: {shown}");
    // Near case: protected from another country, requested by this one.
    let context =
        article3_domain::ReviewContext { at_ms: NOW_MS, refugee_statuses: vec![status("BH")], ..Default::default() };
    assert!(fired(&evaluate_in(ordinary(), &context), "refugee.requester_is_country_fled").is_empty());
}

#[test]
fn a_refugee_who_may_be_the_subject_written_otherwise_sends_the_request_to_a_person() {
    let possible = |fled: &str| article3_domain::PossibleRefugeeStatus {
        status: article3_domain::RefugeeStatus {
            id: "rs-2".into(),
            fled_from: cc(fled),
            protecting_country: cc("AU"),
            granted_on: date!(2017 - 11 - 27),
        },
        score_thousandths: 874,
    };
    let context = |fled| article3_domain::ReviewContext {
        at_ms: NOW_MS,
        possible_refugee_statuses: vec![possible(fled)],
        ..Default::default()
    };
    let e = evaluate_in(ordinary(), &context("FR"));
    let f = fired(&e, "refugee.possible_match");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Refer, "a person decides whether it is the same person");
    assert_eq!(e.recommendation, Recommendation::Refer);
    assert!(f[0].message.contains("score 0.87"), "{}", f[0].message);
    let cited: Vec<(&str, &str)> = f[0].evidence.iter().map(|e| (e.field.as_str(), e.value.as_str())).collect();
    assert!(cited.contains(&("context.possible_refugee_statuses[0].score", "0.874")), "{cited:?}");
    assert!(cited.contains(&("context.possible_refugee_statuses[0].status.id", "rs-2")), "{cited:?}");
    assert!(!format!("{:?}", f[0]).contains("AU"), "the protecting country is never shown");
    assert!(fired(&e, "refugee.requester_is_country_fled").is_empty(), "nothing blocks mechanically");
    // Near case: a refugee from another country.
    assert!(fired(&evaluate_in(ordinary(), &context("BH")), "refugee.possible_match").is_empty());
}

#[test]
fn the_requesters_record_sends_requests_to_a_person() {
    let record = |decided, refused, deleted, measure| article3_domain::ReviewContext {
        at_ms: NOW_MS,
        requester: article3_domain::RequesterRecord {
            decided,
            refused,
            deleted,
            corrective_measure: measure,
            ..Default::default()
        },
        ..Default::default()
    };
    let e = evaluate_in(ordinary(), &record(40, 12, 0, None));
    assert_eq!(fired(&e, "requester.refusal_rate")[0].severity, Severity::Refer);
    assert!(fired(&evaluate_in(ordinary(), &record(40, 4, 0, None)), "requester.refusal_rate").is_empty());
    assert!(
        fired(&evaluate_in(ordinary(), &record(10, 5, 0, None)), "requester.refusal_rate").is_empty(),
        "too few to judge"
    );
    assert_eq!(fired(&evaluate_in(ordinary(), &record(40, 0, 6, None)), "requester.deletion_rate").len(), 1);
    let e = evaluate_in(ordinary(), &record(0, 0, 0, Some(article3_domain::CorrectiveMeasure::EnhancedReview)));
    assert_eq!(fired(&e, "requester.corrective_measure")[0].severity, Severity::Refer);
    assert_eq!(e.recommendation, Recommendation::Refer);
}

#[test]
fn an_earlier_request_found_under_another_spelling_says_so() {
    use article3_domain::EarlierMatch;
    let context = |earlier| article3_domain::ReviewContext { at_ms: NOW_MS, earlier, ..Default::default() };
    let with = |e: article3_domain::EarlierRequest, matched| article3_domain::EarlierRequest { matched, ..e };
    let caveat = |f: &article3_domain::Finding| {
        f.evidence.iter().find(|e| e.field.ends_with(".matched")).map(|e| e.value.clone())
    };
    // Deleted data found by its keys alone.
    let e = evaluate_in(ordinary(), &context(vec![with(earlier("FR", 900, true), EarlierMatch::SoundsAlike)]));
    let f = fired(&e, "repeat.deleted_data");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Refer);
    assert!(caveat(f[0]).is_some_and(|v| v.contains("sounds alike")), "{:?}", f[0]);
    assert!(f[0].message.contains("establish that it is the same person"), "{}", f[0].message);
    // Data on file, scored by the engine: the score is given, in the evidence and the message.
    let possible = EarlierMatch::Possible { score_thousandths: 874 };
    let mut flagged = with(earlier("FR", 900, false), possible);
    flagged.flagged_by = vec![cc("DE")];
    let e = evaluate_in(ordinary(), &context(vec![flagged.clone()]));
    let f = fired(&e, "art3.other_states_flags");
    assert_eq!(caveat(f[0]).as_deref(), Some("possible: another spelling, scored 0.874"));
    assert!(f[0].message.contains("0.87"), "{}", f[0].message);
    let e = evaluate_in(ordinary(), &context(vec![with(earlier("RU", 30, false), possible)]));
    let f = fired(&e, "pattern.coordinated_requests");
    assert!(caveat(f[0]).is_some() && f[0].message.contains("name the person otherwise"), "{:?}", f[0]);
    // The near case: an exact match carries no caveat.
    flagged.matched = EarlierMatch::Exact;
    let e = evaluate_in(ordinary(), &context(vec![flagged]));
    let f = fired(&e, "art3.other_states_flags");
    assert_eq!(caveat(f[0]), None);
    assert!(!f[0].message.contains("establish"), "{}", f[0].message);
}

#[test]
fn deleted_data_and_coordinated_requests_are_referred() {
    let context = |earlier| article3_domain::ReviewContext { at_ms: NOW_MS, earlier, ..Default::default() };
    let e = evaluate_in(ordinary(), &context(vec![earlier("FR", 900, true)]));
    let f = fired(&e, "repeat.deleted_data");
    assert_eq!(f.len(), 1);
    assert!(f[0].evidence[0].value.contains("n-FR-900"));
    assert!(
        fired(&evaluate_in(ordinary(), &context(vec![earlier("FR", 900, false)])), "repeat.deleted_data").is_empty()
    );

    let e = evaluate_in(ordinary(), &context(vec![earlier("RU", 30, false)]));
    assert_eq!(fired(&e, "pattern.coordinated_requests")[0].severity, Severity::Refer);
    assert!(
        fired(&evaluate_in(ordinary(), &context(vec![earlier("RU", 800, false)])), "pattern.coordinated_requests")
            .is_empty(),
        "outside the window"
    );
    assert!(
        fired(&evaluate_in(ordinary(), &context(vec![earlier("FR", 30, false)])), "pattern.coordinated_requests")
            .is_empty(),
        "the same country"
    );
}

#[test]
fn due_process_concerns_go_to_a_person_with_their_sources() {
    let concern = article3_domain::DueProcessConcern {
        concern: "convictions on confessions obtained under duress".into(),
        source: "national court ruling refusing extradition (2024)".into(),
    };
    let context = article3_domain::ReviewContext {
        at_ms: NOW_MS,
        requester: article3_domain::RequesterRecord { due_process_concerns: vec![concern], ..Default::default() },
        ..Default::default()
    };
    let e = evaluate_in(ordinary(), &context);
    let f = fired(&e, "art2.due_process");
    assert_eq!(f[0].severity, Severity::Refer);
    assert!(f[0].evidence[0].value.contains("source: national court ruling"));
    assert!(fired(&evaluate(ordinary()), "art2.due_process").is_empty());
}

#[test]
fn states_with_poor_records_backing_each_other_are_referred() {
    let backer = |decided, refused| article3_domain::EarlierRequest {
        requester_decided: decided,
        requester_refused: refused,
        matched: article3_domain::EarlierMatch::Exact,
        ..earlier("RU", 30, false)
    };
    let context = |mine: (u32, u32), other| article3_domain::ReviewContext {
        at_ms: NOW_MS,
        requester: article3_domain::RequesterRecord { decided: mine.0, refused: mine.1, ..Default::default() },
        earlier: vec![other],
        ..Default::default()
    };
    let rule = "pattern.poor_records_backing_each_other";
    let e = evaluate_in(ordinary(), &context((40, 20), backer(100, 40)));
    let f = fired(&e, rule);
    assert_eq!(f[0].severity, Severity::Refer);
    assert!(f[0].evidence[0].value.contains("RU (40 of 100"));
    assert!(
        fired(&evaluate_in(ordinary(), &context((40, 20), backer(100, 5))), rule).is_empty(),
        "the other state's record is good"
    );
    assert!(
        fired(&evaluate_in(ordinary(), &context((40, 2), backer(100, 40))), rule).is_empty(),
        "the requester's record is good"
    );
}

#[test]
fn another_members_refusal_to_extradite_goes_to_a_person() {
    let refusal = |to: &str| article3_domain::ExtraditionRefusal {
        id: "x-1".into(),
        requesting_country: cc(to),
        refusing_country: cc("DE"),
        refused_on: date!(2024 - 06 - 01),
        grounds: "political offence exception".into(),
    };
    let context = |to| article3_domain::ReviewContext {
        at_ms: NOW_MS,
        extradition_refusals: vec![refusal(to)],
        ..Default::default()
    };
    let e = evaluate_in(ordinary(), &context("FR"));
    assert_eq!(fired(&e, "art3.extradition_refused")[0].severity, Severity::Refer);
    assert_eq!(e.recommendation, Recommendation::Refer);
    let e = evaluate_in(ordinary(), &context("RU"));
    assert_eq!(fired(&e, "art3.extradition_refused")[0].severity, Severity::Note, "a refusal towards another state");
    assert_eq!(e.recommendation, Recommendation::Approve);
}

#[test]
fn a_refusal_about_a_person_written_otherwise_goes_to_a_person_without_its_grounds() {
    let possible = |to: &str| article3_domain::PossibleExtraditionRefusal {
        refusal: article3_domain::ExtraditionRefusal {
            id: "x-2".into(),
            requesting_country: cc(to),
            refusing_country: cc("DE"),
            refused_on: date!(2024 - 06 - 01),
            grounds: "political offence exception: Jean Exempel".into(),
        },
        score_thousandths: 861,
    };
    let context = |to| article3_domain::ReviewContext {
        at_ms: NOW_MS,
        possible_extradition_refusals: vec![possible(to)],
        ..Default::default()
    };
    let e = evaluate_in(ordinary(), &context("FR"));
    let f = fired(&e, "art3.extradition_refused");
    assert_eq!((f.len(), f[0].severity, e.recommendation), (1, Severity::Refer, Recommendation::Refer));
    let shown = format!("{:?}", f[0]);
    assert!(shown.contains("0.861") && shown.contains("DE"), "{shown}");
    assert!(!shown.contains("Exempel") && !shown.contains("political"), "the grounds stay with the reviewer: {shown}");
    let e = evaluate_in(ordinary(), &context("RU"));
    assert_eq!(fired(&e, "art3.extradition_refused")[0].severity, Severity::Note, "a refusal towards another state");
    assert_eq!(e.recommendation, Recommendation::Approve);
}

#[test]
fn earlier_notices_other_states_flagged_send_the_request_to_a_person_without_naming_them() {
    let flagged = |by: &[&str]| article3_domain::EarlierRequest {
        flagged_by: by.iter().map(|c| cc(c)).collect(),
        ..earlier("RU", 400, false)
    };
    let context = |e| article3_domain::ReviewContext { at_ms: NOW_MS, earlier: vec![e], ..Default::default() };
    let rule = "art3.other_states_flags";
    let e = evaluate_in(ordinary(), &context(flagged(&["DE", "CA"])));
    let f = fired(&e, rule);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Refer);
    assert_eq!(e.recommendation, article3_domain::Recommendation::Refer);
    assert_eq!(f[0].evidence[1].value, "2 member countries");
    for finding in &f {
        let text = format!("{} {:?}", finding.message, finding.evidence);
        assert!(!text.contains("DE") && !text.contains("CA"), "the flagging countries stay confidential: {text}");
    }
    // The near cases: an earlier notice nobody flagged, and one flagged only by the requester itself.
    assert!(fired(&evaluate_in(ordinary(), &context(flagged(&[]))), rule).is_empty());
    assert!(fired(&evaluate_in(ordinary(), &context(flagged(&["FR"]))), rule).is_empty());
}

#[test]
fn earlier_data_before_the_commission_or_found_not_compliant_goes_to_a_person() {
    use article3_domain::{ChallengeOutcome, EarlierChallenge};
    let challenged =
        |country: &str, deleted: bool, outcome: Option<ChallengeOutcome>| article3_domain::EarlierRequest {
            challenges: vec![EarlierChallenge {
                reference: "CCF/2026/0412".into(),
                lodged_on: time::macros::date!(2026 - 03 - 02),
                outcome,
            }],
            ..earlier(country, 900, deleted)
        };
    let context = |e| article3_domain::ReviewContext { at_ms: NOW_MS, earlier: vec![e], ..Default::default() };
    let rules = ["repeat.under_challenge", "repeat.challenge_upheld", "repeat.deleted_data"];
    let fired_of = |e: &Evaluation| rules.iter().filter(|r| !fired(e, r).is_empty()).copied().collect::<Vec<_>>();

    // Pending, on the requester's own earlier notice: referred, the file named.
    let e = evaluate_in(ordinary(), &context(challenged("FR", false, None)));
    assert_eq!(fired_of(&e), ["repeat.under_challenge"]);
    let f = fired(&e, "repeat.under_challenge")[0];
    assert_eq!(f.severity, Severity::Refer);
    assert_eq!(e.recommendation, Recommendation::Refer);
    assert!(f.evidence[0].value.contains("n-FR-900"), "{f:?}");
    assert_eq!(f.evidence[1].value, "file CCF/2026/0412, lodged 2026-03-02");
    // Pending, on another country's: referred, the file not named to this requester.
    let e = evaluate_in(ordinary(), &context(challenged("RU", false, None)));
    let f = fired(&e, "repeat.under_challenge")[0];
    assert!(!f.message.contains("CCF/2026/0412") && !f.evidence[1].value.contains("CCF/2026/0412"), "{f:?}");
    assert!(f.message.contains("from RU"), "{}", f.message);

    // Upheld: the data did not comply; once the Commission deleted it, deleted_data says so alone.
    let e = evaluate_in(ordinary(), &context(challenged("FR", false, Some(ChallengeOutcome::Upheld))));
    assert_eq!(fired_of(&e), ["repeat.challenge_upheld"]);
    assert_eq!(e.recommendation, Recommendation::Refer);
    let e = evaluate_in(ordinary(), &context(challenged("FR", true, Some(ChallengeOutcome::Upheld))));
    assert_eq!(fired_of(&e), ["repeat.deleted_data"]);

    // Found compliant, inadmissible or withdrawn: nothing to weigh, the ordinary request is approved.
    for outcome in [ChallengeOutcome::Rejected, ChallengeOutcome::Inadmissible, ChallengeOutcome::Withdrawn] {
        let e = evaluate_in(ordinary(), &context(challenged("FR", false, Some(outcome))));
        assert!(fired_of(&e).is_empty(), "{outcome:?}: {:?}", e.findings);
        assert_eq!(e.recommendation, Recommendation::Approve, "{outcome:?}");
    }
}
