// The machine's memory bandwidth, the bound docs/SCALING.md and docs/PERFORMANCE.md compare a
// step against: STREAM's four kernels (McCalpin 1995: copy, scale, add, triad) over arrays far
// larger than the caches, plus the two access patterns of a SORN step that STREAM lacks:
// reading doubles through random 32-bit indices (a row's entries reached from a column, the
// drive), and reading contiguous runs of 100 doubles that start at random places (the rows of
// the active units, STDP and SN), and the row passes' sum: rows of 100 doubles in a row, each
// added by one chain per row as 1.0 or 0.0 times the bit of its 32-bit column in a bit table
// of 10^6 columns, 11 % set (model::ColumnBits; the next step's drive by rows, E->E at 10^6).
//
// Every rank runs the kernels at the same time (a barrier before each), so `mpiexec -n 2`
// measures what two ranks on this machine share. Bandwidth counts the bytes the kernel asks
// for (STREAM's convention), best of --repeats.
//   mpiexec -n 1 build/bin/bench_stream [--mib 512] [--repeats 10]
#include <mpi.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Kernel {
    const char* name;
    double bytes_per_element; // bytes asked for per loop iteration
};

double now() { return MPI_Wtime(); }

// Best time of `repeats` runs of f(), every rank starting together; the slowest rank counts.
template <class F> double best_time(int repeats, F&& f) {
    double best = 1e300;
    for (int k = 0; k < repeats; ++k) {
        MPI_Barrier(MPI_COMM_WORLD);
        const double t0 = now();
        f();
        double t = now() - t0, slowest = 0.0;
        MPI_Allreduce(&t, &slowest, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
        best = std::min(best, slowest);
    }
    return best;
}

int usage(int rank, const char* why) {
    if (rank == 0)
        std::fprintf(stderr, "bench_stream: %s\nusage: bench_stream [--mib M (per array, >= 64)] "
                             "[--repeats R (>= 1)]\n", why);
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    MPI_Init(&argc, &argv);
    int rank = 0, ranks = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    long mib = 512;
    int repeats = 10;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--help" || a == "-h") {
            if (rank == 0)
                std::printf("bench_stream [--mib M] [--repeats R]: memory bandwidth of STREAM's "
                            "kernels and of a SORN step's access patterns, per rank and in all\n");
            MPI_Finalize();
            return 0;
        }
        if (i + 1 >= argc) {
            const int rc = usage(rank, ("option " + a + " needs a value").c_str());
            MPI_Finalize();
            return rc;
        }
        char* end = nullptr;
        const long v = std::strtol(argv[++i], &end, 10);
        if (*end != '\0' || (a != "--mib" && a != "--repeats") || (a == "--mib" && v < 64) ||
            (a == "--repeats" && v < 1)) {
            const int rc = usage(rank, ("bad option or value: " + a + " " + argv[i]).c_str());
            MPI_Finalize();
            return rc;
        }
        if (a == "--mib") mib = v;
        else repeats = static_cast<int>(std::min(v, 1000L));
    }

    const std::size_t n = static_cast<std::size_t>(mib) * 1024 * 1024 / sizeof(double);
    std::vector<double> a(n, 1.0), b(n, 2.0), c(n, 0.0);
    const double s = 3.0;

    // Random 32-bit indices (a fixed LCG: the same on every rank and run).
    std::vector<std::uint32_t> idx(n);
    std::uint64_t state = 12345;
    for (std::size_t k = 0; k < n; ++k) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        idx[k] = static_cast<std::uint32_t>((state >> 33) % n);
    }
    constexpr std::size_t run = 100; // entries of a row: λ_ee = 100
    const std::size_t runs = n / run / 8; // rows visited: an eighth of the array per pass
    std::vector<std::uint32_t> starts(runs);
    for (std::size_t k = 0; k < runs; ++k) starts[k] = idx[k] / run * run;

    // The row sum's bit table: 10^6 columns (125 KiB), the bits of the rate 0.11 set.
    constexpr std::uint32_t columns = 1000000;
    std::vector<std::uint64_t> bits(columns / 64 + 1, 0);
    for (std::uint32_t col = 0; col < columns; ++col) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        if ((state >> 33) % 100 < 11) bits[col >> 6] |= std::uint64_t(1) << (col & 63);
    }

    volatile double sink = 0.0;
    const Kernel kernels[] = {{"copy   c = a", 16}, {"scale  b = s c", 16},
                              {"add    c = a + b", 24}, {"triad  a = b + s c", 24},
                              {"gather sum a[idx[k]]  (4 B index + 8 B random double)", 12},
                              {"rows   100 doubles from random starts (read, write back)", 16},
                              {"row sum  w * bit[col] in rows of 100 (4 B column + 8 B double)", 12}};
    constexpr int kernel_count = sizeof(kernels) / sizeof(kernels[0]);
    double seconds[kernel_count];
    seconds[0] = best_time(repeats, [&] { std::memcpy(c.data(), a.data(), n * sizeof(double)); });
    seconds[1] = best_time(repeats, [&] { for (std::size_t k = 0; k < n; ++k) b[k] = s * c[k]; });
    seconds[2] = best_time(repeats, [&] { for (std::size_t k = 0; k < n; ++k) c[k] = a[k] + b[k]; });
    seconds[3] = best_time(repeats, [&] { for (std::size_t k = 0; k < n; ++k) a[k] = b[k] + s * c[k]; });
    // The gather reads through the random indices of the whole array (the row sum below
    // takes its columns from them).
    seconds[4] = best_time(repeats, [&] {
        double sum = 0.0;
        for (std::size_t k = 0; k < n; ++k) sum += a[idx[k]];
        sink = sink + sum;
    });
    seconds[5] = best_time(repeats, [&] {
        for (std::size_t k = 0; k < runs; ++k) {
            double* row = b.data() + starts[k];
            for (std::size_t j = 0; j < run; ++j) row[j] *= 1.0000001;
        }
    });
    for (std::size_t k = 0; k < n; ++k) idx[k] %= columns;
    static constexpr double one_if[2] = {0.0, 1.0};
    seconds[6] = best_time(repeats, [&] {
        double all = 0.0;
        for (std::size_t row = 0; row + run <= n; row += run) {
            double sum = 0.0;
            for (std::size_t k = row; k < row + run; ++k) {
                const std::uint32_t col = idx[k];
                sum += c[k] * one_if[(bits[col >> 6] >> (col & 63)) & 1];
            }
            all += sum;
        }
        sink = sink + all;
    });
    const double elements[kernel_count] = {double(n), double(n), double(n), double(n),
                                           double(n), double(runs * run), double(n / run * run)};

    if (rank == 0) {
        std::printf("bench_stream: %d rank(s), %ld MiB per array, best of %d\n", ranks, mib, repeats);
        std::printf("  %-62s %10s %10s\n", "kernel", "GB/s/rank", "GB/s all");
        for (int k = 0; k < kernel_count; ++k) {
            const double per_rank = kernels[k].bytes_per_element * elements[k] / seconds[k] / 1e9;
            std::printf("  %-62s %10.2f %10.2f\n", kernels[k].name, per_rank, per_rank * ranks);
        }
    }
    MPI_Finalize();
    return 0;
}
