#pragma once
// Error hierarchy and the check macros that wrap every PETSc, MPI and HDF5 call.
#include <sstream>
#include <stdexcept>
#include <string>

namespace sorn {

/// Base of every error sorn throws.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Bad user input (options, INI keys, input files). Drivers exit with code 2.
class ConfigError : public Error {
public:
    using Error::Error;
};

/// Bad input that is a file's problem: missing, unreadable, not HDF5, or a file that cannot be
/// created or may not be replaced. Exit 2 like any ConfigError; Python raises OSError.
class FileError : public ConfigError {
public:
    using ConfigError::ConfigError;
};

class PetscError : public Error {
public:
    using Error::Error;
};

class MpiError : public Error {
public:
    using Error::Error;
};

class H5Error : public Error {
public:
    using Error::Error;
};

/// A broken internal invariant: a bug in sorn, never the user's fault.
class InternalError : public Error {
public:
    using Error::Error;
};

namespace detail {
[[noreturn]] void throw_petsc(int code, const char* expr, const char* file, int line);
[[noreturn]] void throw_mpi(int code, const char* expr, const char* file, int line);
[[noreturn]] void throw_h5(const char* expr, const char* file, int line);
} // namespace detail

/// Throws ConfigError "key = value: rule" unless ok.
template <class T> void require(bool ok, const std::string& key, const T& value, const char* rule) {
    if (!ok) {
        std::ostringstream s;
        s << key << " = " << value << ": " << rule;
        throw ConfigError(s.str());
    }
}

} // namespace sorn

#define SORN_PETSC_CALL(expr)                                                                      \
    do {                                                                                           \
        const int sorn_ec_ = (expr);                                                               \
        if (sorn_ec_ != 0) ::sorn::detail::throw_petsc(sorn_ec_, #expr, __FILE__, __LINE__);       \
    } while (0)

#define SORN_MPI_CALL(expr)                                                                        \
    do {                                                                                           \
        const int sorn_ec_ = (expr);                                                               \
        if (sorn_ec_ != MPI_SUCCESS)                                                               \
            ::sorn::detail::throw_mpi(sorn_ec_, #expr, __FILE__, __LINE__);                        \
    } while (0)

/// HDF5 calls return a negative value on failure (herr_t or hid_t).
#define SORN_H5_CALL(expr)                                                                         \
    do {                                                                                           \
        if ((expr) < 0) ::sorn::detail::throw_h5(#expr, __FILE__, __LINE__);                       \
    } while (0)

#define SORN_ASSERT(cond)                                                                          \
    do {                                                                                           \
        if (!(cond))                                                                               \
            throw ::sorn::InternalError(std::string("internal error: ") + #cond + " at " +         \
                                        __FILE__ + ":" + std::to_string(__LINE__));                \
    } while (0)
