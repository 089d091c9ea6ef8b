#include "sorn/huge_pages.hpp"

#include <sys/mman.h>

#include <cstdint>

namespace sorn {

void advise_huge_pages(void* p, std::size_t bytes) {
    if (bytes < huge_page_threshold) return;
    constexpr std::uintptr_t page = std::uintptr_t(2) << 20;
    const auto begin = (reinterpret_cast<std::uintptr_t>(p) + page - 1) & ~(page - 1);
    const auto end = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~(page - 1);
    // The result is ignored on purpose: EINVAL where the kernel has no huge pages.
    if (end > begin) (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

} // namespace sorn
