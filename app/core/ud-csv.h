/* ud-csv.h — reading CSV files as Chinese offices receive them
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  UD_CSV_ENCODING_UTF8,
  UD_CSV_ENCODING_UTF8_BOM,
  UD_CSV_ENCODING_GB18030,   /* GBK files are read as GB18030, its superset */
  UD_CSV_ENCODING_UTF16,     /* UTF-16 LE or BE with BOM ("Unicode text" from Excel: LE, tabs) */
} UdCsvEncoding;

/* One record of the file: its fields (UTF-8, quotes removed) and the line it starts on
 * (1-based, the header is line 1; a quoted field with line breaks makes a record span lines). */
typedef struct
{
  guint   line;
  GStrv   fields;
  guint   n_fields;
} UdCsvRecord;

typedef struct _UdCsvReader UdCsvReader;

/* Opens @contents (the whole file, @length bytes; not copied, must outlive the reader).
 * Detects the encoding (BOM, valid UTF-8, else GB18030; UTF-16 by its BOM) and the separator
 * from the header line (tab when it has tabs and no commas, and for UTF-16 unless it has commas
 * and no tabs; else ','); handles CRLF, LF and CR line ends, RFC 4180 quoting with doubled quotes,
 * quoted line breaks and fields of any length.
 * Returns NULL with UD_ERROR_ENCODING for a file that is not text (NUL bytes, not decodable),
 * naming the line where decoding failed. An empty file gives a reader with no records. */
UdCsvReader  *ud_csv_reader_new          (const char   *contents,
                                          gsize         length,
                                          GError      **error);

UdCsvEncoding ud_csv_reader_get_encoding (UdCsvReader  *reader);

/* The next record, or NULL at the end of the file (error unset) or on a malformed file
 * (error set: an unterminated quote names the line it opened on; later calls return NULL).
 * The record is owned by the reader and valid until the next call; fields is NULL-terminated
 * and never trimmed. Empty lines are skipped; a line of separators only is a record of empty
 * fields, and a trailing separator gives an empty last field. */
const UdCsvRecord *ud_csv_reader_next    (UdCsvReader  *reader,
                                          GError      **error);

/* Fraction of the input consumed, 0.0–1.0, for progress bars. */
double        ud_csv_reader_get_progress (UdCsvReader  *reader);

void          ud_csv_reader_free         (UdCsvReader  *reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdCsvReader, ud_csv_reader_free)

/* Writing: appends one CSV record to @out, comma-separated, with CRLF, quoting fields that need
 * it (comma, quote, CR, LF, leading/trailing space). @n_fields is -1 when @fields is
 * NULL-terminated; a NULL field is written empty. A record of one empty field is written as ""
 * so that it does not read back as a blank line. */
void          ud_csv_append_record       (GString            *out,
                                          const char * const *fields,
                                          gssize              n_fields);

/* TRUE when Excel would mangle @value on opening a CSV (a number of 12 or more digits, which it
 * shows in scientific notation, or digits with a leading zero, which it drops; either optionally
 * after a '+', as in +8613800000000). Exports write such values with a leading tab, which Excel
 * keeps as text and our import trims. */
gboolean      ud_csv_excel_would_mangle  (const char         *value);

G_END_DECLS
