# CTest install_consumer_large: installs the `library` component of the build tree into a scratch
# prefix, configures and builds tests/consumer against it (find_package(gosplan), nothing of the
# source or build tree on its paths) and runs the program on Miller & Blair's table.
# Variables: BUILD_DIR, SOURCE_DIR, SCRATCH, GENERATOR, CXX_COMPILER.
file(REMOVE_RECURSE "${SCRATCH}")

function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE failed OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(failed)
    message(FATAL_ERROR "${what} failed (${failed}):\n${out}\n${err}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

set(prefix "${SCRATCH}/prefix")
run("cmake --install" "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}"
    --component library)
foreach(installed include/gosplan/model.h include/gosplan/leontief.h)
  if(NOT EXISTS "${prefix}/${installed}")
    message(FATAL_ERROR "the install lacks ${installed}")
  endif()
endforeach()
file(GLOB_RECURSE configs "${prefix}/*/gosplanConfig.cmake")
if(NOT configs)
  message(FATAL_ERROR "the install lacks gosplanConfig.cmake")
endif()

run("configuring the consumer" "${CMAKE_COMMAND}" -S "${SOURCE_DIR}/tests/consumer"
    -B "${SCRATCH}/build" -G "${GENERATOR}" -DCMAKE_BUILD_TYPE=Release
    "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}" "-DCMAKE_PREFIX_PATH=${prefix}"
    -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON)
run("building the consumer" "${CMAKE_COMMAND}" --build "${SCRATCH}/build")
run("running the consumer" "${SCRATCH}/build/gosplan_consumer"
    "${SOURCE_DIR}/tests/data/io/miller-blair-2009-2x2.csv")
# Miller & Blair (2009), table 2.3: x = (1247.52, 1841.58).
if(NOT run_output STREQUAL "x = 1247.52 1841.58\n")
  message(FATAL_ERROR "the consumer printed '${run_output}', expected 'x = 1247.52 1841.58'")
endif()
message(STATUS "consumer: ${run_output}")
file(REMOVE_RECURSE "${SCRATCH}")
