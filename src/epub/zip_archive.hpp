// Internal: a ZIP archive built in memory with libzip, with bytes that depend only on what is
// added: entries in the order they are added, one fixed DOS timestamp (no time zone), Unix
// permissions 0644, a fixed deflate level.
#pragma once

#include <cstdint>
#include <deque>
#include <string>

struct zip;
struct zip_source;

namespace galley::detail {

// The MS-DOS date and time libzip stores for an entry (2-second resolution, 1980–2107).
struct DosTimestamp {
    std::uint16_t time = 0;
    std::uint16_t date = (1 << 5) | 1; // 1980-01-01
};

// `seconds` since the epoch as a DOS timestamp in UTC, clamped to 1980-01-01 … 2107-12-31.
DosTimestamp dos_timestamp(std::int64_t seconds);

enum class ZipMethod { store, deflate };

class ZipArchive {
  public:
    explicit ZipArchive(DosTimestamp timestamp);
    ~ZipArchive();
    ZipArchive(const ZipArchive&) = delete;
    ZipArchive& operator=(const ZipArchive&) = delete;

    // Adds an entry. The archive keeps `bytes` until finish(). Throws Error(backend).
    void add(const std::string& name, std::string bytes, ZipMethod method);

    // Writes the central directory and returns the archive's bytes. Throws Error(backend).
    std::string finish();

  private:
    [[noreturn]] void fail(const std::string& what);

    DosTimestamp timestamp_;
    zip_source* buffer_ = nullptr; // the archive's own bytes
    zip* archive_ = nullptr;
    std::deque<std::string> contents_; // entry bytes, kept alive (and in place) until zip_close
};

} // namespace galley::detail
