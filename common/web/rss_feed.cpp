#include "common/web/rss_feed.h"

#include "common/text/dates.h"
#include "common/web/page_layout.h"
#include "common/text/text_utils.h"

#include <array>

namespace dateline {
namespace {

std::string feed_title(const PageQuery& query)
{
    const std::string q = query.value("q");
    std::string title = q.empty() ? std::string("Dateline: newest articles") : "Dateline: " + q;
    for (const std::string_view param : k_filter_params) {
        for (const std::string& value : query.values(param)) {
            title += " (" + std::string(param) + " " + value + ")";
        }
    }
    return title;
}

} // namespace

std::string format_rfc822_date(std::string_view iso_date)
{
    static constexpr std::array<std::string_view, 7> k_days = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr std::array<std::string_view, 12> k_months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::optional<CalendarDay> day = read_stored_date(iso_date);
    if (!day) {
        return {};
    }
    return std::string(k_days[static_cast<std::size_t>(day_of_week(*day))]) + ", " +
           std::string(iso_date.substr(8, 2)) + " " + std::string(k_months[static_cast<std::size_t>(day->month - 1)]) +
           " " + std::string(iso_date.substr(0, 4)) + " 00:00:00 +0000";
}

PageQuery feed_query(const PageQuery& query)
{
    PageQuery feed = query.without("page").without("size");
    return feed.value("sort").empty() ? feed.with("sort", "newest") : feed;
}

std::string render_rss_feed(const PageQuery& query, const SearchResponse& response, std::string_view base_url)
{
    const std::string base(base_url);
    const std::string page_url = base + query.without("page").url("/search");
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n";
    xml += "<title>" + escape_xml(feed_title(query)) + "</title>\n";
    xml += "<link>" + escape_xml(page_url) + "</link>\n";
    xml += "<description>" +
           escape_xml(query.value("q").empty() ? std::string("The newest articles in the Dateline archive")
                                               : "Articles matching “" + query.value("q") +
                                                     "” in the Dateline archive, newest first") +
           "</description>\n";
    xml += "<atom:link href=\"" + escape_xml(base + query.url("/search.rss")) +
           "\" rel=\"self\" type=\"application/rss+xml\"/>\n";
    xml += "<generator>Dateline</generator>\n<docs>https://www.rssboard.org/rss-specification</docs>\n<ttl>60</ttl>\n";
    for (const SearchHit& hit : response.hits) {
        const std::string link = base + article_path(hit.id);
        xml += "<item>\n<title>" + escape_xml(hit.title.empty() ? hit.id : hit.title) + "</title>\n";
        xml += "<link>" + escape_xml(link) + "</link>\n";
        xml += "<guid isPermaLink=\"true\">" + escape_xml(link) + "</guid>\n";
        if (const std::string date = format_rfc822_date(hit.date); !date.empty()) {
            xml += "<pubDate>" + date + "</pubDate>\n";
        }
        if (!hit.section.empty()) {
            xml += "<category>" + escape_xml(hit.section) + "</category>\n";
        }
        std::string description;
        if (!hit.source.empty()) {
            description += "<p><strong>" + escape_html(hit.source) + "</strong>" +
                           (hit.dateline.empty() ? "" : " · " + escape_html(hit.dateline)) + "</p>";
        }
        // The description holds HTML (the highlighted snippet), escaped once more as XML text.
        description += "<p>" + hit.snippet + "</p>";
        xml += "<description>" + escape_xml(description) + "</description>\n</item>\n";
    }
    xml += "</channel>\n</rss>\n";
    return xml;
}

} // namespace dateline
