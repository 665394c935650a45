# Install rules (included by the top-level CMakeLists.txt when VOCFAB_INSTALL is ON): headers,
# libraries, the `vocfab` program when it is built, the CMake package and the pkg-config files.
#
# The package files (vocfabConfig.cmake, vocfab.pc, vocfab-c.pc) describe the *installed* tree:
# their paths are relative to where they are installed, so an install can be moved. They are
# generated into CMakeFiles/vocfab-install/ of the build tree, a folder only install reads from,
# so the build tree holds no package file that points at folders it does not have.

set(vocfab_install_staging ${PROJECT_BINARY_DIR}/CMakeFiles/vocfab-install)
set(vocfab_install_cmakedir ${CMAKE_INSTALL_LIBDIR}/cmake/vocfab)
set(vocfab_install_pcdir ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# --- Headers, libraries, programs, data ----------------------------------------------------------

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/vocfab DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS vocfab_core EXPORT vocfabTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
if(TARGET vocfab_c)
  install(TARGETS vocfab_c EXPORT vocfabTargets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} NAMELINK_COMPONENT Development
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(FILES ${PROJECT_SOURCE_DIR}/capi/include/vocfab/vocfab.h
          DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/vocfab)
endif()
if(TARGET vocfab_cli)
  install(TARGETS vocfab_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/data/policies DESTINATION ${CMAKE_INSTALL_DATADIR}/vocfab)

# --- CMake package: find_package(vocfab) -> vocfab::vocfab, vocfab::c ---------------------------

install(EXPORT vocfabTargets NAMESPACE vocfab:: DESTINATION ${vocfab_install_cmakedir})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/vocfabConfig.cmake.in
  ${vocfab_install_staging}/vocfabConfig.cmake
  INSTALL_DESTINATION ${vocfab_install_cmakedir})
write_basic_package_version_file(${vocfab_install_staging}/vocfabConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${vocfab_install_staging}/vocfabConfig.cmake
              ${vocfab_install_staging}/vocfabConfigVersion.cmake
        DESTINATION ${vocfab_install_cmakedir})

# --- pkg-config: vocfab (C++ core, static) and vocfab-c (the C ABI) ------------------------------

# The prefix is found from where the .pc file is installed (relocatable installs).
file(RELATIVE_PATH VOCFAB_PC_PREFIX_FROM_PCDIR ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig
     ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" VOCFAB_PC_PREFIX_FROM_PCDIR "${VOCFAB_PC_PREFIX_FROM_PCDIR}")
if(VOCFAB_PC_PREFIX_FROM_PCDIR STREQUAL "")
  set(VOCFAB_PC_PREFIX_FROM_PCDIR ".")
endif()

# libvocfab-core.a is static: vocfab.pc lists what linking it needs, as found by this build
# (Boost.Date_Time, threads). -L/-I only for folders the toolchain does not search anyway.
set(VOCFAB_PC_CFLAGS_DEPS "")
set(VOCFAB_PC_LIBS_DEPS "")
get_target_property(vocfab_boost_includes Boost::headers INTERFACE_INCLUDE_DIRECTORIES)
foreach(dir IN LISTS vocfab_boost_includes)
  if(dir AND NOT dir IN_LIST CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES)
    string(APPEND VOCFAB_PC_CFLAGS_DEPS " -I${dir}")
  endif()
endforeach()
get_target_property(vocfab_boost_date_time Boost::date_time LOCATION)
if(vocfab_boost_date_time)
  get_filename_component(dir ${vocfab_boost_date_time} DIRECTORY)
  if(NOT dir IN_LIST CMAKE_CXX_IMPLICIT_LINK_DIRECTORIES)
    string(APPEND VOCFAB_PC_LIBS_DEPS " -L${dir}")
  endif()
endif()
string(APPEND VOCFAB_PC_LIBS_DEPS " -lboost_date_time -pthread")

configure_file(${PROJECT_SOURCE_DIR}/cmake/vocfab.pc.in ${vocfab_install_staging}/vocfab.pc @ONLY)
install(FILES ${vocfab_install_staging}/vocfab.pc DESTINATION ${vocfab_install_pcdir})
if(TARGET vocfab_c)
  configure_file(${PROJECT_SOURCE_DIR}/capi/cmake/vocfab-c.pc.in ${vocfab_install_staging}/vocfab-c.pc
                 @ONLY)
  install(FILES ${vocfab_install_staging}/vocfab-c.pc DESTINATION ${vocfab_install_pcdir})
endif()
