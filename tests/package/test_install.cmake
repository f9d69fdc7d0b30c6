# The install test (ctest -R install_package): installs the already-built tree into a temporary
# prefix, checks what is there, then builds this folder's example programs against that prefix
# only — with find_package(galley) (static and shared, C++ and C) and with pkg-config galley.pc
# (shared, static, and C) — and runs each on a sample. Nothing of galley itself is rebuilt.
#
# Variables (from tests/CMakeLists.txt): BUILD_DIR SOURCE_DIR WORK_DIR GENERATOR C_COMPILER
# CXX_COMPILER PKG_CONFIG VERSION BINDIR LIBDIR INCLUDEDIR DATADIR MANDIR MAN.
cmake_minimum_required(VERSION 3.25)

set(prefix ${WORK_DIR}/prefix)
set(sample ${SOURCE_DIR}/samples/steppe-rail-link.txt)
set(headline "Steppe Rail Link Opens, Cutting Days Off Freight Runs From Pavlodar")
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

# Runs a command; stops the test with its output when it fails. OUTPUT_VAR receives stdout.
function(run)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "OUTPUT_VAR;WORKING_DIRECTORY" "COMMAND")
  if(NOT arg_WORKING_DIRECTORY)
    set(arg_WORKING_DIRECTORY ${WORK_DIR})
  endif()
  execute_process(COMMAND ${arg_COMMAND} WORKING_DIRECTORY ${arg_WORKING_DIRECTORY}
    RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    list(JOIN arg_COMMAND " " shown)
    message(FATAL_ERROR "failed (${status}): ${shown}\n${out}\n${err}")
  endif()
  if(arg_OUTPUT_VAR)
    set(${arg_OUTPUT_VAR} "${out}" PARENT_SCOPE)
  endif()
endfunction()

# Runs an example program on the sample and checks what it prints.
function(check_example program)
  run(COMMAND ${program} ${sample} OUTPUT_VAR out)
  if(NOT out MATCHES "headline: ${headline}\n")
    message(FATAL_ERROR "${program}: unexpected output:\n${out}")
  endif()
  if(NOT out MATCHES "mimetype:? ok")
    message(FATAL_ERROR "${program}: no valid EPUB:\n${out}")
  endif()
  message(STATUS "ok: ${program}")
endfunction()

# --- install --------------------------------------------------------------------------------
run(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})

set(expected
  ${BINDIR}/galley
  ${INCLUDEDIR}/galley/galley.hpp ${INCLUDEDIR}/galley/galley.h ${INCLUDEDIR}/galley/convert.hpp
  ${LIBDIR}/libgalley.a ${LIBDIR}/libgalley.so
  ${LIBDIR}/cmake/galley/galleyConfig.cmake ${LIBDIR}/cmake/galley/galleyConfigVersion.cmake
  ${LIBDIR}/cmake/galley/galley-static-targets.cmake ${LIBDIR}/cmake/galley/galley-shared-targets.cmake
  ${LIBDIR}/pkgconfig/galley.pc
  ${DATADIR}/galley/styles/default.css ${DATADIR}/galley/fonts/NotoSerif-Regular.ttf
  ${DATADIR}/galley/fonts/OFL.txt)
if(MAN)
  list(APPEND expected ${MANDIR}/man1/galley.1)
endif()
foreach(f IN LISTS expected)
  if(NOT EXISTS ${prefix}/${f})
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()
file(GLOB sonames ${prefix}/${LIBDIR}/libgalley.so.*)
if(NOT sonames)
  message(FATAL_ERROR "no versioned libgalley.so.* installed")
endif()

# The umbrella header includes every public header.
file(READ ${prefix}/${INCLUDEDIR}/galley/galley.hpp umbrella)
file(GLOB headers RELATIVE ${prefix}/${INCLUDEDIR} ${prefix}/${INCLUDEDIR}/galley/*.h*)
foreach(h IN LISTS headers)
  if(NOT h STREQUAL "galley/galley.hpp" AND NOT umbrella MATCHES "#include \"${h}\"")
    message(FATAL_ERROR "galley/galley.hpp does not include ${h}")
  endif()
endforeach()

# The installed data: the installed CLI with GALLEY_DATA_DIR at the installed copy. (Without it
# the library looks in the configured prefix's share/galley, not this temporary one.)
set(ENV{GALLEY_DATA_DIR} ${prefix}/${DATADIR}/galley)
run(COMMAND ${prefix}/${BINDIR}/galley --version OUTPUT_VAR out)
if(NOT out STREQUAL "galley ${VERSION}\n")
  message(FATAL_ERROR "galley --version: ${out}")
endif()
run(COMMAND ${prefix}/${BINDIR}/galley styles OUTPUT_VAR out)
if(NOT out MATCHES "default" OR NOT out MATCHES "broadsheet")
  message(FATAL_ERROR "galley styles: ${out}")
endif()

# --- find_package(galley) -------------------------------------------------------------------
run(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/package -B ${WORK_DIR}/cmake-build
  -G ${GENERATOR} -DCMAKE_PREFIX_PATH=${prefix}
  -DCMAKE_C_COMPILER=${C_COMPILER} -DCMAKE_CXX_COMPILER=${CXX_COMPILER})
run(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/cmake-build -j2)
foreach(program IN ITEMS example_static example_shared example_c_static example_c_shared)
  check_example(${WORK_DIR}/cmake-build/${program})
endforeach()
# The static programs do not need libgalley.so; the shared ones do.
foreach(program IN ITEMS example_static example_shared)
  run(COMMAND readelf -d ${WORK_DIR}/cmake-build/${program} OUTPUT_VAR dynamic)
  if(program MATCHES "static" AND dynamic MATCHES "libgalley")
    message(FATAL_ERROR "${program} needs libgalley.so:\n${dynamic}")
  elseif(program MATCHES "shared" AND NOT dynamic MATCHES "libgalley\\.so")
    message(FATAL_ERROR "${program} does not use libgalley.so:\n${dynamic}")
  endif()
endforeach()

# A consumer that asks for the shared library alone needs none of the static one's dependencies.
file(WRITE ${WORK_DIR}/shared-only/CMakeLists.txt
  "cmake_minimum_required(VERSION 3.25)\nproject(shared_only LANGUAGES C CXX)\n"
  "find_package(galley ${VERSION} EXACT REQUIRED COMPONENTS shared)\n"
  "if(TARGET galley::galley OR NOT TARGET galley::galley_shared)\n"
  "  message(FATAL_ERROR \"COMPONENTS shared loaded the wrong targets\")\nendif()\n"
  "if(NOT EXISTS \"\${galley_DATA_DIR}/styles/default.css\")\n"
  "  message(FATAL_ERROR \"galley_DATA_DIR: \${galley_DATA_DIR}\")\nendif()\n")
run(COMMAND ${CMAKE_COMMAND} -S ${WORK_DIR}/shared-only -B ${WORK_DIR}/shared-only/build
  -G ${GENERATOR} -DCMAKE_PREFIX_PATH=${prefix})

# --- pkg-config galley ------------------------------------------------------------------------
set(ENV{PKG_CONFIG_PATH} ${prefix}/${LIBDIR}/pkgconfig)
run(COMMAND ${PKG_CONFIG} --modversion galley OUTPUT_VAR out)
if(NOT out STREQUAL "${VERSION}\n")
  message(FATAL_ERROR "pkg-config --modversion galley: ${out}")
endif()
function(pkg_config var)
  run(COMMAND ${PKG_CONFIG} ${ARGN} galley OUTPUT_VAR out)
  string(STRIP "${out}" out)
  separate_arguments(out UNIX_COMMAND "${out}")
  set(${var} ${out} PARENT_SCOPE)
endfunction()
pkg_config(cflags --cflags)
pkg_config(libs --libs)
pkg_config(static_libs --static --libs)
# The static library by its file name, so that the linker cannot take libgalley.so instead.
list(TRANSFORM static_libs REPLACE "^-lgalley$" "-l:libgalley.a")

set(pc ${WORK_DIR}/pkg-config-build)
file(MAKE_DIRECTORY ${pc})
run(COMMAND ${CXX_COMPILER} -std=c++20 ${cflags} -c ${SOURCE_DIR}/tests/package/example.cpp -o ${pc}/example.o)
run(COMMAND ${CXX_COMPILER} ${pc}/example.o ${libs} -Wl,-rpath,${prefix}/${LIBDIR} -o ${pc}/example_shared)
run(COMMAND ${CXX_COMPILER} ${pc}/example.o ${static_libs} -o ${pc}/example_static)
run(COMMAND ${C_COMPILER} -std=c11 -Wall -Werror ${cflags} ${SOURCE_DIR}/tests/package/example.c ${libs}
  -Wl,-rpath,${prefix}/${LIBDIR} -o ${pc}/example_c_shared)
foreach(program IN ITEMS example_shared example_static example_c_shared)
  check_example(${pc}/${program})
endforeach()
run(COMMAND readelf -d ${pc}/example_static OUTPUT_VAR dynamic)
if(dynamic MATCHES "libgalley")
  message(FATAL_ERROR "pkg-config --static: example_static needs libgalley.so:\n${dynamic}")
endif()

file(REMOVE_RECURSE ${WORK_DIR})
message(STATUS "install test passed")
