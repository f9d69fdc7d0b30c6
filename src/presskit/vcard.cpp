// contacts.vcf: vCard 4.0 (RFC 6350) — CRLF line ends, TEXT escaping, lines folded at 75
// octets without splitting a UTF-8 sequence, telephone numbers as tel: URIs (RFC 3966).
#include "presskit/kit.hpp"

namespace galley::detail {

std::string vcard_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        switch (c) {
        case '\\': out += "\\\\"; break;
        case ',': out += "\\,"; break;
        case ';': out += "\\;"; break;
        case '\r':
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
            out += "\\n";
            break;
        case '\n': out += "\\n"; break;
        default:
            // Other C0 controls and DEL cannot stand in a content line.
            if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) out += c;
        }
    }
    return out;
}

std::string vcard_fold(std::string_view line) {
    constexpr std::size_t limit = 75; // octets a physical line, excluding CRLF
    std::string out;
    std::size_t room = limit;
    while (line.size() > room) {
        std::size_t cut = room;
        // Never inside a UTF-8 sequence: back up to the start of the character.
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
        out.append(line.substr(0, cut));
        out += "\r\n ";
        line.remove_prefix(cut);
        room = limit - 1; // the leading space counts
    }
    out.append(line);
    out += "\r\n";
    return out;
}

std::optional<std::string> tel_uri(std::string_view phone) {
    std::size_t start = 0;
    while (start < phone.size() && phone[start] == ' ') ++start;
    if (start >= phone.size() || phone[start] != '+') return std::nullopt;
    std::string uri = "tel:+";
    bool separator = false;
    int digits = 0;
    for (std::size_t i = start + 1; i < phone.size(); ++i) {
        const char c = phone[i];
        if (c >= '0' && c <= '9') {
            if (separator && digits > 0) uri += '-';
            separator = false;
            uri += c;
            ++digits;
        } else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/') {
            separator = true;
        } else {
            return std::nullopt;
        }
    }
    if (digits < 3 || digits > 15) return std::nullopt; // E.164 allows at most 15 digits
    return uri;
}

std::string contacts_vcard(const PresskitManifest& manifest, Warnings& warnings) {
    std::string out;
    const auto line = [&](std::string_view content) { out += vcard_fold(content); };
    const std::string org = vcard_escape(manifest.organisation.name);

    line("BEGIN:VCARD");
    line("VERSION:4.0");
    line("KIND:org");
    line("FN:" + org);
    line("ORG:" + org);
    if (!manifest.organisation.website.empty()) {
        // A URI value is not escaped (RFC 6350 §3.4 is about TEXT); controls are dropped.
        std::string url;
        for (char c : manifest.organisation.website)
            if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) url += c;
        line("URL:" + url);
    }
    line("END:VCARD");

    for (const PresskitContact& contact : manifest.contacts) {
        line("BEGIN:VCARD");
        line("VERSION:4.0");
        line("KIND:individual");
        line("FN:" + vcard_escape(contact.name));
        line("ORG:" + org);
        if (!contact.role.empty()) line("TITLE:" + vcard_escape(contact.role));
        if (!contact.email.empty()) line("EMAIL;TYPE=work:" + vcard_escape(contact.email));
        if (!contact.phone.empty()) {
            if (auto uri = tel_uri(contact.phone)) {
                line("TEL;VALUE=uri;TYPE=work,voice:" + *uri);
            } else {
                warnings.push_back({manifest.file, contact.at,
                                    "phone number '" + contact.phone + "' of " + contact.name +
                                        " has no country code (+…): written as text, not as a "
                                        "tel: link"});
                line("TEL;VALUE=text;TYPE=work,voice:" + vcard_escape(contact.phone));
            }
        }
        line("END:VCARD");
    }
    return out;
}

} // namespace galley::detail
