// Splits the text of a scraped page into blocks (paragraphs or lines), the unit that both the
// chrome learner counts and the cleaner classifies. Pure: text in, blocks out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dateline {

struct PageBlock {
    std::string text;         // white space collapsed, valid UTF-8
    bool after_blank = true;  // a blank line (or the page start) precedes it
};

/// The non-empty lines of a page, white space collapsed and invalid UTF-8 repaired. A line
/// that was hard-wrapped (long, not ending a sentence, and followed by a line that starts in
/// lower case) is joined with the next one, so a wrapped paragraph is one block.
std::vector<PageBlock> split_page_blocks(std::string_view page_text);

} // namespace dateline
