// The single doctest binary: every tests/unit/<area>/test_*.cpp file links into it.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
