// Test support: checks JSON values against the JSON Schema subset that docs/openapi.json uses
// (type, enum, const, properties, required, additionalProperties, items, minimum, maximum,
// minLength, maxLength, minItems, pattern, anyOf, oneOf, allOf, $ref within the document).
// No Debian package validates OpenAPI 3.1 from C++, so this is ours; an unsupported keyword is
// reported as a problem rather than ignored, so the check can never pass by not looking.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace dateline::testing {

class SchemaValidator {
public:
    /// `document` is the whole OpenAPI document; "#/..." references resolve inside it.
    explicit SchemaValidator(nlohmann::json document);

    /// The problems of `value` against `schema`, each "<json pointer>: <what is wrong>"; empty
    /// when the value conforms.
    [[nodiscard]] std::vector<std::string> validate(const nlohmann::json& value, const nlohmann::json& schema) const;

    /// The schema of the `status` response of `method` on the documented `path` for
    /// `content_type` (references to components/responses followed).
    /// @exception std::runtime_error when the document does not describe that response.
    [[nodiscard]] nlohmann::json response_schema(const std::string& path, const std::string& method, int status,
                                                 const std::string& content_type = "application/json") const;

    [[nodiscard]] const nlohmann::json& document() const { return m_document; }

private:
    void check(const nlohmann::json& value, const nlohmann::json& schema, const std::string& where,
               std::vector<std::string>& problems, int depth) const;
    [[nodiscard]] const nlohmann::json& resolve(const nlohmann::json& node) const;

    nlohmann::json m_document;
};

} // namespace dateline::testing
