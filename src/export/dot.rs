//! Graphviz DOT.
//!
//! Schema: one undirected graph `graph actors { … }` with `--` edges. Every id and attribute
//! value is a double-quoted string made by [`quote`]: `"` and `\` are escaped with a backslash,
//! line breaks and other control characters become spaces (so `\` in a name shows as `\` in a
//! Graphviz label).
//!
//! Numbers (`mentions`, `lat`, `lon`, `weight`, `evidence`) are bare DOT numerals.
//!
//! Nodes: `"<actor id>" [label, actor_type, mentions, lat, lon (when known), style="filled",
//! fillcolor (by actor type, as in GEXF)]`.
//!
//! Edges: one per link, in `edges.csv` order: `"<source>" -- "<target>" [id ("e1", …),
//! kind, weight, evidence]`. Co-occurrence edges are solid and unlabelled; a typed relation is a
//! separate edge with `label` = its kind and `style="dashed"`, plus `dir="forward"` (an arrow from
//! source to target) when the relation is directed.

use std::io::{self, Write};

use super::{display_label, number, type_color_hex};
use crate::graph::{ActorGraph, Kind};

/// Quotes a string for DOT: wraps it in `"`, escapes `"` and `\`, and turns line breaks and
/// other control characters into spaces.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An attribute value: a number stays a bare DOT numeral, anything else is quoted.
enum A {
    T(String),
    N(String),
}

fn attr_list(attrs: &[(&str, A)]) -> String {
    attrs
        .iter()
        .map(|(k, v)| match v {
            A::T(t) => format!("{k}={}", quote(t)),
            A::N(n) => format!("{k}={n}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Writes the graph as DOT.
pub fn write(g: &ActorGraph, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "graph actors {{")?;
    writeln!(out, "  graph [overlap=\"false\", splines=\"true\"];")?;
    writeln!(out, "  node [shape=\"ellipse\", fontname=\"Helvetica\"];")?;
    for n in g.nodes() {
        let mut attrs = vec![
            ("label", A::T(display_label(n))),
            ("actor_type", A::T(n.actor_type.to_string())),
            ("mentions", A::N(n.mentions.to_string())),
        ];
        if let Some(lat) = n.lat.filter(|x| x.is_finite()) {
            attrs.push(("lat", A::N(number(lat))));
        }
        if let Some(lon) = n.lon.filter(|x| x.is_finite()) {
            attrs.push(("lon", A::N(number(lon))));
        }
        attrs.push(("style", A::T("filled".into())));
        attrs.push(("fillcolor", A::T(type_color_hex(n.actor_type))));
        writeln!(out, "  {} [{}];", quote(&n.id), attr_list(&attrs))?;
    }
    for (i, (s, t, l)) in g.links().enumerate() {
        let mut attrs = vec![
            ("id", A::T(format!("e{}", i + 1))),
            ("kind", A::T(l.kind.to_string())),
            ("weight", A::N(number(l.weight))),
            ("evidence", A::N(l.evidence.to_string())),
        ];
        if l.kind != Kind::CoOccurrence {
            attrs.push(("label", A::T(l.kind.to_string())));
            attrs.push(("style", A::T("dashed".into())));
            if l.kind.directed() {
                attrs.push(("dir", A::T("forward".into())));
            }
        }
        writeln!(
            out,
            "  {} -- {} [{}];",
            quote(&s.id),
            quote(&t.id),
            attr_list(&attrs)
        )?;
    }
    writeln!(out, "}}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_table() {
        let cases = [
            ("plain", r#""plain""#),
            (r#"say "hi""#, r#""say \"hi\"""#),
            (r"C:\new\", r#""C:\\new\\""#),
            (r#"\""#, r#""\\\"""#),
            ("two\nlines\r\tand\u{1}", "\"two lines  and \""),
            ("A & B <Co> 'x'", "\"A & B <Co> 'x'\""),
            ("وزارة الخارجية", "\"وزارة الخارجية\""),
            ("", "\"\""),
        ];
        for (input, want) in cases {
            assert_eq!(quote(input), want, "{input:?}");
        }
    }

    /// Reads a quoted DOT string back (the inverse of [`quote`] on its output).
    fn unquote(s: &str) -> String {
        let inner = &s[1..s.len() - 1];
        let mut out = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                out.push(chars.next().expect("escape has a character"));
            } else {
                assert_ne!(c, '"', "unescaped quote in {s}");
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn quote_round_trips_printable_text() {
        for s in [r#"a"b\c"#, r"\\", r#""""#, "=HYPERLINK(\"x\")", "x\\"] {
            assert_eq!(unquote(&quote(s)), s);
        }
    }

    #[test]
    fn empty_graph() {
        let mut out = Vec::new();
        write(&ActorGraph::default(), &mut out).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(
            s.starts_with("graph actors {\n") && s.ends_with("}\n"),
            "{s}"
        );
    }
}
