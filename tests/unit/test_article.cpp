#include "common/article.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using dateline::Article;

TEST_SUITE("article")
{
    TEST_CASE("reading back a stored record gives the same article")
    {
        Article article;
        article.id = "a/1";
        article.url = "https://example.test/a/1";
        article.title = "Round trip";
        article.subtitle = "A dek";
        article.section = "Local";
        article.source = "Fixture Wire";
        article.authors = {"Ana Lind", "Bo Park"};
        article.date = "2024-02-29";
        article.dateline = "Port Calder";
        article.tags = {"one", "two"};
        article.body = {"First paragraph.", "Second paragraph.", "Third."};
        article.language = "en";
        CHECK(dateline::article_from_record(dateline::article_to_record(article)) == article);
    }

    TEST_CASE("a stored record with only a title reads back with empty fields")
    {
        Article article;
        article.id = "t";
        article.title = "Only a title";
        const Article back = dateline::article_from_record(dateline::article_to_record(article));
        CHECK(back == article);
        CHECK(back.body.empty());
        CHECK(back.authors.empty());
    }
}
