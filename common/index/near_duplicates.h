// Syndicated copies: the fingerprint of an article's body (word shingles, numbers, MinHash
// bands) and the rule that says two articles are copies of one story. Pure functions; the
// cluster keys are written by copy_cluster_assignment.h and read by search/copy_clusters.h.
#pragma once

#include "common/article.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dateline {

/// What near-duplicate detection knows about one article.
struct BodyFingerprint {
    std::vector<std::uint64_t> shingles; // sorted unique hashes of 4-word shingles of the body
    std::vector<std::string> numbers;    // sorted numbers of the same text, repeats kept ("1.5", "37", "two")
    std::vector<std::string> title_words; // sorted unique lower-case title words
    // Words of the short paragraphs before the first long one (at most three), where a page
    // scrape can leave the real headline when it took a chrome line for the title.
    std::vector<std::vector<std::string>> lead_lines;
    std::vector<std::uint64_t> bands;    // MinHash band hashes (LSH); empty when the body is too short
};

/// The fingerprint of the article's body and title. Paragraphs of fewer than 8 words (left-over
/// page chrome: "Comments (12)", "Read more: …", related links) are ignored, unless the long
/// paragraphs hold fewer than 20 words in all (an earnings table: "Shr 37 cts vs 29 cts").
BodyFingerprint fingerprint_article(const Article& article);

/// Jaccard resemblance of the two shingle sets, from 0 (nothing shared) to 1.
double shingle_resemblance(const BodyFingerprint& a, const BodyFingerprint& b);

/// True when the two articles are copies of one story: resemblance of at least 0.6; no number
/// in each that the other lacks, counting repeats (formulaic reports differ only in their
/// figures, while copy editing drops words but does not invent figures) — except one figure
/// respelt ("twelve" / "12") in a long story that is otherwise a close copy (resemblance 0.8,
/// five figures in common); and, for short bodies
/// (under 40 shingles), titles that share at least 70% of their words (or one title and a short
/// line leading the other's body), since short reports differ only in the company or place.
bool are_near_duplicates(const BodyFingerprint& a, const BodyFingerprint& b);

} // namespace dateline
