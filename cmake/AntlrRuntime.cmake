# Provides the target `flytec_antlr_runtime`: the ANTLR 4.9 C++ runtime with
# an include path every compiler we use accepts.
#
# clang (and so libFuzzer builds and clangd) rejects the 4.9 header
# misc/InterpreterDataReader.h: dfa::Vocabulary has const vector members, so
# its default constructor is deleted. GCC accepts it. For clang we copy the
# headers into the build tree and give those members a `{}` initializer;
# layout and ABI are unchanged.
set(FLYTEC_ANTLR_INCLUDE ${ANTLR4_INCLUDE_DIR})
if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  set(patched ${CMAKE_BINARY_DIR}/antlr4-runtime-patched)
  if(NOT EXISTS ${patched}/antlr4-runtime/Vocabulary.h)
    file(COPY ${ANTLR4_INCLUDE_DIR}/ DESTINATION ${patched}/antlr4-runtime)
    file(READ ${patched}/antlr4-runtime/Vocabulary.h vocab)
    string(REGEX REPLACE "(std::vector<std::string> const _[a-zA-Z]+)" "\\1{}" vocab "${vocab}")
    file(WRITE ${patched}/antlr4-runtime/Vocabulary.h "${vocab}")
  endif()
  set(FLYTEC_ANTLR_INCLUDE ${patched}/antlr4-runtime)
endif()

add_library(flytec_antlr_runtime INTERFACE)
target_include_directories(flytec_antlr_runtime SYSTEM INTERFACE ${FLYTEC_ANTLR_INCLUDE})
target_link_libraries(flytec_antlr_runtime INTERFACE antlr4_static)
