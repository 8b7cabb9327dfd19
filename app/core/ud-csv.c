/* ud-csv.c — reading CSV files as Chinese offices receive them
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-csv"

#include <string.h>

#include "ud-csv.h"
#include "ud-error.h"
#include "ud-i18n.h"

struct _UdCsvReader
{
  UdCsvEncoding  encoding;
  char           separator;

  char          *decoded;   /* owned: the input converted to UTF-8, or NULL when it already was */
  const char    *text;      /* borrowed: UTF-8 text after any BOM (from decoded or the input) */
  gsize          length;    /* bytes in text */
  gsize          pos;       /* next byte of text to read */
  guint          line;      /* line of text[pos], 1-based */

  GPtrArray     *fields;    /* owned: char *, NULL-terminated; the fields of record */
  GString       *scratch;   /* owned: builds quoted fields */
  UdCsvRecord    record;    /* fields borrowed from the fields array */
};

static const guint8 utf8_bom[] = { 0xEF, 0xBB, 0xBF };

/* The 1-based line that byte @offset of @data is on; CRLF, LF and a lone CR each end a line. */
static guint
line_at_offset (const char *data,
                gsize       offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    {
      if (data[i] == '\n')
        line++;
      else if (data[i] == '\r' && (i + 1 >= offset || data[i + 1] != '\n'))
        line++;
    }

  return line;
}

/* The same for UTF-16 input of either byte order, @offset in bytes. */
static guint
line_at_offset_utf16 (const char *data,
                      gsize       offset,
                      gboolean    big_endian)
{
  const guint8 *bytes = (const guint8 *) data;
  guint line = 1;

  for (gsize i = 0; i + 1 < offset; i += 2)
    {
      guint unit = big_endian ? (bytes[i] << 8 | bytes[i + 1]) : (bytes[i + 1] << 8 | bytes[i]);
      guint next = 0;

      if (i + 3 < offset)
        next = big_endian ? (bytes[i + 2] << 8 | bytes[i + 3]) : (bytes[i + 3] << 8 | bytes[i + 2]);

      if (unit == '\n' || (unit == '\r' && next != '\n'))
        line++;
    }

  return line;
}

static gboolean
check_no_nul (const char  *data,
              gsize        length,
              GError     **error)
{
  const char *nul = length > 0 ? memchr (data, '\0', length) : NULL;

  if (nul != NULL)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_ENCODING,
                   _("Line %u: not a text file (it contains NUL bytes)"),
                   line_at_offset (data, nul - data));
      return FALSE;
    }

  return TRUE;
}

/* Converts @length bytes of @data from @charset into a new UTF-8 string (its length in
 * @out_length), or fails naming the line of the first byte that cannot be converted. */
static char *
convert_to_utf8 (const char  *data,
                 gsize        length,
                 const char  *charset,
                 gboolean     utf16_big_endian,
                 gsize       *out_length,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean utf16 = g_str_has_prefix (charset, "UTF-16");
  gsize bytes_read = 0;
  char *converted;
  guint line;

  converted = g_convert (data, length, "UTF-8", charset, &bytes_read, out_length, &local_error);
  /* With bytes_read given, g_convert() reports a character cut off by the end of the input
   * only there: the file is truncated. */
  if (converted != NULL && bytes_read == length)
    return converted;

  g_clear_pointer (&converted, g_free);
  if (local_error != NULL &&
      !g_error_matches (local_error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE) &&
      !g_error_matches (local_error, G_CONVERT_ERROR, G_CONVERT_ERROR_PARTIAL_INPUT))
    {
      g_set_error (error, UD_ERROR, UD_ERROR_ENCODING,
                   _("Cannot convert the file from %s: %s"), charset, local_error->message);
      return NULL;
    }

  bytes_read = MIN (bytes_read, length);
  if (utf16)
    {
      line = line_at_offset_utf16 (data, bytes_read, utf16_big_endian);
      g_set_error (error, UD_ERROR, UD_ERROR_ENCODING,
                   _("Line %u: the file is marked as UTF-16 but its text is damaged"), line);
    }
  else
    {
      line = line_at_offset (data, bytes_read);
      g_set_error (error, UD_ERROR, UD_ERROR_ENCODING,
                   _("Line %u: the file is neither UTF-8 nor GBK/GB18030 text"), line);
    }

  return NULL;
}

/* Finds the separator from the first non-blank record: tab when it has tabs and no commas,
 * and for UTF-16 ("Unicode text" from Excel) unless it has commas and no tabs; else comma. */
static char
detect_separator (const char    *text,
                  gsize          length,
                  UdCsvEncoding  encoding)
{
  gboolean has_comma = FALSE;
  gboolean has_tab = FALSE;
  gboolean in_quotes = FALSE;
  gsize i = 0;

  while (i < length && (text[i] == '\r' || text[i] == '\n'))
    i++;

  for (; i < length; i++)
    {
      char c = text[i];

      if (c == '"')
        in_quotes = !in_quotes;
      else if (in_quotes)
        continue;
      else if (c == '\r' || c == '\n')
        break;
      else if (c == ',')
        has_comma = TRUE;
      else if (c == '\t')
        has_tab = TRUE;
    }

  if (has_tab && !has_comma)
    return '\t';
  if (encoding == UD_CSV_ENCODING_UTF16 && (has_tab || !has_comma))
    return '\t';
  return ',';
}

UdCsvReader *
ud_csv_reader_new (const char  *contents,
                   gsize        length,
                   GError     **error)
{
  g_autoptr(UdCsvReader) reader = NULL;
  const guint8 *bytes = (const guint8 *) contents;

  g_return_val_if_fail (contents != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = g_new0 (UdCsvReader, 1);
  reader->line = 1;
  reader->fields = g_ptr_array_new_null_terminated (16, g_free, TRUE);
  reader->scratch = g_string_new (NULL);

  if (length >= 2 &&
      ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
    {
      gboolean big_endian = bytes[0] == 0xFE;

      reader->encoding = UD_CSV_ENCODING_UTF16;
      reader->decoded = convert_to_utf8 (contents + 2, length - 2,
                                         big_endian ? "UTF-16BE" : "UTF-16LE", big_endian,
                                         &reader->length, error);
      if (reader->decoded == NULL)
        return NULL;
      /* U+0000 is valid UTF-16 but no text file has it; the fields could not hold it. */
      if (!check_no_nul (reader->decoded, reader->length, error))
        return NULL;
      reader->text = reader->decoded;
    }
  else if (length >= 3 && memcmp (bytes, utf8_bom, 3) == 0)
    {
      const char *end = NULL;

      reader->encoding = UD_CSV_ENCODING_UTF8_BOM;
      if (!check_no_nul (contents, length, error))
        return NULL;
      if (!g_utf8_validate_len (contents + 3, length - 3, &end))
        {
          g_set_error (error, UD_ERROR, UD_ERROR_ENCODING,
                       _("Line %u: the file is marked as UTF-8 but its text is not valid UTF-8"),
                       line_at_offset (contents, end - contents));
          return NULL;
        }
      reader->text = contents + 3;
      reader->length = length - 3;
    }
  else
    {
      if (!check_no_nul (contents, length, error))
        return NULL;

      if (length == 0 || g_utf8_validate_len (contents, length, NULL))
        {
          reader->encoding = UD_CSV_ENCODING_UTF8;
          reader->text = length > 0 ? contents : "";
          reader->length = length;
        }
      else
        {
          reader->encoding = UD_CSV_ENCODING_GB18030;
          reader->decoded = convert_to_utf8 (contents, length, "GB18030", FALSE,
                                             &reader->length, error);
          if (reader->decoded == NULL)
            return NULL;
          reader->text = reader->decoded;
        }
    }

  /* A BOM inside converted text (GB18030 has one too) is not part of the first field. */
  if (reader->length >= 3 && memcmp (reader->text, utf8_bom, 3) == 0)
    {
      reader->text += 3;
      reader->length -= 3;
    }

  reader->separator = detect_separator (reader->text, reader->length, reader->encoding);

  return g_steal_pointer (&reader);
}

UdCsvEncoding
ud_csv_reader_get_encoding (UdCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, UD_CSV_ENCODING_UTF8);

  return reader->encoding;
}

/* Consumes the line end at reader->pos, if any; TRUE when there was one. */
static gboolean
skip_line_end (UdCsvReader *reader)
{
  if (reader->pos >= reader->length)
    return FALSE;

  if (reader->text[reader->pos] == '\n')
    {
      reader->pos++;
    }
  else if (reader->text[reader->pos] == '\r')
    {
      reader->pos++;
      if (reader->pos < reader->length && reader->text[reader->pos] == '\n')
        reader->pos++;
    }
  else
    {
      return FALSE;
    }

  reader->line++;
  return TRUE;
}

/* Length of the unquoted run at @start: up to a separator, a line end or the end. */
static gsize
unquoted_run (UdCsvReader *reader,
              gsize        start)
{
  const char *text = reader->text;
  char separator = reader->separator;
  gsize i;

  for (i = start; i < reader->length; i++)
    {
      char c = text[i];

      if (c == separator || c == '\n' || c == '\r')
        break;
    }

  return i - start;
}

/* Reads a quoted field starting at the opening quote into reader->scratch. */
static gboolean
read_quoted_field (UdCsvReader  *reader,
                   GError      **error)
{
  const char *text = reader->text;
  guint opened_on = reader->line;
  gsize run;

  g_assert (text[reader->pos] == '"');
  reader->pos++;

  for (;;)
    {
      const char *quote = memchr (text + reader->pos, '"', reader->length - reader->pos);
      gsize chunk_end;

      if (quote == NULL)
        {
          reader->pos = reader->length;
          g_set_error (error, UD_ERROR, UD_ERROR_FILE_FORMAT,
                       _("Line %u: a quoted field is never closed (a quote mark is missing)"),
                       opened_on);
          return FALSE;
        }

      chunk_end = quote - text;
      g_string_append_len (reader->scratch, text + reader->pos, chunk_end - reader->pos);
      reader->line += line_at_offset (text + reader->pos, chunk_end - reader->pos) - 1;
      reader->pos = chunk_end + 1;

      if (reader->pos < reader->length && text[reader->pos] == '"')
        {
          g_string_append_c (reader->scratch, '"');
          reader->pos++;
        }
      else
        {
          break;
        }
    }

  /* Text between the closing quote and the separator, as in "a"b: kept as Excel keeps it. */
  run = unquoted_run (reader, reader->pos);
  g_string_append_len (reader->scratch, text + reader->pos, run);
  reader->pos += run;

  return TRUE;
}

const UdCsvRecord *
ud_csv_reader_next (UdCsvReader  *reader,
                    GError      **error)
{
  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_ptr_array_set_size (reader->fields, 0);
  reader->record.fields = NULL;
  reader->record.n_fields = 0;
  reader->record.line = 0;

  /* Blank lines */
  while (skip_line_end (reader))
    ;

  if (reader->pos >= reader->length)
    return NULL;

  reader->record.line = reader->line;

  for (;;)
    {
      if (reader->text[reader->pos] == '"')
        {
          g_string_truncate (reader->scratch, 0);
          if (!read_quoted_field (reader, error))
            {
              g_ptr_array_set_size (reader->fields, 0);
              return NULL;
            }
          g_ptr_array_add (reader->fields, g_strndup (reader->scratch->str, reader->scratch->len));
        }
      else
        {
          gsize run = unquoted_run (reader, reader->pos);

          g_ptr_array_add (reader->fields, g_strndup (reader->text + reader->pos, run));
          reader->pos += run;
        }

      if (reader->pos < reader->length && reader->text[reader->pos] == reader->separator)
        {
          /* A separator is always followed by a field, empty at a line end or the end. */
          reader->pos++;
          if (reader->pos >= reader->length)
            {
              g_ptr_array_add (reader->fields, g_strdup (""));
              break;
            }
          continue;
        }

      skip_line_end (reader);
      break;
    }

  reader->record.fields = (GStrv) reader->fields->pdata;
  reader->record.n_fields = reader->fields->len;

  return &reader->record;
}

double
ud_csv_reader_get_progress (UdCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0.0);

  if (reader->length == 0)
    return 1.0;

  return (double) reader->pos / (double) reader->length;
}

void
ud_csv_reader_free (UdCsvReader *reader)
{
  if (reader == NULL)
    return;

  g_clear_pointer (&reader->fields, g_ptr_array_unref);
  if (reader->scratch != NULL)
    g_string_free (reader->scratch, TRUE);
  g_clear_pointer (&reader->decoded, g_free);
  g_free (reader);
}

static gboolean
field_needs_quotes (const char *field,
                    gsize       length)
{
  if (length == 0)
    return FALSE;

  if (field[0] == ' ' || field[length - 1] == ' ')
    return TRUE;

  return strpbrk (field, ",\"\r\n") != NULL;
}

void
ud_csv_append_record (GString            *out,
                      const char * const *fields,
                      gssize              n_fields)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (fields != NULL || n_fields == 0);

  if (n_fields < 0)
    n_fields = g_strv_length ((char **) fields);

  for (gssize i = 0; i < n_fields; i++)
    {
      const char *field = fields[i] != NULL ? fields[i] : "";
      gsize length = strlen (field);

      if (i > 0)
        g_string_append_c (out, ',');

      if (n_fields == 1 && length == 0)
        {
          /* Unquoted it would be a blank line, which readers skip. */
          g_string_append (out, "\"\"");
        }
      else if (field_needs_quotes (field, length))
        {
          const char *p = field;
          const char *quote;

          g_string_append_c (out, '"');
          while ((quote = strchr (p, '"')) != NULL)
            {
              g_string_append_len (out, p, quote - p + 1);
              g_string_append_c (out, '"');
              p = quote + 1;
            }
          g_string_append (out, p);
          g_string_append_c (out, '"');
        }
      else
        {
          g_string_append_len (out, field, length);
        }
    }

  g_string_append (out, "\r\n");
}

gboolean
ud_csv_excel_would_mangle (const char *value)
{
  gsize n_digits = 0;
  const char *digits;

  g_return_val_if_fail (value != NULL, FALSE);

  /* Excel reads "+8613800000000" as a number too. */
  digits = value[0] == '+' ? value + 1 : value;

  for (const char *p = digits; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      n_digits++;
    }

  if (n_digits >= 12)
    return TRUE;

  return n_digits >= 2 && digits[0] == '0';
}
