//! A walk over the YAML parser's events that remembers where it is: the open
//! collections (block or flow, where they start, the keys seen so far), the
//! block collections a dedent just closed, the last event and the key path.
//!
//! It exists for error messages. When the parser stops, its own message
//! names the parser's state ("did not find expected '-' indicator"); to say
//! what is wrong in the user's terms ("`tags` lines up with nothing above
//! it") the `syntax` module needs this context, and to name both places of a
//! duplicate key it needs the earlier key. Only run once a file has failed.

use serde_saphyr::granit_parser::{Event, Marker, Options, Parser, ScalarStyle, ScanError};

/// A 1-based line and column (in characters) and the byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Mark {
    pub line: u32,
    pub column: u32,
    pub byte: usize,
}

impl Mark {
    fn from_marker(m: &Marker, text: &str) -> Mark {
        let byte = m.byte_offset().unwrap_or_else(|| {
            text.char_indices()
                .nth(m.index())
                .map_or(text.len(), |(i, _)| i)
        });
        Mark {
            line: u32::try_from(m.line()).unwrap_or(u32::MAX),
            column: u32::try_from(m.col() + 1).unwrap_or(u32::MAX),
            byte,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    BlockMap,
    BlockSeq,
    FlowMap,
    FlowSeq,
}

impl Shape {
    pub fn is_block(self) -> bool {
        matches!(self, Shape::BlockMap | Shape::BlockSeq)
    }
    pub fn is_map(self) -> bool {
        matches!(self, Shape::BlockMap | Shape::FlowMap)
    }
}

/// An open (or just closed) collection.
#[derive(Debug, Clone)]
pub(crate) struct Level {
    pub shape: Shape,
    /// Where it starts: its first key, its first `-`, or its bracket.
    pub start: Mark,
    /// A mapping's keys so far (a non-scalar key as `?`), with positions.
    pub keys: Vec<(String, Mark)>,
    /// A mapping is reading the value of its last key.
    pub in_value: bool,
    /// A sequence's finished items.
    pub items: usize,
}

/// The last event read before the walk stopped.
#[derive(Debug, Clone)]
pub(crate) struct Last {
    /// The text and style of a scalar event; `None` for other events.
    pub scalar: Option<(String, ScalarStyle)>,
    pub start: Mark,
    pub end: Mark,
}

/// Where the walk stopped, and what it knew there.
#[derive(Debug, Default)]
pub(crate) struct Walk {
    pub stack: Vec<Level>,
    /// Block collections closed since the last other event, innermost first
    /// (the levels a dedent just left).
    pub closed: Vec<Level>,
    /// The key path before those closed (the collection the dedented line
    /// left, `vaults[0]` rather than the next item `vaults[1]`).
    pub path_before_closed: String,
    pub last: Option<Last>,
    /// The parser's error, when the walk stopped at one.
    pub error: Option<(ScanError, Mark)>,
    /// The walk stopped at the key it was asked to find.
    pub found: bool,
}

impl Walk {
    /// Walk `text` until the parser fails, the end, or (with `key_at`) a
    /// scalar mapping key starting at that line and column, which is not
    /// added to its mapping's keys.
    pub fn run(text: &str, key_at: Option<(u32, u32)>) -> Walk {
        let mut opts = Options::default();
        opts.set_emit_comments(false);
        let mut w = Walk::default();
        for item in Parser::new_from_str_with_options(text, opts) {
            let (event, span) = match item {
                Ok(x) => x,
                Err(e) => {
                    let at = Mark::from_marker(e.marker(), text);
                    w.error = Some((e, at));
                    break;
                }
            };
            let start = Mark::from_marker(&span.start, text);
            let end = Mark::from_marker(&span.end, text);
            let mut scalar = None;
            match event {
                Event::Scalar(v, style, ..) => {
                    let is_key = w
                        .stack
                        .last()
                        .is_some_and(|l| l.shape.is_map() && !l.in_value);
                    if is_key && key_at == Some((start.line, start.column)) {
                        w.found = true;
                        return w;
                    }
                    w.closed.clear();
                    w.complete(Some(v.to_string()), start);
                    scalar = Some((v.into_owned(), style));
                }
                Event::Alias(_) => {
                    w.closed.clear();
                    w.complete(None, start);
                }
                Event::MappingStart(style, ..) | Event::SequenceStart(style, ..) => {
                    w.closed.clear();
                    let block = matches!(style, serde_saphyr::granit_parser::StructureStyle::Block);
                    let shape = match (matches!(event, Event::MappingStart(..)), block) {
                        (true, true) => Shape::BlockMap,
                        (true, false) => Shape::FlowMap,
                        (false, true) => Shape::BlockSeq,
                        (false, false) => Shape::FlowSeq,
                    };
                    w.stack.push(Level {
                        shape,
                        start,
                        keys: Vec::new(),
                        in_value: false,
                        items: 0,
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    let block = w.stack.last().is_some_and(|l| l.shape.is_block());
                    if !block {
                        w.closed.clear();
                    } else if w.closed.is_empty() {
                        w.path_before_closed = w.path();
                    }
                    if let Some(level) = w.stack.pop() {
                        let at = level.start;
                        if block {
                            w.closed.push(level);
                        }
                        w.complete(None, at);
                    }
                }
                _ => {}
            }
            w.last = Some(Last { scalar, start, end });
        }
        w
    }

    /// A node finished in the innermost open collection.
    fn complete(&mut self, text: Option<String>, at: Mark) {
        let Some(parent) = self.stack.last_mut() else {
            return;
        };
        if parent.shape.is_map() {
            if parent.in_value {
                parent.in_value = false;
            } else {
                parent.keys.push((text.unwrap_or_else(|| "?".into()), at));
                parent.in_value = true;
            }
        } else {
            parent.items += 1;
        }
    }

    /// The key path to where the walk stopped (`vaults[0].tags`).
    pub fn path(&self) -> String {
        path_of(&self.stack)
    }

    /// The key path as if the innermost mapping were done with its last
    /// value (`vaults[0].tags`, not `vaults[0].tags.team`).
    pub fn path_between_keys(&self) -> String {
        let mut levels = self.stack.clone();
        if let Some(l) = levels.last_mut().filter(|l| l.shape.is_map()) {
            l.in_value = false;
        }
        path_of(&levels)
    }
}

/// The key path through `levels`, outermost first.
pub(crate) fn path_of(levels: &[Level]) -> String {
    let mut s = String::new();
    for l in levels {
        if l.shape.is_map() {
            if let (true, Some((k, _))) = (l.in_value, l.keys.last()) {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
        } else {
            s.push_str(&format!("[{}]", l.items));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracks_levels_keys_and_path() {
        let w = Walk::run(
            "a: 1\nb:\n  - x\n  - {c: [1, {d: 1, d: 2}]}\n",
            Some((4, 20)),
        );
        assert!(w.found && w.error.is_none());
        assert_eq!(w.path(), "b[1].c[1]");
        let shapes: Vec<Shape> = w.stack.iter().map(|l| l.shape).collect();
        assert_eq!(
            shapes,
            [
                Shape::BlockMap,
                Shape::BlockSeq,
                Shape::FlowMap,
                Shape::FlowSeq,
                Shape::FlowMap
            ]
        );
        assert_eq!((w.stack[2].start.line, w.stack[2].start.column), (4, 5));
        assert_eq!(w.stack[0].keys[0].0, "a");
        assert_eq!(w.stack[4].keys[0].1.column, 14);
    }

    #[test]
    fn remembers_what_a_dedent_closed() {
        let w = Walk::run("v:\n  - name: main\n   tags: x\n", None);
        let (e, at) = w.error.as_ref().unwrap();
        assert_eq!((at.line, at.column), (3, 4), "{e}");
        assert_eq!(w.closed.len(), 1);
        assert_eq!(w.closed[0].shape, Shape::BlockMap);
        assert_eq!(w.closed[0].keys[0].0, "name");
        assert_eq!(w.path(), "v[1]");
        assert_eq!(w.path_before_closed, "v[0]");
    }

    #[test]
    fn stops_at_a_key() {
        let w = Walk::run("a: 1\nb:\n  x: 1\n  x: 2\n", Some((4, 3)));
        assert!(w.found);
        assert_eq!(w.stack.last().unwrap().keys[0].0, "x");
        assert_eq!(w.path(), "b");
    }
}
