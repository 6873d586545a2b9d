/* catcheck: the findings of iqcat --check (SPEC §1): duplicate URLs across
 * documents, empty sections, items without a link, links with no text or no
 * destination.
 *
 * Used by lib/catalogue, which finds the facts as it parses; this module
 * words them, remembers every URL across documents, and hands a document's
 * findings on sorted by line when the document ends.  The URL table is keyed
 * by strangers' text, so it hashes with XXH3 under a seed; no seed changes
 * any output. */
#ifndef IQ_CATCHECK_H
#define IQ_CATCHECK_H

#include <stddef.h>
#include <stdint.h>

/* A finding: file is the document's name, message is borrowed for the call
 * (the same type as catalogue_warning_fn). */
typedef void (*catcheck_report_fn)(const char *file, unsigned long line,
				   const char *message, void *userdata);

struct catcheck;

/* A new, empty checker hashing URLs under seed (set_process_seed() in a
 * program, a fixed one in tests).  Free it with catcheck_free. */
struct catcheck *catcheck_new(uint64_t seed);
void catcheck_free(struct catcheck *k);

/* A document named file (copied; valid UTF-8) begins: duplicates found
 * from now on point at it. */
void catcheck_begin(struct catcheck *k, const char *file);

/* A link record at line: url (len bytes, borrowed) is looked up among
 * every URL seen since catcheck_new; has_text and has_image tell whether
 * the link's text is empty ("link with empty text" unless an image is in
 * it). */
void catcheck_link(struct catcheck *k, unsigned long line, const char *url, size_t len,
		   int has_text, int has_image);

/* A section with no record in it or below it; title is its heading's text. */
void catcheck_empty_section(struct catcheck *k, unsigned long line, const char *title);

/* A list item with neither a link nor a question; topic is its topic text. */
void catcheck_unlinked_item(struct catcheck *k, unsigned long line, const char *topic);

/* Report the document's findings to report, sorted by line (findings of
 * one line in the order they were found), and forget them. */
void catcheck_end(struct catcheck *k, catcheck_report_fn report, void *userdata);

/* Slots of the URL table examined by every lookup so far (at least one a
 * lookup): for tests, which hold it near one a lookup on crafted URLs. */
unsigned long long catcheck_probes(const struct catcheck *k);

#endif
