#include "common/cleaning/html_content.h"

#include "common/cleaning/chrome_rules.h"
#include "common/cleaning/news_fields.h"
#include "common/text/dates.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace dateline {
namespace {

// A block with more of its text in links than this is navigation or a related-links list.
constexpr double k_max_link_density = 0.5;
// The story's container: descend into the child holding at least this share of the weight.
constexpr double k_descend_share = 0.7;
// Flags that keep a block out of the body wherever they sit under the story's container.
constexpr std::uint32_t k_not_body = hint_byline | hint_dek | hint_date | hint_caption | hint_header;
// ...when they hold at most this much text: an element with more is no byline, date or dek.
constexpr std::size_t k_max_not_body_chars = 600;
// Learned chrome drops lines of at most this many words (and longer ones that are no prose).
constexpr std::size_t k_max_chrome_words = 8;
// Lines above the story's first sentence of at most this many words, and no sentence, are header furniture.
constexpr std::size_t k_max_furniture_words = 8;

struct Tree {
    std::vector<std::vector<int>> children;
    std::vector<bool> negative; // an effective negative: chrome that does not hold the story
    std::vector<double> weight; // weighed story-like text under the element
    std::vector<std::size_t> chars; // all text under the element
};

bool is_container_tag(const std::string& tag)
{
    static constexpr std::array<std::string_view, 15> k_leaf_tags = {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "ul", "ol", "dl", "figcaption"};
    return std::find(k_leaf_tags.begin(), k_leaf_tags.end(), tag) == k_leaf_tags.end();
}

// Negative elements are chrome, unless they wrap the story: a chrome-labelled element holding
// a positive element that is not itself chrome ("page has-sidebar" around <article>) is not.
// <nav>, <aside> and <footer> are chrome whatever they hold.
std::vector<bool> effective_negatives(const HtmlDocument& document, const std::vector<std::vector<int>>& children)
{
    const std::size_t count = document.nodes.size();
    std::vector<bool> holds_positive(count, false);
    for (std::size_t i = count; i-- > 1;) {
        const HtmlNode& node = document.nodes[i];
        const bool clean_positive = (node.hints & hint_positive) != 0 && (node.hints & hint_negative) == 0;
        if (clean_positive || holds_positive[i]) {
            holds_positive[static_cast<std::size_t>(node.parent)] = true;
        }
    }
    static_cast<void>(children);
    std::vector<bool> negative(count, false);
    for (std::size_t i = 0; i < count; ++i) {
        const std::uint32_t hints = document.nodes[i].hints;
        negative[i] = (hints & hint_structural) != 0 || ((hints & hint_negative) != 0 && !holds_positive[i]);
    }
    return negative;
}

double link_density(const HtmlBlock& block)
{
    return block.chars == 0 ? 1.0 : static_cast<double>(block.link_chars) / static_cast<double>(block.chars);
}

bool under_negative(const HtmlDocument& document, const std::vector<bool>& negative, int node, int stop)
{
    for (int at = node; at > stop && at >= 0; at = document.nodes[static_cast<std::size_t>(at)].parent) {
        if (negative[static_cast<std::size_t>(at)]) {
            return true;
        }
    }
    return false;
}

Tree build_tree(const HtmlDocument& document)
{
    Tree tree;
    const std::size_t count = document.nodes.size();
    tree.children.resize(count);
    for (std::size_t i = 1; i < count; ++i) {
        tree.children[static_cast<std::size_t>(document.nodes[i].parent)].push_back(static_cast<int>(i));
    }
    tree.negative = effective_negatives(document, tree.children);
    tree.weight.assign(count, 0.0);
    tree.chars.assign(count, 0);
    for (const HtmlBlock& block : document.blocks) {
        for (int at = block.node; at >= 0; at = document.nodes[static_cast<std::size_t>(at)].parent) {
            tree.chars[static_cast<std::size_t>(at)] += block.chars;
        }
        if (link_density(block) > k_max_link_density || under_negative(document, tree.negative, block.node, -1)) {
            continue;
        }
        // Sentences weigh more than labels: a block counts its unlinked text, with a bonus for commas and full stops.
        const auto punctuation = static_cast<double>(std::count_if(
            block.text.begin(), block.text.end(), [](char c) { return c == ',' || c == '.'; }));
        const double weight = static_cast<double>(block.chars - block.link_chars) + 10.0 * punctuation;
        for (int at = block.node; at >= 0; at = document.nodes[static_cast<std::size_t>(at)].parent) {
            tree.weight[static_cast<std::size_t>(at)] += weight;
        }
    }
    return tree;
}

// The deepest element holding most of the weighed text.
int find_container(const HtmlDocument& document, const Tree& tree)
{
    int current = 0;
    for (;;) {
        int best = -1;
        for (int child : tree.children[static_cast<std::size_t>(current)]) {
            if (best < 0 || tree.weight[static_cast<std::size_t>(child)] > tree.weight[static_cast<std::size_t>(best)]) {
                best = child;
            }
        }
        if (best < 0 || !is_container_tag(document.nodes[static_cast<std::size_t>(best)].tag) ||
            tree.weight[static_cast<std::size_t>(best)] < k_descend_share * tree.weight[static_cast<std::size_t>(current)] ||
            tree.weight[static_cast<std::size_t>(best)] <= 0.0) {
            return current;
        }
        current = best;
    }
}

// The container and its sibling parts: elements of the same tag and class beside it (a story
// split around an advert or a related box).
std::vector<int> story_roots(const HtmlDocument& document, const Tree& tree, int container)
{
    const HtmlNode& node = document.nodes[static_cast<std::size_t>(container)];
    if (node.parent < 0 || node.class_attr.empty()) {
        return {container};
    }
    std::vector<int> roots;
    for (int sibling : tree.children[static_cast<std::size_t>(node.parent)]) {
        const HtmlNode& other = document.nodes[static_cast<std::size_t>(sibling)];
        if (sibling == container || (other.tag == node.tag && other.class_attr == node.class_attr &&
                                     !tree.negative[static_cast<std::size_t>(sibling)])) {
            roots.push_back(sibling);
        }
    }
    return roots;
}

// The root among `roots` that `node` descends from, or -1.
int root_of(const HtmlDocument& document, const std::vector<int>& roots, int node)
{
    for (int at = node; at >= 0; at = document.nodes[static_cast<std::size_t>(at)].parent) {
        if (std::find(roots.begin(), roots.end(), at) != roots.end()) {
            return at;
        }
    }
    return -1;
}

// True when an element between the block and the story's root (the root excluded) is a
// byline, date, dek, caption or headline area.
bool not_body_below(const HtmlDocument& document, const Tree& tree, int node, int root)
{
    for (int at = node; at >= 0 && at != root; at = document.nodes[static_cast<std::size_t>(at)].parent) {
        const auto index = static_cast<std::size_t>(at);
        if ((document.nodes[index].hints & k_not_body) != 0 && tree.chars[index] <= k_max_not_body_chars) {
            return true;
        }
    }
    return false;
}

bool is_story_text(const HtmlBlock& block)
{
    if (block.kind == BlockKind::heading && block.heading_level == 1) {
        return false;
    }
    if (link_density(block) > k_max_link_density) {
        return false;
    }
    const BlockText described = describe_block(block.text);
    return classify_chrome(described) == RuleChrome::none;
}

// A short line that is no sentence above the story's first sentence: a reporter's role, a
// reading time, a label ("Midshire environment reporter", "5 min read").
bool is_header_furniture(const HtmlBlock& block)
{
    if (block.kind != BlockKind::paragraph || block.quote) {
        return false;
    }
    const BlockText described = describe_block(block.text);
    return described.words <= k_max_furniture_words && !described.sentence_end;
}

// A line learned as the site's chrome: short, or not prose. A long sentence repeated across
// pages is a syndicated story, not chrome.
bool is_learned_chrome(const HtmlBlock& block, const SiteChrome& chrome)
{
    if (chrome.empty() || chrome.match(make_line_keys(block.text)) != ChromeMatch::exact) {
        return false;
    }
    if (block.kind == BlockKind::heading || block.quote) {
        return false; // a story's subheads and quotes repeat with it
    }
    const BlockText described = describe_block(block.text);
    return described.words <= k_max_chrome_words || !described.sentence_end;
}

} // namespace

StorySelection select_story_blocks(const HtmlDocument& document, const SiteChrome& chrome)
{
    StorySelection selection;
    if (document.nodes.empty()) {
        return selection;
    }
    const Tree tree = build_tree(document);
    const std::vector<int> roots = story_roots(document, tree, find_container(document, tree));
    std::vector<std::size_t> learned_chrome;
    bool prose_seen = false; // a story sentence was read: bylines and date lines are above it
    for (std::size_t i = 0; i < document.blocks.size(); ++i) {
        const HtmlBlock& block = document.blocks[i];
        const int root = root_of(document, roots, block.node);
        if (root < 0 || under_negative(document, tree.negative, block.node, document.nodes[static_cast<std::size_t>(root)].parent) ||
            not_body_below(document, tree, block.node, root) || !is_story_text(block)) {
            continue;
        }
        const bool before_text = !prose_seen;
        if (std::optional<DateLine> date = parse_date_line(block.text)) {
            if (before_text && !selection.date) {
                selection.date = std::move(date);
            }
            continue;
        }
        if (before_text) {
            if (std::optional<std::vector<std::string>> names = parse_byline(block.text)) {
                selection.byline = std::move(*names); // a byline above the story, unmarked
                continue;
            }
            if (is_header_furniture(block)) {
                continue;
            }
        }
        (is_learned_chrome(block, chrome) ? learned_chrome : selection.blocks).push_back(i);
        prose_seen = prose_seen || ends_sentence(block.text);
    }
    if (selection.blocks.empty()) {
        selection.blocks = std::move(learned_chrome); // learned chrome never takes a whole story
    }
    return selection;
}

} // namespace dateline
