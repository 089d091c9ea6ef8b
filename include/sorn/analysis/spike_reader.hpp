#pragma once
// Reads a window of a bit-packed spike table chunk by chunk, each rank only its own block of
// byte columns (whole bytes = groups of 8 units), with collective parallel-HDF5 reads.
#include <mpi.h>

#include <cstdint>
#include <vector>

#include "sorn/analysis/result_file.hpp"

namespace sorn::analysis {

/// Byte columns [begin, end) owned by one rank.
struct ByteBlock {
    Index begin = 0, end = 0;
    Index size() const { return end - begin; }
};

/// Block partition of `bytes` columns over `ranks`: the first bytes % ranks ranks get one
/// more; ranks beyond the columns own nothing. Local.
ByteBlock byte_block(Index bytes, int ranks, int rank);

class SpikeReader {
public:
    /// Prepares to read the rows of window (which must lie in the dataset's steps) in chunks
    /// of chunk_rows steps. Collective only through next().
    SpikeReader(MPI_Comm comm, hid_t file, SpikeDataset dataset, Window window, Index chunk_rows);

    /// Reads the next chunk; false (on every rank) when the window is done. Collective.
    bool next();

    /// Steps in the current chunk. Local.
    Index rows() const { return rows_; }
    /// Index of the chunk's first row within the window (0 = window.first). Local.
    Step offset() const { return offset_; }
    /// This rank's bytes of row k of the chunk. Local.
    const std::uint8_t* row(Index k) const { return buffer_.data() + k * block_.size(); }
    /// This rank's byte columns. Local.
    const ByteBlock& block() const { return block_; }
    /// Mask of the valid bits of local byte b (the last byte of the table may be partial).
    std::uint8_t mask(Index b) const {
        return block_.begin + b == last_byte_ ? last_mask_ : std::uint8_t{0xFF};
    }
    /// First global unit of this rank's block. Local.
    Index first_unit() const { return 8 * block_.begin; }

private:
    hid_t file_;
    SpikeDataset dataset_;
    Window window_;
    Index chunk_rows_;
    ByteBlock block_;
    Index last_byte_;
    std::uint8_t last_mask_;
    Step offset_ = 0;
    Index rows_ = 0;
    bool started_ = false;
    std::vector<std::uint8_t> buffer_;
};

} // namespace sorn::analysis
