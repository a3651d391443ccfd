// Unit tests of bench/ranking_metrics.h: nDCG@k, average precision and recall@k on a tiny
// ranked list computed by hand, and the readers of queries.jsonl and qrels.tsv.
#include "bench/ranking_metrics.h"

#include "common/errors.h"
#include "tests/unit/test_support.h"

#include <doctest/doctest.h>

#include <fstream>

using dateline::average_precision;
using dateline::Error;
using dateline::ndcg_at;
using dateline::recall_at;
using dateline::testing::TempDir;

namespace {

// Relevant: a, b, c, d; the list finds a at rank 1, b at 3, c at 5 and never d.
const std::vector<std::string> k_ranked = {"a", "x", "b", "y", "c"};
const std::set<std::string> k_relevant = {"a", "b", "c", "d"};

void write_file(const std::string& path, const std::string& text)
{
    std::ofstream(path) << text;
}

} // namespace

TEST_SUITE("ranking metrics")
{
    TEST_CASE("computes nDCG at a cut-off by hand")
    {
        // DCG@5 = 1/log2(2) + 1/log2(4) + 1/log2(6); ideal = four relevant at ranks 1-4.
        CHECK(ndcg_at(k_ranked, k_relevant, 5) == doctest::Approx(0.7365897).epsilon(1e-6));
        // Cut at 2: only a counts; ideal has two relevant ids.
        CHECK(ndcg_at(k_ranked, k_relevant, 2) == doctest::Approx(0.6131472).epsilon(1e-6));
        CHECK(ndcg_at({"a", "b", "c", "d"}, k_relevant, 10) == doctest::Approx(1.0));
        CHECK(ndcg_at({"x", "y"}, k_relevant, 10) == 0.0);
        CHECK(ndcg_at(k_ranked, {}, 10) == 0.0);
    }

    TEST_CASE("computes average precision with unretrieved relevant ids counting zero")
    {
        // (1/1 + 2/3 + 3/5 + 0) / 4
        CHECK(average_precision(k_ranked, k_relevant) == doctest::Approx(0.5666667).epsilon(1e-6));
        CHECK(average_precision({"a", "b", "c", "d"}, k_relevant) == doctest::Approx(1.0));
        CHECK(average_precision({}, k_relevant) == 0.0);
    }

    TEST_CASE("computes recall at a cut-off")
    {
        CHECK(recall_at(k_ranked, k_relevant, 3) == doctest::Approx(0.5));
        CHECK(recall_at(k_ranked, k_relevant, 100) == doctest::Approx(0.75));
        CHECK(recall_at(k_ranked, k_relevant, 0) == 0.0);
    }

    TEST_CASE("reads queries and relevance judgments and names a malformed line")
    {
        TempDir dir;
        write_file(dir.sub("queries.jsonl"), "{\"id\": \"1\", \"text\": \"tidal power\"}\n\n{\"id\": 2, \"text\": \"ferries\"}\n");
        const std::vector<dateline::EvalQuery> queries = dateline::read_eval_queries(dir.sub("queries.jsonl"));
        REQUIRE(queries.size() == 2);
        CHECK(queries[1].id == "2");
        CHECK(queries[1].text == "ferries");

        write_file(dir.sub("qrels.tsv"), "1\td7\t1\n1\td9\t2\n2\td1\t0\n");
        const auto judgments = dateline::read_relevance_judgments(dir.sub("qrels.tsv"));
        CHECK(judgments.at("1") == std::set<std::string>{"d7", "d9"});
        CHECK(judgments.count("2") == 0);

        write_file(dir.sub("bad.tsv"), "1\td7\t1\n1 d9 1\n");
        const std::string message = dir.sub("bad.tsv") + ":2: want query_id<TAB>doc_id<TAB>relevance";
        CHECK_THROWS_WITH_AS(dateline::read_relevance_judgments(dir.sub("bad.tsv")), message.c_str(), Error);
        write_file(dir.sub("bad.jsonl"), "{\"id\": \"1\"}\n");
        const std::string query_message = dir.sub("bad.jsonl") + ":1: want a JSON object with \"id\" and \"text\"";
        CHECK_THROWS_WITH_AS(dateline::read_eval_queries(dir.sub("bad.jsonl")), query_message.c_str(), Error);
    }
}
