// Unit tests of common/ingest/record_parser.h: every accepted form of the JSON record format, each
// rejection with its exact message, and the id fallbacks of derive_article_id.
#include "common/ingest/record_parser.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using dateline::Article;
using dateline::derive_article_id;
using dateline::parse_record;
using dateline::parse_record_line;
using dateline::RecordError;
using Strings = std::vector<std::string>;

TEST_SUITE("record_parser")
{
    TEST_CASE("reads every field of a complete record")
    {
        const Article article = parse_record_line(
            R"({"id": "r-1", "url": "https://example.test/r-1", "title": "Tide tables", "subtitle": "Dek here",)"
            R"( "section": "Local", "source": "Gull Gazette", "authors": ["Ana Lind"], "date": "2021-04-12",)"
            R"( "dateline": "Port Calder", "tags": ["tides"], "body": "One."})");
        CHECK(article.id == "r-1");
        CHECK(article.url == "https://example.test/r-1");
        CHECK(article.title == "Tide tables");
        CHECK(article.subtitle == "Dek here");
        CHECK(article.section == "Local");
        CHECK(article.source == "Gull Gazette");
        CHECK(article.authors == Strings{"Ana Lind"});
        CHECK(article.date == "2021-04-12");
        CHECK(article.dateline == "Port Calder");
        CHECK(article.tags == Strings{"tides"});
        CHECK(article.body == Strings{"One."});
        CHECK(article.origin.empty());
    }

    TEST_CASE("takes authors and tags as an array or as a single string")
    {
        const Article from_arrays =
            parse_record_line(R"({"title": "t", "authors": ["Ana Lind", "Bo Park"], "tags": ["a", "b"]})");
        CHECK(from_arrays.authors == Strings{"Ana Lind", "Bo Park"});
        CHECK(from_arrays.tags == Strings{"a", "b"});

        const Article from_strings = parse_record_line(R"({"title": "t", "authors": "Ana Lind", "tags": "harbour"})");
        CHECK(from_strings.authors == Strings{"Ana Lind"});
        CHECK(from_strings.tags == Strings{"harbour"});
    }

    TEST_CASE("splits a body string into paragraphs at blank lines")
    {
        const Article article =
            parse_record_line(R"({"title": "t", "body": "First line\nstill first.\n\nSecond.\n\n\n  Third.  "})");
        CHECK(article.body == Strings{"First line still first.", "Second.", "Third."});
    }

    TEST_CASE("takes a body array as one paragraph per element")
    {
        const Article article = parse_record_line(R"({"title": "t", "body": ["One\n\nstill one.", "Two.", ""]})");
        CHECK(article.body == Strings{"One still one.", "Two."});
    }

    TEST_CASE("stores the calendar date written in a date or date-time")
    {
        struct Row {
            std::string date;
            std::string expected;
        };
        const Row rows[] = {
            {"2021-04-12", "2021-04-12"},
            {"2022-07-19T08:45:00Z", "2022-07-19"},
            {"2023-02-01T17:30:00+01:00", "2023-02-01"},
            // Late evening with an offset stays the publisher's local day, not the UTC one.
            {"2023-02-01T23:30:00-05:00", "2023-02-01"},
        };
        for (const Row& row : rows) {
            CAPTURE(row.date);
            const nlohmann::json record = {{"title", "t"}, {"date", row.date}};
            CHECK(parse_record(record).date == row.expected);
        }
    }

    TEST_CASE("keeps the time and zone of a date-time; the date stays the day (issue 15)")
    {
        const Article timed = parse_record_line(R"({"title": "t", "date": "2021-03-04T10:15:00+02:00"})");
        CHECK(timed.date == "2021-03-04");
        CHECK(timed.published_at == "2021-03-04T10:15:00+02:00");
        CHECK(parse_record_line(R"({"title": "t", "date": "2021-03-04"})").published_at.empty());
        // The record form written back (export, the API) reads in again as the same article.
        CHECK(dateline::article_to_record(timed)["published_at"] == "2021-03-04T10:15:00+02:00");
        CHECK(dateline::article_to_record(timed)["date"] == "2021-03-04");
        CHECK(parse_record(dateline::article_to_record(timed)) == timed);
        CHECK(dateline::article_to_record(parse_record_line(R"({"title": "t"})"))["published_at"].is_null());
        CHECK_THROWS_WITH_AS(parse_record_line(R"({"title": "t", "published_at": "soon"})"),
                             R"("published_at" is not an ISO 8601 date-time: "soon")", dateline::RecordError);
    }

    TEST_CASE("leaves a record without a date undated")
    {
        CHECK(parse_record_line(R"({"title": "t"})").date.empty());
        CHECK(parse_record_line(R"({"title": "t", "date": null})").date.empty());
        CHECK(parse_record_line(R"({"title": "t", "date": ""})").date.empty());
    }

    TEST_CASE("reads a numeric id as its decimal string")
    {
        CHECK(parse_record_line(R"({"id": 40417, "title": "t"})").id == "40417");
        CHECK(parse_record_line(R"({"id": -7, "title": "t"})").id == "-7");
        CHECK(parse_record_line(R"({"id": 18446744073709551615, "title": "t"})").id == "18446744073709551615");
    }

    TEST_CASE("treats null fields as missing")
    {
        const Article article = parse_record_line(
            R"({"id": null, "url": null, "title": "t", "subtitle": null, "section": null, "source": null,)"
            R"( "authors": null, "date": null, "dateline": null, "tags": null, "body": null})");
        Article expected;
        expected.title = "t";
        CHECK(article == expected);
    }

    TEST_CASE("ignores unknown fields")
    {
        const Article article =
            parse_record_line(R"({"title": "t", "word_count": 7, "extra": {"nested": [1, 2]}, "origin": "x"})");
        Article expected;
        expected.title = "t";
        CHECK(article == expected);
    }

    TEST_CASE("accepts a record with only a title or only a body")
    {
        const Article title_only = parse_record_line(R"({"title": "Only a title"})");
        CHECK(title_only.title == "Only a title");
        CHECK(title_only.body.empty());

        const Article body_only = parse_record_line(R"({"body": "Only a body."})");
        CHECK(body_only.title.empty());
        CHECK(body_only.body == Strings{"Only a body."});
    }

    TEST_CASE("collapses white space in text fields and trims the id")
    {
        const Article article = parse_record_line(R"({"id": "  r-2 \t", "title": "  Two \n  words  "})");
        CHECK(article.id == "r-2");
        CHECK(article.title == "Two words");
    }

    TEST_CASE("rejects a line that is not valid JSON with the column")
    {
        CHECK_THROWS_WITH_AS(parse_record_line(R"({"id": "broken", "title": )"),
                             "invalid JSON at column 27: syntax error while parsing value - unexpected end of input; "
                             "expected '[', '{', or a literal",
                             RecordError);
    }

    TEST_CASE("rejects a number too large to hold instead of crashing (found by fuzzing)")
    {
        CHECK_THROWS_WITH_AS(parse_record_line(R"({"title": "t", "id": 5e5555})"),
                             "invalid JSON: number overflow parsing '5e5555'", RecordError);
    }

    TEST_CASE("rejects a record with neither title nor body")
    {
        CHECK_THROWS_WITH_AS(parse_record_line(R"({"id": "no-text", "section": "Local"})"),
                             R"(a record needs a "title" or a "body")", RecordError);
        CHECK_THROWS_WITH_AS(parse_record_line(R"({"title": "  ", "body": ["", " "]})"),
                             R"(a record needs a "title" or a "body")", RecordError);
    }

    TEST_CASE("rejects fields of the wrong type naming the field")
    {
        CHECK_THROWS_WITH_AS(parse_record_line(R"({"title": 42, "body": "x"})"),
                             R"("title" must be a string, not number)", RecordError);
        CHECK_THROWS_WITH_AS(parse_record_line(R"({"title": "t", "authors": ["Ana Lind", 3]})"),
                             R"("authors"[1] must be a string, not number)", RecordError);
        CHECK_THROWS_WITH_AS(parse_record_line(R"({"title": "t", "tags": {"a": 1}})"),
                             R"("tags" must be a string or an array of strings, not object)", RecordError);
        CHECK_THROWS_WITH_AS(parse_record_line(R"({"title": "t", "body": ["ok", false]})"),
                             R"("body"[1] must be a string, not boolean)", RecordError);
        CHECK_THROWS_WITH_AS(parse_record_line(R"({"title": "t", "id": 1.5})"),
                             R"("id" must be a string or an integer, not number)", RecordError);
    }

    TEST_CASE("rejects an impossible date")
    {
        CHECK_THROWS_WITH_AS(parse_record_line(R"({"title": "t", "date": "2021-02-30"})"),
                             R"("date" is not a date (want YYYY-MM-DD or an ISO 8601 date-time): "2021-02-30")",
                             RecordError);
        CHECK_THROWS_WITH_AS(parse_record_line(R"({"title": "t", "date": "12 April 2021"})"),
                             R"("date" is not a date (want YYYY-MM-DD or an ISO 8601 date-time): "12 April 2021")",
                             RecordError);
    }

    TEST_CASE("reads a language code and refuses a value that is not one")
    {
        CHECK(parse_record_line(R"({"title": "t", "language": "de"})").language == "de");
        CHECK(parse_record_line(R"({"title": "t", "language": "EN-gb"})").language == "en");
        CHECK(parse_record_line(R"({"title": "t", "language": null})").language.empty());
        CHECK_THROWS_WITH_AS(parse_record_line(R"({"title": "t", "language": "english"})"),
                             R"("language" must be an ISO 639-1 code such as "en" or "de", got "english")", RecordError);
    }

    TEST_CASE("rejects a record that is not an object")
    {
        CHECK_THROWS_WITH_AS(parse_record_line(R"([{"title": "t"}])"), "a record must be a JSON object, not array",
                             RecordError);
        CHECK_THROWS_WITH_AS(parse_record_line(R"("just text")"), "a record must be a JSON object, not string",
                             RecordError);
    }

    TEST_CASE("re-reading an article's record gives the same article")
    {
        Article article;
        article.id = "r/3";
        article.url = "https://example.test/r/3";
        article.title = "Round trip";
        article.section = "Local";
        article.authors = {"Ana Lind", "Bo Park"};
        article.date = "2024-02-29";
        article.tags = {"one"};
        article.body = {"First.", "Second."};
        article.language = "en";
        CHECK(parse_record(dateline::article_to_record(article)) == article);
    }
}

TEST_SUITE("record_parser")
{
    TEST_CASE("prefers the id, then the url, then the scrape path")
    {
        Article article;
        article.title = "t";
        article.id = "own-id";
        article.url = "https://example.test/a";
        CHECK(derive_article_id(article, "site/a.txt") == "own-id");
        article.id.clear();
        CHECK(derive_article_id(article, "site/a.txt") == "https://example.test/a");
        article.url.clear();
        CHECK(derive_article_id(article, "site/a.txt") == "site/a.txt");
    }

    TEST_CASE("keeps a slash in an id")
    {
        Article article;
        article.id = "pws/2022/07/solar-farm";
        CHECK(derive_article_id(article, {}) == "pws/2022/07/solar-farm");
    }

    TEST_CASE("falls back to a stable content hash")
    {
        Article article;
        article.title = "Harbour festival";
        article.date = "2023-07-01";
        article.body = {"Boats and music."};
        const std::string id = derive_article_id(article, {});
        CAPTURE(id);
        REQUIRE(id.size() == 5 + 16);
        CHECK(id.starts_with("hash:"));
        CHECK(id.find_first_not_of("0123456789abcdef", 5) == std::string::npos);
        CHECK(derive_article_id(article, {}) == id);

        Article same = article;
        CHECK(derive_article_id(same, {}) == id);

        Article other_body = article;
        other_body.body = {"Boats and dancing."};
        CHECK(derive_article_id(other_body, {}) != id);

        Article other_date = article;
        other_date.date = "2023-07-02";
        CHECK(derive_article_id(other_date, {}) != id);

        Article other_title = article;
        other_title.title = "Harbour festival cancelled";
        CHECK(derive_article_id(other_title, {}) != id);
    }
}
