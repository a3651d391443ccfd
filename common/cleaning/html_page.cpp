#include "common/cleaning/html_page.h"

#include "common/cleaning/html_charset.h"
#include "common/cleaning/html_content.h"
#include "common/cleaning/html_dom.h"
#include "common/cleaning/html_metadata.h"
#include "common/cleaning/news_fields.h"
#include "common/text/language.h"
#include "common/text/text_utils.h"

#include <algorithm>
#include <optional>

namespace dateline {
namespace {

constexpr std::size_t k_language_sample_bytes = 4096;
constexpr std::size_t k_min_dek_words = 5;

HtmlDocument parse_page(std::string_view html_bytes, const HtmlPageContext& context)
{
    return parse_html_document(decode_html_bytes(html_bytes, context.content_type).text);
}

// The first headline (<h1>) outside chrome, or "".
std::string first_headline(const HtmlDocument& document)
{
    for (const HtmlBlock& block : document.blocks) {
        const std::uint32_t inherited = document.nodes[static_cast<std::size_t>(block.node)].inherited;
        if (block.kind == BlockKind::heading && block.heading_level == 1 && (inherited & hint_structural) == 0) {
            return block.text;
        }
    }
    return {};
}

// The names a byline line gives, also when it lacks its "By".
std::optional<std::vector<std::string>> byline_names(const std::string& text)
{
    std::optional<std::vector<std::string>> names = parse_byline(text);
    if (!names && !text.starts_with("By ") && !text.starts_with("by ")) {
        names = parse_byline("By " + text);
    }
    return names;
}

// The names of the first marked-up byline (class, id or component byline/author) that reads as
// one: the element's whole text, else one of its lines ("By X" above "Environment reporter").
std::vector<std::string> marked_byline(const HtmlDocument& document)
{
    for (const std::string& text : document.byline_texts) {
        if (std::optional<std::vector<std::string>> names = byline_names(text)) {
            return std::move(*names);
        }
    }
    for (const HtmlBlock& block : document.blocks) {
        const std::uint32_t inherited = document.nodes[static_cast<std::size_t>(block.node)].inherited;
        if ((inherited & hint_byline) != 0 && (inherited & hint_structural) == 0) {
            if (std::optional<std::vector<std::string>> names = byline_names(block.text)) {
                return std::move(*names);
            }
        }
    }
    return {};
}

// The itemprop/rel author names, without repeats and "By ".
std::vector<std::string> markup_authors(const HtmlDocument& document)
{
    std::vector<std::string> names;
    for (const std::string& text : document.author_names) {
        std::string name = text.starts_with("By ") ? text.substr(3) : text;
        if (std::find(names.begin(), names.end(), name) == names.end()) {
            names.push_back(std::move(name));
        }
    }
    return names;
}

// The first marked-up dek of at least five words, or "".
std::string marked_dek(const HtmlDocument& document)
{
    for (const HtmlBlock& block : document.blocks) {
        const std::uint32_t inherited = document.nodes[static_cast<std::size_t>(block.node)].inherited;
        if ((inherited & hint_structural) == 0 && (inherited & hint_dek) != 0 && block.kind != BlockKind::heading &&
            count_words(block.text) >= k_min_dek_words) {
            return block.text;
        }
    }
    return {};
}

// The part of a "Site - Headline" <title> that a block of the page shows as its own line.
std::string title_shown_on_page(const HtmlDocument& document)
{
    for (std::string_view separator : {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: "}) {
        std::string_view rest = document.title;
        while (!rest.empty()) {
            const std::size_t at = rest.find(separator);
            const std::string_view part = trim(rest.substr(0, at));
            const bool shown = count_words(part) >= 3 && std::any_of(document.blocks.begin(), document.blocks.end(),
                                                                   [&](const HtmlBlock& block) { return block.text == part; });
            if (shown) {
                return std::string(part);
            }
            rest = at == std::string_view::npos ? std::string_view() : rest.substr(at + separator.size());
        }
    }
    return {};
}

std::string choose_title(const HtmlDocument& document, const PageMetadata& page)
{
    const std::string headline = first_headline(document);
    if (!page.title.empty() && page.title != strip_site_suffix(document.title, page.source, page.url)) {
        return page.title; // JSON-LD or OpenGraph
    }
    if (!headline.empty() && (page.title.empty() || document.title.find(headline) != std::string::npos)) {
        return headline;
    }
    if (std::string shown = title_shown_on_page(document); !shown.empty()) {
        return shown;
    }
    return page.title.empty() ? headline : page.title;
}

Article article_from_metadata(const HtmlDocument& document, const HtmlPageContext& context, const StorySelection& story)
{
    PageMetadata page = read_page_metadata(document, context.url);
    Article article;
    article.title = choose_title(document, page);
    article.subtitle = page.subtitle.empty() ? marked_dek(document) : page.subtitle;
    article.section = page.section;
    article.source = page.source;
    // People: JSON-LD, else the page's byline (marked up, in microdata, or a line above the
    // story), else the author meta tags.
    for (std::vector<std::string> names : {page.authors, marked_byline(document), markup_authors(document), story.byline,
                                           page.meta_authors}) {
        if (article.authors.empty()) {
            article.authors = std::move(names);
        }
    }
    article.tags = std::move(page.tags);
    article.date = page.date;
    article.date_kind = page.date_kind;
    article.published_at = page.published_at;
    if (article.date.empty() && story.date) {
        article.date = story.date->date;
        article.date_kind = std::string(date_kind_name(story.date->kind));
    }
    article.url = page.url;
    article.language = page.language;
    return article;
}

void set_body(const HtmlDocument& document, const std::vector<std::size_t>& story, Article& article)
{
    for (std::size_t index : story) {
        const std::string& text = document.blocks[index].text;
        if (!(article.body.empty() && text == article.title) && !(article.body.empty() && text == article.subtitle)) {
            article.body.push_back(text);
        }
    }
    if (article.body.empty()) {
        return;
    }
    if (std::optional<DatelineSplit> split = split_dateline(article.body.front())) {
        article.dateline = split->place;
        if (!split->agency.empty() && article.source.empty()) {
            article.source = split->agency;
        }
        article.body.front() = split->rest;
    }
    if (const std::string credit = take_trailing_credit(article.body.back()); !credit.empty() && article.source.empty()) {
        article.source = credit;
    }
    std::erase_if(article.body, [](const std::string& paragraph) { return paragraph.empty(); });
}

Extraction finish(const HtmlDocument& document, const HtmlPageContext& context, const SiteChrome& chrome)
{
    Extraction extraction;
    Article& article = extraction.article;
    const StorySelection story = select_story_blocks(document, chrome);
    article = article_from_metadata(document, context, story);
    set_body(document, story.blocks, article);
    if (article.language.empty() && (!article.title.empty() || !article.body.empty())) {
        std::string sample = article.title;
        for (const std::string& paragraph : article.body) {
            if (sample.size() >= k_language_sample_bytes) {
                break;
            }
            sample += "\n\n" + paragraph;
        }
        article.language = detect_language(sample);
    }
    extraction.missing = missing_fields(article);
    return extraction;
}

} // namespace

Extraction clean_html_page(std::string_view html_bytes, const HtmlPageContext& context)
{
    return finish(parse_page(html_bytes, context), context, SiteChrome());
}

Extraction clean_html_page(std::string_view html_bytes, const HtmlPageContext& context, const ChromeModel& model,
                           std::string_view site)
{
    const HtmlDocument document = parse_page(html_bytes, context);
    std::vector<LineKeys> keys;
    keys.reserve(document.blocks.size());
    for (const HtmlBlock& block : document.blocks) {
        keys.push_back(make_line_keys(block.text));
    }
    return finish(document, context, model.chrome_for(site, keys));
}

std::string html_page_lines(std::string_view html_bytes, const HtmlPageContext& context)
{
    const HtmlDocument document = parse_page(html_bytes, context);
    std::string lines;
    for (const HtmlBlock& block : document.blocks) {
        lines += block.text;
        lines += "\n\n";
    }
    return lines;
}

} // namespace dateline
