//! The words of an imported event (its title, summary and link note) put together in buffers
//! that are reused from one event to the next (sums go in with
//! [`crate::text::push_exact_amount`]). An import writes about a million events; allocating
//! and formatting each one's words afresh was a fifth of writing them.

/// One writer's buffers (each thread that writes events has its own).
#[derive(Debug, Default)]
pub struct Prose {
    pub title: String,
    pub summary: String,
    pub note: String,
}

impl Prose {
    /// Empties every buffer for the next event, keeping their room.
    pub fn clear(&mut self) {
        self.title.clear();
        self.summary.clear();
        self.note.clear();
    }
}

/// `s` in lower case appended to `out`, as [`str::to_lowercase`] has it.
pub fn push_lowercase(out: &mut String, s: &str) {
    if s.is_ascii() {
        let start = out.len();
        out.push_str(s);
        out[start..].make_ascii_lowercase();
    } else {
        // Rare, and lower-casing is not char by char (a final sigma): the library's own.
        out.push_str(&s.to_lowercase());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_case_is_the_library_s() {
        for s in ["DEFINITIVE CONTRACT", "Bpa Call", "ΟΔΟΣ", "ÉTÉ", ""] {
            let mut out = String::new();
            push_lowercase(&mut out, s);
            assert_eq!(out, s.to_lowercase());
        }
    }
}
