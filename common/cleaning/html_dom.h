// A parsed web page reduced to what extraction needs: its elements (parent, tag, class hints),
// its text blocks in document order (paragraphs, headings, list items, quotes, cells, each
// with the share of its text inside links) and the raw metadata sources (<title>, <meta>,
// JSON-LD scripts, <link rel=canonical>, <time datetime>, <html lang>). Parsing is Gumbo's
// HTML5 tree builder; scripts, styles, forms' controls and hidden elements are left out.
// Pure: UTF-8 text in, HtmlDocument out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dateline {

/// What an element's class, id, role, itemprop or tag says about it (bit flags).
enum HtmlHint : std::uint32_t {
    hint_none = 0,
    hint_negative = 1U << 0, // navigation, comments, related, share, adverts, cookie walls, footers…
    hint_positive = 1U << 1, // article, story, content, body, entry, main
    hint_byline = 1U << 2,   // byline, author
    hint_dek = 1U << 3,      // dek, standfirst, subtitle
    hint_date = 1U << 4,     // date, time, timestamp
    hint_caption = 1U << 5,  // figure captions and photo credits
    hint_structural = 1U << 6, // <nav>, <aside>, <footer>: negative whatever they hold
    hint_header = 1U << 7,   // <header>: the headline area (metadata, not body)
    hint_weak_negative = 1U << 8, // chrome words that yield to positive ones (only while hints are read)
};

struct HtmlNode {
    int parent = -1;          // index in HtmlDocument::nodes, -1 for the root
    std::string tag;          // lower case
    std::string class_attr;   // as written
    std::uint32_t hints = 0;  // this element's own HtmlHint flags
    std::uint32_t inherited = 0; // its own and every ancestor's
};

enum class BlockKind { paragraph, heading, list_item, preformatted, cell };

struct HtmlBlock {
    std::string text;          // white space collapsed, trimmed, valid UTF-8
    int node = 0;              // the element that holds the text
    BlockKind kind = BlockKind::paragraph;
    int heading_level = 0;     // 1-6 for headings
    bool quote = false;        // inside a <blockquote>
    std::size_t chars = 0;     // non-space bytes
    std::size_t link_chars = 0; // of them, inside <a>
};

struct HtmlTime {
    std::string datetime; // the attribute as written
    int node = 0;
    bool modified = false; // itemprop/class says dateModified / updated
    bool published = false; // itemprop datePublished or pubdate
};

struct HtmlDocument {
    std::vector<HtmlNode> nodes;
    std::vector<HtmlBlock> blocks;
    std::vector<std::pair<std::string, std::string>> meta; // name/property/itemprop (lower case) -> content
    std::vector<std::string> json_ld;                    // the text of each ld+json script
    std::vector<HtmlTime> times;
    std::vector<std::string> author_names; // text of itemprop="author" and rel="author" elements
    std::vector<std::string> byline_texts; // text of elements whose class or id marks a byline
    std::string title;     // <title>
    std::string canonical; // <link rel=canonical href>
    std::string lang;      // <html lang>
};

/// Parses `html` (UTF-8) with the HTML5 algorithm, as a browser would, whatever its errors.
HtmlDocument parse_html_document(std::string_view html);

/// The first content of meta `name` (lower case), or "".
std::string_view meta_content(const HtmlDocument& document, std::string_view name);

} // namespace dateline
