#pragma once
// Basic numeric types shared by every part of sorn.
#include <petscsys.h>

namespace sorn {

/// Global neuron or synapse index (PETSc's integer, 64-bit safe when PETSc is).
using Index = PetscInt;
/// Synaptic weights, thresholds and drives.
using Real = PetscScalar;

} // namespace sorn
