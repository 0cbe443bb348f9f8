# Writes a C++ source holding every stdlib/*.flyte file as a string
# (compiler/sema/Stdlib.h). Run at build time with
#   cmake -DSTDLIB_DIR=... -DOUTPUT=... -P EmbedStdlib.cmake
file(GLOB_RECURSE files RELATIVE "${STDLIB_DIR}" "${STDLIB_DIR}/*.flyte")
list(SORT files)
set(body "// Generated from stdlib/ by cmake/EmbedStdlib.cmake; do not edit.\n")
string(APPEND body "#include \"sema/Stdlib.h\"\n\nnamespace flytec::sema {\nnamespace {\n")
set(arrays "")
set(entries "")
foreach(f IN LISTS files)
  file(READ "${STDLIB_DIR}/${f}" text HEX)
  # Bytes as a char array: no escaping rules to get wrong.
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${text}")
  string(MAKE_C_IDENTIFIER "${f}" id)
  string(APPEND arrays "const char k_${id}[] = {${bytes}};\n")
  string(APPEND entries "    {\"${f}\", llvm::StringRef(k_${id}, sizeof(k_${id}))},\n")
endforeach()
string(APPEND body "${arrays}\nconst EmbeddedFile kFiles[] = {\n${entries}};\n} // namespace\n\n")
string(APPEND body "llvm::ArrayRef<EmbeddedFile> stdlibFiles() { return kFiles; }\n\n")
string(APPEND body "const EmbeddedFile *findStdlibFile(llvm::StringRef path) {\n")
string(APPEND body "  for (const EmbeddedFile &f : kFiles)\n    if (f.path == path)\n      return &f;\n  return nullptr;\n}\n\n")
string(APPEND body "} // namespace flytec::sema\n")
file(WRITE "${OUTPUT}.tmp" "${body}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
