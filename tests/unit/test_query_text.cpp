// Unit tests of common/search/query_text.h, table-driven: case folding that keeps operators, syntax
// problems the parser would misread, and the plain-words fallback.
#include "common/search/query_text.h"

#include <doctest/doctest.h>

#include <optional>
#include <string>

using dateline::find_query_syntax_problem;
using dateline::normalize_query_case;
using dateline::plain_query_words;

namespace {

struct Row {
    std::string input;
    std::string expected;
};

} // namespace

TEST_SUITE("query_text")
{
    TEST_CASE("lowers words but keeps capital operators between words")
    {
        const Row rows[] = {
            {"CENTRAL BANK", "central bank"},
            {"Central Bank", "central bank"},
            {"central bank", "central bank"},
            {"ferry AND fares", "ferry AND fares"},
            {"ferry OR bus", "ferry OR bus"},
            {"ferry NOT bus", "ferry NOT bus"},
            {"ferry XOR bus", "ferry XOR bus"},
            {"ferry NEAR bus", "ferry NEAR bus"},
            {"FERRY AND FARES", "ferry AND fares"},
            {"ferry and fares", "ferry and fares"},
            {"ferry And fares", "ferry and fares"},
            // An operator at either end has no word on one side: it is a word.
            {"AND ferry", "and ferry"},
            {"ferry AND", "ferry and"},
            {"OR", "or"},
            // Inside quotes an operator is a word of the phrase.
            {"\"BANK OF ENGLAND\"", "\"bank of england\""},
            {"\"SALT AND PEPPER\" shortage", "\"salt and pepper\" shortage"},
            {"\"salt\" AND \"pepper\"", "\"salt\" AND \"pepper\""},
            // A bracket touching an operator leaves it an operator.
            {"(Ferry OR Bus) AND Fares", "(ferry OR bus) AND fares"},
            {"TRAM AND (NOT FERRY)", "tram AND (NOT ferry)"},
            {"(cold AND) war", "(cold AND) war"},
            {"(AND)", "(and)"},
            {"title:FERRY SECTION:Business", "title:ferry section:business"},
            {"MÜLLER", "müller"},
            {"ÉCOLE ÀÉÎÕÜ", "école àéîõü"},
            {"ΑΘΗΝΑ", "αθηνα"},
            {"  CENTRAL   BANK  ", "central bank"},
            {"", ""},
        };
        for (const Row& row : rows) {
            CAPTURE(row.input);
            CHECK(normalize_query_case(row.input) == row.expected);
        }
    }

    TEST_CASE("finds no problem in balanced queries")
    {
        const std::string queries[] = {
            "",
            "central bank",
            "\"central bank\" rates",
            "(ferry OR bus) AND fares",
            "ferry AND fares",
            "NOT ferry",
            "a AND NOT b",
            "a OR NOT b",
            "a NOT b",
            "-ferry fares",
            "title:ferry",
            "\"a (b\" c",        // a bracket inside quotes is text
            "and or not",        // lower-case words are not operators
            "a NEAR b",
        };
        for (const std::string& query : queries) {
            CAPTURE(query);
            CHECK(find_query_syntax_problem(query) == std::nullopt);
        }
    }

    TEST_CASE("names what is wrong with an unbalanced or misplaced query")
    {
        const Row rows[] = {
            {"\"central bank", "unbalanced quotation marks"},
            {"central \"bank\" \"rates", "unbalanced quotation marks"},
            {"(ferry OR bus", "an opening bracket is not closed"},
            {"((ferry) bus", "an opening bracket is not closed"},
            {"ferry OR bus)", "a closing bracket has no opening bracket"},
            {")ferry(", "a closing bracket has no opening bracket"},
            {"AND x", "AND needs a word on each side"},
            {"x AND", "AND needs a word on each side"},
            {"x AND OR y", "OR needs a word on each side"},
            {"x OR", "OR needs a word on each side"},
            {"x NOT", "NOT needs a word on each side"},
        };
        for (const Row& row : rows) {
            CAPTURE(row.input);
            const std::optional<std::string> problem = find_query_syntax_problem(row.input);
            REQUIRE(problem.has_value());
            CHECK(*problem == row.expected);
        }
    }

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
