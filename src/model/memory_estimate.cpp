#include "sorn/model/memory_estimate.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include "sorn/error.hpp"
#include "sorn/model/layout.hpp"
#include "sorn/model/synaptic_matrix.hpp"

namespace sorn::model {

namespace {

// ---- calibration --------------------------------------------------------------------------
//
// Where the bytes go, per rank (src/model/{network,connectivity,synaptic_matrix}.cpp,
// src/io/{state,recorder}.cpp):
//
// * Construction. initial_state() builds every local row of W_ee, W_ei and W_ie as a
//   std::vector<Synapse> (16 B per entry) by push_back, and the LocalState lives until all
//   three SynapticMatrix objects exist. Each matrix then holds PETSc's AIJ arrays (value 8 B +
//   column 4 B, exact preallocation, no stash: rows are local) and its own CSC view (row 4 B +
//   weight pointer 8 B): 24 B per synapse. A small row keeps its whole push_back capacity
//   (bit_ceil of its length) resident; a row above 64 KiB only its filled pages.
// * Run and write. The rows are freed, but glibc keeps much of that heap resident (about half
//   of it for small rows, 70-80 % for large ones, as measured). write_state() and the WEE/WEI
//   snapshots copy one matrix at a time: LocalCsr by push_back (12 B per entry), then its
//   columns as int64 (8 B; snapshots also its rows: 16 B). The spike recording buffers hold
//   at most 4 MiB each (x, r, y).
// * Per row (LocalState vector, PETSc i/ilen/imax of both blocks, nnz arrays, split points,
//   Simulation scratch) and per global unit (activities, CSC column starts): fitted on runs
//   with every lambda = 1, where they dominate.
//
// Measured: peak RSS ("Maximum resident set size" of /usr/bin/time -v, the largest rank) of
// `sorn-simulate --steps 1 --record none [--output f.h5]` (Open MPI 4.1 with UCX, PETSc 3.18,
// glibc 2.36), against estimate_memory(p, ranks, writes_state = with --output). MiB.
//
//   ne, options                          ranks   no output: meas  est        --output: meas  est
//   200                                      1                               43    49  1.13
//   2000                                     1              72    83  1.16        81    96  1.18
//   5000                                     1             240   252  1.05       312   343  1.10
//   10000                                    1             823   849  1.03      1120  1188  1.06
//   20000                                    1            3135  3222  1.03      4322  4555  1.05
//   10000, lambda-ee 100                     1             857   884  1.03      1142  1214  1.06
//   20000, ie sparse                         1             149   167  1.12       171   188  1.10
//   50000, ie sparse, lambda-ee 100          1             484   519  1.07       491   559  1.14
//   100000, ie sparse                        1             593   644  1.09       691   715  1.03
//   100000, ie sparse, lambda-ee 100         1             929   990  1.07       941  1060  1.13
//   200000, ie sparse                        1            1148  1240  1.08
//   50000, ie sparse, ee-degree package 50   1             377   409  1.09       424   435  1.03
//   5000, ee dense, ie sparse                1            1034  1055  1.02      1442  1668  1.16
//   10000, ei dense, ie sparse               1             860   897  1.04      1146  1283  1.12
//   400000, all sparse, every lambda 1       1             187   210  1.13       190   222  1.17
//   2000                                     2              54    65  1.21        63    72  1.14
//   10000                                    2             430   449  1.04       575   618  1.07
//   20000                                    2            1588  1636  1.03      2183  2302  1.05
//   10000, inhibitory-ratio 0.5              2                              1423  1459  1.02
//   100000, ie sparse                        2             319   348  1.09       369   384  1.04
//   200000, ie sparse                        2                               697   715  1.03
//   5000, ee dense, ie sparse                2             537   553  1.03       637   859  1.35
//     the same with --record WEE (snapshot copies W_ee)                            748   859  1.15
//   400000, all sparse, every lambda 1       2             120   139  1.15       124   144  1.17
//   15000                                    3             624   646  1.03       756   894  1.18
//   20000                                    4                              1126  1176  1.04
//   100000, ie sparse, 300 steps, default recordings   1                         689   715  1.04
//
// 67 runs in all: est / meas from 1.02 to 1.35. Without output the peak is the construction,
// ~40 B per synapse for dense rows, ~45 B for sparse ones (their push_back capacity); with
// output and a dense W_ie it is the write of W_ie: ~56 B per synapse in all. The base (an idle
// 200-unit run: 39 MiB, 43 MiB with HDF5 output) is rounded up. Open MPI's pml matters: with
// ob1 instead of UCX, rank 0 of "10000, inhibitory-ratio 0.5" also reaches rank 1's 1423 MiB.
//
// Not yet refitted: since the matrices take their LocalState rows and free each one as it goes
// in, initial rows are reserved exactly and the column view holds one 32-bit word per synapse
// (4 B, not 12), peaks are lower than this table (docs/PERFORMANCE.md: e.g. "100000, ie
// sparse, lambda-ee 100", 1 rank, no output: 402 MiB). The estimate errs on the safe side.

constexpr double MiB = 1024.0 * 1024.0;
constexpr double base_bytes = 48.0 * MiB;         // MPI, PETSc, HDF5, libraries, small state
constexpr double synapse_bytes = sizeof(Synapse); // a LocalState entry
constexpr double matrix_bytes_per_synapse = 24.0; // PETSc AIJ 12 B + CSC view 12 B
constexpr double csr_bytes_per_entry = 12.0;      // LocalCsr: Index column + Real weight
constexpr double malloc_bytes_per_row = 16.0;     // heap chunk header and rounding
constexpr double small_row_bytes = 64.0 * 1024.0; // above: untouched capacity not resident
constexpr double bytes_per_row = 80.0;            // fitted (every-lambda-1 runs)
constexpr double bytes_per_unit = 40.0;           // fitted, per global E or I unit
constexpr double freed_small_rows_resident = 0.5; // fitted: freed heap kept by glibc
constexpr double freed_large_rows_resident = 0.8; // fitted
constexpr double margin = 1.03;                   // so that no measured case is above

// Largest count an Index holds (2147483647 with 32-bit PetscInt).
constexpr double max_index = static_cast<double>(std::numeric_limits<Index>::max());

// The smallest power of two >= n (n >= 1): a vector's capacity after n push_backs.
double bit_ceil(double n) {
    if (n <= 1.0) return 1.0;
    return std::ldexp(1.0, static_cast<int>(std::ceil(std::log2(std::ceil(n)))));
}

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// One matrix as connectivity.cpp draws it.
struct Shape {
    const char* name;
    const char* type_key;
    const char* lambda_key;
    ConnectionType type;
    double lambda, N_post, N_pre;
    bool no_self = false; // W_ee: a row never contains its own unit
    bool package = false; // W_ee in the package's degree mode
};

// A row's expected length and expected push_back capacity.
struct RowDegree {
    double mean = 0.0, capacity = 0.0;
};

// Sparse Bernoulli rows: D ~ Binomial(M, p), an empty row redrawn, i.e. D conditioned on
// D > 0. Package rows: clamp(floor(lambda + Normal(0, 1)), 1, M). Dense: M. The capacity is
// only summed over the distribution for rows small enough for it to matter.
RowDegree row_degree(const Shape& s) {
    const double M = s.N_pre - (s.no_self ? 1.0 : 0.0);
    const double p = std::min(1.0, s.lambda / s.N_post);
    if (s.type == ConnectionType::Dense || M <= 0.0 || (!s.package && p >= 1.0))
        return {M, bit_ceil(M)};
    if (s.package) {
        RowDegree d;
        for (double k = std::floor(s.lambda) - 12.0; k <= std::floor(s.lambda) + 12.0; ++k) {
            const double pk = normal_cdf(k + 1.0 - s.lambda) - normal_cdf(k - s.lambda);
            const double len = std::clamp(k, 1.0, M);
            d.mean += pk * len;
            d.capacity += pk * bit_ceil(len);
        }
        return d;
    }
    const double log_q = std::log1p(-p);
    const double m = p * M;
    RowDegree d{m / -std::expm1(M * log_q), bit_ceil(m)};
    if (bit_ceil(m) * synapse_bytes > 2.0 * small_row_bytes)
        return d; // row_storage() uses the mean
    const double sd = std::sqrt(m * (1.0 - p));
    const double lo = std::max(1.0, std::floor(m - 12.0 * sd - 12.0));
    const double hi = std::min(M, std::ceil(m + 12.0 * sd + 12.0));
    double total = 0.0, capacity = 0.0;
    for (double k = lo; k <= hi; ++k) {
        const double log_pk = std::lgamma(M + 1.0) - std::lgamma(k + 1.0) -
                              std::lgamma(M - k + 1.0) + k * std::log(p) + (M - k) * log_q;
        const double pk = std::exp(log_pk);
        total += pk;
        capacity += pk * bit_ceil(k);
    }
    if (total > 0.0) d.capacity = capacity / total;
    return d;
}

// Rows of the rank with the most rows: whole groups of 8 units, the first ranks one more.
double most_rows(double N, int ranks) {
    const double g = static_cast<double>(Partition::unit_group);
    const double groups = std::ceil(N / g);
    return std::min(N, std::ceil(groups / std::max(ranks, 1)) * g);
}

double N_i_of(const NetworkParams& n) {
    return std::floor(n.inhibitory_ratio * static_cast<double>(n.N_e));
}

// W_to_from: rows are the `to` units, a row's candidates the `from` units (network.cpp).
std::array<Shape, 3> shapes_of(const NetworkParams& n) {
    const double N_e = static_cast<double>(n.N_e), N_i = N_i_of(n);
    const bool package = n.ee_degree == EeDegree::Package;
    Shape ee{"W_ee", "network-type-ee", "lambda-ee", n.type_ee, n.lambda_ee, N_e, N_e};
    Shape ei{"W_ei", "network-type-ei", "lambda-ei", n.type_ei, n.lambda_ei, N_e, N_i};
    Shape ie{"W_ie", "network-type-ie", "lambda-ie", n.type_ie, n.lambda_ie, N_i, N_e};
    ee.no_self = true;
    ee.package = package;
    return {ee, ei, ie};
}

MatrixEstimate matrix_estimate(const Shape& s, const RowDegree& d, int ranks) {
    MatrixEstimate m;
    m.name = s.name;
    m.type = s.type;
    m.synapses = s.N_post * d.mean;
    m.local_rows = most_rows(s.N_post, ranks);
    m.local_synapses = m.local_rows * d.mean;
    return m;
}

// Resident bytes of the LocalState rows of one matrix, and how many of them stay resident
// once the rows are freed.
struct RowStorage {
    double bytes = 0.0, after_free = 0.0;
};

RowStorage row_storage(const MatrixEstimate& m, const RowDegree& d) {
    const bool small = d.capacity * synapse_bytes <= small_row_bytes;
    const double entries = small ? d.capacity : d.mean;
    const double bytes = m.local_rows * (entries * synapse_bytes + malloc_bytes_per_row);
    return {bytes, bytes * (small ? freed_small_rows_resident : freed_large_rows_resident)};
}

// Peak of copying one matrix to a file: LocalCsr grows by push_back (at the last doubling the
// old and the new arrays are both touched: 12 B x bit_ceil(n)), then its columns (and, for a
// snapshot, its rows) are copied to int64 while it lives.
double write_bytes(const MatrixEstimate& m, double copy_bytes_per_entry) {
    const double n = m.local_synapses;
    return std::max(csr_bytes_per_entry * bit_ceil(n),
                    (csr_bytes_per_entry + copy_bytes_per_entry) * n) +
           csr_bytes_per_entry * m.local_rows;
}

// The spike buffers of the Recorder (x, r: E units; y: I units): as many steps as 2^25 E units
// fill, at most 8192 (buffer_steps_for() in src/io/recorder.cpp), of this rank's bytes.
double recording_buffer_bytes(const NetworkParams& n, const MemoryEstimate& e) {
    const double N_e = std::max(1.0, static_cast<double>(n.N_e));
    const double steps = std::clamp(std::floor(std::ldexp(1.0, 25) / N_e), 1.0, 8192.0);
    return steps * (2.0 * std::ceil(e.W_ee.local_rows / 8.0) + std::ceil(e.W_ie.local_rows / 8.0));
}

// Highest count on one rank that a random matrix may reach: mean + 6 sd (dense: exact).
double local_bound(const MatrixEstimate& m) {
    if (m.type == ConnectionType::Dense) return m.local_synapses;
    return m.local_synapses + 6.0 * std::sqrt(m.local_synapses);
}

const char* type_text(ConnectionType t) { return t == ConnectionType::Dense ? "dense" : "sparse"; }

// "8.0e9", or the plain number below 10^5.
std::string count_text(double n) {
    char buf[32];
    if (n < 1e5) {
        std::snprintf(buf, sizeof buf, "%.0f", n);
    } else {
        const int e = static_cast<int>(std::floor(std::log10(n)));
        double mant = n / std::pow(10.0, e);
        int exp10 = e;
        if (std::round(mant * 10.0) >= 100.0) {
            mant /= 10.0;
            ++exp10;
        }
        std::snprintf(buf, sizeof buf, "%.1fe%d", mant, exp10);
    }
    return buf;
}

std::string bytes_text(double b) {
    char buf[32];
    if (b >= 1024.0 * MiB)
        std::snprintf(buf, sizeof buf, "%.1f GiB", b / (1024.0 * MiB));
    else
        std::snprintf(buf, sizeof buf, "%.0f MiB", b / MiB);
    return buf;
}

// ---- available memory -----------------------------------------------------------------

// A "Key:  N kB" line of /proc/meminfo in bytes; infinity if absent.
double meminfo_bytes(const std::string& key) {
    std::ifstream in("/proc/meminfo");
    std::string k;
    double kb = 0.0;
    std::string unit;
    while (in >> k >> kb) {
        std::getline(in, unit);
        if (k == key + ":") return kb * 1024.0;
    }
    return std::numeric_limits<double>::infinity();
}

// What the cgroup v2 of this process may still take (limit - usage + page cache, which the
// kernel reclaims first); infinity without a limit.
double cgroup_bytes() {
    std::ifstream self("/proc/self/cgroup");
    std::string line, path;
    while (std::getline(self, line))
        if (line.rfind("0::", 0) == 0) path = line.substr(3);
    for (const std::string& dir : {"/sys/fs/cgroup" + path, std::string("/sys/fs/cgroup")}) {
        std::ifstream max(dir + "/memory.max"), current(dir + "/memory.current");
        std::string limit;
        double used = 0.0;
        if (!(max >> limit) || !(current >> used)) continue;
        double bytes = 0.0;
        if (!(std::istringstream(limit) >> bytes)) return std::numeric_limits<double>::infinity();
        std::ifstream stat(dir + "/memory.stat");
        std::string key;
        double value = 0.0, file = 0.0;
        while (stat >> key >> value)
            if (key == "file") file = value;
        return std::max(0.0, bytes - used + file);
    }
    return std::numeric_limits<double>::infinity();
}

} // namespace

const MatrixEstimate& MemoryEstimate::largest() const {
    const MatrixEstimate* m = &W_ee;
    for (const MatrixEstimate* o : {&W_ei, &W_ie})
        if (o->local_synapses > m->local_synapses) m = o;
    return *m;
}

std::string MemoryEstimate::summary() const {
    const MatrixEstimate& m = largest();
    return "about " + bytes_text(peak_bytes_per_rank) + " per rank (" + m.name + ": " +
           count_text(m.synapses) + " synapses, " + type_text(m.type) + ")";
}

MemoryEstimate estimate_memory(const ModelParams& p, int ranks, bool writes_state) {
    const NetworkParams& n = p.network;
    const std::array<Shape, 3> shapes = shapes_of(n);
    MemoryEstimate e;
    MatrixEstimate* out[3] = {&e.W_ee, &e.W_ei, &e.W_ie};

    double rows = 0.0, synapses = 0.0, storage = 0.0, kept = 0.0, write = 0.0;
    for (int k = 0; k < 3; ++k) {
        const RowDegree d = row_degree(shapes[k]);
        *out[k] = matrix_estimate(shapes[k], d, ranks);
        const MatrixEstimate& m = *out[k];
        rows += m.local_rows;
        synapses += m.local_synapses;
        const RowStorage r = row_storage(m, d);
        storage += r.bytes;
        kept += r.after_free;
        // write_state copies columns (8 B); the WEE and WEI snapshots rows and columns (16 B).
        write = std::max(write, write_bytes(m, k == 2 ? 8.0 : 16.0));
        e.max_local_synapses = std::max(e.max_local_synapses, m.local_synapses);
    }
    const double units = static_cast<double>(n.N_e) + N_i_of(n);
    const double resident =
        matrix_bytes_per_synapse * synapses + bytes_per_row * rows + bytes_per_unit * units;
    if (writes_state)
        write += recording_buffer_bytes(n, e);
    else
        write = 0.0;

    e.construction_bytes = base_bytes + margin * (resident + storage);
    e.run_bytes = base_bytes + margin * (resident + kept + write);
    e.peak_bytes_per_rank = std::max(e.construction_bytes, e.run_bytes);
    return e;
}

void check_index_range(const ModelParams& p, int ranks) {
    const NetworkParams& n = p.network;
    const double limit = max_index;
    const int bits = static_cast<int>(8 * sizeof(Index));
    // Partition rounds N up to whole groups of 8 and the CSC view stores N + 1 offsets.
    const double max_units = limit - Partition::unit_group;
    require(static_cast<double>(n.N_e) <= max_units, "--ne", n.N_e,
            ("exceeds what this build's " + std::to_string(bits) + "-bit PETSc indices hold (" +
             count_text(max_units) + ")")
                .c_str());
    require(N_i_of(n) <= max_units, "--inhibitory-ratio", n.inhibitory_ratio,
            ("gives more inhibitory units than this build's " + std::to_string(bits) +
             "-bit PETSc indices hold (" + count_text(max_units) + ")")
                .c_str());

    // Each matrix's local nonzeros: PETSc's row offsets (ai), SynapticMatrix's column starts
    // and LocalCsr::indptr are Index.
    const MemoryEstimate e = estimate_memory(p, ranks);
    const std::array<Shape, 3> shapes = shapes_of(n);
    const MatrixEstimate* ms[3] = {&e.W_ee, &e.W_ei, &e.W_ie};
    for (int k = 0; k < 3; ++k) {
        const MatrixEstimate& m = *ms[k];
        if (local_bound(m) <= limit) continue;
        // The fewest ranks that would do, if any (a rank holds at least one group of 8 rows).
        const RowDegree d = row_degree(shapes[k]);
        int enough = 0;
        const double groups = std::ceil(shapes[k].N_post / Partition::unit_group);
        const double per_group = Partition::unit_group * d.mean;
        if (per_group <= limit) {
            const double fit = std::floor(limit / (per_group * 1.001));
            const double first = std::ceil(groups / std::max(fit, 1.0));
            for (double r = first; r <= std::min(groups, first + 1000.0); ++r) {
                if (r > std::numeric_limits<int>::max()) break;
                if (local_bound(matrix_estimate(shapes[k], d, static_cast<int>(r))) <= limit) {
                    enough = static_cast<int>(r);
                    break;
                }
            }
        }
        std::ostringstream rule;
        rule << m.name << " (" << shapes[k].type_key << " " << type_text(m.type);
        if (m.type == ConnectionType::Sparse)
            rule << ", " << shapes[k].lambda_key << " " << shapes[k].lambda;
        rule << ") would hold " << count_text(m.synapses) << " synapses, "
             << count_text(m.local_synapses) << " on one of " << ranks << " rank(s); this build's "
             << bits << "-bit PETSc indices hold at most " << std::numeric_limits<Index>::max()
             << " per rank: ";
        if (enough > 0)
            rule << "use at least " << enough << " ranks";
        else
            rule << "no number of ranks suffices";
        if (m.type == ConnectionType::Dense) rule << ", or " << shapes[k].type_key << " sparse";
        rule << " (or a PETSc built with --with-64-bit-indices)";
        require(false, "--ne", n.N_e, rule.str().c_str());
    }
}

void check_memory(const ModelParams& p, const MemoryEstimate& e, double available_bytes,
                  const std::string& limit) {
    if (!(e.peak_bytes_per_rank > available_bytes)) return;
    const MatrixEstimate& m = e.largest();
    std::string rule = "the network needs " + e.summary() + ", more than the " +
                       bytes_text(available_bytes) + " " + limit +
                       ": run on more nodes, or use a smaller ne";
    if (m.type == ConnectionType::Dense) {
        const char* key = &m == &e.W_ee   ? "network-type-ee"
                          : &m == &e.W_ei ? "network-type-ei"
                                          : "network-type-ie";
        rule += std::string(" or ") + key + " sparse";
    }
    require(false, "--ne", p.network.N_e, rule.c_str());
}

double available_bytes_per_rank(MPI_Comm comm) {
    MPI_Comm node = MPI_COMM_NULL;
    SORN_MPI_CALL(MPI_Comm_split_type(comm, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node));
    int on_node = 1;
    const int rc = MPI_Comm_size(node, &on_node);
    MPI_Comm_free(&node);
    SORN_MPI_CALL(rc);
    double mine = std::min(meminfo_bytes("MemAvailable"), cgroup_bytes()) / on_node;
    double least = 0.0;
    SORN_MPI_CALL(MPI_Allreduce(&mine, &least, 1, MPI_DOUBLE, MPI_MIN, comm));
    return least;
}

} // namespace sorn::model
