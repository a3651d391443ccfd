#include "common/search/snippet.h"

#include "common/index/schema.h"

#include <doctest/doctest.h>
#include <xapian.h>

#include <string>

using dateline::make_snippet;
using dateline::SnippetTerms;

namespace {

Xapian::Query parse(const std::string& text)
{
    Xapian::QueryParser parser;
    parser.set_stemmer(Xapian::Stem("english"));
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser.add_prefix("title", *dateline::schema::field_prefix("title"));
    return parser.parse_query(text, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PHRASE);
}

std::string snippet(const std::string& text, const std::string& query, std::size_t max_bytes = 300)
{
    return make_snippet(text, SnippetTerms(parse(query), Xapian::Stem("english")), max_bytes);
}

} // namespace

TEST_SUITE("snippet")
{
    TEST_CASE("marks words that match a query term exactly or by stem")
    {
        CHECK(snippet("Ferries cost more as fares rise.", "ferry fare") ==
              "<mark>Ferries</mark> cost more as <mark>fares</mark> rise.");
    }

    TEST_CASE("marks a phrase as one run and words inside quotes exactly")
    {
        CHECK(snippet("The central bank held rates; a bank in the central square closed.", "\"central bank\"") ==
              "The <mark>central bank</mark> held rates; a <mark>bank</mark> in the <mark>central</mark> square closed.");
    }

    TEST_CASE("escapes HTML in the text around the marks")
    {
        CHECK(snippet("A <b>ferry</b> & a \"boat\".", "ferry") ==
              "A &lt;b&gt;<mark>ferry</mark>&lt;/b&gt; &amp; a &quot;boat&quot;.");
    }

    TEST_CASE("picks the passage with the most matches and cuts with an ellipsis")
    {
        std::string text;
        for (int i = 0; i < 40; ++i) {
            text += "Nothing relevant happens in this sentence at all. ";
        }
        text += "Then the harbour ferry and the harbour fares were debated. ";
        for (int i = 0; i < 40; ++i) {
            text += "More filler follows here. ";
        }
        const std::string result = snippet(text, "harbour ferry fares", 120);
        CAPTURE(result);
        CHECK(result.starts_with("\xE2\x80\xA6"));
        CHECK(result.ends_with("\xE2\x80\xA6"));
        CHECK(result.find("<mark>harbour ferry</mark>") != std::string::npos);
        CHECK(result.find("<mark>harbour fares</mark>") != std::string::npos);
        CHECK(result.size() < 120 + 80);
    }

    TEST_CASE("without matches gives the start of the text")
    {
        CHECK(snippet("Short text about tides.", "volcano") == "Short text about tides.");
        CHECK(snippet("", "volcano").empty());
    }

    TEST_CASE("marks non-ASCII words case-insensitively")
    {
        CHECK(snippet("Müller spoke to MÜLLER.", "müller") == "<mark>Müller</mark> spoke to <mark>MÜLLER</mark>.");
    }

    TEST_CASE("marks a Greek letter found by its name")
    {
        CHECK(snippet("TGF-\xCE\xB2 signalling", "beta") == "TGF-<mark>\xCE\xB2</mark> signalling");
    }

    TEST_CASE("marks one-letter and numeric terms in any case, skipping words no term starts like")
    {
        CHECK(snippet("Plan B ships in 2024; PLAN b again, plans aside.", "b 2024") ==
              "Plan <mark>B</mark> ships in <mark>2024</mark>; PLAN <mark>b</mark> again, plans aside.");
        const SnippetTerms terms(parse("ferry b"), Xapian::Stem("english"));
        CHECK(terms.may_start("fe"));
        CHECK(terms.may_start("FE"));
        CHECK(terms.may_start("b"));
        CHECK_FALSE(terms.may_start("bo")); // "b" is a whole term: only the word "b" starts so
        CHECK_FALSE(terms.may_start("pl"));
    }
}
