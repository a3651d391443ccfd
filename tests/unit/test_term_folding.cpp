// Unit tests of common/text/term_folding.h: the spelling normalisation shared by the indexer and the
// query side (accents, Greek letters, dotted abbreviations).
#include "common/text/term_folding.h"

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

using dateline::fold_greek_letters;
using dateline::fold_term_text;

TEST_SUITE("term folding")
{
    TEST_CASE("spells out a Greek letter that stands outside a Greek word")
    {
        const std::vector<std::pair<std::string, std::string>> rows = {
            {"TGF-\xCE\xB2", "TGF-beta"},                      // TGF-β
            {"IFN\xCE\xB3", "IFNgamma"},                       // IFNγ
            {"\xCE\xB1v\xCE\xB2" "8 integrin", "alphavbeta8 integrin"}, // αvβ8
            {"the \xCE\x94 variant", "the delta variant"},     // Δ, upper case
            {"\xCE\xB1-tocopherol", "alpha-tocopherol"},       // α-tocopherol
            {"5 \xC2\xB5g", "5 mug"},                          // the micro sign
            {"final \xCF\x82 and \xCF\x83", "final sigma and sigma"},
            {"no Greek here", "no Greek here"},
        };
        for (const auto& [text, expected] : rows) {
            CAPTURE(text);
            CHECK(fold_greek_letters(text) == expected);
        }
    }

    TEST_CASE("keeps Greek words as they are")
    {
        const std::string athens = "\xCE\x91\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1"; // Αθήνα
        CHECK(fold_greek_letters(athens) == athens);
        CHECK(fold_greek_letters("\xCF\x84\xCE\xBF \xCE\xB2") == "\xCF\x84\xCE\xBF beta"); // "το β": the lone letter goes
    }

    TEST_CASE("folds accents before Greek letters and joins dotted abbreviations after")
    {
        // ά (alpha with tonos) alone folds to α and then to its name.
        CHECK(fold_term_text("\xCE\xAC-helix in the U.S.") == "alpha-helix in the US");
        CHECK(fold_term_text("M\xC3\xBCller") == "Muller");
    }
}
