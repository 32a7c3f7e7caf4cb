//! CPU time of the calling thread, for throughput figures that do not depend
//! on how busy the machine is.

use std::time::{Duration, Instant};

/// CPU time consumed by the calling thread (Linux: `clock_gettime` with
/// `CLOCK_THREAD_CPUTIME_ID`, nanosecond resolution), or `None` where that is
/// unavailable.
///
/// `/proc/thread-self/schedstat`, used before, is only brought up to date at
/// scheduler ticks, so a stage shorter than a few milliseconds read as zero
/// CPU time and longer ones carried up to a tick of error.
#[cfg(target_os = "linux")]
pub fn thread_cpu_time() -> Option<Duration> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant
    // the kernel knows.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return None;
    }
    Some(Duration::new(
        u64::try_from(ts.tv_sec).ok()?,
        u32::try_from(ts.tv_nsec).ok()?,
    ))
}

/// CPU time consumed by the calling thread; `None` on this platform.
#[cfg(not(target_os = "linux"))]
pub fn thread_cpu_time() -> Option<Duration> {
    None
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
        assert!(x != 1);
        // Three million dependent multiply-adds take well over a microsecond
        // on any machine; the clock must see them (the tick-based clock read 0).
        #[cfg(target_os = "linux")]
        assert!(sw.cpu_secs() > 1e-6, "cpu {}", sw.cpu_secs());
        assert!(sw.wall_secs() > 1e-6);
    }
}
