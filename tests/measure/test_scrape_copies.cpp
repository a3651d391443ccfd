// Syndicated-copy detection on ../shared/corpora/scrapes: pages with the same `origin` in
// truth.jsonl are copies. Pairwise precision and recall over all page pairs, from the cluster
// keys that the real indexing path (scrape reader, cleaner, ArticleIndexer) assigns, and from
// the truth bodies indexed directly (the detector alone, without the cleaner's losses).
#include "common/index/article_indexer.h"
#include "common/ingest/ingest.h"
#include "common/search/search_service.h"
#include "common/text/text_utils.h"
#include "tests/support/temp_dir.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using dateline::Article;

namespace {

const fs::path k_scrapes = fs::path(DATELINE_SHARED_CORPORA_DIR) / "scrapes";
const std::vector<std::string> k_layouts = {"dev-print", "dev-regional", "dev-tabloid", "dev-wire"};

struct TruthPage {
    std::string file; // "dev-print/dev-print-000.txt"
    std::string origin;
    Article article;  // the page's true title, date and body
};

std::vector<TruthPage> read_truth()
{
    std::vector<TruthPage> pages;
    std::ifstream in(k_scrapes / "truth.jsonl");
    std::string line;
    while (std::getline(in, line)) {
        const nlohmann::json record = nlohmann::json::parse(line);
        TruthPage page;
        page.file = record.at("file").get<std::string>();
        page.origin = record.at("origin").get<std::string>();
        page.article.id = page.file;
        page.article.title = record.value("title", "");
        page.article.date = record["date"].is_string() ? record["date"].get<std::string>() : "";
        page.article.body = record.at("body").get<std::vector<std::string>>();
        pages.push_back(std::move(page));
    }
    return pages;
}

std::string file_name(const std::string& path)
{
    return fs::path(path).filename().string();
}

// Cluster key of each article id (by file name); articles alone in their cluster get their id.
std::map<std::string, std::string> read_cluster_keys(const std::string& db)
{
    std::map<std::string, std::string> keys;
    dateline::SearchService service(db);
    for (const dateline::DuplicateCluster& cluster : service.duplicate_clusters()) {
        for (const Article& article : cluster.articles) {
            keys[file_name(article.id)] = cluster.key;
        }
    }
    return keys;
}

struct PairCounts {
    std::size_t true_pairs = 0;
    std::size_t predicted_pairs = 0;
    std::size_t correct_pairs = 0;
    [[nodiscard]] double precision() const
    {
        return predicted_pairs == 0 ? 1.0 : static_cast<double>(correct_pairs) / static_cast<double>(predicted_pairs);
    }
    [[nodiscard]] double recall() const
    {
        return true_pairs == 0 ? 1.0 : static_cast<double>(correct_pairs) / static_cast<double>(true_pairs);
    }
};

// Pairwise counts over the pages `included` allows; copies that were missed are listed in `missed`.
template <typename Included>
PairCounts count_pairs(const std::vector<TruthPage>& pages, const std::map<std::string, std::string>& keys,
                       Included included, std::vector<std::string>* missed = nullptr)
{
    PairCounts counts;
    const auto key_of = [&](const TruthPage& page) {
        const auto it = keys.find(file_name(page.file));
        return it == keys.end() ? "alone:" + page.file : it->second;
    };
    for (std::size_t i = 0; i < pages.size(); ++i) {
        for (std::size_t j = i + 1; j < pages.size(); ++j) {
            if (!included(pages[i]) || !included(pages[j])) {
                continue;
            }
            const bool copies = pages[i].origin == pages[j].origin;
            const bool predicted = key_of(pages[i]) == key_of(pages[j]);
            counts.true_pairs += copies ? 1 : 0;
            counts.predicted_pairs += predicted ? 1 : 0;
            counts.correct_pairs += copies && predicted ? 1 : 0;
            if (copies && !predicted && missed != nullptr) {
                missed->push_back(pages[i].file + " ~ " + pages[j].file);
            }
        }
    }
    return counts;
}

// Share of the true body's words that the cleaner kept (multiset recall).
double body_word_recall(const Article& extracted, const Article& truth)
{
    std::vector<std::string> got = dateline::lower_words(dateline::body_text(extracted));
    std::vector<std::string> want = dateline::lower_words(dateline::body_text(truth));
    std::sort(got.begin(), got.end());
    std::sort(want.begin(), want.end());
    std::vector<std::string> common;
    std::set_intersection(got.begin(), got.end(), want.begin(), want.end(), std::back_inserter(common));
    return want.empty() ? 1.0 : static_cast<double>(common.size()) / static_cast<double>(want.size());
}

void print_counts(const std::string& label, const PairCounts& counts)
{
    char line[256];
    std::snprintf(line, sizeof line, "%s: %zu true copy pairs, %zu predicted, %zu correct: precision %.3f recall %.3f",
                  label.c_str(), counts.true_pairs, counts.predicted_pairs, counts.correct_pairs, counts.precision(),
                  counts.recall());
    std::cout << line << '\n';
}

} // namespace

TEST_SUITE("measure")
{
    TEST_CASE("scrape copies: pairwise precision >= 0.98 and recall >= 0.95")
    {
        if (!fs::exists(k_scrapes / "truth.jsonl")) {
            std::cout << "SKIPPED: " << k_scrapes.string() << "/truth.jsonl not found (the shared corpora are absent)\n";
            return;
        }
        const std::vector<TruthPage> pages = read_truth();
        REQUIRE(pages.size() >= 100);

        // The real indexing path: the scrape reader, the cleaner and the indexer.
        dateline::testing::TempDir real;
        std::map<std::string, Article> extracted;
        {
            dateline::ArticleIndexer indexer(real.sub("db"), 500);
            std::vector<std::string> inputs;
            for (const std::string& layout : k_layouts) {
                inputs.push_back((k_scrapes / layout).string());
            }
            const auto readers = dateline::make_default_readers();
            const dateline::IngestReport report = dateline::ingest_paths(inputs, readers, [&](Article&& article) {
                indexer.add(article);
                extracted[file_name(article.id)] = std::move(article);
            });
            indexer.commit();
            REQUIRE(report.articles_indexed == pages.size());
        }
        const std::map<std::string, std::string> real_keys = read_cluster_keys(real.sub("db"));
        const PairCounts real_counts = count_pairs(pages, real_keys, [](const TruthPage&) { return true; });
        // Pages whose body the cleaner mostly kept: copy detection cannot find text that is lost.
        const auto well_extracted = [&](const TruthPage& page) {
            const auto it = extracted.find(file_name(page.file));
            return it != extracted.end() && body_word_recall(it->second, page.article) >= 0.8;
        };
        const std::size_t kept = static_cast<std::size_t>(std::count_if(pages.begin(), pages.end(), well_extracted));
        std::vector<std::string> missed;
        const PairCounts kept_counts = count_pairs(pages, real_keys, well_extracted, &missed);

        // The detector alone: the true bodies and titles, indexed directly.
        dateline::testing::TempDir direct;
        {
            dateline::ArticleIndexer indexer(direct.sub("db"), 500);
            for (const TruthPage& page : pages) {
                indexer.add(page.article);
            }
            indexer.commit();
        }
        const PairCounts truth_counts = count_pairs(pages, read_cluster_keys(direct.sub("db")),
                                                    [](const TruthPage&) { return true; });

        print_counts("real indexing path, all " + std::to_string(pages.size()) + " pages", real_counts);
        print_counts("real indexing path, the " + std::to_string(kept) + " pages whose body the cleaner kept (>= 80% of its words)",
                     kept_counts);
        print_counts("true bodies indexed directly", truth_counts);
        for (const std::string& pair : missed) {
            std::cout << "  missed among the kept pages: " << pair << '\n';
        }

        CHECK(real_counts.precision() >= 0.98);
        CHECK(kept_counts.precision() >= 0.98);
        CHECK(kept_counts.recall() >= 0.95);
        CHECK(truth_counts.precision() >= 0.98);
        CHECK(truth_counts.recall() >= 0.95);
    }
}
