// Unit tests of common/index/shard_layout.h (issue 18): parsing --shard-by, the shard of an
// article under each rule, the layout file and the stub file's text. Pure functions: no disk.
#include "common/index/shard_layout.h"

#include "common/errors.h"

#include <doctest/doctest.h>

#include <set>
#include <string>

using dateline::Article;
using dateline::Error;
using dateline::ShardRule;

namespace {

Article dated(const std::string& id, const std::string& date)
{
    Article article;
    article.id = id;
    article.date = date;
    return article;
}

} // namespace

TEST_SUITE("shard_layout")
{
    TEST_CASE("parses every rule and spells it back")
    {
        for (const char* text : {"year", "month", "hash:2", "hash:16", "hash:1000"}) {
            CAPTURE(text);
            CHECK(dateline::describe_shard_rule(dateline::parse_shard_rule(text)) == text);
        }
        CHECK(dateline::parse_shard_rule("hash:8") == ShardRule{ShardRule::Kind::hash, 8});
    }

    TEST_CASE("rejects a bad rule with what it wants")
    {
        for (const char* text : {"", "years", "hash", "hash:", "hash:1", "hash:1001", "hash:8x", "hash:-3", "Year"}) {
            CAPTURE(text);
            CHECK_THROWS_WITH_AS(dateline::parse_shard_rule(text),
                                 ("\"" + std::string(text) +
                                  "\" is not a shard rule: want year, month or hash:N (N from 2 to 1000)")
                                     .c_str(),
                                 Error);
        }
    }

    TEST_CASE("names the shard of an article by year, month or undated")
    {
        const ShardRule year{ShardRule::Kind::year, 0};
        const ShardRule month{ShardRule::Kind::month, 0};
        CHECK(dateline::shard_name(year, dated("a", "2023-04-17")) == "2023");
        CHECK(dateline::shard_name(month, dated("a", "2023-04-17")) == "2023-04");
        CHECK(dateline::shard_name(year, dated("a", "")) == "undated");
        CHECK(dateline::shard_name(month, dated("a", "")) == "undated");
    }

    TEST_CASE("hash shards depend on the id only, are zero-padded and spread the ids")
    {
        const ShardRule hash{ShardRule::Kind::hash, 16};
        // FNV-1a of "" is its offset basis: pinned so that the shard of an id never changes.
        CHECK(dateline::hash_article_id("") == 14695981039346656037ULL);
        CHECK(dateline::hash_article_id("a") == 12638187200555641996ULL);
        CHECK(dateline::shard_name(hash, dated("a", "2023-01-01")) == dateline::shard_name(hash, dated("a", "")));
        CHECK(dateline::shard_name(hash, dated("a", "")) == "hash-12-of-16"); // 12638187200555641996 % 16
        std::set<std::string> used;
        for (int i = 0; i < 200; ++i) {
            used.insert(dateline::shard_name(hash, dated("story-" + std::to_string(i), "")));
        }
        CHECK(used.size() == 16);
        CHECK(*used.begin() == "hash-00-of-16");
        CHECK(*used.rbegin() == "hash-15-of-16");
        CHECK(dateline::shard_name(ShardRule{ShardRule::Kind::hash, 8}, dated("a", "")) == "hash-4-of-8");
    }

    TEST_CASE("knows the names of its shards from other directories")
    {
        const ShardRule year{ShardRule::Kind::year, 0};
        const ShardRule month{ShardRule::Kind::month, 0};
        const ShardRule hash{ShardRule::Kind::hash, 16};
        CHECK(dateline::is_shard_name(year, "2023"));
        CHECK(dateline::is_shard_name(year, "undated"));
        CHECK(dateline::is_shard_name(month, "2023-04"));
        CHECK(dateline::is_shard_name(hash, "hash-07-of-16"));
        for (const char* other : {"2023.old-20240501", "2023.compact-Ab12Cd", "2023-04", "202", "x023"}) {
            CAPTURE(other);
            CHECK_FALSE(dateline::is_shard_name(year, other));
        }
        CHECK_FALSE(dateline::is_shard_name(month, "2023"));
        CHECK_FALSE(dateline::is_shard_name(month, "2023-4x"));
        CHECK_FALSE(dateline::is_shard_name(hash, "hash-7-of-16"));
        CHECK_FALSE(dateline::is_shard_name(hash, "hash-16-of-16"));
        CHECK_FALSE(dateline::is_shard_name(hash, "undated"));
    }

    TEST_CASE("the layout file records the rule and reads it back")
    {
        for (const char* text : {"year", "month", "hash:12"}) {
            CAPTURE(text);
            const ShardRule rule = dateline::parse_shard_rule(text);
            CHECK(dateline::parse_layout(dateline::format_layout(rule), "db/dateline-shards") == rule);
        }
        CHECK_THROWS_WITH_AS(dateline::parse_layout("# nothing\n", "db/dateline-shards"),
                             "db/dateline-shards records no shard rule (want a line \"shard-by year\", \"shard-by "
                             "month\" or \"shard-by hash:N\")",
                             Error);
        CHECK_THROWS_WITH_AS(dateline::parse_layout("shard-by week\n", "db/dateline-shards"),
                             "db/dateline-shards: \"week\" is not a shard rule: want year, month or hash:N (N from 2 "
                             "to 1000)",
                             Error);
    }

    TEST_CASE("the stub gets one auto line per new shard and keeps the lines it had")
    {
        const std::string first = dateline::add_shards_to_stub("", {"2021", "2022"});
        CHECK(first == "# Xapian stub database written by dateline-indexer: one line per shard "
                       "(docs/deployment.md).\nauto shards/2021\nauto shards/2022\n");
        CHECK(dateline::add_shards_to_stub(first, {"2021", "2022"}) == first);
        // An operator's remote shard and a line without its newline stay as they were.
        const std::string edited = "auto shards/2021\nremote :shard3.example:7001";
        CHECK(dateline::add_shards_to_stub(edited, {"2021", "2023"}) ==
              "auto shards/2021\nremote :shard3.example:7001\nauto shards/2023\n");
    }
}
