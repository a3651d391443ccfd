#include "common/search/synonyms.h"

#include "common/errors.h"
#include "common/index/schema.h"
#include "common/text/text_utils.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace dateline {

SynonymTable SynonymTable::parse(std::string_view text, const std::string& origin)
{
    SynonymTable table;
    std::size_t number = 0;
    for (std::string_view line : split_lines(text)) {
        ++number;
        line = trim(line);
        if (line.empty() || line.starts_with('#')) {
            continue;
        }
        const auto fail = [&](const std::string& what) {
            return Error(ErrorCode::bad_request, origin + ":" + std::to_string(number) + ": " + what);
        };
        std::vector<WordList> group;
        std::size_t start = 0;
        while (start <= line.size()) {
            std::size_t comma = line.find(',', start);
            if (comma == std::string_view::npos) {
                comma = line.size();
            }
            const std::string_view spelling = trim(line.substr(start, comma - start));
            if (spelling.empty()) {
                throw fail("an empty spelling between commas; write spellings separated by commas, as in: kyiv, kiev");
            }
            WordList words = schema::split_into_words(spelling);
            if (words.empty()) {
                throw fail("\"" + std::string(spelling) + "\" has no letters or digits");
            }
            if (std::find(group.begin(), group.end(), words) == group.end()) {
                group.push_back(std::move(words));
            }
            start = comma + 1;
        }
        if (group.size() < 2) {
            throw fail("a line needs two or more different spellings separated by commas, as in: kyiv, kiev");
        }
        for (const WordList& spelling : group) {
            std::vector<WordList>& others = table.m_variants[spelling];
            for (const WordList& other : group) {
                if (other != spelling && std::find(others.begin(), others.end(), other) == others.end()) {
                    others.push_back(other);
                }
            }
            table.m_longest = std::max(table.m_longest, spelling.size());
        }
    }
    return table;
}

SynonymTable SynonymTable::read_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error(ErrorCode::bad_request, "cannot read the synonyms file " + path);
    }
    std::ostringstream text;
    text << in.rdbuf();
    return parse(repair_utf8(text.str()), path);
}

SynonymTable SynonymTable::built_in()
{
    return parse(default_synonyms_text(), "common/search/default_synonyms.txt");
}

const std::vector<WordList>* SynonymTable::find(const WordList& words) const
{
    const auto it = m_variants.find(words);
    return it == m_variants.end() ? nullptr : &it->second;
}

} // namespace dateline
