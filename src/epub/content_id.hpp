// Internal: SHA-1 and name-based UUIDs, for identifiers derived from content.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace galley::detail {

// The SHA-1 digest of `bytes` (FIPS 180-4). Used for identifiers, never for security.
std::array<std::uint8_t, 20> sha1(std::string_view bytes);

// The digest as 40 lower-case hex digits.
std::string sha1_hex(std::string_view bytes);

// A version-5 (name-based, SHA-1) UUID for `name` in galley's own namespace, as
// "urn:uuid:xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx". The same name always gives the same UUID.
std::string content_uuid_urn(std::string_view name);

} // namespace galley::detail
