#include "common/cleaning/html_hints.h"

#include "common/cleaning/html_dom.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace dateline {
namespace {

// Words that mark chrome whatever else the element says of itself ("article-comments" is
// comments): whole words, and stems at a word's start.
constexpr std::array<std::string_view, 7> k_negative_words = {"nav", "menu", "ad", "ads", "adslot", "adunit", "dfp"};
constexpr std::array<std::string_view, 36> k_negative_stems = {
    "comment", "related", "share", "sharing", "social", "cookie", "consent", "gdpr", "newsletter", "subscri",
    "promo", "advert", "sponsor", "sidebar", "breadcrumb", "popup", "modal", "recommend", "outbrain", "taboola",
    "trending", "popular", "mostread", "paywall", "signup", "disqus", "footer", "navbar", "navigation", "toolbar",
    "readmore", "byline", "discussion", "replies", "respond", "recirc"};
// Words that mark chrome unless the element also says it is the story ("article-meta" is
// chrome, "story-body show-more" is not).
constexpr std::array<std::string_view, 22> k_weak_negative_words = {
    "tag", "tags", "bio", "teaser", "more", "skip", "print", "jump", "hidden", "foot", "tools", "meta", "contact",
    "login", "signin", "search", "rail", "widget", "banner", "masthead", "pagination", "pager"};
constexpr std::array<std::string_view, 12> k_positive_words = {
    "article", "story", "content", "body", "entry", "post", "main", "text", "prose", "articlebody", "storybody",
    "hentry"};
constexpr std::array<std::string_view, 6> k_byline_words = {"byline", "author", "authors", "writer", "contributor",
                                                            "creator"};
constexpr std::array<std::string_view, 7> k_dek_words = {"dek", "standfirst", "subtitle", "subheadline", "strapline",
                                                         "deck", "excerpt"};
constexpr std::array<std::string_view, 6> k_date_words = {"date", "time", "timestamp", "published", "updated",
                                                          "pubdate"};
constexpr std::array<std::string_view, 4> k_caption_words = {"caption", "figcaption", "credit", "photocredit"};

template <std::size_t N>
bool is_one_of(std::string_view word, const std::array<std::string_view, N>& words)
{
    return std::find(words.begin(), words.end(), word) != words.end();
}

template <std::size_t N>
bool starts_with_one_of(std::string_view word, const std::array<std::string_view, N>& stems)
{
    return std::any_of(stems.begin(), stems.end(), [&](std::string_view stem) { return word.starts_with(stem); });
}

std::uint32_t word_hints(std::string_view word)
{
    std::uint32_t hints = 0;
    if (is_one_of(word, k_byline_words)) {
        hints |= hint_byline;
    }
    if (is_one_of(word, k_dek_words)) {
        hints |= hint_dek;
    }
    if (is_one_of(word, k_date_words)) {
        hints |= hint_date;
    }
    if (is_one_of(word, k_caption_words)) {
        hints |= hint_caption;
    }
    if (is_one_of(word, k_positive_words)) {
        hints |= hint_positive;
    }
    const bool commentary = word.starts_with("commentary");
    if (!commentary && (is_one_of(word, k_negative_words) || starts_with_one_of(word, k_negative_stems))) {
        hints |= hint_negative;
    }
    if (is_one_of(word, k_weak_negative_words)) {
        hints |= hint_weak_negative;
    }
    return hints;
}

// The hints of every word of `text` (split at anything but letters and digits, lower case).
std::uint32_t words_hints(std::string_view text)
{
    std::uint32_t hints = 0;
    std::string word;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        const char c = i < text.size() ? text[i] : ' ';
        if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
            word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else if (!word.empty()) {
            hints |= word_hints(word);
            word.clear();
        }
    }
    return hints;
}

std::uint32_t tag_hints(std::string_view tag)
{
    if (tag == "nav" || tag == "aside" || tag == "footer") {
        return hint_structural | hint_negative;
    }
    if (tag == "header") {
        return hint_header;
    }
    if (tag == "article" || tag == "main") {
        return hint_positive;
    }
    if (tag == "figcaption") {
        return hint_caption;
    }
    if (tag == "time") {
        return hint_date;
    }
    // Custom elements (AMP's amp-ad, amp-social-share) carry their meaning in the name.
    return tag.find('-') != std::string_view::npos ? (words_hints(tag) & hint_negative) : 0;
}

std::uint32_t role_hints(std::string_view role, std::string_view itemprop, std::string_view rel)
{
    std::uint32_t hints = 0;
    if (role == "navigation" || role == "banner" || role == "contentinfo" || role == "complementary" ||
        role == "dialog" || role == "alertdialog") {
        hints |= hint_negative;
    }
    if (role == "main" || role == "article" || itemprop == "articleBody") {
        hints |= hint_positive;
    }
    if (itemprop == "author" || rel == "author") {
        hints |= hint_byline;
    }
    if (itemprop == "datePublished" || itemprop == "dateModified") {
        hints |= hint_date;
    }
    if (itemprop == "description" || itemprop == "alternativeHeadline") {
        hints |= hint_dek;
    }
    return hints;
}

} // namespace

std::uint32_t element_hints(const ElementLabels& labels)
{
    std::uint32_t hints = tag_hints(labels.tag) | role_hints(labels.role, labels.itemprop, labels.rel);
    if (!labels.class_attr.empty()) {
        hints |= words_hints(labels.class_attr);
    }
    if (!labels.id.empty()) {
        hints |= words_hints(labels.id);
    }
    if (!labels.data_component.empty()) {
        hints |= words_hints(labels.data_component);
    }
    if ((hints & hint_weak_negative) != 0 && (hints & hint_positive) == 0) {
        hints |= hint_negative;
    }
    hints &= ~static_cast<std::uint32_t>(hint_weak_negative);
    // A byline or caption is no chrome to drop unread: it is read for its fields, then kept
    // out of the body by its own hint.
    if ((hints & (hint_byline | hint_caption)) != 0 && (hints & hint_structural) == 0) {
        hints &= ~static_cast<std::uint32_t>(hint_negative);
    }
    return hints;
}

} // namespace dateline
