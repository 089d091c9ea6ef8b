// Huge-page advice: the contents are those asked for, and where the kernel offers transparent
// huge pages an advised array of 16 MiB gets some.
#include "sorn/huge_pages.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

using namespace sorn;

namespace {

// AnonHugePages (KiB) of the mapping that holds p (the advised middle of an array is a mapping
// of its own) in /proc/self/smaps; -1 if none does.
long anon_huge_kib(const void* p) {
    std::ifstream smaps("/proc/self/smaps");
    const auto at = reinterpret_cast<std::uintptr_t>(p);
    bool inside = false;
    for (std::string line; std::getline(smaps, line);) {
        std::uintptr_t begin = 0, end = 0;
        char dash = 0;
        std::istringstream head(line);
        if (head >> std::hex >> begin >> dash >> end && dash == '-') {
            inside = begin <= at && at < end;
            continue;
        }
        if (inside && line.rfind("AnonHugePages:", 0) == 0)
            return std::stol(line.substr(std::string("AnonHugePages:").size()));
    }
    return -1;
}

bool kernel_offers_huge_pages() {
    std::ifstream mode("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string text;
    std::getline(mode, text);
    return !text.empty() && text.find("[never]") == std::string::npos;
}

} // namespace

TEST(HugePages, AssignGivesTheValuesAskedFor) {
    std::vector<double> v{1.0, 2.0};
    assign_on_huge_pages(v, 3, 5.0); // small: no advice, same contents
    EXPECT_EQ(v, std::vector<double>(3, 5.0));
    const std::size_t n = (std::size_t(16) << 20) / sizeof(double);
    assign_on_huge_pages(v, n, 0.5);
    ASSERT_EQ(v.size(), n);
    EXPECT_EQ(v.front(), 0.5);
    EXPECT_EQ(v.back(), 0.5);
    assign_on_huge_pages(v, 10, 1.5); // fits the capacity: reused
    EXPECT_EQ(v, std::vector<double>(10, 1.5));
}

TEST(HugePages, AnAdvisedLargeArrayGetsHugePages) {
    if (!kernel_offers_huge_pages()) GTEST_SKIP() << "no transparent huge pages here";
    const auto v = huge_page_vector<std::uint64_t>((std::size_t(16) << 20) / 8, 7);
    EXPECT_EQ(v[12345], 7u);
    EXPECT_GT(anon_huge_kib(v.data() + v.size() / 2), 0) << "the 16 MiB array has no huge page";
    // Under the madvise mode (this machine's) an array not advised gets none: the check above
    // tells the two apart.
    std::ifstream mode("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string text;
    std::getline(mode, text);
    if (text.find("[madvise]") != std::string::npos) {
        const std::vector<std::uint64_t> plain((std::size_t(16) << 20) / 8, 7);
        EXPECT_EQ(anon_huge_kib(plain.data() + plain.size() / 2), 0);
    }
}
