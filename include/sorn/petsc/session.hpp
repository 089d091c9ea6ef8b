#pragma once
// RAII PetscInitialize / PetscFinalize (which also initialize and finalize MPI).
#include <petscsys.h>

namespace sorn::petsc {

class Session {
public:
    /// Collective over MPI_COMM_WORLD. Only single-dash options in argv reach PETSc.
    /// Calls allocate_on_huge_pages(argc, argv) first.
    Session(int& argc, char**& argv);
    /// Skips PetscFinalize while an exception unwinds: the driver aborts instead.
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
};

/// Before PetscInitialize only: PETSc allocates with its usual alignment, and advises its
/// arrays of huge_page_threshold bytes or more (the matrices' values and indices) for huge
/// pages (sorn/huge_pages.hpp). Not done when argv or PETSC_OPTIONS holds a -malloc* option:
/// PETSc's own allocator (-malloc_debug, -malloc_dump, ...) then stays. Local.
void allocate_on_huge_pages(int argc, char** argv);

} // namespace sorn::petsc
