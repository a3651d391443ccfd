#include "common/text/language.h"

#include <doctest/doctest.h>

#include <string>

using dateline::detect_language;
using dateline::stemmer_language;

TEST_SUITE("language")
{
    TEST_CASE("identifies the language of a paragraph by its function words or script")
    {
        struct Row {
            std::string text;
            std::string code;
        };
        const Row rows[] = {
            {"The council said on Monday that the ferry to the island would run twice a day from the spring.", "en"},
            {"Der Stadtrat hat am Montag beschlossen, dass die Fähre nicht mehr mit dem alten Schiff fahren wird.", "de"},
            {"Le conseil a décidé lundi que le bac pour l'île ne circulera pas avec les anciens bateaux.", "fr"},
            {"El ayuntamiento dijo que el transbordador a la isla no funcionará con los barcos antiguos para el verano.", "es"},
            {"Il consiglio ha detto che il traghetto per l'isola non sarà più gestito con le vecchie navi della flotta.", "it"},
            {"Городской совет в понедельник решил, что паром будет ходить на остров дважды в день.", "ru"},
            {"De gemeenteraad heeft maandag besloten dat de veerboot naar het eiland niet meer met het oude schip vaart.", "nl"},
        };
        for (const Row& row : rows) {
            CAPTURE(row.text);
            CHECK(detect_language(row.text) == row.code);
        }
    }

    TEST_CASE("says nothing for text too short or without function words")
    {
        CHECK(detect_language("").empty());
        CHECK(detect_language("Port Calder").empty());
        CHECK(detect_language("Shr 37 cts vs 29 cts Net 1,234,000 vs 987,000 Revs 12.3 mln vs 10.1 mln").empty());
    }

    TEST_CASE("maps codes to Xapian's Snowball stemmers")
    {
        CHECK(stemmer_language("en") == "english");
        CHECK(stemmer_language("de") == "german");
        CHECK(stemmer_language("nb") == "norwegian");
        CHECK(stemmer_language("ja").empty());
        CHECK(stemmer_language("").empty());
    }
}
