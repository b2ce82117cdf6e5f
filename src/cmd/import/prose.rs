//! The words of an imported event (its title, summary and link note) put together in buffers
//! that are reused from one event to the next, and sums of money written as
//! [`crate::text::exact_amount`] writes them, without an allocation of their own. An import
//! writes about a million events; allocating and formatting each one's words afresh was a
//! fifth of writing them.

use std::fmt::Write;

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

/// Appends `v` as [`crate::text::exact_amount`] has it in dollars: `USD -1,234.50`.
pub fn push_usd(out: &mut String, v: f64) {
    out.push_str("USD ");
    if v < 0.0 {
        out.push('-');
    }
    let start = out.len();
    // Writing to a String cannot fail.
    let _ = write!(out, "{:.2}", v.abs());
    // Not a number or infinite: no point, and the cents are zero.
    let point = match out[start..].find('.') {
        Some(i) => start + i,
        None => {
            out.push_str(".00");
            out.len() - 3
        }
    };
    // The digits are ASCII: a comma before every third from the point, right to left.
    let mut at = point;
    while at - start > 3 {
        at -= 3;
        out.insert(at, ',');
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
    use crate::text::exact_amount;

    #[test]
    fn amounts_are_written_as_exact_amount_writes_them() {
        let mut values = vec![
            0.0,
            -0.0,
            0.005,
            0.015,
            0.5,
            -0.5,
            999.0,
            1000.0,
            -1000.0,
            99_999.995,
            157_934_095.4,
            -27_500.0,
            1e15,
            -1e21,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        let mut x = 0.37_f64;
        for _ in 0..2000 {
            x = (x * 7919.13).rem_euclid(1e9) - 3e8;
            values.push(x);
            values.push((x * 100.0).round() / 100.0);
        }
        let mut out = String::from("before ");
        for v in values {
            out.truncate(7);
            push_usd(&mut out, v);
            assert_eq!(&out[7..], exact_amount(v, "USD"), "{v}");
        }
    }

    #[test]
    fn lower_case_is_the_library_s() {
        for s in ["DEFINITIVE CONTRACT", "Bpa Call", "ΟΔΟΣ", "ÉTÉ", ""] {
            let mut out = String::new();
            push_lowercase(&mut out, s);
            assert_eq!(out, s.to_lowercase());
        }
    }
}
