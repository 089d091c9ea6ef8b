// Collective parallel-HDF5 layer: block-wise vectors, 2-D tables, appendable vectors,
// attributes, groups and exists(), with uneven partitions and ranks that own nothing.
// Every test is collective: all ranks run every statement below; only EXPECT_* is used.
#include "sorn/h5/dataset.hpp" // the unit under test first (its hdf5.h skips MPI's C++ API)

#include <gtest/gtest.h>
#include <mpi.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "sorn/error.hpp"
#include "sorn/h5/file.hpp"

namespace h5 = sorn::h5;

namespace {

int comm_rank() {
    int r = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &r);
    return r;
}

int comm_size() {
    int s = 0;
    MPI_Comm_size(MPI_COMM_WORLD, &s);
    return s;
}

// Offsets of an uneven partition of n over p ranks (weights r + 1; every rank r % 3 == 1 gets
// weight 0, so with p >= 2 some rank always owns nothing). offsets[p] == n.
std::vector<std::uint64_t> uneven_offsets(std::uint64_t n, int p) {
    std::vector<std::uint64_t> w(p), off(p + 1, 0);
    std::uint64_t total = 0;
    for (int r = 0; r < p; ++r) total += w[r] = (r % 3 == 1) ? 0 : r + 1;
    std::uint64_t cum = 0;
    for (int r = 0; r < p; ++r) {
        cum += w[r];
        off[r + 1] = n * cum / total;
    }
    return off;
}

// A deterministic value per (global index, salt), exercising each type's full range.
template <class T> T value_at(std::uint64_t i, std::uint64_t salt) {
    if constexpr (std::is_same_v<T, std::uint8_t>)
        return static_cast<std::uint8_t>((i * 7 + salt) % 256);
    else if constexpr (std::is_same_v<T, std::int32_t>)
        return static_cast<std::int32_t>((i * 1000003 + salt) % 2147483647) - 1073741824;
    else if constexpr (std::is_same_v<T, std::int64_t>)
        return -static_cast<std::int64_t>(i) * 3000000007LL + static_cast<std::int64_t>(salt);
    else if constexpr (std::is_same_v<T, std::uint64_t>)
        return (std::uint64_t{1} << 63) + i * 977 + salt;
    else
        return static_cast<double>(i) * 0.25 - 1.0e6 / 3.0 + static_cast<double>(salt) / 7.0;
}

template <class T> std::vector<T> values(std::uint64_t first, std::uint64_t n, std::uint64_t salt) {
    std::vector<T> v(n);
    for (std::uint64_t k = 0; k < n; ++k) v[k] = value_at<T>(first + k, salt);
    return v;
}

// Number of positions where got differs from want (plus any length difference).
template <class T> std::uint64_t mismatches(const std::vector<T>& got, const std::vector<T>& want) {
    std::uint64_t bad =
        got.size() > want.size() ? got.size() - want.size() : want.size() - got.size();
    for (std::size_t k = 0; k < std::min(got.size(), want.size()); ++k) bad += got[k] != want[k];
    return bad;
}

// One file per test, named after the rank count and rank 0's pid so that concurrent runs
// (ctest -j, several np) never collide; removed by rank 0 after a barrier.
class H5Test : public ::testing::Test {
protected:
    void SetUp() override {
        rank = comm_rank();
        size = comm_size();
        long pid = static_cast<long>(getpid());
        MPI_Bcast(&pid, 1, MPI_LONG, 0, MPI_COMM_WORLD);
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        std::string test = std::string(info->test_suite_name()) + "_" + info->name();
        for (char& c : test)
            if (c == '/') c = '_';
        path = "/tmp/sorn_test_h5_np" + std::to_string(size) + "_" + std::to_string(pid) + "_" +
               test + ".h5";
    }
    void TearDown() override {
        MPI_Barrier(MPI_COMM_WORLD);
        if (rank == 0) std::remove(path.c_str());
    }

    MPI_Comm comm = MPI_COMM_WORLD;
    int rank = 0, size = 1;
    std::string path;
};

template <class T> class H5Typed : public H5Test {};
using ElementTypes =
    ::testing::Types<std::uint8_t, std::int32_t, std::int64_t, std::uint64_t, double>;
TYPED_TEST_SUITE(H5Typed, ElementTypes);

} // namespace

// ---- vectors ----------------------------------------------------------------------------------

TYPED_TEST(H5Typed, VectorBlocksRoundTrip) {
    using T = TypeParam;
    const std::vector<std::uint64_t> sizes = {0, 1, 2, 5, 37, 1000};
    {
        auto f = h5::File::create(this->comm, this->path);
        for (std::uint64_t n : sizes) {
            const auto off = uneven_offsets(n, this->size);
            const std::uint64_t first = off[this->rank], count = off[this->rank + 1] - first;
            const auto mine = values<T>(first, count, n);
            h5::write_vector<T>(f.get(), "v" + std::to_string(n), n, first, mine.data(), count);
        }
        f.close();
        f.close(); // idempotent
        EXPECT_EQ(f.get(), -1);
    }
    auto f = h5::File::open_read(this->comm, this->path);
    for (std::uint64_t n : sizes) {
        const std::string name = "v" + std::to_string(n);
        EXPECT_EQ(h5::shape(f.get(), name), std::vector<std::uint64_t>{n});
        // Everything, on every rank.
        EXPECT_EQ(mismatches(h5::read_vector<T>(f.get(), name, 0, n), values<T>(0, n, n)), 0u)
            << name;
        // Another rank's block (uneven, possibly empty).
        const auto off = uneven_offsets(n, this->size);
        const int other = (this->rank + 1) % this->size;
        const std::uint64_t first = off[other], count = off[other + 1] - first;
        EXPECT_EQ(
            mismatches(h5::read_vector<T>(f.get(), name, first, count), values<T>(first, count, n)),
            0u)
            << name;
    }
}

// ---- Table2D ----------------------------------------------------------------------------------

TYPED_TEST(H5Typed, TableBlocksRoundTrip) {
    using T = TypeParam;
    const std::uint64_t rows = 7, cols = 23;
    const auto col_off = uneven_offsets(cols, this->size);
    const auto row_off = uneven_offsets(rows, this->size);
    auto cell = [&](std::uint64_t r, std::uint64_t c) { return value_at<T>(r * cols + c, 5); };
    {
        auto f = h5::File::create(this->comm, this->path);
        // Columns (neurons) split over ranks; time written in two row blocks.
        h5::Table2D<T> by_cols(f.get(), "raster/by_cols", rows, cols);
        EXPECT_EQ(by_cols.rows(), rows);
        EXPECT_EQ(by_cols.cols(), cols);
        EXPECT_EQ(by_cols.chunk_rows(), rows);
        EXPECT_EQ(by_cols.chunk_cols(), cols);
        const std::uint64_t c0 = col_off[this->rank], nc = col_off[this->rank + 1] - c0;
        for (auto [r0, nr] : {std::pair<std::uint64_t, std::uint64_t>{0, 3}, {3, 4}}) {
            std::vector<T> block;
            for (std::uint64_t r = r0; r < r0 + nr; ++r)
                for (std::uint64_t c = c0; c < c0 + nc; ++c) block.push_back(cell(r, c));
            by_cols.write_block(r0, nr, c0, nc, block.data());
        }
        // Rows split over ranks, full width.
        h5::Table2D<T> by_rows(f.get(), "raster/by_rows", rows, cols);
        const std::uint64_t r0 = row_off[this->rank], nr = row_off[this->rank + 1] - r0;
        std::vector<T> block;
        for (std::uint64_t r = r0; r < r0 + nr; ++r)
            for (std::uint64_t c = 0; c < cols; ++c) block.push_back(cell(r, c));
        by_rows.write_block(r0, nr, 0, cols, block.data());
        // Zero-size tables: every rank writes an empty block.
        h5::Table2D<T> no_rows(f.get(), "no_rows", 0, cols);
        h5::Table2D<T> no_cols(f.get(), "no_cols", rows, 0);
        no_rows.write_block(0, 0, c0, nc, nullptr);
        no_cols.write_block(r0, nr, 0, 0, nullptr);
    }
    auto f = h5::File::open_read(this->comm, this->path);
    std::vector<T> all;
    for (std::uint64_t r = 0; r < rows; ++r)
        for (std::uint64_t c = 0; c < cols; ++c) all.push_back(cell(r, c));
    for (const char* name : {"raster/by_cols", "raster/by_rows"}) {
        EXPECT_EQ(h5::shape(f.get(), name), (std::vector<std::uint64_t>{rows, cols}));
        EXPECT_EQ(mismatches(h5::read_block<T>(f.get(), name, 0, rows, 0, cols), all), 0u) << name;
        // An interior block.
        std::vector<T> part;
        for (std::uint64_t r = 2; r < 5; ++r)
            for (std::uint64_t c = 4; c < 13; ++c) part.push_back(cell(r, c));
        EXPECT_EQ(mismatches(h5::read_block<T>(f.get(), name, 2, 3, 4, 9), part), 0u) << name;
    }
    EXPECT_EQ(h5::shape(f.get(), "no_rows"), (std::vector<std::uint64_t>{0, cols}));
    EXPECT_EQ(h5::shape(f.get(), "no_cols"), (std::vector<std::uint64_t>{rows, 0}));
    EXPECT_TRUE(h5::read_block<T>(f.get(), "no_rows", 0, 0, 0, cols).empty());
    EXPECT_TRUE(h5::read_block<T>(f.get(), "no_cols", 0, rows, 0, 0).empty());
}

TEST_F(H5Test, TableChunksSpanRanksAndStayNearOneMiB) {
    const std::uint64_t rows = 3, cols = 70000; // wider than one chunk
    const auto off = uneven_offsets(cols, size);
    const std::uint64_t c0 = off[rank], nc = off[rank + 1] - c0;
    {
        auto f = h5::File::create(comm, path);
        h5::Table2D<double> wide(f.get(), "wide", rows, cols);
        EXPECT_EQ(wide.chunk_cols(), 65536u);
        EXPECT_EQ(wide.chunk_rows(), 2u); // 1 MiB / (8 B * 65536)
        h5::Table2D<std::uint8_t> tall(f.get(), "tall", 1000, 10);
        EXPECT_EQ(tall.chunk_rows(), 64u);
        EXPECT_EQ(tall.chunk_cols(), 10u);
        std::vector<double> block;
        for (std::uint64_t r = 0; r < rows; ++r)
            for (std::uint64_t c = c0; c < c0 + nc; ++c)
                block.push_back(value_at<double>(r * cols + c, 1));
        wide.write_block(0, rows, c0, nc, block.data());
    }
    auto f = h5::File::open_read(comm, path);
    std::vector<double> all;
    for (std::uint64_t r = 0; r < rows; ++r)
        for (std::uint64_t c = 0; c < cols; ++c) all.push_back(value_at<double>(r * cols + c, 1));
    EXPECT_EQ(mismatches(h5::read_block<double>(f.get(), "wide", 0, rows, 0, cols), all), 0u);
}

// ---- AppendVector -----------------------------------------------------------------------------

TYPED_TEST(H5Typed, AppendVectorAppendsInRankOrder) {
    using T = TypeParam;
    // counts[round][rank]: uneven, some ranks empty, one round empty everywhere, one round
    // larger than a chunk.
    std::vector<std::vector<std::uint64_t>> counts;
    for (int round = 0; round < 4; ++round) {
        std::vector<std::uint64_t> c(this->size);
        for (int r = 0; r < this->size; ++r) {
            if (round == 0) c[r] = (r % 3 == 1) ? 0 : r + 1;
            if (round == 2) c[r] = (r == this->size - 1) ? 70000 : 0;
            if (round == 3) c[r] = 3;
        }
        counts.push_back(c);
    }
    std::vector<T> expected;
    {
        auto f = h5::File::create(this->comm, this->path);
        h5::AppendVector<T> big(f.get(), "spikes/big");
        h5::AppendVector<T> small(f.get(), "spikes/small", 1000);
        EXPECT_EQ(big.size(), 0u);
        for (const auto& c : counts) {
            // Every rank builds the whole expectation; its own block is the rank's slice.
            std::vector<T> mine;
            for (int r = 0; r < this->size; ++r) {
                const auto block = values<T>(expected.size(), c[r], 9);
                if (r == this->rank) mine = block;
                expected.insert(expected.end(), block.begin(), block.end());
            }
            big.append(mine.data(), mine.size());
            small.append(mine);
            EXPECT_EQ(big.size(), expected.size());
            EXPECT_EQ(small.size(), expected.size());
        }
    }
    auto f = h5::File::open_read(this->comm, this->path);
    for (const char* name : {"spikes/big", "spikes/small"}) {
        EXPECT_EQ(h5::shape(f.get(), name), std::vector<std::uint64_t>{expected.size()});
        EXPECT_EQ(mismatches(h5::read_vector<T>(f.get(), name, 0, expected.size()), expected), 0u)
            << name;
    }
}

// ---- attributes -------------------------------------------------------------------------------

TEST_F(H5Test, AttributesRoundTrip) {
    const std::string utf8 = "Gr\xC3\xB6\xC3\x9F"
                             "e \xCE\xBB = 0.5 \xE2\x80\x94 ok";
    {
        auto f = h5::File::create(comm, path);
        auto config = h5::create_group(f.get(), "config");
        h5::write_attribute(f.get(), "version", std::string("0.1.0"));
        h5::write_attribute(config.get(), "eta_stdp", 0.004);
        h5::write_attribute(config.get(), "tiny", 1e-310);
        h5::write_attribute(config.get(), "min", std::numeric_limits<std::int64_t>::min());
        h5::write_attribute(config.get(), "max_u", std::numeric_limits<std::uint64_t>::max());
        h5::write_attribute(config.get(), "ne", 200);       // int -> int64
        h5::write_attribute(config.get(), "steps", 30000u); // unsigned -> uint64
        h5::write_attribute(config.get(), "empty", "");
        h5::write_attribute(config.get(), "utf8", utf8);
        h5::write_attribute(config.get(), "replaced", 1.5);
        h5::write_attribute(config.get(), "replaced", "now a string"); // other type
        // A fixed-length, space-padded string as other tools write it (all ranks, same value).
        sorn::h5::Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copy a string type");
        H5Tset_size(type.get(), 8);
        H5Tset_strpad(type.get(), H5T_STR_SPACEPAD);
        sorn::h5::Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create a dataspace");
        sorn::h5::Handle attr(
            H5Acreate2(config.get(), "fixed", type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
            H5Aclose, "create attribute fixed");
        EXPECT_GE(H5Awrite(attr.get(), type.get(), "abc     "), 0);
    }
    auto f = h5::File::open_read(comm, path);
    auto config = h5::open_group(f.get(), "config");
    EXPECT_EQ(h5::read_attribute_string(f.get(), "version"), "0.1.0");
    EXPECT_EQ(h5::read_attribute_double(config.get(), "eta_stdp"), 0.004);
    EXPECT_EQ(h5::read_attribute_double(config.get(), "tiny"), 1e-310);
    EXPECT_EQ(h5::read_attribute_int64(config.get(), "min"),
              std::numeric_limits<std::int64_t>::min());
    EXPECT_EQ(h5::read_attribute_uint64(config.get(), "max_u"),
              std::numeric_limits<std::uint64_t>::max());
    EXPECT_EQ(h5::read_attribute_int64(config.get(), "ne"), 200);
    EXPECT_EQ(h5::read_attribute_uint64(config.get(), "steps"), 30000u);
    EXPECT_EQ(h5::read_attribute_double(config.get(), "ne"), 200.0); // converted by HDF5
    EXPECT_EQ(h5::read_attribute_string(config.get(), "empty"), "");
    EXPECT_EQ(h5::read_attribute_string(config.get(), "utf8"), utf8);
    EXPECT_EQ(h5::read_attribute_string(config.get(), "replaced"), "now a string");
    EXPECT_EQ(h5::read_attribute_string(config.get(), "fixed"), "abc");
    EXPECT_TRUE(h5::attribute_exists(config.get(), "utf8"));
    EXPECT_FALSE(h5::attribute_exists(config.get(), "missing"));
    // Failures are the same on every rank, so every rank throws.
    EXPECT_THROW(h5::read_attribute_double(config.get(), "missing"), sorn::H5Error);
    EXPECT_THROW(h5::read_attribute_double(config.get(), "utf8"), sorn::H5Error);
    EXPECT_THROW(h5::read_attribute_string(config.get(), "ne"), sorn::H5Error);
}

// ---- groups, exists(), files ------------------------------------------------------------------

TEST_F(H5Test, GroupsAndExists) {
    {
        auto f = h5::File::create(comm, path);
        auto b = h5::create_group(f.get(), "a/b"); // intermediate "a" too
        const std::uint64_t n = 4;
        const auto off = uneven_offsets(n, size);
        const auto mine = values<std::int32_t>(off[rank], off[rank + 1] - off[rank], 0);
        h5::write_vector<std::int32_t>(b.get(), "v", n, off[rank], mine.data(), mine.size());
        EXPECT_GE(H5Lcreate_soft("/nowhere", f.get(), "dangling", H5P_DEFAULT, H5P_DEFAULT), 0);
        EXPECT_THROW(h5::create_group(f.get(), "a/b"), sorn::H5Error); // already there
    }
    auto f = h5::File::open_read(comm, path);
    EXPECT_TRUE(h5::exists(f.get(), "a"));
    EXPECT_TRUE(h5::exists(f.get(), "a/b"));
    EXPECT_TRUE(h5::exists(f.get(), "/a/b/"));
    EXPECT_TRUE(h5::exists(f.get(), "a/b/v"));
    EXPECT_TRUE(h5::exists(f.get(), "/"));
    EXPECT_FALSE(h5::exists(f.get(), "a/c"));
    EXPECT_FALSE(h5::exists(f.get(), "x/y/z"));
    EXPECT_FALSE(h5::exists(f.get(), "a/b/v/w")); // v is a dataset
    EXPECT_FALSE(h5::exists(f.get(), "dangling"));
    auto a = h5::open_group(f.get(), "a");
    EXPECT_TRUE(h5::exists(a.get(), "b/v"));
    EXPECT_EQ(h5::read_vector<std::int32_t>(a.get(), "b/v", 0, 4), values<std::int32_t>(0, 4, 0));
    EXPECT_THROW(h5::open_group(f.get(), "a/c"), sorn::H5Error);
    EXPECT_THROW(h5::shape(f.get(), "a/b/missing"), sorn::H5Error);
}

TEST_F(H5Test, FileErrorsAreCollectiveAndNamed) {
    try {
        (void)h5::File::open_read(comm, path + ".missing");
        ADD_FAILURE() << "opening a missing file did not throw";
    } catch (const sorn::H5Error& e) {
        EXPECT_NE(std::string(e.what()).find("HDF5 failed to open file"), std::string::npos)
            << e.what();
    }
    EXPECT_THROW(h5::File::create(comm, "/nonexistent_sorn_dir/x.h5"), sorn::H5Error);
    // Reopen for writing and add to an existing file.
    { auto f = h5::File::create(comm, path); }
    {
        auto f = h5::File::open_rw(comm, path);
        EXPECT_EQ(f.path(), path);
        EXPECT_TRUE(f.is_open());
        h5::write_attribute(f.get(), "restarted", std::int64_t{1});
        h5::File moved = std::move(f);
        EXPECT_TRUE(moved.is_open());
        moved.close();
        EXPECT_FALSE(moved.is_open());
    }
    auto f = h5::File::open_read(comm, path);
    EXPECT_EQ(h5::read_attribute_int64(f.get(), "restarted"), 1);
}

TEST_F(H5Test, BadBlockOnOneRankThrowsOnEveryRank) {
    auto f = h5::File::create(comm, path);
    const std::uint64_t n = 10;
    const auto off = uneven_offsets(n, size);
    const std::uint64_t first = off[rank], count = off[rank + 1] - first;
    const auto mine = values<double>(first, count, 0);
    // The last rank's block runs past the end: every rank must throw, none may hang.
    const bool bad = rank == size - 1;
    EXPECT_THROW(
        h5::write_vector<double>(f.get(), "v", n, bad ? n : first, mine.data(), bad ? 1 : count),
        sorn::H5Error);
    h5::Table2D<double> t(f.get(), "t", 2, n);
    EXPECT_THROW(t.write_block(rank == 0 ? 1 : 0, 2, first, count, mine.data()), sorn::H5Error);
    EXPECT_THROW(h5::read_vector<double>(f.get(), "t", 0, 1), sorn::H5Error); // rank 2 dataset
    // The file is still usable afterwards.
    h5::write_vector<double>(f.get(), "v", n, first, mine.data(), count);
    f.close();
    auto g = h5::File::open_read(comm, path);
    EXPECT_EQ(h5::read_vector<double>(g.get(), "v", 0, n), values<double>(0, n, 0));
}
