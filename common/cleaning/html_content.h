// Main-content extraction: finds the element that holds the story in a parsed page and keeps
// its paragraphs, subheads, lists and quotes, dropping navigation, related links, comments,
// share bars, adverts, cookie walls and footers. Readability-style: blocks are weighed by
// their text and link density, elements by their class/id hints (html_hints.h); the story's
// container is the deepest element holding most of the page's weighed text (with its sibling
// parts); the general chrome rules and what was learned about the site drop the rest. Pure.
#pragma once

#include "common/cleaning/chrome_model.h"
#include "common/cleaning/html_dom.h"
#include "common/text/dates.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace dateline {

struct StorySelection {
    std::vector<std::size_t> blocks; // indexes into document.blocks, in order
    std::vector<std::string> byline; // names of an unmarked byline line just above the story
    std::optional<DateLine> date;     // a date line in the story's container, above its text
};

/// The story's blocks: headings of level 2 and below, paragraphs, list items, quotes.
/// Bylines, date lines, deks, captions and the headline are left out (the metadata reads
/// them). `chrome` is what was learned about the page's site; a short line it knows as chrome
/// is dropped (long prose is kept: syndicated stories repeat it), unless that would leave no story.
StorySelection select_story_blocks(const HtmlDocument& document, const SiteChrome& chrome);

} // namespace dateline
