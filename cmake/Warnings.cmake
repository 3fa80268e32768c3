# INTERFACE target that every cachectl target links for a common warning set.
add_library(cachectl_warnings INTERFACE)
target_compile_options(cachectl_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Woverloaded-virtual -Wimplicit-fallthrough
  $<$<BOOL:${CACHECTL_WERROR}>:-Werror>)
