# INTERFACE target that every cachectl target links for a common warning set.
add_library(cachectl_warnings INTERFACE)
target_compile_options(cachectl_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Woverloaded-virtual -Wimplicit-fallthrough
  $<$<BOOL:${CACHECTL_WERROR}>:-Werror>)
# g++ 12 reports a false -Wrestrict inside std::string concatenation at -O3 (GCC bug 105329,
# fixed in g++ 13); it would stop the release preset.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(cachectl_warnings INTERFACE -Wno-restrict)
endif()
