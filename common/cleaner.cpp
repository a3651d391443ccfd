#include "common/cleaner.h"

#include "common/text_utils.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

namespace dateline {
namespace {

constexpr std::size_t k_header_search_blocks = 25;

struct Block {
    std::string text;
};

bool is_upper_ascii(char c) { return c >= 'A' && c <= 'Z'; }

bool ends_sentence(std::string_view text)
{
    static constexpr std::array<std::string_view, 8> k_endings = {
        ".", "!", "?", "\"", "\xE2\x80\x9D" /* ” */, "\xE2\x80\x99" /* ’ */, ")", "\xE2\x80\xA6" /* … */};
    return std::any_of(k_endings.begin(), k_endings.end(), [&](std::string_view e) { return text.ends_with(e); });
}

// Navigation, labels and buttons: a few words that do not end a sentence ("Text Size:", "Share").
bool looks_like_chrome(std::string_view text)
{
    return count_words(text) <= 4 && !ends_sentence(text);
}

bool starts_with_any_ci(std::string_view text, std::initializer_list<std::string_view> prefixes)
{
    const std::string lower = to_lower(text.substr(0, 40));
    return std::any_of(prefixes.begin(), prefixes.end(), [&](std::string_view p) { return lower.starts_with(p); });
}

bool is_related_link(std::string_view text)
{
    return starts_with_any_ci(text, {"also read", "read more", "read also", "see also", "related:", "watch:",
                                     "also watch", "recommended:"});
}

bool is_tail_marker(std::string_view text)
{
    if (starts_with_any_ci(text, {"subscribe", "support our", "support independent", "most popular", "most read",
                                  "trending", "sign up", "follow us", "copyright", "\xC2\xA9", "all rights reserved",
                                  "related stories", "more from", "you may also like"})) {
        return true;
    }
    // Newsletter and subscription pitches: a short line that asks the reader to sign up.
    if (count_words(text) > 15) {
        return false;
    }
    const std::string lower = to_lower(text);
    for (std::string_view pitch : {"newsletter", "in your inbox", "sign up", "subscribe"}) {
        if (lower.find(pitch) != std::string::npos) {
            return true;
        }
    }
    return false;
}

// "HomeWorld" -> "World", "Home > World > Europe" -> "Europe", "NewsSport" -> "Sport".
std::string section_from_breadcrumb(std::string_view crumbs)
{
    std::string separated;
    while (!crumbs.empty()) {
        std::size_t matched = 0;
        for (std::string_view separator : {"\xE2\x80\xBA" /* › */, "\xC2\xBB" /* » */, ">", "/", "|"}) {
            if (crumbs.starts_with(separator)) {
                matched = separator.size();
            }
        }
        separated += matched != 0 ? '\n' : crumbs.front();
        crumbs.remove_prefix(matched != 0 ? matched : 1);
    }
    std::vector<std::string> parts;
    for (std::string_view segment : split_lines(separated)) {
        // Crumbs glued without spaces split where a capital follows a lower-case letter.
        std::string current;
        for (char c : segment) {
            if (is_upper_ascii(c) && !current.empty() && current.back() >= 'a' && current.back() <= 'z') {
                parts.emplace_back(trim(current));
                current.clear();
            }
            current += c;
        }
        if (!trim(current).empty()) {
            parts.emplace_back(trim(current));
        }
    }
    std::erase_if(parts, [](const std::string& part) {
        const std::string lower = to_lower(part);
        return part.empty() || lower == "home" || lower == "news";
    });
    return parts.empty() ? std::string() : parts.back();
}

// Title-cases an all-capitals place ("KESTREL BAY" -> "Kestrel Bay"); leaves mixed case alone.
std::string normalise_place(std::string_view place)
{
    const bool all_caps = std::none_of(place.begin(), place.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    std::string out(place);
    if (!all_caps) {
        return out;
    }
    bool word_start = true;
    for (char& c : out) {
        if (std::isalpha(static_cast<unsigned char>(c))) {
            c = word_start ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            word_start = false;
        } else {
            word_start = c == ' ' || c == '-';
        }
    }
    return out;
}

bool is_place_word(std::string_view word)
{
    return !word.empty() && (is_upper_ascii(word[0]) || static_cast<unsigned char>(word[0]) >= 0xC3);
}

// "Washington: ...", "KESTREL BAY — ...", "TOKYO (Reuters) - ..." -> place, agency, rest.
struct DatelineSplit {
    std::string place;
    std::string agency;
    std::string rest;
};

std::optional<DatelineSplit> split_dateline(std::string_view paragraph)
{
    static constexpr std::array<std::string_view, 5> k_separators = {": ", " \xE2\x80\x94 ", " \xE2\x80\x93 ", " - ",
                                                                     " -- "};
    std::size_t best = std::string_view::npos;
    std::size_t separator_size = 0;
    for (std::string_view separator : k_separators) {
        const std::size_t at = paragraph.find(separator);
        if (at != std::string_view::npos && at < best) {
            best = at;
            separator_size = separator.size();
        }
    }
    if (best == std::string_view::npos || best == 0 || best > 60) {
        return std::nullopt;
    }
    std::string_view head = trim(paragraph.substr(0, best));
    DatelineSplit split;
    if (head.ends_with(')')) {
        const std::size_t open = head.rfind('(');
        if (open == std::string_view::npos) {
            return std::nullopt;
        }
        split.agency = std::string(trim(head.substr(open + 1, head.size() - open - 2)));
        head = trim(head.substr(0, open));
    }
    // The place: up to four capitalised words, optionally "City, Country".
    std::size_t words = 0;
    std::size_t start = 0;
    const std::string place_text(head);
    for (std::size_t i = 0; i <= place_text.size(); ++i) {
        if (i == place_text.size() || place_text[i] == ' ') {
            std::string_view word = std::string_view(place_text).substr(start, i - start);
            if (word.ends_with(',')) {
                word.remove_suffix(1);
            }
            if (!word.empty()) {
                ++words;
                if (!is_place_word(word)) {
                    return std::nullopt;
                }
            }
            start = i + 1;
        }
    }
    if (words == 0 || words > 4) {
        return std::nullopt;
    }
    split.place = normalise_place(head);
    split.rest = std::string(trim(paragraph.substr(best + separator_size)));
    if (split.rest.empty()) {
        return std::nullopt;
    }
    return split;
}

// A paragraph that is only a credit: "— Reporting by Meridian News Agency", "(Reuters)",
// "— The Associated Press contributed to this report."
std::optional<std::string> credit_paragraph(std::string_view paragraph)
{
    std::string_view text = trim(paragraph);
    bool dashed = false;
    for (std::string_view dash : {"\xE2\x80\x94", "\xE2\x80\x93", "--", "-"}) {
        if (text.starts_with(dash)) {
            text = trim(text.substr(dash.size()));
            dashed = true;
            break;
        }
    }
    if (!dashed) {
        if (text.size() > 2 && text.front() == '(' && text.back() == ')') {
            text = trim(text.substr(1, text.size() - 2));
        } else {
            return std::nullopt;
        }
    }
    for (std::string_view lead : {"additional reporting by ", "reporting by ", "by "}) {
        if (to_lower(text.substr(0, lead.size())) == lead) {
            text = trim(text.substr(lead.size()));
            break;
        }
    }
    for (std::string_view tail : {" contributed to this report.", " contributed to this report"}) {
        if (text.ends_with(tail)) {
            text = trim(text.substr(0, text.size() - tail.size()));
        }
    }
    if (text.starts_with("The ")) {
        text.remove_prefix(4);
    }
    if (text.empty() || count_words(text) > 5 || !is_place_word(text) || ends_sentence(text)) {
        return std::nullopt;
    }
    return std::string(text);
}

// "... penalties. –Bloomberg" -> "Bloomberg"; strips the credit from the paragraph.
std::string take_wire_credit(std::string& paragraph)
{
    if (std::optional<std::string> credit = credit_paragraph(paragraph)) {
        paragraph.clear();
        return *credit;
    }
    static constexpr std::array<std::string_view, 4> k_dashes = {"\xE2\x80\x93", "\xE2\x80\x94", "--", "-"};
    for (std::string_view dash : k_dashes) {
        const std::size_t at = paragraph.rfind(dash);
        if (at == std::string::npos || at == 0) {
            continue;
        }
        const std::string_view before = std::string_view(paragraph).substr(0, at);
        const std::string_view credit = trim(std::string_view(paragraph).substr(at + dash.size()));
        const bool after_sentence = ends_sentence(trim(before)) || trim(before).empty();
        if (credit.empty() || count_words(credit) > 4 || !is_place_word(credit) || ends_sentence(credit) ||
            !after_sentence) {
            continue;
        }
        std::string source(credit);
        paragraph = std::string(trim(before));
        return source;
    }
    // "(Reuters)" or "(Pacific Wire Service)" at the very end.
    std::string_view text = trim(paragraph);
    if (text.ends_with(')')) {
        const std::size_t open = text.rfind('(');
        if (open != std::string_view::npos) {
            const std::string_view inside = text.substr(open + 1, text.size() - open - 2);
            if (!inside.empty() && count_words(inside) <= 4 && is_place_word(inside) &&
                ends_sentence(trim(text.substr(0, open)))) {
                std::string source(inside);
                paragraph = std::string(trim(text.substr(0, open)));
                return source;
            }
        }
    }
    return {};
}

// "By Jane Okafor and Tom Reyes" / "Jane Okafor, Staff Writer" / "Words by X" -> names.
std::optional<std::vector<std::string>> parse_byline(std::string_view block)
{
    std::string text(trim(block));
    if (count_words(text) > 12 || ends_sentence(text)) {
        return std::nullopt;
    }
    const std::string lower = to_lower(text);
    std::string names;
    if (lower.starts_with("by ")) {
        names = text.substr(3);
    } else if (lower.starts_with("words by ")) {
        names = text.substr(9);
    } else if (lower.find(", staff") != std::string::npos || lower.ends_with(" reporter") ||
               lower.ends_with(" correspondent")) {
        names = text;
    } else {
        return std::nullopt;
    }
    // Drop a trailing role: "Jane Okafor, Staff Writer", "Declan Moyo, Business Reporter".
    if (const std::size_t comma = names.rfind(", "); comma != std::string::npos) {
        const std::string role = to_lower(names.substr(comma + 2));
        for (std::string_view title : {"writer", "reporter", "editor", "correspondent", "staff", "columnist"}) {
            if (role.find(title) != std::string::npos) {
                names.erase(comma);
                break;
            }
        }
    }
    std::vector<std::string> authors;
    std::string rest = names;
    for (std::string_view separator : {" and ", ", ", " & "}) {
        std::string replaced;
        std::size_t start = 0;
        std::size_t at = 0;
        while ((at = rest.find(separator, start)) != std::string::npos) {
            replaced += rest.substr(start, at - start);
            replaced += '\n';
            start = at + separator.size();
        }
        replaced += rest.substr(start);
        rest = replaced;
    }
    for (std::string_view name : split_lines(rest)) {
        const std::string_view clean = trim(name);
        if (!clean.empty() && is_place_word(clean)) {
            authors.emplace_back(clean);
        }
    }
    if (authors.empty()) {
        return std::nullopt;
    }
    return authors;
}

struct TitleMatch {
    std::size_t index = 0;
    std::string section;
};

// The title is the line that repeats the end of an earlier line (a glued breadcrumb) or an
// earlier line exactly.
std::optional<TitleMatch> find_repeated_title(const std::vector<Block>& blocks)
{
    const std::size_t limit = std::min(blocks.size(), k_header_search_blocks);
    for (std::size_t i = 1; i < limit; ++i) {
        const std::string& candidate = blocks[i].text;
        if (candidate.size() < 12 || count_words(candidate) < 2) {
            continue;
        }
        for (std::size_t j = 0; j < i; ++j) {
            const std::string& earlier = blocks[j].text;
            if (earlier.ends_with(candidate)) {
                const std::string crumbs = earlier.substr(0, earlier.size() - candidate.size());
                return TitleMatch{i, section_from_breadcrumb(crumbs)};
            }
        }
    }
    return std::nullopt;
}

std::optional<std::size_t> find_plain_title(const std::vector<Block>& blocks, std::size_t from)
{
    const std::size_t limit = std::min(blocks.size(), k_header_search_blocks);
    for (std::size_t i = from; i < limit; ++i) {
        const std::string& text = blocks[i].text;
        const std::size_t words = count_words(text);
        if (words >= 3 && words <= 30 && !text.ends_with('.') && !parse_date_line(text) && !is_tail_marker(text)) {
            return i;
        }
    }
    return std::nullopt;
}

} // namespace

Extraction clean_scrape(std::string_view page_text)
{
    const std::string repaired = repair_utf8(page_text);
    std::vector<Block> blocks;
    for (std::string_view line : split_lines(repaired)) {
        std::string text = collapse_whitespace(line);
        if (!text.empty()) {
            blocks.push_back(Block{std::move(text)});
        }
    }

    Extraction extraction;
    Article& article = extraction.article;
    std::vector<std::string> header_chrome;

    // Title, and the section from a breadcrumb glued to it.
    std::size_t title_index = 0;
    bool have_title = false;
    if (std::optional<TitleMatch> match = find_repeated_title(blocks)) {
        title_index = match->index;
        article.section = match->section;
        have_title = true;
    } else if (std::optional<std::size_t> plain = find_plain_title(blocks, 0)) {
        title_index = *plain;
        have_title = true;
    }

    // Header: date lines, bylines and chrome above the title.
    std::optional<DateLine> date;
    const std::size_t header_end = have_title ? title_index : 0;
    for (std::size_t i = 0; i < header_end; ++i) {
        const std::string& text = blocks[i].text;
        if (std::optional<DateLine> found = parse_date_line(text); found && !date) {
            date = found;
            // A bare date above the headline is the site's banner, not a proven publication date.
            const bool labelled = to_lower(text).find("updated") != std::string::npos ||
                                  to_lower(text).find("published") != std::string::npos;
            if (!labelled) {
                date->kind = DateKind::page_banner;
            }
        } else {
            header_chrome.push_back(text);
        }
    }
    std::size_t next = header_end;
    if (have_title) {
        article.title = blocks[title_index].text;
        next = title_index + 1;
        // Skip exact repeats of the title.
        while (next < blocks.size() && blocks[next].text == article.title) {
            ++next;
        }
    }

    // Dek: a sentence right after the title that is followed by chrome or a byline, not by the story.
    if (have_title && next + 1 < blocks.size()) {
        const std::string& candidate = blocks[next].text;
        const std::string& after = blocks[next + 1].text;
        const bool candidate_is_prose = count_words(candidate) >= 6 && !split_dateline(candidate);
        const bool followed_by_chrome = looks_like_chrome(after) || parse_byline(after) || parse_date_line(after);
        if (candidate_is_prose && followed_by_chrome) {
            article.subtitle = candidate;
            ++next;
        }
    }

    // Body: from the first prose block to the first tail marker.
    bool in_body = false;
    for (std::size_t i = next; i < blocks.size(); ++i) {
        const std::string& text = blocks[i].text;
        if (is_related_link(text)) {
            continue;
        }
        if (in_body && (is_tail_marker(text) ||
                        std::find(header_chrome.begin(), header_chrome.end(), text) != header_chrome.end())) {
            break;
        }
        if (std::optional<std::vector<std::string>> authors = parse_byline(text); authors && article.authors.empty()) {
            article.authors = *authors;
            continue;
        }
        if (std::optional<DateLine> found = parse_date_line(text)) {
            if (!date) {
                date = found;
            }
            continue;
        }
        if (looks_like_chrome(text) || (!in_body && is_tail_marker(text))) {
            continue;
        }
        in_body = true;
        article.body.push_back(text);
    }

    if (!article.body.empty()) {
        if (std::optional<DatelineSplit> split = split_dateline(article.body.front())) {
            article.dateline = split->place;
            article.source = split->agency;
            article.body.front() = split->rest;
        }
        std::string credit = take_wire_credit(article.body.back());
        if (article.body.back().empty()) {
            article.body.pop_back();
        }
        if (!credit.empty()) {
            article.source = credit;
        }
    }
    if (date) {
        article.date = date->date;
        extraction.date_kind = date->kind;
    }

    const std::array<std::pair<std::string_view, bool>, 9> fields = {{
        {"title", article.title.empty()},
        {"subtitle", article.subtitle.empty()},
        {"section", article.section.empty()},
        {"date", article.date.empty()},
        {"dateline", article.dateline.empty()},
        {"source", article.source.empty()},
        {"authors", article.authors.empty()},
        {"body", article.body.empty()},
        {"url", article.url.empty()},
    }};
    for (const auto& [name, is_missing] : fields) {
        if (is_missing) {
            extraction.missing.emplace_back(name);
        }
    }
    return extraction;
}

} // namespace dateline
