/* Bench peer: md4c's own HTML renderer over one file, output to stdout. */
#include <md4c-html.h>
#include <stdio.h>
#include <stdlib.h>

static void write_out(const MD_CHAR *text, MD_SIZE size, void *userdata)
{
	fwrite(text, 1, size, userdata);
}

int main(int argc, char **argv)
{
	FILE *f = argc > 1 ? fopen(argv[1], "rb") : NULL;
	if (!f)
		return 2;
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	rewind(f);
	char *text = malloc((size_t)size + 1);
	if (!text || fread(text, 1, (size_t)size, f) != (size_t)size)
		return 2;
	return md_html(text, (MD_SIZE)size, write_out, stdout, MD_DIALECT_GITHUB, 0) ? 2 : 0;
}
