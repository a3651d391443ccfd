#include "common/web/article_view.h"

#include "common/web/page_layout.h"
#include "common/web/page_query.h"
#include "common/text/text_utils.h"

namespace dateline {
namespace {

std::string search_link(std::string_view param, std::string_view value)
{
    return escape_html(PageQuery().with(param, value).url("/search"));
}

std::string join_names(const std::vector<std::string>& names)
{
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) {
            out += i + 1 == names.size() ? " and " : ", ";
        }
        out += escape_html(names[i]);
    }
    return out;
}

std::string host_of(std::string_view url)
{
    std::string_view rest = url.substr(url.find("://") + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    return std::string(rest);
}

// One linked title with its source and date, for the lists beside the article.
std::string render_neighbour(const std::string& id, const std::string& title, const std::string& source,
                             const std::string& date)
{
    std::string html = "<li><a href=\"" + escape_html(article_path(id)) + "\">" + escape_html(title.empty() ? id : title) +
                       "</a><p class=\"meta\">";
    if (!source.empty()) {
        html += "<span class=\"source\">" + escape_html(source) + "</span>";
    }
    return html + render_time(date) + "</p></li>";
}

// Where a page from a web archive came from: "Captured from FILE, record ID, on DATE".
std::string render_capture(const Article& article)
{
    if (article.warc_file.empty()) {
        return {};
    }
    std::string html = "<p class=\"provenance\">Captured from <span class=\"warc-file\">" +
                       escape_html(article.warc_file) + "</span>";
    if (!article.warc_record_id.empty()) {
        html += ", record <span class=\"warc-record\">" + escape_html(article.warc_record_id) + "</span>";
    }
    if (!article.captured_at.empty()) {
        html += ", on <time datetime=\"" + escape_html(article.captured_at) + "\">" + escape_html(article.captured_at) +
                "</time>";
    }
    return html + "</p>";
}

std::string render_neighbours(const ArticleNeighbours& neighbours)
{
    std::string html;
    if (!neighbours.copies.empty()) {
        html += "<h2 id=\"copies\">Copies from other outlets</h2><ul>";
        for (const Article& copy : neighbours.copies) {
            html += render_neighbour(copy.id, copy.title, copy.source, copy.date);
        }
        html += "</ul>";
    }
    if (!neighbours.related.empty()) {
        html += "<h2 id=\"related\">Related articles</h2><ul>";
        for (const SearchHit& hit : neighbours.related) {
            html += render_neighbour(hit.id, hit.title, hit.source, hit.date);
        }
        html += "</ul>";
    }
    return html;
}

} // namespace

std::string safe_link_target(std::string_view url)
{
    const std::string lower = to_lower(url.substr(0, 8));
    const bool web = lower.starts_with("http://") || lower.starts_with("https://");
    return web && url.find_first_of(" \t\r\n\"<>") == std::string_view::npos ? std::string(url) : std::string();
}

std::string render_article_view(const Article& article, const ArticleNeighbours& neighbours)
{
    PageFrame frame;
    frame.title = article.title.empty() ? article.id : article.title;

    std::string content = "<article class=\"article\" aria-labelledby=\"article-title\"><header>";
    if (!article.section.empty()) {
        content += "<p class=\"back\"><a href=\"" + search_link("section", article.section) + "\">" +
                   escape_html(article.section) + "</a></p>";
    }
    content += "<h1 id=\"article-title\">" + escape_html(frame.title) + "</h1>";
    if (!article.subtitle.empty()) {
        content += "<p class=\"dek\">" + escape_html(article.subtitle) + "</p>";
    }
    if (!article.authors.empty()) {
        content += "<p class=\"byline\">By " + join_names(article.authors) + "</p>";
    }
    content += "<p class=\"meta\">";
    if (!article.source.empty()) {
        content += "<a class=\"source\" href=\"" + search_link("source", article.source) + "\">" +
                   escape_html(article.source) + "</a>";
    }
    content += render_time(article.date);
    if (!article.dateline.empty()) {
        content += "<span class=\"place\">" + escape_html(article.dateline) + "</span>";
    }
    content += "</p></header>\n<div class=\"body\">";
    for (std::size_t i = 0; i < article.body.size(); ++i) {
        content += "<p>";
        // The dateline leads the story, as in print, unless the text already starts with it.
        if (i == 0 && !article.dateline.empty() && !to_lower(article.body[0]).starts_with(to_lower(article.dateline))) {
            content += "<span class=\"dateline-place\">" + escape_html(article.dateline) + " —</span> ";
        }
        content += escape_html(article.body[i]) + "</p>\n";
    }
    content += "</div>";
    if (!article.tags.empty()) {
        content += "<ul class=\"tags\" aria-label=\"Tags\">";
        for (const std::string& tag : article.tags) {
            content += "<li><a href=\"" + search_link("tag", tag) + "\">" + escape_html(tag) + "</a></li>";
        }
        content += "</ul>";
    }
    if (const std::string target = safe_link_target(article.url); !target.empty()) {
        content += "<p class=\"original\">Original: <a href=\"" + escape_html(target) +
                   "\" rel=\"external noopener noreferrer\">" + escape_html(host_of(target)) + "</a></p>";
    } else if (!article.url.empty()) {
        content += "<p class=\"original\">Original address: " + escape_html(article.url) + "</p>";
    }
    content += render_capture(article);
    content += "</article>\n";
    const std::string related = render_neighbours(neighbours);
    if (!related.empty()) {
        content += "<aside class=\"related\" aria-label=\"More on this story\">" + related + "</aside>\n";
    }
    return render_page(frame, content);
}

} // namespace dateline
