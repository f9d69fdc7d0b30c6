// index.html: the press kit's one page, written with libxml2's xmlTextWriter as HTML5.
//
// Every byte of markup goes through the writer, which escapes text and attribute values.
// Only elements that HTML 4 already had are used (div, not section), so libxml2's own HTML
// parser (xmllint --html) reads the page without a message; non-void elements always get an
// end tag (<a></a>, never <a/>, which HTML would read as an open element). No script, no
// external style sheet, font or image: the page works offline from the unpacked folder.
#include "presskit/kit.hpp"

#include "epub/timestamp.hpp"

#include <libxml/xmlwriter.h>

#include <map>

namespace galley::detail {

namespace {

constexpr const char* style_sheet = R"(
body { font-family: "Noto Sans", "DejaVu Sans", Helvetica, Arial, sans-serif; color: #1a1a1a;
  max-width: 64rem; margin: 0 auto; padding: 1.5rem; line-height: 1.45; }
a { color: #0b4f8a; }
.masthead { display: flex; align-items: center; gap: 1.2rem; border-bottom: 3px solid #0b3d6e;
  padding-bottom: 1rem; }
.masthead img { max-height: 5rem; max-width: 14rem; width: auto; height: auto; }
h1 { margin: 0; font-size: 2rem; color: #0b3d6e; }
h1 .kind { display: block; font-size: 0.9rem; letter-spacing: 0.12em; text-transform: uppercase;
  color: #555555; }
h2 { margin-top: 2rem; border-bottom: 1px solid #cccccc; padding-bottom: 0.2rem; }
.embargo { margin: 1.2rem 0; padding: 0.6rem 0.9rem; border: 2px solid #9b1c1c; color: #9b1c1c;
  font-weight: bold; letter-spacing: 0.03em; }
.releases { list-style: none; padding: 0; }
.releases li { margin: 0 0 1rem 0; }
.releases .headline { font-size: 1.15rem; font-weight: bold; }
.dek { display: block; color: #333333; }
.meta, .files, .note, .role { color: #555555; font-size: 0.9rem; }
.meta, .role { display: block; }
.photos { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: 1.5rem; }
.photo img { width: 100%; height: auto; border: 1px solid #dddddd; }
.photo p { margin: 0.3rem 0; }
.credit { font-weight: bold; }
.copyright, .terms { font-size: 0.9rem; }
.facts th { text-align: left; padding-right: 1.5rem; vertical-align: top; }
.contacts { list-style: none; padding: 0; display: grid;
  grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: 1rem; }
.contacts a { display: block; }
.footer { margin-top: 2.5rem; border-top: 1px solid #cccccc; color: #555555; font-size: 0.85rem; }
)";

// Text libxml2 can write: valid UTF-8 (a bad byte becomes U+FFFD) without the C0 controls
// XML cannot hold.
std::string clean(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') out += static_cast<char>(c);
            ++i;
            continue;
        }
        const std::size_t n = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        bool ok = n != 0 && i + n <= s.size();
        for (std::size_t k = 1; ok && k < n; ++k)
            ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
        if (ok) {
            out.append(s.substr(i, n));
            i += n;
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

// A URI for mailto: with everything but unreserved characters and '@' percent-encoded.
std::string mailto(std::string_view email) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out = "mailto:";
    for (char ch : email) {
        const auto c = static_cast<unsigned char>(ch);
        const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                          c == '~' || c == '@' || c == '+';
        if (keep) {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

class HtmlWriter {
  public:
    HtmlWriter() {
        buffer_ = xmlBufferCreate();
        if (buffer_ == nullptr) throw Error(ErrorCode::backend, "index.html", "libxml2: no buffer");
        writer_ = xmlNewTextWriterMemory(buffer_, 0);
        if (writer_ == nullptr) {
            xmlBufferFree(buffer_);
            throw Error(ErrorCode::backend, "index.html", "libxml2: no writer");
        }
    }
    ~HtmlWriter() {
        if (writer_ != nullptr) xmlFreeTextWriter(writer_);
        if (buffer_ != nullptr) xmlBufferFree(buffer_);
    }
    HtmlWriter(const HtmlWriter&) = delete;
    HtmlWriter& operator=(const HtmlWriter&) = delete;

    void raw(std::string_view text) {
        check(xmlTextWriterWriteRawLen(writer_, xml(std::string(text)), static_cast<int>(text.size())),
              "raw");
    }
    void start(const char* name) { check(xmlTextWriterStartElement(writer_, xml(name)), name); }
    // The end tag of a non-void element, always written out.
    void end() { check(xmlTextWriterFullEndElement(writer_), "end"); }
    // A void element (meta, img, br): closed as <img …/>, which HTML5 allows.
    void end_void() { check(xmlTextWriterEndElement(writer_), "end"); }
    void attribute(const char* name, std::string_view value) {
        check(xmlTextWriterWriteAttribute(writer_, xml(name), xml(clean(value))), name);
    }
    void text(std::string_view value) {
        check(xmlTextWriterWriteString(writer_, xml(clean(value))), "text");
    }
    void element(const char* name, std::string_view content, const char* css_class = nullptr) {
        start(name);
        if (css_class != nullptr) attribute("class", css_class);
        text(content);
        end();
    }
    void link(std::string_view href, std::string_view content, const char* css_class = nullptr) {
        start("a");
        if (css_class != nullptr) attribute("class", css_class);
        attribute("href", href);
        text(content);
        end();
    }

    std::string finish() {
        check(xmlTextWriterFlush(writer_), "flush");
        xmlFreeTextWriter(writer_);
        writer_ = nullptr;
        std::string out(reinterpret_cast<const char*>(xmlBufferContent(buffer_)),
                        static_cast<std::size_t>(xmlBufferLength(buffer_)));
        return out;
    }

  private:
    // libxml2 takes xmlChar (unsigned char) strings; the one cast lives here.
    static const xmlChar* xml(const std::string& s) { return reinterpret_cast<const xmlChar*>(s.c_str()); }
    static const xmlChar* xml(const char* s) { return reinterpret_cast<const xmlChar*>(s); }
    void check(int status, const char* what) {
        if (status < 0)
            throw Error(ErrorCode::backend, "index.html", std::string("libxml2 could not write ") + what);
    }

    xmlBufferPtr buffer_ = nullptr;
    xmlTextWriterPtr writer_ = nullptr;
};

std::string kind_of(std::string_view media_type) {
    if (media_type == "image/jpeg") return "JPEG";
    if (media_type == "image/png") return "PNG";
    if (media_type == "image/gif") return "GIF";
    if (media_type == "image/webp") return "WebP";
    if (media_type == "image/svg+xml") return "SVG";
    return std::string(media_type);
}

} // namespace

std::string human_size(std::uint64_t bytes) {
    if (bytes < 1000) return std::to_string(bytes) + " bytes";
    if (bytes < 1'000'000) return std::to_string((bytes + 500) / 1000) + " KB";
    const std::uint64_t tenths = (bytes + 50'000) / 100'000;
    return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " MB";
}

std::string index_html(const KitIndex& index) {
    const PresskitManifest& manifest = *index.manifest;
    const std::string& org = manifest.organisation.name;
    std::map<std::string, std::uint64_t> sizes(index.sizes.begin(), index.sizes.end());
    const auto size_of = [&](const std::string& path) {
        auto it = sizes.find(path);
        return it == sizes.end() ? std::string() : human_size(it->second);
    };

    HtmlWriter w;
    w.raw("<!DOCTYPE html>\n");
    w.start("html");
    w.attribute("lang", "en");
    w.raw("\n");
    w.start("head");
    w.raw("\n");
    w.start("meta");
    w.attribute("charset", "utf-8");
    w.end_void();
    w.raw("\n");
    w.start("meta");
    w.attribute("name", "viewport");
    w.attribute("content", "width=device-width, initial-scale=1");
    w.end_void();
    w.raw("\n");
    w.start("meta");
    w.attribute("name", "generator");
    w.attribute("content", std::string("galley ") + GALLEY_VERSION);
    w.end_void();
    w.raw("\n");
    w.element("title", org + " press kit");
    w.raw("\n");
    w.start("style");
    w.raw(style_sheet);
    w.end();
    w.raw("\n");
    w.end(); // head
    w.raw("\n");
    w.start("body");
    w.raw("\n");

    // The masthead: logo, name, website.
    w.start("div");
    w.attribute("class", "masthead");
    if (!index.logo.empty()) {
        w.start("img");
        w.attribute("src", index.logo);
        w.attribute("alt", org + " logo");
        if (index.logo_width > 0 && index.logo_height > 0) {
            w.attribute("width", std::to_string(index.logo_width));
            w.attribute("height", std::to_string(index.logo_height));
        }
        w.end_void();
    }
    w.start("div");
    w.start("h1");
    w.text(org);
    w.element("span", "Press kit", "kind");
    w.end();
    const std::string& website = manifest.organisation.website;
    if (!website.empty()) {
        w.start("p");
        w.attribute("class", "website");
        // Only web addresses become links (never javascript: or data:).
        if (website.starts_with("https://") || website.starts_with("http://")) w.link(website, website);
        else w.text(website);
        w.end();
    }
    w.end(); // div
    w.end(); // masthead
    w.raw("\n");

    if (manifest.embargo) {
        w.element("p", manifest.embargo->notice(), "embargo");
        w.raw("\n");
    }

    // Releases.
    w.start("div");
    w.attribute("class", "section");
    w.attribute("id", "releases");
    w.element("h2", index.releases.size() == 1 ? "Press release" : "Press releases");
    w.start("ul");
    w.attribute("class", "releases");
    for (const KitRelease& r : index.releases) {
        w.raw("\n");
        w.start("li");
        if (!r.language.empty()) w.attribute("lang", r.language);
        w.link(r.pdf, r.headline, "headline");
        if (!r.dek.empty()) w.element("span", r.dek, "dek");
        w.start("span");
        w.attribute("class", "meta");
        if (!r.date.empty()) w.text(r.date + " · ");
        w.link(r.pdf, "PDF");
        w.text(" (" + size_of(r.pdf) + ") · ");
        w.link(r.print, "print PDF");
        w.text(" (" + size_of(r.print) + ")");
        w.end();
        w.end(); // li
    }
    w.raw("\n");
    w.end(); // ul
    w.start("p");
    w.text("Every release in one e-book: ");
    w.link(index.epub, index.epub);
    w.text(" (EPUB 3, " + size_of(index.epub) + ")");
    w.end();
    w.end(); // section
    w.raw("\n");

    // Fact sheet.
    if (!index.fact_sheet.empty()) {
        w.start("div");
        w.attribute("class", "section");
        w.attribute("id", "fact-sheet");
        w.element("h2", "Fact sheet");
        if (manifest.fact_sheet && manifest.fact_sheet->file.empty()) {
            w.start("table");
            w.attribute("class", "facts");
            for (const auto& [label, value] : manifest.fact_sheet->facts) {
                w.start("tr");
                w.element("th", label);
                w.element("td", value);
                w.end();
            }
            w.end();
        }
        w.start("p");
        w.link(index.fact_sheet, "Fact sheet");
        w.text(" (PDF, " + size_of(index.fact_sheet) + ")");
        w.end();
        w.end();
        w.raw("\n");
    }

    // Photos.
    if (!index.photos.empty()) {
        w.start("div");
        w.attribute("class", "section");
        w.attribute("id", "photos");
        w.element("h2", "Photos");
        w.start("p");
        w.attribute("class", "note");
        w.text("Print every photo with its credit as given. Captions and credits of all photos, "
               "ready to paste: ");
        w.link(index.captions_txt, "captions.txt");
        w.text(" · as a spreadsheet: ");
        w.link(index.credits_csv, "credits.csv");
        w.end();
        w.start("div");
        w.attribute("class", "photos");
        for (const KitPhoto& p : index.photos) {
            w.raw("\n");
            w.start("div");
            w.attribute("class", "photo");
            w.start("a");
            w.attribute("href", p.web);
            w.start("img");
            w.attribute("src", p.thumb);
            w.attribute("alt", !p.alt.empty() ? p.alt : p.caption);
            if (p.thumb_width > 0) {
                w.attribute("width", std::to_string(p.thumb_width));
                w.attribute("height", std::to_string(p.thumb_height));
            }
            w.end_void();
            w.end(); // a
            if (!p.caption.empty()) w.element("p", p.caption, "caption");
            const std::string credit = p.credit_display();
            if (!credit.empty()) w.element("p", "Photo: " + credit, "credit");
            if (!p.copyright.empty() && p.copyright != credit) w.element("p", p.copyright, "copyright");
            if (!p.terms.empty()) w.element("p", "Terms: " + p.terms, "terms");
            w.start("p");
            w.attribute("class", "files");
            w.link(p.original, "Original");
            w.text(" " + kind_of(p.media_type) + ", " + std::to_string(p.width) + " × " +
                   std::to_string(p.height) + " px, " + size_of(p.original) + " · ");
            w.link(p.web, "Web");
            w.text(" JPEG, " + std::to_string(p.web_long_edge) + " px, " + size_of(p.web));
            w.end();
            w.end(); // photo
        }
        w.raw("\n");
        w.end(); // photos
        w.end(); // section
        w.raw("\n");
    }

    // Contacts.
    w.start("div");
    w.attribute("class", "section");
    w.attribute("id", "contacts");
    w.element("h2", "Media contacts");
    if (!manifest.contacts.empty()) {
        w.start("ul");
        w.attribute("class", "contacts");
        for (const PresskitContact& c : manifest.contacts) {
            w.raw("\n");
            w.start("li");
            w.element("strong", c.name);
            if (!c.role.empty()) w.element("span", c.role, "role");
            if (!c.email.empty()) w.link(mailto(c.email), c.email);
            if (!c.phone.empty()) {
                if (auto tel = tel_uri(c.phone)) w.link(*tel, c.phone);
                else w.element("span", c.phone, "phone");
            }
            w.end();
        }
        w.raw("\n");
        w.end();
    }
    w.start("p");
    w.text("For your address book: ");
    w.link(index.contacts_vcf, index.contacts_vcf);
    w.text(" (vCard)");
    w.end();
    w.end(); // section
    w.raw("\n");

    w.start("div");
    w.attribute("class", "footer");
    w.start("p");
    w.text("Press kit of " + org + ", prepared " + format_utc(index.date) +
           ". Every file with its size and SHA-256 checksum: ");
    w.link(index.manifest_json, index.manifest_json);
    w.text(".");
    w.end();
    w.end();
    w.raw("\n");
    w.end(); // body
    w.raw("\n");
    w.end(); // html
    w.raw("\n");
    return w.finish();
}

} // namespace galley::detail
