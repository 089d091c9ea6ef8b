#pragma once
// RAII PetscInitialize / PetscFinalize (which also initialize and finalize MPI).
#include <petscsys.h>

namespace sorn::petsc {

class Session {
public:
    /// Collective over MPI_COMM_WORLD. Only single-dash options in argv reach PETSc.
    Session(int& argc, char**& argv);
    /// Skips PetscFinalize while an exception unwinds: the driver aborts instead.
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
};

} // namespace sorn::petsc
