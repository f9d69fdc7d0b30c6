// galley — where a backend's output goes.
//
// Every backend writes its bytes to a Sink and calls finish() when the output is complete.
// A FileSink writes to a temporary file beside its target and renames it into place in
// finish(), so a failed export never leaves half a file and never destroys the previous one.
#pragma once

#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace galley {

class Sink {
public:
    virtual ~Sink() = default;
    // Appends bytes. Throws galley::Error (ErrorCode::io) when they cannot be written.
    virtual void write(std::string_view bytes) = 0;
    // The output is complete: make it visible (rename, flush). Throws on failure.
    virtual void finish() = 0;
    // What to call this output in messages (a path, "<memory>").
    virtual std::string name() const = 0;
};

// Collects the output in memory.
class MemorySink final : public Sink {
public:
    void write(std::string_view bytes) override { data_.append(bytes); }
    void finish() override { finished_ = true; }
    std::string name() const override { return "<memory>"; }

    const std::string& data() const { return data_; }
    std::string take() { return std::move(data_); }
    bool finished() const { return finished_; }

private:
    std::string data_;
    bool finished_ = false;
};

// Writes to `path` through a temporary file in the same folder ("<name>.galley-tmp-XXXXXX"),
// renamed over `path` by finish(). Destroyed without finish(), it removes the temporary file
// and leaves any existing `path` untouched.
class FileSink final : public Sink {
public:
    explicit FileSink(std::filesystem::path path);
    ~FileSink() override;
    FileSink(const FileSink&) = delete;
    FileSink& operator=(const FileSink&) = delete;

    void write(std::string_view bytes) override;
    void finish() override;
    std::string name() const override { return path_.string(); }
    // Bytes written so far.
    std::uintmax_t size() const { return written_; }

private:
    std::filesystem::path path_;
    std::filesystem::path temp_;
    std::FILE* file_ = nullptr;
    std::uintmax_t written_ = 0;
    bool finished_ = false;
};

} // namespace galley
