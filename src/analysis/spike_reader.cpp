#include "sorn/analysis/spike_reader.hpp"

#include <algorithm>

#include "sorn/error.hpp"
#include "sorn/h5/dataset.hpp"
#include "sorn/mpi.hpp"

namespace sorn::analysis {

ByteBlock byte_block(Index bytes, int ranks, int rank) {
    const Index base = bytes / ranks, extra = bytes % ranks;
    ByteBlock b;
    b.begin = rank * base + std::min<Index>(rank, extra);
    b.end = b.begin + base + (rank < extra ? 1 : 0);
    return b;
}

SpikeReader::SpikeReader(MPI_Comm comm, hid_t file, SpikeDataset dataset, Window window,
                         Index chunk_rows)
    : file_(file), dataset_(std::move(dataset)), window_(window), chunk_rows_(chunk_rows),
      block_(byte_block(dataset_.bytes(), mpi::size(comm), mpi::rank(comm))),
      last_byte_(dataset_.bytes() - 1),
      last_mask_(static_cast<std::uint8_t>(dataset_.units % 8 ? (1u << (dataset_.units % 8)) - 1
                                                              : 0xFFu)) {
    SORN_ASSERT(chunk_rows_ >= 1);
    SORN_ASSERT(window_.first >= dataset_.first_step && window_.last <= dataset_.last_step());
}

bool SpikeReader::next() {
    offset_ = started_ ? offset_ + rows_ : 0;
    started_ = true;
    rows_ = static_cast<Index>(std::min<Step>(chunk_rows_, window_.steps() - offset_));
    if (rows_ <= 0) {
        rows_ = 0;
        return false;
    }
    const auto row0 = static_cast<std::uint64_t>(window_.first - dataset_.first_step + offset_);
    buffer_ = h5::read_block<std::uint8_t>(
        file_, dataset_.path, row0, static_cast<std::uint64_t>(rows_),
        static_cast<std::uint64_t>(block_.begin), static_cast<std::uint64_t>(block_.size()));
    return true;
}

} // namespace sorn::analysis
