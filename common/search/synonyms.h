// Spelling variants that should find each other (Kyiv/Kiev, Zelenskiy/Zelensky): the synonyms
// file format, its parser with line-numbered errors, and the built-in list compiled from
// common/search/default_synonyms.txt. Query-time only: the index is never changed by it.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace dateline {

/// A phrase as words the way the indexer splits them (schema::split_into_words).
using WordList = std::vector<std::string>;

class SynonymTable {
public:
    /// Reads a synonyms file's text: one group of interchangeable spellings per line,
    /// separated by commas; a spelling may be several words; case and accents do not matter;
    /// blank lines and lines starting with # are skipped. `origin` names the text in errors.
    /// @exception dateline::Error (bad_request) naming origin:line and what is wrong.
    static SynonymTable parse(std::string_view text, const std::string& origin);

    /// parse() on a file.
    /// @exception dateline::Error (bad_request) when it cannot be read or is malformed.
    static SynonymTable read_file(const std::string& path);

    /// The list shipped with Dateline (common/search/default_synonyms.txt, compiled in).
    static SynonymTable built_in();

    /// The other spellings of `words`, or nullptr when it has none.
    [[nodiscard]] const std::vector<WordList>* find(const WordList& words) const;

    /// The number of words of the longest spelling (0 for an empty table).
    [[nodiscard]] std::size_t longest_spelling() const { return m_longest; }

private:
    std::map<WordList, std::vector<WordList>> m_variants;
    std::size_t m_longest = 0;
};

/// The text of common/search/default_synonyms.txt (generated at build time).
std::string_view default_synonyms_text();

} // namespace dateline
