#pragma once
// Move-only owner of an HDF5 identifier (hid_t) together with its own close function.
#include <hdf5.h>

#include <string>
#include <string_view>
#include <utility>

#include "sorn/error.hpp"

namespace sorn::h5 {

namespace detail {
/// Throws H5Error "HDF5 failed to <what>: <innermost HDF5 message>" and clears the stack. Local.
[[noreturn]] void throw_failed(std::string_view what);
} // namespace detail

/// Owns an hid_t; closes it with its close function (H5Fclose, H5Dclose, ...) on destruction.
class Handle {
public:
    using Closer = herr_t (*)(hid_t);

    Handle() = default;
    /// Adopts id; throws H5Error("HDF5 failed to <what>: ...") if id < 0. Local.
    Handle(hid_t id, Closer close, std::string_view what) : id_(id), close_(close) {
        if (id_ < 0) detail::throw_failed(what);
    }
    Handle(Handle&& o) noexcept : id_(std::exchange(o.id_, -1)), close_(o.close_) {}
    Handle& operator=(Handle&& o) noexcept {
        std::swap(id_, o.id_);
        std::swap(close_, o.close_);
        return *this;
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    /// Closes the id, ignoring failure (HDF5 keeps the reason on its error stack).
    ~Handle() {
        if (id_ >= 0 && close_) (void)close_(id_);
    }

    /// The owned id, or -1 when empty. Local.
    hid_t get() const noexcept { return id_; }
    /// True when an id is owned. Local.
    bool valid() const noexcept { return id_ >= 0; }
    explicit operator bool() const noexcept { return valid(); }
    /// Closes now and throws H5Error on failure; a no-op when empty. Collective iff the close is.
    void close() {
        if (id_ < 0) return;
        const hid_t id = std::exchange(id_, -1);
        if (close_ && close_(id) < 0) detail::throw_failed("close an object");
    }
    /// Gives up ownership without closing. Local.
    hid_t release() noexcept { return std::exchange(id_, -1); }

private:
    hid_t id_ = -1;
    Closer close_ = nullptr;
};

} // namespace sorn::h5
