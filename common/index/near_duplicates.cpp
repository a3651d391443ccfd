#include "common/index/near_duplicates.h"

#include "common/text/char_class.h"
#include "common/text/text_utils.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace dateline {
namespace {

constexpr std::size_t k_shingle_words = 4;
constexpr std::size_t k_min_paragraph_words = 8;
constexpr std::size_t k_min_long_paragraph_words = 20;
// MinHash: k_bands bands of k_rows minima. A pair with resemblance 0.6 shares at least one band
// with probability 1 - (1 - 0.6^2)^12 = 0.995; one with 0.3 with probability 0.68 (a candidate
// checked and refused). Each band is a term of the article (schema.h), so fewer bands make a
// smaller, faster index: 24 bands of 3 rows (0.997 and 0.48) were half the postlist entries of
// the "news" corpus.
constexpr std::size_t k_bands = 12;
constexpr std::size_t k_rows = 2;
constexpr std::size_t k_min_shingles = 3;
constexpr double k_min_resemblance = 0.6;
constexpr std::size_t k_short_body_shingles = 40;
// Short bodies need titles this alike: "Joliet hogs up 1.00 dlr - private sources" and "St
// Joseph hogs open up 1.00 dlr - private" (two markets, one report text) share half their words.
constexpr double k_min_title_overlap = 0.7;
constexpr std::size_t k_max_lead_lines = 3;
// A copy editor may respell one figure ("two decades" for "twenty years", "12" for "twelve"):
// a long story that is otherwise this close a copy, and shares this many figures, stays a copy.
constexpr double k_respelt_figure_resemblance = 0.8;
constexpr std::size_t k_respelt_figure_min_common = 5;

// A finaliser with good avalanche (splitmix64), so seeds give independent hash functions.
std::uint64_t mix64(std::uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27U)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31U);
}

bool is_number(const std::string& token)
{
    static constexpr std::array<std::string_view, 28> k_number_words = {
        "one",      "two",      "three",   "four",    "five",      "six",       "seven",
        "eight",    "nine",     "ten",     "eleven",  "twelve",    "thirteen",  "fourteen",
        "fifteen",  "sixteen",  "seventeen", "eighteen", "nineteen", "twenty", "thirty",
        "forty",    "fifty",    "sixty",   "seventy", "eighty",    "ninety",    "hundred"};
    return has_ascii_digit(token) ||
           std::find(k_number_words.begin(), k_number_words.end(), token) != k_number_words.end();
}

template <typename T> std::vector<T> sorted_unique(std::vector<T> items)
{
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
    return items;
}

template <typename T> std::size_t count_common(const std::vector<T>& a, const std::vector<T>& b)
{
    std::size_t common = 0;
    auto ia = a.begin();
    auto ib = b.begin();
    while (ia != a.end() && ib != b.end()) {
        if (*ia < *ib) {
            ++ia;
        } else if (*ib < *ia) {
            ++ib;
        } else {
            ++common;
            ++ia;
            ++ib;
        }
    }
    return common;
}

template <typename T> double jaccard(const std::vector<T>& a, const std::vector<T>& b)
{
    const std::size_t common = count_common(a, b);
    const std::size_t either = a.size() + b.size() - common;
    return either == 0 ? 0.0 : static_cast<double>(common) / static_cast<double>(either);
}

std::vector<std::vector<std::string>> fingerprint_paragraphs(const Article& article)
{
    std::vector<std::vector<std::string>> all;
    std::vector<std::vector<std::string>> long_ones;
    std::size_t long_words = 0;
    for (const std::string& paragraph : article.body) {
        std::vector<std::string> tokens = lower_words(paragraph, Figures::whole);
        if (tokens.empty()) {
            continue;
        }
        if (tokens.size() >= k_min_paragraph_words) {
            long_words += tokens.size();
            long_ones.push_back(tokens);
        }
        all.push_back(std::move(tokens));
    }
    return long_words >= k_min_long_paragraph_words ? long_ones : all;
}

std::vector<std::uint64_t> minhash_bands(const std::vector<std::uint64_t>& shingles)
{
    std::vector<std::uint64_t> bands;
    if (shingles.size() < k_min_shingles) {
        return bands;
    }
    for (std::size_t band = 0; band < k_bands; ++band) {
        std::uint64_t band_hash = mix64(band);
        for (std::size_t row = 0; row < k_rows; ++row) {
            const std::uint64_t seed = mix64(0xD1B54A32D192ED03ULL + band * k_rows + row);
            std::uint64_t minimum = UINT64_MAX;
            for (std::uint64_t shingle : shingles) {
                minimum = std::min(minimum, mix64(shingle ^ seed));
            }
            band_hash = mix64(band_hash ^ minimum);
        }
        bands.push_back(band_hash);
    }
    return bands;
}

// Whether `a`'s title matches `b`'s title or one of the short lines leading `b`'s body.
bool title_found_in(const BodyFingerprint& a, const BodyFingerprint& b)
{
    if (a.title_words.empty()) {
        return false;
    }
    if (jaccard(a.title_words, b.title_words) >= k_min_title_overlap) {
        return true;
    }
    return std::any_of(b.lead_lines.begin(), b.lead_lines.end(), [&](const std::vector<std::string>& line) {
        return jaccard(a.title_words, line) >= k_min_title_overlap;
    });
}

} // namespace

BodyFingerprint fingerprint_article(const Article& article)
{
    BodyFingerprint fingerprint;
    for (const std::vector<std::string>& tokens : fingerprint_paragraphs(article)) {
        const std::size_t count = tokens.size() < k_shingle_words ? 1 : tokens.size() - k_shingle_words + 1;
        for (std::size_t start = 0; start < count; ++start) {
            std::string shingle;
            for (std::size_t i = start; i < std::min(tokens.size(), start + k_shingle_words); ++i) {
                shingle += tokens[i];
                shingle += ' ';
            }
            fingerprint.shingles.push_back(hash_fnv1a(shingle));
        }
        for (const std::string& token : tokens) {
            if (is_number(token)) {
                fingerprint.numbers.push_back(token);
            }
        }
    }
    fingerprint.shingles = sorted_unique(std::move(fingerprint.shingles));
    // A multiset: "six ships loading, six waiting" differs from "six loading, eight waiting".
    std::sort(fingerprint.numbers.begin(), fingerprint.numbers.end());
    fingerprint.title_words = sorted_unique(lower_words(article.title, Figures::whole));
    for (const std::string& paragraph : article.body) {
        std::vector<std::string> tokens = lower_words(paragraph, Figures::whole);
        if (tokens.size() >= k_min_paragraph_words || fingerprint.lead_lines.size() == k_max_lead_lines) {
            break;
        }
        if (!tokens.empty()) {
            fingerprint.lead_lines.push_back(sorted_unique(std::move(tokens)));
        }
    }
    fingerprint.bands = minhash_bands(fingerprint.shingles);
    return fingerprint;
}

double shingle_resemblance(const BodyFingerprint& a, const BodyFingerprint& b)
{
    return jaccard(a.shingles, b.shingles);
}

bool are_near_duplicates(const BodyFingerprint& a, const BodyFingerprint& b)
{
    if (a.shingles.size() < k_min_shingles || b.shingles.size() < k_min_shingles) {
        return false;
    }
    const double resemblance = shingle_resemblance(a, b);
    if (resemblance < k_min_resemblance) {
        return false;
    }
    const std::size_t common_numbers = count_common(a.numbers, b.numbers);
    const std::size_t only_a = a.numbers.size() - common_numbers;
    const std::size_t only_b = b.numbers.size() - common_numbers;
    if (only_a > 0 && only_b > 0) {
        // Each has a figure the other lacks: two reports of different figures, unless it is one
        // figure respelt in a long, otherwise close copy.
        const bool respelt_figure = only_a == 1 && only_b == 1 && common_numbers >= k_respelt_figure_min_common &&
                                    resemblance >= k_respelt_figure_resemblance &&
                                    std::min(a.shingles.size(), b.shingles.size()) >= k_short_body_shingles;
        if (!respelt_figure) {
            return false;
        }
    }
    if (std::min(a.shingles.size(), b.shingles.size()) < k_short_body_shingles) {
        // Never a lead line against a lead line: formulaic reports share those ("Qtly div 12 cts").
        return title_found_in(a, b) || title_found_in(b, a);
    }
    return true;
}

} // namespace dateline
