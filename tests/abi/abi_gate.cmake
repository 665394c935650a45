# The ABI gate of libvocfab.so (cmake -P), in two modes:
#   MODE=check  (ctest): abidw the built library, abidiff it against the committed baseline;
#               fails on any reported change. Added functions are allowed (--no-added-syms), and
#               abidiff's default filters let harmless changes through (an enumerator appended to
#               vf_status). A changed signature (abidiff bit 4, "ABI change") or a removed function
#               (bit 8, "incompatible change") fails.
#   MODE=update (scripts/update-abi-baseline.sh): regenerate the baseline deliberately.
# Variables: MODE, ABIDW, ABIDIFF (check), LIBRARY, HEADERS_DIR, BASELINE, CURRENT (check),
# SOURCE_DIR (update, optional: stripped from the paths recorded in the baseline).
# The library must have debug info (Debug or RelWithDebInfo): abidw reads types from DWARF.

# Only the public interface: the exported vf_ functions and the types of vocfab.h they use.
set(abidw_options
  --no-corpus-path --no-comp-dir-path --no-show-locs --no-elf-needed
  --headers-dir ${HEADERS_DIR} --drop-private-types --drop-undefined-syms
  --exported-interfaces-only)

function(run_abidw out)
  execute_process(COMMAND ${ABIDW} ${abidw_options} --out-file ${out} ${LIBRARY}
    RESULT_VARIABLE rc OUTPUT_VARIABLE o ERROR_VARIABLE e)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "abidw failed (${rc}):\n${o}${e}")
  endif()
  file(READ ${out} abi)
  string(REGEX MATCHALL "<function-decl name='vf_" decls "${abi}")
  list(LENGTH decls n)
  if(n EQUAL 0)
    message(FATAL_ERROR "abidw found no typed vf_ function in ${LIBRARY}: build it with debug "
                        "info (CMAKE_BUILD_TYPE RelWithDebInfo or Debug)")
  endif()
  set(abi_function_count ${n} PARENT_SCOPE)
endfunction()

if(MODE STREQUAL "update")
  run_abidw(${BASELINE})
  # Keep the checkout's location out of the committed file (abidiff ignores it anyway).
  if(DEFINED SOURCE_DIR)
    file(READ ${BASELINE} abi)
    string(REPLACE "path='${SOURCE_DIR}/" "path='" abi "${abi}")
    file(WRITE ${BASELINE} "${abi}")
  endif()
  message(STATUS "wrote ${BASELINE} (${abi_function_count} functions)")
  return()
endif()

if(NOT MODE STREQUAL "check")
  message(FATAL_ERROR "abi_gate.cmake: MODE must be check or update")
endif()
if(NOT EXISTS ${BASELINE})
  message(FATAL_ERROR "no ABI baseline at ${BASELINE}: run scripts/update-abi-baseline.sh")
endif()
run_abidw(${CURRENT})
execute_process(COMMAND ${ABIDIFF} --no-added-syms ${BASELINE} ${CURRENT}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(STATUS "ABI compatible with the baseline (${abi_function_count} functions checked)")
  return()
endif()
set(why "")
if(rc GREATER_EQUAL 8)
  set(why "incompatible change (abidiff bit 8)")
elseif(rc GREATER_EQUAL 4)
  set(why "ABI change (abidiff bit 4)")
else()
  set(why "abidiff error (exit status ${rc})")
endif()
message(FATAL_ERROR "libvocfab ABI differs from ${BASELINE}: ${why}, exit status ${rc}\n"
  "${out}${err}\n"
  "If the change is intended (a new major version), regenerate the baseline with "
  "scripts/update-abi-baseline.sh and explain why in the commit.")
