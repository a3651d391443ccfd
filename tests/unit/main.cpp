// The doctest main of dateline_unit_tests (tests/support/temp_dir.cpp follows each test's failures).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
