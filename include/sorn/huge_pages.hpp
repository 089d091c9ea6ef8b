#pragma once
// Transparent huge pages for the large arrays the hot loops read at random (the matrices'
// values and indices, the column view, the per-unit sums): with 4 KiB pages a random entry of
// a 10^8-synapse matrix costs a TLB miss and a page walk besides its cache miss; 2 MiB pages
// cover a rank's whole matrix with the TLB. Advice only: where the kernel has no transparent
// huge pages (or they are off) the arrays stay on small pages and nothing else changes.
#include <cstddef>
#include <vector>

namespace sorn {

/// Arrays smaller than this stay on small pages (they fit in the caches' reach anyway).
constexpr std::size_t huge_page_threshold = std::size_t(4) << 20;

/// Asks the kernel to back the whole 2 MiB pages inside [p, p + bytes) with huge pages
/// (madvise MADV_HUGEPAGE) when bytes >= huge_page_threshold: pages touched after the call
/// come as huge pages. Local.
void advise_huge_pages(void* p, std::size_t bytes);

/// v.assign(n, value), with new memory advised before it is touched. Local.
template <class T> void assign_on_huge_pages(std::vector<T>& v, std::size_t n, const T& value) {
    if (v.capacity() < n) {
        std::vector<T>().swap(v);
        v.reserve(n);
        advise_huge_pages(v.data(), n * sizeof(T));
    }
    v.assign(n, value);
}

/// A vector of n copies of value on advised memory. Local.
template <class T> std::vector<T> huge_page_vector(std::size_t n, const T& value = T()) {
    std::vector<T> v;
    assign_on_huge_pages(v, n, value);
    return v;
}

} // namespace sorn
