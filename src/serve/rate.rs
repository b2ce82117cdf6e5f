//! How often one address may connect: at most `limit` new connections in any minute-long
//! window per address, so a script that reconnects in a loop is turned away while a whole
//! class behind one NAT (48 laptops at once, twice over) is not. Memory stays bounded: the
//! table forgets addresses whose window has passed whenever it grows.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);
/// Past this many addresses the table drops the ones whose window has ended.
const PRUNE_AT: usize = 4096;

/// Connections per address in the current window.
#[derive(Debug, Default)]
pub struct ConnectRate {
    seen: HashMap<IpAddr, (Instant, usize)>,
}

impl ConnectRate {
    /// Counts a connection from `ip` at `now`; false when it is one too many this minute.
    pub fn admit(&mut self, ip: IpAddr, now: Instant, limit: usize) -> bool {
        if self.seen.len() >= PRUNE_AT {
            self.seen.retain(|_, (since, _)| now.duration_since(*since) < WINDOW);
        }
        let (since, count) = self.seen.entry(ip).or_insert((now, 0));
        if now.duration_since(*since) >= WINDOW {
            *since = now;
            *count = 0;
        }
        if *count >= limit {
            return false;
        }
        *count += 1;
        true
    }

    pub fn addresses(&self) -> usize {
        self.seen.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_class_gets_in_a_loop_does_not_and_the_next_minute_is_new() {
        let mut rate = ConnectRate::default();
        let (nat, t0) = ("10.0.0.1".parse().expect("ip"), Instant::now());
        assert!((0..48).all(|_| rate.admit(nat, t0, 48)), "a class of 48 at once");
        assert!(!rate.admit(nat, t0 + Duration::from_secs(30), 48), "the 49th within the minute");
        let other = "10.0.0.2".parse().expect("ip");
        assert!(rate.admit(other, t0, 48), "another address has its own count");
        assert!(rate.admit(nat, t0 + WINDOW, 48), "a minute later it starts again");
    }

    #[test]
    fn the_table_forgets_old_addresses() {
        let mut rate = ConnectRate::default();
        let t0 = Instant::now();
        for i in 0..PRUNE_AT {
            let ip = IpAddr::from(u32::try_from(i).expect("small").to_be_bytes());
            rate.admit(ip, t0, 1);
        }
        rate.admit("192.0.2.7".parse().expect("ip"), t0 + WINDOW, 1);
        assert_eq!(rate.addresses(), 1, "only the address seen this minute is kept");
    }
}
