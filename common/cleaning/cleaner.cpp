#include "common/cleaning/cleaner.h"

#include "common/cleaning/chrome_rules.h"
#include "common/text/char_class.h"
#include "common/text/dates.h"
#include "common/text/language.h"
#include "common/cleaning/news_fields.h"
#include "common/cleaning/page_blocks.h"
#include "common/text/text_utils.h"

#include <algorithm>
#include <array>
#include <optional>
#include <unordered_set>

namespace dateline {
namespace {

// The title is looked for among the first blocks of a page.
constexpr std::size_t k_header_blocks = 40;
constexpr std::size_t k_min_title_words = 2;
constexpr std::size_t k_max_title_words = 30;
// Story prose: a sentence of at least this many words.
constexpr std::size_t k_min_prose_words = 8;
constexpr std::size_t k_min_sure_prose_words = 15; // a sentence this long is prose even after "Co."
constexpr std::size_t k_min_dek_words = 6;
constexpr std::size_t k_max_dek_words = 80;
// Lines longer than this are never date lines, bylines or credits.
constexpr std::size_t k_max_date_bytes = 100;
constexpr std::size_t k_max_byline_words = 25; // "Reporting by A, B and C; Writing by D; Editing by E"
constexpr std::size_t k_max_credit_words = 25;
// A glued breadcrumb in front of a repeated title has at most this many words.
constexpr std::size_t k_max_glued_crumb_words = 6;
// The language is told from about this many bytes of title and story (some 150 words).
constexpr std::size_t k_language_sample_bytes = 1000;
// A breadcrumb trail or a navigation menu on a line of its own is short.
constexpr std::size_t k_max_crumb_line_words = 30;
// Headline-list items are short.
constexpr std::size_t k_max_list_item_words = 20;

struct Block {
    const PageBlock* page = nullptr;
    BlockText text;
    LineKeys keys;
    RuleChrome rule = RuleChrome::none;
    ChromeMatch learned = ChromeMatch::none;
    std::optional<DateLine> date;
    bool labelled_date = false; // "Published …", "Updated …"
    std::optional<std::vector<std::string>> byline;
    std::string byline_source;  // "By Jane Okafor, Associated Press" -> "Associated Press"
    bool crumb = false;         // a breadcrumb trail or a section label
    std::string section_label;  // "Section: Business" -> "Business"
    bool chrome = false;
    bool prose = false;
    bool notice = false;        // "This article is more than 2 years old", "Editor's note: …"
    bool strip = false;         // listed under a strip heading ("Trending", "Most read"): another story's headline
};

// "U.S.", "Inc.": a final period that ends an abbreviation, not a sentence.
bool ends_with_abbreviation(std::string_view text)
{
    const std::size_t space = text.rfind(' ');
    const std::string_view last = space == std::string_view::npos ? text : text.substr(space + 1);
    if (last.size() >= 2 && last.substr(0, last.size() - 1).find('.') != std::string_view::npos) {
        return true;
    }
    static constexpr std::array<std::string_view, 8> k_abbreviations = {"Inc.", "Co.", "Corp.", "Ltd.",
                                                                        "Jr.", "Sr.", "Bros.", "Plc."};
    return std::find(k_abbreviations.begin(), k_abbreviations.end(), last) != k_abbreviations.end();
}

bool is_date_label(std::string_view lower)
{
    static constexpr std::array<std::string_view, 9> k_labels = {
        "published",    "updated",       "posted", "first published",     "last updated",
        "last modified", "modified", "date", "originally published"};
    return std::any_of(k_labels.begin(), k_labels.end(), [&](std::string_view label) { return lower.starts_with(label); });
}

// "By Jane Okafor | 5 June 2023" and "June 5, 2023 · Updated 14:05": a line of header parts.
void read_combined_header(Block& block)
{
    static constexpr std::array<std::string_view, 4> k_separators = {" | ", " \xC2\xB7 " /* · */,
                                                                     " \xE2\x80\xA2 " /* • */, " \xE2\x80\x94 "};
    const std::string_view text = block.text.text;
    for (std::string_view separator : k_separators) {
        if (text.find(separator) == std::string_view::npos) {
            continue;
        }
        std::optional<DateLine> date;
        bool labelled = false;
        std::optional<std::vector<std::string>> byline;
        std::size_t start = 0;
        bool all_parts_known = true;
        while (start <= text.size() && all_parts_known) {
            std::size_t end = text.find(separator, start);
            if (end == std::string_view::npos) {
                end = text.size();
            }
            const std::string_view part = trim(text.substr(start, end - start));
            start = end + separator.size();
            if (part.empty()) {
                continue;
            }
            if (std::optional<DateLine> found = parse_date_line(part)) {
                if (!date) {
                    date = found;
                    labelled = is_date_label(describe_block(part).lower);
                }
            } else if (std::optional<std::vector<std::string>> names = parse_byline(part)) {
                byline = byline ? byline : names;
            } else if (std::optional<std::vector<std::string>> more = byline ? parse_byline("By " + std::string(part)) : std::nullopt) {
                // "By Jane Okafor | Tom Reyes": a name after the byline is one more author.
                byline->insert(byline->end(), more->begin(), more->end());
            } else if (classify_chrome(describe_block(part)) == RuleChrome::none) {
                all_parts_known = false;
            }
        }
        if (all_parts_known && (date || byline)) {
            block.date = date;
            block.labelled_date = labelled;
            block.byline = byline;
            return;
        }
    }
}

Block describe(const PageBlock& page, const SiteChrome& chrome)
{
    Block block;
    block.page = &page;
    block.text = describe_block(page.text);
    block.keys = make_line_keys(page.text);
    block.learned = chrome.match(block.keys);
    // "… - U.S." ends a headline; "… said Goldman, Sachs and Co." ends a long sentence.
    block.prose = block.text.sentence_end && block.text.words >= k_min_prose_words &&
                  (block.text.words >= k_min_sure_prose_words || !ends_with_abbreviation(page.text));
    if (has_ascii_digit(page.text) && page.text.size() <= k_max_date_bytes) {
        block.date = parse_date_line(page.text);
        block.labelled_date = block.date && is_date_label(block.text.lower);
    }
    if (!block.date && block.text.words <= k_max_byline_words) {
        block.byline = parse_byline(page.text);
        block.byline_source = block.byline ? byline_source(page.text) : std::string();
        if (!block.byline) {
            read_combined_header(block);
        }
    }
    if (block.date || block.byline) {
        return block;
    }
    block.rule = classify_chrome(block.text);
    block.notice = block.rule == RuleChrome::none && is_page_notice(page.text);
    if (block.rule == RuleChrome::none && block.text.words <= k_max_crumb_line_words) {
        block.section_label = section_from_label(page.text);
        block.crumb = !block.section_label.empty() || is_breadcrumb_line(page.text);
    }
    // A learned shape or label ("Comments (N)", "Tags: …") marks furniture, never a story
    // sentence or a paragraph that opens with a dateline ("London: …").
    const bool learned_pattern =
        block.learned == ChromeMatch::pattern && !block.prose && !split_dateline(page.text).has_value();
    block.chrome = block.rule != RuleChrome::none || block.learned == ChromeMatch::exact || learned_pattern;
    return block;
}

// A line that could be a headline; a strip line ("Live: …") or one listed under a strip
// heading only when `allow_strip` (a page whose only headline is a "Live:" or "Breaking" one).
bool is_titleish(const Block& block, bool allow_strip = false)
{
    const std::size_t words = block.text.words;
    const bool chrome = block.chrome && !(allow_strip && block.rule == RuleChrome::ticker);
    return !chrome && !block.date && !block.byline && !block.crumb && !block.prose && !block.notice &&
           (allow_strip || !block.strip) && words >= k_min_title_words && words <= k_max_title_words &&
           !block.text.text.ends_with(':');
}

// Lines listed under a strip heading ("Trending", "Most read", "Top stories", "Breaking") are
// other stories' headlines: the first line after the heading (a blank line may come between)
// and the lines that follow it with no blank line, up to anything that is not headline-like.
void mark_strip_items(std::vector<Block>& blocks)
{
    for (std::size_t heading = 0; heading < blocks.size(); ++heading) {
        if (blocks[heading].rule != RuleChrome::list_heading) {
            continue;
        }
        for (std::size_t item = heading + 1; item < blocks.size(); ++item) {
            Block& block = blocks[item];
            const bool listed = item == heading + 1 || !block.page->after_blank;
            if (!listed || !is_titleish(block) || block.text.words > k_max_list_item_words) {
                break;
            }
            block.strip = true;
        }
    }
}

struct TitleMatch {
    std::size_t first = 0; // the title block
    std::size_t last = 0;  // its last repetition
    std::string crumbs;    // a breadcrumb glued in front of a repetition
};

// The title repeats the end of a line just above it (a breadcrumb glued to it: "HomeWorldTitle")
// or that line exactly.
std::optional<TitleMatch> find_repeated_title(const std::vector<Block>& blocks)
{
    const std::size_t limit = std::min(blocks.size(), k_header_blocks);
    for (std::size_t i = 1; i < limit; ++i) {
        if (!is_titleish(blocks[i])) {
            continue;
        }
        const std::string_view title = blocks[i].text.text;
        for (std::size_t j = i >= 3 ? i - 3 : 0; j < i; ++j) {
            const std::string_view earlier = blocks[j].text.text;
            if (earlier == title) {
                return TitleMatch{j, i, {}};
            }
            if (earlier.size() > title.size() && earlier.ends_with(title)) {
                const std::string_view crumbs = earlier.substr(0, earlier.size() - title.size());
                if (count_words(crumbs) <= k_max_glued_crumb_words && !crumbs.ends_with(' ')) {
                    return TitleMatch{i, i, std::string(crumbs)};
                }
            }
        }
    }
    return std::nullopt;
}

// The title is the headline-like line just above the first byline, date line or story sentence
// that has one above it (so a headline below the byline and date is found from the story);
// else the first headline-like line.
bool is_strip_part(const Block& block)
{
    return block.strip || block.rule == RuleChrome::ticker || block.rule == RuleChrome::list_heading;
}

// Headlines in strips of other stories are passed over while any other line will do.
std::optional<std::size_t> find_title(const std::vector<Block>& blocks)
{
    const std::size_t limit = std::min(blocks.size(), k_header_blocks);
    for (bool allow_strip : {false, true}) {
        for (std::size_t anchor = 1; anchor < limit; ++anchor) {
            const Block& block = blocks[anchor];
            const bool is_anchor = block.date || block.byline || (block.prose && !block.chrome);
            if (!is_anchor) {
                continue;
            }
            for (std::size_t above = anchor; above-- > 0;) {
                if (is_titleish(blocks[above], allow_strip)) {
                    return above;
                }
                // A strip of other headlines sits between the masthead and the story: a
                // line above it (the site's name) heads no story below it.
                if (!allow_strip && is_strip_part(blocks[above])) {
                    break;
                }
            }
        }
    }
    for (bool allow_strip : {false, true}) {
        for (std::size_t i = 0; i < limit; ++i) {
            if (is_titleish(blocks[i], allow_strip)) {
                return i;
            }
        }
    }
    return std::nullopt;
}

struct DateCandidate {
    DateLine line;
    int rank = 0; // lower wins: published, updated, page banner
};

int date_rank(DateKind kind)
{
    switch (kind) {
    case DateKind::published: return 0;
    case DateKind::updated: return 1;
    case DateKind::page_banner: return 2;
    }
    return 2;
}

class PageCleaner {
public:
    PageCleaner(const std::vector<PageBlock>& page, const SiteChrome& chrome)
    {
        m_blocks.reserve(page.size());
        for (const PageBlock& block : page) {
            m_blocks.push_back(describe(block, chrome));
        }
        mark_strip_items(m_blocks);
    }

    Extraction run()
    {
        const std::size_t body_start = read_header();
        read_body(body_start);
        finish();
        Extraction extraction;
        extraction.article = std::move(m_article);
        extraction.missing = missing_fields(extraction.article);
        return extraction;
    }

private:
    std::vector<Block> m_blocks;
    Article m_article;
    std::optional<DateCandidate> m_date;
    std::unordered_set<std::uint64_t> m_header_lines; // lines above the title, to spot them again below
    std::vector<std::size_t> m_content;               // body blocks
    std::vector<std::string> m_paragraphs;             // their text, credits taken off

    void offer_date(const Block& block, bool above_title)
    {
        if (!block.date) {
            return;
        }
        DateLine line = *block.date;
        // A bare date above the headline is the page's banner, not a proven publication date.
        if (above_title && !block.labelled_date) {
            line.kind = DateKind::page_banner;
        }
        const int rank = date_rank(line.kind);
        if (!m_date || rank < m_date->rank) {
            m_date = DateCandidate{line, rank};
        }
    }

    void offer_byline(const Block& block)
    {
        offer_authors(*block.byline);
        if (m_article.source.empty()) {
            m_article.source = block.byline_source;
        }
    }

    void offer_authors(const std::vector<std::string>& authors)
    {
        if (m_article.authors.empty()) {
            m_article.authors = authors;
        }
    }

    static std::string section_of(const Block& block)
    {
        return block.section_label.empty() ? section_from_breadcrumb(block.text.text) : block.section_label;
    }

    bool is_header_item(const Block& block) const
    {
        return block.date || block.byline || block.chrome || block.crumb || block.notice;
    }

    // A dek: a sentence right after the title, set off from the story by the header that
    // follows it (date, byline, interface furniture such as "Text Size:" or a line the site
    // repeats on every page) or by a dateline. Links, adverts and pitches sit between story
    // paragraphs and set off nothing.
    bool is_dek(std::size_t index) const
    {
        const Block& block = m_blocks[index];
        if (is_header_item(block) || block.notice || block.text.words < k_min_dek_words || block.text.words > k_max_dek_words ||
            split_dateline(block.text.text) || index + 1 >= m_blocks.size()) {
            return false;
        }
        // Notices about the page ("Image 1 of 6: …", "Published in the print edition …") may
        // sit between the dek and the header that sets it off.
        std::size_t after = index + 1;
        while (after + 1 < m_blocks.size() && m_blocks[after].notice) {
            ++after;
        }
        const Block& next = m_blocks[after];
        const bool furniture = next.chrome && (next.rule == RuleChrome::interface ||
                                               (next.rule == RuleChrome::none && next.learned == ChromeMatch::exact));
        if (next.date || next.byline || furniture) {
            return true;
        }
        for (std::size_t i = index + 1; i < m_blocks.size(); ++i) {
            if (!is_header_item(m_blocks[i])) {
                return i > index + 1 && split_dateline(m_blocks[i].text.text).has_value();
            }
        }
        return false;
    }

    // Title, section, dek, dates and bylines; returns where the body starts.
    std::size_t read_header()
    {
        std::size_t title = 0;
        std::size_t after_title = 0;
        bool found = false;
        if (std::optional<TitleMatch> match = find_repeated_title(m_blocks)) {
            title = match->first;
            after_title = match->last + 1;
            m_article.section = section_from_breadcrumb(match->crumbs);
            found = true;
        } else if (std::optional<std::size_t> plain = find_title(m_blocks)) {
            title = *plain;
            after_title = title + 1;
            found = true;
        }
        if (!found) {
            return 0;
        }
        m_article.title = std::string(m_blocks[title].text.text);
        for (std::size_t i = 0; i < title; ++i) {
            const Block& block = m_blocks[i];
            offer_date(block, true);
            if (block.byline && i + 2 >= title) {
                offer_byline(block);
            }
            if (std::string named = block.crumb ? section_of(block) : std::string();
                !named.empty() && (m_article.section.empty() || i + 1 == title)) {
                m_article.section = std::move(named);
            }
            if (!block.date && block.rule != RuleChrome::advert && (block.chrome || block.text.words >= 2)) {
                m_header_lines.insert(block.keys.exact);
            }
        }
        std::size_t next = after_title;
        while (next < m_blocks.size() && m_blocks[next].text.text == m_article.title) {
            ++next;
        }
        if (next < m_blocks.size() && is_dek(next)) {
            m_article.subtitle = std::string(m_blocks[next].text.text);
            ++next;
        }
        while (next < m_blocks.size() && is_header_item(m_blocks[next])) {
            const Block& block = m_blocks[next];
            if (block.crumb && m_article.section.empty()) {
                m_article.section = section_of(block);
            }
            offer_date(block, false);
            if (block.byline) {
                offer_byline(block);
            }
            ++next;
        }
        return next;
    }

    bool is_list_item(std::size_t index) const
    {
        const Block& block = m_blocks[index];
        if (block.prose || block.text.words > k_max_list_item_words) {
            return false;
        }
        const bool joined_above = !block.page->after_blank;
        const bool joined_below = index + 1 < m_blocks.size() && !m_blocks[index + 1].page->after_blank;
        return joined_above || joined_below;
    }

    bool is_short_line(std::size_t index) const
    {
        const Block& block = m_blocks[index];
        return !block.text.sentence_end && block.text.words <= k_max_list_item_words;
    }

    // Applies a credit paragraph; true when it ends the story.
    bool take_credit_paragraph(const Block& block)
    {
        if (block.text.words > k_max_credit_words) {
            return false;
        }
        const std::optional<Credit> credit = parse_credit_paragraph(block.text.text);
        if (!credit) {
            return false;
        }
        if (!credit->source.empty() && m_article.source.empty()) {
            m_article.source = credit->source;
        }
        if (!credit->reporters.empty()) {
            offer_authors(credit->reporters);
        }
        return true;
    }

    void read_body(std::size_t start)
    {
        std::vector<std::size_t> chrome;
        for (std::size_t i = start; i < m_blocks.size(); ++i) {
            const Block& block = m_blocks[i];
            if (block.date) {
                offer_date(block, false);
                continue;
            }
            if (!m_content.empty() && m_header_lines.contains(block.keys.exact)) {
                break; // the page's header furniture again: the story is over
            }
            if (take_credit_paragraph(block)) {
                if (m_content.empty()) {
                    continue;
                }
                break;
            }
            if (block.chrome || block.crumb) {
                chrome.push_back(i);
                continue;
            }
            if (block.byline && m_content.empty()) {
                offer_byline(block);
                continue;
            }
            m_content.push_back(i);
            std::string text(block.text.text);
            const std::string credit = take_trailing_credit(text);
            m_paragraphs.push_back(std::move(text));
            if (!credit.empty()) {
                if (m_article.source.empty()) {
                    m_article.source = credit;
                }
                break; // a wire credit signs off the story
            }
        }
        drop_trailing_lists(chrome);
    }

    // Page furniture followed only by headline lists (or by nothing) ends the story there:
    // "Most Read" and five headlines, "Related Coverage" and three.
    void drop_trailing_lists(const std::vector<std::size_t>& chrome)
    {
        for (std::size_t furniture : chrome) {
            const auto after = std::upper_bound(m_content.begin(), m_content.end(), furniture);
            if (after == m_content.begin()) {
                continue;
            }
            const bool tail_heading = m_blocks[furniture].rule == RuleChrome::list_heading ||
                                      m_blocks[furniture].rule == RuleChrome::copyright;
            const bool only_lists = std::all_of(after, m_content.end(), [&](std::size_t index) {
                return is_list_item(index) || (tail_heading && is_short_line(index));
            });
            if (only_lists) {
                const auto kept = static_cast<std::size_t>(after - m_content.begin());
                m_content.resize(kept);
                m_paragraphs.resize(kept);
                return;
            }
        }
    }

    // The title and the first paragraphs: as much as detect_language looks at.
    std::string language_sample() const
    {
        std::string sample = m_article.title;
        for (const std::string& paragraph : m_article.body) {
            if (sample.size() >= k_language_sample_bytes) {
                break;
            }
            sample += "\n\n" + paragraph;
        }
        return sample;
    }

    void finish()
    {
        std::erase_if(m_paragraphs, [](const std::string& paragraph) { return paragraph.empty(); });
        if (!m_paragraphs.empty()) {
            if (std::optional<DatelineSplit> split = split_dateline(m_paragraphs.front())) {
                m_article.dateline = split->place;
                if (!split->agency.empty()) {
                    m_article.source = split->agency;
                }
                m_paragraphs.front() = split->rest;
            }
        }
        m_article.body = std::move(m_paragraphs);
        if (m_date) {
            m_article.date = m_date->line.date;
            m_article.date_kind = std::string(date_kind_name(m_date->line.kind));
        }
        if (!m_article.title.empty() || !m_article.body.empty()) {
            m_article.language = detect_language(language_sample());
        }
    }
};

Extraction clean_blocks(const std::vector<PageBlock>& blocks, const SiteChrome& chrome)
{
    Extraction extraction = PageCleaner(blocks, chrome).run();
    // Learned chrome never takes a whole story: pages syndicated within one site repeat every
    // line, so a page left without a body is read again with the general rules alone.
    if (extraction.article.body.empty() && !chrome.empty()) {
        Extraction plain = PageCleaner(blocks, SiteChrome()).run();
        if (!plain.article.body.empty()) {
            return plain;
        }
    }
    return extraction;
}

} // namespace

Extraction clean_scrape(std::string_view page_text, const SiteChrome& chrome)
{
    return clean_blocks(split_page_blocks(page_text), chrome);
}

Extraction clean_scrape(std::string_view page_text, const ChromeModel& model, std::string_view site)
{
    const std::vector<PageBlock> blocks = split_page_blocks(page_text);
    std::vector<LineKeys> keys;
    keys.reserve(blocks.size());
    for (const PageBlock& block : blocks) {
        keys.push_back(make_line_keys(block.text));
    }
    return clean_blocks(blocks, model.chrome_for(site, keys));
}

std::vector<std::string> missing_fields(const Article& article)
{
    const std::array<std::pair<std::string_view, bool>, 11> fields = {{
        {"title", article.title.empty()},
        {"subtitle", article.subtitle.empty()},
        {"section", article.section.empty()},
        {"date", article.date.empty()},
        {"date_kind", article.date.empty()},
        {"dateline", article.dateline.empty()},
        {"source", article.source.empty()},
        {"authors", article.authors.empty()},
        {"body", article.body.empty()},
        {"url", article.url.empty()},
        {"language", article.language.empty()},
    }};
    std::vector<std::string> missing;
    for (const auto& [name, is_missing] : fields) {
        if (is_missing) {
            missing.emplace_back(name);
        }
    }
    return missing;
}

} // namespace dateline
