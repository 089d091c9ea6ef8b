#include "sorn/petsc/session.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>

#include "sorn/error.hpp"
#include "sorn/huge_pages.hpp"

namespace sorn::petsc {

namespace {

// PETSc's allocator hooks (PetscMallocSet): C callbacks, nothing here throws.
PetscErrorCode allocate(size_t bytes, PetscBool clear, int, const char[], const char[],
                        void** out) {
    *out = nullptr;
    if (bytes == 0) return 0;
    if (posix_memalign(out, PETSC_MEMALIGN, bytes) != 0) {
        *out = nullptr;
        return PETSC_ERR_MEM;
    }
    advise_huge_pages(*out, bytes);
    if (clear) std::memset(*out, 0, bytes);
    return 0;
}

PetscErrorCode release(void* p, int, const char[], const char[]) {
    std::free(p);
    return 0;
}

PetscErrorCode reallocate(size_t bytes, int, const char[], const char[], void** p) {
    if (bytes == 0) {
        std::free(*p);
        *p = nullptr;
        return 0;
    }
    void* moved = std::realloc(*p, bytes);
    if (!moved) return PETSC_ERR_MEM;
    if (reinterpret_cast<std::uintptr_t>(moved) % PETSC_MEMALIGN != 0) {
        void* aligned = nullptr;
        if (posix_memalign(&aligned, PETSC_MEMALIGN, bytes) != 0) {
            *p = moved;
            return PETSC_ERR_MEM;
        }
        std::memcpy(aligned, moved, bytes);
        std::free(moved);
        moved = aligned;
    }
    *p = moved;
    return 0;
}

bool asks_for_petsc_malloc(const char* text) { return text && std::strstr(text, "-malloc"); }

} // namespace

void allocate_on_huge_pages(int argc, char** argv) {
    for (int k = 1; k < argc; ++k)
        if (std::strncmp(argv[k], "-malloc", 7) == 0) return;
    if (asks_for_petsc_malloc(std::getenv("PETSC_OPTIONS"))) return;
    SORN_PETSC_CALL(PetscMallocSet(allocate, release, reallocate));
}

Session::Session(int& argc, char**& argv) {
    allocate_on_huge_pages(argc, argv);
    SORN_PETSC_CALL(PetscInitialize(&argc, &argv, nullptr, nullptr));
    // Errors come back to us as exceptions; PETSc's own traceback would repeat them.
    SORN_PETSC_CALL(PetscPushErrorHandler(PetscReturnErrorHandler, nullptr));
}

Session::~Session() {
    if (std::uncaught_exceptions() != 0) return;
    (void)PetscPopErrorHandler();
    (void)PetscFinalize();
}

} // namespace sorn::petsc
