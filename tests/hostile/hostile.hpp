// Shared by the hostile-input tests (tests/hostile/test_hostile_*.cpp): a batch of one or more
// bad inputs beside a good article, run through the real CLI within stated bounds, and the
// checks every case makes on what that run did and did not leave behind.
#pragma once

#include "support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace galley::test::hostile {

namespace fs = std::filesystem;

// The bounds every hostile case runs within (README, "Hostile input: what each case gives"),
// for the whole `galley` process: 10 s of CPU time (30 s under a sanitizer), killed after 60 s
// of wall-clock time (180 s) — CPU time is what a blow-up spends, and it hardly changes with
// the machine's load; the deadline catches a process that waits — and 1 GiB of address space.
// Every case takes under 4 s of CPU on the 2-core development machine.
inline constexpr double kCpuSeconds = 10;
inline constexpr double kWallSeconds = 60;
inline constexpr double kSanitizerSlowdown = 3;
inline constexpr std::uint64_t kAddressSpace = std::uint64_t{1} << 30;

inline double slowdown() { return built_with_sanitizer() ? kSanitizerSlowdown : 1; }
// The wall-clock deadline of one run.
inline double seconds_allowed() { return kWallSeconds * slowdown(); }

// The good article that sits beside every bad input.
inline constexpr const char* kGoodHeadline = "A good article";
inline constexpr const char* kGoodArticle = "---\n"
                                            "title: A good article\n"
                                            "lang: en\n"
                                            "---\n\n"
                                            "ASTANA — The good article converts beside the bad one.\n\n"
                                            "A second paragraph with *emphasis*.\n";

// Every regular file below `dir` (relative path → size), and every folder (→ -1).
inline std::map<std::string, std::intmax_t> listing(const fs::path& dir) {
    std::map<std::string, std::intmax_t> entries;
    std::error_code ec;
    if (!fs::exists(dir, ec)) return entries;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        std::string name = fs::relative(it->path(), dir).generic_string();
        std::error_code e2;
        if (it->is_symlink(e2)) {
            entries[name] = -2;
            it.disable_recursion_pending();
        } else if (it->is_directory(e2)) {
            entries[name] = -1;
        } else {
            entries[name] = static_cast<std::intmax_t>(it->file_size(e2));
        }
    }
    return entries;
}

inline bool is_valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (len == 0 || i + len > s.size()) return false;
        char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
        for (std::size_t k = 1; k < len; ++k) {
            unsigned char d = static_cast<unsigned char>(s[i + k]);
            if ((d & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (d & 0x3F);
        }
        static constexpr char32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += len;
    }
    return true;
}

inline std::size_t count(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
    return n;
}

// The entries of a ZIP file (an EPUB), by name, read with unzip.
inline std::vector<std::pair<std::string, std::string>> zip_entries(const fs::path& zip) {
    std::vector<std::pair<std::string, std::string>> entries;
    CommandResult names = run_command({"/usr/bin/unzip", "-Z1", zip.string()});
    EXPECT_EQ(names.status, 0) << zip << ": " << names.err;
    std::size_t start = 0;
    for (std::size_t nl; (nl = names.out.find('\n', start)) != std::string::npos; start = nl + 1) {
        std::string name = names.out.substr(start, nl - start);
        if (name.empty() || name.back() == '/') continue;
        CommandResult entry = run_command({"/usr/bin/unzip", "-p", zip.string(), name});
        EXPECT_EQ(entry.status, 0) << zip << " " << name << ": " << entry.err;
        entries.emplace_back(name, entry.out);
    }
    return entries;
}

inline std::string pdf_text(const fs::path& pdf) {
    CommandResult r = run_command({"/usr/bin/pdftotext", "-enc", "UTF-8", pdf.string(), "-"});
    EXPECT_EQ(r.status, 0) << pdf << ": " << r.err;
    return r.out;
}

// Everything a reader of the outputs below `dir` could see: every file's bytes, every EPUB
// entry and the text of every PDF.
inline std::string everything_readable(const fs::path& dir) {
    std::string all;
    for (const auto& [name, size] : listing(dir)) {
        if (size < 0) continue;
        fs::path p = dir / name;
        all += read_file(p);
        if (p.extension() == ".epub")
            for (const auto& [entry, bytes] : zip_entries(p)) all += "\n" + entry + "\n" + bytes;
        if (p.extension() == ".pdf") all += pdf_text(p);
    }
    return all;
}

// Checks that every text output below `dir` is valid UTF-8: JSON, layout dumps, SVG, and the
// XHTML, XML, CSS and NCX entries of EPUBs.
inline void expect_valid_utf8_outputs(const fs::path& dir) {
    auto texty = [](const fs::path& p) {
        std::string e = p.extension().string();
        return e == ".json" || e == ".txt" || e == ".svg" || e == ".xhtml" || e == ".opf" ||
               e == ".ncx" || e == ".css" || e == ".xml";
    };
    for (const auto& [name, size] : listing(dir)) {
        if (size < 0) continue;
        fs::path p = dir / name;
        if (texty(p)) {
            EXPECT_TRUE(is_valid_utf8(read_file(p))) << p << " is not valid UTF-8";
        }
        if (p.extension() != ".epub") continue;
        for (const auto& [entry, bytes] : zip_entries(p)) {
            if (texty(entry) || entry == "mimetype") {
                EXPECT_TRUE(is_valid_utf8(bytes)) << p << ": " << entry << " is not valid UTF-8";
            }
        }
    }
}

// Checks the good article's outputs in `dir` (named `stem`) for each of `formats`: there, and
// whole — a PDF that qpdf checks and whose text holds the headline, an EPUB that unzip tests
// and whose XHTML holds it, JSON that parses with that headline.
inline void expect_good_outputs(const fs::path& dir, const std::string& stem,
                                const std::vector<std::string>& formats,
                                const std::string& headline = kGoodHeadline) {
    for (const std::string& f : formats) {
        if (f == "pdf" || f == "print") {
            fs::path pdf = dir / (stem + (f == "pdf" ? ".pdf" : "-print.pdf"));
            ASSERT_TRUE(fs::is_regular_file(pdf)) << pdf << " missing";
            EXPECT_TRUE(read_file(pdf).starts_with("%PDF-")) << pdf;
            CommandResult check = run_command({"/usr/bin/qpdf", "--check", pdf.string()});
            EXPECT_EQ(check.status, 0) << pdf << ": " << check.out << check.err;
            EXPECT_NE(pdf_text(pdf).find(headline), std::string::npos) << pdf;
        } else if (f == "epub") {
            fs::path epub = dir / (stem + ".epub");
            ASSERT_TRUE(fs::is_regular_file(epub)) << epub << " missing";
            CommandResult check = run_command({"/usr/bin/unzip", "-tq", epub.string()});
            EXPECT_EQ(check.status, 0) << epub << ": " << check.out << check.err;
            bool found = false;
            for (const auto& [name, bytes] : zip_entries(epub))
                found = found || (name.ends_with(".xhtml") && bytes.find(headline) != std::string::npos);
            EXPECT_TRUE(found) << epub << ": no XHTML holds the headline";
        } else if (f == "json") {
            fs::path json = dir / (stem + ".json");
            ASSERT_TRUE(fs::is_regular_file(json)) << json << " missing";
            nlohmann::json j = nlohmann::json::parse(read_file(json));
            EXPECT_EQ(j["meta"]["headline"], headline) << json;
        } else {
            ADD_FAILURE() << "unknown format " << f;
        }
    }
}

// One batch: a folder of inputs (in/), the output folder (out/), and for the child a TMPDIR
// (tmp/) and an XDG_CACHE_HOME (cache/) of its own. convert() runs `galley convert` within the
// bounds and checks what every case must hold: it ended by itself, within the time; nothing
// changed outside out/ (inputs, TMPDIR) but fontconfig's cache of galley's fonts in
// cache/galley/fontconfig (documented in src/text/fonts.cpp); no temporary or hidden file was
// left in out/.
class Batch {
public:
    Batch() {
        fs::create_directories(in());
        fs::create_directories(tmp());
        fs::create_directories(cache());
    }
    fs::path root() const { return dir_.path(); }
    fs::path in() const { return dir_ / "in"; }
    fs::path out() const { return dir_ / "out"; }
    fs::path tmp() const { return dir_ / "tmp"; }
    fs::path cache() const { return dir_ / "cache"; }

    // Writes the good article as in/<name>.
    fs::path add_good(const std::string& name = "good.md") {
        write_file(in() / name, kGoodArticle);
        return in() / name;
    }

    Bounds bounds() const {
        Bounds b;
        b.seconds = seconds_allowed();
        b.address_space = kAddressSpace;
        b.env = {{"TMPDIR", tmp().string()}, {"XDG_CACHE_HOME", cache().string()}};
        return b;
    }

    // `galley convert INPUTS --to FORMATS -o out/ EXTRA…`
    BoundedResult convert(const std::vector<fs::path>& inputs, const std::string& formats,
                          const std::vector<std::string>& extra = {}) {
        return convert_with(inputs, formats, extra, bounds());
    }

    BoundedResult convert_with(const std::vector<fs::path>& inputs, const std::string& formats,
                               const std::vector<std::string>& extra, const Bounds& bounds) {
        std::vector<std::string> argv{cli().string(), "convert"};
        for (const auto& p : inputs) argv.push_back(p.string());
        argv.insert(argv.end(), {"--to", formats, "-o", out().string()});
        argv.insert(argv.end(), extra.begin(), extra.end());
        auto before = outside_out();
        BoundedResult r = run_bounded(argv, bounds);
        EXPECT_FALSE(r.timed_out) << "killed after " << bounds.seconds << " s";
        EXPECT_EQ(r.signal, 0) << "ended by signal " << r.signal << "\n" << r.err.substr(0, 2000);
        EXPECT_LT(r.cpu_seconds, kCpuSeconds * slowdown()) << "CPU time";
        EXPECT_TRUE(outside_out() == before) << "files changed outside the output folder";
        EXPECT_TRUE(listing(tmp()).empty()) << "files left in TMPDIR";
        for (const auto& [name, size] : listing(cache()))
            EXPECT_TRUE(name == "galley" || name.starts_with("galley/fontconfig"))
                << "cache/" << name << " is not fontconfig's cache";
        expect_no_temporary_files();
        // In the test report (--gtest_output=xml): what the run took, for README's table.
        ::testing::Test::RecordProperty("galley_seconds", std::to_string(r.seconds));
        ::testing::Test::RecordProperty("galley_cpu_seconds", std::to_string(r.cpu_seconds));
        ::testing::Test::RecordProperty("galley_max_rss_kb", std::to_string(r.max_rss_kb));
        return r;
    }

    void expect_no_temporary_files() const {
        for (const auto& [name, size] : listing(out())) {
            std::string base = fs::path(name).filename().string();
            EXPECT_EQ(name.find(".galley-tmp"), std::string::npos) << "temporary file left: " << name;
            EXPECT_FALSE(base.starts_with(".")) << "hidden file left: " << name;
            EXPECT_NE(size, 0) << "empty file left: " << name;
        }
    }

private:
    // Everything under the batch's folder but out/ and cache/.
    std::map<std::string, std::intmax_t> outside_out() const {
        auto all = listing(root());
        std::erase_if(all, [](const auto& e) {
            for (const char* skip : {"out", "cache"})
                if (e.first == skip || e.first.starts_with(std::string(skip) + "/")) return true;
            return false;
        });
        return all;
    }

    TempDir dir_;
};

// The lines of `err` that mention `needle`, for messages.
inline std::string lines_with(const std::string& err, const std::string& needle) {
    std::string out;
    std::size_t start = 0;
    for (std::size_t nl; start < err.size(); start = nl + 1) {
        nl = err.find('\n', start);
        if (nl == std::string::npos) nl = err.size();
        std::string line = err.substr(start, nl - start);
        if (line.find(needle) != std::string::npos) out += line + "\n";
    }
    return out;
}

} // namespace galley::test::hostile
