# `cmake --install build --prefix P` installs the programs, the libraries sorn::core and
# sorn::analysis, the headers and P/lib/cmake/sorn/sornConfig.cmake, so that another project
# does find_package(sorn) (examples/consumer). The build tree exports the same targets.
include(CMakePackageConfigHelpers)
set(SORN_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/sorn)

install(TARGETS sorn_core sorn_analysis EXPORT sornTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS sorn-simulate sorn-analyze RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/include/sorn DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT sornTargets NAMESPACE sorn:: DESTINATION ${SORN_CMAKE_DIR})
export(EXPORT sornTargets NAMESPACE sorn:: FILE ${CMAKE_BINARY_DIR}/sornTargets.cmake)

configure_package_config_file(${CMAKE_SOURCE_DIR}/cmake/sornConfig.cmake.in
                              ${CMAKE_BINARY_DIR}/sornConfig.cmake INSTALL_DESTINATION ${SORN_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/sornConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/sornConfig.cmake ${CMAKE_BINARY_DIR}/sornConfigVersion.cmake
        DESTINATION ${SORN_CMAKE_DIR})
