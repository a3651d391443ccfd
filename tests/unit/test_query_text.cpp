// Unit tests of common/search/query_text.h, table-driven: the plain-words fallback.
#include "common/search/query_text.h"

#include <doctest/doctest.h>

#include <string>

using dateline::plain_query_words;

namespace {

struct Row {
    std::string input;
    std::string expected;
};

} // namespace

TEST_SUITE("query_text")
{
    TEST_CASE("reduces a query to its plain lower-case words")
    {
        const Row rows[] = {
            {"CENTRAL BANK", "central bank"},
            {"\"central bank", "central bank"},
            {"(ferry OR bus) AND fares", "ferry bus fares"},
            {"x AND OR y", "x y"},
            {"title:Ferry -bus +fares", "ferry bus fares"},
            {"a AND NOT b", "a b"},
            {"( ) \" - +", ""},
            {"MÜLLER", "müller"},
        };
        for (const Row& row : rows) {
            CAPTURE(row.input);
            CHECK(plain_query_words(row.input) == row.expected);
        }
    }
}
