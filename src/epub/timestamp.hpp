// Internal: dates for the package and the ZIP, computed in UTC without the local time zone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace galley::detail {

// A moment in UTC, broken down.
struct UtcTime {
    int year = 1970, month = 1, day = 1;
    int hour = 0, minute = 0, second = 0;
};

// Seconds since 1970-01-01T00:00:00Z for an ISO 8601 date ("2025-12-10", read as midnight
// UTC) or date-time ("2025-12-10T09:30:00+05:00", "…Z", "2025-12-10 09:30"; no offset is read
// as UTC; fractions of a second are dropped). nullopt when `text` is not such a date.
std::optional<std::int64_t> parse_iso8601(std::string_view text);

// `seconds` since the epoch, broken down in UTC (proleptic Gregorian calendar).
UtcTime utc_time(std::int64_t seconds);

// "CCYY-MM-DDThh:mm:ssZ", the form dcterms:modified requires.
std::string format_utc(std::int64_t seconds);

// True when `text` is a W3C date-time (W3CDTF: YYYY, YYYY-MM, YYYY-MM-DD, or a date with
// "Thh:mm", optional ":ss" and fraction, and "Z" or "±hh:mm"), as dc:date wants it.
bool is_w3cdtf(std::string_view text);

// The value of the environment variable SOURCE_DATE_EPOCH (seconds since the epoch), or
// nullopt when it is not set or empty. Throws galley::Error (ErrorCode::usage) when it is set to
// something that is not a non-negative integer.
std::optional<std::int64_t> source_date_epoch();

} // namespace galley::detail
