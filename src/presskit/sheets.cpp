// photos/credits.csv (RFC 4180) and photos/captions.txt.
#include "presskit/kit.hpp"

namespace galley::detail {

std::string KitPhoto::credit_display() const {
    Credit shown;
    shown.line = credit;
    shown.creator = creator;
    shown.source = source_agency;
    return shown.display();
}

std::string csv_field(std::string_view text) {
    const bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos ||
                       (!text.empty() && (text.front() == ' ' || text.back() == ' '));
    if (!quote) return std::string(text);
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string credits_csv(const std::vector<KitPhoto>& photos) {
    std::string out = "file,caption,creator,credit,copyright,terms\r\n";
    for (const KitPhoto& photo : photos) {
        out += csv_field(photo.original) + ',' + csv_field(photo.caption) + ',' +
               csv_field(photo.creator) + ',' + csv_field(photo.credit_display()) + ',' +
               csv_field(photo.copyright) + ',' + csv_field(photo.terms) + "\r\n";
    }
    return out;
}

std::string captions_text(const std::vector<KitPhoto>& photos) {
    std::string out;
    for (const KitPhoto& photo : photos) {
        if (!out.empty()) out += '\n';
        out += photo.original + '\n';
        if (!photo.caption.empty()) out += photo.caption + '\n';
        const std::string credit = photo.credit_display();
        if (!credit.empty()) out += "Photo: " + credit + '\n';
        if (!photo.copyright.empty() && photo.copyright != credit) out += photo.copyright + '\n';
        if (!photo.terms.empty()) out += "Terms: " + photo.terms + '\n';
    }
    return out;
}

} // namespace galley::detail
