// Unit tests of the result-page features of common/search/search_service.h over a small invented
// archive written by ArticleIndexer in memory (on disk for spelling): facets (normalised, under
// filters, months for one year, undated), filters that combine, date order with undated last, the
// recency boost (undated neutral), collapsed syndicated copies, "did you mean", similar articles
// and completions.
#include "common/search/search_service.h"

#include "common/index/article_indexer.h"
#include "common/search/facets.h"
#include "common/search/result_order.h"
#include "tests/unit/test_support.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <string>
#include <vector>

using dateline::Article;
using dateline::ArticleIndexer;
using dateline::FacetBucket;
using dateline::SearchHit;
using dateline::SearchRequest;
using dateline::SearchResponse;
using dateline::SearchService;
using dateline::SortOrder;
using dateline::testing::TempDir;
using Strings = std::vector<std::string>;

namespace {

const Strings k_wire_story = {
    "The harbour board approved a plan on Monday to dredge the eastern channel so that larger grain ships can "
    "reach the quay at any tide, ending a dispute that had lasted three winters.",
    "Dredging is due to start in the autumn and to last about seven weeks, the board said, with the work paid for "
    "by a levy on cargo landed at the port over the next decade.",
    "Fishermen who moor in the eastern basin will be moved to temporary berths while the dredgers work, and the "
    "board promised to compensate any who lose landings during the move."};

Article make_article(const std::string& id, const std::string& title, Strings body, const std::string& source,
                     const std::string& section, const std::string& date, Strings tags = {})
{
    Article article;
    article.id = id;
    article.title = title;
    article.body = std::move(body);
    article.source = source;
    article.section = section;
    article.date = date;
    article.tags = std::move(tags);
    return article;
}

// Eleven invented articles: three copies of one wire story, spellings of one section and source
// that differ in case and spacing, several years, one undated article.
std::vector<Article> make_archive()
{
    Strings copy_b = k_wire_story;
    copy_b[0].replace(copy_b[0].find("Monday"), 6, "Tuesday");
    Strings copy_c = k_wire_story;
    copy_c.pop_back();
    copy_c.emplace_back("Comments (3)");
    return {
        make_article("wire-a", "Harbour board approves channel dredging", k_wire_story, "Meridian Wire", "Business",
                     "2023-03-06", {"Port", "dredging"}),
        make_article("wire-b", "Channel dredging approved by harbour board", copy_b, "Gull Gazette", "business",
                     "2023-03-07", {"port"}),
        make_article("wire-c", "Harbour board approves dredging", copy_c, "Northgate Courier", "  Business ",
                     "2023-03-07"),
        make_article("ferry", "Ferry fares frozen for the winter",
                     {"The ferry company froze fares on the estuary crossing until the spring, citing falling fuel "
                      "costs and a rise in passengers."},
                     "Meridian Wire", "Transport", "2022-11-20", {"ferries"}),
        make_article("lighthouse", "Lighthouse keeper retires after forty winters",
                     {"The keeper of the harbour light climbed the spiral stairs for the last time on Sunday."},
                     "meridian  wire", "Local", "2021-06-05", {"port"}),
        make_article("festival", "Lantern festival returns to the harbour",
                     {"Thousands watched paper lanterns drift across the harbour on Saturday night."}, "Gull Gazette",
                     "Culture", "2023-09-16"),
        make_article("regatta", "Harbour regatta cancelled after storm warning",
                     {"Organisers cancelled the harbour regatta when forecasters warned of gales."}, "Gull Gazette",
                     "Sport", "2023-01-10"),
        make_article("almanac", "Harbour almanac of tides and moorings",
                     {"A reference list of harbour moorings, tide tables and the names of the pilots."}, "Gull Gazette",
                     "Reference", ""),
        make_article("budget", "Council budget keeps harbour fees flat",
                     {"The council kept harbour fees at last year's level in a budget passed on Wednesday."},
                     "Northgate Courier", "Politics", "2024-02-01"),
        make_article("dredging-cost", "Channel dredging to cost more than planned",
                     {"Deepening the eastern channel for grain ships will cost more than the harbour board planned, "
                      "engineers said, because the dredgers found rock below the quay."},
                     "Estuary Post", "Transport", "2023-05-02"),
        make_article("chess", "Junior chess champion crowned",
                     {"A twelve-year-old won the junior chess championship in the town hall."}, "Northgate Courier",
                     "Culture", "2024-03-15"),
    };
}

// The archive in memory, for all but "did you mean".
struct Archive {
    Xapian::WritableDatabase db = dateline::testing::in_memory_db(make_archive());
};

// The archive on disk: spelling suggestions need the spelling data that Xapian's InMemory
// backend does not keep.
struct ArchiveOnDisk {
    TempDir dir;
    std::string db = dir.sub("db");
    ArchiveOnDisk()
    {
        ArticleIndexer indexer(db, 100);
        for (const Article& article : make_archive()) {
            indexer.add(article);
        }
        indexer.commit();
    }
};

SearchRequest make_request(const std::string& query, int size = 20)
{
    SearchRequest request;
    request.query = query;
    request.size = size;
    return request;
}

Strings hit_ids(const SearchResponse& response)
{
    Strings ids;
    for (const SearchHit& hit : response.hits) {
        ids.push_back(hit.id);
    }
    return ids;
}

std::size_t bucket_count(const std::vector<FacetBucket>& buckets, const std::string& value)
{
    for (const FacetBucket& bucket : buckets) {
        if (bucket.value == value) {
            return bucket.count;
        }
    }
    return 0;
}

} // namespace

TEST_SUITE("search_features")
{
    TEST_CASE("facets merge spellings into one bucket shown in the most common spelling")
    {
        Archive archive;
        SearchService service(archive.db);
        SearchRequest request = make_request("");
        request.collapse = false;
        const SearchResponse response = service.search(request);
        REQUIRE(response.has_facets);
        CHECK(response.facets.exact);
        // "Business" twice, "business" once, "  Business " (cleaned to "Business"): one bucket.
        CHECK(bucket_count(response.facets.section, "Business") == 3);
        CHECK(bucket_count(response.facets.section, "business") == 0);
        CHECK(bucket_count(response.facets.source, "Meridian Wire") == 3);
        CHECK(bucket_count(response.facets.tag, "port") == 3);
        CHECK(response.facets.source.front().value == "Gull Gazette"); // largest first
        CHECK(response.facets.source.front().count == 4);
        // Years in calendar order, undated last; no months unless one year is chosen.
        const std::vector<FacetBucket> years = {{"2021", 1}, {"2022", 1}, {"2023", 6}, {"2024", 2}, {"undated", 1}};
        CHECK(response.facets.year == years);
        CHECK(response.facets.month.empty());
    }

    TEST_CASE("facets are counted under the filters, with months when one year is chosen")
    {
        Archive archive;
        SearchService service(archive.db);
        SearchRequest request = make_request("harbour");
        request.filters.years = {"2023"};
        // Collapsed (the default), the year's count is the number of hits: three copies are one.
        const SearchResponse collapsed = service.search(request);
        CHECK(collapsed.facets.year == std::vector<FacetBucket>{{"2023", collapsed.total}});
        CHECK(collapsed.total == 4);
        request.collapse = false;
        const SearchResponse response = service.search(request);
        CHECK(response.facets.year == std::vector<FacetBucket>{{"2023", 6}});
        const std::vector<FacetBucket> months = {{"2023-01", 1}, {"2023-03", 3}, {"2023-05", 1}, {"2023-09", 1}};
        CHECK(response.facets.month == months);
        CHECK(bucket_count(response.facets.section, "Business") == 3);
        CHECK(bucket_count(response.facets.section, "Politics") == 0);

        SearchRequest range = make_request("harbour");
        range.filters.from = "2023-03-01";
        range.filters.to = "2023-12-31";
        CHECK(service.search(range).facets.month.size() == 3);
    }

    TEST_CASE("filters of different kinds combine and values of one kind widen")
    {
        Archive archive;
        SearchService service(archive.db);
        SearchRequest request = make_request("harbour");
        request.collapse = false;
        request.filters.sources = {"GULL gazette"};
        Strings ids = hit_ids(service.search(request));
        std::sort(ids.begin(), ids.end());
        CHECK(ids == Strings{"almanac", "festival", "regatta", "wire-b"});

        request.filters.sections = {"culture", "sport"};
        ids = hit_ids(service.search(request));
        std::sort(ids.begin(), ids.end());
        CHECK(ids == Strings{"festival", "regatta"});

        request.filters.from = "2023-02-01";
        CHECK(hit_ids(service.search(request)) == Strings{"festival"});

        SearchRequest tagged = make_request("");
        tagged.collapse = false;
        tagged.filters.tags = {" PORT "};
        tagged.filters.to = "2022-12-31";
        CHECK(hit_ids(service.search(tagged)) == Strings{"lighthouse"});

        SearchRequest undated = make_request("harbour");
        undated.filters.years = {"undated"};
        CHECK(hit_ids(service.search(undated)) == Strings{"almanac"});
        undated.filters.years = {"undated", "2021"};
        CHECK(service.search(undated).total == 2);
    }

    TEST_CASE("newest and oldest put undated articles last")
    {
        Archive archive;
        SearchService service(archive.db);
        SearchRequest request = make_request("harbour");
        request.collapse = false;
        request.sort = SortOrder::newest;
        Strings ids = hit_ids(service.search(request));
        REQUIRE(ids.size() == 9);
        CHECK(ids.front() == "budget");
        CHECK(ids.back() == "almanac");
        request.sort = SortOrder::oldest;
        ids = hit_ids(service.search(request));
        CHECK(ids.front() == "lighthouse");
        CHECK(ids.back() == "almanac");
    }

    TEST_CASE("the recency boost raises recent articles and leaves undated ones as they were")
    {
        CHECK(dateline::recency_factor(0, 30) == doctest::Approx(2.0));
        CHECK(dateline::recency_factor(30, 30) == doctest::Approx(1.5));
        CHECK(dateline::recency_factor(std::nullopt, 30) == doctest::Approx(1.0));

        Archive archive;
        SearchService service(archive.db);
        SearchRequest plain = make_request("harbour");
        plain.collapse = false;
        SearchRequest boosted = plain;
        boosted.recency_half_life_days = 30;
        const SearchResponse before = service.search(plain);
        const SearchResponse after = service.search(boosted);
        REQUIRE(before.hits.size() == after.hits.size());
        const auto score_of = [](const SearchResponse& response, const std::string& id) {
            for (const SearchHit& hit : response.hits) {
                if (hit.id == id) {
                    return hit.score;
                }
            }
            return -1.0;
        };
        // Undated: neutral. Ages count back from the archive's newest date (2024-03-15).
        CHECK(score_of(after, "almanac") == doctest::Approx(score_of(before, "almanac")));
        const double budget_factor = 1 + std::exp2(-43.0 / 30); // 2024-02-01 is 43 days older
        CHECK(score_of(after, "budget") == doctest::Approx(budget_factor * score_of(before, "budget")));
        CHECK(score_of(after, "lighthouse") == doctest::Approx(score_of(before, "lighthouse")).epsilon(0.001));
        CHECK(after.hits.front().id == "budget");
        for (std::size_t i = 1; i < after.hits.size(); ++i) {
            CHECK(after.hits[i - 1].score >= after.hits[i].score);
        }
        // Paging a boosted ranking gives the same order as one long page.
        boosted.size = 3;
        boosted.page = 2;
        const Strings all_ids = hit_ids(after);
        CHECK(hit_ids(service.search(boosted)) == Strings(all_ids.begin() + 3, all_ids.begin() + 6));
    }

    TEST_CASE("syndicated copies collapse into one hit that counts the others")
    {
        Archive archive;
        SearchService service(archive.db);
        const SearchResponse collapsed = service.search(make_request("levy cargo"));
        const Strings ids = hit_ids(collapsed);
        CHECK(std::count_if(ids.begin(), ids.end(), [](const std::string& id) { return id.starts_with("wire-"); }) == 1);
        const SearchHit& top = collapsed.hits.front();
        CHECK(top.id.starts_with("wire-"));
        CHECK(top.duplicates == 2);
        CHECK(collapsed.total == 1);

        SearchRequest all = make_request("levy cargo");
        all.collapse = false;
        const SearchResponse expanded = service.search(all);
        CHECK(expanded.total == 3);
        const std::set<std::string> clusters = {expanded.hits[0].cluster, expanded.hits[1].cluster,
                                                expanded.hits[2].cluster};
        CHECK(clusters.size() == 1);

        const dateline::DuplicatesResponse others = service.duplicates_of("wire-b");
        CHECK(others.cluster == expanded.hits[0].cluster);
        Strings other_ids;
        for (const Article& article : others.duplicates) {
            other_ids.push_back(article.id);
        }
        std::sort(other_ids.begin(), other_ids.end());
        CHECK(other_ids == Strings{"wire-a", "wire-c"});
        CHECK(service.duplicates_of("ferry").duplicates.empty());
        CHECK(service.duplicate_clusters().size() == 1);
    }

    TEST_CASE("with copies collapsed, a facet counts the hits a click on it would show")
    {
        Archive archive;
        SearchService service(archive.db);
        const auto bucket = [](const std::vector<dateline::FacetBucket>& buckets, const std::string& value) {
            for (const dateline::FacetBucket& b : buckets) {
                if (b.value == value) {
                    return b.count;
                }
            }
            return std::size_t{0};
        };
        // The three copies come from three outlets and spell one section three ways.
        const SearchResponse collapsed = service.search(make_request("levy cargo"));
        REQUIRE(collapsed.total == 1);
        CHECK(bucket(collapsed.facets.section, "Business") == 1);
        for (const char* source : {"Meridian Wire", "Gull Gazette", "Northgate Courier"}) {
            CAPTURE(source);
            CHECK(bucket(collapsed.facets.source, source) == 1); // filtering on it shows that outlet's copy
            SearchRequest filtered = make_request("levy cargo");
            filtered.filters.sources = {source};
            CHECK(service.search(filtered).total == 1);
        }
        const std::size_t years = std::accumulate(collapsed.facets.year.begin(), collapsed.facets.year.end(), std::size_t{0},
                                                  [](std::size_t sum, const dateline::FacetBucket& b) { return sum + b.count; });
        CHECK(years == 1);

        SearchRequest all = make_request("levy cargo");
        all.collapse = false;
        const SearchResponse expanded = service.search(all);
        CHECK(bucket(expanded.facets.section, "Business") == 3);
        CHECK(bucket(expanded.facets.source, "Gull Gazette") == 1);
    }

    TEST_CASE("a misspelt query gets a suggestion, and its results when it finds nothing")
    {
        ArchiveOnDisk archive;
        SearchService service(archive.db);
        const SearchResponse response = service.search(make_request("lanturn festival"));
        CHECK(response.did_you_mean == "lantern festival");
        CHECK(response.showing_results_for.empty()); // "festival" matched as typed
        CHECK(hit_ids(response) == Strings{"festival"});

        const SearchResponse nothing = service.search(make_request("regata"));
        CHECK(nothing.did_you_mean == "regatta");
        CHECK(nothing.showing_results_for == "regatta");
        CHECK(nothing.query == "regata");
        CHECK(hit_ids(nothing) == Strings{"regatta"});

        CHECK(service.search(make_request("harbour regatta")).did_you_mean.empty());
        CHECK(service.search(make_request("title:regata")).did_you_mean == "title:regatta");
    }

    TEST_CASE("similar articles exclude the article and its copies and can be limited in time")
    {
        Archive archive;
        SearchService service(archive.db);
        dateline::SimilarRequest request;
        request.id = "wire-a";
        const dateline::SimilarResponse response = service.similar(request);
        REQUIRE_FALSE(response.hits.empty());
        CHECK(response.hits.front().id == "dredging-cost");
        for (const SearchHit& hit : response.hits) {
            CAPTURE(hit.id);
            CHECK_FALSE(hit.id.starts_with("wire-"));
        }
        request.days = 30;
        for (const SearchHit& hit : service.similar(request).hits) {
            CAPTURE(hit.id);
            CHECK(hit.date >= "2023-02-04");
            CHECK(hit.date <= "2023-04-05");
        }
        request.id = "almanac";
        CHECK_FALSE(service.similar(request).note.empty()); // undated: the window cannot apply
        request.id = "no-such-article";
        CHECK(dateline::testing::catch_error_code([&] { service.similar(request); }) == "not_found");
    }

    TEST_CASE("completions finish the typed word and find titles")
    {
        Archive archive;
        SearchService service(archive.db);
        dateline::SuggestRequest request;
        request.prefix = "HARB";
        dateline::Completions completions = service.suggest(request);
        REQUIRE_FALSE(completions.terms.empty());
        CHECK(completions.terms.front() == "harbour");
        CHECK(completions.titles.size() == 5);

        request.prefix = "harbour board app";
        completions = service.suggest(request);
        REQUIRE_FALSE(completions.terms.empty());
        CHECK(completions.terms.front() == "harbour board approves");
        REQUIRE(completions.titles.size() == 1); // three copies, one title
        CHECK(completions.titles.front().id.starts_with("wire-"));

        request.prefix = "lantern ";
        CHECK(service.suggest(request).terms.empty());
        CHECK(service.suggest(request).titles.size() == 1);
        request.prefix = "zzq";
        CHECK(service.suggest(request).terms.empty());
        CHECK(service.suggest(request).titles.empty());
    }
}
