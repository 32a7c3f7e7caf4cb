//! Fixed-length buffers for large weight tables (the tagger's score
//! tables) that start on a huge page boundary and fill whole huge pages,
//! so that the kernel can back all of them with huge pages
//! (`madvise(MADV_HUGEPAGE)`) even when a table is only a few megabytes
//! long. [`crate::mem::huge_vec`] cannot do that for a plain `Vec`: the
//! allocator rarely aligns it, and only the whole huge pages inside it can
//! be advised. The contents are never changed by this, only how the memory
//! is mapped.

use std::alloc::{alloc, dealloc, Layout};
use std::ops::{Deref, DerefMut};
use std::ptr::NonNull;

/// Size and alignment of a huge page on x86-64 Linux.
const HUGE_PAGE: usize = 2 << 20;
/// Buffers shorter than this stay plain vectors (padding them out to a
/// huge page would cost more memory than the page walks it saves).
const MIN_BYTES: usize = HUGE_PAGE / 2;

/// A fixed-length buffer of `T`, aligned to huge pages when large enough.
pub(crate) struct PageBuf<T: Copy> {
    /// The aligned allocation and its layout (`None`: the data is `small`).
    raw: Option<(NonNull<T>, Layout)>,
    len: usize,
    small: Vec<T>,
}

// SAFETY: the buffer owns its allocation like a `Vec<T>` does and hands out
// references only through `&self`/`&mut self`.
unsafe impl<T: Copy + Send> Send for PageBuf<T> {}
// SAFETY: as above; shared access only reads.
unsafe impl<T: Copy + Sync> Sync for PageBuf<T> {}

impl<T: Copy> PageBuf<T> {
    /// A buffer of `len` copies of `value`.
    pub(crate) fn filled(len: usize, value: T) -> PageBuf<T> {
        Self::build(len, |_| value).unwrap_or_else(|| PageBuf {
            raw: None,
            len,
            small: vec![value; len],
        })
    }

    /// A buffer holding a copy of `data`.
    pub(crate) fn copy_of(data: &[T]) -> PageBuf<T> {
        Self::build(data.len(), |i| data[i]).unwrap_or_else(|| PageBuf {
            raw: None,
            len: data.len(),
            small: data.to_vec(),
        })
    }

    /// The aligned buffer whose element `i` is `value(i)`; `None` when it
    /// is too small to align, or the allocation fails or would overflow
    /// (the caller then makes a plain vector).
    fn build(len: usize, value: impl Fn(usize) -> T) -> Option<PageBuf<T>> {
        let size = std::mem::size_of::<T>();
        let bytes = len.checked_mul(size)?;
        if size == 0 || bytes < MIN_BYTES || !cfg!(target_os = "linux") {
            return None;
        }
        let padded = bytes.checked_next_multiple_of(HUGE_PAGE)?;
        let layout =
            Layout::from_size_align(padded, HUGE_PAGE.max(std::mem::align_of::<T>())).ok()?;
        // SAFETY: the layout has a non-zero size.
        let ptr = NonNull::new(unsafe { alloc(layout) }.cast::<T>())?;
        #[cfg(target_os = "linux")]
        // SAFETY: the range is exactly the fresh allocation; MADV_HUGEPAGE
        // changes how it is backed, never its contents (a hint: failures
        // are ignored). It is given before the memory is first written.
        unsafe {
            libc::madvise(ptr.as_ptr().cast(), padded, libc::MADV_HUGEPAGE);
        }
        for i in 0..len {
            // SAFETY: `i < len` and the allocation holds `len` values of
            // `T` with `T`'s alignment (a huge page is a multiple of it).
            unsafe { ptr.as_ptr().add(i).write(value(i)) };
        }
        Some(PageBuf {
            raw: Some((ptr, layout)),
            len,
            small: Vec::new(),
        })
    }

    /// Whether the buffer is huge-page aligned (for tests).
    #[cfg(test)]
    pub(crate) fn is_aligned(&self) -> bool {
        self.raw
            .is_some_and(|(p, _)| p.as_ptr() as usize % HUGE_PAGE == 0)
    }
}

impl<T: Copy> Deref for PageBuf<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        match self.raw {
            // SAFETY: the first `len` values were written in `build`, and
            // the allocation lives as long as `self`.
            Some((p, _)) => unsafe { std::slice::from_raw_parts(p.as_ptr(), self.len) },
            None => &self.small,
        }
    }
}

impl<T: Copy> DerefMut for PageBuf<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        match self.raw {
            // SAFETY: as in `deref`, and `&mut self` makes the access unique.
            Some((p, _)) => unsafe { std::slice::from_raw_parts_mut(p.as_ptr(), self.len) },
            None => &mut self.small,
        }
    }
}

impl<T: Copy> Drop for PageBuf<T> {
    fn drop(&mut self) {
        if let Some((p, layout)) = self.raw.take() {
            // SAFETY: allocated in `build` with this very layout; `T` is
            // `Copy`, so there is nothing to drop in place.
            unsafe { dealloc(p.as_ptr().cast(), layout) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_buffers_are_aligned_and_hold_their_values() {
        let data: Vec<u32> = (0..600_000u32)
            .map(|i| i.wrapping_mul(2_654_435_761))
            .collect();
        let b = PageBuf::copy_of(&data);
        assert!(b.is_aligned());
        assert_eq!(&b[..], &data[..]);
        let mut f = PageBuf::filled(1 << 20, 3i16);
        assert!(f.is_aligned());
        assert_eq!(f.len(), 1 << 20);
        assert!(f.iter().all(|x| *x == 3));
        f[12345] = -7;
        assert_eq!(
            f.iter().map(|x| i64::from(*x)).sum::<i64>(),
            3 * ((1 << 20) - 1) - 7
        );
    }

    #[test]
    fn small_buffers_are_plain_copies() {
        let b = PageBuf::copy_of(&[(1u16, -2i16), (3, 4)]);
        assert!(!b.is_aligned());
        assert_eq!(&b[..], &[(1, -2), (3, 4)]);
        assert!(PageBuf::<u8>::copy_of(&[]).is_empty());
        let f = PageBuf::filled(5, 9u8);
        assert_eq!(&f[..], &[9u8; 5]);
    }
}
