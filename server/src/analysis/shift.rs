//! Moving values to another place in the document: an edit elsewhere moves an unchanged
//! instruction, or an unchanged RUN script, without changing it, so what was computed for it is
//! reused, shifted by the edit's byte delta, instead of computed again.

use crate::syntax::TextRange;

/// Adds a (possibly negative) byte delta to every document offset a value holds.
pub(crate) trait Shift {
    fn shift(&mut self, delta: isize);
}

fn moved(offset: usize, delta: isize) -> usize {
    offset.saturating_add_signed(delta)
}

impl Shift for usize {
    fn shift(&mut self, delta: isize) {
        *self = moved(*self, delta);
    }
}

impl Shift for TextRange {
    fn shift(&mut self, delta: isize) {
        *self = TextRange::new(moved(self.start, delta), moved(self.end, delta));
    }
}

impl<T: Shift> Shift for Option<T> {
    fn shift(&mut self, delta: isize) {
        if let Some(value) = self {
            value.shift(delta);
        }
    }
}

impl<T: Shift> Shift for Vec<T> {
    fn shift(&mut self, delta: isize) {
        for value in self {
            value.shift(delta);
        }
    }
}
