//! CPU time of the calling thread, for throughput figures that do not depend
//! on how busy the machine is.

use std::time::{Duration, Instant};

/// CPU time consumed by the calling thread (Linux: `/proc/thread-self/schedstat`),
/// or `None` where that is unavailable.
pub fn thread_cpu_time() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// A stopwatch reporting both wall-clock and thread CPU time.
#[derive(Debug, Clone, Copy)]
pub struct Stopwatch {
    wall: Instant,
    cpu: Option<Duration>,
}

impl Stopwatch {
    /// Starts now.
    pub fn start() -> Self {
        Stopwatch {
            wall: Instant::now(),
            cpu: thread_cpu_time(),
        }
    }

    /// Elapsed wall-clock seconds.
    pub fn wall_secs(&self) -> f64 {
        self.wall.elapsed().as_secs_f64()
    }

    /// Elapsed CPU seconds of this thread (wall-clock when CPU time is unavailable).
    pub fn cpu_secs(&self) -> f64 {
        match (self.cpu, thread_cpu_time()) {
            (Some(a), Some(b)) => b.saturating_sub(a).as_secs_f64(),
            _ => self.wall_secs(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_time_advances_with_work() {
        let sw = Stopwatch::start();
        let mut x = 0u64;
        for i in 0..3_000_000u64 {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i));
        }
        assert!(sw.cpu_secs() >= 0.0);
        assert!(sw.wall_secs() >= 0.0);
        assert!(x != 1);
    }
}
