#include "tests/integration/json_schema.h"

#include <cmath>
#include <regex>
#include <set>
#include <stdexcept>

namespace dateline::testing {
namespace {

using nlohmann::json;

// Keywords that only describe: they never change whether a value conforms.
const std::set<std::string>& annotation_keywords()
{
    static const std::set<std::string> keywords = {"description", "default", "title", "format", "example",
                                                   "examples",    "summary", "deprecated", "readOnly", "writeOnly"};
    return keywords;
}

bool has_type(const json& value, const std::string& type)
{
    if (type == "null") {
        return value.is_null();
    }
    if (type == "boolean") {
        return value.is_boolean();
    }
    if (type == "integer") {
        return value.is_number_integer() || (value.is_number_float() && std::floor(value.get<double>()) == value.get<double>());
    }
    if (type == "number") {
        return value.is_number();
    }
    if (type == "string") {
        return value.is_string();
    }
    if (type == "array") {
        return value.is_array();
    }
    if (type == "object") {
        return value.is_object();
    }
    throw std::runtime_error("unknown JSON Schema type \"" + type + "\"");
}

std::size_t count_code_points(const std::string& text)
{
    std::size_t count = 0;
    for (const char c : text) {
        count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    }
    return count;
}

std::string escape_pointer(const std::string& key)
{
    std::string escaped;
    for (const char c : key) {
        escaped += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
    }
    return escaped;
}

} // namespace

SchemaValidator::SchemaValidator(json document) : m_document(std::move(document)) {}

const json& SchemaValidator::resolve(const json& node) const
{
    const json* current = &node;
    for (int hops = 0; current->is_object() && current->contains("$ref"); ++hops) {
        const std::string ref = current->at("$ref").get<std::string>();
        if (!ref.starts_with("#/") || hops > 20) {
            throw std::runtime_error("cannot resolve $ref " + ref);
        }
        current = &m_document.at(json::json_pointer(ref.substr(1)));
    }
    return *current;
}

std::vector<std::string> SchemaValidator::validate(const json& value, const json& schema) const
{
    std::vector<std::string> problems;
    check(value, schema, "", problems, 0);
    return problems;
}

void SchemaValidator::check(const json& value, const json& schema_node, const std::string& where,
                            std::vector<std::string>& problems, int depth) const
{
    if (depth > 64) {
        problems.push_back(where + ": schema nesting too deep");
        return;
    }
    const json& schema = resolve(schema_node);
    const std::string at = where.empty() ? "/" : where;
    for (const auto& [keyword, argument] : schema.items()) {
        if (annotation_keywords().contains(keyword) || keyword == "properties" || keyword == "$ref") {
            continue; // properties are checked with additionalProperties below
        }
        if (keyword == "type") {
            bool matches = false;
            if (argument.is_array()) {
                for (const json& type : argument) {
                    matches = matches || has_type(value, type.get<std::string>());
                }
            } else {
                matches = has_type(value, argument.get<std::string>());
            }
            if (!matches) {
                problems.push_back(at + ": is " + std::string(value.type_name()) + ", want type " + argument.dump());
                return; // the other keywords would only repeat it
            }
        } else if (keyword == "enum") {
            if (std::find(argument.begin(), argument.end(), value) == argument.end()) {
                problems.push_back(at + ": " + value.dump() + " is not one of " + argument.dump());
            }
        } else if (keyword == "const") {
            if (value != argument) {
                problems.push_back(at + ": " + value.dump() + " is not " + argument.dump());
            }
        } else if (keyword == "required") {
            for (const json& name : argument) {
                if (value.is_object() && !value.contains(name.get<std::string>())) {
                    problems.push_back(at + ": the required property \"" + name.get<std::string>() + "\" is missing");
                }
            }
        } else if (keyword == "additionalProperties") {
            // Checked with properties below.
        } else if (keyword == "items") {
            if (value.is_array()) {
                for (std::size_t i = 0; i < value.size(); ++i) {
                    check(value[i], argument, where + "/" + std::to_string(i), problems, depth + 1);
                }
            }
        } else if (keyword == "minItems") {
            if (value.is_array() && value.size() < argument.get<std::size_t>()) {
                problems.push_back(at + ": has " + std::to_string(value.size()) + " items, want at least " + argument.dump());
            }
        } else if (keyword == "minimum" || keyword == "maximum") {
            if (value.is_number()) {
                const double number = value.get<double>();
                const double bound = argument.get<double>();
                if (keyword == "minimum" ? number < bound : number > bound) {
                    problems.push_back(at + ": " + value.dump() + " is " + (keyword == "minimum" ? "below" : "above") +
                                       " " + argument.dump());
                }
            }
        } else if (keyword == "minLength" || keyword == "maxLength") {
            if (value.is_string()) {
                const std::size_t length = count_code_points(value.get<std::string>());
                const auto bound = argument.get<std::size_t>();
                if (keyword == "minLength" ? length < bound : length > bound) {
                    problems.push_back(at + ": a string of " + std::to_string(length) + " characters breaks " + keyword +
                                       " " + argument.dump());
                }
            }
        } else if (keyword == "pattern") {
            if (value.is_string() && !std::regex_search(value.get<std::string>(), std::regex(argument.get<std::string>()))) {
                problems.push_back(at + ": " + value.dump() + " does not match " + argument.dump());
            }
        } else if (keyword == "anyOf" || keyword == "oneOf" || keyword == "allOf") {
            std::size_t passed = 0;
            std::vector<std::string> first_problems;
            for (const json& alternative : argument) {
                std::vector<std::string> alternative_problems;
                check(value, alternative, where, alternative_problems, depth + 1);
                passed += alternative_problems.empty() ? 1 : 0;
                if (first_problems.empty()) {
                    first_problems = alternative_problems;
                }
            }
            const bool ok = keyword == "anyOf" ? passed >= 1 : keyword == "oneOf" ? passed == 1 : passed == argument.size();
            if (!ok) {
                problems.push_back(at + ": " + std::to_string(passed) + " of the " + keyword +
                                   " alternatives match" + (first_problems.empty() ? "" : " (" + first_problems[0] + ")"));
            }
        } else {
            problems.push_back(at + ": the schema uses \"" + keyword + "\", which this validator does not check");
        }
    }
    if (value.is_object()) {
        const json properties = schema.value("properties", json::object());
        const json additional = schema.value("additionalProperties", json(true));
        for (const auto& [name, item] : value.items()) {
            const std::string item_where = where + "/" + escape_pointer(name);
            if (properties.contains(name)) {
                check(item, properties.at(name), item_where, problems, depth + 1);
            } else if (additional.is_boolean()) {
                if (!additional.get<bool>()) {
                    problems.push_back(at + ": the property \"" + name + "\" is not in the schema");
                }
            } else {
                check(item, additional, item_where, problems, depth + 1);
            }
        }
    }
}

json SchemaValidator::response_schema(const std::string& path, const std::string& method, int status,
                                      const std::string& content_type) const
{
    const json& paths = m_document.at("paths");
    if (!paths.contains(path) || !paths.at(path).contains(method)) {
        throw std::runtime_error("the OpenAPI document has no " + method + " " + path);
    }
    const json& responses = paths.at(path).at(method).at("responses");
    const std::string code = std::to_string(status);
    if (!responses.contains(code)) {
        throw std::runtime_error("the OpenAPI document has no " + code + " response for " + method + " " + path);
    }
    const json& response = resolve(responses.at(code));
    if (!response.contains("content") || !response.at("content").contains(content_type)) {
        throw std::runtime_error("the " + code + " response of " + method + " " + path + " has no " + content_type);
    }
    return response.at("content").at(content_type).at("schema");
}

} // namespace dateline::testing
