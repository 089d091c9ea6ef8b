#pragma once
// Move-only owner of a PETSc Mat.
#include <petscmat.h>

#include <utility>

namespace sorn::petsc {

class Matrix {
public:
    Matrix() = default;
    explicit Matrix(Mat m) noexcept : m_(m) {} ///< adopts ownership
    Matrix(Matrix&& o) noexcept : m_(std::exchange(o.m_, nullptr)) {}
    Matrix& operator=(Matrix&& o) noexcept {
        std::swap(m_, o.m_);
        return *this;
    }
    Matrix(const Matrix&) = delete;
    Matrix& operator=(const Matrix&) = delete;
    ~Matrix() {
        if (m_) (void)MatDestroy(&m_);
    }
    Mat get() const noexcept { return m_; }

private:
    Mat m_ = nullptr;
};

} // namespace sorn::petsc
