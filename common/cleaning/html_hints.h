// The vocabulary of class, id, role and itemprop words by which pages label their parts
// (negative: navigation, comments, related links, share bars, adverts, cookie walls, footers;
// positive: article, story, content; bylines, deks, dates, captions). The web's words in
// general, never one site's. Pure.
#pragma once

#include <cstdint>
#include <string_view>

namespace dateline {

/// The HtmlHint flags (html_dom.h) of an element with this tag and these attribute values.
struct ElementLabels {
    std::string_view tag;      // lower case
    std::string_view class_attr;
    std::string_view id;
    std::string_view role;
    std::string_view itemprop;
    std::string_view rel;
    std::string_view data_component; // data-component or data-testid, as component-based sites name their parts
};

std::uint32_t element_hints(const ElementLabels& labels);

} // namespace dateline
