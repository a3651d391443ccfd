// Unit tests of the guards against hostile requests and clients (issue 7): the token bucket of
// --rate-limit, the credential check of --auth-token, unknown-parameter warnings, encoding
// checks, the query's word and bracket bounds, the search deadline, and the indexer's stop on
// SIGINT/SIGTERM (StopRequest).
#include "common/web/access_control.h"
#include "common/errors.h"
#include "common/cli/indexer_commands.h"
#include "common/search/query_syntax.h"
#include "common/web/rate_limiter.h"
#include "common/search/search_request.h"
#include "common/search/search_service.h"
#include "common/cli/stop_request.h"
#include "tests/unit/test_support.h"

#include <doctest/doctest.h>

#include <csignal>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using dateline::RateLimiter;
using dateline::testing::TempDir;
using Params = std::multimap<std::string, std::string>;
using namespace std::chrono_literals;

TEST_SUITE("RateLimiter")
{
    TEST_CASE("allows a burst, then one request per 1/rate seconds, per client")
    {
        RateLimiter limiter(2, 3); // 2 per second, bursts of 3
        const RateLimiter::Clock::time_point start{};
        for (int i = 0; i < 3; ++i) {
            CAPTURE(i);
            CHECK(limiter.take("10.0.0.1", start).allowed);
        }
        const dateline::RateDecision refused = limiter.take("10.0.0.1", start);
        CHECK_FALSE(refused.allowed);
        CHECK(refused.retry_after_seconds == 1); // half a second, rounded up
        CHECK(limiter.take("10.0.0.2", start).allowed); // another client has its own bucket
        CHECK_FALSE(limiter.take("10.0.0.1", start + 400ms).allowed);
        CHECK(limiter.take("10.0.0.1", start + 500ms).allowed);
        CHECK_FALSE(limiter.take("10.0.0.1", start + 500ms).allowed);
        // Long idle: the bucket refills to the burst, never beyond.
        for (int i = 0; i < 3; ++i) {
            CHECK(limiter.take("10.0.0.1", start + 60s).allowed);
        }
        CHECK_FALSE(limiter.take("10.0.0.1", start + 60s).allowed);
    }

    TEST_CASE("names the wait in whole seconds for slow rates")
    {
        RateLimiter limiter(0.1, 1); // one request per 10 s
        const RateLimiter::Clock::time_point start{};
        CHECK(limiter.take("a", start).allowed);
        const dateline::RateDecision refused = limiter.take("a", start + 1s);
        CHECK_FALSE(refused.allowed);
        CHECK(refused.retry_after_seconds == 9);
    }

    TEST_CASE("keeps at most max_clients buckets under a flood of addresses")
    {
        RateLimiter limiter(1, 1, 100);
        const RateLimiter::Clock::time_point start{};
        for (int i = 0; i < 10000; ++i) {
            limiter.take("client-" + std::to_string(i), start);
            REQUIRE(limiter.clients() <= 100);
        }
        // Idle buckets are forgotten first.
        CHECK(limiter.take("late", start + 10s).allowed);
        CHECK(limiter.clients() <= 100);
    }
}

TEST_SUITE("access control")
{
    TEST_CASE("accepts the token as a Bearer token or as a basic password and nothing else")
    {
        const std::string token = "s3cret-token";
        // "reader:s3cret-token" and "x:wrong" in base64
        const std::string basic_ok = "Basic cmVhZGVyOnMzY3JldC10b2tlbg==";
        const std::string basic_wrong = "Basic eDp3cm9uZw==";
        struct Row {
            std::string header;
            bool accepted;
        };
        const Row rows[] = {
            {"Bearer s3cret-token", true},
            {"bearer s3cret-token", true},
            {"  Bearer s3cret-token  ", true},
            {basic_ok, true},
            {"Bearer s3cret-toke", false},
            {"Bearer s3cret-token2", false},
            {"Bearer ", false},
            {"", false},
            {"s3cret-token", false},
            {"Token s3cret-token", false},
            {basic_wrong, false},
            {"Basic !!!!", false},
            {"Basic czNjcmV0LXRva2Vu", false}, // "s3cret-token" without a colon
        };
        for (const Row& row : rows) {
            CAPTURE(row.header);
            CHECK(dateline::is_authorized(row.header, token) == row.accepted);
        }
        CHECK_FALSE(dateline::is_authorized("Bearer ", ""));
    }

    TEST_CASE("decodes base64 with padding and refuses anything else")
    {
        bool ok = false;
        CHECK(dateline::decode_base64("YTpi", ok) == "a:b");
        CHECK(ok);
        CHECK(dateline::decode_base64("YTpiYw==", ok) == "a:bc");
        CHECK(ok);
        dateline::decode_base64("YTpiYw=", ok);
        CHECK_FALSE(ok);
        dateline::decode_base64("YT=iYw==", ok);
        CHECK_FALSE(ok);
        dateline::decode_base64("YTp*", ok);
        CHECK_FALSE(ok);
    }
}

TEST_SUITE("hostile parameters")
{
    TEST_CASE("lists unknown parameters once each, bounded, and ignores known ones")
    {
        CHECK(dateline::unknown_parameter_warnings({{"q", "x"}, {"size", "3"}}, dateline::k_search_parameters).empty());
        const std::vector<std::string> one =
            dateline::unknown_parameter_warnings({{"q", "x"}, {"qq", "1"}, {"qq", "2"}}, dateline::k_search_parameters);
        REQUIRE(one.size() == 1);
        CHECK(one[0] == "unknown parameter \"qq\" was ignored");
        Params many;
        for (int i = 0; i < 25; ++i) {
            many.emplace("p" + std::to_string(100 + i), "1");
        }
        const std::vector<std::string> bounded = dateline::unknown_parameter_warnings(many, dateline::k_search_parameters);
        REQUIRE(bounded.size() == dateline::k_max_warnings + 1);
        CHECK(bounded.back() == "… and 15 more unknown parameters were ignored");
        const std::vector<std::string> long_name =
            dateline::unknown_parameter_warnings({{std::string(500, 'n'), "1"}}, dateline::k_suggest_parameters);
        REQUIRE(long_name.size() == 1);
        CHECK(long_name[0].size() < 100);
    }

    TEST_CASE("finds invalid percent-escapes and invalid UTF-8")
    {
        CHECK(dateline::find_encoding_problem("/api/v1/search?q=caf%C3%A9", {{"q", "café"}}).empty());
        CHECK(dateline::find_encoding_problem("/api/v1/search?q=100%zz", {{"q", "100%zz"}}) ==
              "the URL has an invalid percent-escape \"%zz\" at byte 21 (write % as %25)");
        CHECK(dateline::find_encoding_problem("/api/v1/search?q=5%", {{"q", "5%"}}) ==
              "the URL has an invalid percent-escape \"%\" at byte 19 (write % as %25)");
        CHECK(dateline::find_encoding_problem("/api/v1/search?q=%FF", {{"q", "\xff"}}) ==
              "\"q\" is not valid UTF-8; percent-encode UTF-8 bytes only");
        CHECK(dateline::find_encoding_problem("/x?%C0=1", {{"\xc0", "1"}}) ==
              "a parameter name is not valid UTF-8; percent-encode UTF-8 bytes only");
        CHECK(dateline::find_encoding_problem("/x?q=a%00b", {{"q", std::string("a\0b", 3)}}) ==
              "a parameter holds a NUL byte (%00); no text here contains one");
    }

    TEST_CASE("reads a query of many words, with operators between them")
    {
        // Words beyond k_max_query_words are not refused: a search keeps the most informative
        // (tests/unit/test_long_query.cpp).
        std::string joined = "w0";
        for (std::size_t i = 1; i < 3 * dateline::k_max_query_words; ++i) {
            joined += (i % 3 == 0 ? " OR " : i % 3 == 1 ? " NEAR/5 " : " AND NOT ") + ("w" + std::to_string(i));
        }
        REQUIRE(joined.size() <= dateline::k_max_query_bytes);
        CHECK(dateline::parse_search_request({{"q", joined}}).query == joined);
    }

    TEST_CASE("refuses brackets nested deeper than the bound")
    {
        const auto nested = [](unsigned depth) {
            return std::string(depth, '(') + "harbour" + std::string(depth, ')');
        };
        CHECK(dateline::parse_query_syntax(nested(dateline::k_max_bracket_depth)).text == "harbour");
        CHECK_THROWS_WITH_AS(dateline::parse_query_syntax(nested(dateline::k_max_bracket_depth + 1)),
                             "brackets are nested more than 32 deep", dateline::QuerySyntaxError);
        // A thousand unclosed brackets: an error, not a stack overflow.
        CHECK_THROWS_AS(dateline::parse_query_syntax(std::string(1000, '(')), dateline::QuerySyntaxError);
    }
}

namespace {

// `count` tide tables from two sources, all matching "tide" and "harbour".
Xapian::WritableDatabase tide_tables(int count)
{
    std::vector<dateline::Article> articles;
    for (int i = 0; i < count; ++i) {
        dateline::Article article;
        article.id = "tide-" + std::to_string(i);
        article.title = "Tide table " + std::to_string(i);
        article.source = i % 2 == 0 ? "Harbour Ledger" : "Northgate Courier";
        article.body = {"High tide and low tide at the harbour, reading " + std::to_string(i) + "."};
        articles.push_back(article);
    }
    return dateline::testing::in_memory_db(articles);
}

} // namespace

TEST_SUITE("search deadline")
{
    TEST_CASE("a search past its deadline answers with what it saw, marked partial")
    {
        const Xapian::WritableDatabase db = tide_tables(50);
        dateline::SearchRequest request;
        request.query = "tide";
        dateline::SearchResponse in_time = dateline::SearchService(db).search(request);
        CHECK_FALSE(in_time.partial);
        CHECK(in_time.total == 50);
        CHECK(in_time.total_exact());

        dateline::SearchSettings no_time;
        no_time.deadline = 0ms; // expired before the first document
        const dateline::SearchResponse cut = dateline::SearchService(db, no_time).search(request);
        CHECK(cut.partial);
        CHECK(cut.hits.empty());
        CHECK_FALSE(cut.total_exact());
        // The counter saw no match at all, which read as "saw every match": facets marked exact.
        REQUIRE(cut.has_facets);
        CHECK_FALSE(cut.facets.exact);
        CHECK(in_time.facets.exact);
    }

    TEST_CASE("a partial answer's total is a lower bound never below the hits it shows")
    {
        const Xapian::WritableDatabase db = tide_tables(3000);
        dateline::SearchRequest request;
        request.query = "tide harbour";
        request.page = 2;
        // Deadlines that end the search at different points: before, during and after the
        // page's pass and the facets' pass.
        for (int ms = 1; ms <= 12; ++ms) {
            dateline::SearchSettings settings;
            settings.deadline = std::chrono::milliseconds(ms);
            settings.cache_entries = 0;
            const dateline::SearchResponse response = dateline::SearchService(db, settings).search(request);
            CAPTURE(ms);
            if (!response.hits.empty()) {
                CHECK(response.total >= (request.page - 1) * request.size + response.hits.size());
            }
            if (response.partial) {
                CHECK_FALSE(response.total_exact());
                CHECK_FALSE(response.facets.exact);
            }
        }
    }
}

TEST_SUITE("indexer stop")
{
    TEST_CASE("an index run asked to stop commits what it read, says so and reports stopped")
    {
        TempDir dir;
        const std::string input = dir.sub("a.jsonl");
        {
            std::ofstream out(input);
            out << R"({"id":"a-1","title":"One","body":"First."})" << '\n';
        }
        dateline::IndexerOptions options;
        options.command = dateline::IndexerOptions::Command::index;
        options.db = dir.sub("db");
        options.paths = {input};
        options.delete_missing = true;
        std::istringstream in;
        std::ostringstream out;
        std::ostringstream err;
        dateline::CommandContext context{in, out, err, false, true};
        dateline::StopRequest stop;
        stop.request(SIGTERM);
        const dateline::CommandStatus status = dateline::run_index_command(options, context, stop);
        CHECK(status == dateline::CommandStatus::stopped);
        CHECK(err.str().find("dateline-indexer: stopped by SIGTERM: committed the 0 articles read so far; run the "
                             "same command again") != std::string::npos);
        CHECK(err.str().find("--delete-missing deleted nothing") != std::string::npos);
        // The second run, not asked to stop, indexes everything.
        std::ostringstream err2;
        dateline::CommandContext again{in, out, err2, false, true};
        dateline::StopRequest not_asked;
        CHECK(dateline::run_index_command(options, again, not_asked) == dateline::CommandStatus::done);
        CHECK(dateline::SearchService(options.db).document_count() == 1);
    }
}
