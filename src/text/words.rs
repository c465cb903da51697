//! Words of a sentence with their byte spans, for reading cues around mentions. Every word is
//! a span of the sentence as written and a slice of the sentence's folded copy (the document's
//! one fold): splitting allocates one vector per sentence and nothing per word.

use std::borrow::Cow;
use std::ops::Deref;

use super::fold::{FoldedCursor, FoldedSlice, FoldedText};

/// A word folded for comparison (lower case, typographic apostrophes folded, diacritics
/// removed). A word that folding leaves as it is (lower-case ASCII, most words of a sentence)
/// borrows the sentence instead of allocating a copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoldedWord<'a>(Cow<'a, str>);

impl<'a> FoldedWord<'a> {
    /// Folds `text` (see [`crate::text::fold`]), borrowing it when folding changes nothing.
    pub fn new(text: &'a str) -> FoldedWord<'a> {
        // what `fold` leaves alone: ASCII that is not upper case, a backtick or white space
        let unchanged = |b: u8| {
            b.is_ascii() && !b.is_ascii_uppercase() && b != b'`' && !(b as char).is_whitespace()
        };
        if text.bytes().all(unchanged) {
            FoldedWord(Cow::Borrowed(text))
        } else {
            FoldedWord(Cow::Owned(crate::text::fold(text)))
        }
    }

    /// The folded word.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The folded word as an owned string.
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl Deref for FoldedWord<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for FoldedWord<'_> {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for FoldedWord<'_> {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl std::fmt::Display for FoldedWord<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A word of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'a> {
    /// Byte offset in the sentence.
    pub start: usize,
    /// Byte offset one past the end.
    pub end: usize,
    /// The word as written (a trailing possessive `'s` split off as its own word).
    pub text: &'a str,
    /// Lower case, typographic apostrophes folded.
    pub folded: FoldedWord<'a>,
}

impl Word<'_> {
    /// Whether the word starts with an upper-case letter.
    pub fn capitalized(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// Whether this is a possessive marker.
    pub fn possessive(&self) -> bool {
        self.folded == "'s" || self.folded == "'"
    }

    /// Whether the word kept a final period: an abbreviation or an initial ("U.S.", "Mr.",
    /// "J.").
    pub fn abbreviation(&self) -> bool {
        self.text.len() > 1 && self.text.ends_with('.')
    }
}

/// The index of the first word of `ws` (a sentence's words, in order) that starts at or after
/// byte `at`.
pub fn first_from(ws: &[Word<'_>], at: usize) -> usize {
    ws.partition_point(|w| w.start < at)
}

/// The last word of `ws` that ends at or before byte `at`.
pub fn last_before<'w, 'a>(ws: &'w [Word<'a>], at: usize) -> Option<&'w Word<'a>> {
    ws[..ws.partition_point(|w| w.end <= at)].last()
}

fn word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '\'');
    }
    c.is_alphanumeric()
        || matches!(c, '-' | '\u{2010}' | '\u{2011}' | '.' | '\'' | '\u{2019}')
        // a combining mark continues its word: decomposed "Mu\u{308}ller" is one word
        || unicode_normalization::char::is_combining_mark(c)
}

/// How the splitter reads a period at the end of a word. Initials and abbreviations written
/// with inner periods ("J.", "U.S.") and two-letter words that start with a capital ("Dr.")
/// always keep theirs; so do the abbreviations of the `kept_period` list of `words.csv`
/// ("mr", "gen", "jr", written without the period). Any other final period is punctuation.
#[derive(Debug, Clone, Copy, Default)]
pub struct WordRules<'l> {
    kept_period: &'l [String],
}

impl<'l> WordRules<'l> {
    /// Rules with these abbreviations keeping their period (folded, written without it).
    pub fn new(kept_period: &'l [String]) -> WordRules<'l> {
        WordRules { kept_period }
    }

    /// Whether `t` (a word ending with a period) is one of the listed abbreviations.
    fn listed(&self, t: &str) -> bool {
        let Some(stem) = t.strip_suffix('.') else {
            return false;
        };
        if stem.is_ascii() {
            return self
                .kept_period
                .iter()
                .any(|a| stem.eq_ignore_ascii_case(a));
        }
        let stem = crate::text::fold(stem);
        self.kept_period.contains(&stem)
    }
}

/// Splits a sentence into words. Periods stay only inside abbreviations ("U.S.", "J.", and
/// the words `rules` lists), dashes inside words ("Al-Abadi"), and a possessive `'s` becomes a
/// word of its own. Each word is folded on its own; [`words_folded`] reads the folded copy of a
/// sentence instead.
pub fn words<'a>(sentence: &'a str, rules: WordRules<'_>) -> Vec<Word<'a>> {
    split(sentence, None, rules)
}

/// [`words`] of a sentence given with its folded copy: each word's folded form is a slice of
/// it, not a fold of its own.
pub fn words_folded<'a>(sentence: &FoldedSlice<'a>, rules: WordRules<'_>) -> Vec<Word<'a>> {
    split(sentence.original, Some(sentence), rules)
}

fn split<'a>(
    sentence: &'a str,
    folded: Option<&FoldedSlice<'a>>,
    rules: WordRules<'_>,
) -> Vec<Word<'a>> {
    if sentence.is_ascii() {
        split_ascii(sentence, folded, rules)
    } else {
        split_chars(sentence, folded, rules)
    }
}

/// [`split`] character by character, for any text.
fn split_chars<'a>(
    sentence: &'a str,
    folded: Option<&FoldedSlice<'a>>,
    rules: WordRules<'_>,
) -> Vec<Word<'a>> {
    // about one word per six bytes of prose: most sentences never grow the vector
    let mut out = Vec::with_capacity(sentence.len() / 6 + 4);
    // words come in text order: their folded forms are read walking the map forward
    let mut folded = folded.map(FoldedSlice::cursor);
    let mut iter = sentence.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if !word_char(c) || matches!(c, '.' | '-' | '\'' | '\u{2019}') {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = iter.peek() {
            if word_char(d) {
                end = j + d.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        let mut text = &sentence[i..end];
        // trailing punctuation: keep the period of an abbreviation or initial
        loop {
            let t = text.trim_end_matches(['-', '\u{2010}', '\u{2011}', '\'', '\u{2019}']);
            let t = if t.ends_with('.') && !is_abbrev(t, rules) {
                &t[..t.len() - 1]
            } else {
                t
            };
            if t.len() == text.len() {
                break;
            }
            text = t;
        }
        let possessive = ["'s", "\u{2019}s"]
            .iter()
            .find(|p| text.len() > p.len() && text.ends_with(*p));
        if let Some(p) = possessive {
            let cut = text.len() - p.len();
            out.push(make(sentence, folded.as_mut(), i, i + cut));
            out.push(make(sentence, folded.as_mut(), i + cut, i + text.len()));
        } else if !text.is_empty() {
            out.push(make(sentence, folded.as_mut(), i, i + text.len()));
        }
    }
    out
}

/// [`split`] of an ASCII sentence, byte by byte: the same words (a test compares the two on
/// every short string of a hostile alphabet), at a fraction of the cost of the character path.
fn split_ascii<'a>(
    sentence: &'a str,
    folded: Option<&FoldedSlice<'a>>,
    rules: WordRules<'_>,
) -> Vec<Word<'a>> {
    let bytes = sentence.as_bytes();
    let mut out = Vec::with_capacity(sentence.len() / 6 + 4);
    let mut folded = folded.map(FoldedSlice::cursor);
    let word_byte = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'\'');
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && word_byte(bytes[i]) {
            i += 1;
        }
        let mut end = i;
        // trailing punctuation: keep the period of an abbreviation or initial
        loop {
            let before = end;
            while matches!(bytes[end - 1], b'-' | b'\'') {
                end -= 1;
            }
            if bytes[end - 1] == b'.' && !is_abbrev(&sentence[start..end], rules) {
                end -= 1;
            }
            if end == before {
                break;
            }
        }
        // the word starts with a letter or digit, so trimming never empties it
        if end - start > 2 && bytes[end - 2] == b'\'' && bytes[end - 1] == b's' {
            out.push(make(sentence, folded.as_mut(), start, end - 2));
            out.push(make(sentence, folded.as_mut(), end - 2, end));
        } else {
            out.push(make(sentence, folded.as_mut(), start, end));
        }
    }
    out
}

fn make<'a>(
    sentence: &'a str,
    folded: Option<&mut FoldedCursor<'_, 'a>>,
    start: usize,
    end: usize,
) -> Word<'a> {
    let text = &sentence[start..end];
    let folded = match folded.and_then(|f| f.folded_of(start, end)) {
        Some(f) => FoldedWord(Cow::Borrowed(f)),
        None => FoldedWord::new(text),
    };
    Word {
        start,
        end,
        text,
        folded,
    }
}

fn is_abbrev(t: &str, rules: WordRules<'_>) -> bool {
    let mut parts = t.trim_end_matches('.').split('.');
    let initials = {
        let mut n = 0;
        let all_single = parts.all(|p| {
            n += 1;
            let mut cs = p.chars();
            cs.next().is_some() && cs.next().is_none()
        });
        all_single && n > 1
    };
    initials
        || (t.chars().count() == 2 && t.chars().next().is_some_and(char::is_uppercase))
        || rules.listed(t)
}

/// The words of `sentence[lo..hi]`, with offsets into `sentence`.
pub fn words_in<'a>(
    sentence: &'a str,
    lo: usize,
    hi: usize,
    rules: WordRules<'_>,
) -> Vec<Word<'a>> {
    let mut ws = words(&sentence[lo..hi], rules);
    for w in &mut ws {
        w.start += lo;
        w.end += lo;
    }
    ws
}

/// The words of each sentence of a document, split the first time a rule asks for them and
/// folded from the document's one folded copy: the locative, people, title and affiliation rules
/// read one split of a sentence, not one each.
#[derive(Debug)]
pub struct SentenceWords<'t> {
    text: &'t str,
    folded: &'t FoldedText,
    rules: WordRules<'t>,
    split: Vec<Option<Vec<Word<'t>>>>,
}

impl<'t> SentenceWords<'t> {
    /// The sentences of a document (`text`), as folded into `folded`, none split yet.
    pub fn new(text: &'t str, folded: &'t FoldedText, rules: WordRules<'t>) -> SentenceWords<'t> {
        SentenceWords {
            text,
            folded,
            rules,
            split: vec![None; folded.len()],
        }
    }

    /// The folded view of sentence `index`.
    pub fn folded(&self, index: usize) -> FoldedSlice<'t> {
        self.folded.piece(self.text, index)
    }

    /// The words of sentence `index` (offsets are bytes of the sentence), split on first use.
    pub fn get(&mut self, index: usize) -> &[Word<'t>] {
        let view = self.folded(index);
        let rules = self.rules;
        self.split[index].get_or_insert_with(|| words_folded(&view, rules))
    }
}

/// Whether the word splitter starts afresh at byte `at`: the start of the text, or right after
/// a character that is not a word character. Below such an offset no word runs across it.
fn fresh_at(sentence: &str, at: usize) -> bool {
    sentence[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !word_char(c))
}

/// The words of `sentence[lo..hi]` taken from `ws`, the words of the whole sentence, when that
/// is exactly what [`words_in`] would split (both ends are where the splitter starts afresh);
/// `None` otherwise. Reading the words before each of several names then costs a binary
/// search, not a new split.
pub fn slice_in<'w, 'a>(
    sentence: &str,
    ws: &'w [Word<'a>],
    lo: usize,
    hi: usize,
) -> Option<&'w [Word<'a>]> {
    if lo > hi || !fresh_at(sentence, lo) || !fresh_at(sentence, hi) {
        return None;
    }
    let a = ws.partition_point(|w| w.start < lo);
    let b = ws.partition_point(|w| w.start < hi);
    ws.get(a..b)
}

/// The words of `sentence[lo..hi]` (offsets into `sentence`): a slice of `ws`, the sentence's
/// one split, when both ends fall where the splitter starts afresh, else the range split again
/// (a bounded look back that starts inside a word splits it differently).
pub fn words_of<'w, 'a>(
    sentence: &'a str,
    ws: &'w [Word<'a>],
    (lo, hi): (usize, usize),
    rules: WordRules<'_>,
) -> Cow<'w, [Word<'a>]> {
    if let Some(slice) = slice_in(sentence, ws, lo, hi) {
        return Cow::Borrowed(slice);
    }
    // a look back that starts inside a word: only the rest of that word is split again, up
    // to the first character that is no word character; the words after it are the sentence's
    let rest = (lo <= hi).then(|| {
        let q = sentence[lo..hi]
            .char_indices()
            .find(|&(_, c)| !word_char(c))
            .map(|(j, c)| lo + j + c.len_utf8())?;
        Some((q, slice_in(sentence, ws, q, hi)?))
    });
    match rest.flatten() {
        Some((q, tail)) => {
            let mut out = words_in(sentence, lo, q, rules);
            out.extend_from_slice(tail);
            Cow::Owned(out)
        }
        None => Cow::Owned(words_in(sentence, lo, hi, rules)),
    }
}

/// The words of `ws` (a sentence's words) between bytes `a` and `b`, when no word runs across
/// either end; `None` when one does. Unlike [`slice_in`], an end may touch a word: a name's
/// end right before its possessive `'s` cuts nothing.
pub fn words_between<'w, 'a>(ws: &'w [Word<'a>], a: usize, b: usize) -> Option<&'w [Word<'a>]> {
    let across = |at: usize| {
        let i = ws.partition_point(|w| w.end <= at);
        ws.get(i).is_some_and(|w| w.start < at)
    };
    (a <= b && !across(a) && !across(b)).then(|| &ws[first_from(ws, a)..first_from(ws, b)])
}

/// The largest character boundary at or before `at - span` (at least 0): where a bounded look
/// back starts, so that reading the words before a name costs the same in any sentence length.
pub fn back(sentence: &str, at: usize, span: usize) -> usize {
    let mut lo = at.saturating_sub(span);
    while !sentence.is_char_boundary(lo) {
        lo -= 1;
    }
    lo
}

/// The smallest character boundary at or after `at + span` (at most the length).
pub fn ahead(sentence: &str, at: usize, span: usize) -> usize {
    let mut hi = (at + span).min(sentence.len());
    while !sentence.is_char_boundary(hi) {
        hi += 1;
    }
    hi
}

/// Whether the text between two offsets has only white space (or nothing).
pub fn adjacent(sentence: &str, a: usize, b: usize) -> bool {
    a <= b && sentence[a..b].trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in `kept_period` list of `words.csv`.
    static KEPT: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        ["mr", "mrs", "ms", "dr", "gen", "sen", "gov", "st", "jr"]
            .map(String::from)
            .to_vec()
    });

    fn rules() -> WordRules<'static> {
        WordRules::new(&KEPT)
    }

    fn words(sentence: &str) -> Vec<Word<'_>> {
        super::words(sentence, rules())
    }

    fn words_in(sentence: &str, lo: usize, hi: usize) -> Vec<Word<'_>> {
        super::words_in(sentence, lo, hi, rules())
    }

    #[test]
    fn decomposed_name_is_one_word() {
        // "Müller" and "Koné" in NFD: the combining marks stay inside their words
        let ws = words("Minister Mu\u{308}ller met Kone\u{301}.");
        let texts: Vec<&str> = ws.iter().map(|w| w.text).collect();
        assert_eq!(texts, ["Minister", "Mu\u{308}ller", "met", "Kone\u{301}"]);
        assert_eq!(ws[1].folded, "muller");
    }

    #[test]
    fn folded_words_borrow_only_what_folding_leaves_alone() {
        let cases = [
            "delegation",
            "al-abadi",
            "u.s.",
            "Iran",
            "C\u{f4}te",
            "d\u{2019}Ivoire",
            "x`y",
            "1990s",
        ];
        for w in cases {
            let f = FoldedWord::new(w);
            assert_eq!(f.as_str(), crate::text::fold(w), "{w:?}");
            let borrowed = matches!(f.0, Cow::Borrowed(_));
            assert_eq!(borrowed, f.as_str() == w, "{w:?}");
        }
    }

    #[test]
    fn a_slice_of_the_sentence_words_is_the_split_of_the_range() {
        for s in [
            "Iran\u{2019}s M\u{fc}ller and Mu\u{308}ller \u{2014} co-chairs\u{2019} U.S.-led talks.",
            "Iran's Foreign Minister Abbas Araghchi met U.S. envoy...Steve Witkoff, al-Busaidi said.",
        ] {
            every_range_of(s);
        }
        let s = "Iran's Foreign Minister Abbas Araghchi met U.S. envoy...Steve Witkoff, al-Busaidi said.";
        let ws = words(s);
        // mid-word ends are not sliced: the split there differs from the sentence's words
        let minister = s.find("Minister").unwrap();
        assert!(slice_in(s, &ws, minister + 3, s.len()).is_none());
        assert!(slice_in(s, &ws, 0, minister + 3).is_none());
        assert!(slice_in(s, &ws, 0, minister).is_some());
    }

    /// [`slice_in`] and [`words_of`] give the split of every range of `s` they answer for.
    fn every_range_of(s: &str) {
        let ws = words(s);
        for lo in (0..=s.len()).filter(|&i| s.is_char_boundary(i)) {
            for hi in (lo..=s.len()).filter(|&i| s.is_char_boundary(i)) {
                if let Some(slice) = slice_in(s, &ws, lo, hi) {
                    assert_eq!(slice, words_in(s, lo, hi).as_slice(), "{lo}..{hi}");
                }
                assert_eq!(
                    &*words_of(s, &ws, (lo, hi), rules()),
                    words_in(s, lo, hi).as_slice(),
                    "{lo}..{hi}"
                );
            }
        }
    }

    /// The byte path for ASCII sentences gives the words of the character path, on every
    /// string of up to six bytes over letters, digits, periods, dashes, apostrophes, an `s`,
    /// spaces and commas (abbreviations, initials, possessives and trimmed ends among them).
    #[test]
    fn ascii_split_is_the_character_split() {
        let alphabet = ['a', 'B', '.', '-', '\'', 's', ' ', ',', '1'];
        let total = crate::text::each_string(&alphabet, 6, |s| {
            assert_eq!(
                split_ascii(s, None, rules()),
                split_chars(s, None, rules()),
                "{s:?}"
            );
        });
        assert_eq!(total, (0..=6).map(|l| 9usize.pow(l)).sum::<usize>());
        for s in [
            "Mr. J. Smith's U.S.-backed plan.",
            "GEN. Dr. St. x.y.z. Jr.'s",
            "DR.",
        ] {
            assert_eq!(
                split_ascii(s, None, rules()),
                split_chars(s, None, rules()),
                "{s:?}"
            );
        }
    }

    /// The abbreviations that keep their period are data: a list without "amb" reads the
    /// period of "Amb." as punctuation, one with it keeps the period in the word; initials
    /// and "U.S." keep theirs whatever the list says.
    #[test]
    fn kept_period_list_decides_which_abbreviations_keep_their_period() {
        let s = "Amb. Rice met J. Smith of the U.S. team.";
        let texts = |kept: &[String]| -> Vec<String> {
            super::words(s, WordRules::new(kept))
                .iter()
                .map(|w| w.text.to_string())
                .collect()
        };
        assert_eq!(
            texts(&[]),
            ["Amb", "Rice", "met", "J.", "Smith", "of", "the", "U.S.", "team"]
        );
        assert_eq!(
            texts(&["amb".to_string()]),
            ["Amb.", "Rice", "met", "J.", "Smith", "of", "the", "U.S.", "team"]
        );
        // a listed word written with a diacritic or in capitals is the same word
        let kept = ["sra".to_string(), "amb".to_string()];
        let ws = super::words("AMB. Rice and Sr\u{e1}. Lopez", WordRules::new(&kept));
        let got: Vec<&str> = ws.iter().map(|w| w.text).collect();
        assert_eq!(got, ["AMB.", "Rice", "and", "Sr\u{e1}.", "Lopez"]);
    }

    #[test]
    fn words_between_take_no_word_cut_at_an_end() {
        let s = "Iran's envoy met Oman-hosted delegates";
        let ws = words(s);
        fn texts<'a>(w: Option<&[Word<'a>]>) -> Option<Vec<&'a str>> {
            w.map(|w| w.iter().map(|w| w.text).collect())
        }
        let met = s.find("met").unwrap();
        assert_eq!(texts(words_between(&ws, 4, met)), Some(vec!["'s", "envoy"]));
        let hosted = s.find("hosted").unwrap();
        assert_eq!(texts(words_between(&ws, hosted, s.len())), None);
        assert_eq!(
            texts(words_between(&ws, met + 4, s.len())),
            Some(vec!["Oman-hosted", "delegates"])
        );
        assert_eq!(texts(words_between(&ws, met, 2)), None);
    }

    #[test]
    fn word_table() {
        let cases: &[(&str, &[&str])] = &[
            ("Iran's delegation.", &["Iran", "'s", "delegation"]),
            ("Tehran\u{2019}s team", &["Tehran", "\u{2019}s", "team"]),
            (
                "the U.S. side, J. Smith.",
                &["the", "U.S.", "side", "J.", "Smith"],
            ),
            (
                "Al-Abadi met Mr. Price",
                &["Al-Abadi", "met", "Mr.", "Price"],
            ),
            ("stakeholders\u{2014}Israel", &["stakeholders", "Israel"]),
        ];
        for (s, want) in cases {
            let got: Vec<&str> = words(s).iter().map(|w| w.text).collect();
            assert_eq!(got, *want, "{s:?}");
        }
    }

    /// The split that reads the document's fold gives the words that folding each word alone
    /// gives: the same spans, texts and folded forms, in plain, typographic and decomposed text.
    #[test]
    fn words_of_the_folded_sentence_are_the_words_folded_alone() {
        let doc = "Iran\u{2019}s Foreign Minister met U.S. envoy Al-Abadi. \
                   Co\u{302}te d\u{2019}Ivoire\u{2019}s M\u{fc}ller, Mu\u{308}ller and Kone\u{301} \u{2014} x`y. \
                   Plain ASCII sentence, J. Smith said.";
        let spans = crate::text::sentences(doc);
        let folded = FoldedText::new(doc, spans.iter().map(|s| (s.start, s.end)));
        let mut split = SentenceWords::new(doc, &folded, rules());
        for (i, s) in spans.iter().enumerate() {
            let sentence = &doc[s.start..s.end];
            assert_eq!(split.get(i), words(sentence).as_slice(), "{sentence:?}");
        }
    }
}
