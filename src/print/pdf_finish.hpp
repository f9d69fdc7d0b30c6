// Internal: what Cairo cannot write into a PDF, added with libqpdf — the page boxes a printer
// needs (MediaBox, BleedBox, TrimBox), the document language, Alt text on figures — and the
// file written again deterministically (an ID derived from the content, no timestamps).
#pragma once

#include <string>
#include <vector>

namespace galley::detail::print {

// A page's boxes, in points from the sheet's top-left corner (converted to PDF space here).
struct PageBoxes {
    double media_width = 0, media_height = 0;
    double trim_x = 0, trim_y = 0, trim_width = 0, trim_height = 0;
    double bleed = 0;
};

struct PdfFinishing {
    std::vector<PageBoxes> pages;         // one per page, in order
    std::string language;                 // BCP 47 for /Lang; empty: none
    std::vector<std::string> figure_alts; // the Figure structure elements' /Alt, in tree order
    bool keep_dates = true;               // false: remove CreationDate and ModDate
};

// `pdf` (as Cairo wrote it) with the finishing applied. Throws galley::Error
// (ErrorCode::backend) when qpdf cannot read or write it.
std::string finish_pdf(const std::string& pdf, const PdfFinishing& finishing);

} // namespace galley::detail::print
