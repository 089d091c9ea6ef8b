// Saved states written and read in bounded rounds (io/state.hpp): whatever the round size, the
// file holds the same bytes, and a network read back in rounds is the network that was saved;
// checks that straddle two rounds still catch a bad file. Networks with pending synapses,
// pruned slots and (on 3-4 ranks) ranks without E rows.
#include "sorn/io/state.hpp" // the unit under test first (its hdf5.h skips MPI's C++ API)

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <tuple>
#include <vector>

#include "../common/gather.hpp"
#include "sorn/error.hpp"
#include "sorn/format/names.hpp"
#include "sorn/h5/dataset.hpp"
#include "sorn/sim/simulation.hpp"

using namespace sorn;
using test::Entry;
using test::gather_entries;

namespace {

constexpr std::size_t default_chunk = std::size_t{1} << 19; // io/state.cpp

// A small network after `steps` steps of every rule: SP's pending synapses are not merged
// yet (no step is a multiple of 1000) and STDP has pruned some.
model::ModelParams small_network(Index N_e) {
    model::ModelParams p;
    p.seed = 11;
    p.network.N_e = N_e;
    p.network.lambda_ee = 6;
    p.network.lambda_ei = 5;
    p.network.type_ie = model::ConnectionType::Sparse;
    p.network.lambda_ie = 4;
    p.input.source = model::InputSource::Random;
    p.plasticity.sp.prob = 0.5;
    return p;
}

std::int64_t sum_over_ranks(MPI_Comm comm, Index mine) {
    std::int64_t v = mine, sum = 0;
    MPI_Allreduce(&v, &sum, 1, MPI_INT64_T, MPI_SUM, comm);
    return sum;
}

// One file per test and rank count; removed by rank 0 after a barrier.
class StateFiles : public ::testing::Test {
protected:
    void SetUp() override {
        long pid = static_cast<long>(getpid());
        MPI_Bcast(&pid, 1, MPI_LONG, 0, comm);
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        stem = "/tmp/sorn_test_state_np" + std::to_string(mpi::size(comm)) + "_" +
               std::to_string(pid) + "_" + info->name();
    }
    void TearDown() override {
        io::set_matrix_chunk_entries(default_chunk);
        MPI_Barrier(comm);
        if (mpi::rank(comm) == 0)
            for (const std::string& p : written) std::remove(p.c_str());
    }

    // Saves n with rounds of `chunk` entries. Collective.
    std::string save(const model::Network& n, const model::ModelParams& p, std::size_t chunk,
                     const std::string& tag) {
        io::set_matrix_chunk_entries(chunk);
        const std::string path = stem + "_" + tag + ".h5";
        written.push_back(path);
        h5::File f = h5::File::create(comm, path);
        io::write_header(f.get(), p);
        h5::Handle state = h5::create_group(f.get(), format::group::state);
        io::write_state(state.get(), n);
        state = h5::Handle();
        f.close();
        return path;
    }

    MPI_Comm comm = PETSC_COMM_WORLD;
    std::string stem;
    std::vector<std::string> written;
};

struct Csr {
    std::vector<std::int64_t> indptr, indices;
    std::vector<double> data;
};

// A saved matrix, whole, on every rank. Collective.
Csr read_csr(const std::string& path, const char* name) {
    h5::File f = h5::File::open_read(PETSC_COMM_WORLD, path);
    auto whole = [&](const char* part, auto tag) {
        using T = decltype(tag);
        const std::string d = format::path(format::group::state, name, part);
        return h5::read_vector<T>(f.get(), d, 0, h5::shape(f.get(), d)[0]);
    };
    return {whole(format::csr::indptr, std::int64_t{}), whole(format::csr::indices, std::int64_t{}),
            whole(format::csr::data, double{})};
}

// The same matrix as CSR, from the entries gathered from the network (weight > 0 only).
Csr csr_of(const std::vector<Entry>& entries, Index rows) {
    Csr c;
    c.indptr.assign(rows + 1, 0);
    for (const Entry& e : entries) {
        ++c.indptr[e.row + 1];
        c.indices.push_back(e.col);
        c.data.push_back(e.w);
    }
    for (Index r = 0; r < rows; ++r) c.indptr[r + 1] += c.indptr[r];
    return c;
}

void expect_equal(const Csr& a, const Csr& b) {
    EXPECT_EQ(a.indptr, b.indptr);
    EXPECT_EQ(a.indices, b.indices);
    EXPECT_EQ(a.data, b.data); // exact
}

} // namespace

// Rounds of 1, 3 and 2^19 entries (the last: one round for this network) give the same
// datasets, and they are the network's synapses in row order: pending entries merged in, pruned
// slots left out.
TEST_F(StateFiles, ChunkedWriteIsTheWholeWrite) {
    for (Index N_e : {16, 120}) {
        const model::ModelParams p = small_network(N_e);
        sim::Simulation s(comm, p);
        for (int t = 0; t < 40; ++t) s.step();
        const model::Network& n = s.network();
        ASSERT_GT(sum_over_ranks(comm, n.W_ee.local_pending()), 0);
        const std::string tag = std::to_string(N_e);
        const std::string one = save(n, p, 1, tag + "_1"), three = save(n, p, 3, tag + "_3"),
                          whole = save(n, p, default_chunk, tag + "_whole");
        const Index N_i = n.layout.i.global_size();
        for (auto [name, W, rows] : {std::tuple{format::state::W_ee, &n.W_ee, N_e},
                                     std::tuple{format::state::W_ei, &n.W_ei, N_e},
                                     std::tuple{format::state::W_ie, &n.W_ie, N_i}}) {
            SCOPED_TRACE(std::string(name) + ", N_e " + tag);
            const Csr want = csr_of(gather_entries(comm, *W), rows);
            ASSERT_GT(want.indices.size(), 3u);
            expect_equal(read_csr(whole, name), want);
            expect_equal(read_csr(one, name), want);
            expect_equal(read_csr(three, name), want);
        }
    }
}

// A state read in rounds of 1, 4 and 2^19 entries is the saved network, entry for entry, and
// written again it is the same file content.
TEST_F(StateFiles, ChunkedReadRebuildsTheSavedNetwork) {
    for (Index N_e : {16, 120}) {
        const model::ModelParams p = small_network(N_e);
        sim::Simulation s(comm, p);
        for (int t = 0; t < 40; ++t) s.step();
        const model::Network& n = s.network();
        const std::string tag = std::to_string(N_e);
        const std::string saved = save(n, p, default_chunk, tag);
        for (std::size_t chunk : {std::size_t{1}, std::size_t{4}, default_chunk}) {
            SCOPED_TRACE("N_e " + tag + ", rounds of " + std::to_string(chunk));
            io::set_matrix_chunk_entries(chunk);
            const model::Network back(n.layout,
                                      io::read_state(io::open_saved(comm, saved), n.layout));
            EXPECT_TRUE(gather_entries(comm, back.W_ee) == gather_entries(comm, n.W_ee));
            EXPECT_TRUE(gather_entries(comm, back.W_ei) == gather_entries(comm, n.W_ei));
            EXPECT_TRUE(gather_entries(comm, back.W_ie) == gather_entries(comm, n.W_ie));
            EXPECT_EQ(back.W_ee.local_synapses(), back.W_ee.count_synapses());
            EXPECT_EQ(sum_over_ranks(comm, back.W_ee.local_synapses()),
                      sum_over_ranks(comm, n.W_ee.local_synapses()));
            EXPECT_EQ(back.T_e, n.T_e);
            EXPECT_EQ(back.T_i, n.T_i);
            EXPECT_EQ(back.h_ip, n.h_ip);
            EXPECT_EQ(back.x.active(), n.x.active());
            EXPECT_EQ(back.y.active(), n.y.active());
            EXPECT_EQ(back.step, n.step);
            const std::string again = save(back, p, chunk, tag + "_again");
            for (const char* name :
                 {format::state::W_ee, format::state::W_ei, format::state::W_ie})
                expect_equal(read_csr(again, name), read_csr(saved, name));
        }
    }
}

// With rounds of one entry, every check that compares two entries spans two rounds: a repeated
// column inside a row is still refused, on every rank, with the message of the whole read.
TEST_F(StateFiles, ChecksSpanRounds) {
    const model::ModelParams p = small_network(120);
    const sim::Simulation s(comm, p);
    const std::string path = save(s.network(), p, default_chunk, "bad");
    const Csr W = read_csr(path, format::state::W_ee);
    Index row = 0; // the first row with two synapses
    while (W.indptr[row + 1] - W.indptr[row] < 2) ++row;
    const auto k = static_cast<std::uint64_t>(W.indptr[row]) + 1;
    {
        h5::File f = h5::File::open_rw(comm, path);
        auto indices = h5::BlockVector<std::int64_t>::open(
            f.get(), format::path(format::group::state, format::state::W_ee, format::csr::indices));
        const std::int64_t repeated = W.indices[k - 1];
        indices.write(k, &repeated, mpi::rank(comm) == 0 ? 1 : 0);
    }
    const std::string want = path + ": /state/W_ee/indices: row " + std::to_string(row) +
                             " has columns out of range or not strictly ascending";
    for (std::size_t chunk : {std::size_t{1}, default_chunk}) {
        io::set_matrix_chunk_entries(chunk);
        try {
            (void)io::read_state(io::open_saved(comm, path), s.network().layout);
            ADD_FAILURE() << "no error with rounds of " << chunk;
        } catch (const ConfigError& e) {
            EXPECT_EQ(e.what(), want) << "rounds of " << chunk;
        }
    }
}
