// Ranking-quality metrics of one ranked list against binary relevance judgments (nDCG@k,
// average precision, recall@k), and the reader of an evaluation collection's queries and
// judgments. Pure functions plus plain file reading; no Xapian.
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace dateline {

/// Normalised discounted cumulative gain of the first `k` ids of `ranked` (gain 1 for a
/// relevant id, discount log2(rank + 1)), divided by the best possible for `relevant`.
/// 0 when `relevant` is empty.
double ndcg_at(const std::vector<std::string>& ranked, const std::set<std::string>& relevant, std::size_t k);

/// Average precision of the whole list: the mean, over every relevant id, of the precision at
/// its rank (0 for a relevant id the list does not hold). 0 when `relevant` is empty.
double average_precision(const std::vector<std::string>& ranked, const std::set<std::string>& relevant);

/// The share of `relevant` found among the first `k` ids. 0 when `relevant` is empty.
double recall_at(const std::vector<std::string>& ranked, const std::set<std::string>& relevant, std::size_t k);

struct EvalQuery {
    std::string id;
    std::string text;
};

/// The queries of a `queries.jsonl` file (one `{"id": …, "text": …}` object per line).
/// @exception dateline::Error (bad_request) naming the file and line of a malformed query,
/// or when the file cannot be read.
std::vector<EvalQuery> read_eval_queries(const std::string& path);

/// The judgments of a `qrels.tsv` file (`query_id<TAB>doc_id<TAB>relevance`): for each query,
/// the ids judged relevant (relevance > 0).
/// @exception dateline::Error (bad_request) naming the file and line of a malformed line.
std::map<std::string, std::set<std::string>> read_relevance_judgments(const std::string& path);

} // namespace dateline
