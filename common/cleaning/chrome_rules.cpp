#include "common/cleaning/chrome_rules.h"

#include "common/text/char_class.h"
#include "common/text/text_utils.h"

#include <algorithm>
#include <array>
#include <vector>

namespace dateline {
namespace {

// Interface lines are short; pitches are at most a short paragraph.
constexpr std::size_t k_max_interface_words = 6;
constexpr std::size_t k_max_pitch_words = 45;
constexpr std::size_t k_long_block_head = 64;
constexpr std::size_t k_max_label_words = 4;

// An ASCII letter, or any byte of a non-ASCII character (counted as a letter).
bool is_letter(char c)
{
    return is_ascii_letter(c) || is_non_ascii(c);
}

template <std::size_t N>
bool starts_with_any_word(std::string_view lower, const std::array<std::string_view, N>& phrases)
{
    return std::any_of(phrases.begin(), phrases.end(),
                       [&](std::string_view phrase) { return starts_with_word(lower, phrase); });
}

template <std::size_t N>
bool contains_any_word(std::string_view lower, const std::array<std::string_view, N>& phrases)
{
    return std::any_of(phrases.begin(), phrases.end(),
                       [&](std::string_view phrase) { return contains_word(lower, phrase); });
}

// Words of page furniture: a line made only of these (and numbers or punctuation) is
// navigation, sharing or a reading aid: "Skip to main content", "Share on X", "Comments (12)".
constexpr std::array<std::string_view, 80> k_interface_words = {
    "skip", "to", "main", "content", "jump", "menu", "search", "sign", "in", "out", "up", "log", "login",
    "logout", "register", "subscribe", "share", "on", "this", "article", "story", "page", "copy", "link",
    "the", "print", "email", "e-mail", "mail", "tweet", "facebook", "twitter", "x", "whatsapp", "linkedin",
    "pinterest", "reddit", "telegram", "messenger", "text", "font", "size", "listen", "save", "bookmark",
    "comments", "comment", "view", "reply", "accept", "reject", "all", "close", "back", "top", "next",
    "previous", "load", "more", "show", "follow", "us", "open", "app", "toggle", "navigation", "home", "a",
    "audio", "read", "later", "gift", "send", "url", "cookies", "settings", "manage", "ok", "continue",
    "reading"};

// A line made only of these is an advert slot: "Advertisement · Scroll to continue".
constexpr std::array<std::string_view, 19> k_advert_words = {
    "advertisement", "advert", "ad", "ads", "sponsored", "promoted", "paid", "content", "scroll", "to",
    "continue", "continues", "reading", "story", "article", "below", "the", "partner", "by"};
// ...and names the slot: "Advertisement", or where the story goes on ("Story continues below").
constexpr std::array<std::string_view, 7> k_advert_cores = {"advertisement", "advert", "ad", "ads",
                                                            "sponsored", "promoted", "below"};

// Headings of lists of other stories; "related" alone, or followed by what it lists.
constexpr std::array<std::string_view, 34> k_list_headings = {
    "most popular", "most read", "most viewed", "most shared", "most commented", "trending",
    "related stories", "related coverage", "related articles", "related content", "related links",
    "related reading", "related news", "related topics", "more from", "more stories", "more news", "more on",
    "you may also like", "you might also like", "recommended", "top stories", "latest news", "latest stories",
    "read next", "what to read next", "editor's picks", "editors' picks", "popular now", "in other news",
    "around the web", "don't miss", "also in", "more in"};

// Headings of strips of other stories that name nothing more than the strip, so a line that
// is only one of them (with an optional colon) is a heading, however short the headline list.
constexpr std::array<std::string_view, 17> k_strip_headings = {
    "breaking", "breaking news", "latest", "the latest", "just in", "live", "ticker", "news ticker",
    "hot topics", "popular", "in the news", "headlines", "top headlines", "happening now", "developing",
    "news alert", "trending now"};

// Labels that open a ticker or strip line: "Trending: …", "BREAKING NEWS …".
constexpr std::array<std::string_view, 22> k_strip_labels = {
    "breaking news", "breaking", "trending now", "trending", "most read", "most popular", "most viewed",
    "top stories", "top story", "latest news", "latest", "just in", "live updates", "live", "news ticker",
    "ticker", "hot topics", "in the news", "happening now", "developing", "news alert", "popular now"};

constexpr std::size_t k_max_strip_words = 40;

constexpr std::array<std::string_view, 14> k_related_labels = {
    "also read", "read more", "read also", "see also", "related", "watch", "listen", "recommended",
    "read next", "more on this story", "further reading", "also see", "more", "don't miss"};

constexpr std::array<std::string_view, 8> k_tag_labels = {
    "tags", "topics", "keywords", "filed under", "categories", "subjects", "more about", "tagged"};

// Labels of media credits and captions: "Photo: …", "Image credit: …".
constexpr std::array<std::string_view, 10> k_media_labels = {
    "photo", "photograph", "image", "picture", "illustration", "video", "caption", "credit", "image credit",
    "photo credit"};

// What pitches ask for.
constexpr std::array<std::string_view, 28> k_pitch_terms = {
    "live coverage", "live blog", "full coverage",
    "newsletter", "newsletters", "subscribe", "subscription", "subscriber", "sign up", "signup", "inbox",
    "donate", "donation", "support our", "support us", "support independent", "support local",
    "become a member", "become a supporter", "membership", "readers like you", "click here", "tap here",
    "download our", "our app", "follow us", "cookies", "cookie policy"};

// Pitches speak to the reader or start with an imperative.
constexpr std::array<std::string_view, 6> k_reader_words = {"you", "your", "our", "us", "we", "we're"};
constexpr std::array<std::string_view, 18> k_imperatives = {
    "subscribe", "sign", "support", "join", "get", "follow", "download", "become", "donate", "register",
    "click", "tap", "try", "give", "help", "enjoy", "unlock", "start"};

bool is_quote_mark(std::string_view text)
{
    return text.find('"') != std::string_view::npos || text.find("\xE2\x80\x9C") != std::string_view::npos ||
           text.find("\xE2\x80\x9D") != std::string_view::npos;
}

// The words of a line without their punctuation; words with no letters (numbers, "|", "·") are left out.
std::vector<std::string_view> letter_words(std::string_view lower)
{
    // Separators written with non-ASCII punctuation, which is_letter cannot tell from letters.
    static constexpr std::array<std::string_view, 7> k_separators = {
        "\xC2\xB7" /* · */, "\xE2\x80\xA2" /* • */, "\xE2\x80\x94" /* — */, "\xE2\x80\x93" /* – */,
        "\xE2\x80\xBA" /* › */, "\xC2\xBB" /* » */, "\xE2\x80\xA6" /* … */};
    std::vector<std::string_view> words;
    for (std::string_view word : split_at_spaces(lower)) {
        if (std::find(k_separators.begin(), k_separators.end(), word) != k_separators.end()) {
            continue;
        }
        while (!word.empty() && !is_letter(word.front())) {
            word.remove_prefix(1);
        }
        while (!word.empty() && !is_letter(word.back())) {
            word.remove_suffix(1);
        }
        if (!word.empty()) {
            words.push_back(word);
        }
    }
    return words;
}

template <std::size_t N>
bool is_one_of(std::string_view word, const std::array<std::string_view, N>& words)
{
    return std::find(words.begin(), words.end(), word) != words.end();
}

// True when the line has words and all of them are in `vocabulary`.
template <std::size_t N>
bool made_of(const std::vector<std::string_view>& words, const std::array<std::string_view, N>& vocabulary)
{
    return !words.empty() &&
           std::all_of(words.begin(), words.end(), [&](std::string_view word) { return is_one_of(word, vocabulary); });
}

// The head of "Label: rest" when it has at most k_max_label_words words, else empty.
std::string_view label_of(std::string_view lower)
{
    const std::size_t colon = lower.find(':');
    if (colon == std::string_view::npos || colon == 0) {
        return {};
    }
    const std::string_view head = lower.substr(0, colon);
    const auto words = static_cast<std::size_t>(std::count(head.begin(), head.end(), ' ')) + 1;
    return words <= k_max_label_words ? head : std::string_view();
}

bool is_pitch(const BlockText& block)
{
    if (block.words > k_max_pitch_words || is_quote_mark(block.text) || contains_word(block.lower, "said")) {
        return false;
    }
    const bool addresses_reader =
        contains_any_word(block.lower, k_reader_words) || starts_with_any_word(block.lower, k_imperatives);
    return addresses_reader && contains_any_word(block.lower, k_pitch_terms);
}

} // namespace

bool starts_with_word(std::string_view lower, std::string_view phrase)
{
    return lower.starts_with(phrase) && (lower.size() == phrase.size() || !is_letter(lower[phrase.size()]));
}

bool contains_word(std::string_view lower, std::string_view phrase)
{
    for (std::size_t at = lower.find(phrase); at != std::string_view::npos; at = lower.find(phrase, at + 1)) {
        const bool starts = at == 0 || !is_letter(lower[at - 1]);
        const std::size_t end = at + phrase.size();
        const bool ends = end == lower.size() || !is_letter(lower[end]);
        if (starts && ends) {
            return true;
        }
    }
    return false;
}

bool ends_sentence(std::string_view text)
{
    static constexpr std::array<std::string_view, 4> k_closers = {"\"", ")", "\xE2\x80\x9D" /* ” */,
                                                                  "\xE2\x80\x99" /* ’ */};
    for (bool stripped = true; stripped;) {
        stripped = false;
        for (std::string_view closer : k_closers) {
            if (text.size() > closer.size() && text.ends_with(closer)) {
                text.remove_suffix(closer.size());
                stripped = true;
            }
        }
    }
    return text.ends_with('.') || text.ends_with('!') || text.ends_with('?') ||
           text.ends_with("\xE2\x80\xA6" /* … */);
}

bool is_caption(std::string_view text)
{
    static constexpr std::array<std::string_view, 9> k_credit_labels = {
        "photo: ", "photograph: ", "picture: ", "image: ", "photo credit: ", "image credit: ", "credit: ",
        "photo by ", "illustration: "};
    const std::string lower = ascii_lower(trim(text));
    if (count_words(lower) > k_max_pitch_words) {
        return false;
    }
    // "… on Sunday. (AP Photo/Jane Okafor)": an agency's photo credit in brackets.
    if (lower.ends_with(')')) {
        const std::size_t open = lower.rfind('(');
        const std::string_view inside = open == std::string::npos ? std::string_view() : std::string_view(lower).substr(open);
        if (count_words(inside) <= k_max_label_words + 2 &&
            (inside.find(" photo/") != std::string_view::npos || inside.find("(photo/") != std::string_view::npos)) {
            return true;
        }
    }
    // The credit follows the caption's sentence, in brackets or not: "… on Sunday. Photo: X".
    for (std::string_view label : k_credit_labels) {
        for (std::string_view opening : {std::string_view(". "), std::string_view(". ("), std::string_view(" (")}) {
            const std::size_t at = lower.rfind(std::string(opening) + std::string(label));
            if (at != std::string::npos && count_words(lower.substr(at)) <= k_max_label_words + 4) {
                return true;
            }
        }
    }
    return false;
}

bool is_page_notice(std::string_view text)
{
    static constexpr std::array<std::string_view, 20> k_notice_labels = {
        "editor's note", "editors' note", "editor\xE2\x80\x99s note", "note:", "correction:", "corrections:",
        "clarification:", "update:", "reading time", "in pictures:", "gallery:", "video duration",
        "sponsored content", "paid content", "partner content", "paid post", "published in the print edition",
        "this article appeared in", "a version of this article appears", "this article appears in"};
    const std::string lower = ascii_lower(trim(text));
    if (count_words(lower) > k_max_pitch_words) {
        return false;
    }
    // "Editor's note: …", "Correction: …", "Updated with comment from …", "Reading time: 4 minutes".
    if (std::any_of(k_notice_labels.begin(), k_notice_labels.end(),
                    [&](std::string_view label) { return lower.starts_with(label); }) ||
        lower.starts_with("updated with ") || lower.starts_with("this story has been updated") ||
        lower.starts_with("this article has been updated") || lower.starts_with("estimated reading time")) {
        return true;
    }
    const bool this_item = lower.starts_with("this article ") || lower.starts_with("this story ") ||
                           lower.starts_with("this content ");
    const bool listen = lower.starts_with("listen to this ");
    // "Image 1 of 5: …", "Photo 2 of 12": the counter of a gallery.
    const std::vector<std::string_view> head = split_at_spaces(std::string_view(lower).substr(0, 24));
    const bool gallery = head.size() >= 4 && (head[0] == "image" || head[0] == "photo" || head[0] == "picture") &&
                         has_ascii_digit(head[1]) && head[2] == "of" && has_ascii_digit(head[3]);
    if (gallery) {
        return true;
    }
    const std::vector<std::string_view> words = split_at_spaces(lower);
    const bool minutes = words.size() <= 4 && contains_word(lower, "read") &&
                         (contains_word(lower, "min") || contains_word(lower, "mins") || contains_word(lower, "minute") ||
                          contains_word(lower, "minutes"));
    // "This article is more than 2 years old", "Listen to this story, 4 minutes", "5 min read".
    return (this_item && (contains_word(lower, "old") || contains_word(lower, "archive"))) ||
           (listen && words.size() <= 8) || minutes;
}

bool is_headline_strip(std::string_view text)
{
    static constexpr std::array<std::string_view, 13> k_marks = {
        ":", "|", "-", "\xE2\x80\x94" /* — */, "\xE2\x80\x93" /* – */, "\xC2\xB7" /* · */,
        "\xE2\x80\xA2" /* • */, "\xC2\xBB" /* » */, "\xE2\x80\xBA" /* › */, ">",
        "\xE2\x96\xB8" /* ▸ */, "\xE2\x96\xBA" /* ► */, "\xE2\x86\x92" /* → */};
    text = trim(text);
    const std::string lower = ascii_lower(text);
    if (count_words(text) > k_max_strip_words || text.ends_with('.')) {
        return false;
    }
    for (std::string_view label : k_strip_labels) {
        if (!starts_with_word(lower, label)) {
            continue;
        }
        std::string_view rest = trim(text.substr(label.size()));
        bool marked = false;
        for (std::string_view mark : k_marks) {
            // "Live-streamed concert …": a hyphen inside a word marks nothing.
            if (rest.starts_with(mark) && rest.substr(mark.size()).starts_with(' ')) {
                rest = trim(rest.substr(mark.size()));
                marked = true;
                break;
            }
        }
        // "BREAKING NEWS Ferry strike …": a label in capitals before headline text.
        const std::string_view written = text.substr(0, label.size());
        const bool shouted = std::none_of(written.begin(), written.end(), is_ascii_lower) &&
                             std::any_of(rest.begin(), rest.end(), is_ascii_lower);
        return (marked || shouted) && count_words(rest) >= 2;
    }
    return false;
}

BlockText describe_block(std::string_view text)
{
    BlockText block;
    block.text = text;
    block.words = text.empty() ? 0 : static_cast<std::size_t>(std::count(text.begin(), text.end(), ' ')) + 1;
    // Story paragraphs are longer than any pitch: the rules read only how they open.
    const std::string_view folded = block.words > k_max_pitch_words ? text.substr(0, k_long_block_head) : text;
    block.lower = ascii_lower(folded);
    block.sentence_end = ends_sentence(text);
    return block;
}

RuleChrome classify_chrome(const BlockText& block)
{
    const std::string_view lower = block.lower;
    if (lower.empty()) {
        return RuleChrome::none;
    }
    if (lower.starts_with("\xC2\xA9" /* © */) || lower.starts_with("(c) ") || starts_with_word(lower, "copyright") ||
        (block.words <= 12 && contains_word(lower, "all rights reserved"))) {
        return RuleChrome::copyright;
    }
    const bool short_line = block.words <= k_max_interface_words && !block.sentence_end;
    if (const std::string_view label = label_of(lower); !label.empty() && !block.sentence_end) {
        if (is_one_of(label, k_tag_labels)) {
            return RuleChrome::tags;
        }
        if (is_one_of(label, k_related_labels)) {
            return RuleChrome::related_link;
        }
    }
    if (const std::string_view label = label_of(lower); !label.empty() && block.words <= 12 && is_one_of(label, k_media_labels)) {
        return RuleChrome::interface;
    }
    if (short_line || block.words <= 2) {
        const std::vector<std::string_view> words = letter_words(lower);
        if (made_of(words, k_advert_words) &&
            std::any_of(words.begin(), words.end(), [](std::string_view word) { return is_one_of(word, k_advert_cores); })) {
            return RuleChrome::advert;
        }
        const std::string_view heading = lower.ends_with(':') ? lower.substr(0, lower.size() - 1) : lower;
        if (lower == "related" || (block.words <= 5 && starts_with_any_word(lower, k_list_headings)) ||
            is_one_of(heading, k_strip_headings)) {
            return RuleChrome::list_heading;
        }
        if (made_of(words, k_interface_words)) {
            return RuleChrome::interface;
        }
        // A label with nothing after it: "Text Size:", "Share:".
        if (lower.ends_with(':') && block.words <= 3) {
            return RuleChrome::interface;
        }
    }
    if (is_pitch(block)) {
        return RuleChrome::pitch;
    }
    if (is_caption(block.text)) {
        return RuleChrome::interface;
    }
    if (block.words <= k_max_strip_words && is_headline_strip(block.text)) {
        return RuleChrome::ticker;
    }
    return RuleChrome::none;
}

} // namespace dateline
