# cmake -DTOOL=vocfab-schema -DCOMMITTED=docs/schema/vocfab.schema.json -DFRESH=<scratch file>
#       -P check_schema.cmake
# Fails unless the committed schema is byte for byte what the tool prints now.
execute_process(COMMAND ${TOOL} OUTPUT_FILE ${FRESH} RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "vocfab-schema failed (exit status ${status})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${COMMITTED} ${FRESH} RESULT_VARIABLE differs)
if(differs)
  find_program(DIFF diff)
  if(DIFF)
    execute_process(COMMAND ${DIFF} -u ${COMMITTED} ${FRESH} OUTPUT_VARIABLE changes)
    string(SUBSTRING "${changes}" 0 4000 changes)
    message("${changes}")
  endif()
  message(FATAL_ERROR
    "docs/schema/vocfab.schema.json is not what the entity descriptions give "
    "(include/vocfab/model/description.h, tools/schema/main.cc). Regenerate it with\n"
    "  cmake --build --preset dev --target schema\n"
    "or\n"
    "  ${TOOL} > docs/schema/vocfab.schema.json\n"
    "and commit the result (the fresh output is ${FRESH}).")
endif()
