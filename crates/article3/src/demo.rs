//! The demo world: an account for every role, several countries, and a few hundred generated notices and
//! diffusions about invented people (never the real people in the watch-list data).

use std::collections::BTreeSet;

use anyhow::Context;
use article3_domain::{
    Actor, Charge, Colour, CountryCode, CountryRegistry, Decision, DiffusionPurpose, DiffusionRequest, JudicialData,
    MaxPenalty, NameKind, NoticeAction, NoticeRequest, PersonName, Purpose, Recipients, Restrictions, ReviewEngine,
    Role, Sex, Subject, Warrant,
};
use article3_store::{Intake, NewUser, Reader, Store};
use time::{Date, Month, OffsetDateTime};

/// Accounts made for the demo: (name, role, country). All share [`DEMO_PASSWORD`].
pub const DEMO_USERS: &[(&str, Role, Option<&str>)] = &[
    ("admin", Role::Admin, None),
    ("reviewer", Role::Reviewer, None),
    ("commission", Role::Commission, None),
    ("ncb-fr", Role::Ncb, Some("FR")),
    ("ncb-de", Role::Ncb, Some("DE")),
    ("ncb-br", Role::Ncb, Some("BR")),
    ("ncb-tr", Role::Ncb, Some("TR")),
    ("ncb-ke", Role::Ncb, Some("KE")),
    ("border-fr", Role::Border, Some("FR")),
    ("border-de", Role::Border, Some("DE")),
    ("caseworker-de", Role::Caseworker, Some("DE")),
    ("subject", Role::Subject, None),
];

pub const DEMO_PASSWORD: &str = "article3-demo";

/// A small deterministic generator (SplitMix64): the same demo world every time.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap_or(1)).unwrap_or(0)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A culture's names as (Latin, native script) pairs, so every person has a romanised primary name and,
/// where the culture writes another script, the original form too.
struct Culture {
    nationality: &'static str,
    script: &'static str,
    given_male: &'static [(&'static str, &'static str)],
    given_female: &'static [(&'static str, &'static str)],
    family: &'static [(&'static str, &'static str)],
    family_first: bool,
}

const CULTURES: &[Culture] = &[
    Culture {
        nationality: "RU",
        script: "Cyrl",
        given_male: &[
            ("Sergei", "Сергей"),
            ("Aleksandr", "Александр"),
            ("Dmitrii", "Дмитрий"),
            ("Nikolai", "Николай"),
            ("Pavel", "Павел"),
        ],
        given_female: &[("Elena", "Елена"), ("Olga", "Ольга"), ("Tatiana", "Татьяна"), ("Irina", "Ирина")],
        family: &[
            ("Petrov", "Петров"),
            ("Smirnov", "Смирнов"),
            ("Volkov", "Волков"),
            ("Kuznetsov", "Кузнецов"),
            ("Sokolov", "Соколов"),
        ],
        family_first: false,
    },
    Culture {
        nationality: "UA",
        script: "Cyrl",
        given_male: &[("Oleksandr", "Олександр"), ("Andrii", "Андрій"), ("Yurii", "Юрій"), ("Bohdan", "Богдан")],
        given_female: &[("Olena", "Олена"), ("Kateryna", "Катерина"), ("Iryna", "Ірина")],
        family: &[
            ("Shevchenko", "Шевченко"),
            ("Bondarenko", "Бондаренко"),
            ("Tkachenko", "Ткаченко"),
            ("Kovalenko", "Коваленко"),
        ],
        family_first: false,
    },
    Culture {
        nationality: "EG",
        script: "Arab",
        given_male: &[
            ("Mohamed", "محمد"),
            ("Ahmed", "أحمد"),
            ("Mahmoud", "محمود"),
            ("Youssef", "يوسف"),
            ("Omar", "عمر"),
        ],
        given_female: &[("Fatma", "فاطمة"), ("Mariam", "مريم"), ("Nour", "نور"), ("Salma", "سلمى")],
        family: &[
            ("Hassan", "حسن"),
            ("Ibrahim", "إبراهيم"),
            ("Abdelrahman", "عبد الرحمن"),
            ("Mostafa", "مصطفى"),
            ("Saleh", "صالح"),
        ],
        family_first: false,
    },
    Culture {
        nationality: "CN",
        script: "Hans",
        given_male: &[("Wei", "伟"), ("Jun", "军"), ("Lei", "磊"), ("Qiang", "强")],
        given_female: &[("Fang", "芳"), ("Jing", "静"), ("Min", "敏"), ("Li", "丽")],
        family: &[("Wang", "王"), ("Li", "李"), ("Zhang", "张"), ("Liu", "刘"), ("Chen", "陈")],
        family_first: true,
    },
    Culture {
        nationality: "GR",
        script: "Grek",
        given_male: &[("Georgios", "Γεώργιος"), ("Nikolaos", "Νικόλαος"), ("Dimitrios", "Δημήτριος")],
        given_female: &[("Maria", "Μαρία"), ("Eleni", "Ελένη"), ("Aikaterini", "Αικατερίνη")],
        family: &[("Papadopoulos", "Παπαδόπουλος"), ("Nikolaidis", "Νικολαΐδης"), ("Georgiou", "Γεωργίου")],
        family_first: false,
    },
    Culture {
        nationality: "TR",
        script: "Latn",
        given_male: &[("Mehmet", "Mehmet"), ("Mustafa", "Mustafa"), ("Emre", "Emre"), ("Burak", "Burak")],
        given_female: &[("Ayşe", "Ayşe"), ("Fatma", "Fatma"), ("Zeynep", "Zeynep"), ("Elif", "Elif")],
        family: &[("Yılmaz", "Yılmaz"), ("Kaya", "Kaya"), ("Demir", "Demir"), ("Çelik", "Çelik"), ("Şahin", "Şahin")],
        family_first: false,
    },
    Culture {
        nationality: "BR",
        script: "Latn",
        given_male: &[("João", "João"), ("Lucas", "Lucas"), ("Gabriel", "Gabriel"), ("Rafael", "Rafael")],
        given_female: &[("Ana", "Ana"), ("Juliana", "Juliana"), ("Beatriz", "Beatriz"), ("Camila", "Camila")],
        family: &[
            ("Silva", "Silva"),
            ("Santos", "Santos"),
            ("Oliveira", "Oliveira"),
            ("Souza", "Souza"),
            ("Ferreira", "Ferreira"),
        ],
        family_first: false,
    },
    Culture {
        nationality: "FR",
        script: "Latn",
        given_male: &[("Julien", "Julien"), ("Nicolas", "Nicolas"), ("Thomas", "Thomas"), ("Antoine", "Antoine")],
        given_female: &[("Camille", "Camille"), ("Léa", "Léa"), ("Chloé", "Chloé"), ("Manon", "Manon")],
        family: &[
            ("Martin", "Martin"),
            ("Bernard", "Bernard"),
            ("Dubois", "Dubois"),
            ("Lefèvre", "Lefèvre"),
            ("Moreau", "Moreau"),
        ],
        family_first: false,
    },
    Culture {
        nationality: "KE",
        script: "Latn",
        given_male: &[("Brian", "Brian"), ("Kevin", "Kevin"), ("Dennis", "Dennis"), ("Peter", "Peter")],
        given_female: &[("Faith", "Faith"), ("Mercy", "Mercy"), ("Grace", "Grace"), ("Esther", "Esther")],
        family: &[
            ("Otieno", "Otieno"),
            ("Kamau", "Kamau"),
            ("Mwangi", "Mwangi"),
            ("Wanjiru", "Wanjiru"),
            ("Kiprop", "Kiprop"),
        ],
        family_first: false,
    },
];

const OFFENCES: &[(&str, &str, u32)] = &[
    ("Armed robbery", "Penal Code art. 311-8", 240),
    ("Drug trafficking", "Narcotics Act s. 4", 180),
    ("Fraud causing loss above EUR 500,000", "Penal Code art. 313-1", 84),
    ("Homicide", "Penal Code art. 221-1", 360),
    ("Money laundering", "Penal Code art. 324-1", 120),
    ("Trafficking in human beings", "Penal Code art. 225-4-1", 120),
];

const CITIES: &[&str] = &["Lyon", "Hamburg", "Recife", "Izmir", "Mombasa", "Marseille", "Porto Alegre", "Nakuru"];

fn person(rng: &mut Rng, registry: &CountryRegistry, today: Date) -> anyhow::Result<Subject> {
    let culture = rng.pick(CULTURES);
    let male = rng.below(4) != 0;
    let (given_latn, given_native) = *rng.pick(if male { culture.given_male } else { culture.given_female });
    let (family_latn, family_native) = *rng.pick(culture.family);
    let mut names = vec![PersonName::new(
        NameKind::Primary,
        Some(&format!("{given_latn} {family_latn}")),
        Some(given_latn),
        Some(family_latn),
        None,
        Some("Latn"),
    )?];
    if culture.script != "Latn" {
        let full = if culture.family_first {
            format!("{family_native}{given_native}")
        } else {
            format!("{given_native} {family_native}")
        };
        names.push(PersonName::new(
            NameKind::OriginalScript,
            Some(&full),
            Some(given_native),
            Some(family_native),
            None,
            Some(culture.script),
        )?);
    }
    let year = 1955 + i32::try_from(rng.below(48)).unwrap_or(0);
    let month = Month::try_from(u8::try_from(1 + rng.below(12)).unwrap_or(1)).unwrap_or(Month::January);
    let day = u8::try_from(1 + rng.below(28)).unwrap_or(1);
    let birth = Date::from_calendar_date(year, month, day)?;
    let nationality = registry.known("nationality", culture.nationality)?;
    let passport = format!("{}{:07}", &culture.nationality[..1], rng.below(10_000_000));
    let document = article3_domain::IdentityDocument::new(registry, "passport", &passport, culture.nationality)?;
    let birth = article3_domain::BirthDate::parse("birth", &format!("{birth}"), today)?;
    Ok(Subject::new(
        names,
        vec![birth],
        if male { Sex::Male } else { Sex::Female },
        BTreeSet::from([nationality]),
        vec![document],
        Some(*rng.pick(&["engineer", "trader", "driver", "accountant", "teacher", "shop owner"])),
        None,
    )?)
}

fn judicial(rng: &mut Rng, today: Date) -> anyhow::Result<JudicialData> {
    let (offence, provision, max) = *rng.pick(OFFENCES);
    let city = *rng.pick(CITIES);
    let issued = today - time::Duration::days(30 + i64::try_from(rng.below(900)).unwrap_or(0));
    let warrant = Warrant::new(
        &format!("AW-{}-{:05}", issued.year(), rng.below(100_000)),
        issued,
        &format!("Investigating judge, {city}"),
        today,
    )?;
    let charge = Charge::new(offence, provision, Some(MaxPenalty::Months(max)), None, None)?;
    let facts = format!(
        "On {issued} in {city}, the subject is alleged to have committed {}: acting with two accomplices, \
         the subject planned and carried out the offence, as shown by witness statements and bank records.",
        offence.to_lowercase()
    );
    Ok(JudicialData::new(Purpose::Prosecution, warrant, vec![charge], &facts)?)
}

/// Creates the demo accounts and world if the store has none yet. Returns false when it was already there.
pub async fn seed(
    store: &dyn Store,
    engine: &dyn ReviewEngine,
    registry: &CountryRegistry,
    hash: &str,
    notices: usize,
) -> anyhow::Result<bool> {
    if store.user_by_name("reviewer").await?.is_some() {
        return Ok(false);
    }
    let mut actors = Vec::new();
    for (name, role, country) in DEMO_USERS {
        let country = country.map(|c| registry.known("country", c)).transpose()?;
        let user = store
            .create_user(
                "demo",
                NewUser { name: (*name).to_owned(), role: *role, country, password_hash: hash.to_owned() },
            )
            .await
            .with_context(|| format!("creating demo user {name}"))?;
        actors.push(user.actor());
    }
    let by_name = |n: &str| actors.iter().find(|a| a.name == n).cloned();
    let reviewer = by_name("reviewer").context("demo reviewer")?;
    let commission = by_name("commission").context("demo commission")?;
    let bureaus: Vec<Actor> = actors.iter().filter(|a| a.role == Role::Ncb).cloned().collect();
    let today = OffsetDateTime::now_utc().date();
    let mut rng = Rng(0x0A27_1C1E_3000_0003);
    let colours = [Colour::Red, Colour::Red, Colour::Red, Colour::Yellow, Colour::Blue, Colour::Green];
    for i in 0..notices {
        let bureau = rng.pick(&bureaus).clone();
        let owner: CountryCode = bureau.country.context("bureau country")?;
        let colour = *rng.pick(&colours);
        let subject = person(&mut rng, registry, today)?;
        let judicial = if colour == Colour::Red { Some(judicial(&mut rng, today)?) } else { None };
        let restrictions = match rng.below(8) {
            0 => Restrictions::OnlyTo(BTreeSet::from([
                registry.known("c", if owner.as_str() == "DE" { "FR" } else { "DE" })?
            ])),
            1 => Restrictions::Exclude(BTreeSet::from([
                registry.known("c", if owner.as_str() == "TR" { "KE" } else { "TR" })?
            ])),
            _ => Restrictions::None,
        };
        let public = colour.may_be_public() && restrictions == Restrictions::None && rng.below(2) == 0;
        let request = NoticeRequest::new(registry, colour, owner, subject, judicial, restrictions, public)?;
        let context = store.review_context(owner, &request.subject).await?;
        let evaluation = engine.evaluate(&article3_domain::ReviewInput::for_notice(&request, &context));
        let notice = store.submit_notice(Reader::Actor(&bureau), &request, &evaluation, Intake::Submitted).await?;
        // Most requests are decided; some wait in the queue; a few are later blocked or cancelled.
        match i % 10 {
            0 | 1 => {}
            2 => {
                store
                    .decide_notice(
                        &reviewer,
                        notice.id,
                        Decision::Refuse,
                        "The facts summary does not describe the person's own conduct.",
                    )
                    .await?;
            }
            _ => {
                store
                    .decide_notice(
                        &reviewer,
                        notice.id,
                        Decision::Approve,
                        "Ordinary-law offence; charges, penalty and facts are concrete.",
                    )
                    .await?;
                // Some are challenged before the Commission: pending, and a few blocked meanwhile.
                if i % 29 == 3 || i % 13 == 6 {
                    const GROUNDS: [&str; 3] = [
                        "The applicant contests the notice as a prosecution of political activity (Art. 3).",
                        "The applicant says he is not the person sought: a namesake born the same year.",
                        "The applicant, a recognised refugee, says the requesting country seeks his return.",
                    ];
                    let lodged_on = today - time::Duration::days(20 + i64::try_from(rng.below(400)).unwrap_or(0));
                    let application = article3_domain::ChallengeApplication::new(
                        article3_domain::RecordKind::Notice,
                        &notice.id.to_string(),
                        &format!("CCF/{}/{:04}", lodged_on.year(), i + 1),
                        GROUNDS[rng.below(GROUNDS.len())],
                        lodged_on,
                        today,
                    )?;
                    store.register_challenge(&commission, &application).await?;
                }
                if i % 29 == 3 {
                    store
                        .transition_notice(
                            &commission,
                            notice.id,
                            NoticeAction::Block,
                            "Challenge admitted; access blocked pending decision.",
                        )
                        .await?;
                } else if i % 31 == 4 {
                    store
                        .transition_notice(&bureau, notice.id, NoticeAction::Cancel, "Person located and surrendered.")
                        .await?;
                }
            }
        }
    }
    for i in 0..notices / 4 {
        let bureau = rng.pick(&bureaus).clone();
        let owner = bureau.country.context("bureau country")?;
        let subject = person(&mut rng, registry, today)?;
        let (purpose, judicial) = if i % 2 == 0 {
            (DiffusionPurpose::Arrest, Some(judicial(&mut rng, today)?))
        } else {
            (DiffusionPurpose::Locate, None)
        };
        let others: BTreeSet<CountryCode> =
            bureaus.iter().filter_map(|b| b.country).filter(|c| *c != owner).take(1 + rng.below(3)).collect();
        let recipients = if i % 3 == 0 { Recipients::AllMembers } else { Recipients::Countries(others) };
        let request =
            DiffusionRequest::new(registry, purpose, owner, subject, judicial, recipients, Restrictions::None)?;
        let context = store.review_context(owner, &request.subject).await?;
        let evaluation = engine.evaluate(&article3_domain::ReviewInput::for_diffusion(&request, &context));
        let d = store.circulate_diffusion(&bureau, &request, &evaluation, false).await?;
        if i % 3 == 1 {
            store
                .decide_diffusion(&reviewer, d.id, Decision::Approve, "Reviewed after circulation: compliant.")
                .await?;
        }
    }
    Ok(true)
}
