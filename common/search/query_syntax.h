// The query language's grammar: turns what a user typed into a tree of words, phrases,
// wildcards, field restrictions, date ranges and operators, or says what is wrong with it.
// Pure: knows nothing of terms, stemming or Xapian (query_builder.h turns the tree into a query).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dateline {

enum class QueryNodeKind {
    words,      // text as typed between spaces: `banks`, `COVID-19`, `S&P` (one or more words)
    phrase,     // "…": the words adjacent and in order
    wildcard,   // barr*: a word starting with `text`
    date_range, // date:FROM..TO
    sequence,   // operands side by side, joined by the default operator; children carry +/- marks
    all_of,     // a AND b
    any_of,     // a OR b
    one_of,     // a XOR b
    but_not,    // the first child without the others (a NOT b, a AND NOT b)
    everything, // every article: the left side of a leading NOT
    near,       // a NEAR b: within `distance` words of each other, in any order
    adjacent,   // a ADJ b: within `distance` words, in order
};

enum class QueryMark { none, required, excluded };

struct QueryNode {
    QueryNodeKind kind = QueryNodeKind::sequence;
    QueryMark mark = QueryMark::none; // +operand / -operand
    std::string field;                // words, phrase, wildcard: "title", "author", …, or "" for any text
    std::string text;                 // words, phrase: as typed; wildcard: the part before the *
    std::string from;                 // date_range: "YYYY-MM-DD", or "" for an open start
    std::string to;                   // date_range: "YYYY-MM-DD", or "" for an open end
    unsigned distance = 0;            // near, adjacent
    std::vector<QueryNode> children;
};

/// A query that cannot be read as written; the message says why, for the user.
class QuerySyntaxError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// How many positions apart NEAR and ADJ let their operands stand (NEAR/10: up to 9 words between)
/// unless written NEAR/n or ADJ/n.
inline constexpr unsigned k_default_near_distance = 10;

/// Brackets may nest this deep; deeper is a syntax error (the plain words are searched instead).
inline constexpr unsigned k_max_bracket_depth = 32;

/// The tree of a query. Operators are AND, OR, NOT, XOR, NEAR[/n] and ADJ[/n] written in
/// capitals between operands (in lower case they are words). Precedence, loosest first: OR,
/// XOR, AND and NOT, operands side by side, NEAR and ADJ. Field prefixes are title:, author:,
/// place:, source:, section:, tag: (any case), and date:FROM..TO, where FROM and TO are
/// YYYY-MM-DD, YYYY-MM or YYYY and either may be left out.
/// @exception QuerySyntaxError saying what is wrong: "unbalanced quotation marks",
/// "AND needs a word on each side", "an opening bracket is not closed", …
QueryNode parse_query_syntax(std::string_view query);

} // namespace dateline
