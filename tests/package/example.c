/* Reads an article and converts it to EPUB with galley's C API.
 * Usage: example_c ARTICLE   (prints the version, the headline and the EPUB's size) */
#include <galley/galley.h>

#include <stdio.h>
#include <string.h>

int main(int argc, char** argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: example_c ARTICLE\n");
        return 2;
    }
    printf("galley %s\n", galley_version());
    galley_article* article = galley_article_from_path(argv[1], NULL);
    if (!article) {
        fprintf(stderr, "example_c: %s\n", galley_last_error());
        return galley_last_error_code();
    }
    printf("headline: %s\n", galley_article_headline(article));
    unsigned char* epub = NULL;
    size_t size = 0;
    int status = galley_convert(article, "epub", NULL, &epub, &size);
    if (status != GALLEY_OK) {
        fprintf(stderr, "example_c: %s\n", galley_last_error());
    } else {
        int ok = size > 58 && memcmp(epub + 30, "mimetypeapplication/epub+zip", 28) == 0;
        printf("epub: %zu bytes, mimetype %s\n", size, ok ? "ok" : "missing");
        if (!ok) status = 1;
    }
    galley_free(epub);
    galley_article_free(article);
    return status;
}
