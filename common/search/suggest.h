// Autocomplete for the search box: completions of the word being typed (the archive's most
// frequent words with that beginning) and titles that contain the typed words. Reads the
// database through schema.h's terms; no ranking beyond term frequency and title matches.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace Xapian {
class Database;
}

namespace dateline {

struct TitleCompletion {
    std::string id;
    std::string title;
    std::string date; // "YYYY-MM-DD" or empty
};

struct Completions {
    std::string query;                 // as typed
    std::vector<std::string> terms;      // the typed words (lower case) with the last one completed
    std::vector<TitleCompletion> titles; // titles with every typed word, the last as a beginning
    double took_ms = 0;
};

/// Completions of `typed` (at most `size` of each kind). The last word is the one being typed
/// unless `typed` ends with a space; earlier words must appear whole. The word being typed is
/// completed first with the words that follow the previous word in titles ("central b" ->
/// "central bank"), then with the archive's most frequent words. Titles hold every whole word
/// and one of those completions, need two typed letters at least, rank by BM25 over titles,
/// and syndicated copies give one title. Case does not matter.
/// @exception Xapian::Error when the database cannot be read.
Completions complete_prefix(const Xapian::Database& db, std::string_view typed, std::size_t size);

} // namespace dateline
