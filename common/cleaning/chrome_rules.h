// Rules that recognise page chrome on any site, without learning: interface words (share,
// menu, text size), adverts, headings of headline lists, reader pitches, related-story links,
// tag lists and copyright lines. Pure functions over one block of text; the vocabulary is the
// web's in general, never one site's phrases.
#pragma once

#include <string>
#include <string_view>

namespace dateline {

enum class RuleChrome {
    none,
    interface,    // "Share on …", "Menu", "Text Size:", "Comments (12)", "Photo: …"
    advert,       // "Advertisement", "Sponsored", "Story continues below"
    list_heading, // "Most Read", "Related stories", "Trending now", "Breaking", "Just in"
    ticker,       // a strip of other headlines: "Trending: A | B", "BREAKING: …", "Latest — …"
    pitch,        // newsletter, subscription, donation and cookie appeals to the reader
    related_link, // "Also read: …", "READ MORE: …"
    tags,         // "Tags: a, b, c", "Topics: …"
    copyright,    // "© 2023 …", "All rights reserved."
};

/// Facts about a block that the rules need, computed once.
struct BlockText {
    std::string_view text;
    std::string lower;      // ASCII letters folded to lower case; of a block too long for any rule but
                            // the opening ones (more than 45 words), only the first 64 bytes
    std::size_t words = 0;
    bool sentence_end = false; // ends with . ! ? or a closing quote or bracket after one
};

BlockText describe_block(std::string_view text);

/// Which kind of chrome the block is by the general rules, or RuleChrome::none.
RuleChrome classify_chrome(const BlockText& block);

/// True for a photo caption that ends with its credit: "Boats behind the wall on Sunday.
/// Photo: Ines Calloway", "… (Photograph: Harbour Authority)", "… Image: Getty Images".
bool is_caption(std::string_view text);

/// True for a notice about the page rather than its story: "Editor's note: …", "Correction:
/// …", "Updated with comment from …", "This article is more than 2 years old", "Listen to this
/// article", "Reading time: 4 minutes", "5 min read", "Image 1 of 5: …", "In pictures: …",
/// "Sponsored content from …", "Published in the print edition …". Such a line is never a dek
/// nor the title.
bool is_page_notice(std::string_view text);

/// True for a ticker or strip line: a strip label ("Trending", "Breaking news", "Most read",
/// "Top stories", "Latest", "Just in", "Live") set off by ":", "|", a dash or a bullet, or
/// written in capitals, then headline text: "Trending: Ferry strike | Council tax rise",
/// "BREAKING NEWS Ferry strike enters third day". A headline that merely starts with such a
/// word ("Latest figures show …") is not one; nor is a sentence ending in a period.
bool is_headline_strip(std::string_view text);

/// True when the text ends like a sentence (".", "!", "?", "…", or a closing quote after one).
bool ends_sentence(std::string_view text);

/// True when `lower` starts with `phrase` followed by a non-letter (or the end).
bool starts_with_word(std::string_view lower, std::string_view phrase);

/// True when `lower` holds `phrase` as whole words.
bool contains_word(std::string_view lower, std::string_view phrase);

} // namespace dateline
