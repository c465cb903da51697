//! The one XML writer every XML exporter uses: it strips the characters XML 1.0 forbids and
//! escapes the rest through quick-xml, so names with `& < > " '` round-trip.

use std::io::{self, Write};

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

/// Removes characters that XML 1.0 does not allow, even escaped (C0 controls other than tab, line
/// feed and carriage return; U+FFFE; U+FFFF; lone surrogates cannot occur in Rust strings).
pub fn clean(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}');
    if s.chars().any(bad) {
        s.chars().filter(|c| !bad(*c)).collect::<String>().into()
    } else {
        s.into()
    }
}

/// A thin, indenting XML writer.
pub struct XmlWriter<W: Write> {
    inner: Writer<W>,
}

fn io_err(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}

impl<W: Write> XmlWriter<W> {
    /// Starts a document with the XML declaration.
    pub fn new(w: W) -> io::Result<Self> {
        let mut inner = Writer::new_with_indent(w, b' ', 2);
        inner
            .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
            .map_err(io_err)?;
        Ok(XmlWriter { inner })
    }

    fn element<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
        let mut el = BytesStart::new(name);
        for (k, v) in attrs {
            el.push_attribute((*k, clean(v).as_ref()));
        }
        el
    }

    /// Opens an element with attributes.
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
        self.inner
            .write_event(Event::Start(Self::element(name, attrs)))
            .map_err(io_err)
    }

    /// Writes an empty element with attributes.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
        self.inner
            .write_event(Event::Empty(Self::element(name, attrs)))
            .map_err(io_err)
    }

    /// Writes `<name attrs>text</name>`.
    pub fn text_element(
        &mut self,
        name: &str,
        attrs: &[(&str, &str)],
        text: &str,
    ) -> io::Result<()> {
        self.open(name, attrs)?;
        self.inner
            .write_event(Event::Text(BytesText::new(&clean(text))))
            .map_err(io_err)?;
        self.close(name)
    }

    /// Closes an element.
    pub fn close(&mut self, name: &str) -> io::Result<()> {
        self.inner
            .write_event(Event::End(BytesEnd::new(name)))
            .map_err(io_err)
    }

    /// Finishes the document with a final newline.
    pub fn finish(mut self) -> io::Result<W> {
        self.inner.get_mut().write_all(b"\n")?;
        Ok(self.inner.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_strips() {
        let mut w = XmlWriter::new(Vec::new()).unwrap();
        w.text_element(
            "a",
            &[("v", "x\"<&>'\u{1}y")],
            "Jane \"JD\" Doe & Co <b>\u{B}\u{FFFF}",
        )
        .unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        assert!(out.contains("<a v=\"x&quot;&lt;&amp;&gt;&apos;y\">Jane &quot;JD&quot; Doe &amp; Co &lt;b&gt;</a>"), "{out}");
    }

    #[test]
    fn clean_keeps_ordinary_text() {
        assert_eq!(clean("Côte d'Ivoire\tok\n"), "Côte d'Ivoire\tok\n");
        assert_eq!(clean("a\u{0}b\u{1F}c"), "abc");
    }
}
