# Installation: binary, shared library with SONAME, headers, CMake package, pkg-config file,
# man pages, shell completions, JSON schema; and CPack for a .deb.
include(CMakePackageConfigHelpers)

set(CACHECTL_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/cachectl" CACHE STRING
    "Where cachectlConfig.cmake goes (relative to the prefix)")
set(CACHECTL_BASH_COMPLETION_DIR "${CMAKE_INSTALL_DATADIR}/bash-completion/completions" CACHE STRING
    "bash-completion's completionsdir (pkg-config --variable=completionsdir bash-completion)")
set(CACHECTL_ZSH_COMPLETION_DIR "${CMAKE_INSTALL_DATADIR}/zsh/site-functions" CACHE STRING
    "zsh site-functions directory (Debian packages use share/zsh/vendor-completions)")
set(CACHECTL_FISH_COMPLETION_DIR "${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d" CACHE STRING
    "fish vendor completions directory")
option(CACHECTL_INSTALL_COMPLETIONS "Install the shell completions" ON)

install(TARGETS cachectl EXPORT cachectlTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY lib/include/cachectl DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT cachectlTargets NAMESPACE cachectl:: DESTINATION ${CACHECTL_CMAKE_DIR})
configure_package_config_file(cmake/cachectlConfig.cmake.in
                              ${CMAKE_CURRENT_BINARY_DIR}/cachectlConfig.cmake
                              INSTALL_DESTINATION ${CACHECTL_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/cachectlConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/cachectlConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/cachectlConfigVersion.cmake
        DESTINATION ${CACHECTL_CMAKE_DIR})

# pkg-config: relocatable, like the CMake package (prefix found from the .pc file itself), so a
# staged or `--prefix` install works too.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(CACHECTL_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH CACHECTL_PC_UP "/root/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/root")
  set(CACHECTL_PC_PREFIX "\${pcfiledir}/${CACHECTL_PC_UP}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(CACHECTL_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
else()
  set(CACHECTL_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(CACHECTL_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(CACHECTL_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file(cmake/cachectl.pc.in ${CMAKE_CURRENT_BINARY_DIR}/cachectl.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/cachectl.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

file(GLOB CACHECTL_MAN1 CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/man/*.1)
install(FILES ${CACHECTL_MAN1} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES man/cachectl.toml.5 DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)
install(FILES schema/cachectl.schema.json schema/cachectl-test.schema.json DESTINATION ${CMAKE_INSTALL_DATADIR}/cachectl)
if(CACHECTL_INSTALL_COMPLETIONS)
  install(FILES completions/cachectl.bash DESTINATION ${CACHECTL_BASH_COMPLETION_DIR} RENAME cachectl)
  install(FILES completions/_cachectl DESTINATION ${CACHECTL_ZSH_COMPLETION_DIR})
  install(FILES completions/cachectl.fish DESTINATION ${CACHECTL_FISH_COMPLETION_DIR})
endif()

set(CPACK_PACKAGE_NAME cachectl)
set(CPACK_PACKAGE_VENDOR "cachectl")
set(CPACK_PACKAGE_CONTACT "cachectl maintainers <maintainers@users.noreply.b-seed-75ab0aeb.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "HTTP cache rules per route pattern: validate, match, headers, purge")
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libcurl, libcrypto (OpenSSL 3, package libssl3) and ICU are opened with dlopen on first use
# (not linked), so dpkg-shlibdeps cannot see them: they are named here, by the package of the
# SONAME compiled against.
string(REGEX MATCH "^[0-9]+" CACHECTL_ICU_MAJOR "${ICU_VERSION}")
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libcurl4 (>= ${CURL_VERSION_STRING}), libssl3, libicu${CACHECTL_ICU_MAJOR}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)
