#include "print/pdf_finish.hpp"

#include "galley/error.hpp"

// qpdf without its deprecated PointerHolder (std::shared_ptr throughout).
#define POINTERHOLDER_TRANSITION 4

#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFLogger.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include <exception>
#include <set>

namespace galley::detail::print {

namespace {

// A box from the sheet's top-left corner, in PDF space (origin bottom-left).
QPDFObjectHandle rectangle(double x, double y, double width, double height, double media_height) {
    return QPDFObjectHandle::newFromRectangle(
        QPDFObjectHandle::Rectangle(x, media_height - y - height, x + width, media_height - y));
}

// Sets /Alt on every Figure below `node`, in depth-first order (the order Cairo wrote them).
void set_alts(QPDFObjectHandle node, const std::vector<std::string>& alts, std::size_t& next,
              std::set<QPDFObjGen>& seen, int depth) {
    if (depth > 200) return;
    if (node.isArray()) {
        for (int i = 0; i < node.getArrayNItems(); ++i)
            set_alts(node.getArrayItem(i), alts, next, seen, depth + 1);
        return;
    }
    if (!node.isDictionary()) return;
    if (node.isIndirect() && !seen.insert(node.getObjGen()).second) return;
    // Marked-content references and page objects are not structure elements.
    if (node.hasKey("/Type") && node.getKey("/Type").isName() &&
        node.getKey("/Type").getName() != "/StructElem")
        return;
    if (node.hasKey("/S") && node.getKey("/S").isName() &&
        node.getKey("/S").getName() == "/Figure") {
        if (next < alts.size() && !alts[next].empty())
            node.replaceKey("/Alt", QPDFObjectHandle::newUnicodeString(alts[next]));
        ++next;
    }
    if (node.hasKey("/K")) set_alts(node.getKey("/K"), alts, next, seen, depth + 1);
}

} // namespace

std::string finish_pdf(const std::string& bytes, const PdfFinishing& finishing) {
    // Every QPDF shares one process-wide logger, made on first use behind a static guard in
    // libqpdf that ThreadSanitizer does not see (it reported the threads' first files racing
    // its allocation). Made first behind galley's own guard, its creation is ordered before
    // every thread's use.
    static const std::shared_ptr<QPDFLogger> logger = QPDFLogger::defaultLogger();
    try {
        QPDF pdf;
        pdf.setSuppressWarnings(true);
        pdf.processMemoryFile("print.pdf", bytes.data(), bytes.size());
        std::vector<QPDFPageObjectHelper> pages = QPDFPageDocumentHelper(pdf).getAllPages();
        for (std::size_t i = 0; i < pages.size() && i < finishing.pages.size(); ++i) {
            const PageBoxes& b = finishing.pages[i];
            QPDFObjectHandle page = pages[i].getObjectHandle();
            page.replaceKey("/MediaBox",
                            rectangle(0, 0, b.media_width, b.media_height, b.media_height));
            page.replaceKey("/BleedBox", rectangle(b.trim_x - b.bleed, b.trim_y - b.bleed,
                                                   b.trim_width + 2 * b.bleed,
                                                   b.trim_height + 2 * b.bleed, b.media_height));
            page.replaceKey("/TrimBox", rectangle(b.trim_x, b.trim_y, b.trim_width, b.trim_height,
                                                  b.media_height));
        }
        QPDFObjectHandle root = pdf.getRoot();
        if (!finishing.language.empty())
            root.replaceKey("/Lang", QPDFObjectHandle::newUnicodeString(finishing.language));
        if (!finishing.figure_alts.empty() && root.hasKey("/StructTreeRoot")) {
            std::size_t next = 0;
            std::set<QPDFObjGen> seen;
            set_alts(root.getKey("/StructTreeRoot").getKey("/K"), finishing.figure_alts, next, seen,
                     0);
        }
        if (!finishing.keep_dates) {
            QPDFObjectHandle info = pdf.getTrailer().getKey("/Info");
            if (info.isDictionary()) {
                info.removeKey("/CreationDate");
                info.removeKey("/ModDate");
            }
        }
        QPDFWriter writer(pdf);
        writer.setOutputMemory();
        writer.setDeterministicID(true);
        writer.setCompressStreams(true);
        writer.setObjectStreamMode(qpdf_o_generate);
        writer.write();
        std::shared_ptr<Buffer> buffer = writer.getBufferSharedPointer();
        return std::string(reinterpret_cast<const char*>(buffer->getBuffer()), buffer->getSize());
    } catch (const std::exception& e) {
        throw Error(ErrorCode::backend, "",
                    std::string("qpdf: cannot finish the PDF: ") + e.what());
    }
}

} // namespace galley::detail::print
