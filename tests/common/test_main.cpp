// One main for every test binary: PETSc (and MPI) up, GTest output from rank 0 only
// (other ranks print their failures), one exit code on every rank.
#include <gtest/gtest.h>

#include <cstdio>

#include "sorn/mpi.hpp"
#include "sorn/petsc/session.hpp"

namespace {

class FailureOnlyPrinter : public ::testing::EmptyTestEventListener {
public:
    explicit FailureOnlyPrinter(int rank) : rank_(rank) {}
    void OnTestPartResult(const ::testing::TestPartResult& r) override {
        if (r.failed())
            std::fprintf(stderr, "[rank %d] %s:%d %s\n", rank_, r.file_name() ? r.file_name() : "?",
                         r.line_number(), r.summary());
    }

private:
    int rank_;
};

} // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    sorn::petsc::Session session(argc, argv);
    const int rank = sorn::mpi::rank(PETSC_COMM_WORLD);
    auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
    if (rank != 0) {
        delete listeners.Release(listeners.default_result_printer());
        listeners.Append(new FailureOnlyPrinter(rank));
    }
    int failed = RUN_ALL_TESTS() != 0, any = 0;
    MPI_Allreduce(&failed, &any, 1, MPI_INT, MPI_MAX, PETSC_COMM_WORLD);
    return any;
}
