// The EPUB backend: valid (epubcheck), reproducible, accessible, complete.
#include "galley/epub.hpp"

#include "epub/content_id.hpp"
#include "epub/timestamp.hpp"
#include "epub/zip_archive.hpp"
#include "galley/fonts.hpp"
#include "galley/image.hpp"
#include "galley/json.hpp"
#include "galley/presskit.hpp"
#include "galley/read.hpp"
#include "galley/resources.hpp"
#include "galley/sink.hpp"
#include "galley/style.hpp"
#include "support.hpp"
#include "text/font_subset.hpp"

#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <latch>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;
using galley::test::TempDir;

constexpr const char* epubcheck_jar = "/usr/share/java/epubcheck.jar";
// 2025-12-10T07:30:00Z
constexpr std::int64_t fixed_moment = 1765351800;

// ---------------------------------------------------------------------------------------------
// Inputs

// The sample articles (samples/*.txt, *.md, *.xml, *.json; not README.md), sorted by name.
std::vector<fs::path> sample_paths() {
    std::vector<fs::path> paths;
    for (const auto& entry : fs::directory_iterator(galley::test::source_dir() / "samples")) {
        const fs::path& path = entry.path();
        const std::string ext = path.extension().string();
        if (path.filename() == "README.md") continue;
        if (ext == ".txt" || ext == ".md" || ext == ".xml" || ext == ".json") paths.push_back(path);
    }
    std::sort(paths.begin(), paths.end());
    return paths;
}

// The text articles of the shared corpus in NITF and NewsML-G2 (photo items are not articles).
std::vector<fs::path> corpus_xml_paths() {
    std::vector<fs::path> paths;
    for (const char* folder : {"nitf", "newsml-g2"}) {
        const fs::path dir = galley::test::corpus(folder);
        if (!fs::exists(dir)) continue;
        for (const auto& entry : fs::directory_iterator(dir))
            if (entry.path().extension() == ".xml") paths.push_back(entry.path());
    }
    std::sort(paths.begin(), paths.end());
    return paths;
}

galley::Article read_article(const fs::path& path) {
    return galley::read_article_file(path.string()).article;
}

template <class Visit> void for_each_figure(const galley::Blocks& blocks, const Visit& visit) {
    for (const galley::Block& block : blocks) {
        if (const auto* figure = std::get_if<galley::Figure>(&block.node)) visit(*figure);
        if (const auto* quote = std::get_if<galley::BlockQuote>(&block.node))
            for_each_figure(quote->content, visit);
        if (const auto* list = std::get_if<galley::List>(&block.node))
            for (const auto& item : list->items) for_each_figure(item, visit);
    }
}

// The article with its images beside a copy in `folder`: the files it names are copied, and a
// sample photo stands in for files the corpus does not ship (the NITF sample's high-tide.jpg).
galley::Article with_images_in(galley::Article article, const fs::path& folder) {
    const fs::path original = fs::path(article.source_path).parent_path();
    const fs::path stand_in = galley::test::source_dir() / "samples/photos/harbour-regatta.jpg";
    for_each_figure(article.blocks, [&](const galley::Figure& figure) {
        if (!figure.image || figure.image->src.empty()) return;
        const fs::path src(figure.image->src);
        ASSERT_TRUE(src.is_relative()) << src;
        const fs::path target = folder / src;
        fs::create_directories(target.parent_path());
        const fs::path from = fs::exists(original / src) ? original / src : stand_in;
        fs::copy_file(from, target, fs::copy_options::overwrite_existing);
    });
    article.source_path = (folder / fs::path(article.source_path).filename()).string();
    return article;
}

galley::ImageRef image_ref(const std::string& src) {
    galley::ImageRef ref;
    ref.src = src;
    return ref;
}

// An article in Arabic, written right to left.
galley::Article arabic_article() {
    galley::Article article;
    article.meta.headline = "افتتاح مكتبة جديدة في وسط المدينة";
    article.meta.dek = "المكتبة تفتح أبوابها للقراء بعد عامين من الترميم";
    article.meta.bylines.push_back({"سلمى حداد", "مراسلة الثقافة"});
    article.meta.language = "ar";
    article.meta.date = "2026-05-02";
    article.meta.dateline.place = "عمّان";
    article.blocks.push_back(galley::Paragraph{
        {},
        galley::text_inlines(
            "افتتحت البلدية يوم السبت مكتبة عامة جديدة تضم أكثر من خمسين ألف كتاب.")});
    article.blocks.push_back(galley::Heading{{}, 2, galley::text_inlines("قاعة للأطفال")});
    article.blocks.push_back(galley::Paragraph{
        {},
        galley::text_inlines(
            "وتضم المكتبة قاعة مخصصة للأطفال وأخرى للدراسة تفتح حتى منتصف الليل.")});
    article.source_path = (galley::test::source_dir() / "tests/data/epub/arabic.json").string();
    return article;
}

// An article in Hebrew, with a list and a quotation: markers and the quote's rule belong on
// the right.
galley::Article hebrew_article() {
    galley::Article article;
    article.meta.headline = "גשר להולכי רגל נפתח מעל הנחל";
    article.meta.dek = "הגשר מחבר בין שתי השכונות בחמש דקות הליכה";
    article.meta.bylines.push_back({"נועה לוי", "כתבת עירונית"});
    article.meta.language = "he";
    article.meta.date = "2026-06-09";
    article.meta.dateline.place = "חיפה";
    article.blocks.push_back(galley::Paragraph{
        {},
        galley::text_inlines("הגשר, שאורכו 120 מטר, נפתח ביום שלישי בבוקר אחרי שנה של עבודות.")});
    article.blocks.push_back(galley::Heading{{}, 2, galley::text_inlines("מה השתנה")});
    galley::List list;
    list.items.push_back(
        {galley::Block{galley::Paragraph{{}, galley::text_inlines("שביל אופניים לאורך הנחל")}}});
    list.items.push_back(
        {galley::Block{galley::Paragraph{{}, galley::text_inlines("תאורה לכל אורך הגשר")}}});
    article.blocks.push_back(std::move(list));
    galley::BlockQuote quote;
    quote.content.push_back(galley::Block{
        galley::Paragraph{{}, galley::text_inlines("זה יום חשוב לכל מי שגר משני צדי הנחל.")}});
    quote.attribution = "ראש העירייה";
    article.blocks.push_back(std::move(quote));
    article.source_path = (galley::test::source_dir() / "tests/data/epub/hebrew.json").string();
    return article;
}

// An article whose one photo has no alternative text.
galley::Article article_with_unlabelled_photo() {
    galley::Article article;
    article.meta.headline = "Harbour works finish ahead of the regatta";
    article.meta.language = "en";
    galley::Figure figure;
    figure.image = image_ref("photos/harbour-regatta.jpg");
    figure.caption = galley::text_inlines("The new breakwater light.");
    figure.credit.line = "Ruairí Ó Dálaigh";
    article.blocks.push_back(std::move(figure));
    article.blocks.push_back(
        galley::Paragraph{{}, galley::text_inlines("The harbour works finished a week early.")});
    article.source_path = (galley::test::source_dir() / "samples/unlabelled.md").string();
    return article;
}

galley::StyleSheet test_style_sheet() {
    galley::Warnings warnings;
    return galley::load_style((galley::test::source_dir() / "tests/data/epub/roles.css").string(),
                              warnings);
}

bool has_bundled_style(const std::string& name) {
    for (const auto& style : galley::bundled_styles())
        if (style.name == name) return true;
    return false;
}

// Options every test starts from: a fixed sheet, so the tests do not change when the bundled
// styles do.
galley::EpubOptions test_options() {
    galley::EpubOptions options;
    options.style = test_style_sheet();
    return options;
}

struct Written {
    std::string bytes;
    galley::Warnings warnings;
};

Written write_to_memory(const galley::Article& article, const galley::EpubOptions& options) {
    galley::MemorySink sink;
    galley::EpubResult result = galley::write_epub(article, options, sink);
    EXPECT_TRUE(sink.finished());
    return {sink.take(), std::move(result.warnings)};
}

// ---------------------------------------------------------------------------------------------
// Reading the output

// One entry of a ZIP's central directory, as stored.
struct ZipEntryRecord {
    std::string name;
    std::uint16_t made_by = 0;
    std::uint16_t method = 0;
    std::uint16_t dos_time = 0;
    std::uint16_t dos_date = 0;
    std::uint32_t external_attributes = 0;
    std::uint16_t extra_length = 0;
    std::uint32_t local_header_offset = 0;
};

std::uint32_t read_le(const std::string& bytes, std::size_t at, int size) {
    std::uint32_t value = 0;
    for (int i = size - 1; i >= 0; --i)
        value = (value << 8) | static_cast<unsigned char>(bytes.at(at + i));
    return value;
}

// The central directory, read byte by byte (libzip's own view goes through the time zone).
std::vector<ZipEntryRecord> central_directory(const std::string& zip) {
    std::vector<ZipEntryRecord> entries;
    const std::size_t end = zip.rfind(std::string("PK\x05\x06", 4));
    if (end == std::string::npos) return entries;
    const std::uint32_t count = read_le(zip, end + 10, 2);
    std::size_t at = read_le(zip, end + 16, 4);
    for (std::uint32_t i = 0; i < count; ++i) {
        if (read_le(zip, at, 4) != 0x02014b50) break;
        ZipEntryRecord entry;
        entry.made_by = static_cast<std::uint16_t>(read_le(zip, at + 4, 2));
        entry.method = static_cast<std::uint16_t>(read_le(zip, at + 10, 2));
        entry.dos_time = static_cast<std::uint16_t>(read_le(zip, at + 12, 2));
        entry.dos_date = static_cast<std::uint16_t>(read_le(zip, at + 14, 2));
        const std::uint32_t name_length = read_le(zip, at + 28, 2);
        entry.extra_length = static_cast<std::uint16_t>(read_le(zip, at + 30, 2));
        const std::uint32_t comment_length = read_le(zip, at + 32, 2);
        entry.external_attributes = read_le(zip, at + 38, 4);
        entry.local_header_offset = read_le(zip, at + 42, 4);
        entry.name = zip.substr(at + 46, name_length);
        entries.push_back(entry);
        at += 46 + name_length + entry.extra_length + comment_length;
    }
    return entries;
}

// Every entry's name and bytes, in archive order, read with libzip.
std::vector<std::pair<std::string, std::string>> unzip(const std::string& bytes) {
    std::vector<std::pair<std::string, std::string>> entries;
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    zip_t* archive =
        source ? zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error) : nullptr;
    zip_error_fini(&error);
    if (archive == nullptr) {
        if (source) zip_source_free(source);
        ADD_FAILURE() << "libzip cannot open the EPUB";
        return entries;
    }
    const zip_int64_t count = zip_get_num_entries(archive, 0);
    for (zip_int64_t i = 0; i < count; ++i) {
        zip_stat_t stat;
        zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &stat);
        std::string content(static_cast<std::size_t>(stat.size), '\0');
        zip_file_t* file = zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0);
        if (file == nullptr) {
            ADD_FAILURE() << "cannot open entry " << stat.name;
            continue;
        }
        const zip_int64_t read = zip_fread(file, content.data(), content.size());
        zip_fclose(file);
        EXPECT_EQ(read, static_cast<zip_int64_t>(content.size())) << stat.name;
        entries.emplace_back(stat.name, std::move(content));
    }
    zip_close(archive);
    return entries;
}

std::string entry_of(const std::string& epub, const std::string& name) {
    for (auto& [entry_name, content] : unzip(epub))
        if (entry_name == name) return content;
    ADD_FAILURE() << "no entry " << name;
    return {};
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string collapse_spaces(const std::string& text) {
    std::string out;
    bool space = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Internals: image headers, dates, identifiers, subsetting

TEST(EpubImageInfo, TypesAndSizesComeFromTheBytes) {
    const fs::path photos = galley::test::source_dir() / "samples/photos";
    auto info = galley::probe_image(galley::test::read_file(photos / "harbour-regatta.jpg"));
    ASSERT_TRUE(info);
    EXPECT_EQ(info->media_type, "image/jpeg");
    EXPECT_EQ(info->width, 1200);
    EXPECT_EQ(info->height, 800);
    info = galley::probe_image(galley::test::read_file(photos / "library-reading-room.jpg"));
    ASSERT_TRUE(info);
    EXPECT_EQ(info->width, 800);
    EXPECT_EQ(info->height, 1200);
    info = galley::probe_image(galley::test::read_file(photos / "budget-chart.png"));
    ASSERT_TRUE(info);
    EXPECT_EQ(info->media_type, "image/png");
    EXPECT_EQ(info->width, 800);
    EXPECT_EQ(info->height, 500);

    info = galley::probe_image(std::string("GIF89a\x40\x01\xF0\x00\x80\x00\x00", 13));
    ASSERT_TRUE(info);
    EXPECT_EQ(info->media_type, "image/gif");
    EXPECT_EQ(info->width, 320);
    EXPECT_EQ(info->height, 240);
    // A lossless WebP header: 640 × 480.
    std::string webp("RIFF\0\0\0\0WEBPVP8L\0\0\0\0\x2F", 21);
    const std::uint32_t bits = (640 - 1) | ((480 - 1) << 14);
    for (int i = 0; i < 4; ++i) webp += static_cast<char>((bits >> (8 * i)) & 0xFF);
    webp += std::string(8, '\0');
    info = galley::probe_image(webp);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->media_type, "image/webp");
    EXPECT_EQ(info->width, 640);
    EXPECT_EQ(info->height, 480);
    info = galley::probe_image("\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- a chart -->\n<svg "
                               "xmlns=\"http://www.w3.org/2000/svg\"/>");
    ASSERT_TRUE(info);
    EXPECT_EQ(info->media_type, "image/svg+xml");
    EXPECT_FALSE(galley::probe_image("<html><body><svg/></body></html>"));
    EXPECT_FALSE(galley::probe_image("plain text"));
    EXPECT_FALSE(galley::probe_image(""));
    // A JPEG cut short before its frame header is no image whose size can be known.
    EXPECT_FALSE(galley::probe_image("\xFF\xD8\xFF\xE0\x00"));
}

TEST(EpubTimestamp, DatesAreReadAndWrittenInUtc) {
    using galley::detail::parse_iso8601;
    EXPECT_EQ(parse_iso8601("1970-01-01"), 0);
    EXPECT_EQ(parse_iso8601("2025-12-10T07:30:00Z"), fixed_moment);
    EXPECT_EQ(parse_iso8601("2025-12-10T12:30:00+05:00"), fixed_moment);
    EXPECT_EQ(parse_iso8601("2025-12-10T02:30-05:00"), fixed_moment);
    EXPECT_EQ(parse_iso8601("2025-12-10 07:30:00.250"), fixed_moment);
    EXPECT_EQ(parse_iso8601("2024-02-29"), 1709164800);
    EXPECT_FALSE(parse_iso8601("2025-02-29"));
    EXPECT_FALSE(parse_iso8601("2025-12"));
    EXPECT_FALSE(parse_iso8601("10 December 2025"));
    EXPECT_FALSE(parse_iso8601("2025-12-10T25:00Z"));
    EXPECT_EQ(galley::detail::format_utc(fixed_moment), "2025-12-10T07:30:00Z");
    EXPECT_EQ(galley::detail::format_utc(951782400), "2000-02-29T00:00:00Z");
    EXPECT_TRUE(galley::detail::is_w3cdtf("2026-06-13T18:15:00+00:00"));
    EXPECT_TRUE(galley::detail::is_w3cdtf("2026"));
    EXPECT_FALSE(galley::detail::is_w3cdtf("2026-06-13T18:15:00"));
    EXPECT_FALSE(galley::detail::is_w3cdtf("2026-06-13 18:15Z"));

    const auto dos = galley::detail::dos_timestamp(fixed_moment);
    EXPECT_EQ(dos.date, ((2025 - 1980) << 9) | (12 << 5) | 10);
    EXPECT_EQ(dos.time, (7 << 11) | (30 << 5));
    EXPECT_EQ(galley::detail::dos_timestamp(0).date, (1 << 5) | 1); // before 1980: 1980-01-01
}

TEST(EpubContentId, Sha1AndUuidAreStandard) {
    EXPECT_EQ(galley::detail::sha1_hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    EXPECT_EQ(galley::detail::sha1_hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
    EXPECT_EQ(galley::detail::sha1_hex(std::string(1000000, 'a')),
              "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
    const std::string uuid = galley::detail::content_uuid_urn("article");
    EXPECT_EQ(uuid, galley::detail::content_uuid_urn("article"));
    EXPECT_NE(uuid, galley::detail::content_uuid_urn("article "));
    EXPECT_EQ(uuid[9 + 14], '5');
    EXPECT_TRUE(std::string("89ab").find(uuid[9 + 19]) != std::string::npos);
}

TEST(FontSubset, KeepsOnlyTheGlyphsAsked) {
    const fs::path font = galley::fonts_dir() / "NotoSerif-Regular.ttf";
    const std::set<char32_t> text = {U'A', U'b', U'Қ', U'ә', U'—'};
    const std::string subset = galley::subset_font(font, text);
    EXPECT_EQ(subset, galley::subset_font(font, text)); // the same bytes every time
    EXPECT_LT(subset.size(), 20u * 1024);
    EXPECT_EQ(subset.compare(0, 4, std::string("\0\1\0\0", 4)), 0);
    EXPECT_LT(galley::subset_font(font, {U'A'}).size(), subset.size());
    try {
        galley::subset_font("/no/such/font.ttf", text);
        ADD_FAILURE() << "no error for a missing font";
    } catch (const galley::Error& error) {
        EXPECT_EQ(error.code(), galley::ErrorCode::io);
    }
}

TEST(EpubZip, ArchiveBytesDependOnlyOnTheEntries) {
    const auto build = [] {
        galley::detail::ZipArchive zip(galley::detail::dos_timestamp(fixed_moment));
        zip.add("mimetype", "application/epub+zip", galley::detail::ZipMethod::store);
        zip.add("a.txt", std::string(5000, 'a'), galley::detail::ZipMethod::deflate);
        zip.add("b", "", galley::detail::ZipMethod::deflate);
        return zip.finish();
    };
    const std::string bytes = build();
    EXPECT_EQ(bytes, build());
    const auto entries = unzip(bytes);
    ASSERT_EQ(entries.size(), 3u);
    EXPECT_EQ(entries[1].second, std::string(5000, 'a'));
    EXPECT_LT(bytes.size(), 1000u);
}

// libzip 1.7.3 races on the first zip_open_from_source calls of a process (nih-at/libzip#289):
// a batch of EPUB jobs that all start at once must never see "Read-only archive". This test
// runs in its own process (one test per ctest entry), so these are the first opens.
TEST(EpubZip, ArchivesOpenedAtOnceOnManyThreadsAllWork) {
    constexpr int threads = 8;
    std::latch start(threads);
    std::vector<std::string> failures(threads);
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            start.arrive_and_wait();
            try {
                galley::detail::ZipArchive zip(galley::detail::dos_timestamp(fixed_moment));
                zip.add("mimetype", "application/epub+zip", galley::detail::ZipMethod::store);
                zip.finish();
            } catch (const std::exception& e) {
                failures[static_cast<std::size_t>(t)] = e.what();
            }
        });
    for (auto& thread : pool) thread.join();
    for (const auto& failure : failures) EXPECT_EQ(failure, "");
}

// ---------------------------------------------------------------------------------------------
// Container, determinism

TEST(Epub, MimetypeIsFirstStoredAndTimestampsAreTheFixedDate) {
    galley::EpubOptions options = test_options();
    options.modified = fixed_moment;
    const Written out = write_to_memory(
        read_article(galley::test::source_dir() / "samples/city-budget.json"), options);

    ASSERT_EQ(out.bytes.compare(0, 4, "PK\x03\x04"), 0);
    // The local header of the first entry: stored, no extra field, name "mimetype", content.
    EXPECT_EQ(read_le(out.bytes, 8, 2), 0u);  // method: stored
    EXPECT_EQ(read_le(out.bytes, 26, 2), 8u); // name length
    EXPECT_EQ(read_le(out.bytes, 28, 2), 0u); // extra field length
    EXPECT_EQ(out.bytes.substr(30, 8), "mimetype");
    EXPECT_EQ(out.bytes.substr(38, 20), "application/epub+zip");

    const auto entries = central_directory(out.bytes);
    ASSERT_GE(entries.size(), 7u);
    EXPECT_EQ(entries[0].name, "mimetype");
    EXPECT_EQ(entries[0].method, 0);
    EXPECT_EQ(entries[0].local_header_offset, 0u);
    // 2025-12-10 07:30:00 as DOS date and time.
    const std::uint16_t dos_date = ((2025 - 1980) << 9) | (12 << 5) | 10;
    const std::uint16_t dos_time = (7 << 11) | (30 << 5);
    std::vector<std::string> names;
    for (const auto& entry : entries) {
        names.push_back(entry.name);
        EXPECT_EQ(entry.dos_date, dos_date) << entry.name;
        EXPECT_EQ(entry.dos_time, dos_time) << entry.name;
        EXPECT_EQ(entry.made_by >> 8, 3) << entry.name; // Unix
        EXPECT_EQ(entry.external_attributes >> 16, 0100644u) << entry.name;
        EXPECT_EQ(entry.name.find(".."), std::string::npos);
        EXPECT_NE(entry.name.front(), '/');
        // Photos are stored as they are: deflating JPEG and PNG again gains nothing.
        if (entry.name.ends_with(".jpg") || entry.name.ends_with(".png")) {
            EXPECT_EQ(entry.method, 0) << entry.name;
        }
        if (entry.name.ends_with(".xhtml") || entry.name.ends_with(".opf")) {
            EXPECT_EQ(entry.method, 8) << entry.name;
        }
    }
    const std::vector<std::string> expected = {"mimetype",
                                               "META-INF/container.xml",
                                               "OEBPS/content.opf",
                                               "OEBPS/nav.xhtml",
                                               "OEBPS/toc.ncx",
                                               "OEBPS/style.css",
                                               "OEBPS/article.xhtml",
                                               "OEBPS/images/city-skyline.jpg",
                                               "OEBPS/images/budget-chart.png"};
    EXPECT_EQ(names, expected);
    EXPECT_TRUE(contains(entry_of(out.bytes, "OEBPS/content.opf"),
                         "<meta property=\"dcterms:modified\">2025-12-10T07:30:00Z</meta>"));
}

TEST(Epub, TimestampsComeFromSourceDateEpochThenTheArticleDate) {
    const galley::Article article =
        read_article(galley::test::source_dir() / "samples/harbour-regatta.xml");
    ASSERT_EQ(article.meta.date, "2026-06-13T18:15:00+00:00");
    const char* saved = std::getenv("SOURCE_DATE_EPOCH");
    const std::optional<std::string> saved_value =
        saved ? std::optional<std::string>(saved) : std::nullopt;

    ::unsetenv("SOURCE_DATE_EPOCH");
    std::string opf = entry_of(write_to_memory(article, test_options()).bytes, "OEBPS/content.opf");
    EXPECT_TRUE(contains(opf, ">2026-06-13T18:15:00Z</meta>")) << opf;
    EXPECT_TRUE(contains(opf, "<dc:date>2026-06-13T18:15:00+00:00</dc:date>"));

    ::setenv("SOURCE_DATE_EPOCH", "1765351800", 1);
    const Written written = write_to_memory(article, test_options());
    opf = entry_of(written.bytes, "OEBPS/content.opf");
    EXPECT_TRUE(contains(opf, ">2025-12-10T07:30:00Z</meta>")) << opf;
    for (const auto& entry : central_directory(written.bytes))
        EXPECT_EQ(entry.dos_date, ((2025 - 1980) << 9) | (12 << 5) | 10);

    ::setenv("SOURCE_DATE_EPOCH", "yesterday", 1);
    galley::MemorySink sink;
    try {
        galley::write_epub(article, test_options(), sink);
        ADD_FAILURE() << "a malformed SOURCE_DATE_EPOCH was accepted";
    } catch (const galley::Error& error) {
        EXPECT_EQ(error.code(), galley::ErrorCode::usage);
        EXPECT_TRUE(contains(error.what(), "SOURCE_DATE_EPOCH"));
    }
    EXPECT_TRUE(sink.data().empty());

    // No date anywhere: the fixed epoch, never the clock.
    ::unsetenv("SOURCE_DATE_EPOCH");
    galley::Article undated = article;
    undated.meta.date.clear();
    opf = entry_of(write_to_memory(undated, test_options()).bytes, "OEBPS/content.opf");
    EXPECT_TRUE(contains(opf, ">1980-01-01T00:00:00Z</meta>")) << opf;

    if (saved_value) ::setenv("SOURCE_DATE_EPOCH", saved_value->c_str(), 1);
}

// Runs `write` with TZ set to `zone`, and restores TZ.
template <class Write> std::string in_time_zone(const char* zone, const Write& write) {
    const char* saved = std::getenv("TZ");
    const std::optional<std::string> saved_value =
        saved ? std::optional<std::string>(saved) : std::nullopt;
    ::setenv("TZ", zone, 1);
    ::tzset();
    std::string bytes = write();
    if (saved_value)
        ::setenv("TZ", saved_value->c_str(), 1);
    else
        ::unsetenv("TZ");
    ::tzset();
    return bytes;
}

TEST(Epub, SameBytesAcrossRunsAndTimeZones) {
    std::vector<galley::Article> articles;
    for (const fs::path& path : sample_paths()) articles.push_back(read_article(path));
    articles.push_back(read_article(galley::test::corpus("astana-roundtable.txt")));
    for (const galley::Article& article : articles) {
        const auto write = [&] { return write_to_memory(article, test_options()).bytes; };
        const std::string utc = in_time_zone("UTC", write);
        const std::string again = in_time_zone("UTC", write);
        const std::string almaty = in_time_zone("Asia/Almaty", write);
        const std::string new_york = in_time_zone("America/New_York", write);
        EXPECT_EQ(utc, again) << article.source_path;
        EXPECT_EQ(utc, almaty) << article.source_path;
        EXPECT_EQ(utc, new_york) << article.source_path;
    }
    const auto bundle = [&] {
        galley::EpubOptions options = test_options();
        options.title = "Samples";
        galley::MemorySink sink;
        galley::write_epub_bundle(articles, options, sink);
        return sink.take();
    };
    EXPECT_EQ(in_time_zone("UTC", bundle), in_time_zone("Asia/Almaty", bundle));
}

TEST(Epub, SameBytesFromManyThreads) {
    std::vector<galley::Article> articles;
    for (const fs::path& path : sample_paths()) articles.push_back(read_article(path));
    std::vector<std::string> expected;
    for (const auto& article : articles)
        expected.push_back(write_to_memory(article, test_options()).bytes);

    const galley::EpubOptions options = test_options();
    std::vector<std::string> results(articles.size() * 4);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (std::size_t i = 0; i < articles.size(); ++i) {
                galley::MemorySink sink;
                galley::write_epub(articles[i], options, sink);
                results[t * articles.size() + i] = sink.take();
            }
        });
    for (auto& thread : threads) thread.join();
    for (std::size_t k = 0; k < results.size(); ++k)
        EXPECT_EQ(results[k], expected[k % articles.size()])
            << articles[k % articles.size()].source_path;
}

// The galley CLI in a subprocess under two time zones (once `galley convert --to epub` exists).
TEST(Epub, CliWritesTheSameBytesInEveryTimeZone) {
    const auto help = galley::test::run_command({galley::test::cli().string(), "help", "convert"});
    if (help.status != 0) GTEST_SKIP() << "galley convert is not wired yet: " << help.err;
    const fs::path input = galley::test::source_dir() / "samples/city-budget.json";
    std::map<std::string, std::string> outputs;
    for (const char* zone : {"TZ=UTC", "TZ=Asia/Almaty"}) {
        TempDir dir;
        const auto run = galley::test::run_command(
            {"/usr/bin/env", zone, galley::test::cli().string(), "convert", input.string(), "--to",
             "epub", "-o", dir.path().string()});
        ASSERT_EQ(run.status, 0) << run.err;
        for (const auto& entry : fs::directory_iterator(dir.path()))
            if (entry.path().extension() == ".epub")
                outputs[zone] = galley::test::read_file(entry.path());
        ASSERT_FALSE(outputs[zone].empty()) << "no EPUB written under " << zone;
    }
    EXPECT_EQ(outputs["TZ=UTC"], outputs["TZ=Asia/Almaty"]);
}

// ---------------------------------------------------------------------------------------------
// Package

TEST(Epub, IdentifierIsTheArticlesElseAUuidFromTheContent) {
    const galley::Article regatta =
        read_article(galley::test::source_dir() / "samples/harbour-regatta.xml");
    ASSERT_FALSE(regatta.meta.identifier.empty());
    galley::MemorySink sink;
    EXPECT_EQ(galley::write_epub(regatta, test_options(), sink).identifier,
              regatta.meta.identifier);

    galley::Article astana = read_article(galley::test::corpus("astana-roundtable.txt"));
    ASSERT_TRUE(astana.meta.identifier.empty());
    galley::MemorySink first, second, changed;
    const std::string id = galley::write_epub(astana, test_options(), first).identifier;
    EXPECT_EQ(galley::write_epub(astana, test_options(), second).identifier, id);
    ASSERT_EQ(id.size(), 45u) << id; // urn:uuid: + 36
    EXPECT_EQ(id.substr(0, 9), "urn:uuid:");
    EXPECT_EQ(id[9 + 14], '5'); // version 5, name-based
    EXPECT_TRUE(
        contains(entry_of(first.data(), "OEBPS/content.opf"), ">" + id + "</dc:identifier>"));
    EXPECT_TRUE(contains(entry_of(first.data(), "OEBPS/toc.ncx"), "content=\"" + id + "\""));
    astana.blocks.pop_back();
    EXPECT_NE(galley::write_epub(astana, test_options(), changed).identifier, id);
}

TEST(Epub, PackageMetadataCarriesDublinCoreAndRoles) {
    const Written out =
        write_to_memory(read_article(galley::test::source_dir() / "samples/press-release-solar.md"),
                        test_options());
    const std::string opf = entry_of(out.bytes, "OEBPS/content.opf");
    EXPECT_TRUE(contains(opf, "<dc:title>Künshuaq Power Brings 150 MW Aqsai Solar Park Online in "
                              "Southern Kazakhstan</dc:title>"));
    EXPECT_TRUE(contains(opf, "<dc:language>en</dc:language>"));
    EXPECT_TRUE(
        contains(opf, "<dc:creator id=\"creator-1\">Künshuaq Power Communications</dc:creator>"));
    EXPECT_TRUE(contains(
        opf, "<meta refines=\"#creator-1\" property=\"role\" scheme=\"marc:relators\">aut</meta>"));
    EXPECT_TRUE(
        contains(opf, "<dc:contributor id=\"contributor-1\">Dana Iskakova</dc:contributor>"));
    EXPECT_TRUE(contains(opf, "scheme=\"marc:relators\">pht</meta>"));
    EXPECT_TRUE(contains(opf, "<dc:date>2026-04-21</dc:date>"));
    EXPECT_TRUE(contains(opf, "<dc:publisher>Künshuaq Power JSC</dc:publisher>"));
    EXPECT_TRUE(contains(opf, "<dc:subject>solar power</dc:subject>"));
    // The lead photo is the cover, both ways.
    EXPECT_TRUE(contains(
        opf,
        "href=\"images/solar-field.jpg\" media-type=\"image/jpeg\" properties=\"cover-image\""));
    EXPECT_TRUE(contains(opf, "<meta name=\"cover\" content=\"img-1\"/>"));
    EXPECT_FALSE(contains(opf, "cover.xhtml"));
}

TEST(Epub, TypographicCoverWhenThereIsNoPhoto) {
    const Written out = write_to_memory(read_article(galley::test::corpus("astana-roundtable.txt")),
                                        test_options());
    const std::string opf = entry_of(out.bytes, "OEBPS/content.opf");
    EXPECT_FALSE(contains(opf, "cover-image"));
    EXPECT_FALSE(contains(opf, "name=\"cover\""));
    EXPECT_TRUE(contains(opf, "<itemref idref=\"cover\"/>"));
    const std::string cover = entry_of(out.bytes, "OEBPS/cover.xhtml");
    EXPECT_TRUE(contains(cover, "Human Rights Day Event Highlights Role of Independent Media"));
    EXPECT_TRUE(contains(entry_of(out.bytes, "OEBPS/nav.xhtml"),
                         "epub:type=\"cover\" href=\"cover.xhtml\""));
}

TEST(Epub, EveryDocumentDeclaresItsLanguage) {
    const Written out = write_to_memory(
        read_article(galley::test::source_dir() / "samples/almaty-library.md"), test_options());
    for (const auto& [name, content] : unzip(out.bytes)) {
        if (!name.ends_with(".xhtml")) continue;
        EXPECT_TRUE(contains(content, "xml:lang=\"kk\" lang=\"kk\"")) << name;
    }
    EXPECT_TRUE(contains(entry_of(out.bytes, "OEBPS/content.opf"), "xml:lang=\"kk\""));
    EXPECT_TRUE(contains(entry_of(out.bytes, "OEBPS/toc.ncx"), "xml:lang=\"kk\""));
}

TEST(Epub, RightToLeftArticleProgressesRightToLeft) {
    for (const galley::Article& article : {arabic_article(), hebrew_article()}) {
        const std::string& language = article.meta.language;
        const Written out = write_to_memory(article, test_options());
        const std::string opf = entry_of(out.bytes, "OEBPS/content.opf");
        EXPECT_TRUE(contains(opf, "<spine toc=\"ncx\" page-progression-direction=\"rtl\">")) << opf;
        EXPECT_TRUE(contains(opf, "xml:lang=\"" + language + "\" dir=\"rtl\"")) << opf;
        for (const char* name : {"OEBPS/article.xhtml", "OEBPS/nav.xhtml", "OEBPS/cover.xhtml"})
            EXPECT_TRUE(contains(entry_of(out.bytes, name),
                                 "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
                                 "xmlns:epub=\"http://www.idpf.org/2007/ops\" xml:lang=\"" +
                                     language + "\" lang=\"" + language + "\" dir=\"rtl\">"))
                << language << " " << name;
    }
    // The language decides even when the article's script says otherwise, and a script
    // subtag counts.
    galley::Article latin = arabic_article();
    latin.meta.language = "ar-Latn";
    EXPECT_FALSE(contains(write_to_memory(latin, test_options()).bytes, "rtl"));
    galley::Article azerbaijani = arabic_article();
    azerbaijani.meta.language = "az-Arab";
    EXPECT_TRUE(contains(
        entry_of(write_to_memory(azerbaijani, test_options()).bytes, "OEBPS/article.xhtml"),
        "lang=\"az-Arab\" dir=\"rtl\""));

    galley::Article english = read_article(galley::test::corpus("astana-roundtable.txt"));
    EXPECT_FALSE(contains(write_to_memory(english, test_options()).bytes, "rtl"));
}

TEST(Epub, ABylineInArabicScriptTakesTheArabicComma) {
    const std::string name_then_title = "<span class=\"name\">سلمى حداد</span>";
    EXPECT_TRUE(contains(
        entry_of(write_to_memory(arabic_article(), test_options()).bytes, "OEBPS/article.xhtml"),
        name_then_title + "\u060C <span class=\"title\">"));
    // Persian is written in Arabic script too; Arabic in Latin letters and Hebrew are not.
    for (const char* language : {"fa", "ar-Latn", "he"}) {
        galley::Article article = arabic_article();
        article.meta.language = language;
        const std::string comma = std::string(language) == "fa" ? "\u060C " : ", ";
        EXPECT_TRUE(contains(
            entry_of(write_to_memory(article, test_options()).bytes, "OEBPS/article.xhtml"),
            name_then_title + comma + "<span class=\"title\">"))
            << language;
    }
}

TEST(Epub, TheSheetsDirectionOverridesTheLanguages) {
    galley::Warnings warnings;
    galley::EpubOptions forced_ltr;
    forced_ltr.style = galley::parse_style_sheet("article { direction: ltr }", "ltr.css", warnings);
    const Written arabic = write_to_memory(arabic_article(), forced_ltr);
    EXPECT_FALSE(contains(arabic.bytes, "rtl"));

    galley::EpubOptions forced_rtl;
    forced_rtl.style = galley::parse_style_sheet(
        "article { direction: rtl; text-align: start } p { direction: rtl }", "rtl.css", warnings);
    ASSERT_TRUE(warnings.empty());
    const Written english =
        write_to_memory(read_article(galley::test::corpus("astana-roundtable.txt")), forced_rtl);
    EXPECT_TRUE(contains(entry_of(english.bytes, "OEBPS/content.opf"),
                         "page-progression-direction=\"rtl\""));
    EXPECT_TRUE(contains(entry_of(english.bytes, "OEBPS/article.xhtml"), "dir=\"rtl\""));
    // EPUB style sheets must not use `direction`: the documents carry dir instead.
    const std::string css = entry_of(english.bytes, "OEBPS/style.css");
    EXPECT_FALSE(contains(css, "direction")) << css;
    EXPECT_TRUE(contains(css, "text-align: start")) << css;
}

TEST(Epub, BundledSheetsAreWrittenWithLogicalProperties) {
    for (const char* name : {"default", "broadsheet", "press-release"}) {
        galley::Warnings warnings;
        galley::EpubOptions options;
        options.style = galley::load_style(name, warnings);
        const std::string css =
            entry_of(write_to_memory(hebrew_article(), options).bytes, "OEBPS/style.css");
        // The reading system resolves them by the document's dir.
        EXPECT_TRUE(contains(css, "text-align: start;")) << name;
        EXPECT_TRUE(contains(css, "text-align: end;")) << name;
        EXPECT_TRUE(contains(css, "margin-inline-start: ")) << name;
        EXPECT_FALSE(contains(css, "text-align: left")) << name;
        EXPECT_FALSE(contains(css, "margin-left")) << name;
    }
}

TEST(Epub, AccessibilityClaimsOnlyWhatIsTrue) {
    // Every image has alt text.
    std::string opf = entry_of(
        write_to_memory(read_article(galley::test::source_dir() / "samples/city-budget.json"),
                        test_options())
            .bytes,
        "OEBPS/content.opf");
    EXPECT_TRUE(
        contains(opf, "<meta property=\"schema:accessibilityFeature\">alternativeText</meta>"));
    EXPECT_TRUE(contains(opf, "<meta property=\"schema:accessModeSufficient\">textual</meta>"));
    EXPECT_TRUE(contains(opf, "<meta property=\"schema:accessMode\">visual</meta>"));
    EXPECT_TRUE(contains(opf, "<meta property=\"schema:accessibilityHazard\">none</meta>"));
    EXPECT_TRUE(contains(opf, "schema:accessibilitySummary"));

    // One image without: no alternativeText claim, text alone is not sufficient, and a warning
    // naming the image.
    const Written out = write_to_memory(article_with_unlabelled_photo(), test_options());
    opf = entry_of(out.bytes, "OEBPS/content.opf");
    EXPECT_FALSE(contains(opf, "alternativeText")) << opf;
    EXPECT_FALSE(contains(opf, "<meta property=\"schema:accessModeSufficient\">textual</meta>"));
    EXPECT_TRUE(
        contains(opf, "<meta property=\"schema:accessModeSufficient\">textual,visual</meta>"));
    EXPECT_TRUE(contains(opf, "1 of 1 image lacks a text alternative"));
    ASSERT_EQ(out.warnings.size(), 1u);
    EXPECT_TRUE(contains(out.warnings[0].message, "photos/harbour-regatta.jpg"))
        << out.warnings[0].to_string();
    EXPECT_TRUE(contains(out.warnings[0].message, "alternative text"));
    EXPECT_TRUE(contains(entry_of(out.bytes, "OEBPS/article.xhtml"), "alt=\"\""));

    // No images at all.
    opf = entry_of(
        write_to_memory(read_article(galley::test::corpus("astana-roundtable.txt")), test_options())
            .bytes,
        "OEBPS/content.opf");
    EXPECT_FALSE(contains(opf, "alternativeText"));
    EXPECT_FALSE(contains(opf, ">visual<"));
    EXPECT_TRUE(contains(opf, "<meta property=\"schema:accessModeSufficient\">textual</meta>"));
}

// ---------------------------------------------------------------------------------------------
// Images

// Issue 13: a missing photo no longer fails the book; the figure keeps its caption and credit.
TEST(Epub, MissingImageIsLeftOutWithAWarningNamingThePath) {
    galley::Article article = article_with_unlabelled_photo();
    std::get<galley::Figure>(article.blocks[0].node).image->src = "photos/no-such-photo.jpg";
    const Written out = write_to_memory(article, test_options());
    ASSERT_EQ(out.warnings.size(), 1u);
    EXPECT_TRUE(contains(out.warnings[0].message,
                         "figure 1: image 'photos/no-such-photo.jpg' was not found"))
        << out.warnings[0].message;
    const std::string xhtml = entry_of(out.bytes, "OEBPS/article.xhtml");
    EXPECT_FALSE(contains(xhtml, "<img"));
    EXPECT_TRUE(contains(xhtml, "The new breakwater light."));
    EXPECT_TRUE(contains(xhtml, "Ruairí Ó Dálaigh"));
    galley::MemorySink sink;

    // Bytes that are no image: unsupported, naming it.
    TempDir dir;
    galley::test::write_file(dir / "photos/notes.jpg", "these are notes, not a photo");
    article.source_path = (dir / "article.md").string();
    std::get<galley::Figure>(article.blocks[0].node).image->src = "photos/notes.jpg";
    try {
        galley::write_epub(article, test_options(), sink);
        ADD_FAILURE() << "no error for an image that is not one";
    } catch (const galley::Error& error) {
        EXPECT_EQ(error.code(), galley::ErrorCode::unsupported);
        EXPECT_TRUE(contains(error.what(), "photos/notes.jpg")) << error.what();
    }
}

TEST(Epub, ImagesAreStoredOnceUnderSafeNamesWithTypesFromTheirBytes) {
    TempDir dir;
    const fs::path photo = galley::test::source_dir() / "samples/photos/harbour-regatta.jpg";
    const fs::path chart = galley::test::source_dir() / "samples/photos/budget-chart.png";
    fs::create_directories(dir / "story/photos");
    fs::create_directories(dir / "shared art");
    fs::copy_file(photo, dir / "story/photos/boat.jpg");
    fs::copy_file(chart, dir / "shared art/Chart (final) ÄÖ.jpeg"); // a PNG, misnamed

    galley::Article article;
    article.meta.headline = "Images";
    article.meta.language = "en";
    article.source_path = (dir / "story/article.md").string();
    const auto figure = [](const std::string& src, const std::string& alt) {
        galley::Figure f;
        f.image = image_ref(src);
        f.alt = alt;
        return f;
    };
    article.blocks.push_back(figure("photos/boat.jpg", "A boat"));
    article.blocks.push_back(figure("./photos/boat.jpg", "The same boat"));
    article.blocks.push_back(figure("../shared art/Chart (final) ÄÖ.jpeg", "A chart"));
    galley::Figure embedded = figure("", "A boat from bytes");
    embedded.image->data = galley::test::read_file(photo);
    article.blocks.push_back(embedded);

    // The chart is outside the article's folder: allowed here on purpose.
    galley::EpubOptions options = test_options();
    options.image_policy.allow_outside = true;
    const Written out = write_to_memory(article, options);
    std::vector<std::string> images;
    for (const auto& entry : central_directory(out.bytes))
        if (entry.name.starts_with("OEBPS/images/")) images.push_back(entry.name);
    // The photo named twice is stored once; the embedded copy of it is stored apart.
    ASSERT_EQ(images.size(), 3u);
    EXPECT_EQ(images[0], "OEBPS/images/boat.jpg");
    EXPECT_EQ(images[1], "OEBPS/images/Chart-final.png");
    EXPECT_EQ(images[2], "OEBPS/images/image.jpg");
    const std::string opf = entry_of(out.bytes, "OEBPS/content.opf");
    EXPECT_TRUE(contains(opf, "href=\"images/Chart-final.png\" media-type=\"image/png\""));
    const std::string xhtml = entry_of(out.bytes, "OEBPS/article.xhtml");
    EXPECT_TRUE(contains(
        xhtml, "<img src=\"images/boat.jpg\" alt=\"A boat\" width=\"1200\" height=\"800\"/>"))
        << xhtml;
    EXPECT_TRUE(contains(xhtml, "<img src=\"images/boat.jpg\" alt=\"The same boat\""));
    EXPECT_TRUE(contains(xhtml, "width=\"800\" height=\"500\""));
    EXPECT_EQ(entry_of(out.bytes, "OEBPS/images/boat.jpg"), galley::test::read_file(photo));
}

TEST(Epub, RemoteImageIsLeftOutWithAWarning) {
    galley::Article article = article_with_unlabelled_photo();
    std::get<galley::Figure>(article.blocks[0].node).image->src = "https://photos.example/boat.jpg";
    const Written out = write_to_memory(article, test_options());
    ASSERT_EQ(out.warnings.size(), 1u);
    EXPECT_TRUE(contains(out.warnings[0].message, "https://photos.example/boat.jpg"));
    const std::string xhtml = entry_of(out.bytes, "OEBPS/article.xhtml");
    EXPECT_FALSE(contains(xhtml, "<img"));
    EXPECT_TRUE(contains(xhtml, "The new breakwater light."));
    EXPECT_TRUE(contains(xhtml, "Ruairí Ó Dálaigh"));
}

// ---------------------------------------------------------------------------------------------
// Style

TEST(Epub, EveryRoleMapsToTheMarkup) {
    for (std::string_view role : galley::known_roles())
        EXPECT_FALSE(galley::epub_selector_for_role(role).empty()) << role;
    EXPECT_EQ(galley::epub_selector_for_role("headline"), "h1.headline");
    EXPECT_EQ(galley::epub_selector_for_role("credit"), "figcaption > small.credit");
    EXPECT_EQ(galley::epub_selector_for_role("p"), "p");
    EXPECT_EQ(galley::epub_selector_for_role("no-such-role"), "");
}

TEST(Epub, StyleSheetIsWrittenAsCssForTheEpubMedium) {
    const Written out = write_to_memory(
        read_article(galley::test::source_dir() / "samples/city-budget.json"), test_options());
    const std::string css = entry_of(out.bytes, "OEBPS/style.css");
    EXPECT_TRUE(contains(css, "h1.headline {")) << css;
    EXPECT_TRUE(contains(css, "figcaption > small.credit {"));
    EXPECT_TRUE(contains(css, "figcaption > span.caption {"));
    EXPECT_TRUE(contains(css, "aside.pullquote {"));
    EXPECT_TRUE(contains(css, "div.byline::before {"));
    EXPECT_TRUE(contains(css, "font-size: 22pt")); // @media epub applies
    EXPECT_FALSE(contains(css, "40pt"));           // @media print does not
    EXPECT_FALSE(contains(css, "@page"));
    EXPECT_FALSE(contains(css, "column-count"));
    EXPECT_FALSE(contains(css, "baseline-grid"));
    EXPECT_FALSE(contains(css, "string-set"));
    EXPECT_FALSE(contains(css, "@font-face")); // fonts are not embedded
}

TEST(Epub, DefaultOptionsUseTheBundledDefaultStyle) {
    if (!has_bundled_style("default")) GTEST_FAIL() << "styles/default.css is missing";
    galley::MemorySink sink;
    galley::write_epub(read_article(galley::test::corpus("astana-roundtable.txt")), {}, sink);
    galley::Warnings warnings;
    const std::string css =
        galley::to_css(galley::load_style("default", warnings), galley::Medium::epub,
                       {.selector_for_role = galley::epub_selector_for_role, .font_url = {}});
    EXPECT_TRUE(contains(entry_of(sink.data(), "OEBPS/style.css"), css));
}

TEST(Epub, EmbeddedFontsAreSubsetAndDeclared) {
    galley::EpubOptions options = test_options();
    options.embed_fonts = true;
    const Written out = write_to_memory(
        read_article(galley::test::source_dir() / "samples/almaty-library.md"), options);
    const std::string opf = entry_of(out.bytes, "OEBPS/content.opf");
    const std::string css = entry_of(out.bytes, "OEBPS/style.css");
    std::map<std::string, std::string> fonts;
    for (auto& [name, content] : unzip(out.bytes))
        if (name.starts_with("OEBPS/fonts/")) fonts[name] = content;
    ASSERT_FALSE(fonts.empty());
    // The sheet's own @font-face file, and the bundled faces the sheet names.
    EXPECT_TRUE(fonts.count("OEBPS/fonts/NotoSerif-Regular.ttf")) << opf;
    EXPECT_TRUE(fonts.count("OEBPS/fonts/NotoSans-Bold.ttf")) << opf;
    for (const auto& [name, content] : fonts) {
        const std::string href = name.substr(6);
        EXPECT_TRUE(contains(opf, "href=\"" + href + "\" media-type=\"font/ttf\"")) << href;
        EXPECT_TRUE(contains(css, "url(\"" + href + "\")") || contains(css, "url(" + href + ")"))
            << href;
        // Each bundled face is over 300 KB whole.
        EXPECT_LT(content.size(), 150u * 1024) << name << " is not subset";
        EXPECT_EQ(content.compare(0, 4, std::string("\0\1\0\0", 4)), 0)
            << name << " is not TrueType";
    }
    EXPECT_TRUE(contains(css, "font-family: \"Galley Test Serif\"")) << css;
    EXPECT_TRUE(contains(css, "font-family: \"Noto Sans\";")) << css;
    // Arabic, which the bundled fonts lack: the fallback font joins the style's family for
    // the Arabic letters (when fonts-noto-core is installed).
    bool arabic_installed = true;
    for (const auto& missing : galley::FontResolver::shared().missing_fallback_fonts())
        if (missing.script == "Arabic") arabic_installed = false;
    if (arabic_installed) {
        const Written arabic = write_to_memory(arabic_article(), options);
        const std::string arabic_css = entry_of(arabic.bytes, "OEBPS/style.css");
        EXPECT_TRUE(contains(
            arabic_css, "font-family: \"Galley Test Serif\";\n  src: url(\"fonts/NotoNaskhArabic"))
            << arabic_css;
        EXPECT_TRUE(contains(arabic_css, "unicode-range: U+6")) << arabic_css;
    }
    // Without embedding, no font and no @font-face.
    EXPECT_FALSE(contains(
        write_to_memory(read_article(galley::test::source_dir() / "samples/almaty-library.md"),
                        test_options())
            .bytes,
        "fonts/"));
}

// ---------------------------------------------------------------------------------------------
// Bundles

TEST(Epub, BundleHasOneDocumentPerArticleAndEachImageOnce) {
    std::vector<galley::Article> articles;
    for (const fs::path& path : sample_paths()) articles.push_back(read_article(path));
    articles.push_back(articles.front()); // the same article twice: its images once
    galley::EpubOptions options = test_options();
    options.title = "Spring issue";
    galley::MemorySink sink;
    const galley::EpubResult result = galley::write_epub_bundle(articles, options, sink);
    EXPECT_EQ(result.identifier.substr(0, 9), "urn:uuid:");

    int documents = 0, images = 0;
    std::set<std::string> names;
    for (const auto& entry : central_directory(sink.data())) {
        EXPECT_TRUE(names.insert(entry.name).second) << "twice: " << entry.name;
        if (entry.name.starts_with("OEBPS/article-")) ++documents;
        if (entry.name.starts_with("OEBPS/images/")) ++images;
    }
    EXPECT_EQ(documents, static_cast<int>(articles.size()));
    std::set<std::string> sources;
    for (std::size_t i = 0; i + 1 < articles.size(); ++i)
        for_each_figure(articles[i].blocks, [&](const galley::Figure& figure) {
            if (figure.image)
                sources.insert(
                    fs::weakly_canonical(fs::path(articles[i].source_path).parent_path() /
                                         figure.image->src)
                        .string());
        });
    EXPECT_EQ(images, static_cast<int>(sources.size()));

    const std::string opf = entry_of(sink.data(), "OEBPS/content.opf");
    EXPECT_TRUE(contains(opf, "<dc:title>Spring issue</dc:title>"));
    EXPECT_TRUE(contains(opf, "<itemref idref=\"nav\"/>")); // the contents page is read too
    const std::string nav = entry_of(sink.data(), "OEBPS/nav.xhtml");
    for (std::size_t i = 0; i < articles.size(); ++i)
        EXPECT_TRUE(contains(nav, "article-" + std::to_string(i + 1) + ".xhtml#headline")) << i;
    const std::string css = entry_of(sink.data(), "OEBPS/style.css");
    EXPECT_EQ(central_directory(sink.data())[5].name, "OEBPS/style.css");
    EXPECT_FALSE(css.empty());

    // A bundle needs articles and a title.
    options.title.clear();
    galley::MemorySink unused;
    EXPECT_THROW(galley::write_epub_bundle(articles, options, unused), galley::Error);
    options.title = "Empty";
    EXPECT_THROW(galley::write_epub_bundle({}, options, unused), galley::Error);
}

// ---------------------------------------------------------------------------------------------
// The XHTML, parsed

struct XmlDocument {
    explicit XmlDocument(const std::string& xml)
        : doc(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "doc.xhtml", "UTF-8",
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)) {}
    ~XmlDocument() {
        if (doc) xmlFreeDoc(doc);
    }
    XmlDocument(const XmlDocument&) = delete;
    XmlDocument& operator=(const XmlDocument&) = delete;
    xmlNode* root() const { return doc ? xmlDocGetRootElement(doc) : nullptr; }
    xmlDoc* doc;
};

std::string attribute_of(const xmlNode* node, const char* name) {
    xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
    if (value == nullptr) return {};
    std::string text(reinterpret_cast<const char*>(value));
    xmlFree(value);
    return text;
}

bool has_class(const xmlNode* node, const std::string& name) {
    const std::string classes = " " + attribute_of(node, "class") + " ";
    return classes.find(" " + name + " ") != std::string::npos;
}

bool is_element(const xmlNode* node, const char* name) {
    return node->type == XML_ELEMENT_NODE &&
           xmlStrcmp(node->name, reinterpret_cast<const xmlChar*>(name)) == 0;
}

// Every descendant element named `name` (with class `css_class` when given), in document order.
void find_elements(xmlNode* node, const char* name, const std::string& css_class,
                   std::vector<xmlNode*>& found) {
    for (xmlNode* child = node->children; child != nullptr; child = child->next) {
        if (is_element(child, name) && (css_class.empty() || has_class(child, css_class)))
            found.push_back(child);
        find_elements(child, name, css_class, found);
    }
}

std::vector<xmlNode*> elements(xmlNode* root, const char* name, const std::string& css_class = {}) {
    std::vector<xmlNode*> found;
    if (root != nullptr) find_elements(root, name, css_class, found);
    return found;
}

// The text of every text node under `node`, in order.
std::string text_of(const xmlNode* node) {
    std::string text;
    for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
        if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE)
            text += reinterpret_cast<const char*>(child->content);
        else if (child->type == XML_ELEMENT_NODE)
            text += text_of(child);
    }
    return text;
}

TEST(EpubXhtml, EveryDocumentIsWellFormedXml) {
    std::vector<fs::path> inputs = sample_paths();
    inputs.push_back(galley::test::corpus("astana-roundtable.txt"));
    for (const fs::path& path : inputs) {
        const Written out = write_to_memory(read_article(path), test_options());
        for (const auto& [name, content] : unzip(out.bytes)) {
            if (!name.ends_with(".xhtml") && !name.ends_with(".opf") && !name.ends_with(".ncx") &&
                !name.ends_with(".xml"))
                continue;
            XmlDocument doc(content);
            EXPECT_NE(doc.root(), nullptr) << path << ": " << name;
        }
    }
}

TEST(EpubXhtml, EveryFigureShowsItsCaptionAndCredit) {
    int figures_checked = 0;
    for (const fs::path& path : sample_paths()) {
        const galley::Article article = read_article(path);
        std::vector<const galley::Figure*> expected;
        for_each_figure(article.blocks,
                        [&](const galley::Figure& figure) { expected.push_back(&figure); });
        const Written out = write_to_memory(article, test_options());
        XmlDocument doc(entry_of(out.bytes, "OEBPS/article.xhtml"));
        const auto figures = elements(doc.root(), "figure");
        ASSERT_EQ(figures.size(), expected.size()) << path;
        for (std::size_t i = 0; i < figures.size(); ++i) {
            const galley::Figure& figure = *expected[i];
            const auto captions = elements(figures[i], "span", "caption");
            const auto credits = elements(figures[i], "small", "credit");
            const std::string caption = collapse_spaces(galley::plain_text(figure.caption));
            if (caption.empty()) {
                EXPECT_TRUE(captions.empty()) << path << " figure " << i;
            } else {
                ASSERT_EQ(captions.size(), 1u) << path << " figure " << i;
                EXPECT_EQ(collapse_spaces(text_of(captions[0])), caption) << path;
                EXPECT_TRUE(is_element(captions[0]->parent, "figcaption"));
            }
            const std::string& credit = figure.credit.display();
            if (credit.empty()) {
                EXPECT_TRUE(credits.empty()) << path << " figure " << i;
            } else {
                ASSERT_EQ(credits.size(), 1u) << path << " figure " << i;
                EXPECT_EQ(text_of(credits[0]), credit) << path;
                EXPECT_TRUE(is_element(credits[0]->parent, "figcaption"));
            }
            const auto images = elements(figures[i], "img");
            EXPECT_EQ(images.size(), figure.image ? 1u : 0u) << path;
            if (!images.empty()) {
                EXPECT_EQ(attribute_of(images[0], "alt"), figure.alt);
            }
            ++figures_checked;
        }
    }
    EXPECT_GE(figures_checked, 5);
}

// Each code point of UTF-8 `text`, as a string.
std::vector<std::string> characters(const std::string& text) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        out.push_back(text.substr(i, length));
        i += length;
    }
    return out;
}

TEST(EpubXhtml, EveryCharacterOfTheAstanaArticleIsInTheText) {
    const fs::path path = galley::test::corpus("astana-roundtable.txt");
    std::string source = galley::test::read_file(path);
    // Three lines end in a no-break space, trailing white space that the wire reader trims.
    for (std::size_t at; (at = source.find("\xC2\xA0\n")) != std::string::npos;)
        source.erase(at, 2);
    const Written out = write_to_memory(read_article(path), test_options());
    XmlDocument doc(entry_of(out.bytes, "OEBPS/article.xhtml"));
    const auto bodies = elements(doc.root(), "body");
    ASSERT_EQ(bodies.size(), 1u);
    const std::string text = collapse_spaces(text_of(bodies[0]));

    // Every character of the source,
    std::set<std::string> missing;
    for (const std::string& c : characters(source))
        if (c != "\n" && c != " " && text.find(c) == std::string::npos) missing.insert(c);
    EXPECT_TRUE(missing.empty()) << "missing: " << *missing.begin();
    // and every line in order (the credit line's "Photo credit:" label is the model's role).
    std::size_t from = 0;
    std::size_t start = 0;
    while (start < source.size()) {
        std::size_t end = source.find('\n', start);
        if (end == std::string::npos) end = source.size();
        std::string line = collapse_spaces(source.substr(start, end - start));
        start = end + 1;
        if (line.empty()) continue;
        if (line.starts_with("Photo credit: ")) line = line.substr(14);
        const std::size_t at = text.find(line, from);
        EXPECT_NE(at, std::string::npos) << "not in the XHTML (in order): " << line;
        if (at != std::string::npos) from = at + line.size();
    }
}

TEST(EpubXhtml, MarkupFollowsTheStyleTree) {
    const galley::Article article =
        read_article(galley::test::source_dir() / "samples/city-budget.json");
    const Written out = write_to_memory(article, test_options());
    XmlDocument doc(entry_of(out.bytes, "OEBPS/article.xhtml"));
    xmlNode* root = doc.root();
    ASSERT_NE(root, nullptr);
    const auto articles = elements(root, "article");
    ASSERT_EQ(articles.size(), 1u);
    EXPECT_EQ(text_of(elements(root, "h1", "headline").at(0)), article.meta.headline);
    EXPECT_EQ(text_of(elements(root, "div", "dek").at(0)), article.meta.dek);
    EXPECT_EQ(elements(root, "div", "byline").size(), article.meta.bylines.size());
    // The dateline is the run-in of the first paragraph.
    const auto paragraphs = elements(root, "p");
    ASSERT_FALSE(paragraphs.empty());
    xmlNode* first_child = paragraphs[0]->children;
    ASSERT_NE(first_child, nullptr);
    EXPECT_TRUE(is_element(first_child, "span") && has_class(first_child, "dateline"));
    EXPECT_EQ(text_of(first_child), "KÖKTEREK, Kazakhstan, March 14 (Steppe Wire) —");
    // <p> is body text only.
    for (xmlNode* p : paragraphs)
        for (const char* role : {"dek", "byline", "tagline", "attribution", "credit", "caption"})
            EXPECT_FALSE(has_class(p, role));
    EXPECT_EQ(elements(root, "aside", "pullquote").size(), 1u);
    EXPECT_EQ(elements(root, "footer", "tagline").size(), 1u);
    EXPECT_EQ(elements(root, "footer", "attribution").size(), 2u);
    EXPECT_EQ(elements(root, "table").size(), 1u);
    EXPECT_EQ(elements(root, "span", "smallcaps").size(), 1u);
    // Attr: id, classes, key/values.
    const auto figures = elements(root, "figure");
    ASSERT_FALSE(figures.empty());
    EXPECT_EQ(attribute_of(figures[0], "id"), "fig-skyline");
    EXPECT_TRUE(has_class(figures[0], "wide"));
    const auto tables = elements(root, "table");
    EXPECT_EQ(attribute_of(tables[0], "data-unit"), "billion tenge");
    // Headings have ids the navigation links to.
    const std::string nav = entry_of(out.bytes, "OEBPS/nav.xhtml");
    for (xmlNode* h2 : elements(root, "h2")) {
        const std::string id = attribute_of(h2, "id");
        ASSERT_FALSE(id.empty());
        EXPECT_TRUE(contains(nav, "href=\"article.xhtml#" + id + "\"")) << id;
    }
}

TEST(EpubXhtml, BundleNavigationNestsHeadingsUnderEachHeadline) {
    std::vector<galley::Article> articles;
    for (const fs::path& path : sample_paths()) articles.push_back(read_article(path));
    galley::EpubOptions options = test_options();
    options.title = "Samples";
    galley::MemorySink sink;
    galley::write_epub_bundle(articles, options, sink);
    XmlDocument nav(entry_of(sink.data(), "OEBPS/nav.xhtml"));
    const auto navs = elements(nav.root(), "nav");
    ASSERT_GE(navs.size(), 1u);
    EXPECT_EQ(attribute_of(navs[0], "type"), "toc");
    xmlNode* list = nullptr;
    for (xmlNode* child = navs[0]->children; child != nullptr; child = child->next)
        if (is_element(child, "ol")) list = child;
    ASSERT_NE(list, nullptr);
    std::vector<xmlNode*> items;
    for (xmlNode* child = list->children; child != nullptr; child = child->next)
        if (is_element(child, "li")) items.push_back(child);
    ASSERT_EQ(items.size(), articles.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto links = elements(items[i], "a");
        ASSERT_FALSE(links.empty());
        EXPECT_EQ(text_of(links[0]), collapse_spaces(articles[i].meta.headline));
        int headings = 0;
        for (const auto& block : articles[i].blocks)
            if (std::holds_alternative<galley::Heading>(block.node)) ++headings;
        EXPECT_EQ(static_cast<int>(links.size()) - 1, headings) << articles[i].source_path;
    }
}

// ---------------------------------------------------------------------------------------------
// epubcheck, once over every book

TEST(Epubcheck, EverySampleTheCorpusAndBundlesPassWithoutMessages) {
    if (!fs::exists(epubcheck_jar))
        GTEST_SKIP() << "epubcheck is not installed (Debian package epubcheck)";
    TempDir dir;
    std::vector<galley::Article> all;
    std::vector<std::string> books;
    const auto write = [&](const std::string& name, const galley::Article& article,
                           galley::EpubOptions options) {
        galley::FileSink sink(dir / name);
        galley::write_epub(article, options, sink);
        books.push_back(name);
    };

    // Samples and the Astana article, with the bundled default style when there is one.
    galley::EpubOptions styled = test_options();
    if (has_bundled_style("default")) styled.style.reset();
    std::vector<fs::path> inputs = sample_paths();
    inputs.push_back(galley::test::corpus("astana-roundtable.txt"));
    for (const fs::path& path : inputs) {
        all.push_back(read_article(path));
        write(path.stem().string() + ".epub", all.back(), styled);
    }
    // The NITF and NewsML-G2 text articles, beside copies of their images.
    fs::create_directories(dir / "corpus");
    for (const fs::path& path : corpus_xml_paths()) {
        galley::Article article;
        try {
            article = read_article(path);
        } catch (const galley::Error& error) {
            if (error.code() == galley::ErrorCode::unsupported) continue; // a photo item
            throw;
        }
        all.push_back(with_images_in(std::move(article), dir / "corpus"));
        write("corpus-" + path.stem().string() + ".epub", all.back(), styled);
    }
    // Right to left, an image without alt text, fonts embedded.
    write("arabic.epub", arabic_article(), test_options());
    for (const char* style : {"default", "press-release"}) {
        galley::Warnings warnings;
        galley::EpubOptions options;
        options.style = galley::load_style(style, warnings);
        write(std::string("hebrew-") + style + ".epub", hebrew_article(), options);
    }
    write("unlabelled-photo.epub", article_with_unlabelled_photo(), test_options());
    galley::EpubOptions with_fonts = test_options();
    with_fonts.embed_fonts = true;
    write("embedded-fonts.epub",
          read_article(galley::test::source_dir() / "samples/almaty-library.md"), with_fonts);
    write("arabic-embedded-fonts.epub", arabic_article(), with_fonts);

    // Bundles of everything: with the test sheet and with each bundled style.
    const auto bundle = [&](const std::string& name, galley::EpubOptions options) {
        options.title = "galley samples";
        galley::FileSink sink(dir / name);
        galley::write_epub_bundle(all, options, sink);
        books.push_back(name);
    };
    bundle("bundle.epub", test_options());
    for (const auto& style : galley::bundled_styles()) {
        galley::Warnings warnings;
        galley::EpubOptions options;
        options.style = galley::load_style(style.name, warnings);
        bundle("bundle-style-" + style.name + ".epub", options);
    }

    // The sample press kit's book: every release, each with its embargo notice.
    {
        galley::Warnings warnings;
        const galley::PresskitManifest manifest = galley::read_presskit_manifest(
            galley::test::source_dir() / "samples/presskit/press-kit.yaml", warnings);
        const galley::PresskitKit kit = galley::assemble_presskit(manifest, {});
        const auto epub = std::find_if(kit.files.begin(), kit.files.end(),
                                       [](const auto& f) { return f.path == "press-kit.epub"; });
        ASSERT_NE(epub, kit.files.end());
        galley::test::write_file(dir / "presskit-sample.epub", epub->bytes);
        books.push_back("presskit-sample.epub");
    }

    // One JVM per book, two at a time.
    const std::string script = "cd '" + dir.path().string() +
                               "' && ls *.epub | xargs -P2 -I{} sh -c "
                               "'java -jar " +
                               std::string(epubcheck_jar) +
                               " \"{}\" > \"{}.log\" 2>&1; echo $? > \"{}.status\"'";
    const auto run = galley::test::run_command({"/bin/sh", "-c", script});
    ASSERT_EQ(run.status, 0) << run.err;
    for (const std::string& book : books) {
        const std::string log = galley::test::read_file(dir / (book + ".log"));
        const std::string status = galley::test::read_file(dir / (book + ".status"));
        EXPECT_EQ(status, "0\n") << book << ":\n" << log;
        EXPECT_TRUE(contains(log, "No errors or warnings detected")) << book << ":\n" << log;
        EXPECT_TRUE(contains(log, "0 fatals / 0 errors / 0 warnings")) << book << ":\n" << log;
    }
    EXPECT_GE(books.size(), 10u);
}

} // namespace
