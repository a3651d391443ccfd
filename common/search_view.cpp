#include "common/search_view.h"

#include "common/page_layout.h"
#include "common/search_request.h"
#include "common/text_utils.h"

#include <algorithm>
#include <cstdio>

namespace dateline {
namespace {

// Parameters carried by the search form as hidden fields; sort, from and to are the toolbar's.
constexpr std::string_view k_hidden_params[] = {"size", "op", "recency", "collapse",
                                                "source", "section", "tag", "year", "month"};
constexpr int k_page_window = 2; // page links shown on each side of the current one

std::string href(const PageQuery& query, std::string_view path = "/search")
{
    return escape_html(query.url(path));
}

std::string chip_label(std::string_view param, std::string_view value)
{
    if (param == "from") {
        return "From " + format_human_date(value);
    }
    if (param == "to") {
        return "To " + format_human_date(value);
    }
    std::string label(param);
    label[0] = static_cast<char>(label[0] - 'a' + 'A');
    return label + ": " + std::string(value);
}

std::string hidden_fields(const PageQuery& query)
{
    std::string html;
    for (const std::string_view name : k_hidden_params) {
        for (const std::string& value : query.values(name)) {
            html += "<input type=\"hidden\" name=\"" + std::string(name) + "\" value=\"" + escape_html(value) + "\">";
        }
    }
    return html;
}

std::string format_took(double took_ms)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f ms", took_ms);
    return text;
}

std::string render_summary(const SearchResponse& response)
{
    std::string html = "<p class=\"summary\" role=\"status\">";
    if (response.hits.empty()) {
        html += "No results";
    } else {
        const std::size_t first = static_cast<std::size_t>(response.page - 1) * static_cast<std::size_t>(response.size);
        const std::size_t last = first + response.hits.size();
        const std::string total = (response.total_exact ? "" : "about ") + format_count(response.total);
        html += first == 0 && last == response.total
                    ? format_count(response.total) + (response.total == 1 ? " result" : " results")
                    : "Results " + format_count(first + 1) + "–" + format_count(last) + " of " + total;
    }
    html += " <span class=\"took\">(" + format_took(response.took_ms) + ")</span></p>";
    return html;
}

std::string render_sort_option(std::string_view current, std::string_view value, std::string_view label)
{
    return "<option value=\"" + std::string(value) + "\"" + (current == value ? " selected" : "") + ">" +
           std::string(label) + "</option>";
}

std::string render_toolbar(const PageQuery& query, const SearchResponse& response)
{
    const std::string sort = query.value("sort").empty() ? "relevance" : query.value("sort");
    std::string html = "<div class=\"toolbar\">" + render_summary(response);
    html += "<label for=\"sort\">Sort by<select id=\"sort\" name=\"sort\" form=\"search-form\">";
    html += render_sort_option(sort, "relevance", "Relevance");
    html += render_sort_option(sort, "newest", "Newest first");
    html += render_sort_option(sort, "oldest", "Oldest first");
    html += "</select></label>";
    html += "<label for=\"from\">From<input type=\"date\" id=\"from\" name=\"from\" form=\"search-form\" value=\"" +
            escape_html(query.value("from")) + "\"></label>";
    html += "<label for=\"to\">To<input type=\"date\" id=\"to\" name=\"to\" form=\"search-form\" value=\"" +
            escape_html(query.value("to")) + "\"></label>";
    html += "<button type=\"submit\" form=\"search-form\" class=\"secondary\">Apply</button>";
    html += "<a class=\"feed-link\" href=\"" + href(query.without("page").without("size"), "/search.rss") +
            "\">Subscribe (RSS)</a></div>\n";
    return html;
}

std::string render_hit(const SearchHit& hit)
{
    std::string html = "<li class=\"result\"><h2><a href=\"" + escape_html(article_path(hit.id)) + "\">" +
                       escape_html(hit.title.empty() ? hit.id : hit.title) + "</a></h2>";
    std::string meta;
    if (!hit.source.empty()) {
        meta += "<span class=\"source\">" + escape_html(hit.source) + "</span>";
    }
    if (!hit.section.empty()) {
        meta += "<span class=\"section\">" + escape_html(hit.section) + "</span>";
    }
    meta += render_time(hit.date);
    if (!hit.dateline.empty()) {
        meta += "<span class=\"place\">" + escape_html(hit.dateline) + "</span>";
    }
    if (!meta.empty()) {
        html += "<p class=\"meta\">" + meta + "</p>";
    }
    // The snippet is HTML-escaped by the search service, with <mark> around matched terms.
    if (!hit.snippet.empty()) {
        html += "<p class=\"snippet\">" + hit.snippet + "</p>";
    }
    html += "</li>\n";
    return html;
}

std::string render_empty_state(const PageQuery& query)
{
    const std::string q = query.value("q");
    std::string html = "<div class=\"empty\"><h2>No articles match " +
                       (q.empty() ? std::string("these filters") : "“" + escape_html(q) + "”") + "</h2><ul>";
    if (!q.empty()) {
        html += "<li>Check the spelling of each word.</li>"
                "<li>Use fewer or more general words, or <code>OR</code> between them.</li>"
                "<li>A phrase in quotes must match exactly: try it without the quotes.</li>";
    }
    if (query.has_filters()) {
        html += "<li>Remove a filter above, or <a href=\"" + href(query.without_filters().without("page")) +
                "\">search without any filter</a>.</li>";
    }
    html += "</ul></div>\n";
    return html;
}

} // namespace

std::string render_home_view(std::size_t document_count)
{
    PageFrame frame;
    frame.focus_search = true;
    std::string content = "<section class=\"home\" aria-labelledby=\"home-title\">"
                          "<h1 id=\"home-title\">Search the news archive</h1><p class=\"lede\">";
    content += format_count(document_count) + (document_count == 1 ? " article" : " articles");
    content += ", searchable by word, phrase, source, section and date. "
               "<a href=\"/search?q=&amp;sort=newest\">Browse the newest</a>.</p>"
               "<h2>How to search</h2><ul class=\"tips\">"
               "<li><code>tidal barrage</code> finds articles with either word, those with both first.</li>"
               "<li><code>\"central bank\"</code> finds the exact phrase.</li>"
               "<li><code>ferry -strike</code> leaves out articles with a word; "
               "<code>ferry AND fares</code> needs both.</li>"
               "<li><code>title:harbour</code>, <code>source:meridian</code>, <code>section:sport</code>, "
               "<code>place:tokyo</code>, <code>author:okafor</code> look in one field.</li>"
               "<li><code>shipp*</code> matches words that start with <em>shipp</em>.</li></ul>"
               "<p>Every search has an RSS feed, so a saved search becomes a news alert; "
               "<a href=\"/opensearch.xml\" type=\"application/opensearchdescription+xml\">add Dateline to your "
               "browser</a> to search from the address bar.</p></section>\n";
    return render_page(frame, content);
}

std::string render_search_view(const PageQuery& query, const SearchResponse& response)
{
    const std::string q = query.value("q");
    PageFrame frame;
    frame.title = q.empty() ? "All articles" : q;
    frame.query = q;
    frame.form_fields = hidden_fields(query);
    frame.head_links = "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"" +
                       escape_html(q.empty() ? std::string("Dateline: newest articles") : "Dateline: " + q) +
                       "\" href=\"" + href(query.without("page").without("size"), "/search.rss") + "\">\n";

    std::string content = "<h1 class=\"visually-hidden\">" +
                          (q.empty() ? std::string("All articles") : "Search results for “" + escape_html(q) + "”") +
                          "</h1>\n";
    content += render_toolbar(query, response);
    content += render_filter_chips(query);
    if (!response.note.empty()) {
        content += "<p class=\"note\" role=\"status\">" + escape_html(response.note) + "</p>\n";
    }
    const std::string facets = render_facets(query, {});
    content += facets.empty() ? "<div class=\"layout\">" : "<div class=\"layout with-facets\">" + facets;
    content += "<section class=\"results-column\" aria-label=\"Results\">";
    if (response.hits.empty()) {
        content += render_empty_state(query);
    } else {
        content += "<ol class=\"results\">\n";
        for (const SearchHit& hit : response.hits) {
            content += render_hit(hit);
        }
        content += "</ol>\n";
        content += render_pagination(query, response.page, response.size, response.total);
    }
    content += "</section></div>\n";
    return render_page(frame, content);
}

std::string render_facets(const PageQuery& query, const std::vector<FacetGroup>& groups)
{
    std::string html;
    for (const FacetGroup& group : groups) {
        if (group.values.empty()) {
            continue;
        }
        html += "<section class=\"facet\"><h2>" + escape_html(group.title) + "</h2><ul>";
        for (const FacetValue& facet : group.values) {
            const bool active = query.has(group.param, facet.value);
            const PageQuery target = (active ? query.without(group.param, facet.value)
                                             : query.with_added(group.param, facet.value))
                                         .without("page");
            html += "<li><a href=\"" + href(target) + "\"" +
                    (active ? " class=\"active\" aria-current=\"true\" title=\"Remove this filter\"" : "") + ">";
            html += "<span class=\"value\">" + escape_html(facet.value) + "</span><span class=\"count\">" +
                    format_count(facet.count) + "</span></a></li>";
        }
        html += "</ul></section>";
    }
    if (html.empty()) {
        return {};
    }
    return "<aside class=\"facets\" aria-label=\"Refine results\">" + html + "</aside>\n";
}

std::string render_filter_chips(const PageQuery& query)
{
    std::string chips;
    for (const std::string_view param : k_filter_params) {
        for (const std::string& value : query.values(param)) {
            const std::string label = chip_label(param, value);
            chips += "<li class=\"chip\">" + escape_html(label) + "<a href=\"" +
                     href(query.without(param, value).without("page")) + "\" aria-label=\"Remove " +
                     escape_html(label) + "\">×</a></li>";
        }
    }
    if (chips.empty()) {
        return {};
    }
    return "<ul class=\"chips\" aria-label=\"Active filters\">" + chips + "<li><a href=\"" +
           href(query.without_filters().without("page")) + "\">Clear all</a></li></ul>\n";
}

std::string render_pagination(const PageQuery& query, int page, int size, std::size_t total)
{
    const auto per_page = static_cast<std::size_t>(std::max(size, 1));
    const int last = static_cast<int>(std::min<std::size_t>((total + per_page - 1) / per_page, k_max_page));
    if (last <= 1) {
        return {};
    }
    const auto link = [&](int target, std::string_view label, std::string_view rel) {
        return "<li><a href=\"" + href(target == 1 ? query.without("page") : query.with("page", std::to_string(target))) +
               "\"" + (rel.empty() ? "" : " rel=\"" + std::string(rel) + "\"") + ">" + std::string(label) + "</a></li>";
    };
    std::string html = "<nav aria-label=\"Result pages\"><ul class=\"pagination\">";
    if (page > 1) {
        html += link(page - 1, "‹ Previous", "prev");
    }
    const int from = std::max(1, page - k_page_window);
    const int to = std::min(last, page + k_page_window);
    if (from > 1) {
        html += link(1, "1", "");
        if (from > 2) {
            html += "<li><span class=\"gap\">…</span></li>";
        }
    }
    for (int number = from; number <= to; ++number) {
        html += number == page ? "<li><span aria-current=\"page\">" + std::to_string(number) + "</span></li>"
                               : link(number, std::to_string(number), "");
    }
    if (page < last) {
        html += link(page + 1, "Next ›", "next");
    }
    html += "</ul></nav>\n";
    return html;
}

} // namespace dateline
