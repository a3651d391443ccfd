// In-process search through Dateline's own SearchService (what the server runs per request,
// minus HTTP): every query of QUERIES.tsv ROUNDS times after a warm-up pass; prints
// "class<TAB>milliseconds" per timed query, like bench-raw-search. Options after ROUNDS turn
// parts of a response off to see what each costs: --no-facets, --no-collapse. The response
// cache is off (every round would be answered from memory); --cache turns it on. --dump prints
// each query's answer (total, facets, hits with scores and snippets) once instead of timings,
// to diff the answers of two builds.
#include "common/search/search_request.h"
#include "common/search/search_service.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

namespace {

void dump_buckets(const char* facet, const std::vector<dateline::FacetBucket>& buckets)
{
    std::cout << "  " << facet << ':';
    for (const dateline::FacetBucket& bucket : buckets) {
        std::cout << ' ' << bucket.value << '=' << bucket.count;
    }
    std::cout << '\n';
}

void dump_response(const std::string& text, const dateline::SearchResponse& response)
{
    std::cout << "Q " << text << "\n  total " << response.total << (response.total_exact() ? "" : "+")
              << " did_you_mean " << response.did_you_mean << '\n';
    if (response.has_facets) {
        std::cout << "  facets exact " << response.facets.exact << '\n';
        dump_buckets("source", response.facets.source);
        dump_buckets("section", response.facets.section);
        dump_buckets("tag", response.facets.tag);
        dump_buckets("year", response.facets.year);
    }
    for (const dateline::SearchHit& hit : response.hits) {
        char score[32];
        std::snprintf(score, sizeof score, "%.6f", hit.score);
        std::cout << "  H " << hit.id << ' ' << score << " dup " << hit.duplicates << "\n    " << hit.snippet << '\n';
    }
}

} // namespace

int main(int argc, char** argv)
try {
    if (argc < 4) {
        std::cerr << "usage: bench-dateline-search DBDIR QUERIES.tsv ROUNDS [--no-facets] [--no-collapse] [--cache] "
                     "[--dump]\n";
        return 2;
    }
    bool facets = true;
    bool collapse = true;
    bool dump = false;
    dateline::SearchSettings settings;
    settings.cache_entries = 0;
    for (int i = 4; i < argc; ++i) {
        const std::string option = argv[i];
        if (option == "--no-facets") {
            facets = false;
        } else if (option == "--no-collapse") {
            collapse = false;
        } else if (option == "--dump") {
            dump = true;
        } else if (option == "--cache") {
            settings.cache_entries = dateline::SearchSettings{}.cache_entries;
        } else {
            std::cerr << "bench-dateline-search: unknown option " << option << '\n';
            return 2;
        }
    }
    std::vector<std::pair<std::string, std::string>> queries;
    std::ifstream in(argv[2]);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string id, cls, text;
        if (std::getline(fields, id, '\t') && std::getline(fields, cls, '\t') && std::getline(fields, text)) {
            queries.emplace_back(cls, text);
        }
    }
    const int rounds = std::stoi(argv[3]);
    dateline::SearchService service(argv[1], settings);
    for (int round = 0; round <= (dump ? 0 : rounds); ++round) {
        for (const auto& [cls, text] : queries) {
            dateline::SearchRequest request;
            request.query = text;
            request.facets = facets;
            request.collapse = collapse;
            const auto start = std::chrono::steady_clock::now();
            const dateline::SearchResponse response = service.search(request);
            if (dump) {
                dump_response(text, response);
                continue;
            }
            const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
            if (round > 0) {
                std::cout << cls << '\t' << ms << '\n';
            }
        }
    }
    return 0;
} catch (const std::exception& error) {
    std::cerr << "bench-dateline-search: " << error.what() << '\n';
    return 1;
}
