#include "common/web/page_layout.h"

#include "common/text/dates.h"
#include "common/text/text_utils.h"
#include "common/web/web_assets.h"

#include <array>

namespace dateline {
namespace {

std::string_view error_heading(int status)
{
    switch (status) {
    case 400: return "That request could not be read";
    case 404: return "Not found";
    case 503: return "The archive is unavailable";
    default: return status >= 500 ? "Something went wrong" : "That request could not be answered";
    }
}

} // namespace

std::string render_page(const PageFrame& frame, std::string_view content)
{
    std::string html;
    html.reserve(content.size() + 3000);
    html += "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"color-scheme\" content=\"light dark\">\n<title>";
    html += frame.title.empty() ? "Dateline" : escape_html(frame.title) + " – Dateline";
    html += "</title>\n<meta name=\"description\" content=\"Search the Dateline news archive.\">\n"
            "<link rel=\"stylesheet\" href=\"" + web_asset_url("dateline.css") + "\">\n"
            "<script src=\"" + web_asset_url("dateline.js") + "\" defer></script>\n"
            "<link rel=\"icon\" href=\"/favicon.ico\" sizes=\"32x32\">\n"
            "<link rel=\"icon\" href=\"" + web_asset_url("favicon.svg") + "\" type=\"image/svg+xml\">\n"
            "<link rel=\"search\" type=\"application/opensearchdescription+xml\" title=\"Dateline\" "
            "href=\"/opensearch.xml\">\n";
    html += frame.head_links;
    html += "</head>\n<body>\n<a class=\"skip-link\" href=\"#main\">Skip to content</a>\n"
            "<header class=\"site-header\"><div class=\"inner\">"
            "<a class=\"brand\" href=\"/\"><img src=\"" + web_asset_url("favicon.svg") + "\" alt=\"\">Dateline</a>"
            "<form class=\"search-form\" id=\"search-form\" role=\"search\" action=\"/search\" method=\"get\">"
            "<label class=\"visually-hidden\" for=\"q\">Search the news archive</label>"
            "<input type=\"search\" id=\"q\" name=\"q\" value=\"";
    html += escape_html(frame.query);
    // A pasted paragraph is a query (issue 15): 6,000 characters of prose still fit the 8,192
    // bytes of URL the server reads once percent-encoded; the API takes 16 KB by POST.
    html += "\" placeholder=\"Search the news archive\" maxlength=\"6000\" "
            "autocomplete=\"off\" list=\"q-suggestions\" data-suggest=\"/api/suggest\"";
    html += frame.focus_search ? " autofocus>" : ">";
    html += "<datalist id=\"q-suggestions\"></datalist>";
    html += frame.form_fields;
    html += "<button type=\"submit\">Search</button></form></div></header>\n"
            "<main id=\"main\" class=\"page\" tabindex=\"-1\">\n";
    html += content;
    html += "</main>\n<footer class=\"site-footer\"><div class=\"inner\">"
            "<span>Dateline news archive search</span>"
            "<a href=\"/opensearch.xml\" type=\"application/opensearchdescription+xml\">Add to your browser</a>"
            "<a href=\"/api/search\">JSON API</a>"
            "<span>Press <kbd>/</kbd> to search</span></div></footer>\n</body>\n</html>\n";
    return html;
}

std::string render_error_page(int status, std::string_view message, std::string_view query)
{
    PageFrame frame;
    frame.title = std::string(error_heading(status));
    frame.query = std::string(query);
    std::string content = "<div class=\"empty\"><h1>" + std::string(error_heading(status)) + "</h1>";
    content += "<p class=\"error\" role=\"alert\">" + escape_html(message) + "</p>";
    content += "<p><a href=\"/\">Go to the home page</a> or search again above.</p></div>\n";
    return render_page(frame, content);
}

std::string format_count(std::size_t count)
{
    const std::string digits = std::to_string(count);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out += ',';
        }
        out += digits[i];
    }
    return out;
}

std::string format_human_date(std::string_view iso_date)
{
    static constexpr std::array<std::string_view, 12> k_months = {
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December"};
    const std::optional<CalendarDay> day = read_stored_date(iso_date);
    if (!day) {
        return std::string(iso_date);
    }
    return std::to_string(day->day) + " " + std::string(k_months[static_cast<std::size_t>(day->month - 1)]) + " " +
           std::to_string(day->year);
}

std::string render_time(std::string_view iso_date)
{
    if (iso_date.empty()) {
        return {};
    }
    return "<time datetime=\"" + escape_html(iso_date) + "\">" + escape_html(format_human_date(iso_date)) + "</time>";
}

std::string article_path(std::string_view id)
{
    return "/articles/" + encode_uri_component(id);
}

} // namespace dateline
