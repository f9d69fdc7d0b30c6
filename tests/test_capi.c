/* The C API (galley.h), called from C as a Python, PHP or Node binding would: articles from
 * bytes and from paths, conversions into buffers, the last error and warnings, per thread. */
#include "galley/galley.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failures = 0;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: CHECK failed: %s (last error: %s)\n", __FILE__, __LINE__,      \
                    #cond, galley_last_error());                                                   \
            ++failures;                                                                            \
        }                                                                                          \
    } while (0)

static const char* sample(const char* name) {
    static char path[4096];
    snprintf(path, sizeof path, "%s/samples/%s", GALLEY_SOURCE_DIR, name);
    return path;
}

/* The whole file, malloc'ed; its size in *size. */
static char* slurp(const char* path, size_t* size) {
    FILE* f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char* data = malloc(n > 0 ? (size_t)n : 1);
    *size = fread(data, 1, (size_t)n, f);
    fclose(f);
    return data;
}

/* Whether `needle` occurs in the `size` bytes at `data`. */
static int contains(const unsigned char* data, size_t size, const char* needle) {
    size_t n = strlen(needle);
    for (size_t i = 0; n <= size && i <= size - n; ++i)
        if (memcmp(data + i, needle, n) == 0) return 1;
    return 0;
}

static void test_version(void) {
    CHECK(strcmp(galley_version(), GALLEY_EXPECTED_VERSION) == 0);
}

static void test_from_bytes_to_json(void) {
    size_t size = 0;
    char* text = slurp(sample("steppe-rail-link.txt"), &size);
    CHECK(text != NULL);
    galley_article* a = galley_article_from_bytes(text, size, "steppe-rail-link.txt", NULL);
    free(text);
    CHECK(a != NULL);
    if (!a) return;
    CHECK(strcmp(galley_last_error(), "") == 0);
    CHECK(galley_last_error_code() == GALLEY_OK);
    CHECK(strcmp(galley_article_headline(a),
                 "Steppe Rail Link Opens, Cutting Days Off Freight Runs From Pavlodar") == 0);

    unsigned char* out = NULL;
    size_t out_size = 0;
    CHECK(galley_convert(a, "json", NULL, &out, &out_size) == GALLEY_OK);
    CHECK(out != NULL && out_size > 100);
    if (out) {
        CHECK(out[0] == '{' && out[out_size - 1] == '\n');
        CHECK(contains(out, out_size, "\"galley\": \"1."));
        CHECK(contains(out, out_size, "Steppe Rail Link Opens"));
        /* Non-ASCII text comes through as UTF-8. */
        CHECK(contains(out, out_size, "Zhanar T\xC3\xB6legenova"));
    }
    galley_free(out);
    galley_article_free(a);
}

static void test_from_path_to_epub(void) {
    galley_article* a = galley_article_from_path(sample("almaty-library.md"), NULL);
    CHECK(a != NULL);
    if (!a) return;
    unsigned char* out = NULL;
    size_t out_size = 0;
    CHECK(galley_convert(a, "epub", "press-release", &out, &out_size) == GALLEY_OK);
    CHECK(out != NULL && out_size > 1000);
    if (out && out_size > 60) {
        /* A ZIP whose first entry is the stored mimetype. */
        CHECK(memcmp(out, "PK\x03\x04", 4) == 0);
        CHECK(memcmp(out + 30, "mimetypeapplication/epub+zip", 28) == 0);
        CHECK(contains(out, out_size, "OEBPS/content.opf"));
        /* The photo, found relative to the article's path. */
        CHECK(contains(out, out_size, "library-reading-room.jpg"));
    }
    galley_free(out);

    /* The same article as a JSON model, with the format named. */
    out = NULL;
    CHECK(galley_convert(a, "json", NULL, &out, &out_size) == GALLEY_OK);
    CHECK(out && contains(out, out_size, "\"language\": \"kk\""));
    galley_free(out);
    galley_article_free(a);
}

static void test_pages(void) {
    galley_article* a = galley_article_from_path(sample("steppe-rail-link.txt"), "wire");
    CHECK(a != NULL);
    if (!a) return;
    unsigned char* out = NULL;
    size_t out_size = 0;
    int pages = 0;
    CHECK(galley_convert_page(a, "svg", NULL, 1, &out, &out_size, &pages) == GALLEY_OK);
    CHECK(pages >= 1);
    CHECK(out && contains(out, out_size, "<svg"));
    galley_free(out);

    out = NULL;
    CHECK(galley_convert_page(a, "svg", NULL, pages + 1, &out, &out_size, &pages) ==
          GALLEY_STATUS_USAGE);
    CHECK(out == NULL && out_size == 0 && pages >= 1);
    CHECK(strstr(galley_last_error(), "page") != NULL);
    CHECK(galley_convert_page(a, "json", NULL, 2, &out, &out_size, NULL) == GALLEY_STATUS_USAGE);
    galley_article_free(a);
}

static void test_errors(void) {
    /* Invalid UTF-8 on line 3: FILE:LINE:COL, an input status, the kind. */
    const char bad[] = "Headline\n\nA caf\xC3( that is not UTF-8.\n";
    galley_article* a = galley_article_from_bytes(bad, sizeof bad - 1, "bad.txt", NULL);
    CHECK(a == NULL);
    CHECK(strncmp(galley_last_error(), "bad.txt:3:", 10) == 0);
    CHECK(galley_last_error_code() == GALLEY_STATUS_INPUT);
    CHECK(strcmp(galley_last_error_kind(), "encoding") == 0);

    CHECK(galley_article_from_bytes("", 0, "empty.txt", NULL) == NULL);
    CHECK(galley_last_error_code() == GALLEY_STATUS_INPUT);
    CHECK(strcmp(galley_last_error_kind(), "empty-input") == 0);

    CHECK(galley_article_from_path("/nonexistent/story.txt", NULL) == NULL);
    CHECK(galley_last_error_code() == GALLEY_STATUS_INPUT);
    CHECK(strstr(galley_last_error(), "/nonexistent/story.txt") != NULL);

    CHECK(galley_article_from_bytes("Headline\n", 9, NULL, "docx") == NULL);
    CHECK(galley_last_error_code() == GALLEY_STATUS_USAGE);
    CHECK(galley_article_from_path(NULL, NULL) == NULL);
    CHECK(galley_last_error_code() == GALLEY_STATUS_USAGE);

    a = galley_article_from_bytes("Headline\n\nBody.\n", 16, NULL, NULL);
    CHECK(a != NULL);
    CHECK(strcmp(galley_last_error(), "") == 0); /* a success clears the error */
    unsigned char* out = (unsigned char*)"untouched";
    size_t out_size = 7;
    CHECK(galley_convert(a, "docx", NULL, &out, &out_size) == GALLEY_STATUS_USAGE);
    CHECK(out == NULL && out_size == 0);
    CHECK(strstr(galley_last_error(), "docx") != NULL);
    CHECK(strcmp(galley_last_error_kind(), "usage") == 0);
    CHECK(galley_convert(a, "epub", "no-such-style", &out, &out_size) == GALLEY_STATUS_USAGE);
    CHECK(galley_convert(a, "epub", "/nonexistent/style.css", &out, &out_size) ==
          GALLEY_STATUS_INPUT);
    CHECK(galley_convert(NULL, "json", NULL, &out, &out_size) == GALLEY_STATUS_USAGE);
    CHECK(galley_convert(a, "json", NULL, NULL, NULL) == GALLEY_STATUS_USAGE);
    galley_article_free(a);

    galley_free(NULL);
    galley_article_free(NULL);
}

static void test_warnings(void) {
    const char md[] = "---\ntitle: A title\nbogus: 1\n---\n\nBody text.\n";
    galley_article* a = galley_article_from_bytes(md, sizeof md - 1, "w.md", NULL);
    CHECK(a != NULL);
    if (!a) return;
    CHECK(galley_article_warning_count(a) >= 1);
    const char* w = galley_article_warning(a, 0);
    CHECK(w != NULL && strncmp(w, "w.md:3:", 7) == 0 && strstr(w, "warning:") != NULL);
    CHECK(galley_article_warning(a, galley_article_warning_count(a)) == NULL);

    /* A style sheet's warnings come with the conversion. */
    char css_path[64];
    snprintf(css_path, sizeof css_path, "./capi-style-%d.css", (int)getpid());
    FILE* f = fopen(css_path, "wb");
    CHECK(f != NULL);
    if (f) {
        fputs("p { colour: red; }\n", f);
        fclose(f);
    }
    unsigned char* out = NULL;
    size_t out_size = 0;
    CHECK(galley_convert(a, "epub", css_path, &out, &out_size) == GALLEY_OK);
    CHECK(galley_last_warning_count() >= 1);
    const char* w2 = galley_last_warning(0);
    CHECK(w2 && strstr(w2, css_path + 2) && strstr(w2, ".css:1:") && strstr(w2, "warning:"));
    CHECK(galley_last_warning(galley_last_warning_count()) == NULL);
    galley_free(out);
    remove(css_path);
    galley_article_free(a);
}

/* Each thread has its own last error; one article converts on many threads at once. */
static galley_article* shared_article;

static void* convert_on_thread(void* arg) {
    (void)arg;
    unsigned char* out = NULL;
    size_t out_size = 0;
    int ok = galley_convert(shared_article, "epub", NULL, &out, &out_size) == GALLEY_OK &&
             strcmp(galley_last_error(), "") == 0;
    galley_free(out);
    return ok ? arg : NULL;
}

static void test_threads(void) {
    shared_article = galley_article_from_path(sample("steppe-rail-link.txt"), NULL);
    CHECK(shared_article != NULL);
    if (!shared_article) return;
    CHECK(galley_article_from_path("/nonexistent/x.txt", NULL) == NULL); /* this thread's error */
    pthread_t threads[4];
    static int marker;
    for (int i = 0; i < 4; ++i) pthread_create(&threads[i], NULL, convert_on_thread, &marker);
    for (int i = 0; i < 4; ++i) {
        void* result = NULL;
        pthread_join(threads[i], &result);
        CHECK(result == &marker);
    }
    CHECK(strstr(galley_last_error(), "/nonexistent/x.txt") != NULL);
    galley_article_free(shared_article);
}

int main(void) {
    test_version();
    test_from_bytes_to_json();
    test_from_path_to_epub();
    test_pages();
    test_errors();
    test_warnings();
    test_threads();
    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("C API: all checks passed\n");
    return 0;
}
