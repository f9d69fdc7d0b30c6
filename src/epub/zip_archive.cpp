#include "epub/zip_archive.hpp"

#include "epub/timestamp.hpp"
#include "galley/error.hpp"

#include <zip.h>

#include <algorithm>
#include <mutex>

namespace galley::detail {

namespace {

// Unix regular file, rw-r--r--, in the high 16 bits of the external attributes.
constexpr zip_uint32_t unix_regular_file_0644 = (0100644u << 16);
// zlib's best compression: the level is fixed so the bytes never change with a default.
constexpr zip_uint32_t deflate_level = 9;

// libzip 1.7.3 (Debian 12) initialises two function-local statics inside
// zip_open_from_source without synchronisation (nih-at/libzip#289, fixed in 1.9):
// a thread that sees one initialised and not the other takes a writable buffer
// for read-only and fails with "Read-only archive". Opening is cheap; serialise it.
std::mutex zip_open_mutex;

} // namespace

DosTimestamp dos_timestamp(std::int64_t seconds) {
    const UtcTime time = utc_time(seconds);
    DosTimestamp dos;
    if (time.year < 1980) return dos;
    if (time.year > 2107) {
        dos.date = static_cast<std::uint16_t>((127 << 9) | (12 << 5) | 31);
        dos.time = static_cast<std::uint16_t>((23 << 11) | (59 << 5) | 29);
        return dos;
    }
    dos.date = static_cast<std::uint16_t>(((time.year - 1980) << 9) | (time.month << 5) | time.day);
    dos.time = static_cast<std::uint16_t>((time.hour << 11) | (time.minute << 5) |
                                          (std::min(time.second, 59) / 2));
    return dos;
}

ZipArchive::ZipArchive(DosTimestamp timestamp) : timestamp_(timestamp) {
    zip_error_t error;
    zip_error_init(&error);
    buffer_ = zip_source_buffer_create(nullptr, 0, 0, &error);
    if (buffer_ == nullptr) {
        const std::string message = zip_error_strerror(&error);
        zip_error_fini(&error);
        throw Error(ErrorCode::backend, "", "libzip: cannot create a buffer: " + message);
    }
    {
        const std::lock_guard<std::mutex> lock(zip_open_mutex);
        archive_ = zip_open_from_source(buffer_, ZIP_TRUNCATE, &error);
    }
    if (archive_ == nullptr) {
        const std::string message = zip_error_strerror(&error);
        zip_error_fini(&error);
        zip_source_free(buffer_);
        throw Error(ErrorCode::backend, "", "libzip: cannot open an archive in memory: " + message);
    }
    zip_error_fini(&error);
    // The archive frees its source when it closes; keep the buffer to read the bytes after.
    zip_source_keep(buffer_);
}

ZipArchive::~ZipArchive() {
    if (archive_ != nullptr) zip_discard(archive_);
    if (buffer_ != nullptr) zip_source_free(buffer_);
}

void ZipArchive::fail(const std::string& what) {
    throw Error(ErrorCode::backend, "", "libzip: " + what + ": " + zip_strerror(archive_));
}

void ZipArchive::add(const std::string& name, std::string bytes, ZipMethod method) {
    contents_.push_back(std::move(bytes));
    const std::string& data = contents_.back();
    zip_source_t* source = zip_source_buffer(archive_, data.data(), data.size(), 0);
    if (source == nullptr) fail("cannot add " + name);
    const zip_int64_t index = zip_file_add(archive_, name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
        zip_source_free(source);
        fail("cannot add " + name);
    }
    const auto entry = static_cast<zip_uint64_t>(index);
    const bool stored = method == ZipMethod::store;
    if (zip_set_file_compression(archive_, entry, stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                 stored ? 0 : deflate_level) != 0)
        fail("cannot set the compression of " + name);
    // zip_file_set_mtime would go through the local time zone; the DOS fields do not.
    if (zip_file_set_dostime(archive_, entry, timestamp_.time, timestamp_.date, 0) != 0)
        fail("cannot set the time of " + name);
    if (zip_file_set_external_attributes(archive_, entry, 0, ZIP_OPSYS_UNIX,
                                         unix_regular_file_0644) != 0)
        fail("cannot set the attributes of " + name);
}

std::string ZipArchive::finish() {
    if (zip_close(archive_) != 0) fail("cannot write the archive");
    archive_ = nullptr;
    contents_.clear();

    std::string bytes;
    if (zip_source_open(buffer_) != 0)
        throw Error(ErrorCode::backend, "", "libzip: cannot read the archive back");
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_source_stat(buffer_, &stat) == 0 && (stat.valid & ZIP_STAT_SIZE))
        bytes.reserve(static_cast<std::size_t>(stat.size));
    char chunk[1 << 16];
    for (;;) {
        const zip_int64_t count = zip_source_read(buffer_, chunk, sizeof chunk);
        if (count < 0) {
            zip_source_close(buffer_);
            throw Error(ErrorCode::backend, "", "libzip: cannot read the archive back");
        }
        if (count == 0) break;
        bytes.append(chunk, static_cast<std::size_t>(count));
    }
    zip_source_close(buffer_);
    return bytes;
}

} // namespace galley::detail
