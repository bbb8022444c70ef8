//! Reading amounts of money and counts of cheques out of charge text and facts summaries, for the
//! unfunded-cheque minimum. Currencies, their indicative rates and the words naming them are rule-set
//! data; only the number grammar lives here.

use crate::ruleset::{Currency, RuleSet};

/// An amount found in the text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Amount {
    /// As written, e.g. `AED 25,700`.
    pub written: String,
    pub code: String,
    pub usd: f64,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number {
        value: f64,
        written: String,
    },
    /// Folded for comparison, and as written.
    Word(String, String),
}

fn is_currency_symbol(c: char) -> bool {
    matches!(
        c,
        '$' | '€'
            | '£'
            | '¥'
            | '₽'
            | '₴'
            | '₸'
            | '₼'
            | '₾'
            | '֏'
            | '₺'
            | '₹'
            | '৳'
            | '₩'
            | '₦'
            | '₱'
            | '₡'
            | '₲'
    )
}

/// Words and numbers, lower case. A number keeps its thousands groups together ("12 000", "5.000.000",
/// "25,700") and its decimals ("4.2"); a lone separator followed by exactly three digits is read as a
/// thousands separator, as it is in every language the charges arrive in.
fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let start = i;
            let mut groups = vec![String::new()];
            let mut separators = Vec::new();
            while i < chars.len() {
                let d = chars[i];
                if d.is_ascii_digit() {
                    if let Some(last) = groups.last_mut() {
                        last.push(d);
                    }
                    i += 1;
                } else if matches!(d, ',' | '.' | ' ' | '\u{a0}' | '\u{202f}')
                    && chars.get(i + 1).is_some_and(char::is_ascii_digit)
                {
                    let run = chars[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
                    // A space only joins thousands groups ("12 000"); "in 2024 15 cheques" stays apart.
                    let spacey = matches!(d, ' ' | '\u{a0}' | '\u{202f}');
                    if spacey && run != 3 {
                        break;
                    }
                    separators.push(d);
                    groups.push(String::new());
                    i += 1;
                } else {
                    break;
                }
            }
            let written: String = chars[start..i].iter().collect();
            out.push(Token::Number { value: number_value(&groups, &separators), written });
        } else if c.is_alphabetic() || is_currency_symbol(c) {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphabetic() || is_currency_symbol(chars[i]) || chars[i] == '\'' || chars[i] == '’')
            {
                i += 1;
            }
            let original: String = chars[start..i].iter().collect();
            let word: String = original.chars().flat_map(char::to_lowercase).collect();
            out.push(Token::Word(fold_accents(&word), original));
        } else {
            i += 1;
        }
    }
    out
}

fn fold_accents(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            other => other,
        })
        .collect()
}

/// The value of digit groups split by separators: the last separator is a decimal point when it is
/// followed by other than three digits, or when it differs from an earlier separator ("1.234,50").
fn number_value(groups: &[String], separators: &[char]) -> f64 {
    let whole = |gs: &[String]| gs.concat().parse::<f64>().unwrap_or(0.0);
    let (Some(last_sep), Some(last_group)) = (separators.last(), groups.last()) else {
        return whole(groups);
    };
    let differs = separators.iter().any(|s| s != last_sep);
    let decimal = matches!(last_sep, ',' | '.') && (last_group.len() != 3 || differs);
    if decimal {
        let int = whole(&groups[..groups.len() - 1]);
        let frac = format!("0.{last_group}").parse::<f64>().unwrap_or(0.0);
        int + frac
    } else {
        whole(groups)
    }
}

fn multiplier(word: &str) -> Option<f64> {
    match word {
        "thousand" | "mil" | "mille" | "тыс" | "тысяч" | "тысячи" | "k" => Some(1e3),
        "million" | "millions" | "millon" | "millones" | "m" | "mn" | "млн" | "миллиона" | "миллионов" => {
            Some(1e6)
        }
        "billion" | "billions" | "milliard" | "milliards" | "млрд" | "миллиарда" | "миллиардов" => {
            Some(1e9)
        }
        _ => None,
    }
}

fn names_currency(name: &str, word: &str) -> bool {
    match name.strip_suffix('*') {
        Some(stem) => word.starts_with(stem),
        None => name == word,
    }
}

/// The currency a word or symbol names for a request from `requester`.
fn currency<'r>(rules: &'r RuleSet, requester: &str, word: &str) -> Option<&'r Currency> {
    let named: Vec<&Currency> =
        rules.currencies.iter().filter(|c| c.names.iter().any(|n| names_currency(n, word))).collect();
    let local = rules.local_currency.get(requester);
    named.iter().find(|c| Some(&c.code) == local).or_else(|| named.first()).copied()
}

/// Every amount of money written in `text`, with a currency before or after the number.
pub(crate) fn amounts(rules: &RuleSet, requester: &str, text: &str) -> Vec<Amount> {
    let tokens = tokens(text);
    let mut out = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let Token::Number { value, written } = token else { continue };
        let mut value = *value;
        let mut after = i + 1;
        let mut tail = String::new();
        if let Some(Token::Word(w, original)) = tokens.get(after)
            && let Some(m) = multiplier(w)
        {
            value *= m;
            tail = format!(" {original}");
            after += 1;
        }
        let word_at = |j: usize| match tokens.get(j) {
            Some(Token::Word(w, original)) => Some((w.as_str(), original.as_str())),
            _ => None,
        };
        let named = |(w, original): (&str, &'_ str)| currency(rules, requester, w).map(|c| (original.to_owned(), c));
        let before = i.checked_sub(1).and_then(word_at).and_then(named);
        let following = word_at(after).and_then(named);
        let found = match (before, following) {
            (Some((w, c)), _) => Some((format!("{w} {written}{tail}"), c)),
            (None, Some((w, c))) => Some((format!("{written}{tail} {w}"), c)),
            (None, None) => None,
        };
        if let Some((written, c)) = found {
            out.push(Amount { written, code: c.code.clone(), usd: value * c.usd });
        }
    }
    out
}

fn count_word(word: &str) -> Option<u32> {
    Some(match word {
        "one" | "a" | "an" | "un" | "una" | "une" | "один" | "одного" => 1,
        "two" | "dos" | "deux" | "два" | "двух" => 2,
        "three" | "tres" | "trois" | "три" | "трех" => 3,
        "four" | "cuatro" | "quatre" | "четыре" => 4,
        "five" | "cinco" | "cinq" | "пять" => 5,
        "six" | "seis" | "шесть" => 6,
        "seven" | "siete" | "sept" | "семь" => 7,
        "eight" | "ocho" | "huit" | "восемь" => 8,
        "nine" | "nueve" | "neuf" | "девять" => 9,
        "ten" | "diez" | "dix" | "десять" => 10,
        "several" | "multiple" | "numerous" | "varios" | "multiples" | "plusieurs" | "нескольк" => 5,
        _ => return None,
    })
}

fn is_cheque_word(word: &str) -> bool {
    ["cheque", "check", "chequ", "чек"].iter().any(|stem| word.starts_with(stem)) && !word.starts_with("checkpoint")
}

/// The largest number of cheques the text speaks of ("27 post-dated cheques", "tres cheques", "два
/// чека"), looking up to three words before the word for cheque; `None` when no count is written.
pub(crate) fn cheque_count(text: &str) -> Option<u32> {
    let tokens = tokens(text);
    let mut best = None;
    for (i, token) in tokens.iter().enumerate() {
        let Token::Word(w, _) = token else { continue };
        if !is_cheque_word(w) {
            continue;
        }
        for back in 1..=3 {
            let count = match i.checked_sub(back).and_then(|j| tokens.get(j)) {
                Some(Token::Number { value, .. }) if *value >= 1.0 && *value < 10_000.0 => Some(*value as u32),
                // An article counts one only right before the word ("a cheque"), not in "a series of
                // cheques".
                Some(Token::Word(w, _)) if back > 1 && matches!(w.as_str(), "a" | "an" | "un" | "una" | "une") => None,
                Some(Token::Word(w, _)) => count_word(w),
                _ => None,
            };
            if let Some(n) = count {
                best = Some(best.map_or(n, |b: u32| b.max(n)));
                break;
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> RuleSet {
        RuleSet::parse(crate::SHIPPED_RULESET).unwrap_or_else(|e| panic!("{e}"))
    }

    fn usd(text: &str, requester: &str) -> Vec<(String, u64)> {
        amounts(&rules(), requester, text).into_iter().map(|a| (a.code, a.usd.round() as u64)).collect()
    }

    #[test]
    fn amounts_are_read_with_their_currency_either_side() {
        assert_eq!(usd("a cheque for USD 7,000", "AE"), vec![("USD".into(), 7000)]);
        assert_eq!(usd("AED 25,700 (about USD 7,000)", "AE"), vec![("AED".into(), 6990), ("USD".into(), 7000)]);
        assert_eq!(usd("electronics worth AED 4.2 million", "AE"), vec![("AED".into(), 1_142_400)]);
        assert_eq!(
            usd("61,000 quetzales (unos 7,800 dólares)", "GT"),
            vec![("GTQ".into(), 7930), ("USD".into(), 7800)]
        );
        assert_eq!(usd("на сумму 300 000 рублей", "RU"), vec![("RUB".into(), 3300)]);
        assert_eq!(usd("€ 12.500,50", "ES"), vec![("EUR".into(), 13501)]);
    }

    #[test]
    fn ambiguous_names_mean_the_requesters_currency() {
        assert_eq!(usd("$ 500.000", "AR"), vec![("ARS".into(), 500)]);
        assert_eq!(usd("$ 500.000", "SV"), vec![("USD".into(), 500_000)]);
        assert_eq!(usd("KWD 2,000", "KW"), vec![("KWD".into(), 6500)]);
        assert_eq!(usd("6,800 dinars", "JO"), vec![("JOD".into(), 9588)]);
    }

    #[test]
    fn numbers_without_a_currency_are_not_amounts() {
        assert!(usd("On 20 January 2024 at 14:30 he left with 3 bags", "AE").is_empty());
        assert!(usd("article 207.3 of the criminal code, 2 years", "RU").is_empty());
    }

    #[test]
    fn cheque_counts_are_read_in_words_and_digits() {
        assert_eq!(cheque_count("paying with 27 post-dated cheques drawn on empty accounts"), Some(27));
        assert_eq!(cheque_count("entregó a un proveedor dos cheques por un total"), Some(2));
        assert_eq!(cheque_count("three cheques totalling JOD 6,800"), Some(3));
        assert_eq!(cheque_count("a cheque that was returned"), Some(1));
        assert_eq!(cheque_count("he issued a series of cheques"), None, "the article belongs to 'series'");
        assert_eq!(cheque_count("the cheques were returned"), None);
        assert_eq!(cheque_count("at the border checkpoint 12 officers"), None);
    }
}
