// cachectl: thin entry point; the commands live in their own files, the logic in libcachectl.
#include "cli.hpp"

int
main(int argc, char** argv)
{
  return cachectl::cli::run(argc, argv);
}
