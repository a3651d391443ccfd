#include "common/search/query_syntax.h"

#include "common/text/char_class.h"
#include "common/text/dates.h"
#include "common/text/text_utils.h"

#include <array>
#include <charconv>
#include <cstdio>
#include <optional>

namespace dateline {
namespace {

constexpr std::array<std::string_view, 6> k_field_names = {"title", "author", "place", "source", "section", "tag"};
constexpr std::string_view k_date_field = "date";
constexpr unsigned k_max_near_distance = 1000;

struct Token {
    enum class Type { open, close, op, operand };
    Type type = Type::operand;
    std::string op;        // op: "AND", "OR", "NOT", "XOR", "NEAR", "ADJ"
    unsigned distance = 0; // op NEAR/ADJ
    QueryMark mark = QueryMark::none; // open: the mark of the bracketed group
    QueryNode node;        // operand; for op, the word as typed
};

bool is_space(char c)
{
    return c == ' ';
}

// "AND", "NEAR/5", …: the operator and its distance, or nullopt.
std::optional<Token> read_operator(std::string_view word)
{
    Token token;
    token.type = Token::Type::op;
    for (std::string_view op : {"AND", "OR", "NOT", "XOR"}) {
        if (word == op) {
            token.op = op;
            return token;
        }
    }
    for (std::string_view op : {"NEAR", "ADJ"}) {
        if (!word.starts_with(op)) {
            continue;
        }
        std::string_view rest = word.substr(op.size());
        token.op = op;
        token.distance = k_default_near_distance;
        if (rest.empty()) {
            return token;
        }
        if (!rest.starts_with('/')) {
            return std::nullopt;
        }
        rest.remove_prefix(1);
        unsigned distance = 0;
        const auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), distance);
        if (error != std::errc() || end != rest.data() + rest.size() || distance < 1 ||
            distance > k_max_near_distance) {
            throw QuerySyntaxError(std::string(op) + "/ wants a number of words from 1 to " +
                                   std::to_string(k_max_near_distance) + ", as in " + std::string(op) + "/5");
        }
        token.distance = distance;
        return token;
    }
    return std::nullopt;
}

std::string date_range_error(std::string_view range)
{
    return "\"date:" + std::string(range) +
           "\" is not a date range; write date:YYYY-MM-DD..YYYY-MM-DD (either end may be left out, and YYYY or "
           "YYYY-MM stand for a whole year or month)";
}

int read_number(std::string_view text)
{
    int value = -1;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size() ? value : -1;
}

int days_in_month(int year, int month)
{
    for (int day = 31; day > 28; --day) {
        if (is_valid_day(year, month, day)) {
            return day;
        }
    }
    return 28;
}

// The first (or last) day a date, month or year written as YYYY[-MM[-DD]] covers, as
// "YYYY-MM-DD"; nullopt when it is not one.
std::optional<std::string> read_date_bound(std::string_view text, bool last_day)
{
    const bool shape_ok = (text.size() == 4) || (text.size() == 7 && text[4] == '-') ||
                          (text.size() == 10 && text[4] == '-' && text[7] == '-');
    if (!shape_ok) {
        return std::nullopt;
    }
    const int year = read_number(text.substr(0, 4));
    int month = text.size() >= 7 ? read_number(text.substr(5, 2)) : (last_day ? 12 : 1);
    if (year < 0 || month < 1 || month > 12) {
        return std::nullopt;
    }
    const int day = text.size() == 10 ? read_number(text.substr(8, 2)) : (last_day ? days_in_month(year, month) : 1);
    if (!is_valid_day(year, month, day)) {
        return std::nullopt;
    }
    char out[32];
    std::snprintf(out, sizeof out, "%04d-%02d-%02d", year, month, day);
    return std::string(out);
}

QueryNode read_date_range(std::string_view range)
{
    QueryNode node;
    node.kind = QueryNodeKind::date_range;
    node.text = range;
    const std::size_t dots = range.find("..");
    const std::string_view first = dots == std::string_view::npos ? range : range.substr(0, dots);
    const std::string_view second = dots == std::string_view::npos ? range : range.substr(dots + 2);
    if (first.empty() && second.empty()) {
        throw QuerySyntaxError(date_range_error(range));
    }
    if (!first.empty()) {
        const std::optional<std::string> from = read_date_bound(first, false);
        if (!from) {
            throw QuerySyntaxError(date_range_error(range));
        }
        node.from = *from;
    }
    if (!second.empty()) {
        const std::optional<std::string> to = read_date_bound(second, true);
        if (!to) {
            throw QuerySyntaxError(date_range_error(range));
        }
        node.to = *to;
    }
    if (!node.from.empty() && !node.to.empty() && node.to < node.from) {
        throw QuerySyntaxError("\"date:" + std::string(range) + "\" ends before it starts");
    }
    return node;
}

// The field named before a colon at the start of `rest` ("Title:" -> "title"), or "".
std::string read_field_name(std::string_view rest)
{
    std::size_t length = 0;
    while (length < rest.size() && is_ascii_letter(rest[length])) {
        ++length;
    }
    if (length == 0 || length + 1 >= rest.size() || rest[length] != ':' || is_space(rest[length + 1]) ||
        rest[length + 1] == ')') {
        return {};
    }
    const std::string name = to_lower(rest.substr(0, length));
    for (std::string_view field : k_field_names) {
        if (name == field) {
            return name;
        }
    }
    return name == k_date_field ? name : std::string();
}

// The phrase whose opening quotation mark is at text[pos]; moves `pos` past its closing one.
Token read_phrase(std::string_view text, std::size_t& pos, const std::string& field, QueryMark mark)
{
    const std::size_t close = text.find('"', pos + 1);
    if (close == std::string_view::npos) {
        throw QuerySyntaxError("unbalanced quotation marks");
    }
    if (field == k_date_field) {
        throw QuerySyntaxError(date_range_error(text.substr(pos, close + 1 - pos)));
    }
    Token token;
    token.node.mark = mark;
    token.node.kind = QueryNodeKind::phrase;
    token.node.field = field;
    token.node.text = text.substr(pos + 1, close - pos - 1);
    pos = close + 1;
    return token;
}

// What a chunk between spaces, brackets and quotation marks is: an operator (when unmarked and
// without a field), a date range, a wildcard or words.
Token read_chunk(std::string_view chunk, const std::string& field, QueryMark mark)
{
    if (mark == QueryMark::none && field.empty()) {
        if (std::optional<Token> op = read_operator(chunk)) {
            // Kept as a word too, for an operator with nothing to join (read_lone_operators_as_words).
            op->node.kind = QueryNodeKind::words;
            op->node.text = chunk;
            return std::move(*op);
        }
    }
    Token token;
    if (field == k_date_field) {
        token.node = read_date_range(chunk);
    } else if (chunk.size() > 1 && chunk.ends_with('*')) {
        while (chunk.ends_with('*')) {
            chunk.remove_suffix(1);
        }
        if (chunk.empty()) {
            throw QuerySyntaxError("a * goes after the start of a word, as in barr*");
        }
        token.node.kind = QueryNodeKind::wildcard;
        token.node.field = field;
        token.node.text = chunk;
    } else if (chunk == "*") {
        throw QuerySyntaxError("a * goes after the start of a word, as in barr*");
    } else {
        token.node.kind = QueryNodeKind::words;
        token.node.field = field;
        token.node.text = chunk;
    }
    token.node.mark = mark;
    return token;
}

std::vector<Token> tokenize(std::string_view text)
{
    std::vector<Token> tokens;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const char c = text[pos];
        if (is_space(c)) {
            ++pos;
            continue;
        }
        if (c == '(' || c == ')') {
            Token token;
            token.type = c == '(' ? Token::Type::open : Token::Type::close;
            tokens.push_back(std::move(token));
            ++pos;
            continue;
        }
        QueryMark mark = QueryMark::none;
        if ((c == '+' || c == '-') && pos + 1 < text.size() && !is_space(text[pos + 1]) && text[pos + 1] != ')') {
            mark = c == '+' ? QueryMark::required : QueryMark::excluded;
            ++pos;
            if (text[pos] == '(') {
                Token token;
                token.type = Token::Type::open;
                token.mark = mark;
                tokens.push_back(std::move(token));
                ++pos;
                continue;
            }
        }
        const std::string field = read_field_name(text.substr(pos));
        if (!field.empty()) {
            pos += field.size() + 1;
            if (text[pos] == '(') {
                throw QuerySyntaxError(field + ": applies to one word or a quoted phrase; write " + field +
                                       ":word or " + field + ":\"some words\"");
            }
        }
        if (text[pos] == '"') {
            tokens.push_back(read_phrase(text, pos, field, mark));
            continue;
        }
        const std::size_t start = pos;
        while (pos < text.size() && !is_space(text[pos]) && text[pos] != '(' && text[pos] != ')' && text[pos] != '"') {
            ++pos;
        }
        tokens.push_back(read_chunk(text.substr(start, pos - start), field, mark));
    }
    return tokens;
}

bool starts_operand(const Token& token)
{
    return token.type == Token::Type::operand || token.type == Token::Type::open;
}

// An operator typed alone or at either end of the query ("AND", "oil AND", "OR gas", "NOT")
// has nothing to join: it is the word as typed. A leading NOT before a word stays "all but".
void read_lone_operators_as_words(std::vector<Token>& tokens)
{
    if (tokens.empty()) {
        return;
    }
    Token& first = tokens.front();
    if (first.type == Token::Type::op &&
        (first.op != "NOT" || tokens.size() == 1 || !starts_operand(tokens[1]))) {
        first.type = Token::Type::operand;
    }
    if (tokens.back().type == Token::Type::op) {
        tokens.back().type = Token::Type::operand;
    }
}

class Parser {
public:
    explicit Parser(std::vector<Token> tokens) : m_tokens(std::move(tokens)) {}

    QueryNode parse()
    {
        QueryNode root = parse_or();
        if (m_next < m_tokens.size()) {
            const Token& token = m_tokens[m_next];
            if (token.type == Token::Type::close) {
                throw QuerySyntaxError("a closing bracket has no opening bracket");
            }
            throw QuerySyntaxError(operator_name(token) + " needs a word on each side");
        }
        return root;
    }

private:
    std::vector<Token> m_tokens;
    std::size_t m_next = 0;
    unsigned m_depth = 0; // brackets open around the token at m_next

    static std::string operator_name(const Token& token) { return token.type == Token::Type::op ? token.op : "("; }

    [[nodiscard]] bool next_is_op(std::string_view op) const
    {
        return m_next < m_tokens.size() && m_tokens[m_next].type == Token::Type::op && m_tokens[m_next].op == op;
    }

    [[nodiscard]] bool next_starts_operand() const
    {
        return m_next < m_tokens.size() &&
               (m_tokens[m_next].type == Token::Type::operand || m_tokens[m_next].type == Token::Type::open);
    }

    static QueryNode combine(QueryNodeKind kind, QueryNode left, QueryNode right)
    {
        if (left.kind == kind && left.mark == QueryMark::none && kind != QueryNodeKind::but_not) {
            left.children.push_back(std::move(right));
            return left;
        }
        QueryNode node;
        node.kind = kind;
        node.children.push_back(std::move(left));
        node.children.push_back(std::move(right));
        return node;
    }

    // An operand is required after `op`.
    QueryNode require(QueryNode (Parser::*parse_part)(), const std::string& op)
    {
        // After OR and XOR a leading NOT may follow ("a OR NOT b"); after AND, NOT is "AND NOT".
        if (!next_starts_operand() && !((op == "OR" || op == "XOR") && next_is_op("NOT"))) {
            throw QuerySyntaxError(op + " needs a word on each side");
        }
        return (this->*parse_part)();
    }

    // left OP right OP …, each side read by `parse_part`.
    QueryNode parse_chain(const std::string& op, QueryNodeKind kind, QueryNode (Parser::*parse_part)())
    {
        QueryNode left = (this->*parse_part)();
        while (next_is_op(op)) {
            require_left(left, op);
            ++m_next;
            left = combine(kind, std::move(left), require(parse_part, op));
        }
        return left;
    }

    QueryNode parse_or() { return parse_chain("OR", QueryNodeKind::any_of, &Parser::parse_xor); }

    QueryNode parse_xor() { return parse_chain("XOR", QueryNodeKind::one_of, &Parser::parse_and); }

    QueryNode parse_and()
    {
        QueryNode left;
        if (next_is_op("NOT")) {
            // A leading NOT: every article but these.
            ++m_next;
            QueryNode everything;
            everything.kind = QueryNodeKind::everything;
            left = combine(QueryNodeKind::but_not, std::move(everything), require(&Parser::parse_sequence, "NOT"));
        } else {
            left = parse_sequence();
        }
        while (next_is_op("AND") || next_is_op("NOT")) {
            std::string op = m_tokens[m_next].op;
            require_left(left, op);
            ++m_next;
            if (op == "AND" && next_is_op("NOT")) {
                op = "AND NOT";
                ++m_next;
            }
            QueryNode right = require(&Parser::parse_sequence, op);
            left = combine(op == "AND" ? QueryNodeKind::all_of : QueryNodeKind::but_not, std::move(left),
                           std::move(right));
        }
        return left;
    }

    static void require_left(const QueryNode& left, const std::string& op)
    {
        if (left.kind == QueryNodeKind::sequence && left.children.empty()) {
            throw QuerySyntaxError(op + " needs a word on each side");
        }
    }

    QueryNode parse_sequence()
    {
        QueryNode sequence;
        sequence.kind = QueryNodeKind::sequence;
        while (next_starts_operand()) {
            sequence.children.push_back(parse_near());
        }
        if (sequence.children.size() == 1 && sequence.children[0].mark == QueryMark::none) {
            return std::move(sequence.children[0]);
        }
        return sequence;
    }

    static bool is_near_operand(const QueryNode& node)
    {
        return node.kind == QueryNodeKind::words || node.kind == QueryNodeKind::phrase;
    }

    QueryNode parse_near()
    {
        QueryNode first = parse_primary();
        if (!next_is_op("NEAR") && !next_is_op("ADJ")) {
            return first;
        }
        const std::string op = m_tokens[m_next].op;
        if (!is_near_operand(first)) {
            throw QuerySyntaxError(op + " joins words or quoted phrases, not brackets, wildcards or dates");
        }
        QueryNode node;
        node.kind = op == "NEAR" ? QueryNodeKind::near : QueryNodeKind::adjacent;
        node.mark = first.mark;
        first.mark = QueryMark::none;
        node.children.push_back(std::move(first));
        while (next_is_op("NEAR") || next_is_op("ADJ")) {
            const Token& token = m_tokens[m_next];
            if (token.op != op) {
                throw QuerySyntaxError("NEAR and ADJ cannot be mixed in one chain of words");
            }
            node.distance = std::max(node.distance, token.distance);
            ++m_next;
            if (m_next >= m_tokens.size() || m_tokens[m_next].type != Token::Type::operand) {
                throw QuerySyntaxError(op + " needs a word on each side");
            }
            QueryNode next = parse_primary();
            if (!is_near_operand(next) || next.mark != QueryMark::none) {
                throw QuerySyntaxError(op + " joins words or quoted phrases, not brackets, wildcards or dates");
            }
            node.children.push_back(std::move(next));
        }
        return node;
    }

    QueryNode parse_primary()
    {
        Token& token = m_tokens[m_next++];
        if (token.type == Token::Type::operand) {
            return std::move(token.node);
        }
        // An opening bracket. Bounded: each level costs stack here and in Xapian's query tree.
        if (++m_depth > k_max_bracket_depth) {
            throw QuerySyntaxError("brackets are nested more than " + std::to_string(k_max_bracket_depth) + " deep");
        }
        const QueryMark mark = token.mark;
        if (m_next < m_tokens.size() && m_tokens[m_next].type == Token::Type::close) {
            throw QuerySyntaxError("a pair of brackets holds nothing");
        }
        QueryNode inner = parse_or();
        if (m_next >= m_tokens.size()) {
            throw QuerySyntaxError("an opening bracket is not closed");
        }
        if (m_tokens[m_next].type != Token::Type::close) {
            throw QuerySyntaxError(operator_name(m_tokens[m_next]) + " needs a word on each side");
        }
        ++m_next;
        --m_depth;
        if (mark == QueryMark::none) {
            return inner;
        }
        if (inner.mark == QueryMark::none) {
            inner.mark = mark;
            return inner;
        }
        QueryNode group;
        group.kind = QueryNodeKind::sequence;
        group.mark = mark;
        group.children.push_back(std::move(inner));
        return group;
    }
};

} // namespace

QueryNode parse_query_syntax(std::string_view query)
{
    std::vector<Token> tokens = tokenize(collapse_whitespace(query));
    read_lone_operators_as_words(tokens);
    return Parser(std::move(tokens)).parse();
}

} // namespace dateline
