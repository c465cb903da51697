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

/// Extracts the text of an HTML page.
pub fn extract(html: &str) -> Page {
    let doc = Html::parse_document(html);
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
    walk(doc.tree.root(), &mut out, 0);
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

fn walk(node: ego_tree::NodeRef<'_, Node>, out: &mut String, depth: usize) {
    if depth > 512 {
        return; // absurdly deep nesting: the text below is not worth a stack overflow
    }
    match node.value() {
        Node::Text(t) => out.push_str(t),
        Node::Element(e) => {
            let name = e.name();
            if SKIP.contains(&name) {
                return;
            }
            let block = BLOCK.contains(&name);
            if block {
                out.push_str("\n\n");
            }
            for c in node.children() {
                walk(c, out, depth + 1);
            }
            if block {
                out.push_str("\n\n");
            } else {
                out.push(' ');
            }
        }
        _ => {
            for c in node.children() {
                walk(c, out, depth + 1);
            }
        }
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
        let deep = "<div>".repeat(5000) + "Oman" + &"</div>".repeat(10);
        assert!(extract(&deep).text.len() <= 4);
        let broken = "<p>Iran <b>met <i>Oman</p> <table><td>x";
        assert!(extract(broken).text.contains("Iran met Oman"));
    }
}
