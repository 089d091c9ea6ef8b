#include "sorn/error.hpp"

#include <hdf5.h>
#include <mpi.h>
#include <petscsys.h>

namespace sorn::detail {

namespace {
std::string where(const char* expr, const char* file, int line) {
    return std::string(" (in ") + expr + " at " + file + ":" + std::to_string(line) + ")";
}

// Collects the innermost HDF5 error description, which names the real cause.
herr_t innermost(unsigned, const H5E_error2_t* e, void* out) {
    auto* text = static_cast<std::string*>(out);
    if (text->empty() && e->desc) *text = e->desc;
    return 0;
}
} // namespace

void throw_petsc(int code, const char* expr, const char* file, int line) {
    const char* text = nullptr;
    PetscErrorMessage(static_cast<PetscErrorCode>(code), &text, nullptr);
    throw PetscError(std::string("PETSc error: ") + (text ? text : "unknown") +
                     where(expr, file, line));
}

void throw_mpi(int code, const char* expr, const char* file, int line) {
    char text[MPI_MAX_ERROR_STRING];
    int len = 0;
    MPI_Error_string(code, text, &len);
    throw MpiError(std::string("MPI error: ") + std::string(text, len) + where(expr, file, line));
}

void throw_h5(const char* expr, const char* file, int line) {
    std::string cause;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, innermost, &cause);
    H5Eclear2(H5E_DEFAULT);
    throw H5Error(std::string("HDF5 error: ") + (cause.empty() ? "unknown" : cause) +
                  where(expr, file, line));
}

} // namespace sorn::detail
