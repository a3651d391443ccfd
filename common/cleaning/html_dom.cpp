#include "common/cleaning/html_dom.h"

#include "common/cleaning/html_hints.h"
#include "common/text/text_utils.h"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

namespace dateline {
namespace {

// Deeper elements are read as text of their ancestor at this depth (no page nests so deep;
// a hostile one must not exhaust the stack).
constexpr int k_max_depth = 256;
// Gumbo's time grows with the square of the nesting depth (each new element scans the open
// ones): a page is cut where its estimated depth passes this (no real page comes near).
constexpr int k_max_estimated_depth = 1500;
// Author names read from itemprop/rel markup: at most this many, each at most this long.
constexpr std::size_t k_max_author_names = 16;
constexpr std::size_t k_max_author_bytes = 200;

constexpr std::array<GumboTag, 17> k_skipped_tags = {
    GUMBO_TAG_SCRIPT, GUMBO_TAG_STYLE,  GUMBO_TAG_NOSCRIPT, GUMBO_TAG_TEMPLATE, GUMBO_TAG_SVG,   GUMBO_TAG_MATH,
    GUMBO_TAG_IFRAME, GUMBO_TAG_OBJECT, GUMBO_TAG_EMBED,    GUMBO_TAG_SELECT,   GUMBO_TAG_BUTTON, GUMBO_TAG_TEXTAREA,
    GUMBO_TAG_INPUT,  GUMBO_TAG_CANVAS, GUMBO_TAG_VIDEO,    GUMBO_TAG_AUDIO,    GUMBO_TAG_HEAD};

constexpr std::array<GumboTag, 42> k_block_tags = {
    GUMBO_TAG_ADDRESS, GUMBO_TAG_ARTICLE, GUMBO_TAG_ASIDE,  GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_BODY,   GUMBO_TAG_CENTER,
    GUMBO_TAG_DD,      GUMBO_TAG_DETAILS, GUMBO_TAG_DIV,        GUMBO_TAG_DL,     GUMBO_TAG_DT,
    GUMBO_TAG_FIELDSET, GUMBO_TAG_FIGCAPTION, GUMBO_TAG_FIGURE, GUMBO_TAG_FOOTER, GUMBO_TAG_FORM,  GUMBO_TAG_H1,
    GUMBO_TAG_H2,      GUMBO_TAG_H3,      GUMBO_TAG_H4,     GUMBO_TAG_H5,         GUMBO_TAG_H6,     GUMBO_TAG_HEADER,
    GUMBO_TAG_HGROUP,  GUMBO_TAG_HR,      GUMBO_TAG_LI,     GUMBO_TAG_MAIN,       GUMBO_TAG_NAV,    GUMBO_TAG_OL,
    GUMBO_TAG_P,       GUMBO_TAG_PRE,     GUMBO_TAG_SECTION, GUMBO_TAG_TABLE,     GUMBO_TAG_TBODY,  GUMBO_TAG_THEAD,
    GUMBO_TAG_TFOOT,   GUMBO_TAG_TR,      GUMBO_TAG_TD,     GUMBO_TAG_TH,         GUMBO_TAG_UL,     GUMBO_TAG_CAPTION,
    GUMBO_TAG_HTML};

template <std::size_t N>
bool contains(const std::array<GumboTag, N>& tags, GumboTag tag)
{
    return std::find(tags.begin(), tags.end(), tag) != tags.end();
}

std::string_view attribute(const GumboElement& element, const char* name)
{
    const GumboAttribute* attr = gumbo_get_attribute(&element.attributes, name);
    return attr == nullptr ? std::string_view() : std::string_view(attr->value);
}

std::string tag_name(const GumboElement& element)
{
    if (element.tag != GUMBO_TAG_UNKNOWN) {
        return gumbo_normalized_tagname(element.tag);
    }
    GumboStringPiece piece = element.original_tag;
    gumbo_tag_from_original_text(&piece);
    return ascii_lower(std::string_view(piece.data, piece.length));
}

bool is_hidden(const GumboElement& element)
{
    if (gumbo_get_attribute(&element.attributes, "hidden") != nullptr || attribute(element, "aria-hidden") == "true") {
        return true;
    }
    const std::string_view style = attribute(element, "style");
    if (style.empty()) {
        return false;
    }
    std::string compact;
    for (char c : style) {
        if (c != ' ') {
            compact += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    return compact.find("display:none") != std::string::npos || compact.find("visibility:hidden") != std::string::npos;
}

std::string_view data_component(const GumboElement& element)
{
    const std::string_view component = attribute(element, "data-component");
    return component.empty() ? attribute(element, "data-testid") : component;
}

// The text of an element's children, concatenated (for <title> and scripts).
std::string child_text(const GumboElement& element)
{
    std::string text;
    for (unsigned i = 0; i < element.children.length; ++i) {
        const auto* child = static_cast<const GumboNode*>(element.children.data[i]);
        if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_CDATA || child->type == GUMBO_NODE_WHITESPACE) {
            text += child->v.text.text;
        }
    }
    return text;
}

// The text of an element and its descendants (to a small depth), separated by spaces.
std::string element_text(const GumboElement& element, int depth)
{
    std::string text;
    for (unsigned i = 0; i < element.children.length && depth < 8; ++i) {
        const auto* child = static_cast<const GumboNode*>(element.children.data[i]);
        if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_WHITESPACE) {
            text += child->v.text.text;
        } else if (child->type == GUMBO_NODE_ELEMENT && child->v.element.tag != GUMBO_TAG_SCRIPT &&
                   child->v.element.tag != GUMBO_TAG_STYLE) {
            text += ' ';
            text += element_text(child->v.element, depth + 1);
        }
    }
    return text;
}

// Builds the blocks: inline text accumulates until a block element opens or closes.
class BlockBuilder {
public:
    explicit BlockBuilder(std::vector<HtmlBlock>& blocks) : m_blocks(blocks) {}

    void add_text(std::string_view text, bool in_link)
    {
        for (char c : text) {
            const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
            if (space) {
                m_space = !m_buffer.empty();
                continue;
            }
            if (m_space) {
                m_buffer += ' ';
                m_space = false;
            }
            m_buffer += c;
            ++m_chars;
            m_link_chars += in_link ? 1 : 0;
        }
    }

    // A <br> ends a line: each line is its own block (bylines, date lines and paragraphs of
    // pages that separate them by line breaks alone).
    void line_break() { flush(); }

    void start(int node, BlockKind kind, int level, bool quote)
    {
        flush();
        m_node = node;
        m_kind = kind;
        m_level = level;
        m_quote = quote;
    }

    void flush()
    {
        m_space = false;
        if (m_buffer.empty()) {
            return;
        }
        HtmlBlock block;
        block.text = std::move(m_buffer);
        block.node = m_node;
        block.kind = m_kind;
        block.heading_level = m_level;
        block.quote = m_quote;
        block.chars = m_chars;
        block.link_chars = m_link_chars;
        m_blocks.push_back(std::move(block));
        m_buffer.clear();
        m_chars = 0;
        m_link_chars = 0;
    }

    struct State {
        int node;
        BlockKind kind;
        int level;
        bool quote;
    };
    [[nodiscard]] State state() const { return {m_node, m_kind, m_level, m_quote}; }
    void restore(const State& state) { start(state.node, state.kind, state.level, state.quote); }

private:
    std::vector<HtmlBlock>& m_blocks;
    std::string m_buffer;
    std::size_t m_chars = 0;
    std::size_t m_link_chars = 0;
    bool m_space = false;
    int m_node = 0;
    BlockKind m_kind = BlockKind::paragraph;
    int m_level = 0;
    bool m_quote = false;
};

BlockKind kind_of(GumboTag tag, int& level)
{
    level = 0;
    if (tag >= GUMBO_TAG_H1 && tag <= GUMBO_TAG_H6) {
        level = 1 + static_cast<int>(tag - GUMBO_TAG_H1);
        return BlockKind::heading;
    }
    if (tag == GUMBO_TAG_LI || tag == GUMBO_TAG_DT || tag == GUMBO_TAG_DD) {
        return BlockKind::list_item;
    }
    if (tag == GUMBO_TAG_PRE) {
        return BlockKind::preformatted;
    }
    if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) {
        return BlockKind::cell;
    }
    return BlockKind::paragraph;
}

class DomWalker {
public:
    explicit DomWalker(HtmlDocument& document) : m_document(document), m_builder(document.blocks) {}

    void walk_root(const GumboNode* root)
    {
        m_document.nodes.push_back(HtmlNode{-1, "#document", {}, 0, 0});
        const GumboVector& children = root->v.document.children;
        for (unsigned i = 0; i < children.length; ++i) {
            walk(static_cast<const GumboNode*>(children.data[i]), 0, 0, false);
        }
        m_builder.flush();
    }

private:
    HtmlDocument& m_document;
    BlockBuilder m_builder;
    bool m_quote = false;

    void read_head_element(const GumboElement& element)
    {
        if (element.tag == GUMBO_TAG_TITLE && m_document.title.empty()) {
            m_document.title = collapse_whitespace(child_text(element));
        } else if (element.tag == GUMBO_TAG_META) {
            read_meta(element);
        } else if (element.tag == GUMBO_TAG_LINK && m_document.canonical.empty()) {
            const std::string rel = ascii_lower(attribute(element, "rel"));
            if (rel.find("canonical") != std::string::npos) {
                m_document.canonical = std::string(trim(attribute(element, "href")));
            }
        } else if (element.tag == GUMBO_TAG_SCRIPT) {
            const std::string type = ascii_lower(trim(attribute(element, "type")));
            if (type == "application/ld+json") {
                m_document.json_ld.push_back(child_text(element));
            }
        }
    }

    void read_meta(const GumboElement& element)
    {
        const std::string_view content = attribute(element, "content");
        for (const char* key : {"property", "name", "itemprop", "http-equiv"}) {
            const std::string_view name = attribute(element, key);
            if (!name.empty() && !content.empty()) {
                m_document.meta.emplace_back(ascii_lower(trim(name)), collapse_whitespace(content));
            }
        }
    }

    void read_time(const GumboElement& element, int index)
    {
        std::string_view value = attribute(element, "datetime");
        if (value.empty()) {
            value = attribute(element, "content");
        }
        if (value.empty()) {
            return;
        }
        const std::string_view itemprop = attribute(element, "itemprop");
        const std::string labels = ascii_lower(std::string(attribute(element, "class")) + " " + std::string(itemprop));
        HtmlTime time;
        time.datetime = std::string(trim(value));
        time.node = index;
        time.modified = labels.find("modif") != std::string::npos || labels.find("updat") != std::string::npos;
        time.published = itemprop == "datePublished" || gumbo_get_attribute(&element.attributes, "pubdate") != nullptr;
        m_document.times.push_back(std::move(time));
    }

    // The name an itemprop="author" or rel="author" element gives (its itemprop="name" when it has one).
    // and the text of an element marked as a byline (class or id "byline", "author").
    void read_author(const GumboElement& element, std::uint32_t hints)
    {
        const std::string_view itemprop = attribute(element, "itemprop");
        const bool author = itemprop == "author" || ascii_lower(attribute(element, "rel")) == "author";
        const bool byline = (hints & hint_byline) != 0 && (hints & hint_structural) == 0;
        if ((!author && !byline) || m_document.author_names.size() + m_document.byline_texts.size() >= k_max_author_names) {
            return;
        }
        std::string text = collapse_whitespace(element_text(element, 0));
        if (text.empty() || text.size() > k_max_author_bytes) {
            return;
        }
        (author ? m_document.author_names : m_document.byline_texts).push_back(std::move(text));
    }

    int add_node(const GumboElement& element, int parent)
    {
        HtmlNode node;
        node.parent = parent;
        node.tag = tag_name(element);
        node.class_attr = std::string(attribute(element, "class"));
        node.hints = element_hints(ElementLabels{node.tag, node.class_attr, attribute(element, "id"),
                                                 attribute(element, "role"), attribute(element, "itemprop"),
                                                 attribute(element, "rel"), data_component(element)});
        node.inherited = node.hints | m_document.nodes[static_cast<std::size_t>(parent)].inherited;
        m_document.nodes.push_back(std::move(node));
        return static_cast<int>(m_document.nodes.size() - 1);
    }

    void walk_element(const GumboElement& element, int parent, int depth, bool in_link)
    {
        if (element.tag == GUMBO_TAG_HTML) {
            const std::string_view lang = attribute(element, "lang");
            m_document.lang = std::string(lang.empty() ? attribute(element, "xml:lang") : lang);
        }
        if (element.tag == GUMBO_TAG_HEAD || element.tag == GUMBO_TAG_META || element.tag == GUMBO_TAG_LINK ||
            element.tag == GUMBO_TAG_SCRIPT || element.tag == GUMBO_TAG_TITLE) {
            if (element.tag == GUMBO_TAG_HEAD) {
                for (unsigned i = 0; i < element.children.length; ++i) {
                    const auto* child = static_cast<const GumboNode*>(element.children.data[i]);
                    if (child->type == GUMBO_NODE_ELEMENT) {
                        read_head_element(child->v.element);
                    }
                }
            } else {
                read_head_element(element);
            }
            return;
        }
        if (contains(k_skipped_tags, element.tag) || is_hidden(element)) {
            return;
        }
        if (element.tag == GUMBO_TAG_BR) {
            m_builder.line_break();
            return;
        }
        const int index = add_node(element, parent);
        read_author(element, m_document.nodes.back().hints);
        if (element.tag == GUMBO_TAG_TIME || gumbo_get_attribute(&element.attributes, "datetime") != nullptr ||
            attribute(element, "itemprop") == "datePublished") {
            read_time(element, index);
        }
        if (depth >= k_max_depth) {
            add_flat_text(element, in_link);
            return;
        }
        if (!contains(k_block_tags, element.tag)) {
            walk_children_of(element, index, depth + 1, in_link || element.tag == GUMBO_TAG_A);
            return;
        }
        const BlockBuilder::State outer = m_builder.state();
        const bool outer_quote = m_quote;
        m_quote = m_quote || element.tag == GUMBO_TAG_BLOCKQUOTE;
        int level = 0;
        const BlockKind kind = kind_of(element.tag, level);
        m_builder.start(index, kind, level, m_quote);
        walk_children_of(element, index, depth + 1, in_link);
        m_quote = outer_quote;
        m_builder.restore(outer);
    }

    // The text of a subtree nested beyond k_max_depth, read without recursion into the current block.
    void add_flat_text(const GumboElement& element, bool in_link)
    {
        std::vector<const GumboNode*> stack;
        for (unsigned i = element.children.length; i-- > 0;) {
            stack.push_back(static_cast<const GumboNode*>(element.children.data[i]));
        }
        while (!stack.empty()) {
            const GumboNode* node = stack.back();
            stack.pop_back();
            if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE || node->type == GUMBO_NODE_CDATA) {
                m_builder.add_text(node->v.text.text, in_link);
                m_builder.add_text(" ", in_link);
            } else if (node->type == GUMBO_NODE_ELEMENT && !contains(k_skipped_tags, node->v.element.tag)) {
                for (unsigned i = node->v.element.children.length; i-- > 0;) {
                    stack.push_back(static_cast<const GumboNode*>(node->v.element.children.data[i]));
                }
            }
        }
    }

    void walk_children_of(const GumboElement& element, int index, int depth, bool in_link)
    {
        for (unsigned i = 0; i < element.children.length; ++i) {
            walk(static_cast<const GumboNode*>(element.children.data[i]), index, depth, in_link);
        }
    }

    void walk(const GumboNode* node, int parent, int depth, bool in_link)
    {
        switch (node->type) {
        case GUMBO_NODE_ELEMENT:
        case GUMBO_NODE_TEMPLATE: walk_element(node->v.element, parent, depth, in_link); break;
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_CDATA:
        case GUMBO_NODE_WHITESPACE: m_builder.add_text(node->v.text.text, in_link); break;
        default: break;
        }
    }
};

// True for the elements whose end tag may be left out or that have none: they do not nest.
bool never_nests(std::string_view name)
{
    static constexpr std::array<std::string_view, 22> k_names = {
        "br", "img", "meta", "link", "input", "hr", "wbr", "source", "area", "col", "embed", "param", "track",
        "p", "li", "dt", "dd", "option", "tr", "td", "th", "base"};
    return std::find(k_names.begin(), k_names.end(), name) != k_names.end();
}

// `html` up to where its tags nest deeper than k_max_estimated_depth (all of it for any real
// page): start tags of nesting elements count one deeper, end tags one shallower.
std::string_view bounded_nesting(std::string_view html)
{
    int depth = 0;
    for (std::size_t at = html.find('<'); at != std::string_view::npos; at = html.find('<', at + 1)) {
        const bool end_tag = at + 1 < html.size() && html[at + 1] == '/';
        std::size_t name_end = at + (end_tag ? 2 : 1);
        const std::size_t name_start = name_end;
        while (name_end < html.size() && std::isalnum(static_cast<unsigned char>(html[name_end])) != 0) {
            ++name_end;
        }
        if (name_end == name_start) {
            continue;
        }
        const std::string name = ascii_lower(html.substr(name_start, name_end - name_start));
        if (never_nests(name)) {
            continue;
        }
        depth += end_tag ? -1 : 1;
        depth = std::max(depth, 0);
        if (depth > k_max_estimated_depth) {
            return html.substr(0, at);
        }
    }
    return html;
}

} // namespace

HtmlDocument parse_html_document(std::string_view page)
{
    const std::string_view html = bounded_nesting(page);
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0; // errors are not reported: do not spend time recording them
    GumboOutput* output = gumbo_parse_with_options(&options, html.data(), html.size());
    HtmlDocument document;
    if (output != nullptr) {
        DomWalker(document).walk_root(output->document);
        gumbo_destroy_output(&options, output);
    }
    return document;
}

std::string_view meta_content(const HtmlDocument& document, std::string_view name)
{
    for (const auto& [key, content] : document.meta) {
        if (key == name) {
            return content;
        }
    }
    return {};
}

} // namespace dateline
