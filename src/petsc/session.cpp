#include "sorn/petsc/session.hpp"

#include <exception>

#include "sorn/error.hpp"

namespace sorn::petsc {

Session::Session(int& argc, char**& argv) {
    SORN_PETSC_CALL(PetscInitialize(&argc, &argv, nullptr, nullptr));
    // Errors come back to us as exceptions; PETSc's own traceback would repeat them.
    SORN_PETSC_CALL(PetscPushErrorHandler(PetscReturnErrorHandler, nullptr));
}

Session::~Session() {
    if (std::uncaught_exceptions() == 0) (void)PetscFinalize();
}

} // namespace sorn::petsc
