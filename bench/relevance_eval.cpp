// dateline-eval: indexes the judged test collections (CISI, SciFact) with Dateline's own
// ArticleIndexer, runs their queries the way the search API does (parse_search_request, then
// SearchService with the default settings or the ones given on the command line), so its
// figures are what users get, and prints nDCG@10, MAP and Recall@100 beside the anchors of
// ../shared/docs/ANCHORS.md. Run it with `make eval`; it is not part of `make test`.
#include "common/index/article_indexer.h"
#include "common/errors.h"
#include "common/ingest/ingest.h"
#include "bench/ranking_metrics.h"
#include "common/search/search_service.h"
#include "common/text/char_class.h"
#include "common/text/text_utils.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace {

struct Collection {
    std::string name;
    double anchor_shipped;  // Xapian BM25 as shipped (k1=1, b=0.5), QueryParser default OR
    double anchor_bm25;     // Xapian BM25 k1=1.2, b=0.75
    double anchor_best;     // best tuned Xapian weighting (IneB2 on CISI, a tuned BM25 on SciFact)
    double target;          // issue 4's target for nDCG@10
};

// nDCG@10 figures from ../shared/docs/ANCHORS.md and issue 4.
const std::vector<Collection> k_collections = {
    {"cisi", 0.384, 0.388, 0.409, 0.42},
    {"scifact", 0.686, 0.694, 0.700, 0.71},
};

constexpr int k_depth = 100; // hits per query: Recall@100 and MAP over the first 100

struct Options {
    std::string data_dir = DATELINE_EVAL_DATA_DIR;
    std::string work_dir = DATELINE_EVAL_WORK_DIR;
    std::vector<std::string> only;
    bool upper = false;
    dateline::DefaultOperator op = dateline::DefaultOperator::op_or;
    dateline::RankingSettings ranking; // the defaults unless overridden for an experiment
    bool reuse_index = false;
    bool per_query = false;
};

struct Scores {
    std::size_t queries = 0;
    double ndcg = 0;
    double map = 0;
    double recall = 0;
    double ms_per_query = 0;
    std::size_t refused = 0; // queries the API refuses (400): they count as finding nothing
};

const char* k_usage = "usage: dateline-eval [--data DIR] [--work DIR] [--only NAME]... [--op and|or] [--upper]\n"
                      "                     [--k1 X] [--b X] [--proximity WEIGHT] [--window WORDS] [--keep-stop-words]\n"
                      "  --data DIR   the collections (default " DATELINE_EVAL_DATA_DIR ")\n"
                      "  --work DIR   where the temporary databases go (default " DATELINE_EVAL_WORK_DIR ")\n"
                      "  --only NAME  evaluate only this collection (cisi, scifact)\n"
                      "  --op and|or  the default operator between free words (default or)\n"
                      "  --upper      type every query in capitals, except the words and/or/not\n"
                      "Experiments (the defaults are what users get): --scheme NAME (bm25, ineb2, dph, …), BM25 --k1 and --b, DFR --c; the proximity boost's\n"
                      "--proximity weight (0 turns it off), --window and --max-pairs; the unordered pairs' --near weight and\n"
                      "--near-window; --no-join (hyphenated words not also matched written as one); --feedback DOCS,TERMS,WEIGHT;\n"
                      "--keep-stop-words; --reuse-index keeps\n"
                      "the databases of the previous run (only for query-time experiments); --per-query prints each\n"
                      "query's nDCG@10 and the ranks of its relevant documents.\n";

Options parse_options(int argc, char** argv)
{
    Options options;
    const std::vector<std::string> args(argv + 1, argv + argc);
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        auto value = [&]() -> const std::string& {
            if (i + 1 >= args.size()) {
                throw std::invalid_argument(arg + " needs a value");
            }
            return args[++i];
        };
        if (arg == "--data") {
            options.data_dir = value();
        } else if (arg == "--work") {
            options.work_dir = value();
        } else if (arg == "--only") {
            options.only.push_back(value());
        } else if (arg == "--op") {
            const std::string& op = value();
            if (op != "and" && op != "or") {
                throw std::invalid_argument("--op must be and or or, got " + op);
            }
            options.op = op == "and" ? dateline::DefaultOperator::op_and : dateline::DefaultOperator::op_or;
        } else if (arg == "--upper") {
            options.upper = true;
        } else if (arg == "--feedback") {
            // DOCS,TERMS,WEIGHT
            const std::string spec = value();
            const std::size_t a = spec.find(',');
            const std::size_t b = spec.find(',', a + 1);
            options.ranking.feedback_docs = static_cast<unsigned>(std::stoul(spec.substr(0, a)));
            options.ranking.feedback_terms = static_cast<unsigned>(std::stoul(spec.substr(a + 1, b - a - 1)));
            options.ranking.feedback_weight = std::stod(spec.substr(b + 1));
        } else if (arg == "--scheme") {
            options.ranking.scheme = value();
        } else if (arg == "--c") {
            options.ranking.dfr_c = std::stod(value());
        } else if (arg == "--k1") {
            options.ranking.bm25_k1 = std::stod(value());
        } else if (arg == "--b") {
            options.ranking.bm25_b = std::stod(value());
        } else if (arg == "--proximity") {
            options.ranking.proximity_weight = std::stod(value());
        } else if (arg == "--max-pairs") {
            options.ranking.proximity_max_pairs = static_cast<unsigned>(std::stoul(value()));
        } else if (arg == "--window") {
            options.ranking.proximity_window = static_cast<unsigned>(std::stoul(value()));
        } else if (arg == "--per-query") {
            options.per_query = true;
        } else if (arg == "--reuse-index") {
            options.reuse_index = true;
        } else if (arg == "--near") {
            options.ranking.proximity_near_weight = std::stod(value());
        } else if (arg == "--near-window") {
            options.ranking.proximity_near_window = static_cast<unsigned>(std::stoul(value()));
        } else if (arg == "--no-join") {
            options.ranking.join_typed_words = false;
        } else if (arg == "--keep-stop-words") {
            options.ranking.drop_stop_words = false;
        } else {
            throw std::invalid_argument("unknown option " + arg);
        }
    }
    return options;
}

// The query as someone with caps lock on would type it; and/or/not stay lower case so that
// they remain words (in capitals between words they are operators, by design).
std::string to_upper_except_operators(const std::string& text)
{
    std::string out;
    std::string word;
    auto flush = [&] {
        const std::string lower = dateline::to_lower(word);
        if (lower == "and" || lower == "or" || lower == "not") {
            out += lower;
        } else {
            for (char c : word) {
                out += dateline::to_ascii_upper(c);
            }
        }
        word.clear();
    };
    for (char c : text) {
        if (c == ' ') {
            flush();
            out += c;
        } else {
            word += c;
        }
    }
    flush();
    return out;
}

void index_collection(const std::string& docs_path, const std::string& db_dir)
{
    std::filesystem::remove_all(db_dir);
    dateline::ArticleIndexer indexer(db_dir, 2000);
    const auto readers = dateline::make_default_readers();
    const dateline::IngestReport report =
        dateline::ingest_paths({docs_path}, readers, [&](dateline::Article&& article) { indexer.add(article); });
    indexer.commit();
    if (!report.rejections.empty()) {
        throw std::runtime_error(docs_path + ": " + std::to_string(report.rejections.size()) +
                                 " documents rejected, first: " + dateline::format_rejection(report.rejections[0]));
    }
}

// The request the search API reads from `GET /api/v1/search?q=TEXT&size=100&op=OP`: the same
// parsing and limits, so that the figures are what users get.
dateline::SearchRequest api_request(const std::string& text, dateline::DefaultOperator op)
{
    const std::multimap<std::string, std::string> params = {
        {"q", text},
        {"size", std::to_string(k_depth)},
        {"op", op == dateline::DefaultOperator::op_and ? "and" : "or"},
    };
    return dateline::parse_search_request(params);
}

Scores evaluate(const Options& options, const Collection& collection)
{
    const std::string dir = options.data_dir + "/" + collection.name;
    const std::string db_dir = options.work_dir + "/" + collection.name + "-db";
    if (!options.reuse_index || !std::filesystem::exists(db_dir)) {
        index_collection(dir + "/docs.jsonl", db_dir);
    }
    const auto judgments = dateline::read_relevance_judgments(dir + "/qrels.tsv");
    dateline::SearchSettings settings;
    settings.ranking = options.ranking;
    dateline::SearchService service(db_dir, settings);

    Scores scores;
    double total_ms = 0;
    for (const dateline::EvalQuery& query : dateline::read_eval_queries(dir + "/queries.jsonl")) {
        const auto judged = judgments.find(query.id);
        if (judged == judgments.end()) {
            continue; // unjudged queries do not count (36 of CISI's 112)
        }
        const std::string text = options.upper ? to_upper_except_operators(query.text) : query.text;
        const auto start = std::chrono::steady_clock::now();
        std::vector<std::string> ranked;
        try {
            for (const dateline::SearchHit& hit : service.search(api_request(text, options.op)).hits) {
                ranked.push_back(hit.id);
            }
        } catch (const dateline::Error& error) {
            if (error.code() != dateline::ErrorCode::bad_request) {
                throw;
            }
            ++scores.refused; // what a user of the API gets: a 400 and no hits
        }
        total_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        ++scores.queries;
        if (options.per_query) {
            std::string ranks;
            for (const std::string& id : judged->second) {
                const auto found = std::find(ranked.begin(), ranked.end(), id);
                ranks += " " + (found == ranked.end() ? std::string("-") : std::to_string(found - ranked.begin() + 1));
            }
            std::printf("%s\t%s\t%.3f\t%s\t%s\n", collection.name.c_str(), query.id.c_str(),
                        dateline::ndcg_at(ranked, judged->second, 10), ranks.c_str(), text.c_str());
        }
        scores.ndcg += dateline::ndcg_at(ranked, judged->second, 10);
        scores.map += dateline::average_precision(ranked, judged->second);
        scores.recall += dateline::recall_at(ranked, judged->second, k_depth);
    }
    if (scores.queries > 0) {
        const auto n = static_cast<double>(scores.queries);
        scores.ndcg /= n;
        scores.map /= n;
        scores.recall /= n;
        scores.ms_per_query = total_ms / n;
    }
    return scores;
}

} // namespace

int main(int argc, char** argv)
try {
    Options options;
    try {
        options = parse_options(argc, argv);
    } catch (const std::logic_error& error) { // invalid_argument, out_of_range from std::stod
        std::cerr << "dateline-eval: error: " << error.what() << '\n' << k_usage;
        return 2;
    }
    if (!std::filesystem::is_directory(options.data_dir)) {
        std::cerr << "dateline-eval: error: no evaluation collections at " << options.data_dir
                  << "; pass --data DIR (the folder holding cisi/ and scifact/)\n";
        return 2;
    }
    std::printf("%-8s %7s %7s %8s %7s %7s %9s | nDCG@10: %-7s %-7s %-7s %-7s\n", "", "queries", "refused", "nDCG@10",
                "MAP", "R@100", "ms/query", "shipped", "BM25", "tuned", "target");
    for (const Collection& collection : k_collections) {
        if (!options.only.empty() &&
            std::find(options.only.begin(), options.only.end(), collection.name) == options.only.end()) {
            continue;
        }
        const Scores scores = evaluate(options, collection);
        std::printf("%-8s %7zu %7zu %8.4f %7.4f %7.4f %9.2f | %9s %-7.3f %-7.3f %-7.3f %-7.3f %s\n",
                    collection.name.c_str(), scores.queries, scores.refused, scores.ndcg, scores.map, scores.recall,
                    scores.ms_per_query, "", collection.anchor_shipped, collection.anchor_bm25, collection.anchor_best,
                    collection.target, scores.ndcg >= collection.target ? "reached" : "below target");
    }
    return 0;
} catch (const std::exception& error) {
    std::cerr << "dateline-eval: error: " << error.what() << '\n';
    return 1;
}
