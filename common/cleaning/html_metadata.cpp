#include "common/cleaning/html_metadata.h"

#include "common/cleaning/html_json_ld.h"
#include "common/text/dates.h"
#include "common/text/text_utils.h"

#include <array>
#include <cctype>
#include <optional>

namespace dateline {
namespace {

constexpr std::array<std::string_view, 6> k_title_separators = {" | ", " - ", " – ", " — ", " :: ", " · "};

std::string_view first_meta(const HtmlDocument& document, std::initializer_list<std::string_view> names)
{
    for (std::string_view name : names) {
        if (const std::string_view content = meta_content(document, name); !content.empty()) {
            return content;
        }
    }
    return {};
}

// Letters and digits only, lower case: "The Daily Example" and "dailyexample" compare.
std::string squeeze(std::string_view text)
{
    std::string out;
    for (char c : text) {
        if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    if (out.starts_with("the")) {
        out.erase(0, 3);
    }
    return out;
}

std::string host_of(std::string_view url)
{
    const std::size_t scheme = url.find("://");
    if (scheme == std::string_view::npos) {
        return {};
    }
    std::string_view host = url.substr(scheme + 3);
    host = host.substr(0, host.find_first_of("/?#:"));
    if (host.starts_with("www.")) {
        host.remove_prefix(4);
    }
    return std::string(host.substr(0, host.rfind('.')));
}

bool names_site(std::string_view segment, std::string_view site, std::string_view url)
{
    const std::string squeezed = squeeze(segment);
    if (squeezed.empty()) {
        return false;
    }
    const std::string host = squeeze(host_of(url));
    return (!site.empty() && squeezed == squeeze(site)) || (!host.empty() && squeezed == host);
}

// A link as an absolute URL: as is when absolute, resolved against `base` when rooted.
std::string absolute_url(std::string_view link, std::string_view base)
{
    if (link.starts_with("http://") || link.starts_with("https://")) {
        return std::string(link);
    }
    if (link.starts_with("//")) {
        return "https:" + std::string(link);
    }
    const std::size_t scheme = base.find("://");
    if (!link.starts_with("/") || scheme == std::string_view::npos) {
        return {};
    }
    const std::size_t path = base.find('/', scheme + 3);
    return std::string(base.substr(0, path)) + std::string(link);
}

std::string language_code(std::string_view declared)
{
    std::string code;
    for (char c : declared) {
        if (!std::isalpha(static_cast<unsigned char>(c))) {
            break;
        }
        code += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return code.size() == 2 ? code : std::string();
}

bool has_time(std::string_view iso)
{
    return iso.size() > 10 && (iso[10] == 'T' || iso[10] == ' ') && iso.find(':') != std::string_view::npos;
}

// The first date the sources state, published before modified.
void read_date(const HtmlDocument& document, const JsonLdArticle& ld, PageMetadata& page)
{
    struct Candidate {
        std::string_view text;
        const char* kind;
    };
    std::vector<Candidate> candidates = {
        {ld.date_published, "published"},
        {first_meta(document, {"article:published_time", "datepublished", "og:published_time", "pubdate",
                               "publishdate", "date", "dc.date.issued", "dc.date", "dcterms.created",
                               "parsely-pub-date", "sailthru.date"}),
         "published"}};
    // A <time> marked as the publication's, else the first outside chrome (comments have times too).
    for (const bool marked : {true, false}) {
        for (const HtmlTime& time : document.times) {
            const bool chrome = (document.nodes[static_cast<std::size_t>(time.node)].inherited & hint_negative) != 0;
            if (marked ? time.published : (!chrome && !time.modified)) {
                candidates.push_back({time.datetime, "published"});
            }
        }
    }
    candidates.push_back({ld.date_modified, "updated"});
    candidates.push_back({first_meta(document, {"article:modified_time", "og:updated_time", "datemodified",
                                                "last-modified", "dcterms.modified"}),
                          "updated"});
    for (const Candidate& candidate : candidates) {
        if (const std::optional<std::string> date = parse_iso_date(candidate.text)) {
            page.date = *date;
            page.date_kind = candidate.kind;
            page.published_at = has_time(candidate.text) ? std::string(candidate.text) : std::string();
            return;
        }
    }
}

void read_people(const HtmlDocument& document, const JsonLdArticle& ld, PageMetadata& page)
{
    page.authors = ld.authors;
    {
        for (std::string_view name : {"author", "article:author", "dc.creator", "parsely-author", "sailthru.author"}) {
            const std::string_view content = meta_content(document, name);
            if (!content.empty() && !content.starts_with("http")) {
                page.meta_authors.push_back(std::string(content));
                break;
            }
        }
    }
    page.source = ld.publisher;
    if (page.source.empty() && !ld.organisations.empty()) {
        page.source = ld.organisations.front();
    }
    if (page.source.empty()) {
        page.source = std::string(first_meta(document, {"og:site_name", "application-name"}));
    }
}

std::vector<std::string> meta_tags(const HtmlDocument& document)
{
    std::vector<std::string> tags;
    for (const auto& [key, content] : document.meta) {
        if (key == "article:tag") {
            tags.push_back(content);
        }
    }
    if (tags.empty()) {
        for (const std::string& word : split_nonempty(first_meta(document, {"news_keywords", "keywords"}), ',')) {
            if (std::string tag = collapse_whitespace(word); !tag.empty()) {
                tags.push_back(std::move(tag));
            }
        }
    }
    return tags;
}

} // namespace

std::string strip_site_suffix(std::string_view title, std::string_view site, std::string_view url)
{
    std::size_t best = std::string_view::npos;
    std::size_t best_size = 0;
    for (std::string_view separator : k_title_separators) {
        const std::size_t at = title.rfind(separator);
        if (at != std::string_view::npos && at > 0 && (best == std::string_view::npos || at > best)) {
            best = at;
            best_size = separator.size();
        }
    }
    if (best == std::string_view::npos) {
        return std::string(title);
    }
    const std::string_view tail = title.substr(best + best_size);
    const bool pipe = title.substr(best, best_size) == " | ";
    if (pipe || names_site(tail, site, url)) {
        return std::string(trim(title.substr(0, best)));
    }
    // "Site - Headline": the site's name first.
    const std::size_t first = title.find(title.substr(best, best_size));
    if (names_site(title.substr(0, first), site, url)) {
        return std::string(trim(title.substr(first + best_size)));
    }
    return std::string(title);
}

PageMetadata read_page_metadata(const HtmlDocument& document, std::string_view page_url)
{
    const JsonLdArticle ld = read_json_ld(document.json_ld);
    PageMetadata page;
    read_people(document, ld, page);
    std::string url = absolute_url(document.canonical, page_url);
    for (std::string_view other : {first_meta(document, {"og:url"}), std::string_view(ld.url), page_url}) {
        if (url.empty()) {
            url = absolute_url(other, page_url);
        }
    }
    page.url = url;
    page.title = ld.headline;
    if (page.title.empty()) {
        page.title = strip_site_suffix(first_meta(document, {"og:title", "twitter:title"}), page.source, page.url);
    }
    if (page.title.empty()) {
        page.title = strip_site_suffix(document.title, page.source, page.url);
    }
    page.subtitle = ld.alternative_headline;
    page.section = ld.section;
    if (page.section.empty()) {
        page.section = std::string(first_meta(document, {"article:section", "parsely-section", "section"}));
    }
    page.tags = ld.keywords.empty() ? meta_tags(document) : ld.keywords;
    read_date(document, ld, page);
    page.language = language_code(document.lang);
    if (page.language.empty()) {
        page.language = language_code(ld.language);
    }
    if (page.language.empty()) {
        page.language = language_code(first_meta(document, {"og:locale", "content-language", "language"}));
    }
    return page;
}

} // namespace dateline
