// The captions and credits a photo carries in IPTC IIM, XMP and Exif, read with exiv2 0.27.
//
// Thread safety (exiv2 0.27.6, checked in its sources):
// - XmpParser::initialize() is not thread-safe, and XmpParser::decode() calls it lazily
//   when nothing has; so it is called here once (std::call_once) before any parsing, with a
//   lock function so that namespaces a packet brings along are registered under a mutex.
// - The Adobe XMP toolkit inside exiv2 holds one process-wide lock for every call into it
//   (XMP_ENTER_WRAPPER), created by that initialisation: XMP packets are parsed one at a
//   time, whatever the number of threads. IPTC and Exif decoding share no state.
// - LogMsg::setLevel() writes a plain static that every exiv2 warning reads: it is set
//   once, in the same call_once, before any thread parses. XmpParser::terminate() is never
//   called (it would pull the toolkit from under other threads).
// - XmpProperties' namespace registry has its own read-write lock; the Exif and IPTC tag
//   tables are constant.
#include "galley/image.hpp"

#include "image/image_detail.hpp"
#include "read/reader.hpp"

// exiv2 0.27's interface is written with std::auto_ptr, deprecated in C++11.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#include <exiv2/exiv2.hpp>

#include <array>
#include <mutex>

namespace galley {

namespace {

void lock_xmp_toolkit(void* data, bool lock) {
    auto* mutex = static_cast<std::recursive_mutex*>(data);
    if (lock)
        mutex->lock();
    else
        mutex->unlock();
}

void initialise_exiv2() {
    static std::once_flag once;
    static std::recursive_mutex xmp_registry;
    std::call_once(once, [] {
        Exiv2::LogMsg::setLevel(Exiv2::LogMsg::mute);
        Exiv2::XmpParser::initialize(lock_xmp_toolkit, &xmp_registry);
    });
}

// The length of the valid UTF-8 sequence at `i`, or 0.
std::size_t utf8_sequence(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    char32_t code = 0;
    if (lead >= 0xC2 && lead <= 0xDF)
        length = 2, code = lead & 0x1F;
    else if (lead >= 0xE0 && lead <= 0xEF)
        length = 3, code = lead & 0x0F;
    else if (lead >= 0xF0 && lead <= 0xF4)
        length = 4, code = lead & 0x07;
    else
        return 0;
    if (i + length > text.size()) return 0;
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
        code = (code << 6) | (byte(i + k) & 0x3F);
    }
    const char32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < smallest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
    return length;
}

bool is_utf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = utf8_sequence(text, i);
        if (length == 0) return false;
        i += length;
    }
    return true;
}

std::string latin1_to_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size() * 2);
    for (unsigned char c : text) {
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return out;
}

// Control characters (tabs and line breaks among them) become spaces; the ends are trimmed;
// text after a NUL (Exif pads and separates with NULs) is kept apart by ", ".
std::string cleaned(std::string_view text) {
    std::string out;
    std::string part;
    const auto flush = [&] {
        const auto first = part.find_first_not_of(' ');
        if (first != std::string::npos) {
            const auto last = part.find_last_not_of(' ');
            if (!out.empty()) out += ", ";
            out += part.substr(first, last - first + 1);
        }
        part.clear();
    };
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u == 0) {
            flush();
        } else {
            part += (u < 0x20 || u == 0x7F) ? ' ' : c;
        }
    }
    flush();
    return out;
}

// Values cameras write into Exif ImageDescription or Artist by themselves, which describe
// nothing.
bool is_camera_placeholder(std::string_view value) {
    static constexpr std::array<std::string_view, 12> placeholders = {
        "OLYMPUS DIGITAL CAMERA",
        "SONY DSC",
        "DIGITAL CAMERA",
        "KONICA MINOLTA DIGITAL CAMERA",
        "MINOLTA DIGITAL CAMERA",
        "DCIM",
        "Default",
        "default",
        "Unknown",
        "unknown",
        "Picasa",
        "<KENOX S630  / Samsung S630>"};
    for (std::string_view placeholder : placeholders)
        if (value == placeholder) return true;
    return false;
}

// One candidate value of a field, and where it came from ("IPTC 2:120 Caption-Abstract").
struct Candidate {
    std::string_view from;
    std::string value;
};

// For messages: the value, or the part of it around where it differs from `other`.
std::string excerpt(const std::string& value, const std::string& other) {
    constexpr std::size_t longest = 90;
    if (value.size() <= longest) return "'" + value + "'";
    std::size_t differs = 0;
    while (differs < value.size() && differs < other.size() && value[differs] == other[differs])
        ++differs;
    std::size_t start = differs > 30 ? differs - 30 : 0;
    while (start > 0 && (static_cast<unsigned char>(value[start]) & 0xC0) == 0x80) --start;
    std::size_t end = std::min(value.size(), start + longest);
    while (end < value.size() && (static_cast<unsigned char>(value[end]) & 0xC0) == 0x80) --end;
    return std::string("'") + (start > 0 ? "…" : "") + value.substr(start, end - start) +
           (end < value.size() ? "…" : "") + "'";
}

// The first non-empty candidate; a warning for each later one that says something else.
std::string choose(std::string_view field, const std::vector<Candidate>& candidates,
                   const std::string& image_file, Warnings& warnings) {
    const Candidate* chosen = nullptr;
    for (const Candidate& candidate : candidates) {
        if (candidate.value.empty()) continue;
        if (chosen == nullptr) {
            chosen = &candidate;
            continue;
        }
        if (candidate.value == chosen->value) continue;
        warnings.push_back(
            {image_file,
             {},
             "the photo's " + std::string(field) + " differs between " + std::string(chosen->from) +
                 " " + excerpt(chosen->value, candidate.value) + " and " +
                 std::string(candidate.from) + " " + excerpt(candidate.value, chosen->value) +
                 "; " + std::string(chosen->from) + " is used"});
    }
    return chosen ? chosen->value : std::string();
}

class MetadataReader {
  public:
    MetadataReader(const Exiv2::Image& image, const std::string& image_file, Warnings& warnings)
        : image_(image), image_file_(image_file), warnings_(warnings) {
        const Exiv2::IptcData& iptc = image.iptcData();
        const auto charset = iptc.findKey(Exiv2::IptcKey("Iptc.Envelope.CharacterSet"));
        iptc_declares_utf8_ = charset != iptc.end() && charset->toString() == "\x1B%G";
    }

    // Every value of a (repeatable) IPTC dataset, joined with ", ".
    std::string iptc(const char* key) {
        const Exiv2::IptcData& iptc = image_.iptcData();
        const Exiv2::IptcKey wanted(key);
        std::string joined;
        for (auto it = iptc.begin(); it != iptc.end(); ++it) {
            if (it->record() != wanted.record() || it->tag() != wanted.tag()) continue;
            std::string value = cleaned(iptc_text(it->toString(), key));
            if (value.empty()) continue;
            if (!joined.empty()) joined += ", ";
            joined += value;
        }
        return joined;
    }

    // A simple XMP property, an array's items joined with ", ", or a language alternative's
    // x-default (else its first) value.
    std::string xmp(const char* key) {
        const Exiv2::XmpData& xmp = image_.xmpData();
        const auto found = xmp.findKey(Exiv2::XmpKey(key));
        if (found == xmp.end()) return {};
        const Exiv2::Value& value = found->value();
        if (const auto* alternatives = dynamic_cast<const Exiv2::LangAltValue*>(&value)) {
            for (const auto& [language, text] : alternatives->value_)
                if (equal_ignoring_case(language, "x-default")) return cleaned(text);
            return alternatives->value_.empty() ? std::string()
                                                : cleaned(alternatives->value_.begin()->second);
        }
        if (const auto* items = dynamic_cast<const Exiv2::XmpArrayValue*>(&value)) {
            std::string joined;
            for (long i = 0; i < items->count(); ++i) {
                std::string item = cleaned(items->toString(i));
                if (item.empty()) continue;
                if (!joined.empty()) joined += ", ";
                joined += item;
            }
            return joined;
        }
        return cleaned(value.toString());
    }

    // An Exif ASCII tag: UTF-8 when it is (cameras and editors write it so), else Latin-1.
    std::string exif(const char* key) {
        const Exiv2::ExifData& exif = image_.exifData();
        const auto found = exif.findKey(Exiv2::ExifKey(key));
        if (found == exif.end() || found->typeId() != Exiv2::asciiString) return {};
        const Exiv2::Value& value = found->value();
        std::string raw(static_cast<std::size_t>(value.size()), '\0');
        if (!raw.empty())
            value.copy(reinterpret_cast<Exiv2::byte*>(raw.data()), Exiv2::invalidByteOrder);
        if (!is_utf8(raw)) raw = latin1_to_utf8(raw);
        std::string text = cleaned(raw);
        return is_camera_placeholder(text) ? std::string() : text;
    }

  private:
    static bool equal_ignoring_case(std::string_view a, std::string_view b) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i) {
            char x = a[i], y = b[i];
            if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
            if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
            if (x != y) return false;
        }
        return true;
    }

    // IPTC text is UTF-8 when 1:90 says so (ESC % G); without that, UTF-8 when it is valid
    // UTF-8, else Latin-1 (what IIM writers without 1:90 used in practice).
    std::string iptc_text(const std::string& raw, const char* key) {
        if (is_utf8(raw)) return raw;
        if (iptc_declares_utf8_)
            warnings_.push_back({image_file_,
                                 {},
                                 std::string("the photo's IPTC says its text is UTF-8, but ") +
                                     key + " is not; it was read as Latin-1"});
        return latin1_to_utf8(raw);
    }

    const Exiv2::Image& image_;
    const std::string& image_file_;
    Warnings& warnings_;
    bool iptc_declares_utf8_ = false;
};

} // namespace

bool ImageMetadata::empty() const {
    return caption.empty() && creator.empty() && credit.empty() && copyright.empty() &&
           source.empty() && alt.empty() && creator_title.empty() && instructions.empty() &&
           usage_terms.empty() && supplier.empty() && caption_credit.empty();
}

Credit ImageMetadata::figure_credit() const {
    Credit out;
    const bool caption_names = !caption_credit.creator.empty() || !caption_credit.line.empty() ||
                               !caption_credit.source.empty();
    if (caption_names) {
        out.creator = caption_credit.creator;
        out.line = caption_credit.line;
        out.source = caption_credit.source;
        // The By-line Title is the By-line's: it goes with the caption's photographer only
        // when they are the same person.
        if (!out.creator.empty() && out.creator == creator) out.creator_title = creator_title;
    } else {
        out.creator = creator;
        out.line = credit;
        out.source = source;
        out.creator_title = creator_title;
    }
    out.copyright = copyright;
    out.notes = caption_credit.notes;
    out.instructions = instructions;
    out.usage_terms = usage_terms;
    return out;
}

ImageMetadata read_image_metadata(std::string_view bytes, const std::string& image_file,
                                  Warnings& warnings) {
    ImageMetadata metadata;
    // Only the formats galley places; exiv2 is not handed anything else it could parse.
    const std::string_view kind = detail::sniffed_media_type(bytes);
    if (kind != "image/jpeg" && kind != "image/png" && kind != "image/webp") return metadata;
    if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<long>::max())) return metadata;
    initialise_exiv2();

    Warnings found;
    try {
        auto image = Exiv2::ImageFactory::open(reinterpret_cast<const Exiv2::byte*>(bytes.data()),
                                               static_cast<long>(bytes.size()));
        if (image.get() == nullptr) return metadata;
        image->readMetadata();
        // exiv2 drops an XMP packet it cannot parse (with a log message, muted here).
        if (!image->xmpPacket().empty() && image->xmpData().empty())
            found.push_back(
                {image_file, {}, "the photo's XMP metadata is damaged and was ignored"});

        MetadataReader read(*image, image_file, found);
        metadata.caption =
            choose("caption",
                   {{"IPTC 2:120 Caption-Abstract", read.iptc("Iptc.Application2.Caption")},
                    {"XMP dc:description", read.xmp("Xmp.dc.description")},
                    {"Exif ImageDescription", read.exif("Exif.Image.ImageDescription")}},
                   image_file, found);
        metadata.creator = choose("creator",
                                  {{"IPTC 2:80 By-line", read.iptc("Iptc.Application2.Byline")},
                                   {"XMP dc:creator", read.xmp("Xmp.dc.creator")},
                                   {"Exif Artist", read.exif("Exif.Image.Artist")}},
                                  image_file, found);
        metadata.credit = choose("credit line",
                                 {{"IPTC 2:110 Credit", read.iptc("Iptc.Application2.Credit")},
                                  {"XMP photoshop:Credit", read.xmp("Xmp.photoshop.Credit")}},
                                 image_file, found);
        metadata.copyright =
            choose("copyright notice",
                   {{"IPTC 2:116 Copyright Notice", read.iptc("Iptc.Application2.Copyright")},
                    {"XMP dc:rights", read.xmp("Xmp.dc.rights")},
                    {"Exif Copyright", read.exif("Exif.Image.Copyright")}},
                   image_file, found);
        metadata.source = choose("source",
                                 {{"IPTC 2:115 Source", read.iptc("Iptc.Application2.Source")},
                                  {"XMP photoshop:Source", read.xmp("Xmp.photoshop.Source")}},
                                 image_file, found);
        metadata.alt = choose(
            "alternative text",
            {{"XMP Iptc4xmpCore:AltTextAccessibility", read.xmp("Xmp.iptc.AltTextAccessibility")}},
            image_file, found);
        metadata.creator_title =
            choose("creator's title",
                   {{"IPTC 2:85 By-line Title", read.iptc("Iptc.Application2.BylineTitle")},
                    {"XMP photoshop:AuthorsPosition", read.xmp("Xmp.photoshop.AuthorsPosition")}},
                   image_file, found);
        // Usage notes are never dropped for disagreeing: both are kept.
        for (const std::string& instructions :
             {read.iptc("Iptc.Application2.SpecialInstructions"),
              read.xmp("Xmp.photoshop.Instructions")}) {
            if (instructions.empty() ||
                metadata.instructions.find(instructions) != std::string::npos)
                continue;
            if (!metadata.instructions.empty()) metadata.instructions += "; ";
            metadata.instructions += instructions;
        }
        metadata.usage_terms = read.xmp("Xmp.xmpRights.UsageTerms");
        metadata.supplier = read.xmp("Xmp.plus.ImageSupplier[1]/plus:ImageSupplierName");
        if (metadata.supplier.empty()) metadata.supplier = read.xmp("Xmp.plus.ImageSupplierName");
        if (metadata.source.empty()) metadata.source = metadata.supplier;
        // The caption's own credit and notes come off it, as the readers take them off.
        metadata.caption_credit = detail::split_caption_credit(metadata.caption);
    } catch (const Exiv2::AnyError& error) {
        warnings.push_back({image_file,
                            {},
                            std::string("the photo's metadata cannot be read (") + error.what() +
                                "); its caption and credit fields were ignored"});
        return {};
    } catch (const std::exception& error) {
        // exiv2 also lets standard exceptions out of damaged files (std::out_of_range …).
        warnings.push_back({image_file,
                            {},
                            std::string("the photo's metadata cannot be read (") + error.what() +
                                "); its caption and credit fields were ignored"});
        return {};
    }
    warnings.insert(warnings.end(), found.begin(), found.end());
    return metadata;
}

} // namespace galley

#pragma GCC diagnostic pop
