//! Folding text for matching while keeping a map back to the original offsets.
//!
//! Matching runs on a *folded* copy of each sentence: lower case, typographic apostrophes as
//! `'`, every dash and hyphen variant as `-`, every kind of space as one ASCII space, and
//! diacritics removed (`Côte` → `cote`). Zero-width characters and soft hyphens are dropped.
//! Folding may change the byte length of a character, so [`Folded`] keeps, for every byte of the
//! folded text, the byte offset of the original character it came from.
//!
//! Text in decomposed form (NFD: `o` followed by U+0302 instead of `ô`) folds exactly like the
//! composed form: a letter and the combining marks after it are composed (NFC) before folding,
//! and the whole cluster maps back to its original bytes, so offsets stay offsets into the
//! original, not into a normalized copy.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::{is_nfc, UnicodeNormalization};

/// A folded copy of a piece of text with a map back to the original.
#[derive(Debug, Default, Clone)]
pub struct Folded {
    /// The folded text. Matching runs on this.
    pub text: String,
    /// For each byte of `text`, the byte offset in the original of the character it came from.
    /// Empty when folding kept every byte in place (pure ASCII input).
    map: Vec<u32>,
    /// Original byte ranges of the clusters (a letter and its combining marks) that were composed
    /// before folding, sorted: their folded bytes all map to the cluster's start, and a match
    /// that ends in one covers the whole cluster.
    clusters: Vec<(u32, u32)>,
}

/// Folds `original` cluster by cluster: `emit(original_offset, folded_bytes_added)` is called for
/// each piece, and `composed(start, end)` for each cluster that was composed first.
fn fold_clusters(
    original: &str,
    out: &mut String,
    mut emit: impl FnMut(usize, usize),
    mut composed: impl FnMut(usize, usize),
) {
    let mut chars = original.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let mut end = at + c.len_utf8();
        while let Some(&(j, m)) = chars.peek() {
            // no ASCII character is a combining mark: the common case skips the table
            if m.is_ascii() || !is_combining_mark(m) {
                break;
            }
            end = j + m.len_utf8();
            chars.next();
        }
        let cluster = &original[at..end];
        if end > at + c.len_utf8() && !is_nfc(cluster) {
            // decomposed (or marks out of canonical order): fold what NFC makes of it
            let before = out.len();
            for k in cluster.nfc() {
                fold_char(k, out);
            }
            emit(at, out.len() - before);
            composed(at, end);
        } else {
            for (i, k) in cluster.char_indices() {
                let before = out.len();
                fold_char(k, out);
                emit(at + i, out.len() - before);
            }
        }
    }
}

impl Folded {
    /// Folds `original` into a reusable buffer.
    pub fn fold_into(&mut self, original: &str) {
        self.text.clear();
        self.map.clear();
        if original.is_ascii() {
            push_ascii_folded(original, &mut self.text);
            return;
        }
        self.clusters.clear();
        let map = &mut self.map;
        let clusters = &mut self.clusters;
        fold_clusters(
            original,
            &mut self.text,
            |at, added| map.extend(std::iter::repeat_n(at as u32, added)),
            |start, end| clusters.push((start as u32, end as u32)),
        );
    }

    /// Folds `original` into a new value.
    pub fn new(original: &str) -> Self {
        let mut f = Folded::default();
        f.fold_into(original);
        f
    }

    /// Maps a folded byte range back to the original byte range (`original` is the text that was
    /// folded). The range covers whole original characters.
    pub fn original_range(&self, original: &str, start: usize, end: usize) -> (usize, usize) {
        if self.map.is_empty() {
            return (start, end);
        }
        let s = self.map[start] as usize;
        let last = self.map[end - 1];
        if let Ok(i) = self.clusters.binary_search_by_key(&last, |c| c.0) {
            return (s, self.clusters[i].1 as usize);
        }
        let last = last as usize;
        let len = original[last..].chars().next().map_or(0, char::len_utf8);
        (s, last + len)
    }
}

/// Folds ASCII text: the same as [`fold_char`] on every character, one byte for one byte.
fn push_ascii_folded(original: &str, out: &mut String) {
    out.reserve(original.len());
    out.extend(original.bytes().map(|b| match b {
        b'`' => '\'',
        b if (b as char).is_whitespace() => ' ',
        b => b.to_ascii_lowercase() as char,
    }));
}

/// Folds one character, appending the result to `out`.
pub fn fold_char(c: char, out: &mut String) {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '\u{0060}'
        | '\u{00B4}' => out.push('\''),
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => {
            out.push('-')
        }
        '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
        c if c.is_whitespace() => out.push(' '),
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        c => {
            // Strip diacritics: decompose, drop combining marks, lower-case the rest.
            let mut pushed = false;
            decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    for l in d.to_lowercase() {
                        out.push(l);
                    }
                    pushed = true;
                }
            });
            if !pushed {
                // A lone combining mark: keep it so that offsets stay honest.
                out.push(c);
            }
        }
    }
}

/// Folds a whole string (for gazetteer aliases). Equivalent to [`Folded::new`]`(s).text`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    if s.is_ascii() {
        push_ascii_folded(s, &mut out);
        return out;
    }
    fold_clusters(s, &mut out, |_, _| {}, |_, _| {});
    out
}

/// Folds punctuation, spaces and diacritics but keeps case: what "exact case" compares.
pub fn fold_keep_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // composed first, so that a decomposed spelling compares like the composed one
    for c in s.nfc() {
        let lower_is_same = c.to_lowercase().eq(std::iter::once(c));
        if c.is_uppercase() || !lower_is_same {
            // keep upper case letters as they are, but strip their diacritics
            let mut pushed = false;
            decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    out.push(d);
                    pushed = true;
                }
            });
            if !pushed {
                out.push(c);
            }
        } else {
            fold_char(c, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_table() {
        let cases = [
            ("Oman", "oman"),
            ("Oman\u{2019}s", "oman's"),
            ("US\u{2013}Iran", "us-iran"),
            ("long\u{2011}standing", "long-standing"),
            ("Côte d\u{2019}Ivoire", "cote d'ivoire"),
            ("Türkiye", "turkiye"),
            ("a\u{00A0}b", "a b"),
            ("Élysée", "elysee"),
            ("zero\u{200B}width", "zerowidth"),
        ];
        for (input, want) in cases {
            assert_eq!(fold(input), want, "fold({input:?})");
            assert_eq!(Folded::new(input).text, want, "Folded::new({input:?})");
        }
    }

    #[test]
    fn ascii_fast_path_folds_like_fold_char() {
        let s = "Talks in `Muscat`\tand\x0bU.S.-IRAN: 42 Officials\r\n";
        let mut want = String::new();
        for c in s.chars() {
            fold_char(c, &mut want);
        }
        assert_eq!(fold(s), want);
        assert_eq!(Folded::new(s).text, want);
    }

    #[test]
    fn keep_case_folds_only_punctuation() {
        assert_eq!(fold_keep_case("U.S.\u{2013}Iran"), "U.S.-Iran");
        assert_eq!(fold_keep_case("Côte"), "Cote");
        assert_eq!(fold_keep_case("ÉLYSÉE"), "ELYSEE");
    }

    #[test]
    fn nfd_text_folds_like_nfc_with_offsets_into_the_original() {
        let nfc = "Talks in C\u{f4}te d\u{2019}Ivoire and Bogot\u{e1}";
        let nfd: String = nfc.nfd().collect();
        assert_ne!(nfc, nfd);
        assert_eq!(fold(&nfd), fold(nfc));
        let f = Folded::new(&nfd);
        assert_eq!(f.text, fold(nfc));
        for (name, want) in [
            ("cote d'ivoire", "Co\u{302}te d\u{2019}Ivoire"),
            ("bogota", "Bogota\u{301}"),
        ] {
            let at = f.text.find(name).unwrap();
            let (s, e) = f.original_range(&nfd, at, at + name.len());
            assert_eq!(&nfd[s..e], want, "{name}");
        }
        assert_eq!(fold_keep_case(&nfd), fold_keep_case(nfc));
        // marks that do not compose stay, in NFC and NFD alike (Devanagari vowel signs)
        assert_eq!(
            fold("\u{92d}\u{93e}\u{930}\u{924}"),
            "\u{92d}\u{93e}\u{930}\u{924}"
        );
    }

    #[test]
    fn map_points_back_to_original_characters() {
        let original = "Tehran\u{2019}s délégation in Côte d\u{2019}Ivoire";
        let f = Folded::new(original);
        let start = f.text.find("cote d'ivoire").unwrap();
        let (s, e) = f.original_range(original, start, start + "cote d'ivoire".len());
        assert_eq!(&original[s..e], "Côte d\u{2019}Ivoire");
        let (s, e) = f.original_range(original, 0, "tehran's".len());
        assert_eq!(&original[s..e], "Tehran\u{2019}s");
    }
}
