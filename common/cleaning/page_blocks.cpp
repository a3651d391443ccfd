#include "common/cleaning/page_blocks.h"

#include "common/text/char_class.h"
#include "common/text/text_utils.h"

namespace dateline {
namespace {

// A line at least this long that stops mid-sentence is a wrapped paragraph line.
constexpr std::size_t k_min_wrapped_line = 40;

bool starts_lower(std::string_view text)
{
    return !text.empty() && is_ascii_lower(text.front());
}

bool stops_mid_sentence(std::string_view text)
{
    if (text.size() < k_min_wrapped_line) {
        return false;
    }
    const char last = text.back();
    return last != '.' && last != '!' && last != '?' && last != ':' && last != '"' && last != ')';
}

} // namespace

std::vector<PageBlock> split_page_blocks(std::string_view page_text)
{
    // Valid text (the usual case) is read in place; only invalid text is copied to be repaired.
    std::string repaired;
    if (!is_valid_utf8(page_text)) {
        repaired = repair_utf8(page_text);
        page_text = repaired;
    }
    std::vector<PageBlock> blocks;
    bool blank = true;
    bool joinable = false;
    for (std::string_view line : split_lines(page_text)) {
        std::string text = collapse_whitespace(line);
        if (text.empty()) {
            blank = true;
            joinable = false;
            continue;
        }
        if (joinable && starts_lower(text)) {
            blocks.back().text += ' ';
            blocks.back().text += text;
        } else {
            blocks.push_back(PageBlock{std::move(text), blank});
        }
        joinable = stops_mid_sentence(blocks.back().text);
        blank = false;
    }
    return blocks;
}

} // namespace dateline
