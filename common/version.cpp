#include "common/version.h"

#include "common/index/schema_version.h"

#include <xapian.h>

namespace dateline {

std::string describe_version(std::string_view program)
{
    return std::string(program) + " " + k_version + " (schema " + std::to_string(schema::k_schema_version) +
           ", Xapian " + Xapian::version_string() + ")";
}

} // namespace dateline
