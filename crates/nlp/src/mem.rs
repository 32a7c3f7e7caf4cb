//! Memory-access helpers for the weight tables of the recogniser, the
//! tagger and the parser: software prefetch of rows that will be read
//! soon, so that their cache misses overlap with other work, and tables
//! backed by huge pages where the kernel offers them (fewer TLB misses on
//! random rows). Neither ever changes a result.

/// Size of a huge page on x86-64 Linux.
const HUGE_PAGE: usize = 2 << 20;

/// Asks the CPU to bring the cache line holding `slice[index]` closer (a
/// hint: no effect when `index` is out of range or off x86-64).
#[inline(always)]
pub fn prefetch<T>(slice: &[T], index: usize) {
    if let Some(x) = slice.get(index) {
        prefetch_ptr((x as *const T).cast());
    }
}

/// Asks the CPU to bring the cache line at `p` closer. A hint that never
/// faults, so `p` may point anywhere (it is not dereferenced).
#[inline(always)]
pub fn prefetch_ptr(p: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is a hint that never faults, whatever the address.
    unsafe {
        core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>(p.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// A vector of `len` copies of `value`, whose memory the kernel is asked
/// (on Linux, `madvise(MADV_HUGEPAGE)`) to back with huge pages before it
/// is first written. Small vectors are plain vectors.
pub fn huge_vec<T: Clone>(len: usize, value: T) -> Vec<T> {
    let mut v: Vec<T> = Vec::with_capacity(len);
    advise_huge(&v);
    v.resize(len, value);
    v
}

/// A copy of `data` in a vector made like [`huge_vec`]'s.
pub fn huge_copy<T: Clone>(data: &[T]) -> Vec<T> {
    let mut v: Vec<T> = Vec::with_capacity(data.len());
    advise_huge(&v);
    v.extend_from_slice(data);
    v
}

/// Asks the kernel to back the whole huge pages inside `v`'s allocation
/// with huge pages (a hint; failures are ignored).
fn advise_huge<T>(v: &Vec<T>) {
    let bytes = v.capacity().saturating_mul(std::mem::size_of::<T>());
    if bytes < 2 * HUGE_PAGE {
        return;
    }
    #[cfg(target_os = "linux")]
    {
        let addr = v.as_ptr() as usize;
        let start = addr.div_ceil(HUGE_PAGE) * HUGE_PAGE;
        let end = addr.saturating_add(bytes) / HUGE_PAGE * HUGE_PAGE;
        if end > start {
            // SAFETY: the range lies inside the vector's own allocation;
            // MADV_HUGEPAGE changes how it is backed, never its contents.
            unsafe {
                libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefetch_accepts_any_index() {
        let v = vec![1u32; 64];
        prefetch(&v, 0);
        prefetch(&v, 63);
        prefetch(&v, 64);
        prefetch(&v, usize::MAX);
        let empty: [u8; 0] = [];
        prefetch(&empty, 0);
        assert_eq!(v.iter().sum::<u32>(), 64);
    }

    #[test]
    fn huge_vectors_hold_their_values() {
        let v = huge_vec(3 << 20, 7u16);
        assert_eq!(v.len(), 3 << 20);
        assert!(v.iter().all(|x| *x == 7));
        let small = huge_vec(5, 1u8);
        assert_eq!(small, vec![1u8; 5]);
        let data: Vec<u32> = (0..(2u32 << 20)).collect();
        assert_eq!(huge_copy(&data), data);
        assert!(huge_copy::<u8>(&[]).is_empty());
    }
}
