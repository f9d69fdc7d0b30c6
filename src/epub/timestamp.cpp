#include "epub/timestamp.hpp"

#include "galley/error.hpp"

#include <charconv>
#include <cstdlib>

namespace galley::detail {

namespace {

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
    year -= month <= 2;
    const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
    const auto year_of_era = static_cast<unsigned>(year - era * 400);
    const unsigned day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const unsigned day_of_era =
        year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

bool is_leap_year(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

// Reads exactly `count` decimal digits at `pos`.
bool read_digits(std::string_view text, std::size_t& pos, std::size_t count, int& value) {
    if (pos + count > text.size()) return false;
    value = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    pos += count;
    return true;
}

bool read_char(std::string_view text, std::size_t& pos, char expected) {
    if (pos < text.size() && text[pos] == expected) {
        ++pos;
        return true;
    }
    return false;
}

struct ParsedDate {
    int year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0;
    int offset_minutes = 0;
    int parts = 1;           // 1: year, 2: year-month, 3: date, 4: date and time
    bool has_offset = false; // a "Z" or "±hh:mm" was given
    bool has_seconds = false;
};

// Parses the ISO 8601 forms galley's readers produce. `strict` asks for W3CDTF exactly.
std::optional<ParsedDate> parse_date(std::string_view text, bool strict) {
    ParsedDate date;
    std::size_t pos = 0;
    if (!read_digits(text, pos, 4, date.year)) return std::nullopt;
    if (pos == text.size()) return date;
    if (!read_char(text, pos, '-') || !read_digits(text, pos, 2, date.month)) return std::nullopt;
    if (date.month < 1 || date.month > 12) return std::nullopt;
    date.parts = 2;
    if (pos == text.size()) return date;
    if (!read_char(text, pos, '-') || !read_digits(text, pos, 2, date.day)) return std::nullopt;
    if (date.day < 1 || date.day > days_in_month(date.year, date.month)) return std::nullopt;
    date.parts = 3;
    if (pos == text.size()) return date;
    if (!read_char(text, pos, 'T') && (strict || !read_char(text, pos, ' '))) return std::nullopt;
    date.parts = 4;
    if (!read_digits(text, pos, 2, date.hour) || !read_char(text, pos, ':') ||
        !read_digits(text, pos, 2, date.minute))
        return std::nullopt;
    if (read_char(text, pos, ':')) {
        if (!read_digits(text, pos, 2, date.second)) return std::nullopt;
        date.has_seconds = true;
        if (read_char(text, pos, '.') || (!strict && read_char(text, pos, ','))) {
            const std::size_t start = pos;
            while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
            if (pos == start) return std::nullopt;
        }
    }
    if (date.hour > 23 || date.minute > 59 || date.second > 60) return std::nullopt;
    if (read_char(text, pos, 'Z')) {
        date.has_offset = true;
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        const int sign = text[pos] == '-' ? -1 : 1;
        ++pos;
        int hours = 0, minutes = 0;
        if (!read_digits(text, pos, 2, hours)) return std::nullopt;
        if (!read_char(text, pos, ':') && strict) return std::nullopt;
        if (!read_digits(text, pos, 2, minutes) || hours > 23 || minutes > 59) return std::nullopt;
        date.offset_minutes = sign * (hours * 60 + minutes);
        date.has_offset = true;
    } else if (strict) {
        return std::nullopt; // W3CDTF requires a time zone designator with a time
    }
    if (pos != text.size()) return std::nullopt;
    return date;
}

void append_two_digits(std::string& out, int value) {
    out += static_cast<char>('0' + value / 10);
    out += static_cast<char>('0' + value % 10);
}

} // namespace

std::optional<std::int64_t> parse_iso8601(std::string_view text) {
    const auto date = parse_date(text, false);
    if (!date || date->parts < 3) return std::nullopt;
    const std::int64_t days = days_from_civil(date->year, static_cast<unsigned>(date->month),
                                              static_cast<unsigned>(date->day));
    return days * 86400 + date->hour * 3600 + date->minute * 60 + date->second -
           std::int64_t{date->offset_minutes} * 60;
}

UtcTime utc_time(std::int64_t seconds) {
    std::int64_t days = seconds / 86400;
    std::int64_t rest = seconds % 86400;
    if (rest < 0) {
        rest += 86400;
        --days;
    }
    // civil_from_days (Howard Hinnant).
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto day_of_era = static_cast<unsigned>(days - era * 146097);
    const unsigned year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const unsigned day_of_year =
        day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const unsigned mp = (5 * day_of_year + 2) / 153;
    UtcTime time;
    time.day = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
    time.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    time.year =
        static_cast<int>(static_cast<std::int64_t>(year_of_era) + era * 400 + (time.month <= 2));
    time.hour = static_cast<int>(rest / 3600);
    time.minute = static_cast<int>(rest / 60 % 60);
    time.second = static_cast<int>(rest % 60);
    return time;
}

std::string format_utc(std::int64_t seconds) {
    const UtcTime time = utc_time(seconds);
    std::string out;
    out.reserve(20);
    char year[8];
    auto [end, ec] = std::to_chars(year, year + sizeof year, time.year);
    (void)ec;
    for (auto length = end - year; length < 4; ++length) out += '0';
    out.append(year, end);
    out += '-';
    append_two_digits(out, time.month);
    out += '-';
    append_two_digits(out, time.day);
    out += 'T';
    append_two_digits(out, time.hour);
    out += ':';
    append_two_digits(out, time.minute);
    out += ':';
    append_two_digits(out, time.second);
    out += 'Z';
    return out;
}

bool is_w3cdtf(std::string_view text) {
    return parse_date(text, true).has_value();
}

std::optional<std::int64_t> source_date_epoch() {
    const char* value = std::getenv("SOURCE_DATE_EPOCH");
    if (value == nullptr || *value == '\0') return std::nullopt;
    const std::string_view text(value);
    std::int64_t seconds = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (ec != std::errc() || end != text.data() + text.size() || seconds < 0)
        throw Error(ErrorCode::usage, "",
                    "SOURCE_DATE_EPOCH must be a number of seconds since 1970-01-01, not '" +
                        std::string(text) + "'");
    return seconds;
}

} // namespace galley::detail
