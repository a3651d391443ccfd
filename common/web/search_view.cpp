#include "common/web/search_view.h"

#include "common/text/dates.h"
#include "common/web/page_layout.h"
#include "common/search/search_request.h"
#include "common/text/text_utils.h"

#include <algorithm>
#include <cstdio>

namespace dateline {
namespace {

// Parameters carried by the search form as hidden fields; sort, from and to are the toolbar's.
constexpr std::string_view k_hidden_params[] = {"size",   "op",      "recency", "collapse",
                                                "source", "section", "tag",     "year"};
constexpr int k_page_window = 2; // page links shown on each side of the current one
constexpr std::size_t k_facet_values_shown = 8; // per facet before "more"; years and months all

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

// "1987-03" → {"1987-03-01", "1987-03-31"}; empty strings for anything else.
std::pair<std::string, std::string> month_range(std::string_view month)
{
    const std::string first = std::string(month) + "-01";
    const std::optional<CalendarDay> day = read_stored_date(first);
    if (!day) {
        return {};
    }
    int last = 31;
    while (!is_valid_day(day->year, day->month, last)) {
        --last;
    }
    return {first, std::string(month) + "-" + std::to_string(last)};
}

std::string facet_label(const FacetGroup& group, const FacetBucket& bucket)
{
    if (group.param == "month") {
        const std::string human = format_human_date(bucket.value + "-01"); // "1 March 1987"
        return human.find(' ') == std::string::npos ? bucket.value : human.substr(human.find(' ') + 1);
    }
    return bucket.value;
}

// The page with this facet value's filter toggled; for a month, its date range.
PageQuery toggle_facet(const PageQuery& query, const FacetGroup& group, const FacetBucket& bucket, bool& active)
{
    if (group.param == "month") {
        const auto [from, to] = month_range(bucket.value);
        active = !from.empty() && query.value("from") == from && query.value("to") == to;
        return active ? query.without("from").without("to") : query.with("from", from).with("to", to);
    }
    active = query.has(group.param, bucket.value);
    return active ? query.without(group.param, bucket.value) : query.with_added(group.param, bucket.value);
}

std::string render_did_you_mean(const PageQuery& query, const SearchResponse& response)
{
    const auto link = [&](const std::string& text) {
        return "<a href=\"" + href(query.with("q", text).without("page")) + "\">" + escape_html(text) + "</a>";
    };
    if (!response.showing_results_for.empty()) {
        return "<p class=\"did-you-mean\" role=\"status\">Nothing matched “" + escape_html(query.value("q")) +
               "”; showing results for " + link(response.showing_results_for) + ".</p>\n";
    }
    if (!response.did_you_mean.empty()) {
        return "<p class=\"did-you-mean\">Did you mean " + link(response.did_you_mean) + "?</p>\n";
    }
    return {};
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

// "1,234", "about 1,234" or "at least 1,234", as the total relates to the matches ("at least":
// a lower bound may be the count itself).
std::string total_words(const SearchResponse& response)
{
    switch (response.total_relation) {
    case TotalRelation::eq: return format_count(response.total);
    case TotalRelation::gte: return "at least " + format_count(response.total);
    case TotalRelation::about: return "about " + format_count(response.total);
    }
    return format_count(response.total);
}

std::string render_summary(const SearchResponse& response)
{
    std::string html = "<p class=\"summary\" role=\"status\">";
    if (response.hits.empty()) {
        html += "No results";
    } else {
        const std::size_t first = static_cast<std::size_t>(response.page - 1) * static_cast<std::size_t>(response.size);
        const std::size_t last = first + response.hits.size();
        const std::string total = total_words(response);
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

std::string render_toolbar(const PageQuery& query, const SearchResponse& response, bool has_facets)
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
    if (has_facets) { // on narrow screens the sidebar follows the results
        html += "<a class=\"refine-link\" href=\"#refine\">Refine results</a>";
    }
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
    if (hit.duplicates > 0) {
        // Copies collapsed into this hit are listed on its page.
        html += "<p class=\"similar\"><a href=\"" + escape_html(article_path(hit.id)) + "#copies\">" +
                format_count(hit.duplicates) + " similar</a> <span class=\"muted\">(the same story from " +
                (hit.duplicates == 1 ? std::string("another outlet") : "other outlets") + ")</span></p>";
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

std::string render_home_view(std::size_t document_count, const SearchResponse& everything)
{
    PageFrame frame;
    frame.focus_search = true;
    std::string content = "<section class=\"home\" aria-labelledby=\"home-title\">"
                          "<h1 id=\"home-title\">Search the news archive</h1><p class=\"lede\">";
    content += format_count(document_count) + (document_count == 1 ? " article" : " articles");
    content += ", searchable by word, phrase, source, section and date. "
               "<a href=\"/search?sort=newest\">Browse the newest</a>.</p>";
    std::string browse;
    for (FacetGroup group : make_facet_groups(everything.facets)) {
        if (group.param == "month" || group.param == "tag") {
            continue;
        }
        if (group.param == "year") { // newest years first on the home page, "undated" still last
            const auto dated_end = std::find_if(group.values.begin(), group.values.end(),
                                                [](const FacetBucket& bucket) { return bucket.value == k_undated_bucket; });
            std::reverse(group.values.begin(), dated_end);
        }
        browse += "<section class=\"browse-group\"><h3>" + escape_html(group.title) + "</h3><ul>";
        for (const FacetBucket& bucket : group.values) {
            browse += "<li><a href=\"" + href(PageQuery().with(group.param, bucket.value).with("sort", "newest")) +
                      "\">" + escape_html(bucket.value) + "</a> <span class=\"count\">" + format_count(bucket.count) +
                      "</span></li>";
        }
        browse += "</ul></section>";
    }
    if (!browse.empty()) {
        content += "<h2>Browse</h2><div class=\"browse\">" + browse + "</div>";
    }
    content += "<h2>How to search</h2><ul class=\"tips\">"
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
    const std::string facets = render_facets(query, make_facet_groups(response.facets), response.facets.exact);
    content += render_toolbar(query, response, !facets.empty());
    content += render_filter_chips(query);
    content += render_did_you_mean(query, response);
    if (!response.missing_shards.empty()) {
        std::string names;
        for (const std::string& shard : response.missing_shards) {
            names += (names.empty() ? "" : ", ") + shard;
        }
        content += "<p class=\"note partial\" role=\"status\">Part of the archive is unavailable (" + escape_html(names) +
                   "): these results come from the rest of it. Try again later for everything.</p>\n";
    } else if (response.partial) {
        content += "<p class=\"note partial\" role=\"status\">The search took too long and was cut short: these are "
                   "the best of the articles it reached. A narrower query finds everything.</p>\n";
    }
    if (!response.note.empty()) {
        content += "<p class=\"note\" role=\"status\">" + escape_html(response.note) + "</p>\n";
    }
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

std::vector<FacetGroup> make_facet_groups(const Facets& facets)
{
    std::vector<FacetGroup> groups = {
        {"source", "Source", facets.source}, {"section", "Section", facets.section}, {"year", "Year", facets.year},
        {"month", "Month", {}},               {"tag", "Tag", facets.tag},
    };
    for (const FacetBucket& bucket : facets.month) {
        if (bucket.value != k_undated_bucket) {
            groups[3].values.push_back(bucket);
        }
    }
    std::erase_if(groups, [](const FacetGroup& group) { return group.values.empty(); });
    return groups;
}

std::string render_facets(const PageQuery& query, const std::vector<FacetGroup>& groups, bool exact)
{
    std::string html;
    for (const FacetGroup& group : groups) {
        if (group.values.empty()) {
            continue;
        }
        html += "<section class=\"facet\"><h2>" + escape_html(group.title) + "</h2><ul>";
        for (std::size_t i = 0; i < group.values.size(); ++i) {
            const FacetBucket& bucket = group.values[i];
            if (i == k_facet_values_shown && group.param != "year" && group.param != "month") {
                // The rest fold away (a <details> works without JavaScript).
                html += "</ul><details><summary>" + format_count(group.values.size() - i) + " more</summary><ul>";
            }
            bool active = false;
            const PageQuery target = toggle_facet(query, group, bucket, active).without("page");
            html += "<li><a href=\"" + href(target) + "\"" +
                    (active ? " class=\"active\" aria-current=\"true\" title=\"Remove this filter\"" : "") + ">";
            html += "<span class=\"value\">" + escape_html(facet_label(group, bucket)) + "</span><span class=\"count\">" +
                    (exact ? "" : "~") + format_count(bucket.count) + "</span></a></li>";
        }
        html += group.values.size() > k_facet_values_shown && group.param != "year" && group.param != "month"
                    ? "</ul></details></section>"
                    : "</ul></section>";
    }
    if (html.empty()) {
        return {};
    }
    if (!exact) {
        html += "<p class=\"facet-note\">~ counts are estimated from the best matches.</p>";
    }
    return "<aside class=\"facets\" id=\"refine\" aria-label=\"Refine results\">" + html + "</aside>\n";
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
