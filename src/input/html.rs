//! Text from HTML pages, with a real HTML parser (html5ever through scraper): scripts, styles and
//! other non-text elements are dropped, entities decoded, and block elements become paragraph
//! breaks so sentences do not run together.

use scraper::{Html, Node};

/// The text and title of a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// The visible text, blocks separated by blank lines.
    pub text: String,
    /// The `<title>`, if any.
    pub title: Option<String>,
}

const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "head", "svg", "iframe", "object", "canvas",
    "button", "select", "nav", "footer", "form",
];
const BLOCK: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "table",
    "section",
    "article",
    "header",
    "aside",
    "blockquote",
    "pre",
    "figcaption",
    "figure",
    "dd",
    "dt",
    "dl",
    "main",
    "hr",
    "title",
];

/// How deep elements may nest before the extractor stops opening new ones. Real pages stay far
/// below it (a few dozen levels); the HTML parser's tree building costs time proportional to the
/// depth for every element (it scans the stack of open elements), so unbounded nesting is
/// quadratic: 200,000 nested `<div>`s took minutes.
pub const MAX_DEPTH: usize = 256;

/// Void elements: never closed, never nest.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];

/// Elements whose end tag may be left out (`<p>a<p>b`): the parser closes them by itself, so
/// they do not count as nesting.
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup", "rb",
    "rt", "rtc", "rp", "colgroup", "caption",
];

/// Elements whose content is raw text up to their end tag (a `<` inside is not a tag).
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// Caps the nesting of an HTML page at [`MAX_DEPTH`] elements before it is parsed, in one linear
/// pass: below the cap, tags are removed and their text kept (a block tag leaves a paragraph
/// break, an inline one a space), and skipped elements (scripts, navigation, …) are removed with
/// their content, so the text beyond the cap reads as it would have. A page within the cap is
/// returned as it is.
pub fn limit_depth(html: &str) -> std::borrow::Cow<'_, str> {
    let sep = |name: &str| if BLOCK.contains(&name) { "\n\n" } else { " " };
    let mut depth = 0usize;
    let mut out: Option<String> = None;
    // `html[..copied]` is handled (copied into `out` when it is in use)
    let mut copied = 0usize;
    // removing a skipped element beyond the cap, content and all: its name and how many are open
    let mut skip: Option<(String, usize)> = None;
    let mut i = 0usize;
    while let Some(p) = html[i..].find('<') {
        let at = i + p;
        let Some(tag) = Tag::at(html, at) else {
            i = at + 1;
            continue;
        };
        let name = tag.name.as_str();
        let nests = !name.is_empty() && !VOID.contains(&name) && !OPTIONAL_END.contains(&name);
        let opens = nests && !tag.closing && !tag.self_closing;
        let closes = nests && tag.closing;
        // raw text (a script, a style): its content holds no tags; jump past its end tag
        let raw_end = (opens && RAW_TEXT.contains(&name))
            .then(|| find_end_tag(html, tag.end, name).unwrap_or(html.len()));
        let next = raw_end.unwrap_or(tag.end);
        let was_skipping = skip.is_some();
        let replacement = match &mut skip {
            Some((skipped, open)) => {
                if tag.name == *skipped && raw_end.is_none() {
                    if opens {
                        *open += 1;
                    } else if closes {
                        *open -= 1;
                    }
                }
                let done = *open == 0;
                if done {
                    skip = None;
                }
                Some(if done { " " } else { "" })
            }
            None if opens && depth >= MAX_DEPTH => {
                if raw_end.is_some() {
                    Some(" ")
                } else if SKIP.contains(&name) {
                    skip = Some((tag.name.clone(), 1));
                    Some("")
                } else {
                    Some(sep(name))
                }
            }
            None if closes && depth > MAX_DEPTH => Some(sep(name)),
            None => None,
        };
        if opens && raw_end.is_none() {
            depth += 1;
        } else if closes {
            depth = depth.saturating_sub(1);
        }
        if let Some(rep) = replacement {
            let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
            if !was_skipping {
                o.push_str(&html[copied..at]);
            }
            o.push_str(rep);
            copied = next;
        }
        i = next;
    }
    match out {
        Some(mut o) => {
            if skip.is_none() {
                o.push_str(&html[copied..]);
            }
            std::borrow::Cow::Owned(o)
        }
        None => std::borrow::Cow::Borrowed(html),
    }
}

/// A tag (or comment, doctype, processing instruction) starting at a `<`.
struct Tag {
    /// Lower-case element name; empty for comments and declarations.
    name: String,
    closing: bool,
    self_closing: bool,
    /// Byte offset just past the tag.
    end: usize,
}

impl Tag {
    fn at(html: &str, start: usize) -> Option<Tag> {
        let b = html.as_bytes();
        let rest = &html[start..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            let end = comment
                .find("-->")
                .map_or(html.len(), |p| start + 4 + p + 3);
            return Some(Tag::other(end));
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            let end = rest.find('>').map_or(html.len(), |p| start + p + 1);
            return Some(Tag::other(end));
        }
        let (closing, name_at) = if rest.starts_with("</") {
            (true, start + 2)
        } else {
            (false, start + 1)
        };
        if !b.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
            return None; // a `<` in text
        }
        let mut j = name_at;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'/' && b[j] != b'>' {
            j += 1;
        }
        let name = html[name_at..j].to_ascii_lowercase();
        // attributes: a `>` inside quotes does not end the tag
        let mut quote = None;
        let mut k = j;
        while k < b.len() {
            match (quote, b[k]) {
                (None, b'>') => break,
                (None, q @ (b'"' | b'\'')) => quote = Some(q),
                (Some(q), c) if c == q => quote = None,
                _ => {}
            }
            k += 1;
        }
        let self_closing = k > 0 && k < b.len() && b[k - 1] == b'/';
        Some(Tag {
            name,
            closing,
            self_closing,
            end: (k + 1).min(html.len()),
        })
    }

    fn other(end: usize) -> Tag {
        Tag {
            name: String::new(),
            closing: false,
            self_closing: true,
            end,
        }
    }
}

/// The offset just past the end tag `</name …>` after `from`, if any (ASCII case-insensitive).
fn find_end_tag(html: &str, from: usize, name: &str) -> Option<usize> {
    let b = html.as_bytes();
    let mut i = from;
    while let Some(p) = html[i..].find("</") {
        let at = i + p;
        let n = at + 2;
        if b.len() >= n + name.len() && b[n..n + name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            let after = b.get(n + name.len()).copied();
            if after.is_none_or(|c| c == b'>' || c == b'/' || c.is_ascii_whitespace()) {
                return Some(html[at..].find('>').map_or(html.len(), |q| at + q + 1));
            }
        }
        i = at + 2;
    }
    None
}

/// Extracts the text of an HTML page.
pub fn extract(html: &str) -> Page {
    let html = limit_depth(html);
    let doc = Html::parse_document(&html);
    let title = doc
        .root_element()
        .descendants()
        .find_map(|n| match n.value() {
            Node::Element(e) if e.name() == "title" => Some(
                n.children()
                    .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                    .collect::<String>(),
            ),
            _ => None,
        })
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty());
    let mut out = String::new();
    walk(doc.tree.root(), &mut out);
    // collapse runs of blank lines and trailing spaces
    let mut text = String::with_capacity(out.len());
    let mut blank = 0;
    for line in out.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !text.is_empty() {
            text.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        text.push_str(&line);
    }
    Page { text, title }
}

/// The text of a tree, depth first, with an explicit stack (no recursion to overflow, however
/// deep the tree).
fn walk(root: ego_tree::NodeRef<'_, Node>, out: &mut String) {
    enum Step<'a> {
        Enter(ego_tree::NodeRef<'a, Node>),
        /// After an element's children: what closes it.
        Leave(&'static str),
    }
    let mut stack = vec![Step::Enter(root)];
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Leave(s) => {
                out.push_str(s);
                continue;
            }
            Step::Enter(n) => n,
        };
        match node.value() {
            Node::Text(t) => {
                out.push_str(t);
                continue;
            }
            Node::Element(e) => {
                let name = e.name();
                if SKIP.contains(&name) {
                    continue;
                }
                let block = BLOCK.contains(&name);
                if block {
                    out.push_str("\n\n");
                }
                stack.push(Step::Leave(if block { "\n\n" } else { " " }));
            }
            _ => {}
        }
        // children in reverse, so the first is handled first
        let start = stack.len();
        stack.extend(node.children().map(Step::Enter));
        stack[start..].reverse();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_scripts_and_decodes_entities() {
        let p = extract("<html><head><title>Talks &amp; more</title><style>p{}</style></head><body><script>var Iran=1;</script><h1>Oman hosts</h1><p>Iran&nbsp;and the U.S. met &mdash; again.</p><p>Second<br>line</p></body></html>");
        assert_eq!(p.title.as_deref(), Some("Talks & more"));
        assert_eq!(
            p.text,
            "Oman hosts\n\nIran and the U.S. met \u{2014} again.\n\nSecond\n\nline"
        );
    }

    #[test]
    fn broken_and_deep_html_do_not_panic() {
        let broken = "<p>Iran <b>met <i>Oman</p> <table><td>x";
        assert!(extract(broken).text.contains("Iran met Oman"));
    }

    /// The deepest nesting of elements that need an end tag, as the parser would build it.
    fn max_depth(html: &str) -> usize {
        let doc = Html::parse_document(html);
        let mut deepest = 0;
        let mut stack = vec![(doc.tree.root(), 0usize)];
        while let Some((n, d)) = stack.pop() {
            deepest = deepest.max(d);
            stack.extend(n.children().map(|c| (c, d + 1)));
        }
        deepest
    }

    #[test]
    fn deeply_nested_html_is_capped_and_keeps_its_text() {
        // 200,000 nested divs (2.2 MB): the parser gets at most MAX_DEPTH of them, and the
        // text inside and after them is kept, in order and as paragraphs
        let n = 200_000;
        let deep = format!(
            "<html><body><p>Qatar mediated.</p>{}<p>Oman hosted <b>Iran</b>.</p><script>var x = '<div>';</script>{}<p>Egypt watched.</p></body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        let capped = limit_depth(&deep);
        assert!(capped.len() < deep.len());
        // html, body and a few implied elements above the capped divs
        let depth = max_depth(&capped);
        assert!(depth <= MAX_DEPTH + 8, "depth {depth}");
        let page = extract(&deep);
        assert_eq!(
            page.text,
            "Qatar mediated.\n\nOman hosted Iran .\n\nEgypt watched."
        );
        // a page within the cap is parsed untouched
        let normal = "<div><div><p>Oman</p></div></div>";
        assert!(matches!(limit_depth(normal), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn deep_html_beyond_the_cap_drops_skipped_elements_with_their_text() {
        let deep = format!(
            "{}<nav><span>Menu Russia</span></nav><p>Oman <i>hosted</i> Iran.</p><style>p {{}}</style>{}",
            "<span>".repeat(MAX_DEPTH + 10),
            "</span>".repeat(MAX_DEPTH + 10)
        );
        let text = extract(&deep).text;
        assert!(text.contains("Oman hosted Iran."), "{text}");
        assert!(!text.contains("Russia") && !text.contains("p {}"), "{text}");
    }
}
