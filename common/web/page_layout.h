// The frame every HTML page shares (head, header with the search box, footer, landmarks) and
// the small formatting helpers the views have in common. Views pass escaped HTML fragments in;
// every user string that this file writes itself is escaped here.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dateline {

struct PageFrame {
    std::string title;       // shown before " – Dateline" in the tab; empty: "Dateline"
    std::string query;       // the search box's value
    std::string form_fields; // HTML placed inside the search form (hidden inputs), escaped by the caller
    std::string head_links;  // extra <link> elements for the head, escaped by the caller
    bool focus_search = false; // autofocus the search box (the home page)
};

/// A whole HTML document: the frame around `content`, which becomes the <main> landmark.
std::string render_page(const PageFrame& frame, std::string_view content);

/// The page for a failed request: its status (400, 404, 503, ...), what went wrong (escaped
/// here) and the search box keeping `query`.
std::string render_error_page(int status, std::string_view message, std::string_view query);

/// 1234567 → "1,234,567".
std::string format_count(std::size_t count);

/// "2023-06-05" → "5 June 2023"; anything else is returned as it is.
std::string format_human_date(std::string_view iso_date);

/// `<time datetime="2023-06-05">5 June 2023</time>`, escaped; empty for an empty date.
std::string render_time(std::string_view iso_date);

/// The article page's path for an id: "/articles/" and the id percent-encoded.
std::string article_path(std::string_view id);

} // namespace dateline
