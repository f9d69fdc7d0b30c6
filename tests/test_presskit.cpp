// Press kits: the manifest reader, the text formats of a kit (SHA-256, slugs, vCard, CSV,
// captions, the index page), and `galley presskit` end to end, checked with real tools —
// unzip -t, qpdf --check, pdftotext, sha256sum, xmllint, exiv2 (to write IPTC/XMP).
#include "galley/presskit.hpp"

#include "presskit/kit.hpp"
#include "presskit/sha256.hpp"
#include "support.hpp"

#include <gtest/gtest.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <map>
#include <regex>
#include <set>

using namespace galley;
namespace fs = std::filesystem;

namespace {

// ---- helpers ----------------------------------------------------------------------------

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

test::CommandResult galley_cli(std::vector<std::string> args, std::vector<std::string> env = {}) {
    args.insert(args.begin(), test::cli().string());
    if (!env.empty()) {
        // Through env(1): run_command execs without a shell and keeps our environment.
        env.insert(env.begin(), "/usr/bin/env");
        args.insert(args.begin(), env.begin(), env.end());
    }
    return test::run_command(args);
}

// The first of `names` found on the usual paths, or "".
std::string tool(std::initializer_list<const char*> names) {
    for (const char* name : names)
        for (const char* dir : {"/usr/bin/", "/usr/local/bin/", "/bin/"}) {
            const std::string path = std::string(dir) + name;
            if (::access(path.c_str(), X_OK) == 0) return path;
        }
    return "";
}

const std::string convert_tool = tool({"convert"});
const std::string exiv2_tool = tool({"exiv2"});

// Whitespace collapsed, words hyphenated at line ends joined, case folded (small caps come
// out of pdftotext in capitals): what a reader of the page would call the same text.
std::string normalised(const std::string& text) {
    std::string joined = std::regex_replace(text, std::regex("-\\n"), "");
    std::string out;
    bool space = false;
    for (char c : joined) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

std::vector<std::string> zip_entries(const fs::path& zip) {
    const auto r = test::run_command({"/usr/bin/unzip", "-Z1", zip.string()});
    EXPECT_EQ(r.status, 0) << r.err;
    std::vector<std::string> names;
    std::string line;
    for (char c : r.out) {
        if (c == '\n') {
            if (!line.empty()) names.push_back(line);
            line.clear();
        } else {
            line += c;
        }
    }
    return names;
}

std::string zip_entry(const fs::path& zip, const std::string& name) {
    const auto r = test::run_command({"/usr/bin/unzip", "-p", zip.string(), name});
    EXPECT_EQ(r.status, 0) << name << ": " << r.err;
    return r.out;
}

std::string pdf_text(const std::string& pdf_bytes, const fs::path& scratch) {
    test::write_file(scratch, pdf_bytes);
    const auto r = test::run_command({"/usr/bin/pdftotext", scratch.string(), "-"});
    EXPECT_EQ(r.status, 0) << r.err;
    return r.out;
}

// Every file below `dir`, by relative path, with its bytes.
std::map<std::string, std::string> tree(const fs::path& dir) {
    std::map<std::string, std::string> files;
    if (!fs::exists(dir)) return files;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) files[fs::relative(e.path(), dir).generic_string()] = test::read_file(e.path());
    return files;
}

// Names in `dir` that look like a leftover temporary file or folder.
std::vector<std::string> leftovers(const fs::path& dir) {
    std::vector<std::string> found;
    for (const auto& e : fs::directory_iterator(dir)) {
        const std::string name = e.path().filename().string();
        if (contains(name, "galley-tmp") || contains(name, "galley-old")) found.push_back(name);
    }
    return found;
}

// ---- a kit to build in a temporary folder -----------------------------------------------

constexpr const char* iptc_caption = "Tugboats nudge the first container ship into the new berth";
constexpr const char* iptc_credit = "Rhiannon Pryce/Harbour Wire";
constexpr const char* iptc_creator = "Rhiannon Pryce";
constexpr const char* iptc_copyright = "© 2026 Harbour Wire";
constexpr const char* figure_caption = "Gulls circle the dredger above the outer channel";
constexpr const char* figure_credit = "Owain Teague/Harbour Wire";

class KitSource {
  public:
    KitSource() { fs::create_directories(root()); }
    const fs::path& base() const { return dir_.path(); }
    fs::path root() const { return dir_ / "source"; }
    fs::path manifest() const { return root() / "press-kit.yaml"; }

    void write(const std::string& relative, const std::string& content) const {
        test::write_file(root() / relative, content);
    }

    // A JPEG drawn with ImageMagick.
    void jpeg(const std::string& relative, const std::string& colours, int w = 640, int h = 427) const {
        fs::create_directories((root() / relative).parent_path());
        const auto r = test::run_command({convert_tool, "-size", std::to_string(w) + "x" + std::to_string(h),
                                          "gradient:" + colours, "-strip", "-quality", "80",
                                          (root() / relative).string()});
        ASSERT_EQ(r.status, 0) << r.err;
    }

    // Caption, creator, credit line and copyright into IPTC IIM (UTF-8) and XMP, with exiv2.
    void iptc(const std::string& relative, const std::string& caption, const std::string& creator,
              const std::string& credit, const std::string& copyright) const {
        const auto r = test::run_command(
            {exiv2_tool, "-q", "-M", "set Iptc.Envelope.CharacterSet String \x1b%G",
             "-M", "set Iptc.Application2.Caption String " + caption,
             "-M", "set Iptc.Application2.Byline String " + creator,
             "-M", "set Iptc.Application2.Credit String " + credit,
             "-M", "set Iptc.Application2.Copyright String " + copyright,
             "-M", "set Xmp.dc.description lang=x-default " + caption,
             "-M", "set Xmp.dc.creator XmpSeq " + creator,
             "-M", "set Xmp.photoshop.Credit " + credit,
             "-M", "set Xmp.dc.rights lang=x-default " + copyright,
             "modify", (root() / relative).string()});
        ASSERT_EQ(r.status, 0) << r.err;
    }

    // The standard test kit: two releases (Markdown with the kit's IPTC photo and a second,
    // figure-only IPTC photo as figures without caption or credit; wire copy), two photos
    // (one credited only in its IPTC/XMP, one in the manifest), a logo, contacts, a fact
    // sheet and an embargo.
    void standard(const std::string& extra_photos = "") const {
        jpeg("photos/iptc.jpg", "navy-gold");
        iptc("photos/iptc.jpg", iptc_caption, iptc_creator, iptc_credit, iptc_copyright);
        jpeg("photos/manual.jpg", "darkgreen-khaki", 500, 500);
        jpeg("releases/figure-only.jpg", "maroon-orange", 600, 400);
        iptc("releases/figure-only.jpg", figure_caption, "Owain Teague", figure_credit, "© 2026 Harbour Wire");
        {
            const auto r = test::run_command({convert_tool, "-size", "240x60", "xc:steelblue", "-strip",
                                              (root() / "logo.png").string()});
            ASSERT_EQ(r.status, 0) << r.err;
        }
        write("releases/berth.md",
              "---\ntitle: Harbour opens its twelfth berth\ndek: Ships of up to 300 metres can now dock.\n"
              "date: 2026-03-20\nlang: en\ndateline: SOUTHPORT\n---\n\n"
              "The harbour opened its twelfth berth on Friday, after two years of work on the quay.\n\n"
              "![](../photos/iptc.jpg)\n\n"
              "The first ship to use it was a container ship from Rotterdam.\n\n"
              "![](figure-only.jpg)\n\n"
              "The berth cost 41 million pounds.\n");
        write("releases/dredging.txt",
              "Dredging of the harbour channel ends two weeks early\n\n"
              "SOUTHPORT — Dredging of the outer channel ended two weeks early, the harbour "
              "authority said on Monday.\n\n"
              "The channel is now 14 metres deep at low water.\n");
        write("press-kit.yaml",
              "organisation:\n"
              "  name: Southport Harbour Authority\n"
              "  website: https://harbour.example\n"
              "  logo: logo.png\n"
              "contacts:\n"
              "  - name: Ana Łukasik\n"
              "    role: Press officer; media, events\n"
              "    email: press@harbour.example\n"
              "    phone: +44 20 7946 0000\n"
              "releases:\n"
              "  - releases/berth.md\n"
              "  - file: releases/dredging.txt\n"
              "    style: press-release\n"
              "photos:\n"
              "  - file: photos/iptc.jpg\n"
              "    terms: Editorial use only.\n"
              "  - file: photos/manual.jpg\n"
              "    caption: Cranes at dawn, seen from the \"old\" pier\n"
              "    credit: Manual Credit/Agency\n"
              "    terms: Editorial use only; no archiving.\n" +
                  extra_photos +
                  "fact_sheet:\n"
                  "  Founded: \"1901\"\n"
                  "  Berths: twelve, the longest 350 m\n"
                  "style: default\n"
                  "embargo: 2026-04-01T08:30:00+01:00\n");
    }

  private:
    test::TempDir dir_;
};

#define REQUIRE_IMAGE_TOOLS()                                                                      \
    do {                                                                                           \
        if (convert_tool.empty() || exiv2_tool.empty())                                            \
            GTEST_SKIP() << "needs ImageMagick's convert and the exiv2 tool (Debian: imagemagick, "\
                            "exiv2)";                                                              \
    } while (0)

// ---- SHA-256 ----------------------------------------------------------------------------

TEST(PresskitSha256, KnownVectors) {
    using detail::sha256_hex;
    // FIPS 180-4 / NIST CAVP examples.
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
                         "klmnopqrlmnopqrsmnopqrstnopqrstu"),
              "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    EXPECT_EQ(sha256_hex(std::string(1'000'000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    // 55, 56 and 64 bytes: the padding's edge cases.
    EXPECT_EQ(sha256_hex(std::string(55, 'a')), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    EXPECT_EQ(sha256_hex(std::string(56, 'a')), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
    EXPECT_EQ(sha256_hex(std::string(64, 'a')), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

TEST(PresskitSha256, PiecesGiveTheSameDigest) {
    std::string data;
    for (int i = 0; i < 5000; ++i) data += static_cast<char>((i * 131) & 0xFF);
    for (std::size_t piece : {1u, 3u, 63u, 64u, 65u, 1000u}) {
        detail::Sha256 hash;
        for (std::size_t at = 0; at < data.size(); at += piece) hash.update(std::string_view(data).substr(at, piece));
        EXPECT_EQ(hash.finish(), detail::sha256(data)) << piece;
    }
}

// ---- slugs ------------------------------------------------------------------------------

TEST(PresskitSlug, AsciiWordsJoinedByHyphens) {
    using detail::slugify;
    EXPECT_EQ(slugify("Harbour opens its 12th berth!"), "harbour-opens-its-12th-berth");
    EXPECT_EQ(slugify("Café Über Straße — Ærø, Łódź"), "cafe-uber-strasse-aero-lodz");
    EXPECT_EQ(slugify("Kazakhstan’s wheat"), "kazakhstans-wheat");
    EXPECT_EQ(slugify("Алматы кітапханасы"), "");
    EXPECT_EQ(slugify("../../etc/passwd"), "etc-passwd");
    EXPECT_EQ(slugify("  --  "), "");
    // Cut at a word boundary, without a small word left dangling at the end.
    EXPECT_EQ(slugify("Observatory asks for the Ilek valley to become a dark-sky reserve", 48),
              "observatory-asks-for-the-ilek-valley-to-become");
    EXPECT_EQ(slugify(std::string(100, 'x'), 20), std::string(20, 'x'));
    const std::regex safe("[a-z0-9]+(-[a-z0-9]+)*");
    for (const char* s : {"A/B\\C:D*E?F\"G<H>I|J", "x\x01y\x7fz", "\xff\xfe bad utf-8 \xc3"})
        EXPECT_TRUE(std::regex_match(slugify(s), safe)) << slugify(s);
}

TEST(PresskitSlug, UniqueSlugsCountUp) {
    std::set<std::string> taken;
    EXPECT_EQ(detail::unique_slug("photo", taken), "photo");
    EXPECT_EQ(detail::unique_slug("photo", taken), "photo-2");
    EXPECT_EQ(detail::unique_slug("photo", taken), "photo-3");
    EXPECT_EQ(detail::unique_slug("photo-2", taken), "photo-2-2");
}

// ---- vCard ------------------------------------------------------------------------------

TEST(PresskitVcard, EscapesTextValues) {
    EXPECT_EQ(detail::vcard_escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    EXPECT_EQ(detail::vcard_escape("line\r\nbreak\rold mac"), "line\\nbreak\\nold mac");
    EXPECT_EQ(detail::vcard_escape("bell\x07 and tab\t"), "bell and tab");
    EXPECT_EQ(detail::vcard_escape("Łukasik"), "Łukasik");
}

// Unfolds as RFC 6350 §3.2 says: CRLF followed by one space or tab is removed.
std::string unfold(const std::string& folded) {
    return std::regex_replace(folded, std::regex("\r\n[ \t]"), "");
}

bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += n;
    }
    return true;
}

TEST(PresskitVcard, FoldsAt75OctetsWithoutSplittingCharacters) {
    const std::string ascii = "NOTE:" + std::string(300, 'x');
    // Two-, three- and four-byte characters in every alignment against the fold.
    std::string mixed = "FN:";
    for (int i = 0; i < 60; ++i) mixed += i % 3 == 0 ? "Ә" : i % 3 == 1 ? "€" : "𝄞";
    for (const std::string& line : {ascii, mixed, std::string("FN:short")}) {
        const std::string folded = detail::vcard_fold(line);
        ASSERT_TRUE(folded.ends_with("\r\n"));
        EXPECT_EQ(unfold(folded), line + "\r\n");
        std::size_t start = 0;
        bool first = true;
        while (start < folded.size()) {
            const std::size_t end = folded.find("\r\n", start);
            ASSERT_NE(end, std::string::npos);
            const std::string physical = folded.substr(start, end - start);
            EXPECT_LE(physical.size(), 75u) << physical;
            EXPECT_TRUE(valid_utf8(physical)) << "a fold splits a character: " << physical;
            if (!first) {
                EXPECT_EQ(physical[0], ' ');
            }
            first = false;
            start = end + 2;
        }
    }
    EXPECT_EQ(detail::vcard_fold("FN:short"), "FN:short\r\n");
    // Exactly 75 octets stay on one line; 76 fold.
    EXPECT_EQ(detail::vcard_fold(std::string(75, 'a')), std::string(75, 'a') + "\r\n");
    EXPECT_EQ(detail::vcard_fold(std::string(76, 'a')), std::string(75, 'a') + "\r\n a\r\n");
}

TEST(PresskitVcard, TelephoneUris) {
    EXPECT_EQ(detail::tel_uri("+7 (7132) 55-01-21"), "tel:+7-7132-55-01-21");
    EXPECT_EQ(detail::tel_uri("+44 20 7946 0000"), "tel:+44-20-7946-0000");
    EXPECT_EQ(detail::tel_uri("+4930123456"), "tel:+4930123456");
    EXPECT_FALSE(detail::tel_uri("020 7946 0000"));
    EXPECT_FALSE(detail::tel_uri("+44 20 7946 0000 ext. 5"));
    EXPECT_FALSE(detail::tel_uri("+1"));
}

TEST(PresskitVcard, ContactsCardHoldsEveryContact) {
    Warnings warnings;
    PresskitManifest m = parse_presskit_manifest(
        "organisation: {name: 'Acme, Inc; Ltd', website: https://acme.example}\n"
        "releases: [a.md]\n"
        "contacts:\n"
        "  - name: Jo Bloggs\n"
        "    role: Head of press, Europe\n"
        "    email: jo@acme.example\n"
        "    phone: +49 30 1234 567\n"
        "  - name: Sam\n"
        "    phone: 030 1234\n",
        "m.yaml", ".", warnings);
    ASSERT_TRUE(warnings.empty());
    const std::string card = detail::contacts_vcard(m, warnings);
    // CRLF only.
    for (std::size_t i = 0; i < card.size(); ++i)
        if (card[i] == '\n') {
            EXPECT_TRUE(i > 0 && card[i - 1] == '\r') << "bare LF at " << i;
        }
    const std::string u = unfold(card);
    EXPECT_TRUE(contains(u, "BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:org\r\nFN:Acme\\, Inc\\; Ltd\r\n"));
    EXPECT_TRUE(contains(u, "URL:https://acme.example\r\n"));
    EXPECT_TRUE(contains(u, "FN:Jo Bloggs\r\nORG:Acme\\, Inc\\; Ltd\r\nTITLE:Head of press\\, Europe\r\n"));
    EXPECT_TRUE(contains(u, "EMAIL;TYPE=work:jo@acme.example\r\n"));
    EXPECT_TRUE(contains(u, "TEL;VALUE=uri;TYPE=work,voice:tel:+49-30-1234-567\r\n"));
    EXPECT_TRUE(contains(u, "TEL;VALUE=text;TYPE=work,voice:030 1234\r\n"));
    std::size_t begins = 0, ends = 0;
    for (std::size_t at = 0; (at = u.find("BEGIN:VCARD\r\n", at)) != std::string::npos; ++at) ++begins;
    for (std::size_t at = 0; (at = u.find("END:VCARD\r\n", at)) != std::string::npos; ++at) ++ends;
    EXPECT_EQ(begins, 3u);
    EXPECT_EQ(ends, 3u);
    // The local number is a warning naming the contact's line.
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0].pos.line, 8);
    EXPECT_TRUE(contains(warnings[0].message, "country code"));
}

// ---- CSV and captions --------------------------------------------------------------------

TEST(PresskitCsv, QuotesAsRfc4180Says) {
    using detail::csv_field;
    EXPECT_EQ(csv_field("plain text"), "plain text");
    EXPECT_EQ(csv_field(""), "");
    EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
    EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
    EXPECT_EQ(csv_field("cr\rhere"), "\"cr\rhere\"");
    EXPECT_EQ(csv_field(" padded "), "\" padded \"");
    EXPECT_EQ(csv_field("© Łódź"), "© Łódź");
}

TEST(PresskitCsv, CreditsSheetAndCaptions) {
    detail::KitPhoto a;
    a.original = "photos/a.jpg";
    a.caption = "Boats, \"tall\" ships";
    a.creator = "Jo";
    a.credit = "Jo/Wire";
    a.copyright = "© 2026 Wire";
    a.terms = "Editorial use only";
    detail::KitPhoto b;
    b.original = "photos/b.png";
    b.creator = "Sam Only";
    const std::string csv = detail::credits_csv({a, b});
    EXPECT_EQ(csv,
              "file,caption,creator,credit,copyright,terms\r\n"
              "photos/a.jpg,\"Boats, \"\"tall\"\" ships\",Jo,Jo/Wire,© 2026 Wire,Editorial use only\r\n"
              "photos/b.png,,Sam Only,Sam Only,,\r\n");
    EXPECT_EQ(detail::captions_text({a, b}),
              "photos/a.jpg\nBoats, \"tall\" ships\nPhoto: Jo/Wire\n© 2026 Wire\nTerms: Editorial use only\n"
              "\nphotos/b.png\nPhoto: Sam Only\n");
}

// ---- the embargo -------------------------------------------------------------------------

TEST(PresskitEmbargo, ParsesIsoDateTimes) {
    auto e = parse_presskit_embargo("2026-03-02T09:00:00+05:00");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->utc, 1772424000); // 2026-03-02T04:00:00Z
    EXPECT_EQ(e->notice(), "EMBARGOED UNTIL 2 March 2026, 09:00 UTC+05:00");
    e = parse_presskit_embargo("2026-12-31T23:59:30Z");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->notice(), "EMBARGOED UNTIL 31 December 2026, 23:59:30 UTC");
    e = parse_presskit_embargo("2026-03-02 09:00-0430");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->offset_minutes, -270);
    EXPECT_EQ(e->notice(), "EMBARGOED UNTIL 2 March 2026, 09:00 UTC-04:30");
    e = parse_presskit_embargo("2024-02-29T00:00:00.250+01");
    ASSERT_TRUE(e);
    EXPECT_TRUE(e->has_offset);
    e = parse_presskit_embargo("2026-03-02T09:00");
    ASSERT_TRUE(e);
    EXPECT_FALSE(e->has_offset);
    for (const char* bad : {"2026-03-02", "2026-02-29T09:00Z", "2026-13-01T09:00Z", "2026-03-02T24:00Z",
                            "2026-03-02T09:60Z", "next Tuesday", "2026-03-02T09:00+5", "2026-03-02T09:00Z junk",
                            "2026-03-02T09:00+15:00", "2026/03/02T09:00Z", ""})
        EXPECT_FALSE(parse_presskit_embargo(bad)) << bad;
}

// ---- the manifest -----------------------------------------------------------------------

PresskitManifest parse(const std::string& yaml, Warnings& warnings) {
    return parse_presskit_manifest(yaml, "m.yaml", "/kit", warnings);
}

Error parse_error(const std::string& yaml) {
    Warnings warnings;
    try {
        parse(yaml, warnings);
    } catch (const Error& e) {
        return e;
    }
    ADD_FAILURE() << "no error for:\n" << yaml;
    return Error(ErrorCode::internal, "", "none");
}

TEST(PresskitManifest, ReadsEveryKey) {
    Warnings warnings;
    const PresskitManifest m = read_presskit_manifest(test::source_dir() / "samples/presskit/press-kit.yaml", warnings);
    EXPECT_TRUE(warnings.empty()) << warnings[0].to_string();
    EXPECT_EQ(m.organisation.name, "Ilek Valley Observatory");
    EXPECT_EQ(m.organisation.website, "https://observatory.example.org");
    EXPECT_EQ(m.organisation.logo, "logo.png");
    ASSERT_EQ(m.contacts.size(), 2u);
    EXPECT_EQ(m.contacts[1].phone, "+7 (7132) 55-01-21");
    EXPECT_EQ(m.contacts[0].role, "Head of communications");
    ASSERT_EQ(m.releases.size(), 3u);
    EXPECT_EQ(m.releases[0].file, "telescope-first-light.md");
    EXPECT_EQ(m.releases[2].style, "press-release");
    ASSERT_EQ(m.photos.size(), 3u);
    EXPECT_TRUE(m.photos[0].caption.empty());
    EXPECT_EQ(m.photos[1].creator, "Timur Abenov");
    EXPECT_EQ(m.photos[1].copyright, "© 2026 Ilek Valley Observatory");
    EXPECT_TRUE(m.photos[0].alt.empty()); // the photo carries its own
    ASSERT_TRUE(m.fact_sheet);
    ASSERT_EQ(m.fact_sheet->facts.size(), 6u);
    EXPECT_EQ(m.fact_sheet->facts[3], std::make_pair(std::string("Visitors in 2025"), std::string("41,200")));
    EXPECT_EQ(m.style, "default");
    ASSERT_TRUE(m.embargo);
    EXPECT_EQ(m.embargo->text, "2026-03-02T09:00:00+05:00");
    EXPECT_EQ(m.base_dir, test::source_dir() / "samples/presskit");
}

TEST(PresskitManifest, ReadmeExampleIsTheSample) {
    // The README's full example must stay a working manifest: the sample's, key for key.
    const std::string readme = test::read_file(test::source_dir() / "README.md");
    const std::size_t start = readme.find("```yaml\norganisation:");
    ASSERT_NE(start, std::string::npos);
    const std::size_t end = readme.find("```", start + 7);
    Warnings warnings;
    const PresskitManifest doc = parse_presskit_manifest(readme.substr(start + 8, end - start - 8), "README.md",
                                                         test::source_dir() / "samples/presskit", warnings);
    EXPECT_TRUE(warnings.empty());
    const PresskitManifest sample =
        read_presskit_manifest(test::source_dir() / "samples/presskit/press-kit.yaml", warnings);
    EXPECT_EQ(doc.organisation.name, sample.organisation.name);
    EXPECT_EQ(doc.organisation.logo, sample.organisation.logo);
    ASSERT_EQ(doc.contacts.size(), sample.contacts.size());
    for (std::size_t i = 0; i < doc.contacts.size(); ++i) EXPECT_EQ(doc.contacts[i].phone, sample.contacts[i].phone);
    ASSERT_EQ(doc.releases.size(), sample.releases.size());
    for (std::size_t i = 0; i < doc.releases.size(); ++i) {
        EXPECT_EQ(doc.releases[i].file, sample.releases[i].file);
        EXPECT_EQ(doc.releases[i].style, sample.releases[i].style);
    }
    ASSERT_EQ(doc.photos.size(), sample.photos.size());
    for (std::size_t i = 0; i < doc.photos.size(); ++i) {
        EXPECT_EQ(doc.photos[i].file, sample.photos[i].file);
        EXPECT_EQ(doc.photos[i].caption, sample.photos[i].caption);
        EXPECT_EQ(doc.photos[i].credit, sample.photos[i].credit);
        EXPECT_EQ(doc.photos[i].terms, sample.photos[i].terms);
    }
    ASSERT_TRUE(doc.fact_sheet && sample.fact_sheet);
    EXPECT_EQ(doc.fact_sheet->facts, sample.fact_sheet->facts);
    EXPECT_EQ(doc.style, sample.style);
    ASSERT_TRUE(doc.embargo && sample.embargo);
    EXPECT_EQ(doc.embargo->utc, sample.embargo->utc);
}

TEST(PresskitManifest, UnknownKeysAreWarnedWithLineAndColumn) {
    Warnings warnings;
    const PresskitManifest m = parse("organisation:\n"
                                     "  name: Acme\n"
                                     "  motto: Onwards\n"
                                     "releases:\n"
                                     "  - file: a.md\n"
                                     "    styel: broadsheet\n"
                                     "photos:\n"
                                     "  - file: p.jpg\n"
                                     "    credit: X\n"
                                     "    licence: CC0\n"
                                     "organization: typo\n"
                                     "releases: [b.md]\n",
                                     warnings);
    EXPECT_EQ(m.releases.size(), 1u);
    ASSERT_EQ(warnings.size(), 5u);
    EXPECT_EQ(warnings[0].pos.line, 3);
    EXPECT_EQ(warnings[0].pos.column, 3);
    EXPECT_TRUE(contains(warnings[0].message, "unknown key 'motto' in organisation"));
    EXPECT_EQ(warnings[1].pos.line, 6);
    EXPECT_EQ(warnings[1].pos.column, 5);
    EXPECT_TRUE(contains(warnings[1].message, "did you mean 'style'?"));
    EXPECT_EQ(warnings[2].pos.line, 10);
    EXPECT_TRUE(contains(warnings[2].message, "'licence'"));
    EXPECT_EQ(warnings[3].pos.line, 11);
    EXPECT_TRUE(contains(warnings[3].message, "the key is 'organisation'"));
    EXPECT_EQ(warnings[4].pos.line, 12);
    EXPECT_TRUE(contains(warnings[4].message, "given twice"));
    EXPECT_EQ(warnings[0].to_string(), "m.yaml:3:3: warning: unknown key 'motto' in organisation ignored");
}

TEST(PresskitManifest, WrongTypesAreErrorsWithLineAndColumn) {
    struct Case {
        std::string yaml;
        int line, column;
        std::string says;
    };
    const std::vector<Case> cases = {
        {"organisation: {name: A}\nreleases: [a.md]\ncontacts: Jane\n", 3, 11, "'contacts' must be a list of contacts, not text"},
        {"organisation: {name: A}\nreleases:\n  - [a.md]\n", 3, 5, "a release must be a file name or a mapping"},
        {"organisation: {name: A}\nreleases: [a.md]\nphotos:\n  - file: p.jpg\n    caption: [a, b]\n", 5, 14, "'photos.caption' must be text"},
        {"organisation: A\nreleases: [a.md]\n", 1, 15, "'organisation' must be a mapping"},
        {"organisation: {name: A}\nreleases: a.md\n", 2, 11, "'releases' must be a list"},
        {"organisation: {name: A}\nreleases: [a.md]\nfact_sheet: [1, 2]\n", 3, 13, "'fact_sheet' must be a Markdown file name or a mapping"},
        {"organisation: {name: A}\nreleases: [a.md]\nembargo: 2026-03-02\n", 3, 10, "embargo '2026-03-02' is not an ISO 8601 date and time"},
        {"organisation: {name: A}\nreleases: [a.md]\nembargo: 2026-02-30T10:00Z\n", 3, 10, "is not an ISO 8601"},
        {"- a\n- b\n", 1, 1, "not a mapping"},
        {"organisation: {website: x}\nreleases: [a.md]\n", 1, 15, "'organisation' needs a 'name'"},
        {"organisation: {name: A}\n", 1, 1, "needs 'releases:'"},
        {"organisation: {name: A}\nreleases: [a.md]\ncontacts:\n  - role: PR\n", 4, 5, "a contact needs a 'name'"},
    };
    for (const Case& c : cases) {
        const Error e = parse_error(c.yaml);
        EXPECT_EQ(e.code(), ErrorCode::invalid) << c.yaml << e.what();
        EXPECT_EQ(e.file(), "m.yaml");
        EXPECT_EQ(e.position().line, c.line) << c.yaml << e.what();
        EXPECT_EQ(e.position().column, c.column) << c.yaml << e.what();
        EXPECT_TRUE(contains(e.message(), c.says)) << e.what();
    }
}

TEST(PresskitManifest, SyntaxErrorsAndBadBytes) {
    Error e = parse_error("organisation: {name: A\nreleases: [a.md]\n");
    EXPECT_EQ(e.code(), ErrorCode::syntax);
    EXPECT_GT(e.position().line, 0);
    e = parse_error("organisation: {name: \"\xC3\x28\"}\n");
    EXPECT_EQ(e.code(), ErrorCode::encoding);
    e = parse_error("");
    EXPECT_EQ(e.code(), ErrorCode::empty_input);
}

TEST(PresskitManifest, AliasesWorkAndAliasBombsStop) {
    Warnings warnings;
    // Ordinary reuse through an anchor.
    const PresskitManifest m = parse("organisation: {name: A}\nreleases: [a.md]\n"
                                     "photos:\n"
                                     "  - {file: a.jpg, terms: &terms Editorial use only}\n"
                                     "  - {file: b.jpg, terms: *terms}\n",
                                     warnings);
    ASSERT_EQ(m.photos.size(), 2u);
    EXPECT_EQ(m.photos[1].terms, "Editorial use only");

    // A billion laughs: nine levels of ten aliases each would be 10^9 photos.
    std::string bomb = "a: &a [{file: x.jpg, credit: c}, {file: x.jpg, credit: c}]\n";
    char previous = 'a';
    for (char level = 'b'; level <= 'j'; ++level) {
        bomb += std::string(1, level) + ": &" + level + " [";
        for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", " : "") + "*" + previous;
        bomb += "]\n";
        previous = level;
    }
    bomb += "organisation: {name: A}\nreleases: [a.md]\nphotos: *j\n";
    const auto start = std::chrono::steady_clock::now();
    Error e = parse_error(bomb);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_TRUE(e.code() == ErrorCode::limit || e.code() == ErrorCode::invalid) << e.what();
    EXPECT_LT(seconds, 2.0);

    // Flat aliases of one big mapping of unknown keys: each walk counts against the budget.
    std::string wide = "m: &m {file: x.jpg";
    for (int i = 0; i < 2000; ++i) wide += ", k" + std::to_string(i) + ": v";
    wide += "}\norganisation: {name: A}\nreleases: [a.md]\nphotos: [";
    for (int i = 0; i < 2000; ++i) wide += std::string(i ? ", " : "") + "*m";
    wide += "]\n";
    e = parse_error(wide);
    EXPECT_EQ(e.code(), ErrorCode::limit) << e.what();
    EXPECT_TRUE(contains(e.message(), "aliases")) << e.what();
}

TEST(PresskitManifest, HugeAndDeepInputsAreRefused) {
    std::string huge = "organisation: {name: A}\nreleases: [a.md]\n# ";
    huge += std::string(presskit_manifest_max_bytes, 'x');
    EXPECT_EQ(parse_error(huge).code(), ErrorCode::limit);

    test::TempDir dir;
    test::write_file(dir / "big.yaml", huge);
    Warnings warnings;
    try {
        read_presskit_manifest(dir / "big.yaml", warnings);
        ADD_FAILURE() << "a manifest over the limit was read";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::limit);
        EXPECT_TRUE(contains(e.message(), "at most"));
    }
    const std::string deep = "organisation: " + std::string(5000, '[') + std::string(5000, ']') + "\n";
    EXPECT_EQ(parse_error(deep).code(), ErrorCode::limit);
    try {
        read_presskit_manifest(dir / "missing.yaml", warnings);
        ADD_FAILURE();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::io);
    }
}

// ---- whole kits -------------------------------------------------------------------------

struct BuiltKit {
    test::CommandResult run;
    fs::path zip;
};

BuiltKit build(const KitSource& source, std::vector<std::string> extra = {},
               const std::string& name = "kit.zip", std::vector<std::string> env = {"SOURCE_DATE_EPOCH=1775000000"}) {
    BuiltKit kit;
    kit.zip = source.base() / name;
    std::vector<std::string> args = {"presskit", source.manifest().string(), "-o", kit.zip.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    kit.run = galley_cli(args, env);
    return kit;
}

TEST(PresskitKit, ArchiveTestsCleanAndHoldsEveryPart) {
    REQUIRE_IMAGE_TOOLS();
    KitSource source;
    source.standard();
    const BuiltKit kit = build(source);
    ASSERT_EQ(kit.run.status, 0) << kit.run.err;
    const auto t = test::run_command({"/usr/bin/unzip", "-t", kit.zip.string()});
    EXPECT_EQ(t.status, 0) << t.out << t.err;
    EXPECT_TRUE(contains(t.out, "No errors detected")) << t.out;

    const std::vector<std::string> expected = {
        "index.html",
        "releases/harbour-opens-its-twelfth-berth.pdf",
        "releases/harbour-opens-its-twelfth-berth-print.pdf",
        "releases/dredging-of-the-harbour-channel-ends-two-weeks.pdf",
        "releases/dredging-of-the-harbour-channel-ends-two-weeks-print.pdf",
        "press-kit.epub",
        "fact-sheet.pdf",
        "logo.png",
        "photos/iptc.jpg",
        "photos/manual.jpg",
        "photos/web/iptc.jpg",
        "photos/web/manual.jpg",
        "photos/thumbs/iptc.jpg",
        "photos/thumbs/manual.jpg",
        "photos/credits.csv",
        "photos/captions.txt",
        "contacts.vcf",
        "manifest.json",
    };
    EXPECT_EQ(zip_entries(kit.zip), expected);
    // The originals are the very bytes of the files.
    EXPECT_EQ(zip_entry(kit.zip, "photos/iptc.jpg"), test::read_file(source.root() / "photos/iptc.jpg"));
    EXPECT_EQ(zip_entry(kit.zip, "logo.png"), test::read_file(source.root() / "logo.png"));
    // The vCard as vCard wants it.
    const std::string vcf = zip_entry(kit.zip, "contacts.vcf");
    EXPECT_TRUE(contains(vcf, "TITLE:Press officer\\; media\\, events\r\n"));
    EXPECT_TRUE(contains(vcf, "TEL;VALUE=uri;TYPE=work,voice:tel:+44-20-7946-0000\r\n"));
    EXPECT_TRUE(contains(vcf, "FN:Ana Łukasik\r\n"));
}

TEST(PresskitKit, EveryPdfPassesQpdfCheck) {
    REQUIRE_IMAGE_TOOLS();
    KitSource source;
    source.standard();
    const BuiltKit kit = build(source);
    ASSERT_EQ(kit.run.status, 0) << kit.run.err;
    int pdfs = 0;
    for (const std::string& name : zip_entries(kit.zip)) {
        if (!name.ends_with(".pdf")) continue;
        ++pdfs;
        const fs::path file = source.base() / "check.pdf";
        test::write_file(file, zip_entry(kit.zip, name));
        const auto r = test::run_command({"/usr/bin/qpdf", "--check", file.string()});
        EXPECT_EQ(r.status, 0) << name << ":\n" << r.out << r.err;
    }
    EXPECT_EQ(pdfs, 5);
}

TEST(PresskitKit, ManifestChecksumsVerify) {
    REQUIRE_IMAGE_TOOLS();
    KitSource source;
    source.standard();
    const BuiltKit kit = build(source);
    ASSERT_EQ(kit.run.status, 0) << kit.run.err;
    const auto json = nlohmann::json::parse(zip_entry(kit.zip, "manifest.json"));
    EXPECT_EQ(json["organisation"]["name"], "Southport Harbour Authority");
    EXPECT_EQ(json["date"], "2026-03-31T23:33:20Z"); // SOURCE_DATE_EPOCH=1775000000
    EXPECT_EQ(json["embargo"], "2026-04-01T08:30:00+01:00");
    std::vector<std::string> entries = zip_entries(kit.zip);
    ASSERT_EQ(entries.back(), "manifest.json");
    entries.pop_back();
    ASSERT_EQ(json["files"].size(), entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto& f = json["files"][i];
        EXPECT_EQ(f["path"], entries[i]);
        const std::string bytes = zip_entry(kit.zip, entries[i]);
        EXPECT_EQ(f["bytes"].get<std::size_t>(), bytes.size()) << entries[i];
        // Recomputed with coreutils, independently of galley's own SHA-256.
        const fs::path file = source.base() / "sum.bin";
        test::write_file(file, bytes);
        const auto sum = test::run_command({"/usr/bin/sha256sum", file.string()});
        ASSERT_EQ(sum.status, 0);
        EXPECT_EQ(f["sha256"].get<std::string>(), sum.out.substr(0, 64)) << entries[i];
    }
}

TEST(PresskitKit, ImageMetadataReachesCreditsEpubAndPdfs) {
    REQUIRE_IMAGE_TOOLS();
    KitSource source;
    source.standard();
    const BuiltKit kit = build(source);
    ASSERT_EQ(kit.run.status, 0) << kit.run.err;

    // The manifest photo credited only in its IPTC/XMP: credits.csv, captions.txt, index.
    const std::string csv = zip_entry(kit.zip, "photos/credits.csv");
    EXPECT_TRUE(contains(csv, std::string("photos/iptc.jpg,") + iptc_caption + "," + iptc_creator + "," +
                                  iptc_credit + "," + iptc_copyright + ",Editorial use only.\r\n"))
        << csv;
    EXPECT_TRUE(contains(csv, "photos/manual.jpg,\"Cranes at dawn, seen from the \"\"old\"\" pier\",,"
                              "Manual Credit/Agency,,Editorial use only; no archiving.\r\n"))
        << csv;
    const std::string captions = zip_entry(kit.zip, "photos/captions.txt");
    EXPECT_TRUE(contains(captions, std::string("photos/iptc.jpg\n") + iptc_caption + "\nPhoto: " + iptc_credit +
                                       "\n" + iptc_copyright + "\nTerms: Editorial use only.\n"))
        << captions;
    const std::string index = zip_entry(kit.zip, "index.html");
    EXPECT_TRUE(contains(index, iptc_caption));
    EXPECT_TRUE(contains(index, std::string("Photo: ") + iptc_credit));
    EXPECT_TRUE(contains(index, "Terms: Editorial use only; no archiving."));

    // The figures inside the release: one is the kit's photo, one only the release's.
    const fs::path epub = source.base() / "kit.epub";
    test::write_file(epub, zip_entry(kit.zip, "press-kit.epub"));
    const std::string xhtml = zip_entry(epub, "OEBPS/article-1.xhtml");
    for (const char* text : {iptc_caption, iptc_credit, figure_caption, figure_credit}) {
        const std::regex figcaption(std::string("<figcaption>[\\s\\S]*?") + text + "[\\s\\S]*?</figcaption>");
        EXPECT_TRUE(std::regex_search(xhtml, figcaption)) << text << "\n" << xhtml;
    }
    for (const char* pdf : {"releases/harbour-opens-its-twelfth-berth.pdf",
                            "releases/harbour-opens-its-twelfth-berth-print.pdf"}) {
        const std::string text = normalised(pdf_text(zip_entry(kit.zip, pdf), source.base() / "t.pdf"));
        for (const char* expected : {iptc_caption, iptc_credit, figure_caption, figure_credit})
            EXPECT_TRUE(contains(text, normalised(expected))) << pdf << ": " << expected << "\n" << text;
    }
}

TEST(PresskitKit, EmbargoIsOnEveryReleaseAndTheIndex) {
    REQUIRE_IMAGE_TOOLS();
    KitSource source;
    source.standard();
    const BuiltKit kit = build(source);
    ASSERT_EQ(kit.run.status, 0) << kit.run.err;
    const std::string notice = "EMBARGOED UNTIL 1 April 2026, 08:30 UTC+01:00";
    int releases = 0;
    for (const std::string& name : zip_entries(kit.zip)) {
        if (!name.starts_with("releases/")) continue;
        ++releases;
        const std::string text = normalised(pdf_text(zip_entry(kit.zip, name), source.base() / "t.pdf"));
        EXPECT_TRUE(contains(text, normalised(notice))) << name << "\n" << text;
    }
    EXPECT_EQ(releases, 4);
    const fs::path epub = source.base() / "kit.epub";
    test::write_file(epub, zip_entry(kit.zip, "press-kit.epub"));
    int articles = 0;
    for (const std::string& name : zip_entries(epub)) {
        if (!std::regex_match(name, std::regex("OEBPS/article-[0-9]+\\.xhtml"))) continue;
        ++articles;
        const std::string xhtml = zip_entry(epub, name);
        EXPECT_TRUE(contains(xhtml, "<blockquote class=\"embargo\">\n<p>" + notice + "</p>")) << name;
    }
    EXPECT_EQ(articles, 2);
    EXPECT_TRUE(contains(zip_entry(kit.zip, "index.html"), "<p class=\"embargo\">" + notice + "</p>"));
    // The fact sheet is not a release: no notice there.
    EXPECT_FALSE(contains(normalised(pdf_text(zip_entry(kit.zip, "fact-sheet.pdf"), source.base() / "t.pdf")),
                          "embargoed"));
}

// href and src values of an HTML document, through libxml2's HTML parser; `errors` gets its
// complaints.
void collect_error(void* context, xmlErrorPtr error) {
    *static_cast<std::string*>(context) += error && error->message ? error->message : "?";
}

std::vector<std::string> html_references(const std::string& html, std::string& errors) {
    xmlSetStructuredErrorFunc(&errors, collect_error);
    htmlDocPtr doc = htmlReadMemory(html.data(), static_cast<int>(html.size()), "index.html", "UTF-8",
                                    HTML_PARSE_NONET);
    xmlSetStructuredErrorFunc(nullptr, nullptr);
    std::vector<std::string> refs;
    std::vector<xmlNodePtr> stack;
    if (doc) stack.push_back(xmlDocGetRootElement(doc));
    while (!stack.empty()) {
        xmlNodePtr node = stack.back();
        stack.pop_back();
        if (!node) continue;
        if (node->type == XML_ELEMENT_NODE) {
            for (const char* attr : {"href", "src"})
                if (xmlChar* v = xmlGetProp(node, reinterpret_cast<const xmlChar*>(attr))) {
                    refs.emplace_back(reinterpret_cast<const char*>(v));
                    xmlFree(v);
                }
            if (std::string(reinterpret_cast<const char*>(node->name)) == "script") refs.emplace_back("<script>");
        }
        for (xmlNodePtr child = node->children; child; child = child->next) stack.push_back(child);
    }
    if (doc) xmlFreeDoc(doc);
    return refs;
}

TEST(PresskitHtml, TheCheckerHearsTheParsersComplaints) {
    std::string errors;
    html_references("<!DOCTYPE html><html><body><section><p>a</section></body></html>", errors);
    EXPECT_NE(errors, "") << "the HTML parser's errors do not reach the test";
}

TEST(PresskitKit, IndexIsValidHtmlReferencingOnlyTheKit) {
    REQUIRE_IMAGE_TOOLS();
    KitSource source;
    source.standard();
    const BuiltKit kit = build(source);
    ASSERT_EQ(kit.run.status, 0) << kit.run.err;
    const std::string html = zip_entry(kit.zip, "index.html");
    EXPECT_TRUE(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    EXPECT_TRUE(contains(html, "<meta charset=\"utf-8\"/>"));
    EXPECT_TRUE(contains(html, "<title>Southport Harbour Authority press kit</title>"));
    EXPECT_TRUE(contains(html, "<style>"));

    const fs::path file = source.base() / "index.html";
    test::write_file(file, html);
    const auto lint = test::run_command({"/usr/bin/xmllint", "--html", "--noout", file.string()});
    EXPECT_EQ(lint.status, 0);
    EXPECT_EQ(lint.out + lint.err, "");

    std::string errors;
    const std::vector<std::string> refs = html_references(html, errors);
    EXPECT_EQ(errors, "");
    const std::vector<std::string> entries = zip_entries(kit.zip);
    const std::set<std::string> in_kit(entries.begin(), entries.end());
    std::set<std::string> linked;
    for (const std::string& ref : refs) {
        EXPECT_NE(ref, "<script>");
        if (ref.starts_with("mailto:") || ref.starts_with("tel:")) continue;
        if (ref == "https://harbour.example") continue; // the organisation's website, a link
        EXPECT_TRUE(in_kit.count(ref)) << ref << " is not in the kit";
        linked.insert(ref);
    }
    // Every file of the kit is reachable from the page (but the page itself).
    for (const std::string& entry : entries)
        if (entry != "index.html") {
            EXPECT_TRUE(linked.count(entry)) << entry << " is not linked";
        }
    EXPECT_TRUE(contains(html, "href=\"tel:+44-20-7946-0000\""));
    EXPECT_TRUE(contains(html, "<img src=\"logo.png\""));
}

TEST(PresskitKit, SameManifestSameBytesInAnyTimeZone) {
    REQUIRE_IMAGE_TOOLS();
    KitSource source;
    source.standard();
    std::string first;
    for (const char* tz : {"TZ=UTC", "TZ=Asia/Almaty", "TZ=America/New_York"}) {
        for (const char* jobs : {"1", "2"}) {
            // No SOURCE_DATE_EPOCH: the date comes from the releases.
            const BuiltKit kit = build(source, {"-j", jobs}, std::string("kit-") + jobs + ".zip",
                                       {"-u", "SOURCE_DATE_EPOCH", tz});
            ASSERT_EQ(kit.run.status, 0) << kit.run.err;
            const std::string bytes = test::read_file(kit.zip);
            if (first.empty()) first = bytes;
            EXPECT_TRUE(bytes == first) << tz << " -j " << jobs << " gave other bytes";
        }
    }
    const BuiltKit kit = build(source, {}, "check.zip", {"-u", "SOURCE_DATE_EPOCH"});
    const auto json = nlohmann::json::parse(zip_entry(kit.zip, "manifest.json"));
    EXPECT_EQ(json["date"], "2026-03-20T00:00:00Z"); // the latest release's date
    const auto listing = test::run_command({"/usr/bin/unzip", "-l", kit.zip.string()});
    EXPECT_TRUE(contains(listing.out, "2026-03-20 00:00")) << listing.out;
}

TEST(PresskitKit, FolderEqualsTheZip) {
    REQUIRE_IMAGE_TOOLS();
    KitSource source;
    source.standard();
    const BuiltKit kit = build(source);
    ASSERT_EQ(kit.run.status, 0) << kit.run.err;
    const fs::path folder = source.base() / "out" / "kit";
    auto r = galley_cli({"presskit", source.manifest().string(), "-o", folder.string() + "/"},
                        {"SOURCE_DATE_EPOCH=1775000000"});
    ASSERT_EQ(r.status, 0) << r.err;
    std::map<std::string, std::string> from_zip;
    for (const std::string& name : zip_entries(kit.zip)) from_zip[name] = zip_entry(kit.zip, name);
    EXPECT_TRUE(tree(folder) == from_zip);
    EXPECT_EQ(fs::status(folder / "photos" / "credits.csv").permissions(), fs::perms(0644));
    EXPECT_TRUE(leftovers(folder.parent_path()).empty());

    // An earlier kit is replaced; a folder that is not a kit is not.
    r = galley_cli({"presskit", source.manifest().string(), "-o", folder.string()}, {"SOURCE_DATE_EPOCH=1775000000"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(tree(folder) == from_zip);
    EXPECT_TRUE(leftovers(folder.parent_path()).empty());
    const fs::path precious = source.base() / "precious";
    test::write_file(precious / "thesis.txt", "do not delete");
    r = galley_cli({"presskit", source.manifest().string(), "-o", precious.string()});
    EXPECT_EQ(r.status, 4) << r.err;
    EXPECT_TRUE(contains(r.err, "refusing to replace it"));
    EXPECT_EQ(tree(precious).size(), 1u);
}

TEST(PresskitKit, FailingKitLeavesNothingBehind) {
    REQUIRE_IMAGE_TOOLS();
    KitSource source;
    source.standard();
    // An earlier good kit stays as it was.
    const BuiltKit good = build(source);
    ASSERT_EQ(good.run.status, 0) << good.run.err;
    const std::string earlier = test::read_file(good.zip);

    // Early: a photo that is not an image. Late: a release whose figure is a GIF, which the
    // PDF backend refuses after the photos were rendered and the other releases set.
    const std::string manifest = test::read_file(source.manifest());
    source.write("photos/not-an-image.jpg", "this is text, not a JPEG");
    {
        const auto gif = test::run_command({convert_tool, "-size", "64x48", "xc:orange",
                                            (source.root() / "releases/animated.gif").string()});
        ASSERT_EQ(gif.status, 0) << gif.err;
    }
    const std::string early = std::regex_replace(manifest, std::regex("fact_sheet:"),
                                                 "  - file: photos/not-an-image.jpg\n    credit: X\nfact_sheet:");
    const std::string& late = manifest;
    struct Case {
        std::string manifest, culprit;
    };
    for (const Case& c : {Case{early, "not-an-image.jpg"}, Case{late, "animated.gif"}}) {
        source.write("press-kit.yaml", c.manifest);
        if (c.culprit == "animated.gif")
            source.write("releases/berth.md", "---\ntitle: Berth\n---\n\nText.\n\n![A GIF](animated.gif \"Staff\")\n");
        for (const std::string out : {"kit.zip", "fresh.zip", "folder", "fresh-folder/"}) {
            const auto r = galley_cli({"presskit", source.manifest().string(), "-o", (source.base() / out).string()});
            EXPECT_EQ(r.status, 3) << out << ": " << r.err;
            EXPECT_TRUE(contains(r.err, c.culprit)) << r.err;
        }
        EXPECT_EQ(test::read_file(good.zip), earlier);
        EXPECT_FALSE(fs::exists(source.base() / "fresh.zip"));
        EXPECT_FALSE(fs::exists(source.base() / "folder"));
        EXPECT_FALSE(fs::exists(source.base() / "fresh-folder"));
        EXPECT_TRUE(leftovers(source.base()).empty());
    }
}

TEST(PresskitKit, PathsLeavingTheManifestsFolderAreRefused) {
    REQUIRE_IMAGE_TOOLS();
    KitSource source;
    source.standard();
    const std::string manifest = test::read_file(source.manifest());
    // ../ from the manifest's folder.
    fs::copy_file(source.root() / "photos/manual.jpg", source.base() / "outside.jpg");
    source.write("press-kit.yaml", std::regex_replace(manifest, std::regex("file: photos/manual.jpg"),
                                                      "file: ../outside.jpg"));
    auto r = build(source).run;
    EXPECT_EQ(r.status, 3) << r.err;
    EXPECT_TRUE(std::regex_search(r.err, std::regex("press-kit\\.yaml:1[0-9]:[0-9]+: photo '\\.\\./outside\\.jpg' "
                                                    "climbs out of the manifest's folder")))
        << r.err;
    EXPECT_FALSE(fs::exists(source.base() / "kit.zip"));
    r = build(source, {"--allow-outside"}).run;
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(contains(zip_entry(source.base() / "kit.zip", "photos/credits.csv"), "photos/outside.jpg,"));

    // An absolute path.
    source.write("press-kit.yaml", std::regex_replace(manifest, std::regex("file: photos/manual.jpg"),
                                                      "file: " + (source.base() / "outside.jpg").string()));
    r = build(source, {}, "abs.zip").run;
    EXPECT_EQ(r.status, 3);
    EXPECT_TRUE(contains(r.err, "is an absolute path")) << r.err;

    // A symbolic link inside that points outside is followed (issue 13: the rule is on the
    // path as written; a press office's photos/ may be a link to shared storage).
    fs::create_symlink(source.base() / "outside.jpg", source.root() / "photos/link.jpg");
    source.write("press-kit.yaml", std::regex_replace(manifest, std::regex("file: photos/manual.jpg"),
                                                      "file: photos/link.jpg"));
    r = build(source, {}, "link.zip").run;
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(contains(zip_entry(source.base() / "link.zip", "photos/credits.csv"), "photos/link.jpg,"));

    // An image inside a release that climbs out is refused the same way.
    source.write("press-kit.yaml", manifest);
    source.write("releases/berth.md", "---\ntitle: T\n---\n\nText.\n\n![](../../outside.jpg)\n");
    r = build(source, {}, "figure.zip").run;
    EXPECT_EQ(r.status, 3);
    EXPECT_TRUE(contains(r.err, "leads outside the manifest's folder")) << r.err;
    EXPECT_EQ(build(source, {"--allow-outside"}, "figure.zip").run.status, 0);

    // A URL is not a file.
    source.write("press-kit.yaml", std::regex_replace(manifest, std::regex("file: photos/manual.jpg"),
                                                      "file: https://example.com/a.jpg"));
    r = build(source, {}, "url.zip").run;
    EXPECT_EQ(r.status, 3);
    EXPECT_TRUE(contains(r.err, "is a URL")) << r.err;
}

TEST(PresskitKit, UncreditedPhotoIsAnErrorUnlessAllowed) {
    REQUIRE_IMAGE_TOOLS();
    KitSource source;
    source.standard("  - file: photos/nobody.jpg\n    caption: A photo nobody took\n");
    source.jpeg("photos/nobody.jpg", "gray-white");
    auto r = build(source).run;
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_TRUE(std::regex_search(r.err, std::regex("press-kit\\.yaml:[0-9]+:[0-9]+: photo photos/nobody\\.jpg has "
                                                    "no credit")))
        << r.err;
    EXPECT_TRUE(contains(r.err, "--allow-uncredited"));
    EXPECT_FALSE(fs::exists(source.base() / "kit.zip"));
    r = build(source, {"--allow-uncredited"}).run;
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(std::regex_search(r.err, std::regex("press-kit\\.yaml:[0-9]+:[0-9]+: warning: photo "
                                                    "'photos/nobody\\.jpg' has no credit")))
        << r.err;
    EXPECT_TRUE(contains(zip_entry(source.base() / "kit.zip", "photos/credits.csv"),
                         "photos/nobody.jpg,A photo nobody took,,,,\r\n"));
}

TEST(PresskitKit, ManifestWinsOverImageMetadataWithAWarning) {
    REQUIRE_IMAGE_TOOLS();
    KitSource source;
    source.standard("  - file: photos/iptc.jpg\n    caption: listed again\n");
    const std::string manifest = test::read_file(source.manifest());
    source.write("press-kit.yaml",
                 std::regex_replace(manifest, std::regex("  - file: photos/iptc.jpg\n    terms: Editorial use only.\n"),
                                    "  - file: photos/iptc.jpg\n    terms: Editorial use only.\n"
                                    "    credit: The Manifest's Credit\n"));
    const auto r = build(source).run;
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(contains(r.err, std::string("the manifest's credit line \"The Manifest's Credit\" differs from the "
                                            "image's metadata \"") + iptc_credit + "\"; the manifest's is used"))
        << r.err;
    // Listed twice: stored once, with a warning naming the line of the first entry.
    EXPECT_TRUE(std::regex_search(r.err, std::regex("warning: photo 'photos/iptc\\.jpg' is listed twice \\(first on "
                                                    "line [0-9]+\\); it is stored once")))
        << r.err;
    const fs::path zip = source.base() / "kit.zip";
    const auto entries = zip_entries(zip);
    EXPECT_EQ(std::count(entries.begin(), entries.end(), "photos/iptc.jpg"), 1);
    const std::string csv = zip_entry(zip, "photos/credits.csv");
    EXPECT_TRUE(contains(csv, std::string("photos/iptc.jpg,") + iptc_caption + "," + iptc_creator +
                                  ",The Manifest's Credit,"))
        << csv;
    // The release's figure of the same photo follows the manifest too.
    const fs::path epub = source.base() / "kit.epub";
    test::write_file(epub, zip_entry(zip, "press-kit.epub"));
    EXPECT_TRUE(contains(zip_entry(epub, "OEBPS/article-1.xhtml"), "<small class=\"credit\">The Manifest's Credit</small>"));
}

TEST(PresskitKit, EntryNamesAreNormalisedSlugs) {
    REQUIRE_IMAGE_TOOLS();
    KitSource source;
    source.standard("  - file: \"photos/Ünïcode Photo (1).JPG\"\n    credit: C\n"
                    "  - file: photos/unicode-photo-1.jpeg\n    credit: D\n");
    source.jpeg("photos/Ünïcode Photo (1).JPG", "red-blue", 300, 200);
    source.jpeg("photos/unicode-photo-1.jpeg", "blue-red", 200, 300);
    const BuiltKit kit = build(source);
    ASSERT_EQ(kit.run.status, 0) << kit.run.err;
    const auto entries = zip_entries(kit.zip);
    EXPECT_NE(std::find(entries.begin(), entries.end(), "photos/unicode-photo-1.jpg"), entries.end());
    EXPECT_NE(std::find(entries.begin(), entries.end(), "photos/unicode-photo-1-2.jpg"), entries.end());
    const std::regex safe("[a-z0-9-]+(/[a-z0-9-]+)*\\.[a-z]+");
    for (const std::string& name : entries) EXPECT_TRUE(std::regex_match(name, safe)) << name;
}

TEST(PresskitKit, MarkdownFactSheetAndJsonReport) {
    REQUIRE_IMAGE_TOOLS();
    KitSource source;
    source.standard();
    source.write("facts.md", "# Harbour facts\n\n| Item | Value |\n|---|---|\n| Cranes | 14 |\n| Quay | 3.2 km |\n");
    const std::string manifest = test::read_file(source.manifest());
    source.write("press-kit.yaml",
                 std::regex_replace(manifest, std::regex("fact_sheet:\n  Founded: \"1901\"\n  Berths: twelve, the longest 350 m\n"),
                                    "fact_sheet: facts.md\n"));
    const BuiltKit kit = build(source, {"--json"});
    ASSERT_EQ(kit.run.status, 0) << kit.run.err;
    const std::string text = normalised(pdf_text(zip_entry(kit.zip, "fact-sheet.pdf"), source.base() / "t.pdf"));
    EXPECT_TRUE(contains(text, "harbour facts")) << text;
    EXPECT_TRUE(contains(text, "3.2 km")) << text;
    const auto report = nlohmann::json::parse(kit.run.out);
    EXPECT_EQ(report["exit_status"], 0);
    EXPECT_TRUE(report["error"].is_null());
    EXPECT_EQ(report["files"].size(), zip_entries(kit.zip).size());
    EXPECT_EQ(report["files"].back()["path"], "manifest.json");
    EXPECT_EQ(report["files"][0]["sha256"].get<std::string>().size(), 64u);

    // Errors are reported in JSON too.
    source.write("press-kit.yaml", "organisation: {name: A}\nreleases: [missing.md]\n");
    const BuiltKit failed = build(source, {"--json"}, "failed.zip");
    EXPECT_EQ(failed.run.status, 3);
    const auto error = nlohmann::json::parse(failed.run.out);
    EXPECT_EQ(error["exit_status"], 3);
    EXPECT_TRUE(contains(error["error"].get<std::string>(), "press-kit.yaml:2:12: release 'missing.md' not found"))
        << error.dump();
}

TEST(PresskitCli, UsageAndWarnings) {
    auto r = galley_cli({"presskit"});
    EXPECT_EQ(r.status, 2);
    r = galley_cli({"presskit", "m.yaml"});
    EXPECT_EQ(r.status, 2);
    EXPECT_TRUE(contains(r.err, "-o KIT.zip"));
    r = galley_cli({"presskit", "m.yaml", "-o", "k.zip", "--frobnicate"});
    EXPECT_EQ(r.status, 2);
    r = galley_cli({"presskit", "m.yaml", "-o", "k.zip", "-j", "0"});
    EXPECT_EQ(r.status, 2);
    r = galley_cli({"presskit", "--help"});
    EXPECT_EQ(r.status, 0);
    EXPECT_TRUE(contains(r.out, "usage: galley presskit MANIFEST.yaml"));
    EXPECT_TRUE(contains(r.out, "Examples:"));
    r = galley_cli({"help", "presskit"});
    EXPECT_EQ(r.status, 0);
    r = galley_cli({"--help"});
    EXPECT_TRUE(contains(r.out, "presskit"));

    test::TempDir dir;
    r = galley_cli({"presskit", (dir / "none.yaml").string(), "-o", (dir / "k.zip").string()});
    EXPECT_EQ(r.status, 3);
    // Unknown keys are printed as FILE:LINE:COL warnings (here before a missing release
    // stops the kit).
    test::write_file(dir / "m.yaml", "organisation:\n  name: A\n  slogan: B\nreleases: [gone.md]\n");
    r = galley_cli({"presskit", (dir / "m.yaml").string(), "-o", (dir / "k.zip").string()});
    EXPECT_EQ(r.status, 3);
    EXPECT_TRUE(contains(r.err, (dir / "m.yaml").string() + ":3:3: warning: unknown key 'slogan' in organisation"))
        << r.err;
    EXPECT_TRUE(contains(r.err, (dir / "m.yaml").string() + ":4:12: release 'gone.md' not found")) << r.err;
    // An unknown bundled style is the manifest's fault, with its line.
    test::write_file(dir / "a.md", "# A\n\nText.\n");
    test::write_file(dir / "m.yaml", "organisation: {name: A}\nreleases: [a.md]\nstyle: nosuch\n");
    r = galley_cli({"presskit", (dir / "m.yaml").string(), "-o", (dir / "k.zip").string()});
    EXPECT_EQ(r.status, 3);
    EXPECT_TRUE(contains(r.err, "m.yaml:3:8: style: ")) << r.err;
}

TEST(PresskitSample, BuildsWithoutWarnings) {
    test::TempDir dir;
    const auto r = galley_cli({"presskit", (test::source_dir() / "samples/presskit/press-kit.yaml").string(), "-o",
                               (dir / "kit.zip").string()});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_FALSE(contains(r.err, "warning")) << r.err;
    const auto entries = zip_entries(dir / "kit.zip");
    EXPECT_EQ(entries.size(), 23u);
    // The photo credited only in its IPTC/XMP keeps its credit, and its alt text.
    EXPECT_TRUE(contains(zip_entry(dir / "kit.zip", "index.html"),
                         "alt=\"A white observatory dome with its slit open under a starry sky\""));
    EXPECT_TRUE(contains(zip_entry(dir / "kit.zip", "photos/credits.csv"),
                         "photos/telescope-dome.jpg,\"The dome of the new 1.2-metre telescope at Ilek Valley "
                         "Observatory, its slit open under the Milky Way.\",Aigerim Nurlanqyzy,Aigerim "
                         "Nurlanqyzy/Ilek Valley Observatory,"));
}

} // namespace
