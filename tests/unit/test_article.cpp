#include "common/index/stored_article.h"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

using dateline::Article;
using dateline::decode_stored_article;
using dateline::encode_stored_article;

TEST_SUITE("stored_article")
{
    TEST_CASE("decoding a stored article gives the same article")
    {
        Article article;
        article.id = "a/1";
        article.url = "https://example.test/a/1";
        article.title = "Round trip with ünïcödé";
        article.subtitle = "A dek";
        article.section = "Local";
        article.source = "Fixture Wire";
        article.authors = {"Ana Lind", "Bo Park"};
        article.date = "2024-02-29";
        article.dateline = "Port Calder";
        article.tags = {"one", "two"};
        article.body = {"First paragraph.", std::string(300, 'x'), "Third."};
        article.language = "en";
        CHECK(decode_stored_article(encode_stored_article(article)) == article);
    }

    TEST_CASE("a publication time is stored after the old fields, and old data still reads (issue 15)")
    {
        Article article;
        article.id = "t";
        article.title = "Timed";
        article.date = "2021-03-04";
        const std::string day_only = encode_stored_article(article);
        article.published_at = "2021-03-04T10:15:00+02:00";
        const std::string timed = encode_stored_article(article);
        CHECK(decode_stored_article(timed) == article);
        // Data written before the field existed is the day-only encoding: it reads unchanged.
        CHECK(timed.starts_with(day_only));
        CHECK(decode_stored_article(day_only).published_at.empty());
    }

    TEST_CASE("an article with only a title round-trips with empty fields")
    {
        Article article;
        article.id = "t";
        article.title = "Only a title";
        CHECK(decode_stored_article(encode_stored_article(article)) == article);
    }

    TEST_CASE("refuses damaged or foreign data instead of reading past it")
    {
        Article article;
        article.id = "t";
        article.title = "Title";
        article.body = {"Body."};
        const std::string bytes = encode_stored_article(article);
        const std::string message = "stored article data is damaged or of another version";
        CHECK_THROWS_WITH_AS(decode_stored_article(bytes.substr(0, bytes.size() - 2)), message.c_str(), std::runtime_error);
        CHECK_THROWS_WITH_AS(decode_stored_article(bytes + "x"), message.c_str(), std::runtime_error);
        CHECK_THROWS_WITH_AS(decode_stored_article(R"({"id":"t"})"), message.c_str(), std::runtime_error);
        CHECK_THROWS_WITH_AS(decode_stored_article(""), message.c_str(), std::runtime_error);
    }
}
