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
    let bytes = original.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // most characters of most text: a run of ASCII, each byte folding to one byte; only
        // its last byte may start a cluster (a combining mark after it)
        let run = bytes[at..]
            .iter()
            .position(|b| !b.is_ascii())
            .unwrap_or(bytes.len() - at);
        let mut ascii_end = at + run;
        if run > 0 && ascii_end < bytes.len() {
            let next = original[ascii_end..]
                .chars()
                .next()
                .expect("not at the end");
            if is_combining_mark(next) {
                ascii_end -= 1;
            }
        }
        if ascii_end > at {
            push_ascii_folded(&original[at..ascii_end], out);
            for i in at..ascii_end {
                emit(i, 1);
            }
            at = ascii_end;
            continue;
        }
        // one cluster: a character and the combining marks after it
        let c = original[at..].chars().next().expect("not at the end");
        let mut end = at + c.len_utf8();
        for m in original[end..].chars() {
            // no ASCII character is a combining mark: the common case skips the table
            if m.is_ascii() || !is_combining_mark(m) {
                break;
            }
            end += m.len_utf8();
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
        at = end;
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
        self.view(original).original_range(start, end)
    }

    /// The whole folded text as a [`FoldedSlice`] (`original` is the text that was folded).
    pub fn view<'a>(&'a self, original: &'a str) -> FoldedSlice<'a> {
        FoldedSlice {
            original,
            folded: &self.text,
            map: &self.map,
            clusters: &self.clusters,
            // pure ASCII folds byte for byte and keeps no map (a text that folds to nothing
            // keeps none either, but is not ASCII)
            same_offsets: self.map.is_empty() && self.text.len() == original.len(),
        }
    }
}

/// A document's sentences folded once, read sentence by sentence: the name matcher, the role
/// cues, the frames and the word splitter of every sentence read slices of this one copy.
///
/// Each sentence is folded on its own, into one buffer for the document: a sentence of plain
/// ASCII keeps the fast path (no offset map) even when another sentence of the document has a
/// typographic quote, and every sentence's fold is exactly [`fold`] of the sentence.
#[derive(Debug, Default, Clone)]
pub struct FoldedText {
    /// The folded sentences, one after another.
    text: String,
    /// The offset maps of the sentences that needed one, one after another (offsets into the
    /// sentence).
    map: Vec<u32>,
    /// The composed clusters of those sentences (offsets into the sentence).
    clusters: Vec<(u32, u32)>,
    /// Where each sentence's parts are, in the order the sentences were given.
    pieces: Vec<Piece>,
    /// A scratch fold, reused from sentence to sentence.
    scratch: Folded,
}

/// Where one sentence's fold lies in a [`FoldedText`]'s buffers.
#[derive(Debug, Clone, Copy)]
struct Piece {
    /// Byte range of the sentence in the original text.
    start: usize,
    end: usize,
    /// Byte range of its folded text in `text`.
    folded: (usize, usize),
    /// Its range of `map` (empty for ASCII) and of `clusters`.
    map: (usize, usize),
    clusters: (usize, usize),
    /// Whether the sentence is ASCII (folded and original offsets are the same).
    ascii: bool,
}

impl FoldedText {
    /// Folds the pieces (sentences) of `text` at byte ranges `pieces`, given in text order.
    pub fn new(text: &str, pieces: impl IntoIterator<Item = (usize, usize)>) -> FoldedText {
        let mut out = FoldedText::default();
        out.fold_into(text, pieces);
        out
    }

    /// [`FoldedText::new`] into reused buffers.
    pub fn fold_into(&mut self, text: &str, pieces: impl IntoIterator<Item = (usize, usize)>) {
        self.text.clear();
        self.map.clear();
        self.clusters.clear();
        self.pieces.clear();
        self.text.reserve(text.len());
        for (start, end) in pieces {
            let piece = &text[start..end];
            let f0 = self.text.len();
            let (m0, c0) = (self.map.len(), self.clusters.len());
            let ascii = piece.is_ascii();
            if ascii {
                push_ascii_folded(piece, &mut self.text);
            } else {
                self.scratch.fold_into(piece);
                self.text.push_str(&self.scratch.text);
                self.map.extend_from_slice(&self.scratch.map);
                self.clusters.extend_from_slice(&self.scratch.clusters);
            }
            self.pieces.push(Piece {
                start,
                end,
                folded: (f0, self.text.len()),
                map: (m0, self.map.len()),
                clusters: (c0, self.clusters.len()),
                ascii,
            });
        }
    }

    /// How many pieces were folded.
    pub fn len(&self) -> usize {
        self.pieces.len()
    }

    /// Whether no piece was folded.
    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// The folded view of piece `i` (in the order given to [`FoldedText::new`]); `text` is the
    /// text given there.
    pub fn piece<'a>(&'a self, text: &'a str, i: usize) -> FoldedSlice<'a> {
        let p = &self.pieces[i];
        FoldedSlice {
            original: &text[p.start..p.end],
            folded: &self.text[p.folded.0..p.folded.1],
            map: &self.map[p.map.0..p.map.1],
            clusters: &self.clusters[p.clusters.0..p.clusters.1],
            same_offsets: p.ascii,
        }
    }
}

/// A piece of a folded text (one sentence, in practice): the piece as written, its folded copy
/// and the map between them. Offsets it takes and gives are bytes *of the piece*: folded offsets
/// into [`FoldedSlice::folded`], original offsets into [`FoldedSlice::original`].
#[derive(Debug, Clone, Copy)]
pub struct FoldedSlice<'a> {
    /// The piece as written.
    pub original: &'a str,
    /// Its folded copy: what [`fold`] makes of `original`.
    pub folded: &'a str,
    /// For each byte of `folded`, the byte offset in `original` of the character it came from;
    /// empty when offsets are the same.
    map: &'a [u32],
    /// The composed clusters of `original`, see [`Folded`].
    clusters: &'a [(u32, u32)],
    /// Whether folded and original offsets are the same (the piece is ASCII).
    same_offsets: bool,
}

impl<'a> FoldedSlice<'a> {
    /// The folded copy of a piece that was not part of a larger folded text: folds `original`
    /// into `scratch` (a buffer reused between calls) and views all of it.
    pub fn fold_alone(original: &'a str, scratch: &'a mut Folded) -> FoldedSlice<'a> {
        scratch.fold_into(original);
        scratch.view(original)
    }

    /// Maps a folded byte range (of [`FoldedSlice::folded`]) back to the byte range of the
    /// original piece; the range covers whole original characters.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        if self.same_offsets {
            return (start, end);
        }
        let s = self.map[start] as usize;
        let last = self.map[end - 1];
        if let Ok(i) = self.clusters.binary_search_by_key(&last, |c| c.0) {
            return (s, self.clusters[i].1 as usize);
        }
        let last = last as usize;
        let len = self.original[last..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        (s, last + len)
    }

    /// The folded copy of `original[start..end]` (piece offsets, character boundaries), when it
    /// is a slice of [`FoldedSlice::folded`]: `None` when an end cuts a composed cluster, where
    /// folding the range alone gives something else.
    pub fn folded_of(&self, start: usize, end: usize) -> Option<&'a str> {
        self.cursor().folded_of(start, end)
    }
}

/// [`FoldedSlice::folded_of`] for ranges that come in text order (the words of a sentence):
/// the offset map is walked forward once instead of searched afresh for every range.
#[derive(Debug)]
pub struct FoldedCursor<'s, 'a> {
    slice: &'s FoldedSlice<'a>,
    /// The first folded byte not yet passed.
    at: usize,
}

impl<'a> FoldedSlice<'a> {
    /// A cursor for [`FoldedCursor::folded_of`], at the start of the piece.
    pub fn cursor(&self) -> FoldedCursor<'_, 'a> {
        FoldedCursor { slice: self, at: 0 }
    }
}

impl<'a> FoldedCursor<'_, 'a> {
    /// The same as [`FoldedSlice::folded_of`]; cheapest when each range starts at or after the
    /// one before.
    pub fn folded_of(&mut self, start: usize, end: usize) -> Option<&'a str> {
        let f = self.slice;
        if f.same_offsets {
            return Some(&f.folded[start..end]);
        }
        let (s, e) = (start as u32, end as u32);
        if inside_cluster(f.clusters, s) || inside_cluster(f.clusters, e) {
            return None;
        }
        if self.at == 0 || f.map[self.at - 1] >= s {
            // the first range, or one before the last: a binary search
            self.at = f.map.partition_point(|&m| m < s);
        }
        let mut fs = self.at;
        while fs < f.map.len() && f.map[fs] < s {
            fs += 1;
        }
        let mut fe = fs;
        while fe < f.map.len() && f.map[fe] < e {
            fe += 1;
        }
        self.at = fe;
        Some(&f.folded[fs..fe])
    }
}

/// Whether offset `at` lies strictly inside one of the composed clusters (sorted, disjoint).
fn inside_cluster(clusters: &[(u32, u32)], at: u32) -> bool {
    let i = clusters.partition_point(|c| c.0 < at);
    i > 0 && clusters[i - 1].1 > at
}

/// Folds one ASCII character: the same as [`fold_char`], one byte for one byte.
fn fold_ascii(b: u8) -> char {
    match b {
        b'`' => '\'',
        b if (b as char).is_whitespace() => ' ',
        b => b.to_ascii_lowercase() as char,
    }
}

/// Folds ASCII text: the same as [`fold_char`] on every character, one byte for one byte.
fn push_ascii_folded(original: &str, out: &mut String) {
    let from = out.len();
    out.push_str(original);
    // lower case in place, then the rare bytes that fold to something else
    out[from..].make_ascii_lowercase();
    // the ASCII white space other than the space (tab, line feed, vertical tab, form feed,
    // carriage return) and the backquote
    let odd = |b: u8| matches!(b, b'`' | b'\t'..=b'\r');
    if original.bytes().any(odd) {
        out.truncate(from);
        out.extend(original.bytes().map(fold_ascii));
    }
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
    /// The cluster fold character by character (before ASCII runs were taken whole): the
    /// reference the fast path is compared with.
    /// A fold as calls: the folded text, each `emit(at, added)` and each `composed(start, end)`.
    type Calls = (String, Vec<(usize, usize)>, Vec<(usize, usize)>);

    fn fold_by_character(original: &str) -> Calls {
        let (mut out, mut emitted, mut composed) = (String::new(), Vec::new(), Vec::new());
        let mut chars = original.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let mut end = at + c.len_utf8();
            while let Some(&(j, m)) = chars.peek() {
                if !is_combining_mark(m) {
                    break;
                }
                end = j + m.len_utf8();
                chars.next();
            }
            let cluster = &original[at..end];
            if end > at + c.len_utf8() && !is_nfc(cluster) {
                let before = out.len();
                cluster.nfc().for_each(|k| fold_char(k, &mut out));
                emitted.push((at, out.len() - before));
                composed.push((at, end));
            } else {
                for (i, k) in cluster.char_indices() {
                    let before = out.len();
                    fold_char(k, &mut out);
                    emitted.push((at + i, out.len() - before));
                }
            }
        }
        (out, emitted, composed)
    }

    #[test]
    fn ascii_runs_fold_as_character_by_character() {
        // every string of up to five characters over a hostile alphabet: capitals, a backquote,
        // a tab, a composed and a decomposed accent, two combining marks, a typographic
        // apostrophe, a space and a soft hyphen
        let alphabet = [
            'a', 'E', '`', '\t', '\u{e9}', '\u{301}', '\u{302}', '\u{2019}', ' ', '\u{ad}',
        ];
        let total = crate::text::each_string(&alphabet, 5, |s| {
            let (mut out, mut emitted, mut composed) = (String::new(), Vec::new(), Vec::new());
            fold_clusters(
                s,
                &mut out,
                |at, added| emitted.push((at, added)),
                |a, b| composed.push((a, b)),
            );
            assert_eq!((out, emitted, composed), fold_by_character(s), "{s:?}");
        });
        assert_eq!(total, (0..=5).map(|l| 10usize.pow(l)).sum::<usize>());
    }
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
        // every ASCII character, alone and after a letter: the fast path's list of bytes that
        // fold to something else must be the one fold_char gives
        for b in 0u8..128 {
            let c = b as char;
            for s in [c.to_string(), format!("A{c}")] {
                let mut want = String::new();
                s.chars().for_each(|c| fold_char(c, &mut want));
                assert_eq!(fold(&s), want, "{s:?}");
            }
        }
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

    #[test]
    fn a_slice_of_the_folded_text_is_the_fold_of_the_piece() {
        let texts = [
            "Oman hosts talks. Iran and the U.S. met.",
            "Tehran\u{2019}s d\u{e9}l\u{e9}gation. C\u{f4}te d\u{2019}Ivoire \u{2014} Bogot\u{e1}.",
            "Talks in Co\u{302}te d\u{2019}Ivoire and Bogota\u{301}. Mu\u{308}ller met.",
            "zero\u{200B}width and\u{00AD}soft. \u{200B}",
            "=\u{338} and \u{301}lone. \u{92d}\u{93e}\u{930}",
            "\u{200B}\u{FEFF}",
        ];
        for text in texts {
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            for (k, &start) in bounds.iter().enumerate() {
                for &end in &bounds[k..] {
                    let piece = &text[start..end];
                    let doc = FoldedText::new(text, [(start, end)]);
                    let view = doc.piece(text, 0);
                    assert_eq!(view.original, piece);
                    assert_eq!(view.folded, fold(piece), "{text:?} {start}..{end}");
                    let alone = Folded::new(piece);
                    let fb: Vec<usize> = (0..=view.folded.len())
                        .filter(|&i| view.folded.is_char_boundary(i))
                        .collect();
                    for (j, &a) in fb.iter().enumerate() {
                        for &b in fb[j + 1..].iter() {
                            assert_eq!(
                                view.original_range(a, b),
                                alone.original_range(piece, a, b),
                                "{text:?} {start}..{end} folded {a}..{b}"
                            );
                        }
                    }
                }
            }
            // every range of the whole text that does not cut a composed cluster, and the
            // cursor (ranges in order, and back again) gives the same
            let whole = Folded::new(text);
            let view = whole.view(text);
            let mut cursor = view.cursor();
            for (j, &a) in bounds.iter().enumerate() {
                for &b in &bounds[j..] {
                    let got = view.folded_of(a, b);
                    if let Some(f) = got {
                        assert_eq!(f, fold(&text[a..b]), "{text:?} {a}..{b}");
                    }
                    assert_eq!(cursor.folded_of(a, b), got, "{text:?} {a}..{b}");
                }
            }
        }
        // a decomposed letter cut from its marks has no slice of the fold
        let nfd = "Co\u{302}te";
        let f = Folded::new(nfd);
        assert!(f.view(nfd).folded_of(0, 2).is_none());
        assert!(f.view(nfd).folded_of(0, 4).is_some());
    }
}
