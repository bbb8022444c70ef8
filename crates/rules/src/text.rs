//! Text folding for term matching: lower case, Latin accents and Cyrillic ё removed, punctuation to
//! spaces, spaces collapsed; then whole-word (or word-prefix) matching.

/// The folded form terms and texts are compared in.
pub(crate) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            'ё' => 'е',
            c if c.is_alphanumeric() || c == '-' => c,
            _ => ' ',
        };
        if c == ' ' {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Whether the folded `haystack` contains the folded `term` as whole words, or, for a `prefix` term, as
/// the start of a word.
pub(crate) fn contains_term(haystack: &str, term: &str, prefix: bool) -> bool {
    if term.is_empty() {
        return false;
    }
    // Folded text has single spaces between words, so a term can only start at the text's start or
    // after a space: trying each word start is far cheaper than a substring search per term (the
    // rule set holds hundreds of terms, each tried against every charge and the facts).
    let mut at = 0;
    loop {
        let rest = &haystack[at..];
        if rest.starts_with(term) {
            let end = at + term.len();
            if prefix || end == haystack.len() || haystack.as_bytes()[end] == b' ' {
                return true;
            }
        }
        match rest.find(' ') {
            Some(space) => at += space + 1,
            None => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_accents_and_punctuation() {
        assert_eq!(fold("Libramiento de CHEQUES sin Fondos."), "libramiento de cheques sin fondos");
        assert_eq!(fold("Traición  a la Patria"), "traicion a la patria");
        assert_eq!(fold("Заведомо ложной информации (ст. 207.3)"), "заведомо ложной информации ст 207 3");
        assert_eq!(fold("Шпионаж; ёлка"), "шпионаж елка");
    }

    #[test]
    fn terms_match_whole_words_or_declared_prefixes() {
        let text = fold("Участие в экстремистской организации and a coupon");
        assert!(contains_term(&text, "экстремистск", true));
        assert!(!contains_term(&text, "экстремистск", false), "not a whole word");
        assert!(!contains_term(&text, "coup", false), "coupon is not a coup");
        assert!(contains_term(&fold("a failed coup d'etat"), "coup", false));
        assert!(contains_term(&fold("cheque sin fondos"), &fold("cheque sin fondos"), false));
        assert!(!contains_term("", "x", false));
    }
}
