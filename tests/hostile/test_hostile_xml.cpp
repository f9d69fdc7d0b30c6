// Hostile XML (issue 9): external and parameter entities, entity bombs, deep nesting, a 50 MB
// document, undeclared encodings and UTF-16 — each beside a good article, through the CLI,
// within the bounds of hostile.hpp.
#include "hostile/hostile.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace galley::test;
using namespace galley::test::hostile;

namespace {

constexpr const char* kMarker = "SECRET-MARKER-7f3a9c";
const std::vector<std::string> kAllFormats = {"pdf", "epub", "print", "json"};

std::string nitf(const std::string& doctype, const std::string& headline, const std::string& body) {
    return "<?xml version=\"1.0\"?>\n" + doctype +
           "<nitf><body><body.head><hedline><hl1>" + headline +
           "</hl1></hedline></body.head>\n<body.content>" + body +
           "</body.content></body></nitf>\n";
}

// A TCP listener on 127.0.0.1 that never accepts: a connection attempt would wait in its
// backlog, where pending_connections() sees it.
class Listener {
public:
    Listener() {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = 0;
        if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd_, 16) != 0)
            throw std::runtime_error("cannot listen on 127.0.0.1");
        socklen_t len = sizeof a;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
        port_ = ntohs(a.sin_port);
    }
    ~Listener() { ::close(fd_); }
    int port() const { return port_; }
    int pending_connections() {
        int n = 0;
        for (int c; (c = ::accept(fd_, nullptr, nullptr)) >= 0; ++n) ::close(c);
        return n;
    }

private:
    int fd_ = -1;
    int port_ = 0;
};

} // namespace

TEST(HostileXml, ExternalEntitiesAreNeverReadNorFetched) {
    Batch batch;
    Listener listener;
    // The secret lives outside the inputs' folder, as /etc/passwd would.
    write_file(batch.root() / "secret.txt", std::string(kMarker) + "\n");
    const std::string url = "http://127.0.0.1:" + std::to_string(listener.port()) + "/secret";
    write_file(batch.in() / "xxe-file.xml",
               nitf("<!DOCTYPE nitf [\n"
                    "<!ENTITY abs SYSTEM \"file://" + (batch.root() / "secret.txt").string() + "\">\n"
                    "<!ENTITY rel SYSTEM \"../secret.txt\">\n"
                    "]>\n",
                    "Local entity", "<p>Before &abs; and &rel; after.</p>"));
    write_file(batch.in() / "xxe-url.xml",
               nitf("<!DOCTYPE nitf [\n"
                    "<!ENTITY discard SYSTEM \"http://127.0.0.1:9/secret\">\n"
                    "<!ENTITY listener SYSTEM \"" + url + "\">\n"
                    "]>\n",
                    "Remote entity", "<p>Before &discard; and &listener; after.</p>"));
    batch.add_good();

    auto r = batch.convert({batch.in()}, "pdf,epub,print,json");
    // The references stand for nothing, with a warning each; the articles still convert.
    EXPECT_EQ(r.status, 0) << r.err;
    // Each named with the line of its first reference.
    for (const std::string& w :
         {"xxe-file.xml:7: warning: external entity &abs; (file://" + (batch.root() / "secret.txt").string() + ")",
          std::string("xxe-file.xml:7: warning: external entity &rel; (../secret.txt)"),
          std::string("xxe-url.xml:7: warning: external entity &discard; (http://127.0.0.1:9/secret)"),
          "xxe-url.xml:7: warning: external entity &listener; (" + url + ")"})
        EXPECT_NE(r.err.find(w), std::string::npos) << w << "\n" << r.err;
    EXPECT_EQ(count(r.err, "galley never reads external entities"), 4u) << r.err;

    EXPECT_EQ(listener.pending_connections(), 0) << "galley connected to " << url;
    std::string seen = everything_readable(batch.out()) + r.out + r.err;
    EXPECT_EQ(seen.find(kMarker), std::string::npos) << "the secret file's content leaked";
    EXPECT_EQ(count(seen, "Before and after."), 2u * 4u) << "the text around the references is kept (JSON, EPUB, PDFs)";
    for (const char* stem : {"xxe-file", "xxe-url", "good"})
        expect_good_outputs(batch.out(), stem, kAllFormats,
                            stem == std::string("good") ? kGoodHeadline
                            : stem == std::string("xxe-url") ? "Remote entity"
                                                              : "Local entity");
}

TEST(HostileXml, ParameterEntities) {
    Batch batch;
    write_file(batch.root() / "secret.dtd",
               std::string("<!ENTITY leak \"") + kMarker + "\">\n");
    // An external parameter entity (never loaded: a warning with its line), an internal one
    // that declares a general entity (XML's own mechanism, within the document: kept), and
    // parameter entities inside an entity value (forbidden in the internal subset: an error).
    write_file(batch.in() / "pe.xml",
               nitf("<!DOCTYPE nitf [\n"
                    "<!ENTITY % ext SYSTEM \"file://" + (batch.root() / "secret.dtd").string() + "\">\n"
                    "%ext;\n"
                    "<!ENTITY % decl \"<!ENTITY inner 'declared inside'>\">\n"
                    "%decl;\n"
                    "]>\n",
                    "Parameter &inner;", "<p>Text &leak; here.</p>"));
    std::string bomb = "<!DOCTYPE nitf [\n<!ENTITY % p0 \"lol\">\n";
    for (int i = 1; i < 12; ++i) {
        bomb += "<!ENTITY % p" + std::to_string(i) + " \"";
        for (int k = 0; k < 10; ++k) bomb += "%p" + std::to_string(i - 1) + ";";
        bomb += "\">\n";
    }
    bomb += "<!ENTITY big \"%p11;\">\n]>\n";
    write_file(batch.in() / "pe-bomb.xml", nitf(bomb, "PE bomb &big;", "<p>x</p>"));
    batch.add_good();

    auto r = batch.convert({batch.in()}, "pdf,epub,print,json");
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_NE(r.err.find("pe.xml:3:12: warning: external parameter entity %ext; (file://" +
                         (batch.root() / "secret.dtd").string() +
                         ") not loaded: galley never reads external entities"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("galley: " + (batch.in() / "pe-bomb.xml").string() + ":4:"), std::string::npos)
        << r.err;
    EXPECT_NE(lines_with(r.err, "pe-bomb.xml").find("PEReferences forbidden in internal subset"),
              std::string::npos)
        << r.err;
    EXPECT_FALSE(fs::exists(batch.out() / "pe-bomb.json"));
    EXPECT_EQ((everything_readable(batch.out()) + r.err).find(kMarker), std::string::npos);
    expect_good_outputs(batch.out(), "pe", kAllFormats, "Parameter declared inside");
    expect_good_outputs(batch.out(), "good", kAllFormats);
    // The undeclared &leak; is reported where it is used and left out.
    EXPECT_NE(r.err.find("undeclared entity &leak;"), std::string::npos) << r.err;
}

TEST(HostileXml, EntityExpansionBombsAreRefused) {
    Batch batch;
    // Billion laughs: ten levels of ten references, 10^9 "lol"s.
    std::string laughs = "<!DOCTYPE nitf [\n<!ENTITY lol \"lol\">\n";
    for (int i = 1; i <= 9; ++i) {
        std::string prev = i == 1 ? "lol" : "lol" + std::to_string(i - 1);
        laughs += "<!ENTITY lol" + std::to_string(i) + " \"";
        for (int k = 0; k < 10; ++k) laughs += "&" + prev + ";";
        laughs += "\">\n";
    }
    laughs += "]>\n";
    write_file(batch.in() / "laughs.xml", nitf(laughs, "Laughs", "<p>&lol9;</p>"));
    // Quadratic blow-up: one 100 KB entity referenced 20,000 times (2 GB expanded).
    std::string quadratic = "<!DOCTYPE nitf [\n<!ENTITY a \"" + std::string(100000, 'a') + "\">\n]>\n";
    std::string refs;
    for (int i = 0; i < 20000; ++i) refs += "&a;";
    write_file(batch.in() / "quadratic.xml", nitf(quadratic, "Quadratic", "<p>" + refs + "</p>"));
    batch.add_good();

    auto r = batch.convert({batch.in()}, "pdf,epub,print,json");
    EXPECT_EQ(r.status, 1) << r.err;
    const std::string laughs_error = lines_with(r.err, "laughs.xml");
    EXPECT_TRUE(laughs_error.starts_with("galley: " + (batch.in() / "laughs.xml").string() + ":15:24:"))
        << r.err;
    EXPECT_NE(laughs_error.find("entity expansion refused"), std::string::npos) << r.err;
    const std::string quadratic_error = lines_with(r.err, "quadratic.xml");
    EXPECT_EQ(quadratic_error, "galley: " + (batch.in() / "quadratic.xml").string() +
                                   ":6: entity expansion exceeds 1 MiB; refused\n")
        << r.err;
    EXPECT_EQ(listing(batch.out()).size(), 4u) << "only the good article's outputs";
    expect_good_outputs(batch.out(), "good", kAllFormats);
}

TEST(HostileXml, HundredThousandLevelsOfNesting) {
    Batch batch;
    const int depth = 100000;
    std::string open, close;
    for (int i = 0; i < depth; ++i) {
        open += "<div>";
        close += "</div>";
    }
    write_file(batch.in() / "deep.xml", nitf("", "Deep", open + "<p>x</p>" + close));
    batch.add_good();

    auto r = batch.convert({batch.in()}, "pdf,epub,print,json");
    EXPECT_EQ(r.status, 1) << r.err;
    // libxml2 stops at 256 levels, at the element that goes past them (line 3 of the file).
    const std::string error = lines_with(r.err, "deep.xml");
    EXPECT_TRUE(error.starts_with("galley: " + (batch.in() / "deep.xml").string() + ":3:")) << r.err;
    EXPECT_NE(error.find("elements nested deeper than 256 levels"), std::string::npos) << r.err;
    expect_good_outputs(batch.out(), "good", kAllFormats);
}

TEST(HostileXml, FiftyMegabyteDocuments) {
    Batch batch;
    // 50 MB of running text: read (about a second), then refused by the article text limit.
    {
        std::string para = "<p>";
        for (int i = 0; i < 15; ++i) para += "The quick brown fox jumps over the lazy dog near the river. ";
        para += "</p>\n";
        std::string doc = nitf("", "Fifty megabytes of text", "");
        std::string body;
        body.reserve(50u << 20);
        while (body.size() < (50u << 20)) body += para;
        doc.insert(doc.find("</body.content>"), body);
        write_file(batch.in() / "big-text.xml", doc);
    }
    // 50 MB of markup around a short article (comments of 1 MB, as a CMS export may carry):
    // converted.
    {
        std::string doc = nitf("", "Fifty megabytes of markup", "<p>Short text.</p>");
        std::string comments;
        for (int i = 0; i < 50; ++i) comments += "<!-- " + std::string(1u << 20, 'x') + " -->\n";
        doc.insert(doc.find("<nitf>"), comments);
        write_file(batch.in() / "big-markup.xml", doc);
    }
    // One 50 MB comment: past libxml2's limit for one text or comment (10 MB), refused.
    {
        std::string doc = nitf("", "One big comment", "<p>Short text.</p>");
        doc.insert(doc.find("<nitf>"), "<!-- " + std::string(50u << 20, 'x') + " -->\n");
        write_file(batch.in() / "big-comment.xml", doc);
    }
    // Past the file size limit (a sparse file): refused before reading.
    {
        write_file(batch.in() / "huge.xml", "<nitf/>");
        fs::resize_file(batch.in() / "huge.xml", 65u << 20);
    }
    batch.add_good();

    auto r = batch.convert({batch.in()}, "pdf,epub,print,json");
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_NE(r.err.find("galley: " + (batch.in() / "big-text.xml").string() +
                         ": the article holds more than 2 MiB of text; galley converts articles "
                         "of at most 2 MiB of text"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("galley: " + (batch.in() / "huge.xml").string() +
                         ": the file is 65.0 MiB; galley reads article files of at most 64 MiB"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("galley: " + (batch.in() / "big-comment.xml").string() +
                         ":2:52428807: XML exceeds a parser limit (one text, comment or name of "
                         "more than 10 MB): Comment too big found"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("2 converted, 3 failed"), std::string::npos) << r.err;
    expect_good_outputs(batch.out(), "big-markup", kAllFormats, "Fifty megabytes of markup");
    expect_good_outputs(batch.out(), "good", kAllFormats);
    EXPECT_EQ(listing(batch.out()).size(), 8u);
}

TEST(HostileXml, UndeclaredEncodingWithHighBytesIsAnErrorWithItsLine) {
    Batch batch;
    // Latin-1 bytes (é, ï) without an encoding declaration, with and without <?xml?>: XML is
    // then UTF-8, and these bytes are not.
    const std::string body = "<nitf><body><body.head><hedline><hl1>Caf\xE9</hl1></hedline></body.head>\n"
                             "<body.content><p>Na\xEFve</p></body.content></body></nitf>\n";
    write_file(batch.in() / "no-declaration.xml", body);
    write_file(batch.in() / "no-encoding.xml", "<?xml version=\"1.0\"?>\n" + body);
    // The same bytes declared as ISO-8859-1 are read as they are meant.
    write_file(batch.in() / "declared.xml", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n" + body);
    batch.add_good();

    auto r = batch.convert({batch.in()}, "pdf,epub,print,json");
    EXPECT_EQ(r.status, 1) << r.err;
    for (const auto& [name, line] : {std::pair{"no-declaration.xml", 1}, std::pair{"no-encoding.xml", 2}}) {
        const std::string error = lines_with(r.err, name);
        EXPECT_TRUE(error.starts_with("galley: " + (batch.in() / name).string() + ":" +
                                      std::to_string(line) + ":"))
            << r.err;
        EXPECT_NE(error.find("XML encoding error"), std::string::npos) << r.err;
        EXPECT_NE(error.find("0xE9"), std::string::npos) << r.err;
    }
    expect_good_outputs(batch.out(), "declared", kAllFormats, "Caf\xC3\xA9");
    expect_good_outputs(batch.out(), "good", kAllFormats);
    expect_valid_utf8_outputs(batch.out());
    EXPECT_EQ(listing(batch.out()).size(), 8u);
}

TEST(HostileXml, Utf16WithAndWithoutAByteOrderMark) {
    Batch batch;
    const std::u16string doc =
        u"<?xml version=\"1.0\"?>\n<nitf><body><body.head><hedline><hl1>UTF-16 \u00E9t\u00E9</hl1>"
        u"</hedline></body.head><body.content><p>Text \u0416.</p></body.content></body></nitf>\n";
    auto encode = [&](bool big_endian, bool bom) {
        std::string out;
        auto put = [&](char16_t c) {
            char hi = static_cast<char>(c >> 8), lo = static_cast<char>(c & 0xFF);
            out += big_endian ? hi : lo;
            out += big_endian ? lo : hi;
        };
        if (bom) put(u'\uFEFF');
        for (char16_t c : doc) put(c);
        return out;
    };
    write_file(batch.in() / "le-bom.xml", encode(false, true));
    write_file(batch.in() / "be-bom.xml", encode(true, true));
    write_file(batch.in() / "le.xml", encode(false, false));
    write_file(batch.in() / "be.xml", encode(true, false));
    batch.add_good();

    auto r = batch.convert({batch.in()}, "pdf,epub,print,json");
    EXPECT_EQ(r.status, 0) << r.err;
    for (const char* stem : {"le-bom", "be-bom", "le", "be"}) {
        expect_good_outputs(batch.out(), stem, kAllFormats, "UTF-16 \xC3\xA9t\xC3\xA9");
        auto j = nlohmann::json::parse(read_file(batch.out() / (std::string(stem) + ".json")));
        EXPECT_EQ(j["blocks"][0]["content"][0], "Text \xD0\x96.") << stem;
    }
    expect_valid_utf8_outputs(batch.out());
}
