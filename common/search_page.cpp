#include "common/search_page.h"

#include "common/text_utils.h"

#include <cstdio>

namespace dateline {
namespace {

constexpr std::string_view k_style = R"css(
body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:0 auto;padding:1rem;color:#1b1b1b}
header h1{font-size:1.4rem;margin:.2rem 0 1rem}
form{display:flex;gap:.5rem}
input[type=search]{flex:1;font-size:1rem;padding:.45rem .6rem;border:1px solid #888;border-radius:4px}
button{font-size:1rem;padding:.45rem .9rem}
.summary{color:#555;font-size:.9rem;margin:1rem 0}
.note,.error{background:#fff4d6;border-left:4px solid #c90;padding:.5rem .8rem}
ol{list-style:none;padding:0}
li{margin:0 0 1.3rem}
li h2{font-size:1.1rem;margin:0}
.meta{color:#2a6b2a;font-size:.85rem}
mark{background:#ffe58a;padding:0 .1em}
nav.pages{display:flex;gap:1rem;margin:1.5rem 0}
a:focus,input:focus,button:focus{outline:3px solid #1a5fb4;outline-offset:2px}
)css";

std::string page_link(const SearchRequest& request, int page)
{
    return "/?q=" + encode_uri_component(request.query) + "&amp;page=" + std::to_string(page) +
           (request.size != 10 ? "&amp;size=" + std::to_string(request.size) : std::string());
}

void render_hit(std::string& html, const SearchHit& hit)
{
    html += "<li><h2><a href=\"/api/articles/" + encode_uri_component(hit.id) + "\">" +
            escape_html(hit.title.empty() ? hit.id : hit.title) + "</a></h2>";
    std::string meta;
    for (const std::string* part : {&hit.source, &hit.section, &hit.date, &hit.dateline}) {
        if (!part->empty()) {
            meta += (meta.empty() ? "" : " · ") + escape_html(*part);
        }
    }
    if (!meta.empty()) {
        html += "<div class=\"meta\">" + meta + "</div>";
    }
    // The snippet is already HTML-escaped by the search service, with <mark> around matches.
    html += "<p>" + hit.snippet + "</p></li>\n";
}

} // namespace

std::string render_search_page(const SearchRequest& request, const SearchResponse* response, const std::string& error)
{
    std::string html = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                       "<title>";
    html += request.query.empty() ? "Dateline" : escape_html(request.query) + " – Dateline";
    html += "</title><style>";
    html += k_style;
    html += "</style></head><body><header><h1><a href=\"/\">Dateline</a></h1>"
            "<form role=\"search\" action=\"/\" method=\"get\"><label for=\"q\" hidden>Search the archive</label>"
            "<input type=\"search\" id=\"q\" name=\"q\" value=\"" +
            escape_html(request.query) +
            "\" placeholder=\"Search the archive: words, &quot;a phrase&quot;, title:word\" autofocus>"
            "<button type=\"submit\">Search</button></form></header><main>";
    if (!error.empty()) {
        html += "<p class=\"error\" role=\"alert\">" + escape_html(error) + "</p>";
    }
    if (response != nullptr) {
        char took[32];
        std::snprintf(took, sizeof took, "%.1f", response->took_ms);
        html += "<p class=\"summary\">" + std::string(response->total_exact ? "" : "About ") +
                std::to_string(response->total) + (response->total == 1 ? " result" : " results") + " (" + took +
                " ms)</p>";
        if (!response->note.empty()) {
            html += "<p class=\"note\" role=\"status\">" + escape_html(response->note) + "</p>";
        }
        html += "<ol>\n";
        for (const SearchHit& hit : response->hits) {
            render_hit(html, hit);
        }
        html += "</ol>";
        if (response->hits.empty()) {
            html += "<p>No articles match. Check the spelling, or use fewer or broader words.</p>";
        }
        const bool has_previous = response->page > 1;
        const bool has_next = static_cast<std::size_t>(response->page) * static_cast<std::size_t>(response->size) <
                              response->total;
        if (has_previous || has_next) {
            html += "<nav class=\"pages\" aria-label=\"Result pages\">";
            if (has_previous) {
                html += "<a rel=\"prev\" href=\"" + page_link(request, response->page - 1) + "\">← Previous</a>";
            }
            html += "<span>Page " + std::to_string(response->page) + "</span>";
            if (has_next) {
                html += "<a rel=\"next\" href=\"" + page_link(request, response->page + 1) + "\">Next →</a>";
            }
            html += "</nav>";
        }
    }
    html += "</main></body></html>\n";
    return html;
}

} // namespace dateline
