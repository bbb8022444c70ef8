//! The rules. Each reads the request (and, later, the context the system holds) and reports findings
//! that name the rule, the article it implements, the fields and values that made it fire, and one
//! sentence for the reviewer.

use article3_domain::{
    ChallengeOutcome, Colour, DiffusionPurpose, EarlierMatch, Evidence, Finding, JudicialData, PublicRole, Purpose,
    ReviewInput, ReviewKind, Severity,
};

use crate::ruleset::RuleSet;
use crate::text::fold;

pub(crate) fn all(rules: &RuleSet, input: &ReviewInput<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    let seeks_arrest =
        matches!(input.kind, ReviewKind::Notice(Colour::Red) | ReviewKind::Diffusion(DiffusionPurpose::Arrest));
    if let Some(judicial) = input.judicial {
        if seeks_arrest {
            penalty_threshold(rules, judicial, &mut findings);
        }
        excluded_offences(rules, input, judicial, &mut findings);
        facts_summary(rules, judicial, &mut findings);
        in_absentia(judicial, &mut findings);
        article3_offence(rules, input, judicial, &mut findings);
        article3_context(rules, input, judicial, &mut findings);
    }
    article3_status(input, &mut findings);
    if seeks_arrest {
        identity_quality(input, &mut findings);
    }
    refugee(input, &mut findings);
    requester_record(rules, input, &mut findings);
    due_process(input, &mut findings);
    extradition_refused(input, &mut findings);
    other_states_flags(input, &mut findings);
    earlier_requests(rules, input, &mut findings);
    earlier_challenges(input, &mut findings);
    findings
}

fn finding(rule_id: &str, article: &str, severity: Severity, evidence: Vec<Evidence>, message: String) -> Finding {
    Finding { rule_id: rule_id.to_owned(), article: article.to_owned(), severity, evidence, message }
}

fn evidence(field: impl Into<String>, value: impl Into<String>) -> Evidence {
    Evidence { field: field.into(), value: value.into() }
}

fn months(m: u32) -> String {
    if m.is_multiple_of(12) { format!("{} years", m / 12) } else { format!("{m} months") }
}

/// RPD Art. 83(1)(a)(ii): a prosecution needs an offence punishable by at least two years; a sentence
/// at least six months imposed and/or left to serve. One qualifying charge is enough.
fn penalty_threshold(rules: &RuleSet, j: &JudicialData, out: &mut Vec<Finding>) {
    const ARTICLE: &str = "RPD Art. 83(1)(a)(ii)";
    match j.purpose {
        Purpose::Prosecution => {
            let min = rules.threshold("prosecution_min_months");
            let stated: Vec<(usize, u32)> =
                j.charges.iter().enumerate().filter_map(|(i, c)| c.max_penalty.map(|p| (i, p.months()))).collect();
            // Migrated data that states no penalty is the facts rule's concern, not a breach of this one.
            if stated.is_empty() || stated.iter().any(|(_, m)| f64::from(*m) >= min) {
                return;
            }
            let mut ev: Vec<Evidence> = stated
                .iter()
                .map(|(i, m)| evidence(format!("judicial.charges[{i}].max_penalty_months"), m.to_string()))
                .collect();
            let (severity, message) = match &j.particular_importance {
                // The requester asked for the exception: a person decides whether to grant it.
                Some(reasons) => {
                    ev.push(evidence("judicial.particular_importance", reasons.chars().take(300).collect::<String>()));
                    (
                        Severity::Refer,
                        format!(
                            "No charge carries a maximum penalty of at least {}; the requester claims particular \
                             importance, which only a reviewer's recorded override can grant.",
                            months(min as u32)
                        ),
                    )
                }
                None => (
                    Severity::Block,
                    format!(
                        "No charge carries a maximum penalty of at least {}, and the requester gave no reason why \
                         the request is of particular importance.",
                        months(min as u32)
                    ),
                ),
            };
            out.push(finding(article3_domain::PENALTY_THRESHOLD_RULE, ARTICLE, severity, ev, message));
        }
        Purpose::Sentence => {
            let min = rules.threshold("sentence_min_months");
            let best = j
                .charges
                .iter()
                .enumerate()
                .filter_map(|(i, c)| c.sentence_imposed_months.map(|m| (i, m, c.sentence_remaining_months)))
                .max_by_key(|(_, imposed, _)| *imposed);
            let Some((i, imposed, remaining)) = best else { return };
            if f64::from(imposed) < min {
                let mut ev =
                    vec![evidence(format!("judicial.charges[{i}].sentence_imposed_months"), imposed.to_string())];
                // As for a prosecution, a claimed particular importance goes to a person instead.
                let severity = match &j.particular_importance {
                    Some(reasons) => {
                        ev.push(evidence(
                            "judicial.particular_importance",
                            reasons.chars().take(300).collect::<String>(),
                        ));
                        Severity::Refer
                    }
                    None => Severity::Block,
                };
                out.push(finding(
                    article3_domain::PENALTY_THRESHOLD_RULE,
                    ARTICLE,
                    severity,
                    ev,
                    format!(
                        "The longest sentence imposed is {}, under the minimum of {}{}.",
                        months(imposed),
                        months(min as u32),
                        if severity == Severity::Refer { "; the requester claims particular importance" } else { "" }
                    ),
                ));
            } else if let Some(left) = remaining.filter(|r| f64::from(*r) < min) {
                // "and/or": the sentence qualifies, but little is left; a person weighs the purpose.
                out.push(finding(
                    article3_domain::PENALTY_THRESHOLD_RULE,
                    ARTICLE,
                    Severity::Refer,
                    vec![evidence(format!("judicial.charges[{i}].sentence_remaining_months"), left.to_string())],
                    format!(
                        "Only {} of the sentence is left to serve, under {}; check the request still serves its purpose.",
                        months(left),
                        months(min as u32)
                    ),
                ));
            }
        }
    }
}

/// RPD Art. 83(1)(a)(i): behavioural or cultural norms, family or private matters, private disputes and
/// administrative breaches are excluded, unless the conduct is linked to serious or organised crime.
fn excluded_offences(rules: &RuleSet, input: &ReviewInput<'_>, j: &JudicialData, out: &mut Vec<Finding>) {
    const ARTICLE: &str = "RPD Art. 83(1)(a)(i)";
    let categories = [
        ("behavioural_norms", "an offence about behavioural or cultural norms"),
        ("family_private", "an offence about a family or private matter"),
        ("private_dispute", "a private or commercial dispute"),
        ("administrative", "a breach of administrative law or regulation"),
    ];
    // The carve-out looks at the whole request: a cheque charge beside a fraud charge, or a debt beside a
    // kidnapping, is linked to the serious crime.
    let whole = fold(&format!(
        "{} {}",
        j.charges.iter().map(|c| format!("{} {}", c.description, c.legal_provision)).collect::<Vec<_>>().join(" "),
        j.facts_summary
    ));
    for (i, charge) in j.charges.iter().enumerate() {
        let text = fold(&format!("{} {}", charge.description, charge.legal_provision));
        if let Some(term) = rules.find("bounced_cheque", &text) {
            out.push(unfunded_cheque(rules, input, j, i, term, &whole));
            continue;
        }
        for (list, what) in categories {
            let Some(term) = rules.find(list, &text) else { continue };
            let link = rules.find("serious_crime_link", &whole);
            let mut ev = vec![evidence(format!("judicial.charges[{i}].description"), charge.description.clone())];
            ev.push(evidence("matched term", format!("{} ({})", term.text, term.language)));
            match link {
                Some(link) => {
                    ev.push(evidence("carve-out term", format!("{} ({})", link.text, link.language)));
                    out.push(finding(
                        "rpd83.excluded_offence",
                        ARTICLE,
                        Severity::Note,
                        ev,
                        format!(
                            "The charge reads as {what}, but the request links it to serious or organised crime \
                             ('{}'), which the exclusion does not cover; confirm the link is concrete.",
                            link.text
                        ),
                    ));
                }
                None => out.push(finding(
                    "rpd83.excluded_offence",
                    ARTICLE,
                    Severity::Refer,
                    ev,
                    format!("The charge reads as {what}, which red notices and arrest diffusions may not be used for."),
                )),
            }
            break;
        }
    }
}

/// Unfunded cheques (RPD Art. 83(1)(a)(i), the General Secretariat's cheque policy): excluded as a private
/// dispute unless the amount reaches the minimum (USD 10,000) or cheques were issued repeatedly, and even
/// then only where fraud is shown. Amounts are read from the charge and the facts and converted at the rule
/// set's indicative rates.
fn unfunded_cheque(
    rules: &RuleSet,
    input: &ReviewInput<'_>,
    j: &JudicialData,
    i: usize,
    term: &crate::ruleset::Term,
    folded_request: &str,
) -> Finding {
    const ARTICLE: &str = "RPD Art. 83(1)(a)(i); unfunded-cheque policy";
    let charge = &j.charges[i];
    let min_usd = rules.threshold("cheque_min_usd");
    let min_count = rules.threshold("cheque_repeated_min_count");
    let margin = rules.threshold("conversion_margin");
    let requester = input.requesting_country.as_str();
    let text = format!("{}. {}. {}", charge.description, charge.legal_provision, j.facts_summary);
    let amounts = crate::money::amounts(rules, requester, &text);
    let largest = amounts.iter().max_by(|a, b| a.usd.total_cmp(&b.usd));
    let count = crate::money::cheque_count(&text);
    let fraud = rules.find("serious_crime_link", folded_request);
    let mut ev = vec![
        evidence(format!("judicial.charges[{i}].description"), charge.description.clone()),
        evidence("matched term", format!("{} ({})", term.text, term.language)),
    ];
    match largest {
        Some(a) => ev.push(evidence(
            "largest amount stated",
            if a.code == "USD" {
                a.written.clone()
            } else {
                format!("{} ≈ USD {:.0} at the indicative rate", a.written, a.usd)
            },
        )),
        None => ev.push(evidence("largest amount stated", "none found in the charge or the facts")),
    }
    ev.push(evidence("cheques counted", count.map_or_else(|| "not stated".to_owned(), |n| n.to_string())));
    let by_amount = largest.is_some_and(|a| a.usd >= min_usd);
    let repeated = count.is_some_and(|n| f64::from(n) >= min_count);
    // A conversion this close to the minimum depends on the rate; a person confirms it.
    let near = largest.filter(|a| a.code != "USD" && (a.usd - min_usd).abs() <= min_usd * margin);
    let near_note = near.map_or(String::new(), |a| {
        format!(
            " The conversion of {} is within {:.0}% of the minimum at an indicative rate; confirm it.",
            a.written,
            margin * 100.0
        )
    });
    let minimum = format!("USD {min_usd:.0} or {min_count:.0} or more cheques");
    if !(by_amount || repeated) {
        let what = match largest {
            Some(a) => format!("the largest amount stated is about USD {:.0}", a.usd),
            None => "no amount is stated".to_owned(),
        };
        return finding(
            "rpd83.excluded_offence",
            ARTICLE,
            Severity::Refer,
            ev,
            format!(
                "An unfunded-cheque charge below the policy minimum ({minimum}): {what}, and {} cheque(s). Such \
                 cases are private disputes red notices may not be used for.{near_note}",
                count.map_or_else(|| "an unstated number of".to_owned(), |n| n.to_string())
            ),
        );
    }
    match fraud {
        Some(link) => {
            ev.push(evidence("carve-out term", format!("{} ({})", link.text, link.language)));
            finding(
                "rpd83.excluded_offence",
                ARTICLE,
                if near.is_some() { Severity::Refer } else { Severity::Note },
                ev,
                format!(
                    "An unfunded-cheque charge that meets the minimum ({minimum}) and is linked to fraud ('{}'); \
                     confirm the facts show deceit, not only non-payment.{near_note}",
                    link.text
                ),
            )
        }
        None => finding(
            "rpd83.excluded_offence",
            ARTICLE,
            Severity::Refer,
            ev,
            format!(
                "An unfunded-cheque charge that meets the minimum ({minimum}) but describes no fraud: without \
                 deceit it remains a private dispute.{near_note}"
            ),
        ),
    }
}

/// RPD Art. 83(2)(b)(i): the facts must say concretely who did what, when, where and how; a narrative
/// that only asserts membership of a group or scheme is not enough.
fn facts_summary(rules: &RuleSet, j: &JudicialData, out: &mut Vec<Finding>) {
    const ARTICLE: &str = "RPD Art. 83(2)(b)(i)";
    if j.missing.iter().any(|m| m == "facts_summary") {
        out.push(finding(
            "rpd83.facts_summary",
            ARTICLE,
            Severity::Refer,
            vec![evidence("judicial.missing", j.missing.join(", "))],
            "The source states no facts summary: nobody can tell what the person is said to have done.".to_owned(),
        ));
        return;
    }
    let facts = fold(&j.facts_summary);
    let words = facts.split(' ').filter(|w| !w.is_empty()).count();
    let mut gaps = Vec::new();
    if (words as f64) < rules.threshold("facts_min_words") {
        gaps.push(format!("only {words} words"));
    }
    // A year (19xx or 20xx) anywhere: alone, or inside a date such as 2024-03-03 or 03/03/2024.
    let has_time = facts
        .split(|c: char| !c.is_ascii_digit())
        .any(|run| run.len() == 4 && (run.starts_with("19") || run.starts_with("20")));
    if !has_time {
        gaps.push("no date or year".to_owned());
    }
    if let Some(term) = rules.find("membership_only", &facts)
        && (words < 60 || !has_time)
    {
        gaps.push(format!("asserts membership ('{}') rather than describing acts", term.text));
    }
    let place = names_a_place(&j.facts_summary);
    if gaps.is_empty() {
        // Only the place is missing: the reviewer is told, but a summary concrete in every other way is not
        // held back for it (a place is often plain from the warrant).
        if !place {
            out.push(finding(
                "rpd83.facts_summary",
                ARTICLE,
                Severity::Note,
                vec![
                    evidence("judicial.facts_summary", j.facts_summary.chars().take(300).collect::<String>()),
                    evidence("gaps", "no place named"),
                ],
                "The facts summary names no place where the acts happened; check the warrant says where.".to_owned(),
            ));
        }
        return;
    }
    if !place {
        gaps.push("no place named".to_owned());
    }
    out.push(finding(
        "rpd83.facts_summary",
        ARTICLE,
        Severity::Refer,
        vec![
            evidence("judicial.facts_summary", j.facts_summary.chars().take(300).collect::<String>()),
            evidence("gaps", gaps.join("; ")),
        ],
        format!("The facts summary is not concrete enough: {}.", gaps.join("; ")),
    ));
}

/// Whether the facts name a place: a capitalised word after a preposition of place ("in Lyon", "en
/// Cali", "à Paris", "в Москве", "near Mechelen").
fn names_a_place(facts: &str) -> bool {
    const PREPOSITIONS: &[&str] = &[
        "in",
        "at",
        "near",
        "from",
        "to",
        "outside",
        "en",
        "de",
        "desde",
        "cerca",
        "à",
        "a",
        "au",
        "aux",
        "dans",
        "près",
        "в",
        "во",
        "из",
        "под",
        "около",
        "на",
    ];
    let words: Vec<&str> = facts.split(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '(').collect();
    words.windows(2).any(|pair| {
        // Cheapest test first: most words are not followed by a capital.
        pair[1].chars().next().is_some_and(|c| c.is_uppercase())
            && pair[0].len() <= 8
            && PREPOSITIONS.contains(&pair[0].to_lowercase().as_str())
            // A date ("in March 2024", "en marzo") is not a place.
            && !MONTHS.contains(&pair[1].to_lowercase().trim_end_matches('.'))
    })
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// Constitution Art. 3 and the predominance test (RPD Art. 34(3)): the nature of the offence. Political,
/// military or religious offences go to a person; terrorism charges against a journalist, activist,
/// politician or defender are flagged as the abuse pattern they often are.
fn article3_offence(rules: &RuleSet, input: &ReviewInput<'_>, j: &JudicialData, out: &mut Vec<Finding>) {
    const ARTICLE: &str = "Constitution Art. 3; RPD Art. 34(3)";
    let exposed_role = input.subject.public_role.filter(|r| {
        matches!(
            r,
            PublicRole::Journalist
                | PublicRole::Politician
                | PublicRole::Activist
                | PublicRole::HumanRightsDefender
                | PublicRole::ReligiousFigure
        )
    });
    for (i, charge) in j.charges.iter().enumerate() {
        let text = fold(&format!("{} {}", charge.description, charge.legal_provision));
        let field = format!("judicial.charges[{i}].description");
        if let Some(term) = rules.find("political_offence", &text) {
            out.push(finding(
                "art3.offence",
                ARTICLE,
                Severity::Refer,
                vec![
                    evidence(field.clone(), charge.description.clone()),
                    evidence("matched term", format!("{} ({})", term.text, term.language)),
                ],
                format!(
                    "The charge ('{}') is of a kind whose political, military or religious element may predominate; \
                     a reviewer must weigh it against the facts.",
                    term.text
                ),
            ));
        }
        // A terrorism charge is judged on its own even beside a political one ("joining a terrorist group and
        // spreading false news"): against an exposed person it is the abuse pattern to flag.
        if let Some(term) = rules.find("terrorism", &text) {
            let (severity, message) = match exposed_role {
                Some(role) => (
                    Severity::Refer,
                    format!(
                        "A terrorism charge against a person recorded as {}: terrorism may be processed only where the \
                         facts describe the person's own violent acts, and such charges are a known way of pursuing \
                         opponents.",
                        role.as_str().replace('_', " ")
                    ),
                ),
                None => (
                    Severity::Note,
                    "A terrorism charge: it may be processed, but only where the facts describe the person's concrete \
                     role in violent acts."
                        .to_owned(),
                ),
            };
            let mut ev = vec![
                evidence(field, charge.description.clone()),
                evidence("matched term", format!("{} ({})", term.text, term.language)),
            ];
            if let Some(role) = exposed_role {
                ev.push(evidence("subject.public_role", role.as_str()));
            }
            out.push(finding("art3.terrorism_against_exposed_person", ARTICLE, severity, ev, message));
        }
    }
}

/// The statuses the predominance test weighs (Constitution Art. 3; RPD Art. 34(3)).
fn art3_status(role: PublicRole) -> bool {
    matches!(
        role,
        PublicRole::Journalist
            | PublicRole::Politician
            | PublicRole::Activist
            | PublicRole::HumanRightsDefender
            | PublicRole::BusinessPerson
            | PublicRole::ReligiousFigure
    )
}

/// Constitution Art. 3, the context: a warrant issued during or soon after an election or protest wave in
/// the requesting country, when states have pursued opponents who fled abroad. A factor, never a verdict:
/// it goes to a person when the subject is a journalist, politician, activist, defender or religious figure,
/// and is shown as a note otherwise.
fn article3_context(rules: &RuleSet, input: &ReviewInput<'_>, j: &JudicialData, out: &mut Vec<Finding>) {
    let window_days = (rules.threshold("flight_context_window_months") * 30.44).round() as i64;
    let issued = j.warrant.issued_on;
    let events: Vec<&crate::ruleset::PoliticalEvent> = rules
        .political_events
        .iter()
        .filter(|e| e.country == input.requesting_country.as_str())
        .filter(|e| {
            let until = e.to.checked_add(time::Duration::days(window_days)).unwrap_or(e.to);
            e.from <= issued && issued <= until
        })
        .collect();
    let Some(first) = events.first() else { return };
    // A business person's status alone does not say "opposition-linked": for them the context stays a note.
    let role = input.subject.public_role.filter(|r| art3_status(*r) && *r != PublicRole::BusinessPerson);
    let mut ev = vec![evidence("judicial.warrant.issued_on", article3_domain::iso_date(issued))];
    for e in &events {
        ev.push(evidence(
            "political event",
            format!(
                "{} ({} to {}; source: {})",
                e.what,
                article3_domain::iso_date(e.from),
                article3_domain::iso_date(e.to),
                e.source
            ),
        ));
    }
    if let Some(role) = role {
        ev.push(evidence("subject.public_role", role.as_str()));
    }
    let message = match role {
        Some(role) => format!(
            "The warrant was issued during or within {:.0} months of '{}' in the requesting country, against a person \
             recorded as {}: the context of the request is one of the predominance test's factors.",
            rules.threshold("flight_context_window_months"),
            first.what,
            role.as_str().replace('_', " ")
        ),
        None => format!(
            "The warrant was issued during or within {:.0} months of '{}' in the requesting country; weigh the context \
             if the facts touch on it.",
            rules.threshold("flight_context_window_months"),
            first.what
        ),
    };
    out.push(finding(
        "art3.context",
        "Constitution Art. 3; RPD Art. 34(3)",
        if role.is_some() { Severity::Refer } else { Severity::Note },
        ev,
        message,
    ));
}

/// Constitution Art. 3, the status of the person: a factor the reviewer must see, never a verdict alone.
fn article3_status(input: &ReviewInput<'_>, out: &mut Vec<Finding>) {
    let Some(role) = input.subject.public_role else { return };
    if !art3_status(role) {
        return;
    }
    out.push(finding(
        "art3.status",
        "Constitution Art. 3; RPD Art. 34(3)",
        Severity::Note,
        vec![evidence("subject.public_role", role.as_str())],
        format!(
            "The person is recorded as {}: their status is one of the factors of the predominance test.",
            role.as_str().replace('_', " ")
        ),
    ));
}

/// RPD Art. 83(2)(a): enough identifiers to avoid arresting the wrong person.
fn identity_quality(input: &ReviewInput<'_>, out: &mut Vec<Finding>) {
    let s = input.subject;
    let mut gaps = Vec::new();
    let mut ev = Vec::new();
    let full_name = s.names.iter().any(|n| {
        (n.given.is_some() && n.family.is_some())
            || n.full.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).count() >= 2
    });
    if !full_name {
        gaps.push("no name with both a given and a family name");
        ev.push(evidence("subject.names[0].full", s.primary_name()));
    }
    if s.birth_dates.is_empty() {
        gaps.push("no date of birth");
        ev.push(evidence("subject.birth_dates", "none"));
    }
    if s.documents.is_empty() {
        gaps.push("no identity document");
        ev.push(evidence("subject.documents", "none"));
    }
    if gaps.is_empty() {
        return;
    }
    // Missing a name or a date of birth risks arresting a namesake; missing only a document is common.
    let severity = if gaps.len() >= 2 || !full_name { Severity::Refer } else { Severity::Note };
    out.push(finding(
        "rpd83.identity_quality",
        "RPD Art. 83(2)(a)",
        severity,
        ev,
        format!("Too few identifiers to avoid a wrong arrest: {}.", gaps.join(", ")),
    ));
}

/// The refugee policy (2015; GA-2017-86-RES-09): no notice or diffusion from the country a confirmed
/// refugee fled. Mechanical: it blocks. The protecting country is never named in the evidence, because
/// the requesting bureau reads its own findings.
fn refugee(input: &ReviewInput<'_>, out: &mut Vec<Finding>) {
    for (i, status) in input.context.refugee_statuses.iter().enumerate() {
        if status.fled_from != input.requesting_country {
            continue;
        }
        out.push(finding(
            "refugee.requester_is_country_fled",
            "Refugee policy (2015); GA-2017-86-RES-09",
            Severity::Block,
            vec![
                evidence(format!("context.refugee_statuses[{i}].fled_from"), status.fled_from.to_string()),
                evidence(format!("context.refugee_statuses[{i}].id"), status.id.clone()),
            ],
            "A member country has confirmed this person's refugee status, and the request comes from the country \
             the person fled: it is not processed."
                .to_owned(),
        ));
    }
    // A refugee who may be this subject written another way: not mechanical, a person decides.
    for (i, possible) in input.context.possible_refugee_statuses.iter().enumerate() {
        if possible.status.fled_from != input.requesting_country {
            continue;
        }
        let at = |field: &str| format!("context.possible_refugee_statuses[{i}].{field}");
        let score = f64::from(possible.score_thousandths) / 1000.0;
        out.push(finding(
            "refugee.possible_match",
            "Refugee policy (2015); GA-2017-86-RES-09",
            Severity::Refer,
            vec![
                evidence(at("status.fled_from"), possible.status.fled_from.to_string()),
                evidence(at("status.id"), possible.status.id.clone()),
                evidence(at("score"), format!("{score:.3}")),
            ],
            format!(
                "A member country has confirmed the refugee status of a person who fled the requesting country and \
                 whom the screening engine finds close to this subject (score {score:.2}): a reviewer establishes \
                 whether it is the same person; if it is, the request is not processed."
            ),
        ));
    }
}

/// The requesting country's record: a corrective measure always sends the request to a person; so do
/// refusal or deletion rates above the rule set's thresholds.
fn requester_record(rules: &RuleSet, input: &ReviewInput<'_>, out: &mut Vec<Finding>) {
    const ARTICLE: &str = "RPD Art. 34; supervision and corrective measures";
    let r = &input.context.requester;
    if let Some(measure) = r.corrective_measure {
        out.push(finding(
            "requester.corrective_measure",
            ARTICLE,
            Severity::Refer,
            vec![evidence("context.requester.corrective_measure", measure.as_str())],
            format!(
                "{} is under a corrective measure ({}): every request from it goes to a person.",
                input.requesting_country,
                measure.as_str().replace('_', " ")
            ),
        ));
    }
    if f64::from(r.decided) < rules.threshold("requester_min_decided") {
        return;
    }
    let decided = f64::from(r.decided);
    for (rate_name, count, threshold, what) in [
        ("refusal", r.refused, "requester_refusal_rate_refer", "refused at review"),
        ("deletion", r.deleted, "requester_deletion_rate_refer", "deleted by the Commission"),
    ] {
        let rate = f64::from(count) / decided;
        if rate > rules.threshold(threshold) {
            out.push(finding(
                &format!("requester.{rate_name}_rate"),
                ARTICLE,
                Severity::Refer,
                vec![
                    evidence(
                        format!("context.requester.{}", if rate_name == "refusal" { "refused" } else { "deleted" }),
                        count.to_string(),
                    ),
                    evidence("context.requester.decided", r.decided.to_string()),
                ],
                format!(
                    "{:.0} % of {}'s decided requests were {what}, above the {:.0} % the rule set tolerates.",
                    rate * 100.0,
                    input.requesting_country,
                    rules.threshold(threshold) * 100.0
                ),
            ));
        }
    }
}

/// How sure it is that an earlier request concerns this person, for a finding that rests on it: nothing
/// when its identity keys agree; otherwise evidence naming how it was found and a sentence for the
/// message, so that the reviewer establishes identity before weighing it.
fn identity_caveat(i: usize, e: &article3_domain::EarlierRequest) -> Option<(Evidence, String)> {
    let sentence = match e.matched {
        EarlierMatch::Exact => return None,
        EarlierMatch::Possible { score_thousandths } => format!(
            " The earlier request names the person otherwise (the screening engine scores the two {:.2}): \
             establish that it is the same person.",
            f64::from(score_thousandths) / 1000.0
        ),
        EarlierMatch::SoundsAlike => " Its data is deleted, and only its keys say that the name sounds alike and a \
                                      year of birth agrees: establish that it is the same person."
            .to_owned(),
    };
    Some((evidence(format!("context.earlier[{i}].matched"), e.matched.describe()), sentence))
}

/// A finding about one earlier request, with its identity caveat added when the match is not exact.
fn on_earlier(
    (rule_id, article, severity): (&str, &str, Severity),
    (i, e): (usize, &article3_domain::EarlierRequest),
    mut shown: Vec<Evidence>,
    mut message: String,
) -> Finding {
    if let Some((caveat, sentence)) = identity_caveat(i, e) {
        shown.push(caveat);
        message.push_str(&sentence);
    }
    finding(rule_id, article, severity, shown, message)
}

/// Earlier data on the same person: a Commission deletion is referred with the decision attached; several
/// countries pursuing the same person within a short window is a pattern a person must look at.
fn earlier_requests(rules: &RuleSet, input: &ReviewInput<'_>, out: &mut Vec<Finding>) {
    let context = input.context;
    for (i, e) in context.earlier.iter().enumerate().filter(|(_, e)| e.deleted_by_commission) {
        out.push(on_earlier(
            ("repeat.deleted_data", "CCF Statute (binding decisions); RPD Art. 12", Severity::Refer),
            (i, e),
            vec![
                evidence(format!("context.earlier[{i}].id"), format!("{} {}", e.kind, e.id)),
                evidence(format!("context.earlier[{i}].requesting_country"), e.requesting_country.to_string()),
            ],
            format!(
                "The Commission deleted earlier data on this person ({} {} from {}); a new request needs new facts.",
                e.kind, e.id, e.requesting_country
            ),
        ));
    }
    let window_ms = rules.threshold("coordinated_window_days") * 86_400_000.0;
    let recent: Vec<(usize, &article3_domain::EarlierRequest)> = context
        .earlier
        .iter()
        .enumerate()
        .filter(|(_, e)| e.requesting_country != input.requesting_country)
        // In floating point: times come from outside, and their difference must not overflow.
        .filter(|(_, e)| (context.at_ms as f64 - e.created_at_ms as f64).abs() <= window_ms)
        .collect();
    let mut countries: Vec<String> = recent.iter().map(|(_, e)| e.requesting_country.to_string()).collect();
    countries.sort();
    countries.dedup();
    backing_between_poor_records(rules, input, &recent, out);
    if (countries.len() + 1) as f64 >= rules.threshold("coordinated_min_countries") && !countries.is_empty() {
        out.push(finding(
            "pattern.coordinated_requests",
            "Constitution Art. 3; RPD Art. 34(3) (positions of other member countries)",
            Severity::Refer,
            recent
                .iter()
                .flat_map(|(i, e)| {
                    let shown = evidence(
                        format!("context.earlier[{i}]"),
                        format!("{} {} from {}", e.kind, e.id, e.requesting_country),
                    );
                    std::iter::once(shown).chain(identity_caveat(*i, e).map(|(caveat, _)| caveat))
                })
                .collect(),
            format!(
                "{} other countr{} ({}) asked for the same person within {} days.{}",
                countries.len(),
                if countries.len() == 1 { "y" } else { "ies" },
                countries.join(", "),
                rules.threshold("coordinated_window_days"),
                if recent.iter().any(|(_, e)| e.matched != EarlierMatch::Exact) {
                    " Some of them name the person otherwise: establish that they are about the same person."
                } else {
                    ""
                }
            ),
        ));
    }
}

/// Constitution Art. 2 (the spirit of the Universal Declaration): a conviction in absentia can support a
/// request only where the person may be retried; without that guarantee a person must look.
fn in_absentia(j: &JudicialData, out: &mut Vec<Finding>) {
    let Some(a) = j.in_absentia else { return };
    let (severity, message) = match a.retrial_guaranteed {
        Some(true) => (
            Severity::Note,
            "The judgment was given in absentia; the requester guarantees a retrial on surrender.".to_owned(),
        ),
        Some(false) => (
            Severity::Refer,
            "The judgment was given in absentia and the requester does not guarantee a retrial: ask whether the \
             person was notified, defended and may be retried."
                .to_owned(),
        ),
        None => (
            Severity::Refer,
            "The judgment was given in absentia and the request does not say whether a retrial is guaranteed: ask \
             the requester before deciding."
                .to_owned(),
        ),
    };
    out.push(finding(
        "art2.in_absentia",
        "Constitution Art. 2; RPD Art. 34",
        severity,
        vec![evidence(
            "judicial.retrial_guaranteed",
            a.retrial_guaranteed.map_or_else(|| "not stated".to_owned(), |g| g.to_string()),
        )],
        message,
    ));
}

/// Constitution Art. 2: due-process concerns recorded against the requesting state go to a person with
/// every request, their sources attached.
fn due_process(input: &ReviewInput<'_>, out: &mut Vec<Finding>) {
    let concerns = &input.context.requester.due_process_concerns;
    if concerns.is_empty() {
        return;
    }
    out.push(finding(
        "art2.due_process",
        "Constitution Art. 2 (Universal Declaration, fair trial)",
        Severity::Refer,
        concerns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                evidence(
                    format!("context.requester.due_process_concerns[{i}]"),
                    format!("{} (source: {})", c.concern, c.source),
                )
            })
            .collect(),
        format!(
            "{} due-process concern(s) are recorded against {}: check that this person would get a fair trial.",
            concerns.len(),
            input.requesting_country
        ),
    ));
}

/// Whether a record is poor: enough decided requests, and a refusal rate above the rule set's threshold.
fn poor_record(rules: &RuleSet, decided: u32, refused: u32) -> bool {
    f64::from(decided) >= rules.threshold("requester_min_decided")
        && decided > 0
        && f64::from(refused) / f64::from(decided) > rules.threshold("requester_refusal_rate_refer")
}

/// States with poor records backing each other: the requester's record is poor, and so is that of
/// another state that asked for the same person within the window.
fn backing_between_poor_records(
    rules: &RuleSet,
    input: &ReviewInput<'_>,
    recent: &[(usize, &article3_domain::EarlierRequest)],
    out: &mut Vec<Finding>,
) {
    let me = &input.context.requester;
    if !poor_record(rules, me.decided, me.refused) {
        return;
    }
    let backers: Vec<&(usize, &article3_domain::EarlierRequest)> =
        recent.iter().filter(|(_, e)| poor_record(rules, e.requester_decided, e.requester_refused)).collect();
    if backers.is_empty() {
        return;
    }
    out.push(finding(
        "pattern.poor_records_backing_each_other",
        "Constitution Art. 3; RPD Art. 34(3) (positions of other member countries)",
        Severity::Refer,
        backers
            .iter()
            .flat_map(|(i, e)| {
                let shown = evidence(
                    format!("context.earlier[{i}].requesting_country"),
                    format!(
                        "{} ({} of {} requests refused)",
                        e.requesting_country, e.requester_refused, e.requester_decided
                    ),
                );
                std::iter::once(shown).chain(identity_caveat(*i, e).map(|(caveat, _)| caveat))
            })
            .collect(),
        format!(
            "{} and another state with a high refusal rate ask for the same person: their requests may be backing \
             each other rather than describing a crime.",
            input.requesting_country
        ),
    ));
}

/// Challenges before the Commission against earlier data on the person (CCF Statute Art. 3, the
/// Commission's individual requests; its decisions are final). While one is pending, a new request about
/// the person goes to a person: it may go round the examination (a source that deletes its own data before
/// the decision can enter it again), and the Commission may order the data blocked meanwhile (Art. 37).
/// Once one is upheld, the data did not comply, and a new request needs new facts; a Commission deletion
/// already says so (`repeat.deleted_data`). A rejected, inadmissible or withdrawn challenge is no finding.
/// The file is named only to the bureau that made the earlier request, which lists its challenges anyway;
/// another's is "before the Commission", and the reviewer reads the file.
fn earlier_challenges(input: &ReviewInput<'_>, out: &mut Vec<Finding>) {
    for (i, e) in input.context.earlier.iter().enumerate() {
        let own = e.requesting_country == input.requesting_country;
        for (j, c) in e.challenges.iter().enumerate() {
            let file = if own { format!("file {}", c.reference) } else { "a file of the Commission".to_owned() };
            let what = format!("{} {} from {}", e.kind, e.id, e.requesting_country);
            let shown = vec![
                evidence(format!("context.earlier[{i}].id"), format!("{} {}", e.kind, e.id)),
                evidence(
                    format!("context.earlier[{i}].challenges[{j}]"),
                    format!("{file}, lodged {}", article3_domain::iso_date(c.lodged_on)),
                ),
            ];
            match c.outcome {
                None => out.push(on_earlier(
                    (
                        "repeat.under_challenge",
                        "CCF Statute Art. 3 (individual requests) and Art. 37 (provisional measures)",
                        Severity::Refer,
                    ),
                    (i, e),
                    shown,
                    format!(
                        "The person's challenge to earlier data ({what}) is before the Commission ({file}, lodged {}): \
                         a person weighs this request so that it does not go round the Commission's examination.",
                        article3_domain::iso_date(c.lodged_on)
                    ),
                )),
                Some(ChallengeOutcome::Upheld) if !e.deleted_by_commission => out.push(on_earlier(
                    (
                        "repeat.challenge_upheld",
                        "CCF Statute Art. 3 (individual requests; decisions final); RPD Art. 12",
                        Severity::Refer,
                    ),
                    (i, e),
                    shown,
                    format!(
                        "The Commission upheld the person's challenge to earlier data ({what}, {file}): that data did \
                         not comply, and a new request needs new facts."
                    ),
                )),
                Some(_) => {}
            }
        }
    }
}

/// The positions of other member countries (RPD Art. 34(3)): members that flagged an earlier notice or
/// diffusion on this person will not act on it on their territory. A person must weigh why before the
/// same person is requested again. Who flagged stays confidential: the evidence gives a count, and the
/// reviewer reads the flags themselves.
fn other_states_flags(input: &ReviewInput<'_>, out: &mut Vec<Finding>) {
    for (i, e) in input.context.earlier.iter().enumerate() {
        let others = e.flagged_by.iter().filter(|c| **c != input.requesting_country).count();
        if others == 0 || e.deleted_by_commission {
            continue;
        }
        let members = if others == 1 { "1 member country".to_owned() } else { format!("{others} member countries") };
        out.push(on_earlier(
            (
                "art3.other_states_flags",
                "Constitution Art. 3; RPD Art. 34(3) (positions of other member countries)",
                Severity::Refer,
            ),
            (i, e),
            vec![
                evidence(format!("context.earlier[{i}].id"), format!("{} {}", e.kind, e.id)),
                evidence(format!("context.earlier[{i}].flagged_by"), members.clone()),
            ],
            format!(
                "{members} flagged an earlier {} on this person ({}'s): they will not act on it. A person reads \
                 their reasons before this request goes further.",
                e.kind, e.requesting_country
            ),
        ));
    }
}

/// The positions of other member countries (RPD Art. 34(3)): a member that refused to extradite this
/// person to the requesting state is a factor a person must weigh; a refusal towards another state is
/// worth knowing.
fn extradition_refused(input: &ReviewInput<'_>, out: &mut Vec<Finding>) {
    for (i, r) in input.context.extradition_refusals.iter().enumerate() {
        let to_requester = r.requesting_country == input.requesting_country;
        out.push(finding(
            "art3.extradition_refused",
            "Constitution Art. 3; RPD Art. 34(3) (positions of other member countries)",
            if to_requester { Severity::Refer } else { Severity::Note },
            vec![
                evidence(format!("context.extradition_refusals[{i}].refusing_country"), r.refusing_country.to_string()),
                evidence(
                    format!("context.extradition_refusals[{i}].grounds"),
                    r.grounds.chars().take(300).collect::<String>(),
                ),
            ],
            if to_requester {
                format!(
                    "{} refused to extradite this person to {}: {}",
                    r.refusing_country, r.requesting_country, r.grounds
                )
            } else {
                format!(
                    "{} refused to extradite this person to another state ({}).",
                    r.refusing_country, r.requesting_country
                )
            },
        ));
    }
    // A refusal about a person written otherwise: its grounds may describe someone else, so they stay
    // with the reviewer, who reads the refusal and establishes identity first.
    for (i, possible) in input.context.possible_extradition_refusals.iter().enumerate() {
        let r = &possible.refusal;
        let at = |field: &str| format!("context.possible_extradition_refusals[{i}].{field}");
        let to_requester = r.requesting_country == input.requesting_country;
        let score = f64::from(possible.score_thousandths) / 1000.0;
        out.push(finding(
            "art3.extradition_refused",
            "Constitution Art. 3; RPD Art. 34(3) (positions of other member countries)",
            if to_requester { Severity::Refer } else { Severity::Note },
            vec![
                evidence(at("refusal.id"), r.id.clone()),
                evidence(at("refusal.refusing_country"), r.refusing_country.to_string()),
                evidence(at("score"), format!("{score:.3}")),
            ],
            format!(
                "{} refused to extradite a person who may be this one, written otherwise (the screening engine \
                 scores the two {score:.2}), to {}: establish that it is the same person, then read the refusal's \
                 grounds.",
                r.refusing_country,
                if to_requester { "the requesting state" } else { "another state" }
            ),
        ));
    }
}
