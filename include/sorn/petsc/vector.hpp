#pragma once
// Move-only owner of a PETSc Vec, and RAII access to its local entries.
#include <petscvec.h>

#include <utility>

#include "sorn/error.hpp"

namespace sorn::petsc {

class Vector {
public:
    Vector() = default;
    explicit Vector(Vec v) noexcept : v_(v) {} ///< adopts ownership
    Vector(Vector&& o) noexcept : v_(std::exchange(o.v_, nullptr)) {}
    Vector& operator=(Vector&& o) noexcept {
        std::swap(v_, o.v_);
        return *this;
    }
    Vector(const Vector&) = delete;
    Vector& operator=(const Vector&) = delete;
    ~Vector() {
        if (v_) (void)VecDestroy(&v_);
    }
    Vec get() const noexcept { return v_; }

private:
    Vec v_ = nullptr;
};

/// Writable view of a Vec's local entries for the lifetime of the view. Local.
class LocalArray {
public:
    explicit LocalArray(const Vector& v) : v_(v.get()) {
        SORN_PETSC_CALL(VecGetArray(v_, &a_));
        SORN_PETSC_CALL(VecGetLocalSize(v_, &n_));
    }
    ~LocalArray() { (void)VecRestoreArray(v_, &a_); }
    LocalArray(const LocalArray&) = delete;
    LocalArray& operator=(const LocalArray&) = delete;
    PetscScalar& operator[](PetscInt i) { return a_[i]; }
    PetscScalar* data() { return a_; }
    PetscInt size() const { return n_; }

private:
    Vec v_;
    PetscScalar* a_ = nullptr;
    PetscInt n_ = 0;
};

} // namespace sorn::petsc
